#!/usr/bin/env bash
# The classifier attached for real, at rate: a sender in an "internet" namespace blasts a mix of
# frames with XDP live frames (build/tests/blast, bpf/blast.bpf.c) at `classify` on scan0, over
# a veth with 1 and then 2 queues (one sender thread a queue). Every frame sent lands in exactly
# one of the classifier's counters: the outcomes no dedup can change match the sender's count of
# each, the replies end as first sightings, duplicates or ringbuf_full, and the total is what
# was sent (nothing lost in XDP). Prints the rate seen and the program's own cost per frame
# (kernel.bpf_stats_enabled). --bench: longer runs, a table for tests/results/bench.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
TEST_NAME=rate
. tests/lib.sh
B=${B:-build}
SECS=2
BENCH=0
[ "${1:-}" = --bench ] && { SECS=5; BENCH=1; }
NS_S=ssdpmac-t-rate-scan
NS_I=ssdpmac-t-rate-inet
PIN=/sys/fs/bpf/ssdpmac-test-rate
PORT=9481
tmp=$(mktemp -d)
stats_was=$(sysctl -n kernel.bpf_stats_enabled)
cleanup() {
	[ -n "${cls:-}" ] && kill "$cls" 2>/dev/null && wait "$cls" 2>/dev/null || true
	netns_cleanup
	sysctl -qw kernel.bpf_stats_enabled="$stats_was"
	rm -rf "$tmp" "$PIN"
}
trap cleanup EXIT

lab() { # queues
	netns_cleanup
	NETNS_LIST=()
	netns_add $NS_S
	netns_add $NS_I
	for ns in $NS_S $NS_I; do
		ip netns exec $ns sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
	done
	ip link add scan0 netns $NS_S numtxqueues "$1" numrxqueues "$1" type veth \
		peer name inet0 netns $NS_I numtxqueues "$1" numrxqueues "$1"
	# room for QinQ-tagged 1500-byte packets (veth drops XDP frames beyond MTU + 18)
	ip -n $NS_S link set scan0 mtu 1504
	ip -n $NS_I link set inet0 mtu 1504
	ip -n $NS_S addr add 198.19.253.1/30 dev scan0
	ip -n $NS_I addr add 198.19.253.2/30 dev inet0
	ip -n $NS_S link set scan0 up
	ip -n $NS_I link set inet0 up
}

metric() { awk -v k="ssdpmac_packets_total{outcome=\"$1\"}" '$1 == k { print $2 }' "$tmp/metrics"; }

one() { # queues mix
	local q=$1 mix=$2 id cnt ns
	lab "$q"
	rm -rf "$PIN"
	nsenter --net=/run/netns/$NS_S $B/ssdpmac classify -i scan0 -m native --pin-dir $PIN \
		--metrics 127.0.0.1:$PORT -o /dev/null 2>"$tmp/cls.err" &
	cls=$!
	wait_for 10 in_ns $NS_S curl -sf "http://127.0.0.1:$PORT/metrics" ||
		{ cat "$tmp/cls.err" >&2; fail "classify did not start"; }
	id=$(ip -n $NS_S -j link show scan0 | jq '.[0].xdp.prog.id')
	sysctl -qw kernel.bpf_stats_enabled=1
	in_ns $NS_I $B/tests/blast -i inet0 -t $SECS -T "$q" -m "$mix" >"$tmp/sent" ||
		fail "blast failed"
	read -r cnt ns < <(bpftool prog show id "$id" -j | jq -r '"\(.run_cnt) \(.run_time_ns)"')
	sysctl -qw kernel.bpf_stats_enabled="$stats_was"
	sleep 0.5 # the last NAPI poll, and the consumer's last events
	in_ns $NS_S curl -sf "http://127.0.0.1:$PORT/metrics" >"$tmp/metrics"
	kill "$cls"
	wait "$cls" 2>/dev/null || true
	cls=
	check "$q" "$mix" "$cnt" "$ns"
}

check() { # queues mix run_cnt run_time_ns
	local sent secs total replies got label n
	sent=$(awk '$1 == "sent" { print $2 }' "$tmp/sent")
	secs=$(awk '$1 == "seconds" { print $2 }' "$tmp/sent")
	total=$(awk '/^ssdpmac_packets_total/ { s += $2 } END { print s + 0 }' "$tmp/metrics")
	[ "$sent" -gt 0 ] || fail "$2, $1 queue(s): nothing sent"
	[ "$total" = "$sent" ] || fail "$2, $1 queue(s): $sent sent, the classifier counted $total"
	[ "$3" -ge "$sent" ] || fail "$2, $1 queue(s): the program ran $3 times for $sent frames"
	while read -r _ label n; do
		if [ "$label" = replies ]; then
			got=0
			for o in event_uuid event_text event_uuid_text duplicate ringbuf_full; do
				got=$((got + $(metric $o || echo 0)))
			done
		else
			got=$(metric "$label")
		fi
		[ "${got:-0}" = "$n" ] || fail "$2, $1 queue(s): $n sent to end as $label, ${got:-0} did"
	done < <(grep '^expect ' "$tmp/sent")
	awk -v m="$2" -v q="$1" -v n="$sent" -v s="$secs" -v c="$3" -v t="$4" -v rb="$(metric ringbuf_full)" \
		'BEGIN { printf "%-8s %6s %10s %8.2f %9.3f %9.1f %9.2f %6s\n", m, q, n, s, n / s / 1e6, t / c, 1e3 * c / t, rb + 0 }'
}

[ "$BENCH" = 1 ] && echo "# the classifier attached (classify, native XDP on a veth) at rate: build/tests/blast sends XDP live frames from the peer, $SECS s a run, one sender thread a queue (tests/rate.sh --bench); Mpps seen: frames counted / seconds, sender and receiver sharing the CPUs; ns/frame: the program's own run time (kernel.bpf_stats_enabled), and the Mpps per core that cost allows"
printf '%-8s %6s %10s %8s %9s %9s %9s %6s\n' mix queues frames seconds "Mpps seen" "ns/frame" \
	"Mpps/core" rb_full
for q in 1 2; do
	for mix in replies hostile; do
		one "$q" "$mix"
	done
done
echo "rate: every frame sent counted once, in its outcome"
