#!/usr/bin/env bash
# The operator's own mistakes and crashes around `classify` (#18 items 10-13), on a veth pair in
# namespaces: every run's records hold every device it saw (a second run, kill -9, a full disk),
# a restart keeps no fd to the dead run's program, a second instance on the NIC is refused, and
# an interface deleted under classify, sensor or scan stops it with a clear message. Root.
set -euo pipefail
cd "$(dirname "$0")/.."
TEST_NAME=restart.sh
. tests/lib.sh
B=${B:-build}
NS_A=ssdpmac-t-rst
NS_B=ssdpmac-t-rsnd
PIN=/sys/fs/bpf/ssdpmac-test-restart
PIN2=/sys/fs/bpf/ssdpmac-test-restart2
tmp=$(mktemp -d)
pids=()
passed=0

cleanup() {
	local p
	for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
	netns_cleanup
	rm -rf "$PIN" "$PIN2" "$tmp"
}
trap cleanup EXIT

veth() {
	ip -n $NS_A link del cls0 2>/dev/null || true
	ip link add cls0 netns $NS_A type veth peer name snd0 netns $NS_B
	ip -n $NS_A link set cls0 up
	ip -n $NS_B link set snd0 up
}
netns_add $NS_A
netns_add $NS_B
veth
rm -rf "$PIN" "$PIN2"
$B/tests/mkpcap "$tmp/p1.pcap" --spec tests/data/classify/phase1.spec

# start NAME ARGS...: classify on cls0 in the background, $pid its pid once XDP is on
start() {
	local name=$1
	shift
	nsenter --net=/run/netns/$NS_A $B/ssdpmac classify -i cls0 --metrics off "$@" \
		2>"$tmp/$name.err" &
	pid=$!
	pids+=("$pid")
	wait_for 20 grep -q "XDP on cls0" "$tmp/$name.err" ||
		{ cat "$tmp/$name.err"; fail "$name: classify did not come up"; }
}
send() { ip netns exec $NS_B $B/tests/replay snd0 "$tmp/p1.pcap" >/dev/null; }
usns() { jq -r .usn "$1" | sort -u; }
want=10 # devices in phase1.spec: 13 replies, two repeats, the Intel device from two addresses
has_all() { [ "$(usns "$1" | wc -l)" -eq "$want" ]; }
prog_id() { ip -n $NS_A -j link show cls0 | jq -r '.[0].xdp.prog.id // .[0].xdp.attached[0].prog.id // empty'; }

# -- second_run_records_every_device_it_sees: a clean stop, then a new -o, same pinned maps
start run1 --pin-dir "$PIN" -o "$tmp/a.jsonl"
send
wait_for 10 has_all "$tmp/a.jsonl" || fail "run 1 recorded $(usns "$tmp/a.jsonl" | wc -l) of $want"
kill -TERM "$pid" && wait "$pid" || fail "run 1 did not stop cleanly"
start run2 --pin-dir "$PIN" -o "$tmp/b.jsonl"
send
wait_for 10 has_all "$tmp/b.jsonl" ||
	fail "second_run_records_every_device_it_sees: $(usns "$tmp/b.jsonl" | wc -l) of $want in b.jsonl"
bpftool -j map dump pinned "$PIN/vendors" | jq -e '.[].formatted | select(.key.prefix == "00A0C9") |
	.value.devices == 1' >/dev/null || fail "the pinned counters counted a known device twice"
passed=$((passed + 1))

# -- kill9_loses_no_reply_seen: replies that reach the dead run's program are recorded by the next
kill -TERM "$pid" && wait "$pid" || fail "run 2 did not stop cleanly"
start run2b --pin-dir "$PIN" -o "$tmp/x.jsonl"
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
old=$(prog_id)
[ -n "$old" ] || fail "no program left on cls0 after kill -9 (the test needs one)"
old_rb=$(bpftool -j prog show id "$old" | jq -r '.map_ids[]' | while read -r m; do
	bpftool -j map show id "$m" | jq -r 'select(.name == "events") | .id'; done)
send
start run3 --pin-dir "$PIN" -o "$tmp/c.jsonl"
wait_for 10 has_all "$tmp/c.jsonl" ||
	fail "kill9_loses_no_reply_seen: $(usns "$tmp/c.jsonl" | wc -l) of $want recorded: $(cat "$tmp/run3.err")"
grep -q "left unread, recorded" "$tmp/run3.err" || fail "the restart did not say it read the dead run's events"
passed=$((passed + 1))

# -- restart_keeps_no_fd_to_the_stale_program: neither the program nor its 4 MB ringbuf live on
[ "$(prog_id)" != "$old" ] || fail "the stale program is still on cls0"
if bpftool prog show id "$old" >/dev/null 2>&1; then
	bpftool prog show id "$old" >&2
	fail "restart_keeps_no_fd_to_the_stale_program: program $old still exists"
fi
if [ -n "$old_rb" ] && bpftool map show id "$old_rb" >/dev/null 2>&1; then
	fail "restart_keeps_no_fd_to_the_stale_program: ringbuf $old_rb still exists"
fi
if grep -qsE "^(prog_id|map_id):\s+($old|${old_rb:-x})\$" /proc/"$pid"/fdinfo/*; then
	fail "restart_keeps_no_fd_to_the_stale_program: classify holds an fd to the stale program"
fi
passed=$((passed + 1))

# -- second_instance_on_the_nic_is_refused: another --pin-dir does not make it another instance
running=$(prog_id)
rc=0
nsenter --net=/run/netns/$NS_A $B/ssdpmac classify -i cls0 --metrics off --pin-dir "$PIN2" \
	--duration 5 2>"$tmp/second.err" || rc=$?
[ "$rc" -ne 0 ] || fail "second_instance_on_the_nic_is_refused: the second classify ran"
grep -q "held by a running process (pid $pid" "$tmp/second.err" ||
	fail "second_instance_on_the_nic_is_refused: no clear message: $(cat "$tmp/second.err")"
[ "$(prog_id)" = "$running" ] || fail "second_instance_on_the_nic_is_refused: the first one's program was removed"
kill -0 "$pid" || fail "the first classify died"
passed=$((passed + 1))

# -- full_disk_loses_no_device: records that could not be written are written by the next run
kill -TERM "$pid" && wait "$pid" || true
rm -rf "$PIN"
rc=0
nsenter --net=/run/netns/$NS_A $B/ssdpmac classify -i cls0 --metrics off --pin-dir "$PIN" \
	-o /dev/full --duration 20 2>"$tmp/full.err" &
pid=$!
pids+=("$pid")
wait_for 20 grep -q "XDP on cls0" "$tmp/full.err" || fail "classify -o /dev/full did not start"
send
wait "$pid" && fail "classify went on writing to a full disk"
start run4 --pin-dir "$PIN" -o "$tmp/d.jsonl"
send
wait_for 10 has_all "$tmp/d.jsonl" ||
	fail "full_disk_loses_no_device: $(usns "$tmp/d.jsonl" | wc -l) of $want recorded after the full disk"
passed=$((passed + 1))

# -- a_deleted_interface_stops_classify_sensor_and_scan: non-zero, a clear message, no hang
gone() { # NAME PID
	local t0=$SECONDS rc=0
	ip -n $NS_A link del cls0
	wait_for 5 sh -c "! kill -0 $2" || fail "$1 runs on after its interface was deleted"
	wait "$2" || rc=$?
	[ "$rc" -ne 0 ] || fail "$1 exited 0 after its interface was deleted"
	grep -q "interface cls0 is gone" "$tmp/$1.err" || fail "$1: no clear message: $(cat "$tmp/$1.err")"
	veth
}
gone run4 "$pid"
nsenter --net=/run/netns/$NS_A $B/ssdpmac sensor -i cls0 --metrics off --pin-dir "$PIN2" \
	2>"$tmp/sensor.err" &
pid=$!
pids+=("$pid")
wait_for 20 grep -q "XDP on cls0" "$tmp/sensor.err" || fail "sensor did not come up: $(cat "$tmp/sensor.err")"
# (second_instance_on_the_nic_is_refused, for the sensor too)
rc=0
nsenter --net=/run/netns/$NS_A $B/ssdpmac sensor -i cls0 --metrics off --pin-dir "$PIN" \
	--duration 5 2>"$tmp/sensor2.err" || rc=$?
[ "$rc" -ne 0 ] && grep -q "held by a running process (pid $pid" "$tmp/sensor2.err" ||
	fail "second_instance_on_the_nic_is_refused: a second sensor: $(cat "$tmp/sensor2.err")"
gone sensor "$pid"
ip -n $NS_A addr add 198.18.200.1/24 dev cls0
nsenter --net=/run/netns/$NS_A $B/ssdpmac scan -i cls0 --metrics off --pin-dir "$PIN" \
	--allow-reserved 198.18.0.0/15 -r 1 --cooldown 60 198.18.200.0/24 2>"$tmp/scan.err" &
pid=$!
pids+=("$pid")
wait_for 20 grep -q "XDP on cls0" "$tmp/scan.err" || fail "scan did not come up: $(cat "$tmp/scan.err")"
gone scan "$pid"
passed=$((passed + 1))
echo "restart.sh: $passed passed, 0 failed"
