#!/usr/bin/env bash
# Several hosts, one view: the lab's targets scanned once by one host, then shared by two scanner
# hosts (ssdpmac-scan and ssdpmac-scan2, each its own link, classifier, pins and /metrics) as
# `--shards 2 --shard 0|1` with the same --seed. A real Prometheus (in ssdpmac-inet, which
# reaches both hosts' links) scrapes them all, and takes the recording rule of a Prometheus on
# each scanner host by federation and by remote_write: `sum by (vendor)` over the two hosts, the
# shipped recording rule vendor:ssdpmac_vendor_devices:sum, and the sum of the two hosts' rules
# (federated, and written) equal the one-host scan's counts exactly; the shards' device files are disjoint, their union is the
# one-host file's devices (those the truth says answer); `report` over both files is the
# one-host report, byte for byte.
set -euo pipefail
cd "$(dirname "$0")/.."
TEST_NAME=shard.sh
. tests/lib.sh
B=${B:-build}
export LAB_DIR
LAB_DIR=$(mktemp -d)
PIN=/sys/fs/bpf/ssdpmac-test-shard
PROM_PORT=19092
SITE_PORT=19093 # a Prometheus on each scanner host, federated by the central one
ONE=198.19.254.1:19485 # the one-host scan's /metrics, on its link
SH0=198.19.254.1:19486 # shard 0's, in ssdpmac-scan
SH1=198.19.254.9:19486 # shard 1's, in ssdpmac-scan2
SEED=11
RANGE=198.18.0.0/20 # the devices' addresses, 198.18.0.1 on
DEVICES=${SHARD_DEVICES:-3000}
tmp=$(mktemp -d)
pids=()  # scans
proms=() # Prometheus: the central one, a site's on each scanner host
cleanup() {
	local p
	for p in "${pids[@]}" "${proms[@]}"; do kill -9 "$p" 2>/dev/null || true; done
	scripts/lab.sh down >/dev/null 2>&1 || true
	rm -rf "$PIN-one" "$PIN-0" "$PIN-1" "$tmp" "$LAB_DIR"
}
trap cleanup EXIT
rm -rf "$PIN-one" "$PIN-0" "$PIN-1"

scripts/lab.sh up --devices "$DEVICES" --seed 7 --duration 300 --syn-rate 0 --scanners 2 >/dev/null
truth=$LAB_DIR/truth.jsonl
[ "$(wc -l <"$truth")" -eq "$DEVICES" ] || fail "truth has $(wc -l <"$truth") devices"
jq -r 'select(.answers and .class != null) | .addr' "$truth" | sort >"$tmp/answering"

# -- a real Prometheus where both hosts' links meet, with the shipped rules: it scrapes both
# hosts; a Prometheus on each host (a site's, scraping its host only, labelled site="a"|"b")
# with the same rules, whose recording rule the central one both federates and receives by
# remote_write
cat >"$tmp/prom.yml" <<YML
global: { scrape_interval: 1s, evaluation_interval: 1s }
rule_files: ["$PWD/dist/prometheus/ssdpmac.rules.yml"]
scrape_configs:
  - job_name: one-host
    static_configs: [ { targets: ["$ONE"] } ]
  - job_name: ssdpmac-scan
    static_configs: [ { targets: ["$SH0", "$SH1"] } ]
  - job_name: federate
    honor_labels: true
    metrics_path: /federate
    params: { "match[]": ['{__name__="vendor:ssdpmac_vendor_devices:sum"}'] }
    static_configs: [ { targets: ["${SH0%:*}:$SITE_PORT", "${SH1%:*}:$SITE_PORT"] } ]
YML
nsenter --net=/run/netns/ssdpmac-inet prometheus --config.file="$tmp/prom.yml" \
	--storage.tsdb.path="$tmp/tsdb" --web.listen-address=0.0.0.0:$PROM_PORT \
	--web.enable-remote-write-receiver >"$tmp/prom.log" 2>&1 &
proms+=($!)
for site in a:ssdpmac-scan:$SH0:198.19.254.2 b:ssdpmac-scan2:$SH1:198.19.254.10; do
	IFS=: read -r name ns addr port central <<<"$site"
	cat >"$tmp/site-$name.yml" <<YML
global: { scrape_interval: 1s, evaluation_interval: 1s, external_labels: { site: "$name" } }
rule_files: ["$PWD/dist/prometheus/ssdpmac.rules.yml"]
scrape_configs:
  - job_name: ssdpmac-scan
    static_configs: [ { targets: ["$addr:$port"] } ]
remote_write:
  - url: http://$central:$PROM_PORT/api/v1/write
    write_relabel_configs:
      - { source_labels: [__name__], regex: "vendor:ssdpmac_vendor_devices:sum", action: keep }
    queue_config: { batch_send_deadline: 1s }
YML
	nsenter --net="/run/netns/$ns" prometheus --config.file="$tmp/site-$name.yml" \
		--storage.tsdb.path="$tmp/tsdb-$name" --web.listen-address="$addr:$SITE_PORT" \
		>"$tmp/site-$name.log" 2>&1 &
	proms+=($!)
	wait_for 30 nsenter --net="/run/netns/$ns" curl -sf "http://$addr:$SITE_PORT/-/ready" ||
		{ tail -5 "$tmp/site-$name.log"; fail "site $name's Prometheus did not start"; }
done
query() {
	nsenter --net=/run/netns/ssdpmac-inet curl -sf "http://127.0.0.1:$PROM_PORT/api/v1/query" \
		--data-urlencode "query=$1"
}
prom() { # prom QUERY -> the API's result, as {vendor: "value"}, keys sorted
	query "$1" | jq -S -c '.data.result | map({key: .metric.vendor, value: .value[1]}) | from_entries'
}
prom_n() { query "$1" | jq '.data.result | length'; } # prom_n QUERY -> how many series
wait_for 30 nsenter --net=/run/netns/ssdpmac-inet curl -sf "http://127.0.0.1:$PROM_PORT/-/ready" ||
	{ tail -5 "$tmp/prom.log"; fail "Prometheus did not start"; }

# scan NS PIN METRICS OUT [OPTIONS]: every vendor its own label (--metrics-top), a cooldown long
# enough for Prometheus to scrape the settled counters (scrapes every second), bounded in time
scan() {
	local ns=$1 pin=$2 metrics=$3 out=$4
	shift 4
	timeout 120 nsenter --net="/run/netns/$ns" $B/ssdpmac -q scan -i scan0 --pin-dir "$pin" \
		--metrics "$metrics" --metrics-top 100000 --allow-reserved 198.18.0.0/15 -r 20000 \
		--seed $SEED -o "$out" "$@" $RANGE
}
# the pinned vendor map (bpftool): devices by OUI and confidence, and their total
pinned() {
	bpftool -j map dump pinned "$1/vendors" |
		jq -S -c 'map(.formatted | {key: "\(.key.prefix)/\(.key.confidence)", value: .value.devices}) |
			from_entries'
}
total() { jq '[.[] | tonumber] | add' "$@"; }
addrs() { jq -r .addr "$@" | sort -u; }

# -- one host scans the range
scan ssdpmac-scan "$PIN-one" $ONE "$tmp/one.jsonl" --cooldown 5 2>"$tmp/one.err" ||
	fail "the one-host scan failed: $(cat "$tmp/one.err")"
addrs "$tmp/one.jsonl" | cmp -s - "$tmp/answering" ||
	fail "the one-host scan found $(addrs "$tmp/one.jsonl" | wc -l) of $(wc -l <"$tmp/answering") answering devices"
pinned "$PIN-one" >"$tmp/one.pinned"
# its last scrape (the scan has ended: its series are stale, the last samples remain)
prom 'sum by (vendor) (last_over_time(ssdpmac_vendor_devices_total{job="one-host"}[10m]))' >"$tmp/one.prom"
[ "$(jq length "$tmp/one.prom")" -ge 10 ] || fail "Prometheus has $(jq length "$tmp/one.prom") vendors of the one-host scan"
# counters only grow: the same total is the same count for every vendor
[ "$(total "$tmp/one.prom")" -eq "$(total "$tmp/one.pinned")" ] ||
	fail "Prometheus' last scrape of the one-host scan ($(total "$tmp/one.prom") devices with a vendor) is not its pinned counters' ($(total "$tmp/one.pinned"))"
# stale: the recording rule sums only what is scraped now
gone() { [ "$(prom 'ssdpmac_vendor_devices_total{job="one-host"}')" = '{}' ]; }
wait_for 20 gone || fail "the ended one-host scan's series are not stale"

# -- two hosts share it, at once: the same seed and targets, each its shard
scan ssdpmac-scan "$PIN-0" $SH0 "$tmp/s0.jsonl" --cooldown 20 --shards 2 --shard 0 2>"$tmp/s0.err" &
pids+=($!)
s0=$!
scan ssdpmac-scan2 "$PIN-1" $SH1 "$tmp/s1.jsonl" --cooldown 20 --shards 2 --shard 1 2>"$tmp/s1.err" &
pids+=($!)
s1=$!
# while both are in their cooldown: one view, the one host's counts, by a plain sum over the
# hosts, by the shipped recording rule, and by the sum of the two sites' rules, federated (the
# central Prometheus labels what it scrapes with job) and written to it (remote_write: no job)
q_sum='sum by (vendor) (ssdpmac_vendor_devices_total{job="ssdpmac-scan"})'
q_rule='vendor:ssdpmac_vendor_devices:sum{site=""}'
q_fed='sum by (vendor) (vendor:ssdpmac_vendor_devices:sum{site=~"a|b", job="federate"})'
q_rw='sum by (vendor) (vendor:ssdpmac_vendor_devices:sum{site=~"a|b", job=""})'
one_view() {
	local q
	for q in "$q_sum" "$q_rule" "$q_fed" "$q_rw"; do
		[ "$(prom "$q")" = "$(cat "$tmp/one.prom")" ] || return 1
	done
}
wait_for 18 one_view || {
	for q in "$q_sum" "$q_rule" "$q_fed" "$q_rw"; do
		echo "$q:"
		diff <(prom "$q" | jq .) <(jq . "$tmp/one.prom") | head -6
	done
	fail "Prometheus' sum by (vendor) over the two hosts is not the one-host scan's"
}
# each host, and each site by either way, has its part in it
[ "$(prom_n 'count by (site, job) (vendor:ssdpmac_vendor_devices:sum{site=~"a|b"})')" -eq 4 ] ||
	fail "the central view does not hold both sites, federated and written"
ninst=$(prom_n 'count by (instance) (ssdpmac_vendor_devices_total{job="ssdpmac-scan"})')
[ "$ninst" -eq 2 ] || fail "$ninst scanner hosts have vendor series in Prometheus, not 2"
wait "$s0" || fail "shard 0's scan failed: $(cat "$tmp/s0.err")"
wait "$s1" || fail "shard 1's scan failed: $(cat "$tmp/s1.err")"
pids=()
# nothing came after Prometheus matched: the last scrapes and the pinned maps add up the same
[ "$(prom 'sum by (vendor) (last_over_time(ssdpmac_vendor_devices_total{job="ssdpmac-scan"}[10m]))')" = \
	"$(cat "$tmp/one.prom")" ] || fail "the shards' last scrapes are not the one-host counts"
jq -S -c -n --argjson a "$(pinned "$PIN-0")" --argjson b "$(pinned "$PIN-1")" \
	'reduce ($a, $b | to_entries[]) as $e ({}; .[$e.key] += $e.value)' >"$tmp/shards.pinned"
cmp -s "$tmp/shards.pinned" "$tmp/one.pinned" ||
	fail "the shards' pinned vendor maps do not add up to the one host's, OUI by OUI"

# -- the device files: disjoint shards, each within its part of the permutation, together the
# one host's devices
for i in 0 1; do
	$B/ssdpmac -q probe --dryrun --seed $SEED --shards 2 --shard $i --allow-reserved 198.18.0.0/15 \
		$RANGE | cut -d' ' -f1 | sort >"$tmp/part$i"
	addrs "$tmp/s$i.jsonl" >"$tmp/got$i"
	[ -z "$(comm -23 "$tmp/got$i" "$tmp/part$i")" ] || fail "shard $i recorded devices outside its part"
	[ "$(wc -l <"$tmp/got$i")" -gt 0 ] || fail "shard $i found nothing"
done
[ -z "$(comm -12 "$tmp/part0" "$tmp/part1")" ] || fail "the shards' parts overlap"
[ "$(sort -u "$tmp/part0" "$tmp/part1" | wc -l)" -eq 4096 ] &&
	[ "$(cat "$tmp/part0" "$tmp/part1" | wc -l)" -eq 4096 ] || fail "the shards' parts are not the /20, once"
[ -z "$(comm -12 "$tmp/got0" "$tmp/got1")" ] || fail "a device was recorded by both shards"
sort -m "$tmp/got0" "$tmp/got1" | cmp -s - "$tmp/answering" ||
	fail "the shards' devices are not the one-host scan's: $(sort -m "$tmp/got0" "$tmp/got1" | wc -l) of $(wc -l <"$tmp/answering")"

# -- report over both hosts' files is the one-host report, byte for byte, in every format, for
# the method's scanner list (the infected) and for every address in the range
jq -r 'select(.infected) | .addr' "$truth" >"$tmp/infected.txt"
cat "$tmp/part0" "$tmp/part1" >"$tmp/all.txt"
for fmt in table csv json markdown; do
	for list in "infected.txt" "all.txt --all-scanners"; do
		set -- $list
		$B/ssdpmac report -s "$tmp/$1" "${@:2}" -f $fmt "$tmp/one.jsonl" >"$tmp/r-one" ||
			fail "report -f $fmt over the one-host file failed"
		$B/ssdpmac report -s "$tmp/$1" "${@:2}" -f $fmt "$tmp/s0.jsonl" "$tmp/s1.jsonl" >"$tmp/r-two" ||
			fail "report -f $fmt over the shards' files failed"
		$B/ssdpmac report -s "$tmp/$1" "${@:2}" -f $fmt --devices "$tmp/s1.jsonl" \
			--devices "$tmp/s0.jsonl" >"$tmp/r-rev" || fail "report -f $fmt --devices ... failed"
		[ "$(wc -l <"$tmp/r-one")" -gt 5 ] || fail "report -f $fmt -s $1: $(wc -l <"$tmp/r-one") lines"
		cmp -s "$tmp/r-one" "$tmp/r-two" ||
			fail "report -f $fmt -s $1: the two hosts' report differs: $(diff "$tmp/r-one" "$tmp/r-two" | head -5)"
		cmp -s "$tmp/r-one" "$tmp/r-rev" || fail "report -f $fmt -s $1: the files' order changes the report"
	done
done
kill "${proms[@]}"
wait "${proms[@]}" 2>/dev/null || true
proms=()
echo "shard.sh: $(wc -l <"$tmp/got0") + $(wc -l <"$tmp/got1") devices in two shards," \
	"$(jq length "$tmp/one.prom") vendors: Prometheus and report as one host"
echo "shard.sh: 1 passed, 0 failed"
