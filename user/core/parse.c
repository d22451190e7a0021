// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "parse.h"

#define OUT_NAME_(e, l, h) [SSDP_OUT_##e] = l,
static const char *const out_names[] = {SSDP_OUTCOMES(OUT_NAME_)};

const char *outcome_name(int o)
{
	return o >= 0 && o < SSDP_OUT_MAX ? out_names[o] : "?";
}

/* As the kernel's snip_max(): at most max bytes, and a flag when cut. */
static __u8 snip_max(const uint8_t *data, size_t len, __u32 off, __u32 n, char *dst, __u8 *flags,
		     __u8 cut, __u32 max)
{
	if (n > max) {
		n = max;
		*flags |= cut;
	}
	if (!n || off + n > len)
		return 0;
	memcpy(dst, data + off, n);
	return n;
}

static __u8 snip(const uint8_t *data, size_t len, __u32 off, __u32 n, char *dst, __u8 *flags,
		 __u8 cut)
{
	return snip_max(data, len, off, n, dst, flags, cut, SSDP_SNIP_LEN);
}

static void fill(const uint8_t *data, size_t len, const struct ssdp_parsed *r,
		 struct ssdp_event *ev)
{
	__u8 flags = r->flags;

	memcpy(ev->saddr, r->saddr, 16);
	memcpy(ev->daddr, r->daddr, 16);
	memcpy(ev->uuid, r->uuid, 16);
	ev->sport = r->sport;
	ev->dport = r->dport;
	ev->kind = r->kind;
	ev->usn_len = snip(data, len, r->val_off[SSDP_H_USN], r->val_len[SSDP_H_USN], ev->usn,
			   &flags, SSDP_EV_USN_CUT);
	ev->server_len = snip(data, len, r->val_off[SSDP_H_SERVER], r->val_len[SSDP_H_SERVER],
			      ev->server, &flags, SSDP_EV_SRV_CUT);
	ev->st_len = snip(data, len, r->val_off[SSDP_H_ST], r->val_len[SSDP_H_ST], ev->st, &flags,
			  SSDP_EV_ST_CUT);
	ev->loc_len = snip_max(data, len, r->val_off[SSDP_H_LOCATION], r->val_len[SSDP_H_LOCATION],
			       ev->location, &flags, SSDP_EV_LOC_CUT, SSDP_LOC_LEN);
	ev->flags = flags;
}

int host_parse_frame(const uint8_t *frame, size_t len, const struct ssdp_cfg *cfg,
		     struct ssdp_event *ev)
{
	struct ssdp_pkt pkt = {.data = frame, .end = frame + len, .len = (__u32)len};
	struct ssdp_parsed r = {};
	struct ssdp_scan scratch;
	int out;

	memset(ev, 0, sizeof(*ev));
	if (len > SSDP_OFF_MASK - 8) /* beyond what the kernel's masked offsets reach */
		pkt.len = len = SSDP_OFF_MASK - 8, pkt.end = frame + len;
	out = ssdp_parse(&pkt, cfg, &r, &scratch);
	if (ssdp_carries_event(out))
		fill(frame, len, &r, ev);
	return out;
}

int host_parse_message(const uint8_t *msg, size_t len, struct ssdp_event *ev)
{
	struct ssdp_pkt pkt = {.data = msg, .end = msg + len, .len = (__u32)len};
	struct ssdp_parsed r = {};
	struct ssdp_scan scratch;
	int out;

	memset(ev, 0, sizeof(*ev));
	/* the first SSDP_SCAN_MAX bytes are scanned, as the kernel scans a frame's payload: one
	 * limit on every path (a USN beyond it is SCAN_LIMIT everywhere) */
	if (len > SSDP_OFF_MASK - 8)
		pkt.len = (__u32)(SSDP_OFF_MASK - 8), pkt.end = msg + pkt.len;
	out = ssdp_parse_payload(&pkt, 0, pkt.len, (__u32)len, &r, &scratch);
	if (ssdp_carries_event(out))
		fill(msg, pkt.len, &r, ev);
	return out;
}

void host_dedup_key(const struct ssdp_event *ev, struct ssdp_dedup_key *key)
{
	memset(key, 0, sizeof(*key));
	memcpy(key->saddr, ev->saddr, 16);
	if (ev->flags & SSDP_EV_UUID)
		memcpy(key->id, ev->uuid, 16);
	else
		ssdp_raw_id(ev->usn, key->id);
}

int dedup_add(struct htab *s, const struct ssdp_dedup_key *key)
{
	if (!s->key_size)
		htab_init(s, sizeof(*key));
	if (htab_find(s, key))
		return 1;
	return htab_insert(s, key, 1);
}
