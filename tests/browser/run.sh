#!/bin/sh
# run.sh — the browser tests: installs playwright-core (npm ci, from the
# package-lock.json beside this script) into BUILD-DIR/browser-npm when it is
# missing or the lock file changed, then runs scenario.js, account.js and
# forms.js with Debian's Chromium (/usr/bin/chromium). Each starts `vigil serve`
# itself on a free loopback port and writes screenshots to
# BUILD-DIR/screenshots.
#
#   tests/browser/run.sh PATH-TO-VIGIL BUILD-DIR
#
# Exit status 0 when every check of all three passed. VIGIL_TEST_KEEP_GOING=1
# runs every step even after a failure; VIGIL_TEST_KEEP_TMP=1 keeps the
# temporary directories (database, server log).
set -eu
if [ $# -ne 2 ]; then
	echo "usage: $0 PATH-TO-VIGIL BUILD-DIR" >&2
	exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
vigil=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
build=$(mkdir -p "$2" && cd "$2" && pwd)
for tool in node npm /usr/bin/chromium; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "browser tests: $tool is missing (scripts/install-deps.sh --test installs it)" >&2
		exit 1
	}
done
npmdir=$build/browser-npm
if [ ! -f "$npmdir/node_modules/playwright-core/package.json" ] ||
	! cmp -s "$here/package-lock.json" "$npmdir/package-lock.json"; then
	mkdir -p "$npmdir"
	cp "$here/package.json" "$here/package-lock.json" "$npmdir/"
	(cd "$npmdir" && npm ci --no-audit --no-fund --loglevel=error) >&2
fi
# scenario.js empties the screenshot directory first; account.js (TOTP
# enrolment by QR code, the phone navigation) and forms.js (the forms the
# scenario does not submit, with refusals) add theirs after it
status=0
NODE_PATH=$npmdir/node_modules node "$here/scenario.js" "$vigil" "$build/screenshots" ||
	status=1
NODE_PATH=$npmdir/node_modules node "$here/account.js" "$vigil" "$build/screenshots" ||
	status=1
NODE_PATH=$npmdir/node_modules node "$here/forms.js" "$vigil" "$build/screenshots" ||
	status=1
exit $status
