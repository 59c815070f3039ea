/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * binary.h - the binary trace form's layout, known once: the header, the
 * two kinds of 64-bit word and how to build and take them apart.  The
 * reader (binary.c) and the writer (writer.c) include it; nothing else
 * does.  man/swapsim-trace.5 ("BINARY FORMAT") says the same to users.
 *
 * A file is a 64-byte header, then 64-bit little-endian words.  Most
 * events are accesses by the same process at the same time as the one
 * before, so the common event is one word, decoded with a mask and two
 * shifts; anything else is an escape word, the low two bits 3, followed
 * by the fields it names in whole words:
 *
 *   access  63                           15 14         3  2  1  0
 *          +-------------------------------+-------------+--+-----+
 *          | addr (49 bits)                | len - 1     |A | op  |   op: 0 r, 1 w, 2 x
 *          +-------------------------------+-------------+--+-----+   A: SIM_ACCESS_AUTOMAP
 *   escape  63           32 31    24 23    16 15     8 7     2 1  0
 *          +--------------+--------+--------+--------+-------+-----+
 *          | pid          | 0      | prot   | flags  | code  | 3   |
 *          +--------------+--------+--------+--------+-------+-----+
 *
 * An access word's pid and time are the stream's current ones: the pid
 * starts as 1 (what a lackey or pages trace is) and the time as 0.
 * Escape codes:
 *   0 .. SIM_OP_COUNT-1  one event of that op, in full: pid, flags and
 *                        prot in the word, then whole words per op
 *                        (bin_event_words()): accesses, mmap and munmap
 *                        addr and len; mmap of a file then arg (file id)
 *                        and arg2 (offset); fork arg (child pid); swapoff
 *                        and swapon arg (area).  Other fields are 0.
 *   BIN_PID              bits 32..63 become the pid of access words.
 *   BIN_TIME             bits 8..63 are added to the time.
 *   BIN_TIME64           the next word is added to the time.
 *   BIN_END              bits 8..63: how many events, modulo 2^56.  The
 *                        last word: a stream that stops before it is cut.
 * Bits that a code does not use are 0.  Time only moves forward, so it
 * is written as what it moved by.
 *
 * The access word's bit 2 is SIM_ACCESS_AUTOMAP's own value, and the op
 * field SIM_OP_READ/WRITE/EXEC's, so decoding an access needs no table.
 */
#ifndef SWAPSIM_TRACE_BINARY_H
#define SWAPSIM_TRACE_BINARY_H

#include <endian.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "trace/trace.h"

#define BIN_MAGIC "\x89SWPSIM\n"
#define BIN_MAGIC_LEN 8
#define BIN_MAJOR 1
#define BIN_MINOR 0
#define BIN_HEADER_LEN 64
/* A longer header (a later minor version) is skipped, up to this. */
#define BIN_HEADER_MAX 65536

#define BIN_WORD 8
#define BIN_KIND_MASK UINT64_C(3)
#define BIN_ESCAPE UINT64_C(3)

/* Access words. */
#define BIN_AUTOMAP_BIT 2
#define BIN_LEN_SHIFT 3
#define BIN_LEN_BITS 12
#define BIN_ADDR_SHIFT (BIN_LEN_SHIFT + BIN_LEN_BITS)
#define BIN_LEN_MAX ((uint64_t)1 << BIN_LEN_BITS)            /* len - 1 fits the field */
#define BIN_ADDR_LIMIT ((uint64_t)1 << (64 - BIN_ADDR_SHIFT))  /* first address that does not */

_Static_assert(SIM_ACCESS_AUTOMAP == 1u << BIN_AUTOMAP_BIT, "automap is the access word's bit 2");
_Static_assert(SIM_OP_READ == 0 && SIM_OP_WRITE == 1 && SIM_OP_EXEC == 2,
	       "access ops are the access word's kinds");
_Static_assert(BIN_AUTOMAP_BIT < BIN_LEN_SHIFT, "fields do not overlap");

/* Escape words. */
#define BIN_CODE_SHIFT 2
#define BIN_CODE_MASK UINT64_C(0x3f)
#define BIN_FLAGS_SHIFT 8
#define BIN_PROT_SHIFT 16
#define BIN_PID_SHIFT 32
#define BIN_INLINE_SHIFT 8     /* BIN_TIME's and BIN_END's number */
enum bin_code {
	/* 0 .. SIM_OP_COUNT - 1: an event in full */
	BIN_PID = 16,
	BIN_TIME = 17,
	BIN_TIME64 = 18,
	BIN_END = 63,
};
_Static_assert((int)SIM_OP_COUNT <= (int)BIN_PID, "op codes come before the others");
#define BIN_INLINE_LIMIT ((uint64_t)1 << (64 - BIN_INLINE_SHIFT))

/* The header, as numbers; on disk each is little-endian at its offset. */
struct bin_header {
	char magic[8];
	uint16_t major;
	uint16_t minor;
	uint32_t header_len;    /* bytes before the first word */
	uint32_t source;        /* enum trace_format converted from */
	uint32_t flags;         /* none defined: a set bit is refused */
	uint64_t events;        /* 0: unknown */
	uint64_t accesses;      /* 0: unknown */
	uint8_t reserved[24];
};
_Static_assert(sizeof(struct bin_header) == BIN_HEADER_LEN, "the header is 64 bytes");
_Static_assert(offsetof(struct bin_header, major) == 8, "major at 8");
_Static_assert(offsetof(struct bin_header, minor) == 10, "minor at 10");
_Static_assert(offsetof(struct bin_header, header_len) == 12, "header_len at 12");
_Static_assert(offsetof(struct bin_header, source) == 16, "source at 16");
_Static_assert(offsetof(struct bin_header, flags) == 20, "flags at 20");
_Static_assert(offsetof(struct bin_header, events) == 24, "events at 24");
_Static_assert(offsetof(struct bin_header, accesses) == 32, "accesses at 32");
_Static_assert(offsetof(struct bin_header, reserved) == 40, "reserved from 40");

static inline uint64_t bin_load(const void *p)
{
	uint64_t w;

	memcpy(&w, p, sizeof(w));
	return le64toh(w);
}

static inline void bin_store(void *p, uint64_t w)
{
	w = htole64(w);
	memcpy(p, &w, sizeof(w));
}

/* The header in its 64 bytes on disk, and back (no checks: binary.c checks). */
static inline void bin_header_encode(const struct bin_header *h, unsigned char *out)
{
	uint16_t v16;
	uint32_t v32;

	memset(out, 0, BIN_HEADER_LEN);
	memcpy(out, h->magic, sizeof(h->magic));
	v16 = htole16(h->major);
	memcpy(out + offsetof(struct bin_header, major), &v16, 2);
	v16 = htole16(h->minor);
	memcpy(out + offsetof(struct bin_header, minor), &v16, 2);
	v32 = htole32(h->header_len);
	memcpy(out + offsetof(struct bin_header, header_len), &v32, 4);
	v32 = htole32(h->source);
	memcpy(out + offsetof(struct bin_header, source), &v32, 4);
	v32 = htole32(h->flags);
	memcpy(out + offsetof(struct bin_header, flags), &v32, 4);
	bin_store(out + offsetof(struct bin_header, events), h->events);
	bin_store(out + offsetof(struct bin_header, accesses), h->accesses);
	memcpy(out + offsetof(struct bin_header, reserved), h->reserved, sizeof(h->reserved));
}

static inline void bin_header_decode(const unsigned char *in, struct bin_header *h)
{
	uint16_t v16;
	uint32_t v32;

	memcpy(h->magic, in, sizeof(h->magic));
	memcpy(&v16, in + offsetof(struct bin_header, major), 2);
	h->major = le16toh(v16);
	memcpy(&v16, in + offsetof(struct bin_header, minor), 2);
	h->minor = le16toh(v16);
	memcpy(&v32, in + offsetof(struct bin_header, header_len), 4);
	h->header_len = le32toh(v32);
	memcpy(&v32, in + offsetof(struct bin_header, source), 4);
	h->source = le32toh(v32);
	memcpy(&v32, in + offsetof(struct bin_header, flags), 4);
	h->flags = le32toh(v32);
	h->events = bin_load(in + offsetof(struct bin_header, events));
	h->accesses = bin_load(in + offsetof(struct bin_header, accesses));
	memcpy(h->reserved, in + offsetof(struct bin_header, reserved), sizeof(h->reserved));
}

/* Whether @ev fits one access word, given the stream's @pid and @time. */
static inline bool bin_access_fits(const struct sim_event *ev, uint32_t pid, uint64_t time)
{
	return ev->op <= SIM_OP_EXEC && ev->pid == pid && ev->time == time &&
	       !(ev->flags & ~(uint32_t)SIM_ACCESS_AUTOMAP) && !ev->prot && !ev->arg && !ev->arg2 &&
	       ev->len >= 1 && ev->len <= BIN_LEN_MAX && ev->addr < BIN_ADDR_LIMIT;
}

/* The access word of @ev (bin_access_fits() holds). */
static inline uint64_t bin_access_word(const struct sim_event *ev)
{
	return (uint64_t)ev->op | (uint64_t)(ev->flags & SIM_ACCESS_AUTOMAP) |
	       (ev->len - 1) << BIN_LEN_SHIFT | ev->addr << BIN_ADDR_SHIFT;
}

/* An access word back into @ev, with the stream's @pid and @time. */
static inline void bin_access_decode(uint64_t w, uint32_t pid, uint64_t time, struct sim_event *ev)
{
	ev->op = (enum sim_op)(w & BIN_KIND_MASK);
	ev->pid = pid;
	ev->prot = 0;
	ev->flags = (uint32_t)w & SIM_ACCESS_AUTOMAP;
	ev->addr = w >> BIN_ADDR_SHIFT;
	ev->len = ((w >> BIN_LEN_SHIFT) & (BIN_LEN_MAX - 1)) + 1;
	ev->arg = 0;
	ev->arg2 = 0;
	ev->time = time;
}

/* An escape word. */
static inline uint64_t bin_escape(unsigned code, uint32_t flags, uint32_t prot, uint32_t pid)
{
	return BIN_ESCAPE | (uint64_t)code << BIN_CODE_SHIFT | (uint64_t)(flags & 0xff) << BIN_FLAGS_SHIFT |
	       (uint64_t)(prot & 0xff) << BIN_PROT_SHIFT | (uint64_t)pid << BIN_PID_SHIFT;
}

/* An escape word with a number in bits 8..63 (BIN_TIME, BIN_END). */
static inline uint64_t bin_escape_inline(unsigned code, uint64_t n)
{
	return BIN_ESCAPE | (uint64_t)code << BIN_CODE_SHIFT | n << BIN_INLINE_SHIFT;
}

/* Words after an event's escape word: which fields, in this order. */
enum { BIN_F_ADDR = 1, BIN_F_LEN = 2, BIN_F_ARG = 4, BIN_F_ARG2 = 8 };

static inline unsigned bin_event_fields(enum sim_op op, uint32_t flags)
{
	switch (op) {
	case SIM_OP_READ:
	case SIM_OP_WRITE:
	case SIM_OP_EXEC:
	case SIM_OP_MUNMAP:
		return BIN_F_ADDR | BIN_F_LEN;
	case SIM_OP_MMAP:
		return BIN_F_ADDR | BIN_F_LEN | (flags & SIM_MAP_FILE ? BIN_F_ARG | BIN_F_ARG2 : 0);
	case SIM_OP_FORK:
	case SIM_OP_SWAPOFF:
	case SIM_OP_SWAPON:
		return BIN_F_ARG;
	default:
		return 0;
	}
}

static inline unsigned bin_event_words(enum sim_op op, uint32_t flags)
{
	return (unsigned)__builtin_popcount(bin_event_fields(op, flags));
}

/*
 * The most words one event takes: a time of two words, then a file
 * mapping's five (an access word takes a pid word before it, not more).
 */
#define BIN_EVENT_MAX_WORDS (2 + 5)

#endif /* SWAPSIM_TRACE_BINARY_H */
