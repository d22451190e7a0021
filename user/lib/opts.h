/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Option values, parsed one way for every command: a bad value names the option and says what
 * it takes, and the caller returns 2. */
#ifndef SSDPMAC_OPTS_H
#define SSDPMAC_OPTS_H

#include <getopt.h>
#include <stdint.h>
#include <xdp/libxdp.h>

/* A whole number in [min, max], in base 10 (or 16: hex digits, as keys are printed). */
int opt_uint(const char *opt, const char *arg, int base, uint64_t min, uint64_t max, uint64_t *out);
/* A number of seconds (or per second, for rates) at least min; positive when strict. */
int opt_real(const char *opt, const char *arg, double min, int strict, double *out);
/* native, skb or auto. */
int opt_mode(const char *arg, enum xdp_attach_mode *mode);

/*
 * What the commands that attach XDP (classify, sensor, scan) take alike. A command's option
 * struct holds XDP_OPTS_MEMBERS: the fields by name, and all of them at once as .x for opt_xdp().
 */
#define XDP_OPTS_FIELDS                                                                            \
	const char *ifname, *output, *metrics, *pin_dir, *ieee_dir;                                \
	enum xdp_attach_mode mode;                                                                 \
	double duration;
struct xdp_opts {
	XDP_OPTS_FIELDS
};
#define XDP_OPTS_MEMBERS                                                                           \
	union {                                                                                    \
		struct {                                                                           \
			XDP_OPTS_FIELDS                                                            \
		};                                                                                 \
		struct xdp_opts x;                                                                 \
	}

/* Their long options (-d and -t: only the commands that list them take them). */
enum {
	OPT_METRICS = 0x1000,
	OPT_PIN_DIR
};
#define XDP_LONGOPTS                                                                               \
	{"interface", required_argument, NULL, 'i'}, {"mode", required_argument, NULL, 'm'},       \
		{"output", required_argument, NULL, 'o'},                                          \
		{"metrics", required_argument, NULL, OPT_METRICS},                                 \
	{                                                                                          \
		"pin-dir", required_argument, NULL, OPT_PIN_DIR                                    \
	}
#define XDP_LONGOPT_IEEE                                                                           \
	{                                                                                          \
		"ieee-dir", required_argument, NULL, 'd'                                           \
	}
#define XDP_LONGOPT_DURATION                                                                       \
	{                                                                                          \
		"duration", required_argument, NULL, 't'                                           \
	}

/* One of those options (getopt's c and optarg): 1 taken, 0 not one of them, -1 a bad value. */
int opt_xdp(int c, const char *arg, struct xdp_opts *x);

#endif
