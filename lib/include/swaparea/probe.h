/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * swaparea/probe.h - what else lives on a device or file, through libblkid.
 *
 * Before mkswap writes a header it must know whether the target holds a
 * partition table (whose boot sectors it must keep) and erase every other
 * signature (file systems, RAID, an old swap header at another page size),
 * or blkid would go on reporting them.  These calls do the probing; telling
 * the user is the caller's job, through the callback.
 */
#ifndef SWAPAREA_PROBE_H
#define SWAPAREA_PROBE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Look for a partition table on @fd.  Returns 1 and copies its type ("dos",
 * "gpt", ...) into @type (@len bytes, may be 0) when one is found, 0 when
 * there is none, or a negative errno.
 */
int swaparea_probe_pttype(int fd, char *type, size_t len);

/* Told about each signature just before it is erased; nonzero stops the wipe. */
typedef int (*swaparea_wipe_fn)(const char *type, uint64_t offset, void *data);

/*
 * Erase every superblock and partition-table signature libblkid finds on
 * @fd, calling @fn (may be NULL) before each.  Returns the number erased or
 * a negative errno.
 */
int swaparea_probe_wipe(int fd, swaparea_wipe_fn fn, void *data);

#ifdef __cplusplus
}
#endif

#endif /* SWAPAREA_PROBE_H */
