/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The classifier's userspace half, as `classify` runs it and as `scan` embeds it. */
#ifndef SSDPMAC_CLASSIFY_H
#define SSDPMAC_CLASSIFY_H

#include <stdbool.h>
#include "attach.h"
#include "cmd.h"
#include "devices.h"
#include "metrics.h"
#include "ssdp_parse.h"

struct opts { /* classify's options */
	struct xdp_opts x;
	const char *ieee_dir;
	double duration;
	unsigned top;
	struct ssdp_cfg cfg;
	bool drop, port_check;
	uint64_t port_key;
	size_t max_devices;
	struct netfiles net; /* AS and country in each record */
};

struct batch;
struct ssdp;

struct classifier {
	struct opts o;
	struct metrics_server *ms;
	struct metrics_src src;
	struct ring_buffer *rb;
	struct attach att;
	struct ssdp *skel;
	struct oui_db db;
	struct devtab t;
	struct netdb ndb; /* t.net points here when network files are given */
	struct batch *batch;
	double last_flush;
	bool tty;
};

/* Load, pin, attach, serve /metrics. 0 or -errno after saying why; classifier_stop() either way. */
int classifier_start(struct classifier *c);
/* Consume events for up to timeout_ms, flush counters and records when due. 0 or -errno. */
int classifier_poll(struct classifier *c, int timeout_ms);
/* The last events, the last flush. */
int classifier_finish(struct classifier *c);
void classifier_stop(struct classifier *c);
uint64_t classifier_outcome(struct classifier *c, int outcome);
/* classify's defaults, for scan. */
void classify_defaults(struct opts *o);
/* The options of the classifier that scan takes too (bound to struct opts). */
extern const struct opt classifier_rows[];

#endif
