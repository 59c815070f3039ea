/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * internal.h - what the trace readers share and do not export: the reader
 * itself, the line fetch every format loops on, and the helpers that parse
 * numbers and word errors the same way in every format.
 *
 * Invariants of struct trace_reader (trace__check() asserts them):
 *  1. pos <= scan <= end <= cap; data[pos, end) is read but not consumed,
 *     and data[pos, scan) holds no newline (it was searched already).
 *  2. base + pos is the number of input bytes consumed (trace_bytes());
 *     base + end the number read.
 *  3. line is the number of the last line handed out; errors name it.
 *  4. err != 0 makes every later trace_next() return err; msg says why.
 *  5. A buffer reader has fd == -1, buf == NULL and eof set from the start;
 *     it reads the caller's bytes in place and never writes to them.
 *  6. bad <= line: each skipped line was handed out (or, too long, cut
 *     off) and counted once; bad_msg[0, min(bad, TRACE_BAD_LINES_KEPT))
 *     hold the first ones' messages.  Skipping never sets err, so msg
 *     stays "" until an error that stops the reader.
 *  7. A binary reader (binary.c) has no lines: scan is not used (only
 *     pos <= end holds of 1), line stays 0 and trace_line() gives the
 *     events handed out (trace__binary_events()), and skip-bad mode never
 *     applies (a damaged stream cannot be resynchronised), so bad stays 0.
 */
#ifndef SWAPSIM_TRACE_INTERNAL_H
#define SWAPSIM_TRACE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "trace/trace.h"

/* Bytes asked of read() at a time. */
#define TRACE_BLOCK_DEFAULT ((size_t)1 << 20)
/* The longest line, without its newline: longer ones are an error. */
#define TRACE_LINE_MAX ((size_t)64 * 1024)
/* Auto-detection decides from the lines wholly inside this many first bytes. */
#define TRACE_DETECT_MAX TRACE_LINE_MAX
/* Longest piece of input quoted in an error message. */
#define TRACE_QUOTE_MAX 40
/* Room for a message: a long path, then what is wrong. */
#define TRACE_MSG_MAX (4096 + 256)

struct trace_reader {
	/* Input. */
	int fd;                 /* -1: a buffer */
	bool close_fd;          /* not standard input */
	bool eof;               /* read() said end of file, or a buffer */
	const char *data;       /* buf, or the caller's buffer */
	char *buf;              /* ours: block + TRACE_LINE_MAX bytes */
	size_t block, cap;
	size_t pos, scan, end;  /* see the invariants */
	uint64_t base;
	uint64_t size;          /* trace_size() */
	uint64_t line;

	/* Format. */
	enum trace_format format;
	int (*next)(struct trace_reader *r, struct sim_event *ev);

	/* native, binary: the clock, carried from line to line (word to word). */
	uint64_t time;
	/* binary (binary.c): the pid of access words, events that were not
	 * accesses, what the header said (0: unknown) and where it came from. */
	uint32_t bin_pid;
	uint64_t bin_start, bin_extra;   /* see trace__binary_events() */
	uint64_t bin_others;
	uint64_t bin_events, bin_accesses;
	enum trace_format bin_source;
	/*
	 * lackey, pages: the spawn is out.  pend waits for the next call: in
	 * lackey the write of an M behind its read, in perf a fault behind the
	 * spawn of its process.
	 */
	bool spawned, pending;
	struct sim_event pend;
	/* perf: the pids met so far, an open-addressing set (0 is a free slot), and the last one. */
	struct {
		uint32_t *pids;
		size_t cap, count;  /* cap: 0 or a power of two */
		uint32_t last;
	} perf;

	int err;
	char *name;             /* as errors show it */
	char msg[TRACE_MSG_MAX];

	/* Skip-bad mode: malformed lines counted, the first few kept. */
	bool skip_bad;
	uint64_t bad;
	char bad_msg[TRACE_BAD_LINES_KEPT][TRACE_MSG_MAX];
};

/* Read block size for readers opened from now on; 0 restores the default (tests). */
void trace__set_block_size(size_t bytes);

/* Assert the invariants above (debug builds and tests). */
void trace__check(const struct trace_reader *r);

struct trace_writer;
/* Assert a writer's invariants (writer.c; tests call it after each write). */
void trace__writer_check(const struct trace_writer *w);

/*
 * The slow half of trace__getline(): read more, or end, or fail.  1 with
 * the line in [*line, *end) (no newline), 0 at the end, or r->err.
 */
int trace__getline_slow(struct trace_reader *r, const char **line, const char **end);

/* The next line of input; as trace__getline_slow(). */
static inline int trace__getline(struct trace_reader *r, const char **line, const char **end)
{
	const char *s = r->data + r->pos;
	const char *nl = memchr(r->data + r->scan, '\n', r->end - r->scan);

	if (nl && (size_t)(nl - s) <= TRACE_LINE_MAX) {
		r->pos = r->scan = (size_t)(nl - r->data) + 1;
		r->line++;
		*line = s;
		*end = nl;
		return 1;
	}
	return trace__getline_slow(r, line, end);
}

/*
 * For formats that are not lines (binary.c): make @need bytes readable at
 * data[pos] (@need at most TRACE_LINE_MAX), moving what is left of the
 * block to the front of the buffer and reading after it.  0 when they
 * are there or the input ends first (end - pos < @need tells), or the
 * read error (r->err).  A buffer reader has nothing more to read.
 */
int trace__fill(struct trace_reader *r, size_t need);

/*
 * Why @ev is not an event some reader could give, or NULL when it is:
 * the rules every format keeps (a known op; pids from 1, 0 for swapoff
 * and swapon; non-empty ranges that end at 2^64 at the latest; prot and
 * flags the op has; fields an op does not use 0).  The binary reader
 * refuses such an event, and the writers do.
 */
const char *trace__event_check(const struct sim_event *ev);

/*
 * A malformed line: "NAME:LINE: " and the formatted text.  Normally this
 * stops the reader: msg becomes the text, err becomes -EINVAL.  In skip-bad
 * mode the line is counted instead (its text kept among the first
 * TRACE_BAD_LINES_KEPT) and err stays 0.  Either way -EINVAL is returned,
 * for the format to return at once; trace_next() then reads on when err is
 * 0.  So a format must have consumed the line (and undone any state the
 * line changed) by the time it returns this.
 */
int trace__fail(struct trace_reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * @s[0, len) made safe to print between quotes, cut to TRACE_QUOTE_MAX
 * bytes with "..." after; bytes outside printable ASCII, and quotes and
 * backslashes, come out as \xNN.  Returns @dst.
 */
char *trace__quote(char *dst, size_t dst_len, const char *s, size_t len);
/* Room trace__quote() needs at most. */
#define TRACE_QUOTE_BUF (4 * TRACE_QUOTE_MAX + 4)

/* Separators between fields. */
static inline bool trace__blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* What parsing a number can give. */
enum trace_num { TRACE_NUM_OK = 0, TRACE_NUM_BAD, TRACE_NUM_RANGE };

/* All of [s, end) as a decimal number ("0x" means hex when @hex_prefix). */
enum trace_num trace__parse_u64(const char *s, const char *end, bool hex_prefix, uint64_t *v);
/* Each op's native keyword ("r", "w", "x", "spawn", ...). */
extern const char *const trace__op_names[SIM_OP_COUNT];

/* A hex digit's value plus one, 0 for any other byte. */
extern const uint8_t trace__hex_value[256];
/* All of [s, end) as hex digits, no prefix (lackey addresses). */
enum trace_num trace__parse_hex(const char *s, const char *end, uint64_t *v);

/* Whether the line [s, end) is one valgrind lackey writes (auto-detection). */
bool trace__lackey_line(const char *s, const char *end);
/* Whether the line [s, end) starts with a native keyword or "@" (auto-detection). */
bool trace__native_line(const char *s, const char *end);
/* Whether the line [s, end) is a page number and maybe "r" or "w" (auto-detection). */
bool trace__pages_line(const char *s, const char *end);

/* Whether the line [s, end) is one of perf script's page_fault_user lines (auto-detection). */
bool trace__perf_line(const char *s, const char *end);
/*
 * Whether @data[0, len) begins with the binary form's magic: 1 yes, 0 no,
 * -1 when it is a proper prefix of the magic and more may come (!@eof).
 */
int trace__binary_magic(const char *data, size_t len, bool eof);

/*
 * The format of an input that begins with @data[0, len), or
 * TRACE_FORMAT_AUTO when those bytes cannot tell and more may come
 * (@complete false).  With @complete, always decides.
 */
enum trace_format trace__detect(const char *data, size_t len, bool complete);

/* Each format's trace_next(): 1 with an event, 0 at the end, or r->err. */
int trace__native_next(struct trace_reader *r, struct sim_event *ev);
int trace__lackey_next(struct trace_reader *r, struct sim_event *ev);
int trace__pages_next(struct trace_reader *r, struct sim_event *ev);
int trace__perf_next(struct trace_reader *r, struct sim_event *ev);
int trace__binary_next(struct trace_reader *r, struct sim_event *ev);
/* A binary reader's events handed out: trace_line() for it. */
uint64_t trace__binary_events(const struct trace_reader *r);

#endif /* SWAPSIM_TRACE_INTERNAL_H */
