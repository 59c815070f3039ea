/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * swaparea/uuid.h - UUIDs of swap areas, over libuuid.
 *
 * mkswap takes a UUID in its 36-character form or one of the words util-linux
 * accepts: "clear" (all zeros: no UUID), "random" and "time".  Swap headers
 * store the 16 raw bytes; text is always lower case.
 */
#ifndef SWAPAREA_UUID_H
#define SWAPAREA_UUID_H

#include <stdbool.h>
#include <stdint.h>

#include "swaparea/header.h"

#ifdef __cplusplus
extern "C" {
#endif

/* 36 characters and the NUL. */
#define SWAPAREA_UUID_STR_LEN 37

/*
 * Fill @uuid from @text: a UUID (any case), "clear", "random" or "time";
 * NULL means a new one, random where the system can, time-based otherwise
 * (libuuid's uuid_generate).  -EINVAL when @text is none of these.
 */
int swaparea_uuid_parse(const char *text, uint8_t uuid[SWAPAREA_UUID_LEN]);

/* Lower-case text form of @uuid into @out. */
void swaparea_uuid_unparse(const uint8_t uuid[SWAPAREA_UUID_LEN], char out[SWAPAREA_UUID_STR_LEN]);

/* True when every byte is zero (no UUID: blkid does not report one). */
bool swaparea_uuid_is_null(const uint8_t uuid[SWAPAREA_UUID_LEN]);

#ifdef __cplusplus
}
#endif

#endif /* SWAPAREA_UUID_H */
