// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * libFuzzer: `ssdpmac import` on any file of one kind (FUZZ_KIND: csv, masscan, pcap, shodan). The
 * input becomes a file (a memfd) and goes through import_file() as the command takes it:
 * records or errors naming the line, never a crash, a leak or undefined behaviour.
 */
#define _GNU_SOURCE /* memfd_create */
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>
#include "cmd.h"
#include "log.h"

enum {
	CSV,
	MASSCAN,
	PCAP,
	SHODAN
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* the formats of each kind (import_file()'s number + 1; 0 ends the list), and whether bad
	 * lines are skipped (-k) or stop the run */
	static const struct {
		int fmt1;
		bool keep_going;
	} runs[][5] = {
		[CSV] = {{1, true}, {1, false}, {3, true}, {4, true}},
		[MASSCAN] = {{2, true}, {2, false}},
		[PCAP] = {{5, true}, {5, false}},
		[SHODAN] = {{6, true}, {6, false}},
	};
	static FILE *devnull;
	static char path[64];
	static int fd = -1;
	size_t i;

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
	for (i = 0; runs[FUZZ_KIND][i].fmt1; i++)
		import_file(runs[FUZZ_KIND][i].fmt1 - 1, path, NULL, runs[FUZZ_KIND][i].keep_going,
			    devnull, NULL);
	return 0;
}
