#!/usr/bin/env bash
# Every command as the service units run it: an unprivileged uid (65534) with exactly CAP_BPF,
# CAP_NET_ADMIN, CAP_PERFMON and CAP_NET_RAW (no CAP_SYS_ADMIN), the installed binary, the pin
# folder bound into a private /sys/fs/bpf (TemporaryFileSystem= + BindPaths=), in namespaces of
# its own. classify decodes replies, serves /metrics, leaves its program behind on kill -9 and
# removes it on restart with the counters going on; sensor, read, probe (each send path) and scan
# work; decode, import, report and describe need no capability. Each of the four capabilities is needed:
# without one, the command that needs it fails with a message that says so. The syscalls they
# make are all in the units' SystemCallFilter (@system-service bpf), and the dashboard and the
# Prometheus rules read only metrics the live exporters serve.
set -euo pipefail
cd "$(dirname "$0")/.."
TEST_NAME=caps.sh
. tests/lib.sh
NS=ssdpmac-t-caps
PEER=ssdpmac-t-capp
PIN=/sys/fs/bpf/ssdpmac-test-caps
tmp=$(mktemp -d)
pid=
cleanup() {
	[ -z "$pid" ] || kill -9 "$pid" 2>/dev/null || true
	netns_cleanup
	rm -rf "$PIN" "$tmp"
}
trap cleanup EXIT
CAPS=+bpf,+net_admin,+perfmon,+net_raw
echo "caps.sh: kernel.unprivileged_bpf_disabled = $(sysctl -n kernel.unprivileged_bpf_disabled)" \
	"(2 or 1: no bpf() at all without CAP_BPF)"

# the installed binary, in folders uid 65534 can read and write
chmod 755 "$tmp"
make -s install PREFIX="$tmp/p" SYSCONFDIR="$tmp/p/etc" >/dev/null 2>&1 || fail "make install"
bin=$tmp/p/sbin/ssdpmac
out=$tmp/out
mkdir -m 777 "$out"
build/tests/mkpcap "$out/p1.pcap" --spec tests/data/classify/phase1.spec >/dev/null
build/tests/mkpcap "$out/p2.pcap" --spec tests/data/classify/phase2.spec >/dev/null
chmod 644 "$out"/*.pcap

netns_add $NS
netns_add $PEER
ip link add cap0 netns $NS type veth peer name cap1 netns $PEER
ip -n $NS addr add 198.18.250.1/30 dev cap0
ip -n $PEER addr add 198.18.250.2/30 dev cap1
ip -n $NS link set cap0 up
ip -n $PEER link set cap1 up
# what systemd-tmpfiles does with the installed ssdpmac.conf, for this test's folder
rm -rf "$PIN"
install -d -m 0700 -o 65534 -g 65534 "$PIN"

# as CAPS CMD...: CMD as uid 65534 with exactly CAPS, in $NS's network, with a mount namespace
# where /sys/fs/bpf is an empty tmpfs but for the pin folder, at /sys/fs/bpf/ssdpmac. It execs all
# the way down: call it in a subshell, `(as ...)`, or in the background, where $! is then CMD
as() {
	local caps=$1
	shift
	exec env caps="$caps" trace="${trace:-}" nsenter --net=/run/netns/$NS unshare --mount --propagation private sh -c '
		set -e
		mkdir -p "$0/keep" && mount --bind "$1" "$0/keep"
		mount -t tmpfs -o mode=0755 tmpfs /sys/fs/bpf
		mkdir /sys/fs/bpf/ssdpmac && mount --move "$0/keep" /sys/fs/bpf/ssdpmac
		shift
		exec ${trace:+strace -f -qq -o "$trace"} setpriv --reuid=65534 --regid=65534 --clear-groups --no-new-privs \
			--inh-caps=-all${caps:+,$caps} --ambient-caps=-all${caps:+,$caps} \
			--bounding-set=-all${caps:+,$caps} "$@"' "$tmp" "$PIN" "$@"
}
# run CMD... with the units' capabilities, traced (the syscalls, for the filter check below)
run() {
	ntrace=$((ntrace + 1))
	(trace=$tmp/trace.$ntrace as "$CAPS" "$@")
}
ntrace=0
metrics() { nsenter --net=/run/netns/$NS curl -sf "http://127.0.0.1:$1/metrics"; }
xdp_on() { ip -n $NS link show cap0 | grep -q 'prog/xdp'; }
udp_noports() { ip netns exec $PEER nstat -az UdpNoPorts | awk '/UdpNoPorts/ { print $2 }'; }

# -- classify: replies decoded, /metrics, the pinned maps the service user's
P=/sys/fs/bpf/ssdpmac/classify-cap0
start_classify() {
	as "$CAPS" "$bin" classify -i cap0 \
		--mode native --pin-dir $P -o "$out/dev.jsonl" --metrics 127.0.0.1:19561 \
		2>>"$out/cls.err" &
	pid=$!
	wait_for 20 metrics 19561 || { cat "$out/cls.err"; fail "classify did not come up"; }
}
start_classify
xdp_on || fail "no XDP program on cap0"
grep -q "attached without the libxdp dispatcher (it needs CAP_SYS_ADMIN)" "$out/cls.err" ||
	fail "classify did not say why it attached alone: $(cat "$out/cls.err")"
ip netns exec $PEER build/tests/replay cap1 "$out/p1.pcap" >/dev/null
got_devices() { [ "$(jq -s 'map(.mac) | unique | length' "$out/dev.jsonl")" -ge 8 ]; }
wait_for 10 got_devices || fail "classify as uid 65534 recorded too few devices"
has 'select(.mac == "00:a0:c9:1e:6b:f6" and .vendor == "Intel Corporation")' "$out/dev.jsonl" ||
	fail "no Intel device"
[ "$(stat -c %u "$PIN/classify-cap0/vendors")" = 65534 ] || fail "the pins are not the service user's"
[ -e "$PIN/classify-cap0/xdp_ssdp_classify" ] || fail "the attached program is not pinned"
intel() { metrics 19561 | grep -q '^ssdpmac_vendor_devices_total{vendor="Intel Corporation",oui="00A0C9",registry="MA-L",confidence="[^"]*"} 1$'; }
wait_for 5 intel || fail "/metrics: no Intel device"
metrics 19561 >"$tmp/expo.classify"
dups=$(awk '/^ssdpmac_packets_total\{outcome="duplicate"\}/ { print $2 }' "$tmp/expo.classify")
[ "$dups" -ge 2 ] || fail "duplicates: $dups"

# -- kill -9: the program stays on cap0; a restart (no CAP_SYS_ADMIN: libxdp cannot look at it)
# recognises it by the pinned program, removes it, and the counters go on
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
pid=
xdp_on || fail "after kill -9 the program should still be on cap0 (nothing to test)"
start_classify
grep -q "removed ssdp_classify left attached by an earlier run" "$out/cls.err" ||
	fail "the stale program was not removed: $(tail -5 "$out/cls.err")"
grep -q "counters continue" "$out/cls.err" || fail "the restart did not reuse the pinned counters"
[ "$(metrics 19561 | awk '/^ssdpmac_packets_total\{outcome="duplicate"\}/ { print $2 }')" = "$dups" ] ||
	fail "the outcome counters restarted from 0"
ip netns exec $PEER build/tests/replay cap1 "$out/p2.pcap" >/dev/null
realtek() { [ "$(metrics 19561 | awk '/^ssdpmac_vendor_devices_total\{.*oui="00E04C"/ { n += $NF } END { print n + 0 }')" = 3 ]; }
wait_for 10 realtek || fail "Realtek after the restart: $(metrics 19561 | grep 00E04C)"
kill -TERM "$pid"
wait "$pid" || fail "classify exited non-zero on SIGTERM: $(tail -3 "$out/cls.err")"
pid=
xdp_on && fail "classify as uid 65534 left XDP on cap0"
grep -q "detaching XDP" "$out/cls.err" && fail "detach: $(grep detaching "$out/cls.err")"
[ -e "$PIN/classify-cap0/xdp_ssdp_classify" ] && fail "the program's pin outlived the detach"

# the same, traced, for the syscall check below (strace passes the exit status through)
trace=$tmp/trace.classify as "$CAPS" "$bin" classify -i cap0 --pin-dir $P-traced -o "$out/dev2.jsonl" \
	--metrics 127.0.0.1:19564 -t 4 2>"$out/cls2.err" &
pid=$!
wait_for 20 metrics 19564 || { cat "$out/cls2.err"; fail "classify (traced) did not come up"; }
ip netns exec $PEER build/tests/replay cap1 "$out/p1.pcap" >/dev/null
wait_for 10 grep -q 00:a0:c9:1e:6b:f6 "$out/dev2.jsonl" || fail "classify (traced) recorded nothing"
wait "$pid" || fail "classify (traced) failed: $(cat "$out/cls2.err")"
pid=

# -- sensor on the NIC (its /metrics), and over a capture; read through BPF_PROG_TEST_RUN
trace=$tmp/trace.sensor as "$CAPS" "$bin" sensor -i cap0 \
	--pin-dir /sys/fs/bpf/ssdpmac/sensor-cap0 -o "$out/scanners.jsonl" \
	--targets "$out/scanners.txt" --metrics 127.0.0.1:19562 -t 3 2>"$out/sensor.err" &
pid=$!
wait_for 20 metrics 19562 || { cat "$out/sensor.err"; fail "sensor did not come up"; }
metrics 19562 >"$tmp/expo.sensor"
wait "$pid" || fail "sensor failed: $(cat "$out/sensor.err")"
pid=
xdp_on && fail "sensor left XDP on cap0"
[ -f "$out/scanners.txt" ] || fail "sensor wrote no target list"
run "$bin" -q sensor --read "$out/p1.pcap" || fail "sensor --read failed"
run "$bin" read "$out/p1.pcap" >"$out/read.jsonl" || fail "read (BPF_PROG_TEST_RUN) failed"
"$bin" read --userspace "$out/p1.pcap" | sed 's/"parser":"userspace"/"parser":"bpf"/' |
	cmp -s - "$out/read.jsonl" || fail "read as uid 65534 differs from the host parser"

# -- probe, each send path, and scan (with its /metrics)
for tx in socket packet xdp; do
	n0=$(udp_noports)
	run "$bin" -q probe --tx $tx -i cap0 --allow-reserved 198.18.0.0/15 -r 1000 -P 3 \
		198.18.250.2 || fail "probe --tx $tx failed"
	# frames XDP sends into a veth reach the peer only with XDP there: not counted for xdp
	[ $tx = xdp ] || [ $(($(udp_noports) - n0)) -eq 3 ] || fail "probe --tx $tx: the probes did not arrive"
done
xdp_on && fail "probe --tx xdp left its program on cap0"
trace=$tmp/trace.scan as "$CAPS" "$bin" scan -i cap0 \
	--pin-dir /sys/fs/bpf/ssdpmac/scan --metrics 127.0.0.1:19563 --cooldown 4 \
	--allow-reserved 198.18.0.0/15 -r 1000 -o "$out/scan.jsonl" 198.18.250.2 2>"$out/scan.err" &
pid=$!
sent() { metrics 19563 | grep -q '^ssdpmac_probes_sent_total 1$'; }
wait_for 10 sent || fail "scan's /metrics: no probe counted: $(cat "$out/scan.err")"
metrics 19563 >"$tmp/expo.scan"
wait "$pid" || fail "scan failed: $(cat "$out/scan.err")"
pid=
xdp_on && fail "scan left XDP on cap0"

# -- no capability at all: decode, import, report, describe
(as "" "$bin" decode f81d4fae-7dec-11d0-a765-00a0c91e6bf6) | jq -e '.vendor == "Intel Corporation"' >/dev/null ||
	fail "decode needs no capability"
(as "" "$bin" import -f pcap "$out/p1.pcap" -o "$out/imported.jsonl") 2>/dev/null || fail "import failed"
(as "" "$bin" report -s "$out/scanners.txt" --devices "$out/dev.jsonl" -f json >/dev/null) || fail "report failed"
(as "" "$bin" describe -d "$out/dev.jsonl" -o "$out/described.jsonl") 2>/dev/null || fail "describe failed"
jq -e -s 'length > 0 and all(.description.outcome != null)' "$out/described.jsonl" >/dev/null ||
	fail "describe wrote no outcome"

# -- each capability is needed, and the message says which
refused() { # refused CAPS WANT CMD...: CMD fails (1), saying WANT
	local caps=$1 want=$2
	shift 2
	if (as "$caps" "$@") >/dev/null 2>"$tmp/err"; then
		fail "$* ran without all of $CAPS (with $caps)"
	fi
	grep -q -- "$want" "$tmp/err" || fail "$*: no word of $want: $(head -3 "$tmp/err")"
}
for c in bpf net_admin perfmon; do
	refused "$(echo "$CAPS" | sed "s/+$c,\?//; s/,$//")" CAP_PERFMON "$bin" classify -i cap0 \
		--pin-dir /sys/fs/bpf/ssdpmac/c -o /dev/null --metrics off -t 1
done
refused "" CAP_PERFMON "$bin" read "$out/p1.pcap"
refused +bpf,+net_admin,+perfmon "Operation not permitted" "$bin" probe \
	--allow-reserved 198.18.0.0/15 198.18.250.2
refused +bpf,+net_admin,+perfmon "Operation not permitted" "$bin" probe --tx packet -i cap0 \
	--allow-reserved 198.18.0.0/15 198.18.250.2

# -- every syscall the commands made after their exec is one the units' filter allows
expand() { # the syscalls of a systemd filter set, groups expanded
	systemd-analyze syscall-filter "$1" | awk 'NR > 1 && !/^ *#/ && NF { print $1 }' |
		while read -r s; do case $s in @*) expand "$s" ;; *) echo "$s" ;; esac; done
}
{ expand @system-service; echo bpf; } | sort -u >"$tmp/allowed"
for t in "$tmp"/trace.*; do
	awk -v bin="$bin" 'index($0, "execve(\"" bin "\"") { on[$1] = 1 }
		on[$1] && match($0, /^[0-9]+ +[a-z0-9_]+\(/) {
			s = substr($0, RSTART, RLENGTH - 1); sub(/^[0-9]+ +/, "", s); print s }' "$t"
done | sort -u >"$tmp/used"
[ "$(wc -l <"$tmp/used")" -gt 20 ] || fail "the traces hold too few syscalls"
extra=$(comm -23 "$tmp/used" "$tmp/allowed" | tr '\n' ' ')
[ -z "$extra" ] || fail "syscalls outside SystemCallFilter=@system-service bpf: $extra"
echo "caps.sh: $(wc -l <"$tmp/used") distinct syscalls made, each one the units allow"

# -- the dashboard and the rules read metrics the exporters serve
cat "$tmp"/expo.* | sed -n 's/^\(ssdpmac_[a-z_]*\).*/\1/p' | sort -u >"$tmp/served"
{ jq -r '.. | .expr? // empty' dist/grafana/ssdpmac.json
  sed -n 's/^ *expr://p' dist/prometheus/ssdpmac.rules.yml; } |
	grep -oE '(^|[^:a-z_])ssdpmac_[a-z_]+' | grep -oE 'ssdpmac_[a-z_]+' | sort -u >"$tmp/read"
missing=$(comm -23 "$tmp/read" "$tmp/served" | tr '\n' ' ')
[ -z "$missing" ] || fail "the dashboard or rules read metrics no exporter serves: $missing"
echo "caps.sh: 1 passed, 0 failed"
