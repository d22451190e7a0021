/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The M-SEARCH sender: targets in a random order, at a bounded rate, from keyed source ports. */
#ifndef SSDPMAC_PROBE_H
#define SSDPMAC_PROBE_H

#include <stdbool.h>
#include <stdint.h>
#include "targets.h"

struct probe_opts {
	struct targets targets;
	struct blocklist block;
	uint64_t seed, key;
	unsigned shards, shard, per_target, threads;
	uint16_t port; /* -p: the targets' SSDP port (1900) */
	double rate;   /* packets/s */
	const char *st;
	uint32_t source; /* IPv4 source, host order; 0: the route's */
	bool dryrun;
	bool tx_xdp;	    /* --tx xdp: the line-rate path (txdp.c) */
	bool tx_packet;	    /* --tx packet: prebuilt frames on a packet socket */
	const char *ifname; /* its NIC */
	uint8_t gw_mac[6];  /* -G: the next hop's MAC, not looked up */
	bool gw_set;
	/* as the options give them, before probe_check() */
	int tx;	    /* --tx: socket, packet, xdp */
	double bps; /* -B: a bit rate instead of -r */
	bool seeded, keyed;
};

struct probe_stats {
	uint64_t sent, blocked, errors, targets, done;
	double start, end;
};

/* Send every probe; stats are updated as it goes (read them from another thread). Stops early
 * when *stop is set. 0 or -errno. */
int probe_run(struct probe_opts *o, struct probe_stats *st, volatile int *stop);
/* The M-SEARCH frame for --tx xdp and --tx packet: Ethernet to the next hop, IPv4, UDP, and
 * the checksum sums probe_frame_fill() completes per target. */
struct tx_template {
	uint8_t frame[512];
	size_t flen;
	uint32_t ip_sum, udp_sum;
	int ifindex;
};

/* The IPv4 M-SEARCH payload for search target st into buf (cap bytes, may be 0); its length. */
size_t msearch_payload(char *buf, size_t cap, const char *st);
/* ether: also the Ethernet header to the next hop on o->ifname (packet and XDP paths). */
int tx_template_build(const struct probe_opts *o, struct tx_template *t, bool ether);
/* The same through XDP live frames (--tx xdp). */
int probe_run_xdp(struct probe_opts *o, struct probe_stats *st, volatile int *stop);
void probe_free(struct probe_opts *o);

#endif
