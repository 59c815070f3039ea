// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check.c - the engine's invariant checker (see the design notes in
 * internal.h).  It recounts everything from scratch: the free list, every
 * LRU list, every page table, every swap_map byte; it is slow on purpose
 * and changes nothing.  Debug runs call it after every event, tests after
 * every step.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/internal.h"

struct checker {
	const struct sim *s;
	char *msg;
	size_t len;
	bool failed;
	uint32_t *maps;            /* present PTEs per page */
	uint64_t *swaps[SIM_MAX_SWAPFILES];   /* swap PTEs per slot */
	uint64_t rss_anon, rss_file, swapents;
	size_t mm;
};

__attribute__((format(printf, 2, 3)))
static void fail(struct checker *c, const char *fmt, ...)
{
	va_list ap;

	if (c->failed)
		return;
	c->failed = true;
	va_start(ap, fmt);
	vsnprintf(c->msg, c->len, fmt, ap);
	va_end(ap);
}

static void check_lists(struct checker *c)
{
	const struct sim *s = c->s;
	uint64_t used = 0, on_lists = 0, n = 0;

	for (uint32_t p = s->free_head; p != NO_PAGE && n <= s->nr_pages; p = s->pages[p].lru_next)
		n++;
	if (n != s->nr_free)
		fail(c, "free list holds %llu pages, nr_free says %llu", (unsigned long long)n,
		     (unsigned long long)s->nr_free);
	for (uint64_t i = 0; i < s->nr_pages; i++)
		used += (s->pages[i].flags & PG_used) != 0;
	if (used + s->nr_free != s->nr_pages)
		fail(c, "%llu used + %llu free pages != %llu pages of RAM", (unsigned long long)used,
		     (unsigned long long)s->nr_free, (unsigned long long)s->nr_pages);
	for (int l = 0; l < NR_LRU; l++) {
		uint32_t prev = NO_PAGE;

		n = 0;
		for (uint32_t p = s->lru_head[l]; p != NO_PAGE && n <= s->nr_pages; p = s->pages[p].lru_next) {
			const struct page *pg = &s->pages[p];

			if (!(pg->flags & PG_lru) || page_lru(pg) != (enum lru_list)l || pg->lru_prev != prev)
				fail(c, "page %u is on LRU list %d but says otherwise", p, l);
			prev = p;
			n++;
		}
		if (n != s->lru_size[l] || s->lru_tail[l] != prev)
			fail(c, "LRU list %d holds %llu pages, its size says %llu", l,
			     (unsigned long long)n, (unsigned long long)s->lru_size[l]);
		on_lists += n;
	}
	if (on_lists != used)
		fail(c, "%llu pages on the LRU lists, %llu in use", (unsigned long long)on_lists,
		     (unsigned long long)used);
}

static void count_pte(uint64_t *pte, uint64_t addr, void *data)
{
	struct checker *c = data;
	const struct sim *s = c->s;
	uint32_t type;
	uint64_t offset;
	bool excl;

	if (*pte & PTE_PRESENT) {
		uint32_t pfn = pte_pfn(*pte);

		if (pfn == zero_pfn(s))
			return;
		if (pfn >= s->nr_pages || !(s->pages[pfn].flags & PG_used)) {
			fail(c, "pid %u: PTE at 0x%llx points at page %u, which is free", s->mms[c->mm].pid,
			     (unsigned long long)addr, pfn);
			return;
		}
		c->maps[pfn]++;
		if (s->pages[pfn].flags & PG_swapbacked)
			c->rss_anon++;
		else
			c->rss_file++;
	} else if (pte_is_swap(s, *pte, &type, &offset, &excl)) {
		if (type >= s->nr_swap || offset >= s->swap[type].max) {
			fail(c, "pid %u: swap PTE at 0x%llx names slot %u:%llu, which does not exist",
			     s->mms[c->mm].pid, (unsigned long long)addr, type, (unsigned long long)offset);
			return;
		}
		c->swaps[type][offset]++;
		c->swapents++;
	} else if (!pte_is_poisoned(s, *pte)) {
		fail(c, "pid %u: PTE 0x%llx at 0x%llx is neither present nor swap", s->mms[c->mm].pid,
		     (unsigned long long)*pte, (unsigned long long)addr);
	}
}

static void check_mappings(struct checker *c)
{
	const struct sim *s = c->s;

	for (c->mm = 0; c->mm < s->nr_mms; c->mm++) {
		struct mm *mm = &s->mms[c->mm];

		if (!mm->alive)
			continue;
		c->rss_anon = c->rss_file = c->swapents = 0;
		walk_ptes(mm, 0, UINT64_MAX, count_pte, c);
		if (c->rss_anon != mm->rss_anon || c->rss_file != mm->rss_file || c->swapents != mm->swapents)
			fail(c, "pid %u: counters anon %llu file %llu swap %llu, page table %llu %llu %llu",
			     mm->pid, (unsigned long long)mm->rss_anon, (unsigned long long)mm->rss_file,
			     (unsigned long long)mm->swapents, (unsigned long long)c->rss_anon,
			     (unsigned long long)c->rss_file, (unsigned long long)c->swapents);
	}
	for (uint64_t p = 0; p < s->nr_pages; p++) {
		const struct page *pg = &s->pages[p];
		uint32_t items = 0;

		for (uint32_t i = pg->rmap; i != NO_ITEM && items <= pg->mapcount; i = s->rmap[i].next)
			items++;
		if (pg->mapcount != c->maps[p] || items != pg->mapcount)
			fail(c, "page %llu: mapcount %u, %u rmap items, %u PTEs", (unsigned long long)p,
			     pg->mapcount, items, c->maps[p]);
		if ((pg->flags & PG_swapcache) && !(pg->flags & PG_swapbacked))
			fail(c, "page %llu is in the swap cache but not anonymous", (unsigned long long)p);
		if ((pg->flags & PG_swapbacked) && !pg->mapcount && !(pg->flags & PG_swapcache))
			fail(c, "page %llu is anonymous, unmapped and not in the swap cache: lost",
			     (unsigned long long)p);
		if ((pg->flags & (PG_ioerror | PG_stamp_bad)) && pg->mapcount)
			fail(c, "page %llu is mapped, but its read failed or its stamp was bad",
			     (unsigned long long)p);
		if ((pg->flags & PG_ioerror) && ((pg->flags & PG_dirty) || !(pg->flags & PG_swapcache)))
			fail(c, "page %llu: a failed read must leave a clean swap-cache page",
			     (unsigned long long)p);
	}
}

static bool in_slot_buffers(const struct sim *s, uint32_t type, uint64_t offset)
{
	uint64_t e = (uint64_t)type << 58 | offset;

	for (size_t i = s->slot_cache_next; i < s->slot_cache_nr; i++)
		if (s->slot_cache[i] == e)
			return true;
	for (size_t i = 0; i < s->slot_return_nr; i++)
		if (s->slot_return[i] == e)
			return true;
	return false;
}

static void check_swap(struct checker *c)
{
	const struct sim *s = c->s;
	uint64_t free_slots = 0, cached = 0;

	for (uint32_t t = 0; t < s->nr_swap; t++) {
		const struct swap_info *si = &s->swap[t];
		uint64_t inuse = 0;

		for (uint64_t o = 1; o < si->max; o++) {
			uint8_t b = si->swap_map[o];
			uint32_t pfn = swap_cache_lookup(s, t, o);
			bool has_cache = b & SWAP_HAS_CACHE, page = pfn != NO_PAGE;

			if (b == SWAP_MAP_BAD)
				continue;
			if (swap_count(s, t, o) != c->swaps[t][o])
				fail(c, "slot %u:%llu: swap_map count %llu, %llu swap PTEs", t,
				     (unsigned long long)o, (unsigned long long)swap_count(s, t, o),
				     (unsigned long long)c->swaps[t][o]);
			if (has_cache != (page || in_slot_buffers(s, t, o)))
				fail(c, "slot %u:%llu: SWAP_HAS_CACHE is %s, the cache %s it", t,
				     (unsigned long long)o, has_cache ? "set" : "clear",
				     page ? "holds" : "does not hold");
			if (page) {
				const struct page *pg = &s->pages[pfn];

				cached++;
				if (!(pg->flags & PG_swapcache) || pg->swap_type != t || pg->swap_offset != o)
					fail(c, "slot %u:%llu: its cache page %u does not point back", t,
					     (unsigned long long)o, pfn);
			}
			inuse += b != 0;
		}
		if (inuse != si->inuse_pages)
			fail(c, "swap area %u: %llu slots in use, inuse_pages says %llu", t,
			     (unsigned long long)inuse, (unsigned long long)si->inuse_pages);
		if (si->writeok)
			free_slots += si->pages - si->inuse_pages;
	}
	if (free_slots != s->nr_swap_pages)
		fail(c, "nr_swap_pages %llu, the areas have %llu free slots",
		     (unsigned long long)s->nr_swap_pages, (unsigned long long)free_slots);
	if (cached != s->nr_swapcache)
		fail(c, "%llu pages in the swap cache, nr_swapcache says %llu", (unsigned long long)cached,
		     (unsigned long long)s->nr_swapcache);
}

int sim_check(const struct sim *s, char *msg, size_t len)
{
	struct checker c = { .s = s, .msg = msg, .len = len };

	if (len)
		msg[0] = '\0';
	c.maps = calloc(s->nr_pages + 1, sizeof(*c.maps));
	for (size_t t = 0; t < s->nr_swap; t++)
		c.swaps[t] = calloc(s->swap[t].max, sizeof(uint64_t));
	if (!c.maps) {
		fail(&c, "out of memory");
	} else {
		check_lists(&c);
		check_mappings(&c);
		check_swap(&c);
	}
	free(c.maps);
	for (size_t t = 0; t < s->nr_swap; t++)
		free(c.swaps[t]);
	return c.failed ? -EUCLEAN : 0;
}
