// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * binary.c - the binary trace reader: swapsim convert's compact form
 * (layout in binary.h, for users in man/swapsim-trace.5), read at
 * hundreds of millions of events a second.
 *
 * Design notes.  The reader has three states, each its own r->next, so
 * that the hot path never asks which one it is in:
 *
 *	header_next --(header good)--> stream_next --(end word)--> ended_next
 *	     |                            |
 *	     +------(anything wrong)------+----> r->err set, for good
 *
 * header_next (trace__binary_next, what set_format() installs) reads and
 * checks the 64-byte header and skips the rest of a longer one.
 * stream_next decodes one access word inline when a whole word is in the
 * buffer; anything else (an escape, the end of the block) goes to
 * stream_slow(), which refills with trace__fill() and handles the escape
 * words.  ended_next returns 0.
 *
 * Invariants, on top of internal.h's: every event handed out passed
 * trace__event_check() (access words pass by construction: pid from a
 * BIN_PID word that was checked, or 1; len 1..4096; addr below 2^49);
 * past the header, pos is on a word, and the events handed out are the
 * words consumed since bin_start less bin_extra, the words that did not
 * begin an event (trace__binary_events()): so the hot path moves pos and
 * nothing else.  r->bin_others counts the events that were not accesses;
 * r->time only grows, and never wraps.  A binary stream cannot be
 * resynchronised after damage, so every error stops the reader, in
 * skip-bad mode too: errors set r->err directly, never via trace__fail().
 * Errors say "NAME: byte OFFSET (event N): what", OFFSET being where the
 * word at fault starts and N the event it would have been part of.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

#include "trace/binary.h"
#include "trace/internal.h"

/* ---- what every reader guarantees ---------------------------------------------- */

/* [addr, addr + len) is not empty and ends at 2^64 or before. */
static bool range_ok(uint64_t addr, uint64_t len)
{
	return len >= 1 && len - 1 <= UINT64_MAX - addr;
}

const char *trace__event_check(const struct sim_event *ev)
{
	const uint32_t map_flags = SIM_MAP_FILE | SIM_MAP_SHARED;

	if ((unsigned)ev->op >= SIM_OP_COUNT)
		return "unknown op";
	if (ev->op == SIM_OP_SWAPOFF || ev->op == SIM_OP_SWAPON) {
		if (ev->pid)
			return "a pid on a swap event";
		if (ev->addr || ev->len || ev->prot || ev->flags || ev->arg2)
			return "fields the event does not have";
		return NULL;
	}
	if (!ev->pid)
		return "pid is 0";
	switch (ev->op) {
	case SIM_OP_SPAWN:
	case SIM_OP_EXIT:
	case SIM_OP_FORK:
		if (ev->addr || ev->len || ev->prot || ev->flags || ev->arg2 ||
		    (ev->op != SIM_OP_FORK && ev->arg))
			return "fields the event does not have";
		if (ev->op == SIM_OP_FORK && (ev->arg == 0 || ev->arg > UINT32_MAX))
			return "child pid out of range";
		return NULL;
	default:
		break;
	}
	/* Accesses, mmap and munmap: a range. */
	if (!ev->len)
		return "length is 0";
	if (!range_ok(ev->addr, ev->len))
		return "address + length passes 2^64";
	switch (ev->op) {
	case SIM_OP_MMAP:
		if (ev->prot & ~(uint32_t)(SIM_PROT_READ | SIM_PROT_WRITE | SIM_PROT_EXEC))
			return "unknown protection bits";
		if (ev->flags & ~map_flags)
			return "flags mmap does not have";
		if (ev->flags & SIM_MAP_FILE)
			return range_ok(ev->arg2, ev->len) ? NULL : "file offset + length passes 2^64";
		if (ev->arg || ev->arg2)
			return "a file id or offset on an anonymous mapping";
		return NULL;
	case SIM_OP_MUNMAP:
		if (ev->flags || ev->prot || ev->arg || ev->arg2)
			return "fields munmap does not have";
		return NULL;
	default:
		if (ev->flags & ~(uint32_t)SIM_ACCESS_AUTOMAP)
			return "flags an access does not have";
		if (ev->prot || ev->arg || ev->arg2)
			return "fields an access does not have";
		return NULL;
	}
}

/* ---- errors ------------------------------------------------------------------ */

/*
 * Stop the reader: "NAME: byte OFF (WHERE): what".  @off is relative to
 * data[0]; @where is "header", "end" or NULL for the next event.
 */
__attribute__((format(printf, 4, 5)))
static int bin_fail(struct trace_reader *r, size_t off, const char *where, const char *fmt, ...)
{
	char ev[32];
	va_list ap;
	int n;

	if (!where) {
		snprintf(ev, sizeof(ev), "event %" PRIu64, trace__binary_events(r) + 1);
		where = ev;
	}
	n = snprintf(r->msg, sizeof(r->msg), "%s: byte %" PRIu64 " (%s): ", r->name, r->base + off,
		     where);
	if (n < 0 || (size_t)n >= sizeof(r->msg))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(r->msg + n, sizeof(r->msg) - (size_t)n, fmt, ap);
	va_end(ap);
	r->err = -EINVAL;
	return r->err;
}

/* ---- the header -------------------------------------------------------------- */

int trace__binary_magic(const char *data, size_t len, bool eof)
{
	size_t n = len < BIN_MAGIC_LEN ? len : BIN_MAGIC_LEN;

	if (memcmp(data, BIN_MAGIC, n) != 0)
		return 0;
	if (n == BIN_MAGIC_LEN)
		return 1;
	return eof ? 0 : -1;
}

static int stream_next(struct trace_reader *r, struct sim_event *ev);

static int ended_next(struct trace_reader *r, struct sim_event *ev)
{
	(void)r;
	(void)ev;
	return 0;
}

int trace__binary_next(struct trace_reader *r, struct sim_event *ev)
{
	struct bin_header h;
	size_t have, skip;
	int rc;

	if ((rc = trace__fill(r, BIN_HEADER_LEN)) != 0)
		return rc;
	have = r->end - r->pos;
	if (have < BIN_MAGIC_LEN ? memcmp(r->data + r->pos, BIN_MAGIC, have) != 0
				 : memcmp(r->data + r->pos, BIN_MAGIC, BIN_MAGIC_LEN) != 0)
		return bin_fail(r, r->pos, "header", "not a binary swapsim trace (no magic)");
	if (have < BIN_HEADER_LEN)
		return bin_fail(r, r->pos, "header", "truncated header (%zu of %d bytes)", have,
				BIN_HEADER_LEN);
	bin_header_decode((const unsigned char *)r->data + r->pos, &h);
	if (h.major != BIN_MAJOR)
		return bin_fail(r, r->pos + offsetof(struct bin_header, major), "header",
				"binary trace version %u.%u: this swapsim reads version %d.x%s",
				h.major, h.minor, BIN_MAJOR, h.major > BIN_MAJOR ? " (a newer swapsim wrote it)" : "");
	if (h.header_len < BIN_HEADER_LEN || h.header_len > BIN_HEADER_MAX || h.header_len % BIN_WORD)
		return bin_fail(r, r->pos + offsetof(struct bin_header, header_len), "header",
				"bad header length %" PRIu32 " (a multiple of 8, %d to %d)", h.header_len,
				BIN_HEADER_LEN, BIN_HEADER_MAX);
	if (h.flags)
		return bin_fail(r, r->pos + offsetof(struct bin_header, flags), "header",
				"unknown flags 0x%" PRIx32, h.flags);
	r->bin_source = h.source > TRACE_FORMAT_AUTO && h.source < TRACE_FORMAT_COUNT ?
				(enum trace_format)h.source : TRACE_FORMAT_AUTO;
	r->bin_events = h.events;
	r->bin_accesses = h.accesses;
	r->bin_pid = 1;
	/* What a later minor version added after the 64 bytes, unread. */
	for (skip = h.header_len; skip;) {
		size_t n = r->end - r->pos < skip ? r->end - r->pos : skip;

		r->pos += n;
		skip -= n;
		if (!skip)
			break;
		if ((rc = trace__fill(r, 1)) != 0)
			return rc;
		if (r->end == r->pos)
			return bin_fail(r, r->pos, "header", "truncated header (%" PRIu32 " bytes said)",
					h.header_len);
	}
	r->bin_start = r->base + r->pos;
	r->next = stream_next;
	return stream_next(r, ev);
}

/* ---- the stream -------------------------------------------------------------- */

/* The end word @w at data[pos]: the count agrees, and nothing follows. */
static int stream_end(struct trace_reader *r, uint64_t w)
{
	size_t at = r->pos;
	uint64_t n = w >> BIN_INLINE_SHIFT, events = trace__binary_events(r);
	int rc;

	if (n != (events & (BIN_INLINE_LIMIT - 1)))
		return bin_fail(r, at, "end", "the end word counts %" PRIu64 " events, the stream has %" PRIu64,
				n, events);
	if (r->bin_events && r->bin_events != events)
		return bin_fail(r, at, "end", "the header counts %" PRIu64 " events, the stream has %" PRIu64,
				r->bin_events, events);
	if (r->bin_accesses && r->bin_accesses != events - r->bin_others)
		return bin_fail(r, at, "end", "the header counts %" PRIu64 " accesses, the stream has %" PRIu64,
				r->bin_accesses, events - r->bin_others);
	r->pos = at + BIN_WORD;
	r->bin_extra++;
	if ((rc = trace__fill(r, 1)) != 0)
		return rc;
	if (r->end > r->pos)
		return bin_fail(r, r->pos, "end", "data after the end word");
	r->next = ended_next;
	return 0;
}

/* An event in full: the escape word @w at data[pos] and the words after it. */
static int stream_event(struct trace_reader *r, uint64_t w, struct sim_event *ev)
{
	enum sim_op op = (enum sim_op)((w >> BIN_CODE_SHIFT) & BIN_CODE_MASK);
	uint32_t flags = (uint32_t)(w >> BIN_FLAGS_SHIFT) & 0xff;
	unsigned fields = bin_event_fields(op, flags);
	size_t need = BIN_WORD * (1 + (size_t)bin_event_words(op, flags)), at;
	const char *p, *why;
	int rc;

	if ((rc = trace__fill(r, need)) != 0)
		return rc;
	at = r->pos;
	if (r->end - at < need)
		return bin_fail(r, at, NULL, "truncated %s event (%zu of %zu bytes)", trace__op_names[op],
				r->end - at, need);
	if ((w >> 24) & 0xff)
		return bin_fail(r, at, NULL, "%s event: reserved bits set", trace__op_names[op]);
	*ev = (struct sim_event){
		.op = op,
		.pid = (uint32_t)(w >> BIN_PID_SHIFT),
		.flags = flags,
		.prot = (uint32_t)(w >> BIN_PROT_SHIFT) & 0xff,
		.time = r->time,
	};
	p = r->data + at + BIN_WORD;
	if (fields & BIN_F_ADDR) {
		ev->addr = bin_load(p);
		p += BIN_WORD;
	}
	if (fields & BIN_F_LEN) {
		ev->len = bin_load(p);
		p += BIN_WORD;
	}
	if (fields & BIN_F_ARG) {
		ev->arg = bin_load(p);
		p += BIN_WORD;
	}
	if (fields & BIN_F_ARG2)
		ev->arg2 = bin_load(p);
	if ((why = trace__event_check(ev)) != NULL)
		return bin_fail(r, at, NULL, "%s event: %s", trace__op_names[op], why);
	r->pos = at + need;
	r->bin_extra += need / BIN_WORD - 1;
	r->bin_others += op > SIM_OP_EXEC;
	return 1;
}

/* Time moves on by @delta, from the word at data[@at]. */
static int stream_time(struct trace_reader *r, size_t at, uint64_t delta)
{
	if (delta > UINT64_MAX - r->time)
		return bin_fail(r, at, NULL, "time passes 2^64 ns");
	r->time += delta;
	return 0;
}

/* Whatever stream_next() did not decode inline. */
static __attribute__((noinline)) int stream_slow(struct trace_reader *r, struct sim_event *ev)
{
	int rc;

	for (;;) {
		uint64_t w, code;
		size_t at;

		if (r->end - r->pos < BIN_WORD) {
			if ((rc = trace__fill(r, BIN_WORD)) != 0)
				return rc;
			if (r->end - r->pos < BIN_WORD) {
				if (r->end == r->pos)
					return bin_fail(r, r->pos, NULL, "truncated: the stream stops before its end word");
				return bin_fail(r, r->pos, NULL, "truncated word (%zu of 8 bytes)",
						r->end - r->pos);
			}
		}
		at = r->pos;
		w = bin_load(r->data + at);
		if ((w & BIN_KIND_MASK) != BIN_ESCAPE) {
			bin_access_decode(w, r->bin_pid, r->time, ev);
			r->pos = at + BIN_WORD;
			return 1;
		}
		code = (w >> BIN_CODE_SHIFT) & BIN_CODE_MASK;
		if (code < SIM_OP_COUNT)
			return stream_event(r, w, ev);
		switch (code) {
		case BIN_PID:
			if ((w >> BIN_INLINE_SHIFT) & 0xffffff)
				return bin_fail(r, at, NULL, "reserved bits set in a pid word");
			if (!(w >> BIN_PID_SHIFT))
				return bin_fail(r, at, NULL, "pid word: pid is 0");
			r->bin_pid = (uint32_t)(w >> BIN_PID_SHIFT);
			r->pos = at + BIN_WORD;
			r->bin_extra++;
			break;
		case BIN_TIME:
			if ((rc = stream_time(r, at, w >> BIN_INLINE_SHIFT)) != 0)
				return rc;
			r->pos = at + BIN_WORD;
			r->bin_extra++;
			break;
		case BIN_TIME64:
			if ((w >> BIN_INLINE_SHIFT) != 0)
				return bin_fail(r, at, NULL, "reserved bits set in a time word");
			if ((rc = trace__fill(r, 2 * BIN_WORD)) != 0)
				return rc;
			at = r->pos;
			if (r->end - at < 2 * BIN_WORD)
				return bin_fail(r, at, NULL, "truncated time (%zu of 16 bytes)", r->end - at);
			if ((rc = stream_time(r, at, bin_load(r->data + at + BIN_WORD))) != 0)
				return rc;
			r->pos = at + 2 * BIN_WORD;
			r->bin_extra += 2;
			break;
		case BIN_END:
			return stream_end(r, w);
		default:
			return bin_fail(r, at, NULL, "unknown escape code %" PRIu64, code);
		}
	}
}

/*
 * The hot path: an access word, whole in the buffer, decoded without a
 * call; everything else in stream_slow().
 */
static int stream_next(struct trace_reader *r, struct sim_event *ev)
{
	if (__builtin_expect(r->end - r->pos >= BIN_WORD, 1)) {
		uint64_t w = bin_load(r->data + r->pos);

		if (__builtin_expect((w & BIN_KIND_MASK) != BIN_ESCAPE, 1)) {
			bin_access_decode(w, r->bin_pid, r->time, ev);
			r->pos += BIN_WORD;
			return 1;
		}
	}
	return stream_slow(r, ev);
}

uint64_t trace__binary_events(const struct trace_reader *r)
{
	if (r->next == trace__binary_next)
		return 0;   /* the header is not read yet */
	return (r->base + r->pos - r->bin_start) / BIN_WORD - r->bin_extra;
}

enum trace_format trace_source_format(const struct trace_reader *r)
{
	return r->format == TRACE_FORMAT_BINARY ? r->bin_source : r->format;
}
