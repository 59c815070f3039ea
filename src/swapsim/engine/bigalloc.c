// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bigalloc.c - zeroed memory in huge pages where the kernel will give
 * them (see bigalloc.h).  Small requests go to calloc: a huge page for a
 * few kilobytes would only inflate the resident size.
 */
#include <stdlib.h>
#include <sys/mman.h>

#include "engine/bigalloc.h"

/* From here up a request is mapped, and huge pages are asked for. */
#define BIG_MIN ((size_t)2 << 20)

void *big_calloc(size_t bytes)
{
	void *p;

	if (bytes < BIG_MIN)
		return calloc(1, bytes ? bytes : 1);
	p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	/* Only a hint: without THP the memory is as good, only slower. */
	madvise(p, bytes, MADV_HUGEPAGE);
	return p;
}

void big_free(void *p, size_t bytes)
{
	if (!p)
		return;
	if (bytes < BIG_MIN)
		free(p);
	else
		munmap(p, bytes);
}
