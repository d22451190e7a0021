/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Time, one way for every command. */
#ifndef SSDPMAC_CLOCK_H
#define SSDPMAC_CLOCK_H

#include <stdint.h>

/* Monotonic seconds: intervals, rates, deadlines. */
double mono_now(void);
/* Add to a bpf_ktime_get_ns() (CLOCK_MONOTONIC) stamp for Unix time in ns. */
int64_t mono_to_real_ns(void);
/* Sleep until the monotonic time next (at most 1 ms at a time, so *stop is seen soon). */
void pace_until(double next, volatile int *stop);
/* Wall-clock seconds now (what "tomorrow" is measured from). */
int64_t now_unix(void);
/* ISO 8601 in UTC unless an offset says otherwise: 2017-06-01, 2017-06-01T12:00,
 * 2017-06-01T12:00:00.123456Z, 2017-06-01 12:00:00+09:00. 0 and *ns (Unix), or -1. */
int time_parse_iso(const char *s, int64_t *ns);

#endif
