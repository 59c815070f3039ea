/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * backing.h - swap files as the engine's backing store (see backing.c).
 */
#ifndef SWAPSIM_BACKING_H
#define SWAPSIM_BACKING_H

#include <stddef.h>
#include <stdint.h>

#include "swaparea.h"
#include "engine/sim.h"

struct swap_backing {
	const char *path;
	int fd;
	uint64_t size;
	struct swaparea_extmap map;
	struct sim_slot_range *stale;   /* slots holding data before the run */
	size_t nr_stale;
};

/*
 * Open the swap file @path for slot I/O and check it; *@pages (the
 * header's count, header page included) is lowered to what its extents
 * hold.  0, or -errno with @err saying what is wrong and what to do.
 */
int backing_open(struct swap_backing *b, const char *path, uint64_t *pages, char *err, size_t len);

/* Flush and close: 0, or -errno. */
int backing_close(struct swap_backing *b);

/* The engine's operations; an area's context is its struct swap_backing. */
extern const struct sim_backing_ops backing_ops;

#endif /* SWAPSIM_BACKING_H */
