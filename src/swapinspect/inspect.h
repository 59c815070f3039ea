/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * inspect.h - swapinspect's shared pieces: the options, the model of one
 * inspected area, and the views that print it.
 *
 * Flow: main (swapinspect.c) parses options, then either runs a view that
 * needs no area (--system, the entry subcommand) or opens the area read
 * only (area.c), judges it the way the kernel would, and hands the model
 * to the views (views.c).  Views print; the model never does.
 */
#ifndef SWAPINSPECT_INSPECT_H
#define SWAPINSPECT_INSPECT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>

#include "swaparea.h"

/* Exit codes (swapinspect(8)). */
enum {
	EXIT_ACCEPTED = 0,
	EXIT_REFUSED = 1,
	EXIT_TROUBLE = 2,   /* usage, or the area could not be read */
};

struct inspect_ctl {
	const char *path;
	uint64_t offset;           /* --offset: the area starts here */
	uint32_t kernel_pagesize;  /* --pagesize, or this machine's */
	bool pagesize_set;
	bool extents;              /* --extents */
	bool slots;                /* --slots */
	bool system;               /* --system */
	bool verbose;
	bool json;
};

#define WARNINGS_MAX 8

/* Everything known about one area after area_inspect(). */
struct area {
	const char *path;
	int fd;
	struct stat st;
	bool regular;              /* a regular file (not a device) */
	uint64_t offset;
	uint64_t file_bytes;       /* size of the file or device */
	uint64_t area_bytes;       /* from offset to the end */

	unsigned char *page;       /* the first SWAPAREA_PAGESIZE_SEARCH_MAX bytes, zero padded */
	size_t page_len;           /* bytes actually read */

	/* What the bytes say. */
	enum swaparea_sig sig;
	uint32_t pagesize;         /* where the magic sits; 0 if none */
	bool has_hdr;              /* hdr is decoded */
	bool under_hibernation;    /* hdr was read under a hibernation signature */
	bool orig_sig_swap;        /* the hibernation header kept SWAPSPACE2 as orig_sig */
	struct swaparea_hdr hdr;
	struct swaparea_err hdr_err;   /* why the header did not decode */

	/* The kernel's judgement. */
	struct swaparea_kernel kernel;
	struct swaparea_verdict verdict;
	bool accepted;
	const char *rule;          /* swaparea_rule_name, or "extents" */
	char reason[SWAPAREA_ERR_MSG_MAX];
	char kernel_log[SWAPAREA_ERR_MSG_MAX + 64];
	uint64_t maxpages, usable_pages;   /* after the extent map */

	/* The extent map (regular files only). */
	bool has_map;
	int map_rc;                /* why there is none: -EOPNOTSUPP, ... */
	struct swaparea_extmap map;

	/* util-linux swapon's warnings, and ours. */
	char warnings[WARNINGS_MAX][SWAPAREA_ERR_MSG_MAX + 64];
	unsigned nr_warnings;
};

/*
 * Open ctl->path read-only and judge it.  Returns 0 with @a filled (even
 * for an area the kernel refuses), or EXIT_TROUBLE after printing why it
 * could not be read.
 */
int area_inspect(const struct inspect_ctl *ctl, struct area *a);
void area_release(struct area *a);

/* Page size the views use to count slots: the area's, else the kernel's. */
uint32_t area_pagesize(const struct area *a);
/* Slots the views count: last_page + 1, else whole pages in the area. */
uint64_t area_slots(const struct area *a);

struct json;

/*
 * Views of an area: each prints its part as text, or as members of the
 * one JSON object @j when it is not NULL.  0, or EXIT_TROUBLE after
 * printing an I/O error.
 */
void view_summary_json(const struct area *a, struct json *j);
int view_header(const struct inspect_ctl *ctl, const struct area *a, struct json *j);
int view_extents(const struct inspect_ctl *ctl, const struct area *a, struct json *j);
int view_slots(const struct inspect_ctl *ctl, const struct area *a, struct json *j);

/* Views of their own. */
int view_system(const struct inspect_ctl *ctl);
int entry_main(int argc, char **argv);

/* The architecture this program runs on, for entry and size limits. */
enum swaparea_arch host_arch(void);

#endif /* SWAPINSPECT_INSPECT_H */
