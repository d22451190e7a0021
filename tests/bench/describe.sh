#!/usr/bin/env bash
# make bench: fetch the lab's device descriptions with `ssdpmac describe` on one core and, on the
# same addresses in the same run, with what a user would run instead: nmap's upnp-info script (it
# sends M-SEARCH, then fetches the description) on all of them and on the first NMAP_N, and a
# plain curl loop (a process a URL, one after the other) on the first CURL_N, each bounded in time.
# The input is what a user has: one scan's device records. Clients are pinned to one CPU, the
# simulator (build/ssdpsim; its HTTP server is one thread) to the other; each one's CPU seconds
# over the wall time says which side saturates.
set -euo pipefail
cd "$(dirname "$0")/../.."
B=${B:-build}
export LAB_DIR
LAB_DIR=$(mktemp -d)
tmp=$(mktemp -d)
PIN=/sys/fs/bpf/ssdpmac-bench-desc
trap 'scripts/lab.sh down >/dev/null 2>&1 || true; rm -rf "$tmp" "$LAB_DIR" "$PIN"' EXIT
for t in nmap curl taskset; do
	command -v $t >/dev/null || { echo "bench: $t is missing (scripts/deps.sh installs it)" >&2; exit 1; }
done
DEVICES=${DESC_DEVICES:-6000} # simulated addresses; about 90% answer, 96% of those serve a description
NMAP_N=${NMAP_N:-1000}       # nmap's smaller sample
CURL_N=${CURL_N:-500}        # the curl loop's sample
RUNS=3                       # describe: the best of RUNS
CLIENT_CPU=1 SIM_CPU=0

scripts/lab.sh up --devices "$DEVICES" --seed 7 --duration 600 --syn-rate 0 >/dev/null
sim=$(cat "$LAB_DIR/sim.pid")
taskset -a -p -c $SIM_CPU "$sim" >/dev/null

# the devices file a user has: a scan's records, each with the LOCATION its reply carried
timeout 120 nsenter --net=/run/netns/ssdpmac-scan $B/ssdpmac -q scan -i scan0 --pin-dir "$PIN" --metrics off \
	--allow-reserved 198.18.0.0/15 -r 100000 --cooldown 2 -o "$tmp/dev.jsonl" 198.18.0.0/16 \
	2>"$tmp/scan.err" || { cat "$tmp/scan.err" >&2; exit 1; }
rm -rf "$PIN"
ndev=$(wc -l <"$tmp/dev.jsonl")

ticks() { awk '{ print $14 + $15 }' "/proc/$sim/stat"; } # the simulator's CPU, in clock ticks
HZ=$(getconf CLK_TCK)
cpu_busy() { # per-CPU busy ticks (all but idle and iowait): "cpu0 N cpu1 M"
	awk '/^cpu[0-9]/ { printf "%s %d ", $1, $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat
}
# timed NAME CMD...: wall, user+sys of CMD and its children, the simulator's CPU, each core's
# busy share, CMD's peak RSS (kB); written to $tmp/NAME.t as "wall cpu simcpu busy_client busy_sim rss"
timed() {
	local name=$1 s0 s1 b0 b1
	shift
	s0=$(ticks)
	b0=$(cpu_busy)
	/usr/bin/time -f '%e %U %S %M' -o "$tmp/$name.time" "$@"
	b1=$(cpu_busy)
	s1=$(ticks)
	awk -v s0="$s0" -v s1="$s1" -v hz="$HZ" -v b0="$b0" -v b1="$b1" -v c="cpu$CLIENT_CPU" \
		-v s="cpu$SIM_CPU" '{
		n = split(b0, x, " "); split(b1, y, " ")
		for (i = 1; i < n; i += 2) busy[x[i]] = (y[i + 1] - x[i + 1]) / hz / $1
		printf "%s %s %s %s %s %s\n", $1, $2 + $3, (s1 - s0) / hz, busy[c], busy[s], $4 }' \
		"$tmp/$name.time" >"$tmp/$name.t"
}

# (a) describe, every device of the scan, one core, no rate limit
best=
for i in $(seq $RUNS); do
	timed "d$i" nsenter --net=/run/netns/ssdpmac-scan taskset -c $CLIENT_CPU timeout 120 $B/ssdpmac describe \
		--devices "$tmp/dev.jsonl" -o "$tmp/desc$i.jsonl" --allow-reserved 198.18.0.0/15 -r 0 \
		--connect-timeout 3 --timeout 10 2>"$tmp/desc$i.err" ||
		{ cat "$tmp/desc$i.err" >&2; exit 1; }
	if [ -z "$best" ] || awk -v a="$(cut -d' ' -f1 "$tmp/d$i.t")" \
		-v b="$(cut -d' ' -f1 "$tmp/$best.t")" 'BEGIN { exit !(a < b) }'; then
		best=d$i
	fi
done
cp "$tmp/desc${best#d}.jsonl" "$tmp/desc.jsonl"
cp "$tmp/$best.t" "$tmp/describe.t"
desc_ok=$(jq -s '[.[] | select(.description.outcome == "ok" or .description.outcome == "udn-mismatch")] | length' \
	"$tmp/desc.jsonl")

# the same addresses for every tool: the scan's, in address order; nmap on all of them and on
# the first NMAP_N (nmap's rate depends on how many it is given), curl on the first CURL_N
jq -r '[.addr, .description.url // ""] | @tsv' "$tmp/desc.jsonl" | sort -t. -k3,3n -k4,4n >"$tmp/all.tsv"
cut -f1 "$tmp/all.tsv" >"$tmp/nmap-all.txt"
head -n "$NMAP_N" "$tmp/nmap-all.txt" >"$tmp/nmap-some.txt"
head -n "$CURL_N" "$tmp/all.tsv" | cut -f2 >"$tmp/curl.txt"

# (b) nmap's upnp-info (no DNS, no host discovery: its fastest path). It fetches the description
# only at -v, and with its default upnp-info.override (the reply's address in place of
# LOCATION's host) nmap 7.93 fetches nothing (its pattern for the path wants the \r it has just
# cut off): override=false, here the same URL (the lab's LOCATIONs name the device's address).
nmap_run() { # name list
	timed "$1" nsenter --net=/run/netns/ssdpmac-scan taskset -c $CLIENT_CPU timeout 600 nmap -v -n -Pn \
		-sU -p 1900 --script upnp-info --script-args upnp-info.override=false -iL "$2" \
		-oN "$tmp/$1.out" >/dev/null 2>"$tmp/$1.err" ||
		{ cat "$tmp/$1.err" >&2; echo "bench: nmap failed or took over 600 s" >&2; exit 1; }
	# a host counts when its script output names the device ("Model Name", from the XML)
	awk '/^Nmap scan report for/ { h = $NF } /Model Name:/ && !(h in s) { s[h]; n++ }
		END { print n + 0 }' "$tmp/$1.out" >"$tmp/$1.ok"
}
nmap_run nmap "$tmp/nmap-all.txt"
nmap_run nmap-some "$tmp/nmap-some.txt"

# (c) a plain curl loop over the first CURL_N URLs (the host already the reply's address)
timed curl nsenter --net=/run/netns/ssdpmac-scan taskset -c $CLIENT_CPU timeout 600 bash -c '
	while read -r u; do [ -n "$u" ] && curl -s -m 3 -o "'"$tmp"'/c.xml" "$u" && grep -q "<modelName>" "'"$tmp"'/c.xml" &&
		echo ok; done <"'"$tmp"'/curl.txt" >"'"$tmp"'/curl.ok"' ||
	{ echo "bench: the curl loop failed or took over 600 s" >&2; exit 1; }
curl_ok=$(wc -l <"$tmp/curl.ok")

echo
echo "# device descriptions from the lab, one run (tests/bench/describe.sh): the $ndev devices of one scan of $DEVICES simulated addresses"
echo "# $(date -u '+%F %H:%M UTC'), $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg); clients pinned to CPU $CLIENT_CPU, ssdpsim to CPU $SIM_CPU"
echo "# describe --devices SCAN.jsonl --allow-reserved 198.18.0.0/15 -r 0 (--concurrency 256), best of $RUNS runs;"
echo "# nmap -v -n -Pn -sU -p 1900 --script upnp-info --script-args upnp-info.override=false -iL ADDRS, once on all, once on the first $NMAP_N;"
echo "# curl -s -m 3 URL (LOCATION at the reply's address), one after the other, on the first $CURL_N"
echo "# desc: descriptions got (the model named); CPU s: the tool's user+sys; sim s: the simulator's CPU; x nmap: desc/s over nmap's on all"
printf "%-22s %7s %6s %8s %8s %7s %9s %7s %7s\n" tool devices desc seconds desc/s "CPU s" desc/CPUs "sim s" "x nmap"
row() { # name devices described file
	awk -v name="$1" -v n="$2" -v ok="$3" -v nmap="$(cat "$tmp/nmap.t")" -v nok="$(cat "$tmp/nmap.ok")" '{
		split(nmap, m, " "); nr = nok / m[1]
		printf "%-22s %7d %6d %8.2f %8.0f %7.2f %9.0f %7.2f %7.1f\n", name, n, ok, $1, ok / $1, $2,
			($2 > 0 ? ok / $2 : 0), $3, (nr > 0 ? ok / $1 / nr : 0) }' "$tmp/$4.t"
}
row "ssdpmac describe" "$ndev" "$desc_ok" describe
row "nmap upnp-info, all" "$ndev" "$(cat "$tmp/nmap.ok")" nmap
row "nmap upnp-info, first" "$NMAP_N" "$(cat "$tmp/nmap-some.ok")" nmap-some
row "curl loop, first" "$CURL_N" "$curl_ok" curl
grep -h '^describe:' "$tmp/desc${best#d}.err" | sed 's/^describe: /ssdpmac describe: /'
awk -v ok="$desc_ok" -v all="$(cat "$tmp/nmap.t")" -v aok="$(cat "$tmp/nmap.ok")" \
	-v some="$(cat "$tmp/nmap-some.t")" -v sok="$(cat "$tmp/nmap-some.ok")" '{
	split(all, a, " "); split(some, m, " ")
	printf "describe: its process %.0f%% of CPU %d, the simulator %.0f%% of CPU %d; cores busy (every process, softirq): %.0f%%, %.0f%%; peak RSS %.0f MB\n",
		$2 / $1 * 100, c, $3 / $1 * 100, s, $4 * 100, $5 * 100, $6 / 1024
	printf "describe: %.0f descriptions/s on one core (target >= 2000); %.1fx nmap on all the addresses, %.1fx nmap on the first %d (target >= 20)\n",
		ok / $1, ok / $1 / (aok / a[1]), ok / $1 / (sok / m[1]), n }' c=$CLIENT_CPU s=$SIM_CPU n="$NMAP_N" "$tmp/describe.t"
