/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * trace_lockstep.h - the harness the trace fuzz targets share: one input
 * read three ways in lockstep, and the checks that do not depend on the
 * format.  Include it after defining FUZZ_NAME.
 *
 * The readers: the format under test from a buffer (the reference); the
 * same from a file (a memfd, opened by its /proc path) in blocks of 1 to
 * 61 bytes chosen from the input's size, so lines and numbers are cut
 * everywhere; and auto-detection from a buffer, kept only when it picks
 * the same format.  lockstep_follow() checks that the file and auto
 * readers give each event the reference gave; lockstep_end() checks the
 * end or the error: every byte consumed and the line count the input's,
 * or -EINVAL with "fuzz:LINE: " and a message that repeats unchanged, the
 * same after the name in every reader; then closes them.
 *
 * For the text formats that have a skip-bad mode (pages, perf): two more
 * readers in that mode, from a buffer and from a file in the same blocks.
 * skip_next() checks that they agree on each event, line, byte and
 * bad-line count; skip_follow() that they give the reference's events
 * until its error; skip_end() that they read to the end with no error, and
 * that the first kept message is the reference's error, if it had one.
 * These are static inline: not every target uses them.
 */
#ifndef FUZZ_TRACE_LOCKSTEP_H
#define FUZZ_TRACE_LOCKSTEP_H

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "trace/internal.h"
#include "trace/trace.h"

#define REQUIRE(cond)                                                                 \
	do {                                                                          \
		if (!(cond)) {                                                        \
			fprintf(stderr, FUZZ_NAME ": %s:%d: %s\n", __FILE__, __LINE__, \
				#cond);                                               \
			abort();                                                      \
		}                                                                     \
	} while (0)

struct lockstep {
	struct trace_reader *r, *f, *a;   /* reference, file, auto */
	char path[64];
	uint64_t lines;
	size_t size;
};

static uint64_t count_lines(const uint8_t *data, size_t size)
{
	uint64_t n = 0;

	for (size_t i = 0; i < size; i++)
		n += data[i] == '\n';
	return n + (size && data[size - 1] != '\n');
}

/* [addr, addr + len) is not empty and ends at 2^64 or before. */
static bool range_ok(uint64_t addr, uint64_t len)
{
	return len >= 1 && len - 1 <= UINT64_MAX - addr;
}

/* The message after "NAME:", so readers of different names compare. */
static const char *after_name(const struct trace_reader *r, const char *name)
{
	const char *msg = trace_error(r);
	size_t n = strlen(name);

	REQUIRE(strncmp(msg, name, n) == 0 && msg[n] == ':');
	return msg + n;
}

/* A file reader over a memfd holding the input, or NULL where there is none. */
static struct trace_reader *open_file(const uint8_t *data, size_t size, enum trace_format format,
				      char *path, size_t path_len)
{
	struct trace_reader *r = NULL;
	int fd = memfd_create(FUZZ_NAME, MFD_CLOEXEC);

	if (fd < 0)
		return NULL;
	if (write(fd, data, size) == (ssize_t)size) {
		snprintf(path, path_len, "/proc/self/fd/%d", fd);
		trace__set_block_size(1 + size % 61);
		if (trace_open(&r, path, format, NULL, 0) != 0)
			r = NULL;
		trace__set_block_size(0);
	}
	close(fd);   /* the reader has its own descriptor */
	return r;
}

static void lockstep_open(struct lockstep *l, const uint8_t *data, size_t size,
			  enum trace_format format)
{
	memset(l, 0, sizeof(*l));
	l->lines = count_lines(data, size);
	l->size = size;
	REQUIRE(trace_open_buffer(&l->r, data, size, "fuzz", format, NULL, 0) == 0);
	REQUIRE(trace_format_of(l->r) == format);
	REQUIRE(trace_size(l->r) == size);
	l->f = open_file(data, size, format, l->path, sizeof(l->path));
	REQUIRE(trace_open_buffer(&l->a, data, size, "auto", TRACE_FORMAT_AUTO, NULL, 0) == 0);
	if (trace_format_of(l->a) != format) {
		REQUIRE(trace_format_of(l->a) > TRACE_FORMAT_AUTO &&
			trace_format_of(l->a) < TRACE_FORMAT_COUNT);
		trace_close(l->a);
		l->a = NULL;
	}
}

/* The other readers give @ev too, at the same place. */
static void lockstep_follow(struct lockstep *l, const struct sim_event *ev)
{
	struct sim_event other;

	if (l->f) {
		REQUIRE(trace_next(l->f, &other) == 1);
		REQUIRE(memcmp(ev, &other, sizeof(other)) == 0);
		REQUIRE(trace_line(l->f) == trace_line(l->r) && trace_bytes(l->f) == trace_bytes(l->r));
	}
	if (l->a) {
		REQUIRE(trace_next(l->a, &other) == 1);
		REQUIRE(memcmp(ev, &other, sizeof(other)) == 0);
	}
	trace__check(l->r);
}

/* How reader @o ended, against the reference's @rc; then close it. */
static void follow_end(struct lockstep *l, struct trace_reader *o, const char *name, int rc)
{
	struct sim_event ev;

	if (!o)
		return;
	REQUIRE(trace_next(o, &ev) == rc);
	REQUIRE(trace_line(o) == trace_line(l->r) && trace_bytes(o) == trace_bytes(l->r));
	if (rc)
		REQUIRE(strcmp(after_name(o, name), after_name(l->r, "fuzz")) == 0);
	trace__check(o);
	trace_close(o);
}

static void lockstep_end(struct lockstep *l, int rc)
{
	struct trace_reader *r = l->r;
	struct sim_event ev;
	char msg[512];

	if (rc == 0) {
		REQUIRE(trace_bytes(r) == l->size);
		REQUIRE(trace_line(r) == l->lines);
		REQUIRE(trace_error(r)[0] == '\0');
		REQUIRE(trace_next(r, &ev) == 0);
	} else {
		int n;

		REQUIRE(rc == -EINVAL);
		n = snprintf(msg, sizeof(msg), "fuzz:%" PRIu64 ": ", trace_line(r));
		REQUIRE(strncmp(trace_error(r), msg, (size_t)n) == 0);
		REQUIRE(strlen(trace_error(r)) > (size_t)n);
		REQUIRE(trace_line(r) >= 1 && trace_line(r) <= l->lines);
		snprintf(msg, sizeof(msg), "%s", trace_error(r));
		REQUIRE(trace_next(r, &ev) == rc);
		REQUIRE(strcmp(trace_error(r), msg) == 0);
	}
	follow_end(l, l->f, l->path, rc);
	follow_end(l, l->a, "auto", rc);
	trace_close(r);
}

/* The skip-bad readers, buffer @b and file @f (NULL where there is none). */
struct skipping {
	struct trace_reader *b, *f;
	char path[64];
};

static inline void skip_open(struct skipping *s, const uint8_t *data, size_t size,
			     enum trace_format format)
{
	memset(s, 0, sizeof(*s));
	REQUIRE(trace_open_buffer(&s->b, data, size, "fuzz", format, NULL, 0) == 0);
	trace_set_skip_bad(s->b, true);
	s->f = open_file(data, size, format, s->path, sizeof(s->path));
	if (s->f)
		trace_set_skip_bad(s->f, true);
}

/* One event of the skip-bad readers, the same from both. */
static inline int skip_next(struct skipping *s, struct sim_event *ev)
{
	struct sim_event other;
	int rc = trace_next(s->b, ev);

	REQUIRE(rc == 0 || rc == 1);
	if (s->f) {
		REQUIRE(trace_next(s->f, &other) == rc);
		if (rc)
			REQUIRE(memcmp(ev, &other, sizeof(other)) == 0);
		REQUIRE(trace_line(s->f) == trace_line(s->b) && trace_bytes(s->f) == trace_bytes(s->b));
		REQUIRE(trace_bad_lines(s->f) == trace_bad_lines(s->b));
	}
	trace__check(s->b);
	return rc;
}

/* Until the reference's first bad line, skipping changes nothing: the same @ev, line and byte. */
static inline void skip_follow(struct skipping *s, const struct lockstep *l,
			       const struct sim_event *ev)
{
	struct sim_event sev;

	REQUIRE(skip_next(s, &sev) == 1);
	REQUIRE(memcmp(ev, &sev, sizeof(sev)) == 0);
	REQUIRE(trace_line(s->b) == trace_line(l->r) && trace_bytes(s->b) == trace_bytes(l->r));
}

/* The skip-bad readers at the end, against the reference's @ref_rc and message; then close them. */
static inline void skip_end(struct skipping *s, struct lockstep *l, int ref_rc, const char *ref_msg)
{
	uint64_t bad = trace_bad_lines(s->b);

	REQUIRE(trace_bytes(s->b) == l->size && trace_line(s->b) == l->lines);
	REQUIRE(trace_error(s->b)[0] == '\0');
	REQUIRE(bad <= l->lines);
	REQUIRE(ref_rc == 0 ? bad == 0 : bad >= 1);
	if (ref_rc)
		REQUIRE(strcmp(trace_bad_line_message(s->b, 0), ref_msg) == 0);
	for (size_t i = 0; i < TRACE_BAD_LINES_KEPT + 1; i++) {
		const char *m = trace_bad_line_message(s->b, i);

		REQUIRE((m != NULL) == (i < bad && i < TRACE_BAD_LINES_KEPT));
		if (m)
			REQUIRE(strncmp(m, "fuzz:", 5) == 0);
		if (m && s->f) {
			const char *fm = trace_bad_line_message(s->f, i);
			size_t n = strlen(s->path);

			REQUIRE(fm && strncmp(fm, s->path, n) == 0 && strcmp(m + 4, fm + n) == 0);
		}
	}
	if (s->f) {
		REQUIRE(trace_error(s->f)[0] == '\0');
		trace__check(s->f);
		trace_close(s->f);
	}
	trace_close(s->b);
}

#endif /* FUZZ_TRACE_LOCKSTEP_H */
