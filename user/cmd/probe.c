// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * ssdpmac probe: M-SEARCH to every target once (-P times), in the order of a cyclic group,
 * at -r packets a second, from a source port keyed on the target (ssdp_probe_port()), so that
 * the classifier can tell solicited replies from the rest without per-target state.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/ip.h>
#include <netinet/udp.h>
#include <linux/if_packet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>
#include "cmd.h"
#include "clock.h"
#include "log.h"
#include "opts.h"
#include "attach.h"
#include "classify.h"
#include "probe.h"
#include "probe_frame.h"
#include "ssdpmac.h"

#define BATCH 64

static void usage(FILE *f, const char *cmd)
{
	fprintf(f,
		"Usage: ssdpmac %s [OPTIONS] TARGET... (addresses, prefixes a.b.c.d/n, IPv6 "
		"addresses)\n"
		"  -w, --allowlist FILE    targets from a file, one per line ('-': stdin); a "
		"scanner\n"
		"                          list from `ssdpmac sensor --targets` reads as it is\n"
		"  -b, --blocklist FILE    more prefixes never to probe (reserved ranges always "
		"are)\n"
		"      --allow-reserved P  lift the reserved range P (the lab: 198.18.0.0/15)\n"
		"  -r, --rate PPS          probes a second (default 10000)\n"
		"  -B, --bandwidth BPS     or a bit rate: 10M, 1G\n"
		"  -P, --probes N          probes per target (default 1)\n"
		"  -p, --port PORT         the targets' SSDP port (default 1900; replies must "
		"come\n"
		"                          from it)\n"
		"      --st ST             search target (default upnp:rootdevice; ssdp:all: more "
		"replies)\n"
		"      --seed N            the order (default: random); same seed, same order\n"
		"      --key HEX           source-port key (default: random; classify "
		"--probe-key)\n"
		"      --shards N --shard I  this host's part of a scan shared by N hosts\n"
		"  -S, --source-ip A       the IPv4 source (default: the route's)\n"
		"      --dryrun            print target and source port instead of sending\n"
		"      --tx packet         prebuilt frames on a packet socket out of -i IFACE\n"
		"      --tx xdp            the line-rate path: XDP live frames out of -i IFACE\n"
		"                          (default: raw IP sockets with sendmmsg, any route)\n"
		"  -T, --sender-threads N  --tx xdp: N senders, one to a CPU (default 1)\n"
		"  -G, --gateway-mac MAC   --tx xdp/packet: the next hop's MAC (default: the\n"
		"                          neighbour table's, for the route to the first target)\n"
		"  scan only (the classifier runs in the same process):\n"
		"  -i, --interface IFACE   where the replies arrive (XDP attaches there)\n"
		"  -o, --output FILE       devices as JSON Lines\n"
		"      --cooldown SECONDS  wait for late replies after the last probe (default 5)\n"
		"      --pass              hand this scan's replies on to the host's stack "
		"(default:\n"
		"                          dropped in XDP once read: nothing listens on their "
		"ports,\n"
		"                          and the stack would answer each with ICMP unreachable)\n"
		"      --metrics ADDR:PORT, --pin-dir DIR, -m MODE, -d DIR: as classify has them\n",
		cmd);
}

static int parse_rate(const char *s, double *bps)
{
	char *end;
	double v = strtod(s, &end);

	if (*end == 'k' || *end == 'K')
		v *= 1e3, end++;
	else if (*end == 'M')
		v *= 1e6, end++;
	else if (*end == 'G')
		v *= 1e9, end++;
	if (*end || v <= 0)
		return -EINVAL;
	*bps = v;
	return 0;
}

int probe_parse(int argc, char **argv, struct probe_opts *o, const char *cmd, struct opts *cls,
		double *cooldown)
{
	enum {
		O_ALLOW = 256,
		O_ST,
		O_SEED,
		O_KEY,
		O_SHARDS,
		O_SHARD,
		O_DRY,
		O_TX,
		O_COOL, /* from here on, and the XDP_LONGOPTS but -i: scan only */
		O_PASS
	};
	static const struct option lo[] = {
		{"allowlist", required_argument, NULL, 'w'},
		{"blocklist", required_argument, NULL, 'b'},
		{"allow-reserved", required_argument, NULL, O_ALLOW},
		{"rate", required_argument, NULL, 'r'},
		{"bandwidth", required_argument, NULL, 'B'},
		{"probes", required_argument, NULL, 'P'},
		{"port", required_argument, NULL, 'p'},
		{"sender-threads", required_argument, NULL, 'T'},
		{"gateway-mac", required_argument, NULL, 'G'},
		{"st", required_argument, NULL, O_ST},
		{"seed", required_argument, NULL, O_SEED},
		{"key", required_argument, NULL, O_KEY},
		{"shards", required_argument, NULL, O_SHARDS},
		{"shard", required_argument, NULL, O_SHARD},
		{"source-ip", required_argument, NULL, 'S'},
		{"dryrun", no_argument, NULL, O_DRY},
		{"tx", required_argument, NULL, O_TX},
		{"help", no_argument, NULL, 'h'},
		/* -i for both; the rest scan only: the classifier's */
		XDP_LONGOPTS,
		XDP_LONGOPT_IEEE,
		{"cooldown", required_argument, NULL, O_COOL},
		{"pass", no_argument, NULL, O_PASS},
		{},
	};
	double bps = 0;
	bool seeded = false, keyed = false;
	struct in_addr a;
	uint64_t v;
	int c;

	memset(o, 0, sizeof(*o));
	o->rate = 10000;
	o->per_target = 1;
	o->threads = 1;
	o->port = SSDP_PORT;
	o->shards = 1;
	o->st = "upnp:rootdevice";
	if (blocklist_default(&o->block))
		return 2;
	while ((c = getopt_long(argc, argv,
				cls ? "w:b:r:B:P:p:T:G:S:hi:o:m:d:" : "w:b:r:B:P:p:T:G:S:hi:", lo,
				NULL)) != -1) {
		if (!cls && (c == 'o' || c == 'm' || c == 'd' || c >= O_COOL)) {
			usage(stderr, cmd);
			return 2;
		}
		switch (c) {
		case 'i':
			o->ifname = optarg;
			if (cls)
				cls->ifname = optarg;
			break;
		case O_TX:
			if (strcmp(optarg, "xdp") && strcmp(optarg, "socket") &&
			    strcmp(optarg, "packet")) {
				pr_warn("--tx %s: socket (default), packet or xdp\n", optarg);
				return 2;
			}
			o->tx_xdp = !strcmp(optarg, "xdp");
			o->tx_packet = !strcmp(optarg, "packet");
			break;
		case O_COOL:
			if (opt_real("--cooldown", optarg, 0, 0, cooldown))
				return 2;
			break;
		case O_PASS:
			cls->drop = false;
			break;
		case 'w':
			if (targets_read(&o->targets, optarg))
				return 2;
			break;
		case 'b':
			if (blocklist_read(&o->block, optarg))
				return 2;
			break;
		case O_ALLOW:
			if (blocklist_allow(&o->block, optarg))
				return 2;
			break;
		case 'r':
			if (opt_real("-r", optarg, 0, 1, &o->rate))
				return 2;
			break;
		case 'B':
			if (parse_rate(optarg, &bps)) {
				pr_warn("-B %s: bits a second, e.g. 10M or 1G\n", optarg);
				return 2;
			}
			break;
		case 'P':
			if (opt_uint("-P", optarg, 10, 1, 16, &v))
				return 2;
			o->per_target = (unsigned)v;
			break;
		case 'p':
			if (opt_uint("-p", optarg, 10, 1, 65535, &v))
				return 2;
			o->port = (uint16_t)v;
			if (cls)
				cls->cfg.ssdp_port = o->port;
			break;
		case 'T':
			if (opt_uint("-T", optarg, 10, 1, 256, &v))
				return 2;
			o->threads = (unsigned)v;
			break;
		case 'G': {
			unsigned g[6];
			int ok = strlen(optarg) == 17;

			for (int b = 0; ok && b < 17; b++)
				ok = b % 3 == 2 ? optarg[b] == ':'
						: isxdigit((unsigned char)optarg[b]);
			if (!ok || sscanf(optarg, "%2x:%2x:%2x:%2x:%2x:%2x", &g[0], &g[1], &g[2],
					  &g[3], &g[4], &g[5]) != 6) {
				pr_warn("-G %s: a MAC address, aa:bb:cc:dd:ee:ff\n", optarg);
				return 2;
			}
			for (int b = 0; b < 6; b++)
				o->gw_mac[b] = (uint8_t)g[b];
			o->gw_set = true;
			break;
		}
		case O_ST:
			if (strpbrk(optarg, "\r\n") || strlen(optarg) > 200) {
				pr_warn("--st: one line of at most 200 characters\n");
				return 2;
			}
			o->st = optarg;
			break;
		case O_SEED:
			if (opt_uint("--seed", optarg, 10, 0, UINT64_MAX, &o->seed))
				return 2;
			seeded = true;
			break;
		case O_KEY:
			if (opt_uint("--key", optarg, 16, 0, UINT64_MAX, &o->key))
				return 2;
			keyed = true;
			break;
		case O_SHARDS:
			if (opt_uint("--shards", optarg, 10, 1, 65536, &v))
				return 2;
			o->shards = (unsigned)v;
			break;
		case O_SHARD:
			if (opt_uint("--shard", optarg, 10, 0, 65535, &v))
				return 2;
			o->shard = (unsigned)v;
			break;
		case 'S':
			if (inet_pton(AF_INET, optarg, &a) != 1) {
				pr_warn("--source-ip %s: an IPv4 address\n", optarg);
				return 2;
			}
			o->source = ntohl(a.s_addr);
			break;
		case O_DRY:
			o->dryrun = true;
			break;
		case 'h':
			usage(stdout, cmd);
			return 1;
		default: {
			int r = cls ? opt_xdp(c, optarg, &cls->x) : 0;

			if (r < 0)
				return 2;
			if (!r) {
				usage(stderr, cmd);
				return 2;
			}
		}
		}
	}
	if (cls && !cls->ifname) {
		pr_warn("scan: -i IFACE, the interface the replies arrive on\n");
		return 2;
	}
	for (; optind < argc; optind++)
		if (targets_add(&o->targets, argv[optind], "argument"))
			return 2;
	if (o->threads > 1 && !o->tx_xdp) {
		pr_warn("-T %u: several sender threads are for --tx xdp\n", o->threads);
		return 2;
	}
	if (o->shard >= o->shards) {
		pr_warn("--shard %u: must be below --shards %u\n", o->shard, o->shards);
		return 2;
	}
	targets_finish(&o->targets);
	if (!targets_total(&o->targets)) {
		pr_warn("%s: no targets: give addresses, prefixes or -w FILE (there is no default, "
			"and never the whole internet)\n",
			cmd);
		return 2;
	}
	if (bps) /* an M-SEARCH frame on the wire: preamble, headers, payload, FCS, gap */
		o->rate =
			bps / ((8 + 14 + 20 + 8 + msearch_payload(NULL, 0, o->st) + 4 + 12) * 8.0);
	if (!seeded && getrandom(&o->seed, sizeof(o->seed), 0) != sizeof(o->seed))
		o->seed = (uint64_t)time(NULL);
	if (!keyed && getrandom(&o->key, sizeof(o->key), 0) != sizeof(o->key))
		o->key = (uint64_t)time(NULL) * 0x9e3779b97f4a7c15ULL;
	return 0;
}

void probe_free(struct probe_opts *o)
{
	targets_free(&o->targets);
	blocklist_free(&o->block);
}

/* The address the route to dst would use. */
int route_source4(uint32_t dst, uint32_t *src)
{
	struct sockaddr_in sa = {
		.sin_family = AF_INET, .sin_port = htons(SSDP_PORT), .sin_addr.s_addr = htonl(dst)};
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_DGRAM, 0), err = 0;

	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    getsockname(fd, (struct sockaddr *)&sa, &len))
		err = -errno;
	else
		*src = ntohl(sa.sin_addr.s_addr);
	if (fd >= 0)
		close(fd);
	return err;
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

int probe_run(struct probe_opts *o, struct probe_stats *st, volatile int *stop)
{
	static uint8_t frames[BATCH][512];
	struct sockaddr_ll sll = {.sll_family = AF_PACKET};
	struct tx_template tt;
	struct sockaddr_in addrs[BATCH];
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	struct cyclic cyc;
	uint32_t v4 = 0;
	struct in6_addr v6;
	uint64_t idx;
	double next;
	int fd4 = -1, fd6 = -1, err = 0, off = 6, one = 1;
	unsigned rep, nb = 0;

	memset(st, 0, sizeof(*st));
	st->targets = targets_total(&o->targets);
	if (cyclic_init(&cyc, st->targets, o->seed, o->shards, o->shard))
		return -EINVAL;
	if (!o->dryrun && o->targets.total4 &&
	    (err = tx_template_build(o, &tt, o->tx_packet))) /* one frame, rewritten per target */
		return err;
	if (!o->dryrun && o->targets.total4 && o->tx_packet) {
		/* prebuilt frames straight to the NIC: no route lookup per packet */
		sll.sll_ifindex = tt.ifindex;
		fd4 = socket(AF_PACKET, SOCK_RAW, 0);
		if (fd4 < 0) {
			pr_warn("packet socket: %s (run it as root)\n", strerror(errno));
			return -errno;
		}
		/* straight to the driver, past the qdisc (a full queue still says ENOBUFS) */
		setsockopt(fd4, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof(one));
	} else if (!o->dryrun && o->targets.total4) {
		fd4 = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
		if (fd4 < 0) {
			pr_warn("raw socket: %s (probe sends from keyed source ports: run it as "
				"root)\n",
				strerror(errno));
			return -errno;
		}
	}
	if (!o->dryrun && o->targets.n6) {
		fd6 = socket(AF_INET6, SOCK_RAW, IPPROTO_UDP);
		if (fd6 < 0 || setsockopt(fd6, IPPROTO_IPV6, IPV6_CHECKSUM, &off, sizeof(off))) {
			err = -errno;
			pr_warn("raw IPv6 socket: %s\n", strerror(errno));
			goto out;
		}
	}
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
			char buf[INET6_ADDRSTRLEN];
			struct in_addr a = {htonl(v4)};

			inet_ntop(fam == 4 ? AF_INET : AF_INET6,
				  fam == 4 ? (void *)&a : (void *)&v6, buf, sizeof(buf));
			printf("%s %u\n", buf, sport);
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
			memcpy(frames[nb], tt.frame, tt.flen);
			probe_frame_fill(frames[nb] + 14, htonl(v4), sport, tt.ip_sum, tt.udp_sum);
			/* a packet socket takes the Ethernet frame, a raw IP socket what follows */
			iov[nb].iov_base = o->tx_packet ? frames[nb] : frames[nb] + 14;
			iov[nb].iov_len = o->tx_packet ? tt.flen : tt.flen - 14;
			addrs[nb] = (struct sockaddr_in){.sin_family = AF_INET,
							 .sin_addr.s_addr = htonl(v4)};
			msgs[nb].msg_hdr = (struct msghdr){
				.msg_name = o->tx_packet ? (void *)&sll : (void *)&addrs[nb],
				.msg_namelen = o->tx_packet ? sizeof(sll) : sizeof(addrs[nb]),
				.msg_iov = &iov[nb],
				.msg_iovlen = 1};
			nb++;
			/* a batch as large as the rate allows in about a millisecond */
			if (nb == BATCH || nb >= o->rate / 1000) {
				send_batch(fd4, msgs, nb, st, stop);
				next += nb / o->rate;
				nb = 0;
				pace_until(next, stop);
			}
		}
		st->done++;
	}
	if (nb)
		send_batch(fd4, msgs, nb, st, stop);
	st->end = mono_now();
out:
	if (fd4 >= 0)
		close(fd4);
	if (fd6 >= 0)
		close(fd6);
	return err;
}

int cmd_probe(int argc, char **argv)
{
	struct probe_opts o;
	struct probe_stats st;
	volatile int stop = 0;
	int err;

	err = probe_parse(argc, argv, &o, "probe", NULL, NULL);
	if (err) {
		probe_free(&o);
		return err == 1 ? 0 : err;
	}
	pr_info("probe: %llu targets, shard %u/%u, %.0f probes/s, key %016llx\n",
		(unsigned long long)targets_total(&o.targets), o.shard, o.shards, o.rate,
		(unsigned long long)o.key);
	err = o.tx_xdp && !o.dryrun ? probe_run_xdp(&o, &st, &stop) : probe_run(&o, &st, &stop);
	if (!err && o.dryrun)
		pr_info("probe: dry run, %llu blocked\n", (unsigned long long)st.blocked);
	else if (!err)
		pr_info("probe: %llu sent, %llu blocked, %llu errors in %.2f s (%.0f/s)\n",
			(unsigned long long)st.sent, (unsigned long long)st.blocked,
			(unsigned long long)st.errors, st.end - st.start,
			st.sent / (st.end - st.start + 1e-9));
	probe_free(&o);
	return err ? 1 : 0;
}
