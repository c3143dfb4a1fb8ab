#!/bin/sh
# bench/http.sh — throughput and latency of `vigil serve` on loopback,
# measured with wrk (Debian's package) against the demo database: the
# health check, the issue list and one issue as psirt (bearer token, so
# every request opens its own SQLite connection and passes the gate), and
# the issue list as an anonymous visitor; the public vulnerabilities page,
# the dashboard and an issue page as psirt, and a full-text search. Prints wrk's summary per case and
# the server's peak resident memory. Usage: bench/http.sh [BUILD-DIR [TEXT]]
# runs every case, or with TEXT only the cases whose title contains it
# (bench/http.sh build "issue page"). Each case starts from the same fresh
# demo database, so what one case writes (the audit events of audited
# reads) never weighs on the next.
# Numbers are for the record in docs/serve.md, never a pass/fail test.
set -eu
cd "$(dirname "$0")/.."
B="${1:-build}"
ONLY="${2:-}"
case "$B" in /*) V="$B/src/cli/vigil" ;; *) V="$PWD/$B/src/cli/vigil" ;; esac
command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null
T=$(mktemp -d)
PID=
PEAK=0
trap 'stop; rm -rf "$T"' EXIT
sh scripts/demo.sh "$V" "$T/demo.db" >/dev/null
TOK=$("$V" --db "$T/demo.db" --as alice token create bench --scope read | sed -n 's/^token: //p')
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
U="http://127.0.0.1:$PORT"
start() {
	rm -f "$T"/v.db*
	for f in "$T"/demo.db*; do cp "$f" "$T/v.db${f#"$T"/demo.db}"; done
	"$V" --db "$T/v.db" serve --listen "127.0.0.1:$PORT" --tick 0 2>"$T/serve.log" &
	PID=$!
	for i in 1 2 3 4 5 6 7 8 9 10; do
		grep -q listening "$T/serve.log" 2>/dev/null && break
		sleep 0.2
	done
}
stop() {
	[ -n "$PID" ] || return 0
	KB=$(awk '/VmHWM/ {print $2}' "/proc/$PID/status" 2>/dev/null || echo 0)
	[ "${KB:-0}" -gt "$PEAK" ] && PEAK=$KB
	kill "$PID" 2>/dev/null
	wait "$PID" 2>/dev/null || true
	PID=
}
run() {
	case "$1" in *"$ONLY"*) ;; *) return 0 ;; esac
	echo "== $1"
	shift
	start
	wrk -t2 -c16 -d10s --latency "$@" | grep -E "Requests/sec|Latency  |50%|99%|Non-2xx"
	stop
}
run "GET /healthz (anonymous)" "$U/healthz"
run "GET /api/v1/issues (anonymous: public issues only)" "$U/api/v1/issues"
run "GET /api/v1/issues (psirt token: all issues)" -H "Authorization: Bearer $TOK" "$U/api/v1/issues"
run "GET /api/v1/issues/SEC-3 (psirt token; an audited read)" -H "Authorization: Bearer $TOK" "$U/api/v1/issues/SEC-3"
# the web pages: the same gate, then HTML through html.h (and cmark)
run "GET /vulnerabilities (anonymous: the public page)" "$U/vulnerabilities"
run "GET /dashboard (psirt token: every queue)" -H "Authorization: Bearer $TOK" "$U/dashboard"
run "GET /issues/SEC-3 (psirt token: the issue page, an audited read)" -H "Authorization: Bearer $TOK" "$U/issues/SEC-3"
run "GET /api/v1/search?q=overflow (psirt token: FTS5 over what psirt sees)" -H "Authorization: Bearer $TOK" "$U/api/v1/search?q=overflow"
echo "== server peak resident memory (largest of the cases): $PEAK kB"
