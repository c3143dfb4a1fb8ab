/*
 * text.c — validation of untrusted text fields (see text.h). Every function
 * here reads hostile bytes; each stops at the first problem and reports the
 * field by the name the caller gave, never echoing the value.
 */
#include "core/text.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/limits.h"
#include "core/banned.h"

bool
text_utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		unsigned char c = s[i];
		size_t n;
		unsigned cp;

		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xE0) == 0xC0) {
			n = 1;
			cp = c & 0x1F;
		} else if ((c & 0xF0) == 0xE0) {
			n = 2;
			cp = c & 0x0F;
		} else if ((c & 0xF8) == 0xF0) {
			n = 3;
			cp = c & 0x07;
		} else {
			return false;
		}
		if (len - i <= n)
			return false;
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) ||
		    (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += n + 1;
	}
	return true;
}

int
text_check(struct errdetail *d, const char *field, const char *s, size_t max,
	enum text_kind kind)
{
	size_t len;

	if (!s || !*s)
		return err_set(d, ERR_INVAL, field, "is required");
	len = strlen(s);
	if (len > max)
		return err_setf(d, ERR_INVAL, field, "is longer than %zu bytes", max);
	if (!text_utf8_valid(s, len))
		return err_set(d, ERR_INVAL, field, "is not valid UTF-8");
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == 0x7F || (c < 0x20 && !(kind == TEXT_MULTILINE &&
		    (c == '\n' || c == '\t' || c == '\r'))))
			return err_set(d, ERR_INVAL, field, "contains a control character");
		/* C1 controls U+0080..U+009F (e.g. U+009B, the 8-bit CSI);
		 * the UTF-8 check above guarantees s[i + 1] exists */
		if (c == 0xC2 && (unsigned char)s[i + 1] <= 0x9F)
			return err_set(d, ERR_INVAL, field, "contains a control character");
	}
	if (kind == TEXT_LINE && (isspace((unsigned char)s[0]) ||
	    isspace((unsigned char)s[len - 1])))
		return err_set(d, ERR_INVAL, field, "has leading or trailing blanks");
	return 0;
}

int
text_check_login(struct errdetail *d, const char *field, const char *s)
{
	size_t len;

	if (!s || !*s)
		return err_set(d, ERR_INVAL, field, "is required");
	len = strlen(s);
	if (len > LIM_LOGIN_MAX)
		return err_setf(d, ERR_INVAL, field, "is longer than %d characters", LIM_LOGIN_MAX);
	if (!isalnum((unsigned char)s[0]) || isupper((unsigned char)s[0]))
		return err_set(d, ERR_INVAL, field, "must start with a lower-case letter or digit");
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!(islower(c) || isdigit(c) || c == '.' || c == '_' || c == '-'))
			return err_set(d, ERR_INVAL, field,
				"may hold only a-z, 0-9, '.', '_' and '-'");
	}
	return 0;
}

int
text_check_email(struct errdetail *d, const char *field, const char *s)
{
	const char *at;
	size_t len;

	if (!s || !*s)
		return err_set(d, ERR_INVAL, field, "is required");
	len = strlen(s);
	if (len > LIM_EMAIL_MAX)
		return err_setf(d, ERR_INVAL, field, "is longer than %d characters", LIM_EMAIL_MAX);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= 0x20 || c >= 0x7F || c == '<' || c == '>' || c == ',' ||
		    c == ';' || c == '"' || c == '(' || c == ')' || c == '\\')
			return err_set(d, ERR_INVAL, field,
				"must be a plain address like name@example.org");
	}
	at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@') || !at[1] || !strchr(at + 1, '.') ||
	    at[1] == '.' || s[len - 1] == '.')
		return err_set(d, ERR_INVAL, field, "must be a plain address like name@example.org");
	return 0;
}

int
text_check_version(struct errdetail *d, const char *field, const char *s)
{
	size_t len;

	if (!s || !*s)
		return err_set(d, ERR_INVAL, field, "is required");
	len = strlen(s);
	if (len > LIM_VERSION_MAX)
		return err_setf(d, ERR_INVAL, field, "is longer than %d characters", LIM_VERSION_MAX);
	if (!isalnum((unsigned char)s[0]))
		return err_set(d, ERR_INVAL, field, "must start with a letter or digit");
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!(isalnum(c) || c == '.' || c == '_' || c == '-' || c == '+'))
			return err_set(d, ERR_INVAL, field,
				"may hold only letters, digits, '.', '_', '-' and '+'");
	}
	return 0;
}

int
text_check_branch(struct errdetail *d, const char *field, const char *s)
{
	size_t len;

	if (!s || !*s)
		return err_set(d, ERR_INVAL, field, "is required");
	len = strlen(s);
	if (len > LIM_BRANCH_MAX)
		return err_setf(d, ERR_INVAL, field, "is longer than %d characters", LIM_BRANCH_MAX);
	if (s[0] == '-' || s[0] == '/' || s[len - 1] == '/' || strstr(s, "..") ||
	    strstr(s, "//"))
		return err_set(d, ERR_INVAL, field, "is not a valid branch name");
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= 0x20 || c >= 0x7F || c == '~' || c == '^' || c == ':' ||
		    c == '?' || c == '*' || c == '[' || c == '\\')
			return err_set(d, ERR_INVAL, field, "is not a valid branch name");
	}
	return 0;
}

int
text_check_url(struct errdetail *d, const char *field, const char *s)
{
	size_t len;

	if (!s || !*s)
		return err_set(d, ERR_INVAL, field, "is required");
	len = strlen(s);
	if (len > LIM_URL_MAX)
		return err_setf(d, ERR_INVAL, field, "is longer than %d characters", LIM_URL_MAX);
	if (strncmp(s, "https://", 8) != 0 && strncmp(s, "http://", 7) != 0)
		return err_set(d, ERR_INVAL, field, "must start with https:// or http://");
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= 0x20 || c >= 0x7F || c == '"' || c == '<' || c == '>' || c == '\\')
			return err_set(d, ERR_INVAL, field, "contains a character not allowed in a URL");
	}
	if (strlen(s) <= (s[4] == 's' ? 8u : 7u))
		return err_set(d, ERR_INVAL, field, "has no host");
	return 0;
}

int
text_check_commit(struct errdetail *d, const char *field, const char *s)
{
	size_t len;

	if (!s || !*s)
		return err_set(d, ERR_INVAL, field, "is required");
	len = strlen(s);
	if (len < 7 || len > 64)
		return err_set(d, ERR_INVAL, field, "must be 7 to 64 hexadecimal digits");
	for (size_t i = 0; i < len; i++) {
		if (!isxdigit((unsigned char)s[i]) || isupper((unsigned char)s[i]))
			return err_set(d, ERR_INVAL, field,
				"must be 7 to 64 lower-case hexadecimal digits");
	}
	return 0;
}

char *
text_dup(const char *s)
{
	return s ? strdup(s) : NULL;
}

int
text_version_cmp(const char *a, const char *b)
{
	if (*a == 'v' || *a == 'V')
		a++;
	if (*b == 'v' || *b == 'V')
		b++;
	while (*a || *b) {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			unsigned long long x = 0, y = 0;

			while (isdigit((unsigned char)*a))
				x = x * 10 + (unsigned)(*a++ - '0');
			while (isdigit((unsigned char)*b))
				y = y * 10 + (unsigned)(*b++ - '0');
			if (x != y)
				return x < y ? -1 : 1;
			continue;
		}
		if (*a != *b) {
			/* a release ("1.0") sorts after its pre-releases ("1.0-rc1") */
			if (!*a)
				return (*b == '-') ? 1 : -1;
			if (!*b)
				return (*a == '-') ? -1 : 1;
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		}
		a++;
		b++;
	}
	return 0;
}
