// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * system_view.c - swapinspect --system: the swap areas in use right now.
 *
 * /proc/swaps gives name, type, size, use and priority; each area's header
 * adds page size, version, UUID and label when we may read it (the areas
 * are opened read-only; a failure to read one is reported in its row, not
 * as a failure of the whole view).
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "active.h"
#include "inspect.h"
#include "json.h"
#include "size.h"
#include "table.h"

struct system_row {
	const struct active_swap *swap;
	struct swaparea_hdr hdr;
	bool has_hdr;
	char error[SWAPAREA_ERR_MSG_MAX];
};

static void read_header(struct system_row *row)
{
	struct swaparea_err e = { 0 };
	int fd = open(row->swap->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	int rc;

	swaparea_hdr_init(&row->hdr);
	if (row->swap->deleted) {
		/* Whatever has the name now is not the area the kernel uses. */
		if (fd >= 0)
			close(fd);
		snprintf(row->error, sizeof(row->error), "deleted while active");
		return;
	}
	if (fd < 0) {
		snprintf(row->error, sizeof(row->error), "cannot open: %s", strerror(errno));
		return;
	}
	rc = swaparea_hdr_read(fd, 0, 0, &row->hdr, &e);
	close(fd);
	row->has_hdr = rc == 0;
	if (rc)
		snprintf(row->error, sizeof(row->error), "%s", e.msg[0] ? e.msg : strerror(-rc));
}

static void system_json(const struct system_row *rows, size_t n, struct json *j)
{
	char uuid[37];

	json_array_begin(j, "swaps");
	for (size_t i = 0; i < n; i++) {
		const struct active_swap *s = rows[i].swap;
		const struct swaparea_hdr *h = &rows[i].hdr;

		json_object_begin(j, NULL);
		json_string(j, "name", s->path);
		json_string(j, "type", s->type);
		json_u64(j, "size", s->size_kib * 1024);
		json_u64(j, "used", s->used_kib * 1024);
		json_s64(j, "prio", s->prio);
		json_bool(j, "deleted", s->deleted);
		if (rows[i].has_hdr) {
			swaparea_uuid_unparse(h->uuid, uuid);
			json_u64(j, "pagesize", h->pagesize);
			json_u64(j, "version", h->version);
			json_u64(j, "last_page", h->last_page);
			json_string(j, "uuid", swaparea_uuid_is_null(h->uuid) ? NULL : uuid);
			json_string(j, "label", h->label[0] ? h->label : NULL);
			json_null(j, "error");
		} else {
			json_null(j, "pagesize");
			json_null(j, "version");
			json_null(j, "last_page");
			json_null(j, "uuid");
			json_null(j, "label");
			json_string(j, "error", rows[i].error);
		}
		json_object_end(j);
	}
	json_array_end(j);
}

static void system_table(const struct system_row *rows, size_t n)
{
	struct libscols_table *tb = scols_new_table();
	char human[32], uuid[37];

	if (!tb)
		return;
	scols_table_new_column(tb, "NAME", 0, 0);
	scols_table_new_column(tb, "TYPE", 0, 0);
	scols_table_new_column(tb, "SIZE", 0, SCOLS_FL_RIGHT);
	scols_table_new_column(tb, "USED", 0, SCOLS_FL_RIGHT);
	scols_table_new_column(tb, "PRIO", 0, SCOLS_FL_RIGHT);
	scols_table_new_column(tb, "PAGESIZE", 0, SCOLS_FL_RIGHT);
	scols_table_new_column(tb, "UUID", 0, 0);
	scols_table_new_column(tb, "LABEL", 0, 0);
	for (size_t i = 0; i < n; i++) {
		const struct active_swap *s = rows[i].swap;
		const struct swaparea_hdr *h = &rows[i].hdr;
		struct libscols_line *ln = scols_table_new_line(tb, NULL);

		if (!ln)
			break;
		table_cellf(ln, 0, "%s%s", s->path, s->deleted ? " (deleted)" : "");
		scols_line_set_data(ln, 1, s->type);
		scols_line_set_data(ln, 2, size_human_iec(s->size_kib * 1024, human, sizeof(human)));
		scols_line_set_data(ln, 3, size_human_iec(s->used_kib * 1024, human, sizeof(human)));
		table_cellf(ln, 4, "%ld", s->prio);
		if (!rows[i].has_hdr) {
			table_cellf(ln, 6, "(%s)", rows[i].error);
			continue;
		}
		swaparea_uuid_unparse(h->uuid, uuid);
		table_cellf(ln, 5, "%" PRIu32, h->pagesize);
		scols_line_set_data(ln, 6, swaparea_uuid_is_null(h->uuid) ? "" : uuid);
		scols_line_set_data(ln, 7, h->label);
	}
	scols_print_table(tb);
	scols_unref_table(tb);
}

int view_system(const struct inspect_ctl *ctl)
{
	struct active_swap *swaps;
	struct system_row *rows;
	size_t n;
	int rc = active_swaps_read(&swaps, &n);

	if (rc) {
		warnx("cannot read %s: %s", proc_swaps_path(), strerror(-rc));
		return EXIT_TROUBLE;
	}
	rows = calloc(n ? n : 1, sizeof(*rows));
	if (!rows)
		err(EXIT_TROUBLE, "cannot allocate memory");
	for (size_t i = 0; i < n; i++) {
		rows[i].swap = &swaps[i];
		read_header(&rows[i]);
	}
	if (ctl->json) {
		struct json j;

		json_open(&j, stdout);
		system_json(rows, n, &j);
		json_close(&j);
	} else if (n) {
		system_table(rows, n);
	} else {
		printf("no active swap areas\n");
	}
	for (size_t i = 0; i < n; i++)
		swaparea_hdr_release(&rows[i].hdr);
	free(rows);
	active_swaps_free(swaps, n);
	return EXIT_ACCEPTED;
}
