#!/usr/bin/env bash
# sudo make demo: the method on the built-in lab, as a user runs it. The lab (scripts/lab.sh)
# simulates an internet of UPnP devices in network namespaces; the scanner probes every device
# address with M-SEARCH (ssdpmac probe), the XDP classifier on the scanner's link decodes the
# replies (ssdpmac classify), and the table names the vendors behind them. The darknet sensor
# and the infected-device report join this as they are built (issues 7 and 8).
set -euo pipefail
cd "$(dirname "$0")/.."
B=build
export LAB_DIR
LAB_DIR=$(mktemp -d)
PIN=/sys/fs/bpf/ssdpmac-demo
tmp=$(mktemp -d)
cls_pid=
cleanup() {
	[ -z "$cls_pid" ] || kill "$cls_pid" 2>/dev/null || true
	scripts/lab.sh down >/dev/null 2>&1 || true
	rm -rf "$PIN" "$tmp" "$LAB_DIR"
}
trap cleanup EXIT
[ "$(id -u)" -eq 0 ] || { echo "demo: the lab needs root: sudo make demo" >&2; exit 1; }
scan() { nsenter --net=/run/netns/ssdpmac-scan "$@"; }

echo "== 1. The lab: a simulated internet in network namespaces (198.18.0.0/15 only)"
scripts/lab.sh up --devices 5000 --seed 2017 --duration 120

echo
echo "== 2. The XDP classifier on the scanner's link (ssdpmac classify)"
scan $B/ssdpmac classify -i scan0 --pin-dir "$PIN" -o "$tmp/devices.jsonl" --probe-key 2017 \
	--metrics 127.0.0.1:9477 2>"$tmp/classify.log" &
cls_pid=$!
for _ in $(seq 100); do grep -q "metrics on" "$tmp/classify.log" && break; sleep 0.1; done
cat "$tmp/classify.log"

echo
echo "== 3. M-SEARCH to every address of the device range (ssdpmac probe)"
scan $B/ssdpmac probe --key 2017 -r 20000 --allow-reserved 198.18.0.0/15 198.18.0.0/16
sleep 2

echo
echo "== 4. What the classifier counted (/metrics, pinned maps under $PIN)"
scan curl -sf http://127.0.0.1:9477/metrics | grep -E '^ssdpmac_(packets|class_devices)_total' |
	grep -v ' 0$'
kill -TERM "$cls_pid"
wait "$cls_pid" || true
cls_pid=

echo
echo "== 5. Devices by vendor (class v1-mac: the MAC in a version-1 UUID; embedded-mac: a"
echo "      stack's own convention; no vendor is named for random or local nodes)"
jq -r -s 'map(select(.vendor)) | group_by(.vendor) | map({v: .[0].vendor, n: length,
	ouis: (map(.oui) | unique | join(" ")), emb: map(select(.class == "embedded-mac")) | length})
	| sort_by(-.n) | .[:15][] | "\(.n)\t\(.emb)\t\(.v)\t\(.ouis)"' "$tmp/devices.jsonl" |
	awk -F'\t' 'BEGIN { printf "%8s %9s  %-40s %s\n", "DEVICES", "EMBEDDED", "VENDOR", "PREFIXES" }
		{ printf "%8d %9d  %-40.40s %.40s\n", $1, $2, $3, $4 }'
echo
echo "== 6. Against the simulator's ground truth"
jq -n --slurpfile t "$LAB_DIR/truth.jsonl" --slurpfile a "$tmp/devices.jsonl" -r '
	($a | map({key: .addr, value: .}) | from_entries) as $got |
	[$t[] | select(.answers and .class != null)] as $want |
	[$want[] | select($got[.addr].class == .class and $got[.addr].vendor == .vendor)] as $ok |
	"\($ok | length) of \($want | length) answering devices recovered with the right class and vendor",
	([$want[] | select($got[.addr].class != .class or $got[.addr].vendor != .vendor) | {addr, class, vendor, got: $got[.addr].class}] | .[:5][] | tostring)'
