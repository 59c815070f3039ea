// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fuzz_extmap.c - libFuzzer target for the swap-extent map
 * (swaparea/extent.h): arbitrary FIEMAP answers fed to
 * swaparea_extmap_add(), then the map's invariants checked.
 *
 * Input format (little-endian, so a stored input means the same on every
 * host):
 *
 *	byte 0       page size: 2048 << (byte % 8)
 *	bytes 1-8    file size
 *	bytes 9-12   limit in pages (0xffffffff: none)
 *	then records of 21 bytes: logical delta (4, added to the end of the
 *	previous extent, so the stream is ascending), physical (8), length
 *	(4), flags (4, FIEMAP_EXTENT_* bits), and one spare byte that picks
 *	"overlap" when it is 0xff (the logical offset then goes back by the
 *	delta, which add() must refuse with -EINVAL and leave the map usable).
 *
 * Properties: extents cover [0, max_pages) in order with no gap, each
 * physical start is page-aligned and no two neighbours are physically
 * contiguous (they would have been merged); max_pages <= limit; findings
 * are sorted and lie inside the file; refused is set exactly when a
 * refusing finding exists or no page is mapped; lookup of every boundary
 * page agrees with a linear search; the resume offset is extent 0's.
 * A broken property aborts, so libFuzzer keeps the input.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swaparea/extent.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REQUIRE(cond)                                                           \
	do {                                                                    \
		if (!(cond)) {                                                  \
			fprintf(stderr, "fuzz_extmap: %s:%d: %s\n", __FILE__, \
				__LINE__, #cond);                               \
			abort();                                                \
		}                                                               \
	} while (0)

static uint64_t le(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static void check_lookup(const struct swaparea_extmap *m, uint64_t page)
{
	uint64_t phys = 0, want = 0;
	const struct swaparea_extent *got = swaparea_extmap_lookup(m, page, &phys), *lin = NULL;

	for (size_t i = 0; i < m->nr_extents; i++) {
		const struct swaparea_extent *e = &m->extents[i];

		if (page >= e->start_page && page - e->start_page < e->nr_pages) {
			lin = e;
			want = e->physical + (page - e->start_page) * m->pagesize;
		}
	}
	REQUIRE(got == lin);
	REQUIRE(!got || phys == want);
}

static void check_map(const struct swaparea_extmap *m, uint64_t limit)
{
	uint64_t next = 0, resume;
	bool refusing = false;

	for (size_t i = 0; i < m->nr_extents; i++) {
		const struct swaparea_extent *e = &m->extents[i];

		REQUIRE(e->start_page == next);
		REQUIRE(e->nr_pages > 0);
		REQUIRE(e->physical % m->pagesize == 0);
		if (i)
			REQUIRE(m->extents[i - 1].physical + m->extents[i - 1].nr_pages * m->pagesize !=
				e->physical);
		next += e->nr_pages;
		check_lookup(m, e->start_page);
		check_lookup(m, e->start_page + e->nr_pages - 1);
	}
	REQUIRE(next == m->max_pages);
	REQUIRE(m->max_pages <= limit);
	check_lookup(m, m->max_pages);
	for (size_t i = 0; i < m->nr_findings; i++) {
		const struct swaparea_ext_finding *f = &m->findings[i];

		REQUIRE(f->length > 0);
		REQUIRE(f->offset + f->length <= m->file_bytes);
		if (i)
			REQUIRE(m->findings[i - 1].offset <= f->offset);
		refusing |= swaparea_ext_problem_refuses(f->problem);
	}
	REQUIRE(m->refused == (refusing || m->max_pages == 0));
	if (swaparea_extmap_resume_offset(m, &resume) == 0)
		REQUIRE(m->nr_extents && resume * m->pagesize == m->extents[0].physical);
	else
		REQUIRE(!m->nr_extents);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct swaparea_extmap m;
	uint32_t pagesize;
	uint64_t file_size, limit, end = 0;

	if (size < 13)
		return 0;
	pagesize = 2048u << (data[0] % 8);
	file_size = le(data + 1, 8) % (UINT64_C(1) << 48);
	limit = le(data + 9, 4);
	if (limit == 0xffffffff)
		limit = UINT64_MAX;
	swaparea_extmap_init(&m, pagesize, file_size, limit);
	for (size_t at = 13; at + 21 <= size; at += 21) {
		const uint8_t *r = data + at;
		uint64_t delta = le(r, 4);
		bool overlap = r[20] == 0xff && delta && end >= delta;
		struct swaparea_ext_raw e = {
			.logical = overlap ? end - delta : end + delta,
			.physical = le(r + 4, 8) % (UINT64_C(1) << 56),
			.length = le(r + 12, 4),
			.flags = (uint32_t)le(r + 16, 4),
		};
		bool behind = e.logical < m.covered;
		int rc = swaparea_extmap_add(&m, &e);

		if (behind) {
			REQUIRE(rc == -EINVAL);
			continue;
		}
		REQUIRE(rc == 0);
		end = e.logical + e.length;
	}
	REQUIRE(swaparea_extmap_finish(&m) == 0);
	check_map(&m, limit);
	swaparea_extmap_release(&m);
	return 0;
}
