// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sim.c - the engine's front door: make a machine, dispatch events, report.
 *
 * Each event runs to completion; then kswapd, if an allocation woke it,
 * runs its balance loop before the next event (the model's stand-in for a
 * kernel thread that runs beside the faulting process).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/bigalloc.h"
#include "engine/internal.h"

void sim_config_init(struct sim_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->pagesize = 4096;
	cfg->arch = SWAPAREA_ARCH_X86_64;
	cfg->swappiness = 60;
	cfg->page_cluster = 3;
	cfg->readahead = SIM_RA_AUTO;
	cfg->watermark_scale_factor = 10;
#ifdef SWAPSIM_DEBUG
	cfg->check_every_event = true;   /* debug builds: the checker after every event */
#endif
}

struct sim *sim_new(const struct sim_config *cfg, char *err, size_t err_len)
{
	struct sim *s = calloc(1, sizeof(*s));

	if (!s) {
		snprintf(err, err_len, "out of memory");
		return NULL;
	}
	s->cfg = *cfg;
	if (cfg->ram_pages < 16 || cfg->ram_pages >= NO_PAGE) {
		snprintf(err, err_len, "RAM must be 16 to %u pages", NO_PAGE - 1);
		goto fail;
	}
	if (cfg->pagesize != 4096) {
		snprintf(err, err_len, "only 4096-byte pages are simulated");
		goto fail;
	}
	if (cfg->nr_swaps > SIM_MAX_SWAPFILES) {
		snprintf(err, err_len, "at most %d swap areas", SIM_MAX_SWAPFILES);
		goto fail;
	}
	if (cfg->swappiness < 0 || cfg->swappiness > 200 || cfg->page_cluster < 0 ||
	    cfg->page_cluster > 20) {
		snprintf(err, err_len, "swappiness must be 0 to 200, page-cluster 0 to 20");
		goto fail;
	}
	s->nr_pages = cfg->ram_pages;
	s->pages = big_calloc(s->nr_pages * sizeof(*s->pages));
	if (!s->pages) {
		snprintf(err, err_len, "out of memory for %llu pages", (unsigned long long)s->nr_pages);
		goto fail;
	}
	/* Every frame free, lowest first. */
	s->free_head = NO_PAGE;
	for (uint64_t i = s->nr_pages; i-- > 0;) {
		s->pages[i].rmap = NO_ITEM;
		s->pages[i].lru_prev = NO_PAGE;
		s->pages[i].lru_next = s->free_head;
		s->free_head = (uint32_t)i;
	}
	s->nr_free = s->nr_pages;
	for (int l = 0; l < NR_LRU; l++)
		s->lru_head[l] = s->lru_tail[l] = NO_PAGE;
	s->rmap_free = NO_ITEM;
	s->least_priority = -1;
	s->swap_ra_hits = 4;
	compute_watermarks(s);
	for (size_t i = 0; i < cfg->nr_swaps; i++) {
		s->nr_swap = i + 1;
		if (swap_setup(s, i, &cfg->swaps[i])) {
			snprintf(err, err_len, "%s", s->error[0] ? s->error : "out of memory");
			goto fail;
		}
	}
	update_readahead(s);
	if (swap_cache_setup(s) || page_io_setup(s)) {
		snprintf(err, err_len, "out of memory");
		goto fail;
	}
	return s;
fail:
	sim_free(s);
	return NULL;
}

void sim_free(struct sim *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nr_mms; i++)
		if (s->mms[i].alive)
			do_exit(s, &s->mms[i]);
	free(s->mms);
	pt_arena_release(s);
	page_io_release(s);
	swap_release(s);
	free(s->swap_cache);
	for (size_t i = 0; i < s->nr_files; i++)
		free(s->files[i].pages);
	free(s->files);
	free(s->rmap);
	big_free(s->pages, s->nr_pages * sizeof(*s->pages));
	free(s);
}

static int access_range(struct sim *s, struct mm *mm, const struct sim_event *ev)
{
	uint64_t end = ev->addr + ev->len, page = ev->addr & ~UINT64_C(4095);
	uint32_t index = mm_index(s, mm);
	int rc = 0;

	for (; page < end && !rc; page += 4096) {
		mm = &s->mms[index];   /* a fault may grow the process table */
		if (!mm->alive)
			break;
		rc = handle_access(s, mm, page < ev->addr ? ev->addr : page, (int)ev->op, ev->flags);
		if (page + 4096 < page)
			break;
	}
	return rc;
}

static int dispatch(struct sim *s, const struct sim_event *ev)
{
	struct mm *mm = NULL;
	int rc;

	switch (ev->op) {
	case SIM_OP_SPAWN:
		return do_spawn(s, ev->pid);
	case SIM_OP_SWAPOFF:
	case SIM_OP_SWAPON:
		if (ev->arg >= s->nr_swap)
			return sim_fail(s, "%s: there is no swap area %llu",
					ev->op == SIM_OP_SWAPOFF ? "swapoff" : "swapon",
					(unsigned long long)ev->arg);
		/* A refused call (ENOMEM, EBUSY, EINVAL) is an outcome, not a bad trace. */
		rc = (ev->op == SIM_OP_SWAPOFF ? do_swapoff : do_swapon)(s, (uint32_t)ev->arg);
		if (rc == -EUCLEAN)
			return rc;
		if (rc) {
			s->swap_call_failures++;
			s->error[0] = '\0';
		}
		return 0;
	default:
		break;
	}
	mm = find_mm(s, ev->pid);
	if (!mm) {
		/* A process the OOM killer or a SIGSEGV took: its events are moot. */
		for (size_t i = 0; i < s->nr_mms; i++)
			if (s->mms[i].pid == ev->pid && (s->mms[i].killed || s->mms[i].segv || s->mms[i].sigbus)) {
				/* A child it would have forked never exists either. */
				if (ev->op == SIM_OP_FORK && !find_mm(s, (uint32_t)ev->arg) &&
				    do_spawn(s, (uint32_t)ev->arg) == 0) {
					struct mm *child = find_mm(s, (uint32_t)ev->arg);
					const struct mm *parent = &s->mms[i];

					/* It is reported as dead of its parent's cause. */
					do_exit(s, child);
					child->killed = parent->killed;
					child->segv = parent->segv;
					child->sigbus = parent->sigbus;
				}
				return 0;
			}
		return sim_fail(s, "no process %u", ev->pid);
	}
	switch (ev->op) {
	case SIM_OP_READ:
	case SIM_OP_WRITE:
	case SIM_OP_EXEC:
		return access_range(s, mm, ev);
	case SIM_OP_FORK:
		return do_fork(s, mm, (uint32_t)ev->arg);
	case SIM_OP_EXIT:
		do_exit(s, mm);
		return 0;
	case SIM_OP_MMAP:
		return do_mmap(s, mm, ev);
	case SIM_OP_MUNMAP:
		return do_munmap(s, mm, ev->addr, ev->addr + ev->len);
	default:
		return sim_fail(s, "unknown event %d", (int)ev->op);
	}
}

/*
 * The hit path, before anything else: an access within one page, by the
 * process the last event named, to a page whose leaf the leaf TLB holds,
 * whose PTE allows it.  Then the hardware would only set the accessed bit
 * (and dirty, on a write), and so does this: no dispatch, no walk, no
 * error state.  Anything else returns false and takes the full path,
 * which handles the same access the same way.
 */
static inline bool access_hit(struct sim *s, const struct sim_event *ev)
{
	struct mm *mm;
	uint64_t *pte;

	return ev->op <= SIM_OP_EXEC && (ev->addr & 4095) + ev->len <= 4096 &&
	       !s->cfg.check_every_event && (mm = recent_mm(s, ev->pid)) &&
	       (pte = tlb_pte(mm, ev->addr)) && pte_hit(s, pte, (int)ev->op);
}

void sim_prefetch(struct sim *s, const struct sim_event *ev)
{
	struct mm *mm;
	uint64_t *pte;

	if (ev->op > SIM_OP_EXEC || !(mm = recent_mm(s, ev->pid)))
		return;
	pte = pte_lookup(s, mm, ev->addr, false);   /* the leaf TLB first */
	if (pte)
		__builtin_prefetch(pte, 1);
}

int sim_event(struct sim *s, const struct sim_event *ev)
{
	int rc;

	s->events++;
	if (access_hit(s, ev))
		return 0;
	s->slow_events++;
	s->error[0] = '\0';
	rc = dispatch(s, ev);
	if (rc == -ENOMEM && !s->error[0])
		snprintf(s->error, sizeof(s->error), "the simulator ran out of memory");
	if (!rc && s->kswapd_woken)
		kswapd_run(s);
	/* The backing failed on the host, in the event or in kswapd: stop. */
	if (s->io.hard_error) {
		snprintf(s->error, sizeof(s->error), "%s", s->io.hard_msg);
		return s->io.hard_error;
	}
	if (!rc && s->cfg.check_every_event) {
		char msg[sizeof(s->error) - 48];

		if (sim_check(s, msg, sizeof(msg))) {
			snprintf(s->error, sizeof(s->error), "invariant broken after event %llu: %s",
				 (unsigned long long)s->events, msg);
			return -EUCLEAN;
		}
	}
	return rc;
}

void sim_settle(struct sim *s)
{
	if (s->kswapd_woken)
		kswapd_run(s);
}

const char *sim_error(const struct sim *s)
{
	return s->error;
}

const uint64_t *sim_vmstat(const struct sim *s)
{
	return s->vmstat;
}

uint64_t sim_events(const struct sim *s)
{
	return s->events;
}

uint64_t sim_slow_events(const struct sim *s)
{
	return s->slow_events;
}

uint64_t sim_segv_kills(const struct sim *s)
{
	return s->segv_kills;
}

uint64_t sim_swap_call_failures(const struct sim *s)
{
	return s->swap_call_failures;
}

size_t sim_process_count(const struct sim *s)
{
	return s->nr_mms;
}

void sim_process_stats(const struct sim *s, size_t i, struct sim_process_stats *out)
{
	const struct mm *mm = &s->mms[i];

	*out = (struct sim_process_stats){
		.pid = mm->pid, .alive = mm->alive, .killed = mm->killed, .segv = mm->segv,
		.sigbus = mm->sigbus,
		.minflt = mm->minflt, .majflt = mm->majflt, .rss_anon = mm->rss_anon,
		.rss_file = mm->rss_file, .swapents = mm->swapents,
	};
}

size_t sim_swap_count(const struct sim *s)
{
	return s->nr_swap;
}

void sim_swap_stats(const struct sim *s, size_t i, struct sim_swap_stats *out)
{
	const struct swap_info *si = &s->swap[i];

	*out = (struct sim_swap_stats){
		.name = si->name, .prio = si->prio, .pages = si->pages,
		.inuse = si->inuse_pages, .active = si->active,
	};
}

void sim_memory_stats(const struct sim *s, struct sim_memory_stats *out)
{
	*out = (struct sim_memory_stats){
		.total = s->nr_pages, .free = s->nr_free,
		.min = s->wmark_min, .low = s->wmark_low, .high = s->wmark_high,
		.anon = s->nr_anon, .file = s->nr_file, .swapcache = s->nr_swapcache,
		.active_anon = s->lru_size[LRU_ACTIVE_ANON],
		.inactive_anon = s->lru_size[LRU_INACTIVE_ANON],
		.active_file = s->lru_size[LRU_ACTIVE_FILE],
		.inactive_file = s->lru_size[LRU_INACTIVE_FILE],
	};
}
