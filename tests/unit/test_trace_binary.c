// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_trace_binary.c - swapsim's binary trace form (src/swapsim/trace/
 * binary.c) and the trace writers (writer.c).
 *
 * Round trips: the bundled native, pages and lackey traces, and random
 * events of every op at the limits of every field, written as binary and
 * read back equal field by field, from a buffer and from files read in
 * blocks of 1 byte up; then native text read back equal, and pages text
 * holding the pages the accesses touched.  A golden image, its words
 * worked out by hand from the layout in man/swapsim-trace.5, is read and
 * must be what the writer writes, byte for byte.  The access word's
 * limits are found by decoding an all-ones word.  Then the header (bad
 * magic, future and past versions, a longer header, flags, lengths),
 * every truncation of a stream, damaged words (unknown escapes, reserved
 * bits, counts that disagree, data after the end) with their messages,
 * skip-bad mode, and the writers' refusals and I/O errors.  The
 * invariant checkers trace__check() and trace__writer_check() run after
 * every call.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "trace/binary.h"
#include "trace/internal.h"
#include "trace/trace.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define NAME "t"

#define TAP_ZERO(rc, ...) tap_report((rc) == 0, __FILE__, __LINE__, __VA_ARGS__)

/* ---- events ------------------------------------------------------------------ */

struct evs {
	struct sim_event *v;
	size_t n, cap;
};

static void evs_add(struct evs *e, const struct sim_event *ev)
{
	if (e->n == e->cap) {
		e->cap = e->cap ? 2 * e->cap : 1024;
		e->v = realloc(e->v, e->cap * sizeof(*e->v));
		if (!e->v)
			abort();
	}
	e->v[e->n++] = *ev;
}

static void evs_release(struct evs *e)
{
	free(e->v);
	memset(e, 0, sizeof(*e));
}

static bool event_equal(const struct sim_event *a, const struct sim_event *b)
{
	return a->op == b->op && a->pid == b->pid && a->prot == b->prot && a->flags == b->flags &&
	       a->addr == b->addr && a->len == b->len && a->arg == b->arg && a->arg2 == b->arg2 &&
	       a->time == b->time;
}

static void event_print(const char *what, const struct sim_event *e)
{
	printf("#   %s: op %d pid %u prot %u flags %u addr %#" PRIx64 " len %" PRIu64 " arg %" PRIu64
	       " arg2 %" PRIu64 " time %" PRIu64 "\n", what, (int)e->op, e->pid, e->prot, e->flags,
	       e->addr, e->len, e->arg, e->arg2, e->time);
}

/* Field by field; the first difference is shown. */
static bool evs_equal(const struct evs *got, const struct evs *want)
{
	for (size_t i = 0; i < got->n && i < want->n; i++) {
		if (!event_equal(&got->v[i], &want->v[i])) {
			printf("# event %zu differs\n", i + 1);
			event_print("got ", &got->v[i]);
			event_print("want", &want->v[i]);
			return false;
		}
	}
	if (got->n != want->n)
		printf("# %zu events, want %zu\n", got->n, want->n);
	return got->n == want->n;
}

/* ---- reading ----------------------------------------------------------------- */

/* What one reader gave: the events, how it ended, and where. */
struct result {
	struct evs evs;
	int rc;
	char error[512];
	uint64_t line, bytes;
	enum trace_format format, source;
};

static void result_release(struct result *res)
{
	evs_release(&res->evs);
}

static void read_all(struct trace_reader *r, struct result *res)
{
	struct sim_event ev;

	trace__check(r);
	while ((res->rc = trace_next(r, &ev)) == 1) {
		trace__check(r);
		evs_add(&res->evs, &ev);
	}
	trace__check(r);
	snprintf(res->error, sizeof(res->error), "%s", trace_error(r));
	res->line = trace_line(r);
	res->bytes = trace_bytes(r);
	res->format = trace_format_of(r);
	res->source = trace_source_format(r);
}

static int read_buffer(const void *data, size_t len, enum trace_format f, struct result *res)
{
	struct trace_reader *r;
	int rc = trace_open_buffer(&r, data, len, NAME, f, NULL, 0);

	memset(res, 0, sizeof(*res));
	if (rc)
		return rc;
	read_all(r, res);
	trace_close(r);
	return 0;
}

static int read_path(const char *path, size_t block, enum trace_format f, struct result *res)
{
	struct trace_reader *r;
	int rc;

	memset(res, 0, sizeof(*res));
	trace__set_block_size(block);
	rc = trace_open(&r, path, f, NULL, 0);
	trace__set_block_size(0);
	if (rc)
		return rc;
	read_all(r, res);
	trace_close(r);
	return 0;
}

/* A fresh temporary path (the file exists, empty); unlink it when done. */
static char *temp_path(char *buf, size_t len)
{
	const char *dir = getenv("TMPDIR");
	int fd;

	snprintf(buf, len, "%s/test_trace_binary.XXXXXX", dir && *dir ? dir : "/tmp");
	fd = mkstemp(buf);
	if (fd < 0)
		abort();
	close(fd);
	return buf;
}

static char *slurp_fd(int fd, size_t *len)
{
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap);
	ssize_t got;

	while (buf && (got = read(fd, buf + n, cap - n)) > 0) {
		n += (size_t)got;
		if (n == cap && !(buf = realloc(buf, cap *= 2)))
			abort();
	}
	*len = n;
	return buf;
}

static char *slurp(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY);
	char *buf;

	if (fd < 0)
		return NULL;
	buf = slurp_fd(fd, len);
	close(fd);
	return buf;
}

static bool spill(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	bool ok;

	if (fd < 0)
		return false;
	ok = write(fd, data, len) == (ssize_t)len;
	close(fd);
	return ok;
}

/* @evs written to @path as @to; 0 or the first error, its message in @msg. */
static int write_path(const char *path, enum trace_format to, enum trace_format from,
		      const struct evs *evs, char *msg, size_t msg_len)
{
	struct trace_writer *w;
	int rc = trace_writer_open(&w, path, to, from, msg, msg_len);

	if (rc)
		return rc;
	trace__writer_check(w);
	for (size_t i = 0; i < evs->n; i++) {
		rc = trace_write(w, &evs->v[i]);
		trace__writer_check(w);
		if (rc != 0) {
			snprintf(msg, msg_len, "%s", trace_writer_error(w));
			trace_writer_discard(w);
			return rc;
		}
	}
	rc = trace_writer_close(w);
	if (rc)
		snprintf(msg, msg_len, "close: %s", strerror(-rc));
	return rc;
}

/* ---- round trips ------------------------------------------------------------- */

/*
 * @want written as binary and read back: from a buffer, and from a file
 * in blocks of 1, 7, 8, 9, 64, 4096 bytes and 1 MiB (blocks under 4096
 * only for files under 1 MiB, to keep the test quick), every reader
 * giving the events, the event count as the line, every byte, and @from
 * as the source.
 */
static void binary_round_trip(const char *what, const struct evs *want, enum trace_format from)
{
	static const size_t blocks[] = { 1, 7, 8, 9, 64, 4096, 0 };
	char path[4096], msg[512];
	struct result res;
	size_t len;
	char *data;
	bool all = true;

	temp_path(path, sizeof(path));
	if (!TAP_ZERO(write_path(path, TRACE_FORMAT_BINARY, from, want, msg, sizeof(msg)),
		      "%s: written as binary %s", what, msg)) {
		unlink(path);
		return;
	}
	data = slurp(path, &len);
	TAP_OK(data && read_buffer(data, len, TRACE_FORMAT_AUTO, &res) == 0, "%s: opened", what);
	TAP_EQ_INT(res.format, TRACE_FORMAT_BINARY, "%s: detected as binary", what);
	TAP_EQ_INT(res.source, from, "%s: the header names the source format", what);
	TAP_EQ_INT(res.rc, 0, "%s: read to the end %s", what, res.error);
	TAP_OK(evs_equal(&res.evs, want), "%s: every event back, field by field", what);
	TAP_EQ_U64(res.line, want->n, "%s: the line is the event count", what);
	TAP_EQ_U64(res.bytes, len, "%s: every byte consumed", what);
	result_release(&res);
	for (size_t i = 0; i < ARRAY_SIZE(blocks); i++) {
		if (blocks[i] && blocks[i] < 4096 && len >= ((size_t)1 << 20))
			continue;
		bool ok = read_path(path, blocks[i], TRACE_FORMAT_BINARY, &res) == 0 && res.rc == 0 &&
			  evs_equal(&res.evs, want) && res.line == want->n && res.bytes == len;

		if (!ok) {
			printf("# %s: block %zu: rc %d %s\n", what, blocks[i], res.rc, res.error);
			all = false;
		}
		result_release(&res);
	}
	TAP_OK(all, "%s: files read in any block size agree", what);
	free(data);
	unlink(path);
}

/* @want as native text, read back as native: the same events. */
static void native_round_trip(const char *what, const struct evs *want)
{
	char path[4096], msg[512];
	struct result res;

	temp_path(path, sizeof(path));
	if (TAP_ZERO(write_path(path, TRACE_FORMAT_NATIVE, TRACE_FORMAT_AUTO, want, msg, sizeof(msg)),
		     "%s: written as native %s", what, msg)) {
		TAP_ZERO(read_path(path, 7, TRACE_FORMAT_AUTO, &res), "%s: native opened", what);
		TAP_EQ_INT(res.format, TRACE_FORMAT_NATIVE, "%s: detected as native", what);
		TAP_EQ_INT(res.rc, 0, "%s: native read to the end %s", what, res.error);
		TAP_OK(evs_equal(&res.evs, want), "%s: native gives every event back", what);
		result_release(&res);
	}
	unlink(path);
}

static int read_file_events(const char *path, enum trace_format f, struct result *res)
{
	return read_path(path, 0, f, res);
}

static void test_bundled(void)
{
	struct result text;
	FILE *p;
	size_t len;
	char *data;

	if (TAP_ZERO(read_file_events("tests/data/example.trace", TRACE_FORMAT_AUTO, &text),
		     "example.trace: opened (run from the top directory)")) {
		TAP_EQ_U64(text.evs.n, 27, "example.trace: 27 events");
		binary_round_trip("example.trace", &text.evs, TRACE_FORMAT_NATIVE);
		native_round_trip("example.trace", &text.evs);
	}
	result_release(&text);

	if (TAP_ZERO(read_file_events("tests/data/sample.pages", TRACE_FORMAT_AUTO, &text),
		     "sample.pages: opened")) {
		TAP_EQ_U64(text.evs.n, 18, "sample.pages: a spawn and 17 accesses");
		binary_round_trip("sample.pages", &text.evs, TRACE_FORMAT_PAGES);
	}
	result_release(&text);

	p = popen("gzip -dc tests/data/sort.lackey.gz", "r");
	data = p ? slurp_fd(fileno(p), &len) : NULL;
	if (TAP_OK(p && pclose(p) == 0 && data && read_buffer(data, len, TRACE_FORMAT_AUTO, &text) == 0,
		   "sort.lackey.gz: decompressed")) {
		char path[4096], msg[512];
		struct stat st;

		/* tests/data/README.md: 1 spawn and 1572336 accesses, all by grep. */
		TAP_EQ_U64(text.evs.n, 1572337, "sort.lackey: 1572337 events");
		binary_round_trip("sort.lackey", &text.evs, TRACE_FORMAT_LACKEY);
		/* Every access is short and pid 1: one word each, and one for the spawn. */
		temp_path(path, sizeof(path));
		write_path(path, TRACE_FORMAT_BINARY, TRACE_FORMAT_LACKEY, &text.evs, msg, sizeof(msg));
		TAP_OK(stat(path, &st) == 0 && (uint64_t)st.st_size == 64 + 8 * 1572337 + 8,
		       "sort.lackey: header, one word an event, the end word");
		unlink(path);
	}
	result_release(&text);
	free(data);
}

/* ---- random events ----------------------------------------------------------- */

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dull;
}

static uint64_t pick(uint64_t *s, const uint64_t *v, size_t n)
{
	return rnd(s) & 1 ? v[rnd(s) % n] : rnd(s);
}

/* A length for @addr that keeps the range below 2^64. */
static uint64_t fit_len(uint64_t addr, uint64_t len)
{
	if (!len)
		len = 1;
	if (len - 1 > UINT64_MAX - addr)
		len = UINT64_MAX - addr + 1;
	return len;
}

/*
 * A valid event of any op, fields at their limits half the time; mostly
 * short accesses, so the stream mixes both kinds of word.  @automap:
 * whether accesses may carry it (native cannot).
 */
static void random_event(uint64_t *s, uint64_t *time, bool automap, struct sim_event *ev)
{
	static const uint64_t addrs[] = {
		0, 1, 4095, 4096, BIN_ADDR_LIMIT - 4096, BIN_ADDR_LIMIT - 1, BIN_ADDR_LIMIT,
		UINT64_MAX - 4095, UINT64_MAX,
	};
	static const uint64_t lens[] = { 1, 2, 4095, 4096, 4097, UINT64_MAX };
	static const uint64_t pids[] = { 1, 1, 2, 3, UINT32_MAX };
	static const uint64_t nums[] = { 0, 1, UINT32_MAX, UINT64_MAX };
	unsigned k = (unsigned)(rnd(s) % 100);
	uint64_t delta;

	memset(ev, 0, sizeof(*ev));
	delta = k < 60 ? 0 : k < 85 ? rnd(s) % 1000 : k < 98 ? BIN_INLINE_LIMIT - 1 + rnd(s) % 2 : rnd(s);
	if (delta > UINT64_MAX - *time)
		delta = UINT64_MAX - *time;
	*time += delta;
	ev->time = *time;
	k = (unsigned)(rnd(s) % 100);
	ev->op = k < 50 ? (enum sim_op)(rnd(s) % 3) : (enum sim_op)(rnd(s) % SIM_OP_COUNT);
	ev->pid = (uint32_t)(rnd(s) & 1 ? pids[rnd(s) % ARRAY_SIZE(pids)] : 1 + rnd(s) % UINT32_MAX);
	switch (ev->op) {
	case SIM_OP_READ:
	case SIM_OP_WRITE:
	case SIM_OP_EXEC:
		if (k < 50) {
			ev->addr = rnd(s) % BIN_ADDR_LIMIT;
			ev->len = 1 + rnd(s) % 8;
		} else {
			ev->addr = pick(s, addrs, ARRAY_SIZE(addrs));
			ev->len = fit_len(ev->addr, pick(s, lens, ARRAY_SIZE(lens)));
		}
		ev->flags = automap && rnd(s) & 1 ? SIM_ACCESS_AUTOMAP : 0;
		break;
	case SIM_OP_FORK:
		ev->arg = pick(s, pids, ARRAY_SIZE(pids));
		if (!ev->arg || ev->arg > UINT32_MAX)
			ev->arg = 1;
		break;
	case SIM_OP_MMAP:
		ev->prot = (uint32_t)(rnd(s) % 8);
		ev->flags = (uint32_t)(rnd(s) % 4);
		/* fall through */
	case SIM_OP_MUNMAP:
		ev->addr = pick(s, addrs, ARRAY_SIZE(addrs));
		ev->len = fit_len(ev->addr, pick(s, lens, ARRAY_SIZE(lens)));
		if (ev->flags & SIM_MAP_FILE) {
			ev->arg = pick(s, nums, ARRAY_SIZE(nums));
			ev->arg2 = pick(s, addrs, ARRAY_SIZE(addrs));
			if (ev->len - 1 > UINT64_MAX - ev->arg2)
				ev->arg2 = UINT64_MAX - (ev->len - 1);
		}
		break;
	case SIM_OP_SWAPOFF:
	case SIM_OP_SWAPON:
		ev->pid = 0;
		ev->arg = pick(s, nums, ARRAY_SIZE(nums));
		break;
	default:
		break;
	}
}

static void test_random(void)
{
	uint64_t seed = 0x9e3779b97f4a7c15ull, time = 0, bad = 0, ops[SIM_OP_COUNT] = { 0 };
	struct evs evs = { 0 };
	struct sim_event ev;
	bool every_op = true;

	for (int i = 0; i < 20000; i++) {
		random_event(&seed, &time, true, &ev);
		bad += trace__event_check(&ev) != NULL;
		ops[ev.op]++;
		evs_add(&evs, &ev);
	}
	for (int op = 0; op < SIM_OP_COUNT; op++)
		every_op &= ops[op] > 0;
	TAP_EQ_U64(bad, 0, "random: every event is one a reader could give");
	TAP_OK(every_op, "random: every op");
	TAP_EQ_U64(time, UINT64_MAX, "random: the time reaches 2^64 - 1 ns");
	binary_round_trip("random events", &evs, TRACE_FORMAT_NATIVE);
	evs_release(&evs);

	seed = 0x1234567ull;
	time = 0;
	for (int i = 0; i < 5000; i++) {
		random_event(&seed, &time, false, &ev);
		evs_add(&evs, &ev);
	}
	native_round_trip("random events without automap", &evs);
	binary_round_trip("random events without automap", &evs, TRACE_FORMAT_AUTO);
	evs_release(&evs);
}

/* ---- the golden image -------------------------------------------------------- */

/*
 * Five events, each word worked out by hand from the layout
 * (man/swapsim-trace.5): access = op | A << 2 | (len - 1) << 3 | addr << 15;
 * escape = 3 | code << 2 | flags << 8 | prot << 16 | pid << 32.
 */
static const uint64_t golden_words[] = {
	0x000000010000000full,  /* spawn 1: 3 | 3 << 2 | 1 << 32 */
	0x000000000800003cull,  /* r 1 0x1000 8, automap: 4 | 7 << 3 | 0x1000 << 15 */
	0x003ffffff8007ffdull,  /* w 1 0x7ffffff000 4096, automap: 1 | 4 | 4095 << 3 | addr << 15 */
	0x0000000000000547ull,  /* time + 5: 3 | 17 << 2 | 5 << 8 */
	0x0000000200000043ull,  /* pid 2: 3 | 16 << 2 | 2 << 32 */
	0x0000002000000012ull,  /* x 2 0x400000 3: 2 | 2 << 3 | 0x400000 << 15 */
	0x000000020005031bull,  /* mmap 2 r-x file shared: 3 | 6 << 2 | 3 << 8 | 5 << 16 | 2 << 32 */
	0x10000, 8192, 7, 4096, /* its addr, len, file id, offset */
	0x00000000000005ffull,  /* end, 5 events: 3 | 63 << 2 | 5 << 8 */
};

static const struct sim_event golden_events[] = {
	{ .op = SIM_OP_SPAWN, .pid = 1 },
	{ .op = SIM_OP_READ, .pid = 1, .flags = SIM_ACCESS_AUTOMAP, .addr = 0x1000, .len = 8 },
	{ .op = SIM_OP_WRITE, .pid = 1, .flags = SIM_ACCESS_AUTOMAP, .addr = 0x7ffffff000, .len = 4096 },
	{ .op = SIM_OP_EXEC, .pid = 2, .addr = 0x400000, .len = 3, .time = 5 },
	{ .op = SIM_OP_MMAP, .pid = 2, .prot = SIM_PROT_READ | SIM_PROT_EXEC,
	  .flags = SIM_MAP_FILE | SIM_MAP_SHARED, .addr = 0x10000, .len = 8192, .arg = 7, .arg2 = 4096,
	  .time = 5 },
};

/* The golden image: the header (source native, 5 events, 3 accesses), then the words. */
static size_t golden(unsigned char *out)
{
	static const unsigned char header[64] = {
		0x89, 'S', 'W', 'P', 'S', 'I', 'M', '\n',
		1, 0, 0, 0,             /* version 1.0 */
		64, 0, 0, 0,            /* header length */
		1, 0, 0, 0,             /* source: native */
		0, 0, 0, 0,             /* flags */
		5, 0, 0, 0, 0, 0, 0, 0, /* events */
		3, 0, 0, 0, 0, 0, 0, 0, /* accesses */
	};
	size_t n = sizeof(header);

	memcpy(out, header, n);
	for (size_t i = 0; i < ARRAY_SIZE(golden_words); i++)
		for (int b = 0; b < 8; b++)
			out[n++] = (unsigned char)(golden_words[i] >> (8 * b));
	return n;
}

static void test_golden(void)
{
	unsigned char image[512];
	size_t len = golden(image), got_len;
	struct evs want = { 0 };
	struct result res;
	char path[4096], msg[512], *got;

	for (size_t i = 0; i < ARRAY_SIZE(golden_events); i++)
		evs_add(&want, &golden_events[i]);
	TAP_ZERO(read_buffer(image, len, TRACE_FORMAT_AUTO, &res), "golden: opened");
	TAP_EQ_INT(res.rc, 0, "golden: read to the end %s", res.error);
	TAP_OK(evs_equal(&res.evs, &want), "golden: the events worked out by hand");
	TAP_EQ_INT(res.source, TRACE_FORMAT_NATIVE, "golden: converted from native");
	result_release(&res);

	temp_path(path, sizeof(path));
	TAP_ZERO(write_path(path, TRACE_FORMAT_BINARY, TRACE_FORMAT_NATIVE, &want, msg, sizeof(msg)),
		 "golden: written %s", msg);
	got = slurp(path, &got_len);
	TAP_OK(got && got_len == len && memcmp(got, image, len) == 0,
	       "golden: the writer writes it byte for byte, counts in the header");
	free(got);
	unlink(path);
	evs_release(&want);
}

/* The access word's limits, from decoding the all-ones access word, and where they fall. */
static void test_limits(void)
{
	struct sim_event ev, at;
	struct evs one = { 0 };
	char path[4096], msg[512];
	struct stat st;

	bin_access_decode(UINT64_MAX & ~BIN_ESCAPE, 1, 0, &ev);
	TAP_EQ_U64(ev.addr + 1, BIN_ADDR_LIMIT, "limits: the largest address in a word is 2^49 - 1");
	TAP_EQ_U64(ev.len, BIN_LEN_MAX, "limits: the longest access in a word is 4096 bytes");
	TAP_EQ_U64(ev.flags, SIM_ACCESS_AUTOMAP, "limits: the automap bit");
	TAP_EQ_U64(BIN_ADDR_LIMIT, UINT64_C(1) << 49, "limits: 49 bits of address");

	/* One word at the limits, three words past either. */
	static const struct {
		uint64_t addr, len;
		uint64_t words;
	} cases[] = {
		{ (UINT64_C(1) << 49) - 1, 4096, 1 },
		{ UINT64_C(1) << 49, 1, 3 },
		{ 0, 4097, 3 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		at = (struct sim_event){ .op = SIM_OP_WRITE, .pid = 1, .addr = cases[i].addr,
					 .len = cases[i].len };
		one.n = 0;
		evs_add(&one, &at);
		temp_path(path, sizeof(path));
		write_path(path, TRACE_FORMAT_BINARY, TRACE_FORMAT_AUTO, &one, msg, sizeof(msg));
		TAP_OK(stat(path, &st) == 0 && (uint64_t)st.st_size == 64 + 8 * cases[i].words + 8,
		       "limits: w 1 %#" PRIx64 " %" PRIu64 " takes %" PRIu64 " word(s)", cases[i].addr,
		       cases[i].len, cases[i].words);
		unlink(path);
	}
	evs_release(&one);
}

/* ---- damage -------------------------------------------------------------------- */

/* The golden image with @n bytes of @patch at @off, read from a buffer. */
struct damage {
	const char *name;
	size_t off;
	size_t n;
	const char *patch;
	uint64_t events;       /* given before the error */
	const char *error;     /* after the name */
};

static const struct damage damages[] = {
	{ "bad magic", 0, 1, "\x88", 0, ": byte 0 (header): not a binary swapsim trace (no magic)" },
	{ "version 2", 8, 2, "\x02\x00", 0,
	  ": byte 8 (header): binary trace version 2.0: this swapsim reads version 1.x (a newer swapsim wrote it)" },
	{ "version 0", 8, 2, "\x00\x00", 0,
	  ": byte 8 (header): binary trace version 0.0: this swapsim reads version 1.x" },
	{ "header length 56", 12, 1, "\x38", 0,
	  ": byte 12 (header): bad header length 56 (a multiple of 8, 64 to 65536)" },
	{ "header length 65", 12, 1, "\x41", 0,
	  ": byte 12 (header): bad header length 65 (a multiple of 8, 64 to 65536)" },
	{ "flags", 20, 1, "\x01", 0, ": byte 20 (header): unknown flags 0x1" },
	{ "unknown escape", 72, 1, "\x53", 1, ": byte 72 (event 2): unknown escape code 20" },
	{ "reserved bits of an event", 64 + 3, 1, "\x01", 0,
	  ": byte 64 (event 1): spawn event: reserved bits set" },
	{ "a spawn with flags", 64 + 1, 1, "\x01", 0,
	  ": byte 64 (event 1): spawn event: fields the event does not have" },
	{ "pid word with pid 0", 64 + 4 * 8 + 4, 1, "\x00", 3, ": byte 96 (event 4): pid word: pid is 0" },
	{ "reserved bits of a pid word", 64 + 4 * 8 + 1, 1, "\x01", 3,
	  ": byte 96 (event 4): reserved bits set in a pid word" },
	{ "end count", 64 + 11 * 8 + 1, 1, "\x06", 5,
	  ": byte 152 (end): the end word counts 6 events, the stream has 5" },
	{ "header event count", 24, 1, "\x04", 5,
	  ": byte 152 (end): the header counts 4 events, the stream has 5" },
	{ "header access count", 32, 1, "\x02", 5,
	  ": byte 152 (end): the header counts 2 accesses, the stream has 3" },
	{ "an mmap of length 0", 64 + 8 * 8 + 1, 1, "\x00", 4,
	  ": byte 112 (event 5): mmap event: length is 0" },
	{ "an mmap's file offset past 2^64", 64 + 10 * 8, 8, "\xff\xff\xff\xff\xff\xff\xff\xff", 4,
	  ": byte 112 (event 5): mmap event: file offset + length passes 2^64" },
};

static void test_damage(void)
{
	unsigned char image[512], bad[512];
	size_t len = golden(image);
	struct result res;
	char path[4096];

	for (size_t i = 0; i < ARRAY_SIZE(damages); i++) {
		const struct damage *d = &damages[i];
		struct result file;
		bool same = true;

		memcpy(bad, image, len);
		memcpy(bad + d->off, d->patch, d->n);
		read_buffer(bad, len, TRACE_FORMAT_BINARY, &res);
		TAP_EQ_INT(res.rc, -EINVAL, "%s: an error", d->name);
		TAP_EQ_STR(res.error + strlen(NAME), d->error, "%s: its message", d->name);
		TAP_EQ_U64(res.evs.n, d->events, "%s: events before it", d->name);
		/* The same from files in small blocks: same message, place and count. */
		temp_path(path, sizeof(path));
		spill(path, bad, len);
		for (size_t block = 1; block <= 9; block += 4) {
			read_path(path, block, TRACE_FORMAT_BINARY, &file);
			same &= file.rc == res.rc && file.evs.n == res.evs.n && file.line == res.line &&
				strcmp(file.error + strlen(path), res.error + strlen(NAME)) == 0;
			result_release(&file);
		}
		TAP_OK(same, "%s: files in blocks of 1, 5, 9 agree", d->name);
		unlink(path);
		result_release(&res);
	}

	/* Data after the end word, and a time that would pass 2^64. */
	memcpy(bad, image, len);
	memset(bad + len, 0, 8);
	read_buffer(bad, len + 1, TRACE_FORMAT_BINARY, &res);
	TAP_EQ_STR(res.error, NAME ": byte 160 (end): data after the end word", "data after the end word");
	result_release(&res);
	{
		static const uint64_t words[] = {
			0x00000000000000004bull,            /* time64 */
			UINT64_MAX,                         /* + 2^64 - 1 */
			0x0000000000000147ull,              /* time + 1: 3 | 17 << 2 | 1 << 8 */
		};
		size_t n = 64;

		memcpy(bad, image, 64);
		for (size_t i = 0; i < ARRAY_SIZE(words); i++)
			for (int b = 0; b < 8; b++)
				bad[n++] = (unsigned char)(words[i] >> (8 * b));
		read_buffer(bad, n, TRACE_FORMAT_BINARY, &res);
		TAP_EQ_STR(res.error, NAME ": byte 80 (event 1): time passes 2^64 ns", "time past 2^64");
		result_release(&res);
	}
}

/* Every proper prefix of a stream is an error that says it is cut, and never the end. */
static void test_truncation(void)
{
	unsigned char image[512];
	size_t len = golden(image), wrong = 0;
	struct result res;

	for (size_t n = 0; n < len; n++) {
		read_buffer(image, n, TRACE_FORMAT_BINARY, &res);
		if (res.rc != -EINVAL || !strstr(res.error, "truncated")) {
			printf("# %zu bytes: rc %d, %s\n", n, res.rc, res.error);
			wrong++;
		}
		result_release(&res);
	}
	TAP_EQ_U64(wrong, 0, "truncation: each of the %zu prefixes is a truncated stream", len);
	read_buffer(image, 100, TRACE_FORMAT_BINARY, &res);
	TAP_EQ_STR(res.error, NAME ": byte 96 (event 4): truncated word (4 of 8 bytes)",
		   "truncation: a word cut");
	result_release(&res);
	read_buffer(image, 120, TRACE_FORMAT_BINARY, &res);
	TAP_EQ_STR(res.error, NAME ": byte 112 (event 5): truncated mmap event (8 of 40 bytes)",
		   "truncation: an event cut");
	result_release(&res);
	read_buffer(image, 152, TRACE_FORMAT_BINARY, &res);
	TAP_EQ_STR(res.error, NAME ": byte 152 (event 6): truncated: the stream stops before its end word",
		   "truncation: no end word");
	TAP_EQ_U64(res.evs.n, 5, "truncation: the events before it were given");
	result_release(&res);
	read_buffer(image, 30, TRACE_FORMAT_BINARY, &res);
	TAP_EQ_STR(res.error, NAME ": byte 0 (header): truncated header (30 of 64 bytes)",
		   "truncation: a header cut");
	result_release(&res);
	read_buffer("", 0, TRACE_FORMAT_BINARY, &res);
	TAP_EQ_STR(res.error, NAME ": byte 0 (header): truncated header (0 of 64 bytes)",
		   "truncation: nothing at all");
	result_release(&res);
}

/* A later minor version: a longer header, reserved bytes used; read as far as this one knows. */
static void test_longer_header(void)
{
	unsigned char image[512], longer[600];
	size_t len = golden(image);
	struct evs want = { 0 };
	struct result res;
	char path[4096];

	for (size_t i = 0; i < ARRAY_SIZE(golden_events); i++)
		evs_add(&want, &golden_events[i]);
	memcpy(longer, image, 64);
	longer[10] = 7;                    /* version 1.7 */
	longer[12] = 80;                   /* 16 bytes more */
	memset(longer + 40, 0xa5, 24);     /* reserved bytes, used */
	memset(longer + 64, 0x5a, 16);
	memcpy(longer + 80, image + 64, len - 64);
	read_buffer(longer, len + 16, TRACE_FORMAT_AUTO, &res);
	TAP_EQ_INT(res.rc, 0, "version 1.7: read %s", res.error);
	TAP_OK(evs_equal(&res.evs, &want), "version 1.7: the same events");
	TAP_EQ_U64(res.bytes, len + 16, "version 1.7: every byte");
	result_release(&res);
	temp_path(path, sizeof(path));
	spill(path, longer, len + 16);
	read_path(path, 3, TRACE_FORMAT_AUTO, &res);
	TAP_OK(res.rc == 0 && evs_equal(&res.evs, &want), "version 1.7: from a file in blocks of 3");
	result_release(&res);
	longer[12] = 0x50, longer[13] = 1;  /* 336 bytes: past the end */
	spill(path, longer, len + 16);
	read_path(path, 3, TRACE_FORMAT_AUTO, &res);
	TAP_OK(res.rc == -EINVAL && strstr(res.error, "(header): truncated header (336 bytes said)"),
	       "version 1.7: a header longer than the file %s", res.error);
	result_release(&res);
	unlink(path);
	evs_release(&want);
}

/* Skip-bad mode changes nothing: the stream stops at the damage. */
static void test_skip_bad(void)
{
	unsigned char image[512];
	size_t len = golden(image);
	struct trace_reader *r;
	struct sim_event ev;
	int rc, n = 0;

	image[72] = 0x53;   /* an unknown escape in event 2 */
	trace_open_buffer(&r, image, len, NAME, TRACE_FORMAT_BINARY, NULL, 0);
	trace_set_skip_bad(r, true);
	while ((rc = trace_next(r, &ev)) == 1)
		n++;
	TAP_EQ_INT(rc, -EINVAL, "skip-bad: damage still stops a binary trace");
	TAP_EQ_INT(n, 1, "skip-bad: after the event before it");
	TAP_EQ_U64(trace_bad_lines(r), 0, "skip-bad: nothing counted as skipped");
	TAP_EQ_INT(trace_next(r, &ev), -EINVAL, "skip-bad: and the error stays");
	trace__check(r);
	trace_close(r);
}

/* ---- the writers ------------------------------------------------------------- */

/* @in written as pages; the text, or NULL with the error in @msg. */
static char *pages_of(const struct sim_event *in, size_t n, char *msg, size_t msg_len)
{
	struct evs evs = { 0 };
	char path[4096], *text = NULL;
	size_t len;

	for (size_t i = 0; i < n; i++)
		evs_add(&evs, &in[i]);
	temp_path(path, sizeof(path));
	msg[0] = '\0';
	if (write_path(path, TRACE_FORMAT_PAGES, TRACE_FORMAT_AUTO, &evs, msg, msg_len) == 0) {
		text = slurp(path, &len);
		text = realloc(text, len + 1);
		text[len] = '\0';
	}
	unlink(path);
	evs_release(&evs);
	return text;
}

static void test_pages_writer(void)
{
	static const struct sim_event ok[] = {
		{ .op = SIM_OP_SPAWN, .pid = 7 },
		{ .op = SIM_OP_READ, .pid = 7, .addr = 0x1000, .len = 1 },
		{ .op = SIM_OP_WRITE, .pid = 7, .addr = 0x1ffc, .len = 8 },        /* pages 1 and 2 */
		{ .op = SIM_OP_EXEC, .pid = 7, .addr = 0x3000, .len = 0x2001 },   /* 3, 4, 5 */
		{ .op = SIM_OP_WRITE, .pid = 7, .flags = SIM_ACCESS_AUTOMAP, .addr = UINT64_MAX, .len = 1 },
	};
	static const struct {
		const char *name;
		struct sim_event ev;
		const char *error;
	} refused[] = {
		{ "a second process", { .op = SIM_OP_SPAWN, .pid = 2 },
		  "pages cannot hold 'spawn 2': a second process" },
		{ "a second spawn", { .op = SIM_OP_SPAWN, .pid = 7 },
		  "pages cannot hold 'spawn 7': a second spawn of the process" },
		{ "another pid's access", { .op = SIM_OP_READ, .pid = 8, .addr = 0, .len = 1 },
		  "pages cannot hold 'r 8 0x0': a second process" },
		{ "a fork", { .op = SIM_OP_FORK, .pid = 7, .arg = 8 },
		  "pages cannot hold 'fork 7 8': pages traces hold only accesses" },
		{ "an mmap", { .op = SIM_OP_MMAP, .pid = 7, .addr = 0, .len = 4096, .prot = 3 },
		  "pages cannot hold 'mmap 7 0x0 4096 rw-': pages traces hold only accesses" },
		{ "a time", { .op = SIM_OP_READ, .pid = 7, .addr = 0, .len = 1, .time = 5 },
		  "pages cannot hold '@5 r 7 0x0': pages traces have no time" },
	};
	struct sim_event with[2] = { ok[0] };
	char msg[512], *text;
	struct result res;

	text = pages_of(ok, ARRAY_SIZE(ok), msg, sizeof(msg));
	TAP_EQ_STR(text, "1 r\n1 w\n2 w\n3 r\n4 r\n5 r\n4503599627370495 w\n",
		   "pages: each page an access touches, x as r %s", msg);
	if (text) {
		read_buffer(text, strlen(text), TRACE_FORMAT_AUTO, &res);
		TAP_OK(res.rc == 0 && res.evs.n == 8 && res.evs.v[7].addr == UINT64_MAX - 4095,
		       "pages: reads back, the last page included");
		result_release(&res);
	}
	free(text);
	for (size_t i = 0; i < ARRAY_SIZE(refused); i++) {
		with[1] = refused[i].ev;
		text = pages_of(with, 2, msg, sizeof(msg));
		TAP_OK(!text, "pages: %s refused", refused[i].name);
		TAP_EQ_STR(msg, refused[i].error, "pages: %s, the message", refused[i].name);
		free(text);
	}

	/* sample.pages round trip: the same events from the text written. */
	if (read_path("tests/data/sample.pages", 0, TRACE_FORMAT_AUTO, &res) == 0) {
		struct result back;

		text = pages_of(res.evs.v, res.evs.n, msg, sizeof(msg));
		read_buffer(text ? text : "", text ? strlen(text) : 0, TRACE_FORMAT_PAGES, &back);
		TAP_OK(back.rc == 0 && evs_equal(&back.evs, &res.evs), "pages: sample.pages reads back the same");
		result_release(&back);
		free(text);
	}
	result_release(&res);
}

static void test_writer_errors(void)
{
	static const struct {
		const char *name;
		struct sim_event ev;
		enum trace_format to;
		const char *error;
	} refused[] = {
		{ "pid 0", { .op = SIM_OP_READ, .addr = 0x1000, .len = 1 }, TRACE_FORMAT_BINARY,
		  "binary cannot hold 'r 0 0x1000': pid is 0" },
		{ "length 0", { .op = SIM_OP_MUNMAP, .pid = 1, .addr = 0x1000 }, TRACE_FORMAT_BINARY,
		  "binary cannot hold 'munmap 1 0x1000 0': length is 0" },
		{ "past 2^64", { .op = SIM_OP_WRITE, .pid = 1, .addr = UINT64_MAX, .len = 2 },
		  TRACE_FORMAT_BINARY, "binary cannot hold 'w 1 0xffffffffffffffff 2': address + length passes 2^64" },
		{ "a swapon with a pid", { .op = SIM_OP_SWAPON, .pid = 1 }, TRACE_FORMAT_BINARY,
		  "binary cannot hold 'swapon 0': a pid on a swap event" },
		{ "an unknown op", { .op = SIM_OP_COUNT, .pid = 1 }, TRACE_FORMAT_BINARY,
		  "binary cannot hold 'op 10': unknown op" },
		{ "automap in native", { .op = SIM_OP_READ, .pid = 1, .flags = SIM_ACCESS_AUTOMAP, .len = 1 },
		  TRACE_FORMAT_NATIVE,
		  "native cannot hold 'r 1 0x0': an automapped access, as lackey and pages traces have "
		  "(binary keeps them)" },
	};
	struct trace_writer *w;
	struct sim_event ev;
	char path[4096], msg[512];
	struct result res;
	int rc;

	for (size_t i = 0; i < ARRAY_SIZE(refused); i++) {
		temp_path(path, sizeof(path));
		trace_writer_open(&w, path, refused[i].to, TRACE_FORMAT_AUTO, NULL, 0);
		TAP_EQ_INT(trace_write(w, &refused[i].ev), -EINVAL, "writer: %s refused", refused[i].name);
		trace__writer_check(w);
		TAP_EQ_STR(trace_writer_error(w), refused[i].error, "writer: %s, the message", refused[i].name);
		TAP_EQ_INT(trace_write(w, &(struct sim_event){ .op = SIM_OP_SPAWN, .pid = 1 }), -EINVAL,
			   "writer: %s, and the error stays", refused[i].name);
		trace_writer_discard(w);
		unlink(path);
	}

	/* Time never goes back. */
	temp_path(path, sizeof(path));
	trace_writer_open(&w, path, TRACE_FORMAT_BINARY, TRACE_FORMAT_AUTO, NULL, 0);
	TAP_ZERO(trace_write(w, &(struct sim_event){ .op = SIM_OP_SPAWN, .pid = 1, .time = 10 }),
		 "writer: time 10");
	TAP_EQ_INT(trace_write(w, &(struct sim_event){ .op = SIM_OP_EXIT, .pid = 1, .time = 9 }), -EINVAL,
		   "writer: then time 9 is refused");
	TAP_EQ_STR(trace_writer_error(w), "binary cannot hold '@9 exit 1': time goes backwards from 10 ns",
		   "writer: time going back, the message");
	trace_writer_discard(w);

	/* Discarded: no end word, so a reader sees the stream cut. */
	trace_writer_open(&w, path, TRACE_FORMAT_BINARY, TRACE_FORMAT_AUTO, NULL, 0);
	for (int i = 0; i < 200000; i++) {
		ev = (struct sim_event){ .op = SIM_OP_READ, .pid = 1, .addr = (uint64_t)i << 12, .len = 1 };
		trace_write(w, &ev);
	}
	TAP_EQ_U64(trace_writer_events(w), 200000, "writer: 200000 events");
	TAP_EQ_U64(trace_writer_bytes(w), 64 + 8 * 200000, "writer: 8 bytes each after the header");
	trace_writer_discard(w);
	read_path(path, 0, TRACE_FORMAT_AUTO, &res);
	TAP_OK(res.rc == -EINVAL && strstr(res.error, "truncated"),
	       "writer: what a discarded writer flushed reads as truncated: %s", res.error);
	result_release(&res);
	unlink(path);

	/* Open errors. */
	rc = trace_writer_open(&w, "/nonexistent/dir/x", TRACE_FORMAT_BINARY, TRACE_FORMAT_AUTO, msg,
			       sizeof(msg));
	TAP_EQ_INT(rc, -ENOENT, "writer: a directory that is not there");
	TAP_EQ_STR(msg, "cannot open '/nonexistent/dir/x': No such file or directory", "writer: its message");
	rc = trace_writer_open(&w, path, TRACE_FORMAT_LACKEY, TRACE_FORMAT_AUTO, msg, sizeof(msg));
	TAP_EQ_INT(rc, -EINVAL, "writer: lackey cannot be written");
	TAP_EQ_STR(msg, "cannot write lackey traces", "writer: its message");
	unlink(path);

	/* A full disk: the error comes when the buffer is written, at the latest at the close. */
	if (access("/dev/full", W_OK) == 0) {
		rc = trace_writer_open(&w, "/dev/full", TRACE_FORMAT_NATIVE, TRACE_FORMAT_AUTO, msg, sizeof(msg));
		if (TAP_ZERO(rc, "writer: /dev/full opened")) {
			TAP_ZERO(trace_write(w, &(struct sim_event){ .op = SIM_OP_SPAWN, .pid = 1 }),
				 "writer: /dev/full: buffered");
			TAP_EQ_INT(trace_writer_close(w), -ENOSPC, "writer: /dev/full: the close says ENOSPC");
		}
	}
}

/* Standard output: a pipe has no header to rewrite, a file opened to append neither. */
static void test_stdout(void)
{
	struct evs evs = { 0 };
	char path[4096], msg[512];
	struct result res;
	int saved = dup(STDOUT_FILENO), fd;
	unsigned char *data;
	size_t len;

	for (size_t i = 0; i < ARRAY_SIZE(golden_events); i++)
		evs_add(&evs, &golden_events[i]);
	fflush(stdout);
	temp_path(path, sizeof(path));
	fd = open(path, O_WRONLY | O_APPEND);
	dup2(fd, STDOUT_FILENO);
	close(fd);
	write_path("-", TRACE_FORMAT_BINARY, TRACE_FORMAT_NATIVE, &evs, msg, sizeof(msg));
	dup2(saved, STDOUT_FILENO);
	close(saved);
	data = (unsigned char *)slurp(path, &len);
	TAP_OK(data && len > 40 && bin_load(data + 24) == 0 && bin_load(data + 32) == 0,
	       "stdout to append: the header's counts stay 0, unknown");
	read_buffer(data, len, TRACE_FORMAT_AUTO, &res);
	TAP_OK(res.rc == 0 && evs_equal(&res.evs, &evs), "stdout to append: the events read back");
	result_release(&res);
	free(data);
	unlink(path);
	evs_release(&evs);
}

int main(void)
{
	test_golden();
	test_limits();
	test_damage();
	test_truncation();
	test_longer_header();
	test_skip_bad();
	test_random();
	test_pages_writer();
	test_writer_errors();
	test_stdout();
	test_bundled();
	return tap_done();
}
