/*
 * metrics.c — counters for GET /metrics in the Prometheus text format:
 * requests by route and status class, their summed latency, open
 * connections and scheduler runs. Shared by every worker thread under one
 * mutex; the numbers hold no issue data (route patterns only, never paths).
 */
#include "http/http.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "core/banned.h"

#define MAX_ROUTES 128
#define CLASSES 5   /* 1xx..5xx */

static struct {
	pthread_mutex_t lock;
	uint64_t count[MAX_ROUTES + 1][CLASSES];
	double seconds[MAX_ROUTES + 1];
	int64_t connections;
	uint64_t ticks, published;
} m = {.lock = PTHREAD_MUTEX_INITIALIZER};

/* set once by metrics_set_extra() before any request, then only read */
static void (*extra_fn)(struct buf *out, void *arg);
static void *extra_arg;

void
metrics_count(size_t route, int status, double seconds)
{
	int cls = status / 100 - 1;

	if (route >= http_nroutes || route > MAX_ROUTES)
		route = MAX_ROUTES;   /* unmatched */
	if (cls < 0 || cls >= CLASSES)
		cls = CLASSES - 1;
	pthread_mutex_lock(&m.lock);
	m.count[route][cls]++;
	m.seconds[route] += seconds;
	pthread_mutex_unlock(&m.lock);
}

void
metrics_connection(int delta)
{
	pthread_mutex_lock(&m.lock);
	m.connections += delta;
	pthread_mutex_unlock(&m.lock);
}

void
metrics_tick(size_t published)
{
	pthread_mutex_lock(&m.lock);
	m.ticks++;
	m.published += published;
	pthread_mutex_unlock(&m.lock);
}

/* The route label: its method and pattern, or "unmatched". */
static void
label(struct buf *out, size_t i)
{
	if (i < http_nroutes && i < MAX_ROUTES)
		buf_addf(out, "method=\"%s\",route=\"%s\"", http_routes[i].method,
			http_routes[i].pattern);
	else
		buf_adds(out, "method=\"\",route=\"unmatched\"");
}

void
metrics_render(struct buf *out)
{
	size_t n = http_nroutes < MAX_ROUTES ? http_nroutes : MAX_ROUTES;

	pthread_mutex_lock(&m.lock);
	buf_adds(out, "# HELP vigil_http_requests_total HTTP requests answered, by route and "
		"status class.\n# TYPE vigil_http_requests_total counter\n");
	for (size_t i = 0; i <= n; i++) {
		size_t r = i == n ? MAX_ROUTES : i;

		for (int c = 0; c < CLASSES; c++) {
			if (!m.count[r][c])
				continue;
			buf_adds(out, "vigil_http_requests_total{");
			label(out, r);
			buf_addf(out, ",status=\"%dxx\"} %llu\n", c + 1,
				(unsigned long long)m.count[r][c]);
		}
	}
	buf_adds(out, "# HELP vigil_http_request_seconds_sum Time spent answering, by route.\n"
		"# TYPE vigil_http_request_seconds_sum counter\n");
	for (size_t i = 0; i <= n; i++) {
		size_t r = i == n ? MAX_ROUTES : i;
		uint64_t total = 0;

		for (int c = 0; c < CLASSES; c++)
			total += m.count[r][c];
		if (!total)
			continue;
		buf_adds(out, "vigil_http_request_seconds_sum{");
		label(out, r);
		buf_addf(out, "} %.6f\nvigil_http_request_seconds_count{", m.seconds[r]);
		label(out, r);
		buf_addf(out, "} %llu\n", (unsigned long long)total);
	}
	buf_addf(out, "# HELP vigil_http_connections Open HTTP connections.\n"
		"# TYPE vigil_http_connections gauge\nvigil_http_connections %lld\n",
		(long long)m.connections);
	buf_addf(out, "# HELP vigil_scheduler_runs_total Scheduler (tick) runs.\n"
		"# TYPE vigil_scheduler_runs_total counter\nvigil_scheduler_runs_total %llu\n"
		"# HELP vigil_scheduler_published_total Issues published because their "
		"embargo ended.\n# TYPE vigil_scheduler_published_total counter\n"
		"vigil_scheduler_published_total %llu\n",
		(unsigned long long)m.ticks, (unsigned long long)m.published);
	pthread_mutex_unlock(&m.lock);
	if (extra_fn)   /* the mail sender's numbers */
		extra_fn(out, extra_arg);
}

/* metrics of a part outside src/http (the mail sender thread of
 * vigil serve), set once before the server starts. */
void
metrics_set_extra(void (*fn)(struct buf *out, void *arg), void *arg)
{
	extra_fn = fn;
	extra_arg = arg;
}
