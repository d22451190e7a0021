// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * make bench: per-packet cost of the XDP classifier through BPF_PROG_TEST_RUN as ratios to a
 * bare XDP_PASS program measured in the same run, and the IEEE registry load and lookup times.
 */
#include <bpf/libbpf.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "log.h"
#include "frame.h"
#include "devices.h"
#include "oui.h"
#include "bench.h"

double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/*
 * The userspace consumer path (decode, vendor lookup, device dedup, counters) on recorded
 * events: 2M events from 200k devices, mostly v1 with real MACs, some random nodes and v4; best
 * of three runs. Every event comes from a new address, so with output each writes a record (a
 * device's record is written again when it shows a new address).
 */
static void consumer(FILE *res, const struct oui_db *db)
{
	const size_t n = 2000000, ndev = 200000;
	struct ssdp_event *evs = calloc(n, sizeof(*evs));
	struct devtab t;
	double t0, dt;
	size_t i, k;
	int pass;

	for (i = 0; i < n; i++) {
		struct ssdp_event *e = &evs[i];
		uint32_t d = (uint32_t)((i * 2654435761u) % ndev), a = (uint32_t)i;

		e->flags = SSDP_EV_UUID;
		e->ts_ns = i;
		memcpy(e->saddr, &a, 4);
		memcpy(e->uuid, "\xf8\x1d\x4f\xae\x7d\xec\x11\xd0\xa7\x65", 10);
		/* real prefixes: walk the registry table */
		for (k = (d * 7919u) & db->mask; !db->slots[k].key; k = (k + 1) & db->mask)
			;
		e->uuid[10] = (uint8_t)(db->slots[k].key >> 16 & 0xfc);
		e->uuid[11] = (uint8_t)(db->slots[k].key >> 8);
		e->uuid[12] = (uint8_t)db->slots[k].key;
		e->uuid[13] = (uint8_t)(d >> 16);
		e->uuid[14] = (uint8_t)(d >> 8);
		e->uuid[15] = (uint8_t)d;
		if (d % 10 == 7)
			e->uuid[10] |= 0x01; /* random node */
		if (d % 10 == 8)
			e->uuid[6] = 0x40 | (e->uuid[6] & 0x0f); /* version 4 */
		memcpy(e->usn, "uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6", 41);
		e->usn_len = 41;
	}
	fprintf(res,
		"\n# userspace consumer: decode + vendor + device dedup + counters, one core\n");
	for (pass = 0; pass < 2; pass++) {
		double best = 1e18;
		size_t ndevs = 0;

		/* best of three, as the BPF figures are best of five: this host is shared */
		for (int run = 0; run < 3; run++) {
			devtab_init(&t, db, 1 << 22);
			if (pass)
				t.out = fopen("/dev/null", "w");
			t0 = now_ns();
			devtab_events(&t, evs, n);
			dt = (now_ns() - t0) / 1e9;
			best = dt < best ? dt : best;
			ndevs = t.ndevs;
			if (t.out)
				fclose(t.out);
			devtab_free(&t);
		}
		fprintf(res, "%-40s %8.2f M events/s (%s%zu devices)\n",
			pass ? "with JSON Lines, a record per event" : "consumer path",
			n / best / 1e6, pass ? "" : "target >= 5; ", ndevs);
	}
	free(evs);
}

int main(int argc, char **argv)
{
	int quick = argc > 1 && !strcmp(argv[1], "--quick");
	const char *out = argc > 1 + quick ? argv[1 + quick] : "tests/results/bench.txt";

	if (argc > 2 + quick || (argc > 1 + quick && out[0] == '-')) {
		fprintf(stderr, "usage: bench [--quick] [RESULTS-FILE] (default "
				"tests/results/bench.txt; root)\n"
				"  --quick: the classifier's first table only, while working on it\n");
		return 2;
	}
	struct oui_db db;
	FILE *res;
	double t, t0;
	int i;
	uint8_t mac[6] = {};
	volatile uintptr_t sink = 0;

	log_level = 0;
	libbpf_set_print(NULL); /* quiet: a failed load is reported below */
	res = fopen(out, "w");
	if (!res) {
		perror(out);
		return 1;
	}
	fprintf(res, "# make bench, %s", ctime(&(time_t){time(NULL)}));
	print_cpu(res);
	if (classifier_bench(res, "tests/results/worst-frame.bin", quick))
		return 1;
	if (quick) {
		fclose(res);
		return 0;
	}

	t0 = now_ns();
	if (oui_load(&db, NULL))
		return 1;
	t = (now_ns() - t0) / 1e6;
	fprintf(res, "\n# IEEE registries (Debian ieee-data)\n");
	fprintf(res, "%-40s %8.1f ms (target < 100)\n", "load oui+mam+oui36+iab", t);
	t0 = now_ns();
	for (i = 0; i < 20000000; i++) {
		uint32_t x = (uint32_t)i * 2654435761u;

		mac[0] = (x >> 24) & 0xfc;
		mac[1] = x >> 16;
		mac[2] = x >> 8;
		mac[3] = x;
		sink += (uintptr_t)oui_lookup(&db, mac);
	}
	t = (now_ns() - t0) / 20000000;
	fprintf(res, "%-40s %8.1f ns (target < 100)\n", "lookup, random MACs", t);
	consumer(res, &db);
	fclose(res);
	oui_free(&db);
	(void)sink;
	return 0;
}
