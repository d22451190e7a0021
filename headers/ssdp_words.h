/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Reading a packet a word at a time, for the SSDP parser (ssdp_parse.h, ssdp_scan.h): what a
 * packet is, the headers of interest, bounded loads, SWAR byte tests, hex digits and the UUID's
 * text form. Built for the kernel (clang -target bpf) and the host alike.
 */
#ifndef SSDP_WORDS_H
#define SSDP_WORDS_H

#include "net_parse.h"
#include "ssdpmac.h"

/* Offsets are masked with this before pointer arithmetic so the verifier sees them bounded. */
#define SSDP_OFF_MASK 0x3fff
#define ONES8	      0x0101010101010101ULL
#define HIGH8	      0x8080808080808080ULL
#define LOW7	      0x7f7f7f7f7f7f7f7fULL
#define CASE8	      0x2020202020202020ULL

enum {
	SSDP_H_USN,
	SSDP_H_SERVER,
	SSDP_H_ST,
	SSDP_H_LOCATION,
	SSDP_H_N
};

/* What one packet is: the packet bounds and, on the kernel side, its xdp_md. */
struct ssdp_pkt {
	const __u8 *data;
	const __u8 *end;
	__u32 len; /* end - data, computed by the caller as a scalar */
#ifdef __BPF__
	struct xdp_md *ctx; /* the bpf_loop() callback derives data and end from it */
#endif
};

/* Load 8 or 4 bytes at p, which the caller proved within the packet. */
SSDP_INLINE __u64 ssdp_word(const __u8 *p)
{
	return NET_LOAD(__u64, p);
}

SSDP_INLINE __u32 ssdp_word32(const __u8 *p)
{
	return NET_LOAD(__u32, p);
}

/* The same at off, checked against the packet end first; 0, or -1 past it. */
SSDP_INLINE int ssdp_ld64(const __u8 *data, const __u8 *end, __u32 off, __u64 *out)
{
	const __u8 *p = data + (off & SSDP_OFF_MASK);

	if (p + 8 > end)
		return -1;
	*out = ssdp_word(p);
	return 0;
}

SSDP_INLINE int ssdp_ld32(const __u8 *data, const __u8 *end, __u32 off, __u32 *out)
{
	const __u8 *p = data + (off & SSDP_OFF_MASK);

	if (p + 4 > end)
		return -1;
	*out = ssdp_word32(p);
	return 0;
}

SSDP_INLINE int ssdp_ld8(const __u8 *data, const __u8 *end, __u32 off)
{
	const __u8 *p = data + (off & SSDP_OFF_MASK);

	if (p + 1 > end)
		return -1;
	return *p;
}

/* High bit of each byte set exactly where w holds byte c (no false positives). */
SSDP_INLINE __u64 ssdp_bytes_eq(__u64 w, __u64 c)
{
	__u64 x = w ^ (c * ONES8);

	return ~(((x & LOW7) + LOW7) | x | LOW7);
}

/*
 * Index of the lowest flagged byte of a non-zero mask of high bits (no ctz in BPF): isolate it,
 * move it to bit 8k, and let a multiply shift the byte k of a ramp into the top byte.
 */
SSDP_INLINE __u32 ssdp_first_byte(__u64 m)
{
	__u64 b = (m & (~m + 1)) >> 7;

	return (__u32)((b * 0x0001020304050607ULL) >> 56);
}

/*
 * Eight characters, first in the lowest byte: the high bit of each byte that is not a hex digit
 * (0-9, a-f, A-F) set, SWAR. The range tests only hold for bytes below 0x80, which the first
 * term flags anyway.
 */
SSDP_INLINE __u64 ssdp_hex_bad(__u64 x)
{
	__u64 l = x | CASE8;
	__u64 digit, alpha;

	/* per byte: high bit set when lo <= b <= hi */
	digit = ((x | HIGH8) - 0x30 * ONES8) & ((0x39 * ONES8 | HIGH8) - x);
	alpha = ((l | HIGH8) - 0x61 * ONES8) & ((0x66 * ONES8 | HIGH8) - l);
	return (x | ~(digit | alpha)) & HIGH8;
}

/* Eight hex digits (first in the lowest byte) to four bytes, first in the lowest byte: the
 * value's bytes in memory order (little-endian). */
SSDP_INLINE __u32 ssdp_hex8(__u64 x)
{
	__u64 v = (x & 0x0f0f0f0f0f0f0f0fULL) + 9 * ((x >> 6) & ONES8);

	/* pair nibbles into bytes: the low byte of lane i (16 bits) gets (even << 4 | odd) */
	v = ((v & 0x00ff00ff00ff00ffULL) << 4) | ((v >> 8) & 0x00ff00ff00ff00ffULL);
	v = (v | v >> 8) & 0x0000ffff0000ffffULL;
	return (__u32)(v | v >> 16);
}

SSDP_INLINE void ssdp_put32(__u8 *o, __u32 v)
{
#ifdef __BPF__
	*(__u32 *)o = v;
#else
	memcpy(o, &v, 4);
#endif
}

/*
 * The 36-character text form 8-4-4-4-12 at off to 16 bytes. Returns 0, or -1 when the text is
 * short, a dash is missing or a digit is not hex. One bounds check for the 36 bytes.
 */
SSDP_INLINE int ssdp_uuid_at(const __u8 *data, const __u8 *end, __u32 off, __u8 *out)
{
	const __u8 *p = data + (off & SSDP_OFF_MASK);
	__u64 a, b, c, d;

	if (p + 36 > end)
		return -1;
	/* the dashes at 8, 13, 18, 23 */
	if ((ssdp_word(p + 8) & 0x0000ff00000000ffULL) != 0x00002d000000002dULL ||
	    (ssdp_word(p + 16) & 0xff00000000ff0000ULL) != 0x2d000000002d0000ULL)
		return -1;
	a = ssdp_word(p);
	b = ssdp_word32(p + 9) | (__u64)ssdp_word32(p + 14) << 32;
	c = ssdp_word32(p + 19) | (__u64)ssdp_word32(p + 24) << 32;
	d = ssdp_word(p + 28);
	if (ssdp_hex_bad(a) | ssdp_hex_bad(b) | ssdp_hex_bad(c) | ssdp_hex_bad(d))
		return -1;
	ssdp_put32(out, ssdp_hex8(a));
	ssdp_put32(out + 4, ssdp_hex8(b));
	ssdp_put32(out + 8, ssdp_hex8(c));
	ssdp_put32(out + 12, ssdp_hex8(d));
	return 0;
}

SSDP_INLINE int ssdp_is_blank(int c)
{
	return c == ' ' || c == '\t';
}

#endif /* SSDP_WORDS_H */
