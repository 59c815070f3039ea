// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * spec.c - resolve swap specs to paths (see spec.h).
 */
#include <blkid.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "swaparea.h"

#include "active.h"
#include "fstab.h"
#include "spec.h"

static const char *const tags[] = { "LABEL", "UUID", "PARTLABEL", "PARTUUID" };

/* Does the swap file @path carry @tag=@value in its header? */
static bool file_has_tag(const char *path, const char *tag, const char *value)
{
	struct swaparea_hdr h;
	struct stat st;
	uint8_t uuid[SWAPAREA_UUID_LEN];
	bool match = false;
	int fd;

	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode))
		return false;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	swaparea_hdr_init(&h);
	if (swaparea_hdr_read(fd, 0, 0, &h, NULL) == 0 && h.version == 1) {
		if (!strcmp(tag, "LABEL"))
			match = h.label[0] && !strcmp(h.label, value);
		else if (!strcmp(tag, "UUID"))
			match = swaparea_uuid_parse(value, uuid) == 0 &&
				!memcmp(uuid, h.uuid, sizeof(uuid)) && !swaparea_uuid_is_null(uuid);
	}
	swaparea_hdr_release(&h);
	close(fd);
	return match;
}

/* Swap files named in /proc/swaps, then in the fstab, that carry the tag. */
static char *find_swap_file(const char *tag, const char *value, const char *fstab_path)
{
	struct active_swap *swaps = NULL;
	struct fstab tab;
	char *found = NULL;
	size_t n = 0;

	if (active_swaps_read(&swaps, &n) == 0)
		for (size_t i = 0; !found && i < n; i++)
			if (!swaps[i].deleted && file_has_tag(swaps[i].path, tag, value))
				found = strdup(swaps[i].path);
	active_swaps_free(swaps, n);

	fstab_init(&tab);
	if (!found && fstab_read(&tab, fstab_path) == 0)
		for (size_t i = 0; !found && i < tab.nr; i++)
			if (!strcmp(tab.entries[i].type, "swap") && tab.entries[i].source[0] == '/' &&
			    file_has_tag(tab.entries[i].source, tag, value))
				found = strdup(tab.entries[i].source);
	fstab_release(&tab);
	return found;
}

char *spec_resolve_tag(const char *tag, const char *value, const char *fstab_path)
{
	size_t n = value ? strlen(value) : 0;
	char *bare, *dev = NULL;

	/* LABEL="x" means LABEL=x, as libmount reads it. */
	if (n >= 2 && (value[0] == '"' || value[0] == '\'') && value[n - 1] == value[0])
		bare = strndup(value + 1, n - 2);
	else
		bare = strdup(value ? value : "");
	if (!bare || !*bare)
		goto out;
	dev = blkid_evaluate_tag(tag, bare, NULL);
	if (!dev && (!strcmp(tag, "LABEL") || !strcmp(tag, "UUID")))
		dev = find_swap_file(tag, bare, fstab_path);
out:
	free(bare);
	return dev;
}

char *spec_resolve(const char *spec, const char *fstab_path)
{
	const char *eq = strchr(spec, '=');
	char *path;

	for (size_t i = 0; eq && i < sizeof(tags) / sizeof(tags[0]); i++)
		if ((size_t)(eq - spec) == strlen(tags[i]) && !strncmp(spec, tags[i], strlen(tags[i]))) {
			char *tag = strndup(spec, (size_t)(eq - spec)), *dev;

			if (!tag)
				return NULL;
			dev = spec_resolve_tag(tag, eq + 1, fstab_path);
			free(tag);
			return dev;
		}
	/* A path: canonical when it exists, as given when it does not, so
	 * that the open that follows says what is wrong with it. */
	path = realpath(spec, NULL);
	return path ? path : strdup(spec);
}
