// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "ssdp_parse.h"
#include "uuid.h"

int uuid_parse(const char *s, size_t len, uint8_t out[16], const char **why)
{
	static const int dash[] = {8, 13, 18, 23};
	size_t i;

	if (len == 38 && s[0] == '{' && s[37] == '}') {
		s++;
		len -= 2;
	}
	if (len != 36) {
		*why = len < 36 ? "too short for a UUID (8-4-4-4-12 hex digits)"
				: "too long for a UUID (8-4-4-4-12 hex digits)";
		return -1;
	}
	for (i = 0; i < 4; i++) {
		if (s[dash[i]] != '-') {
			*why = "dashes are not at positions 9, 14, 19 and 24";
			return -1;
		}
	}
	/* the kernel's parser, so both sides agree on what a UUID is */
	if (ssdp_uuid_at((const __u8 *)s, (const __u8 *)s + 36, 0, out)) {
		*why = "a character that is not a hex digit";
		return -1;
	}
	return 0;
}

void uuid_format(const uint8_t u[16], char out[37])
{
	static const char hex[] = "0123456789abcdef";
	int i, o = 0;

	/* on the consumer's hot path: no printf */
	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[u[i] >> 4];
		out[o++] = hex[u[i] & 0xf];
	}
	out[o] = '\0';
}

int uuid_version(const uint8_t u[16])
{
	return u[6] >> 4;
}

enum uuid_variant uuid_variant(const uint8_t u[16])
{
	if (!(u[8] & 0x80))
		return UUID_VAR_NCS;
	if (!(u[8] & 0x40))
		return UUID_VAR_RFC;
	if (!(u[8] & 0x20))
		return UUID_VAR_MICROSOFT;
	return UUID_VAR_FUTURE;
}

const char *uuid_variant_name(enum uuid_variant v)
{
	static const char *names[] = {"ncs", "rfc4122", "microsoft", "future"};

	return names[v & 3];
}

uint64_t uuid_v1_time(const uint8_t u[16])
{
	uint64_t low = (uint64_t)u[0] << 24 | u[1] << 16 | u[2] << 8 | u[3];
	uint64_t mid = (uint64_t)u[4] << 8 | u[5];
	uint64_t hi = (uint64_t)(u[6] & 0x0f) << 8 | u[7];

	return hi << 48 | mid << 32 | low;
}

unsigned uuid_v1_clock_seq(const uint8_t u[16])
{
	return (u[8] & 0x3f) << 8 | u[9];
}

int64_t uuid_time_unix(uint64_t t100)
{
	int64_t d = (int64_t)t100 - (int64_t)UUID_EPOCH_OFFSET;

	/* floor division, so times before 1970 land in the right second */
	return d >= 0 ? d / 10000000 : -((-d + 9999999) / 10000000);
}

void uuid_time_iso(uint64_t t100, char out[40])
{
	int64_t secs = uuid_time_unix(t100);
	int64_t frac = (int64_t)t100 - (int64_t)UUID_EPOCH_OFFSET - secs * 10000000;
	time_t t = (time_t)secs;
	struct tm tm;

	if (!gmtime_r(&t, &tm)) {
		snprintf(out, 40, "?");
		return;
	}
	char tmp[128];
	size_t n;

	snprintf(tmp, sizeof(tmp), "%04d-%02d-%02dT%02d:%02d:%02d.%07lldZ", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (long long)frac);
	n = strlen(tmp);
	if (n > 39)
		n = 39;
	memcpy(out, tmp, n);
	out[n] = '\0';
}
