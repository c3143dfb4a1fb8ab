#!/bin/sh
# install-deps.sh — install what vigil needs to build and test on Debian 12,
# from Debian's own packages. Run as root. Installs nothing that is present.
set -eu
PKGS="gcc clang meson ninja-build pkg-config python3 sqlite3
      libsqlite3-dev libsodium-dev libjansson-dev libcmocka-dev
      liboath-dev libmicrohttpd-dev libcurl4-openssl-dev openssl python3-jsonschema"
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
