#!/usr/bin/env bash
# Every command's --help and man option list come from its option table: the test checks, through
# the built binary, that each option of `__man-options CMD` is in `CMD --help`, that --help exits
# 0 and a usage error 2, and that the old letters still work with a warning. (The tables
# themselves: tests/unit/test_opts.c.) No root needed.
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/lib.sh
B=build/ssdpmac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for cmd in decode scan classify sensor probe report import read describe; do
	$B $cmd --help >"$tmp/help" || fail "$cmd --help: exit $?"
	$B __man-options $cmd >"$tmp/man" || fail "__man-options $cmd: exit $?"
	n=0
	while read -r name; do
		grep -q -- "--$name\b" "$tmp/help" || fail "$cmd --help lacks --$name"
		n=$((n + 1))
	done < <(sed -n 's/^\.BI\? "\(\\-., \)\?\\-\\-\([^" ]*\).*/\2/p' "$tmp/man" | sed 's/\\-/-/g')
	[ "$n" -ge 2 ] || fail "__man-options $cmd: only $n options"
	rc=0
	$B $cmd --no-such-option >/dev/null 2>"$tmp/err" || rc=$?
	[ "$rc" -eq 2 ] || fail "$cmd --no-such-option: exit $rc, not 2"
	grep -q "no such option" "$tmp/err" || fail "$cmd: the unknown option is not named"
done
rc=0
$B __man-options nonesuch 2>/dev/null || rc=$?
[ "$rc" -eq 2 ] || fail "__man-options nonesuch: exit $rc, not 2"
$B --help | grep -q __man-options && fail "the hidden command is listed"

# old letters: taken, with a warning naming the new spelling
$B decode -t uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6 >/dev/null || fail "decode -t"
$B read -u -p 1900 /nonexistent.pcap >/dev/null 2>"$tmp/err" || true
grep -q -- "-p is now --dport" "$tmp/err" || fail "read -p: no warning: $(cat "$tmp/err")"
rc=0
$B classify -t 5 2>"$tmp/err" || rc=$?
grep -q -- "-t is now -D (--duration)" "$tmp/err" || fail "classify -t: no warning"
[ "$rc" -eq 2 ] || fail "classify without -i: exit $rc, not 2"
$B sensor -p 23,2323 2>"$tmp/err" || true
grep -q -- "-p is now --ports" "$tmp/err" || fail "sensor -p: no warning"
echo "options.sh: 1 passed, 0 failed"
