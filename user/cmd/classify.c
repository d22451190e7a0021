// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * ssdpmac classify: the XDP classifier on a NIC, left running for hours. Events are decoded,
 * devices kept, counters mirrored into pinned maps and served on /metrics.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include "attach.h"
#include "cmd.h"
#include "devices.h"
#include "clock.h"
#include "log.h"
#include "maps.h"
#include "opts.h"
#include "metrics.h"
#include "parse.h"
#include "ssdp.skel.h"
#include "classify.h"

#define FLUSH_MS 250

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = sig;
}

/* `seen` (the kernel's dedup) is pinned apart, fresh each run: see pin_fresh_seen() */
static const char *const pinned[] = {"outcomes", "vendors", "classes", "versions", "devices", NULL};

const struct opt classifier_rows[] = {
	OPT_ROW("metrics-top", 0, OPT_UINT, struct opts, top, "N",
		"vendors with their own label (default 200)", .max = 100000, .example = "10"),
	OPT_ROW("max-devices", 0, OPT_UINT, struct opts, max_devices, "N",
		"device records kept (default 1048576)", .min = 1, .max = UINT32_MAX,
		.example = "1000"),
	{},
};

static const struct opt classify_rows[] = {
	OPT_ROW("dport", 0, OPT_PORTS, struct opts, cfg.dport_min, "A[-B]",
		"only replies to these ports; others are unsolicited", .old = 'p',
		.example = "1024-65535"),
	OPT_ROW("drop", 0, OPT_BOOL, struct opts, drop, NULL,
		"drop recognised replies (default: pass them on)"),
	OPT_ROW("probe-key", 0, OPT_HEX, struct opts, port_key, "HEX",
		"only replies to the ports `probe --key HEX` sent from;\n"
		"others are counted as unsolicited",
		OPT_GIVEN(struct opts, port_check), .example = "5eed"),
	OPT_ROW("ssdp-port", 0, OPT_UINT, struct opts, cfg.ssdp_port, "PORT",
		"replies come from this port (default 1900; probe -p)", .min = 1, .max = 65535,
		.example = "1900"),
	{},
};

const struct opt_cmd classify_cmd = {
	.name = "classify",
	.synopsis = "-i IFACE [OPTIONS]",
	.tables = {{xdp_rows},
		   {ieee_rows},
		   {classifier_rows},
		   {classify_rows},
		   {duration_rows},
		   {net_rows, "Networks in the records"}},
};

void classify_defaults(struct opts *o)
{
	*o = (struct opts){.x.metrics = "127.0.0.1:9477",
			   .x.pin_dir = PIN_DIR_DEFAULT,
			   .x.mode = XDP_MODE_UNSPEC,
			   .top = 200,
			   .max_devices = 1 << 20};
}

static int parse_opts(int argc, char **argv, struct opts *o)
{
	void *const cfgs[] = {&o->x, &o->ieee_dir, o, o, &o->duration, &o->net};
	int ret, first;

	classify_defaults(o);
	if ((ret = opt_parse(&classify_cmd, cfgs, argc, argv, &first)) != OPT_GO)
		return ret;
	if (!o->x.ifname) {
		pr_warn("classify: -i IFACE, the NIC where the SSDP replies arrive\n");
		return 2;
	}
	return OPT_GO;
}

/* Events are copied out of the ringbuf and decoded in batches (see devtab_events()). */
#define BATCH 256
struct batch {
	struct devtab *t;
	struct ssdp_event evs[BATCH];
	size_t n;
};

static int run_batch(struct batch *b)
{
	int ret = devtab_events(b->t, b->evs, b->n);

	b->n = 0;
	return ret;
}

static int on_event(void *ctx, void *data, size_t len)
{
	struct batch *b = ctx;

	if (len < sizeof(struct ssdp_event))
		return 0;
	memcpy(&b->evs[b->n++], data, sizeof(struct ssdp_event));
	return b->n == BATCH ? run_batch(b) : 0;
}

static void status(const struct devtab *t, double dt, uint64_t *last_events, int out_fd)
{
	unsigned long long o[SSDP_OUT_MAX] = {};

	outcomes_read(out_fd, o);
	fprintf(stderr,
		"\r%8.0f replies/s  %zu devices  %zu vendors  %llu duplicates  %llu lost   ",
		(double)(t->events - *last_events) / dt, t->ndevs + t->restored, t->nvendors,
		o[SSDP_OUT_DUPLICATE], o[SSDP_OUT_RINGBUF_FULL]);
	*last_events = t->events;
}

/*
 * The kernel's dedup holds back repeats within a run only: a run's records must hold every device
 * it saw, so each run starts with an empty `seen`, pinned in place of the last run's (for bpftool)
 * once this run owns the interface. The pinned counters and device set carry on.
 */
static int pin_fresh_seen(struct classifier *c)
{
	char path[4096];
	int err;

	snprintf(path, sizeof(path), "%s/seen", c->o.x.pin_dir);
	if (unlink(path) && errno != ENOENT) {
		pr_warn("removing %s: %s\n", path, strerror(errno));
		return -errno;
	}
	if ((err = bpf_map__pin(c->skel->maps.seen, path)))
		pr_warn("pinning %s: %s\n", path, strerror(-err));
	return err;
}

/* After kill -9 the dead run's program went on classifying until this run removed it; the
 * events it left in its ringbuf are this run's to record. Its fds are closed after. */
static int drain_stale(struct classifier *c)
{
	uint64_t before = c->t.events;
	struct ring_buffer *rb;
	int err;

	if (c->att.stale_fd < 0)
		return 0;
	rb = ring_buffer__new(c->att.stale_fd, on_event, c->batch, NULL);
	if (!rb) {
		pr_warn("reading the earlier run's ringbuf: %s\n", strerror(errno));
		return -errno;
	}
	err = ring_buffer__consume(rb);
	if (err >= 0)
		err = run_batch(c->batch);
	ring_buffer__free(rb);
	close(c->att.stale_fd);
	c->att.stale_fd = -1;
	if (err < 0)
		return err;
	pr_info("classify: %llu events the earlier run left unread, recorded\n",
		(unsigned long long)(c->t.events - before));
	return 0;
}

/* Open the program with its tunables, pin its maps (reused when an earlier run left them:
 * *restart), attach it to the NIC. 0 or -errno after saying why. */
static int classifier_load(struct classifier *c, bool *restart)
{
	struct opts *o = &c->o;
	struct ssdp_cfg cfg;
	char path[4096];
	struct stat st;
	int err;

	if ((err = pin_dir_prepare(o->x.pin_dir)))
		return err;
	snprintf(path, sizeof(path), "%s/outcomes", o->x.pin_dir);
	*restart = !stat(path, &st);
	c->skel = ssdp__open();
	if (!c->skel) {
		pr_warn("opening the BPF object: %s\n", strerror(errno));
		return -errno;
	}
	cfg = o->cfg;
	cfg.port_check = o->port_check;
	cfg.port_key = o->port_key;
	ssdp_tunables(c->skel, &cfg, true, o->drop ? XDP_DROP : XDP_PASS);
	bpf_map__set_max_entries(c->skel->maps.devices, (__u32)o->max_devices);
	if ((err = pin_maps(c->skel->obj, o->x.pin_dir, pinned))) {
		pr_warn("pinning maps under %s: %s\n", o->x.pin_dir, strerror(-err));
		return err;
	}
	if ((err = attach_xdp(&c->att, c->skel->obj, "ssdp_classify", o->x.ifname, o->x.mode,
			      "events", o->x.pin_dir))) {
		if (*restart)
			pr_warn("(maps pinned under %s come from an earlier run; if it used other "
				"settings, remove that folder)\n",
				o->x.pin_dir);
		return err;
	}
	pr_info("classify: XDP on %s (%s mode), maps pinned under %s\n", o->x.ifname,
		attach_mode_name(c->att.mode), o->x.pin_dir);
	return pin_fresh_seen(c);
}

int classifier_start(struct classifier *c)
{
	struct opts *o = &c->o;
	bool restart;
	int err;

	c->tty = isatty(STDERR_FILENO);
	if ((err = xdp_capable("classify attaches an XDP program")))
		return err;
	if (oui_load(&c->db, o->ieee_dir))
		return -ENOENT;
	if ((err = netfiles_open(&o->net, &c->ndb, &c->t.net)))
		return err;
	if ((err = classifier_load(c, &restart)))
		return err;
	devtab_init(&c->t, &c->db, o->max_devices);
	c->t.net = netdb_any(&c->ndb) ? &c->ndb : NULL; /* devtab_init() cleared it */
	c->t.vendors_fd = bpf_map__fd(c->skel->maps.vendors);
	c->t.classes_fd = bpf_map__fd(c->skel->maps.classes);
	c->t.versions_fd = bpf_map__fd(c->skel->maps.versions);
	c->t.devices_fd = bpf_map__fd(c->skel->maps.devices);
	if (restart) {
		long n = devtab_restore(&c->t);

		if (n < 0) {
			pr_warn("reading the pinned maps: %s\n", strerror((int)-n));
			return (int)n;
		}
		pr_info("classify: counters continue from the maps pinned under %s (%ld devices "
			"known)\n",
			o->x.pin_dir, n);
	}
	if (o->x.output) {
		c->t.out = strcmp(o->x.output, "-") ? fopen(o->x.output, "a") : stdout;
		if (!c->t.out) {
			pr_warn("-o %s: %s\n", o->x.output, strerror(errno));
			return -errno;
		}
	}
	c->batch = calloc(1, sizeof(*c->batch));
	if (!c->batch)
		return -ENOMEM;
	c->batch->t = &c->t;
	c->rb = ring_buffer__new(bpf_map__fd(c->skel->maps.events), on_event, c->batch, NULL);
	if (!c->rb) {
		pr_warn("ringbuf: %s\n", strerror(errno));
		return -errno;
	}
	if ((err = drain_stale(c)))
		return err;
	if (strcmp(o->x.metrics, "off")) {
		c->src = (struct metrics_src){
			.outcomes_fd = bpf_map__fd(c->skel->maps.outcomes),
			.vendors_fd = c->t.vendors_fd,
			.classes_fd = c->t.classes_fd,
			.versions_fd = c->t.versions_fd,
			.top = o->top,
			.dropped = &c->t.dropped,
			.sent = c->src.sent, /* scan's, set before */
		};
		c->ms = metrics_start(o->x.metrics, metrics_write, &c->src);
		if (!c->ms)
			return -EADDRINUSE;
		pr_info("classify: metrics on http://%s/metrics\n", o->x.metrics);
	}
	c->last_flush = mono_now();
	return 0;
}

int classifier_poll(struct classifier *c, int timeout_ms)
{
	double now;
	int err;

	err = ring_buffer__poll(c->rb, timeout_ms);
	if (err >= 0)
		err = run_batch(c->batch);
	if (err < 0 && err != -EINTR) {
		if (err != c->t.err) /* an output error has been named already */
			pr_warn("consuming events: %s\n", strerror(-err));
		return err;
	}
	now = mono_now();
	if (now - c->last_flush >= FLUSH_MS / 1000.0) {
		if (attach_gone(&c->att)) {
			pr_warn("interface %s is gone (deleted, or its namespace): stopping\n",
				c->o.x.ifname);
			return -ENODEV;
		}
		if (devtab_flush(&c->t) && c->t.err)
			return c->t.err; /* output broken: say so and stop, never go on silently */
		c->last_flush = now;
	}
	return 0;
}

int classifier_finish(struct classifier *c)
{
	ring_buffer__consume(c->rb);
	run_batch(c->batch);
	if (devtab_flush(&c->t) && c->t.err)
		return c->t.err;
	return 0;
}

void classifier_stop(struct classifier *c)
{
	metrics_stop(c->ms);
	detach_xdp(&c->att);
	ring_buffer__free(c->rb);
	if (c->t.out && c->t.out != stdout)
		fclose(c->t.out);
	devtab_free(&c->t);
	netdb_close(&c->ndb);
	ssdp__destroy(c->skel);
	oui_free(&c->db);
	free(c->batch);
	memset(c, 0, sizeof(*c));
}

uint64_t classifier_outcome(struct classifier *c, int outcome)
{
	unsigned long long o[SSDP_OUT_MAX] = {};

	outcomes_read(bpf_map__fd(c->skel->maps.outcomes), o);
	return o[outcome];
}

int cmd_classify(int argc, char **argv)
{
	static struct classifier c;
	double start, last_status, now;
	uint64_t last_events = 0;
	int err, ret = 1;

	if ((err = parse_opts(argc, argv, &c.o)) != OPT_GO)
		return err;
	if (classifier_start(&c))
		goto out;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_IGN);
	start = last_status = mono_now();
	while (!stop) {
		if (classifier_poll(&c, 100))
			goto out;
		now = mono_now();
		if (c.tty && now - last_status >= 1) {
			status(&c.t, now - last_status, &last_events,
			       bpf_map__fd(c.skel->maps.outcomes));
			last_status = now;
		}
		if (c.o.duration && now - start >= c.o.duration)
			break;
	}
	if (classifier_finish(&c))
		goto out;
	if (c.tty)
		fputc('\n', stderr);
	pr_info("classify: %llu events, %zu devices, %zu vendors; detached from %s\n",
		(unsigned long long)c.t.events, c.t.ndevs + c.t.restored, c.t.nvendors,
		c.o.x.ifname);
	ret = 0;
out:
	classifier_stop(&c);
	return ret;
}
