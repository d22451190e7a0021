// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * probe --tx xdp: the line-rate path. One M-SEARCH frame template; bpf/probe.bpf.c rewrites it
 * per target inside BPF_PROG_RUN with BPF_F_TEST_XDP_LIVE_FRAMES and sends it with XDP_TX, so
 * no socket, no copy and no syscall per packet. Targets go to the program in batches through a
 * memory-mapped array. -T N runs N such senders, each pinned to its own CPU, sharing the walk.
 * (On veth, the peer must have an XDP program to receive such frames.)
 */
#define _GNU_SOURCE
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <net/if.h>
#include <pthread.h>
#include <sched.h>
#include <linux/if_link.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "clock.h"
#include "log.h"
#include "probe.h"
#include "probe_frame.h"
#include "probe.skel.h"
#include "ssdpmac.h"

#define TX_SLICE (1 << 20) /* the longest run of a thread (8 MiB of targets) */

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
	double want = rate / 20 < 64 ? 64 : rate / 20;
	uint32_t per_run = want > sh->slice ? sh->slice : (uint32_t)want;
	struct tx_cursor *cur = &sh->skel->bss->cursors[t->cpu];
	cpu_set_t one;
	int err;

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
		pace_until(next, sh->stop);
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
		pr_warn("loading the XDP sender: %s (root, or CAP_BPF, CAP_NET_ADMIN and "
			"CAP_PERFMON)\n",
			strerror(-err));
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
