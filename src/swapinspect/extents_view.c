// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * extents_view.c - swapinspect --extents: where each swap page lives.
 *
 * The map is the one the kernel would build at swapon (libswaparea's
 * extmap): runs of swap pages and the device bytes that hold them, what
 * would make the kernel refuse or shrink the file, and the resume_offset=
 * a hibernation setup needs, which is the device page of swap page 0.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "inspect.h"
#include "json.h"
#include "size.h"
#include "table.h"

static void extents_json(const struct area *a, struct json *j)
{
	const struct swaparea_extmap *m = &a->map;
	uint64_t resume;

	json_object_begin(j, "extents");
	json_u64(j, "pagesize", m->pagesize);
	json_u64(j, "count", m->nr_extents);
	json_u64(j, "max_pages", m->max_pages);
	json_u64(j, "span_pages", m->span_pages);
	if (a->regular && !a->offset && swaparea_extmap_resume_offset(m, &resume) == 0)
		json_u64(j, "resume_offset", resume);
	else
		json_null(j, "resume_offset");
	json_array_begin(j, "list");
	for (size_t i = 0; i < m->nr_extents; i++) {
		const struct swaparea_extent *e = &m->extents[i];

		json_object_begin(j, NULL);
		json_u64(j, "first_page", e->start_page);
		json_u64(j, "last_page", e->start_page + e->nr_pages - 1);
		json_u64(j, "pages", e->nr_pages);
		json_u64(j, "physical", e->physical);
		json_object_end(j);
	}
	json_array_end(j);
	json_array_begin(j, "problems");
	for (size_t i = 0; i < m->nr_findings; i++) {
		const struct swaparea_ext_finding *f = &m->findings[i];

		json_object_begin(j, NULL);
		json_string(j, "problem", swaparea_ext_problem_name(f->problem));
		json_bool(j, "refuses", swaparea_ext_problem_refuses(f->problem));
		json_u64(j, "offset", f->offset);
		json_u64(j, "length", f->length);
		json_u64(j, "first_page", f->offset / m->pagesize);
		json_u64(j, "last_page", (f->offset + f->length - 1) / m->pagesize);
		json_object_end(j);
	}
	json_array_end(j);
	json_object_end(j);
}

static void extents_table(const struct swaparea_extmap *m)
{
	struct libscols_table *tb = scols_new_table();

	if (!tb)
		return;
	scols_table_new_column(tb, "SWAP PAGES", 0, SCOLS_FL_RIGHT);
	scols_table_new_column(tb, "COUNT", 0, SCOLS_FL_RIGHT);
	scols_table_new_column(tb, "DEVICE OFFSET", 0, SCOLS_FL_RIGHT);
	scols_table_new_column(tb, "DEVICE PAGE", 0, SCOLS_FL_RIGHT);
	for (size_t i = 0; i < m->nr_extents; i++) {
		const struct swaparea_extent *e = &m->extents[i];
		struct libscols_line *ln = scols_table_new_line(tb, NULL);

		if (!ln)
			break;
		table_cellf(ln, 0, "%" PRIu64 "-%" PRIu64, e->start_page,
				   e->start_page + e->nr_pages - 1);
		table_cellf(ln, 1, "%" PRIu64, e->nr_pages);
		table_cellf(ln, 2, "%" PRIu64, e->physical);
		if (e->physical % m->pagesize)
			scols_line_set_data(ln, 3, "-");
		else
			table_cellf(ln, 3, "%" PRIu64, e->physical / m->pagesize);
	}
	scols_print_table(tb);
	scols_unref_table(tb);
}

static void problems_text(const struct swaparea_extmap *m)
{
	if (!m->nr_findings)
		return;
	printf("findings:\n");
	for (size_t i = 0; i < m->nr_findings; i++) {
		const struct swaparea_ext_finding *f = &m->findings[i];
		const char *log = swaparea_ext_problem_kernel_log(f->problem);

		printf("  %-12s bytes %" PRIu64 "-%" PRIu64 " (pages %" PRIu64 "-%" PRIu64 "): ",
		       swaparea_ext_problem_name(f->problem), f->offset, f->offset + f->length - 1,
		       f->offset / m->pagesize, (f->offset + f->length - 1) / m->pagesize);
		if (log)
			printf("the kernel refuses the file (\"%s\")\n", log);
		else if (f->problem == SWAPAREA_EXT_MISALIGNED)
			printf("not whole pages on disk, skipped: later pages move down\n");
		else
			printf("accepted\n");
	}
}

int view_extents(const struct inspect_ctl *ctl, const struct area *a, struct json *j)
{
	const struct swaparea_extmap *m = &a->map;
	uint64_t resume;
	char human[32];

	(void)ctl;
	if (!a->has_map) {
		if (j)
			json_null(j, "extents");
		else
			printf("%s: no extent map: %s\n", a->path, strerror(-a->map_rc));
		return 0;
	}
	if (j) {
		extents_json(a, j);
		return 0;
	}
	printf("%s: %zu extent%s, %" PRIu64 " page%s of %" PRIu32 " bytes mapped, across %s\n",
	       a->path, m->nr_extents, m->nr_extents == 1 ? "" : "s", m->max_pages,
	       m->max_pages == 1 ? "" : "s", m->pagesize,
	       size_human_iec(m->span_pages * m->pagesize, human, sizeof(human)));
	if (m->nr_extents)
		extents_table(m);
	if (a->regular && !a->offset && swaparea_extmap_resume_offset(m, &resume) == 0)
		printf("resume_offset=%" PRIu64 "\n", resume);
	problems_text(m);
	return 0;
}
