/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The fuzzer's input as a file, for code that takes a path as the command does: one memfd,
 * refilled every run, named by /proc/self/fd/N. *devnull gets a sink for the output and the log
 * is silenced. Any failure to set this up traps (a fuzzer finding nothing must not pass).
 */
#ifndef SSDPMAC_FUZZ_FILE_H
#define SSDPMAC_FUZZ_FILE_H

#define _GNU_SOURCE /* memfd_create */
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>
#include "log.h"

static inline const char *fuzz_file(const uint8_t *data, size_t size, FILE **devnull)
{
	static char path[64];
	static FILE *sink;
	static int fd = -1;

	if (fd < 0) {
		fd = memfd_create("fuzz-input", 0);
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		sink = fopen("/dev/null", "w");
		log_level = 0;
		if (fd < 0 || !sink)
			__builtin_trap();
	}
	if (ftruncate(fd, 0) || pwrite(fd, data, size, 0) != (ssize_t)size)
		__builtin_trap();
	*devnull = sink;
	return path;
}

#endif
