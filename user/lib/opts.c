// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* One parser, one usage printer and one man page printer over the option tables (opts.h). */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "log.h"
#include "opts.h"

#define for_rows(cmd, t, r)                                                                        \
	for (t = 0; t < OPT_MAX_TABLES && (cmd)->tables[t].rows; t++)                              \
		for (r = (cmd)->tables[t].rows; r->name; r++)

static int store_uint(void *field, size_t size, uint64_t v)
{
	switch (size) {
	case 1:
		*(uint8_t *)field = (uint8_t)v;
		return 0;
	case 2:
		*(uint16_t *)field = (uint16_t)v;
		return 0;
	case 4:
		*(uint32_t *)field = (uint32_t)v;
		return 0;
	case 8:
		*(uint64_t *)field = v;
		return 0;
	}
	return -EINVAL;
}

static int parse_uint(const char *spelt, const char *arg, int base, uint64_t min, uint64_t max,
		      uint64_t *out)
{
	unsigned long long v = 0;
	char *end = NULL;
	/* strtoull takes "" as 0, " 1" as 1 and "-1" as a huge number: none is what was meant */
	bool ok = *arg && *arg != '-' && *arg != '+' && !isspace((unsigned char)*arg);

	errno = 0;
	if (ok)
		v = strtoull(arg, &end, base);
	if (!ok || *end || errno || v < min || v > max) {
		if (!spelt) /* the caller says what the whole value should be */
			return -EINVAL;
		if (base == 16)
			pr_warn("%s %s: hex digits, as probe prints the key\n", spelt, arg);
		else
			pr_warn("%s %s: a whole number from %llu to %llu\n", spelt, arg,
				(unsigned long long)min, (unsigned long long)max);
		return -EINVAL;
	}
	*out = v;
	return 0;
}

int opt_port_range(const char *opt, const char *s, uint16_t *lo, uint16_t *hi)
{
	uint64_t a, b;
	const char *dash = strchr(s, '-');
	char first[8];

	if (dash && (size_t)(dash - s) < sizeof(first)) {
		memcpy(first, s, dash - s);
		first[dash - s] = 0;
	}
	if (dash ? dash - s >= (long)sizeof(first) || parse_uint(NULL, first, 10, 1, 65535, &a) ||
			    parse_uint(NULL, dash + 1, 10, a, 65535, &b)
		 : parse_uint(NULL, s, 10, 1, 65535, &a)) {
		pr_warn("%s %s: give a port or a range A-B within 1-65535\n", opt, s);
		return -EINVAL;
	}
	*lo = (uint16_t)a;
	*hi = (uint16_t)(dash ? b : a);
	return 0;
}

static int parse_port_list(const struct opt *o, const char *spelt, const char *s, void *cfg)
{
	uint16_t *ports = (uint16_t *)((char *)cfg + o->off);
	unsigned n = 0;
	const char *p = s;

	while (*p) {
		char buf[8];
		size_t len = strcspn(p, ",");
		uint64_t v;

		if (!len || len >= sizeof(buf) || n == o->max)
			goto bad;
		memcpy(buf, p, len);
		buf[len] = 0;
		if (parse_uint(NULL, buf, 10, 1, 65535, &v))
			goto bad;
		ports[n++] = (uint16_t)v;
		p += len + (p[len] == ',');
	}
	if (!n)
		goto bad;
	*(unsigned *)((char *)cfg + o->count - 1) = n;
	return 0;
bad:
	pr_warn("%s %s: up to %llu ports from 1 to 65535, by commas\n", spelt, s,
		(unsigned long long)o->max);
	return -EINVAL;
}

static int parse_mac(const char *spelt, const char *s, uint8_t mac[6])
{
	unsigned g[6];
	bool ok = strlen(s) == 17;

	for (int b = 0; ok && b < 17; b++)
		ok = b % 3 == 2 ? s[b] == ':' : isxdigit((unsigned char)s[b]);
	if (!ok ||
	    sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x", &g[0], &g[1], &g[2], &g[3], &g[4], &g[5]) != 6) {
		pr_warn("%s %s: a MAC address, aa:bb:cc:dd:ee:ff\n", spelt, s);
		return -EINVAL;
	}
	for (int b = 0; b < 6; b++)
		mac[b] = (uint8_t)g[b];
	return 0;
}

static int parse_enum(const struct opt *o, const char *spelt, const char *arg, void *field)
{
	const struct opt_value *v;

	for (v = o->values; v->name; v++)
		if (!strcmp(arg, v->name))
			return store_uint(field, o->size, (uint64_t)(int64_t)v->value);
	/* "--by month: day or week" */
	fprintf(stderr, "ssdpmac: %s %s: ", spelt, arg);
	for (v = o->values; v->name; v++)
		fprintf(stderr, "%s%s", v->name, !v[1].name ? "\n" : !v[2].name ? " or " : ", ");
	return -EINVAL;
}

/* One row's value into its struct. 0 or -EINVAL after saying why. */
static int take(const struct opt *o, const char *spelt, const char *arg, void *cfg)
{
	void *field = (char *)cfg + o->off;
	struct in_addr a;
	uint64_t v;
	double d;
	char *end;

	switch (o->type) {
	case OPT_BOOL:
	case OPT_CLEAR:
		*(bool *)field = o->type == OPT_BOOL;
		break;
	case OPT_STR:
		*(const char **)field = arg;
		break;
	case OPT_UINT:
	case OPT_HEX:
		if (parse_uint(spelt, arg, o->type == OPT_HEX ? 16 : 10, o->min,
			       o->max ? o->max : UINT64_MAX, &v))
			return -EINVAL;
		store_uint(field, o->size, v);
		break;
	case OPT_REAL:
		d = strtod(arg, &end);
		if (!*arg || *end || d != d || d < o->rmin || (o->strict && d <= o->rmin)) {
			pr_warn("%s %s: a number %s %g, e.g. 30 or 0.5\n", spelt, arg,
				o->strict ? "above" : "from", o->rmin);
			return -EINVAL;
		}
		*(double *)field = d;
		break;
	case OPT_ENUM:
		return parse_enum(o, spelt, arg, field);
	case OPT_PORTS:
		return opt_port_range(spelt, arg, (uint16_t *)field, (uint16_t *)field + 1);
	case OPT_PORTLIST:
		return parse_port_list(o, spelt, arg, cfg);
	case OPT_IPV4:
		if (inet_pton(AF_INET, arg, &a) != 1) {
			pr_warn("%s %s: an IPv4 address\n", spelt, arg);
			return -EINVAL;
		}
		*(uint32_t *)field = ntohl(a.s_addr);
		break;
	case OPT_MAC:
		return parse_mac(spelt, arg, field);
	case OPT_FUNC:
		return o->fn(field, arg) ? -EINVAL : 0;
	}
	return 0;
}

/* Every row with this long name, in every table, takes the value (scan's -i: probe and the
 * classifier both need the interface). */
static int take_all(const struct opt_cmd *cmd, void *const cfgs[], const char *name,
		    const char *spelt, const char *arg)
{
	const struct opt *r;
	int t;

	for_rows(cmd, t, r)
	{
		if (strcmp(r->name, name))
			continue;
		if (take(r, spelt, arg, cfgs[t]))
			return -EINVAL;
		if (r->given)
			*(bool *)((char *)cfgs[t] + r->given - 1) = true;
	}
	return 0;
}

static const struct opt *by_letter(const struct opt_cmd *cmd, int c, bool *old)
{
	const struct opt *r;
	int t;

	for_rows(cmd, t, r) if (r->letter == c) return *old = false, r;
	for_rows(cmd, t, r) if (r->old == c) return *old = true, r;
	return NULL;
}

#define OPT_MAX_ROWS 64

/* getopt_long's tables from ours: each long name once, then --help. */
static void getopt_tables(const struct opt_cmd *cmd, struct option *lo, char *so)
{
	const struct opt *r, *seen[OPT_MAX_ROWS];
	size_t n = 0, k, s = 0;
	int t;

	so[s++] = ':'; /* a missing value returns ':', not '?' */
	for_rows(cmd, t, r)
	{
		for (k = 0; k < n && strcmp(seen[k]->name, r->name); k++)
			;
		if (k < n || n == OPT_MAX_ROWS - 1)
			continue;
		seen[n] = r;
		lo[n] = (struct option){r->name, r->metavar ? required_argument : no_argument, NULL,
					0x100 + (int)n};
		n++;
		for (int i = 0; i < 2; i++) {
			char c = i ? r->old : r->letter;

			if (c && !memchr(so, c, s)) {
				so[s++] = c;
				if (r->metavar)
					so[s++] = ':';
			}
		}
	}
	lo[n++] = (struct option){"help", no_argument, NULL, 'h'};
	lo[n] = (struct option){};
	so[s++] = 'h';
	so[s] = 0;
}

static int usage_error(const struct opt_cmd *cmd)
{
	fprintf(stderr, "Usage: ssdpmac %s %s\n'ssdpmac %s --help' lists the options.\n", cmd->name,
		cmd->synopsis, cmd->name);
	return 2;
}

int opt_parse(const struct opt_cmd *cmd, void *const cfgs[], int argc, char **argv, int *first)
{
	struct option lo[OPT_MAX_ROWS + 1];
	char so[3 * OPT_MAX_ROWS + 3], spelt[80];
	const struct opt *r;
	bool old;
	int c, idx, nargs;

	getopt_tables(cmd, lo, so);
	optind = 0; /* a fresh scan: several commands may parse in one process (the tests) */
	opterr = 0;
	while ((c = getopt_long(argc, argv, so, lo, &idx)) != -1) {
		if (c == 'h') {
			opt_usage(cmd, stdout);
			return 0;
		}
		if (c == '?' || c == ':') {
			const char *what = optopt ? NULL : argv[optind - 1];

			if (what)
				pr_warn("%s %s: %s\n", cmd->name, what,
					c == ':' ? "needs a value" : "no such option");
			else
				pr_warn("%s -%c: %s\n", cmd->name, optopt,
					c == ':' ? "needs a value" : "no such option");
			return usage_error(cmd);
		}
		if (c >= 0x100) {
			snprintf(spelt, sizeof(spelt), "--%s", lo[c - 0x100].name);
			r = NULL;
		} else {
			snprintf(spelt, sizeof(spelt), "-%c", c);
			r = by_letter(cmd, c, &old);
			if (r && old) {
				if (r->letter)
					pr_warn("%s -%c is now -%c (--%s); -%c will go in a later "
						"release\n",
						cmd->name, c, r->letter, r->name, c);
				else
					pr_warn("%s -%c is now --%s; -%c will go in a later "
						"release\n",
						cmd->name, c, r->name, c);
			}
		}
		if (take_all(cmd, cfgs, r ? r->name : lo[c - 0x100].name, spelt, optarg))
			return 2;
	}
	nargs = argc - optind;
	if (nargs < cmd->min_args || (cmd->max_args >= 0 && nargs > cmd->max_args)) {
		if (nargs < cmd->min_args)
			pr_warn("%s: %s\n", cmd->name,
				cmd->min_args == 1 ? "one operand missing" : "operands missing");
		else
			pr_warn("%s %s: one operand too many\n", cmd->name,
				argv[optind + cmd->max_args]);
		return usage_error(cmd);
	}
	*first = optind;
	return OPT_GO;
}

/* "-x, --name METAVAR" as --help shows it. */
static void spelling(const struct opt *r, char *buf, size_t len)
{
	char letter[5] = "    ";

	if (r->letter)
		snprintf(letter, sizeof(letter), "-%c, ", r->letter);
	snprintf(buf, len, "%s--%s%s%s", letter, r->name, r->metavar ? " " : "",
		 r->metavar ? r->metavar : "");
}

/* Is r the first row with its long name? (A name in two tables is listed once.) */
static bool first_of_name(const struct opt_cmd *cmd, const struct opt *row)
{
	const struct opt *r;
	int t;

	for_rows(cmd, t, r)
	{
		if (r == row)
			return true;
		if (!strcmp(r->name, row->name))
			return false;
	}
	return true;
}

void opt_usage(const struct opt_cmd *cmd, FILE *f)
{
	const struct opt *r;
	char sp[80];
	int t;

	fprintf(f, "Usage: ssdpmac %s %s\n", cmd->name, cmd->synopsis);
	if (cmd->operands)
		fprintf(f, "%s", cmd->operands);
	for (t = 0; t < OPT_MAX_TABLES && cmd->tables[t].rows; t++) {
		if (cmd->tables[t].title)
			fprintf(f, "%s:\n", cmd->tables[t].title);
		for (r = cmd->tables[t].rows; r->name; r++) {
			const char *h = r->help;

			if (!first_of_name(cmd, r))
				continue;
			spelling(r, sp, sizeof(sp));
			fprintf(f, "  %-26s", sp);
			if (strlen(sp) > 26)
				fprintf(f, "\n  %-26s", "");
			while (*h) {
				size_t n = strcspn(h, "\n");

				fprintf(f, " %.*s\n", (int)n, h);
				h += n + (h[n] == '\n');
				if (*h)
					fprintf(f, "  %-26s", "");
			}
		}
	}
	fprintf(f, "  %-26s show this\n", "-h, --help");
}

/* Text as troff: backslashes and dashes escaped, no line opening with a control character. */
static void troff(FILE *f, const char *s, size_t n)
{
	bool bol = true;

	for (size_t i = 0; i < n && s[i]; i++) {
		char c = s[i];

		if (bol && (c == '.' || c == '\''))
			fputs("\\&", f);
		bol = c == '\n';
		if (c == '\\')
			fputs("\\e", f);
		else if (c == '-')
			fputs("\\-", f);
		else
			fputc(c, f);
	}
}

void opt_man(const struct opt_cmd *cmd, FILE *f)
{
	const struct opt *r;
	int t;

	for (t = 0; t < OPT_MAX_TABLES && cmd->tables[t].rows; t++) {
		if (cmd->tables[t].title) {
			fputs(".SS ", f);
			troff(f, cmd->tables[t].title, strlen(cmd->tables[t].title));
			fputc('\n', f);
		}
		for (r = cmd->tables[t].rows; r->name; r++) {
			if (!first_of_name(cmd, r))
				continue;
			fputs(".TP\n", f);
			fputs(r->metavar ? ".BI \"" : ".B \"", f);
			if (r->letter)
				fprintf(f, "\\-%c, ", r->letter);
			fputs("\\-\\-", f);
			troff(f, r->name, strlen(r->name));
			if (r->metavar) {
				fputs(" \" ", f);
				troff(f, r->metavar, strlen(r->metavar));
				fputc('\n', f);
			} else {
				fputs("\"\n", f);
			}
			troff(f, r->help, strlen(r->help));
			fputc('\n', f);
		}
	}
	fputs(".TP\n.B \"\\-h, \\-\\-help\"\nshow the options\n", f);
}
