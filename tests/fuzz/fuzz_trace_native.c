// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_trace_native.c - libFuzzer target for swapsim's native trace reader
 * (src/swapsim/trace/native.c, over the streaming of reader.c).
 *
 * Input: the bytes are a trace file, any bytes at all.  They are read
 * three ways in lockstep: as native from a buffer; as native from a file
 * (a memfd, opened by its /proc path) in blocks of 1 to 61 bytes, chosen
 * from the input's size, so lines and numbers are cut everywhere; and
 * auto-detected from a buffer.
 *
 * Properties: the file and, when detection says native, the auto reader
 * give the same events, return codes, line numbers, byte counts and
 * messages (after the name) as the buffer reader.  Every event is
 * well-formed: a known op; pid from 1 to 2^32 - 1 except for swapon and
 * swapoff (0); accesses and mappings of length at least 1 ending at or
 * before 2^64, file offsets too; mmap prot within rwx and flags within
 * FILE|SHARED, no file fields on an anonymous mapping; a fork's child
 * pid from 1 to 2^32 - 1; fields an op does not use are 0; time never
 * goes back.  Lines and bytes only grow, each event takes a line of its
 * own, and neither passes the input.  At the end every byte was consumed,
 * the line count is the input's and the end repeats; an error is -EINVAL
 * with "fuzz:LINE: " and a message, at trace_line(), and it repeats
 * unchanged.  A broken property aborts, so libFuzzer keeps the input.
 */
#define FUZZ_NAME "fuzz_trace_native"
#include "trace_lockstep.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_event(const struct sim_event *ev)
{
	switch (ev->op) {
	case SIM_OP_READ:
	case SIM_OP_WRITE:
	case SIM_OP_EXEC:
	case SIM_OP_MUNMAP:
		REQUIRE(ev->pid >= 1);
		REQUIRE(range_ok(ev->addr, ev->len));
		REQUIRE(!ev->prot && !ev->flags && !ev->arg && !ev->arg2);
		break;
	case SIM_OP_SPAWN:
	case SIM_OP_EXIT:
		REQUIRE(ev->pid >= 1);
		REQUIRE(!ev->addr && !ev->len && !ev->prot && !ev->flags && !ev->arg && !ev->arg2);
		break;
	case SIM_OP_FORK:
		REQUIRE(ev->pid >= 1);
		REQUIRE(ev->arg >= 1 && ev->arg <= UINT32_MAX);
		REQUIRE(!ev->addr && !ev->len && !ev->prot && !ev->flags && !ev->arg2);
		break;
	case SIM_OP_MMAP:
		REQUIRE(ev->pid >= 1);
		REQUIRE(range_ok(ev->addr, ev->len));
		REQUIRE(ev->prot <= (SIM_PROT_READ | SIM_PROT_WRITE | SIM_PROT_EXEC));
		REQUIRE(!(ev->flags & ~(uint32_t)(SIM_MAP_FILE | SIM_MAP_SHARED)));
		if (ev->flags & SIM_MAP_FILE)
			REQUIRE(range_ok(ev->arg2, ev->len));
		else
			REQUIRE(!ev->arg && !ev->arg2);
		break;
	case SIM_OP_SWAPOFF:
	case SIM_OP_SWAPON:
		REQUIRE(ev->pid == 0);
		REQUIRE(!ev->addr && !ev->len && !ev->prot && !ev->flags && !ev->arg2);
		break;
	default:
		REQUIRE(!"a known op");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t events = 0, line = 0, bytes = 0, time = 0;
	struct lockstep l;
	struct sim_event ev;
	int rc;

	lockstep_open(&l, data, size, TRACE_FORMAT_NATIVE);
	while ((rc = trace_next(l.r, &ev)) == 1) {
		check_event(&ev);
		REQUIRE(ev.time >= time);
		time = ev.time;
		/* Each event takes a line of its own. */
		REQUIRE(trace_line(l.r) > line && trace_line(l.r) <= l.lines);
		REQUIRE(trace_bytes(l.r) > bytes && trace_bytes(l.r) <= size);
		line = trace_line(l.r);
		bytes = trace_bytes(l.r);
		events++;
		lockstep_follow(&l, &ev);
	}
	REQUIRE(events <= l.lines);
	lockstep_end(&l, rc);
	return 0;
}
