// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * show.c - swapon --show and -s: the areas in /proc/swaps.
 *
 * --show is util-linux's libsmartcols table: NAME TYPE SIZE USED PRIO by
 * default, UUID and LABEL on request (read from each area's header, when
 * we may read it), sizes with one-letter suffixes or --bytes, --raw,
 * --noheadings; and --json (not in util-linux), where sizes are numbers of
 * bytes.  An empty /proc/swaps prints nothing at all.  -s prints the
 * kernel's own layout.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "swaparea.h"

#include "active.h"
#include "size.h"
#include "swapon.h"
#include "table.h"

static const struct {
	const char *name;
	int flags;
	int json_type;
} column_info[COL_COUNT] = {
	[COL_NAME] = { "NAME", 0, SCOLS_JSON_STRING },
	[COL_TYPE] = { "TYPE", SCOLS_FL_TRUNC, SCOLS_JSON_STRING },
	[COL_SIZE] = { "SIZE", SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER },
	[COL_USED] = { "USED", SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER },
	[COL_PRIO] = { "PRIO", SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER },
	[COL_UUID] = { "UUID", 0, SCOLS_JSON_STRING },
	[COL_LABEL] = { "LABEL", 0, SCOLS_JSON_STRING },
};

int parse_columns(struct swapon_ctl *ctl, const char *list)
{
	const char *p = list;

	ctl->ncolumns = 0;
	while (*p) {
		size_t n = strcspn(p, ",");
		int found = -1;

		for (int c = 0; c < COL_COUNT; c++)
			if (strlen(column_info[c].name) == n && !strncasecmp(p, column_info[c].name, n))
				found = c;
		if (found < 0) {
			warnx("unknown column: %.*s", (int)n, p);
			return -1;
		}
		if (ctl->ncolumns < sizeof(ctl->columns) / sizeof(ctl->columns[0]))
			ctl->columns[ctl->ncolumns++] = (enum show_column)found;
		p += n + (p[n] == ',');
	}
	return 0;
}

/* Label and UUID of an active area, when its header can be read. */
static bool read_ids(const struct active_swap *s, char *uuid, char *label, size_t label_len)
{
	struct swaparea_hdr h;
	int fd = s->deleted ? -1 : open(s->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	bool ok = false;

	uuid[0] = label[0] = '\0';
	if (fd < 0)
		return false;
	swaparea_hdr_init(&h);
	if (swaparea_hdr_read(fd, 0, 0, &h, NULL) == 0 && h.version == 1) {
		if (!swaparea_uuid_is_null(h.uuid))
			swaparea_uuid_unparse(h.uuid, uuid);
		snprintf(label, label_len, "%s", h.label);
		ok = true;
	}
	swaparea_hdr_release(&h);
	close(fd);
	return ok;
}

static void size_cell(const struct swapon_ctl *ctl, struct libscols_line *ln, size_t col,
		      uint64_t kib)
{
	char human[32];

	if (ctl->bytes || ctl->json)
		table_cellf(ln, col, "%" PRIu64, kib * 1024);
	else
		scols_line_set_data(ln, col, size_human_short(kib * 1024, human, sizeof(human)));
}

static void add_row(const struct swapon_ctl *ctl, struct libscols_table *tb,
		    const struct active_swap *s)
{
	struct libscols_line *ln = scols_table_new_line(tb, NULL);
	char uuid[37], label[SWAPAREA_LABEL_FIELD + 1];
	bool ids = false, ids_read = false;

	if (!ln)
		err(EXIT_FAILURE, "failed to allocate output line");
	for (size_t i = 0; i < ctl->ncolumns; i++) {
		enum show_column c = ctl->columns[i];

		if ((c == COL_UUID || c == COL_LABEL) && !ids_read) {
			ids = read_ids(s, uuid, label, sizeof(label));
			ids_read = true;
		}
		switch (c) {
		case COL_NAME:
			/* libmount drops the kernel's " (deleted)" */
			scols_line_set_data(ln, i, s->path);
			break;
		case COL_TYPE:
			scols_line_set_data(ln, i, s->type);
			break;
		case COL_SIZE:
			size_cell(ctl, ln, i, s->size_kib);
			break;
		case COL_USED:
			size_cell(ctl, ln, i, s->used_kib);
			break;
		case COL_PRIO:
			table_cellf(ln, i, "%ld", s->prio);
			break;
		case COL_UUID:
			if (ids && uuid[0])
				scols_line_set_data(ln, i, uuid);
			break;
		case COL_LABEL:
			if (ids && label[0])
				scols_line_set_data(ln, i, label);
			break;
		case COL_COUNT:
			break;
		}
	}
}

int show_table(const struct swapon_ctl *ctl)
{
	struct swapon_ctl c = *ctl;
	struct active_swap *swaps;
	struct libscols_table *tb;
	size_t n;
	int rc = active_swaps_read(&swaps, &n);

	if (rc) {
		errno = -rc;
		warn("cannot read %s", proc_swaps_path());
		return EXIT_FAILURE;
	}
	if (!n && !ctl->json) {
		active_swaps_free(swaps, n);
		return EXIT_SUCCESS;
	}
	if (!c.ncolumns)
		for (int col = COL_NAME; col <= COL_PRIO; col++)
			c.columns[c.ncolumns++] = (enum show_column)col;
	tb = scols_new_table();
	if (!tb)
		err(EXIT_FAILURE, "failed to allocate output table");
	scols_table_enable_raw(tb, ctl->raw);
	scols_table_enable_noheadings(tb, ctl->noheadings);
	if (ctl->json) {
		scols_table_enable_json(tb, 1);
		scols_table_set_name(tb, "swaps");
	}
	for (size_t i = 0; i < c.ncolumns; i++) {
		struct libscols_column *cl = scols_table_new_column(tb, column_info[c.columns[i]].name, 0,
								    column_info[c.columns[i]].flags);

		if (!cl)
			err(EXIT_FAILURE, "failed to allocate output column");
		scols_column_set_json_type(cl, column_info[c.columns[i]].json_type);
	}
	for (size_t i = 0; i < n; i++)
		add_row(&c, tb, &swaps[i]);
	scols_print_table(tb);
	scols_unref_table(tb);
	active_swaps_free(swaps, n);
	return EXIT_SUCCESS;
}

int show_summary(const struct swapon_ctl *ctl)
{
	struct active_swap *swaps;
	size_t n;
	int rc = active_swaps_read(&swaps, &n);

	(void)ctl;
	if (rc) {
		errno = -rc;
		warn("cannot read %s", proc_swaps_path());
		return EXIT_FAILURE;
	}
	if (n)
		printf("Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
	for (size_t i = 0; i < n; i++)
		printf("%-39s\t%-8s\t%" PRIu64 "\t%" PRIu64 "\t%ld\n", swaps[i].path, swaps[i].type,
		       swaps[i].size_kib, swaps[i].used_kib, swaps[i].prio);
	active_swaps_free(swaps, n);
	return EXIT_SUCCESS;
}
