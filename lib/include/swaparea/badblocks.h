/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * swaparea/badblocks.h - find unreadable pages before making a swap area.
 *
 * mkswap -c reads every page of a device and lists the ones that fail in
 * the header's bad-page list, so the kernel never hands them out.  Reads go
 * in large chunks; a chunk that fails is read again page by page to find
 * exactly which pages are bad.  The reader is a callback so that tests can
 * inject failures, and a progress callback lets the tool draw its bar.
 */
#ifndef SWAPAREA_BADBLOCKS_H
#define SWAPAREA_BADBLOCKS_H

#include <stdint.h>
#include <sys/types.h>

#include "swaparea/header.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Bytes read at once while all goes well. */
#define SWAPAREA_BAD_CHUNK (1u << 20)

/* Read @len bytes at @offset into @buf, like pread(); -1 with errno on error. */
typedef ssize_t (*swaparea_read_fn)(void *ctx, void *buf, size_t len, uint64_t offset);

/* Told how many pages have been checked so far. */
typedef void (*swaparea_progress_fn)(uint64_t pages_done, void *data);

struct swaparea_bad_scan {
	swaparea_read_fn read;      /* NULL: pread() on fd */
	void *read_ctx;             /* passed to read; with read NULL, ignored */
	int fd;
	uint64_t offset;            /* byte offset of the area in the file */
	swaparea_progress_fn progress;
	void *progress_data;
};

/*
 * Read pages 0..h->last_page and add every unreadable one (a failed or
 * short read) to @h's bad-page list.  Returns the number of bad pages
 * found, -EIO if the header page itself cannot be read (there is nowhere
 * to put the header), -ENOSPC when more pages are bad than the list holds
 * (h->nr_badpages then tells how many were recorded), or -ENOMEM.
 */
int swaparea_bad_scan(struct swaparea_hdr *h, const struct swaparea_bad_scan *scan);

#ifdef __cplusplus
}
#endif

#endif /* SWAPAREA_BADBLOCKS_H */
