// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * gen-corpus.c - write the seed inputs of fuzz_header that mkswap cannot make.
 *
 *	gen-corpus DIR
 *
 * tests/fuzz/make-corpus.sh builds and runs this against the static library.
 * util-linux's mkswap writes the native little-endian headers; this program
 * writes, through libswaparea's own encoder, the big-endian ones, the legacy
 * v0 bitmaps, and damaged pages whose every fault is one rule of the reader
 * or of the kernel's verdict: a bad-page count past the list, version 2,
 * last_page 0, bad page 0 or past the end, duplicated bad pages, suspend
 * signatures in place of the magic, a TuxOnIce header, truncated pages.
 *
 * fuzz_header reads the boot block (bytes 0-10, never part of the header) as
 * the other arguments of swaparea_kernel_check(): bytes 0-7 little-endian are
 * the area's size in bytes, bit 0 of byte 8 means a regular file, bytes 9-10
 * a small arch limit on pages.  Seeds that test those rules set them here.
 *
 * Every file is one header page (less for the truncated ones), named after
 * what it holds.  UUIDs and labels are fixed, so two runs write the same bytes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swaparea/header.h"
#include "swaparea/uuid.h"

#define UUID_TEXT "4f1d2c3b-5a69-4788-9a0b-c1d2e3f40516"

static const char *outdir;
static int failures;

static void put32(uint8_t *page, size_t off, uint32_t v, enum swaparea_endian e)
{
	for (int i = 0; i < 4; i++) {
		int shift = e == SWAPAREA_ENDIAN_BIG ? 8 * (3 - i) : 8 * i;

		page[off + (size_t)i] = (uint8_t)(v >> shift);
	}
}

/* The boot-block bytes fuzz_header turns into swaparea_kernel_check()'s arguments. */
static void set_kernel_args(uint8_t *page, uint64_t area_bytes, bool regular_file,
			    uint16_t small_limit)
{
	for (int i = 0; i < 8; i++)
		page[i] = (uint8_t)(area_bytes >> (8 * i));
	page[8] = regular_file;
	page[9] = (uint8_t)small_limit;
	page[10] = (uint8_t)(small_limit >> 8);
}

static void save(const char *name, const uint8_t *buf, size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", outdir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(buf, 1, len, f) != len || fclose(f) != 0) {
		fprintf(stderr, "gen-corpus: cannot write '%s': %s\n", path, strerror(errno));
		failures++;
	}
}

/*
 * Encode a v1 (@version 1) or v0 header of @npages pages into @page; @bad
 * lists @nbad bad pages, ascending.  Returns false (and counts a failure)
 * when the library refuses.
 */
static bool make_hdr(uint8_t *page, uint32_t pagesize, uint32_t version,
		     enum swaparea_endian e, uint64_t npages, const char *label,
		     const uint32_t *bad, size_t nbad)
{
	struct swaparea_hdr h;
	bool ok = false;

	swaparea_hdr_init(&h);
	if (swaparea_hdr_setup(&h, pagesize, npages) < 0)
		goto out;
	h.version = version;
	h.endian = e;
	if (version == 1 && swaparea_uuid_parse(UUID_TEXT, h.uuid) < 0)
		goto out;
	if (label)
		swaparea_hdr_set_label(&h, label, NULL);
	for (size_t i = 0; i < nbad; i++)
		if (swaparea_hdr_add_badpage(&h, bad[i]) < 0)
			goto out;
	ok = swaparea_hdr_encode(&h, page) == 0;
out:
	if (!ok) {
		fprintf(stderr, "gen-corpus: cannot encode a %u-byte v%u header\n",
			pagesize, version);
		failures++;
	}
	swaparea_hdr_release(&h);
	return ok;
}

static const char *endian_tag(enum swaparea_endian e)
{
	return e == SWAPAREA_ENDIAN_BIG ? "be" : "le";
}

/* Good v1 headers: every page size, both orders, bare and with label and bad pages. */
static void gen_v1(uint8_t *page)
{
	static const enum swaparea_endian orders[] = { SWAPAREA_ENDIAN_LITTLE, SWAPAREA_ENDIAN_BIG };
	static const uint32_t bad[] = { 2, 5, 6, 63 };
	char name[128];

	for (uint32_t ps = 2048; ps <= 65536; ps <<= 1) {
		for (size_t o = 0; o < 2; o++) {
			enum swaparea_endian e = orders[o];

			snprintf(name, sizeof(name), "gen-v1-%s-%u", endian_tag(e), ps);
			if (make_hdr(page, ps, 1, e, 64, NULL, NULL, 0))
				save(name, page, ps);
			snprintf(name, sizeof(name), "gen-v1-%s-%u-label-bad", endian_tag(e), ps);
			if (make_hdr(page, ps, 1, e, 64, "fuzzseed", bad, 4))
				save(name, page, ps);
		}
	}
	/* The whole list in use, at the two ends of the page-size range. */
	for (uint32_t ps = 2048; ps <= 65536; ps *= 32) {
		uint32_t n = swaparea_hdr_max_badpages(ps);
		uint32_t *full = malloc(n * sizeof(*full));

		if (!full) {
			failures++;
			continue;
		}
		for (uint32_t i = 0; i < n; i++)
			full[i] = i + 1;
		snprintf(name, sizeof(name), "gen-v1-be-%u-badlist-full", ps);
		if (make_hdr(page, ps, 1, SWAPAREA_ENDIAN_BIG, (uint64_t)n + 20, NULL, full, n))
			save(name, page, ps);
		free(full);
	}
	/* The largest area last_page can describe. */
	if (make_hdr(page, 4096, 1, SWAPAREA_ENDIAN_LITTLE, SWAPAREA_MAX_PAGES, NULL, NULL, 0))
		save("gen-v1-le-4096-max-pages", page, 4096);
	/* last_page all ones: 2^32 pages, one more than the kernel's unsigned int max. */
	if (make_hdr(page, 4096, 1, SWAPAREA_ENDIAN_BIG, 64, NULL, NULL, 0)) {
		put32(page, SWAPAREA_OFF_LAST_PAGE, UINT32_MAX, SWAPAREA_ENDIAN_BIG);
		save("gen-v1-be-4096-last-page-all-ones", page, 4096);
		/* The last page is past the kernel's max: listed, but not subtracted. */
		put32(page, SWAPAREA_OFF_NR_BADPAGES, 2, SWAPAREA_ENDIAN_BIG);
		put32(page, SWAPAREA_OFF_BADPAGES, 5, SWAPAREA_ENDIAN_BIG);
		put32(page, SWAPAREA_OFF_BADPAGES + 4, UINT32_MAX, SWAPAREA_ENDIAN_BIG);
		save("gen-v1-be-4096-last-page-all-ones-bad-last", page, 4096);
	}
	/* A 16-byte label leaves no NUL in its field. */
	if (make_hdr(page, 4096, 1, SWAPAREA_ENDIAN_LITTLE, 64, NULL, NULL, 0)) {
		memcpy(page + SWAPAREA_OFF_LABEL, "ABCDEFGHIJKLMNOP", SWAPAREA_LABEL_FIELD);
		save("gen-v1-le-4096-label-unterminated", page, 4096);
	}
	/* padding[32] set: blkid stops trusting the label and UUID. */
	if (make_hdr(page, 4096, 1, SWAPAREA_ENDIAN_BIG, 64, "dirty", NULL, 0)) {
		page[offsetof(struct swaparea_hdr_disk, padding[32])] = 0x5a;
		save("gen-v1-be-4096-padding-dirty", page, 4096);
	}
}

/* Legacy v0 bitmaps. */
static void gen_v0(uint8_t *page)
{
	static const uint32_t bad[] = { 3, 7, 8, 40 };
	char name[128];

	for (uint32_t ps = 2048; ps <= 65536; ps <<= 1) {
		snprintf(name, sizeof(name), "gen-v0-%u", ps);
		if (make_hdr(page, ps, 0, SWAPAREA_ENDIAN_NATIVE, 100, NULL, NULL, 0))
			save(name, page, ps);
	}
	if (make_hdr(page, 4096, 0, SWAPAREA_ENDIAN_NATIVE, 100, NULL, bad, 4))
		save("gen-v0-4096-bad", page, 4096);
	/* Every page the bitmap can describe. */
	if (make_hdr(page, 4096, 0, SWAPAREA_ENDIAN_NATIVE, SWAPAREA_V0_MAX_PAGES(4096), NULL,
		     NULL, 0))
		save("gen-v0-4096-full", page, 4096);
	/* No usable page at all. */
	memset(page, 0, 4096);
	memcpy(page + 4096 - SWAPAREA_MAGIC_LEN, SWAPAREA_MAGIC_V0, SWAPAREA_MAGIC_LEN);
	save("gen-v0-4096-empty", page, 4096);
	/* The bitmap holds the v1 magic where a 2048-byte page would end. */
	if (make_hdr(page, 4096, 0, SWAPAREA_ENDIAN_NATIVE, SWAPAREA_V0_MAX_PAGES(4096), NULL,
		     NULL, 0)) {
		memcpy(page + 2048 - SWAPAREA_MAGIC_LEN, SWAPAREA_MAGIC_V1, SWAPAREA_MAGIC_LEN);
		save("gen-v0-4096-v1-magic-at-2048", page, 4096);
	}
}

/* One fault each, in both byte orders where the order matters. */
static void gen_damaged(uint8_t *page)
{
	static const enum swaparea_endian orders[] = { SWAPAREA_ENDIAN_LITTLE, SWAPAREA_ENDIAN_BIG };
	static const uint32_t bad[] = { 4, 9 };
	static const uint32_t dup[] = { 1, 1, 1 };
	static const uint32_t all[] = { 1, 2, 3 };
	uint32_t max = swaparea_hdr_max_badpages(4096);
	char name[128];

	for (size_t o = 0; o < 2; o++) {
		enum swaparea_endian e = orders[o];
		const char *t = endian_tag(e);

		/* nr_badpages one past the list, and all ones. */
		if (make_hdr(page, 4096, 1, e, 1000, NULL, bad, 2)) {
			put32(page, SWAPAREA_OFF_NR_BADPAGES, max + 1, e);
			snprintf(name, sizeof(name), "bad-v1-%s-4096-nr-badpages-past-list", t);
			save(name, page, 4096);
			put32(page, SWAPAREA_OFF_NR_BADPAGES, UINT32_MAX, e);
			snprintf(name, sizeof(name), "bad-v1-%s-4096-nr-badpages-all-ones", t);
			save(name, page, 4096);
		}
		if (make_hdr(page, 4096, 1, e, 1000, NULL, NULL, 0)) {
			put32(page, SWAPAREA_OFF_VERSION, 2, e);
			snprintf(name, sizeof(name), "bad-v1-%s-4096-version-2", t);
			save(name, page, 4096);
		}
		if (make_hdr(page, 4096, 1, e, 1000, NULL, NULL, 0)) {
			put32(page, SWAPAREA_OFF_LAST_PAGE, 0, e);
			snprintf(name, sizeof(name), "bad-v1-%s-4096-last-page-0", t);
			save(name, page, 4096);
		}
		if (make_hdr(page, 4096, 1, e, 1000, NULL, bad, 2)) {
			put32(page, SWAPAREA_OFF_BADPAGES, 0, e);
			snprintf(name, sizeof(name), "bad-v1-%s-4096-badpage-0", t);
			save(name, page, 4096);
			put32(page, SWAPAREA_OFF_BADPAGES + 4, 1000, e);
			put32(page, SWAPAREA_OFF_BADPAGES, 4, e);
			snprintf(name, sizeof(name), "bad-v1-%s-4096-badpage-past-end", t);
			save(name, page, 4096);
		}
		/* Every page but the header is bad. */
		if (make_hdr(page, 4096, 1, e, 4, NULL, all, 3)) {
			snprintf(name, sizeof(name), "bad-v1-%s-4096-no-good-pages", t);
			save(name, page, 4096);
		}
	}

	/* One page listed three times: the kernel subtracts it three times. */
	if (make_hdr(page, 4096, 1, SWAPAREA_ENDIAN_LITTLE, 3, NULL, NULL, 0)) {
		put32(page, SWAPAREA_OFF_NR_BADPAGES, 3, SWAPAREA_ENDIAN_LITTLE);
		for (uint32_t i = 0; i < 3; i++)
			put32(page, SWAPAREA_OFF_BADPAGES + 4 * i, dup[i], SWAPAREA_ENDIAN_LITTLE);
		save("bad-v1-le-4096-badpage-repeated", page, 4096);
	}

	/* Hibernation images where the magic was. */
	static const char *const suspend[] = { "S1SUSPEND\0", "S2SUSPEND\0", "ULSUSPEND\0",
					       "LINHIB0001" };
	static const char *const suspend_name[] = { "s1suspend", "s2suspend", "ulsuspend",
						    "linhib0001" };
	for (size_t i = 0; i < 4; i++) {
		for (uint32_t ps = 4096; ps <= 65536; ps *= 16) {
			if (!make_hdr(page, ps, 1, SWAPAREA_ENDIAN_LITTLE, 1000, NULL, NULL, 0))
				continue;
			memcpy(page + ps - SWAPAREA_MAGIC_LEN, suspend[i], SWAPAREA_MAGIC_LEN);
			snprintf(name, sizeof(name), "sig-%s-%u", suspend_name[i], ps);
			save(name, page, ps);
		}
	}
	/* TuxOnIce writes at byte 0, over a swap header and over nothing. */
	static const uint8_t tuxonice[8] = { 0xed, 0xc3, 0x02, 0xe9, 0x98, 0x56, 0xe5, 0x0c };
	if (make_hdr(page, 4096, 1, SWAPAREA_ENDIAN_LITTLE, 1000, NULL, NULL, 0)) {
		memcpy(page, tuxonice, sizeof(tuxonice));
		save("sig-tuxonice-over-v1-4096", page, 4096);
		save("sig-tuxonice-alone", page, 64);
	}
	/* Magics at 2048 and 4096: the smallest page size wins. */
	if (make_hdr(page, 4096, 1, SWAPAREA_ENDIAN_LITTLE, 1000, NULL, NULL, 0)) {
		memcpy(page + 2048 - SWAPAREA_MAGIC_LEN, SWAPAREA_MAGIC_V1, SWAPAREA_MAGIC_LEN);
		save("sig-v1-at-2048-and-4096", page, 4096);
	}

	/* Truncated pages. */
	if (make_hdr(page, 4096, 1, SWAPAREA_ENDIAN_LITTLE, 1000, NULL, bad, 2)) {
		save("short-v1-le-4096-less-1", page, 4095);
		save("short-v1-le-4096-half", page, 2048);
		save("short-v1-le-4096-bootbits-only", page, SWAPAREA_BOOTBITS_LEN);
		save("short-v1-le-4096-to-badpages", page, SWAPAREA_OFF_BADPAGES + 4);
	}
	if (make_hdr(page, 65536, 1, SWAPAREA_ENDIAN_BIG, 1000, NULL, NULL, 0))
		save("short-v1-be-65536-quarter", page, 16384);
	save("short-empty", page, 0);
}

/* Seeds for the size, file and arch-limit rules of the kernel's verdict. */
static void gen_kernel_args(uint8_t *page)
{
	static const uint32_t bad[] = { 4, 9 };
	static const uint32_t late[] = { 4, 900 };

	if (make_hdr(page, 4096, 1, SWAPAREA_ENDIAN_LITTLE, 1000, NULL, NULL, 0)) {
		set_kernel_args(page, 1000 * 4096, true, 0);
		save("kern-v1-le-4096-file-exact", page, 4096);
		set_kernel_args(page, 999 * 4096 + 4095, true, 0);
		save("kern-v1-le-4096-file-one-page-short", page, 4096);
		set_kernel_args(page, 100, false, 500);
		save("kern-v1-le-4096-device-under-a-page-limit-500", page, 4096);
	}
	if (make_hdr(page, 4096, 1, SWAPAREA_ENDIAN_BIG, 1000, NULL, bad, 2)) {
		set_kernel_args(page, 1000 * 4096, true, 0);
		save("kern-v1-be-4096-file-with-badpages", page, 4096);
		set_kernel_args(page, 0, false, 1);
		save("kern-v1-be-4096-device-limit-1", page, 4096);
	}
	/* A limit below last_page: the kernel truncates and drops the late bad page. */
	if (make_hdr(page, 16384, 1, SWAPAREA_ENDIAN_LITTLE, 1000, NULL, late, 2)) {
		set_kernel_args(page, 0, false, 100);
		save("kern-v1-le-16384-device-limit-100", page, 16384);
	}
	if (make_hdr(page, 65536, 1, SWAPAREA_ENDIAN_BIG, SWAPAREA_MAX_PAGES, NULL, NULL, 0)) {
		set_kernel_args(page, (uint64_t)65536 << 32, false, 0xffff);
		save("kern-v1-be-65536-max-pages-limit-65535", page, 65536);
	}
}

int main(int argc, char **argv)
{
	uint8_t *page;

	if (argc != 2) {
		fprintf(stderr, "usage: gen-corpus DIR\n");
		return 2;
	}
	outdir = argv[1];
	page = calloc(1, SWAPAREA_PAGESIZE_SEARCH_MAX);
	if (!page) {
		fprintf(stderr, "gen-corpus: out of memory\n");
		return 2;
	}
	gen_v1(page);
	gen_v0(page);
	gen_damaged(page);
	gen_kernel_args(page);
	free(page);
	return failures ? 1 : 0;
}
