// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* ssdpmac: find the device vendor behind SSDP replies. Subcommands in the manner of bpftool. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <bpf/libbpf.h>
#include <xdp/libxdp.h>
#include "cmd.h"
#include "log.h"

/* libbpf and libxdp speak through here: warnings always, the rest with -v. */
static int print_libbpf(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (log_level >= 2)
		return vfprintf(stderr, fmt, ap);
	if (level == LIBBPF_WARN)
		return vfprintf(lib_log_capture ? lib_log_capture : stderr, fmt, ap);
	return 0;
}

static int print_libxdp(enum libxdp_print_level level, const char *fmt, va_list ap)
{
	return print_libbpf(level == LIBXDP_WARN ? LIBBPF_WARN : LIBBPF_DEBUG, fmt, ap);
}

static void usage(FILE *f)
{
	const struct command *c;

	fprintf(f, "Usage: ssdpmac [-v|-q] COMMAND [OPTIONS]\n\nCommands:\n");
	for (c = commands; c->name; c++)
		if (!c->hidden)
			fprintf(f, "  %-10s %s\n", c->name, c->help);
	fprintf(f, "\n'ssdpmac COMMAND --help' shows a command's options.\n");
}

int main(int argc, char **argv)
{
	const struct command *c;

	while (argc > 1 && (!strcmp(argv[1], "-v") || !strcmp(argv[1], "-q"))) {
		log_level = argv[1][1] == 'v' ? 2 : 0;
		argv++;
		argc--;
	}
	libbpf_set_print(print_libbpf);
	libxdp_set_print(print_libxdp);
	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if ((c = command_find(argv[1])))
		return c->fn(argc - 1, argv + 1);
	fprintf(stderr, "ssdpmac: no command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
