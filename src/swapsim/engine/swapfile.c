// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * swapfile.c - swap areas and their slots (mm/swapfile.c, mm/swap_slots.c).
 *
 * One byte of swap_map per slot: the count of swap PTEs (0..0x3e) with
 * SWAP_HAS_CACHE (0x40) beside it, 0x3f for the header and bad pages, and
 * COUNT_CONTINUED (0x80) when the count goes on in a continuation, kept
 * here as a sparse table of the excess.  Slots are handed out through a
 * slot cache of SWAP_BATCH entries, refilled from one area at a time, the
 * areas tried highest priority first, equal priorities taking turns; a
 * freed slot waits in a return buffer until SWAP_BATCH of them are freed
 * together.  Within an area, the rotational allocator (scan_swap_map) or
 * the cluster allocator picks the slot.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "engine/bigalloc.h"
#include "engine/internal.h"

/* A swap entry as the slot cache stores it. */
#define ENTRY(type, offset) ((uint64_t)(type) << 58 | (offset))
#define ENTRY_TYPE(e) ((uint32_t)((e) >> 58))
#define ENTRY_OFFSET(e) ((e) & ((UINT64_C(1) << 58) - 1))

/* The slot cache turns on above 5 batches of free slots, off below 2 (one CPU). */
#define SLOTS_CACHE_ON (5 * SWAP_BATCH)
#define SLOTS_CACHE_OFF (2 * SWAP_BATCH)

/* Index of @offset's continuation in si->cont, or SIZE_MAX. */
static size_t cont_index(const struct swap_info *si, uint64_t offset)
{
	for (size_t i = 0; i < si->nr_cont; i++)
		if (si->cont[i].offset == offset)
			return i;
	return SIZE_MAX;
}

uint64_t swap_count(const struct sim *s, uint32_t type, uint64_t offset)
{
	const struct swap_info *si = &s->swap[type];
	uint8_t b = si->swap_map[offset];
	uint64_t count = b & SWAP_MAP_BAD;
	size_t i;

	if (count == SWAP_MAP_BAD)
		return 0;
	if ((b & COUNT_CONTINUED) && (i = cont_index(si, offset)) != SIZE_MAX)
		count += si->cont[i].extra;
	return count;
}

static void set_count(struct swap_info *si, uint64_t offset, uint64_t count)
{
	uint8_t cache = si->swap_map[offset] & SWAP_HAS_CACHE;
	size_t i = cont_index(si, offset);

	if (count <= SWAP_MAP_MAX) {
		if (i != SIZE_MAX)   /* the continuation is no longer needed */
			si->cont[i] = si->cont[--si->nr_cont];
		si->swap_map[offset] = (uint8_t)(cache | count);
		return;
	}
	if (i == SIZE_MAX) {
		if (si->nr_cont == si->cap_cont) {
			size_t ncap = si->cap_cont ? si->cap_cont * 2 : 8;
			void *p = realloc(si->cont, ncap * sizeof(*si->cont));

			if (!p)
				return;   /* the count stays where it was: the kernel's -ENOMEM */
			si->cont = p;
			si->cap_cont = ncap;
		}
		i = si->nr_cont++;
		si->cont[i].offset = offset;
	}
	si->cont[i].extra = count - SWAP_MAP_MAX;
	si->swap_map[offset] = (uint8_t)(cache | COUNT_CONTINUED | SWAP_MAP_MAX);
}

bool vm_swap_full(const struct sim *s)
{
	return s->nr_swap_pages * 2 < s->total_swap_pages;
}

int swap_setup(struct sim *s, size_t i, const struct sim_swap_config *c)
{
	struct swap_info *si = &s->swap[i];
	uint64_t good;

	const struct swaparea_arch_info *arch = swaparea_arch_info(s->cfg.arch);

	memset(si, 0, sizeof(*si));
	if (c->pages < 2)
		return sim_fail(s, "swap area %zu: %llu pages leave none for swap", i,
				(unsigned long long)c->pages);
	/* read_swap_header: no more slots than a swap PTE can name. */
	si->max = arch && c->pages > arch->max_pages ? arch->max_pages : c->pages;
	si->swap_map = big_calloc(si->max);
	si->nr_clusters = (si->max + SWAPFILE_CLUSTER - 1) / SWAPFILE_CLUSTER;
	si->cluster_count = calloc(si->nr_clusters, sizeof(*si->cluster_count));
	si->cluster_order = malloc(si->nr_clusters * sizeof(*si->cluster_order));
	if (!si->swap_map || !si->cluster_count || !si->cluster_order)
		return -ENOMEM;
	si->swap_map[0] = SWAP_MAP_BAD;
	good = si->max - 1;
	for (size_t b = 0; b < c->nr_badpages; b++) {
		uint64_t o = c->badpages[b];

		if (o && o < si->max && si->swap_map[o] != SWAP_MAP_BAD) {
			si->swap_map[o] = SWAP_MAP_BAD;
			good--;
		}
	}
	if (!good)
		return sim_fail(s, "swap area %zu: every page is the header or bad", i);
	/* Clusters holding the header or a bad page count those slots as used. */
	for (uint64_t o = 0; o < si->max; o++)
		if (si->swap_map[o] == SWAP_MAP_BAD)
			si->cluster_count[o / SWAPFILE_CLUSTER]++;
	si->pages = good;
	si->rotational = c->rotational;
	si->name = c->name;
	si->lowest_bit = 1;
	si->highest_bit = si->max - 1;
	si->cluster_next = 1;
	/* The interleaved free-cluster order: stride 64 for 256-slot clusters. */
	{
		uint64_t stride = 64, n = 0;

		for (uint64_t k = 0; k < stride; k++)
			for (uint64_t c2 = k; c2 < si->nr_clusters; c2 += stride)
				si->cluster_order[n++] = c2;
	}
	if (c->prio == SIM_PRIO_AUTO) {
		si->prio = --s->least_priority;
		si->auto_prio = true;
	} else {
		si->prio = c->prio;
	}
	si->active = si->writeok = true;
	update_readahead(s);
	s->nr_swap_pages += good;
	s->total_swap_pages += good;
	return 0;
}

void swap_release(struct sim *s)
{
	for (size_t i = 0; i < s->nr_swap; i++) {
		big_free(s->swap[i].swap_map, s->swap[i].max);
		free(s->swap[i].cont);
		free(s->swap[i].cluster_count);
		free(s->swap[i].cluster_order);
	}
}

static bool slot_free(const struct swap_info *si, uint64_t o)
{
	return si->swap_map[o] == 0;
}

/* Take slot @o: the allocator's usage is SWAP_HAS_CACHE. */
static void take_slot(struct sim *s, struct swap_info *si, uint64_t o)
{
	si->swap_map[o] = SWAP_HAS_CACHE;
	si->inuse_pages++;
	si->cluster_count[o / SWAPFILE_CLUSTER]++;
	s->nr_swap_pages--;
	/*
	 * swap_range_alloc: the bounds move past the slot taken and no
	 * further, so they are loose (lowest_bit <= the first free slot,
	 * highest_bit >= the last); every scan skips used slots, so it finds
	 * what exact bounds would give, without a walk over used slots here.
	 */
	if (o == si->lowest_bit)
		si->lowest_bit++;
	if (o == si->highest_bit)
		si->highest_bit--;
	if (si->inuse_pages == si->pages) {
		si->lowest_bit = si->max;
		si->highest_bit = 0;
	}
}

/* scan_swap_map_slots for a rotational area: up to @n slots into @out. */
static size_t scan_rotational(struct sim *s, struct swap_info *si, uint64_t *out, size_t n)
{
	uint64_t offset = si->cluster_next, free_slots = si->pages - si->inuse_pages;
	size_t got = 0;

	if (!free_slots)
		return 0;
	if (si->cluster_nr == 0) {
		si->cluster_nr = SWAPFILE_CLUSTER - 1;
		if (free_slots >= SWAPFILE_CLUSTER) {
			/* The first run of SWAPFILE_CLUSTER free slots from lowest_bit. */
			uint64_t run = 0;

			for (uint64_t o = si->lowest_bit; o < si->max; o++) {
				run = slot_free(si, o) ? run + 1 : 0;
				if (run == SWAPFILE_CLUSTER) {
					offset = o - SWAPFILE_CLUSTER + 1;
					break;
				}
			}
		}
	} else {
		si->cluster_nr--;
	}
	if (offset > si->highest_bit || offset < si->lowest_bit)
		offset = si->lowest_bit;
	/* Busy: scan on to highest_bit, then wrap to lowest_bit. */
	for (uint64_t tries = 0; !slot_free(si, offset) && tries < si->max; tries++)
		offset = offset >= si->highest_bit ? si->lowest_bit : offset + 1;
	if (!slot_free(si, offset))
		return 0;
	take_slot(s, si, offset);
	out[got++] = offset;
	while (got < n && si->cluster_nr && offset + 1 < si->max && slot_free(si, offset + 1)) {
		take_slot(s, si, ++offset);
		out[got++] = offset;
		si->cluster_nr--;
	}
	si->cluster_next = offset + 1;
	return got;
}

/* The cluster allocator: the current cluster, then the free clusters in
 * their interleaved order, then any cluster with room. */
static size_t scan_clusters(struct sim *s, struct swap_info *si, uint64_t *out, size_t n)
{
	size_t got = 0;

	while (got < n && si->inuse_pages < si->pages) {
		if (!si->has_current || si->cluster_count[si->current_cluster] == SWAPFILE_CLUSTER) {
			bool found = false;

			for (; si->cluster_cursor < si->nr_clusters && !found; si->cluster_cursor++) {
				uint64_t c = si->cluster_order[si->cluster_cursor];

				if (si->cluster_count[c] == 0) {
					si->current_cluster = c;
					found = true;
				}
			}
			/* The lowest with room; those below nonfull_hint are full. */
			for (uint64_t c = si->nonfull_hint; c < si->nr_clusters && !found; c++) {
				if (si->cluster_count[c] < SWAPFILE_CLUSTER) {
					si->current_cluster = c;
					found = true;
				} else if (c == si->nonfull_hint) {
					si->nonfull_hint = c + 1;
				}
			}
			if (!found)
				break;
			si->has_current = true;
			si->current_next = si->current_cluster * SWAPFILE_CLUSTER;
		}
		{
			uint64_t base = si->current_cluster * SWAPFILE_CLUSTER, o;
			uint64_t end = base + SWAPFILE_CLUSTER < si->max ? base + SWAPFILE_CLUSTER : si->max;

			/* The lowest free slot: none below current_next is free. */
			for (o = si->current_next > base ? si->current_next : base;
			     o < end && !slot_free(si, o); o++)
				;
			if (o >= end) {
				si->cluster_count[si->current_cluster] = SWAPFILE_CLUSTER;   /* tail cluster */
				si->has_current = false;
				continue;
			}
			take_slot(s, si, o);
			out[got++] = o;
			si->current_next = o + 1;
		}
	}
	return got;
}

/* get_swap_pages: @n slots from the first area, by priority, that has any. */
static size_t get_swap_pages(struct sim *s, size_t n, uint64_t *entries)
{
	uint64_t slots[SWAP_BATCH];
	int32_t best = INT32_MIN;
	size_t cand[SIM_MAX_SWAPFILES], nc = 0, got = 0;

	for (size_t i = 0; i < s->nr_swap; i++) {
		struct swap_info *si = &s->swap[i];

		if (!si->active || !si->writeok || si->inuse_pages == si->pages)
			continue;
		if (si->prio > best) {
			best = si->prio;
			nc = 0;
		}
		if (si->prio == best)
			cand[nc++] = i;
	}
	if (!nc)
		return 0;
	/* Equal priorities take turns: requeued behind their peers per call. */
	for (size_t k = 0; k < nc && !got; k++) {
		size_t type = cand[(s->swap_rr + k) % nc];
		struct swap_info *si = &s->swap[type];

		got = si->rotational ? scan_rotational(s, si, slots, n) : scan_clusters(s, si, slots, n);
		for (size_t j = 0; j < got; j++)
			entries[j] = ENTRY(type, slots[j]);
	}
	s->swap_rr++;
	return got;
}

/* The freeing half of swap_entry_free: the slot becomes reusable. */
static void release_slot(struct sim *s, uint32_t type, uint64_t offset)
{
	struct swap_info *si = &s->swap[type];

	si->swap_map[offset] = 0;
	si->inuse_pages--;
	si->cluster_count[offset / SWAPFILE_CLUSTER]--;
	if (offset / SWAPFILE_CLUSTER < si->nonfull_hint)
		si->nonfull_hint = offset / SWAPFILE_CLUSTER;
	if (offset < si->current_next)
		si->current_next = offset;
	if (si->writeok)   /* swapoff took this area's free slots off the count */
		s->nr_swap_pages++;
	if (offset < si->lowest_bit)
		si->lowest_bit = offset;
	if (offset > si->highest_bit)
		si->highest_bit = offset;
}

void flush_slot_return(struct sim *s)
{
	uint64_t *e = s->slot_return;

	/* swapcache_free_entries: sorted by type (and offset); at most SWAP_BATCH. */
	for (size_t i = 1; i < s->slot_return_nr; i++) {
		uint64_t x = e[i];
		size_t j = i;

		for (; j > 0 && e[j - 1] > x; j--)
			e[j] = e[j - 1];
		e[j] = x;
	}
	for (size_t i = 0; i < s->slot_return_nr; i++)
		release_slot(s, ENTRY_TYPE(s->slot_return[i]), ENTRY_OFFSET(s->slot_return[i]));
	s->slot_return_nr = 0;
}

/* free_swap_slot: through the return buffer while the slot cache is on. */
static void free_swap_slot(struct sim *s, uint32_t type, uint64_t offset)
{
	if (!s->slot_cache_active) {
		release_slot(s, type, offset);
		return;
	}
	/* A full buffer is emptied before the entry goes in: it holds 64. */
	if (s->slot_return_nr == SWAP_BATCH)
		flush_slot_return(s);
	s->slot_return[s->slot_return_nr++] = ENTRY(type, offset);
}

/* Hand back the slots waiting in the cache (deactivation, swapoff). */
static void drain_slot_cache(struct sim *s)
{
	for (size_t i = s->slot_cache_next; i < s->slot_cache_nr; i++)
		release_slot(s, ENTRY_TYPE(s->slot_cache[i]), ENTRY_OFFSET(s->slot_cache[i]));
	s->slot_cache_nr = s->slot_cache_next = 0;
	flush_slot_return(s);
}

/* check_cache_active. */
static void check_cache_active(struct sim *s)
{
	if (!s->slot_cache_active && s->nr_swap_pages > SLOTS_CACHE_ON) {
		s->slot_cache_active = true;
	} else if (s->slot_cache_active && s->nr_swap_pages < SLOTS_CACHE_OFF) {
		s->slot_cache_active = false;
		drain_slot_cache(s);
	}
}

bool get_swap_page(struct sim *s, uint32_t *type, uint64_t *offset)
{
	uint64_t e;

	check_cache_active(s);
	if (s->slot_cache_active) {
		if (s->slot_cache_next == s->slot_cache_nr) {
			s->slot_cache_nr = get_swap_pages(s, SWAP_BATCH, s->slot_cache);
			s->slot_cache_next = 0;
		}
		if (s->slot_cache_next < s->slot_cache_nr) {
			e = s->slot_cache[s->slot_cache_next++];
			*type = ENTRY_TYPE(e);
			*offset = ENTRY_OFFSET(e);
			return true;
		}
	}
	if (get_swap_pages(s, 1, &e) != 1)
		return false;
	*type = ENTRY_TYPE(e);
	*offset = ENTRY_OFFSET(e);
	return true;
}

void swap_duplicate(struct sim *s, uint32_t type, uint64_t offset)
{
	set_count(&s->swap[type], offset, swap_count(s, type, offset) + 1);
}

/* Called when neither a count nor the cache holds the slot any more. */
static void maybe_release(struct sim *s, uint32_t type, uint64_t offset)
{
	struct swap_info *si = &s->swap[type];

	if (si->swap_map[offset] == 0) {
		/* The last reference wrote SWAP_HAS_CACHE back: the slot waits
		 * for free_swap_slot (the kernel's usage == 0 path). */
		si->swap_map[offset] = SWAP_HAS_CACHE;
		free_swap_slot(s, type, offset);
	}
}

void swap_free(struct sim *s, uint32_t type, uint64_t offset)
{
	uint64_t count = swap_count(s, type, offset);

	if (!count)
		return;
	set_count(&s->swap[type], offset, count - 1);
	maybe_release(s, type, offset);
}

void swapcache_clear(struct sim *s, uint32_t type, uint64_t offset)
{
	s->swap[type].swap_map[offset] &= (uint8_t)~SWAP_HAS_CACHE;
	maybe_release(s, type, offset);
}

void free_swap_and_cache(struct sim *s, uint32_t type, uint64_t offset)
{
	uint32_t pfn;

	swap_free(s, type, offset);
	if (swap_count(s, type, offset))
		return;
	pfn = swap_cache_lookup(s, type, offset);
	/* Only the cache copy is left: reclaim it if unmapped or swap is tight. */
	if (pfn != NO_PAGE && (s->pages[pfn].mapcount == 0 || vm_swap_full(s))) {
		delete_from_swap_cache(s, pfn);
		if (s->pages[pfn].mapcount == 0)
			free_page(s, pfn);
	}
}

/* A swap PTE of the area being switched off: where it is. */
struct unuse_item {
	uint32_t mm;
	uint64_t addr;
};

struct unuse_list {
	struct sim *s;
	uint32_t type, mm;
	struct unuse_item *items;
	size_t nr, cap;
	bool nomem;
};

static void collect_swap_pte(uint64_t *pte, uint64_t addr, void *data)
{
	struct unuse_list *l = data;
	uint32_t type;
	uint64_t offset;
	bool excl;

	if (!pte_is_swap(l->s, *pte, &type, &offset, &excl) || type != l->type)
		return;
	if (l->nr == l->cap) {
		size_t ncap = l->cap ? l->cap * 2 : 256;
		struct unuse_item *p = realloc(l->items, ncap * sizeof(*p));

		if (!p) {
			l->nomem = true;
			return;
		}
		l->items = p;
		l->cap = ncap;
	}
	l->items[l->nr++] = (struct unuse_item){ l->mm, addr };
}

/*
 * unuse_pte: bring one swapped page back and map it.  The PTE is looked
 * up again, as the kernel rechecks it under the lock: reading the page in
 * may have reclaimed, or killed the process.  0, or -ENOMEM.
 */
static int unuse_pte(struct sim *s, uint32_t type, const struct unuse_item *it)
{
	struct mm *mm = &s->mms[it->mm];
	uint64_t *pte, offset, entry;
	uint32_t t, pfn;
	struct vma *v;
	bool excl;

	if (!mm->alive || !(pte = pte_lookup(s, mm, it->addr, false)))
		return 0;
	entry = *pte;
	if (!pte_is_swap(s, entry, &t, &offset, &excl) || t != type)
		return 0;
	v = find_vma(mm, it->addr);
	pfn = swap_cache_lookup(s, type, offset);
	if (pfn == NO_PAGE)
		pfn = swapin_readahead(s, mm, v, it->addr, type, offset);
	mm = &s->mms[it->mm];
	if (pfn == NO_PAGE)   /* the OOM killer took the owner: its entries are gone */
		return mm->alive ? -ENOMEM : 0;
	if (!mm->alive || !(pte = pte_lookup(s, mm, it->addr, false)) || *pte != entry)
		return 0;
	if (s->pages[pfn].flags & PG_ioerror) {
		/* The read failed: the PTE is poisoned, SIGBUS when it is touched. */
		*pte = mk_poisoned_pte(s);
		mm->swapents--;
		swap_free(s, type, offset);
		s->io.stats.poisoned++;
		return 0;
	}
	if (s->io.shadow && verify_swapin(s, mm, it->addr, pfn, type, offset, *pte_shadow(pte)))
		return -EUCLEAN;
	/* Mapped old (not accessed), writable only if it was exclusive. */
	*pte = mk_pte(pfn, v ? v->prot : SIM_PROT_READ, excl && v && (v->prot & SIM_PROT_WRITE));
	*pte &= ~PTE_ACCESSED;
	if (excl)
		s->pages[pfn].flags |= PG_anon_exclusive;
	s->pages[pfn].mapcount++;
	rmap_add(s, pfn, it->mm, it->addr);
	mm->swapents--;
	mm->rss_anon++;
	swap_free(s, type, offset);
	folio_free_swap(s, pfn);
	return 0;
}

/* try_to_unuse: every swap PTE of the area, in every process, then the cache. */
static int try_to_unuse(struct sim *s, uint32_t type)
{
	struct unuse_list l = { .s = s, .type = type };
	int rc = 0;

	for (l.mm = 0; l.mm < s->nr_mms; l.mm++)
		if (s->mms[l.mm].alive)
			walk_ptes(&s->mms[l.mm], 0, UINT64_MAX, collect_swap_pte, &l);
	for (size_t i = 0; i < l.nr && !rc && !l.nomem; i++)
		rc = unuse_pte(s, type, &l.items[i]);
	free(l.items);
	if (l.nomem)
		rc = -ENOMEM;
	return rc;
}

int do_swapoff(struct sim *s, uint32_t type)
{
	struct swap_info *si = &s->swap[type];
	uint64_t free_slots;
	int rc;

	if (type >= s->nr_swap || !si->active)
		return sim_fail(s, "swapoff: swap area %u is not active", type);
	/* __vm_enough_memory (OVERCOMMIT_GUESS): RAM and the other areas must hold it. */
	if (si->inuse_pages > s->nr_pages + (s->total_swap_pages - si->pages))
		return sim_fail(s, "swapoff: swap area %u: not enough memory to take its %llu pages back",
				type, (unsigned long long)si->inuse_pages);
	drain_slot_cache(s);
	si->writeok = false;
	free_slots = si->pages - si->inuse_pages;
	s->nr_swap_pages -= free_slots;
	s->total_swap_pages -= si->pages;
	rc = try_to_unuse(s, type);
	if (rc == -EUCLEAN)
		return rc;   /* data lost: an engine bug, s->error says where */
	if (rc) {
		/* The area goes back on the lists. */
		si->writeok = true;
		s->nr_swap_pages += si->pages - si->inuse_pages;
		s->total_swap_pages += si->pages;
		return sim_fail(s, "swapoff: not enough memory to bring swap area %u back", type);
	}
	if (si->auto_prio) {
		/* Every lower automatic priority moves up by one. */
		for (size_t i = 0; i < s->nr_swap; i++)
			if (s->swap[i].auto_prio && s->swap[i].prio < si->prio)
				s->swap[i].prio++;
		s->least_priority++;
	}
	/* Slots held only by the swap cache: drop the cache copies. */
	for (uint32_t pfn = 0; pfn < s->nr_pages; pfn++) {
		struct page *p = &s->pages[pfn];

		if ((p->flags & PG_swapcache) && p->swap_type == type) {
			delete_from_swap_cache(s, pfn);
			if (p->mapcount == 0)
				free_page(s, pfn);
		}
	}
	flush_slot_return(s);
	si->active = false;
	update_readahead(s);
	return 0;
}

int do_swapon(struct sim *s, uint32_t type)
{
	struct swap_info *si = &s->swap[type];

	if (type >= s->nr_swap)
		return sim_fail(s, "swapon: there is no swap area %u", type);
	if (si->active)
		return sim_fail(s, "swapon: swap area %u is already active", type);
	if (si->auto_prio)
		si->prio = --s->least_priority;
	si->active = si->writeok = true;
	update_readahead(s);
	s->nr_swap_pages += si->pages - si->inuse_pages;
	s->total_swap_pages += si->pages;
	return 0;
}
