// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * ssdpsim: the lab's simulated internet. One process answers for every device address of the
 * lab (they are local to its namespace through an AnyIP route), replying to M-SEARCH from the
 * address that was asked (IP_PKTINFO). Each device follows from its address and a seed: it speaks
 * as one message of the real corpus (--corpus, tests/data/real) does, with a MAC of its own under
 * a prefix of the same vendor (shapes.c).
 * A fraction is infected and sends Mirai-style SYNs (sequence number = destination address) to
 * the darknet; some clean hosts send plain SYNs as noise. The ground truth goes to --truth.
 * It sends only to 198.18.0.0/15 and stops by itself after --duration.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <getopt.h>
#include <json-c/json.h>
#include <linux/if_link.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "edge.skel.h"
#include "log.h"
#include "simdesc.h"
#include "oui.h"
#include "plan.h"
#include "shapes.h"
#include "targets.h"
#include "usn.h"
#include "uuid.h"

struct dev {
	uint32_t addr; /* host order */
	int answers, notify, infected, noise;
	struct sim_ident id;
};

static struct {
	uint32_t net, mask, dark_net, dark_mask, notify_to, hostile_net;
	unsigned devices;
	uint64_t seed;
	double infected, noise, duration, syn_rate, silent;
	const char *truth, *ieee_dir, *edge, *hostile, *plan, *corpus;
} cfg = {
	.corpus = "tests/data/real",
	.seed = 1,
	.infected = 0.2,
	.noise = 0.05,
	.duration = 60,
	.syn_rate = 200,
	.silent = 0.1,
};

static struct oui_db db;
static volatile sig_atomic_t stop;

#define mix sim_mix

static uint64_t h(uint32_t addr, uint64_t salt)
{
	return mix(cfg.seed * 0x9e3779b97f4a7c15ULL ^ addr ^ salt << 40);
}

static int in_lab(uint32_t a)
{
	return (a & 0xfffe0000) == 0xc6120000; /* 198.18.0.0/15 */
}

static void make_dev(uint32_t addr, struct dev *d)
{
	uint64_t r = h(addr, 1);

	d->addr = addr;
	d->answers = (double)(h(addr, 4) % 10000) / 10000 >= cfg.silent;
	d->infected = (double)(h(addr, 5) % 10000) / 10000 < cfg.infected;
	d->noise = !d->infected && (double)(h(addr, 6) % 10000) / 10000 < cfg.noise;
	d->notify = (r >> 24) % 10 == 0;
	shapes_draw(r, h(addr, 2), addr - cfg.net - 1, &d->id);
}

static void send_from(int fd, uint32_t from, const struct sockaddr_in *to, const char *buf, int len)
{
	char cbuf[CMSG_SPACE(sizeof(struct in_pktinfo))] = {};
	struct iovec iov = {(void *)buf, (size_t)len};
	struct msghdr mh = {.msg_name = (void *)to,
			    .msg_namelen = sizeof(*to),
			    .msg_iov = &iov,
			    .msg_iovlen = 1,
			    .msg_control = cbuf,
			    .msg_controllen = sizeof(cbuf)};
	struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
	struct in_pktinfo *pi = (struct in_pktinfo *)CMSG_DATA(c);

	if (!in_lab(ntohl(to->sin_addr.s_addr)))
		return; /* never outside the lab */
	c->cmsg_level = IPPROTO_IP;
	c->cmsg_type = IP_PKTINFO;
	c->cmsg_len = CMSG_LEN(sizeof(*pi));
	pi->ipi_spec_dst.s_addr = htonl(from);
	sendmsg(fd, &mh, 0);
}

/* An M-SEARCH to a device address: the replies its corpus message gives, one per type asked. */
static void answer(int fd, uint32_t dst, const struct sockaddr_in *from, const char *msg)
{
	char st[128] = "", rst[256], buf[1500];
	const char *p = strcasestr(msg, "\nST:");
	struct dev d;
	size_t n;
	int i;

	if ((dst & cfg.mask) != cfg.net || dst - cfg.net - 1 >= cfg.devices)
		return;
	make_dev(dst, &d);
	if (!d.answers || !p || strncmp(msg, "M-SEARCH ", 9))
		return;
	for (p += 4; *p == ' ' || *p == '\t'; p++)
		;
	for (i = 0; i < (int)sizeof(st) - 1 && p[i] && p[i] != '\r' && p[i] != '\n'; i++)
		st[i] = p[i];
	st[i] = '\0';
	for (i = 0; i < shapes_ntypes(&d.id); i++) {
		shapes_type(&d.id, i, rst, sizeof(rst));
		if (strcmp(st, "ssdp:all") && strcasecmp(st, rst))
			continue;
		if ((n = shapes_render(&d.id, dst, i, 0, buf, sizeof(buf))))
			send_from(fd, dst, from, buf, (int)n);
	}
}

static void notify_all(int fd)
{
	struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(1900)};
	char buf[1500];
	unsigned i;

	to.sin_addr.s_addr = htonl(cfg.notify_to);
	for (i = 0; i < cfg.devices; i++) {
		struct dev d;
		size_t n;

		make_dev(cfg.net + 1 + i, &d);
		if (d.answers && d.notify &&
		    (n = shapes_render(&d.id, d.addr, 0, 1, buf, sizeof(buf))))
			send_from(fd, d.addr, &to, buf, (int)n);
	}
}

static uint16_t csum(const void *p, size_t len, uint32_t sum)
{
	const uint16_t *w = p;

	for (; len > 1; len -= 2)
		sum += *w++;
	if (len)
		sum += *(const uint8_t *)w;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* A SYN from src to dst:port; Mirai's scanner sets the sequence number to dst. */
static void syn(int fd, uint32_t src, uint32_t dst, uint16_t port, uint32_t seq)
{
	struct {
		struct iphdr ip;
		struct tcphdr tcp;
	} pkt = {};
	struct {
		uint32_t s, d;
		uint8_t z, p;
		uint16_t len;
		struct tcphdr tcp;
	} ph = {};
	struct sockaddr_in to = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(dst)};

	if (!in_lab(dst))
		return;
	pkt.ip.version = 4;
	pkt.ip.ihl = 5;
	pkt.ip.ttl = 64;
	pkt.ip.protocol = IPPROTO_TCP;
	pkt.ip.tot_len = htons(sizeof(pkt));
	pkt.ip.saddr = htonl(src);
	pkt.ip.daddr = htonl(dst);
	pkt.tcp.source = htons((uint16_t)(1024 + (mix(seq) % 60000)));
	pkt.tcp.dest = htons(port);
	pkt.tcp.seq = htonl(seq);
	pkt.tcp.doff = 5;
	pkt.tcp.syn = 1;
	pkt.tcp.window = htons(14600);
	ph.s = pkt.ip.saddr;
	ph.d = pkt.ip.daddr;
	ph.p = IPPROTO_TCP;
	ph.len = htons(sizeof(struct tcphdr));
	ph.tcp = pkt.tcp;
	pkt.tcp.check = csum(&ph, sizeof(ph), 0);
	pkt.ip.check = csum(&pkt.ip, sizeof(pkt.ip), 0);
	sendto(fd, &pkt, sizeof(pkt), 0, (struct sockaddr *)&to, sizeof(to));
}

/* What a device's description follows from (simdesc.c); 0 for addresses with none. */
static int desc_lookup(uint32_t addr, struct sim_dev *sd)
{
	struct sim_expect e;
	char loc[256];
	struct dev d;

	if ((addr & cfg.mask) != cfg.net || addr - cfg.net - 1 >= cfg.devices)
		return 0;
	make_dev(addr, &d);
	if (!d.answers)
		return 0;
	shapes_expect(&d.id, &e);
	memset(sd, 0, sizeof(*sd));
	sd->addr = addr;
	sd->seed = h(addr, 10);
	shapes_location(&d.id, addr, loc, sizeof(loc), &sd->port, sd->path, sizeof(sd->path));
	if (!sd->port)
		return 0;
	sd->has_mac = d.id.has_mac;
	memcpy(sd->mac, d.id.mac, 6);
	snprintf(sd->usn_id, sizeof(sd->usn_id), "%s", d.id.id);
	sd->vendor = e.vendor ? oui_name(&db, e.vendor) : NULL;
	shapes_model(&d.id, &sd->brand, &sd->model);
	return 1;
}

/* The truth of a device's description: where it is and the model it names. */
static void truth_model(json_object *o, const struct dev *d)
{
	json_object *m = json_object_new_object();
	struct sim_model sm;
	struct sim_dev sd;
	char loc[256], path[256];
	uint16_t port;

	shapes_location(&d->id, d->addr, loc, sizeof(loc), &port, path, sizeof(path));
	json_object_object_add(o, "location", loc[0] ? json_object_new_string(loc) : NULL);
	if (!desc_lookup(d->addr, &sd)) {
		json_object_put(m);
		return;
	}
	sim_model_of(&sd, &sm);
	json_object_object_add(m, "served", json_object_new_boolean(sm.served));
	json_object_object_add(m, "manufacturer", json_object_new_string(sm.manufacturer));
	json_object_object_add(m, "modelName", json_object_new_string(sm.model_name));
	json_object_object_add(m, "modelNumber", json_object_new_string(sm.model_number));
	json_object_object_add(m, "serialNumber", json_object_new_string(sm.serial));
	json_object_object_add(m, "UDN", json_object_new_string(sm.udn));
	json_object_object_add(o, "model", m);
}

/* The hostile servers as device records (addr, location, usn) with the outcome expected. */
static int write_hostile(void)
{
	FILE *f = fopen(cfg.hostile, "w");
	int i;

	if (!f) {
		pr_warn("--hostile %s: %s\n", cfg.hostile, strerror(errno));
		return -1;
	}
	for (i = 0; i < SIM_H_N; i++) {
		struct in_addr a = {htonl(cfg.hostile_net + 1 + (uint32_t)i)};
		char ip[16];

		inet_ntop(AF_INET, &a, ip, sizeof(ip));
		fprintf(f,
			"{\"addr\":\"%s\",\"location\":\"http://%s:%d/desc.xml\",\"usn\":\"uuid:"
			"sim-hostile-%d::upnp:rootdevice\",\"hostile\":\"%s\",\"expect\":\"%s\"}\n",
			ip, ip, i == SIM_H_REFUSED ? SIM_CLOSED_PORT : SIM_HOSTILE_PORT, i,
			sim_hostile_names[i], sim_hostile_outcomes[i]);
	}
	return fclose(f);
}

static int write_truth(void)
{
	FILE *f = fopen(cfg.truth, "w");
	unsigned i;

	if (!f) {
		pr_warn("--truth %s: %s\n", cfg.truth, strerror(errno));
		return -1;
	}
	for (i = 0; i < cfg.devices; i++) {
		json_object *o = json_object_new_object();
		struct sim_expect e;
		char buf[64];
		struct dev d;
		struct in_addr a;

		make_dev(cfg.net + 1 + i, &d);
		shapes_expect(&d.id, &e);
		a.s_addr = htonl(d.addr);
		json_object_object_add(o, "addr", json_object_new_string(inet_ntoa(a)));
		json_object_object_add(o, "answers", json_object_new_boolean(d.answers));
		json_object_object_add(o, "infected", json_object_new_boolean(d.infected));
		json_object_object_add(o, "noise", json_object_new_boolean(d.noise));
		json_object_object_add(o, "notify", json_object_new_boolean(d.notify));
		json_object_object_add(o, "shape", json_object_new_string(e.file));
		json_object_object_add(o, "usn", json_object_new_string(d.id.id));
		json_object_object_add(o, "class", json_object_new_string(e.cls));
		mac_format(d.id.mac, buf);
		json_object_object_add(o, "mac", d.id.has_mac ? json_object_new_string(buf) : NULL);
		truth_model(o, &d);
		if (cfg.plan)
			plan_add_json(d.addr, o);
		if (e.vendor) {
			json_object_object_add(o, "vendor",
					       json_object_new_string(oui_name(&db, e.vendor)));
			oui_prefix_str(e.vendor, buf, sizeof(buf));
			json_object_object_add(o, "oui", json_object_new_string(buf));
			json_object_object_add(o, "confidence",
					       e.confidence ? json_object_new_string(e.confidence)
							    : NULL);
		}
		fprintf(f, "%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
		json_object_put(o);
	}
	return fclose(f);
}

/* A prefix of the lab's range, as probe parses prefixes. */
static int parse_cidr(const char *s, uint32_t *net, uint32_t *mask)
{
	unsigned bits;

	if (parse_cidr4(s, net, &bits) || bits < 8 || bits > 30)
		return -1;
	*mask = 0xffffffffu << (32 - bits);
	return in_lab(*net) && in_lab(*net | ~*mask) ? 0 : -1;
}

/*
 * The internet's edge on the scanner link (bpf/edge.bpf.c): one bit per lab address that answers
 * SSDP, so a line-rate scan's probes to silent addresses end in XDP, as they would end far away
 * in the real internet. The program stays attached after the simulator exits (the namespace
 * going away removes it).
 */
static int edge_attach(const char *ifname)
{
	unsigned ifindex = if_nametoindex(ifname);
	size_t len;
	struct edge *e;
	uint64_t *bits;
	struct dev d;
	int err;

	if (!ifindex) {
		pr_warn("--edge %s: no such interface\n", ifname);
		return -ENODEV;
	}
	e = edge__open_and_load();
	if (!e) {
		pr_warn("--edge: loading the edge program: %s\n", strerror(errno));
		return -errno;
	}
	len = bpf_map__max_entries(e->maps.hosts) * sizeof(uint64_t);
	bits = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, bpf_map__fd(e->maps.hosts), 0);
	if (bits == MAP_FAILED) {
		err = -errno;
		goto out;
	}
	for (uint32_t i = 0; i < cfg.devices; i++) {
		uint32_t off;

		make_dev(cfg.net + 1 + i, &d);
		off = d.addr - 0xc6120000;
		if (d.answers)
			bits[off >> 6] |= 1ULL << (off & 63);
	}
	munmap(bits, len);
	err = bpf_xdp_attach((int)ifindex, bpf_program__fd(e->progs.lab_edge), XDP_FLAGS_DRV_MODE,
			     NULL);
out:
	if (err)
		pr_warn("--edge %s: %s\n", ifname, strerror(-err));
	edge__destroy(e);
	return err;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void on_signal(int s)
{
	stop = s;
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{"net", required_argument, NULL, 'n'},
		{"devices", required_argument, NULL, 'c'},
		{"seed", required_argument, NULL, 's'},
		{"infected", required_argument, NULL, 'i'},
		{"noise", required_argument, NULL, 'N'},
		{"silent", required_argument, NULL, 'S'},
		{"darknet", required_argument, NULL, 'k'},
		{"syn-rate", required_argument, NULL, 'r'},
		{"duration", required_argument, NULL, 'd'},
		{"truth", required_argument, NULL, 't'},
		{"notify-to", required_argument, NULL, 'T'},
		{"ieee-dir", required_argument, NULL, 'I'},
		{"truth-only", no_argument, NULL, 'o'},
		{"edge", required_argument, NULL, 'e'},
		{"hostile", required_argument, NULL, 'H'},
		{"hostile-net", required_argument, NULL, 'h'},
		{"plan", required_argument, NULL, 'p'},
		{"corpus", required_argument, NULL, 'C'},
		{"shapes", no_argument, NULL, 'D'},
		{},
	};
	const char *net = "198.18.0.0/16", *dark = "198.19.0.0/17", *hnet = "198.19.253.0/24";
	struct sim_http *http = NULL;
	uint32_t hmask;
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(1900)};
	int c, one = 1, udp, raw, truth_only = 0, dump = 0;
	uint16_t ports[SIM_MAX_PORTS];
	double start, next_syn;
	struct in_addr a;
	uint64_t nsyn = 0;
	unsigned cursor = 0;

	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 'n':
			net = optarg;
			break;
		case 'c':
			cfg.devices = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case 's':
			cfg.seed = strtoull(optarg, NULL, 10);
			break;
		case 'i':
			cfg.infected = atof(optarg);
			break;
		case 'N':
			cfg.noise = atof(optarg);
			break;
		case 'S':
			cfg.silent = atof(optarg);
			break;
		case 'k':
			dark = optarg;
			break;
		case 'r':
			cfg.syn_rate = atof(optarg);
			break;
		case 'd':
			cfg.duration = atof(optarg);
			break;
		case 't':
			cfg.truth = optarg;
			break;
		case 'I':
			cfg.ieee_dir = optarg;
			break;
		case 'o':
			truth_only = 1;
			break;
		case 'e':
			cfg.edge = optarg;
			break;
		case 'H':
			cfg.hostile = optarg;
			break;
		case 'p':
			cfg.plan = optarg;
			if (plan_load(optarg))
				return 2;
			break;
		case 'h':
			hnet = optarg;
			break;
		case 'C':
			cfg.corpus = optarg;
			break;
		case 'D':
			dump = 1;
			break;
		case 'T':
			if (!inet_aton(optarg, &a) || !in_lab(ntohl(a.s_addr))) {
				pr_warn("--notify-to %s: an address in 198.18.0.0/15\n", optarg);
				return 2;
			}
			cfg.notify_to = ntohl(a.s_addr);
			break;
		default:
			fprintf(stderr, "usage: ssdpsim [--net CIDR] [--devices N] [--seed S] "
					"[--infected F] [--noise F] [--silent F] [--darknet CIDR] "
					"[--syn-rate PPS] [--duration S] [--truth FILE] "
					"[--notify-to IP] [--edge IFACE] [--hostile FILE] "
					"[--hostile-net CIDR] [--plan FILE] [--corpus DIR] "
					"[--shapes]\n");
			return 2;
		}
	}
	if (parse_cidr(net, &cfg.net, &cfg.mask) ||
	    parse_cidr(dark, &cfg.dark_net, &cfg.dark_mask) ||
	    parse_cidr(hnet, &cfg.hostile_net, &hmask) || hmask != 0xffffff00) {
		pr_warn("--net and --darknet must be prefixes inside 198.18.0.0/15 (the lab's "
			"range), --hostile-net a /24 in it\n");
		return 2;
	}
	if (!cfg.devices || cfg.devices > ~cfg.mask - 1)
		cfg.devices = ~cfg.mask - 1;
	if (oui_load(&db, cfg.ieee_dir))
		return 1;
	if (shapes_load(cfg.corpus, &db, cfg.seed, dump ? stdout : NULL))
		return 1;
	if (dump) {
		shapes_dump(stdout);
		return 0;
	}
	if ((cfg.truth && write_truth()) || (cfg.hostile && write_hostile()))
		return 1;
	if (truth_only)
		return 0;
	if (cfg.edge && edge_attach(cfg.edge))
		return 1;
	/* descriptions on every device's LOCATION, and the hostile servers */
	if (!(http = sim_http_start(desc_lookup, cfg.hostile_net, ports,
				    shapes_ports(ports, SIM_MAX_PORTS))))
		return 1;

	udp = socket(AF_INET, SOCK_DGRAM, 0);
	raw = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	if (udp < 0 || raw < 0 || setsockopt(udp, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one)) ||
	    setsockopt(udp, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(udp, (struct sockaddr *)&sa, sizeof(sa))) {
		pr_warn("sockets: %s (root, inside the lab's namespace)\n", strerror(errno));
		return 1;
	}
	{
		/* a scan at line rate arrives in bursts: room for a whole /16 of M-SEARCH */
		int rcv = 64 << 20;

		if (setsockopt(udp, SOL_SOCKET, SO_RCVBUFFORCE, &rcv, sizeof(rcv)))
			setsockopt(udp, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof(rcv));
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	if (cfg.notify_to)
		notify_all(udp);
	start = next_syn = now_s();
	while (!stop && now_s() - start < cfg.duration) {
		struct pollfd p = {.fd = udp, .events = POLLIN};
		char buf[2048], cbuf[256];
		struct sockaddr_in from;
		struct iovec iov = {buf, sizeof(buf) - 1};
		struct msghdr mh = {.msg_name = &from,
				    .msg_namelen = sizeof(from),
				    .msg_iov = &iov,
				    .msg_iovlen = 1,
				    .msg_control = cbuf,
				    .msg_controllen = sizeof(cbuf)};
		double now;

		if (poll(&p, 1, 5) > 0) {
			/* drain what is there, then scan on */
			for (int k = 0; k < 4096; k++) {
				struct cmsghdr *cm;
				ssize_t n;

				mh.msg_namelen = sizeof(from);
				mh.msg_controllen = sizeof(cbuf);
				n = recvmsg(udp, &mh, MSG_DONTWAIT);
				if (n < 0)
					break;
				buf[n] = '\0';
				for (cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm))
					if (cm->cmsg_level == IPPROTO_IP &&
					    cm->cmsg_type == IP_PKTINFO)
						answer(udp,
						       ntohl(((struct in_pktinfo *)CMSG_DATA(cm))
								     ->ipi_addr.s_addr),
						       &from, buf);
			}
		}
		/* SYNs at --syn-rate, bounded by the duration: infected ones Mirai-style */
		now = now_s();
		while (cfg.syn_rate > 0 && next_syn <= now) {
			struct dev d;
			unsigned tries;

			next_syn += 1.0 / cfg.syn_rate;
			for (tries = 0; tries < 64; tries++) {
				make_dev(cfg.net + 1 + (cursor++ % cfg.devices), &d);
				if (d.infected || d.noise)
					break;
			}
			if (d.infected || d.noise) {
				uint32_t dst = cfg.dark_net |
					       ((uint32_t)mix(++nsyn ^ cfg.seed) & ~cfg.dark_mask);
				uint16_t port = mix(nsyn) % 10 ? 23 : 2323;

				syn(raw, d.addr, dst, port,
				    d.infected ? dst : (uint32_t)mix(nsyn + 7));
			}
		}
	}
	sim_http_stop(http);
	close(udp);
	close(raw);
	return 0;
}
