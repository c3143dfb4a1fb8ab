/*
 * markdown.c — Markdown of descriptions and comments as sanitised HTML,
 * the only producer of struct html_safe. cmark parses in its default, safe
 * mode (never CMARK_OPT_UNSAFE: raw HTML becomes a comment, dangerous URL
 * schemes are emptied) with UTF-8 validation; then this file walks the
 * AST, never the HTML output: links and images keep only http, https and
 * mailto targets (others lose the link and keep their text; images become
 * links, as pages load no outside images); in text outside links, issue
 * keys (PREFIX-n) and CVE ids become links to the issue only when the
 * service says the viewer may see it (svc_ref_visible,
 * svc_cve_issue_visible) — otherwise they stay plain text, with no title.
 * Reads untrusted text.
 */
#include "web/markdown.h"

#include <cmark.h>
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/limits.h"
#include "service/web_support.h"
#include "core/banned.h"

#define MD_OPTS (CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8)
#define MD_REFS_MAX 200      /* references turned into links in one text */
#define MD_NODES_MAX 100000  /* nodes looked at in one text */

struct html_safe {
	char *html;
	size_t len;
};

void
h_safe(struct buf *b, const struct html_safe *s)
{
	if (s)
		buf_add(b, s->html, s->len);
}

void
html_safe_free(struct html_safe *s)
{
	if (!s)
		return;
	free(s->html);
	free(s);
}

/* Is u an http, https or mailto URL? */
static bool
url_allowed(const char *u)
{
	return u && (strncasecmp(u, "http://", 7) == 0 || strncasecmp(u, "https://", 8) == 0 ||
		strncasecmp(u, "mailto:", 7) == 0);
}

/* Move node's children before it and remove it. */
static void
unwrap(cmark_node *node)
{
	cmark_node *c;

	while ((c = cmark_node_first_child(node)) != NULL) {
		cmark_node_unlink(c);
		cmark_node_insert_before(node, c);
	}
	cmark_node_unlink(node);
	cmark_node_free(node);
}

/* An image: a link to it when its URL is allowed, else its alt text. */
static void
image_to_link(cmark_node *img)
{
	const char *u = cmark_node_get_url(img);
	cmark_node *link, *c;

	if (!url_allowed(u) || !(link = cmark_node_new(CMARK_NODE_LINK))) {
		unwrap(img);
		return;
	}
	cmark_node_set_url(link, u);
	while ((c = cmark_node_first_child(img)) != NULL) {
		cmark_node_unlink(c);
		cmark_node_append_child(link, c);
	}
	cmark_node_insert_before(img, link);
	cmark_node_unlink(img);
	cmark_node_free(img);
}

static bool
inside_link(cmark_node *n)
{
	for (n = cmark_node_parent(n); n; n = cmark_node_parent(n))
		if (cmark_node_get_type(n) == CMARK_NODE_LINK)
			return true;
	return false;
}

/* Collect the nodes of doc of one type (at most max); SIZE_MAX when doc
 * has more than MD_NODES_MAX events, whose tail would go unchecked. */
static size_t
collect(cmark_node *doc, cmark_node_type type, cmark_node **out, size_t max)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev = CMARK_EVENT_NONE;
	bool whole = it != NULL;
	size_t n = 0, seen = 0;

	while (it && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE && n < max &&
	    seen++ < MD_NODES_MAX) {
		cmark_node *c = cmark_iter_get_node(it);

		if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(c) == type)
			out[n++] = c;
	}
	cmark_iter_free(it);
	return whole && ev == CMARK_EVENT_DONE ? n : SIZE_MAX;
}

static bool
word_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '-';
}

/* A reference at s (after a word boundary): its length and the issue URL
 * key in key, or 0 when it is none or the viewer may not see it. */
static size_t
reference(struct svc *svc, const char *s, char key[ISSUE_KEY_MAX])
{
	size_t pl = strlen(svc->prefix), n;
	char ref[48];

	if (pl && strncmp(s, svc->prefix, pl) == 0 && s[pl] == '-' &&
	    s[pl + 1] >= '1' && s[pl + 1] <= '9') {
		for (n = pl + 1; isdigit((unsigned char)s[n]) && n < pl + 13; n++)
			;
		if (word_char(s[n]) || n >= ISSUE_KEY_MAX)
			return 0;
		memcpy(key, s, n);
		key[n] = '\0';
		return svc_ref_visible(svc, key) ? n : 0;
	}
	if (strncmp(s, "CVE-", 4) == 0) {
		for (n = 4; n < 8 && isdigit((unsigned char)s[n]); n++)
			;
		if (n != 8 || s[8] != '-')
			return 0;
		for (n = 9; isdigit((unsigned char)s[n]) && n < 30; n++)
			;
		if (n < 13 || word_char(s[n]))
			return 0;
		memcpy(ref, s, n);
		ref[n] = '\0';
		return svc_cve_issue_visible(svc, ref, key) ? n : 0;
	}
	return 0;
}

/* Insert a text node holding [s, s+n) before node. */
static void
text_before(cmark_node *node, const char *s, size_t n)
{
	cmark_node *t;
	char *copy;

	if (n == 0 || !(t = cmark_node_new(CMARK_NODE_TEXT)))
		return;
	if ((copy = strndup(s, n)) != NULL) {
		cmark_node_set_literal(t, copy);
		free(copy);
	}
	cmark_node_insert_before(node, t);
}

/* Split one text node around its visible references; *budget counts the
 * references still allowed. */
static void
link_refs(struct svc *svc, cmark_node *text, size_t *budget)
{
	const char *lit = cmark_node_get_literal(text);
	char *s = lit ? strdup(lit) : NULL;
	const char *start;
	bool changed = false;

	if (!s)
		return;
	start = s;
	for (const char *p = s; *p && *budget; p++) {
		char key[ISSUE_KEY_MAX], url[ISSUE_KEY_MAX + 16];
		cmark_node *link, *label;
		size_t n;

		if ((p > s && word_char(p[-1])) || !(n = reference(svc, p, key)))
			continue;
		if (!(link = cmark_node_new(CMARK_NODE_LINK)))
			break;
		if (!(label = cmark_node_new(CMARK_NODE_TEXT))) {
			cmark_node_free(link);
			break;
		}
		text_before(text, start, (size_t)(p - start));
		/* a key is PREFIX-digits: nothing in it needs encoding */
		snprintf(url, sizeof(url), "/issues/%s", key);
		cmark_node_set_url(link, url);
		{
			char *lab = strndup(p, n);

			cmark_node_set_literal(label, lab ? lab : key);
			free(lab);
		}
		cmark_node_append_child(link, label);
		cmark_node_insert_before(text, link);
		p += n - 1;
		start = p + 1;
		changed = true;
		(*budget)--;
	}
	if (changed)
		cmark_node_set_literal(text, start);
	free(s);
}

/* The AST rules: allowed links only, images as links, references. */
static int
sanitise(struct svc *svc, cmark_node *doc)
{
	cmark_node **nodes = calloc(MD_NODES_MAX, sizeof(*nodes));
	size_t n, budget = MD_REFS_MAX;

	if (!nodes)
		return ERR_NOMEM;
	/* a document too large to check entirely is not rendered (the caller
	 * shows it as escaped text): no node escapes the rules */
	if ((n = collect(doc, CMARK_NODE_IMAGE, nodes, MD_NODES_MAX)) == SIZE_MAX)
		goto too_large;
	for (size_t i = 0; i < n; i++)
		image_to_link(nodes[i]);
	if ((n = collect(doc, CMARK_NODE_LINK, nodes, MD_NODES_MAX)) == SIZE_MAX)
		goto too_large;
	for (size_t i = 0; i < n; i++)
		if (!url_allowed(cmark_node_get_url(nodes[i])))
			unwrap(nodes[i]);
	if ((n = collect(doc, CMARK_NODE_TEXT, nodes, MD_NODES_MAX)) == SIZE_MAX)
		goto too_large;
	/* svc NULL: no viewer, no reference becomes a link */
	for (size_t i = 0; svc && i < n && budget; i++)
		if (!inside_link(nodes[i]))
			link_refs(svc, nodes[i], &budget);
	free(nodes);
	return 0;
too_large:
	free(nodes);
	return ERR_LIMIT;
}

int
md_render(struct svc *svc, const char *text, struct html_safe **ret)
{
	const char *t = text ? text : "";
	cmark_node *doc = cmark_parse_document(t, strlen(t), MD_OPTS);
	struct html_safe *s = NULL;
	char *html = NULL;
	int rc;

	if (!doc)
		return ERR_NOMEM;
	if ((rc = sanitise(svc, doc)) < 0)
		goto out;
	if (!(html = cmark_render_html(doc, MD_OPTS))) {
		rc = ERR_NOMEM;
		goto out;
	}
	if (strlen(html) > LIM_OUTPUT_MAX) {
		rc = ERR_LIMIT;
		goto out;
	}
	if (!(s = calloc(1, sizeof(*s)))) {
		rc = ERR_NOMEM;
		goto out;
	}
	s->len = strlen(html);
	s->html = html;
	html = NULL;
	*ret = s;
out:
	free(html);
	cmark_node_free(doc);
	return rc;
}

void
h_markdown(struct buf *b, struct svc *svc, const char *text)
{
	struct html_safe *s = NULL;

	H(b, "<div class=\"md\">");
	if (md_render(svc, text, &s) == 0) {
		h_safe(b, s);
	} else {
		H(b, "<pre>");
		h_text(b, text);
		H(b, "</pre>");
	}
	html_safe_free(s);
	H(b, "</div>");
}
