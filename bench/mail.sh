#!/bin/sh
# bench/mail.sh — how fast mail moves through vigil: N reports mailed to
# `vigil mail-intake` one process each (as an MTA runs it), then the
# outbox they filled (acknowledgements to the reporters, notices to psirt)
# delivered by `vigil mail-send` passes to a real SMTP server on loopback
# (tests/integration/mail/smtp_sink.py, python3-aiosmtpd). Prints the time
# per intake and the messages sent per second. Usage: bench/mail.sh
# [BUILD-DIR] [N]. Numbers are for the record in docs/mail-transport.md,
# never a pass/fail test.
set -eu
cd "$(dirname "$0")/.."
B="${1:-build}"
N="${2:-200}"
V="$PWD/$B/src/cli/vigil"
T=$(mktemp -d)
SINK=""
trap '[ -n "$SINK" ] && kill "$SINK" 2>/dev/null; rm -rf "$T"' EXIT
sh scripts/demo.sh "$V" "$T/v.db" >/dev/null
now() { date +%s.%N; }
i=0
t0=$(now)
while [ "$i" -lt "$N" ]; do
	i=$((i + 1))
	printf 'From: Reporter %d <r%d@reporters.example>\r\nTo: security@example.org\r\nSubject: Crash in parser %d\r\nMessage-ID: <bench-%d@reporters.example>\r\nDate: Tue, 01 Dec 2026 10:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe parser crashes on input %d.\r\n' \
		"$i" "$i" "$i" "$i" "$i" | "$V" --db "$T/v.db" mail-intake --keep "$T/held" >/dev/null 2>&1
done
t1=$(now)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir "$T/out"
/usr/bin/python3 tests/integration/mail/smtp_sink.py "$PORT" "$T/out" 2>/dev/null &
SINK=$!
# wait until the server answers: a refused connection would back the
# messages off for a minute
python3 - "$PORT" <<'PY'
import socket, sys, time
for _ in range(100):
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()
        break
    except OSError:
        time.sleep(0.1)
PY
"$V" --db "$T/v.db" --as admin config set smtp_url "smtp://127.0.0.1:$PORT" >/dev/null
t2=$(now)
before=-1
while :; do
	"$V" --db "$T/v.db" mail-send >/dev/null 2>&1 || true
	sent=$(ls "$T/out" | grep -c '\.eml$' || true)
	[ "$sent" = "$before" ] && break
	before=$sent
done
t3=$(now)
python3 - "$N" "$t0" "$t1" "$t2" "$t3" "$sent" <<'PY'
import sys
n, t0, t1, t2, t3, sent = int(sys.argv[1]), *map(float, sys.argv[2:6]), int(sys.argv[6])
print("== mail-intake: %d reports in %.2f s: %.1f ms per message (one process each)"
      % (n, t1 - t0, 1000 * (t1 - t0) / n))
print("== mail-send: %d messages delivered in %.2f s: %.0f messages/s"
      % (sent, t3 - t2, sent / (t3 - t2) if t3 > t2 else 0))
PY
