// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * libFuzzer: `ssdpmac report` on any records. The input is both the scanners file and the
 * devices file (so its addresses join), then every output format is written: errors naming the
 * line, or a report, never a crash, a leak or undefined behaviour.
 */
#define _GNU_SOURCE /* memfd_create */
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>
#include "log.h"
#include "report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *devnull;
	static char path[64];
	static int fd = -1;
	struct report r;
	int f;

	if (fd < 0) {
		fd = memfd_create("fuzz-input", 0);
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		devnull = fopen("/dev/null", "w");
		log_level = 0;
		if (fd < 0 || !devnull)
			__builtin_trap();
	}
	if (ftruncate(fd, 0) || pwrite(fd, data, size, 0) != (ssize_t)size)
		__builtin_trap();
	report_init(&r);
	r.mirai_only = size & 1;
	if (!report_read_scanners(&r, path) && !report_read_devices(&r, path) && !report_join(&r))
		for (f = FMT_TABLE; f <= FMT_MARKDOWN; f++)
			report_write(&r, (enum report_format)f, devnull);
	report_free(&r);
	return 0;
}
