#!/usr/bin/env bash
# ssdpmac probe from the command line, without sending (--dryrun): the order is the seed's and
# covers every target once, shards split it, reserved ranges are refused, and bad options get a
# clear error and exit status 2.
set -euo pipefail
cd "$(dirname "$0")/.."
TEST_NAME=probe.sh
. tests/lib.sh
B=${B:-build}/ssdpmac
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

# ipv6_special_ranges_are_never_probed (#18 item 19): the IANA IPv6 special-purpose registry,
# and the IPv4 list through every IPv6 form that carries an IPv4 address (mapped, NAT64, 6to4)
$B probe --dryrun ::1 ff02::c fe80::1 fc00::1 :: 2001:db8::1 ::ffff:127.0.0.1 64:ff9b::a00:1 \
	2002:c0a8:101::1 3fff::1 2001:2::1 5f00::1 100::1 64:ff9b:1::1 2001::1 \
	>"$tmp/out" 2>"$tmp/err" || fail "dryrun of IPv6 special addresses"
[ ! -s "$tmp/out" ] || fail "ipv6_special_ranges_are_never_probed: $(head -1 "$tmp/out") was listed"
grep -q "15 blocked" "$tmp/err" || fail "ipv6_special_ranges_are_never_probed: $(cat "$tmp/err")"
$B -q probe --dryrun 2001:4860::8888 64:ff9b::808:808 ::ffff:8.8.8.8 >"$tmp/out" ||
	fail "dryrun of global IPv6"
[ "$(cut -d' ' -f1 "$tmp/out" | sort | tr '\n' ' ')" = "2001:4860::8888 64:ff9b::808:808 8.8.8.8 " ] ||
	fail "ipv6_special_ranges_are_never_probed: global addresses were not all listed: $(cat "$tmp/out")"

# allow_reserved_lifts_one_range_never_the_users_blocklist (#18 item 20): -b wins over
# --allow-reserved, its IPv6 lines count, and a lift wider than one registry entry is refused
printf '198.18.1.0/24\n2001:4860::/32 # theirs\n2a00:1450::1\n' >"$tmp/block"
$B probe --dryrun -b "$tmp/block" --allow-reserved 198.18.0.0/15 198.18.1.1 198.18.2.1 \
	2001:4860::8888 2a00:1450::1 2a00:1450::2 64:ff9b::c612:101 >"$tmp/out" 2>"$tmp/err" ||
	fail "dryrun with -b"
[ "$(cut -d' ' -f1 "$tmp/out" | sort | tr '\n' ' ')" = "198.18.2.1 2a00:1450::2 " ] ||
	fail "allow_reserved_lifts_one_range_never_the_users_blocklist: listed $(cat "$tmp/out")"
grep -q "4 blocked" "$tmp/err" || fail "-b: $(cat "$tmp/err")"

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
refused "give the same --seed" --dryrun --shards 2 --shard 1 198.18.1.1
refused "--tx" --dryrun --tx carrier-pigeon 198.18.1.1
refused "wider than one reserved range" --dryrun --allow-reserved 0.0.0.0/0 198.18.1.1
refused "wider than one reserved range" --dryrun --allow-reserved 198.16.0.0/13 198.18.1.1
refused "wider than one reserved range" --dryrun --allow-reserved ::/0 2001:2::1
refused "in no reserved range" --dryrun --allow-reserved 8.8.8.0/24 198.18.1.1
printf '198.18.1.1\nbogus::x\n' >"$tmp/badblock"
refused "badblock:2: 'bogus::x'" --dryrun -b "$tmp/badblock" 198.18.1.1
for port in 0 65536 x 19o0; do refused "-p $port" --dryrun -p "$port" 198.18.1.1; done
dry -p 1900 198.18.1.1 >/dev/null || fail "-p 1900, as zmap users type it, refused"
for mac in zz 00:11:22:33:44:5 00:11:22:33:44:55x -1:11:22:33:44:55 00-11-22-33-44-55; do
	refused "a MAC address" --dryrun -G "$mac" 198.18.1.1
done
echo "probe.sh: 1 passed, 0 failed"
