/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * policy.h - textbook page replacement policies (LRU, FIFO, CLOCK, OPT)
 * replayed over the same trace as the kernel engine, to show how far the
 * kernel's reclaim is from them, and from the optimum.
 *
 * A reference policy has RAM of N frames and nothing else: no watermarks,
 * no readahead, no swap areas.  Every page an access touches is a hit, or a
 * fault that loads it into a free frame, or, when none is free, into the
 * frame of a page the policy evicts, at exactly that moment.
 *
 * Invariants (policy_run_check() verifies them):
 *   1. frames 0 .. used-1 are occupied, used <= frames, and no frame is
 *      free while a page is evicted (frames fill in order, then stay full);
 *   2. frame_key[f] names the page in frame f, and the map takes that page
 *      back to f: the map and the frames are one bijection;
 *   3. the map holds every page ever touched, resident or not, so a fault
 *      on a page held as not resident is a major fault (a re-fault).
 *
 * What is a reference: only READ, WRITE and EXEC events, one per 4 KiB page
 * an access touches (an access of len bytes across k pages is k
 * references).  Spawn, fork, exit, mmap, munmap, swapoff and swapon are
 * ignored: the kernel engine models them, a reference policy has no
 * processes, mappings or swap areas.  A page's key is
 * (pid << 40) | (virtual page number, its low 40 bits).
 *
 * Counters, under their /proc/vmstat names: pgfault is every miss, first
 * touches included; pgmajfault is every miss on a page that was evicted
 * before.  So pgmajfault = pgfault - distinct pages, always.
 *
 * Memory: a map of 16-byte entries, at most three quarters full (16 to 43
 * bytes per distinct page), plus 8 to 16 bytes per frame.  No allocation
 * per access once the map has grown.  OPT also looks ahead: see opt.c and
 * policy_run_finish().
 *
 * A new policy is a new file filling a struct policy_ops, and a line in
 * policy_find().
 */
#ifndef SWAPSIM_POLICY_H
#define SWAPSIM_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "trace/trace.h"

#define POLICY_PAGE_SHIFT 12
#define POLICY_PID_SHIFT 40
#define POLICY_MAX_FRAMES (UINT32_MAX - 2)   /* two values of a frame number are markers */

/* A reference's key: the process in the top bits, the page below. */
static inline uint64_t policy_key(uint32_t pid, uint64_t vpn)
{
	return (uint64_t)pid << POLICY_PID_SHIFT | (vpn & ((UINT64_C(1) << POLICY_PID_SHIFT) - 1));
}

/* ---- the page map: open addressing, linear probing, power-of-two size ---- */

struct policy_map_entry {
	uint64_t key;
	uint64_t value;
};

struct policy_map {
	struct policy_map_entry *slots;   /* value POLICY_MAP_EMPTY: a free slot */
	uint64_t mask;                    /* slots - 1 */
	uint64_t count;
};

#define POLICY_MAP_EMPTY UINT64_MAX

int policy_map_init(struct policy_map *m);
void policy_map_release(struct policy_map *m);
/*
 * The value slot of @key, inserted with value @fresh when missing (*@added
 * then says so).  NULL on -ENOMEM.  A pointer is valid until the next
 * insertion.  @fresh must not be POLICY_MAP_EMPTY.
 */
uint64_t *policy_map_get(struct policy_map *m, uint64_t key, uint64_t fresh, bool *added);
/* The value slot of @key, or NULL when it is missing. */
uint64_t *policy_map_find(const struct policy_map *m, uint64_t key);

/* ---- a policy: frames and what the policy keeps about them ---------------- */

struct policy {
	const struct policy_ops *ops;
	uint32_t frames;           /* RAM, in frames */
	uint32_t used;             /* frames 0 .. used-1 are occupied */
	uint64_t *frame_key;       /* the page in each frame */
	void *priv;                /* the policy's own state */
};

/*
 * The table of operations.  @next is the index of the next reference to the
 * same page, larger than every index of the trace when there is none (a
 * distinct value for each reference): only OPT uses it.
 */
struct policy_ops {
	const char *name;
	bool needs_future;         /* replayed from the look-ahead, after the trace */
	/* A hit on the page referenced just before changes nothing, so the run
	 * may count it without asking (LRU: already most recent; FIFO ignores
	 * hits).  Not CLOCK: a page loads with its bit clear, and the repeat
	 * of a fault is the hit that sets it. */
	bool repeat_is_noop;
	/* Allocate the state for p->frames frames; 0 or -ENOMEM. */
	int (*init)(struct policy *p);
	/* The page in @frame is referenced again. */
	void (*hit)(struct policy *p, uint32_t frame, uint64_t next);
	/*
	 * A fault: the frame to load the page into.  p->used while a frame is
	 * free (the caller then counts it used); else the victim's frame, whose
	 * page p->frame_key[] still names.  Either way the policy records the
	 * frame as holding the new page, referenced next at @next.
	 */
	uint32_t (*fault)(struct policy *p, uint64_t next);
	/* Check the policy's own invariants: 0 or -EUCLEAN with @msg. */
	int (*check)(const struct policy *p, char *msg, size_t len);
	void (*release)(struct policy *p);
};

/*
 * For policies with a hand over frames in frame order (FIFO, CLOCK): the
 * hand is a frame, and stays on frame 0 while frames are still free.
 */
int policy_check_hand(const struct policy *p, uint32_t hand, char *msg, size_t len);

extern const struct policy_ops policy_lru, policy_fifo, policy_clock, policy_opt;

/* "lru", "fifo", "clock", "opt": the policy, or NULL. */
const struct policy_ops *policy_find(const char *name);

/* ---- a run: a policy over a trace, and what it counted -------------------- */

struct policy_lookahead;

#define POLICY_RECENT 64

struct policy_run {
	struct policy p;
	struct policy_map map;     /* page -> its last frame, or POLICY_NOT_RESIDENT before one */
	uint64_t accesses;         /* references: pages touched by accesses */
	uint64_t pgfault, pgmajfault;
	uint64_t events;           /* every event seen, references or not */
	struct policy_lookahead *ahead;   /* OPT: the keys, until the run finishes */
	/* Where recent pages were, by the low bits of the key: a hint, checked
	 * against frame_key, so a stale one costs a map lookup, never a wrong hit. */
	uint64_t recent_key[POLICY_RECENT];
	uint32_t recent_frame[POLICY_RECENT];
	uint64_t last_key;         /* the last reference, when has_last */
	bool has_last;
};

/*
 * Start a run of @ops over @frames frames (1 .. POLICY_MAX_FRAMES).  For a
 * policy that needs the future, references are recorded in a temporary file
 * in $TMPDIR (unlinked at once) and replayed by policy_run_finish().
 * 0, -EINVAL for a frame count out of range, -ENOMEM, or -errno.
 */
int policy_run_init(struct policy_run *r, const struct policy_ops *ops, uint64_t frames);

/* One reference to page @key.  0, or -errno (memory, the temporary file). */
int policy_run_access(struct policy_run *r, uint64_t key);

/* A hint that @ev comes soon: start loading its page's map entry. */
void policy_run_prefetch(const struct policy_run *r, const struct sim_event *ev);

/* One trace event: its pages are references when it is an access. */
int policy_run_event(struct policy_run *r, const struct sim_event *ev);

/*
 * After the last event: for OPT, compute each reference's next use and
 * replay (see opt.c for the bound).  A no-op for the other policies.
 * 0 or -errno.
 */
int policy_run_finish(struct policy_run *r);

/* Invariants 1-3 above and the policy's own: 0 or -EUCLEAN with @msg. */
int policy_run_check(const struct policy_run *r, char *msg, size_t len);

void policy_run_release(struct policy_run *r);

#endif /* SWAPSIM_POLICY_H */
