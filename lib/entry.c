// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * entry.c - swap entries and the swap-PTE layouts of real architectures.
 *
 * Design notes.
 *
 * 1. Two layers, as in include/linux/swapops.h.  The generic swp_entry_t
 *    keeps the type in bits [W-6, W-2] of a W-bit word and the offset below
 *    (offsets are masked to W-6 bits); bit W-1 stays clear.  An arch then
 *    turns (type, offset) into its PTE bits.  Encoding a PTE goes generic ->
 *    arch; decoding clears the flag bits, takes the arch's type and offset,
 *    and rebuilds the generic entry.  Every layer truncates exactly where
 *    the kernel's C types do, which is what sets the limits.
 *
 * 2. Bit diagrams (bit 0 on the right; E = exclusive, SD = soft-dirty,
 *    UW = uffd-wp, ~off = offset inverted):
 *
 *    x86_64   63   59 58                    9 8 7 6 5 4 3  2  1  0
 *             [type ][ ~offset (50 bits)    ][0|0|. .  .|E|UW|SD|0]
 *             Inverted so that the offset's bits, if speculated as a page
 *             frame number, point above memory (L1 Terminal Fault).
 *             pte_none ignores bits 5 and 6 (a Knights Landing erratum);
 *             present means bit 0 (P) or bit 8 (PROTNONE).
 *
 *    i386     31              9 8 7 6 5      1 0
 *             [ offset (23)    ][0|E|0|type   |0]
 *             pte_none is a plain zero test here: no erratum mask.
 *
 *    i386-pae a 64-bit PTE over a 32-bit entry: the x86_64 shape (type in
 *             63..59, ~offset in 58..9), E at bit 7.  The 32-bit generic
 *             entry keeps only 26 offset bits, which is the limit.
 *
 *    arm64    63 62 61               12 11 10   6 5 4 3  2  1 0
 *             [. .][ offset (50 bits) ][0 |type  |. .|UW|E |0 0]
 *             present means bit 0 (VALID) or bit 11 (PRESENT_INVALID).
 *
 *    i386-legacy (Linux 2.4, the PTE was the entry)
 *             31                 8 7 6          1 0
 *             [ offset (24 bits)  ][0|type (6)   |0]
 *
 * 3. Limits are probed, never typed: the largest offset is what comes back
 *    after encoding swp_entry(0, ~0UL) and decoding it (the kernel's
 *    generic_max_swapfile_size() less one), the largest type likewise with
 *    all type bits set.  x86's L1TF cap, which depends on the CPU, is not
 *    applied.
 */
#include <errno.h>
#include <string.h>

#include "internal.h"

/* Special swap types above the real ones, distribution config (swap.h). */
#define NR_HWPOISON 1
#define NR_MIGRATION 3
#define NR_DEVICE 4
#define NR_MARKER 1
#define NR_SWAPFILES \
	((1u << SWAPAREA_TYPE_BITS) - NR_HWPOISON - NR_MIGRATION - NR_DEVICE - NR_MARKER)

static uint64_t word_mask(unsigned bits)
{
	return bits >= 64 ? UINT64_MAX : (UINT64_C(1) << bits) - 1;
}

unsigned swaparea_entry_type_shift(unsigned word_bits)
{
	return word_bits - 1 - SWAPAREA_TYPE_BITS;
}

/* swp_entry(): no range checks, truncating as the kernel's macro does. */
static swaparea_entry_t entry_pack(unsigned word_bits, uint32_t type, uint64_t offset)
{
	unsigned shift = swaparea_entry_type_shift(word_bits);
	swaparea_entry_t e = {
		((uint64_t)type << shift | (offset & word_mask(shift))) & word_mask(word_bits),
	};

	return e;
}

int swaparea_entry_make(unsigned word_bits, uint32_t type, uint64_t offset, swaparea_entry_t *e)
{
	if (word_bits != 32 && word_bits != 64)
		return -EINVAL;
	if (type >= (1u << SWAPAREA_TYPE_BITS) ||
	    offset > word_mask(swaparea_entry_type_shift(word_bits)))
		return -ERANGE;
	*e = entry_pack(word_bits, type, offset);
	return 0;
}

uint32_t swaparea_entry_type(unsigned word_bits, swaparea_entry_t e)
{
	return (uint32_t)(e.val >> swaparea_entry_type_shift(word_bits));
}

uint64_t swaparea_entry_offset(unsigned word_bits, swaparea_entry_t e)
{
	return e.val & word_mask(swaparea_entry_type_shift(word_bits));
}

/* ---- the arch layouts --------------------------------------------------- */

struct layout {
	const char *name;
	unsigned pte_bits, word_bits;
	uint64_t flag_bits[3];           /* EXCLUSIVE, SOFT_DIRTY, UFFD_WP */
	bool generic;                    /* false: the PTE is the entry (2.4) */
	uint64_t (*encode)(uint32_t type, uint64_t offset);   /* __swp_entry_to_pte(__swp_entry()) */
	void (*decode)(uint64_t pte, uint32_t *type, uint64_t *offset);
	bool (*none)(uint64_t pte);
	bool (*present)(uint64_t pte);
};

#define X86_OFFSET_SHIFT 14  /* first offset bit (9) + type bits (5) */

static uint64_t x86_64_encode(uint32_t type, uint64_t offset)
{
	return (~offset << X86_OFFSET_SHIFT >> SWAPAREA_TYPE_BITS) |
	       ((uint64_t)type << (64 - SWAPAREA_TYPE_BITS));
}

static void x86_64_decode(uint64_t pte, uint32_t *type, uint64_t *offset)
{
	*type = (uint32_t)(pte >> (64 - SWAPAREA_TYPE_BITS));
	*offset = ~pte << SWAPAREA_TYPE_BITS >> X86_OFFSET_SHIFT;
}

static bool x86_none(uint64_t pte)
{
	return (pte & ~UINT64_C(0x60)) == 0;
}

static bool x86_present(uint64_t pte)
{
	return pte & (UINT64_C(1) << 0 | UINT64_C(1) << 8);
}

static uint64_t i386_encode(uint32_t type, uint64_t offset)
{
	return (((uint64_t)(type & 0x1f) << 1) | (offset << 9)) & 0xffffffffu;
}

static void i386_decode(uint64_t pte, uint32_t *type, uint64_t *offset)
{
	*type = (uint32_t)(pte >> 1) & 0x1f;
	*offset = (pte & 0xffffffffu) >> 9;
}

/*
 * PAE: the 32-bit arch entry (type in bits 0..4, offset << 5) is only an
 * intermediate; the 64-bit PTE takes the x86_64 shape.  Decoding passes
 * through the 32-bit intermediate again, which truncates the offset.
 */
static uint64_t pae_encode(uint32_t type, uint64_t offset)
{
	uint32_t arch = (type & 0x1f) | (uint32_t)(offset << 5);

	return x86_64_encode(arch & 0x1f, arch >> 5);
}

static void pae_decode(uint64_t pte, uint32_t *type, uint64_t *offset)
{
	uint32_t arch = (uint32_t)(pte >> (64 - SWAPAREA_TYPE_BITS)) & 0x1f;

	arch |= (uint32_t)(~pte << SWAPAREA_TYPE_BITS >> X86_OFFSET_SHIFT) << 5;
	*type = arch & 0x1f;
	*offset = arch >> 5;
}

static uint64_t arm64_encode(uint32_t type, uint64_t offset)
{
	return ((uint64_t)type << 6) | (offset << 12);
}

static void arm64_decode(uint64_t pte, uint32_t *type, uint64_t *offset)
{
	*type = (uint32_t)(pte >> 6) & 0x1f;
	*offset = (pte >> 12) & word_mask(50);
}

static bool zero_none(uint64_t pte)
{
	return pte == 0;
}

static bool arm64_present(uint64_t pte)
{
	return pte & (UINT64_C(1) << 0 | UINT64_C(1) << 11);
}

static uint64_t legacy_encode(uint32_t type, uint64_t offset)
{
	return (((uint64_t)type << 1) | (offset << 8)) & 0xffffffffu;
}

static void legacy_decode(uint64_t pte, uint32_t *type, uint64_t *offset)
{
	*type = (uint32_t)(pte >> 1) & 0x3f;
	*offset = (pte & 0xffffffffu) >> 8;
}

static bool legacy_present(uint64_t pte)
{
	return pte & (UINT64_C(1) << 0 | UINT64_C(1) << 7);  /* _PAGE_PRESENT | _PAGE_PROTNONE */
}

#define BIT(n) (UINT64_C(1) << (n))

static const struct layout layouts[SWAPAREA_ARCH_COUNT] = {
	[SWAPAREA_ARCH_X86_64] = { "x86_64", 64, 64, { BIT(3), BIT(1), BIT(2) }, true,
				   x86_64_encode, x86_64_decode, x86_none, x86_present },
	/* The Knights Landing erratum mask exists only with 64-bit PTEs. */
	[SWAPAREA_ARCH_I386] = { "i386", 32, 32, { BIT(7), 0, 0 }, true,
				 i386_encode, i386_decode, zero_none, x86_present },
	[SWAPAREA_ARCH_I386_PAE] = { "i386-pae", 64, 32, { BIT(7), 0, 0 }, true,
				     pae_encode, pae_decode, x86_none, x86_present },
	[SWAPAREA_ARCH_ARM64] = { "arm64", 64, 64, { BIT(2), 0, BIT(3) }, true,
				  arm64_encode, arm64_decode, zero_none, arm64_present },
	[SWAPAREA_ARCH_I386_LEGACY] = { "i386-legacy", 32, 32, { 0, 0, 0 }, false,
					legacy_encode, legacy_decode, zero_none, legacy_present },
};

static const char *const flag_names[3] = { "exclusive", "soft-dirty", "uffd-wp" };

const char *swaparea_arch_name(enum swaparea_arch arch)
{
	return (unsigned)arch < SWAPAREA_ARCH_COUNT ? layouts[arch].name : "unknown";
}

int swaparea_arch_parse(const char *name, enum swaparea_arch *arch)
{
	for (unsigned i = 0; i < SWAPAREA_ARCH_COUNT; i++) {
		if (strcmp(name, layouts[i].name) == 0) {
			*arch = (enum swaparea_arch)i;
			return 0;
		}
	}
	return -EINVAL;
}

const char *swaparea_pte_flag_name(uint32_t flag)
{
	for (unsigned i = 0; i < ARRAY_SIZE(flag_names); i++)
		if (flag == 1u << i)
			return flag_names[i];
	return NULL;
}

int swaparea_pte_flag_parse(const char *name, uint32_t *flag)
{
	for (unsigned i = 0; i < ARRAY_SIZE(flag_names); i++) {
		if (strcmp(name, flag_names[i]) == 0) {
			*flag = 1u << i;
			return 0;
		}
	}
	return -EINVAL;
}

/* The arch encoder over the generic entry, with no checks: swp_entry_to_pte(). */
static uint64_t raw_encode(const struct layout *l, uint32_t type, uint64_t offset)
{
	swaparea_entry_t e;

	if (!l->generic)
		return l->encode(type, offset);
	e = entry_pack(l->word_bits, type, offset);
	return l->encode(swaparea_entry_type(l->word_bits, e), swaparea_entry_offset(l->word_bits, e));
}

/* pte_to_swp_entry() after the flags are cleared: the generic entry's fields. */
static void raw_decode(const struct layout *l, uint64_t pte, uint32_t *type, uint64_t *offset,
		       swaparea_entry_t *entry)
{
	l->decode(pte, type, offset);
	if (!l->generic) {
		entry->val = pte;
		return;
	}
	*entry = entry_pack(l->word_bits, *type, *offset);
	*type = swaparea_entry_type(l->word_bits, *entry);
	*offset = swaparea_entry_offset(l->word_bits, *entry);
}

const struct swaparea_arch_info *swaparea_arch_info(enum swaparea_arch arch)
{
	static struct swaparea_arch_info info[SWAPAREA_ARCH_COUNT];
	static bool probed;
	swaparea_entry_t e;

	if ((unsigned)arch >= SWAPAREA_ARCH_COUNT)
		return NULL;
	if (!probed) {
		/* Idempotent and pure: concurrent first calls compute the same bytes. */
		for (unsigned i = 0; i < SWAPAREA_ARCH_COUNT; i++) {
			const struct layout *l = &layouts[i];
			struct swaparea_arch_info *in = &info[i];
			uint32_t type, ignored_type;
			uint64_t offset, ignored_offset;

			in->name = l->name;
			in->pte_bits = l->pte_bits;
			in->word_bits = l->word_bits;
			for (unsigned f = 0; f < 3; f++) {
				in->flag_bits[f] = l->flag_bits[f];
				if (l->flag_bits[f])
					in->flags |= 1u << f;
			}
			raw_decode(l, raw_encode(l, 0, UINT64_MAX), &ignored_type, &offset, &e);
			raw_decode(l, raw_encode(l, UINT32_MAX, 0), &type, &ignored_offset, &e);
			in->max_offset = offset;
			in->max_pages = offset + 1;
			in->max_type = type;
			/* 2.4 had no special types; MAX_SWAPFILES was 32 from 2.4.10 on. */
			in->nr_swapfiles = l->generic ? NR_SWAPFILES : 32;
		}
		probed = true;
	}
	return &info[arch];
}

int swaparea_pte_encode(enum swaparea_arch arch, uint32_t type, uint64_t offset, uint32_t flags,
			uint64_t *pte)
{
	const struct swaparea_arch_info *in = swaparea_arch_info(arch);
	uint64_t v;

	if (!in || (flags & ~in->flags))
		return -EINVAL;
	if (type > in->max_type || offset > in->max_offset)
		return -ERANGE;
	v = raw_encode(&layouts[arch], type, offset);
	for (unsigned f = 0; f < 3; f++)
		if (flags & (1u << f))
			v |= in->flag_bits[f];
	*pte = v;
	return 0;
}

const char *swaparea_pte_kind_name(enum swaparea_pte_kind kind)
{
	static const char *const names[] = {
		[SWAPAREA_PTE_NONE] = "none",
		[SWAPAREA_PTE_PRESENT] = "present",
		[SWAPAREA_PTE_SWAP] = "swap",
		[SWAPAREA_PTE_MIGRATION] = "migration",
		[SWAPAREA_PTE_DEVICE] = "device",
		[SWAPAREA_PTE_HWPOISON] = "hwpoison",
		[SWAPAREA_PTE_MARKER] = "marker",
	};

	return (unsigned)kind < ARRAY_SIZE(names) ? names[kind] : "unknown";
}

/* Name the special types above the real swap files (include/linux/swap.h order). */
static void classify(const struct layout *l, const struct swaparea_arch_info *in,
		     struct swaparea_pte_info *info)
{
	static const struct {
		enum swaparea_pte_kind kind;
		const char *name;
	} special[] = {
		{ SWAPAREA_PTE_HWPOISON, "hwpoison" },
		{ SWAPAREA_PTE_MIGRATION, "migration-read" },
		{ SWAPAREA_PTE_MIGRATION, "migration-read-exclusive" },
		{ SWAPAREA_PTE_MIGRATION, "migration-write" },
		{ SWAPAREA_PTE_DEVICE, "device-write" },
		{ SWAPAREA_PTE_DEVICE, "device-read" },
		{ SWAPAREA_PTE_DEVICE, "device-exclusive-write" },
		{ SWAPAREA_PTE_DEVICE, "device-exclusive-read" },
		{ SWAPAREA_PTE_MARKER, "pte-marker" },
	};
	uint32_t i = info->type - in->nr_swapfiles;

	_Static_assert(ARRAY_SIZE(special) == NR_HWPOISON + NR_MIGRATION + NR_DEVICE + NR_MARKER,
		       "one name per special type");
	info->kind = SWAPAREA_PTE_SWAP;
	info->type_name = "swap";
	if (info->type < in->nr_swapfiles)
		return;
	if (l->generic && i < ARRAY_SIZE(special)) {
		info->kind = special[i].kind;
		info->type_name = special[i].name;
	} else {
		info->type_name = "invalid";
	}
}

int swaparea_pte_decode(enum swaparea_arch arch, uint64_t pte, struct swaparea_pte_info *info)
{
	const struct swaparea_arch_info *in = swaparea_arch_info(arch);
	const struct layout *l;

	if (!in)
		return -EINVAL;
	l = &layouts[arch];
	if (pte & ~word_mask(l->pte_bits))
		return -ERANGE;
	memset(info, 0, sizeof(*info));
	if (l->none(pte)) {
		info->kind = SWAPAREA_PTE_NONE;
		info->type_name = "none";
		return 0;
	}
	if (l->present(pte)) {
		info->kind = SWAPAREA_PTE_PRESENT;
		info->type_name = "present";
		return 0;
	}
	for (unsigned f = 0; f < 3; f++) {
		if (l->flag_bits[f] && (pte & l->flag_bits[f])) {
			info->flags |= 1u << f;
			pte &= ~l->flag_bits[f];
		}
	}
	raw_decode(l, pte, &info->type, &info->offset, &info->entry);
	classify(l, in, info);
	return 0;
}
