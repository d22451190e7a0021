// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * libFuzzer: `ssdpmac import` on any file of one kind (FUZZ_KIND: csv, masscan, pcap, shodan). The
 * input becomes a file (a memfd) and goes through import_file() as the command takes it:
 * records or errors naming the line, never a crash, a leak or undefined behaviour.
 */
#include "fuzz_file.h"
#include "cmd.h"

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
	FILE *devnull;
	const char *path = fuzz_file(data, size, &devnull);
	size_t i;

	for (i = 0; runs[FUZZ_KIND][i].fmt1; i++)
		import_file(runs[FUZZ_KIND][i].fmt1 - 1, path, NULL, runs[FUZZ_KIND][i].keep_going,
			    devnull, NULL);
	return 0;
}
