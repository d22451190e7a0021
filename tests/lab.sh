#!/usr/bin/env bash
# End to end in the lab: probe the simulated internet from the scanner namespace, classify the
# replies with XDP on scan0, and hold the result against the simulator's ground truth: every
# answering device once, in its class; a vendor exactly where the MAC is real; replies to a
# port the prober did not use counted as unsolicited and never reported.
set -euo pipefail
cd "$(dirname "$0")/.."
TEST_NAME=lab.sh
. tests/lib.sh
B=build
export LAB_DIR
LAB_DIR=$(mktemp -d)
PIN=/sys/fs/bpf/ssdpmac-test-lab
tmp=$(mktemp -d)
cls_pid=
cleanup() {
	[ -z "$cls_pid" ] || kill -9 "$cls_pid" 2>/dev/null || true
	scripts/lab.sh down >/dev/null 2>&1 || true
	rm -rf "$PIN" "$tmp" "$LAB_DIR"
}
trap cleanup EXIT

DEVICES=${LAB_DEVICES:-3000}
scripts/lab.sh up --devices "$DEVICES" --seed 7 --duration 120 >/dev/null
truth=$LAB_DIR/truth.jsonl
[ "$(wc -l <"$truth")" -eq "$DEVICES" ] || fail "truth has $(wc -l <"$truth") devices"

nsenter --net=/run/netns/ssdpmac-scan $B/ssdpmac classify -i scan0 --mode native \
	--pin-dir "$PIN" -o "$tmp/dev.jsonl" --probe-key 5eed --metrics 127.0.0.1:19479 \
	2>"$tmp/cls.err" &
cls_pid=$!
wait_for 20 grep -q "metrics on" "$tmp/cls.err" || fail "classify did not start: $(cat "$tmp/cls.err")"
metric() {
	nsenter --net=/run/netns/ssdpmac-scan curl -sf http://127.0.0.1:19479/metrics |
		awk -v m="$1" '{ v = $NF; $NF = ""; sub(/ $/, "") } $0 == m { print v }'
}

# the whole device prefix, as a scan would
nsenter --net=/run/netns/ssdpmac-scan $B/ssdpmac -q probe --key 5eed --seed 3 -r 40000 \
	--allow-reserved 198.18.0.0/15 198.18.0.0/16

answering=$(jq -s '[.[] | select(.answers and .class != null)] | length' "$truth")
quiet() { [ "$(jq -s 'map(.addr) | unique | length' "$tmp/dev.jsonl")" -ge "$answering" ]; }
wait_for 30 quiet || fail "$(jq -s 'map(.addr) | unique | length' "$tmp/dev.jsonl") devices recovered, $answering answer"
# replies to ports another key chose: counted as unsolicited, no record
before=$(metric 'ssdpmac_packets_total{outcome="unsolicited"}')
nsenter --net=/run/netns/ssdpmac-scan $B/ssdpmac -q probe --key 0bad -r 1000 \
	--allow-reserved 198.18.0.0/15 198.18.0.1 198.18.0.2 198.18.0.3 198.18.0.4
want=$(jq -s '[.[:4][] | select(.answers)] | length' "$truth")
unsolicited() { [ "$(metric 'ssdpmac_packets_total{outcome="unsolicited"}')" -ge $((before + want)) ]; }
wait_for 10 unsolicited || fail "replies to a foreign key's ports were not counted as unsolicited"
sleep 1 # anything late would be a wrong extra record
kill -TERM "$cls_pid"
wait "$cls_pid" || fail "classify failed: $(cat "$tmp/cls.err")"
cls_pid=

# every answering device exactly once, in its class, with its vendor where the MAC is real
jq -n --slurpfile t "$truth" --slurpfile a "$tmp/dev.jsonl" '
	($a | map({key: .addr, value: .}) | from_entries) as $got |
	[$t[] | select(.answers and .class != null) | . as $d | $got[$d.addr] as $g |
	 select($g == null or $g.class != $d.class or $g.vendor != $d.vendor or $g.oui != $d.oui or
		(($d.mac != null) and $g.mac != $d.mac)) |
	 {addr, want: {class, vendor, oui, mac}, got: ($g // {} | {class, vendor, oui, mac})}]
' >"$tmp/diff.json"
[ "$(jq length "$tmp/diff.json")" -eq 0 ] || { jq -c '.[:5][]' "$tmp/diff.json"; fail "$(jq length "$tmp/diff.json") devices differ from the truth"; }
extra=$(jq -n --slurpfile t "$truth" --slurpfile a "$tmp/dev.jsonl" '
	($t | map(select(.answers and .class != null) | .addr)) as $ok | [$a[].addr] - $ok | length')
[ "$extra" -eq 0 ] || fail "$extra records for devices that do not answer"
has 'select((.class == "v1-random" or .class == "v1-local") and .vendor != null)' "$tmp/dev.jsonl" &&
	fail "a random or local node was given a vendor"
echo "lab.sh: $answering devices recovered as the truth says"
echo "lab.sh: 1 passed, 0 failed"
