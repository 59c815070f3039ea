/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fstab.h - the swap entries of an fstab, and swap mount options.
 *
 * swapon -a and swapoff -a read /etc/fstab (or the file or directory given
 * with -T, or SWAPAREA_FSTAB for tests).  A directory means every *.fstab
 * file in it, in version order, as libmount reads them.  Lines are
 * "source target type options [freq [passno]]", blanks separate fields,
 * octal escapes (\040) stand for blanks inside a field, and # starts a
 * comment.  A line with fewer than three fields is an error the caller
 * reports and skips.
 */
#ifndef SWAPAREA_COMMON_FSTAB_H
#define SWAPAREA_COMMON_FSTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct fstab_entry {
	char *source;      /* a path or TAG=value, unescaped */
	char *type;        /* "swap", ... */
	char *options;     /* "defaults" when the field is missing */
	const char *file;  /* the file it came from */
	unsigned line;     /* 1-based */
};

struct fstab {
	struct fstab_entry *entries;
	size_t nr;
	/* Lines that did not parse: file and line, in order. */
	struct fstab_bad {
		const char *file;
		unsigned line;
	} *bad;
	size_t nr_bad;
	char **files;      /* the files read (entries point into this list) */
	size_t nr_files;
};

/* The fstab in use: SWAPAREA_FSTAB if set, else /etc/fstab. */
const char *fstab_default_path(void);

/* Read @path (a file or a directory of *.fstab files).  0 or -errno. */
int fstab_read(struct fstab *tab, const char *path);

/* Parse one stream (the reader behind fstab_read, and the fuzz target's). */
int fstab_parse(struct fstab *tab, FILE *f, const char *name);

void fstab_init(struct fstab *tab);
void fstab_release(struct fstab *tab);

/*
 * Look up option @name in the comma-separated @options.  Returns true if
 * present; *value (may be NULL) points into a static buffer holding the
 * text after '=' (NULL when the option has no value).
 */
bool fstab_option(const char *options, const char *name, const char **value);

#endif /* SWAPAREA_COMMON_FSTAB_H */
