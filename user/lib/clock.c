// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#define _DEFAULT_SOURCE /* timegm */
#include <errno.h>
#include <stdlib.h>
#include <time.h>
#include "clock.h"

double mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int64_t mono_to_real_ns(void)
{
	struct timespec mono, real;

	clock_gettime(CLOCK_MONOTONIC, &mono);
	clock_gettime(CLOCK_REALTIME, &real);
	return (real.tv_sec - mono.tv_sec) * 1000000000LL + real.tv_nsec - mono.tv_nsec;
}

int64_t now_unix(void)
{
	return (int64_t)time(NULL);
}

void pace_until(double next, volatile int *stop)
{
	double d;

	while (!*stop && (d = next - mono_now()) > 0) {
		struct timespec ts = {0, (long)(d > 0.001 ? 1e6 : d * 1e9)};

		nanosleep(&ts, NULL);
	}
}

/* digits of s[0..n) as a number, or -1 unless all are digits */
static long digits(const char *s, int n)
{
	long v = 0;
	int i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int time_parse_iso(const char *s, int64_t *ns)
{
	struct tm tm = {};
	long y = digits(s, 4), mo, d, h = 0, mi = 0, sec = 0, off = 0;
	int64_t frac = 0, scale = 100000000;
	time_t t;

	if (y < 0 || s[4] != '-' || (mo = digits(s + 5, 2)) < 1 || mo > 12 || s[7] != '-' ||
	    (d = digits(s + 8, 2)) < 1 || d > 31)
		return -1;
	s += 10;
	if (*s == 'T' || *s == ' ') {
		if ((h = digits(s + 1, 2)) < 0 || h > 23 || s[3] != ':' ||
		    (mi = digits(s + 4, 2)) < 0 || mi > 59)
			return -1;
		s += 6;
		if (*s == ':') {
			if ((sec = digits(s + 1, 2)) < 0 || sec > 60)
				return -1;
			s += 3;
			if (*s == '.' || *s == ',') {
				for (s++; *s >= '0' && *s <= '9'; s++, scale /= 10)
					frac += scale ? (*s - '0') * scale : 0;
			}
		}
		if (*s == 'Z') {
			s++;
		} else if ((*s == '+' || *s == '-') && digits(s + 1, 2) >= 0 && s[3] == ':' &&
			   digits(s + 4, 2) >= 0) {
			off = (digits(s + 1, 2) * 60 + digits(s + 4, 2)) * (*s == '-' ? -60 : 60);
			s += 6;
		}
	}
	if (*s)
		return -1;
	tm.tm_year = (int)y - 1900, tm.tm_mon = (int)mo - 1, tm.tm_mday = (int)d;
	tm.tm_hour = (int)h, tm.tm_min = (int)mi, tm.tm_sec = (int)sec;
	t = timegm(&tm);
	if (tm.tm_mday != d || t > (1LL << 33) ||
	    t < -(1LL << 33)) /* 2017-02-30; beyond int64 ns */
		return -1;
	*ns = ((int64_t)t - off) * 1000000000LL + frac;
	return 0;
}

int time_check(int64_t ns, int64_t now, const char **why)
{
	if (ns < TIME_MIN_UNIX * 1000000000LL || ns > (now + 86400) * 1000000000LL) {
		*why = "the time is out of range (before 1999 or after tomorrow)";
		return -ERANGE;
	}
	return 0;
}

static int frac_ns(const char *s, int64_t *ns, const char **end)
{
	int64_t scale = 100000000;

	*ns = 0;
	if (*s != '.')
		return (*end = s), 0;
	for (s++; *s >= '0' && *s <= '9'; s++, scale /= 10)
		*ns += (*s - '0') * scale;
	*end = s;
	return 0;
}

int time_parse(const char *s, int64_t now, int64_t *ns, const char **why)
{
	static const int64_t unit[] = {1000000000LL, 1000000LL, 1000LL, 1LL};
	const char *end;
	char *e;
	int64_t f;
	long long v;
	size_t i;

	*why = "not a time (Unix seconds/ms/us/ns or YYYY-MM-DD HH:MM:SS UTC)";
	if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
		return -EINVAL;
	errno = 0;
	v = strtoll(s, &e, 10);
	if (e != s && (!*e || *e == '.') && !errno) {
		frac_ns(e, &f, &end);
		if (*end || (*e == '.' && end == e + 1))
			return -EINVAL;
		for (i = 0; i < 4; i++) {
			if (*e == '.' && i) /* a fraction: seconds only */
				break;
			if (v <= INT64_MAX / unit[i] && !time_check(v * unit[i] + f, now, why)) {
				*ns = v * unit[i] + f;
				return 0;
			}
		}
		*why = "the time is out of range in seconds, ms, us and ns (before 1999 or after "
		       "tomorrow)";
		return -ERANGE;
	}
	if (time_parse_iso(s, ns))
		return -EINVAL;
	return time_check(*ns, now, why);
}
