#!/bin/sh
# install-deps.sh [--test] — install what vigil needs to build (and test) on Debian 12,
# from Debian's own packages. Run as root. Installs nothing that is present.
set -eu
# To build and run vigil:
PKGS="gcc clang meson ninja-build pkg-config python3 sqlite3
      libsqlite3-dev libsodium-dev libjansson-dev libcmocka-dev
      liboath-dev libmicrohttpd-dev libcurl4-openssl-dev openssl"
# web pages: cmark renders Markdown in safe mode, libqrencode draws the QR
# code of TOTP enrolment
PKGS="$PKGS libcmark-dev libqrencode-dev"
# mail: GMime, GPGME and GnuPG, libxml2's HTML parser
PKGS="$PKGS libgmime-3.0-dev libgpgme-dev gnupg libxml2-dev"
# With --test, also what the test suite runs against: JSON Schema checks of
# the advisories, the loopback SMTP server of the mail tests, Debian's
# Chromium for the browser tests (a font for the screenshots, zbarimg to
# read back the QR code), and node/npm
# for playwright-core unless a node is already there.
if [ "${1:-}" = "--test" ]; then
	PKGS="$PKGS python3-jsonschema python3-aiosmtpd chromium chromium-driver fonts-dejavu-core
	      zbar-tools"
	command -v node >/dev/null 2>&1 || PKGS="$PKGS nodejs npm"
fi
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "install-deps: missing packages:$missing (run as root to install)" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
	echo "install-deps: installed$missing"
fi
