/*
 * intake.c — `vigil mail-intake`: one message from the MTA on standard
 * input, or the new/ messages of a Maildir, parsed by parse.c and handed
 * to svc_mail_intake(). Answers with sysexits codes an MTA understands
 * (0, 65 refused as unparsable or over a limit, 69 refused by the service,
 * 75 try again later). A message that is refused or fails is first written
 * to the held directory (with a .why file naming the reason), so nothing
 * is lost. Auto-replies and bounces are logged and dropped. All input is
 * untrusted; logs name outcomes and keys, never message content.
 */
#include "mail/mail.h"
#include "mail/internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/limits.h"
#include "core/log.h"
#include "service/mail.h"
#include "core/banned.h"

static int
write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return ERR_IO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Write one file durably: a temporary name, fsync, rename. */
static int
write_file(const char *dir, const char *name, const void *data, size_t len, int more_fd,
	size_t more_max)
{
	char tmp[4096], final[4096];
	int fd, rc = 0;

	if (snprintf(tmp, sizeof(tmp), "%s/.%s.tmp", dir, name) >= (int)sizeof(tmp) ||
	    snprintf(final, sizeof(final), "%s/%s", dir, name) >= (int)sizeof(final))
		return ERR_IO;
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0)
		return ERR_IO;
	rc = write_all(fd, data, len);
	/* the rest of an oversized message, up to more_max bytes in all */
	while (rc == 0 && more_fd >= 0 && len < more_max) {
		char chunk[65536];
		size_t want = more_max - len < sizeof(chunk) ? more_max - len : sizeof(chunk);
		ssize_t n = read(more_fd, chunk, want);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		rc = write_all(fd, chunk, (size_t)n);
		len += (size_t)n;
	}
	if (rc == 0 && fsync(fd) != 0)
		rc = ERR_IO;
	if (close(fd) != 0)
		rc = ERR_IO;
	if (rc == 0 && rename(tmp, final) != 0)
		rc = ERR_IO;
	if (rc < 0)
		unlink(tmp);
	return rc;
}

/*
 * Keep a message aside in held_dir as <time>-<random>.eml with a .why file
 * (the exit code and the reason vigil gave). more_fd: read the rest of an
 * oversized message from there (or -1).
 */
static int
hold(const char *held_dir, const void *data, size_t len, int more_fd, int code,
	const struct errdetail *d)
{
	char stamp[32], name[96], why[700];
	unsigned char rnd[6];
	int rc, fd;

	if (mkdir(held_dir, 0700) != 0 && errno != EEXIST)
		return ERR_IO;
	clock_fmt_iso(clock_now(), stamp, sizeof(stamp));
	/* 2026-01-05T10:00:00Z -> 20260105T100000Z: no ':' in file names */
	for (size_t i = 0, j = 0; ; i++)
		if (stamp[i] != '-' && stamp[i] != ':' && !(stamp[j++] = stamp[i]))
			break;
	randombytes_buf(rnd, sizeof(rnd));
	snprintf(name, sizeof(name), "%s-%02x%02x%02x%02x%02x%02x.eml", stamp, rnd[0], rnd[1],
		rnd[2], rnd[3], rnd[4], rnd[5]);
	if ((rc = write_file(held_dir, name, data, len, more_fd, LIM_MAIL_HELD_MAX)) < 0)
		return rc;
	snprintf(why, sizeof(why), "exit %d: %s: %s\n", code, d && d->field[0] ? d->field :
		"message", d && d->reason[0] ? d->reason : "refused");
	memcpy(name + strlen(name) - 4, ".why", 4);
	if ((fd = open(held_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		write_file(held_dir, name, why, strlen(why), -1, 0);
		fsync(fd);
		close(fd);
	}
	return 0;
}

/* The sysexits code for a service error. */
static int
code_for(int err)
{
	switch (err) {
	case ERR_DB:
	case ERR_IO:
	case ERR_NOMEM:
		return MAIL_EX_TEMPFAIL;
	default:
		return MAIL_EX_UNAVAILABLE;
	}
}

/* The parsed message as the service's input (the service cuts an
 * over-long subject or body and keeps the whole text as an attachment). */
static int
to_mail_in(const struct parsed_mail *p, struct mail_in *in, struct mail_attachment **ret_att)
{
	struct mail_attachment *att = calloc(p->natt + 1, sizeof(*att));

	if (!att)
		return ERR_NOMEM;
	for (size_t i = 0; i < p->natt; i++)
		att[i] = (struct mail_attachment){p->att[i].name, p->att[i].data, p->att[i].len};
	*in = (struct mail_in){
		.from = p->from, .from_name = p->from_name, .subject = p->subject,
		.body = p->body, .message_id = p->message_id, .in_reply_to = p->in_reply_to,
		.references = p->references, .attachments = att, .nattachments = p->natt,
	};
	*ret_att = att;
	return 0;
}

/* Parse and take in one message; the svc is opened on first need. */
static int
take_one(const struct mail_intake_opts *o, struct svc **svc, const char *data, size_t len,
	const char *env_from, const char *label, struct errdetail *d)
{
	struct parsed_mail p = {0};
	struct mail_intake_result res = {0};
	struct mail_attachment *att = NULL;
	struct mail_in in;
	int rc, code = MAIL_EX_OK;

	if ((rc = mail_parse(data, len, env_from, &p, d)) < 0) {
		code = rc == ERR_NOMEM ? MAIL_EX_TEMPFAIL : MAIL_EX_DATAERR;
		log_msg(LOG_ERROR, "mail-intake: %s: refused: %s: %s", label, d->field, d->reason);
		return code;
	}
	if (p.kind != PARSED_NORMAL) {
		log_msg(LOG_INFO, "mail-intake: %s: not taken in (%s)", label, p.why);
		goto out;
	}
	if (!*svc && (rc = svc_open_mail(o->db_path, svc, d)) < 0) {
		code = MAIL_EX_TEMPFAIL;
		log_msg(LOG_ERROR, "mail-intake: %s: database: %s: %s", label, d->field, d->reason);
		goto out;
	}
	if ((rc = to_mail_in(&p, &in, &att)) < 0 ||
	    (rc = svc_mail_intake(*svc, &in, &res, d)) < 0) {
		if (rc == ERR_NOMEM)
			err_set(d, ERR_NOMEM, "message", "out of memory");
		code = code_for(rc);
		log_msg(LOG_ERROR, "mail-intake: %s: %s: %s: %s", label, code == MAIL_EX_TEMPFAIL ?
			"failed for now" : "refused", d->field, d->reason);
		goto out;
	}
	log_msg(LOG_INFO, "mail-intake: %s: %s%s%s", label, mail_outcome_name(res.outcome),
		res.key[0] ? " " : "", res.key);
out:
	free(att);
	parsed_mail_release(&p);
	return code;
}

int
mail_intake_stdin(const struct mail_intake_opts *o)
{
	struct errdetail d = {0};
	struct svc *svc = NULL;
	size_t len = 0, cap = 65536;
	char *data = malloc(cap);
	const char *env = o->sender ? o->sender : getenv("SENDER");
	bool over = false;
	int code;

	if (!data)
		return MAIL_EX_TEMPFAIL;
	for (;;) {
		ssize_t n;

		if (len > LIM_MAIL_MESSAGE_MAX) {
			over = true;   /* the rest stays unread until it is kept aside */
			break;
		}
		if (len == cap) {
			/* never more than the limit and one byte in memory */
			size_t ncap = cap * 2 > LIM_MAIL_MESSAGE_MAX + 1 ? LIM_MAIL_MESSAGE_MAX + 1 :
				cap * 2;
			char *nd = realloc(data, ncap);

			if (!nd) {
				free(data);
				return MAIL_EX_TEMPFAIL;
			}
			data = nd;
			cap = ncap;
		}
		n = read(0, data + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			free(data);
			log_msg(LOG_ERROR, "mail-intake: cannot read standard input");
			return MAIL_EX_TEMPFAIL;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (over || len > LIM_MAIL_MESSAGE_MAX) {
		err_setf(&d, ERR_LIMIT, "message", "is larger than %d bytes", LIM_MAIL_MESSAGE_MAX);
		code = MAIL_EX_DATAERR;
		log_msg(LOG_ERROR, "mail-intake: standard input: refused: message: is larger than "
			"%d bytes", LIM_MAIL_MESSAGE_MAX);
		if (hold(o->held_dir, data, len, 0, code, &d) < 0)
			code = MAIL_EX_TEMPFAIL;
		free(data);
		return code;
	}
	code = take_one(o, &svc, data, len, env, "standard input", &d);
	if (code != MAIL_EX_OK && hold(o->held_dir, data, len, -1, code, &d) < 0) {
		log_msg(LOG_ERROR, "mail-intake: cannot keep the message in %s", o->held_dir);
		code = MAIL_EX_TEMPFAIL;
	}
	svc_close(svc);
	free(data);
	return code;
}

/* Read a Maildir file of at most LIM_MAIL_MESSAGE_MAX bytes; *ret_over
 * when it is larger (then the fd is left open in *ret_fd to copy it). */
static int
read_entry(int dfd, const char *name, char **ret, size_t *ret_len, int *ret_fd)
{
	struct stat st;
	char *data;
	size_t len = 0;
	int fd = openat(dfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		if (fd >= 0)
			close(fd);
		return ERR_IO;
	}
	if ((size_t)st.st_size > LIM_MAIL_MESSAGE_MAX) {
		*ret = NULL;
		*ret_len = 0;
		*ret_fd = fd;
		return ERR_LIMIT;
	}
	if (!(data = malloc((size_t)st.st_size + 1))) {
		close(fd);
		return ERR_NOMEM;
	}
	while (len < (size_t)st.st_size) {
		ssize_t n = read(fd, data + len, (size_t)st.st_size - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	*ret = data;
	*ret_len = len;
	*ret_fd = -1;
	return 0;
}

/* Move new/NAME to cur/NAME:2,S (done). */
static int
move_done(const char *dir, const char *name)
{
	char from[4096], to[4096];

	if (snprintf(from, sizeof(from), "%s/new/%s", dir, name) >= (int)sizeof(from) ||
	    snprintf(to, sizeof(to), "%s/cur/%s%s", dir, name, strchr(name, ':') ? "" : ":2,S") >=
	    (int)sizeof(to))
		return ERR_IO;
	return rename(from, to) == 0 ? 0 : ERR_IO;
}

/* Worse of two sysexits results: tempfail, then refusals, then ok. */
static int
worse(int a, int b)
{
	if (a == MAIL_EX_TEMPFAIL || b == MAIL_EX_TEMPFAIL)
		return MAIL_EX_TEMPFAIL;
	return a > b ? a : b;
}

static int
maildir_one(const struct mail_intake_opts *o, struct svc **svc, const char *dir, int dfd,
	const char *name)
{
	struct errdetail d = {0};
	char *data = NULL, label[300];
	size_t len = 0;
	int fd = -1, rc, code;

	snprintf(label, sizeof(label), "new/%.200s", name);
	rc = read_entry(dfd, name, &data, &len, &fd);
	if (rc == ERR_LIMIT) {
		err_setf(&d, ERR_LIMIT, "message", "is larger than %d bytes", LIM_MAIL_MESSAGE_MAX);
		log_msg(LOG_ERROR, "mail-intake: %s: refused: message: is larger than %d bytes",
			label, LIM_MAIL_MESSAGE_MAX);
		code = MAIL_EX_DATAERR;
		rc = hold(o->held_dir, "", 0, fd, code, &d);
		close(fd);
	} else if (rc < 0) {
		log_msg(LOG_ERROR, "mail-intake: %s: cannot be read", label);
		return MAIL_EX_TEMPFAIL;
	} else {
		code = take_one(o, svc, data, len, NULL, label, &d);
		rc = code == MAIL_EX_OK ? 0 : hold(o->held_dir, data, len, -1, code, &d);
	}
	free(data);
	if (rc < 0) {
		log_msg(LOG_ERROR, "mail-intake: %s: cannot keep it in %s", label, o->held_dir);
		return MAIL_EX_TEMPFAIL;
	}
	/* temporary failures stay in new/ for the next run */
	if (code != MAIL_EX_TEMPFAIL && move_done(dir, name) < 0) {
		log_msg(LOG_ERROR, "mail-intake: %s: cannot move it to cur/", label);
		return MAIL_EX_TEMPFAIL;
	}
	return code;
}

int
mail_intake_maildir(const struct mail_intake_opts *o, const char *dir)
{
	char path[4096];
	struct svc *svc = NULL;
	struct dirent *de;
	DIR *dp;
	size_t done = 0;
	int code = MAIL_EX_OK;

	if (snprintf(path, sizeof(path), "%s/new", dir) >= (int)sizeof(path) ||
	    !(dp = opendir(path))) {
		log_msg(LOG_ERROR, "mail-intake: --maildir: has no readable new/ directory");
		return MAIL_EX_TEMPFAIL;
	}
	while ((de = readdir(dp)) != NULL && done < LIM_MAIL_MAILDIR_BATCH) {
		if (de->d_name[0] == '.')
			continue;
		code = worse(code, maildir_one(o, &svc, dir, dirfd(dp), de->d_name));
		done++;
	}
	closedir(dp);
	svc_close(svc);
	if (o->verbose)
		log_msg(LOG_INFO, "mail-intake: %zu message(s) from %s/new", done, dir);
	return code;
}
