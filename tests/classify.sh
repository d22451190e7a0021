#!/usr/bin/env bash
# ssdpmac classify for real: XDP in native mode on a veth end in a namespace, SSDP replies sent
# from the peer namespace; checks the JSON Lines, `bpftool map dump` of the pinned maps,
# /metrics (with promtool), a real Prometheus scraping it, restart after kill -9, and detach.
set -euo pipefail
cd "$(dirname "$0")/.."
TEST_NAME=classify.sh
. tests/lib.sh
B=${B:-build}
NS_A=ssdpmac-t-cls
NS_B=ssdpmac-t-snd
PIN=/sys/fs/bpf/ssdpmac-test-classify
PORT=19477
PROM_PORT=19090
tmp=$(mktemp -d)
cls_pid=
prom_pid=

cleanup() {
	[ -z "$cls_pid" ] || kill -9 "$cls_pid" 2>/dev/null || true
	[ -z "$prom_pid" ] || kill -9 "$prom_pid" 2>/dev/null || true
	netns_cleanup
	rm -rf "$PIN" "$tmp"
}
trap cleanup EXIT

netns_add $NS_A
netns_add $NS_B
ip link add cls0 netns $NS_A type veth peer name snd0 netns $NS_B
ip -n $NS_A link set cls0 up
ip -n $NS_B link set snd0 up
rm -rf "$PIN"

start_classify() {
	# nsenter itself in the background, not a function: $! must be the classifier
	nsenter --net=/run/netns/$NS_A $B/ssdpmac classify -i cls0 --mode native --pin-dir "$PIN" -o "$tmp/dev.jsonl" \
		--metrics 127.0.0.1:$PORT 2>>"$tmp/cls.err" &
	cls_pid=$!
	wait_for 20 in_ns $NS_A curl -sf "http://127.0.0.1:$PORT/metrics" ||
		{ cat "$tmp/cls.err"; fail "classify did not come up"; }
	ip -n $NS_A link show cls0 | grep -q 'xdp' || { cat "$tmp/cls.err"; ip -n $NS_A link show cls0; fail "no XDP program on cls0 (native mode)"; }
}

metric() { # metric NAME{LABELS} -> value
	in_ns $NS_A curl -sf "http://127.0.0.1:$PORT/metrics" | awk -v m="$1" '{ v = $NF; $NF = ""; sub(/ $/, "") } $0 == m { print v }'
}

vendor_dump() { # vendor_dump PREFIX FIELD -> value from bpftool's dump of the pinned map
	bpftool -j map dump pinned "$PIN/vendors" |
		jq -r --arg p "$1" --arg f "$2" '.[].formatted | select(.key.prefix == $p) | .value[$f]'
}

# for wait_for, which must evaluate afresh each time
metric_is() { [ "$(metric "$1")" = "$2" ]; }
vendor_is() { [ "$(vendor_dump "$1" "$2")" = "$3" ]; }

$B/tests/mkpcap "$tmp/p1.pcap" --spec tests/data/classify/phase1.spec
$B/tests/mkpcap "$tmp/p2.pcap" --spec tests/data/classify/phase2.spec

# -- phase 1
start_classify
ip netns exec $NS_B $B/tests/replay snd0 "$tmp/p1.pcap" >/dev/null
wait_for 10 metric_is 'ssdpmac_packets_total{outcome="duplicate"}' 2 ||
	fail "duplicates: $(metric 'ssdpmac_packets_total{outcome="duplicate"}'), want 2"
# counters reach the maps in batches (250 ms)
wait_for 5 vendor_is 00A0C9 devices 1 || fail "Intel not in the vendors map"

# JSON Lines: one record per device, again when it shows up at a new address
[ "$(jq -s 'map(.mac) | unique | length' "$tmp/dev.jsonl")" -ge 8 ] || fail "too few devices"
has 'select(.mac == "00:a0:c9:1e:6b:f6" and .vendor == "Intel Corporation" and .naddrs == 2
	and (.addrs | sort) == ["198.18.1.1", "198.18.1.6"])' "$tmp/dev.jsonl" ||
	fail "the Intel device does not show both addresses"
has 'select(.server == "Linux/3.10 UPnP/1.0 \"quoted\\\" server")' "$tmp/dev.jsonl" ||
	fail "a hostile SERVER string was not kept and escaped"
has 'select(.mac == "70:b3:d5:f2:f0:01" and .vendor == "TELEPLATFORMS" and .registry == "MA-S")' \
	"$tmp/dev.jsonl" || fail "MA-S inside MA-L: not TELEPLATFORMS"
has 'select(.class == "v1-random" and .vendor == null)' "$tmp/dev.jsonl" || fail "v1-random"
has 'select(.class == "v1-local" and .vendor == null)' "$tmp/dev.jsonl" || fail "v1-local"
has 'select(.class == "no-mac" and .version == 4)' "$tmp/dev.jsonl" || fail "version 4"
has 'select(.class == "not-uuid")' "$tmp/dev.jsonl" || fail "not-uuid"
has 'select(.class == "embedded-mac" and .mac == "00:e0:4c:44:55:66")' "$tmp/dev.jsonl" ||
	fail "embedded-mac"

# bpftool reads the pinned maps by field name, the vendor name as text
[ "$(vendor_dump 00A0C9 name)" = "Intel Corporation" ] || fail "bpftool: vendor name"
[ "$(vendor_dump 00A0C9 sightings)" = 2 ] || fail "bpftool: Intel sightings"
# a vendor named two ways is two rows of the map: the v1 device high, the convention's medium
realtek() { bpftool -j map dump pinned "$PIN/vendors" | jq -r --arg c "$1" \
	'.[].formatted | select(.key.prefix == "00E04C" and .key.confidence == $c) | .value.devices'; }
[ "$(realtek high)" = 1 ] && [ "$(realtek medium)" = 1 ] ||
	fail "bpftool: Realtek devices (v1 high + embedded medium): $(realtek high) $(realtek medium)"
[ "$(vendor_dump 70B3D5F2F devices)" = 1 ] || fail "bpftool: MA-S block"
[ -z "$(vendor_dump 70B3D5 devices)" ] || fail "bpftool: the MA-L parent got the MA-S device"

# /metrics: names, labels, values; promtool agrees with the format
in_ns $NS_A curl -sf "http://127.0.0.1:$PORT/metrics" >"$tmp/metrics.txt"
promtool check metrics <"$tmp/metrics.txt" || fail "promtool check metrics"
[ "$(metric 'ssdpmac_vendor_devices_total{vendor="Intel Corporation",oui="00A0C9",registry="MA-L",confidence="high"}')" = 1 ] ||
	fail "/metrics: Intel devices"
[ "$(metric 'ssdpmac_class_devices_total{class="v1-mac"}')" = 5 ] || fail "/metrics: v1-mac devices"
[ "$(metric 'ssdpmac_class_devices_total{class="v1-random"}')" = 1 ] || fail "/metrics: v1-random"
total=$(awk '/^ssdpmac_packets_total/ { s += $2 } END { print s }' "$tmp/metrics.txt")
events=$(awk '/^ssdpmac_packets_total\{outcome="(event_uuid|event_text|event_uuid_text|duplicate)"\}/ { s += $2 } END { print s }' "$tmp/metrics.txt")
[ "$events" -eq 13 ] || fail "13 replies sent, $events counted as replies"
[ "$total" -ge 13 ] || fail "outcomes add up to $total"

# a real Prometheus scrapes it; its HTTP API answers a vendor query
cat >"$tmp/prom.yml" <<YML
global: { scrape_interval: 1s }
scrape_configs:
  - job_name: ssdpmac
    static_configs: [ { targets: ["127.0.0.1:$PORT"] } ]
YML
nsenter --net=/run/netns/$NS_A prometheus --config.file="$tmp/prom.yml" --storage.tsdb.path="$tmp/tsdb" \
	--web.listen-address=127.0.0.1:$PROM_PORT >"$tmp/prom.log" 2>&1 &
prom_pid=$!
q='sum(ssdpmac_vendor_devices_total{oui="00E04C"})'
prom_query() {
	in_ns $NS_A curl -sf "http://127.0.0.1:$PROM_PORT/api/v1/query" --data-urlencode "query=$q" |
		jq -e '.data.result[0].value[1] == "2"'
}
wait_for 60 prom_query || { tail -5 "$tmp/prom.log"; fail "Prometheus did not get the Realtek count"; }
kill "$prom_pid"
wait "$prom_pid" 2>/dev/null || true
prom_pid=

# -- kill -9 and restart: the pinned counters go on
kill -9 "$cls_pid"
wait "$cls_pid" 2>/dev/null || true
start_classify
grep -q "removed ssdp_classify left attached" "$tmp/cls.err" || { cat "$tmp/cls.err"; fail "the stale program was not removed"; }
grep -q "counters continue" "$tmp/cls.err" || fail "the restart did not say it reuses the counters"
[ "$(metric 'ssdpmac_packets_total{outcome="duplicate"}')" = 2 ] || fail "outcomes restarted from 0"
ip netns exec $NS_B $B/tests/replay snd0 "$tmp/p2.pcap" >/dev/null
# the vendor's rows summed over confidences (the v1 devices high, the convention's medium)
realtek_is() { [ "$(vendor_dump 00E04C devices | awk '{ s += $1 } END { print s + 0 }')" = "$1" ]; }
wait_for 10 realtek_is 3 || fail "Realtek after restart: $(vendor_dump 00E04C devices | tr '\n' ' '), want 3 in all"
[ "$(vendor_dump 00A0C9 devices)" = 1 ] || fail "a known device was counted again after the restart"
# the kernel's dedup holds back repeats within a run only (a run records every device it sees):
# the known devices are events again, and the pinned duplicate counter carries on unchanged
[ "$(metric 'ssdpmac_packets_total{outcome="duplicate"}')" = 2 ] || fail "duplicates after restart"

# -- SIGTERM: detached, the interface as it was
kill -TERM "$cls_pid"
wait "$cls_pid" || fail "classify exited non-zero on SIGTERM"
cls_pid=
ip -n $NS_A link show cls0 | grep -q 'xdp' && fail "XDP program still on cls0 after SIGTERM"
# -- a full disk is an error that stops classify, never a silent loss
rm -rf "$PIN"
nsenter --net=/run/netns/$NS_A $B/ssdpmac classify -i cls0 --pin-dir "$PIN" -o /dev/full \
	--metrics off --duration 20 2>"$tmp/full.err" &
cls_pid=$!
wait_for 10 grep -q "XDP on cls0" "$tmp/full.err" || fail "classify -o /dev/full did not start"
ip netns exec $NS_B $B/tests/replay snd0 "$tmp/p1.pcap" >/dev/null
if wait "$cls_pid"; then
	fail "classify went on writing to a full disk"
fi
cls_pid=
grep -q "writing device records: No space left on device" "$tmp/full.err" ||
	fail "no clear error for a full disk: $(cat "$tmp/full.err")"
ip -n $NS_A link show cls0 | grep -q 'xdp' && fail "XDP program left on cls0 after the error"
echo "classify.sh: 1 passed, 0 failed"
