/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Link and network layers, written once for the kernel (clang -target bpf) and the host:
 * Ethernet, up to two VLAN tags, IPv4 with options, IPv6 with the common extension headers.
 * Both XDP programs (the SSDP classifier and the darknet sensor) start here.
 */
#ifndef NET_PARSE_H
#define NET_PARSE_H

#ifndef __BPF__
#include <linux/types.h>
#endif

#ifdef __BPF__
#define SSDP_INLINE	      static __always_inline
#define SSDP_LOOP(n, cb, ctx) bpf_loop(n, cb, ctx, 0)
#else
#include <string.h>
#define SSDP_INLINE	      static inline __attribute__((always_inline))
static inline long ssdp_host_loop(__u32 n, long (*cb)(__u32, void *), void *ctx)
{
	__u32 i;

	for (i = 0; i < n; i++)
		if (cb(i, ctx))
			return i + 1;
	return i;
}
#define SSDP_LOOP(n, cb, ctx) ssdp_host_loop(n, cb, ctx)
#endif

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the word-wise scanner assumes a little-endian host (x86_64, arm64)"
#endif

#define SSDP_MAX_VLAN	 2
#define SSDP_MAX_IP6_EXT 4

#define ETH_HLEN_    14
#define ETHP_IP	     0x0800
#define ETHP_IPV6    0x86DD
#define ETHP_8021Q   0x8100
#define ETHP_8021AD  0x88A8
#define IPPROTO_UDP_ 17
#define IP6_HOPOPTS  0
#define IP6_ROUTING  43
#define IP6_FRAGMENT 44
#define IP6_DSTOPTS  60

#define IPPROTO_TCP_ 6

SSDP_INLINE __u16 ssdp_be16(const __u8 *p)
{
	return (__u16)(p[0] << 8 | p[1]);
}

/*
 * A T at p, which the caller proved within the packet, as the machine reads it (little-endian):
 * one load in BPF (the verifier checks it), memcpy on the host (p may be unaligned).
 */
#ifdef __BPF__
#define NET_LOAD(T, p) (*(const T *)(p))
#else
#define NET_LOAD(T, p)                                                                             \
	({                                                                                         \
		T v_;                                                                              \
		memcpy(&v_, (p), sizeof(v_));                                                      \
		v_;                                                                                \
	})
#endif

/*
 * Two bytes as they lie in the packet, read as one little-endian load: compared with NET_RAW16()
 * of a constant, a field costs one load, where ssdp_be16() costs two and a shift.
 */
SSDP_INLINE __u16 net_raw16(const __u8 *p)
{
	return NET_LOAD(__u16, p);
}

#define NET_RAW16(x) ((__u16)(((x) >> 8 & 0xff) | ((x)&0xff) << 8))

enum net_result {
	NET_OK,
	NET_NOT_IP,    /* neither IPv4 nor IPv6 */
	NET_TRUNCATED, /* a header cut short, or an IPv4 header that is not one */
	NET_FRAGMENT,  /* a non-first fragment: no transport header in it */
	NET_EXT_LIMIT, /* more IPv6 extension headers than SSDP_MAX_IP6_EXT */
};

struct net_l3 {
	__u32 l3;   /* IP header offset */
	__u32 l4;   /* transport header offset */
	__u8 v6;    /* 1: IPv6 */
	__u8 proto; /* transport protocol */
};

/* The IPv4 header at off: version 4, a length of 5 to 15 words, not a later fragment. */
SSDP_INLINE int net_ip4(const __u8 *data, const __u8 *end, __u32 off, struct net_l3 *n)
{
	const __u8 *p = data + (off & 0xff);
	__u8 vihl;

	if (p + 20 > end)
		return NET_TRUNCATED;
	vihl = p[0];
	if ((__u8)(vihl - 0x45) > 0x4f - 0x45)
		return NET_TRUNCATED;
	if (net_raw16(p + 6) & NET_RAW16(0x1fff))
		return NET_FRAGMENT;
	n->l3 = off;
	n->l4 = off + (vihl & 0xf) * 4;
	n->proto = p[9];
	return NET_OK;
}

#define NET_PLAIN_L3 ETH_HLEN_
#define NET_PLAIN_L4 (ETH_HLEN_ + 20)

/*
 * The frame most often seen, with every offset a constant: untagged IPv4 with no options, not a
 * later fragment, UDP, its header within the packet. Where this says yes, net_parse() says NET_OK
 * with l3 NET_PLAIN_L3, l4 NET_PLAIN_L4 and proto UDP; where it says no, ask net_parse().
 */
SSDP_INLINE int net_plain_udp4(const __u8 *data, const __u8 *end)
{
	return data + NET_PLAIN_L4 + 8 <= end && net_raw16(data + 12) == NET_RAW16(ETHP_IP) &&
	       data[14] == 0x45 && !(net_raw16(data + 20) & NET_RAW16(0x1fff)) &&
	       data[23] == IPPROTO_UDP_;
}

/* Returns NET_OK with *n filled, or why not. Nothing but offsets is produced. */
SSDP_INLINE int net_parse(const __u8 *data, const __u8 *end, struct net_l3 *n)
{
	const __u8 *p;
	__u32 off = ETH_HLEN_, i;
	__u16 proto;
	__u8 nh;

	if (data + ETH_HLEN_ > end)
		return NET_TRUNCATED;
	proto = net_raw16(data + 12);
	/* untagged IPv4 first, the frame most often seen, with the fewest tests */
	if (proto == NET_RAW16(ETHP_IP))
		return net_ip4(data, end, off, n);
	for (i = 0; i < SSDP_MAX_VLAN; i++) {
		if (proto != NET_RAW16(ETHP_8021Q) && proto != NET_RAW16(ETHP_8021AD))
			break;
		p = data + (off & 0xff);
		if (p + 4 > end)
			return NET_TRUNCATED;
		proto = net_raw16(p + 2);
		off += 4;
	}
	if (proto == NET_RAW16(ETHP_IP))
		return net_ip4(data, end, off, n);
	if (proto != NET_RAW16(ETHP_IPV6))
		return NET_NOT_IP;
	p = data + (off & 0xff);
	if (p + 40 > end)
		return NET_TRUNCATED;
	nh = p[6];
	n->l3 = off;
	n->v6 = 1;
	off += 40;
	for (i = 0; i < SSDP_MAX_IP6_EXT; i++) {
		if (nh != IP6_HOPOPTS && nh != IP6_ROUTING && nh != IP6_DSTOPTS &&
		    nh != IP6_FRAGMENT) {
			n->l4 = off;
			n->proto = nh;
			return NET_OK;
		}
		if (off > 0x3f0)
			return NET_EXT_LIMIT;
		p = data + (off & 0x3ff);
		if (p + 8 > end)
			return NET_TRUNCATED;
		if (nh == IP6_FRAGMENT) {
			if (net_raw16(p + 2) & NET_RAW16(0xfff8))
				return NET_FRAGMENT;
			off += 8;
		} else {
			off += (p[1] + 1) * 8;
		}
		nh = p[0];
	}
	if (nh == IP6_HOPOPTS || nh == IP6_ROUTING || nh == IP6_DSTOPTS || nh == IP6_FRAGMENT)
		return NET_EXT_LIMIT;
	n->l4 = off;
	n->proto = nh;
	return NET_OK;
}

#endif /* NET_PARSE_H */
