// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * reader.c - what every trace format shares: opening a file, standard
 * input or a buffer, reading it in large blocks, handing out lines,
 * numbering them, wording errors, and telling the formats apart.
 *
 * Design notes.  A file reader owns one buffer of block + TRACE_LINE_MAX
 * bytes.  Lines are parsed where they lie: trace__getline() searches
 * data[scan, end) for a newline and hands out [pos, newline) without
 * copying.  When no newline is left, the slow path moves the partial line
 * data[pos, end) to the front of the buffer and read()s up to a block
 * after it.  A partial line is at most TRACE_LINE_MAX bytes (longer is an
 * error), so the buffer always has room for a block; the move is one
 * short memmove per block, and scan remembers how far the partial line
 * was searched, so tiny blocks do not make the search quadratic.
 *
 *      data: [ consumed | partial line ... | read, unsearched | free ]
 *            0          pos                scan               end    cap
 *
 * A buffer reader points data at the caller's bytes, with end = len and
 * eof set: the same fetch loop runs, and never reads or moves anything.
 * So a file read in blocks of 7 bytes, the same file in blocks of 1 MiB,
 * standard input and a buffer give the same events, lines and errors; the
 * unit tests and the fuzz targets hold the readers to that.
 *
 * Auto-detection looks at the complete lines of the first
 * TRACE_DETECT_MAX bytes (reading more only while they cannot decide),
 * before anything is consumed; then the chosen format parses from byte 0.
 *
 * Skip-bad mode lives here, not in the formats.  A format meets a bad line
 * after trace__getline() consumed it, calls trace__fail() and returns its
 * -EINVAL; in skip-bad mode trace__fail() counted the line and left err 0,
 * so trace_next() calls the format again, which reads on from the next
 * line.  A line too long is the one case where the line is not consumed
 * yet: trace__getline_slow() then drops its bytes up to the newline
 * (reading on as far as that takes) before it returns.
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

#include "trace/internal.h"

static size_t block_size = TRACE_BLOCK_DEFAULT;

void trace__set_block_size(size_t bytes)
{
	block_size = bytes ? bytes : TRACE_BLOCK_DEFAULT;
}

static const char *const format_names[TRACE_FORMAT_COUNT] = {
	[TRACE_FORMAT_AUTO] = "auto",
	[TRACE_FORMAT_NATIVE] = "native",
	[TRACE_FORMAT_LACKEY] = "lackey",
	[TRACE_FORMAT_PAGES] = "pages",
	[TRACE_FORMAT_PERF] = "perf",
	[TRACE_FORMAT_BINARY] = "binary",
};

const char *const trace__op_names[SIM_OP_COUNT] = {
	[SIM_OP_READ] = "r", [SIM_OP_WRITE] = "w", [SIM_OP_EXEC] = "x",
	[SIM_OP_SPAWN] = "spawn", [SIM_OP_FORK] = "fork", [SIM_OP_EXIT] = "exit",
	[SIM_OP_MMAP] = "mmap", [SIM_OP_MUNMAP] = "munmap",
	[SIM_OP_SWAPOFF] = "swapoff", [SIM_OP_SWAPON] = "swapon",
};

const char *trace_format_name(enum trace_format f)
{
	return (unsigned)f < TRACE_FORMAT_COUNT ? format_names[f] : NULL;
}

int trace_format_parse(const char *name, enum trace_format *f)
{
	for (unsigned i = 0; i < TRACE_FORMAT_COUNT; i++) {
		if (name && strcmp(name, format_names[i]) == 0) {
			*f = (enum trace_format)i;
			return 0;
		}
	}
	return -EINVAL;
}

/* ---- errors ---------------------------------------------------------------- */

char *trace__quote(char *dst, size_t dst_len, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = len > TRACE_QUOTE_MAX ? TRACE_QUOTE_MAX : len, o = 0;

	if (!dst_len)
		return dst;
	for (size_t i = 0; i < n && o + 5 < dst_len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x7f && c != '\'' && c != '\\') {
			dst[o++] = (char)c;
		} else {
			dst[o++] = '\\';
			dst[o++] = 'x';
			dst[o++] = hex[c >> 4];
			dst[o++] = hex[c & 15];
		}
	}
	if (n < len && o + 4 <= dst_len) {
		memcpy(dst + o, "...", 3);
		o += 3;
	}
	dst[o] = '\0';
	return dst;
}

int trace__fail(struct trace_reader *r, const char *fmt, ...)
{
	char *msg = r->msg;
	va_list ap;
	int n;

	if (r->skip_bad) {
		/* Past the ones kept, a line is only counted: no formatting. */
		if (r->bad >= TRACE_BAD_LINES_KEPT) {
			r->bad++;
			return -EINVAL;
		}
		msg = r->bad_msg[r->bad++];
	}
	n = snprintf(msg, TRACE_MSG_MAX, "%s:%" PRIu64 ": ", r->name, r->line);
	if (n < 0 || (size_t)n >= TRACE_MSG_MAX)
		n = 0;
	va_start(ap, fmt);
	vsnprintf(msg + n, TRACE_MSG_MAX - (size_t)n, fmt, ap);
	va_end(ap);
	if (!r->skip_bad)
		r->err = -EINVAL;
	return -EINVAL;
}

static int fail_errno(struct trace_reader *r, int err)
{
	snprintf(r->msg, sizeof(r->msg), "cannot read '%s': %s", r->name, strerror(err));
	r->err = -err;
	return r->err;
}

/* ---- numbers --------------------------------------------------------------- */

/* A hex digit's value plus one, 0 for any other byte: one load, no branch to mispredict. */
const uint8_t trace__hex_value[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5,
	['5'] = 6, ['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10,
	['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
	['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
};

enum trace_num trace__parse_hex(const char *s, const char *end, uint64_t *v)
{
	uint64_t x = 0;
	bool range = false;

	if (s == end)
		return TRACE_NUM_BAD;
	for (; s < end; s++) {
		unsigned d = trace__hex_value[(unsigned char)*s];

		if (!d)
			return TRACE_NUM_BAD;
		range |= x >> 60 != 0;
		x = x << 4 | (d - 1);
	}
	if (range)
		return TRACE_NUM_RANGE;
	*v = x;
	return TRACE_NUM_OK;
}

enum trace_num trace__parse_u64(const char *s, const char *end, bool hex_prefix, uint64_t *v)
{
	uint64_t x = 0;
	bool range = false;

	if (hex_prefix && end - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		return trace__parse_hex(s + 2, end, v);
	if (s == end)
		return TRACE_NUM_BAD;
	for (; s < end; s++) {
		unsigned d = (unsigned)(unsigned char)*s - '0';

		if (d > 9)
			return TRACE_NUM_BAD;
		if (x > (UINT64_MAX - d) / 10)
			range = true;
		x = x * 10 + d;
	}
	if (range)
		return TRACE_NUM_RANGE;
	*v = x;
	return TRACE_NUM_OK;
}

/* ---- reading --------------------------------------------------------------- */

void trace__check(const struct trace_reader *r)
{
	assert(r->pos <= r->end);
	/* A binary reader does not look for lines: scan is not used. */
	assert(r->format == TRACE_FORMAT_BINARY || (r->pos <= r->scan && r->scan <= r->end));
	assert(r->format == TRACE_FORMAT_BINARY || !memchr(r->data + r->pos, '\n', r->scan - r->pos));
	assert(r->fd >= 0 || (!r->buf && r->eof));
	assert(r->fd < 0 || (r->buf == r->data && r->end <= r->cap));
	assert(r->err <= 0);
	assert(!r->err || r->msg[0]);
	assert(r->bad <= r->line);
	assert(r->err || !r->msg[0]);
	assert(r->perf.count * 2 <= r->perf.cap && (r->perf.cap & (r->perf.cap - 1)) == 0);
	(void)r;
}

/* Read up to a block after data[end); sets eof at the end of the input. */
static int read_more(struct trace_reader *r)
{
	size_t room = r->cap - r->end;
	ssize_t n;

	if (room > r->block)
		room = r->block;
	do
		n = read(r->fd, r->buf + r->end, room);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return fail_errno(r, errno);
	if (n == 0)
		r->eof = true;
	r->end += (size_t)n;
	return 0;
}

/*
 * Skip-bad mode, a line too long: consume data[pos, ...) up to and with
 * its newline, or to the end of the input.  -EINVAL, or a read error.
 */
static int drop_line(struct trace_reader *r)
{
	int rc;

	for (;;) {
		const char *nl = memchr(r->data + r->scan, '\n', r->end - r->scan);

		if (nl) {
			r->pos = r->scan = (size_t)(nl - r->data) + 1;
			return -EINVAL;
		}
		r->pos = r->scan = r->end;
		if (r->eof)
			return -EINVAL;
		/* All of it is dropped: read into an empty buffer. */
		r->base += r->pos;
		r->pos = r->scan = r->end = 0;
		if ((rc = read_more(r)) != 0)
			return rc;
	}
}

int trace__getline_slow(struct trace_reader *r, const char **line, const char **end)
{
	int rc;

	if (r->err)
		return r->err;
	for (;;) {
		const char *s = r->data + r->pos;
		const char *nl = memchr(r->data + r->scan, '\n', r->end - r->scan);
		size_t len = nl ? (size_t)(nl - s) : r->end - r->pos;

		if (len > TRACE_LINE_MAX) {
			r->line++;
			if ((rc = trace__fail(r, "line longer than %zu bytes", TRACE_LINE_MAX)) && r->err)
				return rc;
			return drop_line(r);
		}
		if (nl || (r->eof && len)) {
			r->pos = r->scan = nl ? (size_t)(nl - r->data) + 1 : r->end;
			r->line++;
			*line = s;
			*end = s + len;
			return 1;
		}
		if (r->eof)
			return 0;
		/* Keep the partial line, searched already, and read after it. */
		memmove(r->buf, s, len);
		r->base += r->pos;
		r->pos = 0;
		r->scan = r->end = len;
		if ((rc = read_more(r)) != 0)
			return rc;
	}
}

int trace__fill(struct trace_reader *r, size_t need)
{
	int rc;

	if (r->err)
		return r->err;
	while (r->end - r->pos < need && !r->eof) {
		if (r->pos) {
			/* Less than @need is left: a short move, once per block. */
			memmove(r->buf, r->buf + r->pos, r->end - r->pos);
			r->base += r->pos;
			r->end -= r->pos;
			r->scan = r->scan > r->pos ? r->scan - r->pos : 0;
			r->pos = 0;
		}
		if ((rc = read_more(r)) != 0)
			return rc;
	}
	return 0;
}

int trace_next(struct trace_reader *r, struct sim_event *ev)
{
	int rc;

	if (r->err)
		return r->err;
	/* -EINVAL with err 0: a line skipped in skip-bad mode; read on. */
	while ((rc = r->next(r, ev)) == -EINVAL && !r->err)
		;
	return rc;
}

/* ---- detection ------------------------------------------------------------- */

enum trace_format trace__detect(const char *data, size_t len, bool eof)
{
	size_t window = len < TRACE_DETECT_MAX ? len : TRACE_DETECT_MAX;
	const char *p = data, *stop = data + window;
	bool valgrind = false;

	switch (trace__binary_magic(data, len, eof)) {
	case 1:
		return TRACE_FORMAT_BINARY;
	case 0:
		break;
	default:
		return TRACE_FORMAT_AUTO;   /* too short to tell yet */
	}
	while (p < stop) {
		const char *nl = memchr(p, '\n', (size_t)(stop - p)), *e = nl, *s = p;

		if (!nl) {
			if (!eof && len <= TRACE_DETECT_MAX)
				return TRACE_FORMAT_AUTO;   /* more input may finish the line */
			if (len > TRACE_DETECT_MAX)
				break;                      /* not wholly inside the window */
			e = stop;                           /* the last line, at the end */
		}
		p = nl ? nl + 1 : stop;
		if (s == data && e - s >= 14 && memcmp(s, "#swapsim-trace", 14) == 0 &&
		    (e - s == 14 || trace__blank(s[14])))
			return TRACE_FORMAT_NATIVE;
		if (e - s >= 2 && s[0] == '=' && s[1] == '=') {
			valgrind = true;
			continue;
		}
		while (s < e && trace__blank(*s))
			s++;
		if (s == e || *s == '#')
			continue;
		if (trace__perf_line(s, e))
			return TRACE_FORMAT_PERF;
		if (trace__lackey_line(s, e))
			return TRACE_FORMAT_LACKEY;
		if (trace__native_line(s, e))
			return TRACE_FORMAT_NATIVE;
		if (trace__pages_line(s, e))
			return TRACE_FORMAT_PAGES;
		goto neither;
	}
	if (!eof && len <= TRACE_DETECT_MAX)
		return TRACE_FORMAT_AUTO;
neither:
	/* The format whose messages were seen reports what follows. */
	return valgrind ? TRACE_FORMAT_LACKEY : TRACE_FORMAT_NATIVE;
}

/* ---- opening and closing ----------------------------------------------------- */

static struct trace_reader *reader_new(const char *name)
{
	struct trace_reader *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->fd = -1;
	r->name = strdup(name);
	if (!r->name) {
		free(r);
		return NULL;
	}
	return r;
}

static int set_format(struct trace_reader *r, enum trace_format format)
{
	switch (format) {
	case TRACE_FORMAT_NATIVE:
		r->next = trace__native_next;
		break;
	case TRACE_FORMAT_LACKEY:
		r->next = trace__lackey_next;
		break;
	case TRACE_FORMAT_PAGES:
		r->next = trace__pages_next;
		break;
	case TRACE_FORMAT_PERF:
		r->next = trace__perf_next;
		break;
	case TRACE_FORMAT_BINARY:
		r->next = trace__binary_next;
		break;
	default:
		return -EINVAL;
	}
	r->format = format;
	return 0;
}

/* Decide an AUTO format, reading a file as far as that takes. */
static int detect(struct trace_reader *r)
{
	enum trace_format f;
	int rc;

	while ((f = trace__detect(r->data, r->end, r->eof)) == TRACE_FORMAT_AUTO) {
		/* Look again after 4 KiB more, not after every short block. */
		size_t want = r->end + 4096;

		do
			if ((rc = read_more(r)) != 0)
				return rc;
		while (!r->eof && r->end < want && r->end <= TRACE_DETECT_MAX);
	}
	return set_format(r, f);
}

static int open_error(char *error, size_t error_len, int rc, const char *fmt, const char *what)
{
	if (error && error_len)
		snprintf(error, error_len, fmt, what, strerror(-rc));
	return rc;
}

int trace_open(struct trace_reader **rp, const char *path, enum trace_format format,
	       char *error, size_t error_len)
{
	bool is_stdin = strcmp(path, "-") == 0;
	struct trace_reader *r;
	struct stat st;
	int rc;

	*rp = NULL;
	if (format != TRACE_FORMAT_AUTO && (unsigned)format >= TRACE_FORMAT_COUNT)
		return open_error(error, error_len, -EINVAL, "cannot read '%s': %s", path);
	r = reader_new(is_stdin ? "<stdin>" : path);
	if (!r)
		return open_error(error, error_len, -ENOMEM, "cannot read '%s': %s", path);
	if (is_stdin) {
		r->fd = STDIN_FILENO;
	} else {
		r->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (r->fd < 0) {
			rc = open_error(error, error_len, -errno, "cannot open '%s': %s", path);
			goto out;
		}
		r->close_fd = true;
	}
	if (fstat(r->fd, &st) < 0) {
		rc = open_error(error, error_len, -errno, "cannot read '%s': %s", r->name);
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		rc = open_error(error, error_len, -EISDIR, "cannot read '%s': %s", r->name);
		goto out;
	}
	if (S_ISREG(st.st_mode)) {
		r->size = (uint64_t)st.st_size;
		posix_fadvise(r->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	}
	r->block = block_size;
	r->cap = r->block + TRACE_LINE_MAX;
	r->buf = malloc(r->cap);
	if (!r->buf) {
		rc = open_error(error, error_len, -ENOMEM, "cannot read '%s': %s", r->name);
		goto out;
	}
	r->data = r->buf;
	rc = format == TRACE_FORMAT_AUTO ? detect(r) : set_format(r, format);
	if (rc) {
		if (error && error_len)
			snprintf(error, error_len, "%s", r->msg);
		goto out;
	}
	*rp = r;
	return 0;
out:
	trace_close(r);
	return rc;
}

int trace_open_buffer(struct trace_reader **rp, const void *data, size_t len, const char *name,
		      enum trace_format format, char *error, size_t error_len)
{
	struct trace_reader *r;
	int rc;

	*rp = NULL;
	if (format != TRACE_FORMAT_AUTO && (unsigned)format >= TRACE_FORMAT_COUNT)
		return open_error(error, error_len, -EINVAL, "cannot read '%s': %s", name);
	r = reader_new(name);
	if (!r)
		return open_error(error, error_len, -ENOMEM, "cannot read '%s': %s", name);
	r->data = len ? data : "";
	r->end = len;
	r->eof = true;
	r->size = len;
	if (format == TRACE_FORMAT_AUTO)
		format = trace__detect(r->data, len, true);
	rc = set_format(r, format);
	if (rc) {
		trace_close(r);
		return open_error(error, error_len, rc, "cannot read '%s': %s", name);
	}
	*rp = r;
	return 0;
}

void trace_close(struct trace_reader *r)
{
	if (!r)
		return;
	if (r->close_fd)
		close(r->fd);
	free(r->buf);
	free(r->perf.pids);
	free(r->name);
	free(r);
}

/* ---- what the caller may ask ----------------------------------------------- */

const char *trace_error(const struct trace_reader *r)
{
	return r->msg;
}

enum trace_format trace_format_of(const struct trace_reader *r)
{
	return r->format;
}

uint64_t trace_line(const struct trace_reader *r)
{
	return r->format == TRACE_FORMAT_BINARY ? trace__binary_events(r) : r->line;
}

uint64_t trace_bytes(const struct trace_reader *r)
{
	return r->base + r->pos;
}

uint64_t trace_size(const struct trace_reader *r)
{
	return r->size;
}

void trace_set_skip_bad(struct trace_reader *r, bool on)
{
	r->skip_bad = on;
}

uint64_t trace_bad_lines(const struct trace_reader *r)
{
	return r->bad;
}

const char *trace_bad_line_message(const struct trace_reader *r, size_t i)
{
	if (i >= TRACE_BAD_LINES_KEPT || i >= r->bad)
		return NULL;
	return r->bad_msg[i];
}
