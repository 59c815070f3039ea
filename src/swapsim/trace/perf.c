// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * perf.c - page faults recorded on a real kernel: what `perf script`
 * prints for the x86 tracepoint exceptions:page_fault_user, one fault a
 * line, so that a program's faults can be replayed against other memory
 * sizes.
 *
 * Design notes.  By default a sample line is
 *
 *	            sort  4123 [001]  6245.117934: exceptions:page_fault_user: address=0x55d3b5a4c8b0 ip=0x55d3b5a2e9f8 error_code=0x6
 *	            comm   tid  cpu       seconds  event                        the tracepoint's fields
 *
 * but perf script -F drops or adds fields (pid/tid, period, tod, ip,
 * sym...), --ns prints nine decimals, -g adds callchain lines, and a comm
 * may hold blanks.  So a line is read from its anchors, the event's name
 * and the fields' keys, never by column.  The grammar (man/swapsim-trace.5
 * says the same to users):
 *
 *	line  := blank* head EVENT [ ":" ] ( blank+ field )* blank*
 *	       | blank* [ "#" anything ]                   header, blank line: skipped
 *	       | TAB blank* HEXDIGITS [ blank anything ]   callchain entry: skipped
 *	EVENT := "exceptions:page_fault_user"              a field of its own
 *	head  := blank-separated fields, among them maybe
 *	         ID   := DIGITS | DIGITS "/" DIGITS        pid, or pid/tid
 *	         CPU  := "[" DIGITS "]"
 *	         TIME := DIGITS "." DIGITS ":"             seconds, 1 to 9 decimals
 *	field := "address=" HEX | "error_code=" HEX | anything else (ip=, sym: ignored)
 *	HEX   := [ "0x" | "0X" ] HEXDIGITS                 64 bits at most
 *
 * address= and error_code= appear once each.  The process is the ID
 * nearest before the first CPU or TIME field (before EVENT when there is
 * neither), a pid/tid one before a bare number: its pid, from 1 to
 * 2^32 - 1.  perf's default prints the tid alone, so threads read as
 * processes of their own unless the output shows pid/tid (-F +pid).  The
 * time is TIME in nanoseconds, 0 without it; it is not checked for order
 * (--deltatime goes up and down, and the engine does not use it).  A line
 * of another event is an error that names the event: a trace that
 * silently lost some of its lines would replay as a different program.
 *
 * A fault is an access of 1 byte at address=, with SIM_ACCESS_AUTOMAP
 * (perf records no mappings, so the engine maps a page at its first
 * touch, as for lackey).  Its kind comes from the x86 error code
 * (arch/x86/include/asm/trap_pf.h): bit 1 a write, else bit 4 an
 * instruction fetch, else a read.  The first fault of each pid comes
 * after SIM_OP_SPAWN of that pid, at the same time: the fault waits in
 * r->pend for the next call.  A line is parsed whole before any state
 * changes, so a bad line in skip-bad mode leaves no spawn behind.
 *
 * A line whose first field begins with "#" is perf's header, so a command
 * named "#..." would read as one too: perf cannot tell them apart either.
 *
 * Auto-detection (trace__perf_line()) takes a line with EVENT, even with a
 * field wrong, and a line of another event with an ID and a TIME before
 * it: perf script's lines and nothing else's.  A "#" field before the
 * event makes it a comment of another format quoting perf, never perf.
 *
 * The pids met are an open-addressing set of uint32_t (0 is a free slot,
 * as no pid is 0), grown to keep it at most half full, with the last pid
 * cached in front: consecutive faults of one process never probe it.
 * Lines are parsed where trace__getline() leaves them: EVENT is found from
 * colon to colon (find_event()), then the fields one by one, nothing
 * copied or allocated.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace/internal.h"

#define PERF_EVENT "exceptions:page_fault_user"
#define PERF_EVENT_LEN (sizeof(PERF_EVENT) - 1)
#define PERF_EVENT_COLON 10     /* where its own colon is: strlen("exceptions") */

/* x86 page fault error code bits, arch/x86/include/asm/trap_pf.h. */
#define X86_PF_WRITE (1u << 1)
#define X86_PF_INSTR (1u << 4)

#define NSEC_PER_SEC UINT64_C(1000000000)
#define TIME_DECIMALS_MAX 9     /* --ns */

/* The set starts with this many slots. */
#define PIDS_MIN 64

enum perf_status {
	PF_OK = 0,
	PF_EMPTY,           /* blanks, a "#" line, a callchain entry */
	PF_NO_EVENT,
	PF_OTHER_EVENT,
	/* From here on the line has our event: it is perf's. */
	PF_PID_MISSING,
	PF_PID_RANGE,
	PF_PID_ZERO,
	PF_TIME_BAD,
	PF_TIME_RANGE,
	PF_ADDR_MISSING,
	PF_ADDR_BAD,
	PF_ADDR_RANGE,
	PF_ADDR_TWICE,
	PF_CODE_MISSING,
	PF_CODE_BAD,
	PF_CODE_RANGE,
	PF_CODE_TWICE,
};

struct perf_fault {
	enum sim_op op;
	uint32_t pid;
	uint64_t addr, time;
	bool comment;       /* a field before the event begins with "#" */
	bool shaped;        /* another event, after an ID and a TIME: still perf script's */
	const char *s, *e;  /* what is wrong, for the message */
};

static inline bool is_digit(char c)
{
	return (unsigned)(unsigned char)c - '0' < 10;
}

static inline const char *skip_blanks(const char *p, const char *e)
{
	while (p < e && trace__blank(*p))
		p++;
	return p;
}

static inline const char *field_end(const char *p, const char *e)
{
	while (p < e && !trace__blank(*p))
		p++;
	return p;
}

static inline const char *skip_digits(const char *p, const char *e)
{
	while (p < e && is_digit(*p))
		p++;
	return p;
}

enum head_field { HF_OTHER, HF_ID, HF_ID_SLASH, HF_CPU, HF_TIME };

/* What the field [s, e) (not empty) before the event is. */
static inline enum head_field head_field(const char *s, const char *e)
{
	const char *p = skip_digits(s, e), *q;

	if (p == s) {
		if (*s == '[' && e - s >= 3 && e[-1] == ']' && skip_digits(s + 1, e - 1) == e - 1)
			return HF_CPU;
		return HF_OTHER;
	}
	if (p == e)
		return HF_ID;
	q = skip_digits(p + 1, e);
	if (*p == '/' && q > p + 1 && q == e)
		return HF_ID_SLASH;
	if (*p == '.' && q > p + 1 && q == e - 1 && *q == ':')
		return HF_TIME;
	return HF_OTHER;
}

/* TIME [s, e), its ":" excluded, as nanoseconds. */
static enum perf_status parse_time(const char *s, const char *e, uint64_t *ns)
{
	const char *dot = skip_digits(s, e);
	size_t decimals = (size_t)(e - dot - 1);
	uint64_t sec, frac = 0;

	if (decimals > TIME_DECIMALS_MAX)
		return PF_TIME_BAD;
	if (trace__parse_u64(s, dot, false, &sec) != TRACE_NUM_OK)
		return PF_TIME_RANGE;   /* digits only: too many of them */
	for (const char *p = dot + 1; p < e; p++)
		frac = frac * 10 + (uint64_t)(*p - '0');
	for (; decimals < TIME_DECIMALS_MAX; decimals++)
		frac *= 10;
	if (sec > (UINT64_MAX - frac) / NSEC_PER_SEC)
		return PF_TIME_RANGE;
	*ns = sec * NSEC_PER_SEC + frac;
	return PF_OK;
}

static inline enum trace_num parse_hex_value(const char *s, const char *e, uint64_t *v)
{
	if (e - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	return trace__parse_hex(s, e, v);
}

/*
 * Where the field EVENT or "EVENT:" begins in [s, e), or NULL; *after is
 * its end.  The search goes from colon to colon, EVENT's own being the
 * one after "exceptions": a usual line has one before it, the time's.
 * memmem() took a quarter of the reader's time; this takes a few per cent.
 */
static inline const char *find_event(const char *s, const char *e, const char **after)
{
	const char *c, *last, *p = NULL, *q;

	if ((size_t)(e - s) < PERF_EVENT_LEN)
		return NULL;
	/* The last place EVENT's colon can be. */
	last = e - (PERF_EVENT_LEN - PERF_EVENT_COLON);
	for (c = s + PERF_EVENT_COLON; c <= last; c++) {
		c = memchr(c, ':', (size_t)(last - c) + 1);
		if (!c)
			break;
		if (memcmp(c - PERF_EVENT_COLON, PERF_EVENT, PERF_EVENT_LEN) == 0) {
			p = c - PERF_EVENT_COLON;
			break;
		}
	}
	if (!p || (p > s && !trace__blank(p[-1])))
		return NULL;
	q = p + PERF_EVENT_LEN;
	if (q < e && *q == ':')
		q++;
	if (q < e && !trace__blank(*q))
		return NULL;
	*after = q;
	return p;
}

/*
 * A line [s, e), trimmed, without our event: PF_OTHER_EVENT with the
 * event's name in f->s, f->e when one shows, else PF_NO_EVENT.  The name
 * is the field after TIME (and after a period, digits alone), or without a
 * TIME the first field like "sched:sched_switch:", a ":" inside and one at
 * the end (which is not part of the name).
 */
static enum perf_status other_event(const char *s, const char *e, struct perf_fault *f)
{
	const char *p, *q, *name = NULL, *name_end = NULL;
	bool id = false;

	for (p = s; (p = skip_blanks(p, e)) < e; p = q) {
		enum head_field hf;

		q = field_end(p, e);
		hf = head_field(p, q);
		if (hf == HF_TIME) {
			p = skip_blanks(q, e);
			q = field_end(p, e);
			if (p < e && skip_digits(p, q) == q) {
				p = skip_blanks(q, e);
				q = field_end(p, e);
			}
			name = name_end = NULL;
			if (p == e)
				break;
			/* perf script ends the name with ": ". */
			f->shaped = id && q - p >= 2 && q[-1] == ':';
			name = p;
			name_end = q;
			break;
		}
		f->comment |= *p == '#';
		id |= hf == HF_ID || hf == HF_ID_SLASH;
		if (!name && q[-1] == ':') {
			const char *colon = memchr(p, ':', (size_t)(q - p));

			if (colon < q - 1) {
				name = p;
				name_end = q;
			}
		}
	}
	if (!name)
		return PF_NO_EVENT;
	if (name_end - name >= 2 && name_end[-1] == ':')
		name_end--;
	f->s = name;
	f->e = name_end;
	return PF_OTHER_EVENT;
}

/* Whether [p, e), after a tab and blanks, is a callchain entry of perf record -g: an address. */
static bool callchain_entry(const char *p, const char *e)
{
	const char *q = p;

	while (q < e && (is_digit(*q) || (unsigned)((*q | 0x20) - 'a') < 6))
		q++;
	return q > p && (q == e || trace__blank(*q));
}

static enum perf_status parse(const char *s, const char *e, struct perf_fault *f)
{
	const char *p, *q, *ev, *after, *id = NULL, *id_end = NULL, *time = NULL, *time_end = NULL;
	bool anchored = false, slash = false, have_addr = false, have_code = false;
	enum perf_status st;
	enum trace_num n;
	uint64_t pid, code = 0;

	f->comment = false;
	f->shaped = false;
	while (e > s && trace__blank(e[-1]))
		e--;
	p = skip_blanks(s, e);
	f->s = p;
	f->e = e;
	if (p == e || *p == '#')
		return PF_EMPTY;
	ev = find_event(p, e, &after);
	if (!ev) {
		if (*s == '\t' && callchain_entry(p, e))
			return PF_EMPTY;
		return other_event(p, e, f);
	}
	s = p;

	for (p = s; (p = skip_blanks(p, ev)) < ev; p = q) {
		q = field_end(p, ev);
		f->comment |= *p == '#';
		switch (head_field(p, q)) {
		case HF_TIME:
			if (!time) {
				time = p;
				time_end = q - 1;   /* without its ":" */
			}
			anchored = true;
			break;
		case HF_CPU:
			anchored = true;
			break;
		case HF_ID_SLASH:
			if (!anchored) {
				id = p;
				id_end = skip_digits(p, q);
				slash = true;
			}
			break;
		case HF_ID:
			if (!anchored && !slash) {
				id = p;
				id_end = q;
			}
			break;
		default:
			break;
		}
	}
	if (!id)
		return PF_PID_MISSING;
	f->s = id;
	f->e = id_end;
	if (trace__parse_u64(id, id_end, false, &pid) != TRACE_NUM_OK || pid > UINT32_MAX)
		return PF_PID_RANGE;
	if (pid == 0)
		return PF_PID_ZERO;
	f->pid = (uint32_t)pid;
	f->time = 0;
	if (time) {
		f->s = time;
		f->e = time_end;
		if ((st = parse_time(time, time_end, &f->time)) != PF_OK)
			return st;
	}

	for (p = after; (p = skip_blanks(p, e)) < e; p = q) {
		q = field_end(p, e);
		if (q - p >= 8 && memcmp(p, "address=", 8) == 0) {
			f->s = p + 8;
			f->e = q;
			if (have_addr)
				return PF_ADDR_TWICE;
			have_addr = true;
			if ((n = parse_hex_value(p + 8, q, &f->addr)) != TRACE_NUM_OK)
				return n == TRACE_NUM_RANGE ? PF_ADDR_RANGE : PF_ADDR_BAD;
		} else if (q - p >= 11 && memcmp(p, "error_code=", 11) == 0) {
			f->s = p + 11;
			f->e = q;
			if (have_code)
				return PF_CODE_TWICE;
			have_code = true;
			if ((n = parse_hex_value(p + 11, q, &code)) != TRACE_NUM_OK)
				return n == TRACE_NUM_RANGE ? PF_CODE_RANGE : PF_CODE_BAD;
		}
	}
	if (!have_addr)
		return PF_ADDR_MISSING;
	if (!have_code)
		return PF_CODE_MISSING;
	if (code & X86_PF_WRITE)
		f->op = SIM_OP_WRITE;
	else if (code & X86_PF_INSTR)
		f->op = SIM_OP_EXEC;
	else
		f->op = SIM_OP_READ;
	return PF_OK;
}

bool trace__perf_line(const char *s, const char *end)
{
	struct perf_fault f;
	enum perf_status st = parse(s, end, &f);

	/* A "#" field before the event: a comment of another format quoting perf. */
	if (f.comment)
		return false;
	return st == PF_OK || st > PF_OTHER_EVENT || (st == PF_OTHER_EVENT && f.shaped);
}

static int perf_fail(struct trace_reader *r, enum perf_status st, const struct perf_fault *f)
{
	static const char *const what[] = {
		[PF_NO_EVENT] = "no " PERF_EVENT " event in '%s'",
		[PF_OTHER_EVENT] = "event '%s' is not " PERF_EVENT,
		[PF_PID_MISSING] = "pid missing",
		[PF_PID_RANGE] = "pid '%s' out of range",
		[PF_PID_ZERO] = "pid is 0",
		[PF_TIME_BAD] = "bad timestamp '%s'",
		[PF_TIME_RANGE] = "timestamp '%s' out of range",
		[PF_ADDR_MISSING] = "address missing",
		[PF_ADDR_BAD] = "bad address '%s'",
		[PF_ADDR_RANGE] = "address '%s' out of range",
		[PF_ADDR_TWICE] = "more than one address",
		[PF_CODE_MISSING] = "error code missing",
		[PF_CODE_BAD] = "bad error code '%s'",
		[PF_CODE_RANGE] = "error code '%s' out of range",
		[PF_CODE_TWICE] = "more than one error code",
	};
	char q[TRACE_QUOTE_BUF];

	trace__quote(q, sizeof(q), f->s, (size_t)(f->e - f->s));
	return trace__fail(r, what[st], q);
}

/* ---- the pids met ----------------------------------------------------------- */

static inline size_t pid_hash(uint32_t pid, size_t cap)
{
	/* An odd multiplier: pids in a row stay apart in the low bits. */
	return (size_t)(pid * UINT32_C(0x9e3779b1)) & (cap - 1);
}

/* Where @pid is in @pids[cap], or the free slot where it would go. */
static size_t pid_slot(const uint32_t *pids, size_t cap, uint32_t pid)
{
	size_t i = pid_hash(pid, cap);

	while (pids[i] && pids[i] != pid)
		i = (i + 1) & (cap - 1);
	return i;
}

/* Add @pid: 1 when it is new, 0 when it was met before, -ENOMEM. */
static int pid_add(struct trace_reader *r, uint32_t pid)
{
	size_t i = 0;

	if (r->perf.cap) {
		i = pid_slot(r->perf.pids, r->perf.cap, pid);
		if (r->perf.pids[i])
			return 0;
	}
	if ((r->perf.count + 1) * 2 > r->perf.cap) {
		size_t cap = r->perf.cap ? 2 * r->perf.cap : PIDS_MIN;
		uint32_t *pids = calloc(cap, sizeof(*pids));

		if (!pids)
			return -ENOMEM;
		for (size_t j = 0; j < r->perf.cap; j++)
			if (r->perf.pids[j])
				pids[pid_slot(pids, cap, r->perf.pids[j])] = r->perf.pids[j];
		free(r->perf.pids);
		r->perf.pids = pids;
		r->perf.cap = cap;
		i = pid_slot(pids, cap, pid);
	}
	r->perf.pids[i] = pid;
	r->perf.count++;
	return 1;
}

int trace__perf_next(struct trace_reader *r, struct sim_event *ev)
{
	struct perf_fault f;
	enum perf_status st;
	const char *s, *e;
	int rc;

	if (r->pending) {
		r->pending = false;
		*ev = r->pend;
		return 1;
	}
	while ((rc = trace__getline(r, &s, &e)) == 1) {
		st = parse(s, e, &f);
		if (st == PF_EMPTY)
			continue;
		if (st != PF_OK)
			return perf_fail(r, st, &f);
		*ev = (struct sim_event){
			.op = f.op,
			.pid = f.pid,
			.flags = SIM_ACCESS_AUTOMAP,
			.addr = f.addr,
			.len = 1,
			.time = f.time,
		};
		if (f.pid == r->perf.last)
			return 1;
		rc = pid_add(r, f.pid);
		if (rc < 0) {
			snprintf(r->msg, sizeof(r->msg), "%s:%" PRIu64 ": %s", r->name, r->line,
				 strerror(-rc));
			return r->err = rc;
		}
		r->perf.last = f.pid;
		if (rc == 0)
			return 1;
		/* A new process: its spawn first, the fault at the next call. */
		r->pend = *ev;
		r->pending = true;
		*ev = (struct sim_event){ .op = SIM_OP_SPAWN, .pid = f.pid, .time = f.time };
		return 1;
	}
	return rc;
}
