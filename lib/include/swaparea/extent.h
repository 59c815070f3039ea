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

#include <stdbool.h>
#include <stddef.h>
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

/*
 * Things in a file's layout that matter to swapon.  The first four make
 * the kernel refuse the file; the last two it accepts: an unwritten
 * (preallocated) extent is written in place like any other, and the parts
 * of a misaligned extent that do not fill a whole page are skipped, so the
 * area shrinks and later pages move down.
 */
enum swaparea_ext_problem {
	SWAPAREA_EXT_HOLE = 1,     /* no blocks at all */
	SWAPAREA_EXT_INLINE,       /* data inside the inode */
	SWAPAREA_EXT_SHARED,       /* blocks shared with another file */
	SWAPAREA_EXT_DELALLOC,     /* blocks not allocated yet */
	SWAPAREA_EXT_UNWRITTEN,    /* allocated, never written: accepted */
	SWAPAREA_EXT_MISALIGNED,   /* not on page boundaries: pages skipped */
};

/* Stable lower-case name: "hole", "inline", "shared", "unallocated",
 * "unwritten", "misaligned". */
const char *swaparea_ext_problem_name(enum swaparea_ext_problem p);

/* True for the problems that make swapon fail with EINVAL. */
bool swaparea_ext_problem_refuses(enum swaparea_ext_problem p);

/*
 * What the kernel logs after "swapon: file PATH " when it refuses a file
 * for @p (the iomap wording of ext4 and XFS), or NULL if it does not.
 */
const char *swaparea_ext_problem_kernel_log(enum swaparea_ext_problem p);

/* Called for each problem, in file order, with its byte offset in the file. */
typedef int (*swaparea_ext_problem_fn)(enum swaparea_ext_problem p, uint64_t offset, void *data);

/*
 * Report every refusing problem (hole, inline, shared, unallocated) in the
 * first @size bytes of @fd, holes included (a gap between extents, and one
 * at the end when the extents stop short of @size).  Returns the number of
 * problems, the callback's nonzero value as is (if positive, that stops the
 * walk), or a negative errno.
 */
int swaparea_ext_problems(int fd, uint64_t size, swaparea_ext_problem_fn fn, void *data);

/* ---- The kernel's extent map ------------------------------------------ */

/* A run of swap pages stored contiguously on the device. */
struct swaparea_extent {
	uint64_t start_page;  /* first swap page of the run */
	uint64_t nr_pages;
	uint64_t physical;    /* byte offset of start_page on the device */
};

/* One problem found while building the map, with where it lies in the file. */
struct swaparea_ext_finding {
	enum swaparea_ext_problem problem;
	uint64_t offset;      /* byte offset in the file */
	uint64_t length;      /* bytes affected (for misaligned: bytes skipped) */
};

/*
 * The swap-extent list the kernel builds at swapon: swap page N lives at
 * extents[i].physical + (N - extents[i].start_page) * pagesize for the i
 * whose run holds N.  Built the way iomap_swapfile_activate() builds it for
 * ext4 and XFS: the file's extents in file order, physically adjacent ones
 * merged, each rounded inward to whole pages on the device, the total
 * capped at the header's page count; a block device or an image is one
 * extent.  Every field is public for reading; change it only through the
 * functions below.
 */
struct swaparea_extmap {
	uint32_t pagesize;
	uint64_t limit_pages;    /* cap: the header's maxpages (UINT64_MAX: none) */
	uint64_t file_bytes;     /* bytes considered: the size rounded down to pages */

	struct swaparea_extent *extents;       /* ascending start_page, no gaps */
	size_t nr_extents;
	struct swaparea_ext_finding *findings; /* ascending offset */
	size_t nr_findings;

	uint64_t max_pages;      /* swap_info->max: pages mapped, header included */
	uint64_t span_pages;     /* "across": device pages from lowest to highest */
	bool refused;            /* a refusing problem, or not one usable page */

	/* Private: the run being accumulated while the map is built. */
	uint64_t acc_logical, acc_physical, acc_length;
	uint64_t covered, lowest_page, highest_page;
	size_t cap_extents, cap_findings;
};

/*
 * Start an empty map of a file of @file_size bytes (0 for a device) whose
 * area has @pagesize bytes per page (a power of two), capped at
 * @limit_pages pages (UINT64_MAX for no cap).  Only the first @file_size
 * bytes rounded down to a page count, as the kernel looks no further.
 */
void swaparea_extmap_init(struct swaparea_extmap *m, uint32_t pagesize, uint64_t file_size,
			  uint64_t limit_pages);

/* Free what the map holds; it can be initialised again. */
void swaparea_extmap_release(struct swaparea_extmap *m);

/*
 * Feed one extent, as FIEMAP reports it, in ascending logical order.
 * Returns 0 or -ENOMEM; -EINVAL for an extent that starts before the end
 * of the previous one.
 */
int swaparea_extmap_add(struct swaparea_extmap *m, const struct swaparea_ext_raw *e);

/*
 * Close the map: note a trailing hole, add the last run, sort the findings
 * and compute max_pages, span_pages and refused.  0 or -ENOMEM.
 */
int swaparea_extmap_finish(struct swaparea_extmap *m);

/*
 * One extent of @nr_pages pages (capped at the map's limit) at @physical: a
 * block device or an area inside an image, which the kernel maps without
 * looking at blocks.  Use it on a freshly initialised map.  0 or -ENOMEM.
 */
int swaparea_extmap_whole(struct swaparea_extmap *m, uint64_t physical, uint64_t nr_pages);

/*
 * Build the map of @fd: through FIEMAP for a regular file (init, add,
 * finish), one extent for a block device.  Returns 0, -EOPNOTSUPP when the
 * file system has no FIEMAP, -EINVAL for any other kind of file, or -errno.
 * The map is initialised either way; release it.
 */
int swaparea_extmap_build(struct swaparea_extmap *m, int fd, uint32_t pagesize,
			  uint64_t limit_pages);

/*
 * Where swap page @page lives: the extent that holds it (NULL when the
 * page is past max_pages), and *physical its byte offset on the device.
 * Logarithmic in the number of extents.
 */
const struct swaparea_extent *swaparea_extmap_lookup(const struct swaparea_extmap *m,
						     uint64_t page, uint64_t *physical);

/*
 * The resume_offset= a hibernation setup needs for a swap file: the device
 * position of the header page (swap page 0) in units of the page size.
 * -ENOENT when the map has no page 0, -EINVAL when that position is not on
 * a page boundary.
 */
int swaparea_extmap_resume_offset(const struct swaparea_extmap *m, uint64_t *offset);

#ifdef __cplusplus
}
#endif

#endif /* SWAPAREA_EXTENT_H */
