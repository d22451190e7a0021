#!/usr/bin/env bash
# The demo a new user runs first (sudo make demo). Until the lab of network namespaces exists
# (issue 5) it shows the method on recorded replies: decode one UUID, then classify a capture
# of SSDP replies through the real XDP program (BPF_PROG_TEST_RUN) and count devices by vendor.
set -euo pipefail
cd "$(dirname "$0")/.."
B=build
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== One USN header value, decoded (ssdpmac decode --text)"
$B/ssdpmac decode --text 'uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6::upnp:rootdevice'
echo
echo "== A capture of SSDP replies through the XDP classifier (ssdpmac read)"
$B/tests/mkpcap "$tmp/replies.pcap" tests/data/ssdp/*.txt
mode=()
[ "$(id -u)" -eq 0 ] || { mode=(--userspace); echo "(not root: the host build of the parser)"; }
$B/ssdpmac read "${mode[@]}" "$tmp/replies.pcap" >"$tmp/out.jsonl"
jq -r 'select(.class) | [.addr, .class, (.mac // "-"), (.vendor // "-")] | @tsv' "$tmp/out.jsonl" |
	column -t -s $'\t' -N ADDRESS,CLASS,MAC,VENDOR
echo
echo "== Devices by vendor"
jq -r 'select(.vendor) | .vendor' "$tmp/out.jsonl" | sort | uniq -c | sort -rn
echo
echo "== Every packet in exactly one outcome"
tail -n 1 "$tmp/out.jsonl" | jq -c '{packets, outcomes: (.outcomes | with_entries(select(.value > 0)))}'
