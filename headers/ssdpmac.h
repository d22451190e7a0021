/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* What the XDP classifier and userspace both see: outcomes, the ringbuf event, map values. */
#ifndef SSDPMAC_H
#define SSDPMAC_H

#ifndef __BPF__
#include <linux/types.h>
#endif

#define SSDP_PORT 1900

/*
 * Every packet the classifier sees lands in exactly one outcome. This list drives the per-CPU
 * counter array, the metric labels and the test tables alike: X(enum, label, help).
 */
#define SSDP_OUTCOMES(X)                                                                           \
	X(NOT_IP, "not_ip", "neither IPv4 nor IPv6")                                               \
	X(NOT_UDP, "not_udp", "IP but not UDP")                                                    \
	X(NOT_SSDP, "not_ssdp", "UDP neither to 1900 or the SSDP group, nor from 1900, nor keyed") \
	X(FRAGMENT, "fragment", "non-first IP fragment, passed unread")                            \
	X(TRUNCATED, "truncated", "a header (Ethernet, VLAN, IP, UDP) cut short")                  \
	X(IP6_EXT_LIMIT, "ip6_ext_limit", "more IPv6 extension headers than the parser follows")   \
	X(UNSOLICITED, "unsolicited", "SSDP to a destination port the prober did not use")         \
	X(NOT_REPLY, "not_reply", "payload is neither an HTTP 200 reply nor a NOTIFY")             \
	X(NO_USN, "no_usn", "reply or NOTIFY without a USN header")                                \
	X(SCAN_LIMIT, "scan_limit",                                                                \
	  "no USN in the part scanned (4096 bytes, 16 lines read); the message goes on beyond")    \
	X(EVENT_TEXT, "event_text", "USN not starting with uuid: (event sent with its text)")      \
	X(EVENT_UUID_TEXT, "event_uuid_text",                                                      \
	  "uuid: then no 8-4-4-4-12 UUID, e.g. RINCON_<MAC> (event sent with its text)")           \
	X(EVENT, "event_uuid", "USN with an 8-4-4-4-12 UUID (event sent with its bytes)")          \
	X(DUPLICATE, "duplicate", "same source address and USN seen before, no event")             \
	X(RINGBUF_FULL, "ringbuf_full", "event lost: ringbuf full")

#define SSDP_ENUM_(e, l, h) SSDP_OUT_##e,
enum ssdp_outcome {
	SSDP_OUTCOMES(SSDP_ENUM_) SSDP_OUT_MAX
};
#undef SSDP_ENUM_

enum ssdp_kind {
	SSDP_KIND_REPLY = 1,  /* HTTP/1.1 200 OK to an M-SEARCH */
	SSDP_KIND_NOTIFY = 2, /* NOTIFY * HTTP/1.1 announcement */
};

/* Event flags */
#define SSDP_EV_UUID	  0x01 /* uuid[] holds the 16 parsed bytes */
#define SSDP_EV_IPV6	  0x02 /* addresses are IPv6; else IPv4 in the first 4 bytes */
#define SSDP_EV_USN_CUT	  0x04 /* usn[] was cut at SSDP_SNIP_LEN */
#define SSDP_EV_SRV_CUT	  0x08 /* server[] was cut */
#define SSDP_EV_ST_CUT	  0x10 /* st[] was cut */
#define SSDP_EV_NOTIFY_NT 0x20 /* st[] came from NT (NOTIFY), not ST */
#define SSDP_EV_LOC_CUT	  0x40 /* location[] was cut at SSDP_LOC_LEN */

#define SSDP_SNIP_LEN 64
#define SSDP_LOC_LEN  128 /* LOCATION: a URL with a path often passes 64 bytes */

/* One ringbuf record per first sighting of (source address, USN). */
struct ssdp_event {
	__u64 ts_ns; /* bpf_ktime_get_ns(); userspace maps it to wall time */
	__u8 saddr[16];
	__u8 daddr[16];
	__u16 sport; /* host order */
	__u16 dport;
	__u32 ifindex;
	__u8 kind; /* enum ssdp_kind */
	__u8 flags;
	__u8 usn_len; /* bytes used in usn[], server[], st[] (no NUL) */
	__u8 server_len;
	__u8 st_len;
	__u8 loc_len; /* bytes used in location[] */
	__u8 pad[2];
	__u8 uuid[16];
	char usn[SSDP_SNIP_LEN]; /* USN value as sent, from after "USN:" and blanks */
	char server[SSDP_SNIP_LEN];
	char st[SSDP_SNIP_LEN];
	char location[SSDP_LOC_LEN]; /* LOCATION, the device description's URL */
};

/* Key of the in-kernel dedup LRU: a source address and the USN's identity. */
struct ssdp_dedup_key {
	__u8 saddr[16];
	__u8 id[16];	       /* the UUID bytes, or a hash of the raw USN value */
} __attribute__((aligned(8))); /* hashed and compared a word at a time */

/*
 * The kernel's dedup, `seen`: an array of sets, each holding the last SSDP_SEEN_WAYS keys whose
 * hash (ssdp_seen_index()) chose it, the newest first. Looking a key up is a hash and at most
 * SSDP_SEEN_WAYS comparisons, no hash-table walk and no LRU list. A key arriving at a full set
 * makes it forget its oldest: that device's next reply is sent again (a counted sighting of a
 * device the consumer knows: its record is not doubled).
 */
#define SSDP_SEEN_WAYS 4
#define SSDP_SEEN_BITS 16
#define SSDP_SEEN_SETS (1 << SSDP_SEEN_BITS) /* 262144 keys, as the LRU hash held before */

struct ssdp_seen {
	struct ssdp_dedup_key key;
	__u64 replies; /* replies with this key since it came; 0: an empty way */
};

struct ssdp_seen_set {
	struct ssdp_seen way[SSDP_SEEN_WAYS]; /* the newest first */
};

/*
 * The prober sends to each target from a source port derived from the target address and a
 * per-scan key; a reply must come back to that port. No per-target state on either side, as
 * ZMap validates. Addresses as in struct ssdp_event (IPv4 in the first 4 bytes, rest zero).
 */
#define SSDP_PROBE_PORT_BASE  32768
#define SSDP_PROBE_PORT_RANGE 28232

/* The address as two words, a its bytes 0-7 and b its bytes 8-15 as memcpy() reads them: the
 * classifier loads them straight from the packet. */
static inline __u16 ssdp_probe_port_ab(__u64 key, __u64 a, __u64 b)
{
	__u64 x;

	x = (a ^ key) * 0x9e3779b97f4a7c15ULL;
	x ^= x >> 31;
	x = (x ^ b ^ (key >> 32 | key << 32)) * 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 29;
	/* the high 32 bits scaled to the range by a multiply, not a modulo: a BPF divide is a real
	 * divide (and two register saves) in the JIT, on the path that turns unkeyed replies away
	 */
	return (__u16)(SSDP_PROBE_PORT_BASE + ((x >> 32) * SSDP_PROBE_PORT_RANGE >> 32));
}

static inline __u16 ssdp_probe_port(__u64 key, const __u8 *addr)
{
	__u64 a, b;

	__builtin_memcpy(&a, addr, 8);
	__builtin_memcpy(&b, addr + 8, 8);
	return ssdp_probe_port_ab(key, a, b);
}

/* Classes of USN values (user/usn.c decides); they index the `classes` map. X(enum, label). */
#define USN_CLASSES(X)                                                                             \
	X(V1_MAC, "v1-mac")                                                                        \
	X(V1_RANDOM, "v1-random")                                                                  \
	X(V1_LOCAL, "v1-local")                                                                    \
	X(V1_UNASSIGNED, "v1-unassigned")                                                          \
	X(EMBEDDED_MAC, "embedded-mac")                                                            \
	X(SHARED_CONSTANT, "shared-constant")                                                      \
	X(MAC_CANDIDATE, "mac-candidate")                                                          \
	X(NO_MAC, "no-mac")                                                                        \
	X(NOT_UUID, "not-uuid")

#define USN_ENUM_(e, s) USN_##e,
enum usn_class {
	USN_CLASSES(USN_ENUM_) USN_CLASS_N
};
#undef USN_ENUM_

/*
 * Per-vendor counters, written by the loader and pinned (/sys/fs/bpf/ssdpmac/vendors) so that
 * `bpftool map dump` shows them with field names and the vendor name as text.
 */
struct ssdp_vendor_key {
	char prefix[12];     /* the IEEE block as the registry writes it: "00A0C9", "70B3D5F2F" */
	char confidence[16]; /* "high" (v1), "medium" (a convention), "corroborated" */
};

struct ssdp_vendor_val {
	char name[96];
	char registry[8]; /* MA-L, MA-M, MA-S, IAB */
	__u64 devices;	  /* unique devices (by MAC) */
	__u64 sightings;  /* first replies per source address and USN (the ringbuf events) */
};

/* Counters per USN class and per UUID version. */
struct ssdp_count {
	__u64 devices;
	__u64 sightings;
};

/* The set of devices known, pinned too, so a restart does not count a device twice. */
enum ssdp_device_kind {
	DEV_BY_MAC = 1,	 /* id[0..5]: the MAC */
	DEV_BY_UUID = 2, /* id: the UUID (random or no node) */
	DEV_BY_TEXT = 3, /* id: hash of the USN text, or of a shared UUID and the address */
};

struct ssdp_device_key {
	__u8 id[16]; /* first: a table probe compares the first word before the rest */
	__u8 kind;   /* enum ssdp_device_kind */
	__u8 pad[3];
};

struct ssdp_device_val {
	char prefix[12];  /* vendor block, "" when none */
	__u32 cls;	  /* enum usn_class */
	__u64 first_seen; /* Unix time, ns */
};

#define SSDP_VERSIONS 17 /* UUID versions 0-15, and 16 for "no UUID" */

#endif /* SSDPMAC_H */
