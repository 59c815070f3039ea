// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * uuid.c - swap-area UUIDs over libuuid: parse the forms mkswap accepts,
 * print them as blkid does (lower case), tell an empty one.
 */
#include <errno.h>
#include <string.h>
#include <uuid/uuid.h>

#include "internal.h"

_Static_assert(sizeof(uuid_t) == SWAPAREA_UUID_LEN, "libuuid's uuid_t is 16 bytes");

int swaparea_uuid_parse(const char *text, uint8_t uuid[SWAPAREA_UUID_LEN])
{
	if (!text)
		uuid_generate(uuid);
	else if (strcmp(text, "clear") == 0)
		uuid_clear(uuid);
	else if (strcmp(text, "random") == 0)
		uuid_generate_random(uuid);
	else if (strcmp(text, "time") == 0)
		uuid_generate_time(uuid);
	else if (uuid_parse(text, uuid) != 0)
		return -EINVAL;
	return 0;
}

void swaparea_uuid_unparse(const uint8_t uuid[SWAPAREA_UUID_LEN], char out[SWAPAREA_UUID_STR_LEN])
{
	uuid_unparse_lower(uuid, out);
}

bool swaparea_uuid_is_null(const uint8_t uuid[SWAPAREA_UUID_LEN])
{
	return uuid_is_null(uuid);
}
