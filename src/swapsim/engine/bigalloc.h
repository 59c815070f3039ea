/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bigalloc.h - large tables that the engine and the reference policies
 * reach at random (page tables, the policy map): mapped with transparent
 * huge pages asked for, so that the CPU's TLB covers them.  Under
 * virtualisation a TLB miss costs a two-dimensional page walk, which can
 * cost more than the cache miss it comes with.
 */
#ifndef SWAPSIM_BIGALLOC_H
#define SWAPSIM_BIGALLOC_H

#include <stddef.h>

/* @bytes of zeroes, or NULL; release with big_free() and the same size. */
void *big_calloc(size_t bytes);
void big_free(void *p, size_t bytes);

#endif /* SWAPSIM_BIGALLOC_H */
