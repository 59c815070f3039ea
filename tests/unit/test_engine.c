// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_engine.c - swapsim's engine (src/swapsim/engine) in scenarios, driven
 * through its public API one event at a time.  Every expected figure is
 * worked out by hand from the kernel rules the engine models (Linux 6.12;
 * ../shared/kernel-swap-facts.md sections 3-11) and its documented
 * simplifications: one CPU and one zone, order-0 pages, I/O that completes
 * at once (a page written out is freed in the same scan), kswapd running
 * between events when woken, no workingset, zswap or memcg.  The reasoning
 * sits next to each number.
 *
 * Most scenarios start from one small machine: 64 pages of RAM (watermarks
 * min 32, low 40, high 48) and one process that writes 33 pages in a single
 * event.  That event's direct reclaim is traced step by step once, above
 * fill_33(): it leaves pages 0-30 in swap and pages 31-32 in memory.  From
 * there: a swap-in and its major fault, the swap cache and when it lets a
 * slot go, fork and a shared slot, COW copy against reuse, vm_swap_full,
 * cluster and VMA readahead, swap priorities, bad pages, the slot cache and
 * its return buffer, swapoff and swapon, the OOM killer.  Then kswapd's
 * wakeup and first runs page by page, and the plain fault paths: SIGSEGV,
 * exec permission, the zero page, file mappings, munmap.
 *
 * Every machine runs with check_every_event (the invariant checker after
 * each event; a broken invariant fails the event) and is checked once more
 * at the end.  Where the engine disagrees with the kernel, the check states
 * the kernel's figure and the rule that gives it, and fails.
 */
#include <errno.h>

#include "engine/sim.h"
#include "tap.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define PS 4096u
#define BASE UINT64_C(0x40000000)            /* 1 GiB: the start of a 2 MiB PMD block */
#define PG(i) (BASE + (uint64_t)(i) * PS)    /* the address of page i of the test mappings */
#define RAM 64                               /* min 32, low 40, high 48: see test_watermarks */
#define RW (SIM_PROT_READ | SIM_PROT_WRITE)

/* ---- a scenario: one machine, its events, its final check ----------------- */

struct scn {
	const char *name;
	struct sim *s;
	unsigned failed;      /* events that did not return 0 */
};

static bool scn_start(struct scn *t, const char *name, struct sim_config *cfg)
{
	char err[256] = "";

	cfg->check_every_event = true;
	t->name = name;
	t->failed = 0;
	t->s = sim_new(cfg, err, sizeof(err));
	if (!TAP_OK(t->s != NULL, "%s: machine made", name))
		printf("#   %s\n", err);
	return t->s != NULL;
}

static void scn_event(struct scn *t, struct sim_event e)
{
	int rc = sim_event(t->s, &e);

	if (rc && t->failed++ < 3)
		printf("# %s: event %" PRIu64 " (op %d, pid %u) returned %d: %s\n", t->name,
		       sim_events(t->s), (int)e.op, e.pid, rc, sim_error(t->s));
}

static uint64_t vm(const struct scn *t, enum sim_counter c)
{
	return sim_vmstat(t->s)[c];
}

static struct sim_process_stats proc(const struct scn *t, size_t i)
{
	struct sim_process_stats p;

	sim_process_stats(t->s, i, &p);
	return p;
}

static struct sim_swap_stats area(const struct scn *t, size_t i)
{
	struct sim_swap_stats a;

	sim_swap_stats(t->s, i, &a);
	return a;
}

static struct sim_memory_stats mem(const struct scn *t)
{
	struct sim_memory_stats m;

	sim_memory_stats(t->s, &m);
	return m;
}

/* Every event accepted, sim_check clean, and no page counted twice. */
static void scn_end(struct scn *t)
{
	struct sim_memory_stats m;
	char msg[256];
	int rc;

	sim_settle(t->s);
	rc = sim_check(t->s, msg, sizeof(msg));
	TAP_EQ_U64(t->failed, 0, "%s: every event accepted, every invariant held after each", t->name);
	if (!TAP_OK(rc == 0, "%s: sim_check at the end", t->name))
		printf("#   %s\n", msg);
	m = mem(t);
	TAP_EQ_U64(vm(t, PGALLOC) - vm(t, PGFREE), m.total - m.free,
		   "%s: pgalloc - pgfree = pages in use", t->name);
	sim_free(t->s);
}

/* Counters at one moment, for the deltas of a step. */
struct counters {
	uint64_t v[NR_SIM_COUNTERS];
};

static struct counters snap(const struct scn *t)
{
	struct counters c;

	memcpy(c.v, sim_vmstat(t->s), sizeof(c.v));
	return c;
}

#define DELTA(t, before, c) (vm(t, c) - (before).v[c])

/* ---- events ------------------------------------------------------------------ */

static void spawn(struct scn *t, uint32_t pid)
{
	scn_event(t, (struct sim_event){ .op = SIM_OP_SPAWN, .pid = pid });
}

static void fork_to(struct scn *t, uint32_t pid, uint32_t child)
{
	scn_event(t, (struct sim_event){ .op = SIM_OP_FORK, .pid = pid, .arg = child });
}

static void quit(struct scn *t, uint32_t pid)
{
	scn_event(t, (struct sim_event){ .op = SIM_OP_EXIT, .pid = pid });
}

static void map_anon(struct scn *t, uint32_t pid, uint64_t page, uint64_t n, uint32_t prot)
{
	scn_event(t, (struct sim_event){ .op = SIM_OP_MMAP, .pid = pid, .addr = PG(page),
					 .len = n * PS, .prot = prot });
}

static void map_file(struct scn *t, uint32_t pid, uint64_t page, uint64_t n, uint32_t prot,
		     uint32_t flags, uint64_t file, uint64_t file_page)
{
	scn_event(t, (struct sim_event){ .op = SIM_OP_MMAP, .pid = pid, .addr = PG(page),
					 .len = n * PS, .prot = prot, .flags = SIM_MAP_FILE | flags,
					 .arg = file, .arg2 = file_page * PS });
}

static void unmap(struct scn *t, uint32_t pid, uint64_t page, uint64_t n)
{
	scn_event(t, (struct sim_event){ .op = SIM_OP_MUNMAP, .pid = pid, .addr = PG(page),
					 .len = n * PS });
}

/* One event accessing pages [page, page + n). */
static void touch(struct scn *t, enum sim_op op, uint32_t pid, uint64_t page, uint64_t n)
{
	scn_event(t, (struct sim_event){ .op = op, .pid = pid, .addr = PG(page), .len = n * PS });
}

static void rd(struct scn *t, uint32_t pid, uint64_t page, uint64_t n)
{
	touch(t, SIM_OP_READ, pid, page, n);
}

static void wr(struct scn *t, uint32_t pid, uint64_t page, uint64_t n)
{
	touch(t, SIM_OP_WRITE, pid, page, n);
}

static void swap_off(struct scn *t, uint64_t i)
{
	scn_event(t, (struct sim_event){ .op = SIM_OP_SWAPOFF, .arg = i });
}

static void swap_on(struct scn *t, uint64_t i)
{
	scn_event(t, (struct sim_event){ .op = SIM_OP_SWAPON, .arg = i });
}

/* ---- machines ------------------------------------------------------------------ */

static void config(struct sim_config *cfg, int page_cluster)
{
	sim_config_init(cfg);
	cfg->ram_pages = RAM;
	cfg->page_cluster = page_cluster;
}

static void add_swap(struct sim_config *cfg, uint64_t slots, int32_t prio, bool rotational)
{
	cfg->swaps[cfg->nr_swaps++] = (struct sim_swap_config){
		.pages = slots, .prio = prio, .rotational = rotational, .name = "area",
	};
}

/*
 * Process 1 maps 64 pages read-write and writes pages 0-32 in ONE event.
 * With 64 pages of RAM (min 32, low 40, high 48) and a swap area with
 * room for 31 pages, the event goes:
 *
 *  faults 1-24  free 64..41 > low: the fast path; free 40.
 *  fault 25     free 40 <= low: kswapd is woken (it runs after the event);
 *               40 > min, so the page is taken: free 39.
 *  faults 26-32 free 39..33 > min: taken; free 32.
 *  fault 33     free 32 <= min: direct reclaim (allocstall 1), 32 to reclaim.
 *               The inactive anon list holds P0 (tail, oldest) .. P31 (head),
 *               each with its PTE accessed (set at the fault), PG_referenced
 *               clear; no file pages, no active pages, costs 0.
 *   prio 12-6   32 >> prio = 0: nothing scanned.
 *   prio 5      32 >> 5 = 1; file_is_tiny (file 0 + free 32 <= high 48, the
 *               inactive list is not low, 1 != 0): SCAN_ANON, 1 page.  P0 is
 *               referenced by its PTE once, PG_referenced was clear: KEEP
 *               (PG_referenced set, accessed bit cleared), back to the head.
 *   prio 4,3,2,1  2, 4, 8, 16 pages the same way: P1-P2, P3-P6, P7-P14,
 *               P15-P30, all KEEP.  The list is now P30..P0 from the head,
 *               and P31, never scanned, at the tail.
 *   prio 0      SCAN_EQUAL (priority 0, swappiness 60): all 32.  P31 is
 *               referenced: KEEP.  P0-P30 have PG_referenced and no accessed
 *               bit: RECLAIM - a slot each, unmapped to a swap PTE (exclusive:
 *               a new anonymous page is), written (pswpout), freed.  31 back.
 *               31 < 32, but the priority loop is over.
 *   pgscan_direct = 1+2+4+8+16+32 = 63, pgsteal_direct = 31, pswpout = 31.
 *               Free 32 + 31 = 63: P32 is taken, free 62.
 *  after the event kswapd runs (pageoutrun 1): free 62 > high, balanced.
 *
 * Slots: with fewer than 5 * 64 free slots the slot cache stays off and
 * every slot is allocated on its own, so a fresh area of 129 slots (either
 * allocator) gives P<i> slot i + 1.
 */
static void fill_33(struct scn *t)
{
	spawn(t, 1);
	map_anon(t, 1, 0, 64, RW);
	wr(t, 1, 0, 33);
}

/* ---- watermarks, names, refusals ------------------------------------------------ */

static void test_watermarks(void)
{
	/* min = min_free_kbytes / 4 (from int_sqrt(KiB * 16), clamped to
	 * [128, 262144], when not given); step = max(min / 4, pages *
	 * scale / 10000); low = min + step; high = low + step. */
	static const struct {
		uint64_t ram_pages, min_free_kbytes;
		uint32_t scale;
		uint64_t min, low, high;
	} cases[] = {
		/* 256 KiB: sqrt(4096) = 64 KiB, raised to 128 = 32 pages; step max(8, 0) = 8 */
		{ 64, 0, 10, 32, 40, 48 },
		/* 64 KiB: sqrt(1024) = 32 KiB, raised to 128: watermarks above RAM */
		{ 16, 0, 10, 32, 40, 48 },
		/* 256 MiB: sqrt(4194304) = 2048 KiB = 512 pages; step max(128, 65) = 128 */
		{ 65536, 0, 10, 512, 640, 768 },
		/* 1 GiB: sqrt(16777216) = 4096 KiB = 1024 pages; step max(256, 262) = 262 */
		{ 262144, 0, 10, 1024, 1286, 1548 },
		/* the same with watermark_scale_factor 100: step max(256, 2621) = 2621 */
		{ 262144, 0, 100, 1024, 3645, 6266 },
		/* min_free_kbytes given: 64 KiB = 16 pages, no clamp; step max(4, 0) = 4 */
		{ 64, 64, 10, 16, 20, 24 },
		/* 100 KiB = 25 pages; step 25 / 4 = 6 */
		{ 64, 100, 10, 25, 31, 37 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct sim_config cfg;
		struct sim_memory_stats m;
		struct sim *s;
		char err[256];

		sim_config_init(&cfg);
		cfg.ram_pages = cases[i].ram_pages;
		cfg.min_free_kbytes = cases[i].min_free_kbytes;
		cfg.watermark_scale_factor = cases[i].scale;
		s = sim_new(&cfg, err, sizeof(err));
		if (!TAP_OK(s != NULL, "watermarks of %" PRIu64 " pages: machine made", cases[i].ram_pages))
			continue;
		sim_memory_stats(s, &m);
		TAP_EQ_U64(m.min, cases[i].min, "%" PRIu64 " pages, min_free_kbytes %" PRIu64
			   ", scale %u: min", cases[i].ram_pages, cases[i].min_free_kbytes, cases[i].scale);
		TAP_EQ_U64(m.low, cases[i].low, "%" PRIu64 " pages, scale %u: low", cases[i].ram_pages,
			   cases[i].scale);
		TAP_EQ_U64(m.high, cases[i].high, "%" PRIu64 " pages, scale %u: high", cases[i].ram_pages,
			   cases[i].scale);
		TAP_OK(m.total == cases[i].ram_pages && m.free == cases[i].ram_pages,
		       "%" PRIu64 " pages: all of RAM free at the start", cases[i].ram_pages);
		sim_free(s);
	}
}

static void test_counter_names(void)
{
	/* mm/vmstat.c's vmstat_text, one zone (Normal). */
	static const struct {
		enum sim_counter c;
		const char *name;
	} names[] = {
		{ PGPGIN, "pgpgin" }, { PGPGOUT, "pgpgout" }, { PSWPIN, "pswpin" },
		{ PSWPOUT, "pswpout" }, { PGALLOC, "pgalloc_normal" }, { PGFREE, "pgfree" },
		{ PGACTIVATE, "pgactivate" }, { PGDEACTIVATE, "pgdeactivate" }, { PGFAULT, "pgfault" },
		{ PGMAJFAULT, "pgmajfault" }, { PGREFILL, "pgrefill" }, { PGREUSE, "pgreuse" },
		{ PGSTEAL_KSWAPD, "pgsteal_kswapd" }, { PGSTEAL_DIRECT, "pgsteal_direct" },
		{ PGSCAN_KSWAPD, "pgscan_kswapd" }, { PGSCAN_DIRECT, "pgscan_direct" },
		{ PGSCAN_ANON, "pgscan_anon" }, { PGSCAN_FILE, "pgscan_file" },
		{ PGSTEAL_ANON, "pgsteal_anon" }, { PGSTEAL_FILE, "pgsteal_file" },
		{ OOM_KILL, "oom_kill" }, { PAGEOUTRUN, "pageoutrun" },
		{ ALLOCSTALL, "allocstall_normal" }, { SWAP_RA, "swap_ra" },
		{ SWAP_RA_HIT, "swap_ra_hit" },
	};

	TAP_EQ_U64(ARRAY_SIZE(names), NR_SIM_COUNTERS, "counter names: every counter in the table");
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		TAP_EQ_STR(sim_counter_name(names[i].c), names[i].name, "counter %d is named %s",
			   (int)names[i].c, names[i].name);
	TAP_EQ_STR(sim_counter_name(NR_SIM_COUNTERS), "unknown", "a counter out of range: unknown");
}

static void test_config_refused(void)
{
	static const uint32_t all_bad[] = { 1, 2 };
	static const struct {
		const char *what;
		uint64_t ram_pages;
		uint64_t swap_pages;             /* 0: no area */
		const uint32_t *bad;
		size_t nr_bad;
		size_t nr_swaps;                 /* areas of 16 slots */
		int swappiness;
	} cases[] = {
		{ "15 pages of RAM", 15, 0, NULL, 0, 0, 60 },
		{ "a swap area of 1 slot: only the header", 64, 1, NULL, 0, 0, 60 },
		{ "a swap area whose every page is the header or bad", 64, 3, all_bad, 2, 0, 60 },
		{ "24 swap areas", 64, 0, NULL, 0, 24, 60 },
		{ "swappiness 201", 64, 0, NULL, 0, 0, 201 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct sim_config cfg;
		char err[256] = "";
		struct sim *s;

		sim_config_init(&cfg);
		cfg.ram_pages = cases[i].ram_pages;
		cfg.swappiness = cases[i].swappiness;
		if (cases[i].swap_pages) {
			add_swap(&cfg, cases[i].swap_pages, SIM_PRIO_AUTO, false);
			cfg.swaps[0].badpages = cases[i].bad;
			cfg.swaps[0].nr_badpages = cases[i].nr_bad;
		}
		for (size_t k = 0; k < cases[i].nr_swaps && k < SIM_MAX_SWAPFILES; k++)
			add_swap(&cfg, 16, SIM_PRIO_AUTO, false);
		cfg.nr_swaps = cases[i].nr_swaps ? cases[i].nr_swaps : cfg.nr_swaps;
		s = sim_new(&cfg, err, sizeof(err));
		TAP_OK(s == NULL && err[0], "refused: %s (%s)", cases[i].what, err);
		sim_free(s);
	}
}

/* Events the engine refuses (-EINVAL), and swap calls the kernel would refuse (counted). */
static void test_event_errors(void)
{
	struct sim_config cfg;
	struct sim_event e;
	struct scn t;

	config(&cfg, 0);
	add_swap(&cfg, 129, SIM_PRIO_AUTO, false);
	if (!scn_start(&t, "errors", &cfg))
		return;
	e = (struct sim_event){ .op = SIM_OP_READ, .pid = 7, .addr = PG(0), .len = 1 };
	TAP_EQ_INT(sim_event(t.s, &e), -EINVAL, "errors: an event for a pid that never existed");
	TAP_OK(sim_error(t.s)[0] != '\0', "errors: sim_error says why (%s)", sim_error(t.s));
	spawn(&t, 1);
	e = (struct sim_event){ .op = SIM_OP_SPAWN, .pid = 1 };
	TAP_EQ_INT(sim_event(t.s, &e), -EINVAL, "errors: spawn of a running pid");
	e = (struct sim_event){ .op = SIM_OP_FORK, .pid = 1, .arg = 1 };
	TAP_EQ_INT(sim_event(t.s, &e), -EINVAL, "errors: fork to a running pid");
	e = (struct sim_event){ .op = SIM_OP_SWAPOFF, .arg = 3 };
	TAP_EQ_INT(sim_event(t.s, &e), -EINVAL, "errors: swapoff of an area that does not exist");
	e = (struct sim_event){ .op = SIM_OP_SWAPON, .arg = 0 };
	TAP_EQ_INT(sim_event(t.s, &e), 0, "errors: swapon of an active area is an outcome (EBUSY)");
	TAP_EQ_U64(sim_swap_call_failures(t.s), 1, "errors: ... counted as a refused swap call");
	swap_off(&t, 0);        /* empty: accepted */
	TAP_EQ_U64(sim_swap_call_failures(t.s), 1, "errors: swapoff of an empty area is accepted");
	TAP_EQ_INT(area(&t, 0).active, false, "errors: ... and the area is off");
	e = (struct sim_event){ .op = SIM_OP_SWAPOFF, .arg = 0 };
	TAP_EQ_INT(sim_event(t.s, &e), 0, "errors: swapoff of an area that is off is an outcome (EINVAL)");
	TAP_EQ_U64(sim_swap_call_failures(t.s), 2, "errors: ... counted");
	swap_on(&t, 0);
	TAP_EQ_INT(area(&t, 0).active, true, "errors: swapon brings it back");
	TAP_EQ_U64(sim_swap_call_failures(t.s), 2, "errors: ... and is not a failure");
	scn_end(&t);
}

/* ---- reclaim: direct, then kswapd ---------------------------------------------- */

/* Scenario 6b: one event allocating past min reclaims directly (fill_33's trace). */
static void test_direct_reclaim(void)
{
	struct sim_config cfg;
	struct sim_process_stats p;
	struct sim_memory_stats m;
	struct scn t;

	config(&cfg, 0);
	add_swap(&cfg, 129, SIM_PRIO_AUTO, false);
	if (!scn_start(&t, "direct reclaim", &cfg))
		return;
	fill_33(&t);
	TAP_EQ_U64(vm(&t, ALLOCSTALL), 1, "direct reclaim: allocstall 1 (fault 33 found free 32 <= min)");
	TAP_EQ_U64(vm(&t, PGSCAN_DIRECT), 63, "direct reclaim: pgscan_direct 1+2+4+8+16+32 (prio 5..0)");
	TAP_EQ_U64(vm(&t, PGSCAN_ANON), 63, "direct reclaim: pgscan_anon 63, no file page");
	TAP_EQ_U64(vm(&t, PGSTEAL_DIRECT), 31, "direct reclaim: pgsteal_direct 31 (P0-P30 at prio 0)");
	TAP_EQ_U64(vm(&t, PGSTEAL_ANON), 31, "direct reclaim: pgsteal_anon 31");
	TAP_EQ_U64(vm(&t, PSWPOUT), 31, "direct reclaim: pswpout 31, one write a page");
	TAP_EQ_U64(vm(&t, PGPGOUT), 31 * 4, "direct reclaim: pgpgout 124 KiB");
	TAP_EQ_U64(vm(&t, PGACTIVATE), 0, "direct reclaim: nothing referenced twice, nothing activated");
	TAP_EQ_U64(vm(&t, PGSCAN_KSWAPD), 0, "direct reclaim: kswapd scanned nothing");
	TAP_EQ_U64(vm(&t, PAGEOUTRUN), 1, "direct reclaim: kswapd ran once after the event (woken at fault 25)");
	TAP_EQ_U64(vm(&t, PGFAULT), 33, "direct reclaim: pgfault 33");
	TAP_EQ_U64(vm(&t, PGMAJFAULT), 0, "direct reclaim: no major fault");
	TAP_EQ_U64(vm(&t, PGALLOC), 33, "direct reclaim: pgalloc 33");
	TAP_EQ_U64(vm(&t, PGFREE), 31, "direct reclaim: pgfree 31");
	p = proc(&t, 0);
	TAP_EQ_U64(p.rss_anon, 2, "direct reclaim: P31 and P32 resident");
	TAP_EQ_U64(p.swapents, 31, "direct reclaim: 31 swap entries");
	TAP_EQ_U64(p.minflt, 33, "direct reclaim: 33 minor faults");
	TAP_EQ_U64(area(&t, 0).inuse, 31, "direct reclaim: 31 slots in use");
	m = mem(&t);
	TAP_EQ_U64(m.free, 62, "direct reclaim: 62 pages free");
	TAP_OK(m.anon == 2 && m.inactive_anon == 2 && m.active_anon == 0 && m.swapcache == 0,
	       "direct reclaim: 2 anonymous pages, both inactive, none in the swap cache");
	scn_end(&t);
}

/*
 * Scenario 6a: one page an event.  The 25th allocation finds free 40 <= low:
 * kswapd is woken and runs after the event.  Its runs, priority 12 down to 1:
 *
 * Run 1 (free 39; inactive anon P0 tail .. P24 head, all accessed):
 *   prio 12-5  25 >> prio = 0.
 *   prio 4     25 >> 4 = 1; file_is_tiny (0 + 39 <= 48): SCAN_ANON; P0 KEEP.
 *   prio 3,2,1 3, 6, 12 pages: P1-P3, P4-P9, P10-P21, all KEEP.
 *   pgscan_kswapd 1+3+6+12 = 22, nothing reclaimed.
 *   List from the tail: P22, P23, P24, P0, P1, ... P21.
 * Event 26 (P25, free 39 -> 38) wakes it again.  Run 2:
 *   prio 4     26 >> 4 = 1: P22 (accessed) KEEP.
 *   prio 3     3: P23, P24 KEEP; P0 (PG_referenced, no accessed bit) RECLAIM.
 *   prio 2     25 >> 2 = 6: P1-P6, all seen once in run 1: RECLAIM.
 *   prio 1     19 >> 1 = 9: P7-P15: RECLAIM.  (free 38 + 16 = 54.)
 *   pgscan_kswapd 22 + 1+3+6+9 = 41, pgsteal_kswapd 16 (P0-P15).
 */
static void test_kswapd(void)
{
	struct sim_config cfg;
	struct sim_process_stats p;
	struct scn t;

	config(&cfg, 0);
	add_swap(&cfg, 129, SIM_PRIO_AUTO, false);
	if (!scn_start(&t, "kswapd", &cfg))
		return;
	spawn(&t, 1);
	map_anon(&t, 1, 0, 64, RW);
	for (uint64_t i = 0; i < 24; i++)
		wr(&t, 1, i, 1);
	TAP_EQ_U64(mem(&t).free, 40, "kswapd: 24 pages written, free 40 = low");
	TAP_EQ_U64(vm(&t, PAGEOUTRUN), 0, "kswapd: not woken while every allocation found free > low");
	wr(&t, 1, 24, 1);
	TAP_EQ_U64(vm(&t, PAGEOUTRUN), 1, "kswapd: the allocation at free 40 <= low woke it (pageoutrun 1)");
	TAP_EQ_U64(vm(&t, PGSCAN_KSWAPD), 22, "kswapd: run 1 scanned 1+3+6+12 pages (prio 4..1)");
	TAP_EQ_U64(vm(&t, PGSTEAL_KSWAPD), 0, "kswapd: run 1 found every page referenced: nothing reclaimed");
	TAP_EQ_U64(mem(&t).free, 39, "kswapd: free 39 after run 1");
	wr(&t, 1, 25, 1);
	TAP_EQ_U64(vm(&t, PAGEOUTRUN), 2, "kswapd: woken again by the next allocation");
	TAP_EQ_U64(vm(&t, PGSCAN_KSWAPD), 41, "kswapd: run 2 scanned 1+3+6+9 more");
	TAP_EQ_U64(vm(&t, PGSTEAL_KSWAPD), 16, "kswapd: run 2 reclaimed P0-P15, seen once before");
	TAP_EQ_U64(vm(&t, PSWPOUT), 16, "kswapd: 16 pages written to swap");
	TAP_EQ_U64(mem(&t).free, 54, "kswapd: free 38 + 16 = 54");
	TAP_OK(vm(&t, ALLOCSTALL) == 0 && vm(&t, PGSCAN_DIRECT) == 0,
	       "kswapd: free never fell to min: no direct reclaim");
	p = proc(&t, 0);
	TAP_OK(p.rss_anon == 10 && p.swapents == 16, "kswapd: P16-P25 resident, 16 swapped");
	TAP_EQ_U64(area(&t, 0).inuse, 16, "kswapd: 16 slots in use");
	scn_end(&t);
}

/* ---- scenario 1: a page swapped out and faulted back --------------------------- */

static void test_swap_in(void)
{
	struct sim_config cfg;
	struct sim_process_stats p;
	struct counters c;
	struct scn t;

	config(&cfg, 0);     /* page_cluster 0: no readahead */
	add_swap(&cfg, 129, SIM_PRIO_AUTO, false);
	if (!scn_start(&t, "swap-in", &cfg))
		return;
	fill_33(&t);
	c = snap(&t);
	rd(&t, 1, 0, 1);
	p = proc(&t, 0);
	TAP_EQ_U64(DELTA(&t, c, PGMAJFAULT), 1, "swap-in: reading P0 back is a major fault");
	TAP_EQ_U64(p.majflt, 1, "swap-in: ... the process's majflt 1");
	TAP_EQ_U64(DELTA(&t, c, PGFAULT), 1, "swap-in: ... one pgfault");
	TAP_EQ_U64(DELTA(&t, c, PSWPIN), 1, "swap-in: pswpin 1 (no readahead)");
	TAP_EQ_U64(DELTA(&t, c, PGPGIN), 4, "swap-in: pgpgin 4 KiB");
	TAP_OK(p.rss_anon == 3 && p.swapents == 30, "swap-in: rss 3, swapents 30");
	/* A read fault, swap 31/128 used (not over half): the page stays in the
	 * swap cache and keeps its slot, which no PTE refers to any more. */
	TAP_EQ_U64(mem(&t).swapcache, 1, "swap-in: the page came through the swap cache and stays there");
	TAP_EQ_U64(area(&t, 0).inuse, 31, "swap-in: its slot is kept for the cached copy");
	TAP_EQ_U64(area(&t, 0).inuse, p.swapents + 1,
		   "swap-in: inuse = swapents 30 + 1 slot held only by the swap cache");
	c = snap(&t);
	rd(&t, 1, 0, 1);
	wr(&t, 1, 0, 1);
	/* The swap PTE was exclusive, so do_swap_page mapped it writable. */
	TAP_EQ_U64(DELTA(&t, c, PGFAULT), 0, "swap-in: reading and writing P0 again: no fault");
	c = snap(&t);
	wr(&t, 1, 1, 1);
	p = proc(&t, 0);
	TAP_EQ_U64(DELTA(&t, c, PGMAJFAULT), 1, "swap-in: writing swapped P1 is a major fault");
	TAP_EQ_U64(DELTA(&t, c, PSWPIN), 1, "swap-in: ... pswpin 1");
	TAP_EQ_U64(DELTA(&t, c, PGREUSE), 0, "swap-in: ... mapped writable at once: no do_wp_page, no pgreuse");
	/* A write fault with the page's refcount 1 + 1: folio_free_swap frees the slot. */
	TAP_EQ_U64(area(&t, 0).inuse, 30, "swap-in: the write fault freed P1's slot");
	TAP_EQ_U64(mem(&t).swapcache, 1, "swap-in: only P0 is still in the swap cache");
	TAP_OK(p.rss_anon == 4 && p.swapents == 29 && p.majflt == 2, "swap-in: rss 4, swapents 29, majflt 2");
	TAP_EQ_U64(area(&t, 0).inuse, p.swapents + 1, "swap-in: inuse = swapents 29 + P0's cache-only slot");
	scn_end(&t);
}

/* ---- scenario 4: vm_swap_full ----------------------------------------------------- */

/*
 * 32 usable slots, 31 in use: nr_swap_pages 1, and 1 * 2 < 32, so swap is
 * "full" (more than half used).  Each read fault then frees the slot of the
 * page it brings in (should_try_to_free_swap), until free slots * 2 >= 32.
 */
static void test_swap_full(void)
{
	struct sim_config cfg;
	struct scn t;

	config(&cfg, 0);
	add_swap(&cfg, 33, SIM_PRIO_AUTO, false);
	if (!scn_start(&t, "swap full", &cfg))
		return;
	fill_33(&t);
	TAP_OK(area(&t, 0).pages == 32 && area(&t, 0).inuse == 31, "swap full: 31 of 32 slots used");
	rd(&t, 1, 0, 1);
	TAP_EQ_U64(area(&t, 0).inuse, 30, "swap full: the read fault freed P0's slot");
	TAP_EQ_U64(mem(&t).swapcache, 0, "swap full: ... and dropped the swap-cache copy");
	/* 14 more: before the read of P14, 15 slots are free and 30 < 32: freed,
	 * leaving 16 in use. */
	for (uint64_t i = 1; i <= 14; i++)
		rd(&t, 1, i, 1);
	TAP_EQ_U64(area(&t, 0).inuse, 16, "swap full: P1-P14 read back, each slot freed: 16 left");
	TAP_EQ_U64(mem(&t).swapcache, 0, "swap full: nothing kept in the swap cache");
	/* Now 16 free: 16 * 2 < 32 is false, swap is not full: the cache keeps P15. */
	rd(&t, 1, 15, 1);
	TAP_EQ_U64(area(&t, 0).inuse, 16, "swap full: half free, no longer full: P15 keeps its slot");
	TAP_EQ_U64(mem(&t).swapcache, 1, "swap full: ... in the swap cache");
	TAP_EQ_U64(mem(&t).free, 62 - 16, "swap full: 16 pages read in");
	scn_end(&t);
}

/* ---- scenario 2: fork and a shared slot ----------------------------------------- */

static void test_fork_shared_slot(void)
{
	/* 129 slots: 31/128 used.  33 slots: 31/32 used, vm_swap_full. */
	static const struct {
		uint64_t slots;
		uint64_t inuse_parent, cache_parent;   /* after the parent's read */
		uint64_t inuse_child, cache_child;     /* after the child's */
	} cases[] = {
		/* count 2 -> 1 -> 0; a read fault on swap not full keeps the cache
		 * copy, and with it the slot */
		{ 129, 31, 1, 31, 1 },
		/* the parent's read leaves count 1: folio_free_swap cannot free it;
		 * the child's read drops it to 0 and swap is full: freed */
		{ 33, 31, 1, 30, 0 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct sim_config cfg;
		struct sim_process_stats parent, child;
		struct counters c;
		struct scn t;
		char name[64];

		snprintf(name, sizeof(name), "fork, %" PRIu64 " slots", cases[i].slots);
		config(&cfg, 0);
		add_swap(&cfg, cases[i].slots, SIM_PRIO_AUTO, false);
		if (!scn_start(&t, name, &cfg))
			continue;
		fill_33(&t);
		fork_to(&t, 1, 2);
		parent = proc(&t, 0);
		child = proc(&t, 1);
		TAP_OK(parent.swapents == 31 && child.swapents == 31,
		       "%s: both have the 31 swap PTEs (each slot's count is 2)", name);
		TAP_EQ_U64(child.rss_anon, 2, "%s: the child maps P31 and P32 (COW)", name);
		TAP_EQ_U64(area(&t, 0).inuse, 31, "%s: still 31 slots", name);
		c = snap(&t);
		rd(&t, 1, 0, 1);
		TAP_EQ_U64(DELTA(&t, c, PGMAJFAULT), 1, "%s: the parent's read of P0 is a major fault", name);
		TAP_EQ_U64(DELTA(&t, c, PSWPIN), 1, "%s: ... and reads it (pswpin 1)", name);
		TAP_EQ_U64(area(&t, 0).inuse, cases[i].inuse_parent, "%s: slots after the parent's read", name);
		TAP_EQ_U64(mem(&t).swapcache, cases[i].cache_parent, "%s: swap cache after the parent's read",
			   name);
		rd(&t, 2, 0, 1);
		child = proc(&t, 1);
		TAP_EQ_U64(DELTA(&t, c, PGMAJFAULT), 1, "%s: the child's read found the swap cache: no major fault",
			   name);
		TAP_EQ_U64(DELTA(&t, c, PSWPIN), 1, "%s: ... no second read", name);
		TAP_OK(child.minflt == 1 && child.majflt == 0, "%s: the child counts a minor fault", name);
		TAP_OK(child.swapents == 30 && child.rss_anon == 3, "%s: child swapents 30, rss 3", name);
		TAP_EQ_U64(area(&t, 0).inuse, cases[i].inuse_child, "%s: slots after the child's read", name);
		TAP_EQ_U64(mem(&t).swapcache, cases[i].cache_child, "%s: swap cache after the child's read", name);
		TAP_EQ_U64(mem(&t).free, 61, "%s: one page shared by both", name);
		/* The child goes: each of its 30 swap PTEs drops a count 2 to 1,
		 * the parent's; P0 is still mapped by the parent, so its cached
		 * copy (if any) stays: no slot is freed.  The parent goes:
		 * everything is. */
		quit(&t, 2);
		TAP_EQ_U64(area(&t, 0).inuse, cases[i].inuse_child,
			   "%s: the child's exit frees no slot, the parent still refers to them", name);
		TAP_EQ_U64(proc(&t, 0).swapents, 30, "%s: the parent's 30 swap entries stay", name);
		quit(&t, 1);
		TAP_OK(area(&t, 0).inuse == 0 && mem(&t).swapcache == 0 && mem(&t).free == RAM,
		       "%s: both gone: no slot, no cached page, all RAM free", name);
		scn_end(&t);
	}
}

/* ---- scenario 3: write after swap-in, copy against reuse ---------------------- */

static void test_cow(void)
{
	struct sim_config cfg;
	struct sim_process_stats parent, child;
	struct counters c;
	struct scn t;

	config(&cfg, 0);
	add_swap(&cfg, 129, SIM_PRIO_AUTO, false);
	if (!scn_start(&t, "cow", &cfg))
		return;
	fill_33(&t);
	/* An exclusive swap PTE (E set at swap-out): do_swap_page maps it
	 * writable and dirty itself; the write never reaches do_wp_page. */
	c = snap(&t);
	wr(&t, 1, 0, 1);
	TAP_EQ_U64(DELTA(&t, c, PGFAULT), 1, "cow: writing exclusive swapped P0: one fault");
	TAP_EQ_U64(DELTA(&t, c, PGMAJFAULT), 1, "cow: ... major");
	TAP_EQ_U64(DELTA(&t, c, PGREUSE), 0, "cow: ... made writable in do_swap_page, no pgreuse");
	TAP_EQ_U64(area(&t, 0).inuse, 30, "cow: ... and its slot freed (write fault, refcount 1 + 1)");
	c = snap(&t);
	wr(&t, 1, 0, 1);
	TAP_EQ_U64(DELTA(&t, c, PGFAULT), 0, "cow: writing P0 again: no fault");

	/* fork: P0, P31, P32 shared read-only; P1-P30 swap PTEs, count 2, E cleared. */
	fork_to(&t, 1, 2);
	c = snap(&t);
	wr(&t, 1, 1, 1);
	parent = proc(&t, 0);
	/* do_swap_page reads P1 (count 2 -> 1, the slot still referenced, so the
	 * cache keeps it); not exclusive: mapped read-only, then do_wp_page:
	 * refcount = map + cache = 2, folio_free_swap fails (the child's count),
	 * so wp_can_reuse_anon_folio says no: copy. */
	TAP_EQ_U64(DELTA(&t, c, PGMAJFAULT), 1, "cow: the parent's write to shared swapped P1 is major");
	TAP_EQ_U64(DELTA(&t, c, PGFAULT), 1, "cow: ... one fault");
	TAP_EQ_U64(DELTA(&t, c, PGREUSE), 0, "cow: ... copied, not reused");
	TAP_EQ_U64(DELTA(&t, c, PGALLOC), 2, "cow: ... two pages: the swapped-in one and the copy");
	TAP_OK(parent.rss_anon == 4 && parent.swapents == 29, "cow: parent rss 4 (P0, P1 copy, P31, P32), swapents 29");
	TAP_EQ_U64(mem(&t).swapcache, 1, "cow: the swapped-in P1 stays in the swap cache for the child");
	TAP_EQ_U64(area(&t, 0).inuse, 30, "cow: P1's slot is still the child's");
	c = snap(&t);
	rd(&t, 2, 1, 1);
	TAP_OK(DELTA(&t, c, PGMAJFAULT) == 0 && DELTA(&t, c, PGFAULT) == 1,
	       "cow: the child's read of P1 is served by the swap cache: minor");
	wr(&t, 2, 1, 1);
	child = proc(&t, 1);
	/* Read-only and not exclusive; refcount map + cache = 2 <= 1 + 1;
	 * folio_free_swap succeeds (count 0): refcount 1, reuse. */
	TAP_EQ_U64(DELTA(&t, c, PGREUSE), 1, "cow: the child's write reuses the page (pgreuse 1)");
	TAP_EQ_U64(DELTA(&t, c, PGALLOC), 0, "cow: ... no copy");
	TAP_EQ_U64(area(&t, 0).inuse, 29, "cow: ... and freed the slot");
	TAP_EQ_U64(mem(&t).swapcache, 0, "cow: ... and the swap-cache copy");
	TAP_OK(child.minflt == 2 && child.majflt == 0, "cow: the child's two faults were minor");

	/* Plain COW of a present page: P0 is shared by both since the fork. */
	c = snap(&t);
	wr(&t, 2, 0, 1);
	TAP_OK(DELTA(&t, c, PGALLOC) == 1 && DELTA(&t, c, PGREUSE) == 0,
	       "cow: the child's write to shared P0 copies it");
	wr(&t, 1, 0, 1);
	TAP_OK(DELTA(&t, c, PGALLOC) == 1 && DELTA(&t, c, PGREUSE) == 1,
	       "cow: the parent, its last user, then reuses it (pgreuse 1, no copy)");
	scn_end(&t);
}

/* ---- scenario 5: readahead --------------------------------------------------------- */

/*
 * The first fault after fill_33 (P<i> in slot i + 1, the global and VMA hit
 * counts at their start value 4): window hits + 2 = 6, rounded up to 8,
 * clamped to 2^page_cluster.  Cluster readahead reads the aligned block
 * around the slot (slot 0, the header, skipped); VMA readahead reads the
 * swap PTEs of [fault - (win - 1) / 2, + win) inside the VMA (pages 0-63)
 * and its 2 MiB block.  Every page read besides the target counts swap_ra.
 */
static void test_readahead_window(void)
{
	static const struct {
		enum sim_readahead mode;
		bool rotational;
		int page_cluster;
		uint64_t page;
		uint64_t pswpin, swap_ra;
		const char *why;
	} cases[] = {
		{ SIM_RA_CLUSTER, true, 3, 0, 7, 6, "slots 0-7, the header skipped: P0-P6" },
		{ SIM_RA_AUTO, true, 3, 0, 7, 6, "a rotational area active: cluster readahead" },
		{ SIM_RA_CLUSTER, false, 3, 0, 7, 6, "cluster readahead asked for on an SSD" },
		{ SIM_RA_AUTO, false, 3, 0, 5, 4, "VMA: [P-3, P5) inside the VMA: P0-P4" },
		{ SIM_RA_VMA, true, 3, 0, 5, 4, "VMA readahead asked for on a rotational area" },
		{ SIM_RA_CLUSTER, true, 3, 10, 8, 7, "slot 11: block 8-15 = P7-P14" },
		{ SIM_RA_AUTO, false, 3, 10, 8, 7, "VMA: [P7, P15)" },
		{ SIM_RA_CLUSTER, true, 3, 28, 8, 7, "slot 29: block 24-31 = P23-P30" },
		{ SIM_RA_AUTO, false, 3, 28, 6, 5, "VMA: [P25, P33), P31-P32 are present" },
		{ SIM_RA_CLUSTER, true, 2, 0, 3, 2, "window 4: slots 1-3" },
		{ SIM_RA_VMA, false, 2, 0, 3, 2, "window 4: [P-1, P3) = P0-P2" },
		{ SIM_RA_CLUSTER, true, 1, 0, 1, 0, "window 2: slots 0-1, only slot 1" },
		{ SIM_RA_VMA, false, 1, 0, 2, 1, "window 2: [P0, P2)" },
		{ SIM_RA_CLUSTER, true, 0, 0, 1, 0, "page_cluster 0: no readahead" },
		{ SIM_RA_AUTO, false, 0, 0, 1, 0, "page_cluster 0: no readahead" },
	};
	static const char *const modes[] = { "auto", "cluster", "vma" };

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct sim_config cfg;
		struct counters c;
		struct scn t;
		char name[96];

		snprintf(name, sizeof(name), "readahead %s, %s, page-cluster %d, P%" PRIu64,
			 modes[cases[i].mode], cases[i].rotational ? "rotational" : "SSD",
			 cases[i].page_cluster, cases[i].page);
		config(&cfg, cases[i].page_cluster);
		cfg.readahead = cases[i].mode;
		add_swap(&cfg, 129, SIM_PRIO_AUTO, cases[i].rotational);
		if (!scn_start(&t, name, &cfg))
			continue;
		fill_33(&t);
		c = snap(&t);
		rd(&t, 1, cases[i].page, 1);
		TAP_EQ_U64(DELTA(&t, c, PSWPIN), cases[i].pswpin, "%s: pswpin (%s)", name, cases[i].why);
		TAP_EQ_U64(DELTA(&t, c, SWAP_RA), cases[i].swap_ra, "%s: swap_ra", name);
		TAP_EQ_U64(DELTA(&t, c, PGMAJFAULT), 1, "%s: one major fault", name);
		TAP_EQ_U64(mem(&t).swapcache, cases[i].pswpin, "%s: every page read is in the swap cache", name);
		TAP_EQ_U64(area(&t, 0).inuse, 31, "%s: no slot freed", name);
		scn_end(&t);
	}
}

static void test_cluster_readahead(void)
{
	struct sim_config cfg;
	struct scn t;

	config(&cfg, 3);
	cfg.readahead = SIM_RA_CLUSTER;
	add_swap(&cfg, 129, SIM_PRIO_AUTO, true);
	if (!scn_start(&t, "cluster readahead", &cfg))
		return;
	fill_33(&t);
	/* Global hits 4 -> window 8: slots 1-7 (P0-P6); hits read and zeroed. */
	rd(&t, 1, 0, 1);
	TAP_OK(vm(&t, PSWPIN) == 7 && vm(&t, SWAP_RA) == 6, "cluster readahead: P0's fault reads P0-P6");
	/* Each of P1-P6 is found with PG_readahead: a hit, minor. */
	rd(&t, 1, 1, 6);
	TAP_EQ_U64(vm(&t, SWAP_RA_HIT), 6, "cluster readahead: P1-P6 are readahead hits");
	TAP_EQ_U64(vm(&t, PGMAJFAULT), 1, "cluster readahead: ... minor faults");
	TAP_EQ_U64(vm(&t, PSWPIN), 7, "cluster readahead: ... nothing read");
	/* Hits 6: 8 pages, window 8: slots 8-15 = P7-P14. */
	rd(&t, 1, 7, 1);
	TAP_EQ_U64(vm(&t, PSWPIN), 15, "cluster readahead: P7's fault reads the block of slots 8-15");
	TAP_EQ_U64(vm(&t, SWAP_RA), 13, "cluster readahead: ... 7 of them ahead");
	/* No hit since: 1 page (slot 24 is not next to prev_offset 0), but not
	 * below half the last window: 4, slots 24-27 = P23-P26. */
	rd(&t, 1, 23, 1);
	TAP_EQ_U64(vm(&t, PSWPIN), 19, "cluster readahead: no hits: the window halves to 4");
	TAP_EQ_U64(vm(&t, SWAP_RA), 16, "cluster readahead: ... 3 ahead");
	/* Again no hit, slot 28 not next to 24: half of 4, slots 28-29. */
	rd(&t, 1, 27, 1);
	TAP_OK(vm(&t, PSWPIN) == 21 && vm(&t, SWAP_RA) == 17, "cluster readahead: then to 2 (P27-P28)");
	/* Slot 30 not next to 28: half of 2 is 1: no readahead at all. */
	rd(&t, 1, 29, 1);
	TAP_OK(vm(&t, PSWPIN) == 22 && vm(&t, SWAP_RA) == 17, "cluster readahead: then to 1 (P29 only)");
	TAP_EQ_U64(vm(&t, PGMAJFAULT), 5, "cluster readahead: 5 major faults in all");
	TAP_EQ_U64(vm(&t, SWAP_RA_HIT), 6, "cluster readahead: 6 hits in all");
	/* 11 pages mapped (P0-P7, P23, P27, P29), 11 read ahead and unmapped. */
	TAP_EQ_U64(proc(&t, 0).swapents, 20, "cluster readahead: 20 swap PTEs left");
	TAP_EQ_U64(mem(&t).swapcache, 22, "cluster readahead: all 22 pages read are in the swap cache");
	TAP_EQ_U64(area(&t, 0).inuse, 31, "cluster readahead: inuse = 20 swap PTEs + 11 cache-only slots");
	TAP_EQ_U64(mem(&t).free, 40, "cluster readahead: free 62 - 22 = 40, never below low at an allocation");
	scn_end(&t);
}

static void test_vma_readahead(void)
{
	struct sim_config cfg;
	struct scn t;

	config(&cfg, 3);
	add_swap(&cfg, 129, SIM_PRIO_AUTO, false);   /* no rotational area: VMA readahead */
	if (!scn_start(&t, "VMA readahead", &cfg))
		return;
	fill_33(&t);
	/* Empty state reads as hits 4: window 8, 3 before: [P-3, P5) clipped to P0-P4. */
	rd(&t, 1, 0, 1);
	TAP_OK(vm(&t, PSWPIN) == 5 && vm(&t, SWAP_RA) == 4, "VMA readahead: P0's fault reads P0-P4");
	rd(&t, 1, 1, 4);
	TAP_EQ_U64(vm(&t, SWAP_RA_HIT), 4, "VMA readahead: P1-P4 are hits (VMA hits 4)");
	/* One page above the last: forward; hits 4 -> 8, not below 8 / 2: P5-P12. */
	rd(&t, 1, 5, 1);
	TAP_OK(vm(&t, PSWPIN) == 13 && vm(&t, SWAP_RA) == 11, "VMA readahead: P5 reads forward, P5-P12");
	rd(&t, 1, 6, 7);
	TAP_EQ_U64(vm(&t, SWAP_RA_HIT), 11, "VMA readahead: P6-P12 are hits");
	/* Hits 7: 9 rounds up to 16, clamped to 8: P13-P20. */
	rd(&t, 1, 13, 1);
	TAP_OK(vm(&t, PSWPIN) == 21 && vm(&t, SWAP_RA) == 18, "VMA readahead: P13 reads P13-P20");
	TAP_EQ_U64(vm(&t, PGMAJFAULT), 3, "VMA readahead: 3 major faults for 14 pages");
	TAP_EQ_U64(mem(&t).free, 41, "VMA readahead: free 62 - 21");
	scn_end(&t);

	/* Backward: a fault one page below the last one. */
	config(&cfg, 3);
	add_swap(&cfg, 129, SIM_PRIO_AUTO, false);
	if (!scn_start(&t, "VMA readahead backward", &cfg))
		return;
	fill_33(&t);
	rd(&t, 1, 20, 1);      /* window 8 around P20: [P17, P25) */
	TAP_OK(vm(&t, PSWPIN) == 8 && vm(&t, SWAP_RA) == 7, "VMA readahead backward: P20 reads P17-P24");
	rd(&t, 1, 17, 1);      /* a hit: state P17, hits 1 */
	TAP_EQ_U64(vm(&t, SWAP_RA_HIT), 1, "VMA readahead backward: P17 is a hit");
	/* P16 = last - 1: backward; hits 1 -> 3 -> 4, not below 8 / 2: P13-P16. */
	rd(&t, 1, 16, 1);
	TAP_OK(vm(&t, PSWPIN) == 12 && vm(&t, SWAP_RA) == 10, "VMA readahead backward: P16 reads P13-P16");
	scn_end(&t);
}

/* ---- scenario 9: priorities ----------------------------------------------------------- */

static void test_priorities(void)
{
	static const struct {
		const char *name;
		uint64_t slots[2];
		int32_t prio[2];
		int32_t want_prio[2];
		uint64_t inuse[2];
	} cases[] = {
		/* Equal: each get_swap_pages(1) requeues the area behind its peer. */
		{ "equal priorities take turns", { 129, 129 }, { 5, 5 }, { 5, 5 }, { 16, 15 } },
		/* The higher (area 1, 10 usable) first; area 0 only once it is full. */
		{ "the higher priority fills first", { 129, 11 }, { 5, 10 }, { 5, 10 }, { 21, 10 } },
		/* Automatic: -2 then -3; all from the higher. */
		{ "automatic priorities", { 129, 129 }, { SIM_PRIO_AUTO, SIM_PRIO_AUTO }, { -2, -3 }, { 31, 0 } },
		/* 1024 free slots > 5 * 64: the slot cache takes 64 from one area. */
		{ "equal, slot cache on: per refill", { 513, 513 }, { 5, 5 }, { 5, 5 }, { 64, 0 } },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct sim_config cfg;
		struct scn t;

		config(&cfg, 0);
		add_swap(&cfg, cases[i].slots[0], cases[i].prio[0], false);
		add_swap(&cfg, cases[i].slots[1], cases[i].prio[1], false);
		if (!scn_start(&t, cases[i].name, &cfg))
			continue;
		fill_33(&t);
		for (size_t a = 0; a < 2; a++) {
			TAP_EQ_INT(area(&t, a).prio, cases[i].want_prio[a], "%s: area %zu priority", cases[i].name, a);
			TAP_EQ_U64(area(&t, a).inuse, cases[i].inuse[a], "%s: area %zu slots in use",
				   cases[i].name, a);
		}
		TAP_EQ_U64(proc(&t, 0).swapents, 31, "%s: 31 pages swapped", cases[i].name);
		scn_end(&t);
	}

	/* swapoff of an automatic priority raises the lower ones; swapon takes the next. */
	{
		struct sim_config cfg;
		struct scn t;

		config(&cfg, 0);
		add_swap(&cfg, 129, SIM_PRIO_AUTO, false);
		add_swap(&cfg, 129, SIM_PRIO_AUTO, false);
		if (!scn_start(&t, "automatic priorities renumbered", &cfg))
			return;
		swap_off(&t, 0);
		TAP_EQ_INT(area(&t, 1).prio, -2, "automatic priorities: swapoff of -2 raises -3 to -2");
		swap_on(&t, 0);
		TAP_EQ_INT(area(&t, 0).prio, -3, "automatic priorities: swapon again gives -3");
		scn_end(&t);
	}
}

/* ---- scenario 8: bad pages --------------------------------------------------------- */

static void test_bad_pages(void)
{
	static const uint32_t bad3[] = { 3, 5, 16 }, bad2[] = { 1, 2 };
	static const struct {
		uint64_t slots;
		const uint32_t *bad;
		size_t nr_bad;
		uint64_t pages;   /* slots - header - bad */
	} sizes[] = {
		{ 10, NULL, 0, 9 },
		{ 17, bad3, 3, 13 },
		{ 4, bad2, 2, 1 },
	};
	struct sim_config cfg;
	struct scn t;
	uint64_t over = 0;

	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		struct sim *s;
		struct sim_swap_stats a;
		char err[256];

		config(&cfg, 0);
		add_swap(&cfg, sizes[i].slots, SIM_PRIO_AUTO, false);
		cfg.swaps[0].badpages = sizes[i].bad;
		cfg.swaps[0].nr_badpages = sizes[i].nr_bad;
		s = sim_new(&cfg, err, sizeof(err));
		if (!TAP_OK(s != NULL, "bad pages: %" PRIu64 " slots, %zu bad: made", sizes[i].slots, sizes[i].nr_bad))
			continue;
		sim_swap_stats(s, 0, &a);
		TAP_EQ_U64(a.pages, sizes[i].pages, "bad pages: %" PRIu64 " slots - header - %zu bad",
			   sizes[i].slots, sizes[i].nr_bad);
		sim_free(s);
	}

	/*
	 * 13 usable slots: fill_33's reclaim at priority 0 swaps P0-P12 out, then
	 * finds no slot for P13-P30 and activates them (pgactivate 18); it
	 * returns 13, free 45, P32 taken: free 44.
	 */
	config(&cfg, 0);
	add_swap(&cfg, 17, SIM_PRIO_AUTO, false);
	cfg.swaps[0].badpages = bad3;
	cfg.swaps[0].nr_badpages = ARRAY_SIZE(bad3);
	if (!scn_start(&t, "bad pages", &cfg))
		return;
	fill_33(&t);
	TAP_EQ_U64(area(&t, 0).inuse, 13, "bad pages: the 13 good slots all used");
	TAP_EQ_U64(vm(&t, PSWPOUT), 13, "bad pages: 13 pages written");
	TAP_EQ_U64(vm(&t, PGACTIVATE), 18, "bad pages: P13-P30 found no slot and were activated");
	TAP_OK(proc(&t, 0).swapents == 13 && proc(&t, 0).rss_anon == 20, "bad pages: 13 swapped, 20 resident");
	/* Swap full: reading P0 back frees its slot; then more writes, one an
	 * event, with kswapd and reclaim free to use that slot again. */
	rd(&t, 1, 0, 1);
	TAP_EQ_U64(area(&t, 0).inuse, 12, "bad pages: P0's slot freed (swap full)");
	for (uint64_t i = 33; i < 41; i++) {
		wr(&t, 1, i, 1);
		if (area(&t, 0).inuse > 13)
			over++;
	}
	TAP_EQ_U64(over, 0, "bad pages: usage never went past the 13 good slots");
	scn_end(&t);
}

/* ---- the slot cache ------------------------------------------------------------------- */

/*
 * 1024 usable slots: more than 5 * 64 free, the slot cache is on.  The first
 * allocation takes a batch of 64 slots, all counted as used; a freed slot
 * waits in the return buffer, still used, until 64 have gathered.
 */
static void test_slot_cache(void)
{
	struct sim_config cfg;
	struct sim_process_stats p;
	struct counters c;
	struct scn t;

	config(&cfg, 0);
	add_swap(&cfg, 1025, SIM_PRIO_AUTO, false);
	if (!scn_start(&t, "slot cache", &cfg))
		return;
	fill_33(&t);
	TAP_EQ_U64(area(&t, 0).inuse, 64, "slot cache: a batch of 64 taken for 31 pages");
	TAP_EQ_U64(proc(&t, 0).swapents, 31, "slot cache: 31 pages swapped");
	unmap(&t, 1, 0, 10);
	TAP_EQ_U64(proc(&t, 0).swapents, 21, "slot cache: munmap of P0-P9 dropped 10 swap entries");
	TAP_EQ_U64(area(&t, 0).inuse, 64, "slot cache: ... whose slots wait in the return buffer");
	/*
	 * P33-P63 in one event.  Allocations 1-22 (free 62..41) fast, 23 wakes
	 * kswapd, 24-30 at min, 31 (P63) reclaims directly.  Inactive: P62..P33,
	 * then P32 (accessed), P31 (referenced, not accessed) at the tail.
	 *   prio 5   1 page: P31 RECLAIM.
	 *   prio 4   31 >> 4 = 1: P32 KEEP.   prio 3: P33-P35 KEEP.
	 *   prio 2   7: P36-P42 KEEP.         prio 1: 15: P43-P57 KEEP.
	 *   prio 0   31: P58-P62 (never scanned) KEEP; P32-P57 RECLAIM (26).
	 * 27 reclaimed, all from the 33 slots left in the batch: no refill.
	 * Free 32 + 27 = 59, P63 taken: 58; kswapd then finds free > high.
	 */
	c = snap(&t);
	wr(&t, 1, 33, 31);
	p = proc(&t, 0);
	TAP_EQ_U64(DELTA(&t, c, PSWPOUT), 27, "slot cache: the second reclaim wrote P31-P57");
	TAP_EQ_U64(DELTA(&t, c, ALLOCSTALL), 1, "slot cache: ... in one direct reclaim");
	TAP_OK(p.swapents == 48 && p.rss_anon == 6, "slot cache: 48 swapped, P58-P63 resident");
	TAP_EQ_U64(mem(&t).free, 58, "slot cache: free 58");
	TAP_EQ_U64(DELTA(&t, c, PAGEOUTRUN), 1, "slot cache: kswapd ran after the event");
	/* Kernel: the 10 returned slots wait until 64 have gathered
	 * (free_swap_slot); nothing else drains the buffer but a deactivation
	 * of the cache or swapoff - not kswapd.  The 27 new slots came out of
	 * the batch already counted.  So 64. */
	TAP_EQ_U64(area(&t, 0).inuse, 64,
		   "slot cache: still 64 in use - the return buffer is not drained when kswapd sleeps");
	scn_end(&t);
}

/*
 * The return buffer holds 64 entries: free_swap_slot hands them back when a
 * 65th arrives (n_ret >= SWAP_SLOTS_CACHE_SIZE, before adding the new one).
 * 140 pages written into 64 pages of RAM: at least 76 in swap; then munmap,
 * one page an event (no allocation: kswapd is never woken), counting the
 * swap entries dropped.
 */
static void test_slot_return_batch(void)
{
	struct sim_config cfg;
	struct sim_process_stats p;
	uint64_t inuse, freed = 0, page = 0, before;
	struct scn t;

	config(&cfg, 0);
	add_swap(&cfg, 1025, SIM_PRIO_AUTO, false);
	if (!scn_start(&t, "slot return buffer", &cfg))
		return;
	spawn(&t, 1);
	map_anon(&t, 1, 0, 256, RW);
	wr(&t, 1, 0, 140);
	p = proc(&t, 0);
	TAP_OK(p.alive && p.swapents + p.rss_anon == 140 && p.swapents >= 140 - RAM,
	       "slot return buffer: 140 pages written, %" PRIu64 " of them swapped", p.swapents);
	inuse = area(&t, 0).inuse;
	before = p.swapents;
	while (freed < 64 && page < 140) {
		unmap(&t, 1, page++, 1);
		freed = before - proc(&t, 0).swapents;
	}
	TAP_EQ_U64(freed, 64, "slot return buffer: 64 swap entries dropped");
	TAP_EQ_U64(area(&t, 0).inuse, inuse, "slot return buffer: 64 waiting, none freed yet");
	while (freed < 65 && page < 140) {
		unmap(&t, 1, page++, 1);
		freed = before - proc(&t, 0).swapents;
	}
	TAP_EQ_U64(area(&t, 0).inuse, inuse - 64, "slot return buffer: the 65th sends the 64 back");
	scn_end(&t);
}

/* ---- scenario 7: OOM ------------------------------------------------------------------ */

/*
 * 64 pages of RAM and 16 usable slots; one event writes 100 pages.
 * Reclaim 1 (fault 33): as in fill_33 up to priority 0, which isolates P31
 * (KEEP) and P0-P30: P0-P15 get the 16 slots, P16-P30 find none and are
 * activated (pgactivate 15).  16 reclaimed, free 48, P32 taken: 47.
 * Swap is now full but present.  shrink_lruvec then ages the active anon
 * list when swap is present (can_age_anon_pages: total_swap_pages > 0) and
 * inactive anon is low (1 < 15): all 15 deactivated (pgrefill 15,
 * pgdeactivate 15).
 * P33-P47: free 47..33, free 32.  Fault 49 (P48) reclaims again: no free
 * slot, so SCAN_FILE, and no file page: nothing.  No progress: the pass is
 * retried with a full memcg walk (another allocstall), nothing again.
 * should_reclaim_retry: free 32 + reclaimable 0 (anon only counts with swap
 * free) does not pass min: OOM.  The one process (rss 32 + 16 swap entries)
 * is killed; the fault that asked fails with VM_FAULT_OOM and is still
 * counted in pgfault ("errors included").
 */
static void test_oom(void)
{
	struct sim_config cfg;
	struct sim_process_stats p;
	struct scn t;

	config(&cfg, 0);
	add_swap(&cfg, 17, SIM_PRIO_AUTO, false);
	if (!scn_start(&t, "OOM", &cfg))
		return;
	spawn(&t, 1);
	map_anon(&t, 1, 0, 128, RW);
	wr(&t, 1, 0, 100);
	p = proc(&t, 0);
	TAP_EQ_U64(vm(&t, OOM_KILL), 1, "OOM: oom_kill 1");
	TAP_OK(p.killed && !p.alive && !p.segv, "OOM: the process was killed by the OOM killer");
	TAP_EQ_U64(vm(&t, PSWPOUT), 16, "OOM: 16 pages went to the 16 slots");
	TAP_EQ_U64(vm(&t, PGSTEAL_DIRECT), 16, "OOM: pgsteal_direct 16");
	TAP_EQ_U64(vm(&t, PGSCAN_DIRECT), 63, "OOM: pgscan_direct 63, all in the first reclaim");
	TAP_EQ_U64(vm(&t, PGACTIVATE), 15, "OOM: P16-P30 activated for want of a slot");
	TAP_EQ_U64(p.majflt, 0, "OOM: no major fault");
	TAP_EQ_U64(vm(&t, PGREFILL), 15,
		   "OOM: pgrefill 15 - active anon is aged while swap is present, even full");
	TAP_EQ_U64(vm(&t, PGDEACTIVATE), 15, "OOM: pgdeactivate 15 - ... the same 15 moved to inactive");
	TAP_EQ_U64(vm(&t, ALLOCSTALL), 3,
		   "OOM: allocstall 3 - reclaim 1, and reclaim 2 retried once with no progress");
	TAP_EQ_U64(vm(&t, PGFAULT), 49, "OOM: pgfault 49 - the 48 faults, and the one that failed");
	TAP_OK(area(&t, 0).inuse == 0 && mem(&t).free == RAM, "OOM: the victim's slots and pages all freed");
	TAP_EQ_U64(vm(&t, PAGEOUTRUN), 1, "OOM: kswapd ran once after the event");
	scn_end(&t);
}

/*
 * Two processes of equal badness (16 pages + 1 page table each); the third
 * allocates at free 32 = min with nothing reclaimable (no swap, no file).
 * oom_evaluate_task skips only a task whose points are BELOW the chosen
 * one's: of equal scores, the one found later in the task list (created
 * later) is chosen.
 */
static void test_oom_tie(void)
{
	struct sim_config cfg;
	struct scn t;

	config(&cfg, 0);
	if (!scn_start(&t, "OOM tie", &cfg))
		return;
	for (uint32_t pid = 1; pid <= 2; pid++) {
		spawn(&t, pid);
		map_anon(&t, pid, 0, 16, RW);
		wr(&t, pid, 0, 16);
	}
	TAP_EQ_U64(mem(&t).free, 32, "OOM tie: 32 pages used, free = min");
	spawn(&t, 3);
	map_anon(&t, 3, 0, 16, RW);
	wr(&t, 3, 0, 1);
	TAP_EQ_U64(vm(&t, OOM_KILL), 1, "OOM tie: one kill");
	TAP_OK(proc(&t, 2).alive && proc(&t, 2).rss_anon == 1, "OOM tie: the allocating process got its page");
	TAP_OK(proc(&t, 1).killed && proc(&t, 0).alive,
	       "OOM tie: of two equal scores the later process (pid 2) is killed, pid 1 lives");
	scn_end(&t);
}

/*
 * kswapd that finds the node balanced when it starts leaves at once
 * (balance_pgdat: goto out), past the kswapd_failures++ of a run that
 * reclaimed nothing.  Each cycle: Q writes 20 pages (free 44, kswapd not
 * woken); P writes 13: 4 fast (free 40), the 5th wakes kswapd, 8 at min
 * (free 32), the 13th finds nothing to reclaim (no swap, no file): OOM
 * kills Q (21 points against P's 13), free 52, P gets its page: 51.  kswapd
 * runs, balanced (51 > 48).  P exits: free 64.  No reclaim ever succeeds,
 * so nothing resets kswapd_failures: if a balanced start counted, kswapd
 * would stop being woken after 16 cycles.
 */
static void test_kswapd_balanced_is_no_failure(void)
{
	struct sim_config cfg;
	struct scn t;
	unsigned q_killed = 0;

	config(&cfg, 0);
	if (!scn_start(&t, "kswapd balanced", &cfg))
		return;
	for (uint32_t cycle = 0; cycle < 17; cycle++) {
		uint32_t q = 100 + 2 * cycle, p = q + 1;

		spawn(&t, q);
		map_anon(&t, q, 0, 32, RW);
		wr(&t, q, 0, 20);
		spawn(&t, p);
		map_anon(&t, p, 0, 32, RW);
		wr(&t, p, 0, 13);
		quit(&t, p);
	}
	for (size_t i = 0; i < sim_process_count(t.s); i += 2)
		q_killed += proc(&t, i).killed && !proc(&t, i + 1).killed;
	TAP_EQ_U64(q_killed, 17, "kswapd balanced: every cycle the OOM killer took Q, not P");
	TAP_EQ_U64(vm(&t, OOM_KILL), 17, "kswapd balanced: 17 kills");
	TAP_EQ_U64(mem(&t).free, RAM, "kswapd balanced: all RAM free at the end");
	TAP_EQ_U64(vm(&t, PAGEOUTRUN), 17,
		   "kswapd balanced: woken in all 17 cycles - a balanced start is not a failure");
	scn_end(&t);
}

/* ---- scenario 10: swapoff and swapon --------------------------------------------- */

static void test_swapoff(void)
{
	struct sim_config cfg;
	struct sim_process_stats parent, child;
	struct counters c;
	struct scn t;

	config(&cfg, 0);
	add_swap(&cfg, 129, SIM_PRIO_AUTO, false);
	if (!scn_start(&t, "swapoff", &cfg))
		return;
	fill_33(&t);
	unmap(&t, 1, 16, 15);       /* P16-P30: their 15 slots freed at once (no slot cache) */
	TAP_EQ_U64(area(&t, 0).inuse, 16, "swapoff: P0-P15 left in swap");
	fork_to(&t, 1, 2);          /* the 16 slots now have count 2 */
	c = snap(&t);
	swap_off(&t, 0);
	parent = proc(&t, 0);
	child = proc(&t, 1);
	TAP_EQ_U64(sim_swap_call_failures(t.s), 0, "swapoff: accepted (16 pages fit in 62 free)");
	TAP_OK(!area(&t, 0).active && area(&t, 0).inuse == 0, "swapoff: the area is off and empty");
	TAP_OK(parent.swapents == 0 && child.swapents == 0, "swapoff: no swap entry left in either process");
	TAP_OK(parent.rss_anon == 18 && child.rss_anon == 18, "swapoff: rss 2 + 16 in both");
	/* Each page read once: the child's PTE finds it in the swap cache. */
	TAP_EQ_U64(DELTA(&t, c, PSWPIN), 16, "swapoff: 16 pages read, one each");
	TAP_EQ_U64(DELTA(&t, c, PGMAJFAULT), 0, "swapoff: not a fault");
	TAP_OK(mem(&t).free == 46 && mem(&t).swapcache == 0, "swapoff: free 62 - 16, nothing left cached");

	/*
	 * The child goes; swapon; then P33-P47 in one event.  Free 46: 6 fast,
	 * the 7th wakes kswapd, 8 at min, the 15th (P47) reclaims.  Inactive
	 * from the head: P46..P33 (accessed), P15..P0 (mapped old by swapoff,
	 * never referenced), P32 (accessed), P31 (referenced, not accessed).
	 *   prio 5  1: P31 RECLAIM.          prio 4: 31 >> 4 = 1: P32 KEEP.
	 *   prio 3  3: P0-P2 RECLAIM.        prio 2: 28 >> 2 = 7: P3-P9 RECLAIM.
	 *   prio 1  21 >> 1 = 10: P10-P15 RECLAIM, P33-P36 KEEP.
	 *   prio 0  15: P37-P46 KEEP; P32, P33-P36 RECLAIM.
	 * 1 + 3 + 7 + 6 + 5 = 22 written (swapoff left P0-P15 dirty: their swap
	 * copies are gone).  Free 32 + 22 = 54, P47 taken: 53.
	 */
	quit(&t, 2);
	swap_on(&t, 0);
	TAP_OK(area(&t, 0).active && area(&t, 0).inuse == 0 && area(&t, 0).pages == 128,
	       "swapon: the area is back, empty, 128 pages");
	c = snap(&t);
	wr(&t, 1, 33, 15);
	parent = proc(&t, 0);
	TAP_EQ_U64(DELTA(&t, c, ALLOCSTALL), 1, "swapon: one direct reclaim");
	TAP_EQ_U64(DELTA(&t, c, PGSCAN_DIRECT), 1 + 1 + 3 + 7 + 10 + 15, "swapon: pgscan_direct 37");
	TAP_EQ_U64(DELTA(&t, c, PSWPOUT), 22, "swapon: 22 pages written to the area again");
	TAP_EQ_U64(area(&t, 0).inuse, 22, "swapon: 22 slots in use");
	TAP_OK(parent.swapents == 22 && parent.rss_anon == 11, "swapon: 22 swapped, P37-P47 resident");
	TAP_EQ_U64(mem(&t).free, 53, "swapon: free 53");
	scn_end(&t);
}

/*
 * A swapoff whose pages cannot fit in RAM and the other areas is refused:
 * 150 pages written into 64 pages of RAM leave at least 86 in swap, and
 * 86 > 64 + 0.  The run goes on.
 */
static void test_swapoff_refused(void)
{
	struct sim_config cfg;
	struct sim_process_stats p;
	struct counters c;
	uint64_t inuse;
	struct scn t;

	config(&cfg, 0);
	add_swap(&cfg, 257, SIM_PRIO_AUTO, false);
	if (!scn_start(&t, "swapoff refused", &cfg))
		return;
	spawn(&t, 1);
	map_anon(&t, 1, 0, 200, RW);
	wr(&t, 1, 0, 150);
	p = proc(&t, 0);
	TAP_OK(p.alive && p.swapents + p.rss_anon == 150 && p.swapents >= 150 - RAM,
	       "swapoff refused: %" PRIu64 " pages in swap", p.swapents);
	inuse = area(&t, 0).inuse;
	swap_off(&t, 0);
	TAP_EQ_U64(sim_swap_call_failures(t.s), 1, "swapoff refused: counted as a refused call");
	TAP_OK(area(&t, 0).active && area(&t, 0).inuse == inuse, "swapoff refused: the area is untouched");
	TAP_EQ_U64(proc(&t, 0).swapents, p.swapents, "swapoff refused: the swap entries are untouched");
	c = snap(&t);
	unmap(&t, 1, 0, 150);
	TAP_OK(area(&t, 0).inuse == 0 && proc(&t, 0).rss_anon == 0 && DELTA(&t, c, PGFREE) == p.rss_anon,
	       "swapoff refused: the run goes on (munmap frees every slot and page)");
	swap_off(&t, 0);
	TAP_OK(sim_swap_call_failures(t.s) == 1 && !area(&t, 0).active, "swapoff refused: empty, swapoff works");
	scn_end(&t);
}

/* ---- scenario 11: the plain fault paths ------------------------------------------------ */

static void test_segv_exec_zero_page(void)
{
	struct sim_config cfg;
	struct sim_process_stats p;
	struct counters c;
	struct scn t;

	config(&cfg, 0);
	if (!scn_start(&t, "faults", &cfg))
		return;
	/* No handle_mm_fault for a bad access: SIGSEGV, no pgfault. */
	spawn(&t, 1);
	rd(&t, 1, 0, 1);
	p = proc(&t, 0);
	TAP_EQ_U64(sim_segv_kills(t.s), 1, "faults: a read outside every mapping: SIGSEGV");
	TAP_OK(p.segv && !p.alive && !p.killed, "faults: ... the process is dead, by SIGSEGV, not OOM");
	wr(&t, 1, 0, 1);
	TAP_EQ_U64(sim_segv_kills(t.s), 1, "faults: a dead process's later events are moot");
	spawn(&t, 2);
	map_anon(&t, 2, 0, 4, RW);
	touch(&t, SIM_OP_EXEC, 2, 0, 1);
	TAP_EQ_U64(sim_segv_kills(t.s), 2, "faults: exec on a mapping without PROT_EXEC: SIGSEGV");
	spawn(&t, 3);
	map_anon(&t, 3, 0, 4, SIM_PROT_READ);
	wr(&t, 3, 0, 1);
	TAP_EQ_U64(sim_segv_kills(t.s), 3, "faults: a write to a read-only mapping: SIGSEGV");
	TAP_EQ_U64(vm(&t, PGFAULT), 0, "faults: none of the three counted a fault");

	/* The zero page: a read of untouched anonymous memory maps it, no RSS. */
	spawn(&t, 4);
	map_anon(&t, 4, 0, 4, RW);
	rd(&t, 4, 0, 1);
	p = proc(&t, 3);
	TAP_OK(vm(&t, PGFAULT) == 1 && p.minflt == 1, "zero page: the first read is a minor fault");
	TAP_OK(p.rss_anon == 0 && vm(&t, PGALLOC) == 0 && mem(&t).free == RAM,
	       "zero page: no page allocated, no RSS");
	rd(&t, 4, 0, 1);
	TAP_EQ_U64(vm(&t, PGFAULT), 1, "zero page: a second read is no fault");
	wr(&t, 4, 0, 1);
	p = proc(&t, 3);
	TAP_OK(vm(&t, PGFAULT) == 2 && vm(&t, PGALLOC) == 1 && p.rss_anon == 1,
	       "zero page: a write faults and gets its own page");
	TAP_EQ_U64(vm(&t, PGREUSE), 0, "zero page: ... a copy, not a reuse");

	/* Exec on an executable anonymous mapping is a read: the zero page. */
	spawn(&t, 5);
	map_anon(&t, 5, 0, 4, SIM_PROT_READ | SIM_PROT_EXEC);
	c = snap(&t);
	touch(&t, SIM_OP_EXEC, 5, 0, 1);
	TAP_OK(sim_segv_kills(t.s) == 3 && DELTA(&t, c, PGFAULT) == 1 && DELTA(&t, c, PGALLOC) == 0,
	       "faults: exec on PROT_EXEC memory: a minor fault on the zero page");
	scn_end(&t);
}

static void test_file_mappings(void)
{
	struct sim_config cfg;
	struct sim_process_stats p;
	struct counters c;
	struct scn t;

	config(&cfg, 0);
	if (!scn_start(&t, "file", &cfg))
		return;
	spawn(&t, 1);
	map_file(&t, 1, 0, 4, SIM_PROT_READ, 0, 7, 0);
	rd(&t, 1, 0, 1);
	p = proc(&t, 0);
	TAP_OK(p.majflt == 1 && p.minflt == 0, "file: the first read of a file page is a major fault");
	TAP_OK(p.rss_file == 1 && p.rss_anon == 0 && mem(&t).file == 1, "file: ... one page cache page, mapped");
	TAP_EQ_U64(vm(&t, PGMAJFAULT), 1, "file: ... counted in pgmajfault (filemap_fault, page not cached)");
	spawn(&t, 2);
	map_file(&t, 2, 100, 4, SIM_PROT_READ, 0, 7, 0);
	rd(&t, 2, 100, 1);
	p = proc(&t, 1);
	TAP_OK(p.majflt == 0 && p.minflt == 1, "file: the same page in another process: minor");
	TAP_OK(p.rss_file == 1 && mem(&t).file == 1, "file: ... the cached page, shared");
	/* A third mapper: filemap_fault finds the page with filemap_get_folio,
	 * which does not mark it accessed; only PTE references age it. */
	spawn(&t, 3);
	map_file(&t, 3, 200, 4, SIM_PROT_READ, 0, 7, 0);
	c = snap(&t);
	rd(&t, 3, 200, 1);
	TAP_EQ_U64(DELTA(&t, c, PGMAJFAULT), 0, "file: a third process's fault is minor too");
	TAP_EQ_U64(vm(&t, PGACTIVATE), 0, "file: faults on a cached page do not activate it");
	/* At file offset 2 pages: index 2, not cached yet. */
	map_file(&t, 2, 300, 2, SIM_PROT_READ, 0, 7, 2);
	rd(&t, 2, 300, 1);
	TAP_OK(proc(&t, 1).majflt == 1 && mem(&t).file == 2, "file: a mapping at offset 2 pages reads page 2");
	/* A private writable mapping: do_cow_fault reads the file page (major)
	 * and maps a private anonymous copy. */
	spawn(&t, 4);
	map_file(&t, 4, 0, 4, RW, 0, 7, 0);
	wr(&t, 4, 1, 1);
	p = proc(&t, 3);
	TAP_OK(p.majflt == 1 && p.rss_anon == 1 && p.rss_file == 0, "file: a private write maps an anonymous copy");
	TAP_OK(mem(&t).file == 3 && mem(&t).anon == 1, "file: ... of file page 1, now cached");
	/* A shared writable mapping: the page cache page itself. */
	spawn(&t, 5);
	map_file(&t, 5, 0, 4, RW, SIM_MAP_SHARED, 8, 0);
	wr(&t, 5, 0, 1);
	p = proc(&t, 4);
	TAP_OK(p.majflt == 1 && p.rss_file == 1 && p.rss_anon == 0, "file: a shared write maps the file page");
	TAP_EQ_U64(vm(&t, PGMAJFAULT), 4, "file: pgmajfault counts the 4 faults that read a file page");
	unmap(&t, 1, 0, 4);
	TAP_OK(proc(&t, 0).rss_file == 0 && mem(&t).file == 4, "file: munmap unmaps, the page cache keeps it");
	scn_end(&t);
}

static void test_munmap(void)
{
	struct sim_config cfg;
	struct counters c;
	struct scn t;

	config(&cfg, 0);
	add_swap(&cfg, 129, SIM_PRIO_AUTO, false);
	if (!scn_start(&t, "munmap", &cfg))
		return;
	fill_33(&t);
	c = snap(&t);
	unmap(&t, 1, 31, 2);
	TAP_OK(DELTA(&t, c, PGFREE) == 2 && proc(&t, 0).rss_anon == 0 && mem(&t).free == RAM,
	       "munmap: P31-P32 freed");
	unmap(&t, 1, 0, 10);
	TAP_OK(proc(&t, 0).swapents == 21 && area(&t, 0).inuse == 21, "munmap: P0-P9's swap slots freed");
	rd(&t, 1, 5, 1);
	TAP_EQ_U64(sim_segv_kills(t.s), 1, "munmap: the unmapped range is outside every mapping: SIGSEGV");
	TAP_EQ_U64(area(&t, 0).inuse, 0, "munmap: ... and the dead process's 21 slots are freed");

	/* A hole punched in the middle of a mapping. */
	spawn(&t, 2);
	map_anon(&t, 2, 100, 4, RW);
	wr(&t, 2, 100, 4);
	unmap(&t, 2, 101, 1);
	c = snap(&t);
	rd(&t, 2, 100, 1);
	rd(&t, 2, 102, 2);
	TAP_OK(DELTA(&t, c, PGFAULT) == 0 && proc(&t, 1).rss_anon == 3,
	       "munmap: the pages either side of the hole stay mapped");
	rd(&t, 2, 101, 1);
	TAP_EQ_U64(sim_segv_kills(t.s), 2, "munmap: the hole itself: SIGSEGV");
	scn_end(&t);
}

int main(void)
{
	test_watermarks();
	test_counter_names();
	test_config_refused();
	test_event_errors();
	test_direct_reclaim();
	test_kswapd();
	test_swap_in();
	test_swap_full();
	test_fork_shared_slot();
	test_cow();
	test_readahead_window();
	test_cluster_readahead();
	test_vma_readahead();
	test_priorities();
	test_bad_pages();
	test_slot_cache();
	test_slot_return_batch();
	test_oom();
	test_oom_tie();
	test_kswapd_balanced_is_no_failure();
	test_swapoff();
	test_swapoff_refused();
	test_segv_exec_zero_page();
	test_file_mappings();
	test_munmap();
	return tap_done();
}
