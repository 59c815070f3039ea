// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_page_io.c - the data behind swapsim's swap slots (engine/page_io.c):
 * stamped pageout, checked swap-in, injected I/O failures, and what
 * sim_io_finish() leaves in the backing.
 *
 * Every swap area here is backed by memory the test owns: an array of
 * 4096-byte pages per area that counts every call, so the test can read
 * each stamp the engine writes and damage slots on purpose.  The stamp is
 * decoded by the test's own code from the layout page_io.c documents
 * (magic "SWSIMPG1", then little-endian version, address, pid, type,
 * offset, write number, eight zero bytes, and FNV-1a over bytes 0-55), and
 * the failure rates are predicted with the test's own splitmix64; both
 * helpers are first checked against the published test vectors.
 *
 * Figures are worked out from the engine's rules as test_engine.c does,
 * most from its fill_33() machine: 64 pages of RAM (min 32, low 40, high
 * 48), one process writing 33 pages in one event, whose direct reclaim
 * writes P0-P30 in that order, P<i> to slot i + 1 of a fresh area of 129
 * slots, and leaves P31, P32 in memory.  Versions are drawn from one
 * counter that starts at 0: a new page takes the next one, and so does a
 * write to a clean PTE; so after fill_33 P<i> has version i + 1 and the
 * next version drawn is 34.  The write number in a stamp counts the
 * successful writes of the run, so P<i>'s first stamp has i + 1 too.
 *
 * Every machine runs with check_every_event and the test calls sim_check
 * itself after every event as well.
 */
#include <errno.h>

#include "engine/sim.h"
#include "tap.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define PS 4096u
#define BASE UINT64_C(0x40000000)            /* 1 GiB: the start of a 2 MiB PMD block */
#define PG(i) (BASE + (uint64_t)(i) * PS)    /* the address of page i of the test mappings */
#define RAM 64                               /* min 32, low 40, high 48 */
#define RW (SIM_PROT_READ | SIM_PROT_WRITE)
#define MAX_AREAS 2

/* ---- the test's own view of a stamp --------------------------------------- */

#define STAMP_BYTES 64

static uint64_t fnv1a64(const uint8_t *p, size_t n)
{
	uint64_t h = UINT64_C(14695981039346656037);

	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * UINT64_C(1099511628211);
	return h;
}

static uint64_t get_le(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static void put_le(uint8_t *p, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

struct stamp {
	uint64_t version, addr;
	uint32_t pid, type;
	uint64_t offset, writes;
};

/* A page as pageout writes it: the stamp, then zeros. */
static void stamp_make(uint8_t *page, const struct stamp *st)
{
	memset(page, 0, PS);
	memcpy(page, "SWSIMPG1", 8);
	put_le(page + 8, st->version, 8);
	put_le(page + 16, st->addr, 8);
	put_le(page + 24, st->pid, 4);
	put_le(page + 28, st->type, 4);
	put_le(page + 32, st->offset, 8);
	put_le(page + 40, st->writes, 8);
	put_le(page + 56, fnv1a64(page, 56), 8);
}

/* Whether @page is a well-formed stamp, bytes 48-55 and 64-4095 zero; fills @st. */
static bool stamp_read(const uint8_t *page, struct stamp *st)
{
	if (memcmp(page, "SWSIMPG1", 8) || get_le(page + 48, 8) || get_le(page + 56, 8) != fnv1a64(page, 56))
		return false;
	for (size_t i = STAMP_BYTES; i < PS; i++)
		if (page[i])
			return false;
	*st = (struct stamp){
		.version = get_le(page + 8, 8), .addr = get_le(page + 16, 8),
		.pid = (uint32_t)get_le(page + 24, 4), .type = (uint32_t)get_le(page + 28, 4),
		.offset = get_le(page + 32, 8), .writes = get_le(page + 40, 8),
	};
	return true;
}

static bool all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

/* splitmix64 (Steele, Lea and Flood; Vigna's reference code). */
static uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* ---- an in-memory backing ---------------------------------------------------- */

struct mem_backing;

struct mem_area {
	struct mem_backing *mb;
	uint32_t type;
	uint64_t slots;
	uint8_t *data;
};

struct mem_backing {
	struct mem_area area[MAX_AREAS];
	size_t nr;
	uint64_t writes, reads;
	uint64_t misdirected;          /* calls for another area's context, or beyond it */
	int host_write_error, host_read_error;   /* returned while nonzero: the host's disk */
};

static uint8_t *slot(struct mem_backing *mb, uint32_t type, uint64_t offset)
{
	return mb->area[type].data + offset * PS;
}

static int mem_write(void *ctx, uint32_t type, uint64_t offset, const void *page)
{
	struct mem_area *a = ctx;

	if (type != a->type || offset >= a->slots) {
		a->mb->misdirected++;
		return -EINVAL;
	}
	if (a->mb->host_write_error)
		return a->mb->host_write_error;
	a->mb->writes++;
	memcpy(a->data + offset * PS, page, PS);
	return 0;
}

static int mem_read(void *ctx, uint32_t type, uint64_t offset, void *page)
{
	struct mem_area *a = ctx;

	if (type != a->type || offset >= a->slots) {
		a->mb->misdirected++;
		return -EINVAL;
	}
	if (a->mb->host_read_error)
		return a->mb->host_read_error;
	a->mb->reads++;
	memcpy(page, a->data + offset * PS, PS);
	return 0;
}

static const struct sim_backing_ops mem_ops = { .write = mem_write, .read = mem_read };

static bool mem_init(struct mem_backing *mb, size_t nr, const uint64_t *slots)
{
	memset(mb, 0, sizeof(*mb));
	mb->nr = nr;
	for (size_t i = 0; i < nr; i++) {
		mb->area[i] = (struct mem_area){ .mb = mb, .type = (uint32_t)i, .slots = slots[i] };
		mb->area[i].data = calloc(slots[i], PS);
		if (!mb->area[i].data)
			abort();   /* no plan line then: the runner counts a failure, never a silent skip */
	}
	return true;
}

static void mem_release(struct mem_backing *mb)
{
	for (size_t i = 0; i < mb->nr; i++)
		free(mb->area[i].data);
}

/* Slot @o of area @type holds the stamp @want (writes 0: any write number). */
static bool slot_is(struct mem_backing *mb, uint32_t type, uint64_t o, const struct stamp *want)
{
	struct stamp st;

	if (!stamp_read(slot(mb, type, o), &st))
		return false;
	return st.version == want->version && st.addr == want->addr && st.pid == want->pid &&
	       st.type == want->type && st.offset == want->offset &&
	       (!want->writes || st.writes == want->writes);
}

/* The slot of area @type holding a stamp of @addr at @version, or 0. */
static uint64_t find_stamp(struct mem_backing *mb, uint32_t type, uint64_t addr, uint64_t version)
{
	struct stamp st;

	for (uint64_t o = 1; o < mb->area[type].slots; o++)
		if (stamp_read(slot(mb, type, o), &st) && st.addr == addr && st.version == version)
			return o;
	return 0;
}

/* Slots of area @type (header excluded) that are not all zeros. */
static uint64_t data_slots(struct mem_backing *mb, uint32_t type)
{
	uint64_t n = 0;

	for (uint64_t o = 1; o < mb->area[type].slots; o++)
		n += !all_zero(slot(mb, type, o), PS);
	return n;
}

/* ---- a scenario: one machine, its events, its checks -------------------------- */

struct scn {
	const char *name;
	struct sim *s;
	unsigned failed;      /* events that did not return 0 */
	unsigned broken;      /* sim_check failures after an event */
};

static bool scn_start(struct scn *t, const char *name, struct sim_config *cfg)
{
	char err[256] = "";

	cfg->check_every_event = true;
	t->name = name;
	t->failed = t->broken = 0;
	t->s = sim_new(cfg, err, sizeof(err));
	if (!TAP_OK(t->s != NULL, "%s: machine made", name))
		printf("#   %s\n", err);
	return t->s != NULL;
}

/* One event; its return value.  A nonzero one or a broken invariant is noted. */
static int scn_event(struct scn *t, struct sim_event e)
{
	int rc = sim_event(t->s, &e);
	char msg[256];

	if (rc && t->failed++ < 3)
		printf("# %s: event %" PRIu64 " (op %d, pid %u) returned %d: %s\n", t->name,
		       sim_events(t->s), (int)e.op, e.pid, rc, sim_error(t->s));
	if (sim_check(t->s, msg, sizeof(msg)) && t->broken++ < 3)
		printf("# %s: after event %" PRIu64 ": %s\n", t->name, sim_events(t->s), msg);
	return rc;
}

static uint64_t vm(const struct scn *t, enum sim_counter c)
{
	return sim_vmstat(t->s)[c];
}

static struct sim_io_stats io(const struct scn *t)
{
	struct sim_io_stats st;

	sim_io_stats(t->s, &st);
	return st;
}

static struct sim_process_stats proc(const struct scn *t, size_t i)
{
	struct sim_process_stats p;

	sim_process_stats(t->s, i, &p);
	return p;
}

/* The stats of @pid (the last process of that pid). */
static bool proc_of(const struct scn *t, uint32_t pid, struct sim_process_stats *out)
{
	bool found = false;

	for (size_t i = 0; i < sim_process_count(t->s); i++) {
		struct sim_process_stats p = proc(t, i);

		if (p.pid == pid) {
			*out = p;
			found = true;
		}
	}
	return found;
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

/* Every event accepted, every invariant held, sim_check clean at the end. */
static void scn_end(struct scn *t)
{
	char msg[256];
	int rc;

	sim_settle(t->s);
	rc = sim_check(t->s, msg, sizeof(msg));
	TAP_EQ_U64(t->failed, 0, "%s: every event accepted", t->name);
	TAP_EQ_U64(t->broken, 0, "%s: sim_check clean after every event", t->name);
	if (!TAP_OK(rc == 0, "%s: sim_check at the end", t->name))
		printf("#   %s\n", msg);
	sim_free(t->s);
}

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

static int spawn(struct scn *t, uint32_t pid)
{
	return scn_event(t, (struct sim_event){ .op = SIM_OP_SPAWN, .pid = pid });
}

static int fork_to(struct scn *t, uint32_t pid, uint32_t child)
{
	return scn_event(t, (struct sim_event){ .op = SIM_OP_FORK, .pid = pid, .arg = child });
}

static int quit(struct scn *t, uint32_t pid)
{
	return scn_event(t, (struct sim_event){ .op = SIM_OP_EXIT, .pid = pid });
}

static int map_anon(struct scn *t, uint32_t pid, uint64_t page, uint64_t n)
{
	return scn_event(t, (struct sim_event){ .op = SIM_OP_MMAP, .pid = pid, .addr = PG(page),
						.len = n * PS, .prot = RW });
}

static int rd(struct scn *t, uint32_t pid, uint64_t page, uint64_t n)
{
	return scn_event(t, (struct sim_event){ .op = SIM_OP_READ, .pid = pid, .addr = PG(page),
						.len = n * PS });
}

static int wr(struct scn *t, uint32_t pid, uint64_t page, uint64_t n)
{
	return scn_event(t, (struct sim_event){ .op = SIM_OP_WRITE, .pid = pid, .addr = PG(page),
						.len = n * PS });
}

static int swap_off(struct scn *t, uint64_t i)
{
	return scn_event(t, (struct sim_event){ .op = SIM_OP_SWAPOFF, .arg = i });
}

static int swap_on(struct scn *t, uint64_t i)
{
	return scn_event(t, (struct sim_event){ .op = SIM_OP_SWAPON, .arg = i });
}

/* An event expected to be refused: its return value, sim_error kept for the caller. */
static int raw_event(struct scn *t, struct sim_event e)
{
	return sim_event(t->s, &e);
}

/* ---- machines ------------------------------------------------------------------ */

static void config(struct sim_config *cfg, int page_cluster)
{
	sim_config_init(cfg);
	cfg->ram_pages = RAM;
	cfg->page_cluster = page_cluster;
}

/* Area @i of @slots slots, backed by @mb's area @i. */
static void add_area(struct sim_config *cfg, struct mem_backing *mb, uint64_t slots, int32_t prio,
		     bool rotational)
{
	size_t i = cfg->nr_swaps++;

	cfg->swaps[i] = (struct sim_swap_config){
		.pages = slots, .prio = prio, .rotational = rotational, .name = "area",
		.backing = mb ? &mem_ops : NULL, .backing_ctx = mb ? &mb->area[i] : NULL,
	};
}

/* test_engine.c's fill_33: P0-P30 to slots 1-31 (in that order), P31, P32 resident. */
static void fill_33(struct scn *t)
{
	spawn(t, 1);
	map_anon(t, 1, 0, 64);
	wr(t, 1, 0, 33);
}

/* P<i>'s stamp after fill_33 on a fresh area of 129 slots. */
static struct stamp first_stamp(uint64_t i)
{
	return (struct stamp){ .version = i + 1, .addr = PG(i), .pid = 1, .type = 0,
			       .offset = i + 1, .writes = i + 1 };
}

static bool contains(const char *s, const char *needle)
{
	return s && strstr(s, needle) != NULL;
}

/* ---- the test's helpers against published vectors ------------------------------ */

static void test_helpers(void)
{
	uint64_t x = 0;

	/* FNV-1a 64 test vectors (Fowler, Noll, Vo: the FNV reference's test suite). */
	TAP_EQ_U64(fnv1a64((const uint8_t *)"", 0), UINT64_C(0xcbf29ce484222325), "helpers: FNV-1a of \"\"");
	TAP_EQ_U64(fnv1a64((const uint8_t *)"a", 1), UINT64_C(0xaf63dc4c8601ec8c), "helpers: FNV-1a of \"a\"");
	TAP_EQ_U64(fnv1a64((const uint8_t *)"foobar", 6), UINT64_C(0x85944171f73967e8),
		   "helpers: FNV-1a of \"foobar\"");
	/* splitmix64 from state 0: the first output of the reference code. */
	TAP_EQ_U64(splitmix64(&x), UINT64_C(0xe220a8397b1dcdaf), "helpers: splitmix64's first output from 0");
}

/* ---- stamps: written where they belong, read back and checked ----------------- */

static void test_stamps(void)
{
	static const uint64_t slots[] = { 129 };
	struct mem_backing mb;
	struct sim_config cfg;
	struct sim_io_stats st;
	struct counters c;
	struct scn t;
	unsigned bad = 0;
	uint64_t first_bad = 0, page;

	if (!TAP_OK(mem_init(&mb, 1, slots), "stamps: backing allocated"))
		return;
	memset(slot(&mb, 0, 0), 0x5a, PS);      /* the header page: never the engine's */
	config(&cfg, 0);
	add_area(&cfg, &mb, 129, SIM_PRIO_AUTO, false);
	if (!scn_start(&t, "stamps", &cfg))
		goto out;
	fill_33(&t);
	st = io(&t);
	TAP_EQ_U64(st.written, 31, "stamps: 31 pages written, one a pageout");
	TAP_EQ_U64(mb.writes, 31, "stamps: ... 31 writes reached the backing");
	TAP_EQ_U64(vm(&t, PSWPOUT), 31, "stamps: ... as many as pswpout");
	TAP_OK(st.read == 0 && st.verified == 0 && mb.reads == 0, "stamps: nothing read yet");
	for (uint64_t i = 0; i < 31; i++) {
		struct stamp want = first_stamp(i);

		if (!slot_is(&mb, 0, i + 1, &want) && !bad++)
			first_bad = i;
	}
	if (!TAP_OK(bad == 0, "stamps: slot i + 1 holds P<i>: version i + 1, its address, pid 1, "
		    "type 0, offset i + 1, write i + 1, checksum, zeros after"))
		printf("#   %u wrong, the first P%" PRIu64 "\n", bad, first_bad);
	{
		uint8_t hdr[PS];

		memset(hdr, 0x5a, PS);
		TAP_OK(memcmp(slot(&mb, 0, 0), hdr, PS) == 0, "stamps: slot 0, the header, untouched");
	}
	for (page = 32; page < 129 && all_zero(slot(&mb, 0, page), PS); page++)
		;
	TAP_EQ_U64(page, 129, "stamps: slots 32-128 never written");

	/* A read fault on P0 (page_cluster 0: no readahead) reads slot 1. */
	c = snap(&t);
	rd(&t, 1, 0, 1);
	st = io(&t);
	TAP_EQ_U64(DELTA(&t, c, PSWPIN), 1, "stamps: reading P0 back: pswpin 1");
	TAP_OK(mb.reads == 1 && st.read == 1, "stamps: ... one read of the backing (io.read 1)");
	TAP_EQ_U64(st.verified, 1, "stamps: ... its stamp checked (io.verified 1)");
	/* Mapped writable (the swap PTE was exclusive) and clean: the write
	 * takes the hit path, and a clean PTE written gives version 34.  P0
	 * keeps slot 1 in the swap cache (swap 31/128 is not full). */
	wr(&t, 1, 0, 1);
	TAP_EQ_U64(mb.reads, 1, "stamps: writing P0 again is no fault, no read");
	/* A write fault on P1: read (slot 2), mapped dirty with version 35,
	 * and its slot freed (write fault, nothing else refers to it). */
	wr(&t, 1, 1, 1);
	st = io(&t);
	TAP_OK(mb.reads == 2 && st.verified == 2, "stamps: the write fault on P1 read slot 2 and checked it");
	TAP_EQ_U64(area(&t, 0).inuse, 30, "stamps: P1's slot freed by the write fault; P0's kept");
	/* Pressure from a second process until P0 and P1 go out again: P0 from
	 * the swap cache to its own slot 1, dirty, so rewritten there. */
	spawn(&t, 2);
	map_anon(&t, 2, 0, 64);
	for (page = 0; page < 64; page++) {
		if (slot_is(&mb, 0, 1, &(struct stamp){ 34, PG(0), 1, 0, 1, 0 }) &&
		    find_stamp(&mb, 0, PG(1), 35))
			break;
		wr(&t, 2, page, 1);
	}
	TAP_OK(slot_is(&mb, 0, 1, &(struct stamp){ 34, PG(0), 1, 0, 1, 0 }),
	       "stamps: P0 rewritten in place: slot 1 now holds version 34");
	{
		uint64_t o = find_stamp(&mb, 0, PG(1), 35);
		struct stamp s1;

		TAP_OK(o && stamp_read(slot(&mb, 0, o), &s1) && s1.offset == o && s1.pid == 1 && s1.writes > 31,
		       "stamps: P1 went out again with version 35, at slot %" PRIu64 " (its own offset)", o);
	}
	c = snap(&t);
	st = io(&t);
	rd(&t, 1, 0, 2);
	TAP_EQ_U64(io(&t).verified - st.verified, 2, "stamps: P0 and P1 read back and checked again");
	TAP_EQ_U64(DELTA(&t, c, PGMAJFAULT), 2, "stamps: ... two major faults");
	TAP_EQ_U64(mb.misdirected, 0, "stamps: every call named its own area and a slot inside it");
	scn_end(&t);
out:
	mem_release(&mb);
}

/* ---- detection: a damaged slot stops the run, naming page and slot ------------ */

enum damage {
	FLIP, OTHER_SLOT, ZEROS, GARBAGE, FORGED_VERSION, FORGED_ADDR, FORGED_SLOT, FORGED_GOOD,
};

/*
 * After fill_33, slot 20 holds P19 (version 20, at 0x40013000).  Each case
 * damages it, then reads P19: -EUCLEAN, with the pid, the page and the
 * slot in sim_error().  A stamp the test forges with every field right
 * must pass: the test's encoder and the engine's agree.
 */
static void test_detection(void)
{
	static const struct {
		const char *what;
		enum damage how;
		size_t byte;             /* FLIP: the byte flipped */
	} cases[] = {
		{ "a byte of the magic flipped", FLIP, 0 },
		{ "a byte of the version flipped", FLIP, 8 },
		{ "a byte of the address flipped", FLIP, 17 },
		{ "a byte of the pid flipped", FLIP, 24 },
		{ "a byte of the type flipped", FLIP, 28 },
		{ "a byte of the offset flipped", FLIP, 32 },
		{ "a byte of the write number flipped", FLIP, 40 },
		{ "a reserved zero byte flipped", FLIP, 50 },
		{ "a byte of the checksum flipped", FLIP, 63 },
		{ "the first byte after the stamp flipped", FLIP, 64 },
		{ "the last byte of the page flipped", FLIP, PS - 1 },
		{ "slot 21's stamp copied in", OTHER_SLOT, 0 },
		{ "zeros", ZEROS, 0 },
		{ "bytes swapsim never writes", GARBAGE, 0 },
		{ "a valid stamp of the page at an older version", FORGED_VERSION, 0 },
		{ "a valid stamp of another page, same version", FORGED_ADDR, 0 },
		{ "a valid stamp for another slot", FORGED_SLOT, 0 },
	};
	static const uint64_t slots[] = { 129 };

	for (size_t i = 0; i <= ARRAY_SIZE(cases); i++) {
		enum damage how = i < ARRAY_SIZE(cases) ? cases[i].how : FORGED_GOOD;
		const char *what = i < ARRAY_SIZE(cases) ? cases[i].what : "a forged stamp, every field right";
		struct stamp good = first_stamp(19), st = good;
		uint8_t *p;
		struct mem_backing mb;
		struct sim_config cfg;
		struct sim_process_stats p1;
		struct scn t;
		char name[96];
		int rc;

		snprintf(name, sizeof(name), "detection, %s", what);
		if (!mem_init(&mb, 1, slots))
			continue;
		config(&cfg, 0);
		add_area(&cfg, &mb, 129, SIM_PRIO_AUTO, false);
		if (!scn_start(&t, name, &cfg)) {
			mem_release(&mb);
			continue;
		}
		fill_33(&t);
		p = slot(&mb, 0, 20);
		switch (how) {
		case FLIP:
			p[cases[i].byte] ^= 0x10;
			break;
		case OTHER_SLOT:
			memcpy(p, slot(&mb, 0, 21), PS);
			break;
		case ZEROS:
			memset(p, 0, PS);
			break;
		case GARBAGE:
			for (size_t k = 0; k < PS; k++)
				p[k] = (uint8_t)(k * 7 + 1);
			break;
		case FORGED_VERSION:
			st.version = 19;
			stamp_make(p, &st);
			break;
		case FORGED_ADDR:
			st.addr = PG(18);
			stamp_make(p, &st);
			break;
		case FORGED_SLOT:
			st.offset = 21;
			stamp_make(p, &st);
			break;
		case FORGED_GOOD:
			st.writes = 12345;   /* which write it was is not checked */
			stamp_make(p, &st);
			break;
		}
		rc = raw_event(&t, (struct sim_event){ .op = SIM_OP_READ, .pid = 1, .addr = PG(19), .len = 1 });
		if (how == FORGED_GOOD) {
			TAP_EQ_INT(rc, 0, "%s: accepted", name);
			TAP_EQ_U64(io(&t).verified, 1, "%s: ... and counted verified", name);
			scn_end(&t);
			mem_release(&mb);
			continue;
		}
		if (rc != -EUCLEAN) {
			TAP_EQ_INT(rc, -EUCLEAN, "%s: swapping P19 in is -EUCLEAN (io.verified %" PRIu64 ")",
				   name, io(&t).verified);
			sim_free(t.s);
			mem_release(&mb);
			continue;
		}
		TAP_EQ_INT(rc, -EUCLEAN, "%s: swapping P19 in is -EUCLEAN", name);
		TAP_OK(contains(sim_error(t.s), "pid 1 ") && contains(sim_error(t.s), "page 0x40013000") &&
		       contains(sim_error(t.s), "slot 20 "),
		       "%s: sim_error names pid 1, page 0x40013000, slot 20 (%s)", name, sim_error(t.s));
		TAP_EQ_U64(io(&t).verified, 0, "%s: nothing counted verified", name);
		/* The page is left in the swap cache, never mapped: the model is still whole. */
		{
			char msg[256];

			TAP_OK(sim_check(t.s, msg, sizeof(msg)) == 0 && proc_of(&t, 1, &p1) &&
			       p1.rss_anon == 2 && p1.swapents == 31,
			       "%s: invariants still hold, P19 not mapped (rss 2, swap 31)", name);
		}
		sim_free(t.s);
		mem_release(&mb);
	}
}

/*
 * A real stale slot: P19's first stamp (version 20), saved, then put back
 * after P19 was rewritten there.  P19 is read (kept in the swap cache with
 * slot 20), written on the hit path (version 34), pushed out by a second
 * process: slot 20 now says 34.  The saved page goes back: -EUCLEAN
 * naming both versions.
 */
static void test_detection_stale(void)
{
	static const uint64_t slots[] = { 129 };
	uint8_t saved[PS];
	struct mem_backing mb;
	struct sim_config cfg;
	struct scn t;
	uint64_t page;
	int rc;

	if (!mem_init(&mb, 1, slots))
		return;
	config(&cfg, 0);
	add_area(&cfg, &mb, 129, SIM_PRIO_AUTO, false);
	if (!scn_start(&t, "stale slot", &cfg))
		goto out;
	fill_33(&t);
	memcpy(saved, slot(&mb, 0, 20), PS);
	rd(&t, 1, 19, 1);
	wr(&t, 1, 19, 1);
	spawn(&t, 2);
	map_anon(&t, 2, 0, 64);
	for (page = 0; page < 64 && !slot_is(&mb, 0, 20, &(struct stamp){ 34, PG(19), 1, 0, 20, 0 }); page++)
		wr(&t, 2, page, 1);
	TAP_OK(slot_is(&mb, 0, 20, &(struct stamp){ 34, PG(19), 1, 0, 20, 0 }),
	       "stale slot: P19 rewritten in slot 20 at version 34");
	TAP_EQ_U64(t.failed + t.broken, 0, "stale slot: no alarm so far");
	memcpy(slot(&mb, 0, 20), saved, PS);
	rc = raw_event(&t, (struct sim_event){ .op = SIM_OP_READ, .pid = 1, .addr = PG(19), .len = 1 });
	TAP_EQ_INT(rc, -EUCLEAN, "stale slot: the old page put back is -EUCLEAN");
	TAP_OK(contains(sim_error(t.s), "pid 1 ") && contains(sim_error(t.s), "page 0x40013000") &&
	       contains(sim_error(t.s), "slot 20 ") && contains(sim_error(t.s), "version 20") &&
	       contains(sim_error(t.s), "expected version 34"),
	       "stale slot: sim_error names page, slot, version 20 found, 34 expected (%s)", sim_error(t.s));
	sim_free(t.s);
out:
	mem_release(&mb);
}

/*
 * Readahead reads a damaged slot without alarm: the check is made when a
 * page is mapped.  page_cluster 3, VMA readahead (non-rotational): the
 * first fault, on P0, has window 8 (hits start at 4: 4 + 2 rounded up),
 * centred as [P0 - 3, P0 + 5) and cut at the VMA's start: P0-P4, slots
 * 1-5.  Slot 3 (P2) is zeroed first.
 */
static void test_detection_readahead(void)
{
	static const uint64_t slots[] = { 129 };
	struct mem_backing mb;
	struct sim_config cfg;
	struct scn t;
	int rc;

	if (!mem_init(&mb, 1, slots))
		return;
	config(&cfg, 3);
	add_area(&cfg, &mb, 129, SIM_PRIO_AUTO, false);
	if (!scn_start(&t, "readahead of a damaged slot", &cfg))
		goto out;
	fill_33(&t);
	memset(slot(&mb, 0, 3), 0, PS);
	TAP_EQ_INT(rd(&t, 1, 0, 1), 0, "readahead of a damaged slot: the fault on P0 succeeds");
	TAP_OK(io(&t).read == 5 && mb.reads == 5 && vm(&t, PSWPIN) == 5,
	       "readahead of a damaged slot: slots 1-5 read (pswpin 5)");
	TAP_EQ_U64(io(&t).verified, 1, "readahead of a damaged slot: only P0, mapped, was checked");
	TAP_EQ_INT(rd(&t, 1, 1, 1), 0, "readahead of a damaged slot: P1 from the swap cache, checked");
	TAP_EQ_U64(io(&t).verified, 2, "readahead of a damaged slot: ... verified 2");
	rc = raw_event(&t, (struct sim_event){ .op = SIM_OP_READ, .pid = 1, .addr = PG(2), .len = 1 });
	TAP_EQ_INT(rc, -EUCLEAN, "readahead of a damaged slot: mapping P2 is -EUCLEAN");
	TAP_OK(contains(sim_error(t.s), "page 0x40002000") && contains(sim_error(t.s), "slot 3 "),
	       "readahead of a damaged slot: names page 0x40002000, slot 3 (%s)", sim_error(t.s));
	sim_free(t.s);
out:
	mem_release(&mb);
}

/* ---- two areas: swapoff and swapon ------------------------------------------- */

/*
 * Area 0: 17 slots (16 usable), priority 10; area 1: 129 slots, priority
 * 5.  The slot cache stays off (144 free slots < 5 * 64), each slot comes
 * from the highest-priority area with room: P0-P15 to area 0 slots 1-16,
 * P16-P30 to area 1 slots 1-15.
 */
static void two_areas(struct sim_config *cfg, struct mem_backing *mb)
{
	config(cfg, 0);
	add_area(cfg, mb, 17, 10, false);
	add_area(cfg, mb, 129, 5, false);
}

static void test_two_areas(void)
{
	static const uint64_t slots[] = { 17, 129 };
	struct mem_backing mb;
	struct sim_config cfg;
	struct sim_process_stats p;
	struct sim_io_stats st;
	struct scn t;
	unsigned bad = 0;
	uint64_t swapped;

	if (!mem_init(&mb, 2, slots))
		return;
	two_areas(&cfg, &mb);
	if (!scn_start(&t, "two areas", &cfg))
		goto out;
	fill_33(&t);
	for (uint64_t i = 0; i < 31; i++) {
		struct stamp want = first_stamp(i);

		if (i >= 16) {
			want.type = 1;
			want.offset = i - 15;
		}
		bad += !slot_is(&mb, want.type, want.offset, &want);
	}
	TAP_EQ_U64(bad, 0, "two areas: P0-P15 stamped in area 0 slots 1-16, P16-P30 in area 1 slots 1-15");

	/* swapoff 0: 16 reads, each page checked as it is mapped again; free
	 * 62 - 16 = 46, above low: no reclaim. */
	TAP_EQ_INT(swap_off(&t, 0), 0, "two areas: swapoff 0 accepted");
	st = io(&t);
	p = proc(&t, 0);
	TAP_OK(st.read == 16 && st.verified == 16, "two areas: swapoff 0 read 16 pages and checked 16");
	TAP_OK(!area(&t, 0).active && area(&t, 0).inuse == 0, "two areas: area 0 off and empty");
	TAP_OK(p.rss_anon == 18 && p.swapents == 15, "two areas: rss 18, 15 still in area 1");
	TAP_EQ_U64(mem(&t).free, 46, "two areas: free 46");
	TAP_EQ_U64(sim_swap_call_failures(t.s), 0, "two areas: no refused call");

	/* swapon 0, then swapoff 1: its 15 pages come back while reclaim may
	 * push others out to area 0 (swapoff left P0-P15 dirty and unmapped
	 * old).  Each of the 15 is read once and checked once. */
	TAP_EQ_INT(swap_on(&t, 0), 0, "two areas: swapon 0");
	TAP_EQ_INT(swap_off(&t, 1), 0, "two areas: swapoff 1 accepted");
	st = io(&t);
	p = proc(&t, 0);
	TAP_OK(st.read == 31 && st.verified == 31, "two areas: 15 more read and checked (31, 31)");
	TAP_OK(!area(&t, 1).active && area(&t, 1).inuse == 0, "two areas: area 1 off and empty");
	TAP_EQ_U64(p.rss_anon + p.swapents, 33, "two areas: every page of P0-P32 is resident or in swap");
	TAP_EQ_U64(area(&t, 0).inuse, p.swapents, "two areas: what went out went to area 0");
	/* Every page of area 0 now carries its old version: swapoff does not write to a page. */
	bad = 0;
	for (uint64_t i = 0; i < 33; i++) {
		uint64_t o = find_stamp(&mb, 0, PG(i), i + 1);
		struct stamp st0;

		if (o && (!stamp_read(slot(&mb, 0, o), &st0) || st0.offset != o || st0.type != 0))
			bad++;
	}
	TAP_EQ_U64(bad, 0, "two areas: stamps in area 0 all name their own slot and area");

	/* Everything read back: each swap PTE is checked when it is faulted;
	 * reclaim inside the event may push out a page not yet read, which is
	 * then faulted and checked too: at least one check a swap PTE. */
	swapped = p.swapents;
	TAP_EQ_INT(swap_on(&t, 1), 0, "two areas: swapon 1");
	st = io(&t);
	TAP_EQ_INT(rd(&t, 1, 0, 33), 0, "two areas: P0-P32 read back, no alarm");
	TAP_OK(io(&t).verified - st.verified >= swapped,
	       "two areas: ... at least the %" PRIu64 " swapped pages checked (%" PRIu64 ")", swapped,
	       io(&t).verified - st.verified);
	TAP_EQ_U64(mb.misdirected, 0, "two areas: every call named its own area and a slot inside it");
	scn_end(&t);
out:
	mem_release(&mb);
}

/*
 * Shared slots: fill_33 on two areas, then a fork; every slot has count 2.
 * swapoff 0 reads each of the 16 pages once (the child's PTE finds it in
 * the swap cache) and checks each PTE: 32 checks.
 */
static void test_two_areas_shared(void)
{
	static const uint64_t slots[] = { 17, 129 };
	struct mem_backing mb;
	struct sim_config cfg;
	struct sim_process_stats parent, child;
	struct sim_io_stats st;
	struct scn t;

	if (!mem_init(&mb, 2, slots))
		return;
	two_areas(&cfg, &mb);
	if (!scn_start(&t, "two areas, shared", &cfg))
		goto out;
	fill_33(&t);
	fork_to(&t, 1, 2);
	TAP_EQ_INT(swap_off(&t, 0), 0, "two areas, shared: swapoff 0 accepted");
	st = io(&t);
	parent = proc(&t, 0);
	child = proc(&t, 1);
	TAP_OK(st.read == 16 && mb.reads == 16, "two areas, shared: 16 reads, one a slot");
	TAP_EQ_U64(st.verified, 32, "two areas, shared: 32 checks, one a PTE");
	TAP_OK(parent.rss_anon == 18 && child.rss_anon == 18 && parent.swapents == 15 && child.swapents == 15,
	       "two areas, shared: both rss 18, swap 15");
	TAP_EQ_U64(mem(&t).free, 46, "two areas, shared: the 16 pages shared: free 46");
	/* COW breaks on the pages swapoff brought back, in both. */
	wr(&t, 2, 0, 8);
	wr(&t, 1, 4, 8);
	quit(&t, 2);
	TAP_EQ_INT(swap_on(&t, 0), 0, "two areas, shared: swapon 0");
	rd(&t, 1, 0, 33);
	TAP_OK(proc(&t, 0).alive && io(&t).verified > 32, "two areas, shared: the parent reads all back, checked");
	scn_end(&t);
out:
	mem_release(&mb);
}

/* ---- fork-heavy: no false alarm ---------------------------------------------- */

/* The test's PRNG for its scripts (xorshift64*), apart from the engine's. */
static uint64_t xs(uint64_t *x)
{
	*x ^= *x >> 12;
	*x ^= *x << 25;
	*x ^= *x >> 27;
	return *x * UINT64_C(0x2545f4914f6cdd1d);
}

#define MAX_PROCS 8
#define SPAN 48          /* pages each process maps and owns */

/* What the test knows of a process: the pages it wrote or inherited. */
struct model {
	uint32_t pid;
	bool alive;
	uint64_t owned;      /* bit i: page i holds data (written, here or in a parent) */
	uint64_t lost;       /* pages behind poisoned PTEs (counted, not known which) */
};

struct run {
	struct scn t;
	struct model m[64];
	size_t nr;
	uint32_t next_pid;
	uint64_t rng;
	unsigned mismatches, unexplained;
	uint64_t sigbus_seen, oom_seen;
	uint64_t forks, swapoffs;      /* done: the script's reach */
};

static size_t alive_count(const struct run *r)
{
	size_t n = 0;

	for (size_t i = 0; i < r->nr; i++)
		n += r->m[i].alive;
	return n;
}

static struct model *pick_alive(struct run *r)
{
	size_t n = alive_count(r), k;

	if (!n)
		return NULL;
	k = xs(&r->rng) % n;
	for (size_t i = 0; i < r->nr; i++)
		if (r->m[i].alive && !k--)
			return &r->m[i];
	return NULL;
}

static unsigned popcount64(uint64_t v)
{
	unsigned n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

/*
 * After an event: a process the engine killed (SIGBUS, OOM) leaves the
 * model; every live one has rss + swap + lost == the pages it owns.
 * After a swapoff, new losses are taken from the counts and must add up
 * to the new poisoned PTEs.
 */
static void reconcile(struct run *r, bool after_swapoff, uint64_t poisoned_before)
{
	uint64_t new_lost = 0;

	for (size_t i = 0; i < r->nr; i++) {
		struct model *m = &r->m[i];
		struct sim_process_stats p;
		uint64_t have;

		if (!m->alive)
			continue;
		if (!proc_of(&r->t, m->pid, &p)) {
			r->mismatches++;
			continue;
		}
		if (!p.alive) {
			m->alive = false;
			r->sigbus_seen += p.sigbus;
			r->oom_seen += p.killed;
			if (!p.sigbus && !p.killed && r->mismatches++ < 3)
				printf("# %s: pid %u died of neither SIGBUS nor OOM\n", r->t.name, m->pid);
			continue;
		}
		have = p.rss_anon + p.swapents;
		if (after_swapoff && have + m->lost < popcount64(m->owned)) {
			new_lost += popcount64(m->owned) - have - m->lost;
			m->lost = popcount64(m->owned) - have;
		}
		if (have + m->lost != popcount64(m->owned) && r->mismatches++ < 3)
			printf("# %s: event %" PRIu64 ": pid %u rss %" PRIu64 " + swap %" PRIu64
			       " + lost %" PRIu64 " != %u pages owned\n", r->t.name, sim_events(r->t.s),
			       m->pid, p.rss_anon, p.swapents, m->lost, popcount64(m->owned));
	}
	if (after_swapoff && new_lost > io(&r->t).poisoned - poisoned_before && r->unexplained++ < 3)
		printf("# %s: %" PRIu64 " pages lost at a swapoff, %" PRIu64 " PTEs poisoned\n", r->t.name,
		       new_lost, io(&r->t).poisoned - poisoned_before);
}

/* A model entry for a new process: a dead one reused, or the next. */
static struct model *new_model(struct run *r)
{
	for (size_t i = 0; i < r->nr; i++)
		if (!r->m[i].alive)
			return &r->m[i];
	return r->nr < ARRAY_SIZE(r->m) ? &r->m[r->nr++] : NULL;
}

static void run_spawn(struct run *r)
{
	struct model *m = new_model(r);

	if (!m)
		return;

	*m = (struct model){ .pid = r->next_pid++, .alive = true };
	spawn(&r->t, m->pid);
	map_anon(&r->t, m->pid, 0, 64);
}

/*
 * One random step among processes that each map 64 pages and own up to
 * SPAN of them.  @areas: how many areas may be switched off and on, one at
 * a time (with every area off, a swapoff the kernel accepts can still OOM).
 */
static void run_step(struct run *r, unsigned procs_max, size_t areas, bool *off)
{
	uint64_t op = xs(&r->rng) % 100, poisoned = io(&r->t).poisoned;
	struct model *m = pick_alive(r);
	bool swapoff = false;

	if (!m) {
		run_spawn(r);
		return;
	}
	if (op < 8 && alive_count(r) < procs_max) {
		struct model *c = new_model(r);

		if (!c)
			return;
		*c = (struct model){ .pid = r->next_pid++, .alive = true, .owned = m->owned, .lost = m->lost };
		fork_to(&r->t, m->pid, c->pid);
		r->forks++;
	} else if (op < 14 && alive_count(r) > 1) {
		quit(&r->t, m->pid);
		m->alive = false;
	} else if (op < 55) {
		uint64_t page = xs(&r->rng) % SPAN, n = 1 + xs(&r->rng) % 4;

		if (page + n > SPAN)
			n = SPAN - page;
		wr(&r->t, m->pid, page, n);
		m->owned |= ((UINT64_C(1) << n) - 1) << page;
	} else if (op < 96 || !areas) {
		uint64_t page = xs(&r->rng) % SPAN, n = 1 + xs(&r->rng) % 8;

		if (page + n > SPAN)
			n = SPAN - page;
		rd(&r->t, m->pid, page, n);
	} else {
		size_t a = xs(&r->rng) % areas;
		bool others_on = true;

		for (size_t k = 0; k < areas; k++)
			others_on &= k == a || !off[k];
		if (off[a]) {
			swap_on(&r->t, a);
			off[a] = false;
		} else if (others_on) {
			swap_off(&r->t, a);
			off[a] = !area(&r->t, a).active;
			r->swapoffs += off[a];
			swapoff = true;
		}
	}
	reconcile(r, swapoff, poisoned);
}

static bool run_start(struct run *r, const char *name, struct sim_config *cfg, uint64_t seed)
{
	memset(r, 0, sizeof(*r));
	r->next_pid = 1;
	r->rng = seed;
	return scn_start(&r->t, name, cfg);
}

/*
 * Fork-heavy: one parent writes all 48 pages of its mapping, then 1500
 * random steps: forks (up to 4 processes), exits, COW-breaking writes,
 * reads, swapoff and swapon of either area.  Both areas hold 256 slots:
 * 4 processes own at most 4 * 48 = 192 pages, which fit in one area and
 * RAM even while the other is off, so no OOM kill is possible, and
 * nothing fails: every process keeps all 48 pages, rss + swap = 48.
 */
static void test_fork_heavy(void)
{
	static const uint64_t slots[] = { 257, 257 };
	struct mem_backing mb;
	struct sim_config cfg;
	struct sim_io_stats st;
	bool off[2] = { false, false };
	struct run r;

	if (!mem_init(&mb, 2, slots))
		return;
	config(&cfg, 3);
	add_area(&cfg, &mb, 257, SIM_PRIO_AUTO, false);
	add_area(&cfg, &mb, 257, SIM_PRIO_AUTO, true);
	if (!run_start(&r, "fork-heavy", &cfg, 0x5eed))
		goto out;
	run_spawn(&r);
	wr(&r.t, 1, 0, SPAN);
	r.m[0].owned = (UINT64_C(1) << SPAN) - 1;
	for (unsigned step = 0; step < 1500; step++)
		run_step(&r, 4, 2, off);
	st = io(&r.t);
	TAP_EQ_U64(r.mismatches, 0, "fork-heavy: every live process kept rss + swap = 48 after every event");
	TAP_OK(r.oom_seen == 0 && r.sigbus_seen == 0 && vm(&r.t, OOM_KILL) == 0,
	       "fork-heavy: nobody killed");
	TAP_OK(st.written > 2 * SPAN && st.read > SPAN && st.verified > SPAN,
	       "fork-heavy: pages went out and came back many times (%" PRIu64 " written, %" PRIu64
	       " read, %" PRIu64 " verified)", st.written, st.read, st.verified);
	TAP_OK(r.forks >= 20 && r.swapoffs >= 10,
	       "fork-heavy: the script reached far (%" PRIu64 " forks, %" PRIu64 " swapoffs)", r.forks, r.swapoffs);
	TAP_OK(st.write_errors == 0 && st.read_errors == 0 && st.poisoned == 0,
	       "fork-heavy: no failure injected, none counted");
	TAP_EQ_U64(mb.misdirected, 0, "fork-heavy: every call named its own area and a slot inside it");
	scn_end(&r.t);
out:
	mem_release(&mb);
}

/* ---- injected write failures ------------------------------------------------ */

/*
 * Writes to slots 1 and 2 fail; the area is rotational, so slots are
 * handed out in turn and a freed slot is not the next one given.  fill_33:
 * P0 (slot 1) and P1 (slot 2) are submitted (pswpout counts them), fail,
 * and are activated (pgactivate 2), still dirty in the swap cache, their
 * PTEs already swap entries; P2-P30 are written and freed: 29 reclaimed.
 * shrink_lruvec then finds inactive anon low (P31 alone against P0, P1:
 * 1 * 1 < 2) and ages the active list: both deactivated (pgrefill 2,
 * pgdeactivate 2).  Free 32 + 29 = 61, P32 taken: 60.  Memory: P0, P1
 * (swap cache), P31, P32, all inactive.
 */
static void test_fail_write(void)
{
	static const struct sim_slot_range bad[] = { { 1, 2 } };
	static const uint64_t slots[] = { 129 };
	struct mem_backing mb;
	struct sim_config cfg;
	struct sim_memory_stats m;
	struct sim_process_stats p;
	struct sim_io_stats st;
	struct counters c;
	struct scn t;
	unsigned wrong = 0;
	uint64_t page, o;

	if (!mem_init(&mb, 1, slots))
		return;
	config(&cfg, 0);
	add_area(&cfg, &mb, 129, SIM_PRIO_AUTO, true);
	cfg.fail_write = (struct sim_io_faults){ .slots = bad, .nr_slots = 1 };
	if (!scn_start(&t, "write failure", &cfg))
		goto out;
	fill_33(&t);
	st = io(&t);
	m = mem(&t);
	p = proc(&t, 0);
	TAP_EQ_U64(vm(&t, PSWPOUT), 31, "write failure: pswpout 31, counted at submission");
	TAP_EQ_U64(st.write_errors, 2, "write failure: io.write_errors 2");
	TAP_OK(st.written == 29 && mb.writes == 29, "write failure: 29 pages written");
	TAP_EQ_U64(vm(&t, PGSTEAL_DIRECT), 29, "write failure: 29 reclaimed");
	TAP_EQ_U64(vm(&t, PGACTIVATE), 2, "write failure: the two pages activated");
	TAP_OK(vm(&t, PGREFILL) == 2 && vm(&t, PGDEACTIVATE) == 2,
	       "write failure: ... then aged back, inactive anon being low");
	TAP_OK(p.rss_anon == 2 && p.swapents == 31, "write failure: the process: rss 2, swap 31 (P0, P1 unmapped)");
	TAP_EQ_U64(m.free, 60, "write failure: free 60");
	TAP_OK(m.anon == 4 && m.swapcache == 2 && m.active_anon == 0 && m.inactive_anon == 4,
	       "write failure: 4 anonymous pages, P0 and P1 in the swap cache, all inactive");
	TAP_EQ_U64(area(&t, 0).inuse, 31, "write failure: 31 slots in use");
	TAP_OK(all_zero(slot(&mb, 0, 1), PS) && all_zero(slot(&mb, 0, 2), PS),
	       "write failure: slots 1 and 2 hold nothing");
	for (uint64_t i = 2; i < 31; i++) {
		struct stamp want = first_stamp(i);

		want.writes = i - 1;   /* the failed two took no write number */
		wrong += !slot_is(&mb, 0, i + 1, &want);
	}
	TAP_EQ_U64(wrong, 0, "write failure: P2-P30 stamped in slots 3-31, writes 1-29");

	/* P0 faults back from the swap cache: minor, no read, checked against
	 * the PTE; a write fault frees its slot, and it gets version 34. */
	c = snap(&t);
	wr(&t, 1, 0, 1);
	TAP_OK(DELTA(&t, c, PGMAJFAULT) == 0 && DELTA(&t, c, PGFAULT) == 1 && mb.reads == 0,
	       "write failure: P0 back from the swap cache: a minor fault, no read");
	TAP_EQ_U64(area(&t, 0).inuse, 30, "write failure: ... its slot freed by the write fault");
	/* Pressure: P0 goes out again, to a slot the allocator has not given
	 * yet (32 or later), and the write succeeds. */
	spawn(&t, 2);
	map_anon(&t, 2, 0, 64);
	for (page = 0; page < 64 && !(o = find_stamp(&mb, 0, PG(0), 34)); page++)
		wr(&t, 2, page, 1);
	o = find_stamp(&mb, 0, PG(0), 34);
	TAP_OK(o >= 32, "write failure: P0 written at last, version 34, to slot %" PRIu64 ", not a failing one", o);
	TAP_OK(all_zero(slot(&mb, 0, 1), PS) && all_zero(slot(&mb, 0, 2), PS),
	       "write failure: slots 1 and 2 still hold nothing");
	st = io(&t);
	TAP_OK(st.write_errors >= 2, "write failure: write_errors %" PRIu64 " (P1 retried at slot 2 if reclaimed)",
	       st.write_errors);
	rd(&t, 1, 0, 2);
	p = proc(&t, 0);
	TAP_OK(p.alive && p.rss_anon + p.swapents == 33, "write failure: P0, P1 read back; nothing lost");
	TAP_EQ_U64(mb.misdirected, 0, "write failure: every call inside the area");
	scn_end(&t);
out:
	mem_release(&mb);
}

/* ---- injected read failures -------------------------------------------------- */

/*
 * The read of slot 20 (P19) fails.  Process 2 owns 8 pages of its own
 * (free 62 - 8 = 54, no reclaim).  Process 1's read of P19 is submitted
 * (pswpin 1), fails, and process 1 dies of SIGBUS, the fault counted.
 * Its exit frees its 31 slots and the failed page (in the swap cache only).
 */
static void test_fail_read(void)
{
	static const struct sim_slot_range bad[] = { { 20, 20 } };
	static const uint64_t slots[] = { 129 };
	struct mem_backing mb;
	struct sim_config cfg;
	struct sim_process_stats p1, p2;
	struct sim_io_stats st;
	struct counters c;
	struct scn t;

	if (!mem_init(&mb, 1, slots))
		return;
	config(&cfg, 0);
	add_area(&cfg, &mb, 129, SIM_PRIO_AUTO, false);
	cfg.fail_read = (struct sim_io_faults){ .slots = bad, .nr_slots = 1 };
	if (!scn_start(&t, "read failure", &cfg))
		goto out;
	fill_33(&t);
	spawn(&t, 2);
	map_anon(&t, 2, 0, 8);
	wr(&t, 2, 0, 8);
	c = snap(&t);
	TAP_EQ_INT(rd(&t, 1, 18, 1), 0, "read failure: P18 (slot 19) reads fine");
	TAP_EQ_INT(rd(&t, 1, 19, 1), 0, "read failure: the event reading P19 is accepted");
	st = io(&t);
	p1 = proc(&t, 0);
	p2 = proc(&t, 1);
	TAP_OK(!p1.alive && p1.sigbus && !p1.killed && !p1.segv, "read failure: process 1 killed by SIGBUS");
	TAP_EQ_U64(st.sigbus_kills, 1, "read failure: io.sigbus_kills 1");
	TAP_EQ_U64(st.read_errors, 1, "read failure: io.read_errors 1");
	TAP_OK(st.read == 1 && mb.reads == 1, "read failure: only P18's read reached the backing");
	TAP_EQ_U64(DELTA(&t, c, PSWPIN), 2, "read failure: pswpin 2, the failed read submitted too");
	TAP_EQ_U64(DELTA(&t, c, PGFAULT), 2, "read failure: both faults counted");
	TAP_OK(p2.alive && !p2.sigbus && p2.rss_anon == 8, "read failure: process 2 untouched");
	TAP_OK(area(&t, 0).inuse == 0 && mem(&t).swapcache == 0, "read failure: every slot and cached page freed");
	TAP_EQ_U64(mem(&t).free, RAM - 8, "read failure: only process 2's 8 pages in use");
	TAP_EQ_INT(rd(&t, 1, 0, 1), 0, "read failure: a later event of the dead process is moot");
	TAP_EQ_INT(wr(&t, 2, 0, 8), 0, "read failure: process 2 goes on");
	TAP_EQ_U64(io(&t).sigbus_kills, 1, "read failure: still one SIGBUS kill");
	scn_end(&t);
out:
	mem_release(&mb);
}

/*
 * A failed read of a shared slot: every process that faults on it dies;
 * the page stays in the swap cache, not up to date, so the second one
 * gets SIGBUS without a second read.
 */
static void test_fail_read_shared(void)
{
	static const struct sim_slot_range bad[] = { { 20, 20 } };
	static const uint64_t slots[] = { 129 };
	struct mem_backing mb;
	struct sim_config cfg;
	struct scn t;

	if (!mem_init(&mb, 1, slots))
		return;
	config(&cfg, 0);
	add_area(&cfg, &mb, 129, SIM_PRIO_AUTO, false);
	cfg.fail_read = (struct sim_io_faults){ .slots = bad, .nr_slots = 1 };
	if (!scn_start(&t, "read failure, shared", &cfg))
		goto out;
	fill_33(&t);
	fork_to(&t, 1, 2);
	rd(&t, 2, 19, 1);
	TAP_OK(proc(&t, 1).sigbus && proc(&t, 0).alive, "read failure, shared: the child dies, the parent lives");
	TAP_EQ_U64(mem(&t).swapcache, 1, "read failure, shared: the failed page stays cached for the parent's PTE");
	rd(&t, 1, 0, 19);
	TAP_OK(proc(&t, 0).alive && io(&t).verified == 19, "read failure, shared: the parent reads P0-P18, all checked");
	rd(&t, 1, 19, 1);
	TAP_OK(proc(&t, 0).sigbus, "read failure, shared: the parent's fault on P19 is SIGBUS too");
	TAP_OK(io(&t).read_errors == 1 && io(&t).sigbus_kills == 2,
	       "read failure, shared: one failed read, two SIGBUS kills");
	TAP_OK(area(&t, 0).inuse == 0 && mem(&t).free == RAM, "read failure, shared: everything freed");
	scn_end(&t);
out:
	mem_release(&mb);
}

/*
 * A readahead read fails: nobody faulted on it, nobody dies.  page_cluster
 * 3: the fault on P0 reads slots 1-5 (see test_detection_readahead); slot
 * 3 (P2) fails.  Then P1 is fine; a fault on P2 finds the failed page in
 * the swap cache: SIGBUS, no new read.
 */
static void test_fail_readahead(void)
{
	static const struct sim_slot_range bad[] = { { 3, 3 } };
	static const uint64_t slots[] = { 129 };
	struct mem_backing mb;
	struct sim_config cfg;
	struct scn t;

	if (!mem_init(&mb, 1, slots))
		return;
	config(&cfg, 3);
	add_area(&cfg, &mb, 129, SIM_PRIO_AUTO, false);
	cfg.fail_read = (struct sim_io_faults){ .slots = bad, .nr_slots = 1 };
	if (!scn_start(&t, "readahead failure", &cfg))
		goto out;
	fill_33(&t);
	rd(&t, 1, 0, 2);
	TAP_OK(proc(&t, 0).alive && io(&t).read_errors == 1 && io(&t).read == 4,
	       "readahead failure: slot 3 failed, 4 read, the process lives");
	TAP_EQ_U64(vm(&t, PSWPIN), 5, "readahead failure: pswpin 5");
	rd(&t, 1, 2, 1);
	TAP_OK(proc(&t, 0).sigbus && io(&t).read_errors == 1 && io(&t).sigbus_kills == 1,
	       "readahead failure: touching P2 is SIGBUS, without another read");
	scn_end(&t);
out:
	mem_release(&mb);
}

/*
 * A failed read during swapoff poisons the PTE; the process lives until it
 * touches that page.  Two areas (two_areas()); slot 3 fails in both: area
 * 0's slot 3 is P2.  Parent and child share every slot.  swapoff 0: P2's
 * read fails, both PTEs poisoned (one read error, two poisoned PTEs); 15
 * pages read and 30 PTEs checked.  Free: 62 - 16 + the failed page, freed
 * at the end of swapoff = 47.  A grandchild forked afterwards copies the
 * poisoned PTE.
 */
static void test_fail_read_swapoff(void)
{
	static const struct sim_slot_range bad[] = { { 3, 3 } };
	static const uint64_t slots[] = { 17, 129 };
	struct mem_backing mb;
	struct sim_config cfg;
	struct sim_process_stats p;
	struct sim_io_stats st;
	struct scn t;

	if (!mem_init(&mb, 2, slots))
		return;
	two_areas(&cfg, &mb);
	cfg.fail_read = (struct sim_io_faults){ .slots = bad, .nr_slots = 1 };
	if (!scn_start(&t, "read failure at swapoff", &cfg))
		goto out;
	fill_33(&t);
	fork_to(&t, 1, 2);
	TAP_EQ_INT(swap_off(&t, 0), 0, "read failure at swapoff: swapoff 0 accepted");
	st = io(&t);
	TAP_EQ_U64(st.read_errors, 1, "read failure at swapoff: one read failed");
	TAP_EQ_U64(st.poisoned, 2, "read failure at swapoff: two PTEs poisoned, parent's and child's");
	TAP_OK(st.read == 15 && st.verified == 30, "read failure at swapoff: 15 pages read, 30 PTEs checked");
	TAP_OK(proc(&t, 0).alive && proc(&t, 1).alive && st.sigbus_kills == 0,
	       "read failure at swapoff: both still alive");
	p = proc(&t, 0);
	TAP_OK(p.rss_anon == 17 && p.swapents == 15, "read failure at swapoff: rss 17, swap 15: P2 is gone from both");
	TAP_OK(!area(&t, 0).active && area(&t, 0).inuse == 0 && mem(&t).swapcache == 0,
	       "read failure at swapoff: area 0 off, empty, nothing cached");
	TAP_EQ_U64(mem(&t).free, 47, "read failure at swapoff: free 47");
	fork_to(&t, 2, 3);
	TAP_OK(proc(&t, 2).rss_anon == 17 && proc(&t, 2).swapents == 15,
	       "read failure at swapoff: the grandchild has the same 32 pages");
	rd(&t, 3, 0, 2);
	wr(&t, 3, 3, 1);
	TAP_OK(proc(&t, 2).alive, "read failure at swapoff: the grandchild touches P0, P1, P3: alive");
	wr(&t, 3, 2, 1);
	TAP_OK(proc(&t, 2).sigbus && io(&t).sigbus_kills == 1,
	       "read failure at swapoff: its write to P2 is SIGBUS (the poison was copied at fork)");
	rd(&t, 2, 2, 1);
	TAP_OK(proc(&t, 1).sigbus && io(&t).sigbus_kills == 2, "read failure at swapoff: the child's read of P2 too");
	TAP_OK(proc(&t, 0).alive, "read failure at swapoff: the parent, which has not touched P2, lives");
	TAP_EQ_INT(swap_on(&t, 0), 0, "read failure at swapoff: swapon 0");
	rd(&t, 1, 0, 2);
	rd(&t, 1, 3, 15);
	rd(&t, 1, 19, 14);
	TAP_OK(proc(&t, 0).alive, "read failure at swapoff: the parent reads all but P2 and P18: alive");
	/* Listed slots fail in every area: area 1's slot 3 is P18. */
	rd(&t, 1, 18, 1);
	TAP_OK(proc(&t, 0).sigbus && io(&t).read_errors == 2 && io(&t).sigbus_kills == 3,
	       "read failure at swapoff: P18, at slot 3 of area 1, fails too: SIGBUS");
	TAP_OK(area(&t, 0).inuse == 0 && area(&t, 1).inuse == 0 && mem(&t).free == RAM,
	       "read failure at swapoff: the parent's exit, a poisoned PTE among them, frees everything");
	scn_end(&t);
out:
	mem_release(&mb);
}

/* ---- failure rates: predicted, and the same on every run --------------------- */

/*
 * fail_write at a rate of 1/4 (2^30 per 2^32) from seed 7, nothing else
 * drawing: fill_33's 31 writes, in order P0-P30, each take one draw of
 * splitmix64 from the seed, and fail when its top 32 bits are below the
 * rate.  The test's own splitmix64 says which; a failed page stays
 * resident (activated), the others are written with consecutive write
 * numbers.
 */
static void test_rate_predicted(void)
{
	static const uint64_t slots[] = { 129 };
	const uint32_t rate = UINT32_C(1) << 30;
	bool fails[31];
	unsigned nfail = 0, wrong = 0;
	uint64_t x = 7, writes = 0;
	struct mem_backing mb;
	struct sim_config cfg;
	struct scn t;

	for (size_t i = 0; i < 31; i++) {
		fails[i] = (splitmix64(&x) >> 32) < rate;
		nfail += fails[i];
	}
	if (!mem_init(&mb, 1, slots))
		return;
	config(&cfg, 0);
	add_area(&cfg, &mb, 129, SIM_PRIO_AUTO, false);
	cfg.fail_write = (struct sim_io_faults){ .rate = rate };
	cfg.fault_seed = 7;
	if (!scn_start(&t, "write failure rate", &cfg))
		goto out;
	fill_33(&t);
	TAP_EQ_U64(io(&t).write_errors, nfail, "write failure rate: %u of 31 writes fail, as splitmix64 says", nfail);
	TAP_EQ_U64(io(&t).written, 31 - nfail, "write failure rate: the others written");
	TAP_EQ_U64(vm(&t, PSWPOUT), 31, "write failure rate: pswpout 31 all the same");
	TAP_EQ_U64(proc(&t, 0).rss_anon + proc(&t, 0).swapents, 33, "write failure rate: nothing lost");
	/* Activated, then aged at once when more than one: P31 alone is inactive. */
	TAP_EQ_U64(vm(&t, PGACTIVATE), nfail, "write failure rate: the failed pages activated");
	TAP_EQ_U64(mem(&t).active_anon + vm(&t, PGDEACTIVATE), nfail,
		   "write failure rate: ... and %s", nfail > 1 ? "deactivated again" : "left active");
	TAP_EQ_U64(mem(&t).swapcache, nfail, "write failure rate: ... in the swap cache");
	for (size_t i = 0; i < 31; i++) {
		struct stamp want = first_stamp(i);

		want.writes = ++writes;
		if (fails[i]) {
			writes--;
			wrong += !all_zero(slot(&mb, 0, i + 1), PS);
		} else {
			wrong += !slot_is(&mb, 0, i + 1, &want);
		}
	}
	TAP_EQ_U64(wrong, 0, "write failure rate: failed slots empty, the others stamped in order");
	scn_end(&t);
out:
	mem_release(&mb);
}

/* Everything a run leaves, to compare two runs. */
struct outcome {
	uint64_t vmstat[NR_SIM_COUNTERS];
	struct sim_io_stats io;
	struct sim_process_stats procs[64];
	size_t nr_procs;
	uint64_t backing_sum;          /* FNV-1a over both areas' bytes */
	uint64_t writes, reads;
};

/*
 * The sweep: RAM 64, two areas of 256 slots, page_cluster 3, 3000 random
 * steps among up to 5 processes (forks, exits, writes, reads, swapoff and
 * swapon of one area at a time), writes and reads failing at a rate.
 * 5 * 48 pages fit in one area and RAM, so OOM never comes into it.  Then
 * every live process touches every page it owns: one that holds a
 * poisoned PTE dies of SIGBUS there.  Nothing may be lost silently: each
 * death is a SIGBUS that io.sigbus_kills counts, each survivor has all its
 * pages, and every page missing after a swapoff is a poisoned PTE.
 */
static void sweep(const char *name, uint64_t seed, uint32_t write_rate, uint32_t read_rate,
		  uint64_t fault_seed, struct outcome *out)
{
	static const uint64_t slots[] = { 257, 257 };
	struct mem_backing mb;
	struct sim_config cfg;
	struct sim_io_stats st;
	bool off[2] = { false, false };
	uint64_t lost_procs = 0;
	struct run r;

	memset(out, 0, sizeof(*out));
	if (!mem_init(&mb, 2, slots))
		return;
	config(&cfg, 3);
	add_area(&cfg, &mb, 257, SIM_PRIO_AUTO, false);
	add_area(&cfg, &mb, 257, SIM_PRIO_AUTO, false);
	cfg.fail_write.rate = write_rate;
	cfg.fail_read.rate = read_rate;
	cfg.fault_seed = fault_seed;
	if (!run_start(&r, name, &cfg, seed))
		goto out;
	run_spawn(&r);
	for (unsigned step = 0; step < 3000; step++)
		run_step(&r, 5, 2, off);
	/* Touch every owned page of every live process: whoever holds a
	 * poisoned PTE dies now, of SIGBUS. */
	for (size_t i = 0; i < r.nr; i++) {
		struct model *m = &r.m[i];

		lost_procs += m->alive && m->lost;
		for (uint64_t page = 0; page < SPAN && m->alive; page++) {
			if (!(m->owned >> page & 1))
				continue;
			rd(&r.t, m->pid, page, 1);
			reconcile(&r, false, 0);
		}
	}
	st = io(&r.t);
	TAP_EQ_U64(r.t.failed, 0, "%s: no event refused: no -EUCLEAN, no false alarm", name);
	TAP_EQ_U64(r.mismatches, 0, "%s: every live process's rss + swap + lost = pages owned, after every event",
		   name);
	TAP_EQ_U64(r.unexplained, 0, "%s: every page lost at a swapoff is a poisoned PTE", name);
	TAP_EQ_U64(r.sigbus_seen, st.sigbus_kills, "%s: every process that died of SIGBUS is counted (%" PRIu64 ")",
		   name, st.sigbus_kills);
	TAP_OK(r.oom_seen == 0 && vm(&r.t, OOM_KILL) == 0, "%s: no OOM kill", name);
	{
		unsigned left = 0;

		for (size_t i = 0; i < r.nr; i++)
			left += r.m[i].alive && r.m[i].lost;
		TAP_EQ_U64(left, 0, "%s: after touching everything, no survivor holds a poisoned page "
			   "(%" PRIu64 " held one before)", name, lost_procs);
	}
	if (write_rate && read_rate)
		TAP_OK(st.write_errors && st.read_errors && st.sigbus_kills,
		       "%s: failures happened (%" PRIu64 " writes, %" PRIu64 " reads, %" PRIu64
		       " SIGBUS, %" PRIu64 " poisoned)", name, st.write_errors, st.read_errors,
		       st.sigbus_kills, st.poisoned);
	TAP_OK(st.written && st.verified, "%s: %" PRIu64 " written, %" PRIu64 " verified", name, st.written,
	       st.verified);
	TAP_OK(r.forks >= 20 && r.swapoffs >= 10,
	       "%s: the script reached far (%" PRIu64 " forks, %" PRIu64 " swapoffs)", name, r.forks, r.swapoffs);
	/* After the run, each slot holding data holds a whole stamp written for it. */
	sim_settle(r.t.s);
	TAP_EQ_INT(sim_io_finish(r.t.s), 0, "%s: sim_io_finish", name);
	{
		uint64_t misplaced = 0, data = 0, inuse = 0;

		for (uint32_t a = 0; a < 2; a++) {
			inuse += area(&r.t, a).inuse;
			for (uint64_t o = 1; o < 257; o++) {
				struct stamp sp;

				if (all_zero(slot(&mb, a, o), PS))
					continue;
				data++;
				misplaced += !stamp_read(slot(&mb, a, o), &sp) || sp.type != a || sp.offset != o;
			}
		}
		TAP_EQ_U64(misplaced, 0, "%s: every slot left with data holds its own stamp", name);
		TAP_OK(data <= inuse, "%s: %" PRIu64 " slots hold data, %" PRIu64 " in use", name, data, inuse);
	}
	memcpy(out->vmstat, sim_vmstat(r.t.s), sizeof(out->vmstat));
	out->io = st;
	out->nr_procs = sim_process_count(r.t.s);
	for (size_t i = 0; i < out->nr_procs && i < ARRAY_SIZE(out->procs); i++)
		out->procs[i] = proc(&r.t, i);
	out->backing_sum = fnv1a64(mb.area[0].data, 257 * PS) ^ fnv1a64(mb.area[1].data, 257 * PS) * 3;
	out->writes = mb.writes;
	out->reads = mb.reads;
	TAP_EQ_U64(mb.misdirected, 0, "%s: every call inside its area", name);
	scn_end(&r.t);
out:
	mem_release(&mb);
}

static bool same_outcome(const struct outcome *a, const struct outcome *b)
{
	if (memcmp(a->vmstat, b->vmstat, sizeof(a->vmstat)) || memcmp(&a->io, &b->io, sizeof(a->io)) ||
	    a->nr_procs != b->nr_procs || a->backing_sum != b->backing_sum || a->writes != b->writes ||
	    a->reads != b->reads)
		return false;
	for (size_t i = 0; i < a->nr_procs && i < ARRAY_SIZE(a->procs); i++)
		if (memcmp(&a->procs[i], &b->procs[i], sizeof(a->procs[i])))
			return false;
	return true;
}

/*
 * 1/64 of writes fail (2^32 / 64 = 2^26) and 1/128 of reads (2^25): rare
 * enough that some process still holds a poisoned PTE when the random
 * steps end, so the last sweep of touches has someone to kill.
 */
static void test_sweep(void)
{
	struct outcome a, b, clean;

	sweep("sweep, faults", 0xfeed, UINT32_C(1) << 26, UINT32_C(1) << 25, 42, &a);
	sweep("sweep, the same again", 0xfeed, UINT32_C(1) << 26, UINT32_C(1) << 25, 42, &b);
	TAP_OK(same_outcome(&a, &b), "sweep: the same seeds give the same run: counters, processes, every byte");
	sweep("sweep, no faults", 0xbeef, 0, 0, 0, &clean);
	TAP_OK(clean.io.write_errors == 0 && clean.io.read_errors == 0 && clean.io.sigbus_kills == 0,
	       "sweep, no faults: nothing failed, nobody killed");
}

/* ---- sim_io_finish: freed and stale slots zeroed ----------------------------- */

/*
 * fill_33 (slots 1-31), then P0-P4 written: five write faults, each freeing
 * its slot (free 62 - 5 = 57: no reclaim).  Stale ranges {0-3, 6-7, 40-49,
 * 120-500}, prefilled with bytes from an "earlier run".  sim_io_finish
 * zeroes what was written or stale and is free: slots 1-5 (written, freed;
 * 1-3 were stale too), 40-49, 120-128 (the range cut at the area's end):
 * 5 + 10 + 9 = 24.  Slot 0 is the header, never touched even when listed;
 * slots 6 and 7 are stale but in use: P5's and P6's stamps stay.
 */
static void test_io_finish(void)
{
	static const struct sim_slot_range stale[] = { { 0, 3 }, { 6, 7 }, { 40, 49 }, { 120, 500 } };
	static const uint64_t slots[] = { 129 };
	struct mem_backing mb;
	struct sim_config cfg;
	struct scn t;
	uint8_t hdr[PS];
	unsigned wrong = 0;

	if (!mem_init(&mb, 1, slots))
		return;
	memset(hdr, 0xa5, PS);
	memcpy(slot(&mb, 0, 0), hdr, PS);
	for (size_t r = 1; r < ARRAY_SIZE(stale); r++)
		for (uint64_t o = stale[r].first; o <= stale[r].last && o < 129; o++)
			memset(slot(&mb, 0, o), 0xee, PS);
	memset(slot(&mb, 0, 1), 0xee, 3 * PS);
	config(&cfg, 0);
	add_area(&cfg, &mb, 129, SIM_PRIO_AUTO, false);
	cfg.swaps[0].stale = stale;
	cfg.swaps[0].nr_stale = ARRAY_SIZE(stale);
	if (!scn_start(&t, "finish", &cfg))
		goto out;
	fill_33(&t);
	wr(&t, 1, 0, 5);
	TAP_EQ_U64(area(&t, 0).inuse, 26, "finish: 26 slots in use");
	sim_settle(t.s);
	TAP_EQ_INT(sim_io_finish(t.s), 0, "finish: sim_io_finish 0");
	TAP_EQ_U64(io(&t).discarded, 24, "finish: 24 slots zeroed: 1-5, 40-49, 120-128");
	TAP_EQ_U64(mb.writes, 31 + 24, "finish: ... each one write of the backing");
	for (uint64_t o = 1; o <= 5; o++)
		wrong += !all_zero(slot(&mb, 0, o), PS);
	for (uint64_t o = 40; o <= 49; o++)
		wrong += !all_zero(slot(&mb, 0, o), PS);
	for (uint64_t o = 120; o < 129; o++)
		wrong += !all_zero(slot(&mb, 0, o), PS);
	TAP_EQ_U64(wrong, 0, "finish: those slots are zero");
	wrong = 0;
	for (uint64_t i = 5; i < 31; i++) {
		struct stamp want = first_stamp(i);

		wrong += !slot_is(&mb, 0, i + 1, &want);
	}
	TAP_EQ_U64(wrong, 0, "finish: slots 6-31, in use, keep P5-P30's stamps (6 and 7 though stale)");
	TAP_OK(memcmp(slot(&mb, 0, 0), hdr, PS) == 0, "finish: the header page untouched");
	TAP_EQ_U64(data_slots(&mb, 0), area(&t, 0).inuse, "finish: data in exactly the 26 slots in use");
	TAP_EQ_INT(sim_io_finish(t.s), 0, "finish: a second call");
	TAP_OK(io(&t).discarded == 24 && mb.writes == 55, "finish: ... zeroes nothing more");
	scn_end(&t);
out:
	mem_release(&mb);
}

/*
 * With 1024 usable slots the slot cache is on: fill_33's first slot
 * allocation takes a batch of 64 (slots 1-64), all counted in use, and
 * P0-P30 use 31 of them.  sim_io_finish's contract (sim.h, and the
 * "SWAP FILE DATA" section of swapsim(1), where used is the report's
 * count): afterwards the backing holds data exactly in the slots still in
 * use.  The 33 slots waiting in the slot cache hold none.
 */
static void test_io_finish_slot_cache(void)
{
	static const uint64_t slots[] = { 1025 };
	struct mem_backing mb;
	struct sim_config cfg;
	struct scn t;

	if (!mem_init(&mb, 1, slots))
		return;
	config(&cfg, 0);
	add_area(&cfg, &mb, 1025, SIM_PRIO_AUTO, false);
	if (!scn_start(&t, "finish, slot cache", &cfg))
		goto out;
	fill_33(&t);
	sim_settle(t.s);
	TAP_EQ_U64(area(&t, 0).inuse, 64, "finish, slot cache: 64 slots in use (the batch)");
	TAP_EQ_INT(sim_io_finish(t.s), 0, "finish, slot cache: sim_io_finish 0");
	TAP_EQ_U64(data_slots(&mb, 0), 31, "finish, slot cache: P0-P30's 31 stamps");
	{
		struct sim_io_stats io;

		sim_io_stats(t.s, &io);
		/* 64 taken, 31 written: the other 33 wait in the slot cache, with no data. */
		TAP_EQ_U64(io.reserved, 33, "finish, slot cache: 33 slots reserved by the slot cache");
		TAP_EQ_U64(data_slots(&mb, 0), area(&t, 0).inuse - io.reserved,
			   "finish, slot cache: data in exactly the slots in use less those reserved");
	}
	scn_end(&t);
out:
	mem_release(&mb);
}

/* No backing: nothing to finish. */
static void test_io_finish_none(void)
{
	struct sim_config cfg;
	struct scn t;

	config(&cfg, 0);
	add_area(&cfg, NULL, 129, SIM_PRIO_AUTO, false);
	if (!scn_start(&t, "no backing", &cfg))
		return;
	fill_33(&t);
	rd(&t, 1, 0, 31);
	TAP_EQ_INT(sim_io_finish(t.s), 0, "no backing: sim_io_finish 0");
	TAP_OK(io(&t).written == 0 && io(&t).read == 0 && io(&t).verified == 0 && io(&t).discarded == 0,
	       "no backing: nothing written, read, checked or discarded");
	scn_end(&t);
}

/* ---- the host's disk failing is no simulated fault: the run stops ------------ */

static void test_host_errors(void)
{
	static const uint64_t slots[] = { 129 };
	struct mem_backing mb;
	struct sim_config cfg;
	struct scn t;
	int rc;

	/* Every write fails with EIO: fill_33 stops at its event, naming slot 1. */
	if (!mem_init(&mb, 1, slots))
		return;
	config(&cfg, 0);
	add_area(&cfg, &mb, 129, SIM_PRIO_AUTO, false);
	mb.host_write_error = -EIO;
	if (scn_start(&t, "host write error", &cfg)) {
		spawn(&t, 1);
		map_anon(&t, 1, 0, 64);
		rc = raw_event(&t, (struct sim_event){ .op = SIM_OP_WRITE, .pid = 1, .addr = PG(0), .len = 33 * PS });
		TAP_EQ_INT(rc, -EIO, "host write error: the event returns -EIO");
		TAP_EQ_STR(sim_error(t.s), "cannot write slot 1 of swap area area: Input/output error",
			   "host write error: sim_error names the first slot");
		TAP_EQ_INT(sim_io_finish(t.s), -EIO, "host write error: sim_io_finish says it again");
		TAP_EQ_U64(io(&t).write_errors, 0, "host write error: not counted as a simulated failure");
		sim_free(t.s);
	}
	mem_release(&mb);

	/* Reads fail: the read of P19 stops the run, naming slot 20. */
	if (!mem_init(&mb, 1, slots))
		return;
	config(&cfg, 0);
	add_area(&cfg, &mb, 129, SIM_PRIO_AUTO, false);
	if (scn_start(&t, "host read error", &cfg)) {
		fill_33(&t);
		mb.host_read_error = -ENXIO;
		rc = raw_event(&t, (struct sim_event){ .op = SIM_OP_READ, .pid = 1, .addr = PG(19), .len = 1 });
		TAP_EQ_INT(rc, -ENXIO, "host read error: the event returns -ENXIO");
		TAP_EQ_STR(sim_error(t.s), "cannot read slot 20 of swap area area: No such device or address",
			   "host read error: sim_error names the slot");
		TAP_OK(io(&t).read_errors == 0 && io(&t).sigbus_kills == 0,
		       "host read error: no simulated failure, nobody killed");
		sim_free(t.s);
	}
	mem_release(&mb);

	/* The discard at the end fails. */
	if (!mem_init(&mb, 1, slots))
		return;
	config(&cfg, 0);
	add_area(&cfg, &mb, 129, SIM_PRIO_AUTO, false);
	if (scn_start(&t, "host discard error", &cfg)) {
		fill_33(&t);
		wr(&t, 1, 0, 1);       /* slot 1 freed */
		mb.host_write_error = -ENOSPC;
		TAP_EQ_INT(sim_io_finish(t.s), -ENOSPC, "host discard error: sim_io_finish -ENOSPC");
		TAP_EQ_STR(sim_error(t.s), "cannot discard slot 1 of swap area area: No space left on device",
			   "host discard error: sim_error names the slot");
		sim_free(t.s);
	}
	mem_release(&mb);
}

int main(void)
{
	test_helpers();
	test_stamps();
	test_detection();
	test_detection_stale();
	test_detection_readahead();
	test_two_areas();
	test_two_areas_shared();
	test_fork_heavy();
	test_fail_write();
	test_fail_read();
	test_fail_read_shared();
	test_fail_readahead();
	test_fail_read_swapoff();
	test_rate_predicted();
	test_sweep();
	test_io_finish();
	test_io_finish_slot_cache();
	test_io_finish_none();
	test_host_errors();
	return tap_done();
}
