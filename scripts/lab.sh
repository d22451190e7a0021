#!/usr/bin/env bash
# The lab: a simulated internet in network namespaces, addresses in 198.18.0.0/15 only.
#
#   ssdpmac-scan  scan0 198.19.254.1/30 -- inet-scan 198.19.254.2/30  ssdpmac-inet
#   ssdpmac-dark  dark0 198.19.254.5/30 -- inet-dark 198.19.254.6/30  ssdpmac-inet
#   ssdpmac-scanI scan0 198.19.254.(8I-7)/30 -- inet-scanI (8I-6)     ssdpmac-inet  (--scanners N,
#                 I = 2..N: more scanner hosts, each with its own link: .9 and .10 for the second)
#
# ssdpmac-inet holds every device address (an AnyIP route for the device prefix) and runs
# build/ssdpsim, which answers SSDP for all of them and sends the infected ones' SYNs to the
# darknet prefix, routed to ssdpmac-dark where nothing answers. It serves every device's
# description at its LOCATION (HTTP), and hostile HTTP servers in 198.19.253.0/24 (listed with
# the outcome `describe` must give in $LAB_DIR/hostile.jsonl). On inet-scan the simulator's XDP
# edge (bpf/edge.bpf.c) drops M-SEARCH to addresses that do not answer, so a line-rate scan
# costs the simulated internet what it would cost the real one.
#
# The address plan (--plan, default scripts/lab-plan.tsv) says which AS and country serve each
# device address; the truth carries them (tests/lab_networks.sh builds databases from it).
#
# The devices speak as the messages of the real corpus (--corpus, default tests/data/real) do,
# each with a MAC of its own under a prefix of the same vendor (scripts/sim/shapes.c).
#
# scripts/lab.sh up [--devices N] [--seed S] [--infected F] [--noise F] [--duration SECONDS]
#                   [--plan FILE] [--scanners N] [--corpus DIR]
# scripts/lab.sh down | status
set -euo pipefail
cd "$(dirname "$0")/.."

NS_SCAN=ssdpmac-scan
NS_INET=ssdpmac-inet
NS_DARK=ssdpmac-dark
DEV_NET=${LAB_DEV_NET:-198.18.0.0/16}
DARK_NET=${LAB_DARK_NET:-198.19.0.0/17}
HOSTILE_NET=198.19.253.0/24 # the simulator's hostile HTTP servers (scripts/sim/simdesc.h)
SCAN_IP=198.19.254.1
MAX_SCANNERS=8
LAB_DIR=${LAB_DIR:-/run/ssdpmac-lab}

# the namespaces of scanner hosts 2..N
extra_scanners() {
	local i
	for ((i = 2; i <= $1; i++)); do echo "$NS_SCAN$i"; done
}

# scanner_link I: scanner host I (2..N) gets its own link into the internet: scan0
# 198.19.254.(8I-7)/30 in ssdpmac-scanI, inet-scanI in ssdpmac-inet, routed like the first
# scanner's; the edge program of inet-scan (its map of answering addresses) on inet-scanI too
scanner_link() {
	local i=$1 ns=$NS_SCAN$1 q edge
	local ip=198.19.254.$((8 * i - 7)) gw=198.19.254.$((8 * i - 6))
	q=$(nproc)
	ip netns add "$ns"
	ip -n "$ns" link set lo up
	ip link add scan0 netns "$ns" numtxqueues "$q" numrxqueues "$q" type veth \
		peer name "inet-scan$i" netns $NS_INET numtxqueues "$q" numrxqueues "$q"
	ip -n "$ns" addr add "$ip/30" dev scan0
	ip -n $NS_INET addr add "$gw/30" dev "inet-scan$i"
	ip -n "$ns" link set scan0 up
	ip -n $NS_INET link set "inet-scan$i" up
	ip -n "$ns" route add "$DEV_NET" via "$gw"
	ip -n "$ns" route add $HOSTILE_NET via "$gw"
	ip netns exec "$ns" sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.scan0.rp_filter=0
	edge=$(ip -n $NS_INET -j link show inet-scan | jq -r '.[0].xdp.prog.id // empty')
	[ -n "$edge" ] || { echo "lab: no edge program on inet-scan" >&2; return 1; }
	ip netns exec $NS_INET bpftool net attach xdpdrv id "$edge" dev "inet-scan$i"
}

down() {
	if [ -f "$LAB_DIR/sim.pid" ]; then
		kill "$(cat "$LAB_DIR/sim.pid")" 2>/dev/null || true
		rm -f "$LAB_DIR/sim.pid"
	fi
	for ns in $NS_SCAN $(extra_scanners $MAX_SCANNERS) $NS_INET $NS_DARK; do
		ip netns pids $ns 2>/dev/null | xargs -r kill 2>/dev/null || true
		ip netns del $ns 2>/dev/null || true
	done
}

up() {
	local devices=0 seed=1 infected=0.2 noise=0.05 duration=300 syn_rate=400
	local plan=scripts/lab-plan.tsv scanners=1 i corpus=tests/data/real
	while [ $# -gt 0 ]; do
		case "$1" in
		--devices) devices=$2; shift 2 ;;
		--seed) seed=$2; shift 2 ;;
		--infected) infected=$2; shift 2 ;;
		--noise) noise=$2; shift 2 ;;
		--duration) duration=$2; shift 2 ;;
		--syn-rate) syn_rate=$2; shift 2 ;;
		--plan) plan=$2; shift 2 ;;
		--scanners) scanners=$2; shift 2 ;;
		--corpus) corpus=$2; shift 2 ;;
		*) echo "lab: unknown option $1" >&2; exit 2 ;;
		esac
	done
	case "$scanners" in
	[1-$MAX_SCANNERS]) ;;
	*) echo "lab: --scanners $scanners: 1 to $MAX_SCANNERS" >&2; exit 2 ;;
	esac
	[ -x build/ssdpsim ] || { echo "lab: build/ssdpsim is missing: run make first" >&2; exit 1; }
	down # up twice is harmless: start from nothing
	trap 'down; echo "lab: setup failed, cleaned up" >&2' ERR
	mkdir -p "$LAB_DIR"
	for ns in $NS_SCAN $NS_INET $NS_DARK; do
		ip netns add $ns
		ip -n $ns link set lo up
	done
	# a queue a CPU on the scanner link: each CPU's XDP sender (probe -T) fills its own ring
	local q
	q=$(nproc)
	ip link add scan0 netns $NS_SCAN numtxqueues "$q" numrxqueues "$q" type veth \
		peer name inet-scan netns $NS_INET numtxqueues "$q" numrxqueues "$q"
	ip link add dark0 netns $NS_DARK type veth peer name inet-dark netns $NS_INET
	ip -n $NS_SCAN addr add $SCAN_IP/30 dev scan0
	ip -n $NS_INET addr add 198.19.254.2/30 dev inet-scan
	ip -n $NS_DARK addr add 198.19.254.5/30 dev dark0
	ip -n $NS_INET addr add 198.19.254.6/30 dev inet-dark
	for l in "$NS_SCAN scan0" "$NS_INET inet-scan" "$NS_DARK dark0" "$NS_INET inet-dark"; do
		set -- $l
		ip -n "$1" link set "$2" up
	done
	ip -n $NS_SCAN route add "$DEV_NET" via 198.19.254.2
	ip -n $NS_INET route add local "$DEV_NET" dev lo
	ip -n $NS_SCAN route add $HOSTILE_NET via 198.19.254.2
	ip -n $NS_INET route add local $HOSTILE_NET dev lo
	ip -n $NS_INET route add "$DARK_NET" via 198.19.254.5
	# the scanner's replies come back to it from many addresses: no reverse-path filtering
	ip netns exec $NS_SCAN sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.scan0.rp_filter=0
	ip netns exec $NS_INET build/ssdpsim --net "$DEV_NET" --darknet "$DARK_NET" \
		--devices "$devices" --seed "$seed" --infected "$infected" --noise "$noise" \
		--duration "$duration" --syn-rate "$syn_rate" --notify-to $SCAN_IP \
		--truth "$LAB_DIR/truth.jsonl" --hostile "$LAB_DIR/hostile.jsonl" \
		--hostile-net $HOSTILE_NET --plan "$plan" --corpus "$corpus" --edge inet-scan \
		>"$LAB_DIR/sim.log" 2>&1 &
	echo $! >"$LAB_DIR/sim.pid"
	# the truth file is written, then the edge program attached (bpf/edge.bpf.c: probes to
	# silent addresses end in XDP, and frames XDP sends into the veth are received), then the
	# simulator listens
	for _ in $(seq 50); do
		[ -s "$LAB_DIR/truth.jsonl" ] && ip netns exec $NS_INET ss -lun | grep -q ':1900 ' && break
		sleep 0.1
	done
	ip netns exec $NS_INET ss -lun | grep -q ':1900 ' || { cat "$LAB_DIR/sim.log" >&2; false; }
	for ((i = 2; i <= scanners; i++)); do
		scanner_link "$i"
	done
	trap - ERR
	echo "lab: up: $(wc -l <"$LAB_DIR/truth.jsonl") devices in $DEV_NET, darknet $DARK_NET," \
		"scanner $SCAN_IP (scan0 in $NS_SCAN)$(for ((i = 2; i <= scanners; i++)); do
			echo -n ", 198.19.254.$((8 * i - 7)) (scan0 in $NS_SCAN$i)"; done)," \
		"darknet link dark0 in $NS_DARK"
}

status() {
	local ns
	for ns in $NS_SCAN $NS_INET $NS_DARK $(extra_scanners $MAX_SCANNERS); do
		if [ -e "/run/netns/$ns" ]; then
			echo "$ns: $(ip -n $ns -br link | grep -v '^lo' | awk '{print $1, $2}' | tr '\n' ' ')"
		elif [[ $ns != "$NS_SCAN"[0-9] ]]; then
			echo "$ns: absent"
		fi
	done
	if [ -f "$LAB_DIR/sim.pid" ] && kill -0 "$(cat "$LAB_DIR/sim.pid")" 2>/dev/null; then
		echo "simulator: running (pid $(cat "$LAB_DIR/sim.pid")), truth in $LAB_DIR/truth.jsonl"
	else
		echo "simulator: not running"
	fi
}

case "${1:-}" in
up) shift; up "$@" ;;
down) down; echo "lab: down" ;;
status) status ;;
*) echo "usage: scripts/lab.sh up [--devices N] [--seed S] [--infected F] [--noise F] [--duration S] [--scanners N] [--corpus DIR] | down | status" >&2; exit 2 ;;
esac
