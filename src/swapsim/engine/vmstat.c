// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vmstat.c - the names of the counters, as /proc/vmstat prints them
 * (mm/vmstat.c vmstat_text).
 */
#include "engine/internal.h"

const char *sim_counter_name(enum sim_counter c)
{
	static const char *const names[NR_SIM_COUNTERS] = {
		[PGPGIN] = "pgpgin",
		[PGPGOUT] = "pgpgout",
		[PSWPIN] = "pswpin",
		[PSWPOUT] = "pswpout",
		[PGALLOC] = "pgalloc_normal",
		[PGFREE] = "pgfree",
		[PGACTIVATE] = "pgactivate",
		[PGDEACTIVATE] = "pgdeactivate",
		[PGFAULT] = "pgfault",
		[PGMAJFAULT] = "pgmajfault",
		[PGREFILL] = "pgrefill",
		[PGREUSE] = "pgreuse",
		[PGSTEAL_KSWAPD] = "pgsteal_kswapd",
		[PGSTEAL_DIRECT] = "pgsteal_direct",
		[PGSCAN_KSWAPD] = "pgscan_kswapd",
		[PGSCAN_DIRECT] = "pgscan_direct",
		[PGSCAN_ANON] = "pgscan_anon",
		[PGSCAN_FILE] = "pgscan_file",
		[PGSTEAL_ANON] = "pgsteal_anon",
		[PGSTEAL_FILE] = "pgsteal_file",
		[OOM_KILL] = "oom_kill",
		[PAGEOUTRUN] = "pageoutrun",
		[ALLOCSTALL] = "allocstall_normal",
		[SWAP_RA] = "swap_ra",
		[SWAP_RA_HIT] = "swap_ra_hit",
	};

	return (unsigned)c < NR_SIM_COUNTERS ? names[c] : "unknown";
}
