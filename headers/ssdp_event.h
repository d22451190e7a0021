/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Making an event, written once: the dedup key and the ringbuf event of a parsed reply, built
 * the same way by the XDP program (bpf/ssdp.bpf.c, from packet memory) and by the host (read
 * --userspace, import, the tests; from a buffer). Only ts_ns and ifindex are the caller's.
 * tests/bpf/test_bpf.c holds the two builds to byte-identical events.
 */
#ifndef SSDP_EVENT_H
#define SSDP_EVENT_H

#include "ssdp_parse.h"

#ifdef __BPF__
/* A BPF subprogram: verified once, not once per call site (it holds the USN's hash loop). */
#define SSDP_SUBPROG static __noinline
#else
#define SSDP_SUBPROG static inline
#endif

/* Copy a header value (at most max bytes: SSDP_SNIP_LEN, SSDP_LOC_LEN) out of the packet into
 * dst, setting cut in *flags when it is longer. Returns the bytes copied (0: none, or not
 * within the packet). */
SSDP_INLINE __u8 ssdp_snip(ssdp_ctx_t *ctx, __u32 off, __u64 len, char *dst, __u8 *flags, __u8 cut,
			   __u64 max)
{
	if (len > max) {
		len = max;
		*flags |= cut;
	}
#ifdef __BPF__
	/* re-check right before the call: clang may otherwise merge the clamp away */
	asm volatile("" : "+r"(len));
	if (len < 1 || len > max)
		return 0;
	if (bpf_xdp_load_bytes(ctx, off, dst, len))
		return 0;
#else
	if (len < 1 || off + len > ctx->len)
		return 0;
	memcpy(dst, ctx->data + off, len);
#endif
	return len;
}

/* The dedup key: the source address and the USN's identity, its UUID bytes or, for a USN that
 * is no UUID, a hash over its text zero-padded to SSDP_SNIP_LEN bytes. */
SSDP_INLINE void ssdp_dedup_key_of(struct ssdp_dedup_key *key, const __u8 *saddr, __u8 flags,
				   const __u8 *uuid, const char *usn /* SSDP_SNIP_LEN bytes */)
{
	__builtin_memcpy(key->saddr, saddr, 16);
	if (flags & SSDP_EV_UUID)
		__builtin_memcpy(key->id, uuid, 16);
	else
		ssdp_raw_id(usn, key->id);
}

/* The set of `seen` a key belongs in: a multiply-xorshift hash of its four words. */
SSDP_INLINE __u32 ssdp_seen_index(const struct ssdp_dedup_key *key)
{
	__u64 w[4], h;

	__builtin_memcpy(w, key, sizeof(w));
	h = (w[0] ^ w[2]) * 0x9e3779b97f4a7c15ULL;
	h = (h ^ (h >> 29) ^ w[1]) * 0xbf58476d1ce4e5b9ULL;
	h = (h ^ (h >> 32) ^ w[3]) * 0x94d049bb133111ebULL;
	return (__u32)(h >> (64 - SSDP_SEEN_BITS));
}

/* The replies counter of key's way in set, or NULL when the set does not hold key. */
SSDP_INLINE __u64 *ssdp_seen_find(struct ssdp_seen_set *set, const struct ssdp_dedup_key *key)
{
	__u64 k[4], w[4];
	int i;

	__builtin_memcpy(k, key, sizeof(k));
#ifdef __BPF__
#pragma unroll
#endif
	for (i = 0; i < SSDP_SEEN_WAYS; i++) {
		__builtin_memcpy(w, &set->way[i].key, sizeof(w));
		if (!((w[0] ^ k[0]) | (w[1] ^ k[1]) | (w[2] ^ k[2]) | (w[3] ^ k[3])) &&
		    set->way[i].replies)
			return &set->way[i].replies;
	}
	return NULL;
}

/* key into set as its newest: the others move down one way, the oldest is forgotten. */
SSDP_INLINE void ssdp_seen_add(struct ssdp_seen_set *set, const struct ssdp_dedup_key *key)
{
	int i;

#ifdef __BPF__
#pragma unroll
#endif
	for (i = SSDP_SEEN_WAYS - 1; i > 0; i--)
		set->way[i] = set->way[i - 1];
	set->way[0].key = *key;
	set->way[0].replies = 1;
}

/* The key of a USN that is no UUID: its text snipped into usn (zero-padded), hashed. A BPF
 * subprogram: its hash loop is verified on the rare path that calls it, not inlined in emit(). */
SSDP_SUBPROG __u8 ssdp_text_key(ssdp_ctx_t *ctx, const struct ssdp_parsed *r, char *usn,
				__u8 *flags, struct ssdp_dedup_key *key)
{
	__u8 len;

	__builtin_memset(usn, 0, SSDP_SNIP_LEN);
	len = ssdp_snip(ctx, r->val_off[SSDP_H_USN], r->val_len[SSDP_H_USN], usn, flags,
			SSDP_EV_USN_CUT, SSDP_SNIP_LEN);
	ssdp_dedup_key_of(key, r->saddr, r->flags, r->uuid, usn);
	return len;
}

/* The key of a parsed reply, before there is an event to put it in. A USN that is no UUID is
 * its text: snipped into usn (its length returned, for ssdp_event_fill()). A UUID's key is its
 * bytes, made inline: no call on the common path (each BPF call and return costs here). */
SSDP_INLINE __u8 ssdp_event_key(ssdp_ctx_t *ctx, const struct ssdp_parsed *r, char *usn,
				__u8 *flags, struct ssdp_dedup_key *key)
{
	if (!(r->flags & SSDP_EV_UUID))
		return ssdp_text_key(ctx, r, usn, flags, key);
	__builtin_memcpy(key->saddr, r->saddr, 16);
	__builtin_memcpy(key->id, r->uuid, 16);
	return 0;
}

/* The event of a parsed reply into a zeroed ev, but for ts_ns and ifindex. usn, usn_len and
 * flags: as ssdp_event_key() left them (the USN text it snipped, for a USN that is no UUID). */
SSDP_INLINE void ssdp_event_fill(ssdp_ctx_t *ctx, const struct ssdp_parsed *r, const char *usn,
				 __u8 usn_len, __u8 flags, struct ssdp_event *ev)
{
	__builtin_memcpy(ev->saddr, r->saddr, 16);
	__builtin_memcpy(ev->daddr, r->daddr, 16);
	__builtin_memcpy(ev->uuid, r->uuid, 16);
	if (r->flags & SSDP_EV_UUID)
		usn_len = ssdp_snip(ctx, r->val_off[SSDP_H_USN], r->val_len[SSDP_H_USN], ev->usn,
				    &flags, SSDP_EV_USN_CUT, SSDP_SNIP_LEN);
	else
		__builtin_memcpy(ev->usn, usn, SSDP_SNIP_LEN);
	ev->sport = r->sport;
	ev->dport = r->dport;
	ev->kind = r->kind;
	ev->usn_len = usn_len;
	ev->server_len = ssdp_snip(ctx, r->val_off[SSDP_H_SERVER], r->val_len[SSDP_H_SERVER],
				   ev->server, &flags, SSDP_EV_SRV_CUT, SSDP_SNIP_LEN);
	ev->st_len = ssdp_snip(ctx, r->val_off[SSDP_H_ST], r->val_len[SSDP_H_ST], ev->st, &flags,
			       SSDP_EV_ST_CUT, SSDP_SNIP_LEN);
	ev->loc_len = ssdp_snip(ctx, r->val_off[SSDP_H_LOCATION], r->val_len[SSDP_H_LOCATION],
				ev->location, &flags, SSDP_EV_LOC_CUT, SSDP_LOC_LEN);
	ev->flags = flags;
}

#endif /* SSDP_EVENT_H */
