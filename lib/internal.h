/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * internal.h - what the library's modules share and do not export.
 *
 * Every module includes this first.  The version script (libswaparea.map)
 * lists the exported functions; everything else, the swaparea__ helpers
 * below included, stays local to the shared library.
 */
#ifndef SWAPAREA_INTERNAL_H
#define SWAPAREA_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "swaparea.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Smallest power of two that is a valid page size (2048). */
#define SWAPAREA_PAGESIZE_FLOOR ((size_t)2048)
_Static_assert(SWAPAREA_PAGESIZE_FLOOR >= SWAPAREA_PAGESIZE_MIN &&
		       SWAPAREA_PAGESIZE_FLOOR / 2 < SWAPAREA_PAGESIZE_MIN,
	       "the floor is the smallest power of two that holds a header");

/* Fill @err (may be NULL) and return @code. */
int swaparea__err_set(struct swaparea_err *err, int code, uint64_t offset, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* pwrite() all of @buf, retrying short writes and EINTR; 0 or -errno. */
int swaparea__pwrite_full(int fd, const void *buf, size_t len, uint64_t offset);

/*
 * FIEMAP over the bytes [start, end) of @fd (extents that overlap it are
 * reported whole), flushing delayed allocation first when @sync.
 */
struct swaparea_ext_raw;
int swaparea__ext_walk_range(int fd, uint64_t start, uint64_t end, bool sync,
			     int (*fn)(const struct swaparea_ext_raw *e, void *data), void *data);

#endif /* SWAPAREA_INTERNAL_H */
