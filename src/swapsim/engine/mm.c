// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mm.c - processes, their mappings and page tables (kernel/fork.c,
 * mm/mmap.c): spawn, fork, exit, mmap, munmap.
 *
 * A process's VMAs are a sorted array searched by bisection.  Its page
 * table has x86_64's four levels of 512 entries; the upper levels hold
 * pointers to the next table, the leaves hold PTE values.  fork copies the
 * page table the way copy_pte_range does: present anonymous pages become
 * write-protected and shared (no longer anon-exclusive), swap PTEs take a
 * swap_duplicate and lose their exclusive bit in the parent too.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/bigalloc.h"
#include "engine/internal.h"

#define LEVEL_SHIFT(l) (12 + 9 * (l))     /* 0: PTE, 1: PMD, 2: PUD, 3: PGD */
#define VA_LIMIT (UINT64_C(1) << 48)

int sim_fail(struct sim *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->error, sizeof(s->error), fmt, ap);
	va_end(ap);
	return -EINVAL;
}

uint32_t mm_index(const struct sim *s, const struct mm *mm)
{
	return (uint32_t)(mm - s->mms);
}

struct mm *find_mm(struct sim *s, uint32_t pid)
{
	struct mm *last = recent_mm(s, pid);

	if (last)
		return last;
	/* Newest first: a pid may be reused after exit. */
	for (size_t i = s->nr_mms; i-- > 0;)
		if (s->mms[i].pid == pid && s->mms[i].alive) {
			s->last_mm = i;
			return &s->mms[i];
		}
	return NULL;
}

struct vma *find_vma(struct mm *mm, uint64_t addr)
{
	size_t lo = 0, hi = mm->nr_vmas;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		struct vma *v = &mm->vmas[mid];

		if (addr < v->start)
			hi = mid;
		else if (addr >= v->end)
			lo = mid + 1;
		else
			return v;
	}
	return NULL;
}

/*
 * Page tables come from an arena of 2 MiB chunks in huge pages
 * (bigalloc.h): a trace that touches pages at random misses in the CPU's
 * cache on every PTE, and should not miss in its TLB too.  A table is
 * PT_UNITS 4 KiB units (two for a leaf with its shadow half); freed ones
 * wait on a list by size.
 */
#define PT_CHUNK_UNITS 512

static struct pt_table *new_table(struct sim *s, unsigned units)
{
	struct pt_arena *a = &s->pt_arena;
	struct pt_table *t = a->free[units - 1];

	if (t) {
		a->free[units - 1] = (struct pt_table *)(uintptr_t)t->e[0];
		memset(t, 0, units * sizeof(*t));
		return t;
	}
	if (a->left < units) {
		void **chunks = realloc(a->chunks, (a->nr_chunks + 1) * sizeof(*chunks));

		if (!chunks)
			return NULL;
		a->chunks = chunks;
		a->next = big_calloc(PT_CHUNK_UNITS * sizeof(struct pt_table));
		if (!a->next)
			return NULL;
		a->chunks[a->nr_chunks++] = a->next;
		a->left = PT_CHUNK_UNITS;
	}
	t = a->next;
	a->next += units;
	a->left -= units;
	return t;
}

static void free_table(struct sim *s, struct pt_table *t, unsigned units)
{
	t->e[0] = (uint64_t)(uintptr_t)s->pt_arena.free[units - 1];
	s->pt_arena.free[units - 1] = t;
}

void pt_arena_release(struct sim *s)
{
	for (size_t i = 0; i < s->pt_arena.nr_chunks; i++)
		big_free(s->pt_arena.chunks[i], PT_CHUNK_UNITS * sizeof(struct pt_table));
	free(s->pt_arena.chunks);
	memset(&s->pt_arena, 0, sizeof(s->pt_arena));
}

/* Leaves carry their shadow half when slots hold data (page_io.c). */
static unsigned leaf_units(const struct sim *s)
{
	return s->io.shadow ? 2 : 1;
}

uint64_t *pte_lookup(struct sim *s, struct mm *mm, uint64_t addr, bool create)
{
	struct pt_table *t = mm->pgd;
	struct leaf_tlb *hit = leaf_tlb(mm->tlb, addr);
	uint64_t *pte;

	if (addr >= VA_LIMIT || !t)
		return NULL;   /* beyond 48 bits, or a process that has exited */
	if ((pte = tlb_pte(mm, addr)))
		return pte;
	for (int level = 3; level >= 1; level--) {
		uint64_t *slot = &t->e[(addr >> LEVEL_SHIFT(level)) & 511];

		if (!*slot) {
			struct pt_table *n;

			/* A leaf carries its shadow half when slots hold data. */
			n = !create ? NULL : new_table(s, level == 1 ? leaf_units(s) : 1);
			if (!n)
				return NULL;
			*slot = (uint64_t)(uintptr_t)n;
			if (level == 1)
				mm->pt_pages++;
		}
		t = (struct pt_table *)(uintptr_t)*slot;
	}
	hit->leaf = t;
	hit->base = addr & ~(LEAF_SPAN - 1);
	return &t->e[(addr >> 12) & 511];
}

/* Call @fn for every nonzero PTE in [start, end), skipping empty subtrees. */
static void walk_level(struct pt_table *t, int level, uint64_t base, uint64_t start, uint64_t end,
		       void (*fn)(uint64_t *pte, uint64_t addr, void *data), void *data)
{
	uint64_t span = UINT64_C(1) << LEVEL_SHIFT(level);

	for (unsigned i = 0; i < 512; i++) {
		uint64_t lo = base + i * span, hi = lo + span;

		if (hi <= start || lo >= end || !t->e[i])
			continue;
		if (level == 0)
			fn(&t->e[i], lo, data);
		else
			walk_level((struct pt_table *)(uintptr_t)t->e[i], level - 1, lo, start, end, fn,
				   data);
	}
}

void walk_ptes(struct mm *mm, uint64_t start, uint64_t end,
	       void (*fn)(uint64_t *pte, uint64_t addr, void *data), void *data)
{
	if (mm->pgd)
		walk_level(mm->pgd, 3, 0, start, end < VA_LIMIT ? end : VA_LIMIT, fn, data);
}

static void free_level(struct sim *s, struct pt_table *t, int level)
{
	if (level > 0)
		for (unsigned i = 0; i < 512; i++)
			if (t->e[i])
				free_level(s, (struct pt_table *)(uintptr_t)t->e[i], level - 1);
	free_table(s, t, level == 0 ? leaf_units(s) : 1);
}

static struct mm *new_mm(struct sim *s, uint32_t pid)
{
	struct mm *mm;

	if (s->nr_mms == s->cap_mms) {
		size_t ncap = s->cap_mms ? s->cap_mms * 2 : 16;
		struct mm *p = realloc(s->mms, ncap * sizeof(*p));

		if (!p)
			return NULL;
		s->mms = p;
		s->cap_mms = ncap;
	}
	mm = &s->mms[s->nr_mms];
	memset(mm, 0, sizeof(*mm));
	mm->pid = pid;
	mm->pgd = new_table(s, 1);
	if (!mm->pgd)
		return NULL;
	mm->alive = true;
	s->nr_mms++;
	return mm;
}

int do_spawn(struct sim *s, uint32_t pid)
{
	if (find_mm(s, pid))
		return sim_fail(s, "spawn: pid %u is already running", pid);
	return new_mm(s, pid) ? 0 : -ENOMEM;
}

static int insert_vma(struct mm *mm, const struct vma *v)
{
	size_t at = 0;

	if (mm->nr_vmas == mm->cap_vmas) {
		size_t ncap = mm->cap_vmas ? mm->cap_vmas * 2 : 8;
		struct vma *p = realloc(mm->vmas, ncap * sizeof(*p));

		if (!p)
			return -ENOMEM;
		mm->vmas = p;
		mm->cap_vmas = ncap;
	}
	while (at < mm->nr_vmas && mm->vmas[at].start < v->start)
		at++;
	memmove(&mm->vmas[at + 1], &mm->vmas[at], (mm->nr_vmas - at) * sizeof(*v));
	mm->vmas[at] = *v;
	mm->nr_vmas++;
	return 0;
}

struct fork_walk {
	struct sim *s;
	struct mm *parent, *child;
	uint32_t child_index;
	int rc;
};

/* copy_present_pte / copy_nonpresent_pte for one PTE. */
static void copy_pte(uint64_t *pte, uint64_t addr, void *data)
{
	struct fork_walk *w = data;
	struct sim *s = w->s;
	uint64_t *dst, val = *pte;
	uint32_t type;
	uint64_t offset;
	bool excl;

	if (w->rc)
		return;
	dst = pte_lookup(s, w->child, addr, true);
	if (!dst) {
		w->rc = -ENOMEM;
		return;
	}
	if (!(val & PTE_PRESENT)) {
		if (pte_is_swap(s, val, &type, &offset, &excl)) {
			swap_duplicate(s, type, offset);
			/* Both copies now share the slot: neither is exclusive. */
			*pte = mk_swap_pte(s, type, offset, false);
			*dst = *pte;
			if (s->io.shadow)
				*pte_shadow(dst) = *pte_shadow(pte);
			w->child->swapents++;
		} else if (pte_is_poisoned(s, val)) {
			*dst = val;   /* copy_pte_marker keeps the poison */
		}
		return;
	}
	if (pte_pfn(val) != zero_pfn(s)) {
		struct page *p = &s->pages[pte_pfn(val)];

		if (p->flags & PG_swapbacked) {
			/* COW: both sides read-only, the page no longer exclusive. */
			*pte &= ~PTE_RW;
			p->flags &= ~PG_anon_exclusive;
			w->child->rss_anon++;
		} else {
			w->child->rss_file++;
		}
		p->mapcount++;
		rmap_add(s, pte_pfn(val), w->child_index, addr);
	}
	*dst = *pte;
}

int do_fork(struct sim *s, struct mm *parent, uint32_t child_pid)
{
	uint32_t parent_index = mm_index(s, parent);
	struct fork_walk w = { .s = s };
	struct mm *child;

	if (find_mm(s, child_pid))
		return sim_fail(s, "fork: pid %u is already running", child_pid);
	child = new_mm(s, child_pid);     /* may move s->mms */
	if (!child)
		return -ENOMEM;
	parent = &s->mms[parent_index];
	w.parent = parent;
	w.child = child;
	w.child_index = mm_index(s, child);
	for (size_t i = 0; i < parent->nr_vmas && !w.rc; i++) {
		struct vma v = parent->vmas[i];

		v.ra_state = 0;
		w.rc = insert_vma(child, &v);
		if (!w.rc)
			walk_ptes(parent, v.start, v.end, copy_pte, &w);
	}
	/* The parent's leaf cache is still right; its PTEs changed in place. */
	return w.rc;
}

/*
 * A lackey or pages trace touches memory it never mapped: map it, as
 * anonymous read-write-exec memory, the 2 MiB-aligned block around @addr
 * (cut short by any mapping already there), joined to populated
 * neighbours.  Such memory is populated: the program read what the loader
 * or an earlier write put there, so a first read gets a page of its own
 * rather than the shared zero page, and every page it touches takes a
 * frame, as a reference policy's would.  Whole blocks keep the VMAs few
 * however scattered the trace is; VMA readahead stays inside a 2 MiB
 * block anyway, so nothing else sees the difference.  Joining never
 * unmaps: the pages of both neighbours stay.  NULL when out of memory.
 */
struct vma *automap(struct mm *mm, uint64_t addr)
{
	uint64_t start = addr & ~(AUTOMAP_BLOCK - 1), end = start + AUTOMAP_BLOCK;
	size_t i = 0, hi = mm->nr_vmas;
	struct vma *prev, *next;

	/* i: the first VMA that starts above addr (none holds addr). */
	while (i < hi) {
		size_t mid = i + (hi - i) / 2;

		if (mm->vmas[mid].start > addr)
			hi = mid;
		else
			i = mid + 1;
	}
	prev = i > 0 ? &mm->vmas[i - 1] : NULL;
	next = i < mm->nr_vmas ? &mm->vmas[i] : NULL;
	if (prev && prev->end > start)
		start = prev->end;
	if (next && next->start < end)
		end = next->start;
	if (end > VA_LIMIT)
		end = VA_LIMIT;
	if (prev && prev->end == start && (prev->flags & VMA_POPULATED)) {
		prev->end = end;
		if (next && next->start == end && (next->flags & VMA_POPULATED)) {
			prev->end = next->end;
			memmove(next, next + 1, (mm->nr_vmas - i - 1) * sizeof(*next));
			mm->nr_vmas--;
		}
		return prev;
	}
	if (next && next->start == end && (next->flags & VMA_POPULATED)) {
		next->start = start;
		return next;
	}
	if (insert_vma(mm, &(struct vma){
		.start = start, .end = end, .flags = VMA_POPULATED,
		.prot = SIM_PROT_READ | SIM_PROT_WRITE | SIM_PROT_EXEC,
	}))
		return NULL;
	return find_vma(mm, addr);
}

int do_mmap(struct sim *s, struct mm *mm, const struct sim_event *ev)
{
	struct vma v = {
		.start = ev->addr & ~UINT64_C(4095),
		.end = (ev->addr + ev->len + 4095) & ~UINT64_C(4095),
		.prot = ev->prot,
		.flags = ev->flags & (SIM_MAP_FILE | SIM_MAP_SHARED),
		.file_id = ev->arg,
		.file_off = ev->arg2,
	};
	int rc;

	if ((v.flags & SIM_MAP_SHARED) && !(v.flags & SIM_MAP_FILE))
		return sim_fail(s, "mmap: shared anonymous memory (shmem) is not modelled");
	if (v.end > VA_LIMIT || v.end <= v.start)
		return sim_fail(s, "mmap: [0x%llx, 0x%llx) is outside the 48-bit address space",
				(unsigned long long)v.start, (unsigned long long)v.end);
	/* MAP_FIXED semantics: whatever was there goes first. */
	if ((rc = do_munmap(s, mm, v.start, v.end)))
		return rc;
	return insert_vma(mm, &v);
}

int do_munmap(struct sim *s, struct mm *mm, uint64_t start, uint64_t end)
{
	start &= ~UINT64_C(4095);
	end = (end + 4095) & ~UINT64_C(4095);
	zap_range(s, mm, start, end);
	for (size_t i = 0; i < mm->nr_vmas;) {
		struct vma *v = &mm->vmas[i];

		if (v->end <= start || v->start >= end) {
			i++;
			continue;
		}
		if (v->start < start && v->end > end) {
			/* A hole in the middle: split in two. */
			struct vma tail = *v;
			int rc;

			tail.file_off += end - v->start;
			tail.start = end;
			v->end = start;
			if ((rc = insert_vma(mm, &tail)))
				return rc;
			return 0;
		}
		if (v->start < start) {
			v->end = start;
			i++;
		} else if (v->end > end) {
			v->file_off += end - v->start;
			v->start = end;
			i++;
		} else {
			memmove(v, v + 1, (mm->nr_vmas - i - 1) * sizeof(*v));
			mm->nr_vmas--;
		}
	}
	return 0;
}

void do_exit(struct sim *s, struct mm *mm)
{
	for (size_t i = 0; i < mm->nr_vmas; i++)
		zap_range(s, mm, mm->vmas[i].start, mm->vmas[i].end);
	free(mm->vmas);
	mm->vmas = NULL;
	mm->nr_vmas = mm->cap_vmas = 0;
	if (mm->pgd)
		free_level(s, mm->pgd, 3);
	mm->pgd = NULL;
	memset(mm->tlb, 0, sizeof(mm->tlb));
	mm->pt_pages = 0;
	mm->alive = false;
}
