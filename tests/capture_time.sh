#!/usr/bin/env bash
# Capture time everywhere: `sensor --read`, `read` and `import -f pcap` take first/last seen
# from the packets' own times, in pcap (microseconds and nanoseconds) and pcapng (nanosecond
# if_tsresol and the microsecond default) alike; a capture from 2017, out of time order, yields
# exactly those times (records carry microseconds), never the time it was read.
set -euo pipefail
cd "$(dirname "$0")/.."
TEST_NAME=capture_time.sh
. tests/lib.sh
B=${B:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 198.18.1.1 scans three times, the earliest last in the file; 198.18.1.2 once; both answer SSDP
cat >"$tmp/spec" <<'SPEC'
1496318400.123456789 syn 198.18.1.1
1496404800.000001999 syn 198.18.1.1
1496300000.5 syn 198.18.1.1
1496318401.25 syn 198.18.1.2
1496318402.000000001 reply 198.18.1.1 uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6::upnp:rootdevice
1496318403.999999999 reply 198.18.1.2 uuid:2b1e8f2a-1dd1-11b2-8f3c-001788aabbcc::upnp:rootdevice
SPEC
iso() { echo "$(date -u -d "@$1" +%Y-%m-%dT%H:%M:%S).$2Z"; }
first1=$(iso 1496300000 500000) last1=$(iso 1496404800 000001)
first2=$(iso 1496318401 250000)
seen1=$(iso 1496318402 000000) seen2=$(iso 1496318403 999999)
[ "$first1" = 2017-06-01T06:53:20.500000Z ] || fail "date(1) gave $first1"

# want FILE ADDR FIRST LAST: the record of ADDR in FILE has exactly these first/last seen
want() {
	jq -e -s --arg a "$2" --arg f "$3" --arg l "$4" \
		'map(select(.addr == $a)) | length == 1 and .[0].first_seen == $f and .[0].last_seen == $l' \
		"$1" >/dev/null || fail "$5: $2 is $(jq -c -s --arg a "$2" 'map(select(.addr == $a))' "$1"), want $3 .. $4"
}
for fmt in pcap pcap-ns pcapng pcapng-us; do
	f=$tmp/c.$fmt
	$B/tests/mkdated "$f" $fmt "$tmp/spec"
	$B/ssdpmac -q sensor --read "$f" -o "$tmp/s.jsonl" || fail "sensor --read $fmt failed"
	want "$tmp/s.jsonl" 198.18.1.1 "$first1" "$last1" "sensor --read ($fmt)"
	want "$tmp/s.jsonl" 198.18.1.2 "$first2" "$first2" "sensor --read ($fmt)"
	for how in --userspace --all; do
		$B/ssdpmac read $how "$f" >"$tmp/r.jsonl" || fail "read $how $fmt failed"
		jq -e -s --arg a "$seen1" --arg b "$seen2" \
			'map(select(.addr)) | map({(.addr): .seen}) | add == {"198.18.1.1": $a, "198.18.1.2": $b}' \
			"$tmp/r.jsonl" >/dev/null || fail "read $how ($fmt): $(jq -c 'select(.addr) | [.addr, .seen]' "$tmp/r.jsonl")"
	done
	$B/ssdpmac -q import -f pcap "$f" >"$tmp/i.jsonl" || fail "import -f pcap $fmt failed"
	want "$tmp/i.jsonl" 198.18.1.1 "$seen1" "$seen1" "import -f pcap ($fmt)"
	want "$tmp/i.jsonl" 198.18.1.2 "$seen2" "$seen2" "import -f pcap ($fmt)"
done

# the scanner records name each scanner's network when asked (the lab's plan: AS64500, JP)
scripts/mkmmdb.pl scripts/lab-plan.tsv "$tmp"
$B/ssdpmac -q sensor --read "$tmp/c.pcap" -o "$tmp/s.jsonl" --asn-db "$tmp/asn.mmdb" \
	--country-db "$tmp/country.mmdb" || fail "sensor --read --asn-db failed"
jq -e -s 'length == 2 and all(.asn == 64500 and .as_name == "Lab Fiber Japan K.K." and
	.country == "JP")' "$tmp/s.jsonl" >/dev/null || fail "sensor records: $(cat "$tmp/s.jsonl")"

# import keeps each source's own time (the samples are dated 1795000000 and on)
src=$(iso 1795000000 000000)
for f in "masscan masscan.json" "sonar sonar.csv -k"; do
	set -- $f
	$B/ssdpmac -q import -f $1 "tests/data/import/$2" ${3:-} >"$tmp/i.jsonl"
	want "$tmp/i.jsonl" 198.18.$([ $1 = masscan ] && echo 8 || echo 9).1 "$src" "$src" "import -f $1"
done
$B/ssdpmac -q import -f shadowserver tests/data/import/shadowserver.csv >"$tmp/i.jsonl"
want "$tmp/i.jsonl" 198.18.10.1 2026-11-18T10:00:00.000000Z 2026-11-18T10:00:00.000000Z \
	"import -f shadowserver"
# a source without times (ZMap's CSV here) gives none, not 1970
$B/ssdpmac -q import -f zmap-upnp tests/data/import/zmap-upnp.csv >"$tmp/i.jsonl"
jq -e -s 'length > 0 and all(.first_seen == null and .last_seen == null)' "$tmp/i.jsonl" >/dev/null ||
	fail "import -f zmap-upnp invented times: $(jq -c '[.first_seen, .last_seen]' "$tmp/i.jsonl" | head -1)"
echo "capture_time.sh: 1 passed, 0 failed"
