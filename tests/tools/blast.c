// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * blast: send a mix of frames out of an interface at the highest rate XDP live frames give
 * (BPF_PROG_RUN + XDP_TX, bpf/blast.bpf.c), from one thread per CPU, for a bounded time; then
 * print what was sent and the outcome the host build of the classifier gives each frame, so the
 * lab's rate test (tests/rate.sh) can hold the classifier's counters to it.
 *
 *   blast -i IFACE [-t SECONDS] [-T THREADS] [-m replies|hostile|both]
 *
 * replies: the corpus (tests/data/ssdp) from 64 source addresses; hostile: every row of
 * tests/hostile.h. Prints "sent N", "seconds S", then "expect LABEL N" for each outcome that no
 * dedup or ringbuf can change and "expect replies N" for the frames that carry an event (each
 * ends as a first sighting, duplicate or ringbuf_full).
 */
#define _GNU_SOURCE
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <net/if.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "hostile.h"
#include "parse.h"
#include "blast.h"
#include "blast.skel.h"

static struct blast_template tmpl[BLAST_TEMPLATES];
static int outcome_of[BLAST_TEMPLATES];
static unsigned ntmpl;

static void add(const uint8_t *f, size_t len)
{
	struct ssdp_cfg cfg = {}; /* as classify loads it: any destination port */
	struct ssdp_event ev;

	if (ntmpl >= BLAST_TEMPLATES || len > BLAST_FRAME_MAX || len < 60)
		return;
	memcpy(tmpl[ntmpl].bytes, f, len);
	tmpl[ntmpl].len = (__u32)len;
	outcome_of[ntmpl++] = host_parse_frame(f, len, &cfg, &ev);
}

static void corpus(void)
{
	static uint8_t f[BLAST_FRAME_MAX + 64];
	DIR *d = opendir("tests/data/ssdp");
	struct dirent *e;
	char path[512];
	size_t len, flen;
	uint8_t *msg;
	int src = 0;

	while (d && (e = readdir(d)) && ntmpl < BLAST_TEMPLATES / 2) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "tests/data/ssdp/%s", e->d_name);
		msg = slurp(path, &len);
		for (int k = 0; k < 4 && len <= 1400; k++, src++)
			if ((flen = frame_build(f, sizeof(f), msg, len,
						&(struct frame_opts){.src4 = 0xc6120000u + src})))
				add(f, flen);
		free(msg);
	}
	if (d)
		closedir(d);
}

static void hostile(void)
{
	static uint8_t f[2048];

	for (size_t i = 0; i < HOSTILE_N; i++)
		add(f, hostile_frame(&hostile_table[i], 0, HOSTILE_KEY, f, sizeof(f)));
}

struct thread {
	pthread_t th;
	int cpu, fd, ifindex, err;
	double until;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *run(void *arg)
{
	struct thread *t = arg;
	static const uint8_t frame[BLAST_FRAME_MAX];
	struct xdp_md ctx = {.ingress_ifindex = (__u32)t->ifindex, .data_end = BLAST_FRAME_MAX};
	cpu_set_t one;

	CPU_ZERO(&one);
	CPU_SET(t->cpu, &one);
	if ((t->err = pthread_setaffinity_np(pthread_self(), sizeof(one), &one)))
		return NULL;
	while (now() < t->until) {
		/* a run of 64k frames: the page pool's set-up is paid once a run */
		LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = frame, .data_size_in = sizeof(frame),
			    .ctx_in = &ctx, .ctx_size_in = sizeof(ctx),
			    .flags = BPF_F_TEST_XDP_LIVE_FRAMES, .repeat = 1 << 16,
			    .batch_size = 64);

		if (bpf_prog_test_run_opts(t->fd, &o)) {
			t->err = errno;
			return NULL;
		}
	}
	return NULL;
}

int main(int argc, char **argv)
{
	const char *ifname = NULL, *mix = "both";
	double seconds = 2, t0;
	unsigned threads = 1, i, k;
	struct thread th[BLAST_CPUS] = {};
	unsigned long long per[SSDP_OUT_MAX] = {0}, total = 0, replies = 0;
	struct blast *skel;
	int c;

	while ((c = getopt(argc, argv, "i:t:T:m:")) != -1) {
		if (c == 'i')
			ifname = optarg;
		else if (c == 't')
			seconds = atof(optarg);
		else if (c == 'T')
			threads = (unsigned)atoi(optarg);
		else if (c == 'm')
			mix = optarg;
		else
			return 2;
	}
	if (!ifname || !if_nametoindex(ifname) || seconds <= 0 || seconds > 60 || !threads ||
	    threads > BLAST_CPUS) {
		fprintf(stderr,
			"usage: blast -i IFACE [-t SECONDS<=60] [-T THREADS<=%d] "
			"[-m replies|hostile|both]\n",
			BLAST_CPUS);
		return 2;
	}
	if (strcmp(mix, "hostile"))
		corpus();
	if (strcmp(mix, "replies"))
		hostile();
	libbpf_set_print(NULL);
	skel = blast__open();
	if (!skel)
		return 1;
	skel->rodata->ntemplates = ntmpl;
	if (blast__load(skel)) {
		fprintf(stderr, "blast: cannot load bpf/blast.bpf.c (root?)\n");
		return 1;
	}
	for (k = 0; k < ntmpl; k++)
		if (bpf_map_update_elem(bpf_map__fd(skel->maps.templates), &k, &tmpl[k], 0))
			return 1;
	t0 = now();
	for (i = 0; i < threads; i++) {
		th[i] = (struct thread){.cpu = (int)i,
					.fd = bpf_program__fd(skel->progs.blast_tx),
					.ifindex = (int)if_nametoindex(ifname),
					.until = t0 + seconds};
		pthread_create(&th[i].th, NULL, run, &th[i]);
	}
	for (i = 0; i < threads; i++) {
		pthread_join(th[i].th, NULL);
		if (th[i].err) {
			fprintf(stderr, "blast: CPU %d: %s\n", th[i].cpu, strerror(th[i].err));
			return 1;
		}
	}
	t0 = now() - t0;
	for (i = 0; i < BLAST_CPUS; i++)
		for (k = 0; k < ntmpl; k++) {
			unsigned long long n = skel->bss->sent[i][k];

			total += n;
			if (ssdp_carries_event(outcome_of[k]))
				replies += n;
			else
				per[outcome_of[k]] += n;
		}
	printf("sent %llu\nseconds %.3f\ntemplates %u\nexpect replies %llu\n", total, t0, ntmpl,
	       replies);
	for (k = 0; k < SSDP_OUT_MAX; k++)
		if (per[k])
			printf("expect %s %llu\n", outcome_name((int)k), per[k]);
	blast__destroy(skel);
	return 0;
}
