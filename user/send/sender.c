// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The M-SEARCH sender over sockets (probe and scan; --tx xdp is txdp.c): every target once (-P
 * times), in the order of a cyclic group, at a bounded rate, from a source port keyed on the
 * target (ssdp_probe_port()), so that the classifier can tell solicited replies from the rest
 * without per-target state.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/ip.h>
#include <netinet/udp.h>
#include <linux/if_packet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "clock.h"
#include "log.h"
#include "probe.h"
#include "probe_frame.h"
#include "ssdpmac.h"

#define BATCH 64

void probe_free(struct probe_opts *o)
{
	targets_free(&o->targets);
	blocklist_free(&o->block);
}

static int send6(int fd, const struct in6_addr *dst, uint16_t sport, uint16_t dport, const char *st)
{
	struct sockaddr_in6 sa = {.sin6_family = AF_INET6, .sin6_addr = *dst};
	char buf[300], host[INET6_ADDRSTRLEN];
	struct udphdr *u = (struct udphdr *)buf;
	int n;

	inet_ntop(AF_INET6, dst, host, sizeof(host));
	n = snprintf(buf + 8, sizeof(buf) - 8,
		     "M-SEARCH * HTTP/1.1\r\nHOST: [%s]:%u\r\nMAN: \"ssdp:discover\"\r\nMX: 1\r\n"
		     "ST: %s\r\n\r\n",
		     host, dport, st);
	if (n >= (int)sizeof(buf) - 8)
		return -E2BIG;
	u->source = htons(sport);
	u->dest = htons(dport);
	u->len = htons((uint16_t)(8 + n));
	u->check = 0; /* IPV6_CHECKSUM: the kernel computes it */
	return sendto(fd, buf, 8 + n, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0 ? -errno : 0;
}

/* A full queue (ENOBUFS, EAGAIN) is back-pressure, not loss: wait a little and go on with
 * the rest of the batch. Anything else counts as a send error. */
static void send_batch(int fd, struct mmsghdr *msgs, unsigned nb, struct probe_stats *st,
		       volatile int *stop)
{
	unsigned done = 0, waits = 0;

	while (done < nb && !*stop) {
		int r = sendmmsg(fd, msgs + done, nb - done, 0);

		if (r > 0) {
			done += (unsigned)r;
			st->sent += (unsigned)r;
			continue;
		}
		if (r < 0 && (errno == ENOBUFS || errno == EAGAIN) && waits++ < 20000) {
			usleep(50);
			continue;
		}
		st->errors++; /* this one message, then the rest */
		done++;
	}
}

/* The sockets a run needs: IPv4 frames (a packet socket with --tx packet, else raw IP; the
 * frame template *tt for either) and raw IPv6. Closed by the caller. 0 or -errno. */
static int open_sockets(const struct probe_opts *o, struct tx_template *tt, struct sockaddr_ll *sll,
			int *fd4, int *fd6)
{
	int err, off = 6, one = 1;

	if (o->targets.total4 &&
	    (err = tx_template_build(o, tt, o->tx_packet))) /* one frame, rewritten per target */
		return err;
	if (o->targets.total4 && o->tx_packet) {
		/* prebuilt frames straight to the NIC: no route lookup per packet */
		sll->sll_ifindex = tt->ifindex;
		*fd4 = socket(AF_PACKET, SOCK_RAW, 0);
		if (*fd4 < 0) {
			pr_warn("packet socket: %s (run it as root)\n", strerror(errno));
			return -errno;
		}
		/* straight to the driver, past the qdisc (a full queue still says ENOBUFS) */
		setsockopt(*fd4, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof(one));
	} else if (o->targets.total4) {
		*fd4 = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
		if (*fd4 < 0) {
			pr_warn("raw socket: %s (probe sends from keyed source ports: run it as "
				"root)\n",
				strerror(errno));
			return -errno;
		}
	}
	if (o->targets.n6) {
		*fd6 = socket(AF_INET6, SOCK_RAW, IPPROTO_UDP);
		if (*fd6 < 0 || setsockopt(*fd6, IPPROTO_IPV6, IPV6_CHECKSUM, &off, sizeof(off))) {
			pr_warn("raw IPv6 socket: %s\n", strerror(errno));
			return -errno;
		}
	}
	return 0;
}

/* --dryrun: the target and the source port it would be probed from. */
static void print_dry(int fam, uint32_t v4, const struct in6_addr *v6, uint16_t sport)
{
	char buf[INET6_ADDRSTRLEN];
	struct in_addr a = {htonl(v4)};

	inet_ntop(fam == 4 ? AF_INET : AF_INET6, fam == 4 ? (const void *)&a : (const void *)v6,
		  buf, sizeof(buf));
	printf("%s %u\n", buf, sport);
}

/* IPv4 probes queued for one sendmmsg(): the template rewritten per target. */
struct batch4 {
	uint8_t frames[BATCH][512];
	struct sockaddr_in addrs[BATCH];
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	struct sockaddr_ll sll;
	struct tx_template tt;
	bool packet; /* a packet socket takes the Ethernet frame, a raw IP socket what follows */
};

static void queue4(struct batch4 *b, unsigned nb, uint32_t v4, uint16_t sport)
{
	const struct tx_template *tt = &b->tt;

	memcpy(b->frames[nb], tt->frame, tt->flen);
	probe_frame_fill(b->frames[nb] + 14, htonl(v4), sport, tt->ip_sum, tt->udp_sum);
	b->iov[nb].iov_base = b->packet ? b->frames[nb] : b->frames[nb] + 14;
	b->iov[nb].iov_len = b->packet ? tt->flen : tt->flen - 14;
	b->addrs[nb] = (struct sockaddr_in){.sin_family = AF_INET, .sin_addr.s_addr = htonl(v4)};
	b->msgs[nb].msg_hdr =
		(struct msghdr){.msg_name = b->packet ? (void *)&b->sll : (void *)&b->addrs[nb],
				.msg_namelen = b->packet ? sizeof(b->sll) : sizeof(b->addrs[nb]),
				.msg_iov = &b->iov[nb],
				.msg_iovlen = 1};
}

int probe_run(struct probe_opts *o, struct probe_stats *st, volatile int *stop)
{
	static struct batch4 b;
	struct cyclic cyc;
	uint32_t v4 = 0;
	struct in6_addr v6;
	uint64_t idx;
	double next;
	int fd4 = -1, fd6 = -1, err = 0;
	unsigned rep, nb = 0;

	memset(st, 0, sizeof(*st));
	st->targets = targets_total(&o->targets);
	if (cyclic_init(&cyc, st->targets, o->seed, o->shards, o->shard))
		return -EINVAL;
	b.sll = (struct sockaddr_ll){.sll_family = AF_PACKET};
	b.packet = o->tx_packet;
	if (!o->dryrun && (err = open_sockets(o, &b.tt, &b.sll, &fd4, &fd6)))
		goto out;
	st->start = next = mono_now();
	while (!*stop && cyclic_next(&cyc, &idx)) {
		uint16_t sport;
		int fam = targets_at(&o->targets, idx, &v4, &v6);

		if (fam == 4 ? !!blocklist_why(&o->block, v4) : !!blocklist_why6(&o->block, &v6)) {
			st->blocked++;
			st->done++;
			continue;
		}
		if (fam == 4)
			sport = probe_port4(o->key, htonl(v4));
		else
			sport = ssdp_probe_port(o->key, v6.s6_addr);
		if (o->dryrun) {
			print_dry(fam, v4, &v6, sport);
			st->done++;
			continue;
		}
		for (rep = 0; rep < o->per_target; rep++) {
			if (fam == 6) {
				if (send6(fd6, &v6, sport, o->port, o->st))
					st->errors++;
				else
					st->sent++;
				continue;
			}
			queue4(&b, nb, v4, sport);
			nb++;
			/* a batch as large as the rate allows in about a millisecond */
			if (nb == BATCH || nb >= o->rate / 1000) {
				send_batch(fd4, b.msgs, nb, st, stop);
				next += nb / o->rate;
				nb = 0;
				pace_until(next, stop);
			}
		}
		st->done++;
	}
	if (nb)
		send_batch(fd4, b.msgs, nb, st, stop);
	st->end = mono_now();
out:
	if (fd4 >= 0)
		close(fd4);
	if (fd6 >= 0)
		close(fd6);
	return err;
}
