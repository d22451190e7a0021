/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The SSDP parsing core, written once. bpf/ssdp.bpf.c builds it with clang -target bpf against
 * packet memory; user/ builds it with the host compiler against a buffer (pcap reading without
 * root, unit tests, fuzzing). Both must reach the same outcome and event for every input. Here:
 * link to UDP, the ports, the start line, what a finished scan means; the header scan itself is
 * ssdp_scan.h, the word-wise reading under both ssdp_words.h.
 *
 * Packet memory is only touched through ssdp_ld*(), which check every access against the
 * packet end (the verifier needs the check, userspace gets bounds safety from it), or through
 * ssdp_word() inside a window one check proved. The header block is scanned 8 bytes at a time for
 * newlines, a 256-byte window per bpf_loop() step: the line after a newline is decided in
 * registers as the words go by (ssdp_line_fast()), and only a line that needs more (the blank
 * line, a blank after a header name, several newlines in one word of which one may matter) ends
 * the step at one place in the code, ssdp_line(). The verifier checks the step once, not one path
 * per byte or per line; what it must not follow apart (a verdict, an offset) goes through the
 * scan state in a map value, which it does not track.
 */
#ifndef SSDP_PARSE_H
#define SSDP_PARSE_H

#include "ssdp_scan.h"

/* Loader settings the parser needs. */
struct ssdp_cfg {
	__u16 dport_min; /* 0: accept any destination port */
	__u16 dport_max;
	__u16 ssdp_port;  /* where replies come from; 0: 1900 */
	__u32 port_check; /* 1: the destination port must be ssdp_probe_port(port_key, source) */
	__u64 port_key;
	__u32 any_port; /* 1: a reply or NOTIFY between any two ports is SSDP (captures) */
};

/*
 * How a datagram came to be read as SSDP. A device answers an M-SEARCH from 1900 or from an
 * ephemeral port, and announces itself (NOTIFY) from an ephemeral port to the group or to 1900:
 * the destination, the scan's key or the source port admits it, whatever the other port is.
 */
enum ssdp_via {
	SSDP_VIA_NONE,
	SSDP_VIA_SSDP_DST, /* to port 1900 or to the SSDP multicast group */
	SSDP_VIA_KEYED,	   /* to the port the scan keyed on this source: the key validates it */
	SSDP_VIA_FROM,	   /* from the SSDP port (1900 or --ssdp-port) */
	SSDP_VIA_ANY,	   /* any_port: only its payload says whether it is SSDP */
};

/* What the parser found in one packet. */
struct ssdp_parsed {
	__u8 saddr[16];
	__u8 daddr[16];
	__u16 sport;
	__u16 dport;
	__u8 kind;
	__u8 flags; /* SSDP_EV_* */
	__u8 via;   /* enum ssdp_via, SSDP_VIA_NONE until the ports admit the datagram */
	__u8 pad;
	__u16 val_off[SSDP_H_N];
	__u16 val_len[SSDP_H_N];
	__u8 uuid[16];
} __attribute__((aligned(8))); /* the addresses are stored a word at a time */

/* The outcomes that send an event (the others are only counted). */
SSDP_INLINE int ssdp_carries_event(int out)
{
	return out == SSDP_OUT_EVENT || out == SSDP_OUT_EVENT_TEXT ||
	       out == SSDP_OUT_EVENT_UUID_TEXT;
}

/* The start line at pay: "HTTP/1.x 200" (a reply) or "NOTIFY *". Sets r->kind; 0 or -1. */
SSDP_INLINE int ssdp_start_line(const struct ssdp_pkt *pkt, __u32 pay, __u32 stop,
				struct ssdp_parsed *r)
{
	__u64 w0, w1;

	if (pay + 16 > stop || ssdp_ld64(pkt->data, pkt->end, pay, &w0) ||
	    ssdp_ld64(pkt->data, pkt->end, pay + 8, &w1))
		return -1;
	if ((w0 & 0x00ffffffffffffffULL) == 0x002e312f50545448ULL /* HTTP/1. */ &&
	    (w1 & 0xffffffff) == 0x30303220 /* " 200" */)
		r->kind = SSDP_KIND_REPLY;
	else if (w0 == 0x2a20594649544f4eULL /* NOTIFY * */)
		r->kind = SSDP_KIND_NOTIFY;
	else
		return -1;
	return 0;
}

/*
 * What a finished header scan s means: the values (a trailing CR is not part of one), and the
 * outcome; the UUID for EVENT. stop: where the scan stopped; full_end: where the datagram ends.
 */
/*
 * Where the values of headers [from, to) of a finished scan lie in r (a trailing CR is not part
 * of one). Each value's start goes through the scan state: the verifier then sees one unknown
 * offset, not one per number of blanks (which it would follow apart through the rest).
 */
SSDP_INLINE void ssdp_scan_values(const struct ssdp_pkt *pkt, struct ssdp_scan *sp,
				  struct ssdp_parsed *r, int from, int to)
{
	const __u8 *data = pkt->data, *end = pkt->end;
	int i;

	for (i = from; i < to; i++)
		if (sp->val_off[i])
			sp->val_off[i] = ssdp_value_at(data, end, sp->val_off[i], sp->stop);
	for (i = from; i < to; i++) {
		__u32 vo = *(volatile __u16 *)&sp->val_off[i], ve = sp->val_end[i];

		if (!vo)
			continue;
		if (ve > vo && ssdp_ld8(data, end, ve - 1) == '\r')
			ve--;
		r->val_off[i] = vo;
		r->val_len[i] = ve > vo ? ve - vo : 0;
	}
}

/* The values a finished scan found but the USN's (which ssdp_scan_result() makes): the kernel
 * makes them for an event only, not for a reply seen before. */
#define ssdp_other_values(pkt, sp, r) ssdp_scan_values(pkt, sp, r, SSDP_H_USN + 1, SSDP_H_N)

SSDP_INLINE int ssdp_scan_result(const struct ssdp_pkt *pkt, struct ssdp_scan *sp,
				 struct ssdp_parsed *r)
{
	const __u8 *data = pkt->data, *end = pkt->end;
	__u64 w0;
	__u32 uo;

	ssdp_scan_values(pkt, sp, r, SSDP_H_USN, SSDP_H_USN + 1);
	if (sp->st_is_nt)
		r->flags |= SSDP_EV_NOTIFY_NT;

	uo = *(volatile __u16 *)&sp->val_off[SSDP_H_USN];
	if (!uo) {
		/* the header block did not end where we stopped: the USN may lie beyond */
		if (sp->limited || (!sp->ended && sp->more))
			return SSDP_OUT_SCAN_LIMIT;
		return SSDP_OUT_NO_USN;
	}
	if (r->val_len[SSDP_H_USN] < 5 || ssdp_ld64(data, end, uo, &w0) ||
	    ((w0 | CASE8) & 0xffffffffULL) != 0x64697575 /* uuid */ || (w0 >> 32 & 0xff) != ':')
		return SSDP_OUT_EVENT_TEXT;
	if (r->val_len[SSDP_H_USN] < 41 || ssdp_uuid_at(data, end, uo + 5, r->uuid))
		return SSDP_OUT_EVENT_UUID_TEXT;
	r->flags |= SSDP_EV_UUID;
	return SSDP_OUT_EVENT;
}

/*
 * The SSDP message in [pay, stop) of the packet; the datagram really ends at full_end (beyond
 * stop when the capture or the first XDP buffer cut it). Returns the outcome; for the three that
 * carry an event, *r says where the header values are (and the UUID for EVENT).
 * By definition the scan visits every newline in order, closes the values still open there and
 * hands the next line to ssdp_line() until it says stop; ssdp_scan_step() does that a window at
 * a time (tests/unit/test_parse.c holds it to the definition).
 */
SSDP_INLINE int ssdp_parse_payload(const struct ssdp_pkt *pkt, __u32 pay, __u32 stop,
				   __u32 full_end, struct ssdp_parsed *r, struct ssdp_scan *sp)
{
#ifdef __BPF__
	struct ssdp_walk walk = {.ctx = pkt->ctx, .s = sp};
#else
	struct ssdp_walk walk = {.ctx = pkt, .s = sp};
#endif

	if (stop > pay + SSDP_SCAN_MAX)
		stop = pay + SSDP_SCAN_MAX;
	if (ssdp_start_line(pkt, pay, stop, r)) /* between two other ports: no SSDP at all */
		return r->via == SSDP_VIA_ANY ? SSDP_OUT_NOT_SSDP : SSDP_OUT_NOT_REPLY;
	__builtin_memset(sp, 0, sizeof(*sp));
	sp->off = pay;
	sp->stop = stop;
	sp->more = full_end > stop;
	/* nothing of this frame's own offsets is used past the scan but through sp: the verifier
	 * then checks the scan once for every way of reaching it (IPv4 or 6, VLANs, reply or
	 * NOTIFY...), not once for each */
	SSDP_LOOP(SSDP_MAX_STEPS, ssdp_scan_step, &walk);
	if (sp->open) /* a value running to the end of what was scanned */
		ssdp_close_lines(sp, sp->stop);
#ifdef __BPF__
	{
		/* the packet's bounds afresh: the ones above carry what each way of parsing
		 * proved about them, which the verifier would tell apart */
		const struct ssdp_pkt fresh = {.data = (const __u8 *)(long)pkt->ctx->data,
					       .end = (const __u8 *)(long)pkt->ctx->data_end};

		/* the other values: emit(), for an event only */
		return ssdp_scan_result(&fresh, sp, r);
	}
#else
	ssdp_other_values(pkt, sp, r);
	return ssdp_scan_result(pkt, sp, r);
#endif
}

/* Is the IPv4 or IPv6 destination the SSDP group (239.255.255.250, ff0X::c of any scope)? */
SSDP_INLINE int ssdp_to_group(const __u8 *ip, const __u8 *end, int v6)
{
	__u64 w0, w1;
	__u32 d;

	if (!v6)
		return !ssdp_ld32(ip, end, 16, &d) && d == 0xfaffffef;
	if (ssdp_ld64(ip, end, 24, &w0) || ssdp_ld64(ip, end, 32, &w1))
		return 0;
	return (w0 & 0xfffffffffffff0ffULL) == 0xff && (w0 & 0x0f00) && w1 == 0x0c00000000000000ULL;
}

#ifdef __BPF__
/* the loader's settings in .rodata: each read where it is used, not all at once up front */
#define SSDP_CFG_QUAL volatile
#else
#define SSDP_CFG_QUAL
#endif

/*
 * ssdp_parse_udp() from the UDP header at l4 (the IP header at l3, IPv6 when v6) on: inlined once
 * with the constant offsets of the common frame and once with those net_parse() found.
 */
SSDP_INLINE int ssdp_parse_udp_at(const struct ssdp_pkt *pkt,
				  const SSDP_CFG_QUAL struct ssdp_cfg *cfg, struct ssdp_parsed *r,
				  __u32 *pay, __u32 *stop, __u32 *full, __u32 l3, __u32 l4, int v6)
{
	const __u8 *udp, *ip;
	__u32 ulen;
	__u16 sport, dport, from;
	__u64 sa, sb = 0, da, db = 0; /* the addresses, as struct ssdp_event holds them */
	__u32 d4;
	__u8 via = SSDP_VIA_SSDP_DST;

	udp = pkt->data + l4;
	if (udp + 8 > pkt->end)
		return SSDP_OUT_TRUNCATED;
	ip = pkt->data + (l3 & 0xff);
	sport = __builtin_bswap16(net_raw16(udp));
	dport = __builtin_bswap16(net_raw16(udp + 2));
	from = cfg->ssdp_port ? cfg->ssdp_port : SSDP_PORT;
	if (dport != SSDP_PORT && !ssdp_to_group(ip, pkt->end, v6)) {
		if (sport != from && !cfg->port_check && !cfg->any_port)
			return SSDP_OUT_NOT_SSDP;
		via = SSDP_VIA_NONE;
	}
	ulen = __builtin_bswap16(net_raw16(udp + 4));
	if (ulen < 8)
		return SSDP_OUT_TRUNCATED;
	/* net_parse() proved the IP header within the packet: this tells the verifier */
	if (v6) {
		if (ip + 40 > pkt->end)
			return SSDP_OUT_TRUNCATED;
		sa = ssdp_word(ip + 8);
		sb = ssdp_word(ip + 16);
	} else {
		if (ip + 20 > pkt->end)
			return SSDP_OUT_TRUNCATED;
		sa = ssdp_word32(ip + 12);
	}
	if (!via) {
		if (cfg->port_check && dport == ssdp_probe_port_ab(cfg->port_key, sa, sb)) {
			via = SSDP_VIA_KEYED;
		} else if (sport == from) {
			/* from the SSDP port to a port this scan did not key, or outside --dport */
			if (cfg->port_check ||
			    (cfg->dport_min && (dport < cfg->dport_min || dport > cfg->dport_max)))
				return SSDP_OUT_UNSOLICITED;
			via = SSDP_VIA_FROM;
		} else if (cfg->any_port) {
			via = SSDP_VIA_ANY;
		} else {
			return SSDP_OUT_NOT_SSDP;
		}
	}
	/* admitted: the destination too (read only now, so nothing is held across the above) */
	if (v6) {
		if (ssdp_ld64(ip, pkt->end, 24, &da) || ssdp_ld64(ip, pkt->end, 32, &db))
			return SSDP_OUT_TRUNCATED;
	} else {
		if (ssdp_ld32(ip, pkt->end, 16, &d4))
			return SSDP_OUT_TRUNCATED;
		da = d4;
	}
	__builtin_memset(r, 0, sizeof(*r));
	__builtin_memcpy(r->saddr, &sa, 8);
	__builtin_memcpy(r->saddr + 8, &sb, 8);
	__builtin_memcpy(r->daddr, &da, 8);
	__builtin_memcpy(r->daddr + 8, &db, 8);
	r->flags = v6 ? SSDP_EV_IPV6 : 0;
	r->sport = sport;
	r->dport = dport;
	r->via = via;
	*pay = l4 + 8;
	*full = l4 + ulen;
	*stop = *full > pkt->len ? pkt->len : *full; /* cut capture, or further XDP frags */
	return -1;
}

/* ssdp_parse_udp() for any frame, without its shortcut (what the shortcut must equal). */
SSDP_INLINE int ssdp_parse_udp_any(const struct ssdp_pkt *pkt,
				   const SSDP_CFG_QUAL struct ssdp_cfg *cfg, struct ssdp_parsed *r,
				   __u32 *pay, __u32 *stop, __u32 *full)
{
	struct net_l3 n = {};
	int ret;

	/* no lookup table: a static array would land in .rodata beside the tunables */
	ret = net_parse(pkt->data, pkt->end, &n);
	if (ret != NET_OK)
		return ret == NET_NOT_IP      ? SSDP_OUT_NOT_IP
		       : ret == NET_FRAGMENT  ? SSDP_OUT_FRAGMENT
		       : ret == NET_EXT_LIMIT ? SSDP_OUT_IP6_EXT_LIMIT
					      : SSDP_OUT_TRUNCATED;
	if (n.proto != IPPROTO_UDP_)
		return SSDP_OUT_NOT_UDP;
	if (n.l4 > 0x3f0)
		return SSDP_OUT_IP6_EXT_LIMIT;
	return ssdp_parse_udp_at(pkt, cfg, r, pay, stop, full, n.l3, n.l4 & 0x3ff, n.v6);
}

/*
 * Up to the UDP payload. For SSDP that the ports (or the group) admit, r gets the addresses,
 * ports and how it was admitted, and [*pay, *stop) the message (*full: where the datagram really
 * ends). Returns an outcome or -1. The ports decide before anything is copied: a UDP datagram
 * that nothing admits costs two compares and the group's (one more with any_port or
 * port_check), and a reply to a port the scan did not key costs the key's hash of the source,
 * read in place. Nothing the admitted path needs is kept across the turning away, so that path
 * holds no state the compiler would spill. The common frame (net_plain_udp4()) goes with
 * constant offsets, none of net_parse()'s: 105 -> 64 BPF instructions for a non-SSDP datagram.
 */
SSDP_INLINE int ssdp_parse_udp(const struct ssdp_pkt *pkt, const SSDP_CFG_QUAL struct ssdp_cfg *cfg,
			       struct ssdp_parsed *r, __u32 *pay, __u32 *stop, __u32 *full)
{
	if (net_plain_udp4(pkt->data, pkt->end))
		return ssdp_parse_udp_at(pkt, cfg, r, pay, stop, full, NET_PLAIN_L3, NET_PLAIN_L4,
					 0);
	return ssdp_parse_udp_any(pkt, cfg, r, pay, stop, full);
}

/* Parse one frame from its Ethernet header on. */
SSDP_INLINE int ssdp_parse(const struct ssdp_pkt *pkt, const struct ssdp_cfg *cfg,
			   struct ssdp_parsed *r, struct ssdp_scan *scratch)
{
	__u32 pay, stop, full;
	int ret;

	ret = ssdp_parse_udp(pkt, cfg, r, &pay, &stop, &full);
	if (ret >= 0)
		return ret;
	return ssdp_parse_payload(pkt, pay, stop, full, r, scratch);
}

/* The identity of a USN value that is no UUID: two 64-bit hashes over its zero-padded text. */
SSDP_INLINE void ssdp_raw_id(const char *usn /* SSDP_SNIP_LEN bytes */, __u8 *id)
{
	__u64 h1 = 0xcbf29ce484222325ULL, h2 = 0x84222325cbf29ce4ULL, c;
	__u32 i;

	for (i = 0; i < SSDP_SNIP_LEN / 8; i++) {
		__builtin_memcpy(&c, usn + i * 8, 8);
		h1 = (h1 ^ c) * 0x100000001b3ULL;
		h1 ^= h1 >> 29;
		h2 = (h2 ^ c) * 0x9e3779b97f4a7c15ULL + i;
		h2 ^= h2 >> 31;
	}
	__builtin_memcpy(id, &h1, 8);
	__builtin_memcpy(id + 8, &h2, 8);
}

#endif /* SSDP_PARSE_H */
