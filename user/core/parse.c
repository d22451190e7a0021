// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "parse.h"
#include "ssdp_event.h"

#define OUT_NAME_(e, l, h) [SSDP_OUT_##e] = l,
static const char *const out_names[] = {SSDP_OUTCOMES(OUT_NAME_)};

const char *outcome_name(int o)
{
	return o >= 0 && o < SSDP_OUT_MAX ? out_names[o] : "?";
}

/* The event of a parse, made as the kernel makes it (ssdp_event.h); ts_ns and ifindex stay 0. */
static void fill(const struct ssdp_pkt *pkt, const struct ssdp_parsed *r, struct ssdp_event *ev)
{
	struct ssdp_dedup_key key;
	char usn[SSDP_SNIP_LEN];
	__u8 flags = r->flags, usn_len;

	usn_len = ssdp_event_key(pkt, r, usn, &flags, &key);
	ssdp_event_fill(pkt, r, usn, usn_len, flags, ev);
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
		fill(&pkt, &r, ev);
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
		fill(&pkt, &r, ev);
	return out;
}

__u8 host_snip_text(char *dst, const char *s, size_t len, size_t max, __u8 *flags, __u8 cut)
{
	struct ssdp_pkt v = {.data = (const __u8 *)s,
			     .len = (__u32)(len > SSDP_OFF_MASK ? SSDP_OFF_MASK : len)};

	if (!s) /* an absent field: NULL + len would be undefined */
		return 0;
	v.end = (const __u8 *)s + len;
	return ssdp_snip(&v, 0, len, dst, flags, cut, max);
}

void host_dedup_key(const struct ssdp_event *ev, struct ssdp_dedup_key *key)
{
	ssdp_dedup_key_of(key, ev->saddr, ev->flags, ev->uuid, ev->usn);
}

int dedup_add(struct htab *s, const struct ssdp_dedup_key *key)
{
	if (!s->key_size)
		htab_init(s, sizeof(*key));
	if (htab_find(s, key))
		return 1;
	return htab_insert(s, key, 1);
}
