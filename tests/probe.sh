#!/usr/bin/env bash
# ssdpmac probe from the command line, without sending (--dryrun): the order is the seed's and
# covers every target once, shards split it, reserved ranges are refused, and bad options get a
# clear error and exit status 2.
set -euo pipefail
cd "$(dirname "$0")/.."
TEST_NAME=probe.sh
. tests/lib.sh
B=build/ssdpmac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
LAB=(--allow-reserved 198.18.0.0/15)

dry() { $B -q probe --dryrun --key 5eed "${LAB[@]}" "$@"; }
dry --seed 1 198.18.1.0/24 >"$tmp/a"
dry --seed 1 198.18.1.0/24 >"$tmp/b"
dry --seed 2 198.18.1.0/24 >"$tmp/c"
cmp -s "$tmp/a" "$tmp/b" || fail "the same seed gave another order"
cmp -s "$tmp/a" "$tmp/c" && fail "another seed gave the same order"
[ "$(cut -d' ' -f1 "$tmp/a" | sort -u | wc -l)" -eq 256 ] && [ "$(wc -l <"$tmp/a")" -eq 256 ] ||
	fail "a /24 is not 256 addresses, each once"
# the source port is the key's, whatever the order
sort "$tmp/a" | cmp -s - <(sort "$tmp/c") || fail "the keyed ports depend on the order"
for i in 0 1 2; do dry --seed 1 --shards 3 --shard $i 198.18.1.0/24; done >"$tmp/shards"
sort "$tmp/shards" | cmp -s - <(sort "$tmp/a") || fail "three shards are not the whole /24, once"

# reserved ranges: never probed, however asked
$B probe --dryrun 10.0.0.0/30 192.168.1.1 >"$tmp/out" 2>"$tmp/err" || fail "dryrun of reserved"
[ ! -s "$tmp/out" ] || fail "a reserved address was probed: $(head -1 "$tmp/out")"
grep -q "5 blocked" "$tmp/err" || fail "reserved addresses not counted as blocked: $(cat "$tmp/err")"

refused() { # expected message, arguments...
	local want=$1 rc=0
	shift
	$B probe "$@" >/dev/null 2>"$tmp/err" || rc=$?
	[ "$rc" -eq 2 ] || fail "probe $*: exit $rc, not 2"
	grep -q -- "$want" "$tmp/err" || fail "probe $*: no '$want' in: $(cat "$tmp/err")"
}
refused "no targets" --dryrun
refused "no targets" --dryrun -w /dev/null
refused "for --tx xdp" --dryrun -T 2 198.18.1.1
refused "-T" --dryrun --tx xdp -T 0 198.18.1.1
refused "-T" --dryrun --tx xdp -T 300 198.18.1.1
refused "--shard 3" --dryrun --shards 3 --shard 3 198.18.1.1
refused "--tx" --dryrun --tx carrier-pigeon 198.18.1.1
for port in 0 65536 x 19o0; do refused "-p $port" --dryrun -p "$port" 198.18.1.1; done
dry -p 1900 198.18.1.1 >/dev/null || fail "-p 1900, as zmap users type it, refused"
for mac in zz 00:11:22:33:44:5 00:11:22:33:44:55x -1:11:22:33:44:55 00-11-22-33-44-55; do
	refused "a MAC address" --dryrun -G "$mac" 198.18.1.1
done
echo "probe.sh: 1 passed, 0 failed"
