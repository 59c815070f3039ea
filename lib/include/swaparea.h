/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * swaparea.h - libswaparea, the on-disk and encoding layer of swap areas.
 *
 * One umbrella header over one header per module:
 *   swaparea/error.h   how problems are reported
 *   swaparea/header.h  v1 and v0 headers, bad pages, the kernel's verdict
 *   swaparea/uuid.h    UUIDs (libuuid)
 *   swaparea/probe.h   other signatures on the same device (libblkid)
 *   swaparea/extent.h  a swap file's extents (FIEMAP)
 *   swaparea/badblocks.h  the unreadable-page check of mkswap -c
 *   swaparea/entry.h   swp_entry_t and the swap-PTE layouts of real architectures
 * Link with `pkg-config --libs swaparea`.
 */
#ifndef SWAPAREA_H
#define SWAPAREA_H

#include "swaparea/error.h"
#include "swaparea/header.h"
#include "swaparea/uuid.h"
#include "swaparea/probe.h"
#include "swaparea/extent.h"
#include "swaparea/badblocks.h"
#include "swaparea/entry.h"
#include "swaparea/slots.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The library's version, "MAJOR.MINOR.PATCH". */
const char *swaparea_version(void);

#ifdef __cplusplus
}
#endif

#endif /* SWAPAREA_H */
