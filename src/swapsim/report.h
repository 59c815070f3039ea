/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * report.h - what swapsim prints after a replay: a short report for people,
 * or one JSON object (config, vmstat, processes, swap, memory).
 */
#ifndef SWAPSIM_REPORT_H
#define SWAPSIM_REPORT_H

#include <stdio.h>

#include "engine/sim.h"
#include "expect.h"
#include "trace/trace.h"

struct report_input {
	const struct sim_config *cfg;
	const char *trace;
	enum trace_format format;
	const struct expectation *expect;   /* evaluated --expect, in order */
	size_t nr_expect;
};

void report_text(const struct sim *s, const struct report_input *in, FILE *out);
void report_json(const struct sim *s, const struct report_input *in, FILE *out);

#endif /* SWAPSIM_REPORT_H */
