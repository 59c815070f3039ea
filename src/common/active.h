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
#include <sys/stat.h>

/* Decode the octal escapes (\040 for a space) the kernel writes into names. */
void unescape_octal(char *s);

/* True if @st (of the target) is listed in /proc/swaps. */
bool is_active_swap(const struct stat *st);

/* True if the block device @st is mounted. */
bool is_mounted(const struct stat *st);

#endif /* SWAPAREA_COMMON_ACTIVE_H */
