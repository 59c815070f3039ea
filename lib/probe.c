// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * probe.c - partition tables and old signatures, through libblkid.
 *
 * Both calls probe the whole of @fd from byte 0, as util-linux mkswap does,
 * even when the swap area itself starts at an offset: a stale file-system
 * signature anywhere in the file would still make blkid misreport it.
 */
#include <blkid.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

static blkid_probe probe_new(int fd)
{
	blkid_probe pr = blkid_new_probe();

	if (pr && blkid_probe_set_device(pr, fd, 0, 0) != 0) {
		blkid_free_probe(pr);
		pr = NULL;
	}
	return pr;
}

int swaparea_probe_pttype(int fd, char *type, size_t len)
{
	blkid_probe pr = probe_new(fd);
	const char *value = NULL;
	int found = 0;

	if (!pr)
		return -ENOMEM;
	blkid_probe_enable_superblocks(pr, 0);
	blkid_probe_enable_partitions(pr, 1);
	if (blkid_do_fullprobe(pr) == 0 &&
	    blkid_probe_lookup_value(pr, "PTTYPE", &value, NULL) == 0 && value) {
		found = 1;
		if (len)
			snprintf(type, len, "%s", value);
	}
	blkid_free_probe(pr);
	return found;
}

int swaparea_probe_wipe(int fd, swaparea_wipe_fn fn, void *data)
{
	blkid_probe pr = probe_new(fd);
	int count = 0, rc = 0;

	if (!pr)
		return -ENOMEM;
	blkid_probe_enable_partitions(pr, 1);
	blkid_probe_set_partitions_flags(pr, BLKID_PARTS_MAGIC);
	blkid_probe_enable_superblocks(pr, 1);
	blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_MAGIC | BLKID_SUBLKS_TYPE |
						      BLKID_SUBLKS_BADCSUM);
	while (blkid_do_probe(pr) == 0) {
		const char *type = NULL, *off = NULL;
		unsigned long long offset = 0;

		if (blkid_probe_lookup_value(pr, "TYPE", &type, NULL) != 0 &&
		    blkid_probe_lookup_value(pr, "PTTYPE", &type, NULL) != 0)
			type = "unknown";
		if (blkid_probe_lookup_value(pr, "SBMAGIC_OFFSET", &off, NULL) == 0 ||
		    blkid_probe_lookup_value(pr, "PTMAGIC_OFFSET", &off, NULL) == 0)
			sscanf(off, "%llu", &offset);
		if (fn && (rc = fn(type, offset, data)) != 0)
			break;
		if (blkid_do_wipe(pr, 0) != 0) {
			rc = errno ? -errno : -EIO;
			break;
		}
		count++;
	}
	blkid_free_probe(pr);
	return rc < 0 ? rc : count;
}
