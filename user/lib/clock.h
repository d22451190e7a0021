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

/* The range a source's timestamp must fall in: from 1999 (UPnP 1.0) to a day after now. */
#define TIME_MIN_UNIX 915148800LL /* 1999-01-01T00:00:00Z */
/*
 * A source's timestamp to Unix ns: an integer of seconds, milliseconds, microseconds or
 * nanoseconds (whichever lands in the range: the range spans less than a factor of 1000, so
 * at most one does), seconds with a fraction, or a time_parse_iso() form.
 * 0, or -ERANGE / -EINVAL with *why saying what is wrong.
 */
int time_parse(const char *s, int64_t now, int64_t *ns, const char **why);
/* The same check for a time already in ns (a capture's). */
int time_check(int64_t ns, int64_t now, const char **why);

#endif
