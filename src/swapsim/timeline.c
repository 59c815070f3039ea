// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * timeline.c - swapsim's time series (see timeline.h): taking a row from
 * the engine's public statistics, and streaming it to a CSV file or
 * keeping it for the JSON report.  When to sample is the replay loop's
 * business (swapsim.c); how rows look in JSON is report.c's.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>

#include "timeline.h"

/* The vmstat counter behind each cumulative column. */
static const enum sim_counter column_counter[NR_TIMELINE_COLUMNS] = {
	[TL_PGFAULT] = PGFAULT, [TL_PGMAJFAULT] = PGMAJFAULT,
	[TL_PSWPIN] = PSWPIN, [TL_PSWPOUT] = PSWPOUT,
	[TL_PGSCAN_KSWAPD] = PGSCAN_KSWAPD, [TL_PGSTEAL_KSWAPD] = PGSTEAL_KSWAPD,
	[TL_PGSCAN_DIRECT] = PGSCAN_DIRECT, [TL_PGSTEAL_DIRECT] = PGSTEAL_DIRECT,
	[TL_PAGEOUTRUN] = PAGEOUTRUN, [TL_ALLOCSTALL] = ALLOCSTALL, [TL_OOM_KILL] = OOM_KILL,
};

const char *timeline_column_name(enum timeline_column c)
{
	switch (c) {
	case TL_EVENTS:
		return "events";
	case TL_FREE:
		return "free";
	case TL_SWAP_USED:
		return "swap_used";
	case TL_SWAP_CACHE:
		return "swap_cache";
	default:
		return sim_counter_name(column_counter[c]);
	}
}

void timeline_take(const struct sim *s, uint64_t row[NR_TIMELINE_COLUMNS])
{
	const uint64_t *v = sim_vmstat(s);
	struct sim_memory_stats m;
	uint64_t used = 0;

	sim_memory_stats(s, &m);
	for (size_t i = 0; i < sim_swap_count(s); i++) {
		struct sim_swap_stats a;

		sim_swap_stats(s, i, &a);
		used += a.inuse;
	}
	row[TL_EVENTS] = sim_events(s);
	row[TL_FREE] = m.free;
	row[TL_SWAP_USED] = used;
	row[TL_SWAP_CACHE] = m.swapcache;
	for (int c = TL_PGFAULT; c < NR_TIMELINE_COLUMNS; c++)
		row[c] = v[column_counter[c]];
}

/* The errno of a failed stdio write; EIO when stdio kept none. */
static int write_error(void)
{
	return errno ? -errno : -EIO;
}

int timeline_init(struct timeline *tl, uint64_t interval, const char *csv_path)
{
	*tl = (struct timeline){ .interval = interval, .csv_path = csv_path };
	if (!csv_path)
		return 0;
	tl->csv = fopen(csv_path, "we");
	if (!tl->csv)
		return -errno;
	for (int c = 0; c < NR_TIMELINE_COLUMNS; c++)
		fprintf(tl->csv, "%s%s", c ? "," : "", timeline_column_name((enum timeline_column)c));
	fputc('\n', tl->csv);
	/* A full disk or /dev/full shows now, before the replay. */
	errno = 0;
	if (fflush(tl->csv) || ferror(tl->csv))
		return write_error();
	return 0;
}

int timeline_sample(struct timeline *tl, const struct sim *s)
{
	uint64_t row[NR_TIMELINE_COLUMNS];

	timeline_take(s, row);
	tl->samples++;
	if (tl->csv) {
		errno = 0;
		for (int c = 0; c < NR_TIMELINE_COLUMNS; c++)
			fprintf(tl->csv, "%s%" PRIu64, c ? "," : "", row[c]);
		if (fputc('\n', tl->csv) == EOF || ferror(tl->csv))
			return write_error();
		return 0;
	}
	if (tl->nr_rows == tl->alloc_rows) {
		size_t alloc = tl->alloc_rows ? 2 * tl->alloc_rows : 64;
		uint64_t *rows = reallocarray(tl->rows, alloc, sizeof(row));

		if (!rows)
			return -ENOMEM;
		tl->rows = rows;
		tl->alloc_rows = alloc;
	}
	for (int c = 0; c < NR_TIMELINE_COLUMNS; c++)
		tl->rows[tl->nr_rows * NR_TIMELINE_COLUMNS + (size_t)c] = row[c];
	tl->nr_rows++;
	return 0;
}

int timeline_finish(struct timeline *tl)
{
	FILE *f = tl->csv;
	int failed;

	if (!f)
		return 0;
	tl->csv = NULL;
	errno = 0;
	failed = ferror(f);
	if (fclose(f) || failed)
		return write_error();
	return 0;
}

void timeline_release(struct timeline *tl)
{
	if (tl->csv)
		fclose(tl->csv);
	free(tl->rows);
	*tl = (struct timeline){ 0 };
}
