// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* ssdpmac: find the device vendor behind SSDP replies. Subcommands in the manner of bpftool. */
#include <stdio.h>
#include <string.h>
#include "cmd.h"
#include "log.h"

int log_level = 1;

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
} cmds[] = {
	{ "decode", cmd_decode, "one UUID, USN or SSDP message: class, time, MAC, vendor" },
	{ "read", cmd_read, "classify the SSDP replies in a pcap/pcapng file" },
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: ssdpmac [-v|-q] COMMAND [OPTIONS]\n\nCommands:\n");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "  %-10s %s\n", cmds[i].name, cmds[i].help);
	fprintf(f, "\n'ssdpmac COMMAND --help' shows a command's options.\n");
}

int main(int argc, char **argv)
{
	size_t i;

	while (argc > 1 && (!strcmp(argv[1], "-v") || !strcmp(argv[1], "-q"))) {
		log_level = argv[1][1] == 'v' ? 2 : 0;
		argv++;
		argc--;
	}
	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "ssdpmac: no command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
