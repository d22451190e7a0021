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
	run $S report -s "$tmp/s.jsonl" -d "$tmp/d.jsonl" "${@:2}"
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
	run $S report -s "$tmp/s.jsonl" -d "$tmp/d.jsonl" -f json
	[ $rc = 0 ] || fail "report failed: $(cat "$tmp/err")"
	python3 -c 'import json,sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$tmp/out" ||
		fail "report -f json is not valid UTF-8 JSON"
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

n=0
failed=()
# the cases named on the command line, or all (names of three words or more)
for t in ${@:-$(declare -F | awk '{ print $3 }' | grep -E '^[a-z]+(_[a-z0-9]+){2,}$')}; do
	n=$((n + 1))
	if ! (TEST_NAME="hostile.sh: $t" && $t); then failed+=("$t"); fi
done
echo "hostile.sh: $((n - ${#failed[@]})) passed, ${#failed[@]} failed${failed:+: ${failed[*]}}"
[ ${#failed[@]} = 0 ]
