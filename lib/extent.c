// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * extent.c - a swap file's extents, from FIEMAP, and the kernel's extent map.
 *
 * Design notes.  FIEMAP answers in batches: we ask for up to EXT_BATCH
 * extents from fm_start to the end of the file and continue after the last
 * one returned, until an extent carries FIEMAP_EXTENT_LAST or none comes
 * back.  FIEMAP_FLAG_SYNC flushes dirty data first, so that delayed
 * allocation has become real blocks before we look (without it a freshly
 * written file reads as holes).
 *
 * The map follows iomap_swapfile_activate() (fs/iomap/swapfile.c), which
 * ext4 and XFS use: file extents are accumulated while each starts where
 * the previous one ended on the device, whatever their logical position;
 * each accumulated run is rounded inward to whole pages on the device and
 * appended to the swap-extent list, merging with the last entry when
 * physically contiguous (add_swap_extent); the total stops at the header's
 * page count.  Holes, inline data, shared and unallocated extents make the
 * kernel refuse the file; unwritten extents are fine.  File systems that go
 * through bmap (generic_swapfile_activate) give the same map for
 * page-aligned files, which is all mkswap and fallocate produce.
 */
#include <errno.h>
#include <linux/fiemap.h>
#include <linux/fs.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

#include "internal.h"

#define EXT_BATCH 256

int swaparea__ext_walk_range(int fd, uint64_t start, uint64_t end, bool sync,
			     swaparea_ext_raw_fn fn, void *data)
{
	size_t size = sizeof(struct fiemap) + EXT_BATCH * sizeof(struct fiemap_extent);
	struct fiemap *fm = malloc(size);
	bool last = false;
	int rc = 0;

	if (!fm)
		return -ENOMEM;
	while (!last && start < end) {
		memset(fm, 0, sizeof(*fm));
		fm->fm_start = start;
		fm->fm_length = end - start;
		fm->fm_flags = sync ? FIEMAP_FLAG_SYNC : 0;
		fm->fm_extent_count = EXT_BATCH;
		if (ioctl(fd, FS_IOC_FIEMAP, fm) < 0) {
			rc = errno == ENOTTY ? -EOPNOTSUPP : -errno;
			break;
		}
		if (fm->fm_mapped_extents == 0)
			break;
		for (uint32_t i = 0; i < fm->fm_mapped_extents; i++) {
			const struct fiemap_extent *fe = &fm->fm_extents[i];
			struct swaparea_ext_raw e = {
				.logical = fe->fe_logical,
				.physical = fe->fe_physical,
				.length = fe->fe_length,
				.flags = fe->fe_flags,
			};

			if (fe->fe_flags & FIEMAP_EXTENT_LAST)
				last = true;
			start = fe->fe_logical + fe->fe_length;
			if ((rc = fn(&e, data)) != 0)
				goto out;
		}
	}
out:
	free(fm);
	return rc;
}

int swaparea_ext_walk(int fd, swaparea_ext_raw_fn fn, void *data)
{
	return swaparea__ext_walk_range(fd, 0, FIEMAP_MAX_OFFSET, true, fn, data);
}

const char *swaparea_ext_problem_name(enum swaparea_ext_problem p)
{
	switch (p) {
	case SWAPAREA_EXT_HOLE:
		return "hole";
	case SWAPAREA_EXT_INLINE:
		return "inline";
	case SWAPAREA_EXT_SHARED:
		return "shared";
	case SWAPAREA_EXT_DELALLOC:
		return "unallocated";
	case SWAPAREA_EXT_UNWRITTEN:
		return "unwritten";
	case SWAPAREA_EXT_MISALIGNED:
		return "misaligned";
	}
	return "unknown";
}

const char *swaparea_ext_problem_kernel_log(enum swaparea_ext_problem p)
{
	switch (p) {
	case SWAPAREA_EXT_HOLE:
	case SWAPAREA_EXT_DELALLOC:
		return "has unallocated extents";
	case SWAPAREA_EXT_INLINE:
		return "is inline";
	case SWAPAREA_EXT_SHARED:
		return "has shared extents";
	case SWAPAREA_EXT_UNWRITTEN:
	case SWAPAREA_EXT_MISALIGNED:
		break;
	}
	return NULL;
}

bool swaparea_ext_problem_refuses(enum swaparea_ext_problem p)
{
	return swaparea_ext_problem_kernel_log(p) != NULL;
}

/* FIEMAP flags and what each means for swapon, most serious first. */
static const struct {
	uint32_t flag;
	enum swaparea_ext_problem problem;
} flag_problems[] = {
	{ FIEMAP_EXTENT_DATA_INLINE, SWAPAREA_EXT_INLINE },
	{ FIEMAP_EXTENT_SHARED, SWAPAREA_EXT_SHARED },
	{ FIEMAP_EXTENT_DELALLOC | FIEMAP_EXTENT_UNKNOWN, SWAPAREA_EXT_DELALLOC },
	{ FIEMAP_EXTENT_UNWRITTEN, SWAPAREA_EXT_UNWRITTEN },
};

static uint64_t align_down(uint64_t v, uint64_t a)
{
	return v & ~(a - 1);
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

void swaparea_extmap_init(struct swaparea_extmap *m, uint32_t pagesize, uint64_t file_size,
			  uint64_t limit_pages)
{
	memset(m, 0, sizeof(*m));
	m->pagesize = pagesize ? pagesize : 1;
	m->limit_pages = limit_pages;
	m->file_bytes = align_down(file_size, m->pagesize);
	m->lowest_page = UINT64_MAX;
}

void swaparea_extmap_release(struct swaparea_extmap *m)
{
	free(m->extents);
	free(m->findings);
	m->extents = NULL;
	m->findings = NULL;
	m->nr_extents = m->nr_findings = 0;
	m->cap_extents = m->cap_findings = 0;
}

/* Make room for one more element in a growing array. */
static int grow(void **array, size_t *cap, size_t nr, size_t elem)
{
	size_t ncap;
	void *p;

	if (nr < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 16;
	p = realloc(*array, ncap * elem);
	if (!p)
		return -ENOMEM;
	*array = p;
	*cap = ncap;
	return 0;
}

static int note(struct swaparea_extmap *m, enum swaparea_ext_problem p, uint64_t offset,
		uint64_t length)
{
	struct swaparea_ext_finding *last = m->nr_findings ? &m->findings[m->nr_findings - 1] : NULL;

	if (!length)
		return 0;
	/* Runs of one kind read as one finding (a preallocated file is
	 * thousands of unwritten extents). */
	if (last && last->problem == p && last->offset + last->length == offset) {
		last->length += length;
		return 0;
	}
	if (grow((void **)&m->findings, &m->cap_findings, m->nr_findings, sizeof(*m->findings)))
		return -ENOMEM;
	m->findings[m->nr_findings++] = (struct swaparea_ext_finding){ p, offset, length };
	return 0;
}

/* add_swap_extent(): append, merging with the last run when contiguous. */
static int append_extent(struct swaparea_extmap *m, uint64_t nr_pages, uint64_t device_page)
{
	struct swaparea_extent *last = m->nr_extents ? &m->extents[m->nr_extents - 1] : NULL;
	uint64_t physical = device_page * m->pagesize;

	if (last && last->physical + last->nr_pages * m->pagesize == physical) {
		last->nr_pages += nr_pages;
	} else {
		if (grow((void **)&m->extents, &m->cap_extents, m->nr_extents, sizeof(*m->extents)))
			return -ENOMEM;
		m->extents[m->nr_extents++] = (struct swaparea_extent){
			.start_page = m->max_pages,
			.nr_pages = nr_pages,
			.physical = physical,
		};
	}
	m->max_pages += nr_pages;
	return 0;
}

/* iomap_swapfile_add_extent(): round the accumulated run inward to pages. */
static int flush_run(struct swaparea_extmap *m)
{
	uint64_t ps = m->pagesize, start = m->acc_physical, end = start + m->acc_length;
	uint64_t first = (start + ps - 1) / ps, next = end / ps, reported_first;
	int rc = 0;

	if (!m->acc_length || m->max_pages >= m->limit_pages)
		goto out;
	if (first >= next) {
		rc = note(m, SWAPAREA_EXT_MISALIGNED, m->acc_logical, m->acc_length);
		goto out;
	}
	if ((rc = note(m, SWAPAREA_EXT_MISALIGNED, m->acc_logical, first * ps - start)) ||
	    (rc = note(m, SWAPAREA_EXT_MISALIGNED, m->acc_logical + m->acc_length - (end - next * ps),
		       end - next * ps)))
		goto out;
	/* The header page is mapped but left out of the span. */
	reported_first = first + (m->acc_logical == 0);
	if (m->lowest_page > reported_first)
		m->lowest_page = reported_first;
	if (m->highest_page < next - 1)
		m->highest_page = next - 1;
	rc = append_extent(m, min_u64(next - first, m->limit_pages - m->max_pages), first);
out:
	m->acc_length = 0;
	return rc;
}

int swaparea_extmap_add(struct swaparea_extmap *m, const struct swaparea_ext_raw *e)
{
	uint64_t length;
	bool refused = false;
	int rc;

	if (e->logical < m->covered)
		return -EINVAL;
	if (e->logical >= m->file_bytes || !e->length)
		return 0;   /* past what the kernel looks at; a gap shows at finish */
	length = min_u64(e->length, m->file_bytes - e->logical);

	if (m->acc_length && m->acc_physical + m->acc_length == e->physical &&
	    !(e->flags & (FIEMAP_EXTENT_DATA_INLINE | FIEMAP_EXTENT_SHARED |
			  FIEMAP_EXTENT_DELALLOC | FIEMAP_EXTENT_UNKNOWN))) {
		m->acc_length += length;
	} else {
		if ((rc = flush_run(m)))
			return rc;
		m->acc_logical = e->logical;
		m->acc_physical = e->physical;
		m->acc_length = length;
	}
	if ((rc = note(m, SWAPAREA_EXT_HOLE, m->covered, e->logical - m->covered)))
		return rc;
	m->covered = e->logical + length;

	for (size_t i = 0; i < ARRAY_SIZE(flag_problems); i++) {
		if (!(e->flags & flag_problems[i].flag))
			continue;
		if ((rc = note(m, flag_problems[i].problem, e->logical, length)))
			return rc;
		refused |= swaparea_ext_problem_refuses(flag_problems[i].problem);
	}
	if (refused)
		m->acc_length = 0;   /* never part of a run */
	return 0;
}

static int finding_cmp(const void *a, const void *b)
{
	const struct swaparea_ext_finding *x = a, *y = b;

	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	return (int)x->problem - (int)y->problem;
}

/* Join findings of one kind that touch, even with other kinds between them. */
static void coalesce_findings(struct swaparea_extmap *m)
{
	size_t last_of[SWAPAREA_EXT_MISALIGNED + 1], out = 0;

	for (size_t k = 0; k < ARRAY_SIZE(last_of); k++)
		last_of[k] = SIZE_MAX;
	for (size_t i = 0; i < m->nr_findings; i++) {
		const struct swaparea_ext_finding f = m->findings[i];
		size_t *last = &last_of[f.problem];

		if (*last != SIZE_MAX &&
		    m->findings[*last].offset + m->findings[*last].length == f.offset) {
			m->findings[*last].length += f.length;
		} else {
			*last = out;
			m->findings[out++] = f;
		}
	}
	m->nr_findings = out;
}

int swaparea_extmap_finish(struct swaparea_extmap *m)
{
	int rc;

	if ((rc = flush_run(m)) ||
	    (rc = note(m, SWAPAREA_EXT_HOLE, m->covered, m->file_bytes - m->covered)))
		return rc;
	m->covered = m->file_bytes;
	/* Misaligned edges are noted when a run closes, after findings that
	 * lie inside the run: put them back in file order, and join the
	 * neighbours of one kind that the edges kept apart. */
	if (m->nr_findings > 1)
		qsort(m->findings, m->nr_findings, sizeof(*m->findings), finding_cmp);
	coalesce_findings(m);

	m->refused = m->max_pages == 0;
	for (size_t i = 0; i < m->nr_findings; i++)
		m->refused |= swaparea_ext_problem_refuses(m->findings[i].problem);
	m->span_pages = m->max_pages && m->lowest_page <= m->highest_page + 1
			? 1 + m->highest_page - m->lowest_page : 0;
	return 0;
}

int swaparea_extmap_whole(struct swaparea_extmap *m, uint64_t physical, uint64_t nr_pages)
{
	int rc;

	nr_pages = min_u64(nr_pages, m->limit_pages);
	if (nr_pages && (rc = append_extent(m, nr_pages, physical / m->pagesize)))
		return rc;
	/* A device's extent starts wherever it starts, aligned or not. */
	if (m->nr_extents)
		m->extents[0].physical = physical;
	m->refused = nr_pages == 0;
	m->span_pages = nr_pages ? nr_pages - 1 : 0;   /* setup_swap_extents: span = pages */
	return 0;
}

static int add_raw(const struct swaparea_ext_raw *e, void *data)
{
	return swaparea_extmap_add(data, e);
}

int swaparea_extmap_build(struct swaparea_extmap *m, int fd, uint32_t pagesize,
			  uint64_t limit_pages)
{
	struct stat st;
	int rc;

	swaparea_extmap_init(m, pagesize, 0, limit_pages);
	if (fstat(fd, &st) < 0)
		return -errno;
	if (S_ISBLK(st.st_mode)) {
		uint64_t bytes;

		if (ioctl(fd, BLKGETSIZE64, &bytes) < 0)
			return -errno;
		return swaparea_extmap_whole(m, 0, bytes / m->pagesize);
	}
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	swaparea_extmap_init(m, pagesize, (uint64_t)st.st_size, limit_pages);
	if ((rc = swaparea_ext_walk(fd, add_raw, m)) != 0)
		return rc;
	return swaparea_extmap_finish(m);
}

const struct swaparea_extent *swaparea_extmap_lookup(const struct swaparea_extmap *m,
						     uint64_t page, uint64_t *physical)
{
	size_t lo = 0, hi = m->nr_extents;

	/* Extents cover [0, max_pages) in order with no gaps. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct swaparea_extent *e = &m->extents[mid];

		if (page < e->start_page) {
			hi = mid;
		} else if (page - e->start_page >= e->nr_pages) {
			lo = mid + 1;
		} else {
			if (physical)
				*physical = e->physical + (page - e->start_page) * m->pagesize;
			return e;
		}
	}
	return NULL;
}

int swaparea_extmap_resume_offset(const struct swaparea_extmap *m, uint64_t *offset)
{
	uint64_t physical;

	if (!swaparea_extmap_lookup(m, 0, &physical))
		return -ENOENT;
	if (physical % m->pagesize)
		return -EINVAL;
	*offset = physical / m->pagesize;
	return 0;
}

/* The refusing problems of a file, from the same walk the map makes. */
int swaparea_ext_problems(int fd, uint64_t size, swaparea_ext_problem_fn fn, void *data)
{
	struct swaparea_extmap m;
	int rc, count = 0;

	/* Byte granularity: no page rounding, so nothing is misaligned. */
	swaparea_extmap_init(&m, 1, size, UINT64_MAX);
	rc = swaparea_ext_walk(fd, add_raw, &m);
	if (!rc)
		rc = swaparea_extmap_finish(&m);
	for (size_t i = 0; !rc && i < m.nr_findings; i++) {
		const struct swaparea_ext_finding *f = &m.findings[i];

		if (!swaparea_ext_problem_refuses(f->problem))
			continue;
		count++;
		if (fn)
			rc = fn(f->problem, f->offset, data);
	}
	swaparea_extmap_release(&m);
	return rc ? rc : count;
}
