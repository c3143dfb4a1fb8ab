/*
 * send.c — the outbox sender: reads the SMTP and OpenPGP settings, takes
 * each message that is due from the service (svc_outbox_next, rendered as
 * its recipient), builds it (message.c, encrypted by pgp.c when it must
 * be), sends it (smtp.c) and reports the outcome (svc_outbox_sent or
 * svc_outbox_failed: temporary failures are retried with backoff by the
 * service, permanent ones held and visible). Runs as one pass (`vigil
 * mail-send`) or as a thread of `vigil serve`. The password is read from a
 * file or the environment at each pass and never logged or stored.
 */
#include "mail/mail.h"
#include "mail/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/limits.h"
#include "core/log.h"
#include "service/mail.h"
#include "service/mail_queue.h"
#include "core/banned.h"

/* A setting, or NULL when it is empty. */
static int
setting(struct svc *svc, const char *key, char **ret, struct errdetail *d)
{
	char *v = NULL;
	int rc = svc_config_get(svc, key, &v, d);

	if (rc < 0)
		return rc;
	if (v && !*v) {
		free(v);
		v = NULL;
	}
	*ret = v;
	return 0;
}

/* The password file's first line (at most LIM_MAIL_PASSWORD_MAX bytes). */
static int
read_password(const char *path, char **ret, struct errdetail *d)
{
	char buf[LIM_MAIL_PASSWORD_MAX + 1];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return err_set(d, ERR_IO, "smtp_password_file", "cannot be read");
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n < 0 || n > LIM_MAIL_PASSWORD_MAX)
		return err_set(d, ERR_IO, "smtp_password_file", "cannot be read or is too long");
	buf[n] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	*ret = strdup(buf);
	memset(buf, 0, sizeof(buf));
	return *ret ? 0 : ERR_NOMEM;
}

/* The SMTP settings. */
static int
load_smtp(struct svc *svc, struct smtp_conf *c, struct errdetail *d)
{
	char *tls = NULL, *pwfile = NULL;
	const char *env;
	int rc;

	if ((rc = setting(svc, "smtp_url", &c->url, d)) < 0 ||
	    (rc = setting(svc, "smtp_tls", &tls, d)) < 0 ||
	    (rc = setting(svc, "smtp_user", &c->user, d)) < 0 ||
	    (rc = setting(svc, "smtp_password_file", &pwfile, d)) < 0 ||
	    (rc = setting(svc, "smtp_ca_file", &c->ca_file, d)) < 0)
		goto out;
	if (!c->url) {
		rc = err_set(d, ERR_INVAL, "smtp_url", "is not set");
		goto out;
	}
	c->tls = strncmp(c->url, "smtps://", 8) == 0 ? SMTP_TLS_IMPLICIT :
		tls && strcmp(tls, "starttls") == 0 ? SMTP_TLS_STARTTLS : SMTP_TLS_NONE;
	env = getenv("VIGIL_SMTP_PASSWORD");
	if (pwfile)
		rc = read_password(pwfile, &c->password, d);
	else if (env && *env && !(c->password = strdup(env)))
		rc = ERR_NOMEM;
out:
	free(tls);
	free(pwfile);
	return rc;
}

/* The OpenPGP settings: the GnuPG home (default DB.gnupg) and signing key. */
static int
load_pgp(struct svc *svc, const char *db_path, char **ret_home, char **ret_sign,
	struct errdetail *d)
{
	char *home = NULL;
	int rc;

	if ((rc = setting(svc, "gnupg_home", &home, d)) < 0 ||
	    (rc = setting(svc, "pgp_sign_key", ret_sign, d)) < 0) {
		free(home);
		return rc;
	}
	if (!home) {
		size_t n = strlen(db_path) + sizeof(".gnupg");

		if (!(home = malloc(n)))
			return ERR_NOMEM;
		snprintf(home, n, "%s.gnupg", db_path);
	}
	*ret_home = home;
	return 0;
}

/* Build and send one message; report the outcome to the service. */
static int
send_one(struct svc *svc, const struct smtp_conf *c, const struct mail_out_opts *oo,
	struct outmsg *m, struct mail_send_stats *st, struct errdetail *d)
{
	struct errdetail bd = {0};
	struct smtp_conf cc = *c;
	enum smtp_outcome out;
	char *msg = NULL, why[ERRDETAIL_FIELD_MAX + ERRDETAIL_REASON_MAX + 8];
	size_t len = 0;
	int rc;

	rc = mail_build(m, oo, &msg, &len, &bd);
	if (rc < 0) {
		/* a message that cannot be built (an unusable key, a bad address)
		 * is held; a missing GnuPG or memory is worth another try */
		bool permanent = rc == ERR_CONFLICT || rc == ERR_INVAL || rc == ERR_LIMIT ||
			rc == ERR_INTEGRITY;

		snprintf(why, sizeof(why), "%s: %s", bd.field, bd.reason);
		log_msg(LOG_ERROR, "mail-send: delivery %lld %s: %s", (long long)m->id,
			permanent ? "held" : "not built, retried later", why);
		if (permanent)
			st->held++;
		else
			st->retry++;
		return svc_outbox_failed(svc, m->id, why, permanent, d);
	}
	cc.envelope_from = m->from;
	out = smtp_send(&cc, m->to, msg, len, why, sizeof(why));
	free(msg);
	if (out == SMTP_SENT) {
		st->sent++;
		log_msg(LOG_INFO, "mail-send: delivery %lld sent", (long long)m->id);
		return svc_outbox_sent(svc, m->id, d);
	}
	log_msg(LOG_ERROR, "mail-send: delivery %lld %s: %s", (long long)m->id,
		out == SMTP_PERMANENT ? "held" : "retried later", why);
	if (out == SMTP_PERMANENT) {
		st->held++;
	} else {
		st->retry++;
		/* no answer at all: the server is down; stop this pass */
		if (!strstr(why, "server answered"))
			st->smtp_down = true;
	}
	return svc_outbox_failed(svc, m->id, why, out == SMTP_PERMANENT, d);
}

int
mail_send_pass(struct svc *svc, const char *db_path, struct mail_send_stats *ret,
	struct errdetail *d)
{
	struct mail_send_stats st = {0};
	struct smtp_conf c = {0};
	struct mail_out_opts oo = {0};
	char *home = NULL, *sign = NULL;
	int rc;

	if ((rc = load_smtp(svc, &c, d)) < 0 || (rc = load_pgp(svc, db_path, &home, &sign, d)) < 0)
		goto out;
	oo.gnupg_home = home;
	oo.sign_key = sign;
	for (size_t i = 0; i < LIM_MAIL_SEND_BATCH && !st.smtp_down; i++) {
		struct outmsg m = {0};

		oo.now = clock_now();
		rc = svc_outbox_next(svc, oo.now, &m, d);
		if (rc == ERR_NOTFOUND) {
			err_clear(d);
			rc = 0;
			break;
		}
		if (rc < 0)
			break;
		c.envelope_from = NULL;
		rc = send_one(svc, &c, &oo, &m, &st, d);
		outmsg_release(&m);
		if (rc < 0)
			break;
	}
	/* outbox retention, once a pass (service/outbox_prune.c) */
	if (rc == 0)
		rc = svc_outbox_prune(svc, NULL, d);
out:
	smtp_conf_release(&c);
	free(home);
	free(sign);
	*ret = st;
	return rc;
}

/* --- the sender thread of vigil serve -------------------------------- */

struct mail_sender {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stopping;
	bool verbose;
	bool said_unset;      /* logged that smtp_url is not set */
	unsigned interval;
	char *db_path;
	struct mail_send_stats totals;
	struct outbox_counts queue;   /* at the end of the last pass */
	bool counted;                 /* queue is known */
	uint64_t passes, failed_passes;
};

static void *
sender_loop(void *arg)
{
	struct mail_sender *s = arg;

	pthread_mutex_lock(&s->lock);
	while (!s->stopping) {
		struct mail_send_stats st = {0};
		struct errdetail d = {0};
		struct svc *svc = NULL;
		struct timespec until;
		int rc;

		pthread_mutex_unlock(&s->lock);
		struct outbox_counts q = {0};
		bool counted = false, unset;

		if ((rc = svc_open_mail(s->db_path, &svc, &d)) == 0) {
			struct errdetail qd = {0};

			rc = mail_send_pass(svc, s->db_path, &st, &d);
			counted = svc_outbox_counts(svc, &q, &qd) == 0;
		}
		svc_close(svc);
		/* not configured: said once, then quiet until it is */
		unset = rc == ERR_INVAL && strcmp(d.field, "smtp_url") == 0;
		if (unset) {
			if (!s->said_unset)
				log_msg(LOG_WARN, "mail-send: %s %s", d.field, d.reason);
			s->said_unset = true;
		} else if (rc < 0) {
			log_msg(LOG_ERROR, "mail-send: %s: %s", d.field, d.reason);
		}
		else if (s->verbose && (st.sent || st.retry || st.held))
			log_msg(LOG_INFO, "mail-send: %zu sent, %zu to retry, %zu held", st.sent,
				st.retry, st.held);
		pthread_mutex_lock(&s->lock);
		s->passes++;
		s->failed_passes += rc < 0 && !unset;
		if ((s->counted = counted))
			s->queue = q;
		s->totals.sent += st.sent;
		s->totals.retry += st.retry;
		s->totals.held += st.held;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += s->interval;
		while (!s->stopping && pthread_cond_timedwait(&s->wake, &s->lock, &until) == 0)
			;
	}
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

int
mail_sender_start(const char *db_path, unsigned interval, bool verbose,
	struct mail_sender **ret)
{
	struct mail_sender *s = calloc(1, sizeof(*s));

	if (!s || !(s->db_path = strdup(db_path))) {
		free(s);
		return ERR_NOMEM;
	}
	s->interval = interval ? interval : 1;
	s->verbose = verbose;
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->wake, NULL);
	mail_lib_init();
	if (pthread_create(&s->thread, NULL, sender_loop, s) != 0) {
		free(s->db_path);
		free(s);
		return ERR_NOMEM;
	}
	*ret = s;
	return 0;
}

void
mail_sender_stop(struct mail_sender *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->lock);
	s->stopping = true;
	pthread_cond_broadcast(&s->wake);
	pthread_mutex_unlock(&s->lock);
	pthread_join(s->thread, NULL);
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->wake);
	free(s->db_path);
	free(s);
}

void
mail_sender_totals(struct mail_sender *s, struct mail_send_stats *ret)
{
	pthread_mutex_lock(&s->lock);
	*ret = s->totals;
	pthread_mutex_unlock(&s->lock);
}

void
mail_sender_metrics(struct mail_sender *s, struct buf *out)
{
	pthread_mutex_lock(&s->lock);
	buf_addf(out, "# HELP vigil_mail_sent_total Messages the SMTP server accepted.\n"
		"# TYPE vigil_mail_sent_total counter\nvigil_mail_sent_total %zu\n"
		"# HELP vigil_mail_retried_total Deliveries that failed for now (retried).\n"
		"# TYPE vigil_mail_retried_total counter\nvigil_mail_retried_total %zu\n"
		"# HELP vigil_mail_held_total Deliveries held for good by the sender.\n"
		"# TYPE vigil_mail_held_total counter\nvigil_mail_held_total %zu\n"
		"# HELP vigil_mail_passes_total Sender passes, and those that failed.\n"
		"# TYPE vigil_mail_passes_total counter\nvigil_mail_passes_total %llu\n"
		"vigil_mail_passes_failed_total %llu\n", s->totals.sent, s->totals.retry,
		s->totals.held, (unsigned long long)s->passes,
		(unsigned long long)s->failed_passes);
	if (s->counted)
		buf_addf(out, "# HELP vigil_mail_queue Mail queue after the last pass: events "
			"not yet expanded, messages pending, messages held.\n"
			"# TYPE vigil_mail_queue gauge\n"
			"vigil_mail_queue{state=\"queued\"} %lld\n"
			"vigil_mail_queue{state=\"pending\"} %lld\n"
			"vigil_mail_queue{state=\"held\"} %lld\n", (long long)s->queue.queued,
			(long long)s->queue.pending, (long long)s->queue.held);
	pthread_mutex_unlock(&s->lock);
}
