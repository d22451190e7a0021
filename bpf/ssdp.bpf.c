// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* XDP SSDP reply classifier: every packet to one outcome, first sightings of a USN to a ringbuf. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <xdp/xdp_helpers.h>
#include "ssdp_event.h"

/* Tunables, set by the loader before load. */
const volatile __u32 reply_action = XDP_PASS; /* verdict for a recognised SSDP reply */
const volatile __u8 dedup = 1;		      /* 0: an event for every reply (tests) */
/* The parser's settings (struct ssdp_cfg), read where the parser uses them. */
const volatile struct ssdp_cfg cfg = {};

/* Every packet in exactly one of these, indexed by enum ssdp_outcome. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, SSDP_OUT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} outcomes SEC(".maps");

/* Written by the loader only; here so they carry BTF and are pinned with the rest. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536); /* every IEEE block fits */
	__type(key, struct ssdp_vendor_key);
	__type(value, struct ssdp_vendor_val);
} vendors SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1 << 20); /* resized by the loader (--max-devices) */
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct ssdp_device_key);
	__type(value, struct ssdp_device_val);
} devices SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, USN_CLASS_N);
	__type(key, __u32); /* enum usn_class (array keys must be plain integers) */
	__type(value, struct ssdp_count);
} classes SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SSDP_VERSIONS);
	__type(key, __u32);
	__type(value, struct ssdp_count);
} versions SEC(".maps");

/* Header-scan state: see struct ssdp_scan for why it is not on the stack. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ssdp_scan);
} scratch SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 22);
} events SEC(".maps");

/* The dedup: a key's set found by its hash, no table walk (struct ssdp_seen_set). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SSDP_SEEN_SETS);
	__type(key, __u32); /* ssdp_seen_index() */
	__type(value, struct ssdp_seen_set);
} seen SEC(".maps");

static __always_inline int count(int outcome)
{
	__u32 key = outcome;
	__u64 *v = bpf_map_lookup_elem(&outcomes, &key);

	if (v)
		*v += 1;
	return outcome;
}

/*
 * Inline, as emit() is: on this class of host every BPF function return goes through the
 * return-stack (SRSO) mitigation, ~10 ns each, and the program verifies well inside the limit.
 */
static __always_inline int parse_frame(struct xdp_md *ctx, struct ssdp_parsed *r)
{
	struct ssdp_pkt pkt = {};
	__u32 zero = 0, pay, stop, full;
	struct ssdp_scan *sc;
	int ret;

	if (!ctx || !r)
		return SSDP_OUT_NOT_IP;
	pkt.data = (const __u8 *)(long)ctx->data;
	pkt.end = (const __u8 *)(long)ctx->data_end;
	pkt.ctx = ctx;
	pkt.len = ctx->data_end - ctx->data;
	ret = ssdp_parse_udp(&pkt, &cfg, r, &pay, &stop, &full);
	if (ret >= 0)
		return ret;
	sc = bpf_map_lookup_elem(&scratch, &zero);
	if (!sc)
		return SSDP_OUT_NOT_IP;
	return ssdp_parse_payload(&pkt, pay, stop, full, r, sc);
}

/* SERVER, ST and LOCATION: an event's only (ssdp_parse_payload() leaves them to us). */
static __always_inline void other_values(struct xdp_md *ctx, struct ssdp_parsed *r)
{
	const struct ssdp_pkt pkt = {.data = (const __u8 *)(long)ctx->data,
				     .end = (const __u8 *)(long)ctx->data_end};
	__u32 zero = 0;
	struct ssdp_scan *sc = bpf_map_lookup_elem(&scratch, &zero);

	if (sc)
		ssdp_other_values(&pkt, sc, r);
}

/* First sighting of (source, USN)? Then an event to the ringbuf (ssdp_event.h makes it, as
 * the host does). Returns the final outcome. */
static __always_inline int emit(struct xdp_md *ctx, struct ssdp_parsed *r, int out)
{
	struct ssdp_seen_set *set = NULL;
	struct ssdp_dedup_key key;
	char usn[SSDP_SNIP_LEN];
	struct ssdp_event *ev;
	__u8 usn_len, flags = r->flags;
	__u64 *n;
	__u32 idx;

	usn_len = ssdp_event_key(ctx, r, usn, &flags, &key);
	if (dedup) {
		idx = ssdp_seen_index(&key);
		set = bpf_map_lookup_elem(&seen, &idx);
		if (set && (n = ssdp_seen_find(set, &key))) {
			/* a plain add: a lock add costs 4 ns more here, and a device's replies
			 * come to one RX queue; the outcomes map counts each duplicate exactly */
			*n += 1;
			return SSDP_OUT_DUPLICATE;
		}
	}
	ev = bpf_ringbuf_reserve(&events, sizeof(*ev), 0);
	if (!ev) /* not marked seen: the next reply of this device gets another chance */
		return SSDP_OUT_RINGBUF_FULL;
	if (set)
		ssdp_seen_add(set, &key);
	other_values(ctx, r);
	__builtin_memset(ev, 0, sizeof(*ev));
	ssdp_event_fill(ctx, r, usn, usn_len, flags, ev);
	ev->ts_ns = bpf_ktime_get_ns();
	ev->ifindex = ctx->ingress_ifindex;
	bpf_ringbuf_submit(ev, 0);
	return out;
}

SEC("xdp")
int ssdp_classify(struct xdp_md *ctx)
{
	struct ssdp_parsed r; /* parse_frame() fills what it reports, and via once admitted */
	int out;
	__u32 verdict;

	r.via = SSDP_VIA_NONE;
	out = parse_frame(ctx, &r);
	if (r.via == SSDP_VIA_NONE) /* turned away on its headers: counted and passed, no more */
		return count(out), XDP_PASS;
	/* the loader's verdict for recognised replies; a scan's (port_check) for every frame that
	 * reached its keyed port, which answers it (a NOTIFY to the group is not the scan's) */
	verdict = (cfg.port_check ? r.via == SSDP_VIA_KEYED : ssdp_carries_event(out))
			  ? reply_action
			  : XDP_PASS;
	if (ssdp_carries_event(out))
		out = emit(ctx, &r, out);
	count(out);
	return verdict;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
