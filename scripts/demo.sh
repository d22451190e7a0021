#!/usr/bin/env bash
# sudo make demo: the whole method on the built-in lab, as a user runs it.
#   1. the lab: a simulated internet of UPnP devices, some infected with Mirai (scripts/lab.sh)
#   2. the darknet sensor finds the hosts scanning 23/2323 with Mirai's fingerprint
#   3. the classifier (XDP) on the scanner's link, the prober sends M-SEARCH to the scanners
#   4. describe fetches the devices' descriptions (LOCATION): manufacturer and model
#   5. the report joins them: infected devices by vendor and model, with a chart
set -euo pipefail
cd "$(dirname "$0")/.."
B=build
export LAB_DIR
LAB_DIR=$(mktemp -d)
PIN=/sys/fs/bpf/ssdpmac-demo
OUT=${DEMO_OUT:-build/demo}
tmp=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	scripts/lab.sh down >/dev/null 2>&1 || true
	rm -rf "$PIN" "$PIN-sensor" "$tmp" "$LAB_DIR"
}
trap cleanup EXIT
[ "$(id -u)" -eq 0 ] || { echo "demo: the lab needs root: sudo make demo" >&2; exit 1; }
mkdir -p "$OUT"
rm -f "$OUT/devices.jsonl" # classify appends (a restarted classifier keeps its records)
ns_run() { local ns=$1; shift; nsenter --net="/run/netns/ssdpmac-$ns" "$@"; }

echo "== 1. The lab: a simulated internet in network namespaces (198.18.0.0/15 only)"
scripts/lab.sh up --devices 5000 --seed 2017 --infected 0.2 --duration 120 --syn-rate 3000

echo
echo "== 2. The darknet sensor on dark0 (ssdpmac sensor): SYNs to 23/2323 for 5 seconds"
ns_run dark $B/ssdpmac sensor -i dark0 --pin-dir "$PIN-sensor" -o "$OUT/scanners.jsonl" \
	--targets "$OUT/scanners.txt" --mirai-only --metrics off --duration 5
echo "   $(wc -l <"$OUT/scanners.txt") scanners with Mirai's fingerprint -> $OUT/scanners.txt"

echo
echo "== 3. The classifier on scan0 (ssdpmac classify), M-SEARCH to the scanners (ssdpmac probe)"
ns_run scan $B/ssdpmac classify -i scan0 --pin-dir "$PIN" -o "$OUT/devices.jsonl" \
	--probe-key 2017 --metrics 127.0.0.1:9477 2>"$tmp/classify.log" &
pids+=($!)
for _ in $(seq 100); do grep -q "metrics on" "$tmp/classify.log" && break; sleep 0.1; done
ns_run scan $B/ssdpmac probe --key 2017 -r 10000 --allow-reserved 198.18.0.0/15 -w "$OUT/scanners.txt"
sleep 2
ns_run scan curl -sf http://127.0.0.1:9477/metrics | grep -E '^ssdpmac_(packets|class_devices)_total' |
	grep -v ' 0$' | sed 's/^/   /'
kill -TERM "${pids[0]}"
wait "${pids[0]}" || true
pids=()

echo
echo "== 4. The devices' descriptions (ssdpmac describe): manufacturer and model from each LOCATION"
ns_run scan $B/ssdpmac describe --devices "$OUT/devices.jsonl" -o "$OUT/described.jsonl" \
	--allow-reserved 198.18.0.0/15 -r 0 2>&1 | sed 's/^/   /'

echo
echo "== 5. The report (ssdpmac report): infected devices by vendor, then by model"
$B/ssdpmac report --scanners "$OUT/scanners.jsonl" --devices "$OUT/described.jsonl" \
	--chart "$OUT/vendors.png" --format markdown -o "$OUT/report.md"
$B/ssdpmac report --scanners "$OUT/scanners.jsonl" --devices "$OUT/described.jsonl" >"$OUT/report.txt"
sed -n '1,18p' "$OUT/report.txt" | cut -c1-110
sed -n '/^The rest, counted/,/^$/p' "$OUT/report.txt"
awk '/^Infected devices by vendor and model/ { f = 1 } f && n++ < 12' "$OUT/report.txt" | cut -c1-150
echo "   the whole report: $OUT/report.txt and $OUT/report.md; the chart: $OUT/vendors.png"

echo
echo "== 6. Against the simulator's ground truth"
$B/ssdpmac report --scanners "$OUT/scanners.jsonl" --devices "$OUT/described.jsonl" --format json |
	jq -r --slurpfile t "$LAB_DIR/truth.jsonl" '
	[$t[] | select(.infected and .vendor and .answers)] as $want |
	(.devices | map({key: .addr, value: .vendor}) | from_entries) as $got |
	"   \([$want[] | select($got[.addr] == .vendor)] | length) of \($want | length) infected devices with a real MAC named with their vendor; \([.devices[].addr] - [$t[] | select(.infected) | .addr] | length) uninfected reported",
	def trim: if . then sub("^\\s+"; "") | sub("\\s+$"; "") | if . == "" then null else . end else null end;
	([$t[] | {key: .addr, value: .model}] | from_entries) as $m |
	[.devices[] | select(.description.outcome == "ok" or .description.outcome == "udn-mismatch")] as $d |
	"   \([$d[] | select(.description.manufacturer == ($m[.addr].manufacturer | trim) and .description.modelName == ($m[.addr].modelName | trim))] | length) of \($d | length) described devices with the manufacturer and model the simulator serves; \([.devices[] | select($m[.addr].served and .description.outcome != "ok" and .description.outcome != "udn-mismatch")] | length) it serves not described"'

echo
echo "== 7. Who to notify: networks and countries (the lab's plan as MaxMind DB files, as a user"
echo "      would point at GeoLite2, DB-IP lite or IPinfo lite), one CSV per AS for the abuse desks"
scripts/mkmmdb.pl scripts/lab-plan.tsv "$tmp"
$B/ssdpmac report --scanners "$OUT/scanners.jsonl" --devices "$OUT/described.jsonl" \
	--asn-db "$tmp/asn.mmdb" --country-db "$tmp/country.mmdb" --handoff-dir "$OUT/hand-off" \
	>"$OUT/report-networks.txt"
awk '/^Infected devices by vendor, network/ { f = 1 } f && n++ < 12' "$OUT/report-networks.txt" |
	cut -c1-110
echo "   the per-AS hand-off: $(ls "$OUT/hand-off" | tr '\n' ' ')in $OUT/hand-off/"
