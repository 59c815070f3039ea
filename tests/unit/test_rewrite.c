// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test_rewrite.c - unit tests of the writers that change an existing area
 * in place: swaparea_hdr_write_uuid, swaparea_hdr_write_label (swaplabel),
 * swaparea_sig_write (swapon over a hibernation image) and
 * swaparea_hdr_repage (swapon --fixpgsz).
 *
 * Each test fills a file with a pattern, writes a header, runs one writer
 * and then compares every byte with what it should be: the bytes the
 * writer owns must be what the layout says (kernel-swap-facts.md section
 * 1), and every other byte must still be the pattern.
 */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "swaparea.h"
#include "tap.h"

#define AREA_BYTES (8u << 20)
#define PATTERN 0xa5

static const uint8_t test_uuid[16] = { 0x0a, 0x1b, 0x2c, 0x3d, 0x4e, 0x5f, 0x40, 0x71,
				       0x82, 0x93, 0xa4, 0xb5, 0xc6, 0xd7, 0xe8, 0xf9 };

/* A file of @bytes bytes of PATTERN with a v1 header at @offset. */
static int make_area(uint32_t pagesize, uint64_t offset, enum swaparea_endian e,
		     const uint32_t *bad, size_t nr_bad, uint8_t **before)
{
	size_t total = (size_t)(offset + AREA_BYTES);
	uint8_t *buf = malloc(total);
	struct swaparea_hdr h;
	int fd = tap_temp_fd("rewrite");

	if (!buf || fd < 0)
		goto fail;
	memset(buf, PATTERN, total);
	if (pwrite(fd, buf, total, 0) != (ssize_t)total)
		goto fail;
	swaparea_hdr_init(&h);
	if (swaparea_hdr_setup(&h, pagesize, AREA_BYTES / pagesize))
		goto fail;
	h.endian = e;
	memcpy(h.uuid, test_uuid, sizeof(h.uuid));
	swaparea_hdr_set_label(&h, "before", NULL);
	for (size_t i = 0; i < nr_bad; i++)
		if (swaparea_hdr_add_badpage(&h, bad[i]))
			goto fail;
	if (swaparea_hdr_write(fd, offset, &h))
		goto fail;
	swaparea_hdr_release(&h);
	if (pread(fd, buf, total, 0) != (ssize_t)total)
		goto fail;
	*before = buf;
	return fd;
fail:
	free(buf);
	if (fd >= 0)
		close(fd);
	return -1;
}

static uint8_t *read_all(int fd, size_t total)
{
	uint8_t *buf = malloc(total);

	if (buf && pread(fd, buf, total, 0) != (ssize_t)total) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* Bytes outside [from, to) of @a and @b are equal; -1 or the first difference. */
static long diff_outside(const uint8_t *a, const uint8_t *b, size_t len, size_t from, size_t to)
{
	for (size_t i = 0; i < len; i++)
		if ((i < from || i >= to) && a[i] != b[i])
			return (long)i;
	return -1;
}

static void test_write_ids(uint64_t offset)
{
	static const uint8_t new_uuid[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
	size_t total = (size_t)(offset + AREA_BYTES);
	uint8_t *before = NULL, *after;
	bool truncated = true;
	int fd = make_area(4096, offset, SWAPAREA_ENDIAN_NATIVE, NULL, 0, &before);

	if (!TAP_OK(fd >= 0, "ids @%llu: area made", (unsigned long long)offset))
		return;
	TAP_EQ_INT(swaparea_hdr_write_uuid(fd, offset, new_uuid), 0, "write_uuid");
	after = read_all(fd, total);
	TAP_OK(after && !memcmp(after + offset + 1036, new_uuid, 16), "UUID at 1036");
	TAP_OK(after && diff_outside(before, after, total, offset + 1036, offset + 1052) < 0,
	       "write_uuid @%llu: only bytes 1036..1051 change", (unsigned long long)offset);
	free(after);

	TAP_EQ_INT(swaparea_hdr_write_label(fd, offset, "swap-label-that-is-long", &truncated), 0,
		   "write_label");
	TAP_OK(truncated, "a 23-byte label is cut");
	after = read_all(fd, total);
	TAP_OK(after && !memcmp(after + offset + 1052, "swap-label-that\0", 16),
	       "label at 1052: 15 bytes and a NUL");
	TAP_OK(after && diff_outside(before, after, total, offset + 1036, offset + 1068) < 0,
	       "write_label @%llu: only the label field changes", (unsigned long long)offset);
	free(after);

	TAP_EQ_INT(swaparea_hdr_write_label(fd, offset, "ab", &truncated), 0, "short label");
	TAP_OK(!truncated, "a 2-byte label is not cut");
	after = read_all(fd, total);
	TAP_OK(after && !memcmp(after + offset + 1052, "ab\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16),
	       "a short label is NUL-padded over the old one");
	free(after);
	free(before);
	close(fd);
}

static void test_sig_write(void)
{
	uint8_t *before = NULL, *after;
	int fd = make_area(8192, 0, SWAPAREA_ENDIAN_NATIVE, NULL, 0, &before);
	struct swaparea_hdr h;

	if (!TAP_OK(fd >= 0, "sig: area made"))
		return;
	TAP_EQ_INT(swaparea_sig_write(fd, 0, 8192, SWAPAREA_SIG_S1SUSPEND), 0, "write S1SUSPEND");
	after = read_all(fd, AREA_BYTES);
	TAP_OK(after && !memcmp(after + 8182, "S1SUSPEND\0", 10), "S1SUSPEND at 8182");
	TAP_OK(after && diff_outside(before, after, AREA_BYTES, 8182, 8192) < 0,
	       "only the 10 magic bytes change");
	free(after);
	swaparea_hdr_init(&h);
	TAP_EQ_INT(swaparea_hdr_read(fd, 0, 0, &h, NULL), -ENOENT, "no swap header under S1SUSPEND");
	TAP_EQ_INT(swaparea_sig_write(fd, 0, 8192, SWAPAREA_SIG_V1), 0, "write SWAPSPACE2 back");
	after = read_all(fd, AREA_BYTES);
	TAP_OK(after && !memcmp(before, after, AREA_BYTES), "the area is as it was");
	free(after);
	TAP_EQ_INT(swaparea_hdr_read(fd, 0, 0, &h, NULL), 0, "and reads again");
	TAP_EQ_INT(h.pagesize, 8192, "at 8192");
	swaparea_hdr_release(&h);
	TAP_EQ_INT(swaparea_sig_write(fd, 0, 8192, SWAPAREA_SIG_TUXONICE), -EINVAL, "no TuxOnIce");
	TAP_EQ_INT(swaparea_sig_write(fd, 0, 8192, SWAPAREA_SIG_NONE), -EINVAL, "no NONE");
	TAP_EQ_INT(swaparea_sig_write(fd, 0, 3000, SWAPAREA_SIG_V1), -EINVAL, "no 3000-byte page");
	free(before);
	close(fd);
}

/* The header read back after a repage from @from to @to bytes per page. */
static void test_repage(uint32_t from, uint32_t to, enum swaparea_endian e)
{
	/* Far enough out that a larger page does not fold them into page 0. */
	uint32_t scale = to > from ? to / from : 1;
	const uint32_t bad[] = { 7 * scale, 3 * scale };
	size_t ratio_bad = from > to ? from / to : 1;
	uint8_t *before = NULL, *after;
	struct swaparea_hdr old, h;
	size_t big = from > to ? from : to;
	int fd = make_area(from, 0, e, bad, 2, &before);

	if (!TAP_OK(fd >= 0, "repage %u->%u: area made", from, to))
		return;
	swaparea_hdr_init(&old);
	swaparea_hdr_init(&h);
	TAP_EQ_INT(swaparea_hdr_read(fd, 0, 0, &old, NULL), 0, "read the old header");
	TAP_EQ_INT(swaparea_hdr_repage(fd, 0, &old, to, AREA_BYTES), 0, "repage %u->%u", from, to);
	after = read_all(fd, AREA_BYTES);
	TAP_EQ_INT(swaparea_hdr_read(fd, 0, 0, &h, NULL), 0, "read the new header");
	TAP_EQ_INT(h.pagesize, to, "page size %u", to);
	TAP_EQ_INT(h.last_page, AREA_BYTES / to - 1, "last_page from the area's size");
	TAP_EQ_INT(h.endian, old.endian, "byte order kept");
	TAP_OK(!memcmp(h.uuid, test_uuid, 16), "UUID kept");
	TAP_EQ_STR(h.label, "before", "label kept");
	/* Each old bad page becomes the new pages over its bytes, in list order. */
	TAP_EQ_INT(h.nr_badpages, 2 * ratio_bad, "bad pages carried over");
	if (h.nr_badpages == 2 * ratio_bad)
		TAP_OK(h.badpages[0] == bad[0] * from / to && h.badpages[ratio_bad] == bad[1] * from / to,
		       "first new bad pages %u and %u", h.badpages[0], h.badpages[ratio_bad]);
	/* Bytes 1024..big-1 may change (new header page, or the old magic
	 * erased: zeros); nothing after, and the boot bits never. */
	TAP_OK(after && diff_outside(before, after, AREA_BYTES, 1024, big) < 0,
	       "nothing outside bytes 1024..%zu changes", big - 1);
	if (from > to)
		TAP_OK(after && !memcmp(after + from - 10, "\0\0\0\0\0\0\0\0\0\0", 10),
		       "the old magic at %u is erased", from - 10);
	free(after);
	swaparea_hdr_release(&old);
	swaparea_hdr_release(&h);
	free(before);
	close(fd);
}

static void test_repage_refuses(void)
{
	uint32_t many[700];
	uint8_t *before = NULL;
	struct swaparea_hdr old;
	int fd;

	for (size_t i = 0; i < 600; i++)
		many[i] = (uint32_t)(i + 1);
	fd = make_area(4096, 0, SWAPAREA_ENDIAN_NATIVE, many, 600, &before);
	if (!TAP_OK(fd >= 0, "refuses: area made"))
		return;
	swaparea_hdr_init(&old);
	TAP_EQ_INT(swaparea_hdr_read(fd, 0, 0, &old, NULL), 0, "600 bad pages read");
	TAP_EQ_INT(swaparea_hdr_repage(fd, 0, &old, 2048, AREA_BYTES), -ENOSPC,
		   "1200 bad 2 KiB pages do not fit a 2 KiB header");
	TAP_EQ_INT(swaparea_hdr_repage(fd, 0, &old, 3000, AREA_BYTES), -EINVAL, "bad page size");
	TAP_EQ_INT(swaparea_hdr_repage(fd, 0, &old, 65536, 65536), -ERANGE,
		   "one page is too small an area");
	old.version = 0;
	TAP_EQ_INT(swaparea_hdr_repage(fd, 0, &old, 8192, AREA_BYTES), -EINVAL, "not a v0 header");
	swaparea_hdr_release(&old);
	free(before);
	close(fd);
}

int main(void)
{
	test_write_ids(0);
	test_write_ids(1u << 20);
	test_sig_write();
	test_repage(65536, 4096, SWAPAREA_ENDIAN_LITTLE);
	test_repage(65536, 4096, SWAPAREA_ENDIAN_BIG);
	test_repage(4096, 65536, SWAPAREA_ENDIAN_NATIVE);
	test_repage(16384, 8192, SWAPAREA_ENDIAN_BIG);
	test_repage_refuses();
	return tap_done();
}
