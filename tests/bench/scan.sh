#!/usr/bin/env bash
# make bench: scan the lab's device range with ssdpmac (--tx xdp and the socket path) and with
# ZMap's upnp module, each at its highest rate, in one run: probes sent per second, devices
# recovered, CPU seconds. The receiving side (one simulator process, veth) also has a ceiling:
# a second xdp run at a rate it absorbs shows every device recovered.
set -euo pipefail
cd "$(dirname "$0")/../.."
B=build
export LAB_DIR
LAB_DIR=$(mktemp -d)
tmp=$(mktemp -d)
trap 'scripts/lab.sh down >/dev/null 2>&1 || true; rm -rf "$tmp" "$LAB_DIR" /sys/fs/bpf/ssdpmac-bench' EXIT
command -v zmap >/dev/null || { echo "bench: zmap is missing (scripts/deps.sh installs it)" >&2; exit 1; }
DEVICES=3000

lab() { scripts/lab.sh up --devices $DEVICES --seed 7 --duration 120 >/dev/null; }
want() { jq -s '[.[] | select(.answers)] | length' "$LAB_DIR/truth.jsonl"; }

ssdpmac_run() { # name rate tx
	lab
	nsenter --net=/run/netns/ssdpmac-scan /usr/bin/time -f '%U %S' -o "$tmp/cpu" \
		$B/ssdpmac scan -i scan0 --pin-dir /sys/fs/bpf/ssdpmac-bench --metrics off --tx "$3" \
		--allow-reserved 198.18.0.0/15 -r "$2" --cooldown 3 -o "$tmp/dev.jsonl" 198.18.0.0/16 \
		2>"$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
	rm -rf /sys/fs/bpf/ssdpmac-bench
	# devices with a USN recovered, and the answering devices that send none (no record)
	local got pps
	got=$(jq -s 'map(.addr) | unique | length' "$tmp/dev.jsonl")
	got=$((got + $(jq -s '[.[] | select(.answers and .class == null)] | length' "$LAB_DIR/truth.jsonl")))
	pps=$(sed -n 's/.*sent in [0-9.]* s (\([0-9]*\)\/s).*/\1/p' "$tmp/err")
	printf "%-34s %12s %10s %8s/%s %10s\n" "$1" "$2" "$pps" "$got" "$(want)" \
		"$(awk '{ print $1 + $2 }' "$tmp/cpu")"
	rm -f "$tmp/dev.jsonl"
	scripts/lab.sh down >/dev/null
}

zmap_run() { # rate
	lab
	local gw
	gw=$(ip netns exec ssdpmac-inet cat /sys/class/net/inet-scan/address)
	: >"$tmp/empty.conf"
	ip netns exec ssdpmac-scan /usr/bin/time -f '%U %S' -o "$tmp/cpu" zmap -M upnp -p 1900 \
		-i scan0 -G "$gw" -S 198.19.254.1 -b "$tmp/empty.conf" -C /dev/null -r "$1" -c 3 --max-sendto-failures 100000000 \
		-O csv -f saddr -o "$tmp/zmap.csv" 198.18.0.0/16 2>"$tmp/zerr" || { cat "$tmp/zerr" >&2; exit 1; }
	local pps
	pps=$(grep -o 'send: [0-9]* done ([0-9.]* [KM]*p/s avg)' "$tmp/zerr" | tail -1 |
		sed 's/.*(\([0-9.]*\) \([KM]*\)p\/s avg)/\1 \2/' |
		awk '{ m = $2 == "K" ? 1e3 : $2 == "M" ? 1e6 : 1; printf "%d", $1 * m }')
	printf "%-34s %12s %10s %8s/%s %10s\n" "zmap -M upnp" "$1" "$pps" \
		"$(($(sort -u "$tmp/zmap.csv" | wc -l) - 1))" "$(want)" "$(awk '{ print $1 + $2 }' "$tmp/cpu")"
	scripts/lab.sh down >/dev/null
}

echo
echo "# scanning the lab's 198.18.0.0/16 ($DEVICES devices), one run (tests/bench/scan.sh)"
printf "%-34s %12s %10s %10s %10s\n" "sender" "asked p/s" "sent p/s" "recovered" "CPU s"
zmap_run 100000000
ssdpmac_run "ssdpmac scan --tx socket" 100000000 socket
ssdpmac_run "ssdpmac scan --tx packet" 100000000 packet
ssdpmac_run "ssdpmac scan --tx xdp" 100000000 xdp
ssdpmac_run "ssdpmac scan --tx xdp (absorbable)" 20000 xdp
