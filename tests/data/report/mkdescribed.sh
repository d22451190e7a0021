#!/usr/bin/env bash
# Makes described.jsonl (see PROVENANCE.md): device records for the real device descriptions of
# tests/data/descriptions, their class, MAC and vendor from `ssdpmac decode` of each document's own
# UDN, then `ssdpmac describe` fetching the documents themselves from a throwaway namespace.
# Root; run under flock /tmp/ssdpmac-lab.lock. Not part of make test (its output is committed).
set -euo pipefail
cd "$(dirname "$0")/../../.."
B=${B:-build}
NS=ssdpmac-rptdesc
out=tests/data/report/described.jsonl
tmp=$(mktemp -d)
srv=
cleanup() {
	[ -z "$srv" ] || kill "$srv" 2>/dev/null || true
	ip netns del "$NS" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
ip netns add "$NS"
ip -n "$NS" link set lo up
for h in 2 10 11 12 13; do ip -n "$NS" addr add "198.18.7.$h/32" dev lo; done
cp tests/data/descriptions/*.xml "$tmp/"
(cd "$tmp" && exec ip netns exec "$NS" python3 -m http.server --bind 0.0.0.0 49000) \
	>/dev/null 2>&1 &
srv=$!
sleep 1
# addr, USN (its UUID part decoded), SERVER or "", the document
rec() {
	$B/ssdpmac decode "$2" | jq -c --arg a "$1" --arg s "$3" --arg d "$4" '
		{addr: $a, addrs: [$a], usn: (.input + "::upnp:rootdevice"),
		 server: (if $s == "" then null else $s end), st: "upnp:rootdevice", class, uuid,
		 time, mac, vendor, oui, confidence,
		 location: ("http://\($a):49000/" + $d)} | del(..|nulls)'
}
{
	# the AVM FRITZ!Box 7590's TR-064 description, under its own root UDN
	rec 198.18.7.10 uuid:739f2409-bccb-40e7-8e6c-989BCB2B93B0 \
		"FRITZ!Box 7590 UPnP/1.0 AVM FRITZ!Box 7590 154.07.50" avm_fritzbox7590_tr64desc.xml
	# a FRITZ!Box (README's example USN) whose LOCATION serves the 7590's IGD description,
	# whose root UDN the source replaced: udn-mismatch
	rec 198.18.7.11 uuid:76802409-bccb-40e7-8e6b-2C91ABD34194 "" avm_fritzbox7590_igddesc.xml
	# the Linksys WAG200G under its root UDN (version 1: the node is its MAC)
	rec 198.18.7.12 uuid:8ca2eb37-1dd2-11b2-86f1-001a709b5aa8 "" linksys_wag200g_desc.xml
	# the Orange Livebox 3 (version 3 UUID: no MAC, no vendor; the description names it)
	rec 198.18.7.13 uuid:87895a19-50f9-3736-a87f-115c230155f8 "" sagemcom_livebox_desc.xml
	# the libupnp Linksys of devices-a.jsonl, whose LOCATION leads nowhere
	rec 198.18.7.2 uuid:upnp-InternetGatewayDevice-1_0-0014bfaabbcc "RomPager/4.07 UPnP/1.0" \
		missing.xml
} >"$tmp/in.jsonl"
ip netns exec "$NS" $B/ssdpmac describe --devices "$tmp/in.jsonl" --allow-reserved 198.18.0.0/15 |
	jq -c '.description.ms = 0' >"$out"
jq -r '[.addr, .description.outcome] | join(" ")' "$out"
