#!/bin/sh
# test.sh — install what vigil needs (Debian 12, as root), build it with
# warnings as errors, run the whole test suite, then build it again with
# AddressSanitizer and UndefinedBehaviorSanitizer and run the suite there.
# Ends with one line "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh --test || exit 1
status=0
passed=0
failed=0
count() {
	# count results of the last meson test run in build dir $1
	log="$1/meson-logs/testlog.json"
	[ -f "$log" ] || return
	p=$(grep -c '"result": "OK"' "$log")
	f=$(grep -c -E '"result": "(FAIL|TIMEOUT|ERROR|UNEXPECTEDPASS)"' "$log")
	passed=$((passed + p))
	failed=$((failed + f))
}
run() {
	dir="$1"; shift
	rm -rf "$dir"
	if ! meson setup "$dir" "$@" >"$dir.setup.log" 2>&1; then
		cat "$dir.setup.log"; status=1; failed=$((failed + 1)); return
	fi
	rm -f "$dir.setup.log"
	if ! ninja -C "$dir"; then
		status=1; failed=$((failed + 1)); return
	fi
	meson test -C "$dir" --print-errorlogs --num-processes 2 || status=1
	count "$dir"
}
run build-test
run build-asan -Db_sanitize=address,undefined -Db_lundef=false
echo "$passed passed, $failed failed"
exit $status
