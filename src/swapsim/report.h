/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * report.h - what swapsim prints after a replay: a short report for people,
 * or one JSON object (config, vmstat, processes, swap, memory); for a
 * reference policy (--policy), its counts alone; with --compare, the kernel's
 * report and the reference policies beside it; with --interval or
 * --timeline, the JSON's "timeline" (see timeline.h).
 */
#ifndef SWAPSIM_REPORT_H
#define SWAPSIM_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "engine/sim.h"
#include "expect.h"
#include "timeline.h"
#include "trace/trace.h"

/* What a reference policy counted (see policy/policy.h). */
struct report_policy {
	const char *name;
	uint64_t accesses, pgfault, pgmajfault;
};

struct report_input {
	const struct sim_config *cfg;
	const char *trace;
	enum trace_format format;
	const struct expectation *expect;   /* evaluated --expect, in order */
	size_t nr_expect;
	const struct report_policy *compare;   /* --compare: beside the kernel, OPT among them */
	size_t nr_compare;
	const struct timeline *timeline;   /* --interval or --timeline, or NULL */
	uint64_t skipped_lines;            /* --skip-bad: malformed lines passed over */
	bool stamped;                      /* some swap file holds stamped pages */
};

/* On standard error: how many malformed lines --skip-bad passed over, and the first ones. */
void report_skipped(const struct trace_reader *r);

void report_text(const struct sim *s, const struct report_input *in, FILE *out);
void report_json(const struct sim *s, const struct report_input *in, FILE *out);

/* A reference policy's run: @events is every event of the trace. */
void report_policy_text(const struct report_policy *p, uint64_t events, const struct report_input *in,
			FILE *out);
void report_policy_json(const struct report_policy *p, uint64_t events, const struct report_input *in,
			FILE *out);

#endif /* SWAPSIM_REPORT_H */
