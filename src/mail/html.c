/*
 * html.c — the text of an HTML-only e-mail body, taken with libxml2's HTML
 * parser (never regular expressions, never rendered, nothing fetched:
 * HTML_PARSE_NONET). Text nodes are written with whitespace collapsed,
 * block elements become line breaks, links keep their target as text.
 * The input is untrusted; the walk is iterative, so nesting depth costs
 * no stack.
 */
#include "mail/internal.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <string.h>
#include <strings.h>

#include "core/banned.h"

static const char *const dropped[] = {
	"script", "style", "head", "title", "noscript", "template", "iframe", "object",
	"svg", "math", NULL,
};
static const char *const blocks[] = {
	"p", "div", "br", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "pre",
	"blockquote", "ul", "ol", "dl", "dt", "dd", "hr", "section", "article",
	"header", "footer", "address", "li", NULL,
};

static bool
in_list(const xmlChar *name, const char *const *l)
{
	for (size_t i = 0; name && l[i]; i++)
		if (strcasecmp((const char *)name, l[i]) == 0)
			return true;
	return false;
}

/* Writer state: collapse blanks, at most one blank line in a row. */
struct out {
	struct buf *b;
	int newlines;     /* newlines at the end of b */
	bool space;       /* a blank is pending */
	int pre;          /* inside <pre> */
};

static void
put_break(struct out *o, int n)
{
	o->space = false;
	if (o->b->len == 0)
		return;
	while (o->newlines < n) {
		buf_addc(o->b, '\n');
		o->newlines++;
	}
}

static void
put_text(struct out *o, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (!o->pre && (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f')) {
			o->space = o->b->len > 0 && o->newlines == 0;
			continue;
		}
		if (c == '\r')
			continue;
		if (o->space)
			buf_addc(o->b, ' ');
		o->space = false;
		buf_addc(o->b, (char)c);
		o->newlines = c == '\n' ? o->newlines + 1 : 0;
	}
}

static void
enter(struct out *o, xmlNode *n)
{
	if (in_list(n->name, blocks))
		put_break(o, strcasecmp((const char *)n->name, "br") == 0 ||
			strcasecmp((const char *)n->name, "li") == 0 ||
			strcasecmp((const char *)n->name, "tr") == 0 ? 1 : 2);
	if (strcasecmp((const char *)n->name, "li") == 0)
		put_text(o, "- ");
	if (strcasecmp((const char *)n->name, "pre") == 0)
		o->pre++;
}

static void
leave(struct out *o, xmlNode *n)
{
	if (strcasecmp((const char *)n->name, "a") == 0) {
		xmlChar *href = xmlGetProp(n, (const xmlChar *)"href");

		if (href && *href && strncasecmp((const char *)href, "javascript:", 11) != 0) {
			put_text(o, " <");
			put_text(o, (const char *)href);
			put_text(o, ">");
		}
		xmlFree(href);
	}
	if (strcasecmp((const char *)n->name, "pre") == 0 && o->pre > 0)
		o->pre--;
	if (in_list(n->name, blocks) && strcasecmp((const char *)n->name, "br") != 0)
		put_break(o, strcasecmp((const char *)n->name, "li") == 0 ||
			strcasecmp((const char *)n->name, "tr") == 0 ? 1 : 2);
}

/* Visit the tree in document order without recursion. */
static void
walk(struct out *o, xmlNode *root)
{
	xmlNode *n = root;

	while (n) {
		bool descend = false;

		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content)
				put_text(o, (const char *)n->content);
		} else if (n->type == XML_ELEMENT_NODE && !in_list(n->name, dropped)) {
			enter(o, n);
			descend = n->children != NULL;
			if (!descend)
				leave(o, n);
		}
		if (descend) {
			n = n->children;
			continue;
		}
		while (n && n != root && !n->next) {
			n = n->parent;
			if (n && n->type == XML_ELEMENT_NODE)
				leave(o, n);
		}
		if (!n || n == root)
			break;
		n = n->next;
	}
}

int
mail_html_text(const char *html, size_t len, struct buf *out)
{
	struct out o = {.b = out};
	htmlDocPtr doc;
	xmlNode *root;

	if (len > (size_t)INT32_MAX)
		return ERR_LIMIT;
	doc = htmlReadMemory(html, (int)len, NULL, "UTF-8", HTML_PARSE_RECOVER |
		HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
		HTML_PARSE_NOBLANKS);
	if (!doc)
		return 0;   /* nothing that parses as HTML: no text */
	root = xmlDocGetRootElement(doc);
	if (root)
		walk(&o, root);
	xmlFreeDoc(doc);
	/* drop trailing line breaks */
	while (out->len && out->data[out->len - 1] == '\n')
		out->data[--out->len] = '\0';
	return buf_err(out);
}
