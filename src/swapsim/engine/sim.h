/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sim.h - swapsim's engine: a model of the Linux 6.12 fault and reclaim
 * path (classic two-list LRU), driven one trace event at a time.
 *
 * The engine is a library: the swapsim tool and the tests create a
 * machine (RAM, swap areas, tunables), feed it events, and read what the
 * kernel would have counted, under the names of /proc/vmstat.  Nothing
 * here prints or exits.
 *
 * What is modelled, and where (the files mirror mm/):
 *   mm.c          processes, VMAs, page tables; fork, exit, mmap, munmap
 *   memory.c      handle_mm_fault: anonymous and file faults, do_swap_page,
 *                 do_wp_page (reuse or copy), zap on exit and munmap
 *   swapfile.c    swap areas, swap_map counts with SWAP_HAS_CACHE and
 *                 continuation, the slot allocator and its slot cache,
 *                 swap_duplicate, swap_free, swapoff (try_to_unuse)
 *   swap_state.c  the swap cache, cluster and VMA readahead
 *   vmscan.c      LRU lists, shrink_active/inactive/folio_list, kswapd,
 *                 direct reclaim, get_scan_count
 *   oom_kill.c    the OOM victim and its kill
 *   vmstat.c      counters and their kernel names
 *   check.c       the invariant checker
 * What is simplified, each said where it is done: one CPU and one zone;
 * order-0 folios only; I/O completes at once (a page written out is freed
 * in the same scan, where the kernel would free it on a later one);
 * kswapd runs between events, when it has been woken; no memcg, zswap,
 * KSM, THP, mlock or MGLRU.
 */
#ifndef SWAPSIM_SIM_H
#define SWAPSIM_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "swaparea.h"
#include "trace/trace.h"

#define SIM_MAX_SWAPFILES 23       /* MAX_SWAPFILES of a typical 6.12 build */
#define SIM_PRIO_AUTO INT32_MIN    /* no priority given: -2, -3, ... */

enum sim_readahead { SIM_RA_AUTO = 0, SIM_RA_CLUSTER, SIM_RA_VMA };

/* Slots [first, last] of a swap area. */
struct sim_slot_range {
	uint64_t first, last;
};

/*
 * Where the pages of a swap area go: a store the caller owns, such as the
 * swap file itself (each slot at its byte position) or memory in tests.
 * Each call moves one whole page (4096 bytes) of slot @offset of area
 * @type and returns 0 or -errno; an error stops the run (sim_event()).
 */
struct sim_backing_ops {
	int (*write)(void *ctx, uint32_t type, uint64_t offset, const void *page);
	int (*read)(void *ctx, uint32_t type, uint64_t offset, void *page);
};

struct sim_swap_config {
	uint64_t pages;            /* slots including the header page */
	int32_t prio;              /* SWAP_FLAG_PREFER value, or SIM_PRIO_AUTO */
	bool rotational;           /* rotational allocator (else clusters) */
	const uint32_t *badpages;  /* never allocated */
	size_t nr_badpages;
	const char *name;          /* for reports */
	/* With a backing, every page swapped out is written there stamped and
	 * checked when it comes back (see page_io.c); NULL keeps no data. */
	const struct sim_backing_ops *backing;
	void *backing_ctx;
	/* Slots of the backing that hold data from before: sim_io_finish()
	 * zeroes those the run leaves unused. */
	const struct sim_slot_range *stale;
	size_t nr_stale;
};

/* I/O that fails as a failing disk's does: listed slots always, others at a rate. */
struct sim_io_faults {
	const struct sim_slot_range *slots;
	size_t nr_slots;
	uint32_t rate;             /* failures per 2^32 I/Os; 0 none */
};

struct sim_config {
	uint64_t ram_pages;
	uint32_t pagesize;               /* 4096 */
	enum swaparea_arch arch;         /* PTE layout; x86_64 by default */
	int swappiness;                  /* 0..200, 60 */
	int page_cluster;                /* 3 */
	enum sim_readahead readahead;
	uint32_t watermark_scale_factor; /* 10 (0.1 %) */
	uint64_t min_free_kbytes;        /* 0: derived as the kernel does */
	struct sim_swap_config swaps[SIM_MAX_SWAPFILES];
	size_t nr_swaps;
	struct sim_io_faults fail_write, fail_read;
	uint64_t fault_seed;             /* the draws of a failure rate */
	bool check_every_event;          /* run the invariant checker after each event
					    (on by default in a DEBUG=1 build) */
};

/* Defaults of a 6.12 kernel; ram_pages and swaps are left to the caller. */
void sim_config_init(struct sim_config *cfg);

/* /proc/vmstat counters the model keeps, in vm_event_item.h order. */
enum sim_counter {
	PGPGIN, PGPGOUT, PSWPIN, PSWPOUT,
	PGALLOC, PGFREE, PGACTIVATE, PGDEACTIVATE,
	PGFAULT, PGMAJFAULT, PGREFILL, PGREUSE,
	PGSTEAL_KSWAPD, PGSTEAL_DIRECT, PGSCAN_KSWAPD, PGSCAN_DIRECT,
	PGSCAN_ANON, PGSCAN_FILE, PGSTEAL_ANON, PGSTEAL_FILE,
	OOM_KILL, PAGEOUTRUN, ALLOCSTALL, SWAP_RA, SWAP_RA_HIT,
	NR_SIM_COUNTERS
};

/* The counter's /proc/vmstat name. */
const char *sim_counter_name(enum sim_counter c);

struct sim;

/* Per-process figures, as /proc/PID/status and the fault counters say. */
struct sim_process_stats {
	uint32_t pid;
	bool alive;
	bool killed;               /* by the OOM killer */
	bool segv;                 /* by an access outside every mapping */
	bool sigbus;               /* by a swap-in whose read failed */
	uint64_t minflt, majflt;
	uint64_t rss_anon, rss_file;   /* pages */
	uint64_t swapents;         /* MM_SWAPENTS */
};

struct sim_swap_stats {
	const char *name;
	int32_t prio;
	uint64_t pages;            /* usable: header and bad pages excluded */
	uint64_t inuse;            /* slots holding a count or the cache bit */
	bool active;
};

struct sim_memory_stats {
	uint64_t total, free, min, low, high;     /* pages */
	uint64_t anon, file, swapcache;           /* pages */
	uint64_t active_anon, inactive_anon, active_file, inactive_file;
};

/* What happened to the data behind the swap slots. */
struct sim_io_stats {
	uint64_t written;          /* pages written to a backing, stamped */
	uint64_t read;             /* pages read back from a backing */
	uint64_t verified;         /* swapped-in pages whose stamp was checked */
	uint64_t write_errors;     /* injected: the page stayed dirty and active */
	uint64_t read_errors;      /* injected: SIGBUS for whoever faults on it */
	uint64_t sigbus_kills;     /* processes killed by SIGBUS */
	uint64_t poisoned;         /* PTEs swapoff left poisoned after a failed read */
	uint64_t discarded;        /* freed slots zeroed by sim_io_finish() */
	uint64_t reserved;         /* slots the allocator's slot cache holds now:
				      in use, with no page and no data */
};

/*
 * Make a machine.  Returns NULL with @err set (e.g. no RAM, too many swap
 * areas, a swap area without a usable page).
 */
struct sim *sim_new(const struct sim_config *cfg, char *err, size_t err_len);
void sim_free(struct sim *s);

/*
 * Replay one event.  0, or -EINVAL with sim_error() saying why (a fork to
 * a pid in use, an event for a pid that does not exist, a swap area that
 * does not exist...).  An access outside every mapping is not an error:
 * the process is killed with SIGSEGV and counted; neither is a swapoff the
 * kernel would refuse (counted too).
 */
int sim_event(struct sim *s, const struct sim_event *ev);

/*
 * A hint that @ev comes soon: start loading what it will touch (its PTE),
 * so the cache miss overlaps the events before it.  Changes nothing the
 * model counts; callers that read ahead call it as they read.
 */
void sim_prefetch(struct sim *s, const struct sim_event *ev);

/* Let kswapd finish what it was woken for; call after the last event. */
void sim_settle(struct sim *s);

const char *sim_error(const struct sim *s);

/*
 * After the last event (and sim_settle()): zero the slots the run wrote
 * and left free, so a backing swap file holds data exactly in the slots
 * still in use.  0, or -errno with sim_error() saying why.
 */
int sim_io_finish(struct sim *s);
void sim_io_stats(const struct sim *s, struct sim_io_stats *out);

const uint64_t *sim_vmstat(const struct sim *s);    /* NR_SIM_COUNTERS values */
uint64_t sim_events(const struct sim *s);
/* Events that were not a plain hit through the leaf TLB: a sign of a trace
 * spread wider than the CPU's cache, where sim_prefetch() pays. */
uint64_t sim_slow_events(const struct sim *s);
uint64_t sim_segv_kills(const struct sim *s);
/* swapoff/swapon events the kernel would have refused (ENOMEM, EBUSY). */
uint64_t sim_swap_call_failures(const struct sim *s);
size_t sim_process_count(const struct sim *s);
void sim_process_stats(const struct sim *s, size_t i, struct sim_process_stats *out);
size_t sim_swap_count(const struct sim *s);
void sim_swap_stats(const struct sim *s, size_t i, struct sim_swap_stats *out);
void sim_memory_stats(const struct sim *s, struct sim_memory_stats *out);

/*
 * Check every invariant of the model (see check.c).  0, or -EUCLEAN with
 * @msg saying which one broke and where.
 */
int sim_check(const struct sim *s, char *msg, size_t len);

#endif /* SWAPSIM_SIM_H */
