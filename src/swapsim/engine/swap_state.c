// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * swap_state.c - the swap cache and swap readahead (mm/swap_state.c).
 *
 * The swap cache maps a slot to the page that holds its data: here one
 * hash table for all areas, sized to RAM (see swap_cache_setup()).  Readahead follows the kernel's window
 * arithmetic (__swapin_nr_pages): the window grows with readahead hits,
 * to at most 2^page_cluster pages, and never shrinks faster than by half.
 * Cluster readahead reads the aligned block around the slot; VMA
 * readahead reads the swap PTEs around the faulting address, in the
 * direction the faults are moving, inside the VMA and its 2 MiB block.
 * Every page read besides the one asked for is marked PG_readahead and
 * counted in swap_ra; a later lookup that finds the mark counts swap_ra_hit.
 */
#include <errno.h>
#include <stdlib.h>

#include "engine/internal.h"

#define RA_HITS_MAX 63
#define RA_ORDER_CEILING 5

/* The VMA readahead state word: address, window in bits 6-11, hits in 0-5. */
#define RA_VAL(addr, win, hits) (((addr) & ~UINT64_C(4095)) | ((uint64_t)(win) << 6) | (hits))
#define RA_ADDR(v) ((v) & ~UINT64_C(4095))
#define RA_WIN(v) (((v) >> 6) & 0x3f)
#define RA_HITS(v) ((v) & 0x3f)

static uint64_t ra_val(const struct vma *v)
{
	return v->ra_state ? v->ra_state : 4;   /* empty state reads as 4 hits */
}

void update_readahead(struct sim *s)
{
	s->vma_readahead = true;
	if (s->cfg.readahead != SIM_RA_AUTO) {
		s->vma_readahead = s->cfg.readahead == SIM_RA_VMA;
		return;
	}
	/* VMA readahead unless a rotational area is active. */
	for (size_t i = 0; i < s->nr_swap; i++)
		if (s->swap[i].active && s->swap[i].rotational)
			s->vma_readahead = false;
}

/*
 * The swap cache maps a slot to its page.  It never holds more pages than
 * RAM has, so it is a table of twice that many page indices, open
 * addressing with linear probing: small enough to stay in the CPU's cache,
 * where an array by slot would cost four bytes a slot and a cache miss
 * per lookup.  The key is the page's own swap_type and swap_offset.
 */
int swap_cache_setup(struct sim *s)
{
	uint64_t size = 64;

	while (size < 2 * s->nr_pages)
		size <<= 1;
	s->swap_cache = malloc(size * sizeof(*s->swap_cache));
	if (!s->swap_cache)
		return -ENOMEM;
	for (uint64_t i = 0; i < size; i++)
		s->swap_cache[i] = NO_PAGE;
	s->swap_cache_mask = size - 1;
	return 0;
}

static uint64_t cache_slot(const struct sim *s, uint32_t type, uint64_t offset)
{
	uint64_t h = (offset ^ ((uint64_t)type << 58)) * UINT64_C(0x9e3779b97f4a7c15);

	return (h >> 32) & s->swap_cache_mask;
}

uint32_t swap_cache_lookup(const struct sim *s, uint32_t type, uint64_t offset)
{
	/* No cache bit, no page: the swap_map byte is read anyway. */
	if (!(s->swap[type].swap_map[offset] & SWAP_HAS_CACHE))
		return NO_PAGE;
	for (uint64_t i = cache_slot(s, type, offset);; i = (i + 1) & s->swap_cache_mask) {
		uint32_t pfn = s->swap_cache[i];

		if (pfn == NO_PAGE)
			return NO_PAGE;
		if (s->pages[pfn].swap_offset == offset && s->pages[pfn].swap_type == type)
			return pfn;
	}
}

static void cache_insert(struct sim *s, uint32_t pfn)
{
	const struct page *p = &s->pages[pfn];
	uint64_t i = cache_slot(s, p->swap_type, p->swap_offset);

	while (s->swap_cache[i] != NO_PAGE)
		i = (i + 1) & s->swap_cache_mask;
	s->swap_cache[i] = pfn;
}

/* Remove @pfn, moving later entries of its probe run back (no tombstones). */
static void cache_remove(struct sim *s, uint32_t pfn)
{
	uint64_t mask = s->swap_cache_mask, i, j;
	const struct page *p = &s->pages[pfn];

	for (i = cache_slot(s, p->swap_type, p->swap_offset); s->swap_cache[i] != pfn; i = (i + 1) & mask)
		;
	for (j = (i + 1) & mask; s->swap_cache[j] != NO_PAGE; j = (j + 1) & mask) {
		const struct page *q = &s->pages[s->swap_cache[j]];
		uint64_t home = cache_slot(s, q->swap_type, q->swap_offset);

		/* Move q back to the hole unless its home lies cyclically in (i, j]. */
		if (((j - home) & mask) >= ((j - i) & mask)) {
			s->swap_cache[i] = s->swap_cache[j];
			i = j;
		}
	}
	s->swap_cache[i] = NO_PAGE;
}

uint32_t swap_cache_get(struct sim *s, uint32_t type, uint64_t offset, struct vma *v, uint64_t addr)
{
	uint32_t pfn = swap_cache_lookup(s, type, offset);
	bool readahead, vma_ra;
	struct page *p;

	if (pfn == NO_PAGE)
		return NO_PAGE;
	p = &s->pages[pfn];
	readahead = p->flags & PG_readahead;
	p->flags &= ~PG_readahead;
	vma_ra = s->vma_readahead;
	if (v && vma_ra) {
		uint64_t val = ra_val(v), hits = RA_HITS(val);

		if (readahead && hits < RA_HITS_MAX)
			hits++;
		v->ra_state = RA_VAL(addr, RA_WIN(val), hits);
	}
	if (readahead) {
		s->vmstat[SWAP_RA_HIT]++;
		if (!v || !vma_ra)
			s->swap_ra_hits++;
	}
	return pfn;
}

void add_to_swap_cache(struct sim *s, uint32_t pfn, uint32_t type, uint64_t offset)
{
	struct page *p = &s->pages[pfn];

	p->flags |= PG_swapcache;
	p->swap_type = type;
	p->swap_offset = offset;
	cache_insert(s, pfn);
	s->swap[type].swap_map[offset] |= SWAP_HAS_CACHE;
	s->nr_swapcache++;
}

void delete_from_swap_cache(struct sim *s, uint32_t pfn)
{
	struct page *p = &s->pages[pfn];

	if (!(p->flags & PG_swapcache))
		return;
	p->flags &= ~PG_swapcache;
	cache_remove(s, pfn);
	s->nr_swapcache--;
	swapcache_clear(s, p->swap_type, p->swap_offset);
}

bool folio_free_swap(struct sim *s, uint32_t pfn)
{
	struct page *p = &s->pages[pfn];

	if (!(p->flags & PG_swapcache) || swap_count(s, p->swap_type, p->swap_offset))
		return false;
	delete_from_swap_cache(s, pfn);
	p->flags |= PG_dirty;   /* the only copy of the data is in memory now */
	return true;
}

/*
 * __read_swap_cache_async: the page of the slot, from the cache or newly
 * read.  *allocated tells which.  NO_PAGE for a free or bad slot, or when
 * no memory could be found.
 */
static uint32_t read_swap_cache(struct sim *s, struct mm *mm, uint32_t type, uint64_t offset,
				bool *allocated)
{
	struct swap_info *si = &s->swap[type];
	uint32_t pfn;

	*allocated = false;
	if (offset == 0 || offset >= si->max)
		return NO_PAGE;
	if ((pfn = swap_cache_lookup(s, type, offset)) != NO_PAGE)
		return pfn;
	if (!swap_count(s, type, offset))
		return NO_PAGE;
	pfn = alloc_page(s, mm);
	if (pfn == NO_PAGE)
		return NO_PAGE;
	/* Reclaim inside the allocation may have changed the slot. */
	if (swap_cache_lookup(s, type, offset) != NO_PAGE || !swap_count(s, type, offset)) {
		free_page(s, pfn);
		return swap_cache_lookup(s, type, offset);
	}
	s->pages[pfn].flags |= PG_swapbacked;
	s->nr_anon++;
	add_to_swap_cache(s, pfn, type, offset);
	lru_add(s, pfn, LRU_INACTIVE_ANON, false);
	swap_readpage(s, pfn);
	s->vmstat[PSWPIN]++;
	s->vmstat[PGPGIN] += 4;
	*allocated = true;
	return pfn;
}

/* __swapin_nr_pages. */
static uint64_t swapin_nr_pages(uint64_t prev, uint64_t cur, uint64_t hits, uint64_t max_pages,
				uint64_t prev_win)
{
	uint64_t pages = hits + 2;

	if (pages == 2) {
		if (cur != prev + 1 && cur + 1 != prev)
			pages = 1;
	} else {
		uint64_t roundup = 4;

		while (roundup < pages)
			roundup <<= 1;
		pages = roundup;
	}
	if (pages > max_pages)
		pages = max_pages;
	if (pages < prev_win / 2)
		pages = prev_win / 2;   /* do not shrink readahead too fast */
	return pages;
}

/* Read one slot of a readahead window; the others than the target are marked. */
static void read_ahead(struct sim *s, struct mm *mm, uint32_t type, uint64_t offset, bool target)
{
	bool allocated;
	uint32_t pfn = read_swap_cache(s, mm, type, offset, &allocated);

	if (pfn != NO_PAGE && allocated && !target) {
		s->pages[pfn].flags |= PG_readahead;
		s->vmstat[SWAP_RA]++;
	}
}

static void cluster_readahead(struct sim *s, struct mm *mm, uint32_t type, uint64_t offset)
{
	struct swap_info *si = &s->swap[type];
	uint64_t max_pages = UINT64_C(1) << s->cfg.page_cluster, hits, mask, start, end;

	if (max_pages <= 1)
		return;
	hits = s->swap_ra_hits;
	s->swap_ra_hits = 0;
	mask = swapin_nr_pages(s->ra_prev_offset, offset, hits, max_pages, s->ra_last_pages);
	if (!hits)
		s->ra_prev_offset = offset;
	s->ra_last_pages = mask;
	mask -= 1;
	if (!mask)
		return;
	start = offset & ~mask;
	end = offset | mask;
	if (!start)
		start = 1;
	if (end >= si->max)
		end = si->max - 1;
	for (uint64_t o = start; o <= end; o++)
		read_ahead(s, mm, type, o, o == offset);
}

static void vma_readahead(struct sim *s, struct mm *mm, struct vma *v, uint64_t addr)
{
	int order = s->cfg.page_cluster < RA_ORDER_CEILING ? s->cfg.page_cluster : RA_ORDER_CEILING;
	uint64_t max_win = UINT64_C(1) << order, val, fpfn = addr >> 12, pfn, win, lpfn, rpfn;
	uint64_t pmd_start = (addr & ~(LEAF_SPAN - 1)) >> 12, pmd_end = pmd_start + (LEAF_SPAN >> 12);

	if (max_win == 1 || !v)
		return;
	val = ra_val(v);
	pfn = RA_ADDR(val) >> 12;
	win = swapin_nr_pages(pfn, fpfn, RA_HITS(val), max_win, RA_WIN(val));
	v->ra_state = RA_VAL(addr, win, 0);
	if (win == 1)
		return;
	if (fpfn == pfn + 1) {
		lpfn = fpfn;
		rpfn = fpfn + win;
	} else if (pfn == fpfn + 1) {
		lpfn = fpfn + 1 >= win ? fpfn - win + 1 : 0;
		rpfn = fpfn + 1;
	} else {
		uint64_t left = (win - 1) / 2;

		lpfn = fpfn >= left ? fpfn - left : 0;
		rpfn = fpfn + win - left;
	}
	if (lpfn < v->start >> 12)
		lpfn = v->start >> 12;
	if (lpfn < pmd_start)
		lpfn = pmd_start;
	if (rpfn > v->end >> 12)
		rpfn = v->end >> 12;
	if (rpfn > pmd_end)
		rpfn = pmd_end;
	/* Reading may reclaim, even kill this process: v is not used below. */
	for (uint64_t p = lpfn; p < rpfn && mm->alive; p++) {
		uint64_t *pte, o;
		uint32_t t;
		bool excl;

		pte = pte_lookup(s, mm, p << 12, false);
		if (pte && pte_is_swap(s, *pte, &t, &o, &excl))
			read_ahead(s, mm, t, o, p == fpfn);
	}
}

uint32_t swapin_readahead(struct sim *s, struct mm *mm, struct vma *v, uint64_t addr,
			  uint32_t type, uint64_t offset)
{
	bool allocated;

	if (s->vma_readahead)
		vma_readahead(s, mm, v, addr);
	else
		cluster_readahead(s, mm, type, offset);
	return read_swap_cache(s, mm, type, offset, &allocated);
}
