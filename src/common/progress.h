/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * progress.h - a progress bar on stderr for long work.
 *
 * Drawn only when stderr is a terminal (never into a log or a pipe), at
 * most a few times a second, and erased when the work ends so the tool's
 * own messages start on a clean line.
 */
#ifndef SWAPAREA_COMMON_PROGRESS_H
#define SWAPAREA_COMMON_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

struct progress {
	bool enabled;
	const char *label;
	uint64_t total;        /* units of work; 0 if unknown */
	uint64_t done;
	uint64_t started_ns;
	uint64_t drawn_ns;     /* when the bar was last drawn */
};

/* Start a bar for @total units; enabled only if stderr is a terminal. */
void progress_init(struct progress *p, const char *label, uint64_t total);

/* Record that @done units are finished; redraws when enough time passed. */
void progress_update(struct progress *p, uint64_t done);

/* Erase the bar. */
void progress_finish(struct progress *p);

#endif /* SWAPAREA_COMMON_PROGRESS_H */
