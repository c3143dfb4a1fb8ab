#!/bin/sh
# bench/http.sh — throughput and latency of `vigil serve` on loopback,
# measured with wrk (Debian's package) against the demo database: the
# health check, the issue list and one issue as psirt (bearer token, so
# every request opens its own SQLite connection and passes the gate), and
# the issue list as an anonymous visitor; the public vulnerabilities page,
# the dashboard and an issue page as psirt, and a full-text search. Prints wrk's summary per case and
# the server's peak resident memory. Usage: bench/http.sh [BUILD-DIR]
# Numbers are for the record in docs/serve.md, never a pass/fail test.
set -eu
cd "$(dirname "$0")/.."
B="${1:-build}"
V="$PWD/$B/src/cli/vigil"
command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null
T=$(mktemp -d)
trap 'kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; rm -rf "$T"' EXIT
sh scripts/demo.sh "$V" "$T/v.db" >/dev/null
TOK=$("$V" --db "$T/v.db" --as alice token create bench --scope read | sed -n 's/^token: //p')
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$V" --db "$T/v.db" serve --listen "127.0.0.1:$PORT" --tick 0 2>"$T/serve.log" &
PID=$!
for i in 1 2 3 4 5 6 7 8 9 10; do
	grep -q listening "$T/serve.log" 2>/dev/null && break
	sleep 0.2
done
U="http://127.0.0.1:$PORT"
run() {
	echo "== $1"
	shift
	wrk -t2 -c16 -d10s --latency "$@" | grep -E "Requests/sec|Latency  |50%|99%|Non-2xx"
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
echo "== server peak resident memory: $(grep VmHWM /proc/$PID/status | awk '{print $2, $3}')"
