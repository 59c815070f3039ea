// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * expect.c - parse and evaluate --expect (see expect.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expect.h"
#include "json.h"

/* Terms beyond the vmstat counters, numbered after them. */
enum {
	TERM_EVENTS = NR_SIM_COUNTERS, TERM_SEGV_KILLS, TERM_SWAP_CALL_FAILURES,
	TERM_SIGBUS_KILLS, TERM_WRITE_ERRORS, TERM_READ_ERRORS, NR_TERMS
};

enum { OP_LT, OP_LE, OP_GT, OP_GE, OP_EQ, OP_NE };

static const char *term_name(int t)
{
	switch (t) {
	case TERM_EVENTS:
		return "events";
	case TERM_SEGV_KILLS:
		return "segv_kills";
	case TERM_SWAP_CALL_FAILURES:
		return "swap_call_failures";
	case TERM_SIGBUS_KILLS:
		return "sigbus_kills";
	case TERM_WRITE_ERRORS:
		return "swap_write_errors";
	case TERM_READ_ERRORS:
		return "swap_read_errors";
	default:
		return sim_counter_name((enum sim_counter)t);
	}
}

static int term_parse(const char *s, size_t n)
{
	for (int t = 0; t < NR_TERMS; t++)
		if (strlen(term_name(t)) == n && !strncmp(s, term_name(t), n))
			return t;
	return -1;
}

/* Every term's value after a run of the engine, in term order. */
static void term_values(const struct sim *s, double v[NR_TERMS])
{
	struct sim_io_stats io;

	for (int t = 0; t < NR_SIM_COUNTERS; t++)
		v[t] = (double)sim_vmstat(s)[t];
	sim_io_stats(s, &io);
	v[TERM_EVENTS] = (double)sim_events(s);
	v[TERM_SEGV_KILLS] = (double)sim_segv_kills(s);
	v[TERM_SWAP_CALL_FAILURES] = (double)sim_swap_call_failures(s);
	v[TERM_SIGBUS_KILLS] = (double)io.sigbus_kills;
	v[TERM_WRITE_ERRORS] = (double)io.write_errors;
	v[TERM_READ_ERRORS] = (double)io.read_errors;
}

int expect_parse(const char *text, struct expectation *e, char *err, size_t err_len)
{
	static const struct {
		const char *sym;
		int op;
	} ops[] = {   /* two-character operators first */
		{ "<=", OP_LE }, { ">=", OP_GE }, { "==", OP_EQ }, { "!=", OP_NE },
		{ "<", OP_LT }, { ">", OP_GT },
	};
	const char *at = NULL, *slash, *num;
	size_t oplen = 0;
	char *end;

	memset(e, 0, sizeof(*e));
	e->text = text;
	e->den = -1;
	for (const char *p = text; *p && !at; p++)
		for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
			if (!strncmp(p, ops[i].sym, strlen(ops[i].sym))) {
				at = p;
				oplen = strlen(ops[i].sym);
				e->op = ops[i].op;
				break;
			}
	if (!at) {
		snprintf(err, err_len, "no comparison (<, <=, >, >=, ==, !=) in '%s'", text);
		return -EINVAL;
	}
	slash = memchr(text, '/', (size_t)(at - text));
	e->num = term_parse(text, (size_t)((slash ? slash : at) - text));
	if (slash)
		e->den = term_parse(slash + 1, (size_t)(at - slash - 1));
	if (e->num < 0 || (slash && e->den < 0)) {
		snprintf(err, err_len, "unknown counter in '%s' (a --json vmstat name, or events, "
			 "segv_kills, swap_call_failures, sigbus_kills, swap_write_errors, "
			 "swap_read_errors)",
			 text);
		return -EINVAL;
	}
	num = at + oplen;
	errno = 0;
	e->value = strtod(num, &end);
	if (!*num || *end || errno || end == num || e->value != e->value) {
		snprintf(err, err_len, "not a number after the comparison in '%s'", text);
		return -EINVAL;
	}
	return 0;
}

static bool evaluate(const double *values, struct expectation *e, size_t n)
{
	bool all = true;

	for (size_t i = 0; i < n; i++) {
		double v = values[e[i].num];

		if (e[i].den >= 0) {
			double d = values[e[i].den];

			v = d ? v / d : 0;
		}
		e[i].got = v;
		switch (e[i].op) {
		case OP_LT:
			e[i].passed = v < e[i].value;
			break;
		case OP_LE:
			e[i].passed = v <= e[i].value;
			break;
		case OP_GT:
			e[i].passed = v > e[i].value;
			break;
		case OP_GE:
			e[i].passed = v >= e[i].value;
			break;
		case OP_EQ:
			e[i].passed = v == e[i].value;
			break;
		default:
			e[i].passed = v != e[i].value;
			break;
		}
		all &= e[i].passed;
	}
	return all;
}

bool expect_evaluate(const struct sim *s, struct expectation *e, size_t n)
{
	double v[NR_TERMS];

	term_values(s, v);
	return evaluate(v, e, n);
}

static bool policy_term(int t)
{
	return t == PGFAULT || t == PGMAJFAULT || t == TERM_EVENTS;
}

int expect_policy_terms(const struct expectation *e, size_t n, char *err, size_t err_len)
{
	for (size_t i = 0; i < n; i++)
		if (!policy_term(e[i].num) || (e[i].den >= 0 && !policy_term(e[i].den))) {
			snprintf(err, err_len, "a reference policy counts only pgfault, pgmajfault "
				 "and events: '%s'", e[i].text);
			return -EINVAL;
		}
	return 0;
}

bool expect_evaluate_policy(struct expectation *e, size_t n, uint64_t pgfault, uint64_t pgmajfault,
			    uint64_t events)
{
	double v[NR_TERMS] = { 0 };

	v[PGFAULT] = (double)pgfault;
	v[PGMAJFAULT] = (double)pgmajfault;
	v[TERM_EVENTS] = (double)events;
	return evaluate(v, e, n);
}

void expect_json(const struct expectation *e, size_t n, struct json *j)
{
	json_array_begin(j, "expectations");
	for (size_t i = 0; i < n; i++) {
		json_object_begin(j, NULL);
		json_string(j, "expr", e[i].text);
		json_fixed(j, "value", e[i].got, e[i].den >= 0 ? 6 : 0);
		json_bool(j, "passed", e[i].passed);
		json_object_end(j);
	}
	json_array_end(j);
}
