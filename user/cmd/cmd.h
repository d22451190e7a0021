/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Subcommands of the ssdpmac program, one per file. */
#ifndef SSDPMAC_CMD_H
#define SSDPMAC_CMD_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <xdp/libxdp.h>
#include "clock.h"
#include "opts.h"

int cmd_decode(int argc, char **argv);
int cmd_read(int argc, char **argv);
int cmd_classify(int argc, char **argv);
int cmd_probe(int argc, char **argv);
int cmd_sensor(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_import(int argc, char **argv);
struct oui_db;
/* import's work without its options (the fuzzers call it): path in format fmt (0 zmap-upnp,
 * 1 masscan, 2 sonar, 3 shadowserver, 4 pcap) to device records on out. 0 or -errno, said. */
struct netdb;
/* net: AS and country in each record (NULL: none). */
int import_file(int fmt, const char *path, const struct oui_db *db, bool keep_going, FILE *out,
		struct netdb *net);
int cmd_scan(int argc, char **argv);
int cmd_describe(int argc, char **argv);
int cmd_man_options(int argc, char **argv);

/* Every command: its name, entry, one line of help and its options (hidden: not listed). */
struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
	const struct opt_cmd *opts;
	bool hidden;
};
extern const struct command commands[];
const struct command *command_find(const char *name);

extern const struct opt_cmd decode_cmd, read_cmd, classify_cmd, sensor_cmd, probe_cmd, report_cmd,
	import_cmd, scan_cmd, describe_cmd;

/* Shared option tables (opts_common.c). xdp_rows bind to a struct xdp_opts: the commands that
 * attach XDP take them alike; ieee_rows and duration_rows bind to one field (const char *,
 * double). */
struct xdp_opts {
	const char *ifname, *output, *metrics, *pin_dir;
	enum xdp_attach_mode mode;
};
extern const struct opt xdp_rows[], ieee_rows[], duration_rows[];
/* net_rows bind to a struct netfiles (netinfo.h): --asn-db, --country-db, --pfx2as. */
extern const struct opt net_rows[];

/* probe's options (scan takes them too), bound to a struct probe_opts; probe_defaults() before
 * opt_parse(), probe_check() with the operands (the targets) after; both OPT_GO or 2. */
struct probe_opts;
extern const struct opt probe_rows[];
int probe_defaults(struct probe_opts *o);
int probe_check(struct probe_opts *o, const char *cmd, int argc, char **argv);

#endif
