// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * perm.c - util-linux's rule for who may read a swap area (see perm.h).
 */
#include "perm.h"

bool swap_mode_insecure(const struct stat *st, mode_t *suggested)
{
	mode_t mask = S_ISBLK(st->st_mode) ? 07007 : 07077;

	*suggested = ~mask & 0666;
	return st->st_mode & mask;
}

bool swap_owner_insecure(const struct stat *st)
{
	return S_ISREG(st->st_mode) && st->st_uid != 0;
}
