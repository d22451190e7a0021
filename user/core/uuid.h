/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* UUIDs (RFC 4122 / RFC 9562): text form, version, variant, and the version-1 fields. */
#ifndef SSDPMAC_UUID_H
#define SSDPMAC_UUID_H

#include <stddef.h>
#include <stdint.h>

/* 100 ns intervals from 1582-10-15 (the Gregorian reform) to 1970-01-01. */
#define UUID_EPOCH_OFFSET 0x01B21DD213814000ULL

enum uuid_variant {
	UUID_VAR_NCS,
	UUID_VAR_RFC,
	UUID_VAR_MICROSOFT,
	UUID_VAR_FUTURE
};

/* Parse "8-4-4-4-12" hex in any case, optionally in braces, exactly len bytes (no more, no
 * less). Returns 0, or -1 with *why saying what is wrong. */
int uuid_parse(const char *s, size_t len, uint8_t out[16], const char **why);
void uuid_format(const uint8_t u[16], char out[37]);
int uuid_version(const uint8_t u[16]);
enum uuid_variant uuid_variant(const uint8_t u[16]);
const char *uuid_variant_name(enum uuid_variant v);
/* Version 1 fields. */
uint64_t uuid_v1_time(const uint8_t u[16]); /* 60-bit count of 100 ns since 1582-10-15 */
unsigned uuid_v1_clock_seq(const uint8_t u[16]);
/* ISO 8601 UTC with 100 ns precision: 1997-02-03T17:43:12.2168750Z */
void uuid_time_iso(uint64_t t100, char out[40]);
/* Seconds since 1970 of a v1 timestamp (negative before 1970). */
int64_t uuid_time_unix(uint64_t t100);

#endif
