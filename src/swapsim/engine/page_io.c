// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * page_io.c - the data behind the swap slots (mm/page_io.c): stamped pages
 * written at pageout, read and checked at swap-in, and I/O that fails the
 * way a failing disk does.
 *
 * Design notes.
 *
 * The model keeps no page contents.  Instead every anonymous page frame
 * carries a version, a number the engine draws afresh whenever the page's
 * data changes: when the frame is filled (a new page, a copy on write)
 * and when a clean PTE of it is written to (the hit path and the write
 * faults call page_written()).  Writes to a PTE that is already dirty do
 * not need a new number: the page is dirty either way, so it will be
 * written out again before its frame can go.
 *
 * Pageout writes a stamp into the slot (struct stamp: owner, address,
 * version, the slot it was meant for, a checksum) through the area's
 * backing, the caller's store: a real swap file, at the slot's byte
 * position, or memory in the tests.  try_to_unmap leaves the version each
 * mapping expects beside its swap PTE, in the shadow half of the page
 * table leaf.  Swap-in reads the slot, takes the frame's version from the
 * stamp, and before the page is mapped again compares it with what the
 * PTE expects: a stale slot (a dirty page freed unwritten), a page mapped
 * from the wrong slot, or a slot written for another one, stops the run
 * with the page and slot named.  That is a bug of the engine, never an
 * outcome of the trace.
 *
 * Injected failures: a failed write leaves the page dirty in the swap
 * cache and activates it (end_swap_bio_write redirties the folio); a
 * failed read leaves the page in the swap cache without PG_uptodate
 * (PG_ioerror here), so the process that faults on it gets SIGBUS, and
 * swapoff turns its PTEs into poisoned markers (unuse_pte), which give
 * SIGBUS when touched.  Nothing is lost silently: each failure is counted,
 * and every page a process can still reach is either in memory or behind
 * a stamp that is checked when it comes back.
 *
 * A failure of the backing itself (the host's disk) is not a simulated
 * fault: it stops the run with the host's error (io_fail_hard()).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/internal.h"

#define STAMP_MAGIC "SWSIMPG1"

/* The first bytes of a written slot; the rest of the page is zero. */
struct stamp {
	uint64_t version;
	uint64_t addr;      /* the owner's virtual address of the page */
	uint32_t pid;       /* the owner: the first process that mapped it */
	uint32_t type;      /* the slot it was written for */
	uint64_t offset;
	uint64_t writes;    /* the engine's write count at the time: which write */
};

enum { STAMP_BYTES = 64 };

static void put_le(uint8_t *p, uint64_t v, unsigned bytes)
{
	for (unsigned i = 0; i < bytes; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get_le(const uint8_t *p, unsigned bytes)
{
	uint64_t v = 0;

	for (unsigned i = bytes; i-- > 0;)
		v = v << 8 | p[i];
	return v;
}

/* FNV-1a: enough to tell a torn or foreign page from a stamp. */
static uint64_t fnv1a(const uint8_t *p, size_t n)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325);

	while (n--)
		h = (h ^ *p++) * UINT64_C(0x100000001b3);
	return h;
}

/* Layout: magic 8, version 8, addr 8, pid 4, type 4, offset 8, writes 8, 8 zero, checksum 8. */
static void stamp_encode(const struct stamp *st, uint8_t *page)
{
	memcpy(page, STAMP_MAGIC, 8);
	put_le(page + 8, st->version, 8);
	put_le(page + 16, st->addr, 8);
	put_le(page + 24, st->pid, 4);
	put_le(page + 28, st->type, 4);
	put_le(page + 32, st->offset, 8);
	put_le(page + 40, st->writes, 8);
	put_le(page + 48, 0, 8);
	put_le(page + 56, fnv1a(page, 56), 8);
}

/* 0, or what is wrong with the page as a stamp. */
static const char *stamp_decode(const uint8_t *page, struct stamp *st)
{
	if (memcmp(page, STAMP_MAGIC, 8) != 0) {
		for (size_t i = 0; i < 4096; i++)
			if (page[i])
				return "data swapsim did not write";
		return "zeros, as if never written";
	}
	if (get_le(page + 56, 8) != fnv1a(page, 56))
		return "a stamp with a bad checksum";
	for (size_t i = STAMP_BYTES; i < 4096; i++)
		if (page[i])
			return "a stamp followed by data swapsim did not write";
	st->version = get_le(page + 8, 8);
	st->addr = get_le(page + 16, 8);
	st->pid = (uint32_t)get_le(page + 24, 4);
	st->type = (uint32_t)get_le(page + 28, 4);
	st->offset = get_le(page + 32, 8);
	st->writes = get_le(page + 40, 8);
	return NULL;
}

/* ---- injected failures --------------------------------------------------- */

static int cmp_range(const void *a, const void *b)
{
	const struct sim_slot_range *x = a, *y = b;

	return x->first < y->first ? -1 : x->first > y->first;
}

static int copy_faults(struct io_faults *dst, const struct sim_io_faults *src)
{
	dst->rate = src->rate;
	dst->nr = src->nr_slots;
	if (!src->nr_slots)
		return 0;
	dst->slots = malloc(src->nr_slots * sizeof(*dst->slots));
	if (!dst->slots)
		return -ENOMEM;
	memcpy(dst->slots, src->slots, src->nr_slots * sizeof(*dst->slots));
	qsort(dst->slots, dst->nr, sizeof(*dst->slots), cmp_range);
	return 0;
}

/* splitmix64: the failures of a rate are the same on every run. */
static uint64_t next_random(struct page_io *io)
{
	uint64_t z = (io->rng += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* Whether this I/O to slot @offset fails: a listed slot always does (a bad sector). */
static bool io_fails(struct page_io *io, const struct io_faults *f, uint64_t offset)
{
	size_t lo = 0, hi = f->nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (offset < f->slots[mid].first)
			hi = mid;
		else if (offset > f->slots[mid].last)
			lo = mid + 1;
		else
			return true;
	}
	return f->rate && (next_random(io) >> 32) < f->rate;
}

/* ---- setup --------------------------------------------------------------- */

int page_io_setup(struct sim *s)
{
	struct page_io *io = &s->io;

	io->rng = s->cfg.fault_seed;
	if (copy_faults(&io->fail_write, &s->cfg.fail_write) ||
	    copy_faults(&io->fail_read, &s->cfg.fail_read))
		return -ENOMEM;
	for (size_t i = 0; i < s->nr_swap; i++) {
		struct swap_info *si = &s->swap[i];

		if (!s->cfg.swaps[i].backing)
			continue;
		io->shadow = true;
		si->written = calloc((si->max + 7) / 8, 1);
		if (!si->written)
			return -ENOMEM;
		for (size_t r = 0; r < s->cfg.swaps[i].nr_stale; r++) {
			const struct sim_slot_range *st = &s->cfg.swaps[i].stale[r];

			for (uint64_t o = st->first; o <= st->last && o < si->max; o++)
				si->written[o / 8] |= (uint8_t)(1u << (o % 8));
		}
	}
	if (io->shadow && !(io->page = calloc(1, 4096)))
		return -ENOMEM;
	return 0;
}

void page_io_release(struct sim *s)
{
	free(s->io.fail_write.slots);
	free(s->io.fail_read.slots);
	free(s->io.page);
	for (size_t i = 0; i < s->nr_swap; i++)
		free(s->swap[i].written);
}

/* The backing failed on the host: the run cannot go on honestly. */
static void io_fail_hard(struct sim *s, int err, const char *what, uint32_t type, uint64_t offset)
{
	if (s->io.hard_error)
		return;
	s->io.hard_error = err < 0 ? err : -EIO;
	snprintf(s->io.hard_msg, sizeof(s->io.hard_msg), "cannot %s slot %llu of swap area %s: %s",
		 what, (unsigned long long)offset, s->swap[type].name ? s->swap[type].name : "?",
		 strerror(-s->io.hard_error));
}

/* ---- pageout and swap-in ------------------------------------------------- */

bool swap_writepage(struct sim *s, uint32_t pfn)
{
	struct page *p = &s->pages[pfn];
	uint32_t type = p->swap_type;
	uint64_t offset = p->swap_offset;
	const struct sim_swap_config *c = &s->cfg.swaps[type];
	struct swap_info *si = &s->swap[type];
	int rc;

	if (io_fails(&s->io, &s->io.fail_write, offset)) {
		s->io.stats.write_errors++;
		return false;
	}
	if (!c->backing)
		return true;
	memset(s->io.page, 0, 4096);
	stamp_encode(&(struct stamp){
		.version = p->version, .addr = p->owner_addr, .pid = p->owner_pid,
		.type = type, .offset = offset, .writes = ++s->io.stats.written,
	}, s->io.page);
	rc = c->backing->write(c->backing_ctx, type, offset, s->io.page);
	if (rc) {
		io_fail_hard(s, rc, "write", type, offset);
		return true;   /* the run stops after this event; do not muddle the state */
	}
	si->written[offset / 8] |= (uint8_t)(1u << (offset % 8));
	return true;
}

void swap_readpage(struct sim *s, uint32_t pfn)
{
	struct page *p = &s->pages[pfn];
	uint32_t type = p->swap_type;
	uint64_t offset = p->swap_offset;
	const struct sim_swap_config *c = &s->cfg.swaps[type];
	struct stamp st;
	const char *bad;
	int rc;

	if (io_fails(&s->io, &s->io.fail_read, offset)) {
		s->io.stats.read_errors++;
		p->flags |= PG_ioerror;
		return;
	}
	if (!c->backing)
		return;
	rc = c->backing->read(c->backing_ctx, type, offset, s->io.page);
	if (rc) {
		io_fail_hard(s, rc, "read", type, offset);
		return;
	}
	s->io.stats.read++;
	bad = stamp_decode(s->io.page, &st);
	if (!bad && (st.type != type || st.offset != offset))
		bad = "a page written for another slot";
	if (bad) {
		/* Checked again when the page is mapped: then the PTE says whose it is. */
		p->flags |= PG_stamp_bad;
		p->version = 0;
		return;
	}
	p->version = st.version;
	p->owner_pid = st.pid;
	p->owner_addr = st.addr;
}

int verify_swapin(struct sim *s, const struct mm *mm, uint64_t addr, uint32_t pfn,
		  uint32_t type, uint64_t offset, uint64_t expected)
{
	const struct page *p = &s->pages[pfn];

	/* A backing that failed on the host stops the run after this event. */
	if (!s->io.shadow || !s->cfg.swaps[type].backing || s->io.hard_error)
		return 0;
	addr &= ~UINT64_C(4095);
	if (!(p->flags & PG_stamp_bad) && p->version == expected && p->owner_addr == addr) {
		s->io.stats.verified++;
		return 0;
	}
	snprintf(s->error, sizeof(s->error),
		 "data lost: pid %u page 0x%llx from slot %llu of swap area %s: %s version %llu "
		 "(owner %u, 0x%llx), expected version %llu", mm->pid, (unsigned long long)addr,
		 (unsigned long long)offset, s->swap[type].name ? s->swap[type].name : "?",
		 (p->flags & PG_stamp_bad) ? "the slot holds no valid stamp, not" : "the page holds",
		 (unsigned long long)p->version, p->owner_pid, (unsigned long long)p->owner_addr,
		 (unsigned long long)expected);
	return -EUCLEAN;
}

/* ---- poisoned PTEs ------------------------------------------------------- */

/* PTE_MARKER_POISONED in a swap entry of type SWP_PTE_MARKER (the layout's last type). */
#define PTE_MARKER_POISONED 2

uint64_t mk_poisoned_pte(const struct sim *s)
{
	const struct swaparea_arch_info *arch = swaparea_arch_info(s->cfg.arch);
	uint64_t pte = 0;

	swaparea_pte_encode(s->cfg.arch, arch->max_type, PTE_MARKER_POISONED, 0, &pte);
	return pte;
}

bool pte_is_poisoned(const struct sim *s, uint64_t pte)
{
	return pte && pte == mk_poisoned_pte(s);
}

/* ---- after the run ------------------------------------------------------- */

int sim_io_finish(struct sim *s)
{
	if (s->io.hard_error)
		return s->io.hard_error;
	if (!s->io.shadow)
		return 0;
	memset(s->io.page, 0, 4096);
	for (size_t t = 0; t < s->nr_swap; t++) {
		struct swap_info *si = &s->swap[t];
		const struct sim_swap_config *c = &s->cfg.swaps[t];

		if (!si->written)
			continue;
		/* A slot written and since freed holds stale data: discard it, as
		 * swapon --discard=pages would, so the file shows what is in use. */
		for (uint64_t o = 1; o < si->max; o++) {
			int rc;

			if (!(si->written[o / 8] & (1u << (o % 8))) || si->swap_map[o])
				continue;
			rc = c->backing->write(c->backing_ctx, (uint32_t)t, o, s->io.page);
			if (rc) {
				io_fail_hard(s, rc, "discard", (uint32_t)t, o);
				snprintf(s->error, sizeof(s->error), "%s", s->io.hard_msg);
				return s->io.hard_error;
			}
			si->written[o / 8] &= (uint8_t)~(1u << (o % 8));
			s->io.stats.discarded++;
		}
	}
	return 0;
}

void sim_io_stats(const struct sim *s, struct sim_io_stats *out)
{
	*out = s->io.stats;
	out->reserved = s->slot_cache_nr - s->slot_cache_next;
}
