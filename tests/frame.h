/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Test frames: an SSDP payload wrapped in Ethernet, VLAN tags, IPv4 or IPv6, and UDP. */
#ifndef SSDPMAC_TEST_FRAME_H
#define SSDPMAC_TEST_FRAME_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct frame_opts {
	int vlans;	  /* 0..3 VLAN tags */
	int ipv6;	  /* IPv6 instead of IPv4 */
	int ip6_ext;	  /* IPv6 hop-by-hop headers before UDP */
	int ip_opts;	  /* IPv4 option words (ihl = 5 + ip_opts) */
	uint16_t sport;	  /* default 1900 */
	uint16_t dport;	  /* default 40000 */
	uint16_t frag;	  /* IPv4 fragment offset field (host order) */
	uint8_t proto;	  /* default UDP */
	uint8_t src_last; /* last octet of the source address 198.18.0.x */
	uint32_t src4;	  /* or the whole IPv4 source address (host order) */
	uint32_t dst4;	  /* IPv4 destination (host order); default 198.18.255.1 */
	uint8_t dst6_mc;  /* IPv6 destination ff0S::c with this scope S; default 2001:db8::1 */
};

/* Returns the frame length written into out (cap bytes). */
static inline size_t frame_build(uint8_t *out, size_t cap, const void *pay, size_t plen,
				 const struct frame_opts *o)
{
	size_t off = 12, i, iplen, ulen = 8 + plen;
	uint16_t sport = o->sport ? o->sport : 1900, dport = o->dport ? o->dport : 40000;
	uint8_t proto = o->proto ? o->proto : 17;

	if (cap < 14 + 4 * 3 + 40 + 8 * 4 + 8 + plen)
		abort();
	memset(out, 0, 12);
	out[0] = 0x02;
	out[6] = 0x02;
	out[11] = 1;
	for (i = 0; i < (size_t)o->vlans; i++) {
		out[off++] = i ? 0x81 : 0x88;
		out[off++] = i ? 0x00 : 0xa8;
		out[off++] = 0;
		out[off++] = 10 + i;
	}
	out[off++] = o->ipv6 ? 0x86 : 0x08;
	out[off++] = o->ipv6 ? 0xdd : 0x00;
	if (!o->ipv6) {
		size_t ihl = 5 + o->ip_opts;

		iplen = ihl * 4 + ulen;
		memset(out + off, 0, ihl * 4);
		out[off] = 0x40 | ihl;
		out[off + 2] = iplen >> 8;
		out[off + 3] = iplen & 0xff;
		out[off + 6] = o->frag >> 8;
		out[off + 7] = o->frag & 0xff;
		out[off + 8] = 64;
		out[off + 9] = proto;
		out[off + 12] = 198, out[off + 13] = 18, out[off + 14] = 0;
		out[off + 15] = o->src_last ? o->src_last : 10;
		if (o->src4) {
			out[off + 12] = o->src4 >> 24, out[off + 13] = o->src4 >> 16;
			out[off + 14] = o->src4 >> 8, out[off + 15] = o->src4;
		}
		out[off + 16] = 198, out[off + 17] = 18, out[off + 18] = 255, out[off + 19] = 1;
		if (o->dst4) {
			out[off + 16] = o->dst4 >> 24, out[off + 17] = o->dst4 >> 16;
			out[off + 18] = o->dst4 >> 8, out[off + 19] = o->dst4;
		}
		for (i = 20; i < ihl * 4; i++)
			out[off + i] = 1; /* NOP options */
		off += ihl * 4;
	} else {
		memset(out + off, 0, 40);
		out[off] = 0x60;
		iplen = ulen + 8 * o->ip6_ext;
		out[off + 4] = iplen >> 8;
		out[off + 5] = iplen & 0xff;
		out[off + 6] = o->ip6_ext ? 0 : proto;
		out[off + 7] = 64;
		out[off + 8] = 0x20, out[off + 9] = 0x01, out[off + 10] = 0x0d,
			  out[off + 11] = 0xb8;
		out[off + 23] = o->src_last ? o->src_last : 10;
		out[off + 24] = 0x20, out[off + 25] = 0x01, out[off + 26] = 0x0d,
			  out[off + 27] = 0xb8;
		out[off + 39] = 1;
		if (o->dst6_mc) {
			memset(out + off + 24, 0, 16);
			out[off + 24] = 0xff, out[off + 25] = o->dst6_mc, out[off + 39] = 0x0c;
		}
		off += 40;
		for (i = 0; i < (size_t)o->ip6_ext; i++) {
			memset(out + off, 0, 8);
			out[off] = i + 1 < (size_t)o->ip6_ext ? 0 : proto;
			out[off + 2] = 1; /* PadN */
			out[off + 3] = 4;
			off += 8;
		}
	}
	out[off] = sport >> 8;
	out[off + 1] = sport & 0xff;
	out[off + 2] = dport >> 8;
	out[off + 3] = dport & 0xff;
	out[off + 4] = ulen >> 8;
	out[off + 5] = ulen & 0xff;
	out[off + 6] = out[off + 7] = 0;
	off += 8;
	memcpy(out + off, pay, plen);
	return off + plen;
}

/* Read a whole file (test data) into a malloc'd buffer. */
static inline uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = malloc(1 << 16);

	if (!f || !buf) {
		fprintf(stderr, "cannot read %s\n", path);
		abort();
	}
	*len = fread(buf, 1, 1 << 16, f);
	fclose(f);
	return buf;
}

#endif
