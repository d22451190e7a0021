#!/usr/bin/env bash
# Frames of odd sizes through every capture path (issue #18 items 7, 8): a 4054-byte Mirai SYN,
# a 3-byte and a 13-byte frame each land in exactly one outcome, in `sensor --read`, `read` (the
# BPF program through BPF_PROG_TEST_RUN) and `read --userspace`; none aborts the run. Root.
set -euo pipefail
cd "$(dirname "$0")/.."
TEST_NAME=odd_frames.sh
. tests/lib.sh
B=${B:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0

$B/tests/mkpcap "$tmp/odd.pcap" --odd tests/data/ssdp/reply_usn_first.txt
frames=6

# sensor_read_counts_every_frame: 2 Mirai SYNs (one of 4054 bytes), 1 plain SYN, 2 runts
# (truncated), 1 UDP datagram (not TCP), and nothing else
$B/ssdpmac -v sensor --read "$tmp/odd.pcap" --metrics off 2>"$tmp/sensor.err" ||
	fail "sensor --read failed: $(cat "$tmp/sensor.err")"
out() { awk -v o="$2" '$1 == "ssdpmac_sensor_packets_total{outcome=\"" o "\"}" { print $2 }' "$1"; }
total=$(awk '/^ssdpmac_sensor_packets_total\{/ { s += $2 } END { print s + 0 }' "$tmp/sensor.err")
[ "$total" -eq $frames ] || fail "sensor_read_counts_every_frame: outcomes add up to $total of $frames"
[ "$(out "$tmp/sensor.err" syn_mirai)" = 2 ] ||
	fail "sensor_read_counts_every_frame: the 4054-byte Mirai SYN is not a Mirai SYN"
[ "$(out "$tmp/sensor.err" syn)" = 1 ] || fail "sensor_read_counts_every_frame: plain SYN"
[ "$(out "$tmp/sensor.err" truncated)" = 2 ] ||
	fail "sensor_read_counts_every_frame: the 3- and 13-byte frames are not truncated"
[ "$(out "$tmp/sensor.err" not_tcp)" = 1 ] || fail "sensor_read_counts_every_frame: not_tcp"
passed=$((passed + 1))

# read_counts_runts_as_truncated: the kernel path goes on past a frame the test run cannot take,
# counts it, and agrees with the host parser frame for frame
for mode in "" --userspace; do
	$B/ssdpmac read $mode "$tmp/odd.pcap" >"$tmp/r.jsonl" 2>"$tmp/r.err" ||
		fail "read_counts_runts_as_truncated: read $mode aborted: $(cat "$tmp/r.err")"
	s=$(tail -n 1 "$tmp/r.jsonl")
	[ "$(jq -r .packets <<<"$s")" -eq $frames ] || fail "read $mode: packets $(jq .packets <<<"$s")"
	[ "$(jq '[.outcomes[]] | add' <<<"$s")" -eq $frames ] ||
		fail "read_counts_runts_as_truncated: read $mode outcomes add up to $(jq '[.outcomes[]] | add' <<<"$s")"
	[ "$(jq .outcomes.truncated <<<"$s")" -eq 2 ] ||
		fail "read_counts_runts_as_truncated: read $mode: truncated $(jq .outcomes.truncated <<<"$s"), want 2"
	[ "$(jq .outcomes.not_udp <<<"$s")" -eq 3 ] || fail "read $mode: the 3 SYNs are not not_udp"
	[ "$(jq .outcomes.event_uuid <<<"$s")" -eq 1 ] || fail "read $mode: the reply is not an event"
	sed 's/"parser":"bpf"/"parser":"userspace"/' "$tmp/r.jsonl" >"$tmp/r$mode.jsonl"
done
cmp -s "$tmp/r.jsonl" "$tmp/r--userspace.jsonl" ||
	fail "read_counts_runts_as_truncated: kernel and userspace differ"
passed=$((passed + 1))
echo "odd_frames.sh: $passed passed, 0 failed"
