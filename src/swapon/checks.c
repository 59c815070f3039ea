// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * checks.c - what swapon makes sure of before it asks the kernel.
 *
 * The order and the messages are util-linux swapon's: open and stat;
 * permission and owner warnings; holes; the device size; the signature and
 * its page size; last_page against the size; a page size other than the
 * system's (rewritten with --fixpgsz); a hibernation signature (rewritten).
 * Two things go further than util-linux.  Holes are found with the
 * library's extent map rather than by comparing st_blocks with st_size, so
 * shared, inline and unallocated extents are caught too, each with the
 * page where it is, and a preallocated file is not mistaken for a sparse
 * one.  And --fixpgsz rewrites the header in place through the library,
 * keeping label and UUID, instead of running mkswap.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "swaparea.h"

#include "perm.h"
#include "swapon.h"

/* swapon(8) reads this much to find the signature: page sizes up to 64 KiB. */
#define HEADER_READ_MAX (64u * 1024u)

uint32_t system_pagesize(void)
{
	const char *s = getenv("SWAPAREA_PAGESIZE");
	unsigned long v;

	if (s && *s && (v = strtoul(s, NULL, 10)) && swaparea_pagesize_valid(v))
		return (uint32_t)v;
	return (uint32_t)getpagesize();
}

struct target {
	const char *special;
	int fd;
	struct stat st;
	uint64_t devsize;
	unsigned char *buf;
	size_t len;
	uint32_t pagesize;
	enum swaparea_sig sig;
};

static void warn_permissions(const struct target *t)
{
	mode_t want;

	if (swap_mode_insecure(&t->st, &want))
		warnx("%s: insecure permissions %04o, %04o suggested.", t->special,
		      (unsigned)(t->st.st_mode & 07777), (unsigned)want);
	if (swap_owner_insecure(&t->st))
		warnx("%s: insecure file owner %u, 0 (root) suggested.", t->special,
		      (unsigned)t->st.st_uid);
}

/* The extent map's verdict; util-linux's st_blocks test where there is no FIEMAP. */
static int check_extents(const struct swapon_ctl *ctl, const struct target *t)
{
	struct swaparea_extmap m;
	bool refused = false, holes = false;
	uint64_t misaligned = 0;
	int rc = swaparea_extmap_build(&m, t->fd, ctl->pagesize, UINT64_MAX);

	if (rc) {
		swaparea_extmap_release(&m);
		if ((uint64_t)t->st.st_blocks * 512 < (uint64_t)t->st.st_size) {
			warnx("%s: skipping - it appears to have holes.", t->special);
			return -1;
		}
		return 0;
	}
	for (size_t i = 0; i < m.nr_findings; i++) {
		const struct swaparea_ext_finding *f = &m.findings[i];

		if (f->problem == SWAPAREA_EXT_MISALIGNED)
			misaligned += f->length;
		if (!swaparea_ext_problem_refuses(f->problem))
			continue;
		refused = true;
		holes |= f->problem == SWAPAREA_EXT_HOLE;
		warnx("%s: %s extent at page %" PRIu64 " (byte %" PRIu64 ", %" PRIu64 " bytes)",
		      t->special, swaparea_ext_problem_name(f->problem), f->offset / ctl->pagesize,
		      f->offset, f->length);
	}
	if (refused) {
		if (holes)
			warnx("%s: skipping - it appears to have holes.", t->special);
		else
			warnx("%s: skipping - the kernel refuses these extents.", t->special);
	} else if (misaligned) {
		warnx("%s: %" PRIu64 " bytes are not in whole pages on disk; the kernel will use %" PRIu64
		      " pages", t->special, misaligned, m.max_pages);
	}
	swaparea_extmap_release(&m);
	return refused ? -1 : 0;
}

static int read_header_area(struct target *t)
{
	size_t want = HEADER_READ_MAX;

	t->buf = calloc(1, want);
	if (!t->buf)
		err(EXIT_FAILURE, "cannot allocate memory");
	while (t->len < want) {
		ssize_t r = pread(t->fd, t->buf + t->len, want - t->len, (off_t)t->len);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		t->len += (size_t)r;
	}
	if (swaparea_sig_find(t->buf, t->len, &t->pagesize, &t->sig) < 0 ||
	    t->sig == SWAPAREA_SIG_V0 || t->pagesize > HEADER_READ_MAX)
		return -1;
	return 0;
}

/* Write with a fresh descriptor, as util-linux does: the checks read only. */
static int open_for_writing(const struct target *t)
{
	int fd = open(t->special, O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		warn("cannot open %s", t->special);
	return fd;
}

static int fix_pagesize(const struct swapon_ctl *ctl, const struct target *t,
			const struct swaparea_hdr *h)
{
	int fd, rc;

	warnx("%s: swap format pagesize does not match.", t->special);
	warnx("%s: reinitializing the swap.", t->special);
	if (ctl->dry_run) {
		printf("dry run: would rewrite the header of %s for %" PRIu32 "-byte pages\n",
		       t->special, ctl->pagesize);
		return 0;
	}
	if ((fd = open_for_writing(t)) < 0)
		return -1;
	rc = swaparea_hdr_repage(fd, 0, h, ctl->pagesize, t->devsize);
	if (rc == 0 && fsync(fd) < 0 && errno != EINVAL)
		rc = -errno;
	if (close(fd) < 0 && !rc)
		rc = -errno;
	if (rc) {
		warnx("%s: cannot reinitialize the swap: %s", t->special, strerror(-rc));
		return -1;
	}
	return 0;
}

static int check_v1(const struct swapon_ctl *ctl, const struct target *t)
{
	struct swaparea_hdr h;
	struct swaparea_err e;
	uint64_t swapsize;
	int rc = 0;

	swaparea_hdr_init(&h);
	/* util-linux reads only version and last_page; a damaged bad-page
	 * count (-EUCLEAN: the rest is kept) is for the kernel to judge, and a
	 * foreign version reads as last_page 0. */
	if (swaparea_hdr_decode(&h, t->buf, t->len, t->pagesize, &e) < 0 &&
	    e.code != -EUCLEAN)
		h.last_page = 0;
	swapsize = ((uint64_t)h.last_page + 1) * t->pagesize;
	if (ctl->verbose)
		warnx("%s: pagesize=%" PRIu32 ", swapsize=%" PRIu64 ", devsize=%" PRIu64,
		      t->special, t->pagesize, swapsize, t->devsize);
	if (swapsize > t->devsize) {
		if (ctl->verbose)
			warnx("%s: last_page 0x%08" PRIx64 " is larger than actual size of swapspace",
			      t->special, swapsize);
	} else if (t->pagesize != ctl->pagesize) {
		if (ctl->fixpgsz)
			rc = fix_pagesize(ctl, t, &h);
		else
			warnx("%s: swap format pagesize does not match. (Use --fixpgsz to reinitialize it.)",
			      t->special);
	}
	swaparea_hdr_release(&h);
	return rc;
}

static int restore_signature(const struct swapon_ctl *ctl, const struct target *t)
{
	uint32_t pagesize = t->pagesize ? t->pagesize : ctl->pagesize;
	int fd, rc;

	warnx("%s: software suspend data detected. Rewriting the swap signature.", t->special);
	if (ctl->dry_run) {
		printf("dry run: would write SWAPSPACE2 at byte %" PRIu32 " of %s\n",
		       pagesize - SWAPAREA_MAGIC_LEN, t->special);
		return 0;
	}
	if ((fd = open_for_writing(t)) < 0)
		return -1;
	rc = swaparea_sig_write(fd, 0, pagesize, SWAPAREA_SIG_V1);
	if (rc)
		warnx("%s: write signature failed: %s", t->special, strerror(-rc));
	if (close(fd) < 0 && !rc) {
		warn("write failed: %s", t->special);
		rc = -1;
	}
	return rc ? -1 : 0;
}

int swapon_checks(const struct swapon_ctl *ctl, const char *special)
{
	struct target t = { .special = special };
	int rc = -1;

	t.fd = open(special, O_RDONLY | O_CLOEXEC);
	if (t.fd < 0) {
		warn("cannot open %s", special);
		return -1;
	}
	if (fstat(t.fd, &t.st) < 0) {
		warn("stat of %s failed", special);
		goto out;
	}
	warn_permissions(&t);
	if (S_ISREG(t.st.st_mode)) {
		if (check_extents(ctl, &t))
			goto out;
		t.devsize = (uint64_t)t.st.st_size;
	} else if (S_ISBLK(t.st.st_mode) && ioctl(t.fd, BLKGETSIZE64, &t.devsize) < 0) {
		warnx("%s: get size failed", special);
		goto out;
	}
	if (read_header_area(&t)) {
		warnx("%s: read swap header failed", special);
		if (t.sig == SWAPAREA_SIG_V0)
			warnx("%s: a version 0 area (SWAP-SPACE): no kernel since 2.5 takes it; run mkswap",
			      special);
		goto out;
	}
	if (ctl->verbose)
		warnx("%s: found signature [pagesize=%" PRIu32 ", signature=%s]", special, t.pagesize,
		      t.sig == SWAPAREA_SIG_V1 ? "swap" : "suspend");
	rc = t.sig == SWAPAREA_SIG_V1 ? check_v1(ctl, &t) : restore_signature(ctl, &t);
out:
	free(t.buf);
	close(t.fd);
	return rc;
}

/* Why the kernel refused an area whose checks passed, from its own rules. */
static void explain_einval(const struct swapon_ctl *ctl, const char *special)
{
	struct swaparea_kernel k = { .pagesize = ctl->pagesize, .max_swapfile_pages = UINT64_MAX };
	struct swaparea_verdict v;
	unsigned char *page = calloc(1, ctl->pagesize);
	struct stat st;
	int fd = open(special, O_RDONLY | O_CLOEXEC);
	ssize_t got = -1;

	if (fd >= 0 && page && fstat(fd, &st) == 0)
		got = pread(fd, page, ctl->pagesize, 0);
	if (got >= 0 && swaparea_kernel_check(page, S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0,
					      S_ISREG(st.st_mode), &k, &v) < 0)
		warnx("%s: the kernel refuses it: %s", special, v.reason);
	else
		warnx("%s: the kernel refused it: see its log (dmesg) and 'swapinspect %s'",
		      special, special);
	free(page);
	if (fd >= 0)
		close(fd);
}

void swapon_hint(const struct swapon_ctl *ctl, const char *special, int error)
{
	switch (error) {
	case EINVAL:
		explain_einval(ctl, special);
		break;
	case EPERM:
		warnx("%s: enabling swap needs root (CAP_SYS_ADMIN), and a free swap type", special);
		break;
	case EBUSY:
		warnx("%s: already in use as swap (see 'swapon --show')", special);
		break;
	case ENOMEM:
		warnx("%s: not enough memory for the area's swap map", special);
		break;
	default:
		break;
	}
}
