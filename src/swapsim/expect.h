/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * expect.h - swapsim --expect: thresholds a run must meet, for CI.
 *
 * An expectation is "TERM OP NUMBER": TERM is a counter (a /proc/vmstat
 * name of the report, or events, segv_kills, swap_call_failures) or a
 * ratio of two ("pswpout/pgfault"); OP is <, <=, >, >=, == or !=; NUMBER
 * is decimal, with an optional fraction.  A ratio with a zero divisor is 0.
 */
#ifndef SWAPSIM_EXPECT_H
#define SWAPSIM_EXPECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/sim.h"

struct json;

struct expectation {
	const char *text;      /* as given */
	int num, den;          /* counters (-1: none, for den) */
	int op;
	double value;
	double got;            /* after expect_evaluate */
	bool passed;
};

/* Parse @text into @e; -EINVAL (with @err) when it is not an expectation. */
int expect_parse(const char *text, struct expectation *e, char *err, size_t err_len);

/* Evaluate every expectation against a finished run; true when all pass. */
bool expect_evaluate(const struct sim *s, struct expectation *e, size_t n);

/*
 * A reference policy's run (--policy) counts only pgfault, pgmajfault and
 * events: -EINVAL (with @err naming it) for an expectation on another term.
 */
int expect_policy_terms(const struct expectation *e, size_t n, char *err, size_t err_len);

/* Evaluate every expectation against a reference policy's counts. */
bool expect_evaluate_policy(struct expectation *e, size_t n, uint64_t pgfault, uint64_t pgmajfault,
			    uint64_t events);

/* The results, as the JSON member "expectations". */
void expect_json(const struct expectation *e, size_t n, struct json *j);

#endif /* SWAPSIM_EXPECT_H */
