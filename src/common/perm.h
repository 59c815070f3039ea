/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * perm.h - util-linux's rule for who may read a swap area.
 *
 * Swap holds other programs' memory, so a swap file should be readable by
 * root alone (0600) and a swap device by root and its group (0660), and a
 * swap file should belong to root.  mkswap, swapon and swapinspect warn in
 * their own words; the rule is here once.
 */
#ifndef SWAPAREA_COMMON_PERM_H
#define SWAPAREA_COMMON_PERM_H

#include <stdbool.h>
#include <sys/stat.h>

/* True when @st's mode allows more than it should; *suggested is the mode to use. */
bool swap_mode_insecure(const struct stat *st, mode_t *suggested);

/* True for a regular file not owned by root. */
bool swap_owner_insecure(const struct stat *st);

#endif /* SWAPAREA_COMMON_PERM_H */
