// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_trace_perf.c - swapsim's reader of `perf script` output for the
 * tracepoint exceptions:page_fault_user (src/swapsim/trace/perf.c).
 *
 * Each case is text in, events and error out, the events written back as
 * native lines ("@12000 w 7 0x1000 1 auto"), so a row reads as what the
 * reader must understand.  Lines marked "real" are copied from the traces
 * recorded for tests/data (tests/data/README.md); the others change one
 * thing of such a line: a field perf script -F drops or adds, an error
 * code bit, a pid.  Every case is also read from a file in blocks of 1,
 * 7, 4096 bytes and 1 MiB and from standard input, and must give the same
 * transcript.  Then: every message, skip-bad mode (no spawn is left
 * behind by a bad line), auto-detection against the other formats' own
 * samples, a generated trace in many block sizes, a line across the 1 MiB
 * boundary, many pids, and the bundled traces, whose counts were taken
 * with grep (tests/data/README.md), not from this reader.
 *
 * The transcripts, the modes, and the runners of table, detection and
 * skip-bad cases are in trace_transcript.h, shared with test_trace.c.  A
 * perf reader gives only spawns and automapped accesses, so any other op
 * or flag shows in the transcript and matches no expected one.
 * trace__check() runs after every call.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "tap.h"
#include "trace/internal.h"
#include "trace/trace.h"
#include "trace_transcript.h"

/* The default line of perf script, shortened: comm, tid, cpu, time, event. */
#define HEAD(comm, id) comm " " id " [001] 10.000001: exceptions:page_fault_user: "

/* ---- table cases ------------------------------------------------------------- */

/* Time 10.000001 s is 10000001000 ns. */
#define T "@10000001000 "

static const struct text_case perf_cases[] = {
	{ "empty", "", "", "" },
	{ "header and blank lines only", "# ========\n# captured on    : Sun Nov 22\n#\n\n  \n", "", "" },
	{ "real: an instruction fetch (0x14)",
	  "              sh 17232 [001] 12129.128249: exceptions:page_fault_user: "
	  "address=0x7fcf6150cb70 ip=0x7fcf6150cb70 error_code=0x14\n",
	  "@12129128249000 spawn 17232|@12129128249000 x 17232 0x7fcf6150cb70 1 auto", "" },
	{ "real: a write (0x6), then a read (0x4) of the same process",
	  "              sh 17232 [001] 12129.128253: exceptions:page_fault_user: "
	  "address=0x7fcf61525e06 ip=0x7fcf6150d7ad error_code=0x6\n"
	  "              sh 17232 [001] 12129.128259: exceptions:page_fault_user: "
	  "address=0x7fcf614f2d40 ip=0x7fcf6150da13 error_code=0x4\n",
	  "@12129128253000 spawn 17232|@12129128253000 w 17232 0x7fcf61525e06 1 auto|"
	  "@12129128259000 r 17232 0x7fcf614f2d40 1 auto", "" },
	{ "real: a write to a present page (0x7)",
	  "              sh 17232 [001] 12129.128471: exceptions:page_fault_user: "
	  "address=0x560755fffc00 ip=0x7fcf61510620 error_code=0x7\n",
	  "@12129128471000 spawn 17232|@12129128471000 w 17232 0x560755fffc00 1 auto", "" },
	{ "real: pid/tid and --ns (perf script -F comm,pid,tid,cpu,time,event,trace --ns)",
	  "         threads 17452/17454 [000] 12130.406011931: exceptions:page_fault_user: "
	  "address=0x7f1b8b00eb70 ip=0x7f1b8b00eb70 error_code=0x14\n",
	  "@12130406011931 spawn 17452|@12130406011931 x 17452 0x7f1b8b00eb70 1 auto", "" },
	{ "real: a callchain (perf record -g) is skipped",
	  "true 17815 [000] 12131.648336: exceptions:page_fault_user: "
	  "address=0x7f90ce913b70 ip=0x7f90ce913b70 error_code=0x14\n"
	  "\tffffffff821f5340 exc_page_fault+0x2f0 ([kernel.kallsyms])\n"
	  "\tffffffff81000c82 asm_exc_page_fault+0x22 ([kernel.kallsyms])\n"
	  "\t           1ab70 _start+0x0 (/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2)\n"
	  "\n",
	  "@12131648336000 spawn 17815|@12131648336000 x 17815 0x7f90ce913b70 1 auto", "" },
	{ "error code bits: write wins, then instruction, else read",
	  HEAD("a", "7") "address=0x1000 error_code=0x0\n"
	  HEAD("a", "7") "address=0x1000 error_code=0x2\n"
	  HEAD("a", "7") "address=0x1000 error_code=0x10\n"
	  HEAD("a", "7") "address=0x1000 error_code=0x12\n"
	  HEAD("a", "7") "address=0x1000 error_code=0x15\n"
	  HEAD("a", "7") "address=0x1000 error_code=0xfffffffffffffffd\n"
	  HEAD("a", "7") "address=0x1000 error_code=0x20\n",
	  T "spawn 7|" T "r 7 0x1000 1 auto|" T "w 7 0x1000 1 auto|" T "x 7 0x1000 1 auto|"
	  T "w 7 0x1000 1 auto|" T "x 7 0x1000 1 auto|" T "x 7 0x1000 1 auto|" T "r 7 0x1000 1 auto", "" },
	{ "a spawn before each new pid's first fault, once",
	  HEAD("a", "5") "address=0x1 error_code=0x4\n"
	  HEAD("b", "6") "address=0x2 error_code=0x6\n"
	  HEAD("a", "5") "address=0x3 error_code=0x4\n"
	  HEAD("c", "9") "address=0x4 error_code=0x14\n"
	  HEAD("b", "6") "address=0x5 error_code=0x4\n"
	  HEAD("c", "9") "address=0x6 error_code=0x4\n",
	  T "spawn 5|" T "r 5 0x1 1 auto|" T "spawn 6|" T "w 6 0x2 1 auto|" T "r 5 0x3 1 auto|"
	  T "spawn 9|" T "x 9 0x4 1 auto|" T "r 6 0x5 1 auto|" T "r 9 0x6 1 auto", "" },
	{ "threads of one process: pid/tid gives the pid",
	  "t 40/40 [000] 1.5: exceptions:page_fault_user: address=0x1 error_code=0x4\n"
	  "t 40/41 [001] 1.5: exceptions:page_fault_user: address=0x2 error_code=0x4\n",
	  "@1500000000 spawn 40|@1500000000 r 40 0x1 1 auto|@1500000000 r 40 0x2 1 auto", "" },
	{ "timestamps: 1 to 9 decimals, seconds to 2^64 ns",
	  "a 1 0.1: exceptions:page_fault_user: address=0 error_code=0\n"
	  "a 1 0.000001: exceptions:page_fault_user: address=0 error_code=0\n"
	  "a 1 0.000000001: exceptions:page_fault_user: address=0 error_code=0\n"
	  "a 1 0.0: exceptions:page_fault_user: address=0 error_code=0\n"
	  "a 1 18446744073.709551615: exceptions:page_fault_user: address=0 error_code=0\n"
	  "a 1 000000000000000000000001.5: exceptions:page_fault_user: address=0 error_code=0\n",
	  "@100000000 spawn 1|@100000000 r 1 0 1 auto|@1000 r 1 0 1 auto|@1 r 1 0 1 auto|r 1 0 1 auto|"
	  "@18446744073709551615 r 1 0 1 auto|@1500000000 r 1 0 1 auto", "" },
	{ "timestamps may go back (--deltatime)",
	  "a 1 5.0: exceptions:page_fault_user: address=0 error_code=0\n"
	  "a 1 2.0: exceptions:page_fault_user: address=0 error_code=0\n",
	  "@5000000000 spawn 1|@5000000000 r 1 0 1 auto|@2000000000 r 1 0 1 auto", "" },
	{ "-F tid,event,trace: no cpu, no time",
	  " 9582 exceptions:page_fault_user: address=0x7f9c15189b70 ip=0x7f9c15189b70 error_code=0x14\n",
	  "spawn 9582|x 9582 0x7f9c15189b70 1 auto", "" },
	{ "-F pid,tid,event,trace",
	  " 9582/9583  exceptions:page_fault_user: address=0x10 ip=0x10 error_code=0x6\n",
	  "spawn 9582|w 9582 0x10 1 auto", "" },
	{ "-F time,...: no cpu",
	  "sort  9582 11949.586093: exceptions:page_fault_user: address=0x10 error_code=0x4\n",
	  "@11949586093000 spawn 9582|@11949586093000 r 9582 0x10 1 auto", "" },
	{ "period after the time is not the pid",
	  "sort  9582 [001] 11949.586093:          1 exceptions:page_fault_user: "
	  "address=0x10 ip=0x10 error_code=0x4\n",
	  "@11949586093000 spawn 9582|@11949586093000 r 9582 0x10 1 auto", "" },
	{ "period after the cpu, no time",
	  "sort  9582 [001]          1 exceptions:page_fault_user: address=0x10 error_code=0x4\n",
	  "spawn 9582|r 9582 0x10 1 auto", "" },
	{ "tod before the time",
	  "sort 9582 [001] 2026-11-22 04:45:21.586093 11949.586093: exceptions:page_fault_user: "
	  "address=0x10 error_code=0x4\n",
	  "@11949586093000 spawn 9582|@11949586093000 r 9582 0x10 1 auto", "" },
	{ "ip and sym after the trace",
	  "sort 9582 11949.586093: exceptions:page_fault_user: address=0x7f9c15189b70 "
	  "ip=0x7f9c15189b70 error_code=0x14 ffffffff821f5340 exc_page_fault\n",
	  "@11949586093000 spawn 9582|@11949586093000 x 9582 0x7f9c15189b70 1 auto", "" },
	{ "event name without its colon",
	  "sort 9582 [001] 1.000001: exceptions:page_fault_user address=0x10 error_code=0x4\n",
	  "@1000001000 spawn 9582|@1000001000 r 9582 0x10 1 auto", "" },
	{ "event name right-aligned among longer ones",
	  "sort 9582 [001] 1.000001:    exceptions:page_fault_user: address=0x10 error_code=0x4\n",
	  "@1000001000 spawn 9582|@1000001000 r 9582 0x10 1 auto", "" },
	{ "a comm with blanks",
	  "     Web Content  4123 [001]  6245.117934: exceptions:page_fault_user: "
	  "address=0x55d3b5a4c8b0 ip=0x55d3b5a2e9f8 error_code=0x6\n",
	  "@6245117934000 spawn 4123|@6245117934000 w 4123 0x55d3b5a4c8b0 1 auto", "" },
	{ "a comm of digits, a comm with a '#'",
	  "   1234  77 [001] 1.5: exceptions:page_fault_user: address=0x10 error_code=0x4\n"
	  "  a#b  78 [001] 1.5: exceptions:page_fault_user: address=0x10 error_code=0x4\n",
	  "@1500000000 spawn 77|@1500000000 r 77 0x10 1 auto|@1500000000 spawn 78|"
	  "@1500000000 r 78 0x10 1 auto", "" },
	{ "a comm of hex digits after a tab is not a callchain",
	  "\tdd 8 [000] 1.5: exceptions:page_fault_user: address=0x10 error_code=0x4\n",
	  "@1500000000 spawn 8|@1500000000 r 8 0x10 1 auto", "" },
	{ "fields in another order, upper-case, without 0x",
	  "a 3 1.5: exceptions:page_fault_user: error_code=0X6 ip=zz address=7FFF0000\n",
	  "@1500000000 spawn 3|@1500000000 w 3 0x7fff0000 1 auto", "" },
	{ "the largest address, pid 2^32 - 1",
	  "a 4294967295 1.5: exceptions:page_fault_user: address=0xffffffffffffffff error_code=0x4\n",
	  "@1500000000 spawn 4294967295|@1500000000 r 4294967295 0xffffffffffffffff 1 auto", "" },
	{ "CRLF, tabs and trailing blanks",
	  "a\t3\t[0]\t1.5:\texceptions:page_fault_user:\taddress=0x1\terror_code=0x4 \t\r\n",
	  "@1500000000 spawn 3|@1500000000 r 3 0x1 1 auto", "" },
	{ "no newline at the end",
	  "a 3 1.5: exceptions:page_fault_user: address=0x1 error_code=0x4",
	  "@1500000000 spawn 3|@1500000000 r 3 0x1 1 auto", "" },
	{ "--header lines, a blank line, then samples",
	  "# ========\n"
	  "# cmdline : /usr/bin/perf record -e exceptions:page_fault_user -o x.data -- sort f \n"
	  "# event : name = exceptions:page_fault_user, , id = { 34, 35 }, type = 2\n"
	  "# ========\n#\n"
	  "a 3 1.5: exceptions:page_fault_user: address=0x1 error_code=0x4\n",
	  "@1500000000 spawn 3|@1500000000 r 3 0x1 1 auto", "" },
};

#define L40 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

static const struct text_case perf_errors[] = {
	{ "not perf", "hello\n", "", ":1: no exceptions:page_fault_user event in 'hello'" },
	{ "-F trace: no event field",
	  "address=0x7f9c15189b70 ip=0x7f9c15189b70 error_code=0x14\n", "",
	  ":1: no exceptions:page_fault_user event in 'address=0x7f9c15189b70 ip=0x7f9c15189b70...'" },
	{ "a native line", "r 1 0x10\n", "", ":1: no exceptions:page_fault_user event in 'r 1 0x10'" },
	{ "a lackey line", " L 10,8\n", "", ":1: no exceptions:page_fault_user event in 'L 10,8'" },
	{ "a callchain line without its tab",
	  "ffffffff821f5340 exc_page_fault+0x2f0 ([kernel.kallsyms])\n", "",
	  ":1: no exceptions:page_fault_user event in 'ffffffff821f5340 exc_page_fault+0x2f0 ([...'" },
	{ "another event",
	  "sort 9582 [001] 11949.586093: sched:sched_switch: prev_comm=sort prev_pid=9582\n", "",
	  ":1: event 'sched:sched_switch' is not exceptions:page_fault_user" },
	{ "the kernel's fault event",
	  "sort 9582 [001] 11949.586093: exceptions:page_fault_kernel: address=0x1 ip=0x2 error_code=0x0\n",
	  "", ":1: event 'exceptions:page_fault_kernel' is not exceptions:page_fault_user" },
	{ "another event after a period",
	  "sort 9582 [001] 11949.586093:     1 sched:sched_wakeup: comm=x\n", "",
	  ":1: event 'sched:sched_wakeup' is not exceptions:page_fault_user" },
	{ "another event, no time", " 9582 sched:sched_switch: prev_comm=sort\n", "",
	  ":1: event 'sched:sched_switch' is not exceptions:page_fault_user" },
	{ "another event, no time, a comm with a colon",
	  "kworker/0:1 5 sched:sched_switch: prev_comm=x\n", "",
	  ":1: event 'sched:sched_switch' is not exceptions:page_fault_user" },
	{ "nothing after the time", "kworker/0:1 5 1.5:\n", "",
	  ":1: no exceptions:page_fault_user event in 'kworker/0:1 5 1.5:'" },
	{ "a record of --show-task-events",
	  "sort 9582 11949.586093: PERF_RECORD_COMM: sort:9582/9582\n", "",
	  ":1: event 'PERF_RECORD_COMM' is not exceptions:page_fault_user" },
	{ "our event's name glued to more",
	  "sort 9582 [001] 1.5: exceptions:page_fault_users: address=0x1 error_code=0x4\n", "",
	  ":1: event 'exceptions:page_fault_users' is not exceptions:page_fault_user" },
	{ "our event's name after more",
	  "sort 9582 [001] 1.5: xexceptions:page_fault_user: address=0x1 error_code=0x4\n", "",
	  ":1: event 'xexceptions:page_fault_user' is not exceptions:page_fault_user" },
	{ "line number, after a good line",
	  "# c\na 3 1.5: exceptions:page_fault_user: address=0x1 error_code=0x4\n\nbad\n",
	  "@1500000000 spawn 3|@1500000000 r 3 0x1 1 auto",
	  ":4: no exceptions:page_fault_user event in 'bad'" },
	{ "pid missing: -F event,trace", "exceptions:page_fault_user: address=0x1 error_code=0x4\n",
	  "", ":1: pid missing" },
	{ "pid missing: comm and time only", "sort 1.5: exceptions:page_fault_user: address=0x1 error_code=0x4\n",
	  "", ":1: pid missing" },
	{ "pid missing: a number after the cpu is not one",
	  "sort [001] 7 exceptions:page_fault_user: address=0x1 error_code=0x4\n", "", ":1: pid missing" },
	{ "pid 0", "swapper 0 [000] 1.5: exceptions:page_fault_user: address=0x1 error_code=0x4\n", "",
	  ":1: pid is 0" },
	{ "pid 0 of pid/tid", "a 0/5 [000] 1.5: exceptions:page_fault_user: address=0x1 error_code=0x4\n", "",
	  ":1: pid is 0" },
	{ "pid 2^32", "a 4294967296 1.5: exceptions:page_fault_user: address=0x1 error_code=0x4\n", "",
	  ":1: pid '4294967296' out of range" },
	{ "pid beyond 2^64",
	  "a 99999999999999999999/1 1.5: exceptions:page_fault_user: address=0x1 error_code=0x4\n", "",
	  ":1: pid '99999999999999999999' out of range" },
	{ "timestamp with 10 decimals",
	  "a 1 1.0000000001: exceptions:page_fault_user: address=0x1 error_code=0x4\n", "",
	  ":1: bad timestamp '1.0000000001'" },
	{ "timestamp past 2^64 ns",
	  "a 1 18446744073.709551616: exceptions:page_fault_user: address=0x1 error_code=0x4\n", "",
	  ":1: timestamp '18446744073.709551616' out of range" },
	{ "timestamp: too many seconds",
	  "a 1 18446744074.0: exceptions:page_fault_user: address=0x1 error_code=0x4\n", "",
	  ":1: timestamp '18446744074.0' out of range" },
	{ "timestamp: seconds beyond 2^64",
	  "a 1 99999999999999999999.0: exceptions:page_fault_user: address=0x1 error_code=0x4\n", "",
	  ":1: timestamp '99999999999999999999.0' out of range" },
	{ "address missing", "a 1 1.5: exceptions:page_fault_user: ip=0x1 error_code=0x4\n", "",
	  ":1: address missing" },
	{ "address missing: -F without trace", "a 1 1.5: exceptions:page_fault_user: \n", "",
	  ":1: address missing" },
	{ "bad address", "a 1 1.5: exceptions:page_fault_user: address=zz error_code=0x4\n", "",
	  ":1: bad address 'zz'" },
	{ "bad address: a symbol", "a 1 1.5: exceptions:page_fault_user: address=clear_user+0x2f error_code=0x4\n",
	  "", ":1: bad address 'clear_user+0x2f'" },
	{ "bad address: 0x alone", "a 1 1.5: exceptions:page_fault_user: address=0x error_code=0x4\n", "",
	  ":1: bad address '0x'" },
	{ "bad address: empty", "a 1 1.5: exceptions:page_fault_user: address= error_code=0x4\n", "",
	  ":1: bad address ''" },
	{ "address over 64 bits",
	  "a 1 1.5: exceptions:page_fault_user: address=0x10000000000000000 error_code=0x4\n", "",
	  ":1: address '0x10000000000000000' out of range" },
	{ "two addresses", "a 1 1.5: exceptions:page_fault_user: address=0x1 address=0x2 error_code=0x4\n",
	  "", ":1: more than one address" },
	{ "error code missing", "a 1 1.5: exceptions:page_fault_user: address=0x1 ip=0x1\n", "",
	  ":1: error code missing" },
	{ "bad error code", "a 1 1.5: exceptions:page_fault_user: address=0x1 error_code=0x4g\n", "",
	  ":1: bad error code '0x4g'" },
	{ "error code over 64 bits",
	  "a 1 1.5: exceptions:page_fault_user: address=0x1 error_code=0x1ffffffffffffffff\n", "",
	  ":1: error code '0x1ffffffffffffffff' out of range" },
	{ "two error codes",
	  "a 1 1.5: exceptions:page_fault_user: address=0x1 error_code=0x4 error_code=0x4\n", "",
	  ":1: more than one error code" },
	{ "quoting: control bytes and quotes", "\x01'\\x\n", "",
	  ":1: no exceptions:page_fault_user event in '\\x01\\x27\\x5cx'" },
	{ "quoting: at most 40 bytes", L40 "bbb\n", "",
	  ":1: no exceptions:page_fault_user event in '" L40 "...'" },
	{ "a bad line of a new pid leaves no spawn",
	  "a 1 1.5: exceptions:page_fault_user: address=0x1 error_code=0x4\n"
	  "b 2 1.5: exceptions:page_fault_user: address=0x1 error_code=0x4 error_code=0x6\n",
	  "@1500000000 spawn 1|@1500000000 r 1 0x1 1 auto", ":2: more than one error code" },
};

static void test_tables(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(perf_cases); i++)
		test_text_case(&perf_cases[i], TRACE_FORMAT_PERF);
	for (size_t i = 0; i < ARRAY_SIZE(perf_errors); i++)
		test_text_case(&perf_errors[i], TRACE_FORMAT_PERF);
}

/* The fields of a spawn and its fault, not through the renderer; and where they sit. */
static void test_event_fields(void)
{
	static const char in[] = "# x\n"
				 "  sort  4123 [001]  6245.117934: exceptions:page_fault_user: "
				 "address=0x55d3b5a4c8b0 ip=0x55d3b5a2e9f8 error_code=0x6\n"
				 "  sort  4123 [001]  6245.117935: exceptions:page_fault_user: "
				 "address=0x55d3b5a4c000 ip=0x55d3b5a2e9f8 error_code=0x4\n";
	struct trace_reader *r;
	struct sim_event ev;
	size_t line2 = strchr(in + 4, '\n') + 1 - in;

	if (!TAP_ZERO(trace_open_buffer(&r, in, sizeof(in) - 1, NAME, TRACE_FORMAT_AUTO, NULL, 0),
		      "fields: opened"))
		return;
	TAP_EQ_INT(trace_format_of(r), TRACE_FORMAT_PERF, "fields: detected as perf");
	TAP_EQ_STR(trace_format_name(TRACE_FORMAT_PERF), "perf", "fields: the format's name");
	memset(&ev, 0xa5, sizeof(ev));
	TAP_EQ_INT(trace_next(r, &ev), 1, "fields: the spawn");
	TAP_OK(ev.op == SIM_OP_SPAWN && ev.pid == 4123 && ev.time == UINT64_C(6245117934000),
	       "fields: spawn 4123 at the fault's time");
	TAP_OK(!ev.addr && !ev.len && !ev.prot && !ev.flags && !ev.arg && !ev.arg2,
	       "fields: nothing else in the spawn");
	TAP_EQ_U64(trace_line(r), 2, "fields: the spawn comes from line 2");
	TAP_EQ_U64(trace_bytes(r), line2, "fields: line 2 consumed");
	memset(&ev, 0xa5, sizeof(ev));
	TAP_EQ_INT(trace_next(r, &ev), 1, "fields: the fault");
	TAP_EQ_INT(ev.op, SIM_OP_WRITE, "fields: op");
	TAP_EQ_U64(ev.pid, 4123, "fields: pid");
	TAP_EQ_U64(ev.addr, 0x55d3b5a4c8b0, "fields: addr");
	TAP_EQ_U64(ev.len, 1, "fields: len");
	TAP_EQ_U64(ev.flags, SIM_ACCESS_AUTOMAP, "fields: flags");
	TAP_OK(!ev.prot && !ev.arg && !ev.arg2, "fields: prot, arg, arg2 are 0");
	TAP_EQ_U64(ev.time, UINT64_C(6245117934000), "fields: time in ns");
	TAP_EQ_U64(trace_line(r), 2, "fields: still line 2: no byte read for the fault");
	TAP_EQ_U64(trace_bytes(r), line2, "fields: no more bytes consumed");
	TAP_EQ_INT(trace_next(r, &ev), 1, "fields: the second fault, no spawn");
	TAP_OK(ev.op == SIM_OP_READ && ev.pid == 4123 && ev.addr == 0x55d3b5a4c000 &&
	       ev.time == UINT64_C(6245117935000), "fields: a read of 4123");
	TAP_EQ_INT(trace_next(r, &ev), 0, "fields: the end");
	TAP_EQ_U64(trace_bytes(r), sizeof(in) - 1, "fields: all bytes");
	trace__check(r);
	trace_close(r);
}

/* A NUL byte is an ordinary byte: not a blank, not an end. */
static void test_nul(void)
{
	static const char in[] = "a 1 1.5: exceptions:page_fault_user: address=0x1\0 error_code=0x4\n"
				 "a 1 1.5: exceptions:page_fault_user: address=0x1 error_code=0x4\n";
	struct run run;

	if (!TAP_ZERO(run_buffer(&run, in, sizeof(in) - 1, TRACE_FORMAT_PERF), "NUL: opened"))
		return;
	TAP_EQ_STR(run.events.buf, "", "NUL: no event from its line");
	TAP_EQ_STR(run.error, ":1: bad address '0x1\\x00'", "NUL: quoted in the error");
	TAP_EQ_INT(modes_differ("NUL", in, sizeof(in) - 1, TRACE_FORMAT_PERF, &run), 0,
		   "NUL: files in any block size and stdin agree");
	run_release(&run);
}

/* ---- skip-bad mode --------------------------------------------------------------- */

/* test_skip_case() of a perf trace. */
static void perf_skip_case(const char *what, const char *data, const char *want)
{
	test_skip_case(what, TRACE_FORMAT_PERF, data, strlen(data), want);
}

static void test_skip_bad(void)
{
	struct trace_reader *r;
	struct sim_event ev;
	struct text t = { 0 };
	char want[160];

	/* Lines 2 and 4 are pid 2's, bad: its spawn waits for line 5, its first good one. */
	perf_skip_case("no spawn from a bad line",
		       "a 1 1.5: exceptions:page_fault_user: address=0x1 error_code=0x4\n"
		       "b 2 1.5: exceptions:page_fault_user: address=zz error_code=0x4\n"
		       "sched 3 [000] 1.5: sched:sched_switch: x\n"
		       "b 2 1.5: exceptions:page_fault_user: address=0x2\n"
		       "b 2 2.5: exceptions:page_fault_user: address=0x3 error_code=0x6\n"
		       "a 1 3.5: exceptions:page_fault_user: address=0x4 error_code=0x14\n"
		       "b 0 3.5: exceptions:page_fault_user: address=0x4 error_code=0x14\n",
		       "@1500000000 spawn 1|@1500000000 r 1 0x1 1 auto|@2500000000 spawn 2|"
		       "@2500000000 w 2 0x3 1 auto|@3500000000 x 1 0x4 1 auto"
		       " = 0 line 7 bytes 411  | bad 4"
		       " | :2: bad address 'zz'"
		       " | :3: event 'sched:sched_switch' is not exceptions:page_fault_user"
		       " | :4: error code missing"
		       " | :7: pid is 0");
	perf_skip_case("every line bad", "x\ny\n",
		       " = 0 line 2 bytes 4  | bad 2"
		       " | :1: no exceptions:page_fault_user event in 'x'"
		       " | :2: no exceptions:page_fault_user event in 'y'");
	perf_skip_case("a bad line right after a spawn",
		       "a 9 1.5: exceptions:page_fault_user: address=0x1 error_code=0x4\n"
		       "a 9 1.5: exceptions:page_fault_user: address=0x1 error_code=\n"
		       "a 9 1.5: exceptions:page_fault_user: address=0x2 error_code=0x2",
		       "@1500000000 spawn 9|@1500000000 r 9 0x1 1 auto|@1500000000 w 9 0x2 1 auto"
		       " = 0 line 3 bytes 188  | bad 1 | :2: bad error code ''");

	/* 20 bad lines of 20 new pids, none spawned; the good ones are. */
	for (unsigned i = 1; i <= 40; i++)
		text_add(&t, "a %u 1.5: exceptions:page_fault_user: address=0x1 error_code=%s\n", i,
			 i % 2 ? "zz" : "0x4");
	if (TAP_ZERO(trace_open_buffer(&r, t.buf, t.len, NAME, TRACE_FORMAT_PERF, NULL, 0),
		     "skip-bad many: opened")) {
		unsigned spawns = 0, faults = 0, odd = 0;
		int rc;

		trace_set_skip_bad(r, true);
		while ((rc = trace_next(r, &ev)) == 1) {
			trace__check(r);
			spawns += ev.op == SIM_OP_SPAWN;
			faults += ev.op == SIM_OP_READ;
			odd += ev.pid % 2;
		}
		TAP_EQ_INT(rc, 0, "skip-bad many: to the end");
		TAP_EQ_INT(spawns, 20, "skip-bad many: 20 spawns");
		TAP_EQ_INT(faults, 20, "skip-bad many: 20 faults");
		TAP_EQ_INT(odd, 0, "skip-bad many: no event of a bad line's pid");
		TAP_EQ_U64(trace_bad_lines(r), 20, "skip-bad many: 20 bad lines");
		snprintf(want, sizeof(want), NAME ":19: bad error code 'zz'");
		TAP_EQ_STR(trace_bad_line_message(r, 9), want, "skip-bad many: the 10th message kept");
		TAP_OK(trace_bad_line_message(r, TRACE_BAD_LINES_KEPT) == NULL,
		       "skip-bad many: only %d kept", TRACE_BAD_LINES_KEPT);
		trace_close(r);
	}
	free(t.buf);

	/* A line too long is dropped whole, and pid 5 is spawned by its good line only. */
	{
		size_t n = TRACE_LINE_MAX + 10;
		char *s = malloc(n + 200), *p = s;

		if (!s)
			abort();
		p += sprintf(p, "a 5 1.5: exceptions:page_fault_user: address=0x1 error_code=0x4 ");
		memset(p, 'x', n);
		p += n;
		p += sprintf(p, "\na 5 2.5: exceptions:page_fault_user: address=0x2 error_code=0x4\n");
		snprintf(want, sizeof(want),
			 "@2500000000 spawn 5|@2500000000 r 5 0x2 1 auto = 0 line 2 bytes %zu "
			 " | bad 1 | :1: line longer than 65536 bytes", (size_t)(p - s));
		*p = '\0';
		perf_skip_case("a line too long", s, want);
		free(s);
	}
}

/* ---- detection ------------------------------------------------------------------ */

static const struct detect_case detect_cases[] = {
	{ "a default line", HEAD("sort", "9") "address=0x1 ip=0x1 error_code=0x4\n", TRACE_FORMAT_PERF },
	{ "--header first", "# ========\n# captured on    : Sun\n#\n" HEAD("sort", "9")
	  "address=0x1 error_code=0x4\n", TRACE_FORMAT_PERF },
	{ "-F tid,event,trace", "9 exceptions:page_fault_user: address=0x1 error_code=0x4\n",
	  TRACE_FORMAT_PERF },
	{ "a fault line with a bad field", HEAD("sort", "9") "address=zz error_code=0x4\n",
	  TRACE_FORMAT_PERF },
	{ "a fault line without a pid", "exceptions:page_fault_user: address=0x1 error_code=0x4\n",
	  TRACE_FORMAT_PERF },
	{ "another event first", "sort 9 [001] 1.5: sched:sched_switch: prev_comm=sort\n"
	  HEAD("sort", "9") "address=0x1 error_code=0x4\n", TRACE_FORMAT_PERF },
	{ "a comm named like a native keyword", "       r 9 [001] 1.5: exceptions:page_fault_user: "
	  "address=0x1 error_code=0x4\n", TRACE_FORMAT_PERF },
	{ "a comm of digits", "    1234 9 [001] 1.5: exceptions:page_fault_user: "
	  "address=0x1 error_code=0x4\n", TRACE_FORMAT_PERF },
	/* Not perf. */
	{ "-F trace: no event field", "address=0x1 ip=0x1 error_code=0x4\n", TRACE_FORMAT_NATIVE },
	{ "another event without a time", "9 sched:sched_switch: prev_comm=sort\n", TRACE_FORMAT_NATIVE },
	{ "another event without a pid", "sort 1.5: sched:sched_switch: prev_comm=sort\n",
	  TRACE_FORMAT_NATIVE },
	{ "native with a perf line in a comment",
	  "r 1 0x10 # 9 1.5: exceptions:page_fault_user: address=0x1 error_code=0x4\n",
	  TRACE_FORMAT_NATIVE },
	{ "native with another event in a comment", "spawn 1 # sort 9 [001] 1.5: sched:x: y\n",
	  TRACE_FORMAT_NATIVE },
	{ "pages with a perf line in a comment",
	  "12 r # 9 1.5: exceptions:page_fault_user: address=0x1 error_code=0x4\n", TRACE_FORMAT_PAGES },
	{ "native: spawn", "spawn 1\n", TRACE_FORMAT_NATIVE },
	{ "native: header", "#swapsim-trace v1\nr 1 0x10\n", TRACE_FORMAT_NATIVE },
	{ "native: a timestamp", "@5 spawn 1\n", TRACE_FORMAT_NATIVE },
	{ "native: mmap", "mmap 1 0x1000 4096 rw- file=1+0x1000 shared\n", TRACE_FORMAT_NATIVE },
	{ "lackey", "==1== Lackey\nI  04016b70,3\n L 1ffefffd80,8\n", TRACE_FORMAT_LACKEY },
	{ "lackey: modify", " M 0421f4c8,4\n", TRACE_FORMAT_LACKEY },
	{ "pages", "12\n", TRACE_FORMAT_PAGES },
	{ "pages: hex and r", "0x1f r\n", TRACE_FORMAT_PAGES },
	{ "pages: a comment", "7 # first\n", TRACE_FORMAT_PAGES },
};

/* Whether any line of @path is a perf line; @lines counts the lines looked at. */
static int perf_lines_in(const char *path, FILE *in, unsigned *lines)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int found = 0;
	FILE *f = in ? in : fopen(path, "r");

	if (!f)
		return -1;
	while ((n = getline(&line, &cap, f)) >= 0) {
		const char *s = line, *e = line + n;

		(*lines)++;
		if (e > s && e[-1] == '\n')
			e--;
		if (trace__perf_line(s, e)) {
			printf("# %s: a perf line: %.*s\n", path, (int)(e - s), s);
			found++;
		}
	}
	free(line);
	if (!in)
		fclose(f);
	return found;
}

/* No line of the other formats' data or fuzz seeds is a perf line. */
static void test_other_formats(void)
{
	static const char *const dirs[] = { "tests/fuzz/corpus/trace_native",
					    "tests/fuzz/corpus/trace_lackey",
					    "tests/fuzz/corpus/trace_pages" };
	static const char *const files[] = { "tests/data/example.trace", "tests/data/sample.pages" };
	unsigned lines = 0;
	int found = 0;
	char path[4096];
	FILE *p;

	static const enum trace_format formats[] = { TRACE_FORMAT_NATIVE, TRACE_FORMAT_PAGES };
	struct trace_reader *r;

	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		int n = perf_lines_in(files[i], NULL, &lines);

		TAP_EQ_INT(n, 0, "detect: no line of %s is perf's", files[i]);
		if (TAP_ZERO(trace_open(&r, files[i], TRACE_FORMAT_AUTO, NULL, 0), "detect: %s opened",
			     files[i])) {
			TAP_EQ_STR(trace_format_name(trace_format_of(r)), trace_format_name(formats[i]),
				   "detect: %s is still %s", files[i], trace_format_name(formats[i]));
			trace_close(r);
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++) {
		DIR *d = opendir(dirs[i]);
		struct dirent *de;
		unsigned files_seen = 0;

		if (!TAP_OK(d, "detect: %s is there (run from the top directory)", dirs[i]))
			continue;
		found = 0;
		while ((de = readdir(d))) {
			int n;

			if (de->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s", dirs[i], de->d_name);
			n = perf_lines_in(path, NULL, &lines);
			found += n < 0 ? 1 : n;
			files_seen++;
		}
		closedir(d);
		TAP_OK(files_seen > 0 && found == 0, "detect: no line of the %u seeds in %s is perf's",
		       files_seen, dirs[i]);
	}
	p = popen("gzip -dc tests/data/sort.lackey.gz | head -n 200000", "r");
	if (TAP_OK(p, "detect: the lackey trace through gzip")) {
		unsigned before = lines;

		found = perf_lines_in("sort.lackey.gz", p, &lines);
		pclose(p);
		TAP_OK(found == 0 && lines - before == 200000,
		       "detect: none of the lackey trace's first 200000 lines is perf's");
	}
}

/* Auto-detection; then the input reads as the format chosen reads it, in every mode. */
static void test_detect(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(detect_cases); i++)
		test_detect_case(detect_cases[i].name, detect_cases[i].input, strlen(detect_cases[i].input),
				 detect_cases[i].want);
	test_other_formats();
}

/* ---- blocks, long lines, many pids ------------------------------------------------ */

/* A perf trace of @n samples in every form, with header, blank and callchain lines. */
static char *generated_perf(unsigned n, size_t *len)
{
	static const char *const comms[] = { "sh", "sort", "Web Content", "kworker/0:1", "1234", "threads" };
	struct text t = { 0 };
	uint32_t x = 4242;

	text_add(&t, "# ========\n# captured on    : Sun Nov 22 04:45:21 2026\n# ========\n#\n");
	for (unsigned i = 0; i < n; i++) {
		unsigned pid = 100 + (x >> 8) % 7, code = (x >> 4) % 32;
		const char *comm = comms[(x >> 12) % ARRAY_SIZE(comms)];

		x = x * 1103515245u + 12345u;
		switch ((x >> 16) % 8) {
		case 0:
			text_add(&t, "%16s %5u [%03u] %5u.%06u: exceptions:page_fault_user: "
				 "address=0x%x ip=0x%x error_code=0x%x\n", comm, pid, i % 4, i, x % 1000000,
				 x, x >> 3, code);
			break;
		case 1:
			text_add(&t, "%16s %5u/%-5u [%03u] %5u.%09u: exceptions:page_fault_user: "
				 "address=0x%x ip=0x%x error_code=0x%x\n", comm, pid, pid + i % 3, i % 4, i,
				 x % 1000000000, x, x >> 3, code);
			break;
		case 2:
			text_add(&t, "%u exceptions:page_fault_user: address=0x%x ip=0x%x error_code=0x%x\r\n",
				 pid, x, x >> 3, code);
			break;
		case 3:
			text_add(&t, "%s %u [%03u] %u.%06u: exceptions:page_fault_user: address=0x%x "
				 "ip=0x%x error_code=0x%x\n\tffffffff821f5340 exc_page_fault+0x2f0 "
				 "([kernel.kallsyms])\n\t%16x main+0x10 (/bin/x)\n\n", comm, pid, i % 2, i,
				 x % 1000000, x, x >> 2, code, x >> 5);
			break;
		case 4:
			text_add(&t, "\n# a comment %u\n", x);
			break;
		case 5:
			text_add(&t, "%s %u %u.%06u:          1 exceptions:page_fault_user: error_code=%x "
				 "address=%x\n", comm, pid, i, x % 1000000, code, x);
			break;
		default:
			text_add(&t, "%s %u [%03u] %u.%06u: exceptions:page_fault_user: address=0x%08x%08x "
				 "ip=0x1 error_code=0x%x ffffffff821f5340 exc_page_fault\n", comm, pid, i % 4,
				 i, x % 1000000, x >> 17, x, code);
			break;
		}
	}
	*len = t.len;
	return t.buf;
}

static void test_blocks(void)
{
	static const size_t blocks[] = { 2, 3, 13, 64, 1000, 65536 };
	struct run want, got;
	char path[4096], *ws;
	size_t len;
	char *data = generated_perf(3000, &len);
	int differ = 0;
	unsigned spawns = 0;

	run_buffer(&want, data, len, TRACE_FORMAT_AUTO);
	TAP_EQ_STR(want.error, "", "generated perf: no error");
	TAP_EQ_U64(want.bytes, len, "generated perf: every byte consumed");
	for (const char *p = want.events.buf; (p = strstr(p, "spawn")); p++)
		spawns++;
	TAP_EQ_INT(spawns, 7, "generated perf: 7 pids, 7 spawns");
	TAP_EQ_INT(modes_differ("generated perf", data, len, TRACE_FORMAT_PERF, &want), 0,
		   "generated perf: blocks of 1, 7, 4096, 1 MiB and stdin agree");
	ws = run_summary(&want);
	if (TAP_OK(temp_file(path, sizeof(path), data, len), "generated perf: temporary file")) {
		for (size_t b = 0; b < ARRAY_SIZE(blocks); b++) {
			char *gs = NULL;

			if (run_file(&got, path, blocks[b], TRACE_FORMAT_AUTO) == 0) {
				gs = run_summary(&got);
				run_release(&got);
			}
			if (!gs || strcmp(gs, ws) != 0) {
				printf("# block %zu differs\n", blocks[b]);
				differ++;
			}
			free(gs);
		}
		TAP_EQ_INT(differ, 0, "generated perf: auto-detected, blocks of 2, 3, 13, 64, 1000, "
			   "65536 agree");
		unlink(path);
	}
	free(ws);
	run_release(&want);
	free(data);
}

/* Lines of the longest length, one byte more, and a line across the first 1 MiB. */
static void test_long_lines(void)
{
	static const char head[] = "a 3 1.5: exceptions:page_fault_user: address=0x1 error_code=0x4 ";
	size_t n = TRACE_LINE_MAX - (sizeof(head) - 1);
	struct text t = { 0 };
	struct run want, got;
	char path[4096], *s;
	size_t straddle = 0;

	s = malloc(TRACE_LINE_MAX + 2);
	if (!s)
		abort();
	memcpy(s, head, sizeof(head) - 1);
	memset(s + sizeof(head) - 1, 'x', n);
	s[TRACE_LINE_MAX] = '\n';
	s[TRACE_LINE_MAX + 1] = '\0';
	test_text_case(&(struct text_case){ "a fault line of the longest length", s,
					    "@1500000000 spawn 3|@1500000000 r 3 0x1 1 auto", "" },
		       TRACE_FORMAT_PERF);
	s[TRACE_LINE_MAX] = 'x';
	s[TRACE_LINE_MAX + 1] = '\n';
	s = realloc(s, TRACE_LINE_MAX + 3);
	if (!s)
		abort();
	s[TRACE_LINE_MAX + 2] = '\0';
	test_text_case(&(struct text_case){ "a fault line one byte too long", s, "",
					    ":1: line longer than 65536 bytes" },
		       TRACE_FORMAT_PERF);
	free(s);

	for (unsigned i = 0; t.len < TRACE_BLOCK_DEFAULT + 200; i++) {
		size_t before = t.len;

		text_add(&t, "%16s %5u [%03u] %5u.%06u: exceptions:page_fault_user: address=0x%x "
			 "ip=0x%x error_code=0x%x\n", "sort", 1000 + i % 9, i % 4, i, i % 1000000,
			 i * 4096, i, i % 32);
		if (before < TRACE_BLOCK_DEFAULT && t.len > TRACE_BLOCK_DEFAULT + 1)
			straddle = i + 1;
	}
	TAP_OK(straddle > 0, "1 MiB: line %zu spans the first block's end", straddle);
	run_buffer(&want, t.buf, t.len, TRACE_FORMAT_PERF);
	if (TAP_OK(temp_file(path, sizeof(path), t.buf, t.len), "1 MiB: temporary file")) {
		char *a, *b;

		if (TAP_ZERO(run_file(&got, path, 0, TRACE_FORMAT_AUTO), "1 MiB: opened")) {
			a = run_summary(&want);
			b = run_summary(&got);
			TAP_OK(strcmp(a, b) == 0, "1 MiB: the file in default blocks reads as the buffer");
			TAP_EQ_U64(got.bytes, t.len, "1 MiB: every byte consumed");
			free(a);
			free(b);
			run_release(&got);
		}
		unlink(path);
	}
	run_release(&want);
	free(t.buf);
}

/*
 * 5000 pids, each twice, the second time in reverse order: one spawn each,
 * before its first fault only.  Multiples of 4096 share their low bits, so
 * the set's probing is exercised too.
 */
static void test_many_pids(void)
{
	enum { N = 5000 };
	struct text t = { 0 };
	struct trace_reader *r;
	struct sim_event ev;
	static unsigned char spawned[N], faulted[N];
	unsigned wrong = 0, spawns = 0, faults = 0;
	int rc;

	for (unsigned i = 0; i < 2 * N; i++) {
		unsigned k = i < N ? i : 2 * N - 1 - i;
		unsigned pid = k % 2 ? 2 * k + 1 : (k + 1) * 4096;

		text_add(&t, "p %u 1.5: exceptions:page_fault_user: address=0x%x error_code=0x6\n", pid, k);
	}
	if (!TAP_ZERO(trace_open_buffer(&r, t.buf, t.len, NAME, TRACE_FORMAT_PERF, NULL, 0),
		      "many pids: opened"))
		return;
	while ((rc = trace_next(r, &ev)) == 1) {
		unsigned k = ev.pid % 2 ? (ev.pid - 1) / 2 : ev.pid / 4096 - 1;

		trace__check(r);
		if (k >= N) {
			wrong++;
			continue;
		}
		if (ev.op == SIM_OP_SPAWN) {
			wrong += spawned[k] || faulted[k];
			spawned[k] = 1;
			spawns++;
		} else {
			wrong += !spawned[k] || ev.addr != k;
			faulted[k] = 1;
			faults++;
		}
	}
	TAP_EQ_INT(rc, 0, "many pids: to the end");
	TAP_EQ_INT(spawns, N, "many pids: %d spawns", N);
	TAP_EQ_INT(faults, 2 * N, "many pids: %d faults", 2 * N);
	TAP_EQ_INT(wrong, 0, "many pids: each spawn once, before its pid's first fault");
	trace_close(r);
	free(t.buf);
}

/* ---- bundled data -------------------------------------------------------------- */

struct bundled {
	const char *path;
	uint64_t lines, bytes, spawns, reads, writes, execs;
	uint64_t first_time, last_time;
	uint32_t first_pid;
};

/* The counts come from wc and grep (tests/data/README.md). */
static const struct bundled bundled[] = {
	{ "tests/data/pipeline.perf", 331, 39973, 4, 69, 74 + 60, 100,
	  UINT64_C(12129128249000), UINT64_C(12129131732000), 17232 },
	{ "tests/data/threads.perf", 61, 8311, 1, 12, 27 + 7, 15,
	  UINT64_C(12130406011931), UINT64_C(12130407311839), 17452 },
	{ "tests/data/callchain.perf", 447, 26892, 1, 12, 12 + 7, 16,
	  UINT64_C(12131648336000), UINT64_C(12131649081000), 17815 },
};

static void test_bundled(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(bundled); i++) {
		const struct bundled *b = &bundled[i];
		uint64_t count[SIM_OP_COUNT] = { 0 }, other = 0, first_time = 0, last_time = 0;
		uint32_t first_pid = 0;
		struct trace_reader *r;
		struct sim_event ev;
		int rc;

		if (!TAP_ZERO(trace_open(&r, b->path, TRACE_FORMAT_AUTO, NULL, 0), "%s: opened", b->path))
			continue;
		TAP_EQ_INT(trace_format_of(r), TRACE_FORMAT_PERF, "%s: detected as perf", b->path);
		while ((rc = trace_next(r, &ev)) == 1) {
			if ((unsigned)ev.op >= SIM_OP_COUNT) {
				other++;
				continue;
			}
			count[ev.op]++;
			if (!first_pid)
				first_pid = ev.pid;
			if (!first_time)
				first_time = ev.time;
			last_time = ev.time;
			if (ev.op != SIM_OP_SPAWN)
				other += ev.len != 1 || ev.flags != SIM_ACCESS_AUTOMAP || !ev.time;
		}
		TAP_EQ_INT(rc, 0, "%s: read to the end %s", b->path, trace_error(r));
		TAP_EQ_U64(count[SIM_OP_SPAWN], b->spawns, "%s: %" PRIu64 " spawns", b->path, b->spawns);
		TAP_EQ_U64(count[SIM_OP_READ], b->reads, "%s: %" PRIu64 " reads", b->path, b->reads);
		TAP_EQ_U64(count[SIM_OP_WRITE], b->writes, "%s: %" PRIu64 " writes", b->path, b->writes);
		TAP_EQ_U64(count[SIM_OP_EXEC], b->execs, "%s: %" PRIu64 " execs", b->path, b->execs);
		TAP_EQ_U64(other, 0, "%s: every fault 1 byte, automapped, timed", b->path);
		TAP_EQ_U64(first_pid, b->first_pid, "%s: the first pid", b->path);
		TAP_EQ_U64(first_time, b->first_time, "%s: the first time", b->path);
		TAP_EQ_U64(last_time, b->last_time, "%s: the last time", b->path);
		TAP_EQ_U64(trace_line(r), b->lines, "%s: %" PRIu64 " lines", b->path, b->lines);
		TAP_EQ_U64(trace_bytes(r), b->bytes, "%s: %" PRIu64 " bytes", b->path, b->bytes);
		trace__check(r);
		trace_close(r);
	}
}

int main(void)
{
	test_tables();
	test_event_fields();
	test_nul();
	test_skip_bad();
	test_detect();
	test_blocks();
	test_long_lines();
	test_many_pids();
	test_bundled();
	return tap_done();
}
