/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * swaparea/error.h - how the library reports what went wrong.
 *
 * Every function returns 0 (or a count) on success and a negative errno on
 * failure; none prints, exits or aborts on outside input.  Functions that
 * judge untrusted bytes also fill an optional struct swaparea_err with the
 * byte offset of the problem and a sentence a tool can print as is.
 */
#ifndef SWAPAREA_ERROR_H
#define SWAPAREA_ERROR_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Longest message the library writes into struct swaparea_err, NUL included. */
#define SWAPAREA_ERR_MSG_MAX 192

/*
 * A problem found in on-disk data.  @code is the negative errno the call
 * returned; @offset is the byte offset (from the start of the area) of the
 * field at fault, or UINT64_MAX when no single byte is to blame.
 */
struct swaparea_err {
	int code;
	uint64_t offset;
	char msg[SWAPAREA_ERR_MSG_MAX];
};

/* Clear @err (may be NULL) to "no error". */
void swaparea_err_clear(struct swaparea_err *err);

#ifdef __cplusplus
}
#endif

#endif /* SWAPAREA_ERROR_H */
