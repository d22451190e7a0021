// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * ssdpmac sensor: the darknet sensor on a NIC (or over a capture). It keeps the scanners in a
 * pinned LRU map, serves /metrics, and writes the scanners as JSON Lines and as a plain address
 * list that `ssdpmac probe -w` takes.
 */
#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <errno.h>
#include <json-c/json.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "attach.h"
#include "cmd.h"
#include "clock.h"
#include "log.h"
#include "maps.h"
#include "opts.h"
#include "metrics.h"
#include "netinfo.h"
#include "pcapio.h"
#include "record.h"
#include "net_parse.h"
#include "sensor.h"
#include "sensor.skel.h"

#define WRITE_EVERY_S 5

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = sig;
}

struct sopts {
	struct xdp_opts x;
	double duration;
	const char *targets, *read;
	__u16 ports[SENSOR_MAX_PORTS];
	unsigned nports, min_syns;
	bool mirai_only, events;
	size_t max_scanners;
	struct netfiles net;
};

struct row {
	struct in6_addr addr;
	struct sensor_scanner s;
};

struct sensor_ctx {
	struct sensor *skel;
	struct sopts *o;
	int64_t mono_to_real;
	unsigned long long host_out[SENSOR_OUT_MAX]; /* --read: frames no test run could take */
	struct netdb *net;			     /* AS and country in each record; NULL: none */
};

static const struct opt sensor_rows[] = {
	OPT_ROW("read", 0, OPT_STR, struct sopts, read, "FILE",
		"a capture instead of -i, through BPF_PROG_TEST_RUN", .example = "x.pcap"),
	OPT_ROW("ports", 0, OPT_PORTLIST, struct sopts, ports, "LIST",
		"watched ports (default 23,2323; Mirai variants also scan\n"
		"37215,52869,5555,7547,8080), at most " OPT_NUM(SENSOR_MAX_PORTS),
		.old = 'p', .count = offsetof(struct sopts, nports) + 1, .max = SENSOR_MAX_PORTS,
		.example = "23,2323,37215"),
	OPT_ROW("targets", 0, OPT_STR, struct sopts, targets, "FILE",
		"scanners as a plain address list for `probe -w`", .example = "t.txt"),
	OPT_ROW("min-syns", 0, OPT_UINT, struct sopts, min_syns, "N",
		"only sources with at least N SYNs (default 1)", .max = UINT32_MAX, .example = "2"),
	OPT_ROW("mirai-only", 0, OPT_BOOL, struct sopts, mirai_only, NULL,
		"only sources that sent a fingerprinted SYN"),
	OPT_ROW("max-scanners", 0, OPT_UINT, struct sopts, max_scanners, "N",
		"the LRU's size (default 1048576); evictions are counted", .min = 1,
		.max = UINT32_MAX, .example = "1000"),
	OPT_ROW("events", 0, OPT_BOOL, struct sopts, events, NULL,
		"log each new scanner (-v shows them)"),
	{},
};

const struct opt_cmd sensor_cmd = {
	.name = "sensor",
	.synopsis = "-i IFACE [OPTIONS] | ssdpmac sensor --read FILE.pcap [OPTIONS]",
	.tables = {{xdp_rows},
		   {sensor_rows},
		   {duration_rows},
		   {net_rows, "Networks in the records"}},
};

static int parse_sopts(int argc, char **argv, struct sopts *o)
{
	void *const cfgs[] = {&o->x, o, &o->duration, &o->net};
	int ret, first;

	*o = (struct sopts){.x.pin_dir = PIN_DIR_DEFAULT,
			    .x.metrics = "127.0.0.1:9478",
			    .ports = {23, 2323},
			    .nports = 2,
			    .min_syns = 1,
			    .max_scanners = 1 << 20};
	if ((ret = opt_parse(&sensor_cmd, cfgs, argc, argv, &first)) != OPT_GO)
		return ret;
	if (!!o->x.ifname == !!o->read) {
		pr_warn("sensor: -i IFACE or --read FILE, one of them\n");
		return 2;
	}
	return OPT_GO;
}

/* Every scanner in the map, in batches (one syscall per 4096). */
static int snapshot(int fd, struct row **rows, size_t *n)
{
	size_t cap = 4096, got = 0;
	struct in6_addr *keys = NULL;
	struct sensor_scanner *vals = NULL;
	__u8 token[sizeof(struct in6_addr)];
	bool first = true;
	int err = 0;

	*rows = NULL;
	keys = malloc(4096 * sizeof(*keys));
	vals = malloc(4096 * sizeof(*vals));
	*rows = malloc(cap * sizeof(**rows));
	if (!keys || !vals || !*rows) {
		err = -ENOMEM;
		goto out;
	}
	for (;;) {
		__u32 count = 4096, i;
		LIBBPF_OPTS(bpf_map_batch_opts, bo);

		err = bpf_map_lookup_batch(fd, first ? NULL : token, token, keys, vals, &count,
					   &bo);
		if (err && errno != ENOENT) {
			err = -errno;
			goto out;
		}
		if (got + count > cap) {
			struct row *r;

			while (got + count > cap)
				cap *= 2;
			r = realloc(*rows, cap * sizeof(*r));
			if (!r) {
				err = -ENOMEM;
				goto out;
			}
			*rows = r;
		}
		for (i = 0; i < count; i++) {
			(*rows)[got].addr = keys[i];
			(*rows)[got++].s = vals[i];
		}
		if (err) /* ENOENT: that was the last batch */
			break;
		first = false;
	}
	err = 0;
out:
	*n = got;
	free(keys);
	free(vals);
	return err;
}

static bool wanted(const struct sopts *o, const struct sensor_scanner *s)
{
	return s->syns >= o->min_syns && (!o->mirai_only || s->mirai_syns);
}

static void addr_text(const struct in6_addr *a, char *buf, size_t len)
{
	if (IN6_IS_ADDR_V4MAPPED(a))
		inet_ntop(AF_INET, &a->s6_addr[12], buf, len);
	else
		inet_ntop(AF_INET6, a, buf, len);
}

/* Write FILE through FILE.tmp and a rename: a reader never sees half a list. */
static int write_lists(struct sensor_ctx *sc, bool final)
{
	const struct sopts *o = sc->o;
	char tmp_o[4096], tmp_t[4096], buf[64];
	FILE *fo = NULL, *ft = NULL;
	struct row *rows;
	size_t n, i, j;
	int err;

	if (!o->x.output && !o->targets)
		return 0;
	if (o->x.output && !strcmp(o->x.output, "-") && !final)
		return 0;
	err = snapshot(bpf_map__fd(sc->skel->maps.scanners), &rows, &n);
	if (err) {
		pr_warn("reading the scanners map: %s\n", strerror(-err));
		return err;
	}
	if (o->x.output) {
		if (!strcmp(o->x.output, "-")) {
			fo = stdout;
		} else {
			snprintf(tmp_o, sizeof(tmp_o), "%s.tmp", o->x.output);
			fo = fopen(tmp_o, "w");
		}
	}
	if (o->targets) {
		snprintf(tmp_t, sizeof(tmp_t), "%s.tmp", o->targets);
		ft = fopen(tmp_t, "w");
	}
	if ((o->x.output && !fo) || (o->targets && !ft)) {
		err = -errno;
		goto out;
	}
	for (i = 0; i < n; i++) {
		const struct sensor_scanner *s = &rows[i].s;

		if (!wanted(o, s))
			continue;
		addr_text(&rows[i].addr, buf, sizeof(buf));
		if (ft)
			fprintf(ft, "%s\n", buf);
		if (fo) {
			json_object *jo = json_object_new_object(), *p = json_object_new_array();

			json_object_object_add(jo, "addr", json_object_new_string(buf));
			if (sc->net) { /* who serves it */
				struct netinfo ni;

				netdb_lookup(sc->net, buf, &ni);
				netdb_add_json(jo, &ni);
			}
			record_iso_ns((int64_t)s->first_ns + sc->mono_to_real, buf, sizeof(buf));
			json_object_object_add(jo, "first_seen", json_object_new_string(buf));
			record_iso_ns((int64_t)s->last_ns + sc->mono_to_real, buf, sizeof(buf));
			json_object_object_add(jo, "last_seen", json_object_new_string(buf));
			json_object_object_add(jo, "syns", json_object_new_int64((int64_t)s->syns));
			json_object_object_add(jo, "mirai_syns",
					       json_object_new_int64((int64_t)s->mirai_syns));
			json_object_object_add(jo, "mirai",
					       json_object_new_boolean(s->mirai_syns > 0));
			for (j = 0; j < o->nports; j++)
				if (s->ports & (1u << j))
					json_object_array_add(p, json_object_new_int(o->ports[j]));
			json_object_object_add(jo, "ports", p);
			fprintf(fo, "%s\n",
				json_object_to_json_string_ext(jo, JSON_C_TO_STRING_PLAIN));
			json_object_put(jo);
		}
	}
	err = 0;
	if (fo && (fflush(fo) || ferror(fo)))
		err = -errno;
	if (ft && (fflush(ft) || ferror(ft)))
		err = -errno;
out:
	/* a full disk may only show at fclose(); then no half-written *.tmp stays behind */
	if (fo && fo != stdout && fclose(fo) && !err)
		err = -errno;
	if (ft && fclose(ft) && !err)
		err = -errno;
	if (!err && fo && fo != stdout && rename(tmp_o, o->x.output))
		err = -errno;
	if (!err && ft && rename(tmp_t, o->targets))
		err = -errno;
	if (err) {
		if (fo && fo != stdout)
			unlink(tmp_o);
		if (ft)
			unlink(tmp_t);
		pr_warn("writing the scanner lists: %s\n", strerror(-err));
	}
	free(rows);
	return err;
}

static int sensor_metrics(FILE *f, void *ctx)
{
	static const char *const names[] = {
#define N_(e, l, h) l,
		SENSOR_OUTCOMES(N_)
#undef N_
	};
	struct sensor_ctx *sc = ctx;
	unsigned long long mirai = 0, plain = 0, by_port[SENSOR_MAX_PORTS] = {}, inserted = 0;
	struct sensor_stats sum;
	struct row *rows = NULL;
	size_t n = 0, k;
	__u32 key = 0;
	int err, i;

	if ((err = percpu_sum(bpf_map__fd(sc->skel->maps.sensor_stats), key, &sum, sizeof(sum))))
		goto out;
	for (i = 0; i < SENSOR_OUT_MAX; i++) /* frames too long for a test run: counted here */
		sum.outcomes[i] += sc->host_out[i];
	inserted = sum.inserts;
	metrics_head(f, "ssdpmac_sensor_packets_total", "counter",
		     "Packets the darknet sensor saw, each in exactly one outcome.");
	for (i = 0; i < SENSOR_OUT_MAX; i++)
		fprintf(f, "ssdpmac_sensor_packets_total{outcome=\"%s\"} %llu\n", names[i],
			(unsigned long long)sum.outcomes[i]);
	metrics_head(f, "ssdpmac_sensor_syns_total", "counter",
		     "SYNs to watched ports, by port and by Mirai's fingerprint.");
	for (i = 0; i < (int)sc->o->nports; i++) {
		fprintf(f, "ssdpmac_sensor_syns_total{port=\"%u\",fingerprint=\"mirai\"} %llu\n",
			sc->o->ports[i], (unsigned long long)sum.ports[i].mirai_syns);
		fprintf(f, "ssdpmac_sensor_syns_total{port=\"%u\",fingerprint=\"none\"} %llu\n",
			sc->o->ports[i],
			(unsigned long long)(sum.ports[i].syns - sum.ports[i].mirai_syns));
	}
	if ((err = snapshot(bpf_map__fd(sc->skel->maps.scanners), &rows, &n)))
		goto out;
	for (k = 0; k < n; k++) {
		if (rows[k].s.mirai_syns)
			mirai++;
		else
			plain++;
		for (i = 0; i < (int)sc->o->nports; i++)
			by_port[i] += !!(rows[k].s.ports & (1u << i));
	}
	metrics_head(
		f, "ssdpmac_sensor_scanners", "gauge",
		"Sources in the scanners map, by whether any SYN carried Mirai's fingerprint.");
	fprintf(f, "ssdpmac_sensor_scanners{fingerprint=\"mirai\"} %llu\n", mirai);
	fprintf(f, "ssdpmac_sensor_scanners{fingerprint=\"none\"} %llu\n", plain);
	metrics_head(f, "ssdpmac_sensor_scanners_by_port", "gauge",
		     "Sources in the scanners map that hit each watched port.");
	for (i = 0; i < (int)sc->o->nports; i++)
		fprintf(f, "ssdpmac_sensor_scanners_by_port{port=\"%u\"} %llu\n", sc->o->ports[i],
			by_port[i]);
	metrics_head(f, "ssdpmac_sensor_scanners_inserted_total", "counter",
		     "New sources put into the scanners map.");
	fprintf(f, "ssdpmac_sensor_scanners_inserted_total %llu\n", inserted);
	metrics_head(f, "ssdpmac_sensor_scanners_evicted_total", "counter",
		     "Sources the LRU pushed out to make room (--max-scanners).");
	fprintf(f, "ssdpmac_sensor_scanners_evicted_total %llu\n",
		inserted > n ? inserted - n : 0ULL);
	err = ferror(f) ? -EIO : 0;
out:
	free(rows);
	return err;
}

static int on_new_scanner(void *ctx, void *data, size_t len)
{
	const struct sensor_event *ev = data;
	char buf[64];

	if (len < sizeof(*ev))
		return 0;
	addr_text((const struct in6_addr *)ev->addr, buf, sizeof(buf));
	pr_debug("sensor: new scanner %s (port %u%s)\n", buf, ev->port,
		 ev->mirai ? ", Mirai fingerprint" : "");
	return 0;
}

/* One frame of a capture (pcap_each()): every frame lands in one outcome, as on a NIC. */
static int run_frame(void *ctx, uint64_t no, int64_t ts_ns, const uint8_t *frame, size_t len)
{
	struct sensor_ctx *sc = ctx;
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = frame, .repeat = 1);

	if (!frame || len < ETH_HLEN_) { /* no Ethernet header: the test run would refuse it */
		sc->host_out[SENSOR_OUT_TRUNCATED]++;
		return 0;
	}
	/* the verdict reads headers only, all within the first ~1100 bytes (net_parse() masks its
	 * offsets to 0x3ff): a jumbo frame's head decides it exactly as the whole would */
	opts.data_size_in = (__u32)(len > TEST_RUN_MAX ? TEST_RUN_MAX : len);
	sc->skel->bss->capture_ns = (__u64)ts_ns;
	if (bpf_prog_test_run_opts(bpf_program__fd(sc->skel->progs.sensor_syn), &opts)) {
		pr_warn("%s: packet %llu: BPF_PROG_TEST_RUN refused the frame (%s): counted as "
			"truncated\n",
			sc->o->read, (unsigned long long)no, strerror(errno));
		sc->host_out[SENSOR_OUT_TRUNCATED]++;
	}
	return 0;
}

int cmd_sensor(int argc, char **argv)
{
	static const char *const pinned[] = {"scanners", "sensor_stats", NULL};
	struct metrics_server *ms = NULL;
	struct ring_buffer *rb = NULL;
	struct sensor_ctx sc = {};
	struct attach att = {};
	struct sopts o;
	struct netdb db;
	double start, last_write;
	int err, ret = 1;
	unsigned i;

	if ((err = parse_sopts(argc, argv, &o)) != OPT_GO)
		return err;
	if (xdp_capable("sensor loads an XDP program"))
		return 1;
	if (netfiles_open(&o.net, &db, &sc.net))
		return 1;
	/* live: the kernel's monotonic clock; a capture: its own packet times, Unix already */
	sc.mono_to_real = o.read ? 0 : mono_to_real_ns();
	sc.o = &o;
	sc.skel = sensor__open();
	if (!sc.skel) {
		pr_warn("opening the sensor's BPF object: %s\n", strerror(errno));
		goto out;
	}
	for (i = 0; i < o.nports; i++)
		sc.skel->rodata->ports[i] = o.ports[i];
	sc.skel->rodata->nports = o.nports;
	sc.skel->rodata->events_on = o.events;
	sc.skel->rodata->capture_clock = !!o.read;
	bpf_map__set_max_entries(sc.skel->maps.scanners, (__u32)o.max_scanners);

	if (o.read) {
		/* a capture: fresh maps, nothing pinned, nothing attached */
		if ((err = sensor__load(sc.skel))) {
			pr_warn("loading the sensor: %s\n", strerror(-err));
			goto out;
		}
		if (pcap_each(o.read, run_frame, &sc))
			goto out;
	} else {
		if (pin_dir_prepare(o.x.pin_dir) || pin_maps(sc.skel->obj, o.x.pin_dir, pinned))
			goto out;
		if (attach_xdp(&att, sc.skel->obj, "sensor_syn", o.x.ifname, o.x.mode, NULL,
			       o.x.pin_dir))
			goto out;
		pr_info("sensor: XDP on %s (%s mode), ports", o.x.ifname,
			attach_mode_name(att.mode));
		for (i = 0; i < o.nports; i++)
			pr_info("%s%u", i ? "," : " ", o.ports[i]);
		pr_info(", maps pinned under %s\n", o.x.pin_dir);
		if (o.events)
			rb = ring_buffer__new(bpf_map__fd(sc.skel->maps.sensor_events),
					      on_new_scanner, &sc, NULL);
		if (strcmp(o.x.metrics, "off")) {
			ms = metrics_start(o.x.metrics, sensor_metrics, &sc);
			if (!ms)
				goto out;
			pr_info("sensor: metrics on http://%s/metrics\n", o.x.metrics);
		}
		signal(SIGINT, on_signal);
		signal(SIGTERM, on_signal);
		start = last_write = mono_now();
		while (!stop && !(o.duration && mono_now() - start >= o.duration)) {
			if (rb)
				ring_buffer__poll(rb, 100);
			else
				usleep(100000);
			if (attach_gone(&att)) {
				pr_warn("interface %s is gone (deleted, or its namespace): "
					"stopping\n",
					o.x.ifname);
				goto out;
			}
			if (mono_now() - last_write >= WRITE_EVERY_S) {
				if (write_lists(&sc, false))
					goto out;
				last_write = mono_now();
			}
		}
	}
	if (write_lists(&sc, true))
		goto out;
	if (o.read && log_level >= 1)
		sensor_metrics(stderr, &sc);
	ret = 0;
out:
	metrics_stop(ms);
	detach_xdp(&att);
	ring_buffer__free(rb);
	sensor__destroy(sc.skel);
	netdb_close(&db);
	return ret;
}
