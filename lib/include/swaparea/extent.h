/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * swaparea/extent.h - where a swap file's bytes live, from FIEMAP.
 *
 * The kernel accepts a swap file only if every page of it is backed by
 * allocated blocks it may write in place: no holes, no data stored inline
 * in the inode, no extents shared with another file (reflinks, snapshots),
 * no delayed allocation.  This module walks a file's extents with FIEMAP
 * (with FIEMAP_FLAG_SYNC, so delayed allocation is flushed and does not read
 * as a hole; no root needed, unlike FIBMAP) and reports each extent and each
 * problem with its byte offset.
 */
#ifndef SWAPAREA_EXTENT_H
#define SWAPAREA_EXTENT_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One extent as the file system reports it. */
struct swaparea_ext_raw {
	uint64_t logical;   /* byte offset in the file */
	uint64_t physical;  /* byte offset on the device */
	uint64_t length;    /* bytes */
	uint32_t flags;     /* FIEMAP_EXTENT_* */
};

/* Called for each extent in file order; nonzero stops the walk and is returned. */
typedef int (*swaparea_ext_raw_fn)(const struct swaparea_ext_raw *e, void *data);

/*
 * Walk every extent of the regular file @fd.  Returns 0, the callback's
 * nonzero value, or a negative errno (-EOPNOTSUPP when the file system has
 * no FIEMAP).
 */
int swaparea_ext_walk(int fd, swaparea_ext_raw_fn fn, void *data);

/* Things in a file's layout that make the kernel refuse it as swap. */
enum swaparea_ext_problem {
	SWAPAREA_EXT_HOLE = 1,     /* no blocks at all */
	SWAPAREA_EXT_INLINE,       /* data inside the inode */
	SWAPAREA_EXT_SHARED,       /* blocks shared with another file */
	SWAPAREA_EXT_DELALLOC,     /* blocks not allocated yet */
};

/* Stable lower-case name: "hole", "inline", "shared", "unallocated". */
const char *swaparea_ext_problem_name(enum swaparea_ext_problem p);

/* Called for each problem, in file order, with its byte offset in the file. */
typedef int (*swaparea_ext_problem_fn)(enum swaparea_ext_problem p, uint64_t offset, void *data);

/*
 * Report every problem in the first @size bytes of @fd, holes included (a
 * gap between extents, and one at the end when the extents stop short of
 * @size).  Returns the number of problems, the callback's nonzero value as
 * is (if positive, that stops the walk), or a negative errno.
 */
int swaparea_ext_problems(int fd, uint64_t size, swaparea_ext_problem_fn fn, void *data);

#ifdef __cplusplus
}
#endif

#endif /* SWAPAREA_EXTENT_H */
