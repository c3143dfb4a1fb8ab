/*
 * smtp.c — one SMTP transaction over libcurl: smtp:// (with STARTTLS when
 * configured: CURLOPT_USE_SSL), smtps://, AUTH with user and password,
 * connect and total timeouts, one recipient per message. libcurl
 * dot-stuffs the body and ends it with CRLF.CRLF. The outcome classifies
 * the failure: a 5xx answer to RCPT TO or to the message is permanent;
 * anything else (4xx, no connection, a timeout, a refusal while setting up
 * the session: the installation's settings) temporary. Reports carry codes
 * and curl's error text, never the server's text or the message.
 */
#include "mail/internal.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/limits.h"
#include "core/banned.h"

void
smtp_conf_release(struct smtp_conf *c)
{
	if (!c)
		return;
	free(c->url);
	free(c->user);
	if (c->password) {
		memset(c->password, 0, strlen(c->password));
		free(c->password);
	}
	free(c->ca_file);
	free(c->envelope_from);
	memset(c, 0, sizeof(*c));
}

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void
start(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

struct upload {
	const char *data;
	size_t len, off;
};

/* The last SMTP command libcurl sent: a 5xx answer to RCPT TO or to the
 * message (DATA) is about this recipient or message and permanent; one to
 * EHLO, AUTH, STARTTLS or MAIL FROM is about the installation and is
 * retried until someone fixes the settings. */
enum stage { STAGE_SETUP, STAGE_RCPT, STAGE_DATA };

static int
debug_cb(CURL *h, curl_infotype type, char *data, size_t size, void *arg)
{
	enum stage *st = arg;

	(void)h;
	/* QUIT and RSET end the session after a refusal: they change nothing */
	if (type != CURLINFO_HEADER_OUT || size < 4 || strncasecmp(data, "QUIT", 4) == 0 ||
	    strncasecmp(data, "RSET", 4) == 0)
		return 0;
	if (strncasecmp(data, "RCPT", 4) == 0)
		*st = STAGE_RCPT;
	else if (strncasecmp(data, "DATA", 4) == 0)
		*st = STAGE_DATA;
	else
		*st = STAGE_SETUP;
	return 0;
}

static size_t
read_cb(char *dst, size_t size, size_t nmemb, void *arg)
{
	struct upload *u = arg;
	size_t n = size * nmemb;

	if (n > u->len - u->off)
		n = u->len - u->off;
	memcpy(dst, u->data + u->off, n);
	u->off += n;
	return n;
}

/* "<addr>" for MAIL FROM / RCPT TO. */
static void
angle(char *out, size_t n, const char *addr)
{
	snprintf(out, n, "<%s>", addr ? addr : "");
}

enum smtp_outcome
smtp_send(const struct smtp_conf *c, const char *rcpt, const char *msg, size_t len,
	char *why, size_t why_len)
{
	struct upload u = {.data = msg, .len = len};
	struct curl_slist *to = NULL;
	char from[LIM_EMAIL_MAX + 3], rc_addr[LIM_EMAIL_MAX + 3], errbuf[CURL_ERROR_SIZE] = "";
	long code = 0;
	enum stage stage = STAGE_SETUP;
	CURLcode res;
	CURL *h;

	pthread_once(&once, start);
	if (!(h = curl_easy_init())) {
		snprintf(why, why_len, "cannot start libcurl");
		return SMTP_TEMPORARY;
	}
	angle(from, sizeof(from), c->envelope_from);
	angle(rc_addr, sizeof(rc_addr), rcpt);
	to = curl_slist_append(NULL, rc_addr);
	curl_easy_setopt(h, CURLOPT_URL, c->url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, to);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(h, CURLOPT_READDATA, &u);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long)LIM_SMTP_CONNECT_SECONDS);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)LIM_SMTP_TIMEOUT_SECONDS);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, debug_cb);
	curl_easy_setopt(h, CURLOPT_DEBUGDATA, &stage);
	curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);   /* feeds debug_cb only */
	if (c->tls == SMTP_TLS_STARTTLS)
		curl_easy_setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	if (c->ca_file)
		curl_easy_setopt(h, CURLOPT_CAINFO, c->ca_file);
	if (c->user) {
		curl_easy_setopt(h, CURLOPT_USERNAME, c->user);
		curl_easy_setopt(h, CURLOPT_PASSWORD, c->password ? c->password : "");
	}
	res = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	curl_slist_free_all(to);
	curl_easy_cleanup(h);
	if (res == CURLE_OK) {
		snprintf(why, why_len, "accepted (%ld)", code);
		return SMTP_SENT;
	}
	/* curl's buffer may quote the server's answer: keep only the code and
	 * curl's fixed name of the error */
	if (code)
		snprintf(why, why_len, "SMTP: %s (server answered %ld to %s)",
			curl_easy_strerror(res), code, stage == STAGE_RCPT ? "RCPT TO" :
			stage == STAGE_DATA ? "the message" : "the session setup");
	else
		snprintf(why, why_len, "SMTP: %s", curl_easy_strerror(res));
	/* a refused login, no TLS, a refused sender: the installation's problem */
	if (res == CURLE_LOGIN_DENIED || res == CURLE_USE_SSL_FAILED || stage == STAGE_SETUP)
		return SMTP_TEMPORARY;
	return code >= 500 && code < 600 ? SMTP_PERMANENT : SMTP_TEMPORARY;
}
