// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fstab.c - read fstab files for swap entries (see fstab.h).
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "active.h"
#include "fstab.h"

const char *fstab_default_path(void)
{
	const char *p = getenv("SWAPAREA_FSTAB");

	return p && *p ? p : "/etc/fstab";
}

void fstab_init(struct fstab *tab)
{
	memset(tab, 0, sizeof(*tab));
}

void fstab_release(struct fstab *tab)
{
	for (size_t i = 0; i < tab->nr; i++) {
		free(tab->entries[i].source);
		free(tab->entries[i].type);
		free(tab->entries[i].options);
	}
	for (size_t i = 0; i < tab->nr_files; i++)
		free(tab->files[i]);
	free(tab->entries);
	free(tab->bad);
	free(tab->files);
	fstab_init(tab);
}

static int push_ptr(void **array, size_t *nr, size_t elem, const void *value)
{
	void *p = realloc(*array, (*nr + 1) * elem);

	if (!p)
		return -ENOMEM;
	*array = p;
	memcpy((char *)p + *nr * elem, value, elem);
	(*nr)++;
	return 0;
}

/* The next blank-separated field of *s, NUL-terminated in place. */
static char *next_field(char **s)
{
	char *p = *s + strspn(*s, " \t\r\n"), *end;

	if (!*p)
		return NULL;
	end = p + strcspn(p, " \t\r\n");
	*s = *end ? end + 1 : end;
	*end = '\0';
	return p;
}

int fstab_parse(struct fstab *tab, FILE *f, const char *name)
{
	char *line = NULL, *file;
	size_t cap = 0;
	unsigned lineno = 0;
	int rc = 0;

	file = strdup(name);
	if (!file || push_ptr((void **)&tab->files, &tab->nr_files, sizeof(file), &file)) {
		free(file);
		return -ENOMEM;
	}
	while (!rc && getline(&line, &cap, f) > 0) {
		char *rest = line, *src, *target, *type, *opts;
		struct fstab_entry e = { .file = file, .line = ++lineno };

		src = next_field(&rest);
		if (!src || *src == '#')
			continue;
		target = next_field(&rest);
		type = next_field(&rest);
		opts = next_field(&rest);
		if (!target || !type) {
			struct fstab_bad b = { file, lineno };

			rc = push_ptr((void **)&tab->bad, &tab->nr_bad, sizeof(b), &b);
			continue;
		}
		unescape_octal(src);
		e.source = strdup(src);
		e.type = strdup(type);
		e.options = strdup(opts ? opts : "defaults");
		if (!e.source || !e.type || !e.options ||
		    push_ptr((void **)&tab->entries, &tab->nr, sizeof(e), &e)) {
			free(e.source);
			free(e.type);
			free(e.options);
			rc = -ENOMEM;
		}
	}
	free(line);
	return rc;
}

static int read_file(struct fstab *tab, const char *path)
{
	FILE *f = fopen(path, "re");
	int rc;

	if (!f)
		return -errno;
	rc = fstab_parse(tab, f, path);
	fclose(f);
	return rc;
}

static int is_fstab_name(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return d->d_name[0] != '.' && n > 6 && !strcmp(d->d_name + n - 6, ".fstab");
}

static int version_order(const struct dirent **a, const struct dirent **b)
{
	return strverscmp((*a)->d_name, (*b)->d_name);
}

int fstab_read(struct fstab *tab, const char *path)
{
	struct dirent **names = NULL;
	struct stat st;
	int n, rc = 0;

	if (stat(path, &st) < 0)
		return -errno;
	if (!S_ISDIR(st.st_mode))
		return read_file(tab, path);
	n = scandir(path, &names, is_fstab_name, version_order);
	if (n < 0)
		return -errno;
	for (int i = 0; i < n; i++) {
		char *full = NULL;

		if (!rc && asprintf(&full, "%s/%s", path, names[i]->d_name) < 0)
			rc = -ENOMEM;
		if (!rc)
			rc = read_file(tab, full);
		free(full);
		free(names[i]);
	}
	free(names);
	return rc;
}

bool fstab_option(const char *options, const char *name, const char **value)
{
	static char buf[256];
	size_t len = strlen(name);
	const char *p = options;

	while (p && *p) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);

		if (n >= len && !strncmp(p, name, len) && (n == len || p[len] == '=')) {
			if (value) {
				size_t vlen = n > len ? n - len - 1 : 0;

				if (n == len) {
					*value = NULL;
				} else {
					if (vlen >= sizeof(buf))
						vlen = sizeof(buf) - 1;
					memcpy(buf, p + len + 1, vlen);
					buf[vlen] = '\0';
					*value = buf;
				}
			}
			return true;
		}
		p = end ? end + 1 : NULL;
	}
	return false;
}
