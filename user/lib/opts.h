/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Options, declared once. A command lists its options as rows of a table (in the manner of
 * xdp-tools' struct prog_option): the long name, the short letter, the type of value and where
 * it goes in the command's option struct, a metavar and a line of help. One parser reads every
 * command's argv from its tables, `--help` and the man pages' OPTIONS section are printed from
 * the same rows, and a table shared by several commands (the XDP options) is one table bound to
 * each command's struct. A bad value names the option as it was typed and says what it takes.
 */
#ifndef SSDPMAC_OPTS_H
#define SSDPMAC_OPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum opt_type {
	OPT_BOOL,     /* no value: sets a bool */
	OPT_CLEAR,    /* no value: clears a bool (--all clears dedup) */
	OPT_STR,      /* const char *, the argument as it is */
	OPT_UINT,     /* an unsigned integer of .size bytes, base 10, in [.min, .max] */
	OPT_HEX,      /* uint64_t in hex digits (keys, as probe prints them) */
	OPT_REAL,     /* double at least .rmin (above it when .strict) */
	OPT_ENUM,     /* an int (or enum) from .values */
	OPT_PORTS,    /* "A" or "A-B" into two uint16_t at .off (dport_min, dport_max) */
	OPT_PORTLIST, /* "A,B,C" into uint16_t[.max] at .off, the count in the unsigned at .count */
	OPT_IPV4,     /* a dotted IPv4 address, as a uint32_t in host order */
	OPT_MAC,      /* aa:bb:cc:dd:ee:ff into uint8_t[6] */
	OPT_FUNC,     /* .fn(field, arg) takes it (lists read from files, rates with units) */
};

struct opt_value {
	const char *name;
	int value;
};

struct opt {
	const char *name; /* long name, without the dashes; NULL ends a table */
	char letter;	  /* short letter, 0: none */
	char old;	  /* a short letter this option had before: still taken, with a warning */
	enum opt_type type;
	size_t off, size;  /* where the value goes in the bound struct, and its size */
	size_t given;	   /* 1 + offset of a bool set when the option is given; 0: none */
	size_t count;	   /* OPT_PORTLIST: 1 + offset of its unsigned count */
	uint64_t min, max; /* OPT_UINT range (max 0: no limit); OPT_PORTLIST: at most max */
	double rmin;	   /* OPT_REAL: the least value */
	bool strict;	   /* OPT_REAL: above rmin, not from it */
	const struct opt_value *values;		 /* OPT_ENUM: ends with {} */
	int (*fn)(void *field, const char *arg); /* OPT_FUNC: 0 or -errno after saying why */
	const char *metavar;			 /* the value's name in the help; NULL: no value */
	const char *help;			 /* '\n' continues on the next help line */
	const char *example;			 /* a value the parser takes (the options test) */
};

/* Where a row's value goes: OPT_AT(struct opts, top); OPT_GIVEN: a bool set when given. */
#define OPT_AT(type, member)	.off = offsetof(type, member), .size = sizeof(((type *)0)->member)
#define OPT_GIVEN(type, member) .given = offsetof(type, member) + 1
/* A row: long name, letter (0: none), type, the struct and member it fills, metavar (NULL: no
 * value), help; then any more fields (.min, .max, .values, .fn, .example, OPT_GIVEN...). */
#define OPT_ROW(lname, ltr, typ, stype, member, mvar, hlp, ...)                                    \
	{                                                                                          \
		.name = lname, .letter = ltr, .type = typ, OPT_AT(stype, member), .metavar = mvar, \
		.help = hlp, __VA_ARGS__                                                           \
	}
/* A number as text, for help strings: OPT_NUM(SENSOR_MAX_PORTS). */
#define OPT_NUM_(x) #x
#define OPT_NUM(x)  OPT_NUM_(x)

/* A table of rows under an optional heading in --help. */
struct opt_table {
	const struct opt *rows;
	const char *title;
};

/* A command: its usage line, extra help on its operands, how many it takes (max -1: any), and
 * its tables in the order --help lists them. A long name in two tables sets both (scan's -i). */
#define OPT_MAX_TABLES 8
struct opt_cmd {
	const char *name;
	const char *synopsis; /* after "ssdpmac NAME " */
	const char *operands; /* extra help lines on the operands; NULL: none */
	int min_args, max_args;
	struct opt_table tables[OPT_MAX_TABLES]; /* opt_parse()'s cfgs[i] is what tables[i] fills */
};

/* opt_parse(): OPT_GO to go on with the command (its operands are argv[*first..argc-1]); any
 * other value is the exit status to return at once: 0 after --help, 2 after a usage error. */
#define OPT_GO -1
int opt_parse(const struct opt_cmd *cmd, void *const cfgs[], int argc, char **argv, int *first);

/* The --help text, and the man page's OPTIONS rows as troff (.TP/.BI). */
void opt_usage(const struct opt_cmd *cmd, FILE *f);
void opt_man(const struct opt_cmd *cmd, FILE *f);

/* "A" or "A-B", within 1-65535, into a port range; -EINVAL after saying why. */
int opt_port_range(const char *opt, const char *s, uint16_t *lo, uint16_t *hi);

#endif
