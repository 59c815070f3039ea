// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lru.c - least recently used: the victim is the page referenced longest
 * ago.  Frames sit on one doubly linked list, most recent at the head; a
 * hit moves its frame to the head, a fault takes the tail's frame (or a
 * free one) and puts it at the head.  Every operation is O(1): 8 bytes per
 * frame.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "policy.h"

#define NIL UINT32_MAX

struct lru {
	uint32_t *prev, *next;   /* toward the head, toward the tail */
	uint32_t head, tail;
};

static int lru_init(struct policy *p)
{
	struct lru *l = calloc(1, sizeof(*l));

	if (!l)
		return -ENOMEM;
	l->prev = malloc((size_t)p->frames * sizeof(*l->prev));
	l->next = malloc((size_t)p->frames * sizeof(*l->next));
	l->head = l->tail = NIL;
	p->priv = l;
	return l->prev && l->next ? 0 : -ENOMEM;
}

static void lru_release(struct policy *p)
{
	struct lru *l = p->priv;

	free(l->prev);
	free(l->next);
	free(l);
	p->priv = NULL;
}

static void lru_unlink(struct lru *l, uint32_t f)
{
	if (l->prev[f] == NIL)
		l->head = l->next[f];
	else
		l->next[l->prev[f]] = l->next[f];
	if (l->next[f] == NIL)
		l->tail = l->prev[f];
	else
		l->prev[l->next[f]] = l->prev[f];
}

static void lru_push_head(struct lru *l, uint32_t f)
{
	l->prev[f] = NIL;
	l->next[f] = l->head;
	if (l->head == NIL)
		l->tail = f;
	else
		l->prev[l->head] = f;
	l->head = f;
}

static void lru_hit(struct policy *p, uint32_t frame, uint64_t next)
{
	struct lru *l = p->priv;

	(void)next;
	if (l->head != frame) {
		lru_unlink(l, frame);
		lru_push_head(l, frame);
	}
}

static uint32_t lru_fault(struct policy *p, uint64_t next)
{
	struct lru *l = p->priv;
	uint32_t f = p->used;

	(void)next;
	if (p->used == p->frames) {
		f = l->tail;
		lru_unlink(l, f);
	}
	lru_push_head(l, f);
	return f;
}

static int lru_check(const struct policy *p, char *msg, size_t len)
{
	const struct lru *l = p->priv;
	uint32_t n = 0, before = NIL;

	for (uint32_t f = l->head; f != NIL && n <= p->used; before = f, f = l->next[f], n++)
		if (f >= p->used || l->prev[f] != before)
			break;
	if (n != p->used || before != l->tail) {
		snprintf(msg, len, "lru: the list holds %u frames of %u, or is broken", n, p->used);
		return -EUCLEAN;
	}
	return 0;
}

const struct policy_ops policy_lru = {
	.name = "lru",
	.repeat_is_noop = true,
	.init = lru_init,
	.hit = lru_hit,
	.fault = lru_fault,
	.check = lru_check,
	.release = lru_release,
};
