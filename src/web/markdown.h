/*
 * markdown.h — Markdown of descriptions and comments as sanitised HTML
 * (src/web/markdown.c, cmark in safe mode). Raw HTML in the text is
 * dropped; links and images keep only http, https and mailto targets;
 * issue keys (PREFIX-n) and CVE ids become links only when the viewer
 * (svc) may see the target, otherwise they stay plain text.
 */
#ifndef VIGIL_WEB_MARKDOWN_H
#define VIGIL_WEB_MARKDOWN_H

#include "core/buf.h"
#include "service/service.h"
#include "web/html.h"

/*
 * Render text (NULL: "") for the viewer svc. *ret is the caller's
 * (html_safe_free). ERR_NOMEM, or ERR_LIMIT past LIM_OUTPUT_MAX.
 * svc NULL renders for nobody in particular: no reference becomes a link
 * (a page that is the same for everyone, /vulnerabilities).
 */
int md_render(struct svc *svc, const char *text, struct html_safe **ret);
/* Render and write text into b inside <div class="md">; when rendering
 * fails, text is written escaped instead. */
void h_markdown(struct buf *b, struct svc *svc, const char *text);

#endif
