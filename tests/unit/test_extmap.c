// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test_extmap.c - the kernel's swap-extent map (swaparea_extmap_*), which
 * must come out as iomap_swapfile_activate() and add_swap_extent() would
 * build it (Linux 6.12, fs/iomap/swapfile.c and mm/swapfile.c).
 *
 * Most cases feed synthetic FIEMAP answers, so every extent, finding, page
 * count and span is known exactly: merging on physical adjacency, rounding
 * inward to whole pages, holes, the flags that refuse a file, the page cap
 * and a size that is not a whole number of pages.  Then the lookup against
 * a linear reference over a map of 50 extents, the resume offset, the names
 * of the problems, and the map of real files (skipped where the file system
 * of the temporary directory has no FIEMAP).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/fiemap.h>
#include <stdlib.h>
#include <unistd.h>

#include "swaparea.h"
#include "tap.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define PS 4096u
#define PG(n) ((uint64_t)(n) * PS)   /* n pages, in bytes */

#define HOLE SWAPAREA_EXT_HOLE
#define INLINE SWAPAREA_EXT_INLINE
#define SHARED SWAPAREA_EXT_SHARED
#define DELALLOC SWAPAREA_EXT_DELALLOC
#define UNWRITTEN SWAPAREA_EXT_UNWRITTEN
#define MISALIGNED SWAPAREA_EXT_MISALIGNED

/* ---- maps from synthetic FIEMAP answers ----------------------------------- */

/* Each list ends at its first all-zero entry. */
struct map_case {
	const char *name;
	uint64_t file_size;
	uint64_t limit_pages;                     /* 0: no cap */
	struct swaparea_ext_raw raw[8];           /* fed in this order */
	struct swaparea_extent ext[4];            /* the map wanted */
	struct swaparea_ext_finding find[5];
	uint64_t max_pages, span_pages;
	bool refused;
};

static const struct map_case map_cases[] = {
	{
		.name = "one aligned extent",
		.file_size = PG(16),
		.raw = { { 0, PG(100), PG(16), FIEMAP_EXTENT_LAST } },
		.ext = { { 0, 16, PG(100) } },
		.max_pages = 16, .span_pages = 15,   /* the header page is not in the span */
	},
	{
		.name = "physically adjacent extents merge",
		.file_size = PG(8),
		.raw = { { 0, PG(100), PG(4), 0 }, { PG(4), PG(104), PG(4), FIEMAP_EXTENT_LAST } },
		.ext = { { 0, 8, PG(100) } },
		.max_pages = 8, .span_pages = 7,
	},
	{
		.name = "physically adjacent across a hole: one run, and the hole",
		.file_size = PG(12),
		.raw = { { 0, PG(100), PG(4), 0 }, { PG(8), PG(104), PG(4), 0 } },
		.ext = { { 0, 8, PG(100) } },
		.find = { { HOLE, PG(4), PG(4) } },
		.max_pages = 8, .span_pages = 7, .refused = true,
	},
	{
		.name = "two extents apart on the device",
		.file_size = PG(8),
		.raw = { { 0, PG(100), PG(3), 0 }, { PG(3), PG(200), PG(5), 0 } },
		.ext = { { 0, 3, PG(100) }, { 3, 5, PG(200) } },
		.max_pages = 8, .span_pages = 1 + 204 - 101,
	},
	{
		/* The middle extent rounds to nothing; the runs either side meet. */
		.name = "runs contiguous after rounding merge (add_swap_extent)",
		.file_size = PG(8),
		.raw = { { 0, PG(100), PG(3), 0 },
			 { PG(3), PG(300) + 1024, PG(1), 0 },
			 { PG(4), PG(103), PG(4), 0 } },
		.ext = { { 0, 7, PG(100) } },
		.find = { { MISALIGNED, PG(3), PG(1) } },
		.max_pages = 7, .span_pages = 1 + 106 - 101,
	},
	{
		.name = "hole between extents",
		.file_size = PG(8),
		.raw = { { 0, PG(100), PG(2), 0 }, { PG(5), PG(200), PG(3), 0 } },
		.ext = { { 0, 2, PG(100) }, { 2, 3, PG(200) } },
		.find = { { HOLE, PG(2), PG(3) } },
		.max_pages = 5, .span_pages = 1 + 202 - 101, .refused = true,
	},
	{
		.name = "trailing hole",
		.file_size = PG(8),
		.raw = { { 0, PG(100), PG(5), 0 } },
		.ext = { { 0, 5, PG(100) } },
		.find = { { HOLE, PG(5), PG(3) } },
		.max_pages = 5, .span_pages = 4, .refused = true,
	},
	{
		/* No run starts at offset 0, so none has its first page left out. */
		.name = "leading hole",
		.file_size = PG(8),
		.raw = { { PG(2), PG(100), PG(6), 0 } },
		.ext = { { 0, 6, PG(100) } },
		.find = { { HOLE, 0, PG(2) } },
		.max_pages = 6, .span_pages = 6, .refused = true,
	},
	{
		.name = "inline extent: refused, never mapped",
		.file_size = PG(5),
		.raw = { { 0, PG(100), PG(2), 0 },
			 { PG(2), PG(102), PG(1), FIEMAP_EXTENT_DATA_INLINE },
			 { PG(3), PG(103), PG(2), 0 } },
		.ext = { { 0, 2, PG(100) }, { 2, 2, PG(103) } },
		.find = { { INLINE, PG(2), PG(1) } },
		.max_pages = 4, .span_pages = 1 + 104 - 101, .refused = true,
	},
	{
		.name = "adjacent inline extents: one finding",
		.file_size = PG(2),
		.raw = { { 0, 0, PG(1), FIEMAP_EXTENT_DATA_INLINE | FIEMAP_EXTENT_NOT_ALIGNED },
			 { PG(1), 0, PG(1), FIEMAP_EXTENT_DATA_INLINE | FIEMAP_EXTENT_NOT_ALIGNED } },
		.find = { { INLINE, 0, PG(2) } },
		.refused = true,
	},
	{
		.name = "shared extent",
		.file_size = PG(4),
		.raw = { { 0, PG(100), PG(4), FIEMAP_EXTENT_SHARED | FIEMAP_EXTENT_LAST } },
		.find = { { SHARED, 0, PG(4) } },
		.refused = true,
	},
	{
		.name = "delayed allocation",
		.file_size = PG(4),
		.raw = { { 0, 0, PG(4), FIEMAP_EXTENT_DELALLOC | FIEMAP_EXTENT_UNKNOWN } },
		.find = { { DELALLOC, 0, PG(4) } },
		.refused = true,
	},
	{
		.name = "unwritten extent: noted, accepted, mapped",
		.file_size = PG(4),
		.raw = { { 0, PG(100), PG(4), FIEMAP_EXTENT_UNWRITTEN } },
		.ext = { { 0, 4, PG(100) } },
		.find = { { UNWRITTEN, 0, PG(4) } },
		.max_pages = 4, .span_pages = 3,
	},
	{
		.name = "consecutive unwritten extents: one finding",
		.file_size = PG(4),
		.raw = { { 0, PG(100), PG(1), FIEMAP_EXTENT_UNWRITTEN },
			 { PG(1), PG(102), PG(1), FIEMAP_EXTENT_UNWRITTEN },
			 { PG(2), PG(104), PG(1), FIEMAP_EXTENT_UNWRITTEN },
			 { PG(3), PG(106), PG(1), FIEMAP_EXTENT_UNWRITTEN } },
		.ext = { { 0, 1, PG(100) }, { 1, 1, PG(102) }, { 2, 1, PG(104) }, { 3, 1, PG(106) } },
		.find = { { UNWRITTEN, 0, PG(4) } },
		.max_pages = 4, .span_pages = 1 + 106 - 101,
	},
	{
		.name = "misaligned start: rounded inward",
		.file_size = PG(4),
		.raw = { { 0, PG(10) + 1024, PG(4), 0 } },
		.ext = { { 0, 3, PG(11) } },
		.find = { { MISALIGNED, 0, 3072 }, { MISALIGNED, PG(4) - 1024, 1024 } },
		.max_pages = 3, .span_pages = 1 + 13 - 12,
	},
	{
		.name = "misaligned edges that meet: one finding",
		.file_size = PG(4),
		.raw = { { 0, PG(10), PG(2) + 1024, 0 },
			 { PG(2) + 1024, PG(50) + 1024, PG(2) - 1024, 0 } },
		.ext = { { 0, 2, PG(10) }, { 2, 1, PG(51) } },
		.find = { { MISALIGNED, PG(2), PG(1) } },
		.max_pages = 3, .span_pages = 1 + 51 - 11,
	},
	{
		.name = "shorter than a page after rounding: nothing usable",
		.file_size = PG(1),
		.raw = { { 0, 1024, PG(1), 0 } },
		.find = { { MISALIGNED, 0, PG(1) } },
		.refused = true,
	},
	{
		/* The edges are noted when the run closes, after the unwritten
		 * extent inside it and before the hole that follows. */
		.name = "findings in file order",
		.file_size = PG(8),
		.raw = { { 0, PG(10) + 1024, PG(3), 0 },
			 { PG(3), PG(13) + 1024, PG(2), FIEMAP_EXTENT_UNWRITTEN },
			 { PG(6), PG(40), PG(2), 0 } },
		.ext = { { 0, 4, PG(11) }, { 4, 2, PG(40) } },
		.find = { { MISALIGNED, 0, 3072 },
			  { UNWRITTEN, PG(3), PG(2) },
			  { MISALIGNED, PG(5) - 1024, 1024 },
			  { HOLE, PG(5), PG(1) } },
		.max_pages = 6, .span_pages = 1 + 41 - 12, .refused = true,
	},
	{
		/* The span counts the pages of a run cut short, as the kernel does. */
		.name = "page cap",
		.file_size = PG(12),
		.limit_pages = 6,
		.raw = { { 0, PG(100), PG(4), 0 }, { PG(4), PG(200), PG(4), 0 },
			 { PG(8), PG(300), PG(4), 0 } },
		.ext = { { 0, 4, PG(100) }, { 4, 2, PG(200) } },
		.max_pages = 6, .span_pages = 1 + 203 - 101,
	},
	{
		.name = "size not a whole number of pages",
		.file_size = PG(4) + 100,
		.raw = { { 0, PG(100), PG(5), 0 }, { PG(5), PG(300), PG(1), FIEMAP_EXTENT_SHARED } },
		.ext = { { 0, 4, PG(100) } },
		.max_pages = 4, .span_pages = 3,
	},
	{
		.name = "file smaller than a page",
		.file_size = 1000,
		.raw = { { 0, PG(100), 1000, FIEMAP_EXTENT_LAST } },
		.refused = true,
	},
	{
		/* The misaligned tail of the first run lies between them. */
		.name = "touching unwritten extents read as one, across a misaligned edge",
		.file_size = PG(8),
		.raw = { { 0, PG(100), PG(4) - 512, FIEMAP_EXTENT_UNWRITTEN },
			 { PG(4) - 512, PG(300), PG(4) + 512, FIEMAP_EXTENT_UNWRITTEN } },
		.ext = { { 0, 3, PG(100) }, { 3, 4, PG(300) } },
		.find = { { UNWRITTEN, 0, PG(8) }, { MISALIGNED, PG(3), PG(1) - 512 },
			  { MISALIGNED, PG(8) - 512, 512 } },
		.max_pages = 7, .span_pages = 203,
	},
	{
		.name = "no extent at all",
		.file_size = PG(3),
		.find = { { HOLE, 0, PG(3) } },
		.refused = true,
	},
};

static size_t count_raw(const struct map_case *c)
{
	size_t n = 0;

	while (n < ARRAY_SIZE(c->raw) && c->raw[n].length)
		n++;
	return n;
}

static size_t count_ext(const struct map_case *c)
{
	size_t n = 0;

	while (n < ARRAY_SIZE(c->ext) && c->ext[n].nr_pages)
		n++;
	return n;
}

static size_t count_find(const struct map_case *c)
{
	size_t n = 0;

	while (n < ARRAY_SIZE(c->find) && c->find[n].problem)
		n++;
	return n;
}

/* A list as one line of text, so that TAP_EQ_STR shows both sides on failure. */
struct text {
	char buf[512];
	size_t len;
};

__attribute__((format(printf, 2, 3)))
static void text_add(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(t->buf + t->len, sizeof(t->buf) - t->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		t->len = t->len + (size_t)n < sizeof(t->buf) ? t->len + (size_t)n : sizeof(t->buf) - 1;
}

/* "page+pages@physical ..." */
static const char *extents_text(struct text *t, const struct swaparea_extent *e, size_t n)
{
	text_add(t, "%zu:", n);
	for (size_t i = 0; i < n; i++)
		text_add(t, " %" PRIu64 "+%" PRIu64 "@%" PRIu64, e[i].start_page, e[i].nr_pages,
			 e[i].physical);
	return t->buf;
}

/* "problem@offset+length ..." */
static const char *findings_text(struct text *t, const struct swaparea_ext_finding *f, size_t n)
{
	text_add(t, "%zu:", n);
	for (size_t i = 0; i < n; i++)
		text_add(t, " %s@%" PRIu64 "+%" PRIu64, swaparea_ext_problem_name(f[i].problem),
			 f[i].offset, f[i].length);
	return t->buf;
}

static void check_extents(const char *name, const struct swaparea_extmap *m,
			  const struct swaparea_extent *want, size_t n)
{
	struct text got_text = { .len = 0 }, want_text = { .len = 0 };

	TAP_EQ_STR(extents_text(&got_text, m->extents, m->nr_extents),
		   extents_text(&want_text, want, n), "%s: extents", name);
}

static void check_findings(const char *name, const struct swaparea_extmap *m,
			   const struct swaparea_ext_finding *want, size_t n)
{
	struct text got_text = { .len = 0 }, want_text = { .len = 0 };

	TAP_EQ_STR(findings_text(&got_text, m->findings, m->nr_findings),
		   findings_text(&want_text, want, n), "%s: findings", name);
}

/* Feed @n raw extents to a fresh map and close it; false if any call fails. */
static bool build_from(struct swaparea_extmap *m, uint64_t file_size, uint64_t limit_pages,
		       const struct swaparea_ext_raw *raw, size_t n)
{
	int rc = 0;

	swaparea_extmap_init(m, PS, file_size, limit_pages);
	for (size_t i = 0; !rc && i < n; i++)
		rc = swaparea_extmap_add(m, &raw[i]);
	return !rc && !swaparea_extmap_finish(m);
}

static void test_map_case(const struct map_case *c)
{
	struct swaparea_extmap m;

	if (TAP_OK(build_from(&m, c->file_size, c->limit_pages ? c->limit_pages : UINT64_MAX,
			      c->raw, count_raw(c)),
		   "%s: built", c->name)) {
		check_extents(c->name, &m, c->ext, count_ext(c));
		check_findings(c->name, &m, c->find, count_find(c));
		TAP_EQ_U64(m.max_pages, c->max_pages, "%s: max_pages", c->name);
		TAP_EQ_U64(m.span_pages, c->span_pages, "%s: span_pages", c->name);
		TAP_EQ_INT(m.refused, c->refused, "%s: refused", c->name);
	}
	swaparea_extmap_release(&m);
}

static void test_add_out_of_order(void)
{
	static const struct {
		const char *what;
		uint64_t logical;
	} second[] = {
		{ "before the previous extent", 0 },
		{ "inside the previous extent", PG(3) },
	};
	const struct swaparea_ext_raw first = { PG(2), PG(100), PG(2), 0 };

	for (size_t i = 0; i < ARRAY_SIZE(second); i++) {
		const struct swaparea_ext_raw e = { second[i].logical, PG(200), PG(1), 0 };
		struct swaparea_extmap m;

		swaparea_extmap_init(&m, PS, PG(8), UINT64_MAX);
		TAP_EQ_INT(swaparea_extmap_add(&m, &first), 0, "out of order: first extent");
		TAP_EQ_INT(swaparea_extmap_add(&m, &e), -EINVAL, "out of order: an extent %s",
			   second[i].what);
		swaparea_extmap_release(&m);
	}
}

/* ---- a device or an image: one extent -------------------------------------- */

static void test_whole(void)
{
	static const struct {
		const char *name;
		uint64_t limit_pages, physical, nr_pages;
		uint64_t max_pages;
		bool refused;
	} cases[] = {
		{ "whole device", UINT64_MAX, 0, 50, 50, false },
		{ "whole area inside an image", UINT64_MAX, PG(256), 50, 50, false },
		{ "whole, capped", 20, PG(256), 50, 20, false },
		{ "whole, no page", UINT64_MAX, 0, 0, 0, true },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct swaparea_extent want = { 0, cases[i].max_pages, cases[i].physical };
		struct swaparea_extmap m;

		swaparea_extmap_init(&m, PS, 0, cases[i].limit_pages);
		TAP_EQ_INT(swaparea_extmap_whole(&m, cases[i].physical, cases[i].nr_pages), 0,
			   "%s: built", cases[i].name);
		check_extents(cases[i].name, &m, &want, cases[i].max_pages ? 1 : 0);
		TAP_EQ_U64(m.max_pages, cases[i].max_pages, "%s: max_pages", cases[i].name);
		TAP_EQ_U64(m.span_pages, cases[i].max_pages ? cases[i].max_pages - 1 : 0,
			   "%s: span_pages", cases[i].name);
		TAP_EQ_INT(m.refused, cases[i].refused, "%s: refused", cases[i].name);
		swaparea_extmap_release(&m);
	}
}

/* ---- lookup and resume offset ----------------------------------------------- */

#define LOOKUP_EXTENTS 50

/*
 * 50 extents of 1 to 9 pages, the file contiguous; every fifth starts where
 * the one before ended on the device (and merges with it), the others 64
 * KiB-aligned apart.
 */
static void lookup_layout(struct swaparea_ext_raw *raw, uint64_t *pages)
{
	uint64_t logical = 0;

	for (size_t i = 0; i < LOOKUP_EXTENTS; i++) {
		uint64_t length = PG(1 + (i * 7) % 9);

		raw[i] = (struct swaparea_ext_raw){
			.logical = logical,
			.physical = i % 5 == 4 ? raw[i - 1].physical + raw[i - 1].length
					       : PG(1000 + 16 * i),
			.length = length,
		};
		logical += length;
	}
	*pages = logical / PS;
}

/* Where page @page is, by walking the raw extents one by one. */
static uint64_t reference_physical(const struct swaparea_ext_raw *raw, uint64_t page)
{
	for (size_t i = 0; i < LOOKUP_EXTENTS; i++)
		if (PG(page) - raw[i].logical < raw[i].length)
			return raw[i].physical + PG(page) - raw[i].logical;
	return UINT64_MAX;
}

static void test_lookup(void)
{
	struct swaparea_ext_raw raw[LOOKUP_EXTENTS];
	struct swaparea_extmap m;
	uint64_t pages, physical = 0, resume = 0, wrong = 0, outside = 0;

	lookup_layout(raw, &pages);
	if (!TAP_OK(build_from(&m, PG(pages), UINT64_MAX, raw, LOOKUP_EXTENTS),
		    "lookup: map of %d extents built", LOOKUP_EXTENTS)) {
		swaparea_extmap_release(&m);
		return;
	}
	TAP_EQ_U64(m.max_pages, pages, "lookup: every page mapped");
	TAP_EQ_U64(m.nr_extents, LOOKUP_EXTENTS - LOOKUP_EXTENTS / 5, "lookup: adjacent extents merged");
	for (uint64_t p = 0; p < pages; p++) {
		const struct swaparea_extent *e = swaparea_extmap_lookup(&m, p, &physical);

		if (!e || physical != reference_physical(raw, p))
			wrong++;
		else if (p < e->start_page || p - e->start_page >= e->nr_pages)
			outside++;
	}
	TAP_EQ_U64(wrong, 0, "lookup: all %" PRIu64 " pages where the linear reference puts them",
		   pages);
	TAP_EQ_U64(outside, 0, "lookup: the extent returned holds the page");
	TAP_OK(swaparea_extmap_lookup(&m, pages - 1, NULL) == &m.extents[m.nr_extents - 1],
	       "lookup: the last page, without asking for the offset");
	TAP_OK(swaparea_extmap_lookup(&m, pages, &physical) == NULL, "lookup: page max_pages: none");
	TAP_OK(swaparea_extmap_lookup(&m, UINT64_MAX, &physical) == NULL, "lookup: page 2^64-1: none");
	TAP_EQ_INT(swaparea_extmap_resume_offset(&m, &resume), 0, "resume offset: found");
	TAP_EQ_U64(resume, 1000, "resume offset: the device page of swap page 0");
	swaparea_extmap_release(&m);
}

static void test_resume_offset_errors(void)
{
	struct swaparea_extmap m;
	uint64_t resume = 7;

	swaparea_extmap_init(&m, PS, 0, UINT64_MAX);
	TAP_EQ_INT(swaparea_extmap_finish(&m), 0, "empty map: finished");
	TAP_EQ_INT(swaparea_extmap_resume_offset(&m, &resume), -ENOENT, "empty map: no resume offset");
	TAP_EQ_U64(resume, 7, "empty map: the offset is left alone");
	swaparea_extmap_release(&m);

	swaparea_extmap_init(&m, PS, 0, UINT64_MAX);
	TAP_EQ_INT(swaparea_extmap_whole(&m, PG(10) + 512, 8), 0, "unaligned area: built");
	TAP_EQ_U64(m.extents[0].physical, PG(10) + 512, "unaligned area: starts where it starts");
	TAP_EQ_INT(swaparea_extmap_resume_offset(&m, &resume), -EINVAL,
		   "unaligned area: no resume offset");
	swaparea_extmap_release(&m);
}

/* ---- names ------------------------------------------------------------------ */

static void test_problem_names(void)
{
	static const struct {
		enum swaparea_ext_problem p;
		const char *name;
		bool refuses;
		const char *kernel_log;
	} problems[] = {
		{ HOLE, "hole", true, "has unallocated extents" },
		{ INLINE, "inline", true, "is inline" },
		{ SHARED, "shared", true, "has shared extents" },
		{ DELALLOC, "unallocated", true, "has unallocated extents" },
		{ UNWRITTEN, "unwritten", false, NULL },
		{ MISALIGNED, "misaligned", false, NULL },
		{ (enum swaparea_ext_problem)0, "unknown", false, NULL },
		{ (enum swaparea_ext_problem)99, "unknown", false, NULL },
	};

	for (size_t i = 0; i < ARRAY_SIZE(problems); i++) {
		const char *log = swaparea_ext_problem_kernel_log(problems[i].p);

		TAP_EQ_STR(swaparea_ext_problem_name(problems[i].p), problems[i].name,
			   "problem %d: name", (int)problems[i].p);
		TAP_EQ_INT(swaparea_ext_problem_refuses(problems[i].p), problems[i].refuses,
			   "problem %d: refuses", (int)problems[i].p);
		if (problems[i].kernel_log)
			TAP_EQ_STR(log, problems[i].kernel_log, "problem %d: kernel log",
				   (int)problems[i].p);
		else
			TAP_OK(log == NULL, "problem %d: nothing in the kernel log", (int)problems[i].p);
	}
}

/* ---- real files --------------------------------------------------------------- */

#define REAL_PAGES 64

static int no_extent(const struct swaparea_ext_raw *e, void *data)
{
	(void)e;
	(void)data;
	return 0;
}

/*
 * An open, unlinked file in $TMPDIR (or /tmp), or in the current directory
 * if that file system has no FIEMAP; -1 when neither has.
 */
static int fiemap_temp_fd(void)
{
	char path[] = "./test_extmap.XXXXXX";
	int fd = tap_temp_fd("test_extmap");

	if (fd >= 0 && swaparea_ext_walk(fd, no_extent, NULL) != -EOPNOTSUPP)
		return fd;
	if (fd >= 0)
		close(fd);
	fd = mkstemp(path);
	if (fd < 0)
		return -1;
	unlink(path);
	if (swaparea_ext_walk(fd, no_extent, NULL) != -EOPNOTSUPP)
		return fd;
	close(fd);
	return -1;
}

static bool write_through(int fd)
{
	static unsigned char page[PS];

	memset(page, 0xa5, sizeof(page));
	for (uint64_t i = 0; i < REAL_PAGES; i++)
		if (pwrite(fd, page, sizeof(page), (off_t)PG(i)) != (ssize_t)sizeof(page))
			return false;
	return fsync(fd) == 0;
}

static void test_real_written(int fd)
{
	struct swaparea_extmap m;
	uint64_t resume = UINT64_MAX;

	if (!TAP_OK(write_through(fd), "real file: %d pages written and synced", REAL_PAGES))
		return;
	TAP_EQ_INT(swaparea_extmap_build(&m, fd, PS, UINT64_MAX), 0, "real file: built");
	TAP_EQ_U64(m.max_pages, REAL_PAGES, "real file: every page mapped");
	TAP_EQ_U64(m.nr_findings, 0, "real file: nothing found");
	TAP_EQ_INT(m.refused, false, "real file: accepted");
	TAP_EQ_INT(swaparea_extmap_resume_offset(&m, &resume), 0, "real file: resume offset");
	TAP_OK(m.nr_extents && resume == m.extents[0].physical / PS,
	       "real file: resume offset %" PRIu64 " is where page 0 is", resume);
	swaparea_extmap_release(&m);

	TAP_EQ_INT(swaparea_extmap_build(&m, fd, PS, 10), 0, "real file, capped: built");
	TAP_EQ_U64(m.max_pages, 10, "real file, capped: 10 pages mapped");
	swaparea_extmap_release(&m);
}

static void test_real_sparse(int fd)
{
	const struct swaparea_ext_finding hole = { HOLE, 0, PG(REAL_PAGES) };
	struct swaparea_extmap m;

	if (!TAP_OK(ftruncate(fd, (off_t)PG(REAL_PAGES)) == 0, "sparse file: truncated"))
		return;
	TAP_EQ_INT(swaparea_extmap_build(&m, fd, PS, UINT64_MAX), 0, "sparse file: built");
	check_findings("sparse file", &m, &hole, 1);
	TAP_EQ_U64(m.max_pages, 0, "sparse file: no page mapped");
	TAP_EQ_INT(m.refused, true, "sparse file: refused");
	swaparea_extmap_release(&m);
}

static void test_real_files(void)
{
	static void (*const cases[])(int) = { test_real_written, test_real_sparse };

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		int fd = fiemap_temp_fd();

		if (fd < 0) {
			TAP_OK(true, "real file case %zu # SKIP no FIEMAP here", i);
			continue;
		}
		cases[i](fd);
		close(fd);
	}
}

static void test_not_a_regular_file(void)
{
	struct swaparea_extmap m;
	int p[2], dir;

	if (TAP_OK(pipe(p) == 0, "a pipe")) {
		TAP_EQ_INT(swaparea_extmap_build(&m, p[0], PS, UINT64_MAX), -EINVAL, "map of a pipe");
		swaparea_extmap_release(&m);
		close(p[0]);
		close(p[1]);
	}
	dir = open(".", O_RDONLY | O_DIRECTORY);
	if (TAP_OK(dir >= 0, "a directory")) {
		TAP_EQ_INT(swaparea_extmap_build(&m, dir, PS, UINT64_MAX), -EINVAL,
			   "map of a directory");
		swaparea_extmap_release(&m);
		close(dir);
	}
}

int main(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(map_cases); i++)
		test_map_case(&map_cases[i]);
	test_add_out_of_order();
	test_whole();
	test_lookup();
	test_resume_offset_errors();
	test_problem_names();
	test_real_files();
	test_not_a_regular_file();
	return tap_done();
}
