// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * extent.c - a swap file's extents, from FIEMAP.
 *
 * Design notes.  FIEMAP answers in batches: we ask for up to EXT_BATCH
 * extents from fm_start to the end of the file and continue after the last
 * one returned, until an extent carries FIEMAP_EXTENT_LAST or none comes
 * back.  FIEMAP_FLAG_SYNC flushes dirty data first, so that delayed
 * allocation has become real blocks before we look (without it a freshly
 * written file reads as holes).  A problem is reported at the byte offset
 * where it starts in the file: a gap between two extents (or before the
 * first) is a hole, and so is the tail when the last extent ends before the
 * size we were asked to cover.
 */
#include <errno.h>
#include <linux/fiemap.h>
#include <linux/fs.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "internal.h"

#define EXT_BATCH 256

int swaparea_ext_walk(int fd, swaparea_ext_raw_fn fn, void *data)
{
	size_t size = sizeof(struct fiemap) + EXT_BATCH * sizeof(struct fiemap_extent);
	struct fiemap *fm = malloc(size);
	uint64_t start = 0;
	bool last = false;
	int rc = 0;

	if (!fm)
		return -ENOMEM;
	while (!last) {
		memset(fm, 0, sizeof(*fm));
		fm->fm_start = start;
		fm->fm_length = FIEMAP_MAX_OFFSET - start;
		fm->fm_flags = FIEMAP_FLAG_SYNC;
		fm->fm_extent_count = EXT_BATCH;
		if (ioctl(fd, FS_IOC_FIEMAP, fm) < 0) {
			rc = errno == ENOTTY ? -EOPNOTSUPP : -errno;
			break;
		}
		if (fm->fm_mapped_extents == 0)
			break;
		for (uint32_t i = 0; i < fm->fm_mapped_extents; i++) {
			const struct fiemap_extent *fe = &fm->fm_extents[i];
			struct swaparea_ext_raw e = {
				.logical = fe->fe_logical,
				.physical = fe->fe_physical,
				.length = fe->fe_length,
				.flags = fe->fe_flags,
			};

			if (fe->fe_flags & FIEMAP_EXTENT_LAST)
				last = true;
			start = fe->fe_logical + fe->fe_length;
			if ((rc = fn(&e, data)) != 0)
				goto out;
		}
	}
out:
	free(fm);
	return rc;
}

const char *swaparea_ext_problem_name(enum swaparea_ext_problem p)
{
	switch (p) {
	case SWAPAREA_EXT_HOLE:
		return "hole";
	case SWAPAREA_EXT_INLINE:
		return "inline";
	case SWAPAREA_EXT_SHARED:
		return "shared";
	case SWAPAREA_EXT_DELALLOC:
		return "unallocated";
	}
	return "unknown";
}

struct problem_walk {
	swaparea_ext_problem_fn fn;
	void *data;
	uint64_t size;      /* only the first size bytes matter */
	uint64_t covered;   /* end of the last extent seen */
	int count;
};

static int report(struct problem_walk *w, enum swaparea_ext_problem p, uint64_t offset)
{
	w->count++;
	return w->fn ? w->fn(p, offset, w->data) : 0;
}

static int problem_extent(const struct swaparea_ext_raw *e, void *data)
{
	static const struct {
		uint32_t flag;
		enum swaparea_ext_problem problem;
	} bad_flags[] = {
		{ FIEMAP_EXTENT_DATA_INLINE, SWAPAREA_EXT_INLINE },
		{ FIEMAP_EXTENT_SHARED, SWAPAREA_EXT_SHARED },
		{ FIEMAP_EXTENT_DELALLOC, SWAPAREA_EXT_DELALLOC },
	};
	struct problem_walk *w = data;
	int rc;

	if (w->covered >= w->size)
		return 0;
	if (e->logical > w->covered && (rc = report(w, SWAPAREA_EXT_HOLE, w->covered)) != 0)
		return rc;
	if (e->logical >= w->size) {
		w->covered = w->size;  /* the gap reported above reaches past size */
		return 0;
	}
	w->covered = e->logical + e->length;
	for (size_t i = 0; i < ARRAY_SIZE(bad_flags); i++)
		if ((e->flags & bad_flags[i].flag) &&
		    (rc = report(w, bad_flags[i].problem, e->logical)) != 0)
			return rc;
	return 0;
}

int swaparea_ext_problems(int fd, uint64_t size, swaparea_ext_problem_fn fn, void *data)
{
	struct problem_walk w = { .fn = fn, .data = data, .size = size };
	int rc = swaparea_ext_walk(fd, problem_extent, &w);

	if (rc == 0 && w.covered < size)
		rc = report(&w, SWAPAREA_EXT_HOLE, w.covered);
	return rc ? rc : w.count;
}
