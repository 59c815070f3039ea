// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_policy.c - the reference policies of src/swapsim/policy: LRU, FIFO,
 * CLOCK and OPT over textbook reference strings whose fault counts are
 * worked out by hand below, then against a small independent implementation
 * written here (plain arrays, O(frames) per reference, OPT scanning the
 * string forward) over seeded random strings, with the properties every run
 * must have: OPT faults no more than any other policy, and pgmajfault =
 * pgfault - distinct pages.  Every run checks the policy's invariants after
 * each reference (OPT, replayed from its look-ahead, at the end).
 */
#include <errno.h>

#include "policy/policy.h"
#include "tap.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct counts {
	uint64_t faults, major;
	bool ok;                 /* every call returned 0, every check passed */
};

static struct counts run_policy(const struct policy_ops *ops, const uint64_t *s, size_t n,
				uint64_t frames)
{
	struct counts c = { 0, 0, true };
	struct policy_run r;
	char msg[256] = "";

	if (policy_run_init(&r, ops, frames)) {
		c.ok = false;
		return c;
	}
	for (size_t i = 0; i < n && c.ok; i++)
		c.ok = !policy_run_access(&r, s[i]) && !policy_run_check(&r, msg, sizeof(msg));
	c.ok = c.ok && !policy_run_finish(&r) && !policy_run_check(&r, msg, sizeof(msg)) &&
	       r.accesses == n;
	if (!c.ok)
		printf("#   %s: %s\n", ops->name, msg);
	c.faults = r.pgfault;
	c.major = r.pgmajfault;
	policy_run_release(&r);
	return c;
}

/*
 * The classic string (Silberschatz, Operating System Concepts), 3 frames,
 * 6 distinct pages:
 *
 *	7 0 1 2 0 3 0 4 2 3 0 3 2 1 2 0 1 7 0 1
 *
 * OPT, 9 faults (the next use of each resident page in brackets, by
 * position from 0): 7 0 1 fill (3); 2 evicts 7 [17; 0 at 4, 1 at 13] (4);
 * 0 hit; 3 evicts 1 [13; 2 at 8, 0 at 6] (5); 0 hit; 4 evicts 0 [10; 2 at 8,
 * 3 at 9] (6); 2 3 hits; 0 evicts 4 [never] (7); 3 2 hits; 1 evicts 3
 * [never; 2 at 14, 0 at 15] (8); 2 0 1 hits; 7 evicts 2 [never] (9); 0 1 hits.
 *
 * LRU, 12 faults: 7 0 1 (3); 2 evicts 7 (4); 0 hit; 3 evicts 1 (5); 0 hit;
 * 4 evicts 2 (6); 2 evicts 3 (7); 3 evicts 0 (8); 0 evicts 4 (9); 3 hit;
 * 2 hit; 1 evicts 0 (10); 2 hit; 0 evicts 3 (11); 1 hit; 7 evicts 2 (12);
 * 0 1 hits.
 *
 * FIFO, 15 faults: 7 0 1 (3); 2 out 7 (4); 0 hit; 3 out 0 (5); 0 out 1 (6);
 * 4 out 2 (7); 2 out 3 (8); 3 out 0 (9); 0 out 4 (10); 3 2 hits; 1 out 2
 * (11); 2 out 3 (12); 0 hit (loaded by the tenth fault); 1 hit;
 * 7 out 0 (13); 0 out 1 (14); 1 out 2 (15).
 *
 * CLOCK (frames f0 f1 f2, loads with the bit clear, hits set it, the hand
 * takes the first clear bit and moves past it), 11 faults:
 *	7 0 1       fill f0 f1 f2                         3, hand f0
 *	2           f0 (7) clear: taken                   4, hand f1
 *	0           hit: f1 set
 *	3           f1 set -> clear; f2 (1) taken         5, hand f0
 *	0           hit: f1 set
 *	4           f0 (2) taken                          6, hand f1
 *	2           f1 set -> clear; f2 (3) taken         7, hand f0
 *	3           f0 (4) taken                          8, hand f1
 *	0 3 2       hits: f1 f0 f2 all set
 *	1           clears f1 f2 f0, comes round: f1 (0)  9, hand f2
 *	2           hit: f2 set
 *	0           f2 set -> clear; f0 (3) taken        10, hand f1
 *	1           hit: f1 set
 *	7           f1 set -> clear; f2 (2) taken        11, hand f0
 *	0 1         hits
 * Major faults are faults - 6 in each.
 */
static const uint64_t classic[] = { 7, 0, 1, 2, 0, 3, 0, 4, 2, 3, 0, 3, 2, 1, 2, 0, 1, 7, 0, 1 };

/*
 * Belady's anomaly: with FIFO, 3 frames give 9 faults, 4 frames give 10.
 *	3 frames: 1 2 3 (3); 4 out 1, 1 out 2, 2 out 3, 5 out 4 (7); 1 2 hits;
 *	          3 out 1, 4 out 2 (9); 5 hit.
 *	4 frames: 1 2 3 4 (4); 1 2 hits; 5 out 1, 1 out 2, 2 out 3, 3 out 4,
 *	          4 out 5, 5 out 1 (10).
 * The stack algorithms cannot show it.  LRU: 10 with 3 frames (1 2 3, then
 * 4 out 1, 1 out 2, 2 out 3, 5 out 4, 1 2 hits, 3 out 5, 4 out 1, 5 out 2);
 * 8 with 4 (1 2 3 4, 1 2 hits, 5 out 3, 1 2 hits, 3 out 4, 4 out 5, 5 out 1).
 * OPT: 7 with 3 frames: 1 2 3 (3); 4 evicts 3 [9; 1 at 4, 2 at 5] (4); 1 2
 * hits; 5 evicts 4 [10; 1 at 7, 2 at 8] (5); 1 2 hits; 3 and 4 each evict
 * a page never used again (7); 5 hit.  6 with 4 frames: 1 2 3 4 (4); 1 2
 * hits; 5 evicts 4 [10, the furthest] (5); 1 2 3 hits; 4 evicts one of 1 2
 * 3, none used again (6); 5 hit.
 * CLOCK: 10 with 3 frames: 1 2 3 fill f0-f2 (3); 4 1 2 5 each take the clear
 * frame under the hand, f0 f1 f2 f0 (7); 1 2 hits set f1 f2; 3: f1 f2
 * cleared, f0 (5) taken (8); 4 takes f1 (9); 5 takes f2 (10).  8 with 4
 * frames: 1 2 3 4 (4); 1 2 hits set f0 f1; 5: f0 f1 cleared, f2 (3) taken
 * (5); 1 2 hits set f0 f1; 3 takes f3 (4) (6); 4: f0 f1 cleared, f2 (5)
 * taken (7); 5 takes f3 (3) (8).
 */
static const uint64_t belady[] = { 1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5 };

struct textbook {
	const char *what;
	const uint64_t *s;
	size_t n;
	uint64_t frames, distinct;
	uint64_t lru, fifo, clock, opt;
};

static void test_textbook(void)
{
	static const struct textbook cases[] = {
		{ "classic", classic, ARRAY_SIZE(classic), 3, 6, 12, 15, 11, 9 },
		{ "belady", belady, ARRAY_SIZE(belady), 3, 5, 10, 9, 10, 7 },
		{ "belady", belady, ARRAY_SIZE(belady), 4, 5, 8, 10, 8, 6 },
		/* One frame: every reference that is not a repeat of the last faults. */
		{ "classic", classic, ARRAY_SIZE(classic), 1, 6, 20, 20, 20, 20 },
		/* Enough frames: only first touches fault, nothing is major. */
		{ "classic", classic, ARRAY_SIZE(classic), 6, 6, 6, 6, 6, 6 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct textbook *t = &cases[i];
		const struct policy_ops *ops[] = { &policy_lru, &policy_fifo, &policy_clock, &policy_opt };
		const uint64_t want[] = { t->lru, t->fifo, t->clock, t->opt };

		for (size_t k = 0; k < ARRAY_SIZE(ops); k++) {
			struct counts c;

			if (!want[k])   /* not worked out by hand */
				continue;
			c = run_policy(ops[k], t->s, t->n, t->frames);
			TAP_OK(c.ok, "%s, %s, %" PRIu64 " frames: runs clean", t->what, ops[k]->name,
			       t->frames);
			TAP_EQ_U64(c.faults, want[k], "%s, %s, %" PRIu64 " frames: faults", t->what,
				   ops[k]->name, t->frames);
			TAP_EQ_U64(c.major, want[k] - t->distinct, "%s, %s, %" PRIu64 " frames: major faults",
				   t->what, ops[k]->name, t->frames);
		}
	}
}

/* ---- an independent implementation: arrays, scanned ------------------------ */

enum { REF_LRU, REF_FIFO, REF_CLOCK, REF_OPT };

#define REF_MAX_FRAMES 64

/* Faults of a policy, by brute force: frame[] holds pages, -1 when free. */
static uint64_t ref_faults(int kind, const uint64_t *s, size_t n, size_t frames)
{
	int64_t page[REF_MAX_FRAMES];
	size_t stamp[REF_MAX_FRAMES];   /* LRU: last use; FIFO: load time */
	bool bit[REF_MAX_FRAMES] = { false };
	size_t hand = 0;
	uint64_t faults = 0;

	for (size_t f = 0; f < frames; f++)
		page[f] = -1;
	for (size_t i = 0; i < n; i++) {
		size_t f, victim = frames;

		for (f = 0; f < frames && page[f] != (int64_t)s[i]; f++)
			;
		if (f < frames) {
			if (kind == REF_LRU)
				stamp[f] = i;
			bit[f] = true;
			continue;
		}
		faults++;
		for (f = 0; f < frames && victim == frames; f++)
			if (page[f] < 0)
				victim = f;
		if (victim == frames && kind == REF_CLOCK) {
			while (bit[hand]) {
				bit[hand] = false;
				hand = (hand + 1) % frames;
			}
			victim = hand;
			hand = (hand + 1) % frames;
		} else if (victim == frames && kind == REF_OPT) {
			size_t furthest = 0;

			for (f = 0; f < frames; f++) {
				size_t j = i + 1;

				while (j < n && s[j] != (uint64_t)page[f])
					j++;
				if (victim == frames || j > furthest) {
					victim = f;
					furthest = j;
				}
			}
		} else if (victim == frames) {   /* LRU and FIFO: the smallest stamp */
			victim = 0;
			for (f = 1; f < frames; f++)
				if (stamp[f] < stamp[victim])
					victim = f;
		}
		page[victim] = (int64_t)s[i];
		stamp[victim] = i;
		bit[victim] = false;
	}
	return faults;
}

static uint64_t xorshift(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static void test_random(void)
{
	static const size_t frame_counts[] = { 1, 2, 3, 4, 7, 16, 33 };
	const struct policy_ops *ops[] = { &policy_lru, &policy_fifo, &policy_clock, &policy_opt };
	static uint64_t s[4000];
	uint64_t seed = 0x5eed5eed;

	for (int round = 0; round < 12; round++) {
		size_t n = 200 + (size_t)(xorshift(&seed) % 3800);
		uint64_t pages = 2 + xorshift(&seed) % 60, distinct = 0;
		bool seen[64] = { false };

		/* Half the rounds with locality: a drifting window of 8 pages. */
		for (size_t i = 0; i < n; i++) {
			uint64_t r = xorshift(&seed);

			s[i] = round % 2 ? r % pages : (i / 50 + r % 8) % pages;
			distinct += !seen[s[i]];
			seen[s[i]] = true;
		}
		for (size_t k = 0; k < ARRAY_SIZE(frame_counts); k++) {
			size_t frames = frame_counts[k];
			uint64_t got[4], want[4];
			bool all_ok = true, all_same = true, majors = true;

			for (int p = 0; p < 4; p++) {
				struct counts c = run_policy(ops[p], s, n, frames);

				got[p] = c.faults;
				want[p] = ref_faults(p, s, n, frames);
				all_ok &= c.ok;
				all_same &= got[p] == want[p];
				majors &= c.major == c.faults - distinct;
				if (got[p] != want[p])
					printf("#   %s: got %" PRIu64 ", want %" PRIu64 "\n", ops[p]->name,
					       got[p], want[p]);
			}
			TAP_OK(all_ok, "random %d (%zu refs, %" PRIu64 " pages), %zu frames: runs clean",
			       round, n, pages, frames);
			TAP_OK(all_same, "random %d, %zu frames: every policy matches the brute force",
			       round, frames);
			TAP_OK(majors, "random %d, %zu frames: pgmajfault = pgfault - %" PRIu64 " distinct",
			       round, frames, distinct);
			TAP_OK(got[3] <= got[0] && got[3] <= got[1] && got[3] <= got[2],
			       "random %d, %zu frames: OPT %" PRIu64 " <= LRU %" PRIu64 ", FIFO %" PRIu64
			       ", CLOCK %" PRIu64, round, frames, got[3], got[0], got[1], got[2]);
		}
	}
}

/* Events: only accesses are references, one per page touched. */
static void test_events(void)
{
	const struct sim_event evs[] = {
		{ .op = SIM_OP_SPAWN, .pid = 1 },
		{ .op = SIM_OP_MMAP, .pid = 1, .addr = 0x10000, .len = 0x10000 },
		{ .op = SIM_OP_WRITE, .pid = 1, .addr = 0x10ff8, .len = 16 },      /* pages 0x10, 0x11 */
		{ .op = SIM_OP_READ, .pid = 1, .addr = 0x10000, .len = 3 * 4096 }, /* 0x10 0x11 0x12 */
		{ .op = SIM_OP_FORK, .pid = 1, .arg = 2 },
		{ .op = SIM_OP_EXEC, .pid = 2, .addr = 0x10000, .len = 1 },        /* another process */
		{ .op = SIM_OP_EXIT, .pid = 2 },
	};
	struct policy_run r;
	char msg[256];

	if (!TAP_OK(!policy_run_init(&r, &policy_lru, 8), "events: run made"))
		return;
	for (size_t i = 0; i < ARRAY_SIZE(evs); i++)
		policy_run_event(&r, &evs[i]);
	TAP_EQ_U64(r.events, 7, "events: every event counted");
	TAP_EQ_U64(r.accesses, 6, "events: 2 + 3 + 1 pages referenced");
	TAP_EQ_U64(r.pgfault, 4, "events: pages 0x10 0x11 0x12 of pid 1, 0x10 of pid 2");
	TAP_EQ_U64(r.pgmajfault, 0, "events: nothing evicted");
	TAP_OK(!policy_run_check(&r, msg, sizeof(msg)), "events: invariants hold");
	policy_run_release(&r);

	/* A page referenced twice in a row, through events: a repeat of a fault
	 * is a hit (CLOCK sets its bit on it), the same as by single references. */
	{
		static const uint64_t pages[] = { 1, 1, 2, 3, 1, 1, 4, 4, 2, 1 };
		const struct policy_ops *ops[] = { &policy_lru, &policy_fifo, &policy_clock, &policy_opt };
		const int kinds[] = { REF_LRU, REF_FIFO, REF_CLOCK, REF_OPT };

		for (size_t k = 0; k < ARRAY_SIZE(ops); k++) {
			if (!TAP_OK(!policy_run_init(&r, ops[k], 2), "repeats: %s run made", ops[k]->name))
				continue;
			for (size_t i = 0; i < ARRAY_SIZE(pages); i++)
				policy_run_event(&r, &(struct sim_event){
					.op = SIM_OP_READ, .pid = 1, .addr = pages[i] << 12, .len = 1 });
			TAP_OK(!policy_run_finish(&r), "repeats: %s finishes", ops[k]->name);
			TAP_EQ_U64(r.pgfault, ref_faults(kinds[k], pages, ARRAY_SIZE(pages), 2),
				   "repeats: %s through events counts as the brute force", ops[k]->name);
			TAP_EQ_U64(r.accesses, ARRAY_SIZE(pages), "repeats: %s counts every reference",
				   ops[k]->name);
			policy_run_release(&r);
		}
	}

	TAP_OK(policy_run_init(&r, &policy_lru, 0) == -EINVAL, "no frames: -EINVAL");
	TAP_OK(policy_find("opt") == &policy_opt && !policy_find("kernel"), "policy_find");
}

/* OPT's look-ahead across several of its 8192-reference blocks. */
static void test_opt_blocks(void)
{
	static uint64_t s[20000];
	uint64_t seed = 42;
	struct counts c;

	for (size_t i = 0; i < ARRAY_SIZE(s); i++)
		s[i] = xorshift(&seed) % 40;
	c = run_policy(&policy_opt, s, ARRAY_SIZE(s), 10);
	TAP_OK(c.ok, "opt over 20000 references: runs clean");
	TAP_EQ_U64(c.faults, ref_faults(REF_OPT, s, ARRAY_SIZE(s), 10),
		   "opt over 20000 references: matches the brute force");
}

int main(void)
{
	test_textbook();
	test_random();
	test_events();
	test_opt_blocks();
	return tap_done();
}
