// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_trace_perf.c - libFuzzer target for swapsim's reader of perf script
 * output of exceptions:page_fault_user (src/swapsim/trace/perf.c, over the
 * streaming of reader.c), and for skip-bad mode there.
 *
 * Input: the bytes are a trace file, any bytes at all.  They are read
 * three ways in lockstep (trace_lockstep.h): as perf from a buffer; as
 * perf from a file in blocks of 1 to 61 bytes; and auto-detected from a
 * buffer.  Two more readers run in skip-bad mode, from a buffer and from
 * a file in the same blocks.
 *
 * Properties: the file and, when detection says perf, the auto reader
 * give the same events, return codes, line numbers, byte counts and
 * messages (after the name) as the buffer reader.  Every event is a spawn
 * or a fault.  A spawn has a pid not spawned before, nothing but a time,
 * and is followed at once by a fault of that pid at that time from the
 * same line (nothing more read); every fault is a read, write or exec of 1
 * byte, automapped, by a pid spawned before, nothing else set, and takes a
 * line of its own.  So no spawn is ever left without its fault, in
 * particular not by a line skipped.  At the end every byte was consumed,
 * or the error is -EINVAL with "fuzz:LINE: " and repeats.  In skip-bad
 * mode: the two readers agree on every event, line and byte count,
 * bad-line count and kept message; they give the reference's events until
 * its error, which is their first kept message; they read to the end with
 * trace_error() "".  A broken property aborts, so libFuzzer keeps the
 * input.
 */
#define FUZZ_NAME "fuzz_trace_perf"
#include "trace_lockstep.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What the events so far say: the pids spawned, and a spawn waiting for its fault. */
struct seen {
	uint32_t *pids;
	size_t n, cap;
	bool waiting;
	struct sim_event spawn;
	uint64_t line, bytes, events;
};

static bool seen_has(const struct seen *s, uint32_t pid)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->pids[i] == pid)
			return true;
	return false;
}

static void seen_add(struct seen *s, uint32_t pid)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 16;
		s->pids = realloc(s->pids, s->cap * sizeof(*s->pids));
		REQUIRE(s->pids);
	}
	s->pids[s->n++] = pid;
}

/* @ev, read by @r, against what came before it. */
static void check_event(struct seen *s, const struct trace_reader *r, const struct sim_event *ev,
			const struct lockstep *l)
{
	uint64_t line = trace_line(r), bytes = trace_bytes(r);

	REQUIRE(ev->pid != 0);
	REQUIRE(!ev->prot && !ev->arg && !ev->arg2);
	REQUIRE(line <= l->lines && bytes <= l->size);
	if (ev->op == SIM_OP_SPAWN) {
		REQUIRE(!s->waiting);
		REQUIRE(!ev->addr && !ev->len && !ev->flags);
		REQUIRE(!seen_has(s, ev->pid));
		seen_add(s, ev->pid);
		s->waiting = true;
		s->spawn = *ev;
	} else {
		REQUIRE(ev->op == SIM_OP_READ || ev->op == SIM_OP_WRITE || ev->op == SIM_OP_EXEC);
		REQUIRE(ev->flags == SIM_ACCESS_AUTOMAP);
		REQUIRE(ev->len == 1 && range_ok(ev->addr, ev->len));
		REQUIRE(seen_has(s, ev->pid));
		if (s->waiting) {
			/* The spawn's own fault, from its line. */
			REQUIRE(ev->pid == s->spawn.pid && ev->time == s->spawn.time);
			REQUIRE(line == s->line && bytes == s->bytes);
			s->waiting = false;
			s->events++;
			return;
		}
	}
	/* A spawn, or a fault of a known pid: from a new line. */
	REQUIRE(line > s->line && bytes > s->bytes);
	s->line = line;
	s->bytes = bytes;
	s->events++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct seen seen = { 0 };
	struct sim_event ev, sev;
	struct skipping s;
	struct lockstep l;
	char msg[512] = "";
	int rc;

	lockstep_open(&l, data, size, TRACE_FORMAT_PERF);
	skip_open(&s, data, size, TRACE_FORMAT_PERF);
	while ((rc = trace_next(l.r, &ev)) == 1) {
		check_event(&seen, l.r, &ev, &l);
		lockstep_follow(&l, &ev);
		skip_follow(&s, &l, &ev);
	}
	/* An error or the end never comes between a spawn and its fault. */
	REQUIRE(!seen.waiting);
	REQUIRE(seen.events <= 2 * l.lines);
	if (rc)
		snprintf(msg, sizeof(msg), "%s", trace_error(l.r));
	/* Skip-bad mode reads on past the error, to the end. */
	while (skip_next(&s, &sev) == 1)
		check_event(&seen, s.b, &sev, &l);
	REQUIRE(!seen.waiting);
	REQUIRE(seen.events <= 2 * (l.lines - trace_bad_lines(s.b)));
	skip_end(&s, &l, rc, msg);
	lockstep_end(&l, rc);
	free(seen.pids);
	return 0;
}
