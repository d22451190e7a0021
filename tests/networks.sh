#!/usr/bin/env bash
# report by network and over time, against the lab's address plan (scripts/lab-plan.tsv) without
# namespaces: the simulator's truth for that plan, MaxMind DB files built from it with Debian's
# perl writer (GeoLite2 and IPinfo lite layouts) and a prefix2as file. Every infected device's
# AS and country equal the plan's with each kind of file; the per-AS CSVs hold exactly each
# AS's devices; --country and --asn select exactly those; --by day counts each device once, on
# the day it first scanned; bad files and bad values are clear errors naming file and line.
set -euo pipefail
cd "$(dirname "$0")/.."
TEST_NAME=networks.sh
. tests/lib.sh
B=${B:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

$B/ssdpsim --truth-only --devices 2200 --seed 11 --plan scripts/lab-plan.tsv --truth "$tmp/truth.jsonl"
scripts/mkmmdb.pl scripts/lab-plan.tsv "$tmp"
# scanners: the infected, first seen on day (n mod 20) of June 2017, for 1 to 3 days; devices:
# the answering ones with a class, as classify would record them
jq -c -s 'to_entries[] | .key as $n | .value | select(.infected) |
	{addr, mirai: true,
	 first_seen: ("2017-06-\(1 + $n % 20 | tostring | if length == 1 then "0" + . else . end)T10:00:00.000000Z"),
	 last_seen: ("2017-06-\(2 + $n % 20 + $n % 3 | tostring | if length == 1 then "0" + . else . end)T10:00:00.000000Z")}' \
	"$tmp/truth.jsonl" >"$tmp/scanners.jsonl"
jq -c 'select(.answers and .class != null) | {addr, usn: ("uuid:" + .usn), class, mac, vendor, oui}' \
	"$tmp/truth.jsonl" >"$tmp/devices.jsonl"
rep() { $B/ssdpmac report -s "$tmp/scanners.jsonl" --devices "$tmp/devices.jsonl" "$@"; }
# the infected devices the report must show: the truth's infected with SSDP and a class
want() { jq -c -s "map(select(.infected and .answers and .class != null) | $1)" "$tmp/truth.jsonl"; }

# -- each kind of file gives the plan's networks
check_nets() { # LABEL NAMES(yes/no) OPTIONS...
	local label=$1 names=$2
	shift 2
	rep -f json "$@" >"$tmp/r.json" || fail "report $label failed"
	jq -n --slurpfile t "$tmp/truth.jsonl" --slurpfile r "$tmp/r.json" --arg names "$names" '
		($t | map({key: .addr, value: .}) | from_entries) as $truth |
		[$r[0].devices[] | . as $d | $truth[$d.addr] as $w |
		 select($d.asn != $w.asn or $d.country != $w.country or
			($names == "yes" and $d.as_name != $w.as_name)) |
		 {addr, got: [.asn, .as_name, .country], want: [$w.asn, $w.as_name, $w.country]}]' \
		>"$tmp/d.json"
	[ "$(jq length "$tmp/d.json")" -eq 0 ] || { jq -c '.[:3][]' "$tmp/d.json"; fail "$label: $(jq length "$tmp/d.json") devices' networks differ from the plan"; }
	[ "$(jq '.devices | length' "$tmp/r.json")" -eq "$(want .addr | jq length)" ] ||
		fail "$label: $(jq '.devices | length' "$tmp/r.json") infected devices, want $(want .addr | jq length)"
}
check_nets "GeoLite2 layout" yes --asn-db "$tmp/asn.mmdb" --country-db "$tmp/country.mmdb"
check_nets "IPinfo lite layout" yes --asn-db "$tmp/ipinfo.mmdb"
check_nets "prefix2as" no --pfx2as "$tmp/pfx2as.txt" --country-db "$tmp/country.mmdb"
NET=(--asn-db "$tmp/asn.mmdb" --country-db "$tmp/country.mmdb")
# the unknown are counted, never dropped
unknown=$(jq -s 'map(select(.infected and .asn == null)) | length' "$tmp/truth.jsonl")
[ "$unknown" -gt 0 ] || fail "the plan leaves no infected address unknown"
rep -f json "${NET[@]}" | jq -e --argjson u "$unknown" '.summary.unknown_asn == $u' >/dev/null ||
	fail "unknown ASes not counted as $unknown"
# multi-origin prefixes keep their origins
rep -f json --pfx2as "$tmp/pfx2as.txt" | jq -e '[.devices[] | select(.asn == 64502) |
	.as_origins] | unique == ["64502_64510"]' >/dev/null || fail "the MOAS origins are not kept"
# the table shows vendor x AS x country
rep "${NET[@]}" >"$tmp/r.txt"
grep -Eq '^ +[0-9]+  .+ AS64502 +Lab Cable, Inc\. +US$' "$tmp/r.txt" || fail "no AS64502 row in the table"

# -- the records carry them too: import and read (host parser) of a capture of the devices
jq -r 'select(.answers and .class != null and .usn != "") | "\(.addr) uuid:\(.usn)"' "$tmp/truth.jsonl" \
	>"$tmp/spec"
$B/tests/mkpcap "$tmp/dev.pcap" --spec "$tmp/spec"
rec_nets() { # LABEL FILE: every record's asn, as_name, country are the plan's, for all devices
	jq -n --slurpfile t "$tmp/truth.jsonl" --slurpfile r "$2" '
		($t | map({key: .addr, value: .}) | from_entries) as $truth |
		[$r[] | select(.addr) | . as $d | $truth[$d.addr] as $w |
		 select($d.asn != $w.asn or $d.as_name != $w.as_name or $d.country != $w.country)] |
		length' >"$tmp/n"
	[ "$(cat "$tmp/n")" -eq 0 ] || fail "$1: $(cat "$tmp/n") records' networks differ from the plan"
	[ "$(jq -s 'map(select(.addr)) | map(.addr) | unique | length' "$2")" -eq "$(wc -l <"$tmp/spec")" ] ||
		fail "$1: not every device has a record"
}
$B/ssdpmac -q import -f pcap "$tmp/dev.pcap" "${NET[@]}" >"$tmp/imp.jsonl" || fail "import --asn-db failed"
rec_nets "import -f pcap" "$tmp/imp.jsonl"
$B/ssdpmac read --userspace "$tmp/dev.pcap" --asn-db "$tmp/ipinfo.mmdb" >"$tmp/read.jsonl" || fail "read failed"
rec_nets "read --userspace" "$tmp/read.jsonl"

# -- the hand-off: one CSV per AS with exactly its devices
rep "${NET[@]}" --handoff-dir "$tmp/ho" >/dev/null
for f in "$tmp"/ho/*.csv; do
	as=$(basename "$f" .csv)
	asn=${as#AS}
	[ "$asn" = -unknown ] && sel='.asn == null' || sel=".asn == $asn"
	got=$(tail -n +2 "$f" | cut -d, -f1 | sort)
	[ "$got" = "$(want "select($sel) | .addr" | jq -r '.[]' | sort)" ] || fail "$as.csv: not that AS's devices"
done
[ "$(ls "$tmp/ho" | wc -l)" -eq "$(want .asn | jq 'unique | length')" ] || fail "not one CSV per AS"
head -1 "$tmp/ho/AS64500.csv" | grep -qx 'addr,asn,as_name,country,vendor,mac,model,server,first_seen,last_seen,confidence,manufacturer,serial,firmware' ||
	fail "the hand-off header"

# -- --country and --asn select exactly those
[ "$(rep -f json "${NET[@]}" --country jp | jq -c '[.devices[].addr] | sort')" = \
	"$(want 'select(.country == "JP") | .addr' | jq -c sort)" ] || fail "--country JP"
[ "$(rep -f json "${NET[@]}" --asn AS64502 | jq -c '[.devices[].addr] | sort')" = \
	"$(want 'select(.asn == 64502) | .addr' | jq -c sort)" ] || fail "--asn 64502"

# -- over time: each device on the day it first scanned, within --since/--until
jq -s -r 'map({key: .addr, value: .first_seen[:10]}) | from_entries' "$tmp/scanners.jsonl" >"$tmp/day.json"
rep -f json --by day >"$tmp/t.json"
jq -e -n --slurpfile t "$tmp/t.json" --slurpfile day "$tmp/day.json" --argjson w "$(want .addr)" '
	($w | map($day[0][.]) | group_by(.) | map({key: .[0], value: length}) | from_entries) as $want |
	($t[0].periods | map(select(.new > 0) | {key: .period, value: .new}) | from_entries) == $want' \
	>/dev/null || fail "--by day: new devices per day differ"
rep -f csv --by week --since 2017-06-05 --until 2017-06-12T00:00:00Z >"$tmp/w.csv"
head -1 "$tmp/w.csv" | grep -q '^period,new,' || fail "--by week CSV header"
[ "$(tail -n +2 "$tmp/w.csv" | cut -d, -f1 | tr '\n' ' ')" = "2017-W23 " ] || fail "--by week: $(cat "$tmp/w.csv")"
rep --by day --chart "$tmp/t.png" >/dev/null
[ "$(head -c 8 "$tmp/t.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "--by --chart: not a PNG"

# -- hostile names from a database are escaped like any network text
printf '198.18.0.0/16\t64999\tJP\t=HYPERLINK("x")\033[2J|*x*\n' >"$tmp/evil.tsv"
mkdir "$tmp/evil" && scripts/mkmmdb.pl "$tmp/evil.tsv" "$tmp/evil"
rep --asn-db "$tmp/evil/asn.mmdb" --handoff-dir "$tmp/eho" >"$tmp/e.txt"
grep -q $'\033' "$tmp/e.txt" && fail "an escape sequence from an AS name reached the terminal"
cut -d, -f3 "$tmp/eho/AS64999.csv" | tail -1 | grep -q "^\"'=HYPERLINK" || fail "a formula in an AS name reached the CSV"
rep -f markdown --asn-db "$tmp/evil/asn.mmdb" >"$tmp/e.md"
# each row of the network table has its 6 cell borders, the name's pipe escaped
[ "$(grep -F AS64999 "$tmp/e.md" | sed 's/\\|//g' | tr -cd '|\n' | sort -u)" = "||||||" ] ||
	fail "an AS name's pipe broke the Markdown table"

# -- bad files and values: clear errors naming the file (and line)
bad() { # WHAT EXPECTED-MESSAGE OPTIONS...
	local what=$1 msg=$2
	shift 2
	if rep "$@" >/dev/null 2>"$tmp/err"; then fail "$what was accepted"; fi
	grep -qF -- "$msg" "$tmp/err" || fail "$what: $(cat "$tmp/err")"
}
bad "a missing --asn-db" "--asn-db $tmp/none.mmdb: No such file" --asn-db "$tmp/none.mmdb"
head -c 1000 "$tmp/asn.mmdb" >"$tmp/cut.mmdb"
bad "a cut MaxMind DB" "--country-db $tmp/cut.mmdb: " --country-db "$tmp/cut.mmdb"
grep -q 'not a readable MaxMind DB' "$tmp/err" || fail "a cut DB: $(cat "$tmp/err")"
head -c 3000 /dev/urandom >"$tmp/noise.mmdb"
bad "random bytes as a MaxMind DB" "$tmp/noise.mmdb" --asn-db "$tmp/noise.mmdb"
# a damaged search tree (valid metadata): named once, every lookup counted as unknown
cp "$tmp/asn.mmdb" "$tmp/tree.mmdb"
head -c 600 /dev/zero | tr '\0' '\377' | dd of="$tmp/tree.mmdb" conv=notrunc 2>/dev/null
rep -f json --asn-db "$tmp/tree.mmdb" 2>"$tmp/err" >"$tmp/r.json"
grep -q "$tmp/tree.mmdb: looking up .*search tree is corrupt (counted as unknown)" "$tmp/err" ||
	fail "a damaged search tree: $(cat "$tmp/err")"
jq -e '.summary.unknown_asn == .summary.lookup_errors and .summary.lookup_errors > 0 and
	(.devices | length) > 0' "$tmp/r.json" >/dev/null || fail "a damaged tree dropped devices"
printf '198.18.0.0\t23\t64500\n# a comment\n198.18.2.0\t24\tAS64502\n' >"$tmp/bad.p2a"
bad "a prefix2as line with AS64502" "--pfx2as $tmp/bad.p2a:3: not a prefix2as line" --pfx2as "$tmp/bad.p2a"
printf '198.18.0.0\t33\t64500\n' >"$tmp/bad.p2a"
bad "a /33" "$tmp/bad.p2a:1:" --pfx2as "$tmp/bad.p2a"
printf '198.18.0.0\t16\t64500__1\n' >"$tmp/bad.p2a"
bad "an empty origin" "$tmp/bad.p2a:1:" --pfx2as "$tmp/bad.p2a"
bad "--country JPN" "--country JPN: a two-letter" --country JPN "${NET[@]}"
bad "--asn x" "--asn x: an AS number" --asn x "${NET[@]}"
bad "--since 2017-13-01" "--since 2017-13-01: an ISO 8601" --since 2017-13-01
bad "--until 2017-02-30" "--until 2017-02-30: an ISO 8601" --until 2017-02-30
bad "--by month" "--by month: day or week" --by month
bad "--country without a database" "--country, --asn and --handoff-dir need" --country JP
bad "an empty window" "the window is empty" --since 2017-06-02 --until 2017-06-01
echo "networks.sh: 1 passed, 0 failed"
