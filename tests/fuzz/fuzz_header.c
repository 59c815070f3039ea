// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fuzz_header.c - libFuzzer target for the swap header reader and validator.
 *
 * The input is the start of a swap area, as swapinspect or swapon would read
 * it from an untrusted disk.  Every input goes through:
 *
 *  1. swaparea_sig_find(), checked against swaparea_sig_at() at every page
 *     size (the smallest size that carries a signature wins);
 *  2. swaparea_hdr_decode() with page size 0 (found from the magic) and with
 *     every supported page size the input holds.  A decoded header must pass
 *     swaparea_hdr_check(), encode into a fresh page and decode back to the
 *     same fields; a v1 header re-encoded must also get the verdict that an
 *     independent count of its fields predicts;
 *  3. swaparea_kernel_check() for kernel page sizes 4096, 16384 and 65536
 *     when the input holds a page of that size.  Bytes the header never uses
 *     (the boot block) choose the other arguments: bytes 0-7, little-endian,
 *     are the area's size in bytes (so the "shorter" rule runs), bit 0 of
 *     byte 8 says regular file, bytes 9-10 a small arch limit on pages, tried
 *     beside the usual 1 << 50.  A verdict must be self-consistent (an
 *     accepted area has 0 < usable_pages < maxpages <= UINT32_MAX, save the
 *     kernel's own wrap on a repeated bad page; a refusal names a rule and
 *     a reason), and an accepted header must decode to the same numbers;
 *  4. swaparea_v0_bitmap_to_hdr() on the whole input as a bitmap, which must
 *     turn back into the same bitmap (bit 0 aside).
 *
 * A broken property calls abort() after naming it, so libFuzzer keeps the
 * input.  Nothing is written to disk.  tests/fuzz/replay.c runs the stored
 * corpus through this function without libFuzzer.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swaparea/header.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

__attribute__((noreturn))
static void check_failed(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: property broken: %s\n", file, line, what);
	abort();
}

#define CHECK(cond)                                                  \
	do {                                                         \
		if (!(cond))                                         \
			check_failed(__FILE__, __LINE__, #cond);     \
	} while (0)

/* Kernel page sizes swaparea_kernel_check() is tried with. */
static const uint32_t kernel_pagesizes[] = { 4096, 16384, 65536 };

static uint32_t load32(const uint8_t *p, size_t off, bool swap)
{
	uint32_t v;

	memcpy(&v, p + off, sizeof(v));
	return swap ? __builtin_bswap32(v) : v;
}

static bool error_filled(const struct swaparea_err *err, int rc)
{
	return err->code == rc && err->msg[0] != '\0' &&
	       memchr(err->msg, '\0', sizeof(err->msg)) != NULL;
}

/* ---- 1. signatures ------------------------------------------------------ */

static void fuzz_sig_find(const uint8_t *data, size_t size)
{
	uint32_t pagesize = 12345, first = 0;
	enum swaparea_sig sig = SWAPAREA_SIG_NONE, at = SWAPAREA_SIG_NONE;
	int rc = swaparea_sig_find(data, size, &pagesize, &sig);

	for (uint32_t ps = 2048; ps <= SWAPAREA_PAGESIZE_SEARCH_MAX; ps <<= 1) {
		enum swaparea_sig s = swaparea_sig_at(data, size, ps);

		CHECK(s <= SWAPAREA_SIG_LINHIB && s != SWAPAREA_SIG_TUXONICE);
		CHECK(strcmp(swaparea_sig_name(s), "") != 0);
		if (s != SWAPAREA_SIG_NONE && !first) {
			first = ps;
			at = s;
		}
	}
	if (rc < 0) {
		CHECK(rc == -ENOENT);
		CHECK(first == 0);
		return;
	}
	CHECK(rc == 0);
	if (sig == SWAPAREA_SIG_TUXONICE) {
		CHECK(pagesize == first);
		return;
	}
	CHECK(first != 0);
	CHECK(pagesize == first && sig == at);
	CHECK(swaparea_pagesize_valid(pagesize));
}

/* ---- 2. decode, check, encode, decode ----------------------------------- */

static bool hdr_equal(const struct swaparea_hdr *a, const struct swaparea_hdr *b)
{
	return a->pagesize == b->pagesize && a->version == b->version &&
	       a->endian == b->endian && a->last_page == b->last_page &&
	       a->nr_badpages == b->nr_badpages &&
	       (a->nr_badpages == 0 ||
		memcmp(a->badpages, b->badpages, a->nr_badpages * sizeof(*a->badpages)) == 0) &&
	       memcmp(a->uuid, b->uuid, sizeof(a->uuid)) == 0 &&
	       memcmp(a->label, b->label, sizeof(a->label)) == 0 &&
	       a->label_unterminated == b->label_unterminated;
}

/*
 * The verdict a v1 header that swaparea_hdr_encode() wrote must get from a
 * kernel of its own page size on a device of unknown size, counted here from
 * the fields rather than from the page.
 */
static void check_verdict_of_encoded(const struct swaparea_hdr *h, const uint8_t *page)
{
	struct swaparea_kernel k = { .pagesize = h->pagesize, .max_swapfile_pages = UINT64_C(1) << 50 };
	struct swaparea_verdict v;
	uint64_t maxpages = (uint64_t)h->last_page + 1;
	uint32_t pages;
	int rc = swaparea_kernel_check(page, 0, false, &k, &v);

	if (h->last_page == 0) {
		CHECK(rc == -EINVAL && v.rule == SWAPAREA_RULE_EMPTY);
		return;
	}
	for (uint32_t i = 0; i < h->nr_badpages; i++) {
		if (h->badpages[i] == 0 || h->badpages[i] > h->last_page) {
			CHECK(rc == -EINVAL && v.rule == SWAPAREA_RULE_BADPAGE_RANGE);
			CHECK(v.offset == SWAPAREA_OFF_BADPAGES + 4 * (uint64_t)i);
			return;
		}
	}
	if (maxpages > UINT32_MAX)
		maxpages = UINT32_MAX;  /* swap_info_struct.max is an unsigned int */
	/* The kernel's unsigned int count, less every listed page below maxpages. */
	pages = (uint32_t)(maxpages - 1);
	for (uint32_t i = 0; i < h->nr_badpages; i++)
		pages -= h->badpages[i] < maxpages;
	CHECK(v.maxpages == maxpages && v.usable_pages == pages);
	if (pages == 0)
		CHECK(rc == -EINVAL && v.rule == SWAPAREA_RULE_NO_GOOD_PAGES);
	else
		CHECK(rc == 0 && v.accepted);
}

static void roundtrip(const struct swaparea_hdr *h)
{
	struct swaparea_hdr back;
	struct swaparea_err err;
	uint8_t *page = malloc(h->pagesize);
	int rc;

	if (!page)
		return;
	swaparea_hdr_init(&back);
	rc = swaparea_hdr_encode(h, page);
	CHECK(rc == 0);
	CHECK(swaparea_sig_at(page, h->pagesize, h->pagesize) ==
	      (h->version == 1 ? SWAPAREA_SIG_V1 : SWAPAREA_SIG_V0));
	/* Decode at the page size written: a smaller one may see a magic in the data. */
	rc = swaparea_hdr_decode(&back, page, h->pagesize, h->pagesize, &err);
	if (rc != -ENOMEM) {
		CHECK(rc == 0 && err.code == 0);
		CHECK(hdr_equal(h, &back));
		CHECK(!back.padding_dirty);
	}
	if (h->version == 1)
		check_verdict_of_encoded(h, page);
	swaparea_hdr_release(&back);
	free(page);
}

/* Decode at @pagesize (0: find it); return the page size decoded, or 0. */
static uint32_t fuzz_decode(const uint8_t *data, size_t size, uint32_t pagesize)
{
	struct swaparea_hdr h;
	struct swaparea_err err;
	uint32_t found = 0;
	int rc;

	swaparea_hdr_init(&h);
	rc = swaparea_hdr_decode(&h, data, size, pagesize, &err);
	switch (rc) {
	case 0:
		CHECK(err.code == 0);
		CHECK(pagesize == 0 || h.pagesize == pagesize);
		CHECK(swaparea_hdr_check(&h, NULL) == 0);
		CHECK(h.version <= 1);
		CHECK(h.version == 0 || h.endian == SWAPAREA_ENDIAN_LITTLE ||
		      h.endian == SWAPAREA_ENDIAN_BIG);
		CHECK(h.version == 1 || h.last_page > 0);
		CHECK(h.nr_badpages <= swaparea_hdr_badpage_capacity(&h));
		CHECK(swaparea_hdr_usable_pages(&h) <= h.last_page);
		CHECK(h.label[SWAPAREA_LABEL_FIELD] == '\0');
		roundtrip(&h);
		found = h.pagesize;
		break;
	case -EUCLEAN:
		/* What could be read is kept, the untrusted list is not. */
		CHECK(error_filled(&err, rc));
		CHECK(h.nr_badpages == 0 && h.badpages == NULL);
		CHECK(swaparea_hdr_check(&h, NULL) == 0);
		break;
	case -ENOMEM:
		break;
	default:
		CHECK(rc == -ENOENT || rc == -EPROTO || rc == -ENODATA);
		CHECK(error_filled(&err, rc));
		CHECK(h.badpages == NULL && h.nr_badpages == 0);
		break;
	}
	swaparea_hdr_release(&h);
	return found;
}

static void fuzz_decode_all(const uint8_t *data, size_t size)
{
	struct swaparea_hdr h;
	struct swaparea_err err;
	uint32_t found = fuzz_decode(data, size, 0);
	uint32_t ps;

	for (ps = 2048; ps <= SWAPAREA_PAGESIZE_SEARCH_MAX && ps <= size; ps <<= 1)
		fuzz_decode(data, size, ps);
	/* One page size past the input: -ENODATA, no byte past the end read. */
	if (ps <= SWAPAREA_PAGESIZE_SEARCH_MAX)
		fuzz_decode(data, size, ps);

	/* A page size that is not supported is refused before any byte is read. */
	swaparea_hdr_init(&h);
	CHECK(swaparea_hdr_decode(&h, data, size, 3000, &err) == -EINVAL);
	CHECK(swaparea_hdr_decode(&h, data, size, 1024, &err) == -EINVAL);
	CHECK(swaparea_hdr_decode(&h, data, size, 2 * (uint64_t)SWAPAREA_PAGESIZE_MAX, &err) == -EINVAL);
	swaparea_hdr_release(&h);

	/* What pagesize 0 found must be what that page size gives when asked. */
	if (found) {
		struct swaparea_hdr a, b;

		swaparea_hdr_init(&a);
		swaparea_hdr_init(&b);
		if (swaparea_hdr_decode(&a, data, size, 0, NULL) == 0 &&
		    swaparea_hdr_decode(&b, data, size, found, NULL) == 0)
			CHECK(hdr_equal(&a, &b) && a.padding_dirty == b.padding_dirty);
		swaparea_hdr_release(&a);
		swaparea_hdr_release(&b);
	}
}

/* ---- 3. the kernel's verdict -------------------------------------------- */

static void check_verdict(const uint8_t *data, size_t size, uint64_t area_bytes,
			  bool regular_file, const struct swaparea_kernel *k)
{
	struct swaparea_verdict v;
	struct swaparea_hdr h;
	uint64_t below = 0;
	uint32_t nr_bad;
	bool swap;
	int rc = swaparea_kernel_check(data, area_bytes, regular_file, k, &v);

	CHECK(memchr(v.reason, '\0', sizeof(v.reason)) != NULL);
	CHECK(memchr(v.kernel_log, '\0', sizeof(v.kernel_log)) != NULL);
	CHECK(memchr(v.kernel_warning, '\0', sizeof(v.kernel_warning)) != NULL);
	CHECK(strcmp(swaparea_rule_name(v.rule), "unknown") != 0);
	if (!v.accepted) {
		CHECK(rc == -EINVAL);
		CHECK(v.rule != SWAPAREA_RULE_OK);
		CHECK(v.reason[0] != '\0');
		CHECK(v.offset == UINT64_MAX || v.offset < k->pagesize);
		return;
	}
	CHECK(rc == 0);
	CHECK(v.rule == SWAPAREA_RULE_OK);
	CHECK(v.usable_pages > 0);
	CHECK(v.maxpages <= UINT32_MAX);
	/*
	 * usable_pages is maxpages - 1 less one per listed page below maxpages,
	 * counted in an unsigned int.  Listed pages are distinct in any header a
	 * tool writes, and then usable_pages < maxpages.  A list that repeats a
	 * page is subtracted once per entry, as the kernel does (header.c, note
	 * 4), and can wrap the count past maxpages: that is the one exception.
	 */
	swap = __builtin_bswap32(load32(data, SWAPAREA_OFF_VERSION, false)) == 1;
	nr_bad = load32(data, SWAPAREA_OFF_NR_BADPAGES, swap);
	for (uint32_t i = 0; i < nr_bad; i++)
		below += load32(data, SWAPAREA_OFF_BADPAGES + 4 * (size_t)i, swap) < v.maxpages;
	CHECK(v.usable_pages == (uint32_t)(v.maxpages - 1 - below));
	CHECK(v.usable_pages < v.maxpages || below > v.maxpages - 1);
	CHECK(v.maxpages <= k->max_swapfile_pages);
	/* The kernel skips the size rule when the size is under one page. */
	CHECK(area_bytes / k->pagesize == 0 || v.maxpages <= area_bytes / k->pagesize);
	CHECK(swaparea_sig_at(data, size, k->pagesize) == SWAPAREA_SIG_V1);

	/* The reader must see what the kernel accepted. */
	swaparea_hdr_init(&h);
	rc = swaparea_hdr_decode(&h, data, size, k->pagesize, NULL);
	if (rc != -ENOMEM) {
		CHECK(rc == 0 && h.version == 1);
		CHECK(h.last_page > 0 && h.last_page == load32(data, SWAPAREA_OFF_LAST_PAGE,
							      h.endian == SWAPAREA_ENDIAN_BIG));
		CHECK(!regular_file || h.nr_badpages == 0);
		for (uint32_t i = 0; i < h.nr_badpages; i++)
			CHECK(h.badpages[i] > 0 && h.badpages[i] <= h.last_page);
	}
	swaparea_hdr_release(&h);
}

static void fuzz_kernel_check(const uint8_t *data, size_t size)
{
	uint64_t area_bytes = 0, small = 10;
	bool regular_file = false;
	struct swaparea_kernel k = { .pagesize = 3000, .max_swapfile_pages = 1 };
	struct swaparea_verdict v;

	/* Little-endian whatever the host, so a stored input means one thing. */
	for (size_t i = 0; i < 8 && i < size; i++)
		area_bytes |= (uint64_t)data[i] << (8 * i);
	if (size > 8)
		regular_file = data[8] & 1;
	if (size > 10)
		small = data[9] | (uint64_t)data[10] << 8;

	/* A kernel page size that is not supported is refused, no byte read. */
	CHECK(swaparea_kernel_check(data, area_bytes, regular_file, &k, &v) == -EINVAL);
	CHECK(!v.accepted && v.rule != SWAPAREA_RULE_OK && v.reason[0] != '\0');

	for (size_t i = 0; i < sizeof(kernel_pagesizes) / sizeof(kernel_pagesizes[0]); i++) {
		k.pagesize = kernel_pagesizes[i];
		if (size < k.pagesize)
			break;
		k.max_swapfile_pages = UINT64_C(1) << 50;
		check_verdict(data, size, area_bytes, regular_file, &k);
		k.max_swapfile_pages = small;
		check_verdict(data, size, area_bytes, regular_file, &k);
	}
}

/* ---- 4. the v0 bitmap ---------------------------------------------------- */

static bool bit(const uint8_t *bitmap, uint32_t n)
{
	return bitmap[n / 8] & (1u << (n % 8));
}

static void fuzz_v0_bitmap(const uint8_t *data, size_t size)
{
	struct swaparea_hdr h;
	uint8_t *again;
	int rc;

	swaparea_hdr_init(&h);
	rc = swaparea_v0_bitmap_to_hdr(&h, data, size);
	if (rc == -ENODATA) {
		for (size_t i = 0; i < size; i++)
			CHECK(data[i] == 0 || (i == 0 && data[i] == 1));
		goto out;
	}
	if (rc == -ENOMEM)
		goto out;
	CHECK(rc == 0);
	CHECK(h.version == 0 && h.last_page > 0 && bit(data, h.last_page));
	CHECK(h.nr_badpages < h.last_page);
	CHECK((h.nr_badpages == 0) == (h.badpages == NULL));
	for (uint32_t i = 0; i < h.nr_badpages; i++) {
		CHECK(h.badpages[i] > 0 && h.badpages[i] < h.last_page);
		CHECK(i == 0 || h.badpages[i] > h.badpages[i - 1]);
		CHECK(!bit(data, h.badpages[i]));
	}

	/* Back to a bitmap: the input, less bit 0 (the header page). */
	again = malloc(size);
	if (!again)
		goto out;
	CHECK(swaparea_v0_bitmap_from_hdr(&h, again, size) == 0);
	CHECK(again[0] == (data[0] & 0xfe));
	CHECK(size == 1 || memcmp(again + 1, data + 1, size - 1) == 0);
	free(again);
out:
	swaparea_hdr_release(&h);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_sig_find(data, size);
	fuzz_decode_all(data, size);
	fuzz_kernel_check(data, size);
	fuzz_v0_bitmap(data, size);
	return 0;
}
