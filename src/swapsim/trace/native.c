// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * native.c - the native trace format, swapsim-trace(5): one event per line.
 *
 * Design notes.  The grammar, in full (man/swapsim-trace.5 says the same
 * to users; keep the two together):
 *
 *	line     := blank* [ stamp blank+ ] event [ blank+ comment ] | blank* [ comment ]
 *	stamp    := "@" DIGITS [ "ns" | "us" | "ms" | "s" ]
 *	event    := "spawn" PID | "fork" PID PID | "exit" PID
 *	          | "mmap" PID ADDR SIZE PROT option*  | "munmap" PID ADDR SIZE
 *	          | ("r" | "w" | "x") PID ADDR [ SIZE ]
 *	          | "swapoff" NUM | "swapon" NUM
 *	option   := "anon" | "file=" NUM [ "+" SIZE ] | "shared" | "private"
 *	NUM      := DIGITS | "0x" HEXDIGITS          (PID: NUM from 1 to 2^32 - 1)
 *	SIZE     := NUM [ "K" | "M" | "G" ]          (powers of 1024; at least 1)
 *	PROT     := 1 to 3 of "r" "w" "x" "-", no letter twice
 *	comment  := "#" anything                      (a "#" that begins a field)
 *
 * Blanks are spaces, tabs and carriage returns.  Line 1 may be the header
 * "#swapsim-trace v1"; any other version there is refused.  A timestamp
 * stays the clock of the lines after it until the next one, and may not go
 * back.  ADDR + SIZE may reach 2^64 but not pass it; so may a file offset
 * + SIZE.  What the reader cannot know (alignment to the page size, whether
 * a pid exists, how many swap areas there are) is the engine's to check.
 *
 * The hot lines are "r"/"w"/"x": the keyword is matched on its first byte
 * and length before the table, numbers are parsed by hand, and nothing is
 * copied or allocated.  Every error names the keyword, then the field, then
 * the offending text between quotes.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "trace/internal.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const struct keyword {
	const char *name;
	size_t len;
	enum sim_op op;
} keywords[] = {
	{ "r", 1, SIM_OP_READ },
	{ "w", 1, SIM_OP_WRITE },
	{ "x", 1, SIM_OP_EXEC },
	{ "spawn", 5, SIM_OP_SPAWN },
	{ "fork", 4, SIM_OP_FORK },
	{ "exit", 4, SIM_OP_EXIT },
	{ "mmap", 4, SIM_OP_MMAP },
	{ "munmap", 6, SIM_OP_MUNMAP },
	{ "swapoff", 7, SIM_OP_SWAPOFF },
	{ "swapon", 6, SIM_OP_SWAPON },
};

static const struct keyword *keyword_find(const char *s, const char *e)
{
	size_t len = (size_t)(e - s);

	if (len == 1) {
		switch (*s) {
		case 'r': return &keywords[0];
		case 'w': return &keywords[1];
		case 'x': return &keywords[2];
		default: return NULL;
		}
	}
	for (size_t i = 3; i < ARRAY_SIZE(keywords); i++)
		if (keywords[i].len == len && memcmp(keywords[i].name, s, len) == 0)
			return &keywords[i];
	return NULL;
}

/* The blank-separated fields of one line, up to a comment. */
struct fields {
	const char *p, *end;
	const char *kw;         /* the keyword, for messages */
};

static inline bool field_next(struct fields *f, const char **s, const char **e)
{
	const char *p = f->p;

	while (p < f->end && trace__blank(*p))
		p++;
	if (p == f->end || *p == '#') {
		f->p = f->end;
		return false;
	}
	*s = p;
	while (p < f->end && !trace__blank(*p))
		p++;
	*e = p;
	f->p = p;
	return true;
}

bool trace__native_line(const char *s, const char *end)
{
	struct fields f = { .p = s, .end = end };
	const char *ks, *ke;

	if (!field_next(&f, &ks, &ke))
		return false;
	return *ks == '@' || keyword_find(ks, ke);
}

/* ---- fields ---------------------------------------------------------------- */

static int bad_number(struct trace_reader *r, const struct fields *f, const char *what,
		      enum trace_num st, const char *s, const char *e)
{
	char q[TRACE_QUOTE_BUF];

	trace__quote(q, sizeof(q), s, (size_t)(e - s));
	if (st == TRACE_NUM_RANGE)
		return trace__fail(r, "%s: %s '%s' out of range", f->kw, what, q);
	return trace__fail(r, "%s: bad %s '%s'", f->kw, what, q);
}

static int missing(struct trace_reader *r, const struct fields *f, const char *what)
{
	return trace__fail(r, "%s: %s missing", f->kw, what);
}

/* NUM [K|M|G] */
static enum trace_num parse_size(const char *s, const char *e, uint64_t *v)
{
	unsigned shift = 0;
	enum trace_num st;

	if (e > s) {
		switch (e[-1]) {
		case 'K': shift = 10; break;
		case 'M': shift = 20; break;
		case 'G': shift = 30; break;
		}
	}
	if (shift)
		e--;
	st = trace__parse_u64(s, e, true, v);
	if (st != TRACE_NUM_OK)
		return st;
	if (*v > UINT64_MAX >> shift)
		return TRACE_NUM_RANGE;
	*v <<= shift;
	return TRACE_NUM_OK;
}

static int field_pid(struct trace_reader *r, struct fields *f, const char *what, uint32_t *pid)
{
	const char *s, *e;
	enum trace_num st;
	uint64_t v;

	if (!field_next(f, &s, &e))
		return missing(r, f, what);
	st = trace__parse_u64(s, e, true, &v);
	if (st == TRACE_NUM_OK && v > UINT32_MAX)
		st = TRACE_NUM_RANGE;
	if (st != TRACE_NUM_OK)
		return bad_number(r, f, what, st, s, e);
	if (v == 0)
		return trace__fail(r, "%s: %s is 0", f->kw, what);
	*pid = (uint32_t)v;
	return 0;
}

static int field_num(struct trace_reader *r, struct fields *f, const char *what, uint64_t *v)
{
	const char *s, *e;
	enum trace_num st;

	if (!field_next(f, &s, &e))
		return missing(r, f, what);
	st = trace__parse_u64(s, e, true, v);
	return st == TRACE_NUM_OK ? 0 : bad_number(r, f, what, st, s, e);
}

/* A length: at least 1; when @optional and absent, 1. */
static int field_len(struct trace_reader *r, struct fields *f, bool optional, uint64_t *len)
{
	const char *s, *e;
	enum trace_num st;

	if (!field_next(f, &s, &e)) {
		*len = 1;
		return optional ? 0 : missing(r, f, "length");
	}
	st = parse_size(s, e, len);
	if (st != TRACE_NUM_OK)
		return bad_number(r, f, "length", st, s, e);
	if (*len == 0)
		return trace__fail(r, "%s: length is 0", f->kw);
	return 0;
}

/* [addr, addr + len) must end at 2^64 or before. */
static int check_range(struct trace_reader *r, const struct fields *f, const char *what,
		       uint64_t addr, uint64_t len)
{
	if (len - 1 > UINT64_MAX - addr)
		return trace__fail(r, "%s: %s + length passes 2^64", f->kw, what);
	return 0;
}

static int no_more(struct trace_reader *r, struct fields *f)
{
	const char *s, *e;
	char q[TRACE_QUOTE_BUF];

	if (!field_next(f, &s, &e))
		return 0;
	trace__quote(q, sizeof(q), s, (size_t)(e - s));
	return trace__fail(r, "%s: extra field '%s'", f->kw, q);
}

static int field_prot(struct trace_reader *r, struct fields *f, uint32_t *prot)
{
	const char *s, *e;
	char q[TRACE_QUOTE_BUF];

	if (!field_next(f, &s, &e))
		return missing(r, f, "protection");
	*prot = 0;
	if (e - s > 3)
		goto bad;
	for (const char *p = s; p < e; p++) {
		uint32_t bit;

		switch (*p) {
		case 'r': bit = SIM_PROT_READ; break;
		case 'w': bit = SIM_PROT_WRITE; break;
		case 'x': bit = SIM_PROT_EXEC; break;
		case '-': continue;
		default: goto bad;
		}
		if (*prot & bit)
			goto bad;
		*prot |= bit;
	}
	return 0;
bad:
	trace__quote(q, sizeof(q), s, (size_t)(e - s));
	return trace__fail(r, "%s: bad protection '%s'", f->kw, q);
}

/* file=ID[+OFFSET] */
static int option_file(struct trace_reader *r, struct fields *f, const char *s, const char *e,
		       struct sim_event *ev)
{
	const char *plus = memchr(s, '+', (size_t)(e - s));
	const char *id_end = plus ? plus : e;
	enum trace_num st;

	if (id_end == s)
		return missing(r, f, "file id");
	st = trace__parse_u64(s, id_end, true, &ev->arg);
	if (st != TRACE_NUM_OK)
		return bad_number(r, f, "file id", st, s, id_end);
	if (plus) {
		if (plus + 1 == e)
			return missing(r, f, "file offset");
		st = parse_size(plus + 1, e, &ev->arg2);
		if (st != TRACE_NUM_OK)
			return bad_number(r, f, "file offset", st, plus + 1, e);
	}
	ev->flags |= SIM_MAP_FILE;
	return check_range(r, f, "file offset", ev->arg2, ev->len);
}

static int mmap_options(struct trace_reader *r, struct fields *f, struct sim_event *ev)
{
	bool backing = false, sharing = false;
	const char *s, *e;
	char q[TRACE_QUOTE_BUF];
	int rc;

	while (field_next(f, &s, &e)) {
		size_t len = (size_t)(e - s);

		if ((len == 4 && memcmp(s, "anon", 4) == 0) ||
		    (len >= 5 && memcmp(s, "file=", 5) == 0)) {
			if (backing)
				return trace__fail(r, "%s: more than one of anon and file=", f->kw);
			backing = true;
			if (len > 4 && (rc = option_file(r, f, s + 5, e, ev)) != 0)
				return rc;
		} else if ((len == 6 && memcmp(s, "shared", 6) == 0) ||
			   (len == 7 && memcmp(s, "private", 7) == 0)) {
			if (sharing)
				return trace__fail(r, "%s: more than one of shared and private", f->kw);
			sharing = true;
			if (len == 6)
				ev->flags |= SIM_MAP_SHARED;
		} else {
			trace__quote(q, sizeof(q), s, len);
			return trace__fail(r, "%s: unknown option '%s'", f->kw, q);
		}
	}
	return 0;
}

/* ---- lines ----------------------------------------------------------------- */

/* "@T[unit]" into r->time. */
static int stamp(struct trace_reader *r, const char *s, const char *e)
{
	static const struct {
		const char *name;
		uint64_t ns;
	} units[] = { { "", 1 }, { "ns", 1 }, { "us", 1000 }, { "ms", 1000000 }, { "s", 1000000000 } };
	const char *digits = s + 1, *unit = digits;
	char q[TRACE_QUOTE_BUF];
	enum trace_num st;
	uint64_t t, ns = 0;

	while (unit < e && *unit >= '0' && *unit <= '9')
		unit++;
	for (size_t i = 0; i < ARRAY_SIZE(units); i++)
		if ((size_t)(e - unit) == strlen(units[i].name) &&
		    memcmp(unit, units[i].name, (size_t)(e - unit)) == 0)
			ns = units[i].ns;
	st = ns ? trace__parse_u64(digits, unit, false, &t) : TRACE_NUM_BAD;
	if (st == TRACE_NUM_OK && t > UINT64_MAX / ns)
		st = TRACE_NUM_RANGE;
	if (st == TRACE_NUM_OK && t * ns >= r->time) {
		r->time = t * ns;
		return 0;
	}
	trace__quote(q, sizeof(q), s, (size_t)(e - s));
	if (st == TRACE_NUM_RANGE)
		return trace__fail(r, "timestamp '%s' out of range", q);
	if (st != TRACE_NUM_OK)
		return trace__fail(r, "bad timestamp '%s'", q);
	return trace__fail(r, "time goes backwards: '%s' after %" PRIu64 " ns", q, r->time);
}

/* Line 1's "#swapsim-trace v1", if it is there; other comments pass. */
static int header(struct trace_reader *r, const char *s, const char *e)
{
	struct fields f = { .p = s + 14, .end = e };
	const char *vs, *ve;
	char q[TRACE_QUOTE_BUF];

	if (e - s < 14 || memcmp(s, "#swapsim-trace", 14) != 0 || (e - s > 14 && !trace__blank(s[14])))
		return 0;
	if (!field_next(&f, &vs, &ve))
		return trace__fail(r, "trace version missing");
	if (ve - vs == 2 && vs[0] == 'v' && vs[1] == '1')
		return 0;
	trace__quote(q, sizeof(q), vs, (size_t)(ve - vs));
	return trace__fail(r, "unsupported trace version '%s'", q);
}

/* One line: 1 with an event in *ev, 0 for none, or the error. */
static int parse_line(struct trace_reader *r, const char *p, const char *end, struct sim_event *ev)
{
	struct fields f = { .p = p, .end = end };
	const struct keyword *k;
	const char *s, *e;
	char q[TRACE_QUOTE_BUF];
	int rc;

	if (!field_next(&f, &s, &e))
		return 0;
	if (*s == '@') {
		if ((rc = stamp(r, s, e)) != 0)
			return rc;
		if (!field_next(&f, &s, &e))
			return trace__fail(r, "timestamp without an event");
	}
	k = keyword_find(s, e);
	if (!k) {
		trace__quote(q, sizeof(q), s, (size_t)(e - s));
		return trace__fail(r, "unknown keyword '%s'", q);
	}
	f.kw = k->name;
	*ev = (struct sim_event){ .op = k->op, .time = r->time };
	switch (k->op) {
	case SIM_OP_READ:
	case SIM_OP_WRITE:
	case SIM_OP_EXEC:
		if ((rc = field_pid(r, &f, "pid", &ev->pid)) != 0 ||
		    (rc = field_num(r, &f, "address", &ev->addr)) != 0 ||
		    (rc = field_len(r, &f, true, &ev->len)) != 0 ||
		    (rc = check_range(r, &f, "address", ev->addr, ev->len)) != 0)
			return rc;
		break;
	case SIM_OP_SPAWN:
	case SIM_OP_EXIT:
		if ((rc = field_pid(r, &f, "pid", &ev->pid)) != 0)
			return rc;
		break;
	case SIM_OP_FORK: {
		uint32_t child;

		if ((rc = field_pid(r, &f, "pid", &ev->pid)) != 0 ||
		    (rc = field_pid(r, &f, "child pid", &child)) != 0)
			return rc;
		ev->arg = child;
		break;
	}
	case SIM_OP_MMAP:
		if ((rc = field_pid(r, &f, "pid", &ev->pid)) != 0 ||
		    (rc = field_num(r, &f, "address", &ev->addr)) != 0 ||
		    (rc = field_len(r, &f, false, &ev->len)) != 0 ||
		    (rc = check_range(r, &f, "address", ev->addr, ev->len)) != 0 ||
		    (rc = field_prot(r, &f, &ev->prot)) != 0 ||
		    (rc = mmap_options(r, &f, ev)) != 0)
			return rc;
		break;
	case SIM_OP_MUNMAP:
		if ((rc = field_pid(r, &f, "pid", &ev->pid)) != 0 ||
		    (rc = field_num(r, &f, "address", &ev->addr)) != 0 ||
		    (rc = field_len(r, &f, false, &ev->len)) != 0 ||
		    (rc = check_range(r, &f, "address", ev->addr, ev->len)) != 0)
			return rc;
		break;
	case SIM_OP_SWAPOFF:
	case SIM_OP_SWAPON:
		if ((rc = field_num(r, &f, "area", &ev->arg)) != 0)
			return rc;
		break;
	default:
		return trace__fail(r, "unknown keyword '%s'", k->name);
	}
	if ((rc = no_more(r, &f)) != 0)
		return rc;
	return 1;
}

int trace__native_next(struct trace_reader *r, struct sim_event *ev)
{
	const char *s, *e;
	int rc;

	while ((rc = trace__getline(r, &s, &e)) == 1) {
		/* A line skipped in skip-bad mode leaves the clock as it was. */
		uint64_t time = r->time;

		if (r->line == 1 && (rc = header(r, s, e)) != 0)
			return rc;
		if ((rc = parse_line(r, s, e, ev)) > 0)
			return rc;
		if (rc < 0) {
			r->time = time;
			return rc;
		}
	}
	return rc;
}
