// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * clock.c - CLOCK, the second-chance ring (Corbató, 1968): FIFO order, but
 * a page referenced since it was loaded or last passed over is spared once.
 * Frames form a ring in frame order with a hand; every hit sets the frame's
 * reference bit, a page is loaded with its bit clear.  On a fault with every
 * frame used, the hand clears and passes each set bit, takes the first
 * frame whose bit is clear, and moves one past it.  1 byte per frame.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "policy.h"

struct clock {
	uint8_t *referenced;
	uint32_t hand;
};

static int clock_init(struct policy *p)
{
	struct clock *c = calloc(1, sizeof(*c));

	if (!c)
		return -ENOMEM;
	c->referenced = calloc(p->frames, 1);
	p->priv = c;
	return c->referenced ? 0 : -ENOMEM;
}

static void clock_release(struct policy *p)
{
	struct clock *c = p->priv;

	free(c->referenced);
	free(c);
	p->priv = NULL;
}

static void clock_hit(struct policy *p, uint32_t frame, uint64_t next)
{
	struct clock *c = p->priv;

	(void)next;
	c->referenced[frame] = 1;
}

static uint32_t clock_fault(struct policy *p, uint64_t next)
{
	struct clock *c = p->priv;
	uint32_t f;

	(void)next;
	if (p->used < p->frames) {
		c->referenced[p->used] = 0;
		return p->used;
	}
	while (c->referenced[c->hand]) {
		c->referenced[c->hand] = 0;
		c->hand = c->hand + 1 == p->frames ? 0 : c->hand + 1;
	}
	f = c->hand;
	c->hand = f + 1 == p->frames ? 0 : f + 1;
	return f;
}

static int clock_check(const struct policy *p, char *msg, size_t len)
{
	const struct clock *c = p->priv;

	return policy_check_hand(p, c->hand, msg, len);
}

const struct policy_ops policy_clock = {
	.name = "clock",
	.init = clock_init,
	.hit = clock_hit,
	.fault = clock_fault,
	.check = clock_check,
	.release = clock_release,
};
