#!/usr/bin/env bash
# `ssdpmac read` on a capture of the corpus: the BPF program (BPF_PROG_TEST_RUN) and the host
# parser print the same records and counters; a damaged capture is an error naming the packet.
set -euo pipefail
cd "$(dirname "$0")/.."
B=${B:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "read.sh: FAIL: $*" >&2; exit 1; }
# has FILTER FILE: some record passes FILTER (jq 1.6's -e only looks at the last input)
has() { jq -e -s "map($1) | length > 0" "$2" >/dev/null; }

$B/tests/mkpcap "$tmp/c.pcap" tests/data/ssdp/*.txt
n=$(ls tests/data/ssdp/*.txt | wc -l)

$B/ssdpmac read "$tmp/c.pcap" >"$tmp/k.jsonl" || fail "read (bpf) failed"
$B/ssdpmac read --userspace "$tmp/c.pcap" >"$tmp/u.jsonl" || fail "read --userspace failed"
sed 's/"parser":"bpf"/"parser":"userspace"/' "$tmp/k.jsonl" | cmp -s - "$tmp/u.jsonl" ||
	{ diff "$tmp/k.jsonl" "$tmp/u.jsonl" | head; fail "kernel and userspace records differ"; }

summary=$(tail -n 1 "$tmp/k.jsonl")
packets=$(jq -r .packets <<<"$summary")
total=$(jq '[.outcomes[]] | add' <<<"$summary")
dups=$(jq .outcomes.duplicate <<<"$summary")
events=$(( $(wc -l <"$tmp/k.jsonl") - 1 ))
[ "$packets" -eq $((2 * n)) ] || fail "packets $packets, want $((2 * n))"
[ "$total" -eq "$packets" ] || fail "outcomes add up to $total, not $packets"
[ "$dups" -eq "$events" ] || fail "each message sent twice: $dups duplicates for $events events"
sent=$(jq '.outcomes | .event_uuid + .event_uuid_text + .event_text' <<<"$summary")
[ "$sent" -eq "$events" ] || fail "event outcomes count $sent, records $events"
has 'select((.usn // "") | startswith("uuid:f81d4fae")) | select(.class == "v1-mac" and
	.vendor == "Intel Corporation" and .mac == "00:a0:c9:1e:6b:f6")' "$tmp/k.jsonl" ||
	fail "the Intel v1 UUID is not named"
has 'select((.usn // "") | startswith("uuid:RINCON_")) | select(.class == "embedded-mac" and
	.vendor == "Sonos, Inc." and .nt != null)' "$tmp/k.jsonl" ||
	fail "the Sonos NOTIFY is not named"
has 'select((.usn // "") | startswith("uuid:3f1e2d4c")) | select(.class == "no-mac" and .mac == null)' \
	"$tmp/k.jsonl" || fail "01-NLS was read as a MAC"

# a damaged capture: cut in the middle of the fifth packet
size=$(stat -c %s "$tmp/c.pcap")
head -c $((size / 3)) "$tmp/c.pcap" >"$tmp/cut.pcap"
if $B/ssdpmac read --userspace "$tmp/cut.pcap" >/dev/null 2>"$tmp/err"; then
	fail "a damaged capture was read without an error"
fi
grep -q "packet [0-9]" "$tmp/err" || fail "the error does not name the packet: $(cat "$tmp/err")"
echo "read.sh: 1 passed, 0 failed"
