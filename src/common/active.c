// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * active.c - in-use checks against /proc/swaps and the mount table.
 */
#include <errno.h>
#include <inttypes.h>
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

const char *proc_swaps_path(void)
{
	return path_or("SWAPAREA_PROC_SWAPS", "/proc/swaps");
}

bool is_active_swap(const struct stat *st)
{
	return listed_in(proc_swaps_path(), 0, true, st);
}

void active_swaps_free(struct active_swap *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(list[i].path);
	free(list);
}

/* "NAME TYPE SIZE USED PRIO": the name has its blanks escaped, so fields split on blanks. */
static bool parse_swap_line(char *line, struct active_swap *s)
{
	static const char deleted[] = " (deleted)";
	char *name = NULL;
	size_t len;

	if (sscanf(line, "%ms %15s %" SCNu64 " %" SCNu64 " %ld", &name, s->type, &s->size_kib,
		   &s->used_kib, &s->prio) != 5) {
		free(name);
		return false;
	}
	unescape_octal(name);
	len = strlen(name);
	s->deleted = len > sizeof(deleted) - 1 && !strcmp(name + len - (sizeof(deleted) - 1), deleted);
	if (s->deleted)
		name[len - (sizeof(deleted) - 1)] = '\0';
	s->path = name;
	return true;
}

int active_swaps_parse(FILE *f, struct active_swap **list, size_t *n)
{
	struct active_swap *v = NULL, one;
	size_t nr = 0, cap = 0, linecap = 0;
	char *line = NULL;
	bool header = true;
	int rc = 0;

	*list = NULL;
	*n = 0;
	while (getline(&line, &linecap, f) > 0) {
		if (header) {   /* "Filename Type Size Used Priority" */
			header = false;
			continue;
		}
		memset(&one, 0, sizeof(one));
		if (!parse_swap_line(line, &one))
			continue;
		if (nr == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			struct active_swap *p = realloc(v, ncap * sizeof(*v));

			if (!p) {
				free(one.path);
				rc = -ENOMEM;
				break;
			}
			v = p;
			cap = ncap;
		}
		v[nr++] = one;
	}
	if (ferror(f) && !rc)
		rc = -EIO;
	free(line);
	if (rc) {
		active_swaps_free(v, nr);
		return rc;
	}
	*list = v;
	*n = nr;
	return 0;
}

int active_swaps_read(struct active_swap **list, size_t *n)
{
	FILE *f = fopen(proc_swaps_path(), "re");
	int rc;

	*list = NULL;
	*n = 0;
	if (!f)
		return -errno;
	rc = active_swaps_parse(f, list, n);
	fclose(f);
	return rc;
}

bool is_mounted(const struct stat *st)
{
	if (!S_ISBLK(st->st_mode))
		return false;
	return listed_in(path_or("SWAPAREA_PROC_MOUNTS", "/proc/self/mounts"), 0, false, st);
}
