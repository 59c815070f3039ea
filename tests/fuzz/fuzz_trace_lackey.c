// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_trace_lackey.c - libFuzzer target for swapsim's reader of valgrind
 * lackey traces (src/swapsim/trace/lackey.c, over the streaming of
 * reader.c).
 *
 * Input: the bytes are a trace file, any bytes at all.  They are read
 * three ways in lockstep: as lackey from a buffer; as lackey from a file
 * (a memfd, opened by its /proc path) in blocks of 1 to 61 bytes, chosen
 * from the input's size, so lines and numbers are cut everywhere; and
 * auto-detected from a buffer.
 *
 * Properties: the file and, when detection says lackey, the auto reader
 * give the same events, return codes, line numbers, byte counts and
 * messages (after the name) as the buffer reader.  The first event is
 * SIM_OP_SPAWN of pid 1 before any line is read; every other one is a
 * read, write or exec of pid 1 with SIM_ACCESS_AUTOMAP alone, length at
 * least 1, ending at or before 2^64, no time and no other field.  A line
 * gives at most two events, and two only as a read then a write of the
 * same range (an M line).  Lines and bytes only grow and never pass the
 * input.  At the end every byte was consumed, the line count is the
 * input's and the end repeats; an error is -EINVAL with "fuzz:LINE: " and
 * a message, at trace_line(), and it repeats unchanged.  A broken
 * property aborts, so libFuzzer keeps the input.
 */
#define FUZZ_NAME "fuzz_trace_lackey"
#include "trace_lockstep.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_access(const struct sim_event *ev)
{
	REQUIRE(ev->op == SIM_OP_READ || ev->op == SIM_OP_WRITE || ev->op == SIM_OP_EXEC);
	REQUIRE(ev->pid == 1);
	REQUIRE(ev->flags == SIM_ACCESS_AUTOMAP);
	REQUIRE(range_ok(ev->addr, ev->len));
	REQUIRE(!ev->prot && !ev->arg && !ev->arg2 && !ev->time);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t events = 0, line = 0, bytes = 0;
	struct sim_event ev, prev = { .op = SIM_OP_SPAWN };
	unsigned on_line = 0;
	struct lockstep l;
	int rc;

	lockstep_open(&l, data, size, TRACE_FORMAT_LACKEY);
	while ((rc = trace_next(l.r, &ev)) == 1) {
		if (events == 0) {
			REQUIRE(ev.op == SIM_OP_SPAWN && ev.pid == 1);
			REQUIRE(!ev.addr && !ev.len && !ev.prot && !ev.flags);
			REQUIRE(!ev.arg && !ev.arg2 && !ev.time);
			REQUIRE(trace_line(l.r) == 0 && trace_bytes(l.r) == 0);
		} else {
			check_access(&ev);
			REQUIRE(trace_line(l.r) >= line && trace_line(l.r) <= l.lines);
			REQUIRE(trace_bytes(l.r) >= bytes && trace_bytes(l.r) <= size);
			if (trace_line(l.r) == line) {
				/* The write of an M, after its read. */
				REQUIRE(++on_line == 2);
				REQUIRE(prev.op == SIM_OP_READ && ev.op == SIM_OP_WRITE);
				REQUIRE(prev.addr == ev.addr && prev.len == ev.len);
				REQUIRE(trace_bytes(l.r) == bytes);
			} else {
				REQUIRE(trace_bytes(l.r) > bytes);
				on_line = 1;
			}
		}
		line = trace_line(l.r);
		bytes = trace_bytes(l.r);
		prev = ev;
		events++;
		lockstep_follow(&l, &ev);
	}
	REQUIRE(events >= 1 && events <= 1 + 2 * l.lines);
	lockstep_end(&l, rc);
	return 0;
}
