#!/bin/sh
# quickstart.sh — install what vigil needs (Debian 12, as root), build it,
# create a demonstration database and show how to use it.
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh
[ -d build ] || meson setup build --buildtype=release >/dev/null
ninja -C build >/dev/null
sh scripts/demo.sh build/src/cli/vigil "$PWD/vigil.db"
cat <<TXT

vigil is built: build/src/cli/vigil, with a demo database in ./vigil.db.
The demo's people: admin (admin), alice and carol (psirt), dora (director),
mia and ben (maintainers), dev (assignee), rita and ravi (release managers),
arch (architect), rep and other (reporters). Try:

  export VIGIL_DB=$PWD/vigil.db PATH=$PWD/build/src/cli:\$PATH
  vigil --as alice issue list           # psirt sees everything
  vigil --as rep issue list             # a reporter sees their own reports
  vigil --as mia issue show SEC-3       # maintainer of net
  vigil --as ben issue show SEC-3       # not ben's subsystem: "not found"
  vigil --as alice issue assign SEC-5 dev   # refused: names what is missing
  vigil --as admin audit verify
  vigil --help                          # every command has --help
TXT
