// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * active.c - in-use checks against /proc/swaps and the mount table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "active.h"

static const char *path_or(const char *env, const char *fallback)
{
	const char *p = getenv(env);

	return p && *p ? p : fallback;
}

void unescape_octal(char *s)
{
	char *out = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			*out++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 3;
		} else {
			*out++ = *s;
		}
	}
	*out = '\0';
}

static bool same_object(const struct stat *a, const char *path)
{
	struct stat b;

	if (stat(path, &b) != 0)
		return false;
	if (S_ISBLK(a->st_mode))
		return S_ISBLK(b.st_mode) && a->st_rdev == b.st_rdev;
	return a->st_dev == b.st_dev && a->st_ino == b.st_ino;
}

/* True if the first whitespace-separated field (column @col) of any line names @st. */
static bool listed_in(const char *file, int col, bool skip_header, const struct stat *st)
{
	FILE *f = fopen(file, "re");
	char *line = NULL;
	size_t cap = 0;
	bool found = false;

	if (!f)
		return false;
	while (!found && getline(&line, &cap, f) > 0) {
		char *save = NULL, *field = strtok_r(line, " \t\n", &save);

		if (skip_header) {
			skip_header = false;
			continue;
		}
		for (int i = 0; field && i < col; i++)
			field = strtok_r(NULL, " \t\n", &save);
		if (!field || field[0] != '/')
			continue;
		unescape_octal(field);
		found = same_object(st, field);
	}
	free(line);
	fclose(f);
	return found;
}

bool is_active_swap(const struct stat *st)
{
	return listed_in(path_or("SWAPAREA_PROC_SWAPS", "/proc/swaps"), 0, true, st);
}

bool is_mounted(const struct stat *st)
{
	if (!S_ISBLK(st->st_mode))
		return false;
	return listed_in(path_or("SWAPAREA_PROC_MOUNTS", "/proc/self/mounts"), 0, false, st);
}
