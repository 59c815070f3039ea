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

#endif /* FUZZ_TRACE_LOCKSTEP_H */
