/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * timeline.h - swapsim's time series (--interval, --timeline): the kernel
 * model's state sampled every N events and once at the end, as rows of
 * plain numbers under fixed columns.
 *
 * Invariants:
 *   1. Rows are taken in the order of the replay; their event counts
 *      strictly increase (the caller samples at multiples of the interval
 *      and once after the last event, never twice at one count).
 *   2. With a CSV file, every row goes to the file when it is taken and
 *      none is kept: memory stays the same whatever the trace's length.
 *      Without one, every row is kept (nr_rows * NR_TIMELINE_COLUMNS
 *      numbers) for the JSON report.
 *   3. The CSV file holds a header line of the column names, then one line
 *      per row taken so far (as far as stdio has flushed it).
 */
#ifndef SWAPSIM_TIMELINE_H
#define SWAPSIM_TIMELINE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "engine/sim.h"

/* The interval of --timeline without --interval, in events. */
#define TIMELINE_DEFAULT_INTERVAL 10000

/* The columns, in order.  Counters are cumulative, the rest a snapshot. */
enum timeline_column {
	TL_EVENTS,             /* events replayed so far */
	TL_FREE,               /* free pages */
	TL_SWAP_USED,          /* swap slots in use, over every area */
	TL_SWAP_CACHE,         /* pages in the swap cache */
	TL_PGFAULT, TL_PGMAJFAULT, TL_PSWPIN, TL_PSWPOUT,
	TL_PGSCAN_KSWAPD, TL_PGSTEAL_KSWAPD, TL_PGSCAN_DIRECT, TL_PGSTEAL_DIRECT,
	TL_PAGEOUTRUN, TL_ALLOCSTALL, TL_OOM_KILL,
	NR_TIMELINE_COLUMNS
};

struct timeline {
	uint64_t interval;         /* events between samples, at least 1 */
	const char *csv_path;      /* --timeline, or NULL */
	FILE *csv;
	uint64_t *rows;            /* kept rows when there is no CSV file */
	size_t nr_rows, alloc_rows;
	uint64_t samples;          /* rows taken, kept or written */
};

/* The column's name: "events", "free", "swap_used", "swap_cache", or the
 * counter's /proc/vmstat name. */
const char *timeline_column_name(enum timeline_column c);

/* The model's state now, one number per column. */
void timeline_take(const struct sim *s, uint64_t row[NR_TIMELINE_COLUMNS]);

/*
 * Start a time series every @interval events.  With @csv_path, create (or
 * truncate) that file and write the header; the path is borrowed.  0, or a
 * negative errno when the file cannot be created or written.
 */
int timeline_init(struct timeline *tl, uint64_t interval, const char *csv_path);

/* Take a row of @s: written to the CSV file or kept.  0, -ENOMEM, or the
 * negative errno of a failed write. */
int timeline_sample(struct timeline *tl, const struct sim *s);

/* Flush and close the CSV file.  0, or the negative errno of a failed write. */
int timeline_finish(struct timeline *tl);

/* Free the kept rows and close the file if still open. */
void timeline_release(struct timeline *tl);

#endif /* SWAPSIM_TIMELINE_H */
