// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * ssdpmac read: every packet of a capture through the classifier, events out as JSON Lines.
 * By default through the loaded BPF program itself (BPF_PROG_TEST_RUN); --userspace runs the
 * host build of the same parser and needs no privileges.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "cmd.h"
#include "log.h"
#include "maps.h"
#include "parse.h"
#include "pcapio.h"
#include "netinfo.h"
#include "record.h"
#include "ssdp.skel.h"

struct read_opts {
	bool userspace, dedup, text;
	const char *ieee_dir;
	struct ssdp_cfg cfg;
	struct netfiles net;
};

static const struct opt read_rows[] = {
	OPT_ROW("userspace", 'u', OPT_BOOL, struct read_opts, userspace, NULL,
		"the host build of the parser (no root needed)"),
	OPT_ROW("all", 'a', OPT_CLEAR, struct read_opts, dedup, NULL,
		"an event for every reply, not only the first per address+USN"),
	OPT_ROW("dport", 0, OPT_PORTS, struct read_opts, cfg.dport_min, "A[-B]",
		"only replies to these destination ports (others: unsolicited)", .old = 'p',
		.example = "1024-65535"),
	OPT_ROW("text", 't', OPT_BOOL, struct read_opts, text, NULL,
		"key: value lines instead of JSON Lines"),
	{},
};

const struct opt_cmd read_cmd = {
	.name = "read",
	.synopsis = "[OPTIONS] FILE.pcap|FILE.pcapng",
	.min_args = 1,
	.max_args = 1,
	.tables = {{read_rows}, {ieee_rows}, {net_rows, "Networks in the records"}},
};

struct reader {
	struct read_opts o;
	struct oui_db db;
	struct netdb ndb, *net; /* net: &ndb when network files are given */
	struct ssdp *skel;
	struct ring_buffer *rb;
	struct htab seen;
	unsigned long long pkt_no;
	int64_t ts_ns;				   /* the packet's capture time, Unix ns */
	unsigned long long outcomes[SSDP_OUT_MAX]; /* userspace runs only */
	unsigned long long host_fallback;
	const char *file;
	int64_t now;
	int err;
};

static int emit(struct reader *rd, const struct ssdp_event *ev)
{
	json_object *obj = json_object_new_object();
	struct usn_info u;
	char tbuf[64];
	int ret;

	json_object_object_add(obj, "packet", json_object_new_int64((int64_t)rd->pkt_no));
	record_iso_ns(rd->ts_ns, tbuf, sizeof(tbuf));
	json_object_object_add(obj, "seen", json_object_new_string(tbuf));
	record_add_event(obj, ev);
	usn_classify_event(ev, &rd->db, rd->now, &u);
	record_add_usn(obj, &u, &rd->db);
	if (rd->net) {
		struct netinfo ni;

		netdb_lookup(rd->net, json_object_get_string(json_object_object_get(obj, "addr")),
			     &ni);
		netdb_add_json(obj, &ni);
	}
	ret = record_print(stdout, obj, rd->o.text);
	json_object_put(obj);
	if (ret) {
		pr_warn("writing stdout: %s\n", strerror(-ret));
		rd->err = ret;
	}
	return ret;
}

static int on_event(void *ctx, void *data, size_t len)
{
	struct reader *rd = ctx;

	if (len < sizeof(struct ssdp_event))
		return 0;
	return emit(rd, data);
}

static int run_host(struct reader *rd, const uint8_t *frame, size_t len, const struct ssdp_cfg *cfg)
{
	struct ssdp_dedup_key key;
	struct ssdp_event ev;
	int out, dup;

	out = host_parse_frame(frame, len, cfg, &ev);
	if (ssdp_carries_event(out)) {
		if (rd->o.dedup) {
			host_dedup_key(&ev, &key);
			dup = dedup_add(&rd->seen, &key);
			if (dup < 0)
				return dup;
			if (dup) {
				rd->outcomes[SSDP_OUT_DUPLICATE]++;
				return 0;
			}
		}
		rd->outcomes[out]++;
		return emit(rd, &ev);
	}
	rd->outcomes[out]++;
	return 0;
}

static int run_kernel(struct reader *rd, const uint8_t *frame, size_t len)
{
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = frame, .data_size_in = (__u32)len,
		    .repeat = 1);
	int err;

	err = bpf_prog_test_run_opts(bpf_program__fd(rd->skel->progs.ssdp_classify), &opts);
	if (err) {
		/* a frame the test run refuses is no frame XDP could be handed: counted, not fatal
		 */
		pr_warn("%s: packet %llu: BPF_PROG_TEST_RUN refused the frame (%s): counted as "
			"truncated\n",
			rd->file, rd->pkt_no, strerror(errno));
		rd->outcomes[SSDP_OUT_TRUNCATED]++;
		return 0;
	}
	err = ring_buffer__consume(rd->rb);
	return err < 0 ? err : rd->err;
}

/* One frame of the capture (pcap_each()). */
static int on_frame(void *ctx, uint64_t no, int64_t ts_ns, const uint8_t *frame, size_t len)
{
	struct reader *rd = ctx;

	rd->pkt_no = no;
	rd->ts_ns = ts_ns;
	if (!frame || len < ETH_HLEN_) { /* no Ethernet header: the test run would refuse it */
		rd->outcomes[SSDP_OUT_TRUNCATED]++;
		return 0;
	}
	if (rd->o.userspace || len > TEST_RUN_MAX) {
		rd->host_fallback += !rd->o.userspace;
		return run_host(rd, frame, len, &rd->o.cfg);
	}
	return run_kernel(rd, frame, len);
}

static int open_kernel(struct reader *rd, const struct ssdp_cfg *cfg)
{
	int err;

	rd->skel = ssdp__open();
	if (!rd->skel) {
		pr_warn("opening the BPF object: %s\n", strerror(errno));
		return -errno;
	}
	ssdp_tunables(rd->skel, cfg, rd->o.dedup, XDP_PASS);
	err = ssdp__load(rd->skel);
	if (err) {
		pr_warn("loading the BPF program: %s (root, or CAP_BPF, CAP_NET_ADMIN and "
			"CAP_PERFMON; "
			"--userspace needs neither)\n",
			strerror(-err));
		return err;
	}
	rd->rb = ring_buffer__new(bpf_map__fd(rd->skel->maps.events), on_event, rd, NULL);
	if (!rd->rb) {
		pr_warn("ringbuf: %s\n", strerror(errno));
		return -errno;
	}
	return 0;
}

/* Sum the kernel's per-CPU outcome counters. */
static void print_summary(struct reader *rd, const unsigned long long *out)
{
	json_object *obj = json_object_new_object(), *o = json_object_new_object();
	int i;

	for (i = 0; i < SSDP_OUT_MAX; i++)
		json_object_object_add(o, outcome_name(i), json_object_new_int64((int64_t)out[i]));
	json_object_object_add(obj, "packets", json_object_new_int64((int64_t)rd->pkt_no));
	json_object_object_add(obj, "outcomes", o);
	json_object_object_add(obj, "parser",
			       json_object_new_string(rd->o.userspace ? "userspace" : "bpf"));
	if (rd->host_fallback)
		json_object_object_add(obj, "host_parsed",
				       json_object_new_int64((int64_t)rd->host_fallback));
	record_print(stdout, obj, rd->o.text);
	json_object_put(obj);
}

int cmd_read(int argc, char **argv)
{
	/* a capture: replies and NOTIFYs from any port */
	struct reader rd = {.o.dedup = true, .o.cfg.any_port = 1};
	void *const cfgs[] = {&rd.o, &rd.o.ieee_dir, &rd.o.net};
	unsigned long long kout[SSDP_OUT_MAX];
	const char *file;
	int ret, r, i, first;

	if ((ret = opt_parse(&read_cmd, cfgs, argc, argv, &first)) != OPT_GO)
		return ret;
	ret = 1;
	file = argv[first];
	rd.file = file;
	rd.now = now_unix();
	if (oui_load(&rd.db, rd.o.ieee_dir))
		return 1;
	if (netfiles_open(&rd.o.net, &rd.ndb, &rd.net))
		goto out;
	if (!rd.o.userspace && open_kernel(&rd, &rd.o.cfg))
		goto out;
	if (pcap_each(file, on_frame, &rd))
		goto out;
	if (!rd.o.userspace) {
		if ((r = outcomes_read(bpf_map__fd(rd.skel->maps.outcomes), kout))) {
			pr_warn("reading outcome counters: %s\n", strerror(-r));
			goto out;
		}
		/* frames too long for a test run were parsed on the host: add theirs */
		for (i = 0; i < SSDP_OUT_MAX; i++)
			kout[i] += rd.outcomes[i];
		print_summary(&rd, kout);
	} else {
		print_summary(&rd, rd.outcomes);
	}
	ret = fflush(stdout) ? 1 : 0;
out:
	ring_buffer__free(rd.rb);
	ssdp__destroy(rd.skel);
	htab_free(&rd.seen);
	netdb_close(&rd.ndb);
	oui_free(&rd.db);
	return ret;
}
