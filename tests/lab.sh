#!/usr/bin/env bash
# The whole method in the lab, held against the simulator's ground truth:
# 1. the darknet sensor on dark0 finds the scanners: Mirai's fingerprint sets the infected apart
#    from the noise scanners, exactly;
# 2. probe sends M-SEARCH to the scanner list (then to the whole device range), classify on
#    scan0 decodes the replies: every answering device once, in its class, a vendor exactly
#    where the MAC is real; replies to ports another key chose are unsolicited, never reported;
# 3. report joins the two: the infected devices by vendor, and nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."
TEST_NAME=lab.sh
. tests/lib.sh
B=${B:-build}
export LAB_DIR
LAB_DIR=$(mktemp -d)
PIN=/sys/fs/bpf/ssdpmac-test-lab
tmp=$(mktemp -d)
cls_pid=
sen_pid=
cleanup() {
	[ -z "$cls_pid" ] || kill -9 "$cls_pid" 2>/dev/null || true
	[ -z "$sen_pid" ] || kill -9 "$sen_pid" 2>/dev/null || true
	scripts/lab.sh down >/dev/null 2>&1 || true
	rm -rf "$PIN" "$tmp" "$LAB_DIR"
}
trap cleanup EXIT

DEVICES=${LAB_DEVICES:-3000}
scripts/lab.sh up --devices "$DEVICES" --seed 7 --duration 120 --syn-rate 3000 >/dev/null
truth=$LAB_DIR/truth.jsonl
[ "$(wc -l <"$truth")" -eq "$DEVICES" ] || fail "truth has $(wc -l <"$truth") devices"

# -- 1. the sensor (and a capture of the same link, for `sensor --read`)
ip netns exec ssdpmac-dark tcpdump -Z root -i dark0 -w "$tmp/dark.pcap" -U tcp 2>/dev/null &
dump_pid=$!
captured() { [ "$(stat -c %s "$tmp/dark.pcap" 2>/dev/null || echo 0)" -gt 10000 ]; }
wait_for 20 captured || fail "tcpdump on dark0 captured nothing"
nsenter --net=/run/netns/ssdpmac-dark $B/ssdpmac sensor -i dark0 --pin-dir "$PIN-sensor" \
	-o "$tmp/scanners.jsonl" --targets "$tmp/scanners.txt" --metrics 127.0.0.1:19481 \
	2>"$tmp/sensor.err" &
sen_pid=$!
scanners_want=$(jq -s '[.[] | select(.infected or .noise)] | length' "$truth")
sensor_count() {
	nsenter --net=/run/netns/ssdpmac-dark curl -sf http://127.0.0.1:19481/metrics |
		awk '/^ssdpmac_sensor_scanners\{/ { s += $2 } END { print s + 0 }'
}
seen_all() { [ "$(sensor_count)" -ge "$scanners_want" ]; }
wait_for 60 seen_all || fail "the sensor saw $(sensor_count) of $scanners_want scanners"
kill -TERM "$sen_pid"
wait "$sen_pid" || fail "sensor failed: $(cat "$tmp/sensor.err")"
sen_pid=
kill -INT "$dump_pid"
wait "$dump_pid" || true
# the capture through the same program (BPF_PROG_TEST_RUN) finds the same Mirai set
$B/ssdpmac -q sensor --read "$tmp/dark.pcap" --mirai-only --targets "$tmp/read.txt" ||
	fail "sensor --read failed"
jq -n -r --slurpfile t "$truth" '[$t[] | select(.infected) | .addr] | sort | .[]' >"$tmp/infected.txt"
sort "$tmp/read.txt" | diff -q - "$tmp/infected.txt" >/dev/null ||
	fail "sensor --read: $(wc -l <"$tmp/read.txt") scanners, $(wc -l <"$tmp/infected.txt") infected"
rm -rf "$PIN-sensor"
jq -n --slurpfile t "$truth" --slurpfile s "$tmp/scanners.jsonl" -e '
	([$t[] | select(.infected) | .addr] | sort) == ([$s[] | select(.mirai) | .addr] | sort) and
	([$t[] | select(.noise) | .addr] | sort) == ([$s[] | select(.mirai | not) | .addr] | sort)
' >/dev/null || fail "the sensor's Mirai set is not the infected set, or the noise is mixed in"
[ "$(wc -l <"$tmp/scanners.txt")" -eq "$scanners_want" ] || fail "the target list is not the scanner list"

nsenter --net=/run/netns/ssdpmac-scan $B/ssdpmac classify -i scan0 --mode native \
	--pin-dir "$PIN" -o "$tmp/dev.jsonl" --probe-key 5eed --metrics 127.0.0.1:19479 \
	2>"$tmp/cls.err" &
cls_pid=$!
wait_for 20 grep -q "metrics on" "$tmp/cls.err" || fail "classify did not start: $(cat "$tmp/cls.err")"
metric() {
	nsenter --net=/run/netns/ssdpmac-scan curl -sf http://127.0.0.1:19479/metrics |
		awk -v m="$1" '{ v = $NF; $NF = ""; sub(/ $/, "") } $0 == m { print v }'
}

# -- 2. the scanner list first, as the method goes; then the whole device prefix
nsenter --net=/run/netns/ssdpmac-scan $B/ssdpmac -q probe --key 5eed --seed 3 -r 40000 \
	--allow-reserved 198.18.0.0/15 -w "$tmp/scanners.txt"
nsenter --net=/run/netns/ssdpmac-scan $B/ssdpmac -q probe --key 5eed --seed 3 -r 40000 \
	--allow-reserved 198.18.0.0/15 198.18.0.0/16

answering=$(jq -s '[.[] | select(.answers and .class != null)] | length' "$truth")
RANGE=198.18.0.0/20 # the devices' addresses (198.18.0.1 on), when they are at most 4094
[ "$DEVICES" -le 4094 ] || RANGE=198.18.0.0/16
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

# every answering device exactly once, in its class, with its vendor (and confidence) where the
# MAC is real: what the corpus message it speaks as says
jq -n --slurpfile t "$truth" --slurpfile a "$tmp/dev.jsonl" '
	($a | map({key: .addr, value: .}) | from_entries) as $got |
	[$t[] | select(.answers and .class != null) | . as $d | $got[$d.addr] as $g |
	 select($g == null or $g.class != $d.class or $g.vendor != $d.vendor or $g.oui != $d.oui or
		$g.confidence != $d.confidence or (($d.mac != null) and $g.mac != $d.mac)) |
	 {addr, shape, want: {class, vendor, oui, mac, confidence},
	  got: ($g // {} | {class, vendor, oui, mac, confidence})}]
' >"$tmp/diff.json"
[ "$(jq length "$tmp/diff.json")" -eq 0 ] || { jq -c '.[:5][]' "$tmp/diff.json"; fail "$(jq length "$tmp/diff.json") devices differ from the truth"; }
extra=$(jq -n --slurpfile t "$truth" --slurpfile a "$tmp/dev.jsonl" '
	($t | map(select(.answers and .class != null) | .addr)) as $ok | [$a[].addr] - $ok | length')
[ "$extra" -eq 0 ] || fail "$extra records for devices that do not answer"
has 'select((.class == "v1-random" or .class == "v1-local") and .vendor != null)' "$tmp/dev.jsonl" &&
	fail "a random or local node was given a vendor"
echo "lab.sh: $answering devices recovered as the truth says"

# -- 3. the report: infected devices by vendor, exactly the truth's
$B/ssdpmac report --scanners "$tmp/scanners.jsonl" --devices "$tmp/dev.jsonl" --format json \
	>"$tmp/report.json" || fail "report failed"
jq -n --slurpfile t "$truth" --slurpfile r "$tmp/report.json" '
	[$t[] | select(.infected and .answers and .class != null)] as $want |
	($r[0].devices | map({key: .addr, value: .}) | from_entries) as $got |
	{ missing: [$want[] | select($got[.addr] == null) | .addr],
	  wrong: [$want[] | select($got[.addr] != null and ($got[.addr].vendor != .vendor or
		$got[.addr].class != .class)) | .addr],
	  extra: ([$r[0].devices[].addr] - [$want[].addr]),
	  vendors: ([$want[] | select(.vendor) | .vendor] | group_by(.) |
		map({key: .[0], value: length}) | from_entries),
	  got_vendors: ($r[0].vendors | map({key: .vendor, value: .devices}) | from_entries),
	  no_ssdp_want: ([$t[] | select(.infected and ((.answers | not) or .class == null))] | length),
	  no_ssdp_got: $r[0].summary.infected_no_ssdp }' >"$tmp/rdiff.json"
jq -e '.missing == [] and .wrong == [] and .extra == [] and .vendors == .got_vendors and
	.no_ssdp_want == .no_ssdp_got' "$tmp/rdiff.json" >/dev/null ||
	{ jq -c '{missing: .missing[:5], wrong: .wrong[:5], extra: .extra[:5], no_ssdp_want, no_ssdp_got}' "$tmp/rdiff.json"; fail "the report differs from the truth"; }
jq -e '[.devices[] | select((.class == "v1-random" or .class == "v1-local") and .vendor != null)] == []' \
	"$tmp/report.json" >/dev/null || fail "the report named a vendor for a random or local node"
$B/ssdpmac report --scanners "$tmp/scanners.jsonl" --devices "$tmp/dev.jsonl" \
	--chart "$tmp/chart.png" >"$tmp/report.txt" || fail "report --chart failed"
[ "$(head -c 8 "$tmp/chart.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] ||
	fail "the chart is not a PNG"
echo "lab.sh: report: $(jq .summary.infected_named "$tmp/report.json") infected devices named, as the truth says"

# -- scan: probe and classify in one process recover the same devices, and detach; frames
# built once and sent on a packet socket (--tx packet). --pass hands the replies on to the
# scanner's stack, which answers them with ICMP port unreachable (nothing listens there)
unreach() { ip netns exec ssdpmac-scan nstat -az IcmpOutDestUnreachs | awk '/Icmp/ { print $2 }'; }
icmp0=$(unreach)
nsenter --net=/run/netns/ssdpmac-scan $B/ssdpmac -q scan -i scan0 --pin-dir "$PIN-scan" \
	--metrics off --allow-reserved 198.18.0.0/15 -r 40000 --cooldown 2 -o "$tmp/scan.jsonl" \
	--tx packet --pass -p 1900 198.18.0.0/16 || fail "scan failed"
rm -rf "$PIN-scan"
[ "$(jq -s 'map(.addr) | unique | length' "$tmp/scan.jsonl")" -eq "$answering" ] ||
	fail "scan recovered $(jq -s 'map(.addr) | unique | length' "$tmp/scan.jsonl") of $answering devices"
ip -n ssdpmac-scan link show scan0 | grep -q xdp && fail "scan left XDP on scan0"
[ "$(unreach)" -gt "$icmp0" ] || fail "scan --pass: the replies did not reach the stack"

# -- the XDP live-frames sender, one thread a CPU: its frames (addresses, keyed ports,
# checksums, and the gateway's MAC given with -G) are answered and validated over the device
# range; by default the scan's replies end in XDP, so the scanner sends no ICMP for them.
# Runs of at most 256 frames (rate / threads / 20): a run goes out back to back, and the veth
# peer's ring holds 256 (make bench scans at full speed; here every frame must arrive)
icmp0=$(unreach)
gw=$(ip -n ssdpmac-inet -j link show inet-scan | jq -r '.[0].address')
nsenter --net=/run/netns/ssdpmac-scan $B/ssdpmac -q scan -i scan0 --pin-dir "$PIN-scan" \
	--metrics off --allow-reserved 198.18.0.0/15 -r 10000 -T "$(nproc)" --cooldown 2 \
	-G "$gw" -o "$tmp/xdp.jsonl" --tx xdp "$RANGE" || fail "scan --tx xdp failed"
rm -rf "$PIN-scan"
[ "$(jq -s 'map(.addr) | unique | length' "$tmp/xdp.jsonl")" -eq "$answering" ] ||
	fail "scan --tx xdp recovered $(jq -s 'map(.addr) | unique | length' "$tmp/xdp.jsonl") of $answering devices"
[ "$(unreach)" -eq "$icmp0" ] || fail "scan: the scanner sent ICMP for its own replies"

# -- on a terminal, scan prints ZMap's progress line: elapsed, percent, sent, rate, replies,
# devices, vendors, then the cooldown
script -qec "nsenter --net=/run/netns/ssdpmac-scan $B/ssdpmac scan -i scan0 --pin-dir $PIN-scan \
	--metrics off --allow-reserved 198.18.0.0/15 -r 20000 --cooldown 1 -o /dev/null \
	198.18.0.0/18" /dev/null >"$tmp/tty.txt" 2>&1 || fail "scan on a terminal failed"
rm -rf "$PIN-scan"
tr '\r' '\n' <"$tmp/tty.txt" | grep -Eq '^[0-9]+:[0-9]{2}:[0-9]{2} +[0-9.]+%; sent [0-9]+ \([0-9]+ p/s\); replies [0-9]+; devices [0-9]+; vendors [0-9]+; (ETA|cooldown) ' ||
	fail "no progress line on a terminal: $(tr '\r' '\n' <"$tmp/tty.txt" | head -3)"
tr '\r' '\n' <"$tmp/tty.txt" | grep -q 'cooldown' || fail "the progress line never showed the cooldown"

# -- probe --tx xdp alone: a NIC with no XDP program gets a pass-through one for the run (many
# drivers set up their XDP transmit rings only then) and loses it after; every probe reaches the
# internet's edge (bpf/edge.bpf.c counts what it passes and drops). A search target no device
# has (replies would reach scan0's stack, whose ICMP unreachables land on the same veth), and
# runs of 200 frames, within the veth peer's ring
edge() { bpftool -j map dump name edge_stats | jq -s '[.[][].formatted.values[].value] | add'; }
ip -n ssdpmac-scan link show scan0 | grep -q xdp && fail "scan0 has an XDP program before probe"
edge0=$(edge)
nsenter --net=/run/netns/ssdpmac-scan $B/ssdpmac -q probe --tx xdp -i scan0 \
	--st urn:ssdpmac:none --allow-reserved 198.18.0.0/15 -r 4000 198.18.0.0/20 ||
	fail "probe --tx xdp failed"
ip -n ssdpmac-scan link show scan0 | grep -q xdp && fail "probe --tx xdp left XDP on scan0"
[ $(($(edge) - edge0)) -eq 4096 ] ||
	fail "probe --tx xdp: $(($(edge) - edge0)) of 4096 probes reached the edge"
echo "lab.sh: 1 passed, 0 failed"
