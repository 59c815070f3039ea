/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * swapon.h - shared pieces of swapon and swapoff (one program, two names).
 *
 * swapon.c parses swapon's command line and runs it; checks.c holds the
 * checks made before the system call; show.c the --show table and the
 * --summary listing; swapoff.c is swapoff.  Both commands reach the kernel
 * only through libc's swapon() and swapoff(), so a test can put a shim in
 * their place with LD_PRELOAD.
 */
#ifndef SWAPON_SWAPON_H
#define SWAPON_SWAPON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* --show columns, in util-linux's order. */
enum show_column { COL_NAME, COL_TYPE, COL_SIZE, COL_USED, COL_PRIO, COL_UUID, COL_LABEL, COL_COUNT };

/* The areas named on a command line: -L and -U in order, then the arguments. */
struct spec_lists {
	const char **labels, **uuids, **specs;
	size_t nr_labels, nr_uuids, nr_specs;
};

struct swapon_ctl {
	bool all;            /* -a */
	bool ifexists;       /* -e, or nofail */
	bool fixpgsz;        /* -f */
	bool dry_run;        /* --dry-run */
	int verbose;         /* -v */
	long priority;       /* -p, or -1 for the kernel's choice */
	int discard;         /* SWAP_FLAG_DISCARD* */
	const char *options; /* -o */
	const char *fstab;   /* -T, or fstab_default_path() */
	uint32_t pagesize;   /* the system's (SWAPAREA_PAGESIZE overrides, for tests) */

	/* Output. */
	bool show, summary, bytes, noheadings, raw, json;
	enum show_column columns[COL_COUNT * 2];
	size_t ncolumns;

	struct spec_lists areas;
};

/*
 * -L, -U and the arguments, which both commands take alike: when @key is
 * one of them, keep @arg and return true.  Exits when out of memory.
 */
bool spec_lists_parse(struct spec_lists *l, int key, const char *arg);
bool spec_lists_empty(const struct spec_lists *l);
void spec_lists_release(struct spec_lists *l);

/* Page size the areas must have: getpagesize(), or SWAPAREA_PAGESIZE. */
uint32_t system_pagesize(void);

/*
 * Everything swapon(8) checks before the system call, for the area at
 * @special, in util-linux's order, with its messages; --fixpgsz and a
 * hibernation signature are repaired here (not in a dry run).  0 when the
 * call should be made, -1 when the area is skipped.
 */
int swapon_checks(const struct swapon_ctl *ctl, const char *special);

/* After a failed call: one line that says what to do about @err. */
void swapon_hint(const struct swapon_ctl *ctl, const char *special, int err);

/* --show (and no arguments at all); -s.  Return the exit status. */
int show_table(const struct swapon_ctl *ctl);
int show_summary(const struct swapon_ctl *ctl);
/* Parse "NAME,SIZE,..." into ctl->columns; -1 after "unknown column". */
int parse_columns(struct swapon_ctl *ctl, const char *list);

int swapoff_main(int argc, char **argv);

#endif /* SWAPON_SWAPON_H */
