/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * trace_transcript.h - the transcript helpers the text trace readers' unit
 * tests share: test_trace.c (native, lackey, pages) and test_trace_perf.c
 * (perf script).  test_trace_binary.c compares events field by field and
 * does not use it.
 *
 * A transcript is what one run of a reader gave, as text: the events
 * written back as native lines joined by '|' ("spawn 1|r 1 0x1000 4 auto"),
 * then "= rc line N bytes N error", the reader's name cut from the error.
 * So a table row reads as what the reader must understand, and two
 * readers of the same input agree when their transcripts are equal.
 *
 *	run_buffer()        read from a buffer named NAME
 *	run_file()          read a file in blocks of @block bytes (0: the default)
 *	run_stdin()         the same with standard input from the file
 *	modes_differ()      files in blocks of 1, 7, 4096, 1 MiB and stdin
 *	                    against a buffer's transcript
 *	test_text_case()    one table row: the buffer's transcript, then every mode
 *	test_detect_case()  auto-detection picks a format and reads as it does
 *	test_skip_case()    a row in skip-bad mode, whose transcript ends
 *	                    "| bad N | message | ...", from a buffer and every mode
 *
 * trace__check() runs after every call of a reader.  The functions are
 * static inline so that a test may use some of them only.
 */
#ifndef SWAPAREA_TRACE_TRANSCRIPT_H
#define SWAPAREA_TRACE_TRANSCRIPT_H

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "trace/internal.h"
#include "trace/trace.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define NAME "t"   /* the name buffer cases carry in errors */

/* A check that @rc is 0, usable as a condition. */
#define TAP_ZERO(rc, ...) tap_report((rc) == 0, __FILE__, __LINE__, __VA_ARGS__)

/* ---- text -------------------------------------------------------------------- */

/* A growing string. */
struct text {
	char *buf;
	size_t len, cap;
};

__attribute__((format(printf, 2, 3)))
static inline void text_add(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(t->buf ? t->buf + t->len : NULL, t->buf ? t->cap - t->len : 0, fmt, ap);
		va_end(ap);
		if (n < 0)
			abort();
		if (t->buf && t->len + (size_t)n < t->cap)
			break;
		t->cap = 2 * (t->cap + (size_t)n + 64);
		t->buf = realloc(t->buf, t->cap);
		if (!t->buf)
			abort();
	}
	t->len += (size_t)n;
}

/*
 * One event as a native line, every field that its op uses and no other:
 * a field the op does not use must be 0, or the line says "junk".  An
 * access shows " auto" when it is automapped and nothing more in flags.
 */
static inline void event_add(struct text *t, const struct sim_event *ev)
{
	static const char *const op_names[SIM_OP_COUNT] = {
		[SIM_OP_READ] = "r", [SIM_OP_WRITE] = "w", [SIM_OP_EXEC] = "x",
		[SIM_OP_SPAWN] = "spawn", [SIM_OP_FORK] = "fork", [SIM_OP_EXIT] = "exit",
		[SIM_OP_MMAP] = "mmap", [SIM_OP_MUNMAP] = "munmap",
		[SIM_OP_SWAPOFF] = "swapoff", [SIM_OP_SWAPON] = "swapon",
	};
	bool junk = false;

	if (t->len)
		text_add(t, "|");
	if (ev->time)
		text_add(t, "@%" PRIu64 " ", ev->time);
	if ((unsigned)ev->op >= SIM_OP_COUNT) {
		text_add(t, "op%u", (unsigned)ev->op);
		return;
	}
	text_add(t, "%s", op_names[ev->op]);
	switch (ev->op) {
	case SIM_OP_READ:
	case SIM_OP_WRITE:
	case SIM_OP_EXEC:
		text_add(t, " %u %#" PRIx64 " %" PRIu64, ev->pid, ev->addr, ev->len);
		if (ev->flags == SIM_ACCESS_AUTOMAP)
			text_add(t, " auto");
		junk = (ev->flags & ~(uint32_t)SIM_ACCESS_AUTOMAP) || ev->prot || ev->arg || ev->arg2;
		break;
	case SIM_OP_SPAWN:
	case SIM_OP_EXIT:
		text_add(t, " %u", ev->pid);
		junk = ev->addr || ev->len || ev->prot || ev->flags || ev->arg || ev->arg2;
		break;
	case SIM_OP_FORK:
		text_add(t, " %u %" PRIu64, ev->pid, ev->arg);
		junk = ev->addr || ev->len || ev->prot || ev->flags || ev->arg2;
		break;
	case SIM_OP_MMAP:
		text_add(t, " %u %#" PRIx64 " %" PRIu64 " %c%c%c", ev->pid, ev->addr, ev->len,
			 ev->prot & SIM_PROT_READ ? 'r' : '-', ev->prot & SIM_PROT_WRITE ? 'w' : '-',
			 ev->prot & SIM_PROT_EXEC ? 'x' : '-');
		if (ev->flags & SIM_MAP_FILE)
			text_add(t, " file=%" PRIu64 "+%" PRIu64, ev->arg, ev->arg2);
		else
			text_add(t, " anon");
		text_add(t, "%s", ev->flags & SIM_MAP_SHARED ? " shared" : " private");
		junk = ev->prot > 7 || (ev->flags & ~(uint32_t)(SIM_MAP_FILE | SIM_MAP_SHARED)) ||
		       (!(ev->flags & SIM_MAP_FILE) && (ev->arg || ev->arg2));
		break;
	case SIM_OP_MUNMAP:
		text_add(t, " %u %#" PRIx64 " %" PRIu64, ev->pid, ev->addr, ev->len);
		junk = ev->prot || ev->flags || ev->arg || ev->arg2;
		break;
	case SIM_OP_SWAPOFF:
	case SIM_OP_SWAPON:
		text_add(t, " %" PRIu64, ev->arg);
		junk = ev->pid || ev->addr || ev->len || ev->prot || ev->flags || ev->arg2;
		break;
	default:
		break;
	}
	if (junk)
		text_add(t, " junk");
}

/* ---- runs -------------------------------------------------------------------- */

/* What one run of a reader gave. */
struct run {
	struct text events;
	int rc;             /* of the last trace_next() */
	char error[256];    /* trace_error() without the name */
	uint64_t line, bytes;
};

static inline void run_release(struct run *run)
{
	free(run->events.buf);
	memset(run, 0, sizeof(*run));
}

/* Read @r to its end or first error; @name is cut from the message. */
static inline void run_reader(struct run *run, struct trace_reader *r, const char *name)
{
	struct sim_event ev;
	const char *msg;
	size_t n = strlen(name);

	memset(run, 0, sizeof(*run));
	trace__check(r);
	while ((run->rc = trace_next(r, &ev)) == 1) {
		trace__check(r);
		event_add(&run->events, &ev);
	}
	trace__check(r);
	msg = trace_error(r);
	if (strncmp(msg, name, n) == 0 && msg[n] == ':')
		msg += n;
	snprintf(run->error, sizeof(run->error), "%s", msg);
	run->line = trace_line(r);
	run->bytes = trace_bytes(r);
	if (!run->events.buf)
		text_add(&run->events, "%s", "");
}

/* "events = rc line bytes error": what two readers must agree on. */
static inline char *run_summary(const struct run *run)
{
	struct text t = { 0 };

	text_add(&t, "%s = %d line %" PRIu64 " bytes %" PRIu64 " %s", run->events.buf, run->rc,
		 run->line, run->bytes, run->error);
	return t.buf;
}

static inline int run_buffer(struct run *run, const char *data, size_t len, enum trace_format f)
{
	struct trace_reader *r;
	int rc = trace_open_buffer(&r, data, len, NAME, f, NULL, 0);

	memset(run, 0, sizeof(*run));
	if (rc)
		return rc;
	run_reader(run, r, NAME);
	trace_close(r);
	return 0;
}

/* A file in $TMPDIR, named after the test, holding @data; the path in @path (unlink it). */
static inline bool temp_file(char *path, size_t path_len, const char *data, size_t len)
{
	const char *dir = getenv("TMPDIR");
	int fd;
	bool ok;

	snprintf(path, path_len, "%s/%s.XXXXXX", dir && *dir ? dir : "/tmp",
		 program_invocation_short_name);
	fd = mkstemp(path);
	if (fd < 0)
		return false;
	ok = write(fd, data, len) == (ssize_t)len;
	close(fd);
	if (!ok)
		unlink(path);
	return ok;
}

/* Standard input is @fd from stdin_from() until stdin_restore(). */
static int saved_stdin = -1;

static inline bool stdin_from(int fd)
{
	if (saved_stdin < 0)
		saved_stdin = dup(STDIN_FILENO);
	return saved_stdin >= 0 && dup2(fd, STDIN_FILENO) == STDIN_FILENO;
}

static inline void stdin_restore(void)
{
	if (saved_stdin >= 0)
		dup2(saved_stdin, STDIN_FILENO);
}

/*
 * Open @path in blocks of @block bytes (0: the default), or with
 * @from_stdin open "-" with standard input from @path: the caller calls
 * stdin_restore() when done, whatever this returned.
 */
static inline int open_file(struct trace_reader **r, const char *path, size_t block,
			    bool from_stdin, enum trace_format f)
{
	int fd, rc;

	if (from_stdin) {
		fd = open(path, O_RDONLY);
		if (fd < 0 || !stdin_from(fd)) {
			if (fd >= 0)
				close(fd);
			return -EIO;
		}
		close(fd);
	}
	trace__set_block_size(block);
	rc = trace_open(r, from_stdin ? "-" : path, f, NULL, 0);
	trace__set_block_size(0);
	return rc;
}

static inline int run_file(struct run *run, const char *path, size_t block, enum trace_format f)
{
	struct trace_reader *r;
	int rc = open_file(&r, path, block, false, f);

	memset(run, 0, sizeof(*run));
	if (rc)
		return rc;
	run_reader(run, r, path);
	trace_close(r);
	return 0;
}

/* run_file() with standard input from @path; "<stdin>" is cut from the error. */
static inline int run_stdin(struct run *run, const char *path, size_t block, enum trace_format f)
{
	struct trace_reader *r;
	int rc = open_file(&r, path, block, true, f);

	memset(run, 0, sizeof(*run));
	if (rc == 0) {
		run_reader(run, r, "<stdin>");
		trace_close(r);
	}
	stdin_restore();
	return rc;
}

/*
 * The same input from a file in blocks of 1, 7, 4096 and 1 MiB bytes and
 * from standard input: every transcript must be the buffer's.  Returns
 * how many differ (a message says which).
 */
static inline int modes_differ(const char *what, const char *data, size_t len,
			       enum trace_format f, const struct run *want)
{
	static const size_t blocks[] = { 1, 7, 4096, 0 };
	char path[4096], *ws = run_summary(want);
	int differ = 0;
	struct run got;

	if (!temp_file(path, sizeof(path), data, len)) {
		printf("# %s: cannot write a temporary file\n", what);
		free(ws);
		return 1;
	}
	for (size_t i = 0; i <= ARRAY_SIZE(blocks); i++) {
		bool from_stdin = i == ARRAY_SIZE(blocks);
		size_t block = from_stdin ? 7 : blocks[i];
		int rc = from_stdin ? run_stdin(&got, path, block, f) : run_file(&got, path, block, f);
		char *gs = rc ? NULL : run_summary(&got);

		if (rc || strcmp(gs, ws) != 0) {
			printf("# %s: %s, block %zu: %s\n#   want %s\n", what,
			       from_stdin ? "stdin" : "file", block, gs ? gs : "cannot open", ws);
			differ++;
		}
		free(gs);
		run_release(&got);
	}
	unlink(path);
	free(ws);
	return differ;
}

/* ---- table cases ------------------------------------------------------------- */

struct text_case {
	const char *name;
	const char *input;
	const char *events;    /* joined by '|' */
	const char *error;     /* trace_error() without the name, "" for none */
};

/* Five checks, four for an error: the transcript from a buffer, then modes_differ(). */
static inline void test_text_case(const struct text_case *c, enum trace_format f)
{
	struct run run;
	size_t len = strlen(c->input);
	int rc = run_buffer(&run, c->input, len, f);

	if (!TAP_ZERO(rc, "%s: opened", c->name))
		return;
	TAP_EQ_STR(run.events.buf, c->events, "%s: events", c->name);
	TAP_EQ_STR(run.error, c->error, "%s: error", c->name);
	TAP_EQ_INT(run.rc, c->error[0] ? -EINVAL : 0, "%s: returns %s", c->name,
		   c->error[0] ? "-EINVAL" : "0 at the end");
	if (!c->error[0])
		TAP_EQ_U64(run.bytes, len, "%s: every byte consumed", c->name);
	TAP_EQ_INT(modes_differ(c->name, c->input, len, f, &run), 0,
		   "%s: files in any block size and stdin agree", c->name);
	run_release(&run);
}

/* ---- detection --------------------------------------------------------------- */

struct detect_case {
	const char *name;
	const char *input;
	enum trace_format want;
};

/* The format auto-detection picks for @data, TRACE_FORMAT_COUNT if it cannot open. */
static inline enum trace_format detected(const char *data, size_t len)
{
	struct trace_reader *r;
	enum trace_format f;

	if (trace_open_buffer(&r, data, len, NAME, TRACE_FORMAT_AUTO, NULL, 0))
		return TRACE_FORMAT_COUNT;
	f = trace_format_of(r);
	trace_close(r);
	return f;
}

/*
 * Three checks: auto-detection picks @want, then reads @data as @want
 * does, from a buffer and in every mode of modes_differ().
 */
static inline void test_detect_case(const char *what, const char *data, size_t len,
				    enum trace_format want)
{
	struct run run = { 0 }, direct = { 0 };

	TAP_EQ_STR(trace_format_name(detected(data, len)), trace_format_name(want),
		   "detect %s: %s", what, trace_format_name(want));
	if (run_buffer(&run, data, len, TRACE_FORMAT_AUTO) == 0 &&
	    run_buffer(&direct, data, len, want) == 0) {
		char *a = run_summary(&run), *b = run_summary(&direct);

		TAP_EQ_STR(a, b, "detect %s: reads as %s does", what, trace_format_name(want));
		TAP_EQ_INT(modes_differ(what, data, len, TRACE_FORMAT_AUTO, &run), 0,
			   "detect %s: files in any block size and stdin agree", what);
		free(a);
		free(b);
	} else {
		TAP_OK(false, "detect %s: opened", what);
	}
	run_release(&run);
	run_release(&direct);
}

/* ---- skip-bad mode ----------------------------------------------------------- */

/*
 * @r read to its end in skip-bad mode, as "events = rc line bytes error
 * | bad N | message | message ...", @name cut from the messages.
 */
static inline char *skip_transcript(struct trace_reader *r, const char *name)
{
	struct text t = { 0 };
	struct run run;
	size_t n = strlen(name);
	char *summary;

	trace_set_skip_bad(r, true);
	run_reader(&run, r, name);
	summary = run_summary(&run);
	text_add(&t, "%s | bad %" PRIu64, summary, trace_bad_lines(r));
	for (size_t i = 0; trace_bad_line_message(r, i); i++) {
		const char *msg = trace_bad_line_message(r, i);

		if (strncmp(msg, name, n) == 0 && msg[n] == ':')
			msg += n;
		text_add(&t, " | %s", msg);
	}
	free(summary);
	run_release(&run);
	return t.buf;
}

/* The skip-bad transcript of @data as @f from a buffer (@path NULL), or a file in @block bytes. */
static inline char *skip_run(const char *data, size_t len, enum trace_format f, const char *path,
			     size_t block, bool from_stdin)
{
	struct trace_reader *r;
	char *t = NULL;
	int rc;

	if (!path)
		rc = trace_open_buffer(&r, data, len, NAME, f, NULL, 0);
	else
		rc = open_file(&r, path, block, from_stdin, f);
	if (rc == 0) {
		t = skip_transcript(r, !path ? NAME : from_stdin ? "<stdin>" : path);
		trace_close(r);
	}
	if (from_stdin)
		stdin_restore();
	return t;
}

/* The transcript from files in blocks of 1, 7, 4096, 1 MiB and stdin: how many differ from @want. */
static inline int skip_modes_differ(const char *what, const char *data, size_t len,
				    enum trace_format f, const char *want)
{
	static const size_t blocks[] = { 1, 7, 4096, 0 };
	char path[4096];
	int differ = 0;

	if (!temp_file(path, sizeof(path), data, len))
		return 1;
	for (size_t i = 0; i <= ARRAY_SIZE(blocks); i++) {
		bool from_stdin = i == ARRAY_SIZE(blocks);
		char *got = skip_run(data, len, f, path, from_stdin ? 7 : blocks[i], from_stdin);
		char *w = NULL;

		/* The file's messages carry its path: compare after the name. */
		if (got && !from_stdin) {
			struct text t = { 0 };

			for (const char *p = got; *p;) {
				const char *hit = strstr(p, path);

				if (!hit) {
					text_add(&t, "%s", p);
					break;
				}
				text_add(&t, "%.*s", (int)(hit - p), p);
				p = hit + strlen(path);
			}
			w = t.buf;
		} else if (got) {
			struct text t = { 0 };

			for (const char *p = got; *p;) {
				const char *hit = strstr(p, "<stdin>");

				if (!hit) {
					text_add(&t, "%s", p);
					break;
				}
				text_add(&t, "%.*s", (int)(hit - p), p);
				p = hit + 7;
			}
			w = t.buf;
		}
		if (!w || strcmp(w, want) != 0) {
			printf("# %s: %s, block %zu: %s\n#   want %s\n", what, from_stdin ? "stdin" : "file",
			       blocks[i < ARRAY_SIZE(blocks) ? i : 1], w ? w : "cannot open", want);
			differ++;
		}
		free(w);
		free(got);
	}
	unlink(path);
	return differ;
}

/* Two checks: the transcript from a buffer, then skip_modes_differ(). */
static inline void test_skip_case(const char *name, enum trace_format f, const char *data,
				  size_t len, const char *want)
{
	char *got = skip_run(data, len, f, NULL, 0, false);

	TAP_EQ_STR(got ? got : "cannot open", want, "skip-bad %s: transcript", name);
	TAP_EQ_INT(skip_modes_differ(name, data, len, f, want), 0,
		   "skip-bad %s: files in any block size and stdin agree", name);
	free(got);
}

#endif /* SWAPAREA_TRACE_TRANSCRIPT_H */
