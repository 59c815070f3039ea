// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * slots_view.c - swapinspect --slots: what every slot on disk holds.
 *
 * The library's scanner reports runs of slots of one kind; this view
 * counts them, keeps them for --verbose and --json, and folds them into a
 * map of at most MAP_COLUMNS x MAP_ROWS cells, each standing for a group
 * of consecutive slots, so that a whole area fits one screen.
 */
#include <err.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inspect.h"
#include "json.h"
#include "progress.h"
#include "size.h"
#include "table.h"

#define MAP_COLUMNS 64
#define MAP_ROWS 16

struct slot_run {
	enum swaparea_slot_kind kind;
	uint64_t first, count;
};

struct slot_report {
	struct slot_run *runs;
	size_t nr_runs, cap_runs;
	uint64_t slots_per_cell, nr_cells;
	uint64_t (*cells)[SWAPAREA_SLOT_KINDS];   /* slots of each kind per cell */
	struct progress bar;
};

static int on_run(enum swaparea_slot_kind kind, uint64_t first, uint64_t count, void *data)
{
	struct slot_report *r = data;
	uint64_t end = first + count;

	if (r->nr_runs == r->cap_runs) {
		size_t ncap = r->cap_runs ? r->cap_runs * 2 : 64;
		struct slot_run *p = realloc(r->runs, ncap * sizeof(*p));

		if (!p)
			return 1;   /* stops the scan; see view_slots */
		r->runs = p;
		r->cap_runs = ncap;
	}
	r->runs[r->nr_runs++] = (struct slot_run){ kind, first, count };

	while (first < end) {
		uint64_t cell = first / r->slots_per_cell;
		uint64_t cell_end = (cell + 1) * r->slots_per_cell;
		uint64_t n = (end < cell_end ? end : cell_end) - first;

		r->cells[cell][kind] += n;
		first += n;
	}
	return 0;
}

static void on_progress(uint64_t done, uint64_t total, void *data)
{
	struct slot_report *r = data;

	(void)total;
	progress_update(&r->bar, done);
}

/* One character for a group of slots: data wins, then trouble, then emptiness. */
static char cell_char(const uint64_t *c)
{
	uint64_t others = c[SWAPAREA_SLOT_DATA] + c[SWAPAREA_SLOT_ZERO] + c[SWAPAREA_SLOT_HOLE] +
			  c[SWAPAREA_SLOT_BAD] + c[SWAPAREA_SLOT_MISSING];

	if (!others)
		return 'H';
	if (c[SWAPAREA_SLOT_DATA])
		return c[SWAPAREA_SLOT_DATA] == others ? '#' : '+';
	if (c[SWAPAREA_SLOT_BAD])
		return 'B';
	if (c[SWAPAREA_SLOT_MISSING])
		return '!';
	if (c[SWAPAREA_SLOT_ZERO])
		return '.';
	return '_';
}

static void map_string(const struct slot_report *r, char *out)
{
	for (uint64_t i = 0; i < r->nr_cells; i++)
		out[i] = cell_char(r->cells[i]);
	out[r->nr_cells] = '\0';
}

static void slots_json(const struct swaparea_slot_scan *s, const struct slot_report *r,
		       const char *map, struct json *j)
{
	json_object_begin(j, "slots");
	json_u64(j, "pagesize", s->pagesize);
	json_u64(j, "total", s->nr_slots);
	json_object_begin(j, "counts");
	for (int k = 0; k < SWAPAREA_SLOT_KINDS; k++)
		json_u64(j, swaparea_slot_kind_name(k), s->count[k]);
	json_object_end(j);
	json_array_begin(j, "runs");
	for (size_t i = 0; i < r->nr_runs; i++) {
		json_object_begin(j, NULL);
		json_string(j, "kind", swaparea_slot_kind_name(r->runs[i].kind));
		json_u64(j, "first", r->runs[i].first);
		json_u64(j, "count", r->runs[i].count);
		json_object_end(j);
	}
	json_array_end(j);
	json_object_begin(j, "map");
	json_u64(j, "slots_per_cell", r->slots_per_cell);
	json_u64(j, "columns", MAP_COLUMNS);
	json_string(j, "cells", map);
	json_object_end(j);
	json_object_end(j);
}

static void runs_table(const struct slot_report *r)
{
	struct libscols_table *tb = scols_new_table();

	if (!tb)
		return;
	scols_table_new_column(tb, "FIRST", 0, SCOLS_FL_RIGHT);
	scols_table_new_column(tb, "LAST", 0, SCOLS_FL_RIGHT);
	scols_table_new_column(tb, "COUNT", 0, SCOLS_FL_RIGHT);
	scols_table_new_column(tb, "KIND", 0, 0);
	for (size_t i = 0; i < r->nr_runs; i++) {
		struct libscols_line *ln = scols_table_new_line(tb, NULL);

		if (!ln)
			break;
		table_cellf(ln, 0, "%" PRIu64, r->runs[i].first);
		table_cellf(ln, 1, "%" PRIu64, r->runs[i].first + r->runs[i].count - 1);
		table_cellf(ln, 2, "%" PRIu64, r->runs[i].count);
		scols_line_set_data(ln, 3, swaparea_slot_kind_name(r->runs[i].kind));
	}
	scols_print_table(tb);
	scols_unref_table(tb);
}

static void slots_text(const struct area *a, const struct swaparea_slot_scan *s,
		       const struct slot_report *r, const char *map, bool verbose)
{
	char human[32];

	printf("%s: %" PRIu64 " slots of %" PRIu32 " bytes (%s)\n", a->path, s->nr_slots, s->pagesize,
	       size_human_iec(s->nr_slots * s->pagesize, human, sizeof(human)));
	for (int k = 0; k < SWAPAREA_SLOT_KINDS; k++)
		printf("  %-8s %12" PRIu64 "  %5.1f%%\n", swaparea_slot_kind_name(k), s->count[k],
		       100.0 * (double)s->count[k] / (double)s->nr_slots);
	printf("  %-8s %12" PRIu64 "\n", "runs", s->runs);
	printf("map: one cell = %" PRIu64 " slot%s; # data, + some data, . zeros, _ hole, "
	       "B bad, ! missing, H header\n", r->slots_per_cell, r->slots_per_cell == 1 ? "" : "s");
	for (uint64_t row = 0; row * MAP_COLUMNS < r->nr_cells; row++) {
		uint64_t n = r->nr_cells - row * MAP_COLUMNS;

		printf("%12" PRIu64 " %.*s\n", row * MAP_COLUMNS * r->slots_per_cell,
		       (int)(n < MAP_COLUMNS ? n : MAP_COLUMNS), map + row * MAP_COLUMNS);
	}
	if (verbose)
		runs_table(r);
}

int view_slots(const struct inspect_ctl *ctl, const struct area *a, struct json *j)
{
	struct slot_report r = { 0 };
	struct swaparea_slot_scan s = {
		.fd = a->fd,
		.offset = a->offset,
		.pagesize = area_pagesize(a),
		.nr_slots = area_slots(a),
		.badpages = a->has_hdr ? a->hdr.badpages : NULL,
		.nr_badpages = a->has_hdr ? a->hdr.nr_badpages : 0,
		.run = on_run,
		.progress = on_progress,
		.data = &r,
	};
	uint64_t max_cells = MAP_COLUMNS * MAP_ROWS;
	char *map = NULL;
	int rc, status = 0;

	if (!s.nr_slots) {
		warnx("'%s' is too small to hold one page of %" PRIu32 " bytes", a->path, s.pagesize);
		return EXIT_TROUBLE;
	}
	r.slots_per_cell = (s.nr_slots + max_cells - 1) / max_cells;
	r.nr_cells = (s.nr_slots + r.slots_per_cell - 1) / r.slots_per_cell;
	r.cells = calloc(r.nr_cells, sizeof(*r.cells));
	map = malloc(r.nr_cells + 1);
	if (!r.cells || !map)
		err(EXIT_TROUBLE, "cannot allocate memory");

	progress_init(&r.bar, "scanning", s.nr_slots * s.pagesize);
	rc = swaparea_slot_scan(&s);
	progress_finish(&r.bar);
	if (rc) {
		if (rc > 0)
			warnx("cannot allocate memory");
		else
			warnx("cannot scan '%s': %s", a->path, strerror(-rc));
		status = EXIT_TROUBLE;
		goto out;
	}
	map_string(&r, map);
	if (j)
		slots_json(&s, &r, map, j);
	else
		slots_text(a, &s, &r, map, ctl->verbose);
out:
	free(map);
	free(r.cells);
	free(r.runs);
	return status;
}
