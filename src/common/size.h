/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * size.h - sizes as people write and read them, for the tools.
 *
 * Parsing follows util-linux's rules (binary suffixes K, M, G... with an
 * optional "iB"; "KB", "MB"... are powers of 1000; an optional fraction
 * "1.5G").  Printing follows util-linux's human form, because mkswap's
 * output is compared with util-linux's byte for byte.
 */
#ifndef SWAPAREA_COMMON_SIZE_H
#define SWAPAREA_COMMON_SIZE_H

#include <stddef.h>
#include <stdint.h>

/* Parse @s into *bytes; 0, -EINVAL for bad text, -ERANGE on overflow. */
int size_parse(const char *s, uint64_t *bytes);

/*
 * Parse an integer as util-linux's strtou64/strtos32 helpers do: base 10,
 * leading blanks and a '+' allowed, nothing after the digits.  -EINVAL for
 * anything else (a '-' for the unsigned one), -ERANGE past @max (or @min).
 */
int num_parse_u64(const char *s, uint64_t max, uint64_t *value);
int num_parse_s64(const char *s, int64_t min, int64_t max, int64_t *value);

/*
 * util-linux's size_to_human_string(SIZE_SUFFIX_3LETTER | SIZE_SUFFIX_SPACE):
 * "36 KiB", "1023.9 MiB", "1024 MiB".  One decimal, rounded half up, a
 * trailing ".0" dropped, and a value rounded up to 1024 keeps its unit.
 * Uses the locale's decimal point.  Writes at most @len bytes into @buf.
 */
char *size_human_iec(uint64_t bytes, char *buf, size_t len);

/* The same with a one-letter suffix and no space ("4G", "34.8M", "0B"),
 * as swapon --show prints sizes. */
char *size_human_short(uint64_t bytes, char *buf, size_t len);

#endif /* SWAPAREA_COMMON_SIZE_H */
