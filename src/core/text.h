/*
 * text.h — checks for untrusted text fields: valid UTF-8, no control
 * characters (newlines and tabs only where multi-line text is allowed),
 * length limits, and the small formats vigil uses (login, e-mail address,
 * version, branch, URL). Each check names the field it refuses.
 */
#ifndef VIGIL_CORE_TEXT_H
#define VIGIL_CORE_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

/* true when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates). */
bool text_utf8_valid(const char *s, size_t len);

enum text_kind {
	TEXT_LINE,      /* one line: no control characters at all */
	TEXT_MULTILINE, /* newlines and tabs allowed */
};

/*
 * Check a required text field: non-empty (after no trimming — leading or
 * trailing blanks are refused for TEXT_LINE), at most max bytes, valid UTF-8,
 * no control characters beyond what kind allows. 0 or ERR_INVAL with detail.
 */
int text_check(struct errdetail *d, const char *field, const char *s, size_t max,
	enum text_kind kind);

/* login: 1..LIM_LOGIN_MAX of [a-z0-9._-], starting with a letter or digit. */
int text_check_login(struct errdetail *d, const char *field, const char *s);
/* addr-spec shaped: local@domain, printable ASCII, no spaces, one '@'. */
int text_check_email(struct errdetail *d, const char *field, const char *s);
/* version or release name: [A-Za-z0-9._+-], starting with alnum. */
int text_check_version(struct errdetail *d, const char *field, const char *s);
/* git branch name: printable ASCII, no spaces, no "..", no leading '-'. */
int text_check_branch(struct errdetail *d, const char *field, const char *s);
/* http(s) URL: printable ASCII, no spaces, scheme http:// or https://. */
int text_check_url(struct errdetail *d, const char *field, const char *s);
/* hex commit id, 7 to 64 characters. */
int text_check_commit(struct errdetail *d, const char *field, const char *s);

/* malloc'ed copy; NULL stays NULL. Aborts nothing: returns NULL on ENOMEM. */
char *text_dup(const char *s);

/*
 * Compare dotted versions ("v3.7.0" vs "3.10"): an optional leading 'v' is
 * ignored, numeric parts compare as numbers, other parts as strings.
 * Returns <0, 0 or >0.
 */
int text_version_cmp(const char *a, const char *b);

#endif
