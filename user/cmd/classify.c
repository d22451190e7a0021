// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * ssdpmac classify: the XDP classifier on a NIC, left running for hours. Events are decoded,
 * devices kept, counters mirrored into pinned maps and served on /metrics.
 */
#include <errno.h>
#include <getopt.h>
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

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: ssdpmac classify -i IFACE [OPTIONS]\n"
		"  -i, --interface IFACE   the scanner's NIC, where SSDP replies arrive\n"
		"  -m, --mode MODE         native, skb or auto (default: native, else skb)\n"
		"  -o, --output FILE       devices as JSON Lines, appended ('-': stdout)\n"
		"      --metrics ADDR:PORT Prometheus /metrics (default 127.0.0.1:9477; 'off')\n"
		"      --metrics-top N     vendors with their own label (default 200)\n"
		"      --pin-dir DIR       pinned maps (default " PIN_DIR_DEFAULT ")\n"
		"  -d, --ieee-dir DIR      IEEE registry CSVs (default " OUI_DEFAULT_DIR ")\n"
		"  -p, --dport A[-B]       only replies to these ports; others are unsolicited\n"
		"      --drop              drop recognised replies (default: pass them on)\n"
		"      --probe-key HEX     only replies to the ports `probe --key HEX` sent from;\n"
		"                          others are counted as unsolicited\n"
		"      --ssdp-port PORT    replies come from this port (default 1900; probe -p)\n"
		"      --max-devices N     device records kept (default 1048576)\n"
		"  -t, --duration SECONDS  stop by itself after this long (default: run until a "
		"signal)\n");
}

void classify_defaults(struct opts *o)
{
	*o = (struct opts){.metrics = "127.0.0.1:9477",
			   .pin_dir = PIN_DIR_DEFAULT,
			   .mode = XDP_MODE_UNSPEC,
			   .top = 200,
			   .max_devices = 1 << 20};
}

static int parse_opts(int argc, char **argv, struct opts *o)
{
	enum {
		O_TOP = 256,
		O_DROP,
		O_MAXDEV,
		O_KEY,
		O_SSDP_PORT
	};
	static const struct option lo[] = {
		XDP_LONGOPTS,
		XDP_LONGOPT_IEEE,
		XDP_LONGOPT_DURATION,
		{"metrics-top", required_argument, NULL, O_TOP},
		{"dport", required_argument, NULL, 'p'},
		{"drop", no_argument, NULL, O_DROP},
		{"max-devices", required_argument, NULL, O_MAXDEV},
		{"probe-key", required_argument, NULL, O_KEY},
		{"ssdp-port", required_argument, NULL, O_SSDP_PORT},
		{"help", no_argument, NULL, 'h'},
		{},
	};
	uint64_t v;
	int c, r;

	classify_defaults(o);
	while ((c = getopt_long(argc, argv, "i:m:o:d:p:t:h", lo, NULL)) != -1) {
		switch (c) {
		case O_TOP:
			if (opt_uint("--metrics-top", optarg, 10, 0, 100000, &v))
				return 2;
			o->top = (unsigned)v;
			break;
		case 'p':
			if (parse_ports(optarg, &o->cfg))
				return 2;
			break;
		case O_DROP:
			o->drop = true;
			break;
		case O_MAXDEV:
			if (opt_uint("--max-devices", optarg, 10, 1, UINT32_MAX, &v))
				return 2;
			o->max_devices = (size_t)v;
			break;
		case O_KEY:
			if (opt_uint("--probe-key", optarg, 16, 0, UINT64_MAX, &o->port_key))
				return 2;
			o->port_check = true;
			break;
		case O_SSDP_PORT:
			if (opt_uint("--ssdp-port", optarg, 10, 1, 65535, &v))
				return 2;
			o->cfg.ssdp_port = (__u16)v;
			break;
		case 'h':
			usage(stdout);
			return 1;
		default:
			if ((r = opt_xdp(c, optarg, &o->x)) < 0)
				return 2;
			if (!r) {
				usage(stderr);
				return 2;
			}
		}
	}
	if (!o->ifname || optind != argc) {
		usage(stderr);
		return 2;
	}
	return 0;
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

	snprintf(path, sizeof(path), "%s/seen", c->o.pin_dir);
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

int classifier_start(struct classifier *c)
{
	struct opts *o = &c->o;
	char path[4096];
	struct stat st;
	bool restart;
	int err;

	c->tty = isatty(STDERR_FILENO);
	if (geteuid()) {
		pr_warn("classify attaches an XDP program: run it as root\n");
		return -EPERM;
	}
	if (oui_load(&c->db, o->ieee_dir))
		return -ENOENT;
	if ((err = pin_dir_prepare(o->pin_dir)))
		return err;
	snprintf(path, sizeof(path), "%s/outcomes", o->pin_dir);
	restart = !stat(path, &st);

	c->skel = ssdp__open();
	if (!c->skel) {
		pr_warn("opening the BPF object: %s\n", strerror(errno));
		return -errno;
	}
	c->skel->rodata->reply_action = o->drop ? XDP_DROP : XDP_PASS;
	c->skel->rodata->dport_min = o->cfg.dport_min;
	c->skel->rodata->dport_max = o->cfg.dport_max;
	c->skel->rodata->ssdp_port = o->cfg.ssdp_port;
	c->skel->rodata->port_check = o->port_check;
	c->skel->rodata->port_key = o->port_key;
	bpf_map__set_max_entries(c->skel->maps.devices, (__u32)o->max_devices);
	if ((err = pin_maps(c->skel->obj, o->pin_dir, pinned))) {
		pr_warn("pinning maps under %s: %s\n", o->pin_dir, strerror(-err));
		return err;
	}
	if ((err = attach_xdp(&c->att, c->skel->obj, "ssdp_classify", o->ifname, o->mode,
			      "events"))) {
		if (restart)
			pr_warn("(maps pinned under %s come from an earlier run; if it used other "
				"settings, remove that folder)\n",
				o->pin_dir);
		return err;
	}
	pr_info("classify: XDP on %s (%s mode), maps pinned under %s\n", o->ifname,
		attach_mode_name(c->att.mode), o->pin_dir);
	if ((err = pin_fresh_seen(c)))
		return err;

	devtab_init(&c->t, &c->db, o->max_devices);
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
			o->pin_dir, n);
	}
	if (o->output) {
		c->t.out = strcmp(o->output, "-") ? fopen(o->output, "a") : stdout;
		if (!c->t.out) {
			pr_warn("-o %s: %s\n", o->output, strerror(errno));
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
	if (strcmp(o->metrics, "off")) {
		c->src = (struct metrics_src){
			.outcomes_fd = bpf_map__fd(c->skel->maps.outcomes),
			.vendors_fd = c->t.vendors_fd,
			.classes_fd = c->t.classes_fd,
			.versions_fd = c->t.versions_fd,
			.top = o->top,
			.dropped = &c->t.dropped,
		};
		c->ms = metrics_start(o->metrics, metrics_write, &c->src);
		if (!c->ms)
			return -EADDRINUSE;
		pr_info("classify: metrics on http://%s/metrics\n", o->metrics);
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
				c->o.ifname);
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

	err = parse_opts(argc, argv, &c.o);
	if (err)
		return err == 1 ? 0 : err;
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
		(unsigned long long)c.t.events, c.t.ndevs + c.t.restored, c.t.nvendors, c.o.ifname);
	ret = 0;
out:
	classifier_stop(&c);
	return ret;
}
