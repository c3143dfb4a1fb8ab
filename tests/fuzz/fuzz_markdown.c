/*
 * fuzz_markdown.c — libFuzzer target for the Markdown renderer and the text
 * escaper of the web pages (src/web/markdown.c, src/web/html.c): the input
 * is a description or comment as anyone may write it. Rendered for an
 * anonymous viewer of a fresh database (made once, under /tmp), the output
 * must hold for every input, or the target aborts: no <script, <img,
 * <iframe, <style or event-handler markup, and every href is http:,
 * https:, mailto: or a /issues/ path; h_text() output holds none of
 * < > " '.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "fuzz.h"
#include "service/service.h"
#include "web/markdown.h"

#include "core/banned.h"

static struct svc *
viewer(void)
{
	static struct svc *svc;
	static char dir[64];
	struct errdetail d = {0};
	char db[128];

	if (svc)
		return svc;
	snprintf(dir, sizeof(dir), "/tmp/vigil-fuzz-md-XXXXXX");
	if (!mkdtemp(dir))
		abort();
	snprintf(db, sizeof(db), "%s/v.db", dir);
	if (svc_init(db, "admin", "admin@example.org", "SEC", &d) < 0 ||
	    svc_open(db, NULL, &svc, &d) < 0)
		abort();
	return svc;
}

/* Every href="…" in html starts with an allowed target. */
static void
check_hrefs(const char *html)
{
	static const char *const ok[] = {"http:", "https:", "mailto:", "/issues/"};

	for (const char *p = strstr(html, "href=\""); p; p = strstr(p + 6, "href=\"")) {
		bool good = false;

		for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
			good = good || strncasecmp(p + 6, ok[i], strlen(ok[i])) == 0;
		if (!good)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const bad[] = {"<script", "<img", "<iframe", "<style", " on",
		"<object", "<embed", "<svg", "<form"};
	char *text = malloc(size + 1);
	struct buf b;
	const char *s;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	buf_init(&b, 1 << 24);
	h_markdown(&b, viewer(), text);
	s = buf_str(&b);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		/* " on" only matters inside a tag: look at tags alone */
		for (const char *t = strchr(s, '<'); t; t = strchr(t + 1, '<')) {
			const char *end = strchr(t, '>');
			size_t n = end ? (size_t)(end - t) : strlen(t);

			if (strncasecmp(t, bad[i], strlen(bad[i])) == 0 ||
			    (bad[i][0] == ' ' && memmem(t, n, bad[i], strlen(bad[i]))))
				abort();
		}
	}
	check_hrefs(s);
	buf_reset(&b);
	h_text(&b, text);
	if (strpbrk(buf_str(&b), "<>\"'"))
		abort();
	buf_release(&b);
	free(text);
	return 0;
}
