#!/usr/bin/env bash
# import: each format from a small sample written from its documentation; wrong formats and bad
# lines are clear errors naming the line, or counted with --keep-going.
# report: known inputs give exactly the expected table, CSV, JSON and Markdown; a chart is a
# valid PNG and SVG of the size asked.
set -euo pipefail
cd "$(dirname "$0")/.."
TEST_NAME=import_report.sh
. tests/lib.sh
B=${B:-build}
D=tests/data/import
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

imp() { $B/ssdpmac -q import "$@"; }
# fmt file: the (addr class vendor) triples it must give
expect() {
	local got
	got=$(imp "${@:3}" -f "$1" "$D/$2" | jq -r '[.addr, .class, (.vendor // "-")] | join(" ")' | sort)
	[ "$got" = "$(printf '%s\n' "${EXPECT[@]}" | sort)" ] ||
		fail "import -f $1 $2: got [$got]"
}
EXPECT=("198.18.7.1 v1-mac Intel Corporation" "198.18.7.2 embedded-mac Cisco-Linksys, LLC"
	"198.18.7.3 v1-random -")
expect zmap-upnp zmap-upnp.csv
EXPECT=("198.18.8.1 v1-mac Intel Corporation" "198.18.8.3 embedded-mac REALTEK SEMICONDUCTOR CORP.")
expect masscan masscan.json
expect masscan masscan.list
EXPECT=("198.18.9.1 v1-mac Intel Corporation" "198.18.9.2 v1-mac Philips Lighting BV")
expect sonar sonar.csv --keep-going
EXPECT=("198.18.10.1 v1-mac Cisco-Linksys, LLC" "198.18.10.2 v1-mac TELEPLATFORMS")
expect shadowserver shadowserver.csv
imp -f shadowserver "$D/shadowserver.csv" >"$tmp/ss.jsonl"
has 'select(.addr == "198.18.10.1" and .server == "Linux/2.4, UPnP/1.0, \"quoted\" BRCM400/1.0")' \
	"$tmp/ss.jsonl" ||
	fail "a quoted CSV field with doubled quotes was not read as written"

# LOCATION kept by every format that has it (describe fetches it)
imp -f zmap-upnp "$D/zmap-upnp.csv" >"$tmp/z.jsonl"
has 'select(.addr == "198.18.7.1" and .location == "http://198.18.7.1:49152/rootDesc.xml")' \
	"$tmp/z.jsonl" || fail "import -f zmap-upnp lost LOCATION"
has 'select(.addr == "198.18.10.1" and .location == "http://198.18.10.1:1900/igd.xml")' \
	"$tmp/ss.jsonl" || fail "import -f shadowserver lost LOCATION"

# the wrong format: an error naming line 1
if imp -f sonar "$D/zmap-upnp.csv" 2>"$tmp/err" >/dev/null; then fail "sonar read a ZMap CSV"; fi
grep -q "zmap-upnp.csv:1: this is not a Sonar" "$tmp/err" || fail "no clear error: $(cat "$tmp/err")"
# a bad line stops, naming it; --keep-going counts it
if imp -f sonar "$D/sonar.csv" 2>"$tmp/err" >/dev/null; then fail "a bad line did not stop"; fi
grep -q "sonar.csv:4:" "$tmp/err" || fail "the bad line is not named: $(cat "$tmp/err")"
$B/ssdpmac import -k -f sonar "$D/sonar.csv" 2>"$tmp/err" >/dev/null
grep -q "2 lines skipped (the first: line 4)" "$tmp/err" || fail "skipped lines not reported"

# pcap: the corpus, through the same parser
$B/tests/mkpcap "$tmp/c.pcap" tests/data/ssdp/reply_usn_last.txt tests/data/ssdp/notify_sonos.txt
[ "$(imp -f pcap "$tmp/c.pcap" | jq -s 'map(.vendor) | sort' -c)" = '["Intel Corporation","Sonos, Inc."]' ] ||
	fail "import -f pcap"
imp -f pcap "$tmp/c.pcap" | jq -e -s 'all(.location | startswith("http://"))' >/dev/null ||
	fail "import -f pcap lost LOCATION"

# report: exactly the expected outputs
R=tests/data/report
rep() { $B/ssdpmac report -s $R/scanners.jsonl --devices $R/devices-a.jsonl $R/devices-b.jsonl "$@"; }
rep | diff -u $R/expected.txt - || fail "report table differs"
# the old spelling -d FILE (now --devices; -d is --ieee-dir everywhere) still works, with a warning
$B/ssdpmac report -s $R/scanners.jsonl -d $R/devices-a.jsonl -d $R/devices-b.jsonl 2>"$tmp/err" |
	diff -u $R/expected.txt - || fail "report -d (the old spelling) differs"
grep -q -- "-d is now --devices" "$tmp/err" || fail "report -d: no warning: $(cat "$tmp/err")"
rep -f csv | diff -u $R/expected.csv - || fail "report CSV differs"
rep -f json | diff -u $R/expected.json - || fail "report JSON differs"
rep -f markdown | diff -u $R/expected.md - || fail "report Markdown differs"
# the same devices, the same report: the files in the other order (several hosts or shards
# merged; a device seen at two addresses is shown at its lowest), the lines shuffled
for f in table csv json markdown; do
	rep -f $f >"$tmp/ab"
	$B/ssdpmac report -s $R/scanners.jsonl -f $f --devices $R/devices-b.jsonl $R/devices-a.jsonl >"$tmp/ba"
	cmp -s "$tmp/ab" "$tmp/ba" || fail "report -f $f: the device files' order changes the report"
	cat $R/devices-a.jsonl $R/devices-b.jsonl | shuf --random-source=<(yes) >"$tmp/shuf.jsonl"
	$B/ssdpmac report -s $R/scanners.jsonl -f $f --devices "$tmp/shuf.jsonl" >"$tmp/shuf"
	cmp -s "$tmp/ab" "$tmp/shuf" || fail "report -f $f: the records' order changes the report"
done
# ties broken on the records, never on the read order: two different devices at one address
# (one file each: two hosts' scans), a device recorded twice at one address with different
# times and servers, and the scanner lines reversed; the same report whichever comes first
jq -c 'select(.addr == "198.18.7.2") | .addr = "198.18.7.1" | .addrs = ["198.18.7.1"]' \
	$R/devices-a.jsonl >"$tmp/tie1.jsonl"
jq -c 'select(.addr == "198.18.7.1") | .time = "2026-11-18T09:00:00Z" | .server = "later/1.0"' \
	$R/devices-a.jsonl >>"$tmp/tie1.jsonl"
# (198.18.7.2 seen by two sensors: its earliest first and latest last seen, in either order)
{ cat $R/scanners.jsonl; echo '{"addr":"198.18.7.2","first_seen":"2026-11-18T09:00:00.000Z","last_seen":"2026-11-18T10:10:00.000Z","mirai":true}'; } >"$tmp/scanners-2.jsonl"
tac "$tmp/scanners-2.jsonl" >"$tmp/scanners-rev.jsonl"
for f in table csv json markdown; do
	$B/ssdpmac report -s "$tmp/scanners-2.jsonl" -f $f --devices $R/devices-a.jsonl "$tmp/tie1.jsonl" >"$tmp/t1"
	$B/ssdpmac report -s "$tmp/scanners-rev.jsonl" -f $f --devices "$tmp/tie1.jsonl" \
		$R/devices-a.jsonl >"$tmp/t2"
	cmp -s "$tmp/t1" "$tmp/t2" || fail "report -f $f: two devices at one address: the read order" \
		"decides ($(diff "$tmp/t1" "$tmp/t2" | head -4 | tr '\n' ' '))"
done
$B/ssdpmac report -s "$tmp/scanners-2.jsonl" -f json --devices $R/devices-a.jsonl >"$tmp/t1"
jq -e '[.vendors[] | select(.vendor | startswith("Cisco")) | .first_seen, .last_seen] ==
	["2026-11-18T09:00:00.000Z", "2026-11-18T10:30:00.000Z"]' "$tmp/t1" >/dev/null ||
	fail "a scanner in two lines: not its earliest and latest times: $(jq -c .vendors "$tmp/t1")"
rep --chart "$tmp/c.png" >/dev/null
[ "$(head -c 8 "$tmp/c.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "not a PNG"
[ "$(od -An -tu1 -j16 -N8 "$tmp/c.png" | awk '{ print $1*16777216+$2*65536+$3*256+$4 }')" = 1100 ] ||
	fail "the PNG is not 1100 pixels wide"
rep --chart "$tmp/c.svg" >/dev/null
grep -q '<svg' "$tmp/c.svg" && grep -q 'width="1100"' "$tmp/c.svg" || fail "not an SVG of the size asked"
if rep --chart "$tmp/c.gif" >/dev/null 2>&1; then fail "a .gif chart was accepted"; fi
echo "import_report.sh: 1 passed, 0 failed"
