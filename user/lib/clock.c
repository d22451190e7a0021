// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
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
