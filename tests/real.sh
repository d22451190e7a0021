#!/usr/bin/env bash
# The real corpus (tests/data/real): what devices actually sent, from public sources.
#   captures: every SSDP sender with a USN gets a record, in the kernel (BPF_PROG_TEST_RUN) and the
#             host parser alike, and the event outcomes count the records (pcaps.tsv);
#   messages: each through decode, the host parser and the kernel (read on a capture made of
#             them), with the class, MAC, vendor and confidence index.tsv says; no vendor for a trap.
# `tests/real.sh --yield` prints the yield table instead (no root needed).
set -euo pipefail
cd "$(dirname "$0")/.."
TEST_NAME=real.sh
. tests/lib.sh
B=${B:-build}
D=tests/data/real
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0

# rows of an index without its comment and header lines
rows() { grep -v '^#' "$1" | tail -n +2; }

# decode every message (two at a time: each run loads the IEEE registry)
decode_all() {
	rows $D/index.tsv | cut -f1 | xargs -P 2 -I{} sh -c \
		"$B/ssdpmac decode - <$D/{} | jq -c --arg f {} '. + {file: \$f}'" >"$tmp/decoded.jsonl"
}

# The yield table: devices (messages) with a vendor named over those with a MAC in the message,
# by class and confidence, from the index (what a correct reader must reach) and from decode.
if [ "${1:-}" = --yield ]; then
	decode_all
	rows $D/index.tsv | awk -F'\t' '{ print $1 "\t" $7 "\t" $8 "\t" $9 "\t" $10 }' >"$tmp/idx.tsv"
	jq -r '[.file, .class, (.mac // ""), (.vendor // ""), (.confidence // "")] | @tsv' \
		"$tmp/decoded.jsonl" >"$tmp/got.tsv"
	# a device family counts once however many messages show it (column 4); "without fixtures":
	# families that some message shows other than a library's test fixture (why: "a test fixture")
	echo "real corpus: $(wc -l <"$tmp/idx.tsv") messages, $(rows $D/index.tsv | cut -f4 | sort -u | wc -l) device families ($(rows $D/index.tsv | awk -F'\t' '$12 !~ /a test fixture/' | cut -f4 | sort -u | wc -l) without library test fixtures), $(rows $D/index.tsv | cut -f2 | sed 's/[@ ].*//' | sort -u | wc -l) sources"
	printf '%-15s %-13s %9s %9s %9s\n' class confidence messages "with MAC" named
	sort -t$'\t' -k2,2 -k5,5 "$tmp/got.tsv" | awk -F'\t' '
		{ k = $2 "\t" ($5 == "" ? "-" : $5); n[k]++; if ($3 != "") m[k]++; if ($4 != "") v[k]++ }
		END { for (k in n) { split(k, a, "\t"); printf "%-15s %-13s %9d %9d %9d\n", a[1], a[2], n[k], m[k], v[k] } }' |
		sort
	# a MAC in the message: the index's own reading (what an analyst finds by hand)
	# a MAC in the message: the index's own reading (a node under no registered prefix, random
	# or local is no vendor's MAC)
	awk -F'\t' '$3 != "" && $2 !~ /^v1-(unassigned|random|local)$/ { mac++ }
		END { print "messages whose USN holds a vendor'"'"'s MAC (index): " mac }' "$tmp/idx.tsv"
	join -t$'\t' <(sort "$tmp/idx.tsv") <(sort "$tmp/got.tsv") |
		awk -F'\t' '$3 != "" && $2 !~ /^v1-(unassigned|random|local)$/ { m++; if ($8 != "") v++ }
		END { printf "named / holding a MAC: %d / %d (%.0f%%)\n", v, m, 100 * v / m }'
	exit 0
fi

# captures_every_sender_gets_a_record: kernel and host, event outcomes = records
while IFS=$'\t' read -r file src filter senders; do
	for mode in "" --userspace; do
		$B/ssdpmac read $mode "$D/pcap/$file" >"$tmp/r.jsonl" 2>"$tmp/err" ||
			fail "read $mode $file: $(cat "$tmp/err")"
		records=$(($(wc -l <"$tmp/r.jsonl") - 1))
		sent=$(tail -n 1 "$tmp/r.jsonl" | jq '.outcomes | .event_uuid + .event_uuid_text + .event_text')
		[ "$sent" -eq "$records" ] || fail "read $mode $file: event outcomes $sent, records $records"
		for s in $senders; do
			has "select(.addr == \"$s\")" "$tmp/r.jsonl" ||
				fail "read $mode $file: no record for the SSDP sender $s"
		done
		sed 's/"parser":"bpf"/"parser":"userspace"/' "$tmp/r.jsonl" >"$tmp/r$mode.jsonl"
	done
	cmp -s "$tmp/r.jsonl" "$tmp/r--userspace.jsonl" ||
		fail "read $file: kernel and host records differ"
done < <(rows $D/pcaps.tsv)
passed=$((passed + 1))

# the index's expectation per file: class, mac, vendor, confidence, trap
rows $D/index.tsv | awk -F'\t' '{ print $1 "\t" $7 "\t" $8 "\t" $9 "\t" $10 "\t" $11 }' | sort >"$tmp/want.tsv"
# check GOT.tsv WHAT: every file read as the index says (GOT: file, class, mac, vendor, confidence)
check() {
	local bad
	bad=$(join -t$'\t' -a1 "$tmp/want.tsv" <(sort "$1") | awk -F'\t' '
		NF < 10 { print $1 ": no record"; next }
		$6 == "yes" && $9 != "" { print $1 ": a trap named " $9; next }
		$2 != $7 || $3 != $8 || $4 != $9 || $5 != $10 {
			print $1 ": " $7 " " $8 " " $9 " " $10 ", want " $2 " " $3 " " $4 " " $5 }' | head -5)
	[ -z "$bad" ] || fail "$2: $bad"
}

# index_macs_of_captures_are_their_senders: where a message comes from a capture, the MAC the
# index expects is the frame's Ethernet source (independent of the USN)
bad=$(rows $D/index.tsv | awk -F'\t' '$8 != "" && match($5, /Ethernet source [0-9a-f:]+/) {
	n++; if (substr($5, RSTART + 16, 17) != $8) print $1 }
	END { if (n < 30) print "only " n " checked" }')
[ -z "$bad" ] || fail "index MAC is not the Ethernet source: $bad"
passed=$((passed + 1))

# messages_decode_as_the_index_says
decode_all
jq -r '[.file, .class, (.mac // ""), (.vendor // ""), (.confidence // "")] | @tsv' \
	"$tmp/decoded.jsonl" >"$tmp/got.tsv"
check "$tmp/got.tsv" "decode"
passed=$((passed + 1))

# messages_read_as_the_index_says: a capture of every message (each from its own address,
# 198.18.0.12 on), through the kernel and the host parser
mapfile -t files < <(rows $D/index.tsv | cut -f1)
$B/tests/mkpcap "$tmp/msgs.pcap" "${files[@]/#/$D/}"
for mode in "" --userspace; do
	$B/ssdpmac read $mode "$tmp/msgs.pcap" >"$tmp/m.jsonl" || fail "read $mode of the messages"
	head -n -1 "$tmp/m.jsonl" | jq -r '[(.addr | split(".")[3] | tonumber - 12), .class,
		(.mac // ""), (.vendor // ""), (.confidence // "")] | @tsv' |
		awk -F'\t' -v OFS='\t' 'NR == FNR { f[NR - 1] = $1; next } { $1 = f[$1]; print }' \
			<(printf '%s\n' "${files[@]}") - >"$tmp/got-read.tsv"
	check "$tmp/got-read.tsv" "read $mode"
done
passed=$((passed + 1))

echo "real.sh: $passed passed, 0 failed"
