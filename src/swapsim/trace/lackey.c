// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lackey.c - traces written by valgrind's lackey tool with --trace-mem=yes.
 *
 * Design notes.  Lackey (valgrind lackey/lk_main.c) prints one access per
 * line, the address in hex without "0x" and the size in decimal:
 *
 *	I  04016b70,3        instruction fetch    -> SIM_OP_EXEC
 *	 L 1ffefffd80,8      load                 -> SIM_OP_READ
 *	 S 1ffefffd78,8      store                -> SIM_OP_WRITE
 *	 M 0421f4c8,4        modify (load+store)  -> SIM_OP_READ, then SIM_OP_WRITE
 *
 * and valgrind's own messages begin with "==PID==" (with --log-file they
 * share the file).  Those lines and blank ones are skipped; anything else
 * is an error.  Leading, separating and trailing blanks are not counted,
 * so a trace that went through an editor still reads.
 *
 * A lackey trace is one process and has no mappings.  The reader makes it
 * one: the first event is SIM_OP_SPAWN of pid 1, and every access is pid
 * 1 with SIM_ACCESS_AUTOMAP, so that the engine maps a page the first time
 * it is touched.  The pid in "==PID==" is the host's and is not used.  An
 * M line gives two events; the write waits in r->pend and comes out of the
 * next trace_next() call, before any further line is read.
 */
#include <errno.h>

#include "trace/internal.h"

#define LACKEY_PID 1

enum lackey_status {
	LK_OK = 0,
	LK_EMPTY,           /* blanks only */
	LK_NOT,             /* no "I", "L", "S" or "M" then a blank */
	LK_ADDR_MISSING,
	LK_ADDR_BAD,
	LK_ADDR_RANGE,
	LK_SIZE_MISSING,
	LK_SIZE_BAD,
	LK_SIZE_RANGE,
	LK_SIZE_ZERO,
	LK_EXTRA,
	LK_OVERFLOW,
};

struct lackey_access {
	enum sim_op op;
	bool modify;
	uint64_t addr, size;
	const char *s, *e;  /* what is wrong, for the message */
};

static enum lackey_status parse(const char *s, const char *e, struct lackey_access *a)
{
	const char *p = s, *comma, *ss, *se;
	enum trace_num st;

	while (e > s && trace__blank(e[-1]))
		e--;
	while (p < e && trace__blank(*p))
		p++;
	a->s = p;
	a->e = e;
	if (p == e)
		return LK_EMPTY;
	if (e - p < 2 || !trace__blank(p[1]))
		return LK_NOT;
	a->modify = false;
	switch (*p) {
	case 'I': a->op = SIM_OP_EXEC; break;
	case 'L': a->op = SIM_OP_READ; break;
	case 'S': a->op = SIM_OP_WRITE; break;
	case 'M': a->op = SIM_OP_READ; a->modify = true; break;
	default: return LK_NOT;
	}
	p += 2;
	while (p < e && trace__blank(*p))
		p++;
	comma = memchr(p, ',', (size_t)(e - p));
	a->s = p;
	a->e = comma ? comma : e;
	if (a->s == a->e)
		return LK_ADDR_MISSING;
	st = trace__parse_hex(a->s, a->e, &a->addr);
	if (st != TRACE_NUM_OK)
		return st == TRACE_NUM_RANGE ? LK_ADDR_RANGE : LK_ADDR_BAD;
	if (!comma)
		return LK_SIZE_MISSING;
	ss = se = comma + 1;
	while (se < e && !trace__blank(*se))
		se++;
	a->s = ss;
	a->e = se;
	if (ss == se)
		return LK_SIZE_MISSING;
	st = trace__parse_u64(ss, se, false, &a->size);
	if (st != TRACE_NUM_OK)
		return st == TRACE_NUM_RANGE ? LK_SIZE_RANGE : LK_SIZE_BAD;
	if (a->size == 0)
		return LK_SIZE_ZERO;
	if (se < e) {
		while (trace__blank(*se))
			se++;
		a->s = se;
		a->e = e;
		return LK_EXTRA;
	}
	if (a->size - 1 > UINT64_MAX - a->addr)
		return LK_OVERFLOW;
	return LK_OK;
}

bool trace__lackey_line(const char *s, const char *end)
{
	struct lackey_access a;

	return parse(s, end, &a) == LK_OK;
}

static int lackey_fail(struct trace_reader *r, enum lackey_status st, const struct lackey_access *a)
{
	static const char *const what[] = {
		[LK_NOT] = "not a lackey line: '%s'",
		[LK_ADDR_MISSING] = "address missing",
		[LK_ADDR_BAD] = "bad address '%s'",
		[LK_ADDR_RANGE] = "address '%s' out of range",
		[LK_SIZE_MISSING] = "size missing",
		[LK_SIZE_BAD] = "bad size '%s'",
		[LK_SIZE_RANGE] = "size '%s' out of range",
		[LK_SIZE_ZERO] = "size is 0",
		[LK_EXTRA] = "extra text '%s'",
		[LK_OVERFLOW] = "address + size passes 2^64",
	};
	char q[TRACE_QUOTE_BUF];

	trace__quote(q, sizeof(q), a->s, (size_t)(a->e - a->s));
	return trace__fail(r, what[st], q);
}

/*
 * The fast path: a usual line (" L 0409c0e8,8": blanks, the letter, blanks,
 * at most 16 hex digits, a comma, at most 4 decimal digits, the newline)
 * parsed and consumed in one pass, as parse() would read it.  Only for
 * lines that start at least FAST_AHEAD bytes before the end of what was
 * read, so no byte is read past it; false, with nothing consumed, for
 * anything else, which the slow path then reads in full.
 */
#define FAST_BLANKS 32
#define FAST_AHEAD (2 * FAST_BLANKS + 2 + 16 + 1 + 4 + 1)

static inline bool fast_line(struct trace_reader *r, struct sim_event *ev, bool *modify)
{
	const char *p = r->data + r->pos, *lim = p + FAST_BLANKS;
	uint64_t addr = 0, size = 0;
	enum sim_op op;
	unsigned n, d;

	if (r->end - r->pos < FAST_AHEAD)
		return false;
	while (*p == ' ' && p < lim)
		p++;
	*modify = false;
	switch (*p) {
	case 'I': op = SIM_OP_EXEC; break;
	case 'L': op = SIM_OP_READ; break;
	case 'S': op = SIM_OP_WRITE; break;
	case 'M': op = SIM_OP_READ; *modify = true; break;
	default: return false;
	}
	if (p[1] != ' ')
		return false;
	for (p += 2, lim = p + FAST_BLANKS; *p == ' ' && p < lim; p++)
		;
	for (n = 0; n < 16 && (d = trace__hex_value[(unsigned char)*p]); n++, p++)
		addr = addr << 4 | (d - 1);
	if (!n || *p++ != ',')
		return false;
	for (n = 0; n < 4 && (d = (unsigned)(unsigned char)*p - '0') <= 9; n++, p++)
		size = size * 10 + d;
	if (!n || !size || *p != '\n' || size - 1 > UINT64_MAX - addr)
		return false;
	r->pos = r->scan = (size_t)(p + 1 - r->data);
	r->line++;
	*ev = (struct sim_event){
		.op = op, .pid = LACKEY_PID, .flags = SIM_ACCESS_AUTOMAP, .addr = addr, .len = size,
	};
	return true;
}

int trace__lackey_next(struct trace_reader *r, struct sim_event *ev)
{
	struct lackey_access a;
	enum lackey_status st;
	const char *s, *e;
	int rc;

	if (!r->spawned) {
		r->spawned = true;
		*ev = (struct sim_event){ .op = SIM_OP_SPAWN, .pid = LACKEY_PID };
		return 1;
	}
	if (r->pending) {
		r->pending = false;
		*ev = r->pend;
		return 1;
	}
	if (fast_line(r, ev, &a.modify)) {
		if (a.modify) {
			r->pend = *ev;
			r->pend.op = SIM_OP_WRITE;
			r->pending = true;
		}
		return 1;
	}
	while ((rc = trace__getline(r, &s, &e)) == 1) {
		if (e - s >= 2 && s[0] == '=' && s[1] == '=')
			continue;
		st = parse(s, e, &a);
		if (st == LK_EMPTY)
			continue;
		if (st != LK_OK)
			return lackey_fail(r, st, &a);
		*ev = (struct sim_event){
			.op = a.op,
			.pid = LACKEY_PID,
			.flags = SIM_ACCESS_AUTOMAP,
			.addr = a.addr,
			.len = a.size,
		};
		if (a.modify) {
			r->pend = *ev;
			r->pend.op = SIM_OP_WRITE;
			r->pending = true;
		}
		return 1;
	}
	return rc;
}
