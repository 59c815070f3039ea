// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * oom_kill.c - the OOM killer (mm/oom_kill.c): when reclaim can make no
 * more progress, the process with the largest badness score dies.
 *
 * The score is oom_badness's: resident pages, swap entries and page-table
 * pages (oom_score_adj is 0 for every simulated process).  Killing frees
 * its memory at once, as exit and the OOM reaper do together.
 */
#include "engine/internal.h"

static uint64_t badness(const struct mm *mm)
{
	return mm->rss_anon + mm->rss_file + mm->swapents + mm->pt_pages;
}

bool out_of_memory(struct sim *s)
{
	struct mm *victim = NULL;

	for (size_t i = 0; i < s->nr_mms; i++) {
		struct mm *mm = &s->mms[i];

		/* oom_evaluate_task skips only a lower score: ties go to the later task. */
		if (mm->alive && (!victim || badness(mm) >= badness(victim)))
			victim = mm;
	}
	if (!victim)
		return false;
	victim->killed = true;
	do_exit(s, victim);
	s->vmstat[OOM_KILL]++;
	return true;
}
