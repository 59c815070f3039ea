/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * spec.h - turn a swap spec (a path, LABEL=, UUID=, PARTLABEL=, PARTUUID=)
 * into the path of a device or file.
 *
 * Tags are looked up with libblkid, which knows block devices only; a swap
 * file has a label and a UUID too, so LABEL= and UUID= fall back to the
 * regular files named in /proc/swaps and in the fstab, whose headers are
 * read through libswaparea.  Every lookup either returns a path the caller
 * frees or NULL: nothing is left half set when nothing matches.
 */
#ifndef SWAPAREA_COMMON_SPEC_H
#define SWAPAREA_COMMON_SPEC_H

/* "LABEL", "UUID", "PARTLABEL" or "PARTUUID" = value, or a path. */
char *spec_resolve(const char *spec, const char *fstab_path);

/* The same for a tag given on its own (-L, -U). */
char *spec_resolve_tag(const char *tag, const char *value, const char *fstab_path);

#endif /* SWAPAREA_COMMON_SPEC_H */
