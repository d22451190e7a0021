#!/usr/bin/env bash
# The conventions table (user/core/conventions.tsv): the build takes the real one, and a row that
# does not parse fails the build with the file, the row's line and what is wrong with it.
set -euo pipefail
cd "$(dirname "$0")/.."
TEST_NAME=conventions.sh
. tests/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0

# build FILE: make the generated header from FILE alone; stderr in $tmp/err
build() { make --no-print-directory -s BUILD="$tmp/b" CONVENTIONS="$1" "$tmp/b/conventions.h" >/dev/null 2>"$tmp/err"; }

build user/core/conventions.tsv || fail "the table itself: $(cat "$tmp/err")"
grep -q '"RINCON_{mac}{any}"' "$tmp/b/conventions.h" || fail "the Sonos row is not in the tables"
passed=$((passed + 1))

# each bad row, appended at line N of a copy: the build fails naming FILE:N and the fault
n=$(($(wc -l <user/core/conventions.tsv) + 1))
while IFS='|' read -r row want; do
	cp user/core/conventions.tsv "$tmp/bad.tsv"
	printf '%b\n' "$row" >>"$tmp/bad.tsv"
	rm -rf "$tmp/b"
	if build "$tmp/bad.tsv"; then fail "a bad row built: $row"; fi
	grep -q "^$tmp/bad.tsv:$n: .*$want" "$tmp/err" || fail "no 'file:$n: $want' for '$row': $(cat "$tmp/err")"
	[ ! -e "$tmp/b/conventions.h" ] || fail "a bad table left a header behind"
done <<'ROWS'
mac\t{any}-1_0-{mac}\tno evidence column|4 tab-separated fields
mac\tRINCON_{max}\tSonos\tmsg/x|unknown token {max}
mac\tRINCON_{mac}{mac}\tSonos\tmsg/x|exactly one {mac}
mac\tRINCON_\tSonos\tmsg/x|exactly one {mac}
mac\tRINCON {mac}\tSonos\tmsg/x|character ' ' is not allowed
mac\tRINCON_{mac\tSonos\tmsg/x|unclosed or unknown
token\tSonos\tSo nos\tmsg/x|lower-case letters
constant\t0000-0000\tnil\tRFC|8-4-4-4-12
macs\tx{mac}\tx\tx|kind macs
mac\t\tSonos\tmsg/x|field 2 is empty
ROWS
passed=$((passed + 1))
echo "conventions.sh: $passed passed, 0 failed"
