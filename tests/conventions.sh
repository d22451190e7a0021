#!/usr/bin/env bash
# The conventions table (user/core/conventions.tsv): the build takes the real one, and a row that
# does not parse fails the build with the file, the row's line and what is wrong with it. Every
# "mac" row's MAC goes through the traps a v1 node goes through, in decode and in `read` (the
# kernel's parser and the host's): multicast, broadcast, locally administered, all zero,
# unassigned and an SDK sample's node keep their trap class and name no vendor (needs root: BPF).
set -euo pipefail
cd "$(dirname "$0")/.."
TEST_NAME=conventions.sh
. tests/lib.sh
B=${B:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0

# build FILE: make the generated header from FILE alone; stderr in $tmp/err
build() { make --no-print-directory -s BUILD="$tmp/b" CONVENTIONS="$1" "$tmp/b/conventions.h" >/dev/null 2>"$tmp/err"; }

build user/core/conventions.tsv || fail "the table itself: $(cat "$tmp/err")"
grep -q '"RINCON_{mac}{any}"' "$tmp/b/conventions.h" || fail "the Sonos row is not in the tables"
passed=$((passed + 1))

# each bad row, appended at line N of a copy: the build fails naming FILE:N and the fault
n=$(($(wc -l <user/core/conventions.tsv) + 1))
while IFS='|' read -r row want; do
	cp user/core/conventions.tsv "$tmp/bad.tsv"
	printf '%b\n' "$row" >>"$tmp/bad.tsv"
	rm -rf "$tmp/b"
	if build "$tmp/bad.tsv"; then fail "a bad row built: $row"; fi
	grep -q "^$tmp/bad.tsv:$n: .*$want" "$tmp/err" || fail "no 'file:$n: $want' for '$row': $(cat "$tmp/err")"
	[ ! -e "$tmp/b/conventions.h" ] || fail "a bad table left a header behind"
done <<'ROWS'
mac\t{any}-1_0-{mac}\tno evidence column|4 tab-separated fields
mac\tRINCON_{max}\tSonos\tmsg/x|unknown token {max}
mac\tRINCON_{mac}{mac}\tSonos\tmsg/x|exactly one {mac}
mac\tRINCON_\tSonos\tmsg/x|exactly one {mac}
mac\tRINCON {mac}\tSonos\tmsg/x|character ' ' is not allowed
mac\tRINCON_{mac\tSonos\tmsg/x|unclosed or unknown
token\tSonos\tSo nos\tmsg/x|lower-case letters
constant\t0000-0000\tnil\tRFC|8-4-4-4-12
macs\tx{mac}\tx\tx|kind macs
mac\t\tSonos\tmsg/x|field 2 is empty
ROWS
passed=$((passed + 1))

# every_convention_keeps_every_trap: an identifier of each "mac" row ({hex} as 0, {any} as
# "Device") with each MAC: TRAP-MAC, class, MAC shown ("-": hidden), rule ("row": the row's name)
cat >"$tmp/traps" <<'TRAPS'
multicast 01005e000001 v1-random 01:00:5e:00:00:01 row
broadcast ffffffffffff v1-random ff:ff:ff:ff:ff:ff row
local 02a0c91e6bf6 v1-local 02:a0:c9:1e:6b:f6 row
zero 000000000000 v1-unassigned - row
unassigned dcffff000001 v1-unassigned dc:ff:ff:00:00:01 row
sdk-node 0060085db3f6 shared-constant - miniupnpd_sample_configuration_(a_3Com_node)
real 00a0c91e6bf6 embedded-mac 00:a0:c9:1e:6b:f6 row
TRAPS
# one line a case: address, USN, want class, want MAC, want rule, trap name
grep -v '^#' user/core/conventions.tsv | awk -F'\t' -v OFS='\t' '
	NR == FNR { split($0, t, " "); kind[++nt] = t[1]; hex[nt] = t[2]; cls[nt] = t[3]; mac[nt] = t[4]
		rule[nt] = t[5]; gsub(/_/, " ", rule[nt]); next }
	$1 == "mac" { rows++
		for (i = 1; i <= nt; i++) {
			id = $2; h = hex[i]
			gsub(/\{hex\}/, "0", id); gsub(/\{any\}/, "Device", id)
			flat = h; pairs[":"] = pairs["_"] = pairs["-"] = ""
			for (s in pairs) pairs[s] = substr(h, 1, 2) s substr(h, 3, 2) s substr(h, 5, 2) s \
				substr(h, 7, 2) s substr(h, 9, 2) s substr(h, 11, 2)
			sub(/\{mac\}/, flat, id); sub(/\{mac:\}/, pairs[":"], id)
			sub(/\{mac_\}/, pairs["_"], id); sub(/\{mac-\}/, pairs["-"], id)
			r = rule[i] == "row" ? $3 : rule[i]
			print "198.18." rows "." i, "uuid:" id "::upnp:rootdevice", cls[i], mac[i], r, kind[i] } }' \
	"$tmp/traps" - >"$tmp/cases.tsv"
[ "$(wc -l <"$tmp/cases.tsv")" -ge $((7 * 9)) ] || fail "too few cases: $(wc -l <"$tmp/cases.tsv")"
# check FILE WHAT: FILE's records (address, class, MAC, vendor, rule) are the cases'
check() {
	local bad
	bad=$(join -t$'\t' <(sort "$tmp/cases.tsv") <(sort "$1") | awk -F'\t' '
		{ n++ }
		$7 != $3 || ($8 == "" ? "-" : $8) != $4 || ($6 == "real") != ($9 != "") || $10 != $5 {
			print $2 " (" $6 "): " $7 " " $8 " [" $9 "] " $10 ", want " $3 " " $4 " " $5 }
		END { if (n != '"$(wc -l <"$tmp/cases.tsv")"') print "only " n " records" }' | head -5)
	[ -z "$bad" ] || fail "$2: $bad"
}
while IFS=$'\t' read -r addr usn _; do
	$B/ssdpmac decode "$usn" | jq -r --arg a "$addr" '[$a, .class, (.mac // ""), (.vendor // ""),
		(.rule // "")] | @tsv'
done <"$tmp/cases.tsv" >"$tmp/decoded.tsv"
check "$tmp/decoded.tsv" decode
grep -q 'Intel Corporation' "$tmp/decoded.tsv" || fail "no real MAC was named (the cases match no row)"
passed=$((passed + 1))

# the same USNs as replies in a capture, through the kernel's parser and the host's
cut -f1,2 "$tmp/cases.tsv" | tr '\t' ' ' >"$tmp/spec"
$B/tests/mkpcap "$tmp/t.pcap" --spec "$tmp/spec" || fail "mkpcap"
for mode in "" --userspace; do
	$B/ssdpmac read $mode "$tmp/t.pcap" >"$tmp/r.jsonl" 2>"$tmp/err" || fail "read $mode: $(cat "$tmp/err")"
	head -n -1 "$tmp/r.jsonl" | jq -r '[.addr, .class, (.mac // ""), (.vendor // ""), (.rule // "")] |
		@tsv' >"$tmp/read.tsv"
	check "$tmp/read.tsv" "read $mode"
done
passed=$((passed + 1))
echo "conventions.sh: $passed passed, 0 failed"
