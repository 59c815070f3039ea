// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test_extent.c - unit tests of the FIEMAP walker (swaparea_ext_walk) and
 * of what it finds wrong for swap (swaparea_ext_problems), on real files
 * made under $TMPDIR (or /tmp): written through, sparse, with a hole in the
 * middle, with a short tail, and with more extents than one FIEMAP batch.
 *
 * Every hole boundary is a multiple of 64 KiB, so the expected offsets hold
 * for any file-system block size up to 64 KiB.  Files are written without
 * fsync: FIEMAP_FLAG_SYNC must flush delayed allocation by itself.  Each
 * file is unlinked as soon as it is open, so nothing is left behind.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/fiemap.h>
#include <stdlib.h>
#include <unistd.h>

#include "swaparea.h"
#include "tap.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define KiB 1024ULL
#define MiB (1024 * KiB)
#define CHUNK (64 * KiB)

/* Write CHUNK bytes of data at each of @n offsets. */
static bool write_chunks(int fd, const uint64_t *offsets, size_t n)
{
	static uint8_t data[CHUNK];

	memset(data, 0x5a, sizeof(data));
	for (size_t i = 0; i < n; i++)
		if (pwrite(fd, data, sizeof(data), (off_t)offsets[i]) != (ssize_t)sizeof(data))
			return false;
	return true;
}

/* ---- what the callbacks saw ------------------------------------------------ */

#define MAX_SEEN 512

struct seen {
	size_t n;
	enum swaparea_ext_problem problem[MAX_SEEN];
	uint64_t offset[MAX_SEEN];
	int stop_at;      /* return stop_rc at this call (1-based); 0: never */
	int stop_rc;
};

static int collect(enum swaparea_ext_problem p, uint64_t offset, void *data)
{
	struct seen *s = data;

	if (s->n < MAX_SEEN) {
		s->problem[s->n] = p;
		s->offset[s->n] = offset;
	}
	s->n++;
	return s->stop_at && (int)s->n == s->stop_at ? s->stop_rc : 0;
}

struct walk {
	size_t n;
	uint64_t first_logical, end, bytes;
	bool contiguous, last_flag, delalloc;
};

static int walk_extent(const struct swaparea_ext_raw *e, void *data)
{
	struct walk *w = data;

	if (w->n == 0)
		w->first_logical = e->logical;
	else if (e->logical != w->end)
		w->contiguous = false;
	w->n++;
	w->end = e->logical + e->length;
	w->bytes += e->length;
	w->last_flag = (e->flags & FIEMAP_EXTENT_LAST) != 0;
	w->delalloc |= (e->flags & FIEMAP_EXTENT_DELALLOC) != 0;
	return 0;
}

/* ---- cases -------------------------------------------------------------------- */

static void test_full(int fd)
{
	uint64_t offsets[16];
	struct walk w = { .contiguous = true };
	struct seen s = { 0 };

	for (size_t i = 0; i < ARRAY_SIZE(offsets); i++)
		offsets[i] = i * CHUNK;          /* 16 x 64 KiB = 1 MiB, no gap */
	if (!TAP_OK(write_chunks(fd, offsets, ARRAY_SIZE(offsets)), "full: 1 MiB written"))
		return;
	TAP_EQ_INT(swaparea_ext_walk(fd, walk_extent, &w), 0, "full: walk");
	TAP_OK(w.n >= 1 && w.first_logical == 0 && w.contiguous && w.end == MiB && w.bytes == MiB,
	       "full: extents cover 0..1 MiB without a gap (%zu extents, end %" PRIu64 ")", w.n,
	       w.end);
	TAP_OK(w.last_flag, "full: the last extent carries FIEMAP_EXTENT_LAST");
	TAP_OK(!w.delalloc, "full: no delayed allocation left after FIEMAP_FLAG_SYNC");
	TAP_EQ_INT(swaparea_ext_problems(fd, MiB, collect, &s), 0, "full: no problems");
	TAP_EQ_U64(s.n, 0, "full: the callback was not called");
	TAP_EQ_INT(swaparea_ext_problems(fd, MiB, NULL, NULL), 0, "full: no problems, no callback");
}

static void test_sparse(int fd)
{
	struct walk w = { .contiguous = true };
	struct seen s = { 0 };

	if (!TAP_OK(ftruncate(fd, (off_t)MiB) == 0, "sparse: ftruncate to 1 MiB"))
		return;
	TAP_EQ_INT(swaparea_ext_walk(fd, walk_extent, &w), 0, "sparse: walk");
	TAP_EQ_U64(w.n, 0, "sparse: no extents");
	TAP_EQ_INT(swaparea_ext_problems(fd, MiB, collect, &s), 1, "sparse: one problem");
	TAP_OK(s.n == 1 && s.problem[0] == SWAPAREA_EXT_HOLE && s.offset[0] == 0,
	       "sparse: a hole at offset 0");
}

/* Data at 0..64K and 4M-64K..4M: the hole starts at 64 KiB. */
static void test_middle_hole(int fd)
{
	const uint64_t offsets[] = { 4 * MiB - CHUNK, 0 };   /* the end first: size fixed */
	struct seen s = { 0 };

	if (!TAP_OK(write_chunks(fd, offsets, ARRAY_SIZE(offsets)), "middle: data at both ends"))
		return;
	TAP_EQ_INT(swaparea_ext_problems(fd, 4 * MiB, collect, &s), 1, "middle: one problem");
	TAP_OK(s.n == 1 && s.problem[0] == SWAPAREA_EXT_HOLE && s.offset[0] == CHUNK,
	       "middle: a hole at 65536 (got %zu, first at %" PRIu64 ")", s.n, s.n ? s.offset[0] : 0);

	/* The hole lies inside the first 128 KiB... */
	memset(&s, 0, sizeof(s));
	TAP_EQ_INT(swaparea_ext_problems(fd, 2 * CHUNK, collect, &s), 1,
		   "middle, first 128 KiB: the hole");
	/*
	 * ...but not inside the first 64 KiB, which are all data: extent.h
	 * promises "every problem in the first @size bytes".
	 */
	memset(&s, 0, sizeof(s));
	TAP_EQ_INT(swaparea_ext_problems(fd, CHUNK, collect, &s), 0,
		   "middle, first 64 KiB: no problem (got %zu, first at %" PRIu64 ")", s.n,
		   s.n ? s.offset[0] : 0);
}

/* Data at 0..64K, then ftruncate to 1 MiB: the extents stop short. */
static void test_tail_hole(int fd)
{
	const uint64_t offsets[] = { 0 };
	struct seen s = { 0 };

	if (!TAP_OK(write_chunks(fd, offsets, 1) && ftruncate(fd, (off_t)MiB) == 0,
		    "tail: 64 KiB of data in a 1 MiB file"))
		return;
	TAP_EQ_INT(swaparea_ext_problems(fd, MiB, collect, &s), 1, "tail: one problem");
	TAP_OK(s.n == 1 && s.problem[0] == SWAPAREA_EXT_HOLE && s.offset[0] == CHUNK,
	       "tail: a hole at 65536");
	memset(&s, 0, sizeof(s));
	TAP_EQ_INT(swaparea_ext_problems(fd, CHUNK, collect, &s), 0,
		   "tail: the first 64 KiB are fine");
}

/*
 * 300 chunks, one every 128 KiB, in a file of 300 x 128 KiB: 300 holes,
 * at 128K * i + 64K, the last one the tail.  More extents than one FIEMAP
 * batch (256), so the walk must continue where the first batch ended.
 */
#define NCHUNKS 300

static void test_many(int fd)
{
	static uint64_t offsets[NCHUNKS];
	struct walk w = { .contiguous = true };
	struct seen s = { 0 };
	unsigned wrong = 0;

	for (size_t i = 0; i < NCHUNKS; i++)
		offsets[i] = i * 2 * CHUNK;
	if (!TAP_OK(ftruncate(fd, (off_t)(NCHUNKS * 2 * CHUNK)) == 0 &&
			    write_chunks(fd, offsets, NCHUNKS),
		    "many: %d chunks written", NCHUNKS))
		return;
	TAP_EQ_INT(swaparea_ext_walk(fd, walk_extent, &w), 0, "many: walk");
	TAP_OK(w.n >= NCHUNKS && w.bytes == NCHUNKS * CHUNK && w.end == NCHUNKS * 2 * CHUNK - CHUNK,
	       "many: %zu extents with %" PRIu64 " bytes, the last ending at %" PRIu64, w.n, w.bytes,
	       w.end);
	TAP_EQ_INT(swaparea_ext_problems(fd, NCHUNKS * 2 * CHUNK, collect, &s), NCHUNKS,
		   "many: %d problems", NCHUNKS);
	for (size_t i = 0; i < s.n && i < MAX_SEEN; i++)
		wrong += s.problem[i] != SWAPAREA_EXT_HOLE || s.offset[i] != i * 2 * CHUNK + CHUNK;
	TAP_OK(s.n == NCHUNKS && wrong == 0, "many: hole i at 128K * i + 64K, in file order");

	/* A nonzero callback value stops the walk and comes back as it is. */
	memset(&s, 0, sizeof(s));
	s.stop_at = 3;
	s.stop_rc = 42;
	TAP_EQ_INT(swaparea_ext_problems(fd, NCHUNKS * 2 * CHUNK, collect, &s), 42,
		   "many: the callback's 42 is returned");
	TAP_EQ_U64(s.n, 3, "many: no call after the one that stopped");
}

static void test_not_a_file(void)
{
	struct walk w = { .contiguous = true };
	int p[2];

	if (!TAP_OK(pipe(p) == 0, "a pipe"))
		return;
	TAP_OK(swaparea_ext_walk(p[0], walk_extent, &w) < 0 && w.n == 0, "walk of a pipe: an error");
	TAP_OK(swaparea_ext_problems(p[0], MiB, NULL, NULL) < 0, "problems of a pipe: an error");
	close(p[0]);
	close(p[1]);
}

static void test_names(void)
{
	static const struct {
		enum swaparea_ext_problem p;
		const char *name;
	} names[] = {
		{ SWAPAREA_EXT_HOLE, "hole" },
		{ SWAPAREA_EXT_INLINE, "inline" },
		{ SWAPAREA_EXT_SHARED, "shared" },
		{ SWAPAREA_EXT_DELALLOC, "unallocated" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		TAP_EQ_STR(swaparea_ext_problem_name(names[i].p), names[i].name, "problem name %d",
			   (int)names[i].p);
	TAP_OK(swaparea_ext_problem_name((enum swaparea_ext_problem)0) != NULL,
	       "problem 0 has a name");
}

int main(void)
{
	static void (*const file_cases[])(int) = {
		test_full, test_sparse, test_middle_hole, test_tail_hole, test_many,
	};
	int fd = tap_temp_fd("test_extent");
	int rc;

	test_names();
	if (!TAP_OK(fd >= 0, "temporary file"))
		return tap_done();
	/* A file system without FIEMAP (tmpfs before 6.x, some FUSE) cannot run the rest. */
	rc = swaparea_ext_walk(fd, walk_extent, &(struct walk){ .contiguous = true });
	close(fd);
	if (rc == -EOPNOTSUPP) {
		printf("# the file system of the temporary directory has no FIEMAP\n");
		TAP_OK(true, "file cases # SKIP no FIEMAP");
		return tap_done();
	}
	for (size_t i = 0; i < ARRAY_SIZE(file_cases); i++) {
		fd = tap_temp_fd("test_extent");
		if (!TAP_OK(fd >= 0, "temporary file"))
			continue;
		file_cases[i](fd);
		close(fd);
	}
	test_not_a_file();
	return tap_done();
}
