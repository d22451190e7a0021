/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Option values, parsed one way for every command: a bad value names the option and says what
 * it takes, and the caller returns 2. */
#ifndef SSDPMAC_OPTS_H
#define SSDPMAC_OPTS_H

#include <stdint.h>
#include <xdp/libxdp.h>

/* A whole number in [min, max], in base 10 (or 16: hex digits, as keys are printed). */
int opt_uint(const char *opt, const char *arg, int base, uint64_t min, uint64_t max, uint64_t *out);
/* A number of seconds (or per second, for rates) at least min; positive when strict. */
int opt_real(const char *opt, const char *arg, double min, int strict, double *out);
/* native, skb or auto. */
int opt_mode(const char *arg, enum xdp_attach_mode *mode);

#endif
