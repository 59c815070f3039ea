// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * table.c - libsmartcols helpers (see table.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "table.h"

int table_cellf(struct libscols_line *ln, size_t col, const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	int n, rc;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -ENOMEM;
	rc = scols_line_refer_data(ln, col, s);   /* the line frees it */
	if (rc)
		free(s);
	return rc;
}
