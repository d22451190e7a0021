#!/usr/bin/env bash
# report's model view: device records with `describe`'s descriptions (real documents,
# tests/data/report/PROVENANCE.md) give exactly the expected table, CSV, JSON and Markdown;
# a device in several files takes its parsed description whatever the order; the hand-off CSVs
# carry model, serial and firmware; over the simulator's truth (no namespaces), the counts per
# vendor x manufacturer x model are exactly the truth's, a manufacturer that is the MAC's vendor
# never differs and one that differs never is.
set -euo pipefail
cd "$(dirname "$0")/.."
TEST_NAME=report_models.sh
. tests/lib.sh
B=${B:-build}
R=tests/data/report
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

rep() {
	$B/ssdpmac report -s $R/models-scanners.jsonl --devices $R/devices-a.jsonl \
		$R/devices-b.jsonl $R/described.jsonl "$@"
}
rep | diff -u $R/models-expected.txt - || fail "model view: table differs"
rep -f csv | diff -u $R/models-expected.csv - || fail "model view: CSV differs"
rep -f json | diff -u $R/models-expected.json - || fail "model view: JSON differs"
rep -f markdown | diff -u $R/models-expected.md - || fail "model view: Markdown differs"

# -- merged files: the same models and descriptions whatever the order of the files
models() { jq -c '[.models, (.devices | map({mac, uuid, description}) | sort)]' "$1"; }
rep -f json >"$tmp/a.json"
$B/ssdpmac report -s $R/models-scanners.jsonl $R/described.jsonl $R/devices-b.jsonl \
	$R/devices-a.jsonl -f json >"$tmp/b.json"
[ "$(models "$tmp/a.json")" = "$(models "$tmp/b.json")" ] ||
	fail "the order of the device files changed the model view"
# a failed description of the same device, in a later or an earlier file, does not replace the
# parsed one; a parsed one replaces a failed one (198.18.7.2's http-error)
jq -c 'select(.addr == "198.18.7.12") | .description = {outcome: "timeout"}' \
	$R/described.jsonl >"$tmp/late.jsonl"
jq -c 'select(.addr == "198.18.7.2") | .description = {outcome: "ok", manufacturer: "Linksys",
	modelName: "WRT54G", modelNumber: "v8", firmwareVersion: "8.00.5"}' \
	$R/described.jsonl >>"$tmp/late.jsonl"
for order in late-last late-first; do
	if [ $order = late-last ]; then files=($R/described.jsonl "$tmp/late.jsonl"); else
		files=("$tmp/late.jsonl" $R/described.jsonl); fi
	$B/ssdpmac report -s $R/models-scanners.jsonl "${files[@]}" -f json >"$tmp/m.json"
	jq -e '(.devices[] | select(.addr == "198.18.7.12") | .description.modelNumber == "WAG200G")
		and (.devices[] | select(.addr == "198.18.7.2") |
			.description == {outcome: "ok", manufacturer: "Linksys", modelName: "WRT54G",
			modelNumber: "v8", serialNumber: null, firmware: "fw 8.00.5", differs: false})' \
		"$tmp/m.json" >/dev/null || fail "merge ($order): $(jq -c '.devices' "$tmp/m.json")"
done

# two equally good descriptions of one device (two parsed ones; two failed ones), in either
# order: the same report in every format (the tie breaks on the descriptions, not the order)
jq -c 'select(.addr == "198.18.7.12") | .description.modelNumber = "WAG200G v2" |
	.description.serialNumber = "987654321"' $R/described.jsonl >"$tmp/tie.jsonl"
jq -c 'select(.addr == "198.18.7.10") | .description = {outcome: "timeout"}' \
	$R/described.jsonl >"$tmp/fail1.jsonl"
jq -c 'select(.addr == "198.18.7.10") | .description = {outcome: "http-error", status: 404}' \
	$R/described.jsonl >"$tmp/fail2.jsonl"
for f in table csv json markdown; do
	$B/ssdpmac report -s $R/models-scanners.jsonl -f $f --devices $R/described.jsonl \
		"$tmp/tie.jsonl" >"$tmp/t1"
	$B/ssdpmac report -s $R/models-scanners.jsonl -f $f --devices "$tmp/tie.jsonl" \
		$R/described.jsonl >"$tmp/t2"
	cmp -s "$tmp/t1" "$tmp/t2" || fail "report -f $f: two parsed descriptions: the read order" \
		"decides ($(diff "$tmp/t1" "$tmp/t2" | head -4 | tr '\n' ' '))"
	$B/ssdpmac report -s $R/models-scanners.jsonl -f $f --devices "$tmp/fail1.jsonl" \
		"$tmp/fail2.jsonl" >"$tmp/t1"
	$B/ssdpmac report -s $R/models-scanners.jsonl -f $f --devices "$tmp/fail2.jsonl" \
		"$tmp/fail1.jsonl" >"$tmp/t2"
	cmp -s "$tmp/t1" "$tmp/t2" || fail "report -f $f: two failed descriptions: the read order" \
		"decides ($(diff "$tmp/t1" "$tmp/t2" | head -4 | tr '\n' ' '))"
done

# -- the per-AS hand-off CSVs carry confidence, manufacturer, serial and firmware
printf '198.18.0.0\t15\t64500\n' >"$tmp/p2a"
rep --pfx2as "$tmp/p2a" --handoff-dir "$tmp/ho" >/dev/null || fail "report --handoff-dir failed"
grep -qx '198.18.7.10,64500,,,AVM Audiovisuelles Marketing und Computersysteme GmbH,98:9b:cb:2b:93:b0,FRITZ!Box 7590 - avm,FRITZ!Box 7590 UPnP/1.0 AVM FRITZ!Box 7590 154.07.50,2026-11-18T11:00:00.000Z,2026-11-18T11:30:00.000Z,medium,AVM,,sys 154.07.10' \
	"$tmp/ho/AS64500.csv" || fail "hand-off row: $(grep 198.18.7.10, "$tmp/ho/AS64500.csv")"
grep -q '^198.18.7.12,.*,high,LINKSYS,123456789,$' "$tmp/ho/AS64500.csv" ||
	fail "hand-off row without serial: $(grep 198.18.7.12, "$tmp/ho/AS64500.csv")"

# -- over the simulator's truth: descriptions as describe writes them for what the simulator
# serves (http-error where it serves none, no-location or bad-location where the corpus message
# the device speaks as has no URL, udn-mismatch where the UDN is not the USN's); the brands that
# are not the MAC's vendor are the corpus' own (JetHead on HUMAX, routers on Hon Hai, Sagemcom)
$B/ssdpsim --truth-only --devices 3000 --seed 5 --truth "$tmp/truth.jsonl"
jq -r 'select(.infected) | .addr' "$tmp/truth.jsonl" >"$tmp/scanners.txt"
jq -c 'select(.answers and .class != null) | . as $d |
	{addr, usn: ("uuid:" + .usn), class, mac, vendor, oui,
	 description: (if .location == null then {outcome: "no-location"}
		elif (.location | test("^https?://") | not) then {outcome: "bad-location"}
		elif (.model.served | not) then {outcome: "http-error"} else
		(.model | {manufacturer, modelName, modelNumber, serialNumber, UDN,
		 outcome: (if .UDN == ("uuid:" + $d.usn) then "ok" else "udn-mismatch" end)}) end)}' \
	"$tmp/truth.jsonl" >"$tmp/dev.jsonl"
$B/ssdpmac report -s "$tmp/scanners.txt" --devices "$tmp/dev.jsonl" -f json >"$tmp/r.json" ||
	fail "report over the truth failed"
jq -n --slurpfile t "$tmp/truth.jsonl" --slurpfile r "$tmp/r.json" -f tests/report_models.jq \
	>"$tmp/diff.json"
jq -e '.want == .got and .differs_wrong == [] and .same_wrong == [] and
	(.differs | length) > 0' "$tmp/diff.json" \
	>/dev/null || { jq -c '{only_want: (.want - .got)[:3], only_got: (.got - .want)[:3],
		differs_wrong: .differs_wrong[:3], same_wrong: .same_wrong[:3]}' "$tmp/diff.json"
	fail "the model view differs from the simulator's truth"; }
echo "report_models.sh: $(jq '.want | length' "$tmp/diff.json") model rows as the truth says," \
	"$(jq '.differs | length' "$tmp/diff.json") where the manufacturer is not the MAC's vendor"
echo "report_models.sh: 1 passed, 0 failed"
