// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fifo.c - first in, first out: the victim is the page loaded longest ago,
 * whatever its references since.  Frames fill in order 0, 1, ..., so once
 * they are full the oldest page is always in the frame after the one loaded
 * last: a hand going round the frames is the whole queue.  Hits change
 * nothing.  No memory per frame.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "policy.h"

struct fifo {
	uint32_t hand;           /* the oldest page's frame, once all are used */
};

static int fifo_init(struct policy *p)
{
	p->priv = calloc(1, sizeof(struct fifo));
	return p->priv ? 0 : -ENOMEM;
}

static void fifo_release(struct policy *p)
{
	free(p->priv);
	p->priv = NULL;
}

static void fifo_hit(struct policy *p, uint32_t frame, uint64_t next)
{
	(void)p;
	(void)frame;
	(void)next;
}

static uint32_t fifo_fault(struct policy *p, uint64_t next)
{
	struct fifo *q = p->priv;
	uint32_t f = q->hand;

	(void)next;
	if (p->used < p->frames)
		return p->used;
	q->hand = f + 1 == p->frames ? 0 : f + 1;
	return f;
}

static int fifo_check(const struct policy *p, char *msg, size_t len)
{
	const struct fifo *q = p->priv;

	return policy_check_hand(p, q->hand, msg, len);
}

const struct policy_ops policy_fifo = {
	.name = "fifo",
	.repeat_is_noop = true,
	.init = fifo_init,
	.hit = fifo_hit,
	.fault = fifo_fault,
	.check = fifo_check,
	.release = fifo_release,
};
