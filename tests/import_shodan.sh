#!/usr/bin/env bash
# import -f shodan: `shodan download` files (JSON banners, one a line), plain or gzip, streamed.
# tests/data/import/shodan.json is a test case written for this (its "_test" fields say so; the
# banners' data are messages of tests/data/real): two replies named as the corpus names them, a
# third corroborated; a line cut short (line 3); a TCP banner, skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
TEST_NAME=import_shodan.sh
. tests/lib.sh
B=${B:-build}
F=tests/data/import/shodan.json
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0

# a_bad_line_stops_the_import_naming_it
if $B/ssdpmac import -f shodan "$F" >/dev/null 2>"$tmp/err"; then fail "a cut line was imported"; fi
grep -q "shodan.json:3: not a Shodan banner" "$tmp/err" || fail "the bad line is not named: $(cat "$tmp/err")"
passed=$((passed + 1))

# keep_going_counts_it_and_names_the_rest: plain, gzip, gzip on stdin give the same records
gzip -c "$F" >"$tmp/s.json.gz"
for src in "$F" "$tmp/s.json.gz" -; do
	$B/ssdpmac import -k -f shodan "$src" <"$tmp/s.json.gz" >"$tmp/r.jsonl" 2>"$tmp/err" ||
		fail "import -k $src: $(cat "$tmp/err")"
	grep -q "3 records.*1 lines skipped (the first: line 3)" "$tmp/err" ||
		fail "$src: the skipped line is not counted with its number: $(cat "$tmp/err")"
	got=$(jq -r '[.addr, .class, .vendor, .confidence, .first_seen] | join(" ")' "$tmp/r.jsonl" | sort)
	want="198.18.10.1 v1-mac Philips Lighting BV high 2021-03-18T17:35:55.417262Z
198.18.10.2 embedded-mac AVM Audiovisuelles Marketing und Computersysteme GmbH medium 2021-03-19T08:00:01.000000Z
198.18.10.5 embedded-mac ASUSTek COMPUTER INC. corroborated 2021-03-20T09:30:00.000000Z"
	[ "$got" = "$want" ] || fail "import -k $src: got [$got]"
done
passed=$((passed + 1))

# a_damaged_gzip_is_an_error: the good banners many times over, gzip cut in the middle
for i in $(seq 200); do sed -n '1,2p;5p' "$F"; done | gzip -c >"$tmp/big.gz"
head -c $(($(stat -c %s "$tmp/big.gz") / 2)) "$tmp/big.gz" >"$tmp/cut.gz"
if $B/ssdpmac import -k -f shodan "$tmp/cut.gz" >/dev/null 2>"$tmp/err"; then
	fail "a gzip file cut short was imported without an error"
fi
grep -q "reading $tmp/cut.gz: " "$tmp/err" || fail "no clear error for a damaged gzip: $(cat "$tmp/err")"
passed=$((passed + 1))
echo "import_shodan.sh: $passed passed, 0 failed"
