// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The darknet sensor: SYNs to watched ports (23 and 2323 by default), per source in an LRU
 * hash, with Mirai's fingerprint (TCP sequence number == destination IPv4 address) counted
 * apart. Nothing answers on a darknet: every packet passes on untouched after being counted.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <xdp/xdp_helpers.h>
#include "net_parse.h"
#include "sensor.h"

const volatile __u16 ports[SENSOR_MAX_PORTS] = {23, 2323};
const volatile __u32 nports = 2;
const volatile __u8 events_on = 0;
/* `sensor --read`: first/last seen are the capture's packet times, which userspace puts in
 * capture_ns before each test run (Unix ns); a live sensor never reads it (the verifier drops
 * the branch) */
const volatile __u8 capture_clock = 0;
__u64 capture_ns = 0;

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct sensor_stats);
} sensor_stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 1 << 20); /* --max-scanners */
	__type(key, struct in6_addr);
	__type(value, struct sensor_scanner);
} scanners SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} sensor_events SEC(".maps");

struct {
	__uint(priority, 20);
	__uint(XDP_PASS, 1);
} XDP_RUN_CONFIG(sensor_syn);

static __always_inline int count(struct sensor_stats *st, __u32 outcome)
{
	st->outcomes[outcome & 15] += 1;
	return XDP_PASS;
}

static __always_inline int port_index(__u16 port)
{
	int i;

	for (i = 0; i < SENSOR_MAX_PORTS; i++) {
		if (i >= nports)
			break;
		if (ports[i] == port)
			return i;
	}
	return -1;
}

SEC("xdp")
int sensor_syn(struct xdp_md *ctx)
{
	const __u8 *data = (const __u8 *)(long)ctx->data;
	const __u8 *end = (const __u8 *)(long)ctx->data_end;
	struct sensor_scanner *s, ns = {};
	struct sensor_stats *st;
	struct in6_addr key = {};
	struct net_l3 n = {};
	const __u8 *ip, *tcp;
	__u32 pi, zero = 0;
	__u64 now;
	int ret, idx, mirai = 0;
	__u8 flags;

	st = bpf_map_lookup_elem(&sensor_stats, &zero);
	if (!st)
		return XDP_PASS;
	ret = net_parse(data, end, &n);
	if (ret == NET_NOT_IP)
		return count(st, SENSOR_OUT_NOT_IP);
	if (ret == NET_FRAGMENT)
		return count(st, SENSOR_OUT_FRAGMENT);
	if (ret == NET_EXT_LIMIT)
		return count(st, SENSOR_OUT_IP6_EXT_LIMIT);
	if (ret != NET_OK)
		return count(st, SENSOR_OUT_TRUNCATED);
	if (n.proto != IPPROTO_TCP_)
		return count(st, SENSOR_OUT_NOT_TCP);
	tcp = data + (n.l4 & 0x3ff);
	if (tcp + 20 > end)
		return count(st, SENSOR_OUT_TRUNCATED);
	flags = tcp[13];
	if ((flags & 0x12) != 0x02) /* SYN set, ACK clear */
		return count(st, SENSOR_OUT_NOT_SYN);
	idx = port_index(ssdp_be16(tcp + 2));
	if (idx < 0)
		return count(st, SENSOR_OUT_OTHER_PORT);
	ip = data + (n.l3 & 0xff);
	if (n.v6) {
		if (ip + 40 > end)
			return count(st, SENSOR_OUT_TRUNCATED);
		__builtin_memcpy(&key, ip + 8, 16);
	} else {
		if (ip + 20 > end)
			return count(st, SENSOR_OUT_TRUNCATED);
		key.in6_u.u6_addr8[10] = 0xff;
		key.in6_u.u6_addr8[11] = 0xff;
		__builtin_memcpy(&key.in6_u.u6_addr8[12], ip + 12, 4);
		/* Mirai: the sequence number is the destination address, byte for byte */
		mirai = *(const __u32 *)(tcp + 4) == *(const __u32 *)(ip + 16);
	}
	pi = idx & (SENSOR_MAX_PORTS - 1);
	st->ports[pi].syns++;
	st->ports[pi].mirai_syns += mirai;
	/* first and last seen need no ns precision: the coarse clock, read once a tick (a helper
	 * call costs more than the rest of this path; bpf_jiffies64() is inlined) */
	if (capture_clock) {
		now = capture_ns;
	} else {
		now = bpf_jiffies64();
		if (now != st->clock_jiffies) {
			st->clock_jiffies = now;
			st->clock_ns = bpf_ktime_get_coarse_ns();
		}
		now = st->clock_ns;
	}
	s = bpf_map_lookup_elem(&scanners, &key);
	if (s) {
		/* another CPU may update the same source: add atomically */
		__sync_fetch_and_add(&s->syns, 1);
		if (mirai)
			__sync_fetch_and_add(&s->mirai_syns, 1);
		if (capture_clock && now < s->first_ns) /* a capture need not be in time order */
			s->first_ns = now;
		if (!capture_clock || now > s->last_ns)
			s->last_ns = now;
		if (!(s->ports & (1u << pi)))
			__sync_fetch_and_or(&s->ports, 1u << pi);
	} else {
		ns.first_ns = ns.last_ns = now;
		ns.syns = 1;
		ns.mirai_syns = mirai;
		ns.ports = 1u << pi;
		bpf_map_update_elem(&scanners, &key, &ns, BPF_NOEXIST);
		st->inserts++;
		if (events_on) {
			struct sensor_event *ev =
				bpf_ringbuf_reserve(&sensor_events, sizeof(*ev), 0);

			if (ev) {
				ev->ts_ns = now;
				__builtin_memcpy(ev->addr, &key, 16);
				ev->port = ports[pi];
				ev->mirai = mirai;
				bpf_ringbuf_submit(ev, 0);
			}
		}
	}
	return count(st, mirai ? SENSOR_OUT_SYN_MIRAI : SENSOR_OUT_SYN);
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
