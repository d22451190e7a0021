#!/usr/bin/env bash
# Hostile input and the operator's own mistakes (issue #18): every file a user feeds ssdpmac is
# an attacker's; each case is a clear error naming file and line, or a counted outcome, and no
# network text reaches a terminal, CSV, Markdown, JSON or gnuplot unescaped. One function per
# behaviour, named for it; all run, the failures are listed. B=build-san runs them against the
# ASan+UBSan build (`make SANITIZE=1`), where any sanitizer report fails the case.
set -uo pipefail
cd "$(dirname "$0")/.."
TEST_NAME=hostile.sh
. tests/lib.sh
B=${B:-build}
S=$(realpath "$B")/ssdpmac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:exitcode=99}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:exitcode=99}
U=uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6
# no sanitizer report and no signal: exit status below 99
sane() { [ "$1" -lt 99 ] || fail "exit $1 (signal or sanitizer): $(head -c 600 "$tmp/err")"; }
# run CMD...: its status in $rc, stdout in $tmp/out, stderr in $tmp/err
run() {
	rc=0
	"$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
	sane $rc
}
imp() { run $S -q import "$@"; }
err_has() { grep -q -- "$1" "$tmp/err" || fail "stderr lacks '$1': $(head -c 400 "$tmp/err")"; }
# a report of hostile devices (one scanner, one device whose text fields are $1's JSON values)
hostile_report() {
	echo '{"addr":"198.18.1.1","mirai":true}' >"$tmp/s.jsonl"
	printf '{"addr":"198.18.1.1","mac":"00:a0:c9:1e:6b:f6","class":"v1-mac","oui":"00A0C9",%s}\n' \
		"$1" >"$tmp/d.jsonl"
	run $S report -s "$tmp/s.jsonl" --devices "$tmp/d.jsonl" "${@:2}"
}
EVIL='"vendor":"Evil\u001b[2J\nFORGED ROW <script>alert(1)</script> ![x](http://evil.example/x.png) [y](javascript:alert(1)) www.evil.example","server":"=HYPERLINK(\"http://evil.example\")\r\nFORGED\u009b"'

report_table_escapes_control_bytes_and_line_breaks() {
	hostile_report "$EVIL"
	[ $rc = 0 ] || fail "report failed: $(cat "$tmp/err")"
	! grep -q $'\e' "$tmp/out" || fail "ESC reached the terminal"
	! grep -q $'\r' "$tmp/out" || fail "CR reached the terminal"
	! grep -q '^FORGED' "$tmp/out" || fail "a line break forged a table row"
	grep -q 'Evil\\x1b\[2J\\x0aFORGED' "$tmp/out" || fail "not shown escaped: $(cat "$tmp/out")"
	! grep -q $'\xc2\x9b' "$tmp/out" || fail "a C1 control (CSI) reached the terminal"
}

decode_and_read_text_escape_network_text() {
	printf 'HTTP/1.1 200 OK\r\nSERVER: a\033[2Jb\377c\r\nUSN: %s\r\n\r\n' $U >"$tmp/m.txt"
	run $S decode --text - <"$tmp/m.txt"
	grep -q '^server *a\\x1b\[2Jb\\xffc$' "$tmp/out" || fail "decode --text: $(cat -A "$tmp/out")"
	$B/tests/mkpcap "$tmp/m.pcap" "$tmp/m.txt" >/dev/null || fail "mkpcap"
	run $S read --userspace --text "$tmp/m.pcap"
	! grep -q $'\e\|\xff' "$tmp/out" || fail "read --text passed ESC or 0xff raw"
	grep -q '^server *a\\x1b\[2Jb\\xffc$' "$tmp/out" || fail "read --text: $(cat -A "$tmp/out")"
}

report_markdown_has_no_html_links_or_images() {
	hostile_report "${EVIL%?}"' x@evil.example"' -f markdown
	[ $rc = 0 ] || fail "report failed: $(cat "$tmp/err")"
	# as GitHub shows it (GFM tables and autolinks)
	cmark-gfm --extension table --extension autolink "$tmp/out" >"$tmp/html" || fail "cmark-gfm"
	! grep -q '<script\|<img\|<a \|<span' "$tmp/html" ||
		fail "markup passed: $(grep -a Evil "$tmp/html")"
	grep -q '&lt;script&gt;' "$tmp/html" || fail "HTML not shown as text: $(grep -a Evil "$tmp/html")"
	[ "$(grep -c '<td>198.18.1.1</td>' "$tmp/html")" = 1 ] || fail "rows forged or lost"
}

report_csv_neutralises_formulas() {
	hostile_report '"vendor":"@SUM(1+1)","server":"=HYPERLINK(\"http://e.example\")","st":"-2+3"' -f csv
	[ $rc = 0 ] || fail "report failed: $(cat "$tmp/err")"
	python3 - "$tmp/out" <<-'EOF' || fail "a field starts a formula: $(cat "$tmp/out")"
		import csv, sys
		rows = list(csv.reader(open(sys.argv[1], newline="")))
		assert len(rows) == 2, rows
		for f in rows[1]:
		    assert not f or f[0] not in "=+-@\t\r", f
		assert rows[1][2] == "'@SUM(1+1)", rows[1]
	EOF
}

report_json_is_valid_utf8() {
	printf '{"addr":"198.18.1.1","mirai":true}\n' >"$tmp/s.jsonl"
	printf '{"addr":"198.18.1.1","mac":"00:a0:c9:1e:6b:f6","class":"v1-mac","vendor":"Bad\377Corp","server":"x\376"}\n' \
		>"$tmp/d.jsonl"
	run $S report -s "$tmp/s.jsonl" --devices "$tmp/d.jsonl" -f json
	[ $rc = 0 ] || fail "report failed: $(cat "$tmp/err")"
	python3 -c 'import json,sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$tmp/out" ||
		fail "report -f json is not valid UTF-8 JSON"
}

# a described device whose description fields (from the device's own HTTP server) are hostile
DESC_EVIL='"description":{"outcome":"ok","manufacturer":"Evil\u001b[2J\nFORGED ROW <script>alert(1)</script> | `x` ![i](http://evil.example/i.png) www.evil.example","modelName":"=cmd|'"'"' /C calc'"'"'!A0","modelNumber":"a|b`c`\r\nFORGED","serialNumber":"\"q\",x\nFORGED","firmwareVersion":"+1\u009b\u202e'"$(printf '\377')"'"}'

report_description_text_is_escaped_in_every_format() {
	hostile_report '"vendor":"Intel",'"$DESC_EVIL"
	[ $rc = 0 ] || fail "report failed: $(cat "$tmp/err")"
	! grep -q $'\e\|\r\|\xc2\x9b\|\xe2\x80\xae\|\xff' "$tmp/out" ||
		fail "ESC, CR, a C1 control, a bidi override or invalid UTF-8 reached the terminal"
	! grep -q '^FORGED' "$tmp/out" || fail "a line break forged a table row: $(cat "$tmp/out")"
	grep -q 'Evil\\x1b\[2J\\x0aFORGED' "$tmp/out" || fail "not shown escaped: $(cat "$tmp/out")"
	hostile_report '"vendor":"Intel",'"$DESC_EVIL" -f markdown
	cmark-gfm --extension table --extension autolink "$tmp/out" >"$tmp/html" || fail "cmark-gfm"
	! grep -q '<script\|<img\|<a \|<span\|<code' "$tmp/html" ||
		fail "markup passed: $(grep -a Evil "$tmp/html")"
	# one row in the model view, one in the device table, each of its columns
	[ "$(grep -c '<td>198.18.1.1</td>' "$tmp/html")" = 1 ] || fail "device rows forged or lost"
	python3 - "$tmp/html" <<-'EOF' || fail "Markdown cells forged: $(grep -a -A12 Evil "$tmp/html")"
		import re, sys
		html = open(sys.argv[1], encoding="utf-8", errors="replace").read()
		tables = re.findall(r"<table>.*?</table>", html, re.S)
		for t in tables:
		    head = len(re.findall(r"<th[ >]", t))
		    for row in re.findall(r"<tr>(.*?)</tr>", re.findall(r"<tbody>(.*?)</tbody>", t, re.S)[0], re.S):
		        assert len(re.findall(r"<td", row)) == head, row
	EOF
	hostile_report '"vendor":"Intel",'"$DESC_EVIL" -f csv
	python3 - "$tmp/out" <<-'EOF' || fail "CSV: $(cat -A "$tmp/out")"
		import csv, sys
		rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8", errors="replace")))
		assert len(rows) == 2 and len(rows[0]) == len(rows[1]), rows
		for f in rows[1]:
		    assert not f or f[0] not in "=+-@\t\r", f
		d = dict(zip(rows[0], rows[1]))
		assert d["model_name"] == "'=cmd|' /C calc'!A0", d
		assert d["serial"] == '"q",x\nFORGED', d
		assert d["firmware"].startswith("fw +1"), d
	EOF
	hostile_report '"vendor":"Intel",'"$DESC_EVIL" -f json
	python3 -c 'import json,sys; d = json.load(open(sys.argv[1], encoding="utf-8"))["devices"][0]["description"]; assert d["serialNumber"] == "\"q\",x\nFORGED", d' \
		"$tmp/out" || fail "report -f json: $(cat -A "$tmp/out" | head -c 600)"
}

report_description_fields_are_typed_and_bounded() {
	local v256 v257
	v256=$(printf 'M%.0s' $(seq 256))
	v257=${v256}X
	hostile_report '"vendor":"Intel","description":{"outcome":"ok","modelName":"'"$v256"'","firmwareVersion":"'"$v256"'","softwareVersion":"'"$v256"'","hardwareVersion":"'"$v256"'","systemVersion":"'"$v256"'"}'
	[ $rc = 0 ] || fail "256 bytes (describe's longest) refused: $(cat "$tmp/err")"
	# the table's cells cut where columns end: no line grows with the description
	[ "$(awk '{ if (length > m) m = length } END { print m }' "$tmp/out")" -lt 420 ] ||
		fail "a table line grew with the description"
	hostile_report '"vendor":"Intel","description":{"outcome":"ok","modelName":"'"$v257"'"}'
	[ $rc = 1 ] || fail "a 257-byte modelName taken (exit $rc)"
	err_has 'd.jsonl:1: "description.modelName" is longer than 256 bytes'
	hostile_report '"vendor":"Intel","description":"ok"'
	[ $rc = 1 ] || fail "a string description taken (exit $rc)"
	err_has 'd.jsonl:1: "description" is string, not object'
	hostile_report '"vendor":"Intel","description":{"outcome":"ok","manufacturer":["x"]}'
	[ $rc = 1 ] || fail "an array manufacturer taken (exit $rc)"
	err_has 'd.jsonl:1: "description.manufacturer" is array, not string'
	hostile_report '"vendor":"Intel","description":{"manufacturer":null,"outcome":null}' -f json
	[ $rc = 0 ] && jq -e '.summary.no_description_by_outcome == {unknown: 1}' "$tmp/out" >/dev/null ||
		fail "a description without outcome: exit $rc, $(jq -c .summary "$tmp/out")"
}

records_are_valid_utf8_json() {
	printf 'HTTP/1.1 200 OK\r\nSERVER: a\377b\r\nUSN: %s\r\n\r\n' $U >"$tmp/m.txt"
	run $S decode - <"$tmp/m.txt"
	python3 -c 'import json,sys; assert json.load(open(sys.argv[1], encoding="utf-8"))["server"] == "a\ufffdb"' \
		"$tmp/out" || fail "decode's JSON: $(cat -A "$tmp/out")"
	$B/tests/mkpcap "$tmp/m.pcap" "$tmp/m.txt" >/dev/null || fail "mkpcap"
	imp -f pcap "$tmp/m.pcap"
	python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]' \
		"$tmp/out" || fail "import's records: $(cat -A "$tmp/out")"
}

report_chart_quotes_file_name_and_titles() {
	command -v gnuplot >/dev/null || fail "gnuplot is missing (scripts/deps.sh installs it)"
	local chart="$tmp/\`touch pwned-f\`'x\".svg"
	(cd "$tmp" && hostile_report '"vendor":"Evil \"Corp\" `touch pwned-v` \\ end"' --chart "$chart" &&
		[ $rc = 0 ]) || fail "report --chart failed: $(cat "$tmp/err")"
	[ ! -e "$tmp/pwned-f" ] && [ ! -e "$tmp/pwned-v" ] || fail "gnuplot ran a command from a name"
	grep -q "Evil 'Corp'" "$chart" || fail "the vendor's label is cut: $(cat "$tmp/err")"
}

masscan_json_null_or_wrong_type_is_a_bad_line() {
	local banner='"HTTP/1.1 200 OK\r\nUSN: '$U'\r\n\r\n"'
	printf '[\n{"ip":null,"ports":[{"service":{"banner":%s}}]}\n]\n' "$banner" >"$tmp/m.json"
	imp -f masscan "$tmp/m.json"
	[ $rc = 1 ] || fail "exit $rc for a null ip"
	err_has 'm.json:2: "ip" is null, not string'
	for bad in '"ip":7' '"ip":"198.18.0.1","ports":{}' '"ip":"198.18.0.1","ports":[null]' \
		'"ip":"198.18.0.1","ports":[{"service":[]}]' '"ip":"198.18.0.1","timestamp":{}' \
		'"ip":"198.18.0.1","ports":[{"service":{"banner":null}}]' \
		'"ip":"198.18.0.1","ports":[{"service":{"banner":5}}]'; do
		printf '[\n{"ip":"198.18.0.9","ports":[{"service":{"banner":%s}}]}\n,{%s}\n]\n' \
			"$banner" "$bad" >"$tmp/m.json"
		imp -f masscan -k "$tmp/m.json"
		[ $rc = 0 ] || fail "-k: exit $rc for {$bad}: $(cat "$tmp/err")"
		[ "$(jq -r .addr "$tmp/out")" = 198.18.0.9 ] || fail "the good line is lost for {$bad}"
		$S import -f masscan -k "$tmp/m.json" 2>&1 >/dev/null | grep -q '1 lines skipped (the first: line 3)' ||
			fail "{$bad} is not a counted bad line"
		imp -f masscan "$tmp/m.json"
		[ $rc = 1 ] && grep -q 'm.json:3: ' "$tmp/err" || fail "{$bad}: no error naming line 3"
	done
}

csv_unbalanced_quote_is_an_error_naming_its_line() {
	printf 'saddr,usn\n198.18.0.1,"%s\n198.18.0.2,%s7\n' $U ${U%?} >"$tmp/q.csv"
	imp -f zmap-upnp "$tmp/q.csv"
	[ $rc = 1 ] || fail "exit $rc"
	err_has 'q.csv:2: a quoted field opens here and does not close'
	run $S import -f zmap-upnp -k "$tmp/q.csv"
	[ $rc = 0 ] || fail "-k: exit $rc"
	grep -q '1 lines skipped (the first: line 2)' "$tmp/err" || fail "-k: not counted: $(cat "$tmp/err")"
	[ "$(jq -r .addr "$tmp/out")" = 198.18.0.2 ] || fail "-k: the line after the quote is lost"
}

csv_too_many_fields_and_bad_first_lines_say_so() {
	{ printf 'saddr,usn'; for i in $(seq 70); do printf ',c%d' $i; done; echo; } >"$tmp/w.csv"
	imp -f zmap-upnp "$tmp/w.csv"
	[ $rc = 1 ] || fail "exit $rc"
	err_has 'w.csv:1: more than 64 fields'
	{ echo saddr,usn; echo 198.18.0.1,$U; echo "198.18.0.2,$U$(printf ',x%.0s' $(seq 70))"; } >"$tmp/w.csv"
	imp -f zmap-upnp "$tmp/w.csv"
	[ $rc = 1 ] || fail "exit $rc"
	err_has 'w.csv:3: more than 64 fields'
	echo 'not masscan at all' >"$tmp/m.txt"
	imp -f masscan "$tmp/m.txt"
	[ $rc = 1 ] || fail "exit $rc"
	err_has 'm.txt:1: not a masscan'
}

times_are_range_checked_in_every_format() {
	printf 'saddr,usn,timestamp\n198.18.0.1,%s,1795000000123\n198.18.0.2,%s7,1795000000\n' $U ${U%?} \
		>"$tmp/t.csv"
	imp -f zmap-upnp "$tmp/t.csv"
	[ $rc = 0 ] || fail "exit $rc: $(cat "$tmp/err")"
	[ "$(jq -r .first_seen "$tmp/out" | sort | tr '\n' ' ')" = \
		"2026-11-18T11:06:40.000000Z 2026-11-18T11:06:40.123000Z " ] || fail "ms and s: $(jq -r .first_seen "$tmp/out")"
	for t in 4102444800 4102444800000 99999999999999999999 0 -5 1970-01-01T00:00:00 \
		'2149-06-01 00:00:00' 12:00 1795000000x; do
		printf 'saddr,usn,timestamp\n198.18.0.1,%s,1795000000\n198.18.0.2,%s7,%s\n' $U ${U%?} "$t" \
			>"$tmp/t.csv"
		imp -f zmap-upnp "$tmp/t.csv"
		[ $rc = 1 ] && grep -q 't.csv:3: .*time' "$tmp/err" || fail "time '$t' taken: $(cat "$tmp/err")"
	done
	printf '{"ip":"198.18.0.1","timestamp":"1795000000000000000","ports":[]}\n' >"$tmp/t.json"
	imp -f masscan "$tmp/t.json"
	[ $rc = 0 ] || fail "masscan ns: $(cat "$tmp/err")"
	printf '{"ip":"198.18.0.1","timestamp":"17950000000000","ports":[]}\n' >"$tmp/t.json"
	imp -f masscan "$tmp/t.json"
	[ $rc = 1 ] && grep -q 't.json:1: .*out of range' "$tmp/err" || fail "masscan: $(cat "$tmp/err")"
	printf 'banner udp 1900 198.18.0.1 99999999999 ssdp HTTP/1.1 200 OK\\x0d\\x0aUSN: %s\\x0d\\x0a\\x0d\\x0a\n' \
		$U >"$tmp/t.list"
	imp -f masscan "$tmp/t.list"
	[ $rc = 1 ] && grep -q 't.list:1: ' "$tmp/err" || fail "masscan -oL: $(cat "$tmp/err")"
	# a capture's packet of 1970 (its seconds zeroed)
	$B/tests/mkpcap "$tmp/t.pcap" tests/data/ssdp/reply_usn_last.txt >/dev/null || fail mkpcap
	printf '\0\0\0\0' | dd of="$tmp/t.pcap" bs=1 seek=24 conv=notrunc status=none
	imp -f pcap "$tmp/t.pcap"
	[ $rc = 1 ] && grep -q 't.pcap: packet 1: .*out of range' "$tmp/err" || fail "pcap: $(cat "$tmp/err")"
}

long_messages_have_one_limit_on_every_path() {
	local pad
	pad=$(head -c 5000 /dev/zero | tr '\0' a)
	printf 'HTTP/1.1 200 OK\r\nUSN: %s\r\nX-PAD: %s\r\n\r\n' $U "$pad" >"$tmp/big.txt"
	run $S decode - <"$tmp/big.txt"
	[ $rc = 0 ] && [ "$(jq -r .mac "$tmp/out")" = 00:a0:c9:1e:6b:f6 ] || fail "decode: $(cat "$tmp/err")"
	$B/tests/mkpcap "$tmp/big.pcap" "$tmp/big.txt" >/dev/null || fail mkpcap
	run $S read --userspace "$tmp/big.pcap"
	[ "$(head -n 1 "$tmp/out" | jq -r .mac)" = 00:a0:c9:1e:6b:f6 ] || fail "read: $(head -c 300 "$tmp/out")"
	printf 'saddr,data\n198.18.0.1,%s\n' "$(od -An -v -tx1 "$tmp/big.txt" | tr -d ' \n')" >"$tmp/s.csv"
	imp -f sonar "$tmp/s.csv"
	[ "$(jq -r .mac "$tmp/out")" = 00:a0:c9:1e:6b:f6 ] || fail "sonar: $(cat "$tmp/err")"
	printf '{"ip":"198.18.0.1","ports":[{"service":{"banner":%s}}]}\n' "$(jq -Rs . "$tmp/big.txt")" >"$tmp/m.json"
	imp -f masscan "$tmp/m.json"
	[ "$(jq -r .mac "$tmp/out")" = 00:a0:c9:1e:6b:f6 ] || fail "masscan: $(cat "$tmp/err")"
	# beyond the limit: no USN, alike everywhere
	printf 'HTTP/1.1 200 OK\r\nX-PAD: %s\r\nUSN: %s\r\n\r\n' "$pad" $U >"$tmp/far.txt"
	run $S decode - <"$tmp/far.txt"
	[ $rc = 1 ] && grep -q 'no USN header where the scan looks (its first 4096 bytes' "$tmp/err" || fail "decode far"
}

import_accumulates_repeated_sightings() {
	{
		echo saddr,usn,timestamp
		for i in $(seq 0 99); do echo "198.18.0.1,$U,$((1795000000 + (i * 37) % 100))"; done
	} >"$tmp/r.csv"
	imp -f zmap-upnp "$tmp/r.csv"
	[ $rc = 0 ] || fail "exit $rc: $(cat "$tmp/err")"
	[ "$(wc -l <"$tmp/out")" = 1 ] || fail "$(wc -l <"$tmp/out") records for one device"
	jq -e '.sightings == 100 and .first_seen == "2026-11-18T11:06:40.000000Z" and
		.last_seen == "2026-11-18T11:08:19.000000Z"' "$tmp/out" >/dev/null ||
		fail "not accumulated: $(cat "$tmp/out")"
}

csv_with_cr_line_ends_is_read() {
	printf 'saddr,usn\r198.18.0.1,%s\r198.18.0.2,%s7\r' $U ${U%?} >"$tmp/cr.csv"
	imp -f zmap-upnp "$tmp/cr.csv"
	[ $rc = 0 ] || fail "exit $rc: $(cat "$tmp/err")"
	[ "$(jq -r .addr "$tmp/out" | sort | tr '\n' ' ')" = "198.18.0.1 198.18.0.2 " ] ||
		fail "CR-only lines: $(cat "$tmp/out") $(cat "$tmp/err")"
	printf 'saddr,usn\n' >"$tmp/empty.csv"
	run $S import -f zmap-upnp "$tmp/empty.csv"
	err_has 'empty.csv: no records'
}

report_record_type_mismatch_is_an_error() {
	printf '{"addr":"198.18.1.1","mirai":"false"}\n' >"$tmp/s.jsonl"
	printf '{"addr":"198.18.1.1","mac":"00:a0:c9:1e:6b:f6","class":"v1-mac","vendor":"Intel"}\n' >"$tmp/d.jsonl"
	run $S report -s "$tmp/s.jsonl" -d "$tmp/d.jsonl"
	[ $rc = 1 ] || fail "\"mirai\":\"false\" taken (exit $rc)"
	err_has 's.jsonl:1: "mirai" is string, not boolean'
	printf '{"addr":"198.18.1.1","mirai":null}\n' >"$tmp/s.jsonl"
	run $S report -s "$tmp/s.jsonl" -d "$tmp/d.jsonl"
	[ $rc = 1 ] || fail "\"mirai\":null taken (exit $rc)"
	err_has 's.jsonl:1: "mirai" is null, not boolean'
	for bad in '"vendor":5' '"addrs":"198.18.1.1"' '"mac":["00:a0:c9:1e:6b:f6"]'; do
		printf '{"addr":"198.18.1.1","mirai":true}\n' >"$tmp/s.jsonl"
		printf '{"addr":"198.18.1.2","class":"no-mac"}\n{"addr":"198.18.1.1","class":"v1-mac",%s}\n' \
			"$bad" >"$tmp/d.jsonl"
		run $S report -s "$tmp/s.jsonl" -d "$tmp/d.jsonl"
		[ $rc = 1 ] && grep -qF "d.jsonl:2: ${bad%%:*} is" "$tmp/err" ||
			fail "{$bad}: exit $rc, $(cat "$tmp/err")"
	done
}

report_keeps_long_names_whole_or_refuses_them() {
	local long
	long=$(printf 'Vendor%.0s' $(seq 18)) # 108 bytes, as long as the IEEE registry's longest
	printf '{"addr":"198.18.1.%d","mirai":true}\n' 1 2 3 4 >"$tmp/s.jsonl"
	{
		printf '{"addr":"198.18.1.1","mac":"00:a0:c9:1e:6b:f1","class":"v1-mac","vendor":"%sA"}\n' "$long"
		printf '{"addr":"198.18.1.2","mac":"00:a0:c9:1e:6b:f2","class":"v1-mac","vendor":"%sB"}\n' "$long"
		printf '{"addr":"198.18.1.3","class":"not-uuid","usn":"%s-3"}\n' "$long"
		printf '{"addr":"198.18.1.3","class":"not-uuid","usn":"%s-4"}\n' "$long"
	} >"$tmp/d.jsonl"
	run $S report -s "$tmp/s.jsonl" -d "$tmp/d.jsonl" -f json
	[ $rc = 0 ] || fail "exit $rc: $(cat "$tmp/err")"
	jq -e '(.vendors | length) == 2 and ([.vendors[].vendor | length] == [109, 109]) and
		.summary.ssdp_devices == 4' "$tmp/out" >/dev/null ||
		fail "names cut or merged: $(jq -c '[.summary, [.vendors[].vendor]]' "$tmp/out")"
	printf '{"addr":"198.18.1.1","mac":"00:a0:c9:1e:6b:f1","class":"v1-mac","vendor":"%s"}\n' \
		"$long$long" >"$tmp/d.jsonl"
	run $S report -s "$tmp/s.jsonl" -d "$tmp/d.jsonl"
	[ $rc = 1 ] || fail "a 216-byte vendor taken (exit $rc)"
	err_has 'd.jsonl:1: "vendor" is longer than'
	printf '{"addr":"198.18.1.1","mac":"00:a0:c9:1e:6b:f1:00:a0:c9:1e:6b:f1:00:a0:c9:1e:6b:f1:00:a0:c9:1e:6b:f1","class":"v1-mac"}\n' \
		>"$tmp/d.jsonl"
	run $S report -s "$tmp/s.jsonl" -d "$tmp/d.jsonl"
	[ $rc = 1 ] || fail "a long MAC taken (exit $rc)"
	err_has 'd.jsonl:1: "mac" is longer than 17 bytes'
}

report_reads_every_device_file() {
	local i args=()
	printf '{"addr":"198.18.1.%d","mirai":true}\n' $(seq 70) >"$tmp/s.jsonl"
	for i in $(seq 70); do
		printf '{"addr":"198.18.1.%d","mac":"00:a0:c9:1e:6b:%02x","class":"v1-mac","vendor":"Intel"}\n' \
			$i $i >"$tmp/d$i.jsonl"
		args+=(-d "$tmp/d$i.jsonl")
	done
	run $S report -s "$tmp/s.jsonl" "${args[@]}" -f json
	[ $rc = 0 ] || fail "70 device files: exit $rc, $(cat "$tmp/err")"
	jq -e '.summary.ssdp_devices == 70 and .summary.infected_named == 70' "$tmp/out" >/dev/null ||
		fail "70 device files: $(jq -c .summary "$tmp/out")"
	# as the issue typed it: -d FILE FILE...
	run $S report -s "$tmp/s.jsonl" -f json -d "$tmp"/d{1..70}.jsonl
	[ $rc = 0 ] && jq -e '.summary.ssdp_devices == 70' "$tmp/out" >/dev/null ||
		fail "-d and 69 more files: exit $rc, $(jq -c .summary "$tmp/out")"
}

# a capture of one Mirai SYN (TCP sequence number = destination address) to 23/tcp
mirai_pcap() {
	python3 - "$1" <<-'EOF'
		import struct, sys
		src, dst = bytes([198, 18, 3, 1]), bytes([198, 18, 200, 9])
		tcp = struct.pack("!HHIIBBHHH", 40000, 23, int.from_bytes(dst, "big"), 0, 5 << 4, 2, 1024, 0, 0)
		ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 40, 1, 0, 64, 6, 0, src, dst)
		frame = b"\x02\0\0\0\0\x01\x02\0\0\0\0\x02\x08\x00" + ip + tcp
		with open(sys.argv[1], "wb") as f:
		    f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
		    f.write(struct.pack("<IIII", 1795000000, 0, len(frame), len(frame)) + frame)
	EOF
}

sensor_leaves_no_tmp_files_on_a_full_disk() {
	mirai_pcap "$tmp/syn.pcap"
	run $S sensor --read "$tmp/syn.pcap" --targets "$tmp/t.txt"
	[ $rc = 0 ] && [ "$(cat "$tmp/t.txt")" = 198.18.3.1 ] || fail "sensor --read: $(cat "$tmp/err")"
	# a one-page tmpfs, full, in a mount namespace of our own
	mkdir "$tmp/full"
	rc=0
	unshare -m sh -c 'mount -t tmpfs -o size=4k,nr_inodes=16 none "$1" &&
		dd if=/dev/zero of="$1/fill" bs=4096 2>/dev/null; ls -l "$1";
		"$2" sensor --read "$3" -o "$1/s.jsonl" --targets "$1/t.txt"; echo "rc=$?"; ls "$1"' \
		- "$tmp/full" "$S" "$tmp/syn.pcap" >"$tmp/out" 2>"$tmp/err" || rc=$?
	sane $rc
	grep -q '^rc=[1-9]' "$tmp/out" || fail "a full disk did not fail the sensor: $(cat "$tmp/out")"
	! grep -q '\.tmp$' "$tmp/out" || fail "*.tmp left on a full disk: $(cat "$tmp/out")"
	grep -q 'No space left on device' "$tmp/err" || fail "no word of the full disk: $(cat "$tmp/err")"
}

# describe run twice (its output fed back, as a careless operator would): the description is
# replaced, never doubled; reserved addresses are blocked without a packet; a stale or wrong-typed
# "description" is overwritten; a line that is no record is an error naming it
describe_twice_replaces_and_never_fetches_reserved() {
	{
		echo '{"addr":"10.0.0.1","usn":"'$U'","location":"http://10.0.0.1:80/d.xml"}'
		echo '{"addr":"127.0.0.1","location":"http://127.0.0.1:1/\u001b[2J\r\nX: y"}'
		echo '{"addr":"198.18.1.1","location":"http://198.18.1.1:49152/d.xml","description":"x"}'
		echo '{"addr":"198.18.1.2"}'
	} >"$tmp/r1.jsonl"
	run $S describe --devices "$tmp/r1.jsonl" -o "$tmp/r2.jsonl"
	[ $rc = 0 ] || fail "describe: exit $rc: $(cat "$tmp/err")"
	err_has '0 requests'
	err_has 'no-location 1, blocked 3'
	run $S describe --devices "$tmp/r2.jsonl" -o "$tmp/r3.jsonl"
	[ $rc = 0 ] || fail "describe again: exit $rc: $(cat "$tmp/err")"
	cmp -s "$tmp/r2.jsonl" "$tmp/r3.jsonl" || fail "a second run changed the records: $(diff "$tmp/r2.jsonl" "$tmp/r3.jsonl")"
	[ "$(grep -o '"description"' "$tmp/r3.jsonl" | wc -l)" = 4 ] || fail "not one description a record: $(cat "$tmp/r3.jsonl")"
	! grep -q $'\e' "$tmp/r3.jsonl" || fail "a raw ESC in the records"
	printf '%s\n' '{"addr":"10.0.0.1"}' '["not","a","record"]' >"$tmp/r4.jsonl"
	run $S describe --devices "$tmp/r4.jsonl"
	[ $rc = 1 ] || fail "a line that is no record: exit $rc"
	err_has "r4.jsonl:2: not a device record"
}

n=0
failed=()
# the cases named on the command line, or all (names of three words or more)
for t in ${@:-$(declare -F | awk '{ print $3 }' | grep -E '^[a-z]+(_[a-z0-9]+){2,}$')}; do
	n=$((n + 1))
	if ! (TEST_NAME="hostile.sh: $t" && $t); then failed+=("$t"); fi
done
echo "hostile.sh: $((n - ${#failed[@]})) passed, ${#failed[@]} failed${failed:+: ${failed[*]}}"
[ ${#failed[@]} = 0 ]
