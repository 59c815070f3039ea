// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test_slots.c - the slot scanner (swaparea_slot_scan) on real files.
 *
 * Each case lays a file out (pages of data, written zeros, fallocated
 * ranges, holes), scans it and compares the runs reported with the exact
 * list wanted, the per-kind counts with those runs, and the progress calls
 * with the area.  The cases cover bad pages, a file shorter than the area,
 * an area at an offset, page sizes larger than the file-system block, reads
 * smaller than a page, a callback that stops the scan and bad arguments;
 * last, a random layout of 300 slots against a slot-by-slot reference.
 *
 * The files live in a directory made under the current one (the tests run
 * from the repository, on ext4) and are unlinked as soon as they are open.
 * The expected kinds assume FIEMAP (to tell fallocated ranges from holes)
 * and 4 KiB blocks; elsewhere the file cases are skipped.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "swaparea.h"
#include "tap.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define KiB 1024ULL
#define MiB (1024 * KiB)
#define BLOCK 4096u              /* the file system's block size */
#define MAX_PAGESIZE (64 * KiB)
#define MAX_RUNS 512

#define HEADER SWAPAREA_SLOT_HEADER
#define DATA SWAPAREA_SLOT_DATA
#define ZERO SWAPAREA_SLOT_ZERO
#define HOLE SWAPAREA_SLOT_HOLE
#define BAD SWAPAREA_SLOT_BAD
#define MISSING SWAPAREA_SLOT_MISSING

static char tmpdir[] = "test_slots.XXXXXX";

/* An open, already unlinked file in tmpdir; -1 on failure. */
static int new_file(void)
{
	char path[sizeof(tmpdir) + 16];
	int fd;

	snprintf(path, sizeof(path), "%s/f.XXXXXX", tmpdir);
	fd = mkstemp(path);
	if (fd >= 0)
		unlink(path);
	return fd;
}

/* ---- laying a file out ------------------------------------------------------ */

enum op_kind {
	OP_DATA,          /* whole pages of nonzero bytes */
	OP_ZEROS,         /* whole pages of zeros, written */
	OP_FALLOC,        /* whole pages fallocated (unwritten extents) */
	OP_LAST_BYTE,     /* one nonzero byte at the end of the page */
	OP_ZERO_BLOCK,    /* one block of zeros written halfway into the page */
	OP_FALLOC_BLOCK,  /* one block fallocated halfway into the page */
};

/* @count pages from slot @slot (negative: before the area); a list ends at count 0. */
struct op {
	enum op_kind kind;
	int64_t slot;
	uint64_t count;
};

static bool write_bytes(int fd, unsigned char fill, uint64_t offset, uint64_t len)
{
	static unsigned char buf[MAX_PAGESIZE];

	memset(buf, fill, sizeof(buf));
	while (len) {
		size_t n = len < sizeof(buf) ? (size_t)len : sizeof(buf);

		if (pwrite(fd, buf, n, (off_t)offset) != (ssize_t)n)
			return false;
		offset += n;
		len -= n;
	}
	return true;
}

static bool apply_op(int fd, uint32_t ps, uint64_t area, const struct op *op)
{
	uint64_t start = area + (uint64_t)((int64_t)ps * op->slot), len = op->count * ps;

	switch (op->kind) {
	case OP_DATA:
		return write_bytes(fd, 0x5a, start, len);
	case OP_ZEROS:
		return write_bytes(fd, 0, start, len);
	case OP_FALLOC:
		return fallocate(fd, 0, (off_t)start, (off_t)len) == 0;
	case OP_LAST_BYTE:
		return pwrite(fd, "\1", 1, (off_t)(start + ps - 1)) == 1;
	case OP_ZERO_BLOCK:
		return write_bytes(fd, 0, start + ps / 2, BLOCK);
	case OP_FALLOC_BLOCK:
		return fallocate(fd, 0, (off_t)(start + ps / 2), BLOCK) == 0;
	}
	return false;
}

/* ---- what the callbacks saw ------------------------------------------------- */

struct run {
	enum swaparea_slot_kind kind;
	uint64_t first, count;
};

struct seen {
	struct run runs[MAX_RUNS];
	size_t n;
	size_t stop_at;          /* return stop_rc from this run (1-based); 0: never */
	int stop_rc;
	uint64_t progress_calls, last_done;
	bool progress_wrong;     /* past the total, or going back */
};

static int collect_run(enum swaparea_slot_kind kind, uint64_t first, uint64_t count, void *data)
{
	struct seen *s = data;

	if (s->n < MAX_RUNS)
		s->runs[s->n] = (struct run){ kind, first, count };
	s->n++;
	return s->n == s->stop_at ? s->stop_rc : 0;
}

static void collect_progress(uint64_t done, uint64_t total, void *data)
{
	struct seen *s = data;

	if (done > total || done < s->last_done)
		s->progress_wrong = true;
	s->progress_calls++;
	s->last_done = done;
}

static int scan(struct swaparea_slot_scan *s, struct seen *seen)
{
	s->run = collect_run;
	s->progress = collect_progress;
	s->data = seen;
	return swaparea_slot_scan(s);
}

static size_t count_runs(const struct run *runs)
{
	size_t n = 0;

	while (runs[n].count)
		n++;
	return n;
}

static void print_runs(const char *label, const struct run *runs, size_t n)
{
	for (size_t i = 0; i < n && i < MAX_RUNS; i++)
		printf("#   %s %s %" PRIu64 " +%" PRIu64 "\n", label,
		       swaparea_slot_kind_name(runs[i].kind), runs[i].first, runs[i].count);
}

static void check_runs(const char *name, const struct seen *seen, const struct run *want)
{
	size_t n = count_runs(want);
	bool same = seen->n == n;

	for (size_t i = 0; same && i < n; i++)
		same = seen->runs[i].kind == want[i].kind && seen->runs[i].first == want[i].first &&
		       seen->runs[i].count == want[i].count;
	if (!TAP_OK(same, "%s: runs", name)) {
		print_runs("got", seen->runs, seen->n);
		print_runs("want", want, n);
	}
}

/* The counts of each kind and of runs are those of the runs reported. */
static void check_counts(const char *name, const struct swaparea_slot_scan *s,
			 const struct seen *seen)
{
	uint64_t count[SWAPAREA_SLOT_KINDS] = { 0 };
	bool same = s->runs == seen->n;

	for (size_t i = 0; i < seen->n && i < MAX_RUNS; i++)
		count[seen->runs[i].kind] += seen->runs[i].count;
	for (int k = 0; k < SWAPAREA_SLOT_KINDS; k++)
		same &= s->count[k] == count[k];
	TAP_OK(same, "%s: %" PRIu64 " runs, counts match them", name, s->runs);
}

/* ---- the table ------------------------------------------------------------------ */

struct scan_case {
	const char *name;
	uint32_t pagesize;
	uint64_t offset;          /* of the area in the file */
	uint64_t file_size;       /* truncated to this before the ops */
	uint64_t nr_slots;
	size_t read_size;
	const struct op *ops;
	const uint32_t *bad;
	size_t nr_bad;
	const struct run *want;
};

/* 32 pages: data, written zeros (one page with a single byte set), fallocated, holes. */
static const struct op layout_a[] = {
	{ OP_DATA, 3, 2 }, { OP_ZEROS, 6, 1 }, { OP_LAST_BYTE, 10, 1 }, { OP_ZEROS, 20, 2 },
	{ OP_FALLOC, 22, 3 }, { OP_FALLOC, 28, 2 }, { 0 },
};

static const struct run want_a[] = {
	{ HEADER, 0, 1 }, { HOLE, 1, 2 }, { DATA, 3, 2 }, { HOLE, 5, 1 }, { ZERO, 6, 1 },
	{ HOLE, 7, 3 }, { DATA, 10, 1 }, { HOLE, 11, 9 }, { ZERO, 20, 5 }, { HOLE, 25, 3 },
	{ ZERO, 28, 2 }, { HOLE, 30, 2 }, { 0 },
};

/* Bad pages in every kind; out of range, the header and duplicates ignored. */
static const uint32_t bad_a[] = { 40, 0, 6, 2, 10, 2, 31, 4, 25, 29, 32 };

static const struct run want_a_bad[] = {
	{ HEADER, 0, 1 }, { HOLE, 1, 1 }, { BAD, 2, 1 }, { DATA, 3, 1 }, { BAD, 4, 1 },
	{ HOLE, 5, 1 }, { BAD, 6, 1 }, { HOLE, 7, 3 }, { BAD, 10, 1 }, { HOLE, 11, 9 },
	{ ZERO, 20, 5 }, { BAD, 25, 1 }, { HOLE, 26, 2 }, { ZERO, 28, 1 }, { BAD, 29, 1 },
	{ HOLE, 30, 1 }, { BAD, 31, 1 }, { 0 },
};

static const struct op data_1_7[] = { { OP_DATA, 1, 7 }, { 0 } };
static const struct op no_ops[] = { { 0 } };

static const struct run want_short_file[] = {
	{ HEADER, 0, 1 }, { DATA, 1, 7 }, { MISSING, 8, 4 }, { 0 },
};
static const struct run want_partial_page[] = {
	{ HEADER, 0, 1 }, { DATA, 1, 7 }, { MISSING, 8, 2 }, { 0 },
};
static const struct run want_empty[] = { { MISSING, 0, 4 }, { 0 } };
static const struct run want_empty_one[] = { { MISSING, 0, 1 }, { 0 } };

/*
 * An area at 1 MiB: data before it that must not count, and an unwritten
 * extent that begins before the area and ends in slot 1.
 */
static const struct op layout_offset[] = {
	{ OP_DATA, -256, 254 }, { OP_FALLOC, -2, 4 }, { OP_DATA, 2, 1 }, { OP_ZEROS, 5, 1 },
	{ OP_FALLOC, 9, 1 }, { 0 },
};

static const struct run want_offset[] = {
	{ HEADER, 0, 1 }, { ZERO, 1, 1 }, { DATA, 2, 1 }, { HOLE, 3, 2 }, { ZERO, 5, 1 },
	{ HOLE, 6, 3 }, { ZERO, 9, 1 }, { HOLE, 10, 6 }, { 0 },
};

/* Pages of several blocks, each only partly allocated. */
static const struct op layout_big_pages[] = {
	{ OP_LAST_BYTE, 2, 1 }, { OP_ZERO_BLOCK, 4, 1 }, { OP_FALLOC_BLOCK, 6, 1 }, { 0 },
};

static const struct run want_big_pages[] = {
	{ HEADER, 0, 1 }, { HOLE, 1, 1 }, { DATA, 2, 1 }, { HOLE, 3, 1 }, { ZERO, 4, 1 },
	{ HOLE, 5, 1 }, { ZERO, 6, 1 }, { HOLE, 7, 1 }, { 0 },
};

static const struct scan_case scan_cases[] = {
	{ "layout", 4096, 0, 32 * 4096, 32, 0, layout_a, NULL, 0, want_a },
	{ "layout, 1000-byte reads", 4096, 0, 32 * 4096, 32, 1000, layout_a, NULL, 0, want_a },
	{ "layout, reads of 3 pages + 100", 4096, 0, 32 * 4096, 32, 3 * 4096 + 100, layout_a, NULL,
	  0, want_a },
	{ "layout, bad pages", 4096, 0, 32 * 4096, 32, 0, layout_a, bad_a, ARRAY_SIZE(bad_a),
	  want_a_bad },
	{ "more slots than the file", 4096, 0, 8 * 4096, 12, 0, data_1_7, NULL, 0, want_short_file },
	{ "size not a whole number of pages", 4096, 0, 8 * 4096 + 100, 10, 0, data_1_7, NULL, 0,
	  want_partial_page },
	{ "empty file", 4096, 0, 0, 4, 0, no_ops, NULL, 0, want_empty },
	{ "empty file, one slot", 4096, 0, 0, 1, 0, no_ops, NULL, 0, want_empty_one },
	{ "area at 1 MiB", 4096, MiB, MiB + 16 * 4096, 16, 0, layout_offset, NULL, 0, want_offset },
	{ "8 KiB pages", 8192, 0, 8 * 8192, 8, 0, layout_big_pages, NULL, 0, want_big_pages },
	{ "64 KiB pages", 65536, 0, 8 * 65536, 8, 0, layout_big_pages, NULL, 0, want_big_pages },
	{ "64 KiB pages, 1000-byte reads", 65536, 0, 8 * 65536, 8, 1000, layout_big_pages, NULL, 0,
	  want_big_pages },
	{ "64 KiB pages, reads of 3 pages + 5000", 65536, 0, 8 * 65536, 8, 3 * 65536 + 5000,
	  layout_big_pages, NULL, 0, want_big_pages },
};

/* A file laid out as @c says; -1 on failure. */
static int make_file(const struct scan_case *c)
{
	int fd = new_file();
	bool ok = fd >= 0 && ftruncate(fd, (off_t)c->file_size) == 0;

	for (const struct op *op = c->ops; ok && op->count; op++)
		ok = apply_op(fd, c->pagesize, c->offset, op);
	if (!ok && fd >= 0) {
		close(fd);
		fd = -1;
	}
	return fd;
}

static struct swaparea_slot_scan scan_of(const struct scan_case *c, int fd)
{
	return (struct swaparea_slot_scan){
		.fd = fd,
		.offset = c->offset,
		.pagesize = c->pagesize,
		.nr_slots = c->nr_slots,
		.badpages = c->bad,
		.nr_badpages = c->nr_bad,
		.read_size = c->read_size,
	};
}

/* Progress stays within the total and ends where the file's whole pages end. */
static void check_progress(const struct scan_case *c, const struct seen *seen)
{
	uint64_t present = c->file_size > c->offset ? (c->file_size - c->offset) / c->pagesize : 0;
	uint64_t end = present < c->nr_slots ? present : c->nr_slots;

	TAP_OK(!seen->progress_wrong, "%s: progress within the total, never back", c->name);
	TAP_EQ_U64(seen->last_done, end > 1 ? end * c->pagesize : 0, "%s: last progress", c->name);
}

static void test_scan_case(const struct scan_case *c)
{
	static struct seen seen;
	struct swaparea_slot_scan s;
	int fd = make_file(c);

	if (!TAP_OK(fd >= 0, "%s: file laid out", c->name))
		return;
	memset(&seen, 0, sizeof(seen));
	s = scan_of(c, fd);
	TAP_EQ_INT(scan(&s, &seen), 0, "%s: scanned", c->name);
	check_runs(c->name, &seen, c->want);
	check_counts(c->name, &s, &seen);
	check_progress(c, &seen);
	close(fd);
}

/* ---- stopping, bad arguments ---------------------------------------------------- */

/*
 * Stop at runs reported from different places: the header, a run closed
 * while reading data, runs closed inside the FIEMAP walk over a gap (9 and
 * 10 of layout_a) and the last one.  -EOPNOTSUPP inside that walk must
 * stop it too, not read as "no FIEMAP".
 */
static void test_stop(void)
{
	static const struct {
		size_t at;
		int rc;
	} stops[] = { { 1, 5 }, { 3, 7 }, { 9, 7 }, { 9, -EIO }, { 9, -EOPNOTSUPP }, { 10, 1 },
			 { 12, 3 } };
	static struct seen seen;
	const struct scan_case *c = &scan_cases[0];

	for (size_t i = 0; i < ARRAY_SIZE(stops); i++) {
		struct swaparea_slot_scan s;
		int fd = make_file(c);

		if (!TAP_OK(fd >= 0, "stop: file laid out"))
			continue;
		memset(&seen, 0, sizeof(seen));
		seen.stop_at = stops[i].at;
		seen.stop_rc = stops[i].rc;
		s = scan_of(c, fd);
		TAP_EQ_INT(scan(&s, &seen), stops[i].rc, "stop at run %zu: %d returned", stops[i].at,
			   stops[i].rc);
		TAP_OK(seen.n == stops[i].at && s.runs == stops[i].at,
		       "stop at run %zu: no run after it (%zu seen)", stops[i].at, seen.n);
		close(fd);
	}
}

static void test_bad_arguments(void)
{
	static const struct {
		const char *name;
		bool directory;
		uint32_t pagesize;
		uint64_t nr_slots;
	} cases[] = {
		{ "page size 3000", false, 3000, 8 },
		{ "page size 0", false, 0, 8 },
		{ "page size 1024", false, 1024, 8 },
		{ "no slot", false, 4096, 0 },
		{ "a directory", true, 4096, 8 },
	};
	int file = new_file(), dir = open(tmpdir, O_RDONLY | O_DIRECTORY);

	if (TAP_OK(file >= 0 && dir >= 0 && ftruncate(file, 8 * 4096) == 0, "bad arguments: fds")) {
		for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
			struct seen seen = { 0 };
			struct swaparea_slot_scan s = {
				.fd = cases[i].directory ? dir : file,
				.pagesize = cases[i].pagesize,
				.nr_slots = cases[i].nr_slots,
			};

			TAP_EQ_INT(scan(&s, &seen), -EINVAL, "%s: EINVAL", cases[i].name);
			TAP_OK(seen.n == 0, "%s: no run reported", cases[i].name);
		}
	}
	if (file >= 0)
		close(file);
	if (dir >= 0)
		close(dir);
}

/* ---- a random layout against a slot-by-slot reference -------------------------- */

#define RANDOM_SLOTS 300
#define RANDOM_BAD 12

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Write slot @slot as @kind (ZERO: written zeros, or fallocated when @falloc). */
static bool write_slot(int fd, uint64_t slot, enum swaparea_slot_kind kind, bool falloc)
{
	static unsigned char page[BLOCK];

	memset(page, 0, sizeof(page));
	if (kind == DATA)
		page[rng() % BLOCK] = (unsigned char)(1 + rng() % 255);   /* one byte anywhere */
	if (kind == HOLE)
		return true;
	if (falloc)
		return fallocate(fd, 0, (off_t)(slot * BLOCK), BLOCK) == 0;
	return pwrite(fd, page, BLOCK, (off_t)(slot * BLOCK)) == BLOCK;
}

/* Spread the runs over slots; false if they do not tile the area or are not maximal. */
static bool runs_to_slots(const struct seen *seen, enum swaparea_slot_kind *got, uint64_t nr)
{
	uint64_t next = 0;

	for (size_t i = 0; i < seen->n && i < MAX_RUNS; i++) {
		const struct run *r = &seen->runs[i];

		if (r->first != next || r->count > nr - next || !r->count ||
		    (i && seen->runs[i - 1].kind == r->kind))
			return false;
		for (uint64_t k = 0; k < r->count; k++)
			got[next++] = r->kind;
	}
	return next == nr;
}

static void test_random_layout(void)
{
	static enum swaparea_slot_kind want[RANDOM_SLOTS], got[RANDOM_SLOTS];
	static struct seen seen;
	uint32_t bad[RANDOM_BAD];
	uint64_t wrong = 0, first_wrong = 0;
	struct swaparea_slot_scan s;
	int fd = new_file();
	bool ok = fd >= 0 && ftruncate(fd, RANDOM_SLOTS * BLOCK) == 0;

	for (uint64_t i = 0; ok && i < RANDOM_SLOTS; i++) {
		static const struct {
			enum swaparea_slot_kind kind;
			bool falloc;
		} layouts[] = { { HOLE, false }, { ZERO, false }, { DATA, false }, { ZERO, true } };
		size_t pick = (size_t)(rng() % ARRAY_SIZE(layouts));

		want[i] = i == 0 ? HEADER : layouts[pick].kind;
		ok = write_slot(fd, i, layouts[pick].kind, layouts[pick].falloc);
	}
	for (size_t i = 0; i < RANDOM_BAD; i++) {
		bad[i] = (uint32_t)(rng() % (RANDOM_SLOTS + 30));   /* some past the end, maybe 0 */
		if (bad[i] && bad[i] < RANDOM_SLOTS)
			want[bad[i]] = BAD;
	}
	if (!TAP_OK(ok, "random: %d slots laid out", RANDOM_SLOTS)) {
		if (fd >= 0)
			close(fd);
		return;
	}
	memset(&seen, 0, sizeof(seen));
	s = (struct swaparea_slot_scan){
		.fd = fd,
		.pagesize = BLOCK,
		.nr_slots = RANDOM_SLOTS,
		.badpages = bad,
		.nr_badpages = RANDOM_BAD,
		.read_size = 5 * BLOCK + 7,
	};
	TAP_EQ_INT(scan(&s, &seen), 0, "random: scanned");
	TAP_OK(runs_to_slots(&seen, got, RANDOM_SLOTS), "random: %zu maximal runs tile the area",
	       seen.n);
	for (uint64_t i = 0; i < RANDOM_SLOTS; i++)
		if (got[i] != want[i] && !wrong++)
			first_wrong = i;
	if (!TAP_OK(wrong == 0, "random: every slot as laid out (%" PRIu64 " wrong)", wrong))
		printf("#   first wrong: slot %" PRIu64 " is %s, want %s\n", first_wrong,
		       swaparea_slot_kind_name(got[first_wrong]),
		       swaparea_slot_kind_name(want[first_wrong]));
	check_counts("random", &s, &seen);
	close(fd);
}

/* ---- setup ---------------------------------------------------------------------- */

static int no_extent(const struct swaparea_ext_raw *e, void *data)
{
	(void)e;
	(void)data;
	return 0;
}

/* The kinds expected need FIEMAP (fallocated is not a hole) and 4 KiB blocks. */
static bool tmpdir_fits(void)
{
	struct stat st;
	int fd = new_file();
	bool fits = fd >= 0 && fstat(fd, &st) == 0 && st.st_blksize == BLOCK &&
		    swaparea_ext_walk(fd, no_extent, NULL) == 0;

	if (fd >= 0)
		close(fd);
	return fits;
}

static void test_kind_names(void)
{
	static const char *const names[] = { "header", "data", "zero", "hole", "bad", "missing" };

	for (int k = 0; k < SWAPAREA_SLOT_KINDS; k++)
		TAP_EQ_STR(swaparea_slot_kind_name((enum swaparea_slot_kind)k), names[k],
			   "kind %d: name", k);
	TAP_EQ_STR(swaparea_slot_kind_name(SWAPAREA_SLOT_KINDS), "unknown", "kind past the end");
}

int main(void)
{
	test_kind_names();
	if (!TAP_OK(mkdtemp(tmpdir) != NULL, "temporary directory %s", tmpdir))
		return tap_done();
	if (tmpdir_fits()) {
		for (size_t i = 0; i < ARRAY_SIZE(scan_cases); i++)
			test_scan_case(&scan_cases[i]);
		test_stop();
		test_random_layout();
	} else {
		TAP_OK(true, "file cases # SKIP no FIEMAP or blocks not 4 KiB here");
	}
	test_bad_arguments();
	rmdir(tmpdir);
	return tap_done();
}
