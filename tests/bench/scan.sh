#!/usr/bin/env bash
# make bench: scan the lab's device range with each ssdpmac send path and with ZMap's upnp
# module, each at its highest rate (one sender thread, then one a CPU), in one run: probes sent
# per second, devices recovered, CPU seconds. -P 8 probes an address (524288 probes) so that
# the fastest run still lasts long enough to time.
set -euo pipefail
cd "$(dirname "$0")/../.."
B=build
export LAB_DIR
LAB_DIR=$(mktemp -d)
tmp=$(mktemp -d)
trap 'scripts/lab.sh down >/dev/null 2>&1 || true; rm -rf "$tmp" "$LAB_DIR" /sys/fs/bpf/ssdpmac-bench' EXIT
command -v zmap >/dev/null || { echo "bench: zmap is missing (scripts/deps.sh installs it)" >&2; exit 1; }
DEVICES=3000
PROBES=${PROBES:-8} # per address: 524288 probes, long enough to measure a rate

lab() { scripts/lab.sh up --devices $DEVICES --seed 7 --duration 120 >/dev/null; }
want() { jq -s '[.[] | select(.answers)] | length' "$LAB_DIR/truth.jsonl"; }

ssdpmac_run() { # name rate tx [options]
	lab
	nsenter --net=/run/netns/ssdpmac-scan /usr/bin/time -f '%U %S' -o "$tmp/cpu" \
		$B/ssdpmac scan -i scan0 --pin-dir /sys/fs/bpf/ssdpmac-bench --metrics off --tx "$3" ${4:-} \
		--allow-reserved 198.18.0.0/15 -r "$2" -P $PROBES --cooldown 3 -o "$tmp/dev.jsonl" 198.18.0.0/16 \
		2>"$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
	rm -rf /sys/fs/bpf/ssdpmac-bench
	# devices with a USN recovered, and the answering devices that send none (no record)
	local got pps
	got=$(jq -s 'map(.addr) | unique | length' "$tmp/dev.jsonl")
	got=$((got + $(jq -s '[.[] | select(.answers and .class == null)] | length' "$LAB_DIR/truth.jsonl")))
	pps=$(sed -n 's/.*sent in [0-9.]* s (\([0-9]*\)\/s).*/\1/p' "$tmp/err")
	echo "$pps" >"$tmp/pps.$3${4:+.T}"
	printf "%-34s %12s %10s %8s/%s %10s\n" "$1" "$2" "$pps" "$got" "$(want)" \
		"$(awk '{ print $1 + $2 }' "$tmp/cpu")"
	rm -f "$tmp/dev.jsonl"
	scripts/lab.sh down >/dev/null
}

zmap_run() { # rate sender-threads
	lab
	local gw
	gw=$(ip netns exec ssdpmac-inet cat /sys/class/net/inet-scan/address)
	: >"$tmp/empty.conf"
	ip netns exec ssdpmac-scan /usr/bin/time -f '%U %S' -o "$tmp/cpu" zmap -T "$2" -M upnp -p 1900 \
		-i scan0 -G "$gw" -S 198.19.254.1 -b "$tmp/empty.conf" -C /dev/null -r "$1" -P $PROBES -c 3 --max-sendto-failures 100000000 \
		-O csv -f saddr -o "$tmp/zmap.csv" 198.18.0.0/16 2>"$tmp/zerr" || { cat "$tmp/zerr" >&2; exit 1; }
	local pps
	pps=$(grep -o 'send: [0-9]* done ([0-9.]* [KM]*p/s avg)' "$tmp/zerr" | tail -1 |
		sed 's/.*(\([0-9.]*\) \([KM]*\)p\/s avg)/\1 \2/' |
		awk -v p="$PROBES" '{ m = $2 == "K" ? 1e3 : $2 == "M" ? 1e6 : 1; printf "%d", $1 * m * p }')
	echo "$pps" >"$tmp/pps.zmap.$2" # zmap counts addresses: times -P, probes
	printf "%-34s %12s %10s %8s/%s %10s\n" "zmap -M upnp -T $2" "$1" "$pps" \
		"$(sort -u "$tmp/zmap.csv" | grep -c "^[0-9]")" "$(want)" "$(awk '{ print $1 + $2 }' "$tmp/cpu")"
	scripts/lab.sh down >/dev/null
}

echo
echo "# scanning the lab's 198.18.0.0/16 ($DEVICES devices), one run (tests/bench/scan.sh)"
printf "%-34s %12s %10s %10s %10s\n" "sender" "asked p/s" "sent p/s" "recovered" "CPU s"
T=$(nproc)
zmap_run 100000000 1
zmap_run 100000000 "$T"
ssdpmac_run "ssdpmac scan --tx socket" 100000000 socket
ssdpmac_run "ssdpmac scan --tx packet" 100000000 packet
ssdpmac_run "ssdpmac scan --tx xdp -T 1" 100000000 xdp
ssdpmac_run "ssdpmac scan --tx xdp -T $T" 100000000 xdp "-T $T"
awk -v x1="$(cat "$tmp/pps.xdp")" -v z1="$(cat "$tmp/pps.zmap.1")" \
	-v x="$(cat "$tmp/pps.xdp.T")" -v z="$(cat "$tmp/pps.zmap.$T")" -v t="$T" 'BEGIN {
	printf "--tx xdp sends %.2fx what zmap sends, both with %d sender threads (target >= 2); ", x / z, t
	printf "one thread each: %.2fx\n", x1 / z1 }'
# the rate limiter: asked for less than the ceiling, what is sent (over 2.6 s)
ssdpmac_run "ssdpmac scan --tx packet" 200000 packet
ssdpmac_run "ssdpmac scan --tx xdp -T $T" 200000 xdp "-T $T"
