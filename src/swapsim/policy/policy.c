// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * policy.c - what every reference policy shares (see policy.h): the page
 * map, the run that turns trace events into references and counts hits
 * and faults, and the look-ahead that gives OPT each reference's next use.
 *
 * The run moves a page between two states, both held in the map:
 *
 *	(untouched) --fault--> resident (value: its frame)
 *	resident --the policy picks its frame for another page--> not resident
 *	not resident --fault (a major one)--> resident
 *
 * run_reference() performs every transition; policies only choose frames.
 *
 * The look-ahead (for OPT): the run writes every reference's key to a
 * temporary file in $TMPDIR, unlinked at once, in blocks (8 bytes per
 * reference).  policy_run_finish() then reads that file backwards, block by
 * block, with a map from page to the index of its nearest later reference,
 * and writes each reference's next use to a second temporary file (8 more
 * bytes per reference), block by block at the block's own offset.  A last
 * forward pass reads both files side by side and replays the references
 * with their next uses.  So the trace is read once, from a file or from
 * standard input alike; disk is 16 bytes per reference, memory is the maps
 * (O(distinct pages)) and three blocks of 64 KiB.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/bigalloc.h"
#include "policy.h"

#define POLICY_NOT_RESIDENT (UINT64_MAX - 1)
#define MAP_MIN_SLOTS 1024u
#define AHEAD_BLOCK 8192u                   /* references per block: 64 KiB */
/* A reference with no later one: beyond every index, distinct per reference. */
#define NEVER(i) (UINT64_MAX - 2 - (i))

/* ---- the map --------------------------------------------------------------- */

static uint64_t map_hash(uint64_t key)
{
	key ^= key >> 29;
	key *= UINT64_C(0x9e3779b97f4a7c15);
	return key ^ (key >> 32);
}

static int map_alloc(struct policy_map *m, uint64_t slots)
{
	m->slots = big_calloc(slots * sizeof(*m->slots));
	if (!m->slots)
		return -ENOMEM;
	for (uint64_t i = 0; i < slots; i++)
		m->slots[i].value = POLICY_MAP_EMPTY;
	m->mask = slots - 1;
	m->count = 0;
	return 0;
}

int policy_map_init(struct policy_map *m)
{
	return map_alloc(m, MAP_MIN_SLOTS);
}

void policy_map_release(struct policy_map *m)
{
	big_free(m->slots, (m->mask + 1) * sizeof(*m->slots));
	m->slots = NULL;
	m->mask = m->count = 0;
}

static struct policy_map_entry *map_slot(const struct policy_map *m, uint64_t key)
{
	uint64_t i = map_hash(key) & m->mask;

	while (m->slots[i].value != POLICY_MAP_EMPTY && m->slots[i].key != key)
		i = (i + 1) & m->mask;
	return &m->slots[i];
}

static int map_grow(struct policy_map *m)
{
	struct policy_map old = *m;
	int rc = map_alloc(m, (old.mask + 1) * 2);

	if (rc) {
		*m = old;
		return rc;
	}
	for (uint64_t i = 0; i <= old.mask; i++)
		if (old.slots[i].value != POLICY_MAP_EMPTY)
			*map_slot(m, old.slots[i].key) = old.slots[i];
	m->count = old.count;
	big_free(old.slots, (old.mask + 1) * sizeof(*old.slots));
	return 0;
}

uint64_t *policy_map_get(struct policy_map *m, uint64_t key, uint64_t fresh, bool *added)
{
	struct policy_map_entry *e = map_slot(m, key);

	*added = e->value == POLICY_MAP_EMPTY;
	if (!*added)
		return &e->value;
	/* At most three quarters full, so probes stay short. */
	if ((m->count + 1) * 4 > (m->mask + 1) * 3) {
		if (map_grow(m))
			return NULL;
		e = map_slot(m, key);
	}
	e->key = key;
	e->value = fresh;
	m->count++;
	return &e->value;
}

uint64_t *policy_map_find(const struct policy_map *m, uint64_t key)
{
	struct policy_map_entry *e = map_slot(m, key);

	return e->value == POLICY_MAP_EMPTY ? NULL : &e->value;
}

/* ---- the look-ahead -------------------------------------------------------- */

struct policy_lookahead {
	int keys_fd, next_fd;
	uint64_t n;                     /* references recorded */
	size_t fill;                    /* of keys[] */
	uint64_t keys[AHEAD_BLOCK];
	uint64_t next[AHEAD_BLOCK];
};

static int temp_fd(void)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	int fd;

	if (snprintf(path, sizeof(path), "%s/swapsim-ahead.XXXXXX",
		     dir && *dir ? dir : "/tmp") >= (int)sizeof(path))
		return -ENAMETOOLONG;
	fd = mkostemp(path, O_CLOEXEC);
	if (fd < 0)
		return -errno;
	unlink(path);
	return fd;
}

static int pwrite_all(int fd, const void *buf, size_t len, uint64_t off)
{
	const char *p = buf;

	while (len) {
		ssize_t n = pwrite(fd, p, len, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		p += n;
		len -= (size_t)n;
		off += (uint64_t)n;
	}
	return 0;
}

static int pread_all(int fd, void *buf, size_t len, uint64_t off)
{
	char *p = buf;

	while (len) {
		ssize_t n = pread(fd, p, len, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;   /* the file is ours: short is an error */
		p += n;
		len -= (size_t)n;
		off += (uint64_t)n;
	}
	return 0;
}

static int ahead_new(struct policy_lookahead **out)
{
	struct policy_lookahead *a = calloc(1, sizeof(*a));
	int rc;

	if (!a)
		return -ENOMEM;
	a->keys_fd = temp_fd();
	a->next_fd = a->keys_fd < 0 ? -1 : temp_fd();
	if (a->next_fd < 0) {
		rc = a->keys_fd < 0 ? a->keys_fd : a->next_fd;
		if (a->keys_fd >= 0)
			close(a->keys_fd);
		free(a);
		return rc;
	}
	*out = a;
	return 0;
}

static void ahead_free(struct policy_lookahead *a)
{
	if (!a)
		return;
	close(a->keys_fd);
	close(a->next_fd);
	free(a);
}

static int ahead_flush(struct policy_lookahead *a)
{
	int rc = pwrite_all(a->keys_fd, a->keys, a->fill * sizeof(a->keys[0]),
			    (a->n - a->fill) * sizeof(a->keys[0]));

	a->fill = 0;
	return rc;
}

static int ahead_record(struct policy_lookahead *a, uint64_t key)
{
	a->keys[a->fill++] = key;
	a->n++;
	return a->fill == AHEAD_BLOCK ? ahead_flush(a) : 0;
}

/* The backward pass: next[i] for every reference i, into next_fd. */
static int ahead_next_uses(struct policy_lookahead *a)
{
	struct policy_map later;
	uint64_t start;
	int rc = policy_map_init(&later);

	if (rc)
		return rc;
	for (start = a->n - a->n % AHEAD_BLOCK; !rc; start -= AHEAD_BLOCK) {
		size_t len = (size_t)(a->n - start < AHEAD_BLOCK ? a->n - start : AHEAD_BLOCK);

		rc = pread_all(a->keys_fd, a->keys, len * sizeof(a->keys[0]), start * sizeof(a->keys[0]));
		for (size_t j = len; j-- > 0 && !rc;) {
			uint64_t i = start + j, *v;
			bool added;

			v = policy_map_get(&later, a->keys[j], NEVER(i), &added);
			if (!v) {
				rc = -ENOMEM;
				break;
			}
			a->next[j] = *v;
			*v = i;
		}
		if (!rc)
			rc = pwrite_all(a->next_fd, a->next, len * sizeof(a->next[0]),
					start * sizeof(a->next[0]));
		if (!start)
			break;
	}
	policy_map_release(&later);
	return rc;
}

/* ---- the run --------------------------------------------------------------- */

int policy_run_init(struct policy_run *r, const struct policy_ops *ops, uint64_t frames)
{
	int rc;

	memset(r, 0, sizeof(*r));
	if (!frames || frames > POLICY_MAX_FRAMES)
		return -EINVAL;
	r->p.ops = ops;
	r->p.frames = (uint32_t)frames;
	/* calloc: frames never used are pages never touched. */
	r->p.frame_key = calloc(frames, sizeof(*r->p.frame_key));
	if (!r->p.frame_key)
		return -ENOMEM;
	rc = policy_map_init(&r->map);
	if (!rc)
		rc = ops->init(&r->p);
	if (!rc && ops->needs_future)
		rc = ahead_new(&r->ahead);
	if (rc)
		policy_run_release(r);
	return rc;
}

void policy_run_release(struct policy_run *r)
{
	if (r->p.ops && r->p.priv)
		r->p.ops->release(&r->p);
	free(r->p.frame_key);
	policy_map_release(&r->map);
	ahead_free(r->ahead);
	memset(r, 0, sizeof(*r));
}

/* Every state transition of a page (see the top of the file). */
static inline int run_reference(struct policy_run *r, uint64_t key, uint64_t next)
{
	struct policy *p = &r->p;
	size_t hint = key & (POLICY_RECENT - 1);
	uint64_t *v;
	uint32_t frame = r->recent_frame[hint];
	bool added;

	/* Nearly half the references of a real trace repeat the page before. */
	if (r->recent_key[hint] == key && frame < p->used && p->frame_key[frame] == key) {
		r->accesses++;
		p->ops->hit(p, frame, next);
		return 0;
	}
	v = policy_map_get(&r->map, key, POLICY_NOT_RESIDENT, &added);
	if (!v)
		return -ENOMEM;
	r->accesses++;
	r->recent_key[hint] = key;
	/* The map keeps a page's last frame; it is resident while that frame
	 * still holds it, so an eviction never has to find the victim's entry. */
	if (*v < p->used && p->frame_key[*v] == key) {
		r->recent_frame[hint] = (uint32_t)*v;
		p->ops->hit(p, (uint32_t)*v, next);
		return 0;
	}
	r->pgfault++;
	if (!added)
		r->pgmajfault++;
	frame = p->ops->fault(p, next);
	if (frame == p->used)
		p->used++;
	p->frame_key[frame] = key;
	*v = frame;
	r->recent_frame[hint] = frame;
	return 0;
}

int policy_run_access(struct policy_run *r, uint64_t key)
{
	if (r->ahead)
		return ahead_record(r->ahead, key);
	/* Pages used lately: their frame, without the map. */
	if (r->has_last && key == r->last_key && r->p.ops->repeat_is_noop) {
		r->accesses++;
		return 0;
	}
	r->last_key = key;
	r->has_last = true;
	return run_reference(r, key, 0);
}

void policy_run_prefetch(const struct policy_run *r, const struct sim_event *ev)
{
	uint64_t key;

	if (r->ahead || ev->op > SIM_OP_EXEC)
		return;
	key = policy_key(ev->pid, ev->addr >> POLICY_PAGE_SHIFT);
	__builtin_prefetch(&r->map.slots[map_hash(key) & r->map.mask]);
}

int policy_run_event(struct policy_run *r, const struct sim_event *ev)
{
	uint64_t first, last;
	int rc = 0;

	r->events++;
	if (ev->op != SIM_OP_READ && ev->op != SIM_OP_WRITE && ev->op != SIM_OP_EXEC)
		return 0;
	first = ev->addr >> POLICY_PAGE_SHIFT;
	last = (ev->addr + (ev->len ? ev->len - 1 : 0)) >> POLICY_PAGE_SHIFT;
	if (last < first)   /* wrapped past the top of the address space */
		last = UINT64_MAX >> POLICY_PAGE_SHIFT;
	for (uint64_t vpn = first; !rc; vpn++) {
		rc = policy_run_access(r, policy_key(ev->pid, vpn));
		if (vpn == last)
			break;
	}
	return rc;
}

int policy_run_finish(struct policy_run *r)
{
	struct policy_lookahead *a = r->ahead;
	int rc;

	if (!a)
		return 0;
	r->ahead = NULL;    /* from here references are replayed, not recorded */
	rc = ahead_flush(a);
	if (!rc && a->n)
		rc = ahead_next_uses(a);
	for (uint64_t start = 0; !rc && start < a->n; start += AHEAD_BLOCK) {
		size_t len = (size_t)(a->n - start < AHEAD_BLOCK ? a->n - start : AHEAD_BLOCK);

		rc = pread_all(a->keys_fd, a->keys, len * sizeof(a->keys[0]), start * sizeof(a->keys[0]));
		if (!rc)
			rc = pread_all(a->next_fd, a->next, len * sizeof(a->next[0]),
				       start * sizeof(a->next[0]));
		for (size_t j = 0; j < len && !rc; j++)
			rc = run_reference(r, a->keys[j], a->next[j]);
	}
	ahead_free(a);
	return rc;
}

int policy_run_check(const struct policy_run *r, char *msg, size_t len)
{
	const struct policy *p = &r->p;
	uint64_t resident = 0;

	if (p->used > p->frames) {
		snprintf(msg, len, "%s: %u frames used of %u", p->ops->name, p->used, p->frames);
		return -EUCLEAN;
	}
	for (uint32_t f = 0; f < p->used; f++) {
		const uint64_t *v = policy_map_find(&r->map, p->frame_key[f]);

		if (!v || *v != f) {
			snprintf(msg, len, "%s: frame %u holds page 0x%llx, which the map puts %s",
				 p->ops->name, f, (unsigned long long)p->frame_key[f],
				 v ? "elsewhere" : "nowhere");
			return -EUCLEAN;
		}
	}
	for (uint64_t i = 0; i <= r->map.mask; i++) {
		const struct policy_map_entry *e = &r->map.slots[i];

		/* Resident: the entry's frame holds it (older frames are left stale). */
		resident += e->value != POLICY_MAP_EMPTY && e->value < p->used &&
			    p->frame_key[e->value] == e->key;
	}
	if (resident != p->used) {
		snprintf(msg, len, "%s: %llu pages resident in the map, %u frames used", p->ops->name,
			 (unsigned long long)resident, p->used);
		return -EUCLEAN;
	}
	return p->ops->check ? p->ops->check(p, msg, len) : 0;
}

int policy_check_hand(const struct policy *p, uint32_t hand, char *msg, size_t len)
{
	if (hand >= p->frames || (p->used < p->frames && hand)) {
		snprintf(msg, len, "%s: hand at %u with %u of %u frames used", p->ops->name, hand,
			 p->used, p->frames);
		return -EUCLEAN;
	}
	return 0;
}

const struct policy_ops *policy_find(const char *name)
{
	static const struct policy_ops *const all[] = {
		&policy_lru, &policy_fifo, &policy_clock, &policy_opt,
	};

	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (!strcmp(all[i]->name, name))
			return all[i];
	return NULL;
}
