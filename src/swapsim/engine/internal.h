/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * internal.h - the engine's state, shared by its files (see sim.h).
 *
 * Design notes.
 *
 * A page frame (struct page) is in exactly one of these states:
 *
 *   FREE --alloc_page--> ANON or FILE (on an LRU list, mapped or cached)
 *   ANON --add_to_swap--> ANON+SWAPCACHE --try_to_unmap, pageout-->
 *        SWAPCACHE only (unmapped, clean) --__remove_mapping--> FREE
 *   SWAPCACHE --do_swap_page or readahead hit--> ANON+SWAPCACHE (mapped)
 *   ANON+SWAPCACHE --folio_free_swap--> ANON
 *   FILE (clean, unmapped) --reclaim--> FREE
 *   any mapped page --exit/munmap (last mapping, no cache)--> FREE
 *
 * Invariants (check.c tests them all):
 *  1. free pages + pages in use == RAM; every used page is on exactly one
 *     LRU list and the lists' sizes add up.
 *  2. A page's mapcount equals its rmap items and the present PTEs that
 *     point at it; every present PTE points at a used page or the zero page.
 *  3. For every swap slot: the count in swap_map equals the swap PTEs that
 *     hold its entry (in every process), and SWAP_HAS_CACHE is set exactly
 *     when a page of the swap cache holds the entry.
 *  4. nr_swap_pages == the free slots of the active areas.
 *  5. A page in the swap cache is anonymous; a file page is in its file's
 *     cache.
 *  6. A page whose read failed (PG_ioerror) is clean, in the swap cache
 *     and never mapped; a poisoned PTE is the only non-present PTE that is
 *     not a swap entry.
 *
 * Pages are referred to by index (uint32_t) rather than pointer, so lists
 * and the swap cache cost four bytes a link; NO_PAGE is the null index.
 * Page tables are x86_64's four levels of 512 entries; the leaves hold the
 * PTE bit patterns of the simulated architecture (present PTEs use the x86
 * bits, which i386 shares; swap PTEs come from libswaparea's entry layer).
 */
#ifndef SWAPSIM_INTERNAL_H
#define SWAPSIM_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "sim.h"

#define NO_PAGE UINT32_MAX
#define NO_ITEM UINT32_MAX

/* x86 PTE bits (arch/x86/include/asm/pgtable_types.h). */
#define PTE_PRESENT  (UINT64_C(1) << 0)
#define PTE_RW       (UINT64_C(1) << 1)
#define PTE_USER     (UINT64_C(1) << 2)
#define PTE_ACCESSED (UINT64_C(1) << 5)
#define PTE_DIRTY    (UINT64_C(1) << 6)
#define PTE_NX       (UINT64_C(1) << 63)
#define PTE_PFN_SHIFT 12
#define PTE_PFN_MASK (((UINT64_C(1) << 40) - 1) << PTE_PFN_SHIFT)

/* swap_map byte (mm/swapfile.c, include/linux/swap.h). */
#define SWAP_MAP_MAX    0x3e
#define SWAP_MAP_BAD    0x3f
#define SWAP_HAS_CACHE  0x40
#define COUNT_CONTINUED 0x80
#define SWAPFILE_CLUSTER 256
#define SWAP_BATCH 64

/* Page flags. */
enum {
	PG_lru = 1 << 0,
	PG_active = 1 << 1,
	PG_referenced = 1 << 2,
	PG_swapbacked = 1 << 3,    /* anonymous */
	PG_swapcache = 1 << 4,
	PG_dirty = 1 << 5,
	PG_workingset = 1 << 6,
	PG_readahead = 1 << 7,
	PG_anon_exclusive = 1 << 8,
	PG_used = 1 << 9,          /* not free */
	PG_file = 1 << 10,         /* in a file's page cache */
	PG_ioerror = 1 << 11,      /* its read failed: not uptodate (page_io.c) */
	PG_stamp_bad = 1 << 12,    /* its slot held no valid stamp (page_io.c) */
};

enum lru_list { LRU_INACTIVE_ANON, LRU_ACTIVE_ANON, LRU_INACTIVE_FILE, LRU_ACTIVE_FILE, NR_LRU };

struct page {
	uint32_t flags;
	uint32_t lru_prev, lru_next;   /* list links (indices), or free-list link */
	uint32_t mapcount;
	uint32_t rmap;                 /* first rmap item */
	uint32_t swap_type;            /* swap cache entry, when PG_swapcache */
	uint64_t swap_offset;
	union {
		struct {               /* page cache position of a file page */
			uint64_t file_id, file_index;
		};
		struct {               /* an anonymous page's data (page_io.c) */
			uint64_t version;
			uint64_t owner_addr;
		};
	};
	uint32_t owner_pid;
};

/* One mapping of a page: which process, at which address. */
struct rmap_item {
	uint32_t mm;                   /* index into sim->mms */
	uint32_t next;
	uint64_t addr;
};

/* VMA flags beyond the trace's SIM_MAP_*. */
#define VMA_POPULATED (1u << 16)  /* lackey memory: its pages hold data before any write */

struct vma {
	uint64_t start, end;
	uint32_t prot;                 /* SIM_PROT_* */
	uint32_t flags;                /* SIM_MAP_*, VMA_POPULATED */
	uint64_t file_id, file_off;
	uint64_t ra_state;             /* VMA readahead: address | win << 6 | hits */
};

/* Page-table levels: 512 entries, leaves are PTE values. */
struct pt_table {
	uint64_t e[512];
};

/*
 * A small TLB of leaf tables: a program's stack, heap and code sit in
 * different 2 MiB ranges, so one remembered leaf misses all the time.
 * Leaves are only freed with the whole page table (exit), so an entry
 * never goes stale while the process lives.
 */
#define LEAF_TLB_SIZE 64
#define LEAF_SPAN (UINT64_C(1) << 21)  /* bytes one leaf table maps: a PMD's span */
struct leaf_tlb {
	uint64_t base;                 /* the range's start; a leaf of NULL is empty */
	struct pt_table *leaf;
};

static inline struct leaf_tlb *leaf_tlb(struct leaf_tlb *tlb, uint64_t addr)
{
	uint64_t range = addr / LEAF_SPAN;

	/* Folded, so that ranges far apart (stack, heap, code) rarely collide. */
	return &tlb[(range ^ (range >> 6) ^ (range >> 12) ^ (range >> 18)) & (LEAF_TLB_SIZE - 1)];
}

struct mm {
	uint32_t pid;
	bool alive, killed, segv, sigbus;
	struct vma *vmas;              /* sorted, not overlapping */
	size_t nr_vmas, cap_vmas;
	struct pt_table *pgd;          /* levels above the leaves hold pointers */
	uint64_t minflt, majflt;
	uint64_t rss_anon, rss_file, swapents;
	uint64_t pt_pages;             /* page-table pages, for the OOM score */
	/* Hot path: recent leaf tables by the 2 MiB range they cover (leaf_tlb()). */
	struct leaf_tlb tlb[LEAF_TLB_SIZE];
};

/* The PTE of @addr if the leaf TLB holds its leaf, else NULL (walk the table). */
static inline uint64_t *tlb_pte(struct mm *mm, uint64_t addr)
{
	struct leaf_tlb *t = leaf_tlb(mm->tlb, addr);

	return t->leaf && t->base == (addr & ~(LEAF_SPAN - 1)) ? &t->leaf->e[(addr >> 12) & 511] : NULL;
}

struct swap_info {
	bool active, writeok;
	bool rotational;
	int32_t prio;
	bool auto_prio;
	uint64_t max;                  /* slots, header included */
	uint64_t pages;                /* usable */
	uint64_t inuse_pages;
	uint8_t *swap_map;
	/* Counts above SWAP_MAP_MAX: the excess, by slot (sparse). */
	struct { uint64_t offset; uint64_t extra; } *cont;
	size_t nr_cont, cap_cont;
	uint64_t lowest_bit, highest_bit, cluster_next, cluster_nr;
	/* Cluster allocator: per-cluster counts and the free-list order. */
	uint32_t *cluster_count;
	uint64_t nr_clusters;
	uint64_t *cluster_order;       /* interleaved free-list order */
	uint64_t cluster_cursor, current_cluster;
	uint64_t current_next;         /* no free slot of the current cluster below it */
	uint64_t nonfull_hint;         /* clusters below it are full */
	bool has_current;
	const char *name;
	uint8_t *written;              /* slots written this run, a bit each (page_io.c) */
};

/* Injected I/O failures of one direction (page_io.c). */
struct io_faults {
	struct sim_slot_range *slots;  /* sorted by first */
	size_t nr;
	uint32_t rate;                 /* per 2^32 I/Os */
};

struct page_io {
	bool shadow;                   /* some area has a backing: leaves carry shadows */
	uint64_t seq;                  /* the last version drawn */
	uint64_t rng;
	struct io_faults fail_write, fail_read;
	uint8_t *page;                 /* one page of I/O buffer */
	struct sim_io_stats stats;
	int hard_error;                /* the backing failed on the host */
	char hard_msg[256];
};

struct file_cache {
	uint64_t file_id;
	uint32_t *pages;               /* by index, NO_PAGE */
	uint64_t nr;
};

/* Where page tables come from (mm.c). */
struct pt_arena {
	struct pt_table *free[2];      /* freed tables of 1 and 2 units, linked through e[0] */
	struct pt_table *next;         /* the rest of the newest chunk */
	size_t left;                   /* units there */
	void **chunks;
	size_t nr_chunks;
};

struct sim {
	struct sim_config cfg;
	char error[256];
	uint64_t vmstat[NR_SIM_COUNTERS];
	uint64_t events, segv_kills, sigbus_kills, swap_call_failures;
	uint64_t slow_events;              /* events the hit path could not take */

	/* Memory. */
	struct page *pages;
	uint64_t nr_pages, nr_free;
	uint32_t free_head;
	uint32_t lru_head[NR_LRU], lru_tail[NR_LRU];
	uint64_t lru_size[NR_LRU];
	uint64_t wmark_min, wmark_low, wmark_high;
	uint64_t nr_swapcache, nr_anon, nr_file;

	/* Reverse mappings. */
	struct rmap_item *rmap;
	size_t nr_rmap, cap_rmap;
	uint32_t rmap_free;

	/* Processes. */
	struct pt_arena pt_arena;
	struct mm *mms;
	size_t nr_mms, cap_mms;
	size_t last_mm;                    /* find_mm's last answer */

	/* Swap. */
	struct swap_info swap[SIM_MAX_SWAPFILES];
	size_t nr_swap;
	int32_t least_priority;
	uint64_t nr_swap_pages, total_swap_pages;
	uint64_t slot_cache[SWAP_BATCH];   /* entries: type << 58 | offset */
	size_t slot_cache_nr, slot_cache_next;
	bool slot_cache_active;
	uint64_t slot_return[SWAP_BATCH];
	size_t slot_return_nr;
	uint64_t swap_ra_hits;             /* global readahead hits, start 4 */
	uint64_t ra_prev_offset, ra_last_pages;   /* cluster readahead window */
	uint32_t swap_rr;                  /* equal-priority rotation */
	/* The swap cache: page indices by slot, open addressing (swap_state.c). */
	uint32_t *swap_cache;
	uint64_t swap_cache_mask;
	bool vma_readahead;                /* swap_use_vma_readahead(), kept by update_readahead() */

	/* File pages. */
	struct file_cache *files;
	size_t nr_files, cap_files;

	/* Swap slot data. */
	struct page_io io;

	/* Reclaim state. */
	bool kswapd_woken;
	unsigned kswapd_failures;
	uint64_t anon_cost, file_cost;
};

/* ---- mm.c ---------------------------------------------------------------- */
/* The process find_mm() found last, if it is @pid and alive: most events name it again. */
static inline struct mm *recent_mm(struct sim *s, uint32_t pid)
{
	struct mm *mm = s->last_mm < s->nr_mms ? &s->mms[s->last_mm] : NULL;

	return mm && mm->pid == pid && mm->alive ? mm : NULL;
}
struct mm *find_mm(struct sim *s, uint32_t pid);
struct vma *find_vma(struct mm *mm, uint64_t addr);
/* The block automap() maps at once: a PMD's span, what one leaf maps. */
#define AUTOMAP_BLOCK LEAF_SPAN
struct vma *automap(struct mm *mm, uint64_t addr);
uint64_t *pte_lookup(struct sim *s, struct mm *mm, uint64_t addr, bool create);
int do_spawn(struct sim *s, uint32_t pid);
int do_fork(struct sim *s, struct mm *parent, uint32_t child);
int do_mmap(struct sim *s, struct mm *mm, const struct sim_event *ev);
int do_munmap(struct sim *s, struct mm *mm, uint64_t start, uint64_t end);
void do_exit(struct sim *s, struct mm *mm);
void pt_arena_release(struct sim *s);
uint32_t mm_index(const struct sim *s, const struct mm *mm);
/* Call @fn for every nonzero PTE of @mm in [start, end). */
void walk_ptes(struct mm *mm, uint64_t start, uint64_t end,
	       void (*fn)(uint64_t *pte, uint64_t addr, void *data), void *data);

/* ---- memory.c ------------------------------------------------------------ */
/* The page cache of file @file_id, or NULL before its first page. */
struct file_cache *find_file(struct sim *s, uint64_t file_id);
int handle_access(struct sim *s, struct mm *mm, uint64_t addr, int op, uint32_t flags);
void zap_range(struct sim *s, struct mm *mm, uint64_t start, uint64_t end);
uint64_t mk_pte(uint32_t pfn, uint32_t prot, bool writable);
static inline uint32_t pte_pfn(uint64_t pte)
{
	return (uint32_t)((pte & PTE_PFN_MASK) >> PTE_PFN_SHIFT);
}
bool pte_is_swap(const struct sim *s, uint64_t pte, uint32_t *type, uint64_t *offset, bool *excl);
uint64_t mk_swap_pte(const struct sim *s, uint32_t type, uint64_t offset, bool exclusive);
/* The shared zero page's frame number: one past RAM. */
static inline uint32_t zero_pfn(const struct sim *s)
{
	return (uint32_t)s->nr_pages;
}

/* ---- page allocation and LRU (vmscan.c) ---------------------------------- */
uint32_t alloc_page(struct sim *s, struct mm *faulting);
void free_page(struct sim *s, uint32_t pfn);
void lru_add(struct sim *s, uint32_t pfn, enum lru_list lru, bool tail);
void lru_del(struct sim *s, uint32_t pfn);
static inline enum lru_list page_lru(const struct page *p)
{
	bool file = !(p->flags & PG_swapbacked), active = p->flags & PG_active;

	return (enum lru_list)((file ? LRU_INACTIVE_FILE : LRU_INACTIVE_ANON) + active);
}
void rmap_add(struct sim *s, uint32_t pfn, uint32_t mm, uint64_t addr);
void rmap_remove(struct sim *s, uint32_t pfn, uint32_t mm, uint64_t addr);
void kswapd_run(struct sim *s);
void compute_watermarks(struct sim *s);

/* ---- swapfile.c ---------------------------------------------------------- */
int swap_setup(struct sim *s, size_t i, const struct sim_swap_config *c);
void swap_release(struct sim *s);
bool get_swap_page(struct sim *s, uint32_t *type, uint64_t *offset);
void swap_duplicate(struct sim *s, uint32_t type, uint64_t offset);
void swap_free(struct sim *s, uint32_t type, uint64_t offset);
uint64_t swap_count(const struct sim *s, uint32_t type, uint64_t offset);
bool vm_swap_full(const struct sim *s);
void swapcache_clear(struct sim *s, uint32_t type, uint64_t offset);
void free_swap_and_cache(struct sim *s, uint32_t type, uint64_t offset);
int do_swapoff(struct sim *s, uint32_t type);
int do_swapon(struct sim *s, uint32_t type);
void flush_slot_return(struct sim *s);

/* ---- swap_state.c -------------------------------------------------------- */
int swap_cache_setup(struct sim *s);
/* The page of the swap cache that holds slot @offset of area @type, or NO_PAGE. */
uint32_t swap_cache_lookup(const struct sim *s, uint32_t type, uint64_t offset);
/* swap_cache_get_folio: the cached page of a slot, with readahead-hit accounting. */
uint32_t swap_cache_get(struct sim *s, uint32_t type, uint64_t offset, struct vma *v, uint64_t addr);
void add_to_swap_cache(struct sim *s, uint32_t pfn, uint32_t type, uint64_t offset);
void delete_from_swap_cache(struct sim *s, uint32_t pfn);
bool folio_free_swap(struct sim *s, uint32_t pfn);
uint32_t swapin_readahead(struct sim *s, struct mm *mm, struct vma *vma, uint64_t addr,
			  uint32_t type, uint64_t offset);
/* Decide VMA or cluster readahead again: after every swapon and swapoff. */
void update_readahead(struct sim *s);

/* ---- page_io.c ------------------------------------------------------------ */
int page_io_setup(struct sim *s);
void page_io_release(struct sim *s);
/* swap_writepage: false when the write failed (an injected fault). */
bool swap_writepage(struct sim *s, uint32_t pfn);
/* swap_read_folio: fills the page's version from its slot, or sets PG_ioerror. */
void swap_readpage(struct sim *s, uint32_t pfn);
/* Before a swapped-in page is mapped: 0, or -EUCLEAN with s->error naming page and slot. */
int verify_swapin(struct sim *s, const struct mm *mm, uint64_t addr, uint32_t pfn,
		  uint32_t type, uint64_t offset, uint64_t expected);
uint64_t mk_poisoned_pte(const struct sim *s);
bool pte_is_poisoned(const struct sim *s, uint64_t pte);

/* The page's data changed: an anonymous page gets a new version. */
static inline void page_written(struct sim *s, uint32_t pfn)
{
	struct page *p = &s->pages[pfn];

	if (p->flags & PG_swapbacked)
		p->version = ++s->io.seq;
}

/*
 * The hit rule, for access_hit() and handle_access(): if the present PTE
 * allows the access, the hardware sets A (and D on a write; the first
 * write to a clean PTE gives the page a new version) and it is done.
 */
static inline bool pte_hit(struct sim *s, uint64_t *pte, int op)
{
	uint64_t v = *pte, need = op == SIM_OP_WRITE ? PTE_PRESENT | PTE_RW : PTE_PRESENT;

	if ((v & need) != need || (op == SIM_OP_EXEC && (v & PTE_NX)))
		return false;
	if (op == SIM_OP_WRITE) {
		if (!(v & PTE_DIRTY))
			page_written(s, pte_pfn(v));
		v |= PTE_DIRTY;
	}
	*pte = v | PTE_ACCESSED;
	return true;
}

/*
 * The version the mapping at @pte expects of its swapped-out page: the
 * shadow half of a leaf, there when s->io.shadow (leaves are then two
 * tables: PTEs, then shadows at the same index).
 */
static inline uint64_t *pte_shadow(uint64_t *pte)
{
	return pte + 512;
}

/* ---- oom_kill.c ---------------------------------------------------------- */
bool out_of_memory(struct sim *s);

/* Set the engine's error message; returns -EINVAL. */
int sim_fail(struct sim *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif /* SWAPSIM_INTERNAL_H */
