// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * writer.c - trace writers (trace.h): events back into a binary, native
 * or pages trace.  swapsim convert is the user; the tests use them to
 * check that what is written reads back as it was.
 *
 * Design notes.  A writer owns one buffer of WRITER_BUF bytes, encodes
 * each event at its end (binary words by binary.h's encoders, text by
 * hand: no stdio, no allocation), and write()s the buffer when the next
 * event might not fit.  Every event is first held to what a reader could
 * give (trace__event_check()) and to time that never goes back, because
 * no reader can give anything else; then to what the format can hold:
 *
 *  - binary holds every such event.  The writer keeps the stream's
 *    state as the reader will (the pid of access words, from 1, and the
 *    time), so it writes a BIN_PID or time word exactly when the reader
 *    needs one, and an access word whenever the access fits one.
 *  - native holds every such event but the automapped accesses of
 *    lackey and pages traces, which its grammar cannot say.  A timestamp
 *    is written when the time changes, in nanoseconds.
 *  - pages holds the accesses of one process and a spawn of it before
 *    them, with no time: each page an access touches is one line,
 *    "PAGE r" (reads and executes) or "PAGE w".
 *
 * The binary header goes out first with counts of 0 ("unknown"); at the
 * close, after the end word, it is rewritten with the counts if the
 * output allows (a regular file not opened for appending).  A writer
 * that is discarded writes out what it holds but neither of those, so
 * that a reader after a pipe sees a trace that stops short, never an
 * empty or a shorter complete one.
 */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "trace/binary.h"
#include "trace/internal.h"

/* The buffer, and the room an event must find in it before it is encoded. */
#define WRITER_BUF ((size_t)1 << 20)
#define WRITER_EVENT_MAX 256

#define PAGE_SHIFT 12

/*
 * Invariants (trace__writer_check() asserts them): buf holds len bytes,
 * not yet written, after flushed bytes that were; events counts what was
 * taken, accesses the r/w/x among them; time is the last event's, and the
 * stream's for binary, whose pid is that of its access words (from 1);
 * err != 0 makes every call return it, and msg says why.
 */
struct trace_writer {
	int fd;
	bool close_fd;          /* not standard output */
	bool rewrite;           /* the header can be rewritten at the close */
	off_t start;            /* where the trace begins in the file */
	enum trace_format to, from;
	char *name;             /* as messages show it */
	char *buf;
	size_t len;             /* bytes in buf */
	uint64_t flushed;       /* bytes written out */
	uint64_t events, accesses;
	uint64_t time;          /* of the last event */
	uint32_t pid;           /* binary: of access words; pages: the process, 0 until one */
	int err;
	char msg[TRACE_MSG_MAX];
};

/* ---- text by hand ------------------------------------------------------------ */

static char *put_str(char *p, const char *s)
{
	size_t n = strlen(s);

	memcpy(p, s, n);
	return p + n;
}

static char *put_dec(char *p, uint64_t v)
{
	char tmp[20];
	int n = 0;

	do
		tmp[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	while (n)
		*p++ = tmp[--n];
	return p;
}

static char *put_hex(char *p, uint64_t v)
{
	static const char digits[] = "0123456789abcdef";
	int shift = 60;

	*p++ = '0';
	*p++ = 'x';
	while (shift > 0 && !(v >> shift))
		shift -= 4;
	for (; shift >= 0; shift -= 4)
		*p++ = digits[(v >> shift) & 15];
	return p;
}

/*
 * @ev as a native line, without a timestamp or newline: at most 140 bytes
 * (the longest, a shared file mapping, has five numbers of 20 digits at most).
 */
static char *native_line(char *p, const struct sim_event *ev)
{
	p = put_str(p, trace__op_names[ev->op]);
	*p++ = ' ';
	switch (ev->op) {
	case SIM_OP_READ:
	case SIM_OP_WRITE:
	case SIM_OP_EXEC:
		p = put_dec(p, ev->pid);
		*p++ = ' ';
		p = put_hex(p, ev->addr);
		if (ev->len != 1) {
			*p++ = ' ';
			p = put_dec(p, ev->len);
		}
		break;
	case SIM_OP_SPAWN:
	case SIM_OP_EXIT:
		p = put_dec(p, ev->pid);
		break;
	case SIM_OP_FORK:
		p = put_dec(p, ev->pid);
		*p++ = ' ';
		p = put_dec(p, ev->arg);
		break;
	case SIM_OP_MMAP:
	case SIM_OP_MUNMAP:
		p = put_dec(p, ev->pid);
		*p++ = ' ';
		p = put_hex(p, ev->addr);
		*p++ = ' ';
		p = put_dec(p, ev->len);
		if (ev->op == SIM_OP_MUNMAP)
			break;
		*p++ = ' ';
		*p++ = ev->prot & SIM_PROT_READ ? 'r' : '-';
		*p++ = ev->prot & SIM_PROT_WRITE ? 'w' : '-';
		*p++ = ev->prot & SIM_PROT_EXEC ? 'x' : '-';
		if (ev->flags & SIM_MAP_FILE) {
			p = put_str(p, " file=");
			p = put_dec(p, ev->arg);
			if (ev->arg2) {
				*p++ = '+';
				p = put_dec(p, ev->arg2);
			}
		}
		if (ev->flags & SIM_MAP_SHARED)
			p = put_str(p, " shared");
		break;
	case SIM_OP_SWAPOFF:
	case SIM_OP_SWAPON:
		p = put_dec(p, ev->arg);
		break;
	default:
		break;
	}
	return p;
}

/* ---- errors ------------------------------------------------------------------ */

static int io_failed(struct trace_writer *w, int err)
{
	snprintf(w->msg, sizeof(w->msg), "cannot write '%s': %s", w->name, strerror(err));
	w->err = -err;
	return w->err;
}

/* @ev cannot be written: "FORMAT cannot hold 'EVENT': why". */
__attribute__((format(printf, 3, 4)))
static int refuse(struct trace_writer *w, const struct sim_event *ev, const char *fmt, ...)
{
	char line[WRITER_EVENT_MAX], *p = line;
	va_list ap;
	int n;

	if ((unsigned)ev->op < SIM_OP_COUNT) {
		if (ev->time) {
			*p++ = '@';
			p = put_dec(p, ev->time);
			*p++ = ' ';
		}
		p = native_line(p, ev);
	} else {
		p = put_str(p, "op ");
		p = put_dec(p, (unsigned)ev->op);
	}
	*p = '\0';
	n = snprintf(w->msg, sizeof(w->msg), "%s cannot hold '%s': ", trace_format_name(w->to), line);
	if (n < 0 || (size_t)n >= sizeof(w->msg))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(w->msg + n, sizeof(w->msg) - (size_t)n, fmt, ap);
	va_end(ap);
	w->err = -EINVAL;
	return w->err;
}

/* ---- output ------------------------------------------------------------------ */

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int flush(struct trace_writer *w)
{
	int rc = write_all(w->fd, w->buf, w->len);

	if (rc)
		return io_failed(w, -rc);
	w->flushed += w->len;
	w->len = 0;
	return 0;
}

/* Room for @n more bytes in the buffer (n <= WRITER_BUF). */
static inline int reserve(struct trace_writer *w, size_t n)
{
	return WRITER_BUF - w->len >= n ? 0 : flush(w);
}

static void put_word(struct trace_writer *w, uint64_t word)
{
	bin_store(w->buf + w->len, word);
	w->len += BIN_WORD;
}

static void binary_header(const struct trace_writer *w, unsigned char *out)
{
	struct bin_header h = {
		.major = BIN_MAJOR,
		.minor = BIN_MINOR,
		.header_len = BIN_HEADER_LEN,
		.source = (uint32_t)w->from,
		.events = w->events,
		.accesses = w->accesses,
	};

	memcpy(h.magic, BIN_MAGIC, BIN_MAGIC_LEN);
	bin_header_encode(&h, out);
}

/* ---- the formats ------------------------------------------------------------- */

static int write_binary(struct trace_writer *w, const struct sim_event *ev)
{
	unsigned fields;
	int rc;

	if ((rc = reserve(w, BIN_EVENT_MAX_WORDS * BIN_WORD)) != 0)
		return rc;
	if (ev->time != w->time) {
		uint64_t delta = ev->time - w->time;

		if (delta < BIN_INLINE_LIMIT) {
			put_word(w, bin_escape_inline(BIN_TIME, delta));
		} else {
			put_word(w, bin_escape_inline(BIN_TIME64, 0));
			put_word(w, delta);
		}
		w->time = ev->time;
	}
	/* Pid and time are the stream's once the escapes below are written. */
	if (bin_access_fits(ev, ev->pid, ev->time)) {
		if (ev->pid != w->pid) {
			put_word(w, bin_escape(BIN_PID, 0, 0, ev->pid));
			w->pid = ev->pid;
		}
		put_word(w, bin_access_word(ev));
		return 0;
	}
	put_word(w, bin_escape(ev->op, ev->flags, ev->prot, ev->pid));
	fields = bin_event_fields(ev->op, ev->flags);
	if (fields & BIN_F_ADDR)
		put_word(w, ev->addr);
	if (fields & BIN_F_LEN)
		put_word(w, ev->len);
	if (fields & BIN_F_ARG)
		put_word(w, ev->arg);
	if (fields & BIN_F_ARG2)
		put_word(w, ev->arg2);
	return 0;
}

static int write_native(struct trace_writer *w, const struct sim_event *ev)
{
	char *p;
	int rc;

	if (ev->op <= SIM_OP_EXEC && ev->flags)
		return refuse(w, ev, "an automapped access, as lackey and pages traces have "
			      "(binary keeps them)");
	if ((rc = reserve(w, WRITER_EVENT_MAX)) != 0)
		return rc;
	p = w->buf + w->len;
	if (ev->time != w->time) {
		*p++ = '@';
		p = put_dec(p, ev->time);
		*p++ = ' ';
		w->time = ev->time;
	}
	p = native_line(p, ev);
	*p++ = '\n';
	w->len = (size_t)(p - w->buf);
	return 0;
}

static int write_pages(struct trace_writer *w, const struct sim_event *ev)
{
	uint64_t page, last;
	char letter;
	int rc;

	if (ev->time)
		return refuse(w, ev, "pages traces have no time");
	if (ev->op == SIM_OP_SPAWN) {
		if (w->pid)
			return refuse(w, ev, ev->pid == w->pid ? "a second spawn of the process"
							   : "a second process");
		w->pid = ev->pid;
		return 0;
	}
	if (ev->op > SIM_OP_EXEC)
		return refuse(w, ev, "pages traces hold only accesses");
	if (w->pid && ev->pid != w->pid)
		return refuse(w, ev, "a second process");
	w->pid = ev->pid;
	letter = ev->op == SIM_OP_WRITE ? 'w' : 'r';
	last = (ev->addr + (ev->len - 1)) >> PAGE_SHIFT;
	for (page = ev->addr >> PAGE_SHIFT;; page++) {
		char *p;

		if ((rc = reserve(w, 24)) != 0)
			return rc;
		p = put_dec(w->buf + w->len, page);
		*p++ = ' ';
		*p++ = letter;
		*p++ = '\n';
		w->len = (size_t)(p - w->buf);
		if (page == last)
			return 0;
	}
}

int trace_write(struct trace_writer *w, const struct sim_event *ev)
{
	const char *why;
	int rc;

	if (w->err)
		return w->err;
	if ((why = trace__event_check(ev)) != NULL)
		return refuse(w, ev, "%s", why);
	if (ev->time < w->time)
		return refuse(w, ev, "time goes backwards from %" PRIu64 " ns", w->time);
	switch (w->to) {
	case TRACE_FORMAT_BINARY:
		rc = write_binary(w, ev);
		break;
	case TRACE_FORMAT_NATIVE:
		rc = write_native(w, ev);
		break;
	default:
		rc = write_pages(w, ev);
		break;
	}
	if (rc)
		return rc;
	w->events++;
	w->accesses += ev->op <= SIM_OP_EXEC;
	return 0;
}

/* ---- opening and closing ----------------------------------------------------- */

static int open_error(char *error, size_t error_len, int rc, const char *fmt, const char *what)
{
	if (error && error_len)
		snprintf(error, error_len, fmt, what, strerror(-rc));
	return rc;
}

static void writer_free(struct trace_writer *w)
{
	free(w->buf);
	free(w->name);
	free(w);
}

int trace_writer_open(struct trace_writer **wp, const char *path, enum trace_format to,
		      enum trace_format from, char *error, size_t error_len)
{
	bool is_stdout = strcmp(path, "-") == 0;
	struct trace_writer *w;
	struct stat st;
	int rc, fl;

	*wp = NULL;
	if (to != TRACE_FORMAT_BINARY && to != TRACE_FORMAT_NATIVE && to != TRACE_FORMAT_PAGES) {
		if (error && error_len)
			snprintf(error, error_len, "cannot write %s traces",
				 trace_format_name(to) ? trace_format_name(to) : "unknown");
		return -EINVAL;
	}
	if ((unsigned)from >= TRACE_FORMAT_COUNT)
		return open_error(error, error_len, -EINVAL, "cannot write '%s': %s", path);
	w = calloc(1, sizeof(*w));
	if (!w)
		return open_error(error, error_len, -ENOMEM, "cannot write '%s': %s", path);
	w->fd = -1;
	w->to = to;
	w->from = from;
	w->pid = to == TRACE_FORMAT_BINARY ? 1 : 0;
	w->name = strdup(is_stdout ? "<stdout>" : path);
	w->buf = malloc(WRITER_BUF);
	if (!w->name || !w->buf) {
		rc = open_error(error, error_len, -ENOMEM, "cannot write '%s': %s", path);
		goto out;
	}
	if (is_stdout) {
		w->fd = STDOUT_FILENO;
	} else {
		w->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
		if (w->fd < 0) {
			rc = open_error(error, error_len, -errno, "cannot open '%s': %s", path);
			goto out;
		}
		w->close_fd = true;
	}
	if (fstat(w->fd, &st) < 0 || (fl = fcntl(w->fd, F_GETFL)) < 0) {
		rc = open_error(error, error_len, -errno, "cannot write '%s': %s", w->name);
		goto out;
	}
	/* pwrite() of the header at the close: only where it lands where it was. */
	if (S_ISREG(st.st_mode) && !(fl & O_APPEND) && (w->start = lseek(w->fd, 0, SEEK_CUR)) >= 0)
		w->rewrite = true;
	if (to == TRACE_FORMAT_BINARY) {
		binary_header(w, (unsigned char *)w->buf);
		w->len = BIN_HEADER_LEN;
	} else if (to == TRACE_FORMAT_NATIVE) {
		w->len = (size_t)(put_str(w->buf, "#swapsim-trace v1\n") - w->buf);
	}
	*wp = w;
	return 0;
out:
	if (w->close_fd)
		close(w->fd);
	writer_free(w);
	return rc;
}

int trace_writer_close(struct trace_writer *w)
{
	unsigned char header[BIN_HEADER_LEN];
	int rc = w->err;

	if (!rc && w->to == TRACE_FORMAT_BINARY && !(rc = reserve(w, BIN_WORD)))
		put_word(w, bin_escape_inline(BIN_END, w->events & (BIN_INLINE_LIMIT - 1)));
	if (!rc)
		rc = flush(w);
	if (!rc && w->to == TRACE_FORMAT_BINARY && w->rewrite) {
		off_t at = w->start;
		size_t done = 0;

		binary_header(w, header);
		while (!rc && done < sizeof(header)) {
			ssize_t n = pwrite(w->fd, header + done, sizeof(header) - done, at + (off_t)done);

			if (n < 0 && errno != EINTR)
				rc = io_failed(w, errno);
			else if (n > 0)
				done += (size_t)n;
		}
	}
	if (w->close_fd && close(w->fd) < 0 && !rc)
		rc = -errno;
	writer_free(w);
	return rc;
}

void trace_writer_discard(struct trace_writer *w)
{
	if (!w)
		return;
	/* What is buffered goes out (a header at least), the end word never. */
	if (!w->err)
		write_all(w->fd, w->buf, w->len);
	if (w->close_fd)
		close(w->fd);
	writer_free(w);
}

void trace__writer_check(const struct trace_writer *w)
{
	assert(w->to == TRACE_FORMAT_BINARY || w->to == TRACE_FORMAT_NATIVE || w->to == TRACE_FORMAT_PAGES);
	assert(w->len <= WRITER_BUF);
	assert(w->accesses <= w->events);
	assert(w->err <= 0 && !w->err == !w->msg[0]);
	/* binary: access words always have a pid; the header went out first. */
	assert(w->to != TRACE_FORMAT_BINARY || (w->pid >= 1 && w->flushed + w->len >= BIN_HEADER_LEN));
	/* pages: no time ever passes; no access before the process is known. */
	assert(w->to != TRACE_FORMAT_PAGES || (w->time == 0 && (w->pid || !w->accesses)));
	assert(w->fd >= 0);
	(void)w;
}

const char *trace_writer_error(const struct trace_writer *w)
{
	return w->msg;
}

uint64_t trace_writer_events(const struct trace_writer *w)
{
	return w->events;
}

uint64_t trace_writer_bytes(const struct trace_writer *w)
{
	return w->flushed + w->len;
}
