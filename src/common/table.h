/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * table.h - small conveniences over libsmartcols for the tools' tables.
 *
 * libsmartcols aligns columns, truncates to the terminal and writes raw
 * output the way util-linux's own tools do; these helpers only save the
 * boilerplate of formatting a cell (scols_line_sprintf is newer than the
 * libsmartcols of Debian 12).
 */
#ifndef SWAPAREA_COMMON_TABLE_H
#define SWAPAREA_COMMON_TABLE_H

#include <libsmartcols.h>

/* Set cell @col of @ln from a printf format. */
__attribute__((format(printf, 3, 4)))
int table_cellf(struct libscols_line *ln, size_t col, const char *fmt, ...);

#endif /* SWAPAREA_COMMON_TABLE_H */
