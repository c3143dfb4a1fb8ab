/*
 * remote_conf.c — where remote mode gets its server URL and API token
 * (see remote.h): --server, $VIGIL_SERVER, $VIGIL_TOKEN and the
 * credentials file $XDG_CONFIG_HOME/vigil/credentials (default
 * ~/.config/vigil/credentials), lines "server=URL" and "token=vgl_...".
 * The file holds a secret, so vigil reads it only when it is a regular
 * file owned by the user with no group or other permission bits, and
 * refuses otherwise with a message naming the file and the problem. Reads
 * untrusted text (environment, file); never prints a token.
 */
#include "cli/remote.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/limits.h"
#include "core/banned.h"

struct creds {
	char path[4096];
	bool read;                    /* the file was looked at */
	bool found;                   /* and exists */
	char server[LIM_REMOTE_URL_MAX + 1];
	char token[REMOTE_TOKEN_MAX + 1];
};

/* The credentials file's path, or false when there is no home to put it in. */
static bool
creds_path(char *out, size_t n)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	int len;

	/* the XDG base directory spec: a relative path is to be ignored */
	if (xdg && xdg[0] == '/')
		len = snprintf(out, n, "%s/vigil/credentials", xdg);
	else if (home && home[0] == '/')
		len = snprintf(out, n, "%s/.config/vigil/credentials", home);
	else
		return false;
	return len > 0 && (size_t)len < n;
}

static int
creds_fail(const struct creds *c, const char *what)
{
	fprintf(stderr, "vigil: %s: %s\n", c->path, what);
	return EXIT_FAIL;
}

/* Trim blanks at both ends of s in place. */
static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/* Parse "key=value" lines; '#' starts a comment line. */
static int
creds_parse(struct creds *c, char *text)
{
	char msg[128];
	int lineno = 0;

	for (char *line = text, *next; line && *line; line = next) {
		char *eq, *key, *val, *dst;
		size_t max;

		lineno++;
		if ((next = strchr(line, '\n')))
			*next++ = '\0';
		line = trim(line);
		if (!*line || *line == '#')
			continue;
		if (!(eq = strchr(line, '='))) {
			snprintf(msg, sizeof(msg), "line %d: is not key=value", lineno);
			return creds_fail(c, msg);
		}
		*eq = '\0';
		key = trim(line);
		val = trim(eq + 1);
		if (strcmp(key, "server") == 0) {
			dst = c->server;
			max = sizeof(c->server);
		} else if (strcmp(key, "token") == 0) {
			dst = c->token;
			max = sizeof(c->token);
		} else {
			snprintf(msg, sizeof(msg), "line %d: unknown key (only server= and token=)",
				lineno);
			return creds_fail(c, msg);
		}
		if (dst[0]) {
			snprintf(msg, sizeof(msg), "line %d: %s= given twice", lineno, key);
			return creds_fail(c, msg);
		}
		if (!*val || strlen(val) >= max) {
			snprintf(msg, sizeof(msg), "line %d: %s= is empty or too long", lineno, key);
			return creds_fail(c, msg);
		}
		snprintf(dst, max, "%s", val);
	}
	return 0;
}

/*
 * Read the credentials file if it exists; refuse it unless it is a regular
 * file of ours with mode 0600 or stricter. A missing file is no error.
 */
static int
creds_read(struct creds *c)
{
	char text[LIM_CREDENTIALS_MAX + 1], msg[160];
	struct stat st;
	ssize_t got;
	size_t len = 0;
	int fd, rc;

	c->read = true;
	if (!creds_path(c->path, sizeof(c->path)))
		return 0;
	fd = open(c->path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK);
	if (fd < 0 && errno == ENOENT)
		return 0;
	if (fd < 0 && errno == ELOOP)
		return creds_fail(c, "is a symbolic link; vigil reads only a regular file there");
	if (fd < 0)
		return creds_fail(c, "cannot be opened");
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return creds_fail(c, "is not a regular file");
	}
	if (st.st_uid != geteuid()) {
		close(fd);
		snprintf(msg, sizeof(msg), "is owned by uid %lu, not by you (uid %lu); it holds an "
			"API token and must be yours", (unsigned long)st.st_uid,
			(unsigned long)geteuid());
		return creds_fail(c, msg);
	}
	if (st.st_mode & 077) {
		close(fd);
		snprintf(msg, sizeof(msg), "has mode %04o: it holds an API token, so group and "
			"others must have no access (chmod 600 it)", (unsigned)(st.st_mode & 07777));
		return creds_fail(c, msg);
	}
	while (len < sizeof(text) &&
	    (got = read(fd, text + len, sizeof(text) - len)) != 0) {
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			close(fd);
			return creds_fail(c, "cannot be read");
		}
		len += (size_t)got;
	}
	close(fd);
	if (len > LIM_CREDENTIALS_MAX) {
		snprintf(msg, sizeof(msg), "is larger than %d bytes", LIM_CREDENTIALS_MAX);
		return creds_fail(c, msg);
	}
	text[len] = '\0';
	if (memchr(text, '\0', len))
		rc = creds_fail(c, "is not a text file");
	else
		rc = creds_parse(c, text);
	c->found = rc == 0;
	sodium_memzero(text, sizeof(text));
	return rc;
}

/*
 * Check a server URL and copy it without trailing slashes to out: http://
 * or https://, a host, no user name or password, query or fragment, no
 * blanks or control characters. Returns a reason or NULL.
 */
static const char *
check_url(const char *url, char *out, size_t n)
{
	const char *host;
	size_t len = strlen(url), hostlen;

	if (len > LIM_REMOTE_URL_MAX)
		return "is too long";
	if (strncasecmp(url, "https://", 8) == 0)
		host = url + 8;
	else if (strncasecmp(url, "http://", 7) == 0)
		host = url + 7;
	else
		return "must begin with http:// or https://";
	for (const char *p = url; *p; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f)
			return "may hold no blanks, control or non-ASCII characters";
	if (strpbrk(url, "?#"))
		return "may have no query (?) or fragment (#)";
	hostlen = strcspn(host, "/");
	if (hostlen == 0)
		return "has no host";
	if (memchr(host, '@', hostlen))
		return "may hold no user name or password (the token is given apart)";
	while (len > 0 && url[len - 1] == '/')
		len--;
	snprintf(out, n, "%.*s", (int)len, url);
	return NULL;
}

/* A token looks like vgl_ and letters, digits, '_' or '-' (nothing that
 * could end the header line it travels in). */
static bool
token_ok(const char *t)
{
	size_t len = strlen(t);

	if (len < 5 || len > REMOTE_TOKEN_MAX || strncmp(t, "vgl_", 4) != 0)
		return false;
	for (const char *p = t; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '_' || *p == '-'))
			return false;
	return true;
}

int
remote_setup(const char *server, const char *server_from, bool may_use_file_server,
	struct remote **ret)
{
	char url[LIM_REMOTE_URL_MAX + 1], file_url[LIM_REMOTE_URL_MAX + 1];
	const char *token = getenv("VIGIL_TOKEN"), *why, *from;
	struct errdetail d = {0};
	struct creds *c;
	int rc = 0;

	*ret = NULL;
	if (!(c = calloc(1, sizeof(*c)))) {
		fprintf(stderr, "vigil: out of memory\n");
		return EXIT_FAIL;
	}
	from = server_from;
	if (!server && may_use_file_server) {
		if ((rc = creds_read(c)) != 0)
			goto out;
		if (c->server[0]) {
			server = c->server;
			from = c->path;
		}
	}
	if (!server)
		goto out; /* local mode */
	if ((why = check_url(server, url, sizeof(url)))) {
		fprintf(stderr, "vigil: %s: server: %s\n", from, why);
		rc = EXIT_FAIL;
		goto out;
	}
	if (token) {
		/* $VIGIL_TOKEN wins; set but empty means: no token, anonymous */
		if (*token && !token_ok(token)) {
			fprintf(stderr, "vigil: VIGIL_TOKEN: must be an API token vgl_... (see "
				"'vigil token create')\n");
			rc = EXIT_FAIL;
			goto out;
		}
		token = *token ? token : NULL;
	} else {
		if (!c->read && (rc = creds_read(c)) != 0)
			goto out;
		if (c->token[0] && !token_ok(c->token)) {
			rc = creds_fail(c, "token: must be an API token vgl_... (see 'vigil token "
				"create')");
			goto out;
		}
		if (c->token[0] && c->server[0]) {
			/* the file's token goes to the file's server, never elsewhere */
			if ((why = check_url(c->server, file_url, sizeof(file_url)))) {
				fprintf(stderr, "vigil: %s: server: %s\n", c->path, why);
				rc = EXIT_FAIL;
				goto out;
			}
			if (strcasecmp(file_url, url) != 0) {
				rc = creds_fail(c, "its token is for the server it names, not for the "
					"one given; set $VIGIL_TOKEN (empty for none) for that one");
				goto out;
			}
		}
		token = c->token[0] ? c->token : NULL;
	}
	if (remote_new(url, token, ret, &d) < 0) {
		fprintf(stderr, "vigil: %s: %s\n", d.field, d.reason);
		rc = EXIT_FAIL;
	}
out:
	sodium_memzero(c, sizeof(*c));
	free(c);
	return rc;
}
