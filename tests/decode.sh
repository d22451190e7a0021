#!/usr/bin/env bash
# ssdpmac decode from the command line: one UUID or USN, one SSDP message on stdin, --text,
# and clear errors for what is no SSDP message.
set -euo pipefail
cd "$(dirname "$0")/.."
TEST_NAME=decode.sh
. tests/lib.sh
B=${B:-build}/ssdpmac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

$B decode f81d4fae-7dec-11d0-a765-00a0c91e6bf6 >"$tmp/a.json"
jq -e '.class == "v1-mac" and .version == 1 and .time == "1997-02-03T17:43:12.2168750Z" and
	.clock_seq == 10085 and .mac == "00:a0:c9:1e:6b:f6" and .vendor == "Intel Corporation" and
	.registry == "MA-L" and .oui == "00A0C9" and .confidence == "high"' "$tmp/a.json" >/dev/null ||
	fail "the RFC 4122 example: $(cat "$tmp/a.json")"
$B decode 'uuid:F81D4FAE-7DEC-11D0-A765-70B3D5F2F001::upnp:rootdevice' |
	jq -e '.vendor == "TELEPLATFORMS" and .registry == "MA-S"' >/dev/null || fail "MA-S in a USN"
$B decode - <tests/data/ssdp/notify_sonos.txt >"$tmp/n.json"
jq -e '.class == "embedded-mac" and .vendor == "Sonos, Inc." and .kind == "notify" and
	(.server | startswith("Linux/4.9"))' "$tmp/n.json" >/dev/null || fail "decode - of a NOTIFY"
$B decode - <tests/data/ssdp/reply_01nls_v4_usn.txt | jq -e '.class == "no-mac" and .mac == null' \
	>/dev/null || fail "01-NLS was read instead of USN"
$B decode --text uuid:upnp-InternetGatewayDevice-1_0-0014bfaabbcc | grep -q '^vendor *Cisco-Linksys, LLC$' ||
	fail "--text"
# traps stay traps wherever the MAC comes from (tests/conventions.sh: every row, every trap)
$B decode uuid:upnp-InternetGatewayDevice-1_0-ffffffffffff | jq -e '.class == "v1-random" and
	.mac == "ff:ff:ff:ff:ff:ff" and .vendor == null and (.rule | startswith("libupnp"))' >/dev/null ||
	fail "a convention's broadcast MAC is no trap"
$B decode uuid:RINCON_000000000000001400 | jq -e '.class == "v1-unassigned" and .mac == null and
	.vendor == null' >/dev/null || fail "a convention's all-zero MAC is no trap"
$B decode f81d4fae-7dec-11d0-a765-000000000000 | jq -e '.class == "v1-unassigned" and .mac == null and
	.vendor == null' >/dev/null || fail "a v1 all-zero node was named (00-00-00 is Xerox's)"
$B decode f81d4fae-7dec-11d0-a765-0060085db3f6 | jq -e '.class == "shared-constant" and
	.vendor == null and (.rule | startswith("miniupnpd sample"))' >/dev/null ||
	fail "miniupnpd's sample node under another time was named"
printf 'HTTP/1.1 200 OK\r\nSERVER: Linux UPnP/1.0 Xerox/1.0\r\nST: upnp:rootdevice\r\nUSN: uuid:%s\r\n\r\n' \
	3f1e2d4c-5b6a-4978-8a9b-000000000000 | $B decode - | jq -e '.class == "no-mac" and .vendor == null' \
	>/dev/null || fail "trailing zeros were corroborated as a Xerox MAC"
if $B decode - <tests/data/ssdp/msearch.txt 2>"$tmp/err" >/dev/null; then fail "an M-SEARCH decoded"; fi
grep -q "not an SSDP reply or NOTIFY" "$tmp/err" || fail "no clear error for an M-SEARCH"
if $B decode - <tests/data/ssdp/reply_no_usn.txt 2>"$tmp/err" >/dev/null; then fail "no USN decoded"; fi
grep -q "no USN header" "$tmp/err" || fail "no clear error for a message without USN"
head -c 70000 /dev/zero | tr '\0' 'a' >"$tmp/big"
if $B decode - <"$tmp/big" 2>"$tmp/err" >/dev/null; then fail "an oversized message decoded"; fi
grep -q "at most" "$tmp/err" || fail "no clear error for an oversized message"
$B decode 'not a uuid' | jq -e '.class == "not-uuid" and (.why | length > 0)' >/dev/null ||
	fail "not-uuid with a reason"
if $B decode --ieee-dir /nonexistent f81d4fae-7dec-11d0-a765-00a0c91e6bf6 2>"$tmp/err" >/dev/null; then
	fail "a missing registry was not an error"
fi
grep -q "/nonexistent/oui.csv" "$tmp/err" || fail "the missing registry file is not named"
echo "decode.sh: 1 passed, 0 failed"
