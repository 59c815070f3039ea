// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * report.c - swapsim's report (see report.h).
 *
 * JSON keys are stable: counters appear under their /proc/vmstat names,
 * sizes of memory and swap in pages of the simulated page size (4096
 * bytes) with the page size stated in "config".
 */
#include <err.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "json.h"
#include "report.h"
#include "size.h"

static const char *readahead_name(enum sim_readahead ra)
{
	return ra == SIM_RA_CLUSTER ? "cluster" : ra == SIM_RA_VMA ? "vma" : "auto";
}

static const char *process_state(const struct sim_process_stats *p)
{
	if (p->killed)
		return "oom-killed";
	if (p->segv)
		return "segv";
	if (p->sigbus)
		return "sigbus";
	return p->alive ? "running" : "exited";
}

static void config_begin(struct json *j, const struct report_input *in, const char *policy)
{
	json_object_begin(j, "config");
	json_string(j, "trace", in->trace);
	json_string(j, "format", trace_format_name(in->format));
	json_string(j, "policy", policy);
	json_u64(j, "pagesize", in->cfg->pagesize);
	json_u64(j, "ram_pages", in->cfg->ram_pages);
}

/* OPT's entry of --compare, or NULL. */
static const struct report_policy *compare_opt(const struct report_input *in)
{
	for (size_t i = 0; i < in->nr_compare; i++)
		if (!strcmp(in->compare[i].name, "opt"))
			return &in->compare[i];
	return NULL;
}

static void compare_json(const struct sim *s, const struct report_input *in, struct json *j)
{
	const struct report_policy *opt = compare_opt(in);
	const uint64_t *v = sim_vmstat(s);

	json_array_begin(j, "compare");
	json_object_begin(j, NULL);
	json_string(j, "policy", "kernel");
	json_u64(j, "pgfault", v[PGFAULT]);
	json_u64(j, "pgmajfault", v[PGMAJFAULT]);
	json_object_end(j);
	for (size_t i = 0; i < in->nr_compare; i++) {
		json_object_begin(j, NULL);
		json_string(j, "policy", in->compare[i].name);
		json_u64(j, "pgfault", in->compare[i].pgfault);
		json_u64(j, "pgmajfault", in->compare[i].pgmajfault);
		json_object_end(j);
	}
	json_array_end(j);
	if (!opt)
		return;
	json_object_begin(j, "kernel_excess_over_opt");
	json_s64(j, "pgmajfault", (int64_t)(v[PGMAJFAULT] - opt->pgmajfault));
	if (opt->pgmajfault)
		json_fixed(j, "ratio", (double)v[PGMAJFAULT] / (double)opt->pgmajfault, 3);
	else
		json_null(j, "ratio");
	json_object_end(j);
}

static void compare_text(const struct sim *s, const struct report_input *in, FILE *out)
{
	const struct report_policy *opt = compare_opt(in);
	const uint64_t *v = sim_vmstat(s);

	fprintf(out, "%-8s %12s %12s\n", "POLICY", "PGFAULT", "PGMAJFAULT");
	fprintf(out, "%-8s %12" PRIu64 " %12" PRIu64 "\n", "kernel", v[PGFAULT], v[PGMAJFAULT]);
	for (size_t i = 0; i < in->nr_compare; i++)
		fprintf(out, "%-8s %12" PRIu64 " %12" PRIu64 "\n", in->compare[i].name,
			in->compare[i].pgfault, in->compare[i].pgmajfault);
	if (!opt)
		return;
	fprintf(out, "kernel over opt: %" PRId64 " major faults", (int64_t)(v[PGMAJFAULT] - opt->pgmajfault));
	if (opt->pgmajfault)
		fprintf(out, " (%.3f times as many)", (double)v[PGMAJFAULT] / (double)opt->pgmajfault);
	fputc('\n', out);
}

/*
 * "timeline": the interval, the column names, how many rows were taken,
 * and the rows themselves (arrays of numbers, in the columns' order) when
 * they were kept; with --timeline they went to the CSV file, named here.
 */
static void timeline_json(const struct timeline *tl, struct json *j)
{
	json_object_begin(j, "timeline");
	json_u64(j, "interval", tl->interval);
	json_array_begin(j, "columns");
	for (int c = 0; c < NR_TIMELINE_COLUMNS; c++)
		json_string(j, NULL, timeline_column_name((enum timeline_column)c));
	json_array_end(j);
	json_u64(j, "samples", tl->samples);
	if (tl->csv_path) {
		json_string(j, "csv", tl->csv_path);
	} else {
		json_array_begin(j, "rows");
		for (size_t i = 0; i < tl->nr_rows; i++)
			json_u64_row(j, NULL, &tl->rows[i * NR_TIMELINE_COLUMNS], NR_TIMELINE_COLUMNS);
		json_array_end(j);
	}
	json_object_end(j);
}

void report_json(const struct sim *s, const struct report_input *in, FILE *out)
{
	const uint64_t *v = sim_vmstat(s);
	struct sim_memory_stats m;
	struct sim_io_stats io;
	struct json j;

	json_open(&j, out);
	config_begin(&j, in, "kernel");
	json_string(&j, "arch", swaparea_arch_name(in->cfg->arch));
	json_u64(&j, "swappiness", (uint64_t)in->cfg->swappiness);
	json_u64(&j, "page_cluster", (uint64_t)in->cfg->page_cluster);
	json_string(&j, "readahead", readahead_name(in->cfg->readahead));
	json_u64(&j, "watermark_scale_factor", in->cfg->watermark_scale_factor);
	json_object_end(&j);
	json_u64(&j, "events", sim_events(s));
	json_u64(&j, "skipped_lines", in->skipped_lines);
	json_object_begin(&j, "vmstat");
	for (int c = 0; c < NR_SIM_COUNTERS; c++)
		json_u64(&j, sim_counter_name((enum sim_counter)c), v[c]);
	json_object_end(&j);

	json_array_begin(&j, "processes");
	for (size_t i = 0; i < sim_process_count(s); i++) {
		struct sim_process_stats p;

		sim_process_stats(s, i, &p);
		json_object_begin(&j, NULL);
		json_u64(&j, "pid", p.pid);
		json_string(&j, "state", process_state(&p));
		json_u64(&j, "minflt", p.minflt);
		json_u64(&j, "majflt", p.majflt);
		json_u64(&j, "rss", p.rss_anon + p.rss_file);
		json_u64(&j, "swap", p.swapents);
		json_object_end(&j);
	}
	json_array_end(&j);

	json_array_begin(&j, "swap");
	for (size_t i = 0; i < sim_swap_count(s); i++) {
		struct sim_swap_stats a;

		sim_swap_stats(s, i, &a);
		json_object_begin(&j, NULL);
		json_string(&j, "name", a.name);
		json_u64(&j, "size", a.pages);
		json_u64(&j, "used", a.inuse);
		json_s64(&j, "priority", a.prio);
		json_bool(&j, "active", a.active);
		json_object_end(&j);
	}
	json_array_end(&j);

	sim_memory_stats(s, &m);
	json_object_begin(&j, "memory");
	json_u64(&j, "total", m.total);
	json_u64(&j, "free", m.free);
	json_u64(&j, "min", m.min);
	json_u64(&j, "low", m.low);
	json_u64(&j, "high", m.high);
	json_u64(&j, "anon", m.anon);
	json_u64(&j, "file", m.file);
	json_u64(&j, "swap_cache", m.swapcache);
	json_u64(&j, "active_anon", m.active_anon);
	json_u64(&j, "inactive_anon", m.inactive_anon);
	json_u64(&j, "active_file", m.active_file);
	json_u64(&j, "inactive_file", m.inactive_file);
	json_object_end(&j);
	json_u64(&j, "segv_kills", sim_segv_kills(s));
	json_u64(&j, "swap_call_failures", sim_swap_call_failures(s));
	sim_io_stats(s, &io);
	json_object_begin(&j, "io");
	json_bool(&j, "stamped", in->stamped);
	json_u64(&j, "written", io.written);
	json_u64(&j, "read", io.read);
	json_u64(&j, "verified", io.verified);
	json_u64(&j, "write_errors", io.write_errors);
	json_u64(&j, "read_errors", io.read_errors);
	json_u64(&j, "sigbus_kills", io.sigbus_kills);
	json_u64(&j, "poisoned_ptes", io.poisoned);
	json_u64(&j, "discarded", io.discarded);
	json_u64(&j, "reserved", io.reserved);
	json_object_end(&j);
	if (in->nr_compare)
		compare_json(s, in, &j);
	if (in->timeline)
		timeline_json(in->timeline, &j);
	if (in->nr_expect)
		expect_json(in->expect, in->nr_expect, &j);
	json_close(&j);
}

static const char *pages_human(uint64_t pages, char *buf, size_t len)
{
	return size_human_iec(pages * 4096, buf, len);
}

static void expect_text(const struct report_input *in, FILE *out)
{
	for (size_t i = 0; i < in->nr_expect; i++)
		fprintf(out, "expect      %12s  %s (%.6g)\n", in->expect[i].passed ? "ok" : "FAILED",
			in->expect[i].text, in->expect[i].got);
}

void report_text(const struct sim *s, const struct report_input *in, FILE *out)
{
	const uint64_t *v = sim_vmstat(s);
	struct sim_memory_stats m;
	struct sim_io_stats io;
	char a[32], b[32];

	sim_memory_stats(s, &m);
	fprintf(out, "%s: %" PRIu64 " events (%s), %s of RAM, %zu swap area%s\n",
		strcmp(in->trace, "-") ? in->trace : "standard input",
		sim_events(s), trace_format_name(in->format), pages_human(m.total, a, sizeof(a)),
		sim_swap_count(s), sim_swap_count(s) == 1 ? "" : "s");
	fprintf(out, "faults      %12" PRIu64 "  major %" PRIu64 ", reused %" PRIu64 "\n",
		v[PGFAULT], v[PGMAJFAULT], v[PGREUSE]);
	fprintf(out, "swap        %12" PRIu64 " in, %" PRIu64 " out (%s in, %s out)\n", v[PSWPIN],
		v[PSWPOUT], pages_human(v[PSWPIN], a, sizeof(a)), pages_human(v[PSWPOUT], b, sizeof(b)));
	fprintf(out, "readahead   %12" PRIu64 " pages read ahead, %" PRIu64 " hits\n", v[SWAP_RA],
		v[SWAP_RA_HIT]);
	fprintf(out, "kswapd      %12" PRIu64 " runs, scanned %" PRIu64 ", reclaimed %" PRIu64 "\n",
		v[PAGEOUTRUN], v[PGSCAN_KSWAPD], v[PGSTEAL_KSWAPD]);
	fprintf(out, "direct      %12" PRIu64 " stalls, scanned %" PRIu64 ", reclaimed %" PRIu64 "\n",
		v[ALLOCSTALL], v[PGSCAN_DIRECT], v[PGSTEAL_DIRECT]);
	fprintf(out, "lru         %12" PRIu64 " activated, %" PRIu64 " deactivated, %" PRIu64 " refilled\n",
		v[PGACTIVATE], v[PGDEACTIVATE], v[PGREFILL]);
	fprintf(out, "oom kills   %12" PRIu64 "\n", v[OOM_KILL]);
	sim_io_stats(s, &io);
	if (in->stamped)
		fprintf(out, "slot data   %12" PRIu64 " pages written, %" PRIu64 " read back, %" PRIu64
			" verified\n", io.written, io.read, io.verified);
	if (io.write_errors || io.read_errors)
		fprintf(out, "io errors   %12" PRIu64 " writes, %" PRIu64 " reads failed; %" PRIu64
			" SIGBUS kills, %" PRIu64 " poisoned PTEs\n", io.write_errors, io.read_errors,
			io.sigbus_kills, io.poisoned);
	if (sim_segv_kills(s) || sim_swap_call_failures(s))
		fprintf(out, "other       %12" PRIu64 " SIGSEGV kills, %" PRIu64 " refused swapoff/swapon\n",
			sim_segv_kills(s), sim_swap_call_failures(s));
	fprintf(out, "memory      %12s free of %s (watermarks min %" PRIu64 ", low %" PRIu64
		", high %" PRIu64 " pages); swap cache %" PRIu64 " pages\n",
		pages_human(m.free, a, sizeof(a)), pages_human(m.total, b, sizeof(b)), m.min, m.low,
		m.high, m.swapcache);
	for (size_t i = 0; i < sim_swap_count(s); i++) {
		struct sim_swap_stats sw;

		sim_swap_stats(s, i, &sw);
		fprintf(out, "swap area   %12s used of %s, priority %" PRId32 "%s  %s\n",
			pages_human(sw.inuse, a, sizeof(a)), pages_human(sw.pages, b, sizeof(b)), sw.prio,
			sw.active ? "" : " (off)", sw.name ? sw.name : "");
	}
	fprintf(out, "%8s %10s %10s %10s %10s  %s\n", "PID", "MINFLT", "MAJFLT", "RSS", "SWAP", "STATE");
	for (size_t i = 0; i < sim_process_count(s); i++) {
		struct sim_process_stats p;

		sim_process_stats(s, i, &p);
		fprintf(out, "%8" PRIu32 " %10" PRIu64 " %10" PRIu64 " %10s %10s  %s\n", p.pid, p.minflt,
			p.majflt, pages_human(p.rss_anon + p.rss_file, a, sizeof(a)),
			pages_human(p.swapents, b, sizeof(b)), process_state(&p));
	}
	if (in->nr_compare)
		compare_text(s, in, out);
	expect_text(in, out);
}

void report_policy_json(const struct report_policy *p, uint64_t events, const struct report_input *in,
			FILE *out)
{
	struct json j;

	json_open(&j, out);
	config_begin(&j, in, p->name);
	json_object_end(&j);
	json_u64(&j, "events", events);
	json_u64(&j, "skipped_lines", in->skipped_lines);
	json_u64(&j, "accesses", p->accesses);
	json_object_begin(&j, "vmstat");
	json_u64(&j, "pgfault", p->pgfault);
	json_u64(&j, "pgmajfault", p->pgmajfault);
	json_object_end(&j);
	if (in->nr_expect)
		expect_json(in->expect, in->nr_expect, &j);
	json_close(&j);
}

void report_policy_text(const struct report_policy *p, uint64_t events, const struct report_input *in,
			FILE *out)
{
	char a[32];

	fprintf(out, "%s: %" PRIu64 " events (%s), policy %s, %" PRIu64 " frames (%s of RAM)\n",
		strcmp(in->trace, "-") ? in->trace : "standard input", events,
		trace_format_name(in->format), p->name, in->cfg->ram_pages,
		pages_human(in->cfg->ram_pages, a, sizeof(a)));
	fprintf(out, "accesses    %12" PRIu64 "  pages referenced\n", p->accesses);
	fprintf(out, "faults      %12" PRIu64 "  major %" PRIu64 "\n", p->pgfault, p->pgmajfault);
	fprintf(out, "fault rate  %12.6f\n", p->accesses ? (double)p->pgfault / (double)p->accesses : 0.0);
	expect_text(in, out);
}

void report_skipped(const struct trace_reader *r)
{
	uint64_t n = trace_bad_lines(r);
	const char *msg;

	if (!n)
		return;
	warnx("skipped %" PRIu64 " malformed line%s", n, n == 1 ? "" : "s");
	for (size_t i = 0; (msg = trace_bad_line_message(r, i)); i++)
		warnx("skipped: %s", msg);
}
