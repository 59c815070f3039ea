/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * active.h - is this device or file in use by the system?
 *
 * mkswap must refuse a target that is mounted or already an active swap
 * area: formatting it would destroy a live file system or the pages of
 * running programs.  Identity is decided by device and inode numbers, not
 * by name, so a symlink or another path to the same thing is caught too.
 * /proc/swaps and the mount table are read from paths a test can override
 * (SWAPAREA_PROC_SWAPS, SWAPAREA_PROC_MOUNTS in the environment).
 */
#ifndef SWAPAREA_COMMON_ACTIVE_H
#define SWAPAREA_COMMON_ACTIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>

/* One line of /proc/swaps. */
struct active_swap {
	char *path;             /* unescaped, without " (deleted)" */
	bool deleted;           /* the file was unlinked while active */
	char type[16];          /* "partition" or "file" */
	uint64_t size_kib;
	uint64_t used_kib;
	long prio;
};

/* The /proc/swaps in use (SWAPAREA_PROC_SWAPS overrides it). */
const char *proc_swaps_path(void);

/*
 * Read every active swap area into *list (*n entries, free with
 * active_swaps_free).  0, or -errno when the file cannot be read; lines
 * that do not parse are skipped.
 */
int active_swaps_read(struct active_swap **list, size_t *n);

/* The parser behind it, for any stream (the fuzz target's). */
int active_swaps_parse(FILE *f, struct active_swap **list, size_t *n);
void active_swaps_free(struct active_swap *list, size_t n);

/* Decode the octal escapes (\040 for a space) the kernel writes into names. */
void unescape_octal(char *s);

/* True if @st (of the target) is listed in /proc/swaps. */
bool is_active_swap(const struct stat *st);

/* True if the block device @st is mounted. */
bool is_mounted(const struct stat *st);

#endif /* SWAPAREA_COMMON_ACTIVE_H */
