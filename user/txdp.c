// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * probe --tx xdp: the line-rate path. One M-SEARCH frame template; bpf/probe.bpf.c rewrites it
 * per target inside BPF_PROG_RUN with BPF_F_TEST_XDP_LIVE_FRAMES and sends it with XDP_TX, so
 * no socket, no copy and no syscall per packet. Targets go to the program in batches through a
 * memory-mapped array. -T N runs N such senders, each pinned to its own CPU, sharing the walk.
 * (On veth, the peer must have an XDP program to receive such frames.)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <net/if.h>
#include <pthread.h>
#include <sched.h>
#include <linux/if_arp.h>
#include <linux/if_link.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "clock.h"
#include "log.h"
#include "probe.h"
#include "probe_frame.h"
#include "probe.skel.h"
#include "ssdpmac.h"

#define TX_SLICE (1 << 20) /* the longest run of a thread (8 MiB of targets) */

/* The NIC's own MAC, asked of the kernel (sysfs may show another namespace's devices). */
static int if_mac(const char *ifname, uint8_t mac[6])
{
	struct ifreq ifr = {};
	int fd = socket(AF_INET, SOCK_DGRAM, 0), err = 0;

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (fd < 0 || ioctl(fd, SIOCGIFHWADDR, &ifr))
		err = -errno;
	else
		memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	if (fd >= 0)
		close(fd);
	if (err)
		pr_warn("%s: its MAC address: %s\n", ifname, strerror(-err));
	return err;
}

/* The next hop toward dst on ifname: the gateway of the best route, or dst itself. */
static uint32_t next_hop(const char *ifname, uint32_t dst)
{
	char line[256], ifn[32];
	unsigned long d, g, m;
	uint32_t best = dst;
	int best_len = -1;
	FILE *f = fopen("/proc/net/route", "r");

	while (f && fgets(line, sizeof(line), f)) {
		unsigned flags;

		if (sscanf(line, "%31s %lx %lx %x %*d %*d %*d %lx", ifn, &d, &g, &flags, &m) != 5 ||
		    strcmp(ifn, ifname))
			continue;
		if ((htonl(dst) & m) != d || __builtin_popcountl(m) <= best_len)
			continue;
		best_len = __builtin_popcountl(m);
		best = g ? ntohl((uint32_t)g) : dst;
	}
	if (f)
		fclose(f);
	return best;
}

/* The MAC of hop from the neighbour table; one datagram to the discard port asks for it. */
static int hop_mac(uint32_t hop, uint8_t mac[6])
{
	struct sockaddr_in sa = {
		.sin_family = AF_INET, .sin_port = htons(9), .sin_addr.s_addr = htonl(hop)};
	char want[32], line[256], ip[64], hw[64];
	int tries, fd;

	inet_ntop(AF_INET, &sa.sin_addr, want, sizeof(want));
	for (tries = 0; tries < 20; tries++) {
		FILE *f = fopen("/proc/net/arp", "r");
		unsigned m[6];

		while (f && fgets(line, sizeof(line), f)) {
			if (sscanf(line, "%63s %*s %*s %63s", ip, hw) == 2 && !strcmp(ip, want) &&
			    sscanf(hw, "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2], &m[3], &m[4],
				   &m[5]) == 6 &&
			    (m[0] | m[1] | m[2] | m[3] | m[4] | m[5])) {
				for (int i = 0; i < 6; i++)
					mac[i] = (uint8_t)m[i];
				fclose(f);
				return 0;
			}
		}
		if (f)
			fclose(f);
		fd = socket(AF_INET, SOCK_DGRAM, 0);
		if (fd >= 0) {
			sendto(fd, "", 0, 0, (struct sockaddr *)&sa, sizeof(sa));
			close(fd);
		}
		usleep(50000);
	}
	pr_warn("no neighbour entry for %s: is it on the link?\n", want);
	return -EHOSTUNREACH;
}

static uint32_t sum16(const uint8_t *p, size_t len, uint32_t s)
{
	for (size_t i = 0; i + 1 < len; i += 2)
		s += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		s += (uint32_t)(p[len - 1] << 8);
	return s;
}

int tx_template_build(const struct probe_opts *o, struct tx_template *t, bool ether)
{
	uint8_t *ip = t->frame + 14, *udp = t->frame + 34, hop_hw[6];
	uint32_t src = o->source, psum;
	size_t plen;
	int err;

	memset(t, 0, sizeof(*t));
	if (ether && o->targets.n6) {
		pr_warn("--tx xdp and --tx packet send IPv4 only; IPv6 targets take --tx socket\n");
		return -EINVAL;
	}
	if (!src && (err = route_source4(o->targets.r[0].start, &src))) {
		pr_warn("no route to the targets: %s\n", strerror(-err));
		return err;
	}
	if (ether) {
		t->ifindex = o->ifname ? (int)if_nametoindex(o->ifname) : 0;
		if (!t->ifindex) {
			pr_warn("--tx xdp and --tx packet need -i IFACE, the NIC to send from\n");
			return -ENODEV;
		}
		if (if_mac(o->ifname, t->frame + 6))
			return -ENODEV;
		if (o->gw_set)
			memcpy(hop_hw, o->gw_mac, 6);
		else if (hop_mac(next_hop(o->ifname, o->targets.r[0].start), hop_hw))
			return -EHOSTUNREACH;
		memcpy(t->frame, hop_hw, 6);
		t->frame[12] = 0x08;
	}
	/* HOST names the multicast group, as ZMap's upnp probe does: one payload for all */
	plen = (size_t)snprintf((char *)udp + 8, sizeof(t->frame) - 42,
				"M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\n"
				"MAN: \"ssdp:discover\"\r\nMX: 1\r\nST: %s\r\n\r\n",
				o->st);
	t->flen = 42 + plen;
	ip[0] = 0x45;
	ip[2] = (uint8_t)((20 + 8 + plen) >> 8), ip[3] = (uint8_t)(20 + 8 + plen);
	ip[8] = 64;
	ip[9] = 17;
	ip[12] = src >> 24, ip[13] = src >> 16, ip[14] = src >> 8, ip[15] = (uint8_t)src;
	udp[2] = o->port >> 8, udp[3] = o->port & 0xff;
	udp[4] = (uint8_t)((8 + plen) >> 8), udp[5] = (uint8_t)(8 + plen);
	psum = sum16(ip + 12, 4, 17 + (uint32_t)(8 + plen)); /* pseudo header, daddr 0 */
	t->ip_sum = sum16(ip, 20, 0);
	t->udp_sum = sum16(udp, 8 + plen, psum);
	return 0;
}

/* What the sender threads share: the walk of the target space (under the lock) and the run. */
struct tx_shared {
	struct probe_opts *o;
	struct probe_stats *st;
	volatile int *stop;
	struct probe *skel;
	uint64_t *targets; /* `slice` entries per thread, memory-mapped */
	uint32_t slice;	   /* the longest run */
	struct tx_template tt;
	struct cyclic cyc;
	pthread_mutex_t lock;
	bool more;
	bool pass_attached; /* probe_pass put on the NIC by tx_ring_ready() */
	int err;	    /* the first thread's error; read and written under the lock */
};

struct tx_thread {
	struct tx_shared *sh;
	pthread_t th;
	unsigned idx;
	int cpu;
};

static void tx_fail(struct tx_shared *sh, int err)
{
	pthread_mutex_lock(&sh->lock);
	if (!sh->err)
		sh->err = err;
	pthread_mutex_unlock(&sh->lock);
}

/* Up to max probes for the next targets of the walk, in its order, the reserved ranges left
 * out; a target's -P probes are never split between runs. 0: the walk is done, or failed. */
static uint32_t tx_fill(struct tx_shared *sh, uint64_t *slice, uint32_t max)
{
	struct probe_opts *o = sh->o;
	uint32_t n = 0, v4;
	struct in6_addr v6;
	uint64_t idx;

	pthread_mutex_lock(&sh->lock);
	while (!sh->err && n + o->per_target <= max && sh->more &&
	       (sh->more = cyclic_next(&sh->cyc, &idx))) {
		targets_at(&o->targets, idx, &v4, &v6);
		sh->st->done++;
		if (blocklist_why(&o->block, v4)) {
			sh->st->blocked++;
			continue;
		}
		for (unsigned rep = 0; rep < o->per_target; rep++)
			slice[n++] = htonl(v4);
	}
	pthread_mutex_unlock(&sh->lock);
	return n;
}

static void *tx_thread(void *arg)
{
	struct tx_thread *t = arg;
	struct tx_shared *sh = t->sh;
	struct probe_opts *o = sh->o;
	struct xdp_md xctx = {.ingress_ifindex = (__u32)sh->tt.ifindex,
			      /* the kernel checks it against the frame size */
			      .data_end = (__u32)sh->tt.flen};
	double rate = o->rate / o->threads, next = mono_now();
	uint32_t base = t->idx * sh->slice, n;
	/*
	 * Each run costs a page pool's setup and teardown (~25 ms here, much of it waiting), so a
	 * thread manages at most ~40 runs a second: runs are 50 ms worth of this thread's rate (at
	 * least 64 frames, at most a slice), and the rate limit paces them. Below a few thousand
	 * probes a second that is still a burst every 50 ms: --tx packet paces per batch of 64.
	 */
	uint32_t per_run = rate / 20 < 64	  ? 64
			   : rate / 20 > TX_SLICE ? TX_SLICE
						  : (uint32_t)(rate / 20);
	struct tx_cursor *cur = &sh->skel->bss->cursors[t->cpu];
	cpu_set_t one;
	int err;

	if (per_run > sh->slice)
		per_run = sh->slice;
	CPU_ZERO(&one);
	CPU_SET(t->cpu, &one);
	if ((err = pthread_setaffinity_np(pthread_self(), sizeof(one), &one))) {
		pr_warn("pinning a sender thread to CPU %d: %s\n", t->cpu, strerror(err));
		tx_fail(sh, -err);
		return NULL;
	}
	while (!*sh->stop && (n = tx_fill(sh, sh->targets + base, per_run))) {
		LIBBPF_OPTS(bpf_test_run_opts, ro, .data_in = sh->tt.frame,
			    .data_size_in = (__u32)sh->tt.flen, .ctx_in = &xctx,
			    .ctx_size_in = sizeof(xctx), .flags = BPF_F_TEST_XDP_LIVE_FRAMES,
			    .repeat = n, .batch_size = 64);

		cur->next = base;
		cur->end = base + n;
		if (bpf_prog_test_run_opts(bpf_program__fd(sh->skel->progs.probe_tx), &ro)) {
			err = -errno;
			pr_warn("sending with XDP live frames on %s: %s (kernel >= 5.18)\n",
				o->ifname, strerror(-err));
			tx_fail(sh, err);
			return NULL;
		}
		__atomic_fetch_add(&sh->st->sent, n, __ATOMIC_RELAXED);
		next += n / rate;
		while (mono_now() < next && !*sh->stop)
			usleep(next - mono_now() > 0.001 ? 1000 : 100);
	}
	return NULL;
}

/*
 * XDP_TX out of a NIC goes through its XDP transmit rings, which many drivers only set up while
 * an XDP program is attached (veth instead needs one on the peer). With none on the NIC, put a
 * pass-through one there for the run; without native XDP the frames would be dropped unseen, so
 * that is an error.
 */
static int tx_ring_ready(struct tx_shared *sh)
{
	__u32 id = 0;
	int err;

	if (bpf_xdp_query_id(sh->tt.ifindex, XDP_FLAGS_DRV_MODE, &id) == 0 && id)
		return 0;
	err = bpf_xdp_attach(sh->tt.ifindex, bpf_program__fd(sh->skel->progs.probe_pass),
			     XDP_FLAGS_DRV_MODE | XDP_FLAGS_UPDATE_IF_NOEXIST, NULL);
	if (err) {
		pr_warn("--tx xdp: %s takes no native XDP program (%s): its driver cannot send "
			"XDP frames; use --tx packet\n",
			sh->o->ifname, strerror(-err));
		return err;
	}
	sh->pass_attached = true;
	pr_info("%s: a pass-through XDP program for the run (the driver's XDP transmit rings)\n",
		sh->o->ifname);
	return 0;
}

/* The CPUs this process may run on, the first n of them. */
static int tx_cpus(unsigned n, int *cpus)
{
	cpu_set_t set;
	unsigned got = 0;

	if (sched_getaffinity(0, sizeof(set), &set))
		return -errno;
	for (int c = 0; c < CPU_SETSIZE && c < TX_CPUS && got < n; c++)
		if (CPU_ISSET(c, &set))
			cpus[got++] = c;
	if (got < n) {
		pr_warn("-T %u: this process may run on %u CPUs (below %d); one thread a CPU\n", n,
			got, TX_CPUS);
		return -EINVAL;
	}
	return 0;
}

int probe_run_xdp(struct probe_opts *o, struct probe_stats *st, volatile int *stop)
{
	struct tx_shared sh = {.o = o, .st = st, .stop = stop, .more = true};
	struct tx_thread *th = NULL;
	size_t len = 0;
	unsigned i, started = 0;
	int *cpus = NULL, err;

	memset(st, 0, sizeof(*st));
	st->targets = targets_total(&o->targets);
	pthread_mutex_init(&sh.lock, NULL);
	sh.targets = MAP_FAILED;
	if ((err = tx_template_build(o, &sh.tt, true)))
		return err;
	th = calloc(o->threads, sizeof(*th));
	cpus = calloc(o->threads, sizeof(*cpus));
	if (!th || !cpus) {
		err = -ENOMEM;
		goto out;
	}
	if ((err = tx_cpus(o->threads, cpus)) ||
	    (err = cyclic_init(&sh.cyc, st->targets, o->seed, o->shards, o->shard)))
		goto out;
	sh.skel = probe__open();
	if (!sh.skel) {
		err = -errno;
		goto out;
	}
	sh.skel->rodata->port_key = o->key;
	sh.skel->rodata->ip_sum = sh.tt.ip_sum;
	sh.skel->rodata->udp_sum = sh.tt.udp_sum;
	/* the threads share small scans evenly; large ones go in runs of up to TX_SLICE */
	{
		uint64_t each = (st->targets * o->per_target + o->threads - 1) / o->threads;

		sh.slice = each < o->per_target ? o->per_target
			   : each > TX_SLICE	? TX_SLICE
						: (uint32_t)each;
	}
	bpf_map__set_max_entries(sh.skel->maps.tx_targets, o->threads * sh.slice);
	if ((err = probe__load(sh.skel))) {
		pr_warn("loading the XDP sender: %s\n", strerror(-err));
		goto out;
	}
	len = (size_t)o->threads * sh.slice * sizeof(uint64_t);
	sh.targets = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED,
			  bpf_map__fd(sh.skel->maps.tx_targets), 0);
	if (sh.targets == MAP_FAILED) {
		err = -errno;
		goto out;
	}
	if ((err = tx_ring_ready(&sh)))
		goto out;
	st->start = mono_now();
	for (i = 0; i < o->threads; i++) {
		th[i] = (struct tx_thread){.sh = &sh, .idx = i, .cpu = cpus[i]};
		if ((err = pthread_create(&th[i].th, NULL, tx_thread, &th[i]))) {
			tx_fail(&sh, -err);
			break;
		}
		started++;
	}
	for (i = 0; i < started; i++)
		pthread_join(th[i].th, NULL);
	st->end = mono_now();
	err = sh.err;
out:
	if (sh.pass_attached &&
	    bpf_xdp_detach(sh.tt.ifindex, XDP_FLAGS_DRV_MODE,
			   &(struct bpf_xdp_attach_opts){
				   .sz = sizeof(struct bpf_xdp_attach_opts),
				   .old_prog_fd = bpf_program__fd(sh.skel->progs.probe_pass)}))
		pr_warn("%s: removing the pass-through XDP program: %s\n", o->ifname,
			strerror(errno));
	if (sh.targets != MAP_FAILED)
		munmap(sh.targets, len);
	probe__destroy(sh.skel);
	pthread_mutex_destroy(&sh.lock);
	free(th);
	free(cpus);
	return err;
}
