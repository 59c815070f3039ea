// SPDX-License-Identifier: LGPL-2.1-or-later
/* version.c - the library's version string, set by the Makefile. */
#include "internal.h"

const char *swaparea_version(void)
{
	return SWAPAREA_VERSION_STRING;
}
