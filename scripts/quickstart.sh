#!/bin/sh
# quickstart.sh — install what vigil needs (Debian 12, as root), build it,
# create a demonstration database (first run only), print how the first
# admin signs in, and start `vigil serve` on 127.0.0.1:8080 (Ctrl-C stops it).
# Set VIGIL_LISTEN=ADDR:PORT to listen elsewhere.
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh
[ -d build ] || meson setup build --buildtype=release >/dev/null
ninja -C build >/dev/null
V="$PWD/build/src/cli/vigil"
DB="$PWD/vigil.db"
LISTEN="${VIGIL_LISTEN:-127.0.0.1:8080}"
[ -f "$DB" ] || sh scripts/demo.sh "$V" "$DB"
# a fresh random password for the first admin, shown only here
PW=$("$V" --db "$DB" --as admin user password admin | sed -n 's/^password: //p')
cat <<TXT

vigil is built (build/src/cli/vigil) with a demo database in ./vigil.db:
admin (admin), alice and carol (psirt), dora (director), mia and ben
(maintainers), dev (assignee), rita and ravi (release managers), arch
(architect), rep and other (reporters).

Sign in as the first admin at http://$LISTEN/login

  login:    admin
  password: $PW

or through the JSON API:

  curl -si -c jar -H 'Content-Type: application/json' \\
       -d '{"login":"admin","password":"$PW"}' http://$LISTEN/api/v1/login
  curl -s -b jar http://$LISTEN/api/v1/people

Give someone a password with 'vigil --as admin user password LOGIN'; people
who see embargoed data enrol TOTP at their first sign-in (docs/serve.md).
The same data from the command line (local mode, on the database file):

  export VIGIL_DB=$DB PATH=$PWD/build/src/cli:\$PATH
  vigil --as alice issue list           # psirt sees everything
  vigil --as rep issue list             # a reporter sees their own reports
  vigil --as ben issue show SEC-3       # not ben's subsystem: "not found"
  vigil --as alice issue assign SEC-5 dev   # refused: names what is missing
  vigil --help                          # every command has --help

Starting vigil serve on http://$LISTEN (Ctrl-C to stop) ...
TXT
exec "$V" --db "$DB" serve --listen "$LISTEN"
