/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * trace.h - what swapsim replays: one small event struct, and the readers
 * that turn a trace file of any format into a stream of them.
 *
 * The engine never sees text.  A reader streams: it reads its input in
 * large blocks and parses lines in place, so a trace of any length is
 * replayed in constant memory, from a file or from standard input ("-").
 * A malformed line stops the reader with "FILE:LINE: what is wrong", or,
 * in skip-bad mode, is counted and passed over (trace_set_skip_bad()).
 * The binary form of swapsim convert has no lines: an error there says
 * "FILE: byte OFFSET (event N): what" and always stops the reader, since
 * a damaged stream of words cannot be resynchronised.  Writers (at the
 * end) turn events back into a trace.
 */
#ifndef SWAPSIM_TRACE_H
#define SWAPSIM_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum sim_op {
	SIM_OP_READ = 0,    /* access [addr, addr + len) */
	SIM_OP_WRITE,
	SIM_OP_EXEC,
	SIM_OP_SPAWN,       /* a new process @pid, with no parent */
	SIM_OP_FORK,        /* @pid forks; the child is @arg */
	SIM_OP_EXIT,        /* @pid exits */
	SIM_OP_MMAP,        /* @pid maps [addr, addr + len) with @prot, @flags */
	SIM_OP_MUNMAP,      /* @pid unmaps [addr, addr + len) */
	SIM_OP_SWAPOFF,     /* swap area number @arg (0-based, in --swap order) */
	SIM_OP_SWAPON,      /* swap area number @arg, again */
	SIM_OP_COUNT
};

/* prot bits of SIM_OP_MMAP. */
enum { SIM_PROT_READ = 1, SIM_PROT_WRITE = 2, SIM_PROT_EXEC = 4 };

/* flags of SIM_OP_MMAP and of accesses. */
enum {
	SIM_MAP_FILE = 1 << 0,    /* file-backed: file @arg, from byte @arg2 */
	SIM_MAP_SHARED = 1 << 1,  /* MAP_SHARED (file mappings) */
	/* On an access: map the page as anonymous read-write(-exec) memory
	 * if no mapping holds it (lackey traces carry no mappings). */
	SIM_ACCESS_AUTOMAP = 1 << 2,
};

struct sim_event {
	enum sim_op op;
	uint32_t pid;
	uint32_t prot;      /* SIM_PROT_* (mmap) */
	uint32_t flags;     /* SIM_MAP_*, SIM_ACCESS_* */
	uint64_t addr;
	uint64_t len;       /* bytes; at least 1 for accesses and mappings */
	uint64_t arg;       /* child pid, file id, or swap area number */
	uint64_t arg2;      /* file offset */
	uint64_t time;      /* the trace's timestamp, 0 when it has none */
};

enum trace_format {
	TRACE_FORMAT_AUTO = 0,   /* decided from the first lines */
	TRACE_FORMAT_NATIVE,     /* swapsim-trace(5) */
	TRACE_FORMAT_LACKEY,     /* valgrind --tool=lackey --trace-mem=yes */
	TRACE_FORMAT_PAGES,      /* one page number per line, "r" or "w" after */
	TRACE_FORMAT_PERF,       /* perf script of exceptions:page_fault_user */
	TRACE_FORMAT_BINARY,     /* swapsim convert's compact form */
	TRACE_FORMAT_COUNT
};

/* How many skipped lines' messages a reader keeps (trace_bad_line_message()). */
#define TRACE_BAD_LINES_KEPT 10

/*
 * "native", "lackey", "pages", "perf", "binary"; "auto" for AUTO (NULL for a value out of range).
 * parse: -EINVAL for anything else.
 */
const char *trace_format_name(enum trace_format f);
int trace_format_parse(const char *name, enum trace_format *f);

struct trace_reader;

/*
 * Open @path ("-" is standard input) as @format.  Returns 0, or -errno
 * (with @error, of @error_len bytes, saying what and where).
 */
int trace_open(struct trace_reader **r, const char *path, enum trace_format format,
	       char *error, size_t error_len);

/*
 * The same over a buffer (tests and fuzz targets); @name appears in errors.
 * The bytes are read in place, never copied or written: they must stay
 * valid until trace_close().
 */
int trace_open_buffer(struct trace_reader **r, const void *data, size_t len, const char *name,
		      enum trace_format format, char *error, size_t error_len);

/*
 * The next event into *ev: 1, or 0 at the end of the trace, or -EINVAL
 * for a malformed line (trace_error() says "FILE:LINE: what"), or -errno
 * for a read error.  After an error the reader only returns it again.
 * In skip-bad mode a malformed line never ends the reader: only 1, 0 and
 * read errors come back.
 */
int trace_next(struct trace_reader *r, struct sim_event *ev);

/*
 * Skip-bad mode, off when a reader opens; it may be switched at any time
 * and counts from then on.  When on, a malformed line of any format (a
 * line too long included) is counted and passed over as if it were not
 * there: trace_next() goes on with the next line, the line numbers and
 * byte counts go on as before, and trace_error() stays "".  An event
 * comes from a line only when the whole line is good.  Read errors still
 * stop the reader.
 */
void trace_set_skip_bad(struct trace_reader *r, bool on);

/* Malformed lines skipped so far. */
uint64_t trace_bad_lines(const struct trace_reader *r);

/*
 * The message of skipped line number @i, counting from 0 in the order they
 * were met, "FILE:LINE: what" as trace_error() would have said it: for
 * @i < min(trace_bad_lines(), TRACE_BAD_LINES_KEPT), else NULL.  Valid
 * until trace_close().
 */
const char *trace_bad_line_message(const struct trace_reader *r, size_t i);

/* The last error's message ("" when there is none). */
const char *trace_error(const struct trace_reader *r);

/*
 * The format being read (after AUTO is decided), line number, bytes
 * consumed.  A binary trace has no lines: its "line" is the number of
 * events read so far, so errors and progress still count something.
 */
enum trace_format trace_format_of(const struct trace_reader *r);
/*
 * What the events were first written in: for a binary trace, the format
 * its header names (TRACE_FORMAT_AUTO when it names none, or before the
 * first trace_next() has read the header); for text, trace_format_of().
 */
enum trace_format trace_source_format(const struct trace_reader *r);
uint64_t trace_line(const struct trace_reader *r);
uint64_t trace_bytes(const struct trace_reader *r);
/* Size of the input when known (a regular file), else 0: for progress. */
uint64_t trace_size(const struct trace_reader *r);

void trace_close(struct trace_reader *r);

/* ---- writers ------------------------------------------------------------------
 *
 * A writer turns events back into a trace: binary (every field kept; what
 * swapsim convert writes by default), native (text the native reader
 * reads back to the same events) or pages (the pages touched by the
 * accesses of one process, one line each).  It buffers its output and
 * writes it in large blocks.  Functions return 0 or -errno and never
 * print; trace_writer_error() says what went wrong.  An event that the
 * format cannot hold is -EINVAL, and so is one that no reader could have
 * given (trace__event_check()).  After any error the writer only returns
 * that error again; close or discard it.
 */
struct trace_writer;

/*
 * Create (or truncate) @path, "-" for standard output, and start a trace
 * of format @to (TRACE_FORMAT_BINARY, _NATIVE or _PAGES) converted from
 * @from (recorded in a binary header; ignored by text).  Returns 0, or
 * -errno with @error (of @error_len bytes) saying what.
 */
int trace_writer_open(struct trace_writer **w, const char *path, enum trace_format to,
		      enum trace_format from, char *error, size_t error_len);

/* Write one event: 0, or -EINVAL (the format cannot hold it), or -errno. */
int trace_write(struct trace_writer *w, const struct sim_event *ev);

/*
 * Finish the trace (a binary one gets its end word, and its header the
 * event counts when the output can be rewritten: a regular file, not
 * opened for appending), write what is buffered, close the file (not
 * standard output), and free @w.  0, or the first error (-errno).
 */
int trace_writer_close(struct trace_writer *w);

/*
 * Give up: write out what is buffered (errors ignored) but do not finish
 * the trace, close the file and free @w.  A reader of a binary trace so
 * left, after a pipe say, sees it cut, never a shorter complete one (text
 * has no end to leave out).  The file stays; the caller removes it.
 */
void trace_writer_discard(struct trace_writer *w);

/* What went wrong ("" when nothing did); valid until close or discard. */
const char *trace_writer_error(const struct trace_writer *w);

/* Events written so far, and bytes (those still buffered included). */
uint64_t trace_writer_events(const struct trace_writer *w);
uint64_t trace_writer_bytes(const struct trace_writer *w);

#endif /* SWAPSIM_TRACE_H */
