// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test_v0.c - unit tests of the legacy v0 ("SWAP-SPACE") format: the bitmap
 * of usable pages in both directions, checked against a plain array model
 * over seeded random bad-page sets, its limits, and a v0 header through
 * encode, decode, write and the kernel's judgement (which refuses it).
 *
 * The model: page n is usable when 1 <= n <= last_page and n is not bad;
 * bit n of the bitmap is bit (n % 8) of byte n / 8 (kernel-swap-facts.md
 * section 1, "Old v0 format").
 */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "swaparea.h"
#include "tap.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* splitmix64: a fixed seed gives the same cases on every run. */
static uint64_t rng_state = 0x5eed5eed2024ULL;

static uint64_t rng(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint32_t rng_below(uint32_t n)
{
	return (uint32_t)(rng() % n);
}

/* ---- the bitmap, against the model ------------------------------------- */

static void test_bitmap_random(void)
{
	static const uint32_t sizes[] = { 2048, 4096, 8192 };
	/* Chance, in 1/1000, that a page is bad: none, few, half, most, all. */
	static const uint32_t permille[] = { 0, 10, 500, 990, 1000 };
	unsigned fails_from = 0, fails_to = 0, fails_back = 0, fails_bit0 = 0;
	unsigned nodata = 0, lastbad = 0;

	for (int iter = 0; iter < 200; iter++) {
		uint32_t ps = sizes[rng_below(ARRAY_SIZE(sizes))];
		size_t len = ps - 10;
		uint32_t bits = (uint32_t)(8 * len);
		/* Small areas half the time, so that edge cases come up often. */
		uint32_t last = 1 + rng_below(rng() & 1 ? 24 : bits - 1);   /* 1..bits-1 */
		uint32_t p = permille[rng_below(ARRAY_SIZE(permille))];
		uint8_t *usable = calloc(bits, 1);
		uint8_t *bitmap = malloc(len), *want = calloc(1, len);
		uint32_t want_last = 0, want_nbad = 0, k = 0;
		struct swaparea_hdr h, back;
		bool ok;
		int rc;

		swaparea_hdr_init(&h);
		swaparea_hdr_init(&back);
		swaparea_hdr_setup(&h, ps, (uint64_t)last + 1);
		h.version = 0;   /* the v0 capacity: any number of bad pages */
		for (uint32_t n = 1; n <= last; n++) {
			if (rng_below(1000) < p)
				swaparea_hdr_add_badpage(&h, n);
			else
				usable[n] = 1;
		}

		/* from_hdr: the bitmap is exactly the usable pages; bit 0 clear. */
		for (uint32_t n = 0; n < bits; n++)
			if (usable[n])
				want[n / 8] |= (uint8_t)(1u << (n % 8));
		memset(bitmap, 0xa5, len);   /* every byte must be written */
		rc = swaparea_v0_bitmap_from_hdr(&h, bitmap, len);
		if (rc != 0 || memcmp(bitmap, want, len) != 0) {
			if (!fails_from++)
				printf("# iteration %d: from_hdr differs (rc %d, ps %u, last %u)\n",
				       iter, rc, ps, last);
		}
		fails_bit0 += (bitmap[0] & 1) != 0;

		/* to_hdr: last_page is the highest usable page, bad = the clear bits below it. */
		for (uint32_t n = 1; n < bits; n++)
			if (usable[n])
				want_last = n;
		for (uint32_t n = 1; n < want_last; n++)
			want_nbad += !usable[n];
		nodata += want_last == 0;
		lastbad += want_last != 0 && want_last != last;
		back.pagesize = ps;
		rc = swaparea_v0_bitmap_to_hdr(&back, want, len);
		if (want_last == 0) {
			ok = rc == -ENODATA;
		} else {
			ok = rc == 0 && back.version == 0 && back.pagesize == ps &&
			     back.last_page == want_last && back.nr_badpages == want_nbad &&
			     swaparea_hdr_check(&back, NULL) == 0;
			for (uint32_t n = 1; ok && n < want_last; n++)
				if (!usable[n])
					ok = back.badpages[k++] == n;
		}
		if (!ok && !fails_to++)
			printf("# iteration %d: to_hdr differs (rc %d, ps %u, last %u, "
			       "want last %u, %u bad)\n", iter, rc, ps, last, want_last, want_nbad);

		/* And back again: the same bitmap. */
		if (want_last) {
			memset(bitmap, 0x5a, len);
			if ((swaparea_v0_bitmap_from_hdr(&back, bitmap, len) != 0 ||
			     memcmp(bitmap, want, len) != 0) && !fails_back++)
				printf("# iteration %d: bitmap -> header -> bitmap differs\n", iter);
		}
		swaparea_hdr_release(&back);
		swaparea_hdr_release(&h);
		free(usable);
		free(bitmap);
		free(want);
	}
	TAP_EQ_U64(fails_from, 0, "from_hdr matches the model in 200 random cases");
	TAP_EQ_U64(fails_bit0, 0, "from_hdr leaves bit 0 (the header) clear");
	TAP_EQ_U64(fails_to, 0, "to_hdr: last_page = highest usable page, bad = clear bits below");
	TAP_EQ_U64(fails_back, 0, "bitmap -> header -> bitmap is the identity");
	/* The cases must include the interesting kinds, or the loop proves little. */
	TAP_OK(nodata > 0 && lastbad > 0,
	       "cases include %u with no usable page, %u with last_page bad", nodata, lastbad);
}

/* ---- limits and small cases ---------------------------------------------- */

static void test_bitmap_limits(void)
{
	static const struct {
		uint32_t last_page;
		size_t len;
		int rc;
	} cases[] = {
		{ 79, 10, 0 },          /* 10 bytes = bits 0..79 */
		{ 80, 10, -ERANGE },
		{ 1, 1, 0 },
		{ 8, 1, -ERANGE },
		{ 32687, 4086, 0 },     /* 8 * (4096 - 10) - 1 */
		{ 32688, 4086, -ERANGE },
		{ 0xffffffffu, 4086, -ERANGE },
	};
	uint8_t *bitmap = malloc(4086);
	struct swaparea_hdr h;

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		swaparea_hdr_init(&h);
		h.pagesize = 4096;
		h.last_page = cases[i].last_page;
		TAP_EQ_INT(swaparea_v0_bitmap_from_hdr(&h, bitmap, cases[i].len), cases[i].rc,
			   "from_hdr(last_page %u, %zu bytes)", cases[i].last_page, cases[i].len);
	}

	/* No usable page: -ENODATA, bit 0 included (it is the header). */
	swaparea_hdr_init(&h);
	memset(bitmap, 0, 4086);
	TAP_EQ_INT(swaparea_v0_bitmap_to_hdr(&h, bitmap, 4086), -ENODATA, "to_hdr: empty bitmap");
	bitmap[0] = 0x01;
	TAP_EQ_INT(swaparea_v0_bitmap_to_hdr(&h, bitmap, 4086), -ENODATA, "to_hdr: only bit 0 set");

	/* Bits 0 and 5: last_page 5, pages 1..4 bad, page 0 never listed. */
	bitmap[0] = 0x21;
	h.pagesize = 4096;
	TAP_OK(swaparea_v0_bitmap_to_hdr(&h, bitmap, 4086) == 0 && h.last_page == 5 &&
		       h.nr_badpages == 4 && h.badpages[0] == 1 && h.badpages[3] == 4,
	       "to_hdr: bits 0 and 5 give last_page 5, bad pages 1..4");
	/* The very last bit of the bitmap. */
	memset(bitmap, 0xff, 4086);
	bitmap[0] = 0xfe;
	TAP_OK(swaparea_v0_bitmap_to_hdr(&h, bitmap, 4086) == 0 && h.last_page == 32687 &&
		       h.nr_badpages == 0,
	       "to_hdr: a full bitmap gives last_page 32687, no bad pages");
	swaparea_hdr_release(&h);
	free(bitmap);
}

/* ---- a v0 header, whole ---------------------------------------------------- */

static void test_v0_header(void)
{
	static const uint32_t bad[] = { 3, 17, 500 };
	uint8_t *page = malloc(4096), *file;
	struct swaparea_hdr h, back;
	struct swaparea_kernel k = { 4096, 1ULL << 50 };
	struct swaparea_verdict v;
	struct swaparea_err err;
	const char *dir = getenv("TMPDIR");
	char path[4096];
	int fd;

	swaparea_hdr_init(&h);
	swaparea_hdr_init(&back);
	swaparea_hdr_setup(&h, 4096, 1001);   /* last_page 1000 */
	h.version = 0;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		swaparea_hdr_add_badpage(&h, bad[i]);

	memset(page, 0xaa, 4096);
	TAP_EQ_INT(swaparea_hdr_encode(&h, page), 0, "v0 encode");
	TAP_OK(memcmp(page + 4086, "SWAP-SPACE", 10) == 0, "v0 magic at 4086");
	/* Pages 1..7 usable but 3: bits 1, 2, 4, 5, 6, 7 = 0xf6. */
	TAP_EQ_U64(page[0], 0xf6, "byte 0: page 0 (header) and page 3 clear");
	TAP_EQ_U64(page[1], 0xff, "byte 1: pages 8..15 usable");
	/* Byte 2 holds pages 16..23; 17 is bit 1. */
	TAP_EQ_U64(page[2], 0xfd, "byte 2: page 17 clear");
	/* 500 = 62 * 8 + 4. */
	TAP_EQ_U64(page[62], 0xef, "byte 62: page 500 clear");
	/* 1000 = 125 * 8: only bit 0 of byte 125, nothing after. */
	TAP_EQ_U64(page[125], 0x01, "byte 125: page 1000 is the last");
	TAP_EQ_U64(page[126], 0x00, "byte 126: past the area");
	TAP_EQ_U64(page[4085], 0x00, "byte 4085: past the area");

	for (int exact = 0; exact < 2; exact++) {
		TAP_EQ_INT(swaparea_hdr_decode(&back, page, 4096, exact ? 4096 : 0, &err), 0,
			   "v0 decode, pagesize %d", exact ? 4096 : 0);
		TAP_OK(back.version == 0 && back.pagesize == 4096 && back.last_page == 1000 &&
			       back.nr_badpages == 3 && back.badpages[0] == 3 &&
			       back.badpages[1] == 17 && back.badpages[2] == 500,
		       "v0 decode, pagesize %d: version 0, last_page 1000, bad 3 17 500",
		       exact ? 4096 : 0);
	}
	/* header.h: "decoded: LITTLE or BIG". */
	TAP_OK(back.endian == SWAPAREA_ENDIAN_LITTLE || back.endian == SWAPAREA_ENDIAN_BIG,
	       "v0 decode: endian is LITTLE or BIG (got %s)", swaparea_endian_name(back.endian));

	TAP_EQ_INT(swaparea_kernel_check(page, 0, false, &k, &v), -EINVAL, "the kernel refuses v0");
	TAP_EQ_INT(v.rule, SWAPAREA_RULE_SIGNATURE, "v0: refused for its signature");
	TAP_EQ_STR(v.kernel_log, "Unable to find swap-space signature", "v0: kernel log");

	/* A bitmap cannot hold last_page 32688 (8 * 4086 bits, 0..32687). */
	h.last_page = 32688;
	TAP_EQ_INT(swaparea_hdr_encode(&h, page), -EINVAL, "v0 encode of last_page 32688");
	h.last_page = 32687;
	TAP_EQ_INT(swaparea_hdr_encode(&h, page), 0, "v0 encode of last_page 32687");
	/* Byte 4085 holds pages 32680..32687, all usable now. */
	TAP_EQ_U64(page[4085], 0xff, "last_page 32687 fills byte 4085");
	/* v0 bad pages must be ascending. */
	h.badpages[1] = 2;
	TAP_EQ_INT(swaparea_hdr_encode(&h, page), -EINVAL, "v0 encode of 3, 2, 500 (not ascending)");
	h.badpages[1] = 17;
	h.last_page = 1000;

	/* A v0 header owns the whole page, bootbits included. */
	snprintf(path, sizeof(path), "%s/test_v0.XXXXXX", dir && *dir ? dir : "/tmp");
	fd = mkstemp(path);
	if (TAP_OK(fd >= 0, "temporary file")) {
		unlink(path);
		file = malloc(3 * 4096);
		memset(file, 0xaa, 3 * 4096);
		swaparea_hdr_encode(&h, page);
		TAP_OK(pwrite(fd, file, 3 * 4096, 0) == 3 * 4096 &&
			       swaparea_hdr_write(fd, 4096, &h) == 0 &&
			       pread(fd, file, 3 * 4096, 0) == 3 * 4096,
		       "v0 write at offset 4096");
		TAP_OK(memcmp(file + 4096, page, 4096) == 0, "v0 write: the whole page, bootbits too");
		TAP_OK(file[4095] == 0xaa && file[8192] == 0xaa, "v0 write: nothing around it");
		TAP_OK(swaparea_hdr_read(fd, 4096, 0, &back, &err) == 0 && back.version == 0 &&
			       back.last_page == 1000 && back.nr_badpages == 3,
		       "v0 read back");
		free(file);
		close(fd);
	}
	swaparea_hdr_release(&back);
	swaparea_hdr_release(&h);
	free(page);
}

int main(void)
{
	test_bitmap_random();
	test_bitmap_limits();
	test_v0_header();
	return tap_done();
}
