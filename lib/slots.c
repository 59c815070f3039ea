// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * slots.c - classify every slot of a swap area as data, zeros, hole, bad.
 *
 * Design notes.  The scan alternates SEEK_DATA and SEEK_HOLE: everything
 * between the current position and the next data is a hole and is never
 * read; a data region is read in read_size blocks, and each page of it is
 * tested for zeros (the test stops at the first nonzero word, so a page
 * of real data costs one cache line beyond the copy).  Pages that straddle
 * a hole boundary are read.  SEEK_DATA also skips allocated extents that
 * were never written (fallocate), which read as zeros: FIEMAP over each
 * skipped gap tells those slots (zero) from true holes, so a slot is a
 * hole only if none of its bytes has blocks.  Bad pages and the header override what is on disk.  Runs
 * are merged here, so the caller sees each maximal run once.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "swaparea/header.h"
#include "swaparea/slots.h"

#define SLOT_READ_DEFAULT (1u << 20)

const char *swaparea_slot_kind_name(enum swaparea_slot_kind k)
{
	static const char *const names[SWAPAREA_SLOT_KINDS] = {
		[SWAPAREA_SLOT_HEADER] = "header",
		[SWAPAREA_SLOT_DATA] = "data",
		[SWAPAREA_SLOT_ZERO] = "zero",
		[SWAPAREA_SLOT_HOLE] = "hole",
		[SWAPAREA_SLOT_BAD] = "bad",
		[SWAPAREA_SLOT_MISSING] = "missing",
	};

	return (unsigned)k < SWAPAREA_SLOT_KINDS ? names[k] : "unknown";
}

struct slot_walk {
	struct swaparea_slot_scan *s;
	uint32_t *bad;          /* sorted, unique, within 1..nr_slots-1 */
	size_t nr_bad, next_bad;
	enum swaparea_slot_kind kind;   /* the run being built */
	uint64_t first, count;
};

static int flush(struct slot_walk *w)
{
	struct swaparea_slot_scan *s = w->s;
	int rc = 0;

	if (!w->count)
		return 0;
	s->count[w->kind] += w->count;
	s->runs++;
	if (s->run)
		rc = s->run(w->kind, w->first, w->count, s->data);
	w->count = 0;
	return rc;
}

static int push_run(struct slot_walk *w, enum swaparea_slot_kind kind, uint64_t first,
		    uint64_t count)
{
	int rc;

	if (!count)
		return 0;
	if (w->count && w->kind == kind && w->first + w->count == first) {
		w->count += count;
		return 0;
	}
	if ((rc = flush(w)))
		return rc;
	w->kind = kind;
	w->first = first;
	w->count = count;
	return 0;
}

/* Report slots [first, first + count) as @kind, except the bad ones. */
static int push(struct slot_walk *w, enum swaparea_slot_kind kind, uint64_t first,
		uint64_t count)
{
	uint64_t end = first + count;
	int rc;

	while (w->next_bad < w->nr_bad && w->bad[w->next_bad] < end) {
		uint64_t bad = w->bad[w->next_bad++];

		if (bad < first)
			continue;
		if ((rc = push_run(w, kind, first, bad - first)) ||
		    (rc = push_run(w, SWAPAREA_SLOT_BAD, bad, 1)))
			return rc;
		first = bad + 1;
	}
	return push_run(w, kind, first, end - first);
}

static bool page_is_zero(const unsigned char *p, size_t len)
{
	const uint64_t *w = (const uint64_t *)(const void *)p;

	/* Eight words per step: one cache line, one branch. */
	for (size_t i = 0; i < len / sizeof(*w); i += 8)
		if (w[i] | w[i + 1] | w[i + 2] | w[i + 3] | w[i + 4] | w[i + 5] | w[i + 6] | w[i + 7])
			return false;
	return true;
}

static int compare_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* Sorted, unique bad pages that name a real slot (not the header). */
static int prepare_bad(struct slot_walk *w)
{
	const struct swaparea_slot_scan *s = w->s;
	size_t n = 0;

	if (!s->nr_badpages)
		return 0;
	w->bad = malloc(s->nr_badpages * sizeof(*w->bad));
	if (!w->bad)
		return -ENOMEM;
	for (size_t i = 0; i < s->nr_badpages; i++)
		if (s->badpages[i] && s->badpages[i] < s->nr_slots)
			w->bad[n++] = s->badpages[i];
	qsort(w->bad, n, sizeof(*w->bad), compare_u32);
	w->nr_bad = 0;
	for (size_t i = 0; i < n; i++)
		if (!w->nr_bad || w->bad[w->nr_bad - 1] != w->bad[i])
			w->bad[w->nr_bad++] = w->bad[i];
	return 0;
}

static int file_bytes(int fd, uint64_t *bytes)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return -errno;
	if (S_ISBLK(st.st_mode))
		return ioctl(fd, BLKGETSIZE64, bytes) < 0 ? -errno : 0;
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	*bytes = (uint64_t)st.st_size;
	return 0;
}

/* Read and classify slots [first, end), which hold data somewhere. */
static int read_slots(struct slot_walk *w, unsigned char *buf, size_t bufslots, uint64_t first,
		      uint64_t end)
{
	struct swaparea_slot_scan *s = w->s;
	uint64_t ps = s->pagesize;
	int rc;

	while (first < end) {
		uint64_t n = end - first < bufslots ? end - first : bufslots;
		size_t want = (size_t)(n * ps), got = 0;

		while (got < want) {
			ssize_t r = pread(s->fd, buf + got, want - got,
					  (off_t)(s->offset + first * ps + got));

			if (r < 0 && errno == EINTR)
				continue;
			if (r < 0)
				return -errno;
			if (r == 0)
				return -EIO;   /* the file shrank under us */
			got += (size_t)r;
		}
		for (uint64_t i = 0; i < n; i++) {
			enum swaparea_slot_kind k = page_is_zero(buf + i * ps, ps)
						    ? SWAPAREA_SLOT_ZERO : SWAPAREA_SLOT_DATA;
			if ((rc = push(w, k, first + i, 1)))
				return rc;
		}
		first += n;
		if (s->progress)
			s->progress(first * ps, s->nr_slots * ps, s->data);
	}
	return 0;
}

struct gap_walk {
	struct slot_walk *w;
	int stopped;           /* the run callback's value that stopped the walk */
	uint64_t next;         /* first slot of the gap not reported yet */
	uint64_t end;          /* slot after the gap */
};

/* Slots an allocated extent touches are zeros; the slots before it, holes. */
static int gap_extent(const struct swaparea_ext_raw *e, void *data)
{
	struct gap_walk *g = data;
	uint64_t ps = g->w->s->pagesize, base = g->w->s->offset, first, end;
	int rc;

	if (e->logical + e->length <= base + g->next * ps)
		return 0;
	first = e->logical > base ? (e->logical - base) / ps : 0;
	end = (e->logical + e->length - base + ps - 1) / ps;
	if (first < g->next)
		first = g->next;
	if (end > g->end)
		end = g->end;
	if (first >= end)
		return 0;
	if ((rc = push(g->w, SWAPAREA_SLOT_HOLE, g->next, first - g->next)) ||
	    (rc = push(g->w, SWAPAREA_SLOT_ZERO, first, end - first))) {
		g->stopped = rc;   /* kept apart from the walk's own errors */
		return 1;
	}
	g->next = end;
	return 0;
}

/* Report slots [first, end), where SEEK_DATA found nothing. */
static int push_gap(struct slot_walk *w, uint64_t first, uint64_t end)
{
	const struct swaparea_slot_scan *s = w->s;
	struct gap_walk g = { .w = w, .next = first, .end = end };
	int rc;

	if (first >= end)
		return 0;
	rc = swaparea__ext_walk_range(s->fd, s->offset + first * s->pagesize,
				      s->offset + end * s->pagesize, false, gap_extent, &g);
	if (g.stopped)
		return g.stopped;
	if (rc < 0 && rc != -EOPNOTSUPP)
		return rc;   /* without FIEMAP, every gap is a hole */
	return push(w, SWAPAREA_SLOT_HOLE, g.next, end - g.next);
}

/* Where the next data at or after byte @from begins (@end if none), and where it stops. */
static int next_data(int fd, uint64_t from, uint64_t end, bool *seekable, uint64_t *data,
		     uint64_t *hole)
{
	off_t d, h;

	if (*seekable) {
		d = lseek(fd, (off_t)from, SEEK_DATA);
		if (d < 0 && errno == ENXIO) {
			*data = *hole = end;
			return 0;
		}
		if (d < 0 && (errno == EINVAL || errno == EOPNOTSUPP)) {
			*seekable = false;
		} else if (d < 0) {
			return -errno;
		} else {
			h = lseek(fd, d, SEEK_HOLE);
			if (h < 0)
				return -errno;
			*data = (uint64_t)d < end ? (uint64_t)d : end;
			*hole = (uint64_t)h < end ? (uint64_t)h : end;
			return 0;
		}
	}
	*data = from;
	*hole = end;
	return 0;
}

int swaparea_slot_scan(struct swaparea_slot_scan *s)
{
	struct slot_walk w = { .s = s };
	uint64_t ps = s->pagesize, bytes, present, slot;
	size_t bufsize = s->read_size ? s->read_size : SLOT_READ_DEFAULT, bufslots;
	unsigned char *buf = NULL;
	bool seekable = true;
	int rc;

	memset(s->count, 0, sizeof(s->count));
	s->runs = 0;
	if (!swaparea_pagesize_valid(ps) || !s->nr_slots || s->nr_slots > UINT64_MAX / ps)
		return -EINVAL;
	if ((rc = file_bytes(s->fd, &bytes)))
		return rc;
	bufslots = bufsize / ps ? bufsize / ps : 1;
	buf = aligned_alloc(4096, ((bufslots * ps + 4095) / 4096) * 4096);
	if (!buf || (rc = prepare_bad(&w))) {
		rc = -ENOMEM;
		goto out;
	}
	(void)posix_fadvise(s->fd, (off_t)s->offset, 0, POSIX_FADV_SEQUENTIAL);

	/* Only whole pages count as present. */
	present = bytes > s->offset ? (bytes - s->offset) / ps : 0;
	if (present > s->nr_slots)
		present = s->nr_slots;
	if ((rc = push(&w, present ? SWAPAREA_SLOT_HEADER : SWAPAREA_SLOT_MISSING, 0, 1)))
		goto out;

	for (slot = 1; slot < present;) {
		uint64_t end = s->offset + present * ps, data = end, hole = end, data_slot, hole_slot;

		if ((rc = next_data(s->fd, s->offset + slot * ps, end, &seekable, &data, &hole)))
			goto out;
		data_slot = (data - s->offset) / ps;
		hole_slot = (hole - s->offset + ps - 1) / ps;
		if (data_slot < slot)
			data_slot = slot;   /* data began inside the previous page */
		if ((rc = push_gap(&w, slot, data_slot)))
			goto out;
		if (s->progress && data_slot > slot)
			s->progress(data_slot * ps, s->nr_slots * ps, s->data);
		if ((rc = read_slots(&w, buf, bufslots, data_slot, hole_slot)))
			goto out;
		slot = hole_slot > data_slot ? hole_slot : data_slot + 1;
	}
	if (present < s->nr_slots && present > 0)
		rc = push(&w, SWAPAREA_SLOT_MISSING, present, s->nr_slots - present);
	else if (!present && s->nr_slots > 1)
		rc = push(&w, SWAPAREA_SLOT_MISSING, 1, s->nr_slots - 1);
	if (!rc)
		rc = flush(&w);
out:
	free(buf);
	free(w.bad);
	return rc;
}
