// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The option tables of every command: each row appears in --help and in the man page's OPTIONS,
 * each row's documented spelling is taken by the parser (and its old letter too, to the same
 * effect), and one short letter has one meaning across all commands.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "cmd.h"
#include "describe.h"
#include "log.h"
#include "probe.h"

#define CFG_SIZE 65536
static _Alignas(16) char cfg[2][OPT_MAX_TABLES][CFG_SIZE];

static char *text_of(const struct opt_cmd *c, void (*fn)(const struct opt_cmd *, FILE *))
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	fn(c, f);
	fclose(f);
	return buf;
}

/* The name as troff writes it: every '-' as "\-". */
static void troff_name(const char *name, char *out, size_t cap)
{
	size_t n = 0;

	for (; *name && n + 3 < cap; name++) {
		if (*name == '-')
			out[n++] = '\\';
		out[n++] = *name;
	}
	out[n] = 0;
}

static void every_row_is_in_help_and_man_page(void **state)
{
	const struct command *cmd;
	const struct opt *r;
	char want[256], tname[128];

	for (cmd = commands; cmd->name; cmd++) {
		char *help, *man;

		if (!cmd->opts)
			continue;
		help = text_of(cmd->opts, opt_usage);
		man = text_of(cmd->opts, opt_man);
		for (int t = 0; t < OPT_MAX_TABLES && cmd->opts->tables[t].rows; t++)
			for (r = cmd->opts->tables[t].rows; r->name; r++) {
				if (r->letter)
					snprintf(want, sizeof(want), "-%c, --%s", r->letter,
						 r->name);
				else
					snprintf(want, sizeof(want), "    --%s", r->name);
				if (!strstr(help, want))
					fail_msg("%s --help lacks '%s'", cmd->name, want);
				troff_name(r->name, tname, sizeof(tname));
				snprintf(want, sizeof(want), "\\-\\-%s", tname);
				if (!strstr(man, want))
					fail_msg("%s man options lack '%s'", cmd->name, want);
				assert_non_null(r->help);
				if (r->metavar && !r->example)
					fail_msg("%s --%s: a row with a value names an example",
						 cmd->name, r->name);
			}
		assert_non_null(strstr(man, ".TP\n"));
		free(help);
		free(man);
	}
}

/* The defaults some tables need before parsing (the blocklist --allow-reserved lifts from). */
static void prepare(const struct command *cmd, int k)
{
	memset(cfg[k], 0, sizeof(cfg[k]));
	if (!strcmp(cmd->name, "probe") || !strcmp(cmd->name, "scan"))
		assert_int_equal(probe_defaults((struct probe_opts *)cfg[k][0]), OPT_GO);
	if (!strcmp(cmd->name, "describe"))
		assert_int_equal(describe_init((struct describe *)cfg[k][1]), 0);
}

static void release(const struct command *cmd, int k)
{
	if (!strcmp(cmd->name, "probe") || !strcmp(cmd->name, "scan"))
		probe_free((struct probe_opts *)cfg[k][0]);
	if (!strcmp(cmd->name, "describe"))
		describe_free((struct describe *)cfg[k][1]);
}

/* Parse "CMD SPELLING [VALUE] OPERANDS..." into cfg[k] (prepared). */
static int parse_one(const struct command *cmd, const char *spelling, const char *value, int k)
{
	char *argv[8] = {(char *)cmd->name, (char *)spelling};
	void *cfgs[OPT_MAX_TABLES];
	int argc = 2, first;

	if (value)
		argv[argc++] = (char *)value;
	for (int i = 0; i < cmd->opts->min_args; i++)
		argv[argc++] = "operand";
	for (int t = 0; t < OPT_MAX_TABLES; t++)
		cfgs[t] = cfg[k][t];
	return opt_parse(cmd->opts, cfgs, argc, argv, &first);
}

/* The row's field (and the count of a port list) came out the same in cfg[0] and cfg[1]. */
static void same_field(int t, const struct opt *r)
{
	assert_memory_equal(cfg[0][t] + r->off, cfg[1][t] + r->off, r->size);
	if (r->count)
		assert_memory_equal(cfg[0][t] + r->count - 1, cfg[1][t] + r->count - 1,
				    sizeof(unsigned));
}

static void every_documented_spelling_is_taken(void **state)
{
	const struct command *cmd;
	const struct opt *r;
	char sp[64];

	for (cmd = commands; cmd->name; cmd++) {
		if (!cmd->opts)
			continue;
		for (int t = 0; t < OPT_MAX_TABLES && cmd->opts->tables[t].rows; t++)
			for (r = cmd->opts->tables[t].rows; r->name; r++) {
				assert_true(r->off + r->size <= CFG_SIZE);
				prepare(cmd, 0);
				snprintf(sp, sizeof(sp), "--%s", r->name);
				if (parse_one(cmd, sp, r->metavar ? r->example : NULL, 0) != OPT_GO)
					fail_msg("%s %s %s: refused", cmd->name, sp,
						 r->metavar ? r->example : "");
				for (int i = 0; i < 2; i++) { /* its letter, its old letter */
					char c = i ? r->old : r->letter;

					if (!c)
						continue;
					prepare(cmd, 1);
					snprintf(sp, sizeof(sp), "-%c", c);
					if (parse_one(cmd, sp, r->example, 1) != OPT_GO)
						fail_msg("%s %s: refused", cmd->name, sp);
					if (r->type != OPT_FUNC) /* FUNC rows may keep pointers */
						same_field(t, r);
					release(cmd, 1);
				}
				release(cmd, 0);
			}
	}
}

/* A short letter means one long option in every command that has it. */
static void one_letter_one_meaning(void **state)
{
	const char *meaning[128] = {};
	const struct command *cmd;
	const struct opt *r;

	for (cmd = commands; cmd->name; cmd++) {
		if (!cmd->opts)
			continue;
		for (int t = 0; t < OPT_MAX_TABLES && cmd->opts->tables[t].rows; t++)
			for (r = cmd->opts->tables[t].rows; r->name; r++) {
				if (!r->letter)
					continue;
				if (meaning[(int)r->letter] &&
				    strcmp(meaning[(int)r->letter], r->name))
					fail_msg("-%c is --%s in %s but --%s elsewhere", r->letter,
						 r->name, cmd->name, meaning[(int)r->letter]);
				meaning[(int)r->letter] = r->name;
			}
	}
	/* an old letter never collides with a current one of the same command */
	for (cmd = commands; cmd->name; cmd++) {
		if (!cmd->opts)
			continue;
		for (int t = 0; t < OPT_MAX_TABLES && cmd->opts->tables[t].rows; t++)
			for (r = cmd->opts->tables[t].rows; r->name; r++) {
				const struct opt *q;

				if (!r->old)
					continue;
				for (int u = 0; u < OPT_MAX_TABLES && cmd->opts->tables[u].rows;
				     u++)
					for (q = cmd->opts->tables[u].rows; q->name; q++)
						if (q->letter == r->old)
							fail_msg("%s: old -%c of --%s is -%c of "
								 "--%s",
								 cmd->name, r->old, r->name,
								 q->letter, q->name);
			}
	}
}

static void bad_values_and_unknown_options_are_usage_errors(void **state)
{
	static const struct {
		const char *cmd, *opt, *val;
	} bad[] = {
		{"probe", "-p", "0"},		{"probe", "-p", "65536"},
		{"probe", "-p", "19o0"},	{"probe", "-P", "17"},
		{"probe", "-G", "zz"},		{"probe", "--tx", "carrier-pigeon"},
		{"probe", "-r", "0"},		{"probe", "-B", "fast"},
		{"probe", "-S", "1.2.3"},	{"probe", "--key", "xyz"},
		{"probe", "--seed", "-1"},	{"classify", "--dport", "9-8"},
		{"classify", "--dport", "0"},	{"classify", "-D", "-1"},
		{"classify", "-m", "fast"},	{"sensor", "--ports", "1,,2"},
		{"sensor", "--ports", "70000"}, {"report", "-f", "pdf"},
		{"import", "-f", "nmap"},	{"read", "--bogus", NULL},
		{"decode", "-x", NULL},
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const struct command *cmd = command_find(bad[i].cmd);

		assert_non_null(cmd);
		prepare(cmd, 0);
		if (parse_one(cmd, bad[i].opt, bad[i].val, 0) != 2)
			fail_msg("%s %s %s: not a usage error", bad[i].cmd, bad[i].opt,
				 bad[i].val ? bad[i].val : "");
		release(cmd, 0);
	}
}

static void values_land_where_the_row_says(void **state)
{
	const struct command *read = command_find("read"), *sensor = command_find("sensor");
	uint16_t *p;

	memset(cfg, 0, sizeof(cfg));
	assert_int_equal(parse_one(read, "--dport", "1024-2048", 0), OPT_GO);
	p = (uint16_t *)(cfg[0][0] + read->opts->tables[0].rows[2].off);
	assert_int_equal(p[0], 1024);
	assert_int_equal(p[1], 2048);
	memset(cfg, 0, sizeof(cfg));
	assert_int_equal(parse_one(sensor, "--ports", "23,2323,37215", 0), OPT_GO);
	p = (uint16_t *)(cfg[0][1] + sensor->opts->tables[1].rows[1].off);
	assert_int_equal(p[2], 37215);
	assert_int_equal(*(unsigned *)(cfg[0][1] + sensor->opts->tables[1].rows[1].count - 1), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_row_is_in_help_and_man_page),
		cmocka_unit_test(every_documented_spelling_is_taken),
		cmocka_unit_test(one_letter_one_meaning),
		cmocka_unit_test(bad_values_and_unknown_options_are_usage_errors),
		cmocka_unit_test(values_land_where_the_row_says),
	};

	log_level = 0;
	return cmocka_run_group_tests_name("opts", tests, NULL, NULL);
}
