// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pages.c - page-number traces, the format of classic cache-simulator
 * traces: one page number per line, optionally read or write.
 *
 * Design notes.  The grammar (man/swapsim-trace.5 says the same to users):
 *
 *	line   := blank* [ PAGE [ blank+ ( "r" | "w" ) ] ] blank* [ comment ]
 *	PAGE   := DIGITS | ( "0x" | "0X" ) HEXDIGITS   (below 2^52; leading zeros are decimal)
 *	comment := "#" anything                         (a "#" that begins a field)
 *
 * Without a letter the access is a write.  A page number is a 4096-byte
 * page: the access is [page * 4096, page * 4096 + 4096).  The limit 2^52
 * is where that range would pass 2^64; the engine models 48 bits of
 * address space, so pages from 2^36 up are read here and left to the
 * engine to refuse, as any address is in the other formats.
 *
 * Like a lackey trace, a pages trace is one process with no mappings: the
 * first event is SIM_OP_SPAWN of pid 1, before any line is read, and every
 * access is pid 1 with SIM_ACCESS_AUTOMAP.
 *
 * This is the format that bench/ parses at tens of millions of lines a
 * second, so the line is parsed once, by hand.  The usual line, decimal
 * digits and maybe " r" or " w", is parsed and its newline found in the
 * same pass (fast_line()); any other goes through trace__getline() and
 * parse(), where the digits are folded in a loop that stops growing the value at the limit (so it cannot overflow,
 * however many digits), and the rest of the line is at most a letter and
 * blanks.  Nothing is copied or allocated.  parse() is pure and also
 * serves auto-detection.
 */
#include "trace/internal.h"

#define PAGES_PID 1
#define PAGES_SHIFT 12
#define PAGES_SIZE ((uint64_t)1 << PAGES_SHIFT)
/* The first page number refused: page * PAGES_SIZE + PAGES_SIZE would pass 2^64. */
#define PAGES_LIMIT ((uint64_t)1 << (64 - PAGES_SHIFT))

enum pages_status {
	PG_OK = 0,
	PG_EMPTY,           /* blanks or a comment only */
	PG_BAD,             /* the first field is not a number */
	PG_RANGE,           /* a number, PAGES_LIMIT or more */
	PG_ACCESS,          /* the second field is not "r" or "w" */
	PG_EXTRA,           /* a third field */
};

struct pages_access {
	enum sim_op op;
	uint64_t page;
	const char *s, *e;  /* what is wrong, for the message */
};

/* The end of the field that begins at @p. */
static inline const char *field_end(const char *p, const char *e)
{
	while (p < e && !trace__blank(*p))
		p++;
	return p;
}

static inline const char *skip_blanks(const char *p, const char *e)
{
	while (p < e && trace__blank(*p))
		p++;
	return p;
}

static inline enum pages_status parse(const char *p, const char *e, struct pages_access *a)
{
	uint64_t x = 0;
	const char *start;
	bool big = false;

	p = skip_blanks(p, e);
	if (p == e || *p == '#')
		return PG_EMPTY;
	start = p;
	if (e - p > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		for (p += 2; p < e; p++) {
			unsigned c = (unsigned char)*p, d;

			if (c - '0' < 10)
				d = c - '0';
			else if ((c | 0x20) - 'a' < 6)
				d = (c | 0x20) - 'a' + 10;
			else
				break;
			if (x < PAGES_LIMIT)
				x = x << 4 | d;     /* below 2^56: no overflow */
			else
				big = true;
		}
		if (p == start + 2)
			goto bad;
	} else {
		for (; p < e; p++) {
			unsigned d = (unsigned)(unsigned char)*p - '0';

			if (d > 9)
				break;
			if (x < PAGES_LIMIT)
				x = x * 10 + d;     /* below 2^56: no overflow */
			else
				big = true;
		}
		if (p == start)
			goto bad;
	}
	if (p < e && !trace__blank(*p))
		goto bad;
	a->s = start;
	a->e = p;
	if (big || x >= PAGES_LIMIT)
		return PG_RANGE;
	a->page = x;
	a->op = SIM_OP_WRITE;
	p = skip_blanks(p, e);
	if (p == e || *p == '#')
		return PG_OK;
	a->s = p;
	a->e = field_end(p, e);
	if (a->e - a->s != 1 || (*p != 'r' && *p != 'w'))
		return PG_ACCESS;
	a->op = *p == 'r' ? SIM_OP_READ : SIM_OP_WRITE;
	p = skip_blanks(a->e, e);
	if (p == e || *p == '#')
		return PG_OK;
	a->s = p;
	a->e = field_end(p, e);
	return PG_EXTRA;
bad:
	a->s = start;
	a->e = field_end(start, e);
	return PG_BAD;
}

bool trace__pages_line(const char *s, const char *end)
{
	struct pages_access a;
	enum pages_status st = parse(s, end, &a);

	/* A number too large is still a page number: the reader says so. */
	return st == PG_OK || st == PG_RANGE;
}

static int pages_fail(struct trace_reader *r, enum pages_status st, const struct pages_access *a)
{
	static const char *const what[] = {
		[PG_BAD] = "bad page number '%s'",
		[PG_RANGE] = "page number too large",
		[PG_ACCESS] = "bad access '%s' (r or w)",
		[PG_EXTRA] = "extra field '%s'",
	};
	char q[TRACE_QUOTE_BUF];

	trace__quote(q, sizeof(q), a->s, (size_t)(a->e - a->s));
	if (st == PG_RANGE)
		return trace__fail(r, "%s", what[st]);
	return trace__fail(r, what[st], q);
}

/*
 * The fast path: the common line "DIGITS\n", "DIGITS r\n" or "DIGITS w\n"
 * wholly inside what was read, parsed and consumed in one pass without
 * looking for the newline first.  At most 15 digits, so below 10^15 and
 * the limit.  false, with nothing consumed, for anything else.
 */
static inline bool fast_line(struct trace_reader *r, struct sim_event *ev)
{
	const char *start = r->data + r->pos, *end = r->data + r->end, *p = start;
	const char *stop = end - start > 15 ? start + 15 : end;
	enum sim_op op = SIM_OP_WRITE;
	uint64_t x = 0;

	for (; p < stop; p++) {
		unsigned d = (unsigned)(unsigned char)*p - '0';

		if (d > 9)
			break;
		x = x * 10 + d;
	}
	if (p == start || p == end)
		return false;
	if (*p == ' ' && end - p > 2 && (p[1] == 'r' || p[1] == 'w') && p[2] == '\n') {
		op = p[1] == 'r' ? SIM_OP_READ : SIM_OP_WRITE;
		p += 2;
	}
	if (*p != '\n')
		return false;
	r->pos = r->scan = (size_t)(p + 1 - r->data);
	r->line++;
	*ev = (struct sim_event){
		.op = op,
		.pid = PAGES_PID,
		.flags = SIM_ACCESS_AUTOMAP,
		.addr = x << PAGES_SHIFT,
		.len = PAGES_SIZE,
	};
	return true;
}

int trace__pages_next(struct trace_reader *r, struct sim_event *ev)
{
	struct pages_access a;
	enum pages_status st;
	const char *s, *e;
	int rc;

	if (!r->spawned) {
		r->spawned = true;
		*ev = (struct sim_event){ .op = SIM_OP_SPAWN, .pid = PAGES_PID };
		return 1;
	}
	if (fast_line(r, ev))
		return 1;
	while ((rc = trace__getline(r, &s, &e)) == 1) {
		st = parse(s, e, &a);
		if (st == PG_OK) {
			*ev = (struct sim_event){
				.op = a.op,
				.pid = PAGES_PID,
				.flags = SIM_ACCESS_AUTOMAP,
				.addr = a.page << PAGES_SHIFT,
				.len = PAGES_SIZE,
			};
			return 1;
		}
		if (st != PG_EMPTY)
			return pages_fail(r, st, &a);
	}
	return rc;
}
