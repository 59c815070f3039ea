// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test_badblocks.c - the unreadable-page scan behind mkswap -c.
 *
 * The reader is injected: a fake device of N pages whose listed pages fail
 * with EIO (or come back short), so we can check that exactly those pages
 * land in the bad-page list, that big chunks are used while all is well,
 * and what happens when the header page or too many pages are bad.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "swaparea.h"
#include "tap.h"

struct fake_dev {
	uint32_t pagesize;
	uint64_t npages;
	const uint32_t *bad;     /* pages that fail */
	size_t nbad;
	bool short_reads;        /* fail by returning 0 bytes instead of EIO */
	unsigned calls;
	size_t largest_read;
};

static bool page_is_bad(const struct fake_dev *d, uint64_t page)
{
	for (size_t i = 0; i < d->nbad; i++)
		if (d->bad[i] == page)
			return true;
	return false;
}

static ssize_t fake_read(void *ctx, void *buf, size_t len, uint64_t offset)
{
	struct fake_dev *d = ctx;
	uint64_t first = offset / d->pagesize, last = (offset + len - 1) / d->pagesize;

	d->calls++;
	if (len > d->largest_read)
		d->largest_read = len;
	for (uint64_t p = first; p <= last; p++) {
		if (p >= d->npages || page_is_bad(d, p)) {
			if (d->short_reads)
				return 0;
			errno = EIO;
			return -1;
		}
	}
	memset(buf, 0, len);
	return (ssize_t)len;
}

static int scan(struct swaparea_hdr *h, struct fake_dev *d, uint64_t npages)
{
	struct swaparea_bad_scan s = { .read = fake_read, .read_ctx = d };

	swaparea_hdr_init(h);
	if (swaparea_hdr_setup(h, d->pagesize, npages))
		return -999;
	return swaparea_bad_scan(h, &s);
}

static void test_finds_exactly_the_bad_pages(void)
{
	/* Bad pages in the first chunk, at a chunk edge and in the last page. */
	static const uint32_t bad[] = { 3, 255, 256, 1000, 4095 };
	struct fake_dev d = { .pagesize = 4096, .npages = 4096, .bad = bad, .nbad = 5 };
	struct swaparea_hdr h;
	int rc = scan(&h, &d, 4096);

	TAP_EQ_INT(rc, 5, "five injected failures give five bad pages");
	TAP_EQ_U64(h.nr_badpages, 5, "all five recorded in the header");
	for (size_t i = 0; i < 5 && i < h.nr_badpages; i++)
		TAP_EQ_U64(h.badpages[i], bad[i], "bad page %zu is page %u, in ascending order", i, bad[i]);
	TAP_EQ_U64(d.largest_read, SWAPAREA_BAD_CHUNK, "reads are 1 MiB chunks while all goes well");
	/* 16 chunks of 256 pages; 4 of them hold a bad page and are re-read page by page. */
	TAP_EQ_U64(d.calls, 16 + 4 * 256, "only failing chunks are re-read page by page");
	TAP_EQ_U64(swaparea_hdr_usable_pages(&h), 4096 - 1 - 5, "usable pages exclude header and bad");
	swaparea_hdr_release(&h);
}

static void test_short_reads_count_as_bad(void)
{
	static const uint32_t bad[] = { 7 };
	struct fake_dev d = { .pagesize = 65536, .npages = 20, .bad = bad, .nbad = 1, .short_reads = true };
	struct swaparea_hdr h;

	TAP_EQ_INT(scan(&h, &d, 20), 1, "a short read marks the page bad (64 KiB pages)");
	TAP_OK(h.nr_badpages == 1 && h.badpages[0] == 7, "page 7 is the bad one");
	swaparea_hdr_release(&h);
}

static void test_device_shorter_than_area(void)
{
	/* The area claims 40 pages, the device ends after 30: pages 30..39 fail. */
	struct fake_dev d = { .pagesize = 4096, .npages = 30 };
	struct swaparea_hdr h;

	TAP_EQ_INT(scan(&h, &d, 40), 10, "pages past the end of the device are bad");
	TAP_OK(h.nr_badpages == 10 && h.badpages[0] == 30 && h.badpages[9] == 39,
	       "they are pages 30..39");
	swaparea_hdr_release(&h);
}

static void test_unreadable_header(void)
{
	static const uint32_t bad[] = { 0 };
	struct fake_dev d = { .pagesize = 4096, .npages = 100, .bad = bad, .nbad = 1 };
	struct swaparea_hdr h;

	TAP_EQ_INT(scan(&h, &d, 100), -EIO, "an unreadable header page is -EIO");
	swaparea_hdr_release(&h);
}

static void test_too_many_bad_pages(void)
{
	/* 4 KiB pages hold 637 bad-page entries; make 700 pages fail. */
	uint32_t *bad = calloc(700, sizeof(*bad));
	struct fake_dev d = { .pagesize = 4096, .npages = 2000, .bad = bad, .nbad = 700 };
	struct swaparea_hdr h;

	for (uint32_t i = 0; i < 700; i++)
		bad[i] = 1 + 2 * i;
	TAP_EQ_INT(scan(&h, &d, 2000), -ENOSPC, "more bad pages than the list holds is -ENOSPC");
	TAP_EQ_U64(h.nr_badpages, 637, "the list is full at 637 entries");
	swaparea_hdr_release(&h);
	free(bad);
}

struct progress_log {
	uint64_t last;
	unsigned calls;
	bool monotonic;
};

static void record_progress(uint64_t done, void *data)
{
	struct progress_log *log = data;

	if (done < log->last)
		log->monotonic = false;
	log->last = done;
	log->calls++;
}

static void test_progress_reaches_the_end(void)
{
	struct fake_dev d = { .pagesize = 4096, .npages = 1000 };
	struct progress_log log = { .monotonic = true };
	struct swaparea_bad_scan s = {
		.read = fake_read, .read_ctx = &d, .progress = record_progress, .progress_data = &log,
	};
	struct swaparea_hdr h;

	swaparea_hdr_init(&h);
	swaparea_hdr_setup(&h, 4096, 1000);
	TAP_EQ_INT(swaparea_bad_scan(&h, &s), 0, "a clean device has no bad pages");
	/* 1000 pages in chunks of 256: 256, 512, 768, 1000. */
	TAP_EQ_U64(log.calls, 4, "progress is told once per chunk");
	TAP_EQ_U64(log.last, 1000, "progress ends at the page count");
	TAP_OK(log.monotonic, "progress never goes backwards");
	swaparea_hdr_release(&h);
}

int main(void)
{
	test_finds_exactly_the_bad_pages();
	test_short_reads_count_as_bad();
	test_device_shorter_than_area();
	test_unreadable_header();
	test_too_many_bad_pages();
	test_progress_reaches_the_end();
	return tap_done();
}
