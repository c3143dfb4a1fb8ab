/*
 * static.c — GET /static/{name}: the stylesheet and scripts of static/,
 * embedded in the binary at build time (tools/embed_static.py). Each is
 * served with its media type and a long cache lifetime: pages link them
 * with "?v=<content hash>", so a new build gets a new URL. Unknown names
 * get the ordinary 404 page.
 */
#include "web/web.h"

#include <string.h>

#include "core/banned.h"

const struct web_static *
web_static_find(const char *name)
{
	for (size_t i = 0; name && i < web_nstatics; i++)
		if (strcmp(web_statics[i].name, name) == 0)
			return &web_statics[i];
	return NULL;
}

int
page_static(struct http_req *req, struct http_resp *resp)
{
	const struct web_static *s = web_static_find(req->params[0]);

	if (!s)
		return web_error_page(req, resp, 404, NULL);
	buf_add(&resp->body, s->data, s->len);
	resp->status = 200;
	resp->content_type = s->type;
	resp->cache_control = "public, max-age=31536000, immutable";
	return 200;
}
