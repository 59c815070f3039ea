// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_trace_pages.c - libFuzzer target for swapsim's page-number trace
 * reader (src/swapsim/trace/pages.c, over the streaming of reader.c), and
 * for skip-bad mode.
 *
 * Input: the bytes are a trace file, any bytes at all.  They are read
 * three ways in lockstep (trace_lockstep.h): as pages from a buffer; as
 * pages from a file in blocks of 1 to 61 bytes; and auto-detected from a
 * buffer.  Two more readers run in skip-bad mode, from a buffer and from
 * a file in the same blocks.
 *
 * Properties: the file and, when detection says pages, the auto reader
 * give the same events, return codes, line numbers, byte counts and
 * messages (after the name) as the buffer reader.  The first event is the
 * spawn of pid 1 and nothing else, before any line; every later one is a
 * read or a write by pid 1 of one whole 4096-byte page, automapped, below
 * 2^64, from a line of its own.  At the end every byte was consumed, or
 * the error is -EINVAL with "fuzz:LINE: " and repeats (lockstep_end()).
 * In skip-bad mode: the two readers agree on every event, line and byte
 * count, bad-line count and kept message; they give the reference's
 * events until its error, and that error is their first kept message;
 * they always read to the end (0, every byte, every line) with
 * trace_error() "", and no more lines are bad than there are lines.  A
 * broken property aborts, so libFuzzer keeps the input.
 */
#define FUZZ_NAME "fuzz_trace_pages"
#include "trace_lockstep.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_event(const struct sim_event *ev, uint64_t n)
{
	if (n == 0) {
		REQUIRE(ev->op == SIM_OP_SPAWN && ev->pid == 1);
		REQUIRE(!ev->addr && !ev->len && !ev->prot && !ev->flags && !ev->arg && !ev->arg2 &&
			!ev->time);
		return;
	}
	REQUIRE(ev->op == SIM_OP_READ || ev->op == SIM_OP_WRITE);
	REQUIRE(ev->pid == 1 && ev->flags == SIM_ACCESS_AUTOMAP);
	REQUIRE(ev->len == 4096 && ev->addr % 4096 == 0 && range_ok(ev->addr, ev->len));
	REQUIRE(!ev->prot && !ev->arg && !ev->arg2 && !ev->time);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t events = 0, line = 0, bytes = 0;
	struct sim_event ev, sev;
	struct skipping s;
	struct lockstep l;
	char msg[512] = "";
	int rc;

	lockstep_open(&l, data, size, TRACE_FORMAT_PAGES);
	skip_open(&s, data, size, TRACE_FORMAT_PAGES);
	while ((rc = trace_next(l.r, &ev)) == 1) {
		check_event(&ev, events);
		if (events == 0) {
			REQUIRE(trace_line(l.r) == 0 && trace_bytes(l.r) == 0);
		} else {
			/* Each access takes a line of its own. */
			REQUIRE(trace_line(l.r) > line && trace_line(l.r) <= l.lines);
			REQUIRE(trace_bytes(l.r) > bytes && trace_bytes(l.r) <= size);
		}
		line = trace_line(l.r);
		bytes = trace_bytes(l.r);
		events++;
		lockstep_follow(&l, &ev);
		skip_follow(&s, &l, &ev);
	}
	REQUIRE(events <= l.lines + 1);
	if (rc)
		snprintf(msg, sizeof(msg), "%s", trace_error(l.r));
	/* Skip-bad mode reads on past the error, to the end. */
	while (skip_next(&s, &sev) == 1) {
		check_event(&sev, events);
		events++;
	}
	REQUIRE(events + trace_bad_lines(s.b) <= l.lines + 1);
	skip_end(&s, &l, rc, msg);
	lockstep_end(&l, rc);
	return 0;
}
