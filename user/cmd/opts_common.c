// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Option tables more than one command takes (opts.h): each is bound to each command's struct. */
#include "attach.h"
#include "cmd.h"
#include "netinfo.h"
#include "oui.h"

/* The tables shared by the commands that attach XDP. */
const struct opt_value xdp_mode_values[] = {
	{"native", XDP_MODE_NATIVE},
	{"skb", XDP_MODE_SKB},
	{"auto", XDP_MODE_UNSPEC},
	{},
};

const struct opt xdp_rows[] = {
	OPT_ROW("interface", 'i', OPT_STR, struct xdp_opts, ifname, "IFACE",
		"the NIC XDP attaches to", .example = "lo"),
	OPT_ROW("mode", 'm', OPT_ENUM, struct xdp_opts, mode, "MODE",
		"native, skb or auto (default auto: native, else skb)", .values = xdp_mode_values,
		.example = "skb"),
	OPT_ROW("output", 'o', OPT_STR, struct xdp_opts, output, "FILE",
		"records as JSON Lines ('-': stdout): devices (classify and scan append),\n"
		"scanners (sensor rewrites it every few seconds)",
		.example = "-"),
	OPT_ROW("metrics", 0, OPT_STR, struct xdp_opts, metrics, "ADDR:PORT",
		"Prometheus /metrics (default 127.0.0.1:9477, sensor :9478; 'off')",
		.example = "127.0.0.1:9477"),
	OPT_ROW("pin-dir", 0, OPT_STR, struct xdp_opts, pin_dir, "DIR",
		"pinned maps (default " PIN_DIR_DEFAULT ")", .example = "/sys/fs/bpf/x"),
	{},
};

const struct opt ieee_rows[] = {
	{.name = "ieee-dir",
	 .letter = 'd',
	 .type = OPT_STR,
	 .size = sizeof(const char *),
	 .metavar = "DIR",
	 .help = "IEEE registry CSVs (default " OUI_DEFAULT_DIR ")",
	 .example = "/usr/share/ieee-data"},
	{},
};

const struct opt duration_rows[] = {
	{.name = "duration",
	 .letter = 'D',
	 .old = 't',
	 .type = OPT_REAL,
	 .size = sizeof(double),
	 .metavar = "SECONDS",
	 .help = "stop by itself after this long (default: at a signal)",
	 .example = "1.5"},
	{},
};

/* The network files, bound to a struct netfiles: report, and the records of sensor, classify,
 * scan, import and read (asn, as_name, country in each). */
const struct opt net_rows[] = {
	OPT_ROW("asn-db", 0, OPT_STR, struct netfiles, asn_db, "FILE",
		"AS numbers and names: a MaxMind DB (GeoLite2-ASN, DB-IP ASN lite,\n"
		"IPinfo lite)",
		.example = "asn.mmdb"),
	OPT_ROW("country-db", 0, OPT_STR, struct netfiles, country_db, "FILE",
		"countries: a MaxMind DB (GeoLite2-Country, DB-IP country lite,\n"
		"IPinfo lite)",
		.example = "country.mmdb"),
	OPT_ROW("pfx2as", 0, OPT_STR, struct netfiles, pfx2as, "FILE",
		"AS numbers from CAIDA's Routeviews prefix2as (before --asn-db)",
		.example = "pfx2as.txt"),
	{},
};
