/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The host build of the parsing core (headers/ssdp_parse.h): frames and messages to events. */
#ifndef SSDPMAC_PARSE_H
#define SSDPMAC_PARSE_H

#include <stddef.h>
#include <stdint.h>
#include "htab.h"
#include "ssdp_parse.h"

/* One frame, as the XDP program parses it. Fills ev (zeroed first) for the outcomes that
 * carry an event (ssdp_carries_event()); dedup is the caller's. */
int host_parse_frame(const uint8_t *frame, size_t len, const struct ssdp_cfg *cfg,
		     struct ssdp_event *ev);
/* One SSDP message (no Ethernet/IP/UDP), e.g. from stdin. */
int host_parse_message(const uint8_t *msg, size_t len, struct ssdp_event *ev);
/* The dedup key the kernel would use for ev. */
/* A header value given as text (import's CSV columns) into an event's field: at most max bytes,
 * cut as the kernel cuts values (ssdp_snip()), with the cut flag. Its length. */
__u8 host_snip_text(char *dst, const char *s, size_t len, size_t max, __u8 *flags, __u8 cut);
void host_dedup_key(const struct ssdp_event *ev, struct ssdp_dedup_key *key);
/* Outcome labels, from SSDP_OUTCOMES. */
const char *outcome_name(int outcome);

/* The userspace twin of the kernel's `seen` (unbounded, never forgets): 1 if key was there, 0 if
 * added now, -ENOMEM. */
int dedup_add(struct htab *s, const struct ssdp_dedup_key *key);

#endif
