// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * memory.c - page faults and unmapping (mm/memory.c): handle_mm_fault for
 * anonymous and file mappings, do_swap_page, do_wp_page, zap_pte_range.
 *
 * The hit path (a present PTE that allows the access) only sets the
 * accessed bit, and the dirty bit on a write (the first write to a clean
 * PTE also gives the page a new version for page_io.c).  Everything else is a fault,
 * counted once in pgfault when it finishes, and as major when it needed
 * I/O (a swap-in that missed the swap cache, a file page not cached).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "engine/internal.h"

uint64_t mk_pte(uint32_t pfn, uint32_t prot, bool writable)
{
	uint64_t pte = PTE_PRESENT | PTE_USER | PTE_ACCESSED | ((uint64_t)pfn << PTE_PFN_SHIFT);

	if (writable)
		pte |= PTE_RW;
	if (!(prot & SIM_PROT_EXEC))
		pte |= PTE_NX;
	return pte;
}

bool pte_is_swap(const struct sim *s, uint64_t pte, uint32_t *type, uint64_t *offset, bool *excl)
{
	struct swaparea_pte_info info;

	if (!pte || (pte & PTE_PRESENT))
		return false;
	if (swaparea_pte_decode(s->cfg.arch, pte, &info) || info.kind != SWAPAREA_PTE_SWAP)
		return false;
	*type = info.type;
	*offset = info.offset;
	*excl = info.flags & SWAPAREA_PTE_EXCLUSIVE;
	return true;
}

uint64_t mk_swap_pte(const struct sim *s, uint32_t type, uint64_t offset, bool exclusive)
{
	uint64_t pte = 0;

	swaparea_pte_encode(s->cfg.arch, type, offset, exclusive ? SWAPAREA_PTE_EXCLUSIVE : 0, &pte);
	return pte;
}

static bool vma_allows(const struct vma *v, int op)
{
	switch (op) {
	case SIM_OP_WRITE:
		return v->prot & SIM_PROT_WRITE;
	case SIM_OP_EXEC:
		return v->prot & SIM_PROT_EXEC;
	default:
		return v->prot & (SIM_PROT_READ | SIM_PROT_EXEC);
	}
}

struct file_cache *find_file(struct sim *s, uint64_t file_id)
{
	for (size_t i = 0; i < s->nr_files; i++)
		if (s->files[i].file_id == file_id)
			return &s->files[i];
	return NULL;
}

/* The page cache page of a file mapping, read in when missing. */
static uint32_t file_page(struct sim *s, struct mm *mm, const struct vma *v, uint64_t addr,
			  bool *major)
{
	uint64_t index = (v->file_off + (addr - v->start)) / 4096;
	struct file_cache *fc = find_file(s, v->file_id);
	uint32_t pfn;

	if (!fc) {
		struct file_cache *p = realloc(s->files, (s->nr_files + 1) * sizeof(*p));

		if (!p)
			return NO_PAGE;
		s->files = p;
		fc = &s->files[s->nr_files++];
		memset(fc, 0, sizeof(*fc));
		fc->file_id = v->file_id;
	}
	if (index >= fc->nr) {
		uint64_t nr = index + 1 > fc->nr * 2 ? index + 1 : fc->nr * 2;
		uint32_t *p = realloc(fc->pages, nr * sizeof(*p));

		if (!p)
			return NO_PAGE;
		for (uint64_t i = fc->nr; i < nr; i++)
			p[i] = NO_PAGE;
		fc->pages = p;
		fc->nr = nr;
	}
	if (fc->pages[index] != NO_PAGE)
		return fc->pages[index];   /* filemap_get_folio: no FGP_ACCESSED */
	/* Reclaim inside may drop this file's pages, never move its cache. */
	pfn = alloc_page(s, mm);
	if (pfn == NO_PAGE)
		return NO_PAGE;
	s->pages[pfn].flags |= PG_file;
	s->pages[pfn].file_id = v->file_id;
	s->pages[pfn].file_index = index;
	fc->pages[index] = pfn;
	s->nr_file++;
	lru_add(s, pfn, LRU_INACTIVE_FILE, false);
	s->vmstat[PGPGIN] += 4;
	s->vmstat[PGMAJFAULT]++;   /* filemap_fault had to read it */
	*major = true;
	return pfn;
}

/* Map the new page @pfn at @addr as anonymous, exclusive to @mm (dirty unless @clean). */
static void install_anon_page(struct sim *s, struct mm *mm, const struct vma *v, uint64_t *pte,
			      uint64_t addr, uint32_t pfn, bool clean)
{
	struct page *p = &s->pages[pfn];

	p->flags |= PG_swapbacked | PG_anon_exclusive;
	page_written(s, pfn);
	s->nr_anon++;
	lru_add(s, pfn, LRU_INACTIVE_ANON, false);
	p->mapcount = 1;
	rmap_add(s, pfn, mm_index(s, mm), addr & ~UINT64_C(4095));
	*pte = mk_pte(pfn, v->prot, v->prot & SIM_PROT_WRITE) | (clean ? 0 : PTE_DIRTY);
	mm->rss_anon++;
}

/* A new anonymous page at @addr, whose PTE is none (reclaim cannot change it). */
static int map_anon_page(struct sim *s, struct mm *mm, const struct vma *v, uint64_t *pte,
			 uint64_t addr, bool clean)
{
	uint32_t pfn = alloc_page(s, mm);

	if (pfn == NO_PAGE)
		return -ENOMEM;
	install_anon_page(s, mm, v, pte, addr, pfn, clean);
	return 0;
}

/* Take the mapping of @pfn at @addr out of @mm's accounting. */
static void unmap_one(struct sim *s, struct mm *mm, uint32_t pfn, uint64_t addr)
{
	struct page *p = &s->pages[pfn];

	p->mapcount--;
	rmap_remove(s, pfn, mm_index(s, mm), addr);
	if (p->flags & PG_swapbacked)
		mm->rss_anon--;
	else
		mm->rss_file--;
}

/* The last mapping of an anonymous page went: free it, or leave the cache copy. */
static void release_anon(struct sim *s, uint32_t pfn)
{
	struct page *p = &s->pages[pfn];

	if (p->mapcount)
		return;
	if (p->flags & PG_swapcache)
		folio_free_swap(s, pfn);
	if (!(p->flags & PG_swapcache))
		free_page(s, pfn);
}

/* do_wp_page: a write to a present, write-protected PTE. */
static int do_wp_page(struct sim *s, struct mm *mm, const struct vma *v, uint64_t *pte,
		      uint64_t addr)
{
	uint32_t pfn = pte_pfn(*pte);
	struct page *p = pfn == zero_pfn(s) ? NULL : &s->pages[pfn];
	uint64_t old = *pte;
	uint32_t copy;

	if (p && (v->flags & SIM_MAP_SHARED)) {
		/* A shared file page: make it writable and dirty (page_mkwrite). */
		*pte |= PTE_RW | PTE_DIRTY | PTE_ACCESSED;
		return 0;
	}
	if (p && (p->flags & PG_swapbacked)) {
		/* wp_can_reuse_anon_folio: exclusive, or the only reference once
		 * a swap-cache copy without swap references is dropped. */
		if (!(p->flags & PG_anon_exclusive) && p->mapcount == 1 && (p->flags & PG_swapcache))
			folio_free_swap(s, pfn);
		if ((p->flags & PG_anon_exclusive) ||
		    (p->mapcount == 1 && !(p->flags & PG_swapcache))) {
			p->flags |= PG_anon_exclusive;
			*pte |= PTE_RW | PTE_DIRTY | PTE_ACCESSED;
			page_written(s, pfn);
			s->vmstat[PGREUSE]++;
			return 0;
		}
	}
	/*
	 * wp_page_copy: a private copy replaces the shared page.  Allocating
	 * it may reclaim, and unmap the very page being copied (or age its
	 * PTE): then pte_same fails, the copy is dropped, and the access is
	 * tried again.
	 */
	copy = alloc_page(s, mm);
	if (copy == NO_PAGE)
		return -ENOMEM;
	if (*pte != old) {
		free_page(s, copy);
		return -EAGAIN;
	}
	install_anon_page(s, mm, v, pte, addr, copy, false);
	if (p) {
		unmap_one(s, mm, pfn, addr & ~UINT64_C(4095));
		if (p->flags & PG_swapbacked)
			release_anon(s, pfn);
	}
	return 0;
}

/* do_swap_page (section 7 of kernel-swap-facts.md). */
static int do_swap_page(struct sim *s, struct mm *mm, struct vma *v, uint64_t *pte,
			uint64_t addr, bool write, bool *major)
{
	uint32_t type, pfn;
	uint64_t offset, entry = *pte;
	bool excl;
	struct page *p;

	if (!pte_is_swap(s, entry, &type, &offset, &excl))
		return -EIO;   /* a poisoned marker, or no swap entry: SIGBUS */
	pfn = swap_cache_get(s, type, offset, v, addr);
	if (pfn == NO_PAGE) {
		pfn = swapin_readahead(s, mm, v, addr, type, offset);
		if (pfn == NO_PAGE)
			return -ENOMEM;
		*major = true;
		s->vmstat[PGMAJFAULT]++;
		/* Reclaim inside readahead may have touched this PTE's table. */
		pte = pte_lookup(s, mm, addr, true);
		if (!pte || *pte != entry)
			return -EAGAIN;   /* changed under us: pte_same fails, try again */
	}
	p = &s->pages[pfn];
	if (p->flags & PG_ioerror)
		return -EIO;   /* the read failed: not uptodate, SIGBUS */
	if (s->io.shadow && verify_swapin(s, mm, addr, pfn, type, offset, *pte_shadow(pte)))
		return -EUCLEAN;
	swap_free(s, type, offset);
	mm->swapents--;
	if ((p->flags & PG_swapcache) && (vm_swap_full(s) || (write && p->mapcount == 0)))
		folio_free_swap(s, pfn);
	mm->rss_anon++;
	*pte = mk_pte(pfn, v->prot, false);
	if (excl || (p->mapcount == 0 && !(p->flags & PG_swapcache))) {
		p->flags |= PG_anon_exclusive;
		if (v->prot & SIM_PROT_WRITE) {
			*pte |= PTE_RW;
			if (write) {
				*pte |= PTE_DIRTY;
				page_written(s, pfn);
				write = false;
			}
		}
	}
	p->mapcount++;
	rmap_add(s, pfn, mm_index(s, mm), addr & ~UINT64_C(4095));
	if (write)
		return do_wp_page(s, mm, v, pte, addr);
	return 0;
}

static void kill_segv(struct sim *s, struct mm *mm)
{
	mm->segv = true;
	s->segv_kills++;
	do_exit(s, mm);
}

/* The default action of SIGBUS: the process dies. */
static void kill_sigbus(struct sim *s, struct mm *mm)
{
	mm->sigbus = true;
	s->io.stats.sigbus_kills++;
	do_exit(s, mm);
}

/* Faults retried after a pte_same failure before the model gives up on the access. */
#define FAULT_RETRIES 16

int handle_access(struct sim *s, struct mm *mm, uint64_t addr, int op, uint32_t flags)
{
	bool write = op == SIM_OP_WRITE, major = false;
	unsigned retries = 0;
	uint64_t *pte;
	struct vma *v;
	int rc;

again:
	pte = pte_lookup(s, mm, addr, false);
	rc = 0;
	if (pte && pte_hit(s, pte, op))
		return 0;
	v = find_vma(mm, addr);
	if (!v && (flags & SIM_ACCESS_AUTOMAP))
		v = automap(mm, addr);
	if (!v || !vma_allows(v, op)) {
		kill_segv(s, mm);
		return 0;
	}
	/* The table stays put until exit: this pointer serves the whole fault. */
	if (!pte && !(pte = pte_lookup(s, mm, addr, true)))
		return -ENOMEM;
	if (*pte & PTE_PRESENT) {
		rc = write ? do_wp_page(s, mm, v, pte, addr) : 0;
		if (!write)
			*pte &= ~PTE_NX;   /* exec on a VMA that allows it */
	} else if (*pte) {
		rc = do_swap_page(s, mm, v, pte, addr, write, &major);
	} else if (v->flags & SIM_MAP_FILE) {
		uint32_t pfn = file_page(s, mm, v, addr, &major);

		if (pfn == NO_PAGE) {
			rc = -ENOMEM;
		} else if (write && !(v->flags & SIM_MAP_SHARED)) {
			/* do_cow_fault: a private copy of the file page. */
			rc = map_anon_page(s, mm, v, pte, addr, false);
		} else {
			s->pages[pfn].mapcount++;
			rmap_add(s, pfn, mm_index(s, mm), addr & ~UINT64_C(4095));
			mm->rss_file++;
			*pte = mk_pte(pfn, v->prot, write);
			if (write)
				*pte |= PTE_DIRTY;
		}
	} else if (write) {
		rc = map_anon_page(s, mm, v, pte, addr, false);
	} else if (v->flags & VMA_POPULATED) {
		rc = map_anon_page(s, mm, v, pte, addr, true);
	} else {
		/* A read of untouched anonymous memory maps the shared zero page. */
		*pte = mk_pte(zero_pfn(s), v->prot, false);
	}
	if (rc == -ENOMEM || rc == -EIO)
		s->vmstat[PGFAULT]++;   /* mm_account_fault counts errors too */
	if (rc == -ENOMEM) {
		/* The OOM killer chose this process, or nothing could be freed. */
		if (mm->alive)
			do_exit(s, mm);
		mm->killed = true;
		return 0;
	}
	if (rc == -EIO) {
		kill_sigbus(s, mm);
		return 0;
	}
	if (rc && rc != -EAGAIN)
		return rc;
	s->vmstat[PGFAULT]++;
	if (major)
		mm->majflt++;
	else
		mm->minflt++;
	/* A fault that found its PTE changed ends; the access faults again. */
	if (rc == -EAGAIN && mm->alive && ++retries < FAULT_RETRIES) {
		major = false;
		goto again;
	}
	return 0;
}

struct zap_walk {
	struct sim *s;
	struct mm *mm;
	const struct vma *v;
};

/* zap_pte_range for one PTE. */
static void zap_pte(uint64_t *pte, uint64_t addr, void *data)
{
	struct zap_walk *w = data;
	struct sim *s = w->s;
	uint64_t val = *pte;
	uint32_t type;
	uint64_t offset;
	bool excl;

	*pte = 0;
	if (val & PTE_PRESENT) {
		uint32_t pfn = pte_pfn(val);
		struct page *p;

		if (pfn == zero_pfn(s))
			return;
		p = &s->pages[pfn];
		if (!(p->flags & PG_swapbacked) && (val & PTE_DIRTY))
			p->flags |= PG_dirty;   /* a written shared file page */
		unmap_one(s, w->mm, pfn, addr);
		if (p->flags & PG_swapbacked)
			release_anon(s, pfn);
		return;
	}
	if (pte_is_swap(s, val, &type, &offset, &excl)) {
		w->mm->swapents--;
		free_swap_and_cache(s, type, offset);
	}
}

void zap_range(struct sim *s, struct mm *mm, uint64_t start, uint64_t end)
{
	struct zap_walk w = { .s = s, .mm = mm };

	walk_ptes(mm, start, end, zap_pte, &w);
}
