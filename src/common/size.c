// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * size.c - parse and print sizes the way util-linux does (see size.h).
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "size.h"

int num_parse_s64(const char *s, int64_t min, int64_t max, int64_t *value)
{
	char *end = NULL;
	long long v;

	if (!s)
		return -EINVAL;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (end == s || *end)
		return -EINVAL;
	if (errno == ERANGE || v < min || v > max)
		return -ERANGE;
	*value = v;
	return 0;
}

int num_parse_u64(const char *s, uint64_t max, uint64_t *value)
{
	const char *p = s;
	char *end = NULL;
	unsigned long long v;

	if (!s)
		return -EINVAL;
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '-')
		return -EINVAL;
	errno = 0;
	v = strtoull(p, &end, 10);
	if (end == p || *end)
		return -EINVAL;
	if (errno == ERANGE || v > max)
		return -ERANGE;
	*value = v;
	return 0;
}

/* Multiply with overflow detection. */
static int mul_checked(uint64_t a, uint64_t b, uint64_t *out)
{
	if (__builtin_mul_overflow(a, b, out))
		return -ERANGE;
	return 0;
}

int size_parse(const char *s, uint64_t *bytes)
{
	static const char units[] = "KMGTPEZY";
	const char *p = s, *u;
	uint64_t whole = 0, frac = 0, frac_div = 1, base = 1024, mult = 1, result;
	int power;

	if (!s || !isdigit((unsigned char)*p))
		return -EINVAL;
	for (; isdigit((unsigned char)*p); p++)
		if (mul_checked(whole, 10, &whole) || __builtin_add_overflow(whole, (uint64_t)(*p - '0'), &whole))
			return -ERANGE;
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return -EINVAL;
		for (; isdigit((unsigned char)*p); p++) {
			if (frac_div < UINT64_C(1000000000000)) {
				frac = frac * 10 + (uint64_t)(*p - '0');
				frac_div *= 10;
			}
		}
	}
	if (*p) {
		u = strchr(units, toupper((unsigned char)*p));
		if (!u)
			return -EINVAL;
		power = (int)(u - units) + 1;
		p++;
		if ((p[0] == 'i' || p[0] == 'I') && (p[1] == 'B' || p[1] == 'b') && !p[2])
			base = 1024;
		else if ((p[0] == 'B' || p[0] == 'b') && !p[1])
			base = 1000;
		else if (*p)
			return -EINVAL;
		while (power--)
			if (mul_checked(mult, base, &mult))
				return -ERANGE;
	} else if (frac) {
		return -EINVAL;  /* a fraction of a byte */
	}
	if (mul_checked(whole, mult, &result))
		return -ERANGE;
	if (frac) {
		/* frac/frac_div of a unit, in whole bytes, rounded down. */
		uint64_t add = (uint64_t)((unsigned __int128)frac * mult / frac_div);

		if (__builtin_add_overflow(result, add, &result))
			return -ERANGE;
	}
	*bytes = result;
	return 0;
}

/* util-linux's size_to_human_string(): @short_suffix picks "4G" over "4 GiB". */
static char *size_human(uint64_t bytes, char *buf, size_t len, bool short_suffix)
{
	static const char letters[] = "BKMGTPE";
	const struct lconv *lc = localeconv();
	const char *dp = lc && lc->decimal_point && *lc->decimal_point ? lc->decimal_point : ".";
	unsigned shift = 0;
	uint64_t whole, rest, tenths = 0;
	char unit[4] = { 0 };

	while (shift < 60 && bytes >= (UINT64_C(1) << (shift + 10)))
		shift += 10;
	whole = bytes >> shift;
	rest = shift ? bytes & ((UINT64_C(1) << shift) - 1) : 0;
	unit[0] = letters[shift / 10];
	if (shift && !short_suffix)
		memcpy(unit + 1, "iB", 2);

	if (rest) {
		/* Three digits of the fraction, truncated, then rounded to one. */
		uint64_t thousandths = (uint64_t)(((unsigned __int128)rest * 1000) >> shift);

		tenths = (thousandths + 50) / 100;
		if (tenths == 10) {
			/* util-linux carries into the integer part, never into the unit */
			whole++;
			tenths = 0;
		}
	}
	if (tenths)
		snprintf(buf, len, "%" PRIu64 "%s%" PRIu64 "%s%s", whole, dp, tenths,
			 short_suffix ? "" : " ", unit);
	else
		snprintf(buf, len, "%" PRIu64 "%s%s", whole, short_suffix ? "" : " ", unit);
	return buf;
}

char *size_human_iec(uint64_t bytes, char *buf, size_t len)
{
	return size_human(bytes, buf, len, false);
}

char *size_human_short(uint64_t bytes, char *buf, size_t len)
{
	return size_human(bytes, buf, len, true);
}
