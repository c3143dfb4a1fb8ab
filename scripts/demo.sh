#!/bin/sh
# demo.sh — create a demonstration database with people in every role,
# subsystems, releases (one LTS) and issues in every state, by driving the
# vigil CLI exactly as a user would. Usage: demo.sh VIGIL DBPATH
set -eu
V="$1"
export VIGIL_DB="$2"
rm -f "$VIGIL_DB" "$VIGIL_DB-wal" "$VIGIL_DB-shm"
# the demo happens in early 2027; each step sets its own date
at() { VIGIL_NOW="$1"; export VIGIL_NOW; }
at 2027-01-04T09:00:00Z
"$V" init --admin admin --email admin@example.org >/dev/null
as() { who="$1"; shift; "$V" --as "$who" "$@"; }
as admin user add alice --email alice@example.org --name "Alice (PSIRT lead)" --role psirt >/dev/null
as admin user add carol --email carol@example.org --name "Carol (PSIRT)" --role psirt >/dev/null
as admin user add dora --email dora@example.org --name "Dora (director)" --role director >/dev/null
for u in mia:"Mia (net maintainer)" ben:"Ben (bluetooth maintainer)" \
         dev:"Dev (developer)" rita:"Rita (release manager, LTS)" \
         ravi:"Ravi (release manager)" arch:"Archie (architect)" \
         rep:"Reina Reporter" other:"Otto Reporter"; do
	as admin user add "${u%%:*}" --email "${u%%:*}@example.org" --name "${u#*:}" >/dev/null
done
as alice subsystem add net --path 'subsys/net/**' --path 'include/net/**' --maintainer mia --architect arch >/dev/null
as alice subsystem add bluetooth --path 'subsys/bluetooth/**' --maintainer ben >/dev/null
as alice release add v3.7.0 --branch v3.7-branch --date 2024-07-26 --lts --manager rita >/dev/null
as alice release add v4.0.0 --branch v4.0-branch --date 2024-11-15 --manager ravi >/dev/null
as alice release add v4.1.0 --branch v4.1-branch --date 2025-03-07 --manager ravi >/dev/null
as alice release add v4.2.0 --branch main --date 2027-02-20 --manager ravi >/dev/null
as alice cve reserve CVE-2027-0001..CVE-2027-0020 >/dev/null

report() { as "$1" report --title "$2" --description "$3" --version v4.1.0 ${4:-}; }
# SEC-1: taken all the way to public
k1=$(report rep "Buffer overflow in the DNS resolver" "A long CNAME chain overflows the name buffer in dns_resolve.")
as alice issue ack "$k1"
as alice issue set "$k1" --subsystem net --priority P1 --embargo yes --introduced v3.5.0 \
	--cvss CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H
as alice issue assign "$k1" dev
as alice cve assign "$k1" >/dev/null
as dev fix add "$k1" https://git.example.org/product/pull/101 --branch main --commit 1f2e3d4c5b6a
as alice issue comment "$k1" "Root cause confirmed; keep the PoC private." --internal
as alice issue comment "$k1" "Thanks, we reproduced it and a fix is under review."
at 2027-01-20T10:00:00Z
as mia fix merged "$k1" https://git.example.org/product/pull/101
as rita backport set "$k1" v3.7.0 merged
at 2027-02-20T10:00:00Z
as alice issue move "$k1" released --release v4.2.0
as alice issue publish "$k1" --reason "fix released; downstream vendors ready" >/dev/null
as carol issue publish "$k1" >/dev/null
# SEC-2 in review, SEC-3 accepted (with backports), SEC-4 assigned, SEC-5 triage, SEC-6 new, SEC-7 rejected
at 2027-02-01T09:00:00Z
k2=$(report other "Bluetooth pairing accepts a zero key" "Pairing with a zero-length key succeeds.")
as alice issue ack "$k2"
as alice issue set "$k2" --subsystem bluetooth --priority P2 --embargo yes --cvss CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N
as alice issue assign "$k2" ben
as ben fix add "$k2" https://git.example.org/product/pull/140 --branch main
k3=$(report rep "Integer underflow in the TCP window" "Window scaling underflows on a crafted SYN.")
as alice issue ack "$k3"
as alice issue set "$k3" --subsystem net --priority P2 --embargo yes --introduced v4.0.0 --cvss CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H
as alice issue assign "$k3" dev
as alice cve assign "$k3" >/dev/null
as dev fix add "$k3" https://git.example.org/product/pull/151 --branch main
as mia fix merged "$k3" https://git.example.org/product/pull/151
k4=$(report other "Heap use after free in the shell" "Closing the shell twice frees the context twice.")
as alice issue ack "$k4"
as alice issue set "$k4" --subsystem net --priority P3 --embargo no --cvss CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:L/I:L/A:L
as alice issue assign "$k4" mia
k5=$(as alice report --email-from rep --title "Timing leak in the TLS record layer" --description "Reported by e-mail.")
report other "Crash on a malformed MQTT packet" "A zero-length topic crashes the broker." >/dev/null
k7=$(report other "Crash on a malformed MQTT packet (again)" "Same as before.")
as alice issue reject "$k7" --resolution duplicate --duplicate-of "$k4"
echo "demo database: $VIGIL_DB"
