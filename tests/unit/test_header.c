// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test_header.c - unit tests of the v1 swap header: capacity constants,
 * setup, bad pages, labels, the byte layout swaparea_hdr_encode() produces,
 * write->read round trips over every page size x byte order x offset, and
 * what swaparea_hdr_decode() says about pages that are not a good header.
 *
 * Expected bytes are built here by hand from the layout in
 * kernel-swap-facts.md section 1 (version at 1024, last_page at 1028,
 * nr_badpages at 1032, UUID at 1036, label at 1052, bad pages at 1536,
 * "SWAPSPACE2" in the last 10 bytes), never by the library's own encoder.
 */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "swaparea.h"
#include "tap.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Every page size the library supports: the powers of two 2 KiB..256 KiB. */
static const uint32_t pagesizes[] = { 2048, 4096, 8192, 16384, 32768, 65536, 131072, 262144 };

/* The order this machine stores integers in, found without the library. */
static enum swaparea_endian host_order(void)
{
	uint32_t one = 1;
	uint8_t first;

	memcpy(&first, &one, 1);
	return first ? SWAPAREA_ENDIAN_LITTLE : SWAPAREA_ENDIAN_BIG;
}

static enum swaparea_endian resolve(enum swaparea_endian e)
{
	return e == SWAPAREA_ENDIAN_NATIVE ? host_order() : e;
}

/* Store @v at @off in the byte order @e, one byte at a time. */
static void put32(uint8_t *page, size_t off, uint32_t v, enum swaparea_endian e)
{
	for (int i = 0; i < 4; i++) {
		int shift = resolve(e) == SWAPAREA_ENDIAN_BIG ? 24 - 8 * i : 8 * i;

		page[off + (size_t)i] = (uint8_t)(v >> shift);
	}
}

/* Offset of the first byte where @a and @b differ, or -1. */
static long first_diff(const uint8_t *a, const uint8_t *b, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (a[i] != b[i])
			return (long)i;
	return -1;
}

static bool all_bytes(const uint8_t *p, size_t len, uint8_t v)
{
	for (size_t i = 0; i < len; i++)
		if (p[i] != v)
			return false;
	return true;
}

/* ---- constants ---------------------------------------------------------- */

static void test_constants(void)
{
	/* (pagesize - 1536 - 10) / 4, rounded down: the slots between the list and the magic. */
	static const struct {
		uint32_t pagesize, max;
	} caps[] = {
		{ 1024, 0 },       /* too small for the header at all */
		{ 1549, 0 },       /* one byte short of one slot */
		{ 1550, 1 },       /* 1550 - 1546 = 4: exactly one slot */
		{ 2048, 125 },     /* 502 / 4 */
		{ 4096, 637 },     /* 2550 / 4 */
		{ 8192, 1661 },    /* 6646 / 4 */
		{ 16384, 3709 },   /* 14838 / 4 */
		{ 65536, 15997 },  /* 63990 / 4 */
		{ 262144, 65149 }, /* 260598 / 4 */
	};
	static const struct {
		uint64_t pagesize;
		bool valid;
	} valid[] = {
		{ 0, false },       { 1024, false },   { 2048, true },     { 3000, false },
		{ 4096, true },     { 6144, false },   { 65536, true },    { 262144, true },
		{ 524288, true },   { 1ULL << 30, true }, { 1ULL << 31, false }, { (1ULL << 32) + 4096, false },
	};

	TAP_EQ_U64(SWAPAREA_PAGESIZE_MIN, 1550, "SWAPAREA_PAGESIZE_MIN is 1536 + 4 + 10");
	TAP_EQ_U64(SWAPAREA_MAX_PAGES, 4294967295u, "SWAPAREA_MAX_PAGES is 2^32 - 1");
	for (size_t i = 0; i < ARRAY_SIZE(caps); i++)
		TAP_EQ_U64(swaparea_hdr_max_badpages(caps[i].pagesize), caps[i].max,
			   "swaparea_hdr_max_badpages(%u)", caps[i].pagesize);
	for (size_t i = 0; i < ARRAY_SIZE(valid); i++)
		TAP_EQ_INT(swaparea_pagesize_valid(valid[i].pagesize), valid[i].valid,
			   "swaparea_pagesize_valid(%" PRIu64 ")", valid[i].pagesize);
}

/* ---- setup, bad pages, labels -------------------------------------------- */

static void test_setup(void)
{
	static const struct {
		uint32_t pagesize;
		uint64_t npages;
		int rc;
		uint32_t last_page;
	} cases[] = {
		{ 4096, 100, 0, 99 },
		{ 2048, 2, 0, 1 },                      /* header and one page: smallest */
		{ 4096, 1, -ERANGE, 0 },                /* only the header */
		{ 4096, 0, -ERANGE, 0 },
		{ 4096, 1ULL << 32, -ERANGE, 0 },       /* last_page would need 33 bits */
		{ 4096, (1ULL << 32) - 1, 0, 0xfffffffe },
		{ 3000, 100, -EINVAL, 0 },
		{ 1024, 100, -EINVAL, 0 },
		{ 1u << 31, 100, -EINVAL, 0 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct swaparea_hdr h;
		int rc;

		swaparea_hdr_init(&h);
		rc = swaparea_hdr_setup(&h, cases[i].pagesize, cases[i].npages);
		TAP_EQ_INT(rc, cases[i].rc, "setup(%u, %" PRIu64 ") returns %d",
			   cases[i].pagesize, cases[i].npages, cases[i].rc);
		if (rc == 0) {
			TAP_OK(h.pagesize == cases[i].pagesize && h.version == 1 &&
				       h.last_page == cases[i].last_page && h.nr_badpages == 0 &&
				       h.endian == SWAPAREA_ENDIAN_NATIVE && h.label[0] == '\0' &&
				       swaparea_hdr_check(&h, NULL) == 0,
			       "setup(%u, %" PRIu64 "): v1, native, last_page %u, no bad pages",
			       cases[i].pagesize, cases[i].npages, cases[i].last_page);
		}
		swaparea_hdr_release(&h);
	}
}

/* Fill the list to capacity at every page size; the next one must not fit. */
static void test_add_badpage(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(pagesizes); i++) {
		uint32_t ps = pagesizes[i];
		uint32_t cap = (ps - 1546) / 4;  /* independent of swaparea_hdr_max_badpages */
		struct swaparea_hdr h;
		bool ok = true;

		swaparea_hdr_init(&h);
		swaparea_hdr_setup(&h, ps, 1000000);   /* last_page 999999 */
		TAP_EQ_INT(swaparea_hdr_add_badpage(&h, 0), -ERANGE, "%u: bad page 0 is the header",
			   ps);
		TAP_EQ_INT(swaparea_hdr_add_badpage(&h, 1000000), -ERANGE,
			   "%u: bad page last_page + 1 is past the end", ps);
		TAP_EQ_INT(swaparea_hdr_add_badpage(&h, UINT32_MAX), -ERANGE,
			   "%u: bad page 2^32 - 1 is past the end", ps);
		TAP_EQ_U64(h.nr_badpages, 0, "%u: refused pages are not added", ps);
		TAP_EQ_INT(swaparea_hdr_add_badpage(&h, 999999), 0, "%u: last_page itself may be bad",
			   ps);
		for (uint32_t n = 1; ok && n < cap; n++)
			ok = swaparea_hdr_add_badpage(&h, n) == 0 && swaparea_hdr_check(&h, NULL) == 0;
		TAP_OK(ok && h.nr_badpages == cap, "%u: %u bad pages fit", ps, cap);
		TAP_EQ_INT(swaparea_hdr_add_badpage(&h, 500000), -ENOSPC, "%u: bad page %u does not",
			   ps, cap + 1);
		TAP_OK(h.nr_badpages == cap && h.badpages[0] == 999999 &&
			       h.badpages[cap - 1] == cap - 1,
		       "%u: the list kept its order and length", ps);
		swaparea_hdr_release(&h);
	}
}

static void test_label(void)
{
	static const struct {
		const char *in;
		const char *stored;
		bool truncated;
	} cases[] = {
		{ "", "", false },
		{ "swap", "swap", false },
		{ "abcdefghijklmno", "abcdefghijklmno", false },        /* 15: fits */
		{ "abcdefghijklmnop", "abcdefghijklmno", true },        /* 16: cut to 15 */
		{ "abcdefghijklmnopq", "abcdefghijklmno", true },       /* 17 */
		/* "ä" is c3 a4: 8 of them are 16 bytes, cut after the lead byte of the 8th. */
		{ "\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4",
		  "\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3", true },
		/* "€" is e2 82 ac: 5 of them are exactly 15 bytes. */
		{ "\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac",
		  "\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac", false },
	};
	struct swaparea_hdr h, back;
	uint8_t *page = malloc(4096);

	swaparea_hdr_init(&h);
	swaparea_hdr_init(&back);
	swaparea_hdr_setup(&h, 4096, 100);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		uint8_t field[16] = { 0 };
		bool truncated = !cases[i].truncated;

		/* A longer label first: the new one must not keep its tail. */
		swaparea_hdr_set_label(&h, "0123456789ABCDEFGHIJ", NULL);
		swaparea_hdr_set_label(&h, cases[i].in, &truncated);
		TAP_EQ_STR(h.label, cases[i].stored, "label case %zu stored", i);
		TAP_EQ_INT(truncated, cases[i].truncated, "label case %zu truncated flag", i);

		memcpy(field, cases[i].stored, strlen(cases[i].stored));
		TAP_OK(swaparea_hdr_encode(&h, page) == 0 && memcmp(page + 1052, field, 16) == 0,
		       "label case %zu: bytes 1052..1067 are the label, NUL-padded", i);
		TAP_OK(swaparea_hdr_decode(&back, page, 4096, 4096, NULL) == 0 &&
			       strcmp(back.label, cases[i].stored) == 0 && !back.label_unterminated,
		       "label case %zu decodes back", i);
	}
	swaparea_hdr_release(&back);
	swaparea_hdr_release(&h);
	free(page);
}

/* ---- encode: the bytes ------------------------------------------------------ */

static const uint8_t test_uuid[16] = {
	0x10, 0x32, 0x54, 0x76, 0x98, 0xba, 0xdc, 0xfe, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
};

/* Compare swaparea_hdr_encode() with a page built byte by byte here. */
static void test_encode_bytes(void)
{
	static const enum swaparea_endian orders[] = {
		SWAPAREA_ENDIAN_NATIVE, SWAPAREA_ENDIAN_LITTLE, SWAPAREA_ENDIAN_BIG,
	};
	static const uint32_t sizes[] = { 2048, 4096, 65536 };

	for (size_t s = 0; s < ARRAY_SIZE(sizes); s++) {
		for (size_t o = 0; o < ARRAY_SIZE(orders); o++) {
			uint32_t ps = sizes[s];
			enum swaparea_endian e = orders[o];
			uint8_t *got = malloc(ps), *want = calloc(1, ps);
			struct swaparea_hdr h;
			long diff;

			swaparea_hdr_init(&h);
			swaparea_hdr_setup(&h, ps, 0x01020305);   /* last_page 0x01020304 */
			h.endian = e;
			memcpy(h.uuid, test_uuid, 16);
			swaparea_hdr_set_label(&h, "SWAPLABEL", NULL);
			swaparea_hdr_add_badpage(&h, 0x00010203);
			swaparea_hdr_add_badpage(&h, 0x01020304);

			put32(want, 1024, 1, e);
			put32(want, 1028, 0x01020304, e);
			put32(want, 1032, 2, e);
			memcpy(want + 1036, test_uuid, 16);
			memcpy(want + 1052, "SWAPLABEL", 9);
			put32(want, 1536, 0x00010203, e);
			put32(want, 1540, 0x01020304, e);
			memcpy(want + ps - 10, "SWAPSPACE2", 10);

			memset(got, 0xaa, ps);  /* encode must zero the bootbits too */
			TAP_EQ_INT(swaparea_hdr_encode(&h, got), 0, "encode %u %s", ps,
				   swaparea_endian_name(e));
			diff = first_diff(got, want, ps);
			if (!TAP_OK(diff < 0, "encode %u %s: the page matches the layout byte for "
				    "byte", ps, swaparea_endian_name(e)))
				printf("#   first difference at byte %ld: got 0x%02x, want 0x%02x\n",
				       diff, got[diff], want[diff]);
			swaparea_hdr_release(&h);
			free(got);
			free(want);
		}
	}

	/* The two orders spelled out, not derived. */
	{
		static const uint8_t be[] = { 0, 0, 0, 1, 0x01, 0x02, 0x03, 0x04, 0, 0, 0, 0 };
		static const uint8_t le[] = { 1, 0, 0, 0, 0x04, 0x03, 0x02, 0x01, 0, 0, 0, 0 };
		uint8_t *page = malloc(4096);
		struct swaparea_hdr h;

		swaparea_hdr_init(&h);
		swaparea_hdr_setup(&h, 4096, 0x01020305);
		h.endian = SWAPAREA_ENDIAN_BIG;
		swaparea_hdr_encode(&h, page);
		TAP_OK(memcmp(page + 1024, be, sizeof(be)) == 0,
		       "big-endian: 00 00 00 01 at 1024, 01 02 03 04 at 1028");
		h.endian = SWAPAREA_ENDIAN_LITTLE;
		swaparea_hdr_encode(&h, page);
		TAP_OK(memcmp(page + 1024, le, sizeof(le)) == 0,
		       "little-endian: 01 00 00 00 at 1024, 04 03 02 01 at 1028");
		TAP_OK(memcmp(page + 4086, "SWAPSPACE2", 10) == 0, "magic at 4096 - 10");
		swaparea_hdr_release(&h);
		free(page);
	}
}

/* Headers that break an invariant are not encoded. */
static void test_encode_refuses(void)
{
	uint8_t *page = malloc(4096);
	uint32_t list[1] = { 5 };
	struct swaparea_hdr h;

	swaparea_hdr_init(&h);
	swaparea_hdr_setup(&h, 4096, 100);
	h.nr_badpages = 638;                 /* one past the 637 a 4 KiB page holds */
	h.badpages = list;
	TAP_EQ_INT(swaparea_hdr_encode(&h, page), -EINVAL, "encode refuses 638 bad pages at 4096");
	h.nr_badpages = 1;
	h.badpages = NULL;
	TAP_EQ_INT(swaparea_hdr_encode(&h, page), -EINVAL, "encode refuses a count without a list");
	h.nr_badpages = 0;
	memset(h.label, 'x', sizeof(h.label));
	TAP_EQ_INT(swaparea_hdr_encode(&h, page), -EINVAL, "encode refuses an unterminated label");
	h.label[0] = '\0';
	h.version = 2;
	TAP_EQ_INT(swaparea_hdr_encode(&h, page), -EINVAL, "encode refuses version 2");
	h.version = 1;
	h.pagesize = 3000;
	TAP_EQ_INT(swaparea_hdr_encode(&h, page), -EINVAL, "encode refuses page size 3000");
	free(page);
}

/* ---- write -> read round trips ---------------------------------------------- */

/* All fields of @a and @b equal; otherwise say which one in @why. */
static bool hdr_same(const struct swaparea_hdr *a, const struct swaparea_hdr *b, const char **why)
{
	*why = "pagesize";
	if (a->pagesize != b->pagesize)
		return false;
	*why = "version";
	if (a->version != b->version)
		return false;
	*why = "last_page";
	if (a->last_page != b->last_page)
		return false;
	*why = "nr_badpages";
	if (a->nr_badpages != b->nr_badpages)
		return false;
	*why = "badpages";
	if (a->nr_badpages && memcmp(a->badpages, b->badpages, 4 * (size_t)a->nr_badpages) != 0)
		return false;
	*why = "uuid";
	if (memcmp(a->uuid, b->uuid, 16) != 0)
		return false;
	*why = "label";
	if (strcmp(a->label, b->label) != 0)
		return false;
	*why = "";
	return true;
}

/*
 * One round trip: a header of page size @ps in order @e with @nbad bad
 * pages, written at @off into @fd over 0xaa bytes, then read back twice.
 */
static void round_trip(int fd, uint32_t ps, enum swaparea_endian e, uint64_t off, uint32_t nbad,
		       uint8_t salt)
{
	/* Every byte differs, so a half-swapped integer cannot pass. */
	const uint32_t last_page = 0x89abcdef;
	const char *order = swaparea_endian_name(e);
	size_t total = (size_t)off + ps + 4096;
	uint8_t *file = malloc(total), *enc = malloc(ps);
	struct swaparea_hdr h, back;
	struct swaparea_err err;
	char label[16];
	const char *why;
	bool ok = true;

	swaparea_hdr_init(&h);
	swaparea_hdr_init(&back);
	swaparea_hdr_setup(&h, ps, (uint64_t)last_page + 1);
	h.endian = e;
	for (int i = 0; i < 16; i++)
		h.uuid[i] = test_uuid[i] ^ salt;
	snprintf(label, sizeof(label), "rt-%u-%u", ps, salt);
	swaparea_hdr_set_label(&h, label, NULL);
	for (uint32_t i = 0; ok && i < nbad; i++)
		ok = swaparea_hdr_add_badpage(&h, last_page - 3 * i) == 0;

	memset(file, 0xaa, total);
	ok = ok && ftruncate(fd, 0) == 0 && pwrite(fd, file, total, 0) == (ssize_t)total;
	ok = ok && swaparea_hdr_write(fd, off, &h) == 0;
	ok = ok && pread(fd, file, total, 0) == (ssize_t)total;
	ok = ok && swaparea_hdr_encode(&h, enc) == 0;
	TAP_OK(ok, "%u %s @%" PRIu64 ": %u bad pages written", ps, order, off, nbad);
	TAP_OK(all_bytes(file, (size_t)off + 1024, 0xaa) && all_bytes(file + off + ps, 4096, 0xaa),
	       "%u %s @%" PRIu64 ": bytes before the offset, the bootbits and after the page "
	       "are untouched", ps, order, off);
	TAP_OK(memcmp(file + off + 1024, enc + 1024, ps - 1024) == 0,
	       "%u %s @%" PRIu64 ": bytes 1024.. are the encoded page", ps, order, off);

	/* Page size 0: found from the magic; then the exact one. */
	for (int exact = 0; exact < 2; exact++) {
		uint32_t want_ps = exact ? ps : 0;
		int rc = swaparea_hdr_read(fd, off, want_ps, &back, &err);

		TAP_EQ_INT(rc, 0, "%u %s @%" PRIu64 ", read with pagesize %u", ps, order, off,
			   want_ps);
		if (!TAP_OK(rc == 0 && hdr_same(&h, &back, &why),
			    "%u %s @%" PRIu64 ", pagesize %u: every field equal", ps, order, off,
			    want_ps))
			printf("#   first field that differs: %s\n", rc ? "(read failed)" : why);
		TAP_EQ_INT(back.endian, resolve(e), "%u %s @%" PRIu64 ", pagesize %u: decoded order",
			   ps, order, off, want_ps);
	}
	swaparea_hdr_release(&back);
	swaparea_hdr_release(&h);
	free(enc);
	free(file);
}

/* Every page size x {native, little, big} x offset {0, 10000, 1 MiB}. */
static void test_round_trip(void)
{
	static const enum swaparea_endian orders[] = {
		SWAPAREA_ENDIAN_NATIVE, SWAPAREA_ENDIAN_LITTLE, SWAPAREA_ENDIAN_BIG,
	};
	/* Each offset also fixes how full the bad-page list is: full, empty, three. */
	static const struct {
		uint64_t offset;
		int nbad;   /* -1: as many as fit */
	} where[] = {
		{ 0, -1 }, { 10000, 0 }, { 1 << 20, 3 },
	};
	int fd = tap_temp_fd("test_header");
	uint8_t salt = 0;

	if (!TAP_OK(fd >= 0, "temporary file"))
		return;
	for (size_t s = 0; s < ARRAY_SIZE(pagesizes); s++) {
		for (size_t o = 0; o < ARRAY_SIZE(orders); o++) {
			for (size_t w = 0; w < ARRAY_SIZE(where); w++) {
				uint32_t ps = pagesizes[s];
				uint32_t nbad = where[w].nbad < 0 ? (ps - 1546) / 4
								  : (uint32_t)where[w].nbad;

				round_trip(fd, ps, orders[o], where[w].offset, nbad, ++salt);
			}
		}
	}
	close(fd);
}

/* ---- decode: pages that are not a good header ------------------------------- */

/* A valid v1 page of @ps bytes in order @e with label "keep", last_page 999, list [7]. */
static uint8_t *good_page(uint32_t ps, enum swaparea_endian e)
{
	uint8_t *page = calloc(1, ps);

	put32(page, 1024, 1, e);
	put32(page, 1028, 999, e);
	put32(page, 1032, 1, e);
	memcpy(page + 1036, test_uuid, 16);
	memcpy(page + 1052, "keep", 4);
	put32(page, 1536, 7, e);
	memcpy(page + ps - 10, "SWAPSPACE2", 10);
	return page;
}

static void test_decode_errors(void)
{
	static const enum swaparea_endian orders[] = { SWAPAREA_ENDIAN_LITTLE, SWAPAREA_ENDIAN_BIG };
	struct swaparea_hdr h;
	struct swaparea_err err;
	uint8_t *page;
	uint32_t ps;
	enum swaparea_sig sig;

	swaparea_hdr_init(&h);

	/* Nothing there. */
	page = calloc(1, 65536);
	TAP_EQ_INT(swaparea_hdr_decode(&h, page, 65536, 0, &err), -ENOENT, "zero page: -ENOENT");
	TAP_EQ_INT(err.code, -ENOENT, "zero page: err.code");
	TAP_EQ_INT(swaparea_hdr_decode(&h, page, 4096, 4096, &err), -ENOENT,
		   "zero page, pagesize 4096: -ENOENT");
	free(page);

	/* A hibernation image where the magic was. */
	for (size_t i = 0; i < 2; i++) {
		ps = i ? 16384 : 4096;
		page = good_page(ps, SWAPAREA_ENDIAN_NATIVE);
		memcpy(page + ps - 10, "S1SUSPEND\0", 10);
		TAP_EQ_INT(swaparea_hdr_decode(&h, page, ps, 0, &err), -ENOENT,
			   "S1SUSPEND at %u: -ENOENT", ps);
		ps = 0;
		sig = SWAPAREA_SIG_NONE;
		TAP_EQ_INT(swaparea_sig_find(page, i ? 16384 : 4096, &ps, &sig), 0,
			   "sig_find finds it");
		TAP_EQ_INT(sig, SWAPAREA_SIG_S1SUSPEND, "sig_find: S1SUSPEND");
		TAP_EQ_U64(ps, i ? 16384 : 4096, "sig_find: page size from the magic's place");
		TAP_OK(swaparea_sig_is_suspend(sig), "S1SUSPEND is a suspend signature");
		free(page);
	}

	/* A magic at the wrong place for the page size asked for. */
	page = good_page(8192, SWAPAREA_ENDIAN_NATIVE);
	TAP_EQ_INT(swaparea_hdr_decode(&h, page, 8192, 4096, &err), -ENOENT,
		   "8 KiB header read as 4 KiB: -ENOENT");
	TAP_OK(swaparea_hdr_decode(&h, page, 8192, 0, &err) == 0 && h.pagesize == 8192,
	       "8 KiB header with pagesize 0: found at 8192");
	free(page);

	for (size_t o = 0; o < ARRAY_SIZE(orders); o++) {
		const char *name = swaparea_endian_name(orders[o]);

		/* Unknown versions, whatever their byte order. */
		static const uint32_t versions[] = { 0, 2, 0x02000000, 0xffffffff };

		for (size_t v = 0; v < ARRAY_SIZE(versions); v++) {
			page = good_page(4096, orders[o]);
			put32(page, 1024, versions[v], orders[o]);
			TAP_EQ_INT(swaparea_hdr_decode(&h, page, 4096, 0, &err), -EPROTO,
				   "%s version 0x%08x: -EPROTO", name, versions[v]);
			TAP_EQ_U64(err.offset, 1024, "%s version 0x%08x: err.offset is the version",
				   name, versions[v]);
			free(page);
		}

		/* A list that just fits decodes. */
		page = good_page(4096, orders[o]);
		put32(page, 1032, 637, orders[o]);
		for (uint32_t i = 1; i < 637; i++)
			put32(page, 1536 + 4 * i, 7 + i, orders[o]);
		TAP_OK(swaparea_hdr_decode(&h, page, 4096, 0, &err) == 0 && h.nr_badpages == 637 &&
			       h.badpages[636] == 643,
		       "%s nr_badpages 637 at 4096: decoded, last entry 7 + 636", name);
		free(page);

		/* One more cannot be right: the fields are kept, the list dropped. */
		static const uint32_t counts[] = { 638, 0xffffffff };

		for (size_t c = 0; c < ARRAY_SIZE(counts); c++) {
			page = good_page(4096, orders[o]);
			put32(page, 1032, counts[c], orders[o]);
			TAP_EQ_INT(swaparea_hdr_decode(&h, page, 4096, 0, &err), -EUCLEAN,
				   "%s nr_badpages %u at 4096: -EUCLEAN", name, counts[c]);
			TAP_EQ_INT(err.code, -EUCLEAN, "%s nr_badpages %u: err.code", name, counts[c]);
			TAP_EQ_U64(err.offset, 1032, "%s nr_badpages %u: err.offset is nr_badpages",
				   name, counts[c]);
			TAP_OK(h.pagesize == 4096 && h.version == 1 && h.last_page == 999 &&
				       strcmp(h.label, "keep") == 0 &&
				       memcmp(h.uuid, test_uuid, 16) == 0 && h.endian == orders[o],
			       "%s nr_badpages %u: page size, version, last_page, uuid, label kept",
			       name, counts[c]);
			TAP_OK(h.nr_badpages == 0 && h.badpages == NULL,
			       "%s nr_badpages %u: list dropped", name, counts[c]);
			TAP_OK(swaparea_hdr_check(&h, NULL) == 0, "%s nr_badpages %u: invariants hold",
			       name, counts[c]);
			free(page);
		}
	}

	/*
	 * Buffers shorter than the page: exact-size heap copies, so that a
	 * sanitizer build catches any read past them.
	 */
	{
		uint8_t *full = good_page(4096, SWAPAREA_ENDIAN_NATIVE);
		static const size_t lens[] = { 0, 1, 1024, 2047, 4095 };

		for (size_t i = 0; i < ARRAY_SIZE(lens); i++) {
			uint8_t *part = malloc(lens[i] ? lens[i] : 1);

			memcpy(part, full, lens[i]);
			TAP_OK(swaparea_hdr_decode(&h, part, lens[i], 4096, &err) < 0,
			       "%zu of 4096 bytes, pagesize 4096: an error", lens[i]);
			TAP_OK(swaparea_hdr_decode(&h, part, lens[i], 0, &err) < 0,
			       "%zu of 4096 bytes, pagesize 0: an error", lens[i]);
			free(part);
		}
		free(full);
	}

	/* label_unterminated and padding_dirty say what blkid would distrust. */
	page = good_page(4096, SWAPAREA_ENDIAN_NATIVE);
	memcpy(page + 1052, "0123456789abcdef", 16);
	TAP_OK(swaparea_hdr_decode(&h, page, 4096, 0, NULL) == 0 && h.label_unterminated &&
		       strcmp(h.label, "0123456789abcdef") == 0 && !h.padding_dirty,
	       "16 label bytes: all kept, label_unterminated");
	page[1068 + 4 * 32] = 1;   /* padding[32] */
	TAP_OK(swaparea_hdr_decode(&h, page, 4096, 0, NULL) == 0 && h.padding_dirty,
	       "padding[32] nonzero: padding_dirty");
	page[1068 + 4 * 32] = 0;
	page[1068 + 4 * 33 + 3] = 1;   /* padding[33] */
	TAP_OK(swaparea_hdr_decode(&h, page, 4096, 0, NULL) == 0 && h.padding_dirty,
	       "padding[33] nonzero: padding_dirty");
	page[1068 + 4 * 33 + 3] = 0;
	page[1068 + 4 * 34] = 1;   /* padding[34]: blkid does not look */
	TAP_OK(swaparea_hdr_decode(&h, page, 4096, 0, NULL) == 0 && !h.padding_dirty,
	       "padding[34] nonzero: not padding_dirty");
	free(page);
	swaparea_hdr_release(&h);
}

/* ---- small functions ---------------------------------------------------------- */

static void test_usable_pages(void)
{
	static const struct {
		uint32_t last_page, nr_bad;
		uint64_t usable;
	} cases[] = {
		{ 1, 0, 1 },             /* pages 0 (header) and 1 */
		{ 99, 0, 99 },
		{ 99, 5, 94 },
		{ 3, 3, 0 },             /* header and three bad pages */
		{ 3, 5, 0 },             /* more bad than pages: none, not a wrap */
		{ 0xffffffff, 0, 0xffffffff },   /* 2^32 pages less the header */
		{ 0xffffffff, 637, 0xffffffffull - 637 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct swaparea_hdr h;

		swaparea_hdr_init(&h);
		h.pagesize = 4096;
		h.version = 1;
		h.last_page = cases[i].last_page;
		h.nr_badpages = cases[i].nr_bad;
		TAP_EQ_U64(swaparea_hdr_usable_pages(&h), cases[i].usable,
			   "usable_pages(last_page %u, %u bad)", cases[i].last_page, cases[i].nr_bad);
	}
}

static void test_names(void)
{
	static const struct {
		enum swaparea_sig sig;
		const char *magic;   /* 10 bytes at pagesize - 10 */
	} sigs[] = {
		{ SWAPAREA_SIG_V1, "SWAPSPACE2" },
		{ SWAPAREA_SIG_V0, "SWAP-SPACE" },
		{ SWAPAREA_SIG_S1SUSPEND, "S1SUSPEND\0" },
		{ SWAPAREA_SIG_S2SUSPEND, "S2SUSPEND\0" },
		{ SWAPAREA_SIG_ULSUSPEND, "ULSUSPEND\0" },
		{ SWAPAREA_SIG_LINHIB, "LINHIB0001" },
	};
	static const struct {
		const char *text;
		int rc;
		enum swaparea_endian e;
	} endians[] = {
		{ "native", 0, SWAPAREA_ENDIAN_NATIVE },
		{ "little", 0, SWAPAREA_ENDIAN_LITTLE },
		{ "big", 0, SWAPAREA_ENDIAN_BIG },
		{ "", -EINVAL, 0 },
		{ "Little", -EINVAL, 0 },
		{ "bigger", -EINVAL, 0 },
		{ "middle", -EINVAL, 0 },
	};
	const char *names[16];
	size_t n = 0;

	TAP_EQ_STR(swaparea_sig_name(SWAPAREA_SIG_V1), "swap-v1", "sig name of v1");
	TAP_EQ_STR(swaparea_sig_name(SWAPAREA_SIG_S1SUSPEND), "s1suspend", "sig name of S1SUSPEND");

	/* Every signature: found at each page size, named, named apart from the others. */
	for (size_t i = 0; i < ARRAY_SIZE(sigs); i++) {
		const char *name = swaparea_sig_name(sigs[i].sig);
		bool ok = true;

		for (size_t s = 0; s < ARRAY_SIZE(pagesizes); s++) {
			uint32_t ps = pagesizes[s], found_ps = 0;
			uint8_t *page = calloc(1, ps);
			enum swaparea_sig found = SWAPAREA_SIG_NONE;

			memcpy(page + ps - 10, sigs[i].magic, 10);
			ok = ok && swaparea_sig_at(page, ps, ps) == sigs[i].sig &&
			     swaparea_sig_find(page, ps, &found_ps, &found) == 0 &&
			     found == sigs[i].sig && found_ps == ps;
			free(page);
		}
		TAP_OK(ok, "%s: sig_at and sig_find at every page size", name);
		TAP_EQ_INT(swaparea_sig_is_suspend(sigs[i].sig),
			   sigs[i].sig != SWAPAREA_SIG_V1 && sigs[i].sig != SWAPAREA_SIG_V0,
			   "%s: is_suspend", name);
		names[n++] = name;
	}
	names[n++] = swaparea_sig_name(SWAPAREA_SIG_TUXONICE);
	names[n++] = swaparea_sig_name(SWAPAREA_SIG_NONE);
	for (size_t i = 0; i < n; i++) {
		bool lower = names[i] && *names[i];

		for (const char *c = names[i]; lower && *c; c++)
			lower = !(*c >= 'A' && *c <= 'Z');
		for (size_t j = 0; lower && j < i; j++)
			lower = strcmp(names[i], names[j]) != 0;
		TAP_OK(lower, "sig name \"%s\" is lower case and unique",
		       names[i] ? names[i] : "(null)");
	}

	/* TuxOnIce's magic sits at byte 0; alone it gives no page size. */
	{
		static const uint8_t tux[8] = { 0xed, 0xc3, 0x02, 0xe9, 0x98, 0x56, 0xe5, 0x0c };
		uint8_t *page = calloc(1, 4096);
		uint32_t found_ps = 1;
		enum swaparea_sig found = SWAPAREA_SIG_NONE;

		memcpy(page, tux, sizeof(tux));
		TAP_OK(swaparea_sig_find(page, 4096, &found_ps, &found) == 0 &&
			       found == SWAPAREA_SIG_TUXONICE && found_ps == 0,
		       "TuxOnIce at byte 0: found, page size 0");
		TAP_OK(swaparea_sig_is_suspend(SWAPAREA_SIG_TUXONICE),
		       "TuxOnIce is a suspend signature");
		free(page);
	}

	for (size_t i = 0; i < ARRAY_SIZE(endians); i++) {
		enum swaparea_endian e = (enum swaparea_endian)99;
		int rc = swaparea_endian_parse(endians[i].text, &e);

		TAP_EQ_INT(rc, endians[i].rc, "endian_parse(\"%s\")", endians[i].text);
		if (rc == 0) {
			TAP_EQ_INT(e, endians[i].e, "endian_parse(\"%s\") value", endians[i].text);
			TAP_EQ_STR(swaparea_endian_name(e), endians[i].text, "endian_name round trip");
		}
	}
}

int main(void)
{
	test_constants();
	test_setup();
	test_add_badpage();
	test_label();
	test_encode_bytes();
	test_encode_refuses();
	test_round_trip();
	test_decode_errors();
	test_usable_pages();
	test_names();
	return tap_done();
}
