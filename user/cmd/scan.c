// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * ssdpmac scan: probe and classify in one process. The classifier attaches first (replies are
 * validated against this scan's port key), the prober sends from a thread, and after the last
 * probe a cooldown waits for late replies; then the report line, and the NIC as it was.
 */
#include <errno.h>
#include <stdio.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "classify.h"
#include "describe.h"
#include "record.h"
#include "cmd.h"
#include "clock.h"
#include "log.h"
#include "probe.h"

static volatile int stop, interrupted;

static void on_signal(int sig)
{
	stop = interrupted = sig;
}

struct sender {
	struct probe_opts *po;
	struct probe_stats st;
	volatile int done;
	int err;
};

static void *send_all(void *arg)
{
	struct sender *s = arg;

	s->err = s->po->tx_xdp ? probe_run_xdp(s->po, &s->st, &stop)
			       : probe_run(s->po, &s->st, &stop);
	s->done = 1;
	return NULL;
}

static void hms(double s, char *buf, size_t len)
{
	long t = (long)s;

	snprintf(buf, len, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
}

/* ZMap's progress line: elapsed, percent, sent, rate, replies, devices, vendors, ETA. */
static void progress(struct sender *s, struct classifier *c, double start, double cool_end)
{
	double now = mono_now(), el = now - start;
	double pct = s->st.targets ? 100.0 * (double)s->st.done / (double)s->st.targets : 100;
	double span = s->st.start ? (s->done ? s->st.end : now) - s->st.start : 0;
	/* a rate over the first instants says nothing (the first batch goes out at once) */
	double rate = span >= 0.25 || s->done ? (double)s->st.sent / (span + 1e-9) : 0;
	double eta = s->done ? (cool_end > now ? cool_end - now : 0)
			     : (pct > 0 ? el * (100 - pct) / pct : 0);
	char e1[32], e2[32];

	hms(el, e1, sizeof(e1));
	hms(eta, e2, sizeof(e2));
	fprintf(stderr,
		"\r%s %5.1f%%; sent %llu (%.0f p/s); replies %llu; devices %zu; vendors %zu; "
		"%s %s   ",
		e1, pct, (unsigned long long)s->st.sent, rate, (unsigned long long)c->t.events,
		c->t.ndevs + c->t.restored, c->t.nvendors, s->done ? "cooldown" : "ETA", e2);
}

struct scan_opts {
	double cooldown;
	bool pass;
	const char *describe;
};

static const struct opt scan_rows[] = {
	OPT_ROW("cooldown", 0, OPT_REAL, struct scan_opts, cooldown, "SECONDS",
		"wait for late replies after the last probe (default 5)", .example = "0.5"),
	OPT_ROW("pass", 0, OPT_BOOL, struct scan_opts, pass, NULL,
		"hand this scan's replies on to the host's stack (default: dropped\n"
		"in XDP once read: nothing listens on their ports, and the stack\n"
		"would answer each with ICMP unreachable)"),
	OPT_ROW("describe", 0, OPT_STR, struct scan_opts, describe, "FILE",
		"then fetch every device's description (as describe does, its\n"
		"defaults; reserved ranges as this scan's) into FILE",
		.example = "descriptions.jsonl"),
	{},
};

/* probe's table and the classifier's, composed: -i is in both and sets both. */
const struct opt_cmd scan_cmd = {
	.name = "scan",
	.synopsis = "-i IFACE [OPTIONS] TARGET... (addresses, prefixes a.b.c.d/n, IPv6 addresses)",
	.min_args = 0,
	.max_args = -1,
	.tables = {{probe_rows, "The prober (as probe has them)"},
		   {xdp_rows, "The classifier (as classify has them)"},
		   {ieee_rows},
		   {classifier_rows},
		   {scan_rows, "The scan"},
		   {net_rows, "Networks in the records"}},
};

/* Options for both halves: probe's, the classifier's (replies to this scan's ports only, from
 * the port probed, dropped in XDP unless --pass), the scan's. OPT_GO or the exit status. */
static int scan_options(int argc, char **argv, struct probe_opts *po, struct opts *co,
			struct scan_opts *so)
{
	void *const cfgs[] = {po, &co->x, &co->ieee_dir, co, so, &co->net};
	int err, first;

	classify_defaults(co);
	if ((err = probe_defaults(po)) == OPT_GO &&
	    (err = opt_parse(&scan_cmd, cfgs, argc, argv, &first)) == OPT_GO)
		err = probe_check(po, "scan", argc - first, argv + first);
	if (err == OPT_GO && !co->x.ifname) {
		pr_warn("scan: -i IFACE, the interface the replies arrive on\n");
		err = 2;
	}
	co->drop = !so->pass;
	co->cfg.ssdp_port = po->port;
	co->port_check = true;
	co->port_key = po->key;
	return err;
}

static void summary(const struct sender *s, struct classifier *c)
{
	pr_info("scan: %llu probes sent in %.2f s (%.0f/s), %llu blocked, %llu send errors; %llu "
		"replies, %llu unsolicited; %zu devices, %zu vendors\n",
		(unsigned long long)s->st.sent, s->st.end - s->st.start,
		(double)s->st.sent / (s->st.end - s->st.start + 1e-9),
		(unsigned long long)s->st.blocked, (unsigned long long)s->st.errors,
		(unsigned long long)c->t.events,
		(unsigned long long)classifier_outcome(c, SSDP_OUT_UNSOLICITED),
		c->t.ndevs + c->t.restored, c->t.nvendors);
}

/* The devices a scan found, as records, made anew at each read (describe_src). */
struct found_src {
	const struct devtab *t;
	size_t next;
};

static int found_next(void *ctx, json_object **rec)
{
	struct found_src *s = ctx;

	if (s->next == s->t->ndevs)
		return 0;
	if (!(*rec = device_record(s->t, &s->t->devs[s->next]))) {
		pr_warn("describe: out of memory\n");
		return -ENOMEM;
	}
	s->next++;
	return 1;
}

static int found_rewind(void *ctx)
{
	((struct found_src *)ctx)->next = 0;
	return 0;
}

/* scan --describe: every device found, its description fetched, to path; /metrics counts. */
static int describe_found(struct classifier *c, const struct probe_opts *po, const char *path)
{
	static struct describe d;
	struct found_src found = {.t = &c->t};
	const struct describe_src src = {found_next, found_rewind, &found};
	struct describe_run *run = NULL;
	FILE *f = fopen(path, "w");
	int err = -ENOMEM;

	if (!f) {
		pr_warn("--describe %s: %s\n", path, strerror(errno));
		return -errno;
	}
	if (describe_init(&d)) {
		pr_warn("describe: out of memory\n");
		goto out;
	}
	d.block = &po->block; /* the scan's reserved ranges and --allow-reserved */
	c->src.extra_ctx = &d;
	c->src.extra = describe_metrics;
	if (!(err = describe_plan(&d, &src, &run)) && !(err = describe_write(run, f, path, &stop)))
		describe_summary(&d, describe_records(run));
	describe_run_free(run);
	describe_free(&d); /* its counters stay for /metrics */
out:
	if (fclose(f) && !err) {
		err = -errno;
		pr_warn("--describe %s: %s\n", path, strerror(-err));
	}
	return err;
}

int cmd_scan(int argc, char **argv)
{
	static struct classifier c;
	struct probe_opts po;
	struct scan_opts so = {.cooldown = 5};
	struct sender s = {};
	double start, cool_end = 0, last = 0;
	pthread_t th;
	bool started = false;
	int err, ret = 1;

	if ((err = scan_options(argc, argv, &po, &c.o, &so)) != OPT_GO) {
		probe_free(&po);
		return err;
	}
	c.src.sent = &s.st.sent; /* before the metrics server starts */
	if (classifier_start(&c))
		goto out;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_IGN);
	pr_info("scan: %llu targets, %.0f probes/s, key %016llx, cooldown %.0f s\n",
		(unsigned long long)targets_total(&po.targets), po.rate, (unsigned long long)po.key,
		so.cooldown);
	s.po = &po;
	start = mono_now();
	if (pthread_create(&th, NULL, send_all, &s)) {
		pr_warn("scan: starting the sender: %s\n", strerror(errno));
		goto out;
	}
	started = true;
	while (!stop) {
		double now = mono_now();

		if (classifier_poll(&c, 50))
			goto out;
		if (s.done && !cool_end)
			cool_end = now + so.cooldown;
		if (c.tty && now - last >= 0.5) {
			progress(&s, &c, start, cool_end);
			last = now;
		}
		if (cool_end && now >= cool_end)
			break;
	}
	stop = 1;
	pthread_join(th, NULL);
	started = false;
	if (s.err || classifier_finish(&c))
		goto out;
	if (c.tty)
		fputc('\n', stderr);
	summary(&s, &c);
	stop = interrupted; /* the sender's stop; a signal during the scan skips --describe */
	if (so.describe && (interrupted || describe_found(&c, &po, so.describe)))
		goto out;
	ret = 0;
out:
	if (started) {
		stop = 1;
		pthread_join(th, NULL);
	}
	classifier_stop(&c);
	probe_free(&po);
	return ret;
}
