// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vmscan.c - page allocation and reclaim (mm/page_alloc.c, mm/vmscan.c,
 * mm/swap.c, mm/rmap.c): the LRU lists, the watermarks, kswapd, direct
 * reclaim and the classic two-list LRU's scan and reclaim decisions.
 *
 * Lists are doubly linked through page indices; the head is the newest
 * page, reclaim isolates from the tail.  An allocation takes a free page
 * while free memory is above the low watermark; below it kswapd is woken
 * (it runs when the current event ends), and the allocation may still
 * dip to the min watermark; below min the allocating process reclaims
 * directly, and when reclaim stops making progress the OOM killer runs.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "engine/internal.h"

#define SWAP_CLUSTER_MAX 32
#define DEF_PRIORITY 12
#define MAX_RECLAIM_RETRIES 16

static bool is_file_lru(enum lru_list l)
{
	return l == LRU_INACTIVE_FILE || l == LRU_ACTIVE_FILE;
}

void lru_add(struct sim *s, uint32_t pfn, enum lru_list lru, bool tail)
{
	struct page *p = &s->pages[pfn];

	p->flags |= PG_lru;
	if (lru == LRU_ACTIVE_ANON || lru == LRU_ACTIVE_FILE)
		p->flags |= PG_active;
	else
		p->flags &= ~PG_active;
	if (tail) {
		p->lru_next = NO_PAGE;
		p->lru_prev = s->lru_tail[lru];
		if (s->lru_tail[lru] != NO_PAGE)
			s->pages[s->lru_tail[lru]].lru_next = pfn;
		else
			s->lru_head[lru] = pfn;
		s->lru_tail[lru] = pfn;
	} else {
		p->lru_prev = NO_PAGE;
		p->lru_next = s->lru_head[lru];
		if (s->lru_head[lru] != NO_PAGE)
			s->pages[s->lru_head[lru]].lru_prev = pfn;
		else
			s->lru_tail[lru] = pfn;
		s->lru_head[lru] = pfn;
	}
	s->lru_size[lru]++;
}

void lru_del(struct sim *s, uint32_t pfn)
{
	struct page *p = &s->pages[pfn];
	enum lru_list lru = page_lru(p);

	if (!(p->flags & PG_lru))
		return;
	if (p->lru_prev != NO_PAGE)
		s->pages[p->lru_prev].lru_next = p->lru_next;
	else
		s->lru_head[lru] = p->lru_next;
	if (p->lru_next != NO_PAGE)
		s->pages[p->lru_next].lru_prev = p->lru_prev;
	else
		s->lru_tail[lru] = p->lru_prev;
	s->lru_size[lru]--;
	p->flags &= ~PG_lru;
}

/* ---- reverse mappings ---------------------------------------------------- */

void rmap_add(struct sim *s, uint32_t pfn, uint32_t mm, uint64_t addr)
{
	uint32_t i;

	if (s->rmap_free != NO_ITEM) {
		i = s->rmap_free;
		s->rmap_free = s->rmap[i].next;
	} else {
		if (s->nr_rmap == s->cap_rmap) {
			size_t ncap = s->cap_rmap ? s->cap_rmap * 2 : 1024;
			struct rmap_item *p = realloc(s->rmap, ncap * sizeof(*p));

			if (!p)
				return;   /* checked by sim_check: mapcount != rmap items */
			s->rmap = p;
			s->cap_rmap = ncap;
		}
		i = (uint32_t)s->nr_rmap++;
	}
	s->rmap[i] = (struct rmap_item){ .mm = mm, .next = s->pages[pfn].rmap, .addr = addr };
	s->pages[pfn].rmap = i;
}

void rmap_remove(struct sim *s, uint32_t pfn, uint32_t mm, uint64_t addr)
{
	uint32_t *link = &s->pages[pfn].rmap;

	while (*link != NO_ITEM) {
		struct rmap_item *r = &s->rmap[*link];

		if (r->mm == mm && r->addr == addr) {
			uint32_t i = *link;

			*link = r->next;
			s->rmap[i].next = s->rmap_free;
			s->rmap_free = i;
			return;
		}
		link = &r->next;
	}
}

/* folio_referenced: test and clear the accessed bit of every mapping. */
static unsigned folio_referenced(struct sim *s, uint32_t pfn, bool *exec_mapped)
{
	unsigned referenced = 0;

	*exec_mapped = false;
	for (uint32_t i = s->pages[pfn].rmap; i != NO_ITEM; i = s->rmap[i].next) {
		struct mm *mm = &s->mms[s->rmap[i].mm];
		uint64_t *pte = pte_lookup(s, mm, s->rmap[i].addr, false);

		/* Only a file page's executable mapping counts (folio_check_references). */
		if (!(s->pages[pfn].flags & PG_swapbacked) && !*exec_mapped) {
			struct vma *v = find_vma(mm, s->rmap[i].addr);

			*exec_mapped = v && (v->prot & SIM_PROT_EXEC);
		}
		if (pte && (*pte & PTE_ACCESSED)) {
			*pte &= ~PTE_ACCESSED;
			referenced++;
		}
	}
	return referenced;
}

/* try_to_unmap: every PTE of the page becomes a swap PTE (anon) or none (file). */
static void try_to_unmap(struct sim *s, uint32_t pfn)
{
	struct page *p = &s->pages[pfn];
	bool anon = p->flags & PG_swapbacked;

	if (anon && p->rmap != NO_ITEM) {
		/* The stamp names the first mapping as the page's owner. */
		p->owner_pid = s->mms[s->rmap[p->rmap].mm].pid;
		p->owner_addr = s->rmap[p->rmap].addr;
	}
	while (p->rmap != NO_ITEM) {
		struct rmap_item r = s->rmap[p->rmap];
		struct mm *mm = &s->mms[r.mm];
		uint64_t *pte = pte_lookup(s, mm, r.addr, false);

		if (pte && (*pte & PTE_PRESENT) && pte_pfn(*pte) == pfn) {
			if (*pte & PTE_DIRTY)
				p->flags |= PG_dirty;
			if (anon) {
				swap_duplicate(s, p->swap_type, p->swap_offset);
				*pte = mk_swap_pte(s, p->swap_type, p->swap_offset,
						   p->flags & PG_anon_exclusive);
				if (s->io.shadow)
					*pte_shadow(pte) = p->version;
				mm->rss_anon--;
				mm->swapents++;
			} else {
				*pte = 0;
				mm->rss_file--;
			}
		}
		rmap_remove(s, pfn, r.mm, r.addr);
		p->mapcount--;
	}
	p->flags &= ~PG_anon_exclusive;
}

/* ---- free pages ---------------------------------------------------------- */

void free_page(struct sim *s, uint32_t pfn)
{
	struct page *p = &s->pages[pfn];

	lru_del(s, pfn);
	if (p->flags & PG_swapbacked)
		s->nr_anon--;
	else if (p->flags & PG_file)
		s->nr_file--;
	memset(p, 0, sizeof(*p));
	p->rmap = NO_ITEM;
	p->lru_next = s->free_head;
	p->lru_prev = NO_PAGE;
	s->free_head = pfn;
	s->nr_free++;
	s->vmstat[PGFREE]++;
}

static uint32_t take_free_page(struct sim *s)
{
	uint32_t pfn = s->free_head;
	struct page *p = &s->pages[pfn];

	s->free_head = p->lru_next;
	s->nr_free--;
	memset(p, 0, sizeof(*p));
	p->flags = PG_used;
	p->rmap = NO_ITEM;
	p->lru_next = p->lru_prev = NO_PAGE;
	s->vmstat[PGALLOC]++;
	return pfn;
}

/* ---- the scan ------------------------------------------------------------ */

struct scan_control {
	bool kswapd;
	int priority;
	uint64_t nr_to_reclaim, nr_reclaimed, nr_scanned;
	bool may_deactivate_anon, may_deactivate_file;
	bool force_deactivate, skipped_deactivate, full_walk;
	bool file_is_tiny, cache_trim_mode;
};

/* can_age_anon_pages: any swap at all, free or not. */
static bool can_age_anon(const struct sim *s)
{
	return s->total_swap_pages > 0;
}

static uint64_t int_sqrt(uint64_t x)
{
	uint64_t r = 0;

	while ((r + 1) * (r + 1) <= x)
		r++;
	return r;
}

/* inactive_is_low: inactive * ratio < active, ratio from the list's size in GiB. */
static bool inactive_is_low(const struct sim *s, enum lru_list inactive)
{
	uint64_t in = s->lru_size[inactive], act = s->lru_size[inactive + 1];
	uint64_t gb = (in + act) * s->cfg.pagesize >> 30;
	uint64_t ratio = gb ? int_sqrt(10 * gb) : 1;

	return in * ratio < act;
}

static void note_cost(struct sim *s, bool file, uint64_t nr_io, uint64_t nr_rotated)
{
	uint64_t lru = 0;

	if (file)
		s->file_cost += nr_io * SWAP_CLUSTER_MAX + nr_rotated;
	else
		s->anon_cost += nr_io * SWAP_CLUSTER_MAX + nr_rotated;
	for (int l = 0; l < NR_LRU; l++)
		lru += s->lru_size[l];
	if (s->anon_cost + s->file_cost > lru / 4) {
		s->anon_cost /= 2;
		s->file_cost /= 2;
	}
}

static void activate(struct sim *s, uint32_t pfn)
{
	struct page *p = &s->pages[pfn];

	/* An anonymous page kept in memory gives up its slot when swap is tight. */
	if ((p->flags & PG_swapcache) && vm_swap_full(s))
		folio_free_swap(s, pfn);
	lru_add(s, pfn, is_file_lru(page_lru(p)) ? LRU_ACTIVE_FILE : LRU_ACTIVE_ANON, false);
	s->vmstat[PGACTIVATE]++;
}

enum folio_references { FOLIOREF_RECLAIM, FOLIOREF_RECLAIM_CLEAN, FOLIOREF_KEEP, FOLIOREF_ACTIVATE };

static enum folio_references folio_check_references(struct sim *s, uint32_t pfn)
{
	struct page *p = &s->pages[pfn];
	bool exec, file = !(p->flags & PG_swapbacked);
	unsigned ptes = folio_referenced(s, pfn, &exec);
	bool referenced_folio = p->flags & PG_referenced;

	p->flags &= ~PG_referenced;
	if (ptes) {
		p->flags |= PG_referenced;
		if (referenced_folio || ptes > 1 || (file && exec))
			return FOLIOREF_ACTIVATE;
		return FOLIOREF_KEEP;
	}
	if (referenced_folio && file)
		return FOLIOREF_RECLAIM_CLEAN;
	return FOLIOREF_RECLAIM;
}

/* Reclaim one anonymous page: add_to_swap, try_to_unmap, pageout, free. */
static bool reclaim_anon(struct sim *s, uint32_t pfn, uint64_t *nr_pageout)
{
	struct page *p = &s->pages[pfn];
	uint32_t type;
	uint64_t offset;

	if (!(p->flags & PG_swapcache)) {
		if (!get_swap_page(s, &type, &offset))
			return false;   /* no slot: the caller activates it */
		add_to_swap_cache(s, pfn, type, offset);
		p->flags |= PG_dirty;
	}
	if (p->mapcount)
		try_to_unmap(s, pfn);
	if (p->flags & PG_dirty) {
		/* swap_writepage: a slot nobody refers to is freed instead. */
		if (!swap_count(s, p->swap_type, p->swap_offset)) {
			delete_from_swap_cache(s, pfn);
		} else {
			s->vmstat[PSWPOUT]++;   /* counted at submission, failed or not */
			s->vmstat[PGPGOUT] += 4;
			(*nr_pageout)++;
			if (!swap_writepage(s, pfn))
				return false;   /* still dirty and in the cache: activated */
		}
		p->flags &= ~PG_dirty;
	}
	/* __remove_mapping: the I/O is done, the cache lets go. */
	delete_from_swap_cache(s, pfn);
	free_page(s, pfn);
	return true;
}

/* Drop a file page from its file's cache. */
static void remove_file_page(struct sim *s, uint32_t pfn)
{
	struct page *p = &s->pages[pfn];
	struct file_cache *fc = find_file(s, p->file_id);

	if (fc && p->file_index < fc->nr)
		fc->pages[p->file_index] = NO_PAGE;
}

static bool reclaim_file(struct sim *s, uint32_t pfn, uint64_t *nr_pageout)
{
	struct page *p = &s->pages[pfn];

	if (p->mapcount)
		try_to_unmap(s, pfn);
	if (p->flags & PG_dirty) {
		/* Written back at once: the model's I/O completes immediately. */
		s->vmstat[PGPGOUT] += 4;
		(*nr_pageout)++;
	}
	remove_file_page(s, pfn);
	free_page(s, pfn);
	return true;
}

/* shrink_folio_list over pages already taken off their list. */
static uint64_t shrink_folio_list(struct sim *s, const uint32_t *list, size_t n,
				  uint64_t *nr_pageout)
{
	uint64_t reclaimed = 0;

	for (size_t i = 0; i < n; i++) {
		uint32_t pfn = list[i];
		struct page *p = &s->pages[pfn];
		bool ok;

		switch (folio_check_references(s, pfn)) {
		case FOLIOREF_ACTIVATE:
			activate(s, pfn);
			continue;
		case FOLIOREF_KEEP:
			lru_add(s, pfn, page_lru(p), false);
			continue;
		case FOLIOREF_RECLAIM:
		case FOLIOREF_RECLAIM_CLEAN:
			break;
		}
		ok = (p->flags & PG_swapbacked) ? reclaim_anon(s, pfn, nr_pageout)
						: reclaim_file(s, pfn, nr_pageout);
		if (ok)
			reclaimed++;
		else
			activate(s, pfn);
	}
	return reclaimed;
}

/*
 * The scan reads a PTE of every page it takes, each a cache miss when the
 * trace is spread wide: start those loads for the whole batch first (the
 * rmap items, then through them the PTEs), so the misses overlap instead
 * of coming one at a time.  Only a hint; nothing changes state but the
 * leaf TLB.
 */
static void prefetch_ptes(struct sim *s, const uint32_t *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s->pages[list[i]].rmap != NO_ITEM)
			__builtin_prefetch(&s->rmap[s->pages[list[i]].rmap]);
	for (size_t i = 0; i < n; i++) {
		uint32_t r = s->pages[list[i]].rmap;
		uint64_t *pte;

		if (r != NO_ITEM && (pte = pte_lookup(s, &s->mms[s->rmap[r].mm], s->rmap[r].addr, false)))
			__builtin_prefetch(pte, 1);
	}
}

/* Take up to @n pages off the tail of @lru. */
static size_t isolate(struct sim *s, enum lru_list lru, uint64_t n, uint32_t *out)
{
	size_t got = 0;

	while (got < n && s->lru_tail[lru] != NO_PAGE) {
		uint32_t pfn = s->lru_tail[lru];

		lru_del(s, pfn);
		out[got++] = pfn;
	}
	prefetch_ptes(s, out, got);
	return got;
}

static uint64_t shrink_inactive_list(struct sim *s, struct scan_control *sc, enum lru_list lru,
				     uint64_t nr_to_scan)
{
	uint32_t list[SWAP_CLUSTER_MAX];
	uint64_t nr_pageout = 0, reclaimed;
	size_t taken = isolate(s, lru, nr_to_scan, list);
	bool file = is_file_lru(lru);

	sc->nr_scanned += taken;
	s->vmstat[sc->kswapd ? PGSCAN_KSWAPD : PGSCAN_DIRECT] += taken;
	s->vmstat[file ? PGSCAN_FILE : PGSCAN_ANON] += taken;
	reclaimed = shrink_folio_list(s, list, taken, &nr_pageout);
	s->vmstat[sc->kswapd ? PGSTEAL_KSWAPD : PGSTEAL_DIRECT] += reclaimed;
	s->vmstat[file ? PGSTEAL_FILE : PGSTEAL_ANON] += reclaimed;
	note_cost(s, file, nr_pageout, taken - reclaimed);
	return reclaimed;
}

static void shrink_active_list(struct sim *s, enum lru_list lru, uint64_t nr_to_scan)
{
	uint32_t list[SWAP_CLUSTER_MAX];
	size_t taken = isolate(s, lru, nr_to_scan, list);
	uint64_t rotated = 0;

	s->vmstat[PGREFILL] += taken;
	for (size_t i = 0; i < taken; i++) {
		struct page *p = &s->pages[list[i]];
		bool exec;
		unsigned refs = folio_referenced(s, list[i], &exec);

		/* Referenced executable file pages stay; everything else goes down. */
		if (refs && exec && is_file_lru(lru)) {
			lru_add(s, list[i], lru, false);
			rotated++;
			continue;
		}
		p->flags |= PG_workingset;
		lru_add(s, list[i], (enum lru_list)(lru - 1), false);
		s->vmstat[PGDEACTIVATE]++;
	}
	note_cost(s, is_file_lru(lru), 0, rotated);
}

static uint64_t shrink_list(struct sim *s, struct scan_control *sc, enum lru_list lru, uint64_t n)
{
	if (lru == LRU_ACTIVE_ANON || lru == LRU_ACTIVE_FILE) {
		if (lru == LRU_ACTIVE_ANON ? sc->may_deactivate_anon : sc->may_deactivate_file)
			shrink_active_list(s, lru, n);
		else
			sc->skipped_deactivate = true;
		return 0;
	}
	return shrink_inactive_list(s, sc, lru, n);
}

/* get_scan_count: how much of each list to scan at this priority. */
static void get_scan_count(struct sim *s, const struct scan_control *sc, uint64_t nr[NR_LRU])
{
	enum { SCAN_EQUAL, SCAN_FRACT, SCAN_ANON, SCAN_FILE } balance;
	uint64_t ap = 0, fp = 0;
	int swappiness = s->cfg.swappiness;

	if (s->nr_swap_pages == 0)
		balance = SCAN_FILE;
	else if (!sc->priority && swappiness)
		balance = SCAN_EQUAL;
	else if (sc->file_is_tiny)
		balance = SCAN_ANON;
	else if (sc->cache_trim_mode)
		balance = SCAN_FILE;
	else {
		uint64_t total = s->anon_cost + s->file_cost;
		uint64_t a = total + s->anon_cost, f = total + s->file_cost, t = a + f;

		balance = SCAN_FRACT;
		ap = (uint64_t)swappiness * (t + 1) / (a + 1);
		fp = (uint64_t)(200 - swappiness) * (t + 1) / (f + 1);
	}
	for (int l = 0; l < NR_LRU; l++) {
		bool file = is_file_lru((enum lru_list)l);
		uint64_t scan = s->lru_size[l] >> sc->priority;

		switch (balance) {
		case SCAN_EQUAL:
			break;
		case SCAN_FRACT:
			scan = ap + fp ? scan * (file ? fp : ap) / (ap + fp) : 0;
			break;
		case SCAN_ANON:
		case SCAN_FILE:
			if ((balance == SCAN_FILE) != file)
				scan = 0;
			break;
		}
		nr[l] = scan;
	}
}

/* prepare_scan_control: what may be deactivated, and the two modes. */
static void prepare_scan(struct sim *s, struct scan_control *sc)
{
	uint64_t file = s->lru_size[LRU_INACTIVE_FILE] + s->lru_size[LRU_ACTIVE_FILE];

	sc->may_deactivate_anon = sc->force_deactivate || inactive_is_low(s, LRU_INACTIVE_ANON);
	sc->may_deactivate_file = sc->force_deactivate || inactive_is_low(s, LRU_INACTIVE_FILE);
	sc->cache_trim_mode = (s->lru_size[LRU_INACTIVE_FILE] >> sc->priority) &&
			      !sc->may_deactivate_file;
	sc->file_is_tiny = file + s->nr_free <= s->wmark_high && !sc->may_deactivate_anon &&
			   (s->lru_size[LRU_INACTIVE_ANON] >> sc->priority);
}

static void shrink_node(struct sim *s, struct scan_control *sc)
{
	uint64_t nr[NR_LRU], targets[NR_LRU], reclaimed = 0;
	bool proportional = !sc->kswapd && sc->priority == DEF_PRIORITY;

	prepare_scan(s, sc);
	get_scan_count(s, sc, nr);
	memcpy(targets, nr, sizeof(nr));
	while (nr[LRU_INACTIVE_ANON] || nr[LRU_ACTIVE_FILE] || nr[LRU_INACTIVE_FILE]) {
		uint64_t nr_anon, nr_file, percentage, scanned;
		int small, big;

		for (int l = 0; l < NR_LRU; l++) {
			if (nr[l]) {
				uint64_t n = nr[l] < SWAP_CLUSTER_MAX ? nr[l] : SWAP_CLUSTER_MAX;

				nr[l] -= n;
				reclaimed += shrink_list(s, sc, (enum lru_list)l, n);
			}
		}
		if (reclaimed < sc->nr_to_reclaim || proportional)
			continue;
		/* The goal is met: stop the smaller type, scale the other down. */
		nr_file = nr[LRU_INACTIVE_FILE] + nr[LRU_ACTIVE_FILE];
		nr_anon = nr[LRU_INACTIVE_ANON] + nr[LRU_ACTIVE_ANON];
		if (!nr_file || !nr_anon)
			break;
		if (nr_file > nr_anon) {
			small = LRU_INACTIVE_ANON;
			percentage = nr_anon * 100 / (targets[LRU_INACTIVE_ANON] + targets[LRU_ACTIVE_ANON] + 1);
		} else {
			small = LRU_INACTIVE_FILE;
			percentage = nr_file * 100 / (targets[LRU_INACTIVE_FILE] + targets[LRU_ACTIVE_FILE] + 1);
		}
		nr[small] = nr[small + 1] = 0;
		big = small == LRU_INACTIVE_FILE ? LRU_INACTIVE_ANON : LRU_INACTIVE_FILE;
		for (int l = big; l <= big + 1; l++) {
			scanned = targets[l] - nr[l];
			nr[l] = targets[l] * (100 - percentage) / 100;
			nr[l] -= nr[l] < scanned ? nr[l] : scanned;
		}
	}
	sc->nr_reclaimed += reclaimed;
	/* Age the active anon list when the inactive one runs low. */
	if (can_age_anon(s) && inactive_is_low(s, LRU_INACTIVE_ANON))
		shrink_active_list(s, LRU_ACTIVE_ANON, SWAP_CLUSTER_MAX);
	if (reclaimed)
		s->kswapd_failures = 0;
}

/*
 * do_try_to_free_pages: priority 12 down to 0, until 32 pages are back.
 * Nothing back: once more as the full walk of every cgroup (one cgroup
 * here), then once more forcing deactivation if a list was skipped; each
 * pass counts an allocation stall.
 */
static uint64_t try_to_free_pages(struct sim *s)
{
	struct scan_control sc = { .nr_to_reclaim = SWAP_CLUSTER_MAX };

	for (;;) {
		s->vmstat[ALLOCSTALL]++;
		for (sc.priority = DEF_PRIORITY; sc.priority >= 0; sc.priority--) {
			shrink_node(s, &sc);
			if (sc.nr_reclaimed >= sc.nr_to_reclaim)
				break;
		}
		if (sc.nr_reclaimed)
			return sc.nr_reclaimed;
		if (!sc.full_walk) {
			sc.full_walk = true;
		} else if (sc.skipped_deactivate) {
			sc.force_deactivate = true;
			sc.skipped_deactivate = false;
		} else {
			return 0;
		}
	}
}

/*
 * balance_pgdat: reclaim until free memory is above the high watermark.
 * A run that ends balanced, at once or later, is no failure; one that
 * gives up at priority 1 having reclaimed nothing is.
 */
void kswapd_run(struct sim *s)
{
	struct scan_control sc = { .kswapd = true, .priority = DEF_PRIORITY };

	s->kswapd_woken = false;
	s->vmstat[PAGEOUTRUN]++;
	do {
		uint64_t before_scan = sc.nr_scanned, before = sc.nr_reclaimed;

		if (s->nr_free > s->wmark_high)
			return;
		if (can_age_anon(s) && inactive_is_low(s, LRU_INACTIVE_ANON))
			shrink_active_list(s, LRU_ACTIVE_ANON, SWAP_CLUSTER_MAX);
		sc.nr_to_reclaim = s->wmark_high > SWAP_CLUSTER_MAX ? s->wmark_high : SWAP_CLUSTER_MAX;
		shrink_node(s, &sc);
		/* Lower the priority unless the target was scanned and something came back. */
		if (sc.nr_scanned - before_scan < sc.nr_to_reclaim || sc.nr_reclaimed == before)
			sc.priority--;
	} while (sc.priority >= 1);
	if (!sc.nr_reclaimed)
		s->kswapd_failures++;
}

static void wakeup_kswapd(struct sim *s)
{
	if (s->kswapd_failures >= MAX_RECLAIM_RETRIES || s->nr_free > s->wmark_high)
		return;
	s->kswapd_woken = true;
}

/* should_reclaim_retry: could free + reclaimable still reach min? */
static bool should_reclaim_retry(struct sim *s, unsigned no_progress_loops)
{
	uint64_t available = s->nr_free + s->lru_size[LRU_INACTIVE_FILE] + s->lru_size[LRU_ACTIVE_FILE];

	if (no_progress_loops > MAX_RECLAIM_RETRIES)
		return false;
	if (s->nr_swap_pages)
		available += s->lru_size[LRU_INACTIVE_ANON] + s->lru_size[LRU_ACTIVE_ANON];
	/* Would it succeed if everything reclaimable were reclaimed? */
	return available > s->wmark_min;
}

uint32_t alloc_page(struct sim *s, struct mm *faulting)
{
	unsigned no_progress_loops = 0;
	uint32_t faulting_pid = faulting ? faulting->pid : 0;
	size_t faulting_index = faulting ? mm_index(s, faulting) : SIZE_MAX;

	if (s->nr_free > s->wmark_low)
		return take_free_page(s);
	wakeup_kswapd(s);
	for (;;) {
		uint64_t progress;

		if (s->nr_free > s->wmark_min)
			return take_free_page(s);
		progress = try_to_free_pages(s);
		if (s->nr_free > s->wmark_min)
			return take_free_page(s);
		no_progress_loops = progress ? 0 : no_progress_loops + 1;
		if (should_reclaim_retry(s, no_progress_loops))
			continue;
		if (!out_of_memory(s))
			return NO_PAGE;
		no_progress_loops = 0;
		/* The victim may be the process that is faulting. */
		if (faulting_index != SIZE_MAX &&
		    (!s->mms[faulting_index].alive || s->mms[faulting_index].pid != faulting_pid))
			return NO_PAGE;
	}
}

void compute_watermarks(struct sim *s)
{
	uint64_t kb = s->nr_pages * s->cfg.pagesize / 1024, min_kb = s->cfg.min_free_kbytes, step;

	if (!min_kb) {
		/* calculate_min_free_kbytes: sqrt(lowmem_kbytes * 16), 128 KiB to 256 MiB. */
		min_kb = int_sqrt(kb * 16);
		if (min_kb < 128)
			min_kb = 128;
		if (min_kb > 262144)
			min_kb = 262144;
	}
	s->wmark_min = min_kb * 1024 / s->cfg.pagesize;
	step = s->wmark_min / 4;
	if (s->nr_pages * s->cfg.watermark_scale_factor / 10000 > step)
		step = s->nr_pages * s->cfg.watermark_scale_factor / 10000;
	s->wmark_low = s->wmark_min + step;
	s->wmark_high = s->wmark_low + step;
}
