#!/usr/bin/env bash
# Who to notify, in the lab: the lab's address plan (scripts/lab-plan.tsv: a few ASes and
# countries inside 198.18.0.0/15, and a part no database knows) becomes MaxMind DB files (Debian's
# perl writer) and a prefix2as file; the sensor on dark0 finds the scanners, scan recovers the
# devices, and the report names every infected device's AS and country exactly as the plan does;
# each per-AS CSV holds exactly that AS's infected devices; --country and --asn select exactly
# those. Uses scripts/lab.sh's namespaces: run it under the lab lock.
set -euo pipefail
cd "$(dirname "$0")/.."
TEST_NAME=lab_networks.sh
. tests/lib.sh
B=${B:-build}
export LAB_DIR
LAB_DIR=$(mktemp -d)
PIN=/sys/fs/bpf/ssdpmac-test-networks
tmp=$(mktemp -d)
sen_pid=
cleanup() {
	[ -z "$sen_pid" ] || kill -9 "$sen_pid" 2>/dev/null || true
	scripts/lab.sh down >/dev/null 2>&1 || true
	rm -rf "$PIN-sensor" "$PIN-scan" "$tmp" "$LAB_DIR"
}
trap cleanup EXIT

# 2200 devices: 198.18.0.1 to 198.18.8.152, every prefix of the plan and past its end
scripts/lab.sh up --devices 2200 --seed 11 --duration 90 --syn-rate 3000 \
	--plan scripts/lab-plan.tsv >/dev/null
truth=$LAB_DIR/truth.jsonl
scripts/mkmmdb.pl scripts/lab-plan.tsv "$tmp"

# -- the sensor on dark0 until every infected device has scanned
nsenter --net=/run/netns/ssdpmac-dark $B/ssdpmac sensor -i dark0 --pin-dir "$PIN-sensor" \
	--mirai-only -o "$tmp/scanners.jsonl" --metrics 127.0.0.1:19491 --pfx2as "$tmp/pfx2as.txt" \
	--country-db "$tmp/country.mmdb" 2>"$tmp/sensor.err" &
sen_pid=$!
want_mirai=$(jq -s 'map(select(.infected)) | length' "$truth")
mirai() {
	nsenter --net=/run/netns/ssdpmac-dark curl -sf http://127.0.0.1:19491/metrics |
		awk '/^ssdpmac_sensor_scanners\{fingerprint="mirai"\}/ { print $2 }'
}
all_seen() { [ "$(mirai)" -ge "$want_mirai" ]; }
wait_for 60 all_seen || fail "the sensor saw $(mirai) of $want_mirai infected"
kill -TERM "$sen_pid"
wait "$sen_pid" || fail "sensor failed: $(cat "$tmp/sensor.err")"
sen_pid=

# -- the devices: one scan of the device range
nsenter --net=/run/netns/ssdpmac-scan $B/ssdpmac -q scan -i scan0 --pin-dir "$PIN-scan" \
	--metrics off --allow-reserved 198.18.0.0/15 -r 20000 --cooldown 2 --tx packet \
	--asn-db "$tmp/ipinfo.mmdb" -o "$tmp/dev.jsonl" 198.18.0.0/20 || fail "scan failed"
# the records name their networks as the plan does: the scanners' (prefix2as and a country DB),
# the devices' (IPinfo lite alone)
for f in scanners dev; do
	jq -n --slurpfile t "$truth" --slurpfile r "$tmp/$f.jsonl" --arg f $f '
		($t | map({key: .addr, value: .}) | from_entries) as $truth |
		[$r[] | . as $d | $truth[$d.addr] as $w | select($w == null or $d.asn != $w.asn or
		 $d.country != $w.country or ($f == "dev" and $d.as_name != $w.as_name))] | length' \
		>"$tmp/n"
	[ "$(cat "$tmp/n")" -eq 0 ] || fail "$f records: $(cat "$tmp/n") networks differ from the plan"
done

# -- the report's networks are the plan's, for every infected device
rep() { $B/ssdpmac report -s "$tmp/scanners.jsonl" --devices "$tmp/dev.jsonl" "$@"; }
want() { jq -c -s "map(select(.infected and .answers and .class != null) | $1)" "$truth"; }
NET=(--asn-db "$tmp/asn.mmdb" --country-db "$tmp/country.mmdb")
rep -f json "${NET[@]}" --handoff-dir "$tmp/ho" >"$tmp/r.json" || fail "report failed"
jq -n --slurpfile t "$truth" --slurpfile r "$tmp/r.json" '
	($t | map({key: .addr, value: .}) | from_entries) as $truth |
	[$t[] | select(.infected and .answers and .class != null) | .addr] as $want |
	{ differ: [$r[0].devices[] | . as $d | $truth[$d.addr] as $w |
		select($d.asn != $w.asn or $d.as_name != $w.as_name or $d.country != $w.country) |
		{addr, got: [.asn, .as_name, .country], want: [$w.asn, $w.as_name, $w.country]}],
	  missing: ($want - [$r[0].devices[].addr]), extra: ([$r[0].devices[].addr] - $want) }' \
	>"$tmp/diff.json"
jq -e '.differ == [] and .missing == [] and .extra == []' "$tmp/diff.json" >/dev/null ||
	{ jq -c '{differ: .differ[:3], missing: .missing[:3], extra: .extra[:3]}' "$tmp/diff.json"; fail "the report's networks differ from the plan"; }
# the plan's every network is in the lab (a test that cannot see a network proves nothing of it)
[ "$(want '[.asn, .country]' | jq 'unique | length')" -ge 6 ] || fail "the lab does not cover the plan"

# -- one CSV per AS, exactly its infected devices (AS-unknown.csv: those no file places)
for f in "$tmp"/ho/*.csv; do
	asn=$(basename "$f" .csv)
	asn=${asn#AS}
	[ "$asn" = -unknown ] && sel='.asn == null' || sel=".asn == $asn"
	[ "$(tail -n +2 "$f" | cut -d, -f1 | sort)" = "$(want "select($sel) | .addr" | jq -r '.[]' | sort)" ] ||
		fail "$(basename "$f"): not exactly that AS's infected devices"
done
[ "$(ls "$tmp/ho" | wc -l)" -eq "$(want .asn | jq 'unique | length')" ] || fail "not one CSV per AS"

# -- --country and --asn select exactly those; the same with prefix2as for the AS numbers
for sel in "--country JP|.country == \"JP\"" "--country DE|.country == \"DE\"" \
	"--asn 64502|.asn == 64502" "--asn 64503|.asn == 64503"; do
	opt=${sel%%|*}
	[ "$(rep -f json "${NET[@]}" $opt | jq -c '[.devices[].addr] | sort')" = \
		"$(want "select(${sel#*|}) | .addr" | jq -c sort)" ] || fail "report $opt"
done
[ "$(rep -f json --pfx2as "$tmp/pfx2as.txt" --asn 64504 | jq -c '[.devices[].addr] | sort')" = \
	"$(want 'select(.asn == 64504) | .addr' | jq -c sort)" ] || fail "report --pfx2as --asn 64504"
echo "lab_networks.sh: $(want .addr | jq length) infected devices in $(want .asn | jq 'unique | length') networks, as the plan says"
echo "lab_networks.sh: 1 passed, 0 failed"
