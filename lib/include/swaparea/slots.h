/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * swaparea/slots.h - what each slot of a swap area holds, read from disk.
 *
 * Slot N of an area is page N after the header.  A slot on disk can hold
 * data (a page swapped out at some time: the kernel never clears a slot
 * when it frees it), zeros, or nothing at all (an unallocated hole of a
 * sparse file); the header page and the listed bad pages are slots of
 * their own kind, and slots past the end of a truncated file are missing.
 * The scanner reports maximal runs of one kind in slot order, so a caller
 * can count, list or draw them without holding a byte per slot.
 *
 * It scales with the data, not the size: SEEK_DATA/SEEK_HOLE skip holes
 * without reading them, and data is read in large blocks and tested for
 * zeros a word at a time.
 */
#ifndef SWAPAREA_SLOTS_H
#define SWAPAREA_SLOTS_H

#include <stdint.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

enum swaparea_slot_kind {
	SWAPAREA_SLOT_HEADER = 0,  /* slot 0 */
	SWAPAREA_SLOT_DATA,        /* at least one nonzero byte */
	SWAPAREA_SLOT_ZERO,        /* allocated (or partly), all zeros */
	SWAPAREA_SLOT_HOLE,        /* no blocks at all */
	SWAPAREA_SLOT_BAD,         /* in the bad-page list, never used */
	SWAPAREA_SLOT_MISSING,     /* past the end of the file */
	SWAPAREA_SLOT_KINDS
};

/* Stable lower-case name: "header", "data", "zero", "hole", "bad", "missing". */
const char *swaparea_slot_kind_name(enum swaparea_slot_kind k);

/* Called for each maximal run of slots of one kind, in slot order. */
typedef int (*swaparea_slot_run_fn)(enum swaparea_slot_kind kind, uint64_t first,
				    uint64_t count, void *data);

/* Called now and then with bytes of the area covered so far. */
typedef void (*swaparea_slot_progress_fn)(uint64_t done, uint64_t total, void *data);

struct swaparea_slot_scan {
	/* In: the area. */
	int fd;
	uint64_t offset;            /* byte offset of the area in fd */
	uint32_t pagesize;
	uint64_t nr_slots;          /* last_page + 1 */
	const uint32_t *badpages;   /* any order, duplicates allowed; may be NULL */
	size_t nr_badpages;
	size_t read_size;           /* bytes per read; 0 = 4 MiB */

	/* In: callbacks (each may be NULL) and their argument. */
	swaparea_slot_run_fn run;
	swaparea_slot_progress_fn progress;
	void *data;

	/* Out: slots of each kind. */
	uint64_t count[SWAPAREA_SLOT_KINDS];
	uint64_t runs;              /* runs reported */
};

/*
 * Scan the area described by @s.  Returns 0, the run callback's nonzero
 * value (which stops the scan), -EINVAL for a bad page size or slot count,
 * -ENOMEM, or -errno from lseek or read.  A file system without
 * SEEK_DATA reads as data everywhere, which is slower but right.
 */
int swaparea_slot_scan(struct swaparea_slot_scan *s);

#ifdef __cplusplus
}
#endif

#endif /* SWAPAREA_SLOTS_H */
