// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * opt.c - OPT (Belady, 1966): the victim is the page whose next reference is
 * furthest in the future, or never comes.  No policy that does not know the
 * future faults less.  The future comes from the run's look-ahead (see
 * policy.c): each reference arrives with the index of the next reference to
 * the same page, a distinct number beyond every index when there is none,
 * so no two resident pages ever tie.
 *
 * The resident pages sit in a max-heap keyed by next use, with each frame's
 * position in it: a hit moves its frame's key later and sifts it up; a
 * fault takes the root.  O(log frames) per reference, 16 bytes per frame;
 * with the look-ahead's maps and files (16 bytes per reference on disk).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "policy.h"

struct opt {
	uint64_t *when;          /* per frame: its page's next reference */
	uint32_t *heap;          /* frames; heap[0] is referenced last */
	uint32_t *pos;           /* per frame: its index in heap[] */
};

static int opt_init(struct policy *p)
{
	struct opt *o = calloc(1, sizeof(*o));

	if (!o)
		return -ENOMEM;
	o->when = malloc((size_t)p->frames * sizeof(*o->when));
	o->heap = malloc((size_t)p->frames * sizeof(*o->heap));
	o->pos = malloc((size_t)p->frames * sizeof(*o->pos));
	p->priv = o;
	return o->when && o->heap && o->pos ? 0 : -ENOMEM;
}

static void opt_release(struct policy *p)
{
	struct opt *o = p->priv;

	free(o->when);
	free(o->heap);
	free(o->pos);
	free(o);
	p->priv = NULL;
}

static void heap_place(struct opt *o, uint32_t i, uint32_t f)
{
	o->heap[i] = f;
	o->pos[f] = i;
}

static void sift_up(struct opt *o, uint32_t i)
{
	uint32_t f = o->heap[i];

	while (i && o->when[o->heap[(i - 1) / 2]] < o->when[f]) {
		heap_place(o, i, o->heap[(i - 1) / 2]);
		i = (i - 1) / 2;
	}
	heap_place(o, i, f);
}

static void sift_down(struct opt *o, uint32_t i, uint32_t n)
{
	uint32_t f = o->heap[i];

	for (;;) {
		uint64_t c = 2 * (uint64_t)i + 1;

		if (c >= n)
			break;
		if (c + 1 < n && o->when[o->heap[c + 1]] > o->when[o->heap[c]])
			c++;
		if (o->when[o->heap[c]] <= o->when[f])
			break;
		heap_place(o, i, o->heap[c]);
		i = (uint32_t)c;
	}
	heap_place(o, i, f);
}

static void opt_hit(struct policy *p, uint32_t frame, uint64_t next)
{
	struct opt *o = p->priv;

	/* The page was due now; its next use is later than now: only up. */
	o->when[frame] = next;
	sift_up(o, o->pos[frame]);
}

static uint32_t opt_fault(struct policy *p, uint64_t next)
{
	struct opt *o = p->priv;
	uint32_t f;

	if (p->used < p->frames) {
		f = p->used;
		o->when[f] = next;
		heap_place(o, p->used, f);
		sift_up(o, p->used);
		return f;
	}
	f = o->heap[0];
	o->when[f] = next;
	sift_down(o, 0, p->used);
	return f;
}

static int opt_check(const struct policy *p, char *msg, size_t len)
{
	const struct opt *o = p->priv;

	for (uint32_t i = 0; i < p->used; i++) {
		if (o->heap[i] >= p->used || o->pos[o->heap[i]] != i) {
			snprintf(msg, len, "opt: heap slot %u and its frame disagree", i);
			return -EUCLEAN;
		}
		if (i && o->when[o->heap[(i - 1) / 2]] < o->when[o->heap[i]]) {
			snprintf(msg, len, "opt: heap slot %u is due later than its parent", i);
			return -EUCLEAN;
		}
	}
	return 0;
}

const struct policy_ops policy_opt = {
	.name = "opt",
	.needs_future = true,
	.init = opt_init,
	.hit = opt_hit,
	.fault = opt_fault,
	.check = opt_check,
	.release = opt_release,
};
