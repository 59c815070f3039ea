/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * swaparea/header.h - the swap header: read, write, and judge as the kernel does.
 *
 * A swap area starts with one header page.  Two formats exist:
 *
 *  - v1, "SWAPSPACE2" in the last 10 bytes of the page (every kernel since
 *    2.2): version, last_page, nr_badpages, UUID and label at byte 1024,
 *    the bad-page list at byte 1536.  Integers are in the byte order of the
 *    machine that made it; readers accept either order.
 *  - v0, "SWAP-SPACE" in the last 10 bytes: the rest of the page is a bitmap
 *    of usable pages (bit n set = page n usable, bit 0 always clear).  Linux
 *    2.5 dropped it; we read it for old images and write it for tests.
 *
 * The page size is not stored anywhere: it is where the magic sits.
 *
 * Invariants of struct swaparea_hdr (swaparea_hdr_check() tests them):
 *  - pagesize is a power of two in [SWAPAREA_PAGESIZE_MIN, SWAPAREA_PAGESIZE_MAX];
 *  - nr_badpages <= swaparea_hdr_badpage_capacity(h) (the v1 list for a
 *    v1 header, every page of the bitmap for v0), and badpages holds exactly
 *    nr_badpages entries, ascending for v0 (NULL when there are none);
 *  - label is NUL-terminated within its 17 bytes.
 * Decoding bounds every count before a loop uses it, whatever the bytes say.
 */
#ifndef SWAPAREA_HEADER_H
#define SWAPAREA_HEADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "swaparea/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- On-disk layout ---------------------------------------------------- */

#define SWAPAREA_MAGIC_LEN 10
#define SWAPAREA_MAGIC_V1 "SWAPSPACE2"
#define SWAPAREA_MAGIC_V0 "SWAP-SPACE"

/* The v1 header as it lies at the start of the area (fields in disk order). */
struct swaparea_hdr_disk {
	uint8_t bootbits[1024];   /* boot loader, partition table: never ours */
	uint32_t version;         /* 1 */
	uint32_t last_page;       /* index of the last page; size = last_page + 1 */
	uint32_t nr_badpages;     /* entries used in badpages[] */
	uint8_t uuid[16];
	char volume_name[16];     /* label, NUL-padded */
	uint32_t padding[117];    /* zero; blkid trusts label/UUID only if [32], [33] are */
	uint32_t badpages[];      /* page indices, up to the magic */
};

_Static_assert(offsetof(struct swaparea_hdr_disk, version) == 1024, "version at 1024");
_Static_assert(offsetof(struct swaparea_hdr_disk, last_page) == 1028, "last_page at 1028");
_Static_assert(offsetof(struct swaparea_hdr_disk, nr_badpages) == 1032, "nr_badpages at 1032");
_Static_assert(offsetof(struct swaparea_hdr_disk, uuid) == 1036, "uuid at 1036");
_Static_assert(offsetof(struct swaparea_hdr_disk, volume_name) == 1052, "label at 1052");
_Static_assert(offsetof(struct swaparea_hdr_disk, badpages) == 1536, "badpages at 1536");

/* Byte offsets inside the area, for tools that report where a problem is. */
#define SWAPAREA_OFF_VERSION     offsetof(struct swaparea_hdr_disk, version)
#define SWAPAREA_OFF_LAST_PAGE   offsetof(struct swaparea_hdr_disk, last_page)
#define SWAPAREA_OFF_NR_BADPAGES offsetof(struct swaparea_hdr_disk, nr_badpages)
#define SWAPAREA_OFF_UUID        offsetof(struct swaparea_hdr_disk, uuid)
#define SWAPAREA_OFF_LABEL       offsetof(struct swaparea_hdr_disk, volume_name)
#define SWAPAREA_OFF_BADPAGES    offsetof(struct swaparea_hdr_disk, badpages)

/* Bytes a header writer owns: from the version field to the end of the page. */
#define SWAPAREA_BOOTBITS_LEN    SWAPAREA_OFF_VERSION

/* Label bytes stored: the field less the NUL util-linux always keeps. */
#define SWAPAREA_LABEL_FIELD     sizeof(((struct swaparea_hdr_disk *)0)->volume_name)
#define SWAPAREA_LABEL_MAX       (SWAPAREA_LABEL_FIELD - 1)
#define SWAPAREA_UUID_LEN        sizeof(((struct swaparea_hdr_disk *)0)->uuid)

/*
 * Smallest page that holds the header, one bad-page slot and the magic
 * (util-linux's bound: 1550, so 2048 is the smallest power of two); the
 * largest page size mkswap accepts (util-linux takes any power of two that
 * fits an int: 1 GiB); and the largest page size any Linux port uses
 * (256 KiB: hexagon, powerpc 44x), which bounds the search for a magic.
 */
#define SWAPAREA_PAGESIZE_MIN \
	(SWAPAREA_OFF_BADPAGES + sizeof(uint32_t) + SWAPAREA_MAGIC_LEN)
#define SWAPAREA_PAGESIZE_MAX (1u << 30)
#define SWAPAREA_PAGESIZE_SEARCH_MAX (256u * 1024u)

/* last_page is 32 bits wide: an area has at most 2^32 - 1 pages. */
#define SWAPAREA_MAX_PAGES \
	((UINT64_C(1) << (8 * sizeof(((struct swaparea_hdr_disk *)0)->last_page))) - 1)

/* mkswap refuses areas with fewer usable pages than this (util-linux's rule). */
#define SWAPAREA_MIN_GOOD_PAGES 10

/* Largest v0 area: one bit per page in the header page less its magic. */
#define SWAPAREA_V0_MAX_PAGES(pagesize) (8u * ((pagesize) - SWAPAREA_MAGIC_LEN))

/* Capacity of the bad-page list for a page size: 637 at 4 KiB, 15997 at 64 KiB. */
static inline uint32_t swaparea_hdr_max_badpages(uint32_t pagesize)
{
	if (pagesize < SWAPAREA_PAGESIZE_MIN)
		return 0;
	return (pagesize - SWAPAREA_OFF_BADPAGES - SWAPAREA_MAGIC_LEN) / sizeof(uint32_t);
}

/* True when @pagesize is a power of two in the supported range. */
bool swaparea_pagesize_valid(uint64_t pagesize);

/* ---- Signatures -------------------------------------------------------- */

/*
 * What sits in the last 10 bytes of a header page (or, for TuxOnIce, at
 * byte 0).  The hibernation kinds mean a swap area whose signature was
 * replaced by a suspend image writer.
 */
enum swaparea_sig {
	SWAPAREA_SIG_NONE = 0,
	SWAPAREA_SIG_V1,          /* SWAPSPACE2 */
	SWAPAREA_SIG_V0,          /* SWAP-SPACE */
	SWAPAREA_SIG_S1SUSPEND,   /* swsusp, Linux 2.6 */
	SWAPAREA_SIG_S2SUSPEND,
	SWAPAREA_SIG_ULSUSPEND,   /* uswsusp */
	SWAPAREA_SIG_LINHIB,      /* LINHIB0001 */
	SWAPAREA_SIG_TUXONICE,    /* ed c3 02 e9 98 56 e5 0c at byte 0 */
};

/* Stable lower-case name of @sig ("swap-v1", "s1suspend", ...). */
const char *swaparea_sig_name(enum swaparea_sig sig);

/* True for the hibernation signatures. */
bool swaparea_sig_is_suspend(enum swaparea_sig sig);

/* Signature in the page of size @pagesize that starts @buf (@len bytes). */
enum swaparea_sig swaparea_sig_at(const void *buf, size_t len, uint32_t pagesize);

/*
 * Find the page size from where a signature sits: tries every power of two
 * from 2 KiB to SWAPAREA_PAGESIZE_SEARCH_MAX, smallest first, in the @len bytes at @buf.  Returns 0 and
 * sets *pagesize and *sig, or -ENOENT when there is none.  A TuxOnIce image
 * reports pagesize 0.
 */
int swaparea_sig_find(const void *buf, size_t len, uint32_t *pagesize,
		      enum swaparea_sig *sig);

/*
 * Write the magic of @sig (the swap or a hibernation signature) in the last
 * 10 bytes of the page of @pagesize at @offset: swapon's repair of an area
 * a hibernation image left behind.  -EINVAL for TuxOnIce, NONE or a bad
 * page size; -errno from the write.
 */
int swaparea_sig_write(int fd, uint64_t offset, uint32_t pagesize, enum swaparea_sig sig);

/* ---- The header in memory --------------------------------------------- */

enum swaparea_endian {
	SWAPAREA_ENDIAN_NATIVE = 0,  /* for writing: the machine's own order */
	SWAPAREA_ENDIAN_LITTLE,
	SWAPAREA_ENDIAN_BIG,
};

/* "little" or "big"; "native" for SWAPAREA_ENDIAN_NATIVE. */
const char *swaparea_endian_name(enum swaparea_endian e);

/* Parse "native", "little" or "big"; -EINVAL otherwise. */
int swaparea_endian_parse(const char *s, enum swaparea_endian *e);

struct swaparea_hdr {
	uint32_t pagesize;
	uint32_t version;              /* 1 (SWAPSPACE2) or 0 (SWAP-SPACE) */
	enum swaparea_endian endian;   /* decoded: LITTLE or BIG; to write: any */
	uint32_t last_page;
	uint32_t nr_badpages;
	uint32_t *badpages;            /* owned; nr_badpages entries */
	uint8_t uuid[SWAPAREA_UUID_LEN];
	char label[SWAPAREA_LABEL_FIELD + 1];
	bool label_unterminated;       /* decoded: all 16 label bytes were used */
	bool padding_dirty;            /* decoded: padding[32] or [33] nonzero */
};

/* Lifecycle. */
void swaparea_hdr_init(struct swaparea_hdr *h);
void swaparea_hdr_release(struct swaparea_hdr *h);

/*
 * Start a fresh v1 header of @npages pages (header page included) at
 * @pagesize: version 1, native order, no bad pages, zero UUID, no label.
 * -EINVAL for a bad page size, -ERANGE for fewer than 2 pages or more than
 * SWAPAREA_MAX_PAGES.
 */
int swaparea_hdr_setup(struct swaparea_hdr *h, uint32_t pagesize, uint64_t npages);

/*
 * Append page @page to the bad-page list.  -ERANGE if it is 0 or past
 * last_page; -ENOSPC when the list is full for this page size; -ENOMEM.
 */
int swaparea_hdr_add_badpage(struct swaparea_hdr *h, uint32_t page);

/*
 * Store @label the way util-linux does: at most SWAPAREA_LABEL_MAX bytes,
 * cut byte-wise.  *truncated (may be NULL) tells whether bytes were dropped.
 */
void swaparea_hdr_set_label(struct swaparea_hdr *h, const char *label, bool *truncated);

/* Most bad pages @h can hold: the v1 list's size, or a v0 bitmap's pages. */
uint32_t swaparea_hdr_badpage_capacity(const struct swaparea_hdr *h);

/*
 * Pages of the area that hold neither the header nor a listed bad page:
 * last_page + 1 - 1 - nr_badpages, what mkswap reports.  A count of the
 * layout, not the kernel's figure (which caps the size and counts a
 * duplicated bad page twice): see swaparea_kernel_check() for that.
 */
uint64_t swaparea_hdr_usable_pages(const struct swaparea_hdr *h);

/* Check the invariants above; 0 or -EINVAL with @err filled. */
int swaparea_hdr_check(const struct swaparea_hdr *h, struct swaparea_err *err);

/*
 * Encode @h into @page, which must hold h->pagesize bytes.  The whole page
 * is written, bootbits zeroed; writers that must keep the first 1024 bytes
 * use swaparea_hdr_write().  Bad-page entries are stored in the same byte
 * order as the other integers, as the kernel expects.  -EINVAL if @h breaks
 * its invariants or a v0 header cannot hold last_page.
 */
int swaparea_hdr_encode(const struct swaparea_hdr *h, void *page);

/*
 * Decode the header page at @page (@len bytes, at least h->pagesize as found
 * or @pagesize when nonzero).  With @pagesize 0 the page size is found from
 * where the magic sits.  Reads v1 in either byte order and v0.  On a count
 * that cannot be right (nr_badpages past the list's capacity) returns
 * -EUCLEAN with @err naming the field; -ENOENT when no swap signature is
 * there (a hibernation signature included: see swaparea_sig_find);
 * -EPROTO for a v1 magic with a version other than 1.  @h must be
 * initialised; it is released first.
 */
int swaparea_hdr_decode(struct swaparea_hdr *h, const void *page, size_t len,
			uint32_t pagesize, struct swaparea_err *err);

/*
 * Read the header of the area that starts @offset bytes into @fd.  Reads up
 * to SWAPAREA_PAGESIZE_SEARCH_MAX bytes (or @pagesize), then decodes as swaparea_hdr_decode().
 * -EIO-class errors from the read are returned as they are.
 */
int swaparea_hdr_read(int fd, uint64_t offset, uint32_t pagesize,
		      struct swaparea_hdr *h, struct swaparea_err *err);

/*
 * Write @h to the area at @offset in @fd.  A v1 header writes bytes 1024 to
 * the end of the page only (the first 1024 bytes belong to boot loaders and
 * partition tables); a v0 header is the whole page.  Returns 0 or -errno.
 */
int swaparea_hdr_write(int fd, uint64_t offset, const struct swaparea_hdr *h);

/*
 * Change one field of the v1 header at @offset in place, writing only its
 * 16 bytes (the page size does not matter: both sit at fixed offsets).
 * The label is cut and padded as swaparea_hdr_set_label() does; *truncated
 * (may be NULL) tells whether bytes were dropped.  Check that the area is
 * a v1 one first (swaparea_hdr_read).  0 or -errno.
 */
int swaparea_hdr_write_uuid(int fd, uint64_t offset, const uint8_t *uuid);
int swaparea_hdr_write_label(int fd, uint64_t offset, const char *label, bool *truncated);

/*
 * Rewrite the v1 header @old (as read from @fd at @offset) for another page
 * size: a header of area_bytes / @pagesize pages with the same UUID, label
 * and byte order, each old bad page carried over as the new pages that
 * overlap it, and the old magic erased when the new header page does not
 * cover it.  Nothing else of the area is touched.  -EINVAL for a bad page
 * size or a v0 @old, -ERANGE if the area is too small, -ENOSPC if the bad
 * pages do not fit the new list, -errno from the writes.
 */
int swaparea_hdr_repage(int fd, uint64_t offset, const struct swaparea_hdr *old, uint32_t pagesize,
			uint64_t area_bytes);

/*
 * Zero the first SWAPAREA_BOOTBITS_LEN bytes of the area at @offset: what a
 * previous owner (a file system's superblock, a boot loader) left where the
 * header page begins.  Never call it on a disk whose partition table lives
 * there (see swaparea_probe_pttype).  Returns 0 or -errno.
 */
int swaparea_hdr_zero_bootbits(int fd, uint64_t offset);

/* ---- The kernel's judgement ------------------------------------------- */

/* The kernel that judges: its page size and its largest swap area. */
struct swaparea_kernel {
	uint32_t pagesize;            /* PAGE_SIZE */
	uint64_t max_swapfile_pages;  /* swapfile_maximum_size (arch limit) */
};

/*
 * Which of the kernel's rules decided, in the order sys_swapon applies them
 * (read_swap_header, then setup_swap_map).
 */
enum swaparea_rule {
	SWAPAREA_RULE_OK = 0,
	SWAPAREA_RULE_SIGNATURE,       /* no SWAPSPACE2 at PAGE_SIZE - 10 */
	SWAPAREA_RULE_SWAPPED_BADPAGES,/* foreign byte order, nr_badpages too big */
	SWAPAREA_RULE_VERSION,         /* version != 1 */
	SWAPAREA_RULE_EMPTY,           /* last_page == 0 */
	SWAPAREA_RULE_SHORTER,         /* file or device shorter than last_page */
	SWAPAREA_RULE_BADPAGES_ON_FILE,/* bad pages listed in a regular file */
	SWAPAREA_RULE_TOO_MANY_BADPAGES,
	SWAPAREA_RULE_BADPAGE_RANGE,   /* a bad page is 0 or past last_page */
	SWAPAREA_RULE_NO_GOOD_PAGES,   /* every page is the header or bad */
};

/* Stable lower-case identifier of @rule ("ok", "signature", ...). */
const char *swaparea_rule_name(enum swaparea_rule rule);

struct swaparea_verdict {
	bool accepted;
	enum swaparea_rule rule;
	/* The line the kernel logs, as it logs it; empty when it fails silently. */
	char kernel_log[SWAPAREA_ERR_MSG_MAX];
	/* Our own sentence: what is wrong and where. */
	char reason[SWAPAREA_ERR_MSG_MAX];
	uint64_t offset;        /* byte offset of the deciding field, or UINT64_MAX */
	/* When the kernel warns and carries on (an oversized area). */
	char kernel_warning[SWAPAREA_ERR_MSG_MAX];
	uint64_t maxpages;      /* swap_info->max: slots including the header */
	uint64_t usable_pages;  /* swap_info->pages: what swapon adds */
};

/*
 * Judge the header page @page (k->pagesize bytes, the first page of the
 * area) as the kernel's sys_swapon would: read_swap_header() and
 * setup_swap_map(), in their order, with their log text.  @area_bytes is
 * the size of the file or device (0 if unknown: the kernel then skips the
 * size check) and @regular_file whether it is a regular file.  Extents are
 * not judged here.  Returns 0 when accepted, -EINVAL (the kernel's error)
 * when refused, -EINVAL also for a bad @k; the verdict says why.
 */
int swaparea_kernel_check(const void *page, uint64_t area_bytes, bool regular_file,
			  const struct swaparea_kernel *k, struct swaparea_verdict *v);

/* ---- Legacy v0 bitmap ------------------------------------------------- */

/*
 * Build the v0 bitmap of usable pages from @h (v1 or v0) into @bitmap
 * (pagesize - 10 bytes): bits 1..last_page set except the bad pages.
 * -ERANGE if last_page does not fit the bitmap.
 */
int swaparea_v0_bitmap_from_hdr(const struct swaparea_hdr *h, uint8_t *bitmap, size_t len);

/*
 * The reverse: last_page is the highest usable page, and every clear bit
 * below it (page 0 excepted) becomes a bad page.  @h's page size is kept;
 * version becomes 0.  -ENODATA if no page is usable, -ENOMEM.  A v0 bitmap
 * can describe more bad pages than a v1 list holds: check
 * swaparea_hdr_max_badpages() before turning the result into a v1 header.
 */
int swaparea_v0_bitmap_to_hdr(struct swaparea_hdr *h, const uint8_t *bitmap, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* SWAPAREA_HEADER_H */
