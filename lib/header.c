// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * header.c - encode, decode and judge swap header pages.
 *
 * Design notes.
 *
 * 1. Byte offsets.  struct swaparea_hdr_disk (swaparea/header.h) is the map;
 *    its _Static_asserts pin every field.  The magic is not in the struct: it
 *    sits in the last SWAPAREA_MAGIC_LEN bytes of the page, so its offset is
 *    pagesize - 10 and the page size is found by looking for it.
 *
 * 2. Byte order.  Integers are stored in the order of the machine that wrote
 *    them.  A reader takes the version field as is; if it is not 1 but its
 *    byte swap is, the header is foreign and every integer is swapped,
 *    the bad-page entries included (the kernel swaps them too; util-linux
 *    mkswap -e leaves them native, a quirk we do not copy).  We never touch
 *    the page through struct pointers: fields are loaded with memcpy at
 *    their offsets, so a page buffer needs no alignment.
 *
 * 3. Counts from disk.  nr_badpages is bounded by the page's list capacity
 *    before any loop reads the list; a v0 bitmap is bounded by the page.
 *
 * 4. The kernel's verdict (swaparea_kernel_check) walks the rules of
 *    read_swap_header() and setup_swap_map() of Linux 6.12 in their order,
 *    bug for bug: a duplicated bad page is subtracted twice, a foreign
 *    header whose count is too large fails before the version is looked at,
 *    and an area with last_page == kernel maximum silently loses its last
 *    page.  Extents (holes) are judged by extent.c, not here.
 */
#include <byteswap.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

static const struct {
	enum swaparea_sig sig;
	const char *name;
	const char *magic;  /* 10 bytes at pagesize - 10 */
	size_t match;       /* bytes that identify it: the suspend names are 9 */
} signatures[] = {
	{ SWAPAREA_SIG_V1, "swap-v1", SWAPAREA_MAGIC_V1, 10 },
	{ SWAPAREA_SIG_V0, "swap-v0", SWAPAREA_MAGIC_V0, 10 },
	{ SWAPAREA_SIG_S1SUSPEND, "s1suspend", "S1SUSPEND\0", 9 },
	{ SWAPAREA_SIG_S2SUSPEND, "s2suspend", "S2SUSPEND\0", 9 },
	{ SWAPAREA_SIG_ULSUSPEND, "ulsuspend", "ULSUSPEND\0", 9 },
	{ SWAPAREA_SIG_LINHIB, "linhib0001", "LINHIB0001", 10 },
};

/* TuxOnIce writes its own header over the start of the area. */
static const uint8_t tuxonice_magic[8] = { 0xed, 0xc3, 0x02, 0xe9, 0x98, 0x56, 0xe5, 0x0c };

bool swaparea_pagesize_valid(uint64_t pagesize)
{
	return pagesize >= SWAPAREA_PAGESIZE_MIN && pagesize <= SWAPAREA_PAGESIZE_MAX &&
	       (pagesize & (pagesize - 1)) == 0;
}

const char *swaparea_sig_name(enum swaparea_sig sig)
{
	if (sig == SWAPAREA_SIG_TUXONICE)
		return "tuxonice";
	for (size_t i = 0; i < ARRAY_SIZE(signatures); i++)
		if (signatures[i].sig == sig)
			return signatures[i].name;
	return "none";
}

bool swaparea_sig_is_suspend(enum swaparea_sig sig)
{
	return sig >= SWAPAREA_SIG_S1SUSPEND && sig <= SWAPAREA_SIG_TUXONICE;
}

enum swaparea_sig swaparea_sig_at(const void *buf, size_t len, uint32_t pagesize)
{
	const uint8_t *magic;

	if (pagesize < SWAPAREA_MAGIC_LEN || len < pagesize)
		return SWAPAREA_SIG_NONE;
	magic = (const uint8_t *)buf + pagesize - SWAPAREA_MAGIC_LEN;
	for (size_t i = 0; i < ARRAY_SIZE(signatures); i++)
		if (memcmp(magic, signatures[i].magic, signatures[i].match) == 0)
			return signatures[i].sig;
	return SWAPAREA_SIG_NONE;
}

int swaparea_sig_find(const void *buf, size_t len, uint32_t *pagesize, enum swaparea_sig *sig)
{
	bool tuxonice = len >= sizeof(tuxonice_magic) &&
			memcmp(buf, tuxonice_magic, sizeof(tuxonice_magic)) == 0;

	for (uint32_t ps = SWAPAREA_PAGESIZE_FLOOR; ps <= SWAPAREA_PAGESIZE_SEARCH_MAX; ps <<= 1) {
		enum swaparea_sig found = swaparea_sig_at(buf, len, ps);

		if (found != SWAPAREA_SIG_NONE) {
			*pagesize = ps;
			*sig = tuxonice ? SWAPAREA_SIG_TUXONICE : found;
			return 0;
		}
	}
	if (tuxonice) {
		*pagesize = 0;
		*sig = SWAPAREA_SIG_TUXONICE;
		return 0;
	}
	return -ENOENT;
}

const char *swaparea_endian_name(enum swaparea_endian e)
{
	switch (e) {
	case SWAPAREA_ENDIAN_LITTLE:
		return "little";
	case SWAPAREA_ENDIAN_BIG:
		return "big";
	default:
		return "native";
	}
}

int swaparea_endian_parse(const char *s, enum swaparea_endian *e)
{
	static const enum swaparea_endian all[] = {
		SWAPAREA_ENDIAN_NATIVE, SWAPAREA_ENDIAN_LITTLE, SWAPAREA_ENDIAN_BIG,
	};

	for (size_t i = 0; i < ARRAY_SIZE(all); i++) {
		if (strcmp(s, swaparea_endian_name(all[i])) == 0) {
			*e = all[i];
			return 0;
		}
	}
	return -EINVAL;
}

/* The order the machine running us stores integers in. */
static enum swaparea_endian host_endian(void)
{
	return __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? SWAPAREA_ENDIAN_LITTLE
							  : SWAPAREA_ENDIAN_BIG;
}

static bool endian_is_foreign(enum swaparea_endian e)
{
	return e != SWAPAREA_ENDIAN_NATIVE && e != host_endian();
}

static uint32_t load32(const uint8_t *page, size_t off, bool swap)
{
	uint32_t v;

	memcpy(&v, page + off, sizeof(v));
	return swap ? bswap_32(v) : v;
}

static void store32(uint8_t *page, size_t off, uint32_t v, bool swap)
{
	if (swap)
		v = bswap_32(v);
	memcpy(page + off, &v, sizeof(v));
}

void swaparea_err_clear(struct swaparea_err *err)
{
	if (!err)
		return;
	err->code = 0;
	err->offset = UINT64_MAX;
	err->msg[0] = '\0';
}

int swaparea__err_set(struct swaparea_err *err, int code, uint64_t offset, const char *fmt, ...)
{
	va_list ap;

	if (err) {
		err->code = code;
		err->offset = offset;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return code;
}

void swaparea_hdr_init(struct swaparea_hdr *h)
{
	memset(h, 0, sizeof(*h));
}

void swaparea_hdr_release(struct swaparea_hdr *h)
{
	free(h->badpages);
	swaparea_hdr_init(h);
}

int swaparea_hdr_setup(struct swaparea_hdr *h, uint32_t pagesize, uint64_t npages)
{
	if (!swaparea_pagesize_valid(pagesize))
		return -EINVAL;
	if (npages < 2 || npages > SWAPAREA_MAX_PAGES)
		return -ERANGE;
	swaparea_hdr_release(h);
	h->pagesize = pagesize;
	h->version = 1;
	h->endian = SWAPAREA_ENDIAN_NATIVE;
	h->last_page = (uint32_t)(npages - 1);
	return 0;
}

uint32_t swaparea_hdr_badpage_capacity(const struct swaparea_hdr *h)
{
	if (!swaparea_pagesize_valid(h->pagesize))
		return 0;
	if (h->version == 0)
		return SWAPAREA_V0_MAX_PAGES(h->pagesize);
	return swaparea_hdr_max_badpages(h->pagesize);
}

int swaparea_hdr_add_badpage(struct swaparea_hdr *h, uint32_t page)
{
	uint32_t *grown;

	if (page == 0 || page > h->last_page)
		return -ERANGE;
	if (h->nr_badpages >= swaparea_hdr_badpage_capacity(h))
		return -ENOSPC;
	grown = realloc(h->badpages, ((size_t)h->nr_badpages + 1) * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	h->badpages = grown;
	h->badpages[h->nr_badpages++] = page;
	return 0;
}

void swaparea_hdr_set_label(struct swaparea_hdr *h, const char *label, bool *truncated)
{
	size_t n = strnlen(label, SWAPAREA_LABEL_MAX + 1);

	if (truncated)
		*truncated = n > SWAPAREA_LABEL_MAX;
	if (n > SWAPAREA_LABEL_MAX)
		n = SWAPAREA_LABEL_MAX;
	memset(h->label, 0, sizeof(h->label));
	memcpy(h->label, label, n);
	h->label_unterminated = false;
}

uint64_t swaparea_hdr_usable_pages(const struct swaparea_hdr *h)
{
	uint64_t pages = (uint64_t)h->last_page + 1;
	uint64_t lost = 1 + (uint64_t)h->nr_badpages;

	return pages > lost ? pages - lost : 0;
}

int swaparea_hdr_check(const struct swaparea_hdr *h, struct swaparea_err *err)
{
	swaparea_err_clear(err);
	if (!swaparea_pagesize_valid(h->pagesize))
		return swaparea__err_set(err, -EINVAL, UINT64_MAX,
					 "page size %" PRIu32 " is not a power of two from %zu to %u",
					 h->pagesize, SWAPAREA_PAGESIZE_FLOOR, SWAPAREA_PAGESIZE_MAX);
	if (h->version > 1)
		return swaparea__err_set(err, -EINVAL, SWAPAREA_OFF_VERSION,
					 "version %" PRIu32 " is neither 0 nor 1", h->version);
	if (h->nr_badpages > swaparea_hdr_badpage_capacity(h))
		return swaparea__err_set(err, -EINVAL, SWAPAREA_OFF_NR_BADPAGES,
					 "%" PRIu32 " bad pages, at most %" PRIu32 " fit",
					 h->nr_badpages, swaparea_hdr_badpage_capacity(h));
	if (h->nr_badpages && !h->badpages)
		return swaparea__err_set(err, -EINVAL, SWAPAREA_OFF_BADPAGES,
					 "bad-page count without a list");
	if (memchr(h->label, '\0', sizeof(h->label)) == NULL)
		return swaparea__err_set(err, -EINVAL, SWAPAREA_OFF_LABEL,
					 "label is not NUL-terminated");
	if (h->version == 0) {
		if ((uint64_t)h->last_page >= SWAPAREA_V0_MAX_PAGES(h->pagesize))
			return swaparea__err_set(err, -EINVAL, SWAPAREA_OFF_LAST_PAGE,
						 "last page %" PRIu32 " does not fit a v0 bitmap",
						 h->last_page);
		for (uint32_t i = 1; i < h->nr_badpages; i++)
			if (h->badpages[i] <= h->badpages[i - 1])
				return swaparea__err_set(err, -EINVAL, UINT64_MAX,
							 "v0 bad pages are not ascending");
	}
	return 0;
}

static void encode_v1(const struct swaparea_hdr *h, uint8_t *page)
{
	bool swap = endian_is_foreign(h->endian);

	store32(page, SWAPAREA_OFF_VERSION, 1, swap);
	store32(page, SWAPAREA_OFF_LAST_PAGE, h->last_page, swap);
	store32(page, SWAPAREA_OFF_NR_BADPAGES, h->nr_badpages, swap);
	memcpy(page + SWAPAREA_OFF_UUID, h->uuid, SWAPAREA_UUID_LEN);
	memcpy(page + SWAPAREA_OFF_LABEL, h->label, SWAPAREA_LABEL_FIELD);
	for (uint32_t i = 0; i < h->nr_badpages; i++)
		store32(page, SWAPAREA_OFF_BADPAGES + 4 * (size_t)i, h->badpages[i], swap);
	memcpy(page + h->pagesize - SWAPAREA_MAGIC_LEN, SWAPAREA_MAGIC_V1, SWAPAREA_MAGIC_LEN);
}

int swaparea_hdr_encode(const struct swaparea_hdr *h, void *page)
{
	int rc = swaparea_hdr_check(h, NULL);

	if (rc)
		return rc;
	memset(page, 0, h->pagesize);
	if (h->version == 1) {
		encode_v1(h, page);
		return 0;
	}
	rc = swaparea_v0_bitmap_from_hdr(h, page, h->pagesize - SWAPAREA_MAGIC_LEN);
	if (rc)
		return rc;
	memcpy((uint8_t *)page + h->pagesize - SWAPAREA_MAGIC_LEN, SWAPAREA_MAGIC_V0,
	       SWAPAREA_MAGIC_LEN);
	return 0;
}

static int decode_v1(struct swaparea_hdr *h, const uint8_t *page, struct swaparea_err *err)
{
	uint32_t raw = load32(page, SWAPAREA_OFF_VERSION, false);
	uint32_t max = swaparea_hdr_max_badpages(h->pagesize);
	bool swap;
	uint32_t nr;

	if (raw == 1)
		swap = false;
	else if (bswap_32(raw) == 1)
		swap = true;
	else
		return swaparea__err_set(err, -EPROTO, SWAPAREA_OFF_VERSION,
					 "unknown swap header version %" PRIu32 " (0x%08" PRIx32 ")",
					 raw, raw);

	h->version = 1;
	h->endian = swap ? (host_endian() == SWAPAREA_ENDIAN_LITTLE ? SWAPAREA_ENDIAN_BIG
								   : SWAPAREA_ENDIAN_LITTLE)
			 : host_endian();
	h->last_page = load32(page, SWAPAREA_OFF_LAST_PAGE, swap);
	memcpy(h->uuid, page + SWAPAREA_OFF_UUID, SWAPAREA_UUID_LEN);
	memcpy(h->label, page + SWAPAREA_OFF_LABEL, SWAPAREA_LABEL_FIELD);
	h->label[SWAPAREA_LABEL_FIELD] = '\0';
	h->label_unterminated = memchr(page + SWAPAREA_OFF_LABEL, '\0', SWAPAREA_LABEL_FIELD) == NULL;
	h->padding_dirty = load32(page, offsetof(struct swaparea_hdr_disk, padding[32]), false) ||
			   load32(page, offsetof(struct swaparea_hdr_disk, padding[33]), false);

	nr = load32(page, SWAPAREA_OFF_NR_BADPAGES, swap);
	if (nr > max)
		return swaparea__err_set(err, -EUCLEAN, SWAPAREA_OFF_NR_BADPAGES,
					 "nr_badpages is %" PRIu32 ", but a %" PRIu32
					 "-byte page holds at most %" PRIu32,
					 nr, h->pagesize, max);
	if (nr) {
		h->badpages = calloc(nr, sizeof(*h->badpages));
		if (!h->badpages)
			return -ENOMEM;
	}
	for (uint32_t i = 0; i < nr; i++)
		h->badpages[i] = load32(page, SWAPAREA_OFF_BADPAGES + 4 * (size_t)i, swap);
	h->nr_badpages = nr;
	return 0;
}

int swaparea_hdr_decode(struct swaparea_hdr *h, const void *page, size_t len, uint32_t pagesize,
			struct swaparea_err *err)
{
	enum swaparea_sig sig;
	int rc;

	swaparea_hdr_release(h);
	swaparea_err_clear(err);
	if (pagesize) {
		if (!swaparea_pagesize_valid(pagesize))
			return swaparea__err_set(err, -EINVAL, UINT64_MAX,
						 "page size %" PRIu32 " is not supported", pagesize);
		if (len < pagesize)
			return swaparea__err_set(err, -ENODATA, len,
						 "%zu bytes are less than one %" PRIu32 "-byte page",
						 len, pagesize);
		sig = swaparea_sig_at(page, len, pagesize);
	} else if (swaparea_sig_find(page, len, &pagesize, &sig) < 0) {
		sig = SWAPAREA_SIG_NONE;
	}

	if (sig != SWAPAREA_SIG_V1 && sig != SWAPAREA_SIG_V0) {
		if (sig == SWAPAREA_SIG_NONE)
			return swaparea__err_set(err, -ENOENT, UINT64_MAX, "no swap signature");
		return swaparea__err_set(err, -ENOENT,
					 pagesize ? pagesize - SWAPAREA_MAGIC_LEN : 0,
					 "%s signature in place of the swap signature",
					 swaparea_sig_name(sig));
	}

	h->pagesize = pagesize;
	if (sig == SWAPAREA_SIG_V1) {
		rc = decode_v1(h, page, err);
	} else {
		rc = swaparea_v0_bitmap_to_hdr(h, page, pagesize - SWAPAREA_MAGIC_LEN);
		if (rc == -ENODATA)
			rc = swaparea__err_set(err, -EUCLEAN, 0,
					       "the v0 bitmap marks no page usable");
	}
	if (rc == -EUCLEAN) {
		/* Keep what was read; drop only the list that could not be trusted. */
		free(h->badpages);
		h->badpages = NULL;
		h->nr_badpages = 0;
	} else if (rc) {
		swaparea_hdr_release(h);
	}
	return rc;
}

static int pread_full(int fd, void *buf, size_t len, uint64_t offset, size_t *got)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = pread(fd, (uint8_t *)buf + done, len - done, (off_t)(offset + done));

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			break;
		done += (size_t)n;
	}
	*got = done;
	return 0;
}

int swaparea__pwrite_full(int fd, const void *buf, size_t len, uint64_t offset)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = pwrite(fd, (const uint8_t *)buf + done, len - done,
				   (off_t)(offset + done));

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return -EIO;
		done += (size_t)n;
	}
	return 0;
}

int swaparea_hdr_read(int fd, uint64_t offset, uint32_t pagesize, struct swaparea_hdr *h,
		      struct swaparea_err *err)
{
	size_t want = pagesize ? pagesize : SWAPAREA_PAGESIZE_SEARCH_MAX;
	size_t got = 0;
	uint8_t *buf = malloc(want);
	int rc;

	swaparea_err_clear(err);
	if (!buf)
		return -ENOMEM;
	rc = pread_full(fd, buf, want, offset, &got);
	if (rc)
		swaparea__err_set(err, rc, 0, "cannot read the header: %s", strerror(-rc));
	else
		rc = swaparea_hdr_decode(h, buf, got, pagesize, err);
	free(buf);
	return rc;
}

int swaparea_hdr_write(int fd, uint64_t offset, const struct swaparea_hdr *h)
{
	uint8_t *page;
	size_t skip;
	int rc;

	if (!swaparea_pagesize_valid(h->pagesize))
		return -EINVAL;
	page = malloc(h->pagesize);
	if (!page)
		return -ENOMEM;
	rc = swaparea_hdr_encode(h, page);
	if (rc == 0) {
		skip = h->version == 1 ? SWAPAREA_BOOTBITS_LEN : 0;
		rc = swaparea__pwrite_full(fd, page + skip, h->pagesize - skip, offset + skip);
	}
	free(page);
	return rc;
}

int swaparea_hdr_write_uuid(int fd, uint64_t offset, const uint8_t *uuid)
{
	return swaparea__pwrite_full(fd, uuid, SWAPAREA_UUID_LEN, offset + SWAPAREA_OFF_UUID);
}

int swaparea_hdr_write_label(int fd, uint64_t offset, const char *label, bool *truncated)
{
	struct swaparea_hdr h;

	/* One rule for cutting a label: set_label's. */
	swaparea_hdr_init(&h);
	swaparea_hdr_set_label(&h, label, truncated);
	return swaparea__pwrite_full(fd, h.label, SWAPAREA_LABEL_FIELD, offset + SWAPAREA_OFF_LABEL);
}

int swaparea_sig_write(int fd, uint64_t offset, uint32_t pagesize, enum swaparea_sig sig)
{
	if (!swaparea_pagesize_valid(pagesize))
		return -EINVAL;
	for (size_t i = 0; i < ARRAY_SIZE(signatures); i++)
		if (signatures[i].sig == sig)
			return swaparea__pwrite_full(fd, signatures[i].magic, SWAPAREA_MAGIC_LEN,
						     offset + pagesize - SWAPAREA_MAGIC_LEN);
	return -EINVAL;
}

int swaparea_hdr_repage(int fd, uint64_t offset, const struct swaparea_hdr *old, uint32_t pagesize,
			uint64_t area_bytes)
{
	static const uint8_t zeros[SWAPAREA_MAGIC_LEN];
	struct swaparea_hdr h;
	uint64_t npages = area_bytes / (pagesize ? pagesize : 1);
	int rc;

	if (old->version != 1 || !swaparea_pagesize_valid(pagesize))
		return -EINVAL;
	swaparea_hdr_init(&h);
	if (npages > SWAPAREA_MAX_PAGES)
		npages = SWAPAREA_MAX_PAGES;
	if ((rc = swaparea_hdr_setup(&h, pagesize, npages)))
		goto out;
	h.endian = old->endian;
	memcpy(h.uuid, old->uuid, sizeof(h.uuid));
	memcpy(h.label, old->label, sizeof(h.label));
	/* A bad page keeps its bytes bad: every new page that overlaps it. */
	for (uint32_t i = 0; i < old->nr_badpages && !rc; i++) {
		uint64_t first = (uint64_t)old->badpages[i] * old->pagesize;
		uint64_t last = first + old->pagesize - 1;

		for (uint64_t p = first / pagesize; p <= last / pagesize && !rc; p++)
			if (p && p <= h.last_page && (h.nr_badpages == 0 || h.badpages[h.nr_badpages - 1] != p))
				rc = swaparea_hdr_add_badpage(&h, (uint32_t)p);
	}
	if (rc)
		goto out;
	if ((rc = swaparea_hdr_write(fd, offset, &h)))
		goto out;
	/* The new header page does not cover a magic further out. */
	if (old->pagesize > pagesize)
		rc = swaparea__pwrite_full(fd, zeros, sizeof(zeros),
					   offset + old->pagesize - SWAPAREA_MAGIC_LEN);
out:
	swaparea_hdr_release(&h);
	return rc;
}

int swaparea_hdr_zero_bootbits(int fd, uint64_t offset)
{
	static const uint8_t zeros[SWAPAREA_BOOTBITS_LEN];

	return swaparea__pwrite_full(fd, zeros, sizeof(zeros), offset);
}

/* ---- v0 bitmap --------------------------------------------------------- */

static bool bit_is_set(const uint8_t *bitmap, uint32_t n)
{
	return bitmap[n / 8] & (1u << (n % 8));
}

/* The first clear bit at or after @n and below @end, or @end; skips full bytes. */
static uint32_t next_clear_bit(const uint8_t *bitmap, uint32_t n, uint32_t end)
{
	while (n < end) {
		if (n % 8 == 0 && bitmap[n / 8] == 0xff) {
			n += 8;
			continue;
		}
		if (!bit_is_set(bitmap, n))
			return n;
		n++;
	}
	return end;
}

int swaparea_v0_bitmap_from_hdr(const struct swaparea_hdr *h, uint8_t *bitmap, size_t len)
{
	if ((uint64_t)h->last_page >= (uint64_t)len * 8)
		return -ERANGE;
	memset(bitmap, 0, len);
	for (uint32_t n = 1; n <= h->last_page; n++)
		bitmap[n / 8] |= (uint8_t)(1u << (n % 8));
	for (uint32_t i = 0; i < h->nr_badpages; i++) {
		uint32_t n = h->badpages[i];

		if (n != 0 && n <= h->last_page)
			bitmap[n / 8] &= (uint8_t)~(1u << (n % 8));
	}
	return 0;
}

int swaparea_v0_bitmap_to_hdr(struct swaparea_hdr *h, const uint8_t *bitmap, size_t len)
{
	uint32_t last = 0, nbad = 0;
	uint32_t *bad = NULL;
	size_t top = len;

	/* The highest usable page: the top bit of the last nonzero byte. */
	while (top > 0 && bitmap[top - 1] == 0)
		top--;
	if (top == 0 || (top == 1 && bitmap[0] <= 1))
		return -ENODATA;  /* nothing set, or only bit 0, which is the header */
	last = (uint32_t)(top - 1) * 8 + (31u - (uint32_t)__builtin_clz(bitmap[top - 1]));

	/* Clear bits in 1..last-1 are bad pages: count them, then list them. */
	for (uint32_t n = next_clear_bit(bitmap, 1, last); n < last; n = next_clear_bit(bitmap, n + 1, last))
		nbad++;
	if (nbad) {
		bad = calloc(nbad, sizeof(*bad));
		if (!bad)
			return -ENOMEM;
		nbad = 0;
		for (uint32_t n = next_clear_bit(bitmap, 1, last); n < last;
		     n = next_clear_bit(bitmap, n + 1, last))
			bad[nbad++] = n;
	}
	free(h->badpages);
	h->badpages = bad;
	h->nr_badpages = nbad;
	h->version = 0;
	h->last_page = last;
	h->endian = host_endian();  /* a bitmap has no byte order; say the reader's */
	return 0;
}

/* ---- The kernel's verdict --------------------------------------------- */

const char *swaparea_rule_name(enum swaparea_rule rule)
{
	static const char *const names[] = {
		[SWAPAREA_RULE_OK] = "ok",
		[SWAPAREA_RULE_SIGNATURE] = "signature",
		[SWAPAREA_RULE_SWAPPED_BADPAGES] = "swapped-badpages",
		[SWAPAREA_RULE_VERSION] = "version",
		[SWAPAREA_RULE_EMPTY] = "empty",
		[SWAPAREA_RULE_SHORTER] = "shorter",
		[SWAPAREA_RULE_BADPAGES_ON_FILE] = "badpages-on-file",
		[SWAPAREA_RULE_TOO_MANY_BADPAGES] = "too-many-badpages",
		[SWAPAREA_RULE_BADPAGE_RANGE] = "badpage-range",
		[SWAPAREA_RULE_NO_GOOD_PAGES] = "no-good-pages",
	};

	if ((size_t)rule < ARRAY_SIZE(names) && names[rule])
		return names[rule];
	return "unknown";
}

static int refuse(struct swaparea_verdict *v, enum swaparea_rule rule, uint64_t offset,
		  const char *kernel_log, const char *fmt, ...)
{
	va_list ap;

	v->accepted = false;
	v->rule = rule;
	v->offset = offset;
	snprintf(v->kernel_log, sizeof(v->kernel_log), "%s", kernel_log);
	va_start(ap, fmt);
	vsnprintf(v->reason, sizeof(v->reason), fmt, ap);
	va_end(ap);
	return -EINVAL;
}

int swaparea_kernel_check(const void *page, uint64_t area_bytes, bool regular_file,
			  const struct swaparea_kernel *k, struct swaparea_verdict *v)
{
	const uint8_t *p = page;
	uint32_t max_bad, version, last_page, nr_bad;
	unsigned int page_shift;
	uint64_t maxpages, filepages;
	uint32_t pages;  /* swap_info_struct.pages is an unsigned int, and wraps like one */
	bool swap = false;
	char log[SWAPAREA_ERR_MSG_MAX];

	memset(v, 0, sizeof(*v));
	v->offset = UINT64_MAX;
	if (!k || !swaparea_pagesize_valid(k->pagesize))
		return refuse(v, SWAPAREA_RULE_SIGNATURE, UINT64_MAX, "",
			      "the kernel's page size is not a supported power of two");
	page_shift = (unsigned int)__builtin_ctz(k->pagesize);
	max_bad = swaparea_hdr_max_badpages(k->pagesize);

	if (memcmp(p + k->pagesize - SWAPAREA_MAGIC_LEN, SWAPAREA_MAGIC_V1, SWAPAREA_MAGIC_LEN))
		return refuse(v, SWAPAREA_RULE_SIGNATURE, k->pagesize - SWAPAREA_MAGIC_LEN,
			      "Unable to find swap-space signature",
			      "no SWAPSPACE2 signature at byte %" PRIu32 " (the end of a %" PRIu32
			      "-byte page)", k->pagesize - SWAPAREA_MAGIC_LEN, k->pagesize);

	version = load32(p, SWAPAREA_OFF_VERSION, false);
	if (bswap_32(version) == 1) {
		swap = true;
		version = 1;
		if (load32(p, SWAPAREA_OFF_NR_BADPAGES, true) > max_bad)
			return refuse(v, SWAPAREA_RULE_SWAPPED_BADPAGES, SWAPAREA_OFF_NR_BADPAGES, "",
				      "foreign-endian header lists %" PRIu32
				      " bad pages, more than the %" PRIu32 " that fit",
				      load32(p, SWAPAREA_OFF_NR_BADPAGES, true), max_bad);
	}
	last_page = load32(p, SWAPAREA_OFF_LAST_PAGE, swap);
	nr_bad = load32(p, SWAPAREA_OFF_NR_BADPAGES, swap);

	if (version != 1) {
		snprintf(log, sizeof(log), "Unable to handle swap header version %d", (int)version);
		return refuse(v, SWAPAREA_RULE_VERSION, SWAPAREA_OFF_VERSION, log,
			      "header version is %" PRIu32 ", not 1", version);
	}

	maxpages = k->max_swapfile_pages;
	if (last_page == 0)
		return refuse(v, SWAPAREA_RULE_EMPTY, SWAPAREA_OFF_LAST_PAGE, "Empty swap-file",
			      "last_page is 0: the area has no page besides the header");
	if (last_page > maxpages)
		snprintf(v->kernel_warning, sizeof(v->kernel_warning),
			 "Truncating oversized swap area, only using %" PRIu64 "k out of %" PRIu64 "k",
			 maxpages << (page_shift - 10), (uint64_t)last_page << (page_shift - 10));
	if (maxpages > last_page) {
		maxpages = (uint64_t)last_page + 1;
		/* swap_info_struct.max is an unsigned int. */
		if ((uint32_t)maxpages == 0)
			maxpages = UINT32_MAX;
	}
	if (maxpages == 0)
		return refuse(v, SWAPAREA_RULE_EMPTY, UINT64_MAX, "",
			      "the kernel's maximum swap size is 0 pages");

	filepages = area_bytes >> page_shift;
	if (filepages && maxpages > filepages)
		return refuse(v, SWAPAREA_RULE_SHORTER, SWAPAREA_OFF_LAST_PAGE,
			      "Swap area shorter than signature indicates",
			      "header claims %" PRIu64 " pages, but the %s holds only %" PRIu64,
			      maxpages, regular_file ? "file" : "device", filepages);
	if (nr_bad && regular_file)
		return refuse(v, SWAPAREA_RULE_BADPAGES_ON_FILE, SWAPAREA_OFF_NR_BADPAGES, "",
			      "%" PRIu32 " bad pages listed, and a swap file may have none", nr_bad);
	if (nr_bad > max_bad)
		return refuse(v, SWAPAREA_RULE_TOO_MANY_BADPAGES, SWAPAREA_OFF_NR_BADPAGES, "",
			      "%" PRIu32 " bad pages listed, more than the %" PRIu32 " that fit",
			      nr_bad, max_bad);

	/* setup_swap_map(): the header page and every bad page below max are lost. */
	pages = (uint32_t)(maxpages - 1);
	for (uint32_t i = 0; i < nr_bad; i++) {
		size_t off = SWAPAREA_OFF_BADPAGES + 4 * (size_t)i;
		uint32_t bad = load32(p, off, swap);

		if (bad == 0 || bad > last_page)
			return refuse(v, SWAPAREA_RULE_BADPAGE_RANGE, off, "",
				      "bad page entry %" PRIu32 " is %" PRIu32
				      ", outside 1..%" PRIu32, i, bad, last_page);
		if (bad < maxpages)
			pages--;
	}
	v->maxpages = maxpages;
	v->usable_pages = pages;
	if (pages == 0)
		return refuse(v, SWAPAREA_RULE_NO_GOOD_PAGES, SWAPAREA_OFF_BADPAGES,
			      "Empty swap-file", "every page is either the header or bad");

	v->accepted = true;
	v->rule = SWAPAREA_RULE_OK;
	snprintf(v->reason, sizeof(v->reason), "%" PRIu32 " usable pages", pages);
	return 0;
}
