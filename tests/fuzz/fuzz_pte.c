// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fuzz_pte.c - libFuzzer target for the swap-entry module (swaparea/entry.h):
 * swaparea_pte_decode() and swaparea_pte_encode() on every layout.
 *
 * Input format (every byte optional; missing bytes read as 0, extra bytes
 * are ignored):
 *
 *	byte 0       arch selector: (byte & 7) < 5 picks that enum swaparea_arch
 *	             (0 x86_64, 1 i386, 2 i386-pae, 3 arm64, 4 i386-legacy) for
 *	             the encode half; 5..7 means every arch.  The high 5 bits
 *	             are unused.
 *	bytes 1-8    V, a 64-bit value, little-endian (so a stored input means
 *	             the same on every host)
 *	byte 9       T, a swap type (0..255)
 *	byte 10      F, a flag mask (all 8 bits; bits 3..7 are unknown flags)
 *
 * 1. Decode: V, and V's low 32 bits, are decoded as a PTE on every arch,
 *    whatever byte 0 says.  The result must agree with a model of the
 *    kernel's macros written here from the Linux 6.12 sources (pte_none,
 *    pte_present, the _PAGE_SWP_* / PTE_SWP_* flag bits, __swp_type,
 *    __swp_offset, swp_entry) and, for 2.4, include/asm-i386/pgtable.h:
 *    the same kind, flags, type and offset; the special-type names of
 *    include/linux/swap.h; the generic entry.  A swap or special PTE must
 *    re-encode, with its decoded flags, into a PTE that decodes to the
 *    same type, offset and flags, unless that PTE is one of the layouts'
 *    own collisions with pte_none (x86_64's type 0, offset 2^50-1; type 0,
 *    offset 0 on the layouts that do not invert the offset), which must
 *    then decode as none.
 * 2. Encode: (T, V, F) on the selected arch(es), and again with V masked to
 *    the layout's max_offset, F masked to its flags, and T reduced modulo
 *    max_type + 1.  Each call either fails with the error the contract
 *    names (-EINVAL for a flag the layout lacks, -ERANGE for a type or
 *    offset past the limits) or gives exactly the kernel's PTE, which
 *    decodes back to (T, V, F) (the collisions above aside).
 *
 * A broken property prints the arch and values and calls abort(), so
 * libFuzzer keeps the input.  Nothing is written to disk.  tests/fuzz/
 * replay.c runs the stored corpus (tests/fuzz/corpus/pte/) through this
 * function without libFuzzer.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swaparea/entry.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What is being checked, printed when a property breaks. */
static struct {
	const char *step;
	int arch;
	uint64_t value;
	uint32_t type, flags;
} ctx;

__attribute__((noreturn))
static void check_failed(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: property broken: %s\n  during %s on %s: value 0x%016" PRIx64
		" type %" PRIu32 " flags %#" PRIx32 "\n", file, line, what, ctx.step,
		swaparea_arch_name((enum swaparea_arch)ctx.arch), ctx.value, ctx.type, ctx.flags);
	abort();
}

#define CHECK(cond)                                                  \
	do {                                                         \
		if (!(cond))                                         \
			check_failed(__FILE__, __LINE__, #cond);     \
	} while (0)

#define MASK(n) ((n) >= 64 ? UINT64_MAX : (UINT64_C(1) << (n)) - 1)

/* ---- a model of the kernel's macros ------------------------------------------ */

/* Special types, include/linux/swap.h with every option on: MAX_SWAPFILES = 23. */
#define K_MAX_SWAPFILES 23
static const struct {
	enum swaparea_pte_kind kind;
	const char *name;
} k_special[] = {
	{ SWAPAREA_PTE_HWPOISON, "hwpoison" },                  /* 23 SWP_HWPOISON */
	{ SWAPAREA_PTE_MIGRATION, "migration-read" },           /* 24 */
	{ SWAPAREA_PTE_MIGRATION, "migration-read-exclusive" }, /* 25 */
	{ SWAPAREA_PTE_MIGRATION, "migration-write" },          /* 26 */
	{ SWAPAREA_PTE_DEVICE, "device-write" },                /* 27 */
	{ SWAPAREA_PTE_DEVICE, "device-read" },                 /* 28 */
	{ SWAPAREA_PTE_DEVICE, "device-exclusive-write" },      /* 29 */
	{ SWAPAREA_PTE_DEVICE, "device-exclusive-read" },       /* 30 */
	{ SWAPAREA_PTE_MARKER, "pte-marker" },                  /* 31 SWP_PTE_MARKER */
};

struct k_layout {
	unsigned pte_bits, word_bits;   /* 0 word_bits: the PTE is the entry (2.4) */
	uint64_t flag_bits[3];          /* EXCLUSIVE, SOFT_DIRTY, UFFD_WP */
	uint64_t none_ignored;          /* _PAGE_KNL_ERRATUM_MASK */
	uint64_t present_bits;          /* pte_present: any of these */
	uint32_t max_type;
	uint64_t max_offset;
	uint32_t nr_swapfiles;
};

static const struct k_layout k_layouts[SWAPAREA_ARCH_COUNT] = {
	/*
	 * x86_64: _PAGE_SWP_EXCLUSIVE = _PAGE_PWT (3), _PAGE_SWP_SOFT_DIRTY =
	 * _PAGE_RW (1), _PAGE_SWP_UFFD_WP = _PAGE_USER (2); erratum mask
	 * _PAGE_DIRTY|_PAGE_ACCESSED (6, 5); present _PAGE_PRESENT|_PAGE_PROTNONE.
	 */
	[SWAPAREA_ARCH_X86_64] = { 64, 64, { 1u << 3, 1u << 1, 1u << 2 }, 0x60, 0x101,
				   31, MASK(50), K_MAX_SWAPFILES },
	/* i386 2-level: E = _PAGE_PSE (7); _PAGE_KNL_ERRATUM_MASK is 0 without X86_64/X86_PAE. */
	[SWAPAREA_ARCH_I386] = { 32, 32, { 1u << 7, 0, 0 }, 0, 0x101, 31, MASK(23), K_MAX_SWAPFILES },
	/* i386 3-level: E = _PAGE_PSE (7); CONFIG_X86_PAE has the erratum mask. */
	[SWAPAREA_ARCH_I386_PAE] = { 64, 32, { 1u << 7, 0, 0 }, 0x60, 0x101, 31, MASK(26),
				     K_MAX_SWAPFILES },
	/* arm64: PTE_SWP_EXCLUSIVE (2), PTE_SWP_UFFD_WP (3); present PTE_VALID|PTE_PRESENT_INVALID. */
	[SWAPAREA_ARCH_ARM64] = { 64, 64, { 1u << 2, 0, 1u << 3 }, 0, 0x801, 31, MASK(50),
				  K_MAX_SWAPFILES },
	/* 2.4 i386: pte_none !pte_low; present _PAGE_PRESENT|_PAGE_PROTNONE (0x080). */
	[SWAPAREA_ARCH_I386_LEGACY] = { 32, 0, { 0, 0, 0 }, 0, 0x81, 63, MASK(24), 32 },
};

static bool k_none(enum swaparea_arch a, uint64_t pte)
{
	return (pte & ~k_layouts[a].none_ignored) == 0;
}

static bool k_present(enum swaparea_arch a, uint64_t pte)
{
	return (pte & k_layouts[a].present_bits) != 0;
}

/* swp_entry(), swp_type(), swp_offset() for a BITS_PER_LONG of @w. */
static uint64_t k_swp_entry(unsigned w, uint64_t type, uint64_t offset)
{
	unsigned shift = w - 1 - 5;

	return ((type << shift) | (offset & MASK(shift))) & MASK(w);
}

static uint32_t k_swp_type(unsigned w, uint64_t e)
{
	return (uint32_t)(e >> (w - 1 - 5));
}

static uint64_t k_swp_offset(unsigned w, uint64_t e)
{
	return e & MASK(w - 1 - 5);
}

/* pte_to_swp_entry() on a PTE whose flag bits are already clear: the generic entry. */
static uint64_t k_pte_to_entry(enum swaparea_arch a, uint64_t pte)
{
	uint64_t t, o;
	uint32_t arch;

	switch (a) {
	case SWAPAREA_ARCH_X86_64:
		t = pte >> 59;                 /* __swp_type */
		o = ~pte << 5 >> 14;           /* __swp_offset */
		return k_swp_entry(64, t, o);
	case SWAPAREA_ARCH_I386:
		pte &= 0xffffffffu;            /* pte_low */
		t = (pte >> 1) & 0x1f;
		o = pte >> 9;
		return k_swp_entry(32, t, o);
	case SWAPAREA_ARCH_I386_PAE:
		t = (uint32_t)(pte >> 59);                     /* __pteval_swp_type */
		o = (uint32_t)(~pte << 5 >> 14);               /* __pteval_swp_offset */
		arch = (uint32_t)((t & 0x1f) | (uint32_t)(o << 5));   /* 32-bit __swp_entry */
		return k_swp_entry(32, arch & 0x1f, arch >> 5);
	case SWAPAREA_ARCH_ARM64:
		t = (pte >> 6) & 0x1f;
		o = (pte >> 12) & MASK(50);
		return k_swp_entry(64, t, o);
	default:                               /* 2.4: pte_to_swp_entry is the value */
		return pte & 0xffffffffu;
	}
}

static void k_entry_fields(enum swaparea_arch a, uint64_t e, uint32_t *type, uint64_t *offset)
{
	if (a == SWAPAREA_ARCH_I386_LEGACY) {
		*type = (uint32_t)(e >> 1) & 0x3f;     /* SWP_TYPE */
		*offset = e >> 8;                      /* SWP_OFFSET */
		return;
	}
	*type = k_swp_type(k_layouts[a].word_bits, e);
	*offset = k_swp_offset(k_layouts[a].word_bits, e);
}

/* swp_entry_to_pte(swp_entry(type, offset)), no flags; @type, @offset within the limits. */
static uint64_t k_encode(enum swaparea_arch a, uint32_t type, uint64_t offset)
{
	unsigned w = k_layouts[a].word_bits;
	uint64_t e = w ? k_swp_entry(w, type, offset) : 0, t = w ? k_swp_type(w, e) : 0;
	uint64_t o = w ? k_swp_offset(w, e) : 0;
	uint32_t arch;

	switch (a) {
	case SWAPAREA_ARCH_X86_64:
		return (~o << 14 >> 5) | (t << 59);
	case SWAPAREA_ARCH_I386:
		return (((t & 0x1f) << 1) | (o << 9)) & 0xffffffffu;
	case SWAPAREA_ARCH_I386_PAE:
		arch = (uint32_t)((t & 0x1f) | (uint32_t)(o << 5));
		return (~(uint64_t)(arch >> 5) << 14 >> 5) | ((uint64_t)(arch & 0x1f) << 59);
	case SWAPAREA_ARCH_ARM64:
		return (t << 6) | (o << 12);
	default:
		return (((uint64_t)type << 1) | (offset << 8)) & 0xffffffffu;
	}
}

/* The PTEs that are pte_none though they were built from a swap entry. */
static bool k_collision(enum swaparea_arch a, uint32_t type, uint64_t offset, uint32_t flags)
{
	if (type != 0 || flags != 0)
		return false;
	switch (a) {
	case SWAPAREA_ARCH_X86_64:
		return offset == MASK(50);
	case SWAPAREA_ARCH_I386_PAE:
		return false;
	default:
		return offset == 0;
	}
}

/* ---- checks -------------------------------------------------------------------- */

static void check_names(void)
{
	for (int a = 0; a < SWAPAREA_ARCH_COUNT; a++) {
		enum swaparea_arch back = SWAPAREA_ARCH_COUNT;
		const char *n = swaparea_arch_name((enum swaparea_arch)a);

		CHECK(n && swaparea_arch_parse(n, &back) == 0 && back == (enum swaparea_arch)a);
	}
}

/* The layout's facts are the model's. */
static void check_info(enum swaparea_arch a, const struct swaparea_arch_info *ai)
{
	const struct k_layout *k = &k_layouts[a];

	CHECK(ai != NULL);
	CHECK(ai->pte_bits == k->pte_bits);
	CHECK(ai->max_type == k->max_type && ai->max_offset == k->max_offset);
	CHECK(ai->max_pages == k->max_offset + 1);
	CHECK(ai->nr_swapfiles == k->nr_swapfiles);
	for (unsigned f = 0; f < 3; f++) {
		CHECK(ai->flag_bits[f] == k->flag_bits[f]);
		CHECK(!!(ai->flags & (1u << f)) == (k->flag_bits[f] != 0));
	}
	CHECK((ai->flags & ~7u) == 0);
}

/* Kind and name of a decoded swap PTE of @type. */
static void check_class(enum swaparea_arch a, const struct swaparea_pte_info *in)
{
	const struct k_layout *k = &k_layouts[a];

	CHECK(in->type_name != NULL);
	if (in->type < k->nr_swapfiles) {
		CHECK(in->kind == SWAPAREA_PTE_SWAP && strcmp(in->type_name, "swap") == 0);
	} else if (k->word_bits) {
		uint32_t i = in->type - k->nr_swapfiles;

		CHECK(i < sizeof(k_special) / sizeof(k_special[0]));
		CHECK(in->kind == k_special[i].kind && strcmp(in->type_name, k_special[i].name) == 0);
	} else {
		CHECK(in->kind == SWAPAREA_PTE_SWAP && strcmp(in->type_name, "invalid") == 0);
	}
	CHECK(strcmp(swaparea_pte_kind_name(in->kind), "unknown") != 0);
}

static uint64_t flag_pte_bits(enum swaparea_arch a, uint32_t flags)
{
	uint64_t v = 0;

	for (unsigned f = 0; f < 3; f++)
		if (flags & (1u << f))
			v |= k_layouts[a].flag_bits[f];
	return v;
}

/*
 * A PTE made by encode (@pte from type, offset, flags) must decode back,
 * or be one of the known collisions with pte_none.
 */
static void check_decodes_back(enum swaparea_arch a, uint64_t pte, uint32_t type, uint64_t offset,
			       uint32_t flags)
{
	struct swaparea_pte_info in;

	memset(&in, 0x5a, sizeof(in));
	CHECK(swaparea_pte_decode(a, pte, &in) == 0);
	if (k_collision(a, type, offset, flags)) {
		CHECK(pte == 0 && in.kind == SWAPAREA_PTE_NONE);
		return;
	}
	CHECK(in.kind != SWAPAREA_PTE_NONE && in.kind != SWAPAREA_PTE_PRESENT);
	CHECK(in.type == type && in.offset == offset && in.flags == flags);
	check_class(a, &in);
}

static void fuzz_decode(enum swaparea_arch a, uint64_t v)
{
	const struct k_layout *k = &k_layouts[a];
	const struct swaparea_arch_info *ai = swaparea_arch_info(a);
	struct swaparea_pte_info in;
	uint64_t cleared, again, e;
	uint32_t want_type, want_flags = 0;
	uint64_t want_offset;
	int rc;

	ctx.step = "decode";
	ctx.arch = a;
	ctx.value = v;
	ctx.type = ctx.flags = 0;
	memset(&in, 0x5a, sizeof(in));
	rc = swaparea_pte_decode(a, v, &in);
	if (v & ~MASK(k->pte_bits)) {
		CHECK(rc == -ERANGE);
		return;
	}
	CHECK(rc == 0);
	if (k_none(a, v)) {
		CHECK(in.kind == SWAPAREA_PTE_NONE);
		CHECK(in.type_name && strcmp(in.type_name, "none") == 0);
		return;
	}
	if (k_present(a, v)) {
		CHECK(in.kind == SWAPAREA_PTE_PRESENT);
		CHECK(in.type_name && strcmp(in.type_name, "present") == 0);
		return;
	}

	/* A swap PTE: pte_swp_clear_flags, then __pte_to_swp_entry and swp_entry. */
	CHECK(in.kind != SWAPAREA_PTE_NONE && in.kind != SWAPAREA_PTE_PRESENT);
	cleared = v;
	for (unsigned f = 0; f < 3; f++) {
		if (k->flag_bits[f] && (v & k->flag_bits[f])) {
			want_flags |= 1u << f;
			cleared &= ~k->flag_bits[f];
		}
	}
	e = k_pte_to_entry(a, cleared);
	k_entry_fields(a, e, &want_type, &want_offset);
	CHECK(in.flags == want_flags);
	CHECK(in.type == want_type && in.offset == want_offset);
	CHECK(in.entry.val == e);
	CHECK(in.type <= ai->max_type && in.offset <= ai->max_offset);
	check_class(a, &in);

	/* Re-encode with the decoded flags. */
	ctx.step = "re-encode of a decoded PTE";
	ctx.type = in.type;
	ctx.flags = in.flags;
	again = 0;
	CHECK(swaparea_pte_encode(a, in.type, in.offset, in.flags, &again) == 0);
	CHECK(again == (k_encode(a, in.type, in.offset) | flag_pte_bits(a, in.flags)));
	check_decodes_back(a, again, in.type, in.offset, in.flags);
}

static void fuzz_encode(enum swaparea_arch a, uint32_t type, uint64_t offset, uint32_t flags)
{
	const struct swaparea_arch_info *ai = swaparea_arch_info(a);
	bool flags_bad = (flags & ~ai->flags) != 0;
	bool range_bad = type > ai->max_type || offset > ai->max_offset;
	uint64_t pte = UINT64_C(0x0123456789abcdef);
	int rc;

	ctx.step = "encode";
	ctx.arch = a;
	ctx.value = offset;
	ctx.type = type;
	ctx.flags = flags;
	rc = swaparea_pte_encode(a, type, offset, flags, &pte);
	if (flags_bad && range_bad) {
		CHECK(rc == -EINVAL || rc == -ERANGE);
	} else if (flags_bad) {
		CHECK(rc == -EINVAL);
	} else if (range_bad) {
		CHECK(rc == -ERANGE);
	} else {
		CHECK(rc == 0);
	}
	if (rc != 0)
		return;
	CHECK((pte & ~MASK(ai->pte_bits)) == 0);
	CHECK(pte == (k_encode(a, type, offset) | flag_pte_bits(a, flags)));
	for (unsigned f = 0; f < 3; f++)
		if (ai->flag_bits[f])
			CHECK(!!(pte & ai->flag_bits[f]) == !!(flags & (1u << f)));
	check_decodes_back(a, pte, type, offset, flags);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned sel = size > 0 ? data[0] & 7 : 7;
	uint64_t v = 0;
	uint32_t t = size > 9 ? data[9] : 0, f = size > 10 ? data[10] : 0;

	for (size_t i = 0; i < 8 && 1 + i < size; i++)
		v |= (uint64_t)data[1 + i] << (8 * i);

	check_names();
	for (int a = 0; a < SWAPAREA_ARCH_COUNT; a++) {
		const struct swaparea_arch_info *ai = swaparea_arch_info((enum swaparea_arch)a);

		check_info((enum swaparea_arch)a, ai);
		fuzz_decode((enum swaparea_arch)a, v);
		fuzz_decode((enum swaparea_arch)a, v & 0xffffffffu);
		if (sel < SWAPAREA_ARCH_COUNT && (unsigned)a != sel)
			continue;
		fuzz_encode((enum swaparea_arch)a, t, v, f);
		fuzz_encode((enum swaparea_arch)a, t, v & ai->max_offset, f & ai->flags);
		fuzz_encode((enum swaparea_arch)a, t % (ai->max_type + 1), v & ai->max_offset, f & ai->flags);
		fuzz_encode((enum swaparea_arch)a, t % (ai->max_type + 1), v & ai->max_offset, f);
	}
	return 0;
}
