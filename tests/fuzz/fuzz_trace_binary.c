// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_trace_binary.c - libFuzzer target for swapsim's binary trace
 * reader (src/swapsim/trace/binary.c, over reader.c's trace__fill()) and,
 * through it, the binary and native writers (writer.c).
 *
 * Input: the bytes are a binary trace, any bytes at all (the seeds in
 * tests/fuzz/corpus/trace_binary/ are real ones, so mutations get past
 * the magic).  They are read four ways in lockstep: from a buffer (the
 * reference); from a file (a memfd, opened by its /proc path) in blocks
 * of 1 to 61 bytes chosen from the input's size, so words and events are
 * cut everywhere; in skip-bad mode from a buffer, which must change
 * nothing; and auto-detected from a buffer, kept when it says binary.
 * (trace_lockstep.h checks line-based formats at their end, so this
 * target has its own harness.)
 *
 * Properties: every reader gives the reference's events, counts, byte
 * counts and messages (after the name).  Every event passes
 * trace__event_check(); time never goes back; each event is one more
 * trace_line(); bytes only grow and never pass the input.  At the end
 * every byte was consumed and the end repeats; an error is -EINVAL with
 * "fuzz: byte N (header|event N|end): " and a message, and it repeats
 * unchanged.  Then the events are written with the binary writer and
 * read back: the same events, and writing those again gives the same
 * bytes; when no access is automapped, the native writer's text reads
 * back to the same events too.  A broken property aborts, so libFuzzer
 * keeps the input.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "trace/internal.h"
#include "trace/trace.h"

#define REQUIRE(cond)                                                                         \
	do {                                                                                  \
		if (!(cond)) {                                                                \
			fprintf(stderr, "fuzz_trace_binary: %s:%d: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                              \
		}                                                                             \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The events given, to write them again. */
struct evs {
	struct sim_event *v;
	size_t n, cap;
};

static void evs_add(struct evs *e, const struct sim_event *ev)
{
	if (e->n == e->cap) {
		e->cap = e->cap ? 2 * e->cap : 64;
		e->v = realloc(e->v, e->cap * sizeof(*e->v));
		REQUIRE(e->v);
	}
	e->v[e->n++] = *ev;
}

/* A memfd holding @size bytes of @data; its /proc path in @path.  -1 where there is none. */
static int memfd(const void *data, size_t size, char *path, size_t path_len)
{
	int fd = memfd_create("fuzz_trace_binary", MFD_CLOEXEC);

	if (fd < 0)
		return -1;
	if (size && write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return -1;
	}
	snprintf(path, path_len, "/proc/self/fd/%d", fd);
	return fd;
}

/* The message after "NAME:", so readers of different names compare. */
static const char *after_name(const struct trace_reader *r, const char *name)
{
	const char *msg = trace_error(r);
	size_t n = strlen(name);

	REQUIRE(strncmp(msg, name, n) == 0 && msg[n] == ':');
	return msg + n;
}

/* Reader @o gives @ev as the reference @r did, at the same place. */
static void follow(struct trace_reader *o, const struct trace_reader *r, const struct sim_event *ev)
{
	struct sim_event other;

	if (!o)
		return;
	REQUIRE(trace_next(o, &other) == 1);
	REQUIRE(memcmp(ev, &other, sizeof(other)) == 0);
	REQUIRE(trace_line(o) == trace_line(r) && trace_bytes(o) == trace_bytes(r));
	trace__check(o);
}

/* Reader @o ends as the reference @r did with @rc; then closes. */
static void follow_end(struct trace_reader *o, const char *name, const struct trace_reader *r, int rc)
{
	struct sim_event ev;

	if (!o)
		return;
	REQUIRE(trace_next(o, &ev) == rc);
	REQUIRE(trace_line(o) == trace_line(r) && trace_bytes(o) == trace_bytes(r));
	REQUIRE(trace_bad_lines(o) == 0);
	if (rc)
		REQUIRE(strcmp(after_name(o, name), after_name(r, "fuzz")) == 0);
	trace__check(o);
	trace_close(o);
}

/* "fuzz: byte N (header|event N|end): what", N the next event's number. */
static void check_error(const struct trace_reader *r)
{
	const char *msg = trace_error(r), *p;
	char where[64];
	uint64_t byte;
	int n = 0;

	REQUIRE(sscanf(msg, "fuzz: byte %" SCNu64 " (%63[^)]): %n", &byte, where, &n) == 2 && n > 0);
	REQUIRE(msg[n] != '\0');
	REQUIRE(byte <= trace_size(r));
	if (strcmp(where, "header") && strcmp(where, "end")) {
		REQUIRE(strncmp(where, "event ", 6) == 0);
		p = where + 6;
		REQUIRE(strtoull(p, NULL, 10) == trace_line(r) + 1);
	}
}

/* @evs written as @to into a memfd; its bytes, or NULL when the writer refused. */
static char *write_events(const struct evs *evs, enum trace_format to, size_t *len)
{
	struct trace_writer *w;
	char path[64], *out = NULL;
	int fd = memfd(NULL, 0, path, sizeof(path));
	off_t end;

	if (fd < 0)
		return NULL;
	REQUIRE(trace_writer_open(&w, path, to, TRACE_FORMAT_NATIVE, NULL, 0) == 0);
	for (size_t i = 0; i < evs->n; i++) {
		if (trace_write(w, &evs->v[i]) != 0) {
			/* Only native may refuse, and only automap. */
			REQUIRE(to == TRACE_FORMAT_NATIVE && evs->v[i].flags == SIM_ACCESS_AUTOMAP);
			trace_writer_discard(w);
			close(fd);
			return NULL;
		}
	}
	REQUIRE(trace_writer_events(w) == evs->n);
	REQUIRE(trace_writer_close(w) == 0);
	end = lseek(fd, 0, SEEK_END);
	REQUIRE(end >= 0);
	*len = (size_t)end;
	out = malloc(*len + 1);
	REQUIRE(out && pread(fd, out, *len, 0) == (ssize_t)*len);
	close(fd);
	return out;
}

/* @data read back as @f: exactly @evs, to the end. */
static void reads_back(const char *data, size_t len, enum trace_format f, const struct evs *evs)
{
	struct trace_reader *r;
	struct sim_event ev;
	size_t i = 0;
	int rc;

	REQUIRE(trace_open_buffer(&r, data, len, "back", f, NULL, 0) == 0);
	while ((rc = trace_next(r, &ev)) == 1) {
		REQUIRE(i < evs->n && memcmp(&ev, &evs->v[i], sizeof(ev)) == 0);
		i++;
	}
	REQUIRE(rc == 0 && i == evs->n && trace_bytes(r) == len);
	trace_close(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct trace_reader *r, *f = NULL, *s, *a;
	struct evs evs = { 0 };
	struct sim_event ev;
	uint64_t bytes = 0, time = 0;
	char path[64], msg[TRACE_MSG_MAX];
	size_t len, len2;
	char *bin, *bin2, *text;
	bool automap = false;
	int fd, rc;

	REQUIRE(trace_open_buffer(&r, data, size, "fuzz", TRACE_FORMAT_BINARY, NULL, 0) == 0);
	REQUIRE(trace_open_buffer(&s, data, size, "skip", TRACE_FORMAT_BINARY, NULL, 0) == 0);
	trace_set_skip_bad(s, true);
	REQUIRE(trace_open_buffer(&a, data, size, "auto", TRACE_FORMAT_AUTO, NULL, 0) == 0);
	if (trace_format_of(a) != TRACE_FORMAT_BINARY) {
		REQUIRE(size < 8 || memcmp(data, "\x89SWPSIM\n", 8) != 0);
		trace_close(a);
		a = NULL;
	}
	fd = memfd(data, size, path, sizeof(path));
	if (fd >= 0) {
		trace__set_block_size(1 + size % 61);
		if (trace_open(&f, path, TRACE_FORMAT_BINARY, NULL, 0) != 0)
			f = NULL;
		trace__set_block_size(0);
		close(fd);   /* the reader has its own descriptor */
	}

	while ((rc = trace_next(r, &ev)) == 1) {
		REQUIRE(trace__event_check(&ev) == NULL);
		REQUIRE(ev.time >= time);
		time = ev.time;
		REQUIRE(trace_line(r) == evs.n + 1);
		REQUIRE(trace_bytes(r) > bytes && trace_bytes(r) <= size);
		bytes = trace_bytes(r);
		automap |= ev.flags == SIM_ACCESS_AUTOMAP && ev.op <= SIM_OP_EXEC;
		evs_add(&evs, &ev);
		trace__check(r);
		follow(f, r, &ev);
		follow(s, r, &ev);
		follow(a, r, &ev);
	}
	trace__check(r);
	if (rc == 0) {
		REQUIRE(trace_bytes(r) == size);
		REQUIRE(trace_error(r)[0] == '\0');
		REQUIRE(trace_next(r, &ev) == 0);
	} else {
		REQUIRE(rc == -EINVAL);
		check_error(r);
		snprintf(msg, sizeof(msg), "%s", trace_error(r));
		REQUIRE(trace_next(r, &ev) == rc);
		REQUIRE(strcmp(trace_error(r), msg) == 0);
	}
	follow_end(f, path, r, rc);
	follow_end(s, "skip", r, rc);
	follow_end(a, "auto", r, rc);

	/* Whatever was read, written again, reads back; a second writing is the same bytes. */
	bin = write_events(&evs, TRACE_FORMAT_BINARY, &len);
	if (bin) {
		reads_back(bin, len, TRACE_FORMAT_BINARY, &evs);
		bin2 = write_events(&evs, TRACE_FORMAT_BINARY, &len2);
		REQUIRE(bin2 && len2 == len && memcmp(bin, bin2, len) == 0);
		free(bin2);
	}
	free(bin);
	text = write_events(&evs, TRACE_FORMAT_NATIVE, &len);
	REQUIRE(!text == automap);
	if (text)
		reads_back(text, len, TRACE_FORMAT_NATIVE, &evs);
	free(text);
	trace_close(r);
	free(evs.v);
	return 0;
}
