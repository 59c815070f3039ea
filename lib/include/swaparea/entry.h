/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * swaparea/entry.h - swap entries: the generic swp_entry_t and swap PTEs.
 *
 * When the kernel swaps a page out, the page-table entry that mapped it is
 * replaced by a "swap PTE": not present, holding the swap area's number
 * (the type) and the slot in it (the offset), plus a few flag bits kept
 * beside the entry.  The arch-independent form, swp_entry_t, is what the
 * swap cache and the rest of mm/ pass around.  This module encodes and
 * decodes both, for the layouts of real architectures (Linux 6.12, and the
 * 2.4-era i386 layout of the classic texts), and derives each layout's
 * limits the kernel's way: encode the all-ones value, decode it back.
 *
 * Types at or above the number of real swap files name special entries
 * (migration, device-private, hwpoison, PTE markers); decoding names them.
 * The configuration assumed is the distributions' (MEMORY_FAILURE,
 * MIGRATION, DEVICE_PRIVATE all on): 23 real swap types, special 23..31.
 */
#ifndef SWAPAREA_ENTRY_H
#define SWAPAREA_ENTRY_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Type bits of the generic entry (MAX_SWAPFILES_SHIFT). */
#define SWAPAREA_TYPE_BITS 5

/* The generic swp_entry_t: a one-member struct so a type and an offset never mix. */
typedef struct {
	uint64_t val;
} swaparea_entry_t;

/*
 * Generic layout for a machine word of @word_bits (32 or 64): the type in
 * the 5 bits below the top bit, the offset below them; the top bit stays
 * clear (so the value fits an xarray value entry).
 */
unsigned swaparea_entry_type_shift(unsigned word_bits);

/* Build the entry; -ERANGE if @type or @offset does not fit, -EINVAL for a bad @word_bits. */
int swaparea_entry_make(unsigned word_bits, uint32_t type, uint64_t offset, swaparea_entry_t *e);
uint32_t swaparea_entry_type(unsigned word_bits, swaparea_entry_t e);
uint64_t swaparea_entry_offset(unsigned word_bits, swaparea_entry_t e);

enum swaparea_arch {
	SWAPAREA_ARCH_X86_64 = 0,   /* 4- and 5-level paging: inverted offset (L1TF) */
	SWAPAREA_ARCH_I386,         /* 2-level, 32-bit PTE */
	SWAPAREA_ARCH_I386_PAE,     /* 3-level, 64-bit PTE, 32-bit entry */
	SWAPAREA_ARCH_ARM64,        /* 4 KiB pages */
	SWAPAREA_ARCH_I386_LEGACY,  /* Linux 2.4: the PTE was the entry */
	SWAPAREA_ARCH_COUNT,
};

/* "x86_64", "i386", "i386-pae", "arm64", "i386-legacy". */
const char *swaparea_arch_name(enum swaparea_arch arch);
int swaparea_arch_parse(const char *name, enum swaparea_arch *arch);

/* Flag bits a swap PTE keeps beside the entry. */
enum {
	SWAPAREA_PTE_EXCLUSIVE = 1 << 0,   /* the page was anon-exclusive */
	SWAPAREA_PTE_SOFT_DIRTY = 1 << 1,
	SWAPAREA_PTE_UFFD_WP = 1 << 2,     /* userfaultfd write-protected */
};

/* "exclusive", "soft-dirty", "uffd-wp" for a single flag; NULL otherwise. */
const char *swaparea_pte_flag_name(uint32_t flag);
int swaparea_pte_flag_parse(const char *name, uint32_t *flag);

/* Facts about a layout; every limit derived by the all-ones probe. */
struct swaparea_arch_info {
	const char *name;
	unsigned pte_bits;       /* width of a PTE: 32 or 64 */
	unsigned word_bits;      /* width of the generic entry (BITS_PER_LONG) */
	uint32_t flags;          /* SWAPAREA_PTE_* the layout has */
	uint32_t max_type;       /* largest type that survives a round trip */
	uint64_t max_offset;     /* largest offset that survives a round trip */
	uint64_t max_pages;      /* swapfile_maximum_size: max_offset + 1 */
	uint32_t nr_swapfiles;   /* MAX_SWAPFILES: types below are real swap areas */
	uint64_t flag_bits[3];   /* PTE bit of EXCLUSIVE, SOFT_DIRTY, UFFD_WP (0: none) */
};

/* The facts of @arch (a static object), or NULL for an unknown value. */
const struct swaparea_arch_info *swaparea_arch_info(enum swaparea_arch arch);

/* What a PTE holds. */
enum swaparea_pte_kind {
	SWAPAREA_PTE_NONE = 0,     /* empty */
	SWAPAREA_PTE_PRESENT,      /* maps a page (or PROT_NONE) */
	SWAPAREA_PTE_SWAP,         /* a real swap entry */
	SWAPAREA_PTE_MIGRATION,
	SWAPAREA_PTE_DEVICE,       /* device-private memory */
	SWAPAREA_PTE_HWPOISON,
	SWAPAREA_PTE_MARKER,
};

/* "none", "present", "swap", "migration", "device", "hwpoison", "marker". */
const char *swaparea_pte_kind_name(enum swaparea_pte_kind kind);

struct swaparea_pte_info {
	enum swaparea_pte_kind kind;
	const char *type_name;     /* "swap", "migration-write", "pte-marker", ... */
	uint32_t type;
	uint64_t offset;
	uint32_t flags;            /* SWAPAREA_PTE_* found set */
	swaparea_entry_t entry;    /* the generic entry */
};

/*
 * Encode a swap PTE.  -ERANGE if @type > max_type or @offset > max_offset
 * of the layout, -EINVAL for a flag the layout lacks or an unknown arch.
 */
int swaparea_pte_encode(enum swaparea_arch arch, uint32_t type, uint64_t offset, uint32_t flags,
			uint64_t *pte);

/*
 * Decode @pte: none, present, or a swap entry with its flags (cleared
 * first, as pte_to_swp_entry does), kind and type name.  -ERANGE if @pte
 * has bits beyond the layout's PTE width, -EINVAL for an unknown arch.
 */
int swaparea_pte_decode(enum swaparea_arch arch, uint64_t pte, struct swaparea_pte_info *info);

#ifdef __cplusplus
}
#endif

#endif /* SWAPAREA_ENTRY_H */
