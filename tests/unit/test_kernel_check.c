// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test_kernel_check.c - unit tests of swaparea_kernel_check(), the library's
 * copy of the judgement of Linux 6.12's sys_swapon (read_swap_header() and
 * setup_swap_map(), kernel-swap-facts.md section 1).
 *
 * Every rule gets a header page that breaks it and one that only just
 * passes it, and the table is in the kernel's order, with cases that break
 * two rules to show which one the kernel looks at first.  Pages are built
 * byte by byte here, not with swaparea_hdr_encode(), so that the judge is
 * not checked against the library's own writer and so that headers no
 * writer would produce can be made.  Expected numbers are worked out from
 * the kernel's code in the comment of each case.
 */
#include <errno.h>
#include <stdlib.h>

#include "swaparea.h"
#include "tap.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define BIG_MAX (1ULL << 50)   /* a max_swapfile_pages that limits nothing */
#define NOT_SET UINT64_MAX
#define K4 4096ULL

/* Fill the bad-page list with 1, 2, 3, ... instead of the case's entries. */
#define FILL 0xffffffffu

struct kcase {
	const char *name;
	uint32_t kpage;          /* the kernel's PAGE_SIZE */
	uint32_t hpage;          /* the page size the header was made for (magic at hpage - 10) */
	const char *magic;       /* NULL: "SWAPSPACE2" */
	bool foreign;            /* integers in the other byte order */
	uint32_t version, last_page, nr_bad;
	uint32_t bad[4];         /* entries written; bad[0] == FILL: 1..nr_bad */
	uint64_t area_bytes;
	bool regular_file;
	uint64_t max_pages;      /* 0: BIG_MAX */

	enum swaparea_rule rule;
	const char *log;         /* kernel_log: "" when the kernel is silent */
	uint64_t offset;         /* NOT_SET: not checked */
	uint64_t maxpages, usable;  /* checked when accepted */
	const char *warning;     /* NULL: empty */
};

/* What the verdict must say: refused by a rule, or accepted with numbers. */
#define REFUSED(rule, log, offset) SWAPAREA_RULE_##rule, log, offset, 0, 0, NULL
#define ACCEPTED(maxpages, usable) SWAPAREA_RULE_OK, "", NOT_SET, maxpages, usable, NULL
#define WARNED(maxpages, usable, warning) SWAPAREA_RULE_OK, "", NOT_SET, maxpages, usable, warning

/* max 1000 pages of 4 KiB = 4000k; last_page 2000 x 4 KiB = 8000k. */
#define TRUNCATED_4K "Truncating oversized swap area, only using 4000k out of 8000k"

static const struct kcase cases[] = {
	/* 1. The magic must be at PAGE_SIZE - 10. */
	{ "no magic", 4096, 4096, "\0\0\0\0\0\0\0\0\0\0", false, 1, 99, 0, { 0 }, 0, false, 0,
	  REFUSED(SIGNATURE, "Unable to find swap-space signature", 4086) },
	{ "v0 magic", 4096, 4096, "SWAP-SPACE", false, 1, 99, 0, { 0 }, 0, false, 0,
	  REFUSED(SIGNATURE, "Unable to find swap-space signature", 4086) },
	{ "S1SUSPEND", 4096, 4096, "S1SUSPEND\0", false, 1, 99, 0, { 0 }, 0, false, 0,
	  REFUSED(SIGNATURE, "Unable to find swap-space signature", 4086) },
	/* A 64 KiB area has its magic at 65526; a 4 KiB kernel looks at 4086. */
	{ "64K area, 4K kernel", 4096, 65536, NULL, false, 1, 99, 0, { 0 }, 0, false, 0,
	  REFUSED(SIGNATURE, "Unable to find swap-space signature", 4086) },
	{ "64K area, 64K kernel", 65536, 65536, NULL, false, 1, 99, 0, { 0 }, 0, false, 0,
	  ACCEPTED(100, 99) },
	/* Passes: maxpages = last_page + 1 = 100, pages = 100 - header = 99. */
	{ "minimal 4K", 4096, 4096, NULL, false, 1, 99, 0, { 0 }, 0, false, 0,
	  ACCEPTED(100, 99) },

	/* 2. Foreign order: nr_badpages is checked before anything else, silently. */
	{ "foreign, 638 bad", 4096, 4096, NULL, true, 1, 99999, 638, { FILL }, 0, false, 0,
	  REFUSED(SWAPPED_BADPAGES, "", 1032) },
	{ "foreign, 638 bad, on a file", 4096, 4096, NULL, true, 1, 99999, 638, { FILL }, 0, true, 0,
	  REFUSED(SWAPPED_BADPAGES, "", 1032) },
	{ "foreign, 638 bad, last_page 0", 4096, 4096, NULL, true, 1, 0, 638, { FILL }, 0, false, 0,
	  REFUSED(SWAPPED_BADPAGES, "", 1032) },
	/* 637 fit: pages = 99999 - 637 = 99362. */
	{ "foreign, 637 bad", 4096, 4096, NULL, true, 1, 99999, 637, { FILL }, 0, false, 0,
	  ACCEPTED(100000, 99362) },
	/* At 64 KiB, (65536 - 1546) / 4 = 15997 fit. */
	{ "64K foreign, 15998 bad", 65536, 65536, NULL, true, 1, 99999, 15998, { FILL }, 0, false, 0,
	  REFUSED(SWAPPED_BADPAGES, "", 1032) },

	/* 3. Version. */
	{ "version 2", 4096, 4096, NULL, false, 2, 99, 0, { 0 }, 0, false, 0,
	  REFUSED(VERSION, "Unable to handle swap header version 2", 1024) },
	{ "version 2, last_page 0", 4096, 4096, NULL, false, 2, 0, 0, { 0 }, 0, false, 0,
	  REFUSED(VERSION, "Unable to handle swap header version 2", 1024) },
	{ "version 0", 4096, 4096, NULL, false, 0, 99, 0, { 0 }, 0, false, 0,
	  REFUSED(VERSION, "Unable to handle swap header version 0", 1024) },
	/* The kernel prints the u32 with %d. */
	{ "version 0x80000000", 4096, 4096, NULL, false, 0x80000000u, 99, 0, { 0 }, 0, false, 0,
	  REFUSED(VERSION, "Unable to handle swap header version -2147483648", 1024) },
	/* Foreign 2 is no byte-swapped 1: the kernel logs it unswapped, 0x02000000. */
	{ "foreign version 2", 4096, 4096, NULL, true, 2, 99, 0, { 0 }, 0, false, 0,
	  REFUSED(VERSION, "Unable to handle swap header version 33554432", 1024) },

	/* 5. last_page 0. */
	{ "last_page 0", 4096, 4096, NULL, false, 1, 0, 0, { 0 }, 0, false, 0,
	  REFUSED(EMPTY, "Empty swap-file", 1028) },
	{ "last_page 0, bad pages, on a file", 4096, 4096, NULL, false, 1, 0, 1, { 5 }, 4096, true, 0,
	  REFUSED(EMPTY, "Empty swap-file", 1028) },
	{ "last_page 1", 4096, 4096, NULL, false, 1, 1, 0, { 0 }, 0, false, 0,
	  ACCEPTED(2, 1) },

	/* 6-7. The arch limit: max = 1000 pages; max stays 1000, 999 usable. */
	{ "oversized 4K", 4096, 4096, NULL, false, 1, 2000, 0, { 0 }, 0, false, 1000,
	  WARNED(1000, 999, TRUNCATED_4K) },
	/* 1000 x 64 = 64000k of 2000 x 64 = 128000k. */
	{ "oversized 64K", 65536, 65536, NULL, false, 1, 2000, 0, { 0 }, 0, false, 1000,
	  WARNED(1000, 999, "Truncating oversized swap area, only using 64000k out of 128000k") },
	/* last_page == max: not "oversized", and max is not raised to 1001: page 1000 is lost. */
	{ "last_page == max", 4096, 4096, NULL, false, 1, 1000, 0, { 0 }, 0, false, 1000,
	  ACCEPTED(1000, 999) },
	/* One page fewer gives the same numbers without losing anything. */
	{ "last_page == max - 1", 4096, 4096, NULL, false, 1, 999, 0, { 0 }, 0, false, 1000,
	  ACCEPTED(1000, 999) },
	/* Bad pages past max are in range (<= last_page) but cost nothing. */
	{ "oversized, bad page past max", 4096, 4096, NULL, false, 1, 2000, 2, { 1000, 1500 }, 0,
	  false, 1000, WARNED(1000, 999, TRUNCATED_4K) },
	{ "oversized, bad page max - 1", 4096, 4096, NULL, false, 1, 2000, 1, { 999 }, 0, false, 1000,
	  WARNED(1000, 998, TRUNCATED_4K) },
	/* last_page + 1 = 2^32 wraps p->max to 0; the kernel uses UINT_MAX. */
	{ "last_page 2^32 - 1", 4096, 4096, NULL, false, 1, 0xffffffffu, 0, { 0 }, 0, false, 0,
	  ACCEPTED(0xffffffffu, 0xfffffffeu) },
	{ "last_page 2^32 - 2", 4096, 4096, NULL, false, 1, 0xfffffffeu, 0, { 0 }, 0, false, 0,
	  ACCEPTED(0xffffffffu, 0xfffffffeu) },

	/* 8. Size: i_size >> PAGE_SHIFT against maxpages (100 here). */
	{ "99 pages for 100", 4096, 4096, NULL, false, 1, 99, 0, { 0 }, 99 * K4, false, 0,
	  REFUSED(SHORTER, "Swap area shorter than signature indicates", NOT_SET) },
	{ "one byte short", 4096, 4096, NULL, false, 1, 99, 0, { 0 }, 100 * K4 - 1, true, 0,
	  REFUSED(SHORTER, "Swap area shorter than signature indicates", NOT_SET) },
	{ "exactly 100 pages", 4096, 4096, NULL, false, 1, 99, 0, { 0 }, 100 * K4, true, 0,
	  ACCEPTED(100, 99) },
	{ "size unknown", 4096, 4096, NULL, false, 1, 99, 0, { 0 }, 0, true, 0,
	  ACCEPTED(100, 99) },
	/* Less than one page: 4095 >> 12 = 0, and the kernel skips a zero count. */
	{ "less than a page", 4096, 4096, NULL, false, 1, 99, 0, { 0 }, 4095, true, 0,
	  ACCEPTED(100, 99) },
	/* Oversized: compared with the truncated max (1000), not last_page. */
	{ "oversized, 1000 pages there", 4096, 4096, NULL, false, 1, 2000, 0, { 0 }, 1000 * K4, true,
	  1000, WARNED(1000, 999, TRUNCATED_4K) },
	/* 64 KiB pages: 100 pages are 6553600 bytes. */
	{ "64K, 99 pages for 100", 65536, 65536, NULL, false, 1, 99, 0, { 0 }, 99 * 65536ULL, false, 0,
	  REFUSED(SHORTER, "Swap area shorter than signature indicates", NOT_SET) },
	{ "short and bad pages on a file", 4096, 4096, NULL, false, 1, 99, 1, { 5 }, 50 * K4, true, 0,
	  REFUSED(SHORTER, "Swap area shorter than signature indicates", NOT_SET) },

	/* 9. Bad pages: none on a file, at most 637 (4 KiB). */
	{ "bad page on a file", 4096, 4096, NULL, false, 1, 99, 1, { 5 }, 100 * K4, true, 0,
	  REFUSED(BADPAGES_ON_FILE, "", 1032) },
	{ "bad page on a device", 4096, 4096, NULL, false, 1, 99, 1, { 5 }, 100 * K4, false, 0,
	  ACCEPTED(100, 98) },
	{ "638 bad on a file", 4096, 4096, NULL, false, 1, 99999, 638, { FILL }, 0, true, 0,
	  REFUSED(BADPAGES_ON_FILE, "", 1032) },
	{ "638 bad on a device", 4096, 4096, NULL, false, 1, 99999, 638, { FILL }, 0, false, 0,
	  REFUSED(TOO_MANY_BADPAGES, "", 1032) },
	{ "637 bad on a device", 4096, 4096, NULL, false, 1, 99999, 637, { FILL }, 0, false, 0,
	  ACCEPTED(100000, 99362) },
	{ "64K, 15998 bad", 65536, 65536, NULL, false, 1, 99999, 15998, { FILL }, 0, false, 0,
	  REFUSED(TOO_MANY_BADPAGES, "", 1032) },
	/* 99999 - 15997 = 84002. */
	{ "64K, 15997 bad", 65536, 65536, NULL, false, 1, 99999, 15997, { FILL }, 0, false, 0,
	  ACCEPTED(100000, 84002) },

	/* setup_swap_map: each entry in 1..last_page; offset 1536 + 4 * i. */
	{ "bad page 0", 4096, 4096, NULL, false, 1, 99, 1, { 0 }, 0, false, 0,
	  REFUSED(BADPAGE_RANGE, "", 1536) },
	{ "second bad page 0", 4096, 4096, NULL, false, 1, 99, 2, { 5, 0 }, 0, false, 0,
	  REFUSED(BADPAGE_RANGE, "", 1540) },
	{ "fourth bad page last_page + 1", 4096, 4096, NULL, false, 1, 99, 4, { 5, 6, 7, 100 }, 0,
	  false, 0, REFUSED(BADPAGE_RANGE, "", 1548) },
	{ "bad page last_page", 4096, 4096, NULL, false, 1, 99, 1, { 99 }, 0, false, 0,
	  ACCEPTED(100, 98) },
	{ "bad page 2^32 - 2", 4096, 4096, NULL, false, 1, 99, 1, { 0xfffffffeu }, 0, false, 0,
	  REFUSED(BADPAGE_RANGE, "", 1536) },

	/* Nothing left: header + pages 1..3 all bad. */
	{ "all pages bad", 4096, 4096, NULL, false, 1, 3, 3, { 1, 2, 3 }, 0, false, 0,
	  REFUSED(NO_GOOD_PAGES, "Empty swap-file", NOT_SET) },
	{ "one page left", 4096, 4096, NULL, false, 1, 3, 2, { 1, 3 }, 0, false, 0,
	  ACCEPTED(4, 1) },
	{ "the only page bad", 4096, 4096, NULL, false, 1, 1, 1, { 1 }, 0, false, 0,
	  REFUSED(NO_GOOD_PAGES, "Empty swap-file", NOT_SET) },
	/* A duplicate is subtracted twice: 10 - 2 = 8 (page 5 is lost once, 9 are good). */
	{ "duplicated bad page", 4096, 4096, NULL, false, 1, 10, 2, { 5, 5 }, 0, false, 0,
	  ACCEPTED(11, 8) },
	/* Three times page 2 of 3: pages 1 and 3 are good, the kernel counts 3 - 3 = 0. */
	{ "triplicated bad page", 4096, 4096, NULL, false, 1, 3, 3, { 2, 2, 2 }, 0, false, 0,
	  REFUSED(NO_GOOD_PAGES, "Empty swap-file", NOT_SET) },
	/* si->pages is an unsigned int: 2 - 3 wraps to 2^32 - 1, which is not 0, so it passes. */
	{ "bad pages wrap the count", 4096, 4096, NULL, false, 1, 2, 3, { 1, 1, 1 }, 0, false, 0,
	  ACCEPTED(3, 0xffffffffu) },
};

/* Store @v at @off, in the host's order or the other one. */
static void put32(uint8_t *page, size_t off, uint32_t v, bool foreign)
{
	if (foreign)
		v = __builtin_bswap32(v);
	memcpy(page + off, &v, sizeof(v));
}

/* The header page of @c, in a buffer big enough for both page sizes. */
static uint8_t *make_page(const struct kcase *c, bool foreign)
{
	size_t len = c->kpage > c->hpage ? c->kpage : c->hpage;
	uint8_t *page = calloc(1, len);
	uint32_t n = c->nr_bad;

	put32(page, 1024, c->version, foreign);
	put32(page, 1028, c->last_page, foreign);
	put32(page, 1032, c->nr_bad, foreign);
	if (c->bad[0] == FILL) {
		for (uint32_t i = 0; i < n && 1536 + 4 * (size_t)i + 4 <= c->hpage - 10; i++)
			put32(page, 1536 + 4 * (size_t)i, i + 1, foreign);
	} else {
		for (uint32_t i = 0; i < n && i < ARRAY_SIZE(c->bad); i++)
			put32(page, 1536 + 4 * (size_t)i, c->bad[i], foreign);
	}
	memcpy(page + c->hpage - 10, c->magic ? c->magic : "SWAPSPACE2", 10);
	return page;
}

static void test_rules(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct kcase *c = &cases[i];
		struct swaparea_kernel k = { c->kpage, c->max_pages ? c->max_pages : BIG_MAX };
		struct swaparea_verdict v;
		uint8_t *page = make_page(c, c->foreign);
		int rc = swaparea_kernel_check(page, c->area_bytes, c->regular_file, &k, &v);
		bool ok = c->rule == SWAPAREA_RULE_OK;

		TAP_EQ_INT(rc, ok ? 0 : -EINVAL, "%s: returns %s", c->name, ok ? "0" : "-EINVAL");
		TAP_EQ_INT(v.accepted, ok, "%s: accepted is %d", c->name, ok);
		TAP_EQ_U64(v.rule, c->rule, "%s: rule %s", c->name, swaparea_rule_name(c->rule));
		TAP_EQ_STR(v.kernel_log, c->log, "%s: kernel log", c->name);
		TAP_EQ_STR(v.kernel_warning, c->warning ? c->warning : "", "%s: kernel warning",
			   c->name);
		if (c->offset != NOT_SET)
			TAP_EQ_U64(v.offset, c->offset, "%s: offset", c->name);
		if (ok) {
			TAP_EQ_U64(v.maxpages, c->maxpages, "%s: maxpages", c->name);
			TAP_EQ_U64(v.usable_pages, c->usable, "%s: usable pages", c->name);
		} else {
			TAP_OK(v.reason[0] != '\0', "%s: a reason is given", c->name);
		}
		free(page);
	}
}

/* Every accepted case gives the same numbers in the other byte order. */
static void test_foreign_same(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct kcase *c = &cases[i];
		struct swaparea_kernel k = { c->kpage, c->max_pages ? c->max_pages : BIG_MAX };
		struct swaparea_verdict native, foreign;
		uint8_t *p1, *p2;
		int rc1, rc2;

		if (c->rule != SWAPAREA_RULE_OK)
			continue;
		p1 = make_page(c, false);
		p2 = make_page(c, true);
		rc1 = swaparea_kernel_check(p1, c->area_bytes, c->regular_file, &k, &native);
		rc2 = swaparea_kernel_check(p2, c->area_bytes, c->regular_file, &k, &foreign);
		TAP_OK(rc1 == 0 && rc2 == 0 && native.maxpages == foreign.maxpages &&
			       native.usable_pages == foreign.usable_pages &&
			       strcmp(native.kernel_warning, foreign.kernel_warning) == 0,
		       "%s: native and foreign order give the same verdict", c->name);
		free(p1);
		free(p2);
	}
}

/* A header written by the library is accepted by the matching kernel, and no other. */
static void test_library_headers(void)
{
	static const uint32_t sizes[] = { 4096, 16384, 65536 };
	static const enum swaparea_endian orders[] = { SWAPAREA_ENDIAN_LITTLE, SWAPAREA_ENDIAN_BIG };

	for (size_t s = 0; s < ARRAY_SIZE(sizes); s++) {
		for (size_t o = 0; o < ARRAY_SIZE(orders); o++) {
			uint32_t ps = sizes[s];
			uint8_t *page = calloc(1, 65536);
			struct swaparea_hdr h;
			struct swaparea_verdict v;
			struct swaparea_kernel k = { ps, BIG_MAX };

			swaparea_hdr_init(&h);
			swaparea_hdr_setup(&h, ps, 5000);      /* last_page 4999 */
			h.endian = orders[o];
			swaparea_hdr_add_badpage(&h, 10);
			swaparea_hdr_add_badpage(&h, 4999);
			swaparea_hdr_encode(&h, page);
			/* 5000 slots less the header and two bad pages. */
			TAP_OK(swaparea_kernel_check(page, 5000ULL * ps, false, &k, &v) == 0 &&
				       v.maxpages == 5000 && v.usable_pages == 4997,
			       "%u %s from the library: accepted, 4997 usable", ps,
			       swaparea_endian_name(orders[o]));
			k.pagesize = ps == 4096 ? 65536 : 4096;
			TAP_OK(swaparea_kernel_check(page, 0, false, &k, &v) == -EINVAL &&
				       v.rule == SWAPAREA_RULE_SIGNATURE,
			       "%u %s judged by a %u kernel: signature", ps,
			       swaparea_endian_name(orders[o]), k.pagesize);
			swaparea_hdr_release(&h);
			free(page);
		}
	}
}

static void test_bad_kernel(void)
{
	static const struct kcase ok_case = { "ok", 4096, 4096, NULL, false, 1, 99, 0, { 0 }, 0, false,
					      0, SWAPAREA_RULE_OK, "", NOT_SET, 100, 99, NULL };
	uint8_t *page = make_page(&ok_case, false);
	struct swaparea_kernel k = { 3000, BIG_MAX };
	struct swaparea_verdict v;

	TAP_EQ_INT(swaparea_kernel_check(page, 0, false, &k, &v), -EINVAL, "kernel page size 3000");
	TAP_OK(!v.accepted, "kernel page size 3000: not accepted");
	TAP_EQ_INT(swaparea_kernel_check(page, 0, false, NULL, &v), -EINVAL, "no kernel");
	TAP_OK(!v.accepted, "no kernel: not accepted");
	free(page);
}

static void test_rule_names(void)
{
	TAP_EQ_STR(swaparea_rule_name(SWAPAREA_RULE_OK), "ok", "rule name of OK");
	TAP_EQ_STR(swaparea_rule_name(SWAPAREA_RULE_SIGNATURE), "signature", "rule name of SIGNATURE");
	for (int r = SWAPAREA_RULE_OK; r <= SWAPAREA_RULE_NO_GOOD_PAGES; r++) {
		const char *name = swaparea_rule_name((enum swaparea_rule)r);
		bool unique = name && *name && strcmp(name, "unknown") != 0;

		for (int q = SWAPAREA_RULE_OK; unique && q < r; q++)
			unique = strcmp(name, swaparea_rule_name((enum swaparea_rule)q)) != 0;
		TAP_OK(unique, "rule %d has its own name (\"%s\")", r, name ? name : "(null)");
	}
}

int main(void)
{
	test_rules();
	test_foreign_same();
	test_library_headers();
	test_bad_kernel();
	test_rule_names();
	return tap_done();
}
