// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include "attach.h"
#include "log.h"
#include "opts.h"

int opt_uint(const char *opt, const char *arg, int base, uint64_t min, uint64_t max, uint64_t *out)
{
	unsigned long long v;
	char *end;

	errno = 0;
	/* strtoull takes "" as 0 and "-1" as a huge number: neither is what was meant */
	v = *arg && *arg != '-' && !isspace((unsigned char)*arg) ? strtoull(arg, &end, base) : 0;
	if (!*arg || *arg == '-' || isspace((unsigned char)*arg) || *end || errno || v < min ||
	    v > max) {
		if (base == 16)
			pr_warn("%s %s: hex digits, as probe prints the key\n", opt, arg);
		else
			pr_warn("%s %s: a whole number from %llu to %llu\n", opt, arg,
				(unsigned long long)min, (unsigned long long)max);
		return -EINVAL;
	}
	*out = v;
	return 0;
}

int opt_real(const char *opt, const char *arg, double min, int strict, double *out)
{
	char *end;
	double v = strtod(arg, &end);

	if (!*arg || *end || v != v || v < min || (strict && v <= min)) {
		pr_warn("%s %s: a number %s %g, e.g. 30 or 0.5\n", opt, arg,
			strict ? "above" : "from", min);
		return -EINVAL;
	}
	*out = v;
	return 0;
}

int opt_mode(const char *arg, enum xdp_attach_mode *mode)
{
	if (attach_parse_mode(arg, mode)) {
		pr_warn("--mode %s: native, skb or auto\n", arg);
		return -EINVAL;
	}
	return 0;
}

int opt_xdp(int c, const char *arg, struct xdp_opts *x)
{
	switch (c) {
	case 'i':
		x->ifname = arg;
		return 1;
	case 'm':
		return opt_mode(arg, &x->mode) ? -1 : 1;
	case 'o':
		x->output = arg;
		return 1;
	case OPT_METRICS:
		x->metrics = arg;
		return 1;
	case OPT_PIN_DIR:
		x->pin_dir = arg;
		return 1;
	case 'd':
		x->ieee_dir = arg;
		return 1;
	case 't':
		return opt_real("--duration", arg, 0, 0, &x->duration) ? -1 : 1;
	}
	return 0;
}
