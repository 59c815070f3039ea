// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test_entry.c - unit tests of the swap-entry module (swaparea/entry.h):
 * the generic swp_entry_t, the swap-PTE layouts of x86_64, i386, i386-pae,
 * arm64 and the Linux 2.4 i386 layout, their limits, flag bits, the special
 * types above the real swap files, and the names.
 *
 * Every expected number is worked out by hand from the kernel's own macros
 * (Linux 6.12: include/linux/swapops.h, include/linux/swap.h,
 * arch/x86/include/asm/{pgtable_64.h, pgtable_64_types.h, pgtable-2level.h,
 * pgtable-3level.h, pgtable_types.h, pgtable.h},
 * arch/arm64/include/asm/{pgtable.h, pgtable-prot.h}; for 2.4,
 * include/asm-i386/pgtable.h), with the working in a comment beside it;
 * none is copied from what the library prints.  Random round trips use a
 * fixed seed, so a failure repeats.  A check over many values is one TAP
 * line, with the first failing case on a "#" line.
 */
#include <errno.h>

#include "swaparea.h"
#include "tap.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define BIT(n) (UINT64_C(1) << (n))
#define MASK(n) (BIT(n) - 1)

#define X86_64 SWAPAREA_ARCH_X86_64
#define I386 SWAPAREA_ARCH_I386
#define PAE SWAPAREA_ARCH_I386_PAE
#define ARM64 SWAPAREA_ARCH_ARM64
#define LEGACY SWAPAREA_ARCH_I386_LEGACY

#define EXCL SWAPAREA_PTE_EXCLUSIVE
#define SD SWAPAREA_PTE_SOFT_DIRTY
#define UW SWAPAREA_PTE_UFFD_WP

static const enum swaparea_arch all_archs[] = { X86_64, I386, PAE, ARM64, LEGACY };

/* splitmix64: small, well mixed, and the same sequence on every host. */
static uint64_t rng_state = UINT64_C(0x5eedf00dcafe1234);

static uint64_t rng(void)
{
	uint64_t z = (rng_state += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* An offset in [0, max]: mostly uniform, sometimes an edge. */
static uint64_t rng_offset(uint64_t max)
{
	switch (rng() % 8) {
	case 0: return 0;
	case 1: return max;
	case 2: return rng() % 1024;
	case 3: return max - rng() % 1024 % (max + 1);
	default: return max == UINT64_MAX ? rng() : rng() % (max + 1);
	}
}

static const char *name(enum swaparea_arch a)
{
	return swaparea_arch_name(a);
}

/* Decode into a poisoned info; the return code. */
static int decode(enum swaparea_arch a, uint64_t pte, struct swaparea_pte_info *in)
{
	memset(in, 0xa5, sizeof(*in));
	return swaparea_pte_decode(a, pte, in);
}

/* Encode, or return the sentinel on failure (so a check shows the rc). */
static uint64_t enc(enum swaparea_arch a, uint32_t type, uint64_t offset, uint32_t flags)
{
	uint64_t pte = UINT64_C(0xdeadbeefdeadbeef);
	int rc = swaparea_pte_encode(a, type, offset, flags, &pte);

	return rc == 0 ? pte : (uint64_t)(int64_t)rc;
}

/* ---- the generic swp_entry_t -------------------------------------------- */

static void test_generic(void)
{
	swaparea_entry_t e;
	unsigned bad = 0, topbit = 0;

	/* SWP_TYPE_SHIFT = BITS_PER_LONG - 1 - MAX_SWAPFILES_SHIFT(5). */
	TAP_EQ_U64(swaparea_entry_type_shift(64), 58, "generic: type shift 64-bit = 64-1-5 = 58");
	TAP_EQ_U64(swaparea_entry_type_shift(32), 26, "generic: type shift 32-bit = 32-1-5 = 26");

	/* 1 << 58 = 0x0400000000000001 - 1; | offset 1. */
	e.val = 0;
	TAP_EQ_INT(swaparea_entry_make(64, 1, 1, &e), 0, "generic: swp_entry(1,1) 64-bit is made");
	TAP_EQ_U64(e.val, UINT64_C(0x0400000000000001), "generic: swp_entry(1,1) = 1<<58 | 1 (64-bit)");
	TAP_EQ_U64(swaparea_entry_type(64, e), 1, "generic: type back from 0x0400000000000001");
	TAP_EQ_U64(swaparea_entry_offset(64, e), 1, "generic: offset back from 0x0400000000000001");
	/* 1 << 26 = 0x04000000; | 1. */
	e.val = 0;
	TAP_EQ_INT(swaparea_entry_make(32, 1, 1, &e), 0, "generic: swp_entry(1,1) 32-bit is made");
	TAP_EQ_U64(e.val, 0x04000001, "generic: swp_entry(1,1) = 1<<26 | 1 (32-bit)");
	TAP_EQ_U64(swaparea_entry_type(32, e), 1, "generic: type back from 0x04000001");
	TAP_EQ_U64(swaparea_entry_offset(32, e), 1, "generic: offset back from 0x04000001");

	/* The largest: type 31 in bits 58..62, offset 2^58-1 below: 0x7fff...; bit 63 clear. */
	TAP_EQ_INT(swaparea_entry_make(64, 31, MASK(58), &e), 0, "generic: type 31, offset 2^58-1 fits 64-bit");
	TAP_EQ_U64(e.val, UINT64_C(0x7fffffffffffffff), "generic: largest 64-bit entry = 2^63-1 (top bit clear)");
	TAP_EQ_INT(swaparea_entry_make(32, 31, MASK(26), &e), 0, "generic: type 31, offset 2^26-1 fits 32-bit");
	TAP_EQ_U64(e.val, 0x7fffffff, "generic: largest 32-bit entry = 2^31-1 (top bit clear)");
	/* Type 23 (the first special), offset 0: 23 << 58 = 0x5c00000000000000. */
	TAP_EQ_INT(swaparea_entry_make(64, 23, 0, &e), 0, "generic: type 23 is made");
	TAP_EQ_U64(e.val, UINT64_C(0x5c00000000000000), "generic: swp_entry(23,0) = 23<<58");

	/* Range: 5 type bits; offset mask 2^58-1 / 2^26-1. */
	TAP_EQ_INT(swaparea_entry_make(64, 32, 0, &e), -ERANGE, "generic: type 32 is -ERANGE (64-bit)");
	TAP_EQ_INT(swaparea_entry_make(32, 32, 0, &e), -ERANGE, "generic: type 32 is -ERANGE (32-bit)");
	TAP_EQ_INT(swaparea_entry_make(64, UINT32_MAX, 0, &e), -ERANGE, "generic: type 2^32-1 is -ERANGE");
	TAP_EQ_INT(swaparea_entry_make(64, 0, BIT(58), &e), -ERANGE, "generic: offset 2^58 is -ERANGE (64-bit)");
	TAP_EQ_INT(swaparea_entry_make(32, 0, BIT(26), &e), -ERANGE, "generic: offset 2^26 is -ERANGE (32-bit)");
	TAP_EQ_INT(swaparea_entry_make(64, 0, UINT64_MAX, &e), -ERANGE, "generic: offset 2^64-1 is -ERANGE");
	TAP_EQ_INT(swaparea_entry_make(32, 0, MASK(26), &e), 0, "generic: offset 2^26-1 fits 32-bit");
	TAP_EQ_INT(swaparea_entry_make(16, 0, 0, &e), -EINVAL, "generic: word size 16 is -EINVAL");
	TAP_EQ_INT(swaparea_entry_make(0, 0, 0, &e), -EINVAL, "generic: word size 0 is -EINVAL");
	TAP_EQ_INT(swaparea_entry_make(63, 0, 0, &e), -EINVAL, "generic: word size 63 is -EINVAL");

	/* Random round trips: the value is exactly type << shift | offset. */
	for (unsigned w = 32; w <= 64; w += 32) {
		unsigned shift = w - 6;

		bad = topbit = 0;
		for (unsigned i = 0; i < 4000; i++) {
			uint32_t type = (uint32_t)(rng() % 32);
			uint64_t offset = rng_offset(MASK(shift));
			int rc = swaparea_entry_make(w, type, offset, &e);
			bool ok = rc == 0 && e.val == ((uint64_t)type << shift | offset) &&
				  swaparea_entry_type(w, e) == type && swaparea_entry_offset(w, e) == offset;

			if (!ok && !bad++)
				printf("# %u-bit type %u offset 0x%" PRIx64 ": rc %d val 0x%" PRIx64 "\n",
				       w, type, offset, rc, e.val);
			if (rc == 0 && (e.val & BIT(w - 1)))
				topbit++;
		}
		TAP_EQ_U64(bad, 0, "generic: %u-bit type/offset round trip, 4000 random values", w);
		TAP_EQ_U64(topbit, 0, "generic: %u-bit top bit always clear", w);
	}
}

/* ---- arch facts ------------------------------------------------------------ */

static void test_arch_info(void)
{
	static const struct {
		enum swaparea_arch arch;
		const char *name;
		unsigned pte_bits, word_bits;
		uint32_t flags;
		uint32_t max_type;
		uint64_t max_offset;
		uint32_t nr_swapfiles;
		uint64_t flag_bits[3];
	} want[] = {
		/*
		 * x86_64: ~offset in bits 9..58, 50 bits -> 2^50-1.  Type bits 59..63.
		 * _PAGE_SWP_EXCLUSIVE = _PAGE_PWT (bit 3, pgtable_64_types.h),
		 * _PAGE_SWP_SOFT_DIRTY = _PAGE_RW (bit 1), _PAGE_SWP_UFFD_WP = _PAGE_USER (bit 2).
		 */
		{ X86_64, "x86_64", 64, 64, EXCL | SD | UW, 31, MASK(50), 23, { BIT(3), BIT(1), BIT(2) } },
		/* i386: offset << 9 in a 32-bit word -> 23 bits.  E = _PAGE_PSE (bit 7). */
		{ I386, "i386", 32, 32, EXCL, 31, MASK(23), 23, { BIT(7), 0, 0 } },
		/* PAE: 50 bits in the PTE, but the 32-bit generic entry keeps 26. E = _PAGE_PSE. */
		{ PAE, "i386-pae", 64, 32, EXCL, 31, MASK(26), 23, { BIT(7), 0, 0 } },
		/* arm64: __SWP_OFFSET_BITS 50.  PTE_SWP_EXCLUSIVE bit 2, PTE_SWP_UFFD_WP bit 3. */
		{ ARM64, "arm64", 64, 64, EXCL | UW, 31, MASK(50), 23, { BIT(2), 0, BIT(3) } },
		/* 2.4: type (val>>1)&0x3f (6 bits), offset val>>8 in 32 bits (24); MAX_SWAPFILES 32. */
		{ LEGACY, "i386-legacy", 32, 32, 0, 63, MASK(24), 32, { 0, 0, 0 } },
	};

	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		const struct swaparea_arch_info *in = swaparea_arch_info(want[i].arch);
		const char *n = want[i].name;

		if (!TAP_OK(in != NULL, "%s: arch_info exists", n))
			continue;
		TAP_EQ_STR(in->name, n, "%s: info name", n);
		TAP_EQ_U64(in->pte_bits, want[i].pte_bits, "%s: pte_bits", n);
		TAP_EQ_U64(in->word_bits, want[i].word_bits, "%s: word_bits", n);
		TAP_EQ_U64(in->flags, want[i].flags, "%s: flags the layout has", n);
		TAP_EQ_U64(in->max_type, want[i].max_type, "%s: max_type", n);
		TAP_EQ_U64(in->max_offset, want[i].max_offset, "%s: max_offset", n);
		TAP_EQ_U64(in->max_pages, want[i].max_offset + 1, "%s: max_pages = max_offset + 1", n);
		TAP_EQ_U64(in->nr_swapfiles, want[i].nr_swapfiles, "%s: nr_swapfiles (MAX_SWAPFILES)", n);
		for (unsigned f = 0; f < 3; f++)
			TAP_EQ_U64(in->flag_bits[f], want[i].flag_bits[f], "%s: PTE bit of flag %s", n,
				   swaparea_pte_flag_name(1u << f));
	}
	TAP_OK(swaparea_arch_info(SWAPAREA_ARCH_COUNT) == NULL, "arch_info of an unknown arch is NULL");
	TAP_OK(swaparea_arch_info((enum swaparea_arch)-1) == NULL, "arch_info of arch -1 is NULL");
	TAP_OK(swaparea_arch_info(X86_64) == swaparea_arch_info(X86_64), "arch_info is a static object");
}

/* ---- known encodings, worked out from the kernel's macros ------------------ */

struct known {
	enum swaparea_arch arch;
	uint32_t type;
	uint64_t offset;
	uint32_t flags;
	uint64_t pte;
	const char *how;
};

static const struct known known[] = {
	/* x86_64: PTE = (~offset << 14 >> 5) | type << 59 (pgtable_64.h __swp_entry). */
	{ X86_64, 0, 1, 0, UINT64_C(0x07fffffffffffc00),
	  "~1 = ...fffe; <<14 = ...ffff8000; >>5 = 0x07fffffffffffc00" },
	{ X86_64, 1, 1, 0, UINT64_C(0x0ffffffffffffc00), "0x07fffffffffffc00 | 1<<59 (0x0800000000000000)" },
	{ X86_64, 0, 0, 0, UINT64_C(0x07fffffffffffe00), "~0 << 14 >> 5: bits 9..58 all set" },
	{ X86_64, 31, 0, 0, UINT64_C(0xfffffffffffffe00), "bits 9..58 set | 31<<59 = bits 59..63" },
	{ X86_64, 2, 0x12345, 0, UINT64_C(0x17fffffffdb97400),
	  "(2^50-1-0x12345)<<9 = 0x07fffffffffffe00-0x2468a00 = 0x07fffffffdb97400, | 2<<59" },
	{ X86_64, 1, 1, EXCL, UINT64_C(0x0ffffffffffffc08), "| _PAGE_PWT (bit 3)" },
	{ X86_64, 1, 1, SD, UINT64_C(0x0ffffffffffffc02), "| _PAGE_RW (bit 1)" },
	{ X86_64, 1, 1, UW, UINT64_C(0x0ffffffffffffc04), "| _PAGE_USER (bit 2)" },
	{ X86_64, 1, 1, EXCL | SD | UW, UINT64_C(0x0ffffffffffffc0e), "| bits 1, 2, 3" },
	/* i386: type<<1 | offset<<9 (pgtable-2level.h). */
	{ I386, 1, 1, 0, 0x202, "1<<1 | 1<<9" },
	{ I386, 0, 1, 0, 0x200, "1<<9" },
	{ I386, 31, MASK(23), 0, 0xfffffe3e, "31<<1 = 0x3e | (2^23-1)<<9 = 0xfffffe00" },
	{ I386, 5, 0x1234, EXCL, 0x24688a, "5<<1 = 0xa | 0x1234<<9 = 0x246800 | _PAGE_PSE 0x80" },
	/* PAE: 32-bit (type | offset<<5), then the x86_64 shape; E = bit 7. */
	{ PAE, 1, 1, 0, UINT64_C(0x0ffffffffffffc00), "same as x86_64 (1,1)" },
	{ PAE, 1, 1, EXCL, UINT64_C(0x0ffffffffffffc80), "| _PAGE_PSE (bit 7)" },
	{ PAE, 0, MASK(26), 0, UINT64_C(0x07fffff800000000),
	  "~offset in 50 bits = 2^50-2^26; <<9 = 2^59-2^35" },
	/* arm64: type<<6 | offset<<12 (pgtable.h __swp_entry). */
	{ ARM64, 1, 1, 0, 0x1040, "1<<6 | 1<<12" },
	{ ARM64, 1, 1, EXCL, 0x1044, "| PTE_SWP_EXCLUSIVE (bit 2)" },
	{ ARM64, 1, 1, UW, 0x1048, "| PTE_SWP_UFFD_WP (bit 3)" },
	{ ARM64, 31, MASK(50), 0, UINT64_C(0x3ffffffffffff7c0), "31<<6 = 0x7c0 | (2^50-1)<<12 = bits 12..61" },
	/* 2.4 i386: SWP_ENTRY(type, offset) = type<<1 | offset<<8. */
	{ LEGACY, 1, 1, 0, 0x102, "1<<1 | 1<<8" },
	{ LEGACY, 63, MASK(24), 0, 0xffffff7e, "63<<1 = 0x7e | (2^24-1)<<8 = 0xffffff00" },
	{ LEGACY, 40, 3, 0, 0x350, "40<<1 = 0x50 | 3<<8 = 0x300" },
};

static void test_known(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(known); i++) {
		const struct known *k = &known[i];
		struct swaparea_pte_info in;
		int rc;

		TAP_EQ_U64(enc(k->arch, k->type, k->offset, k->flags), k->pte,
			   "%s: encode type %u offset 0x%" PRIx64 " flags %#x: %s", name(k->arch), k->type,
			   k->offset, k->flags, k->how);
		rc = decode(k->arch, k->pte, &in);
		TAP_OK(rc == 0 && in.type == k->type && in.offset == k->offset && in.flags == k->flags,
		       "%s: decode 0x%" PRIx64 " -> type %u offset 0x%" PRIx64 " flags %#x (got rc %d, %u, "
		       "0x%" PRIx64 ", %#x)", name(k->arch), k->pte, k->type, k->offset, k->flags, rc,
		       in.type, in.offset, in.flags);
	}
}

/* The generic entry that decode reports beside the fields. */
static void test_decoded_entry(void)
{
	struct swaparea_pte_info in;

	decode(X86_64, UINT64_C(0x0ffffffffffffc08), &in);
	TAP_EQ_U64(in.entry.val, UINT64_C(0x0400000000000001), "x86_64: (1,1)+E carries swp_entry(1,1) = 1<<58|1");
	decode(I386, 0x282, &in);
	TAP_EQ_U64(in.entry.val, 0x04000001, "i386: 0x282 carries swp_entry(1,1) = 1<<26|1");
	decode(PAE, UINT64_C(0x0ffffffffffffc80), &in);
	TAP_EQ_U64(in.entry.val, 0x04000001, "i386-pae: (1,1)+E carries the 32-bit swp_entry(1,1)");
	decode(ARM64, 0x1044, &in);
	TAP_EQ_U64(in.entry.val, UINT64_C(0x0400000000000001), "arm64: 0x1044 carries swp_entry(1,1)");
	decode(LEGACY, 0x102, &in);
	TAP_EQ_U64(in.entry.val, 0x102, "i386-legacy: the PTE is the entry (0x102)");

	/*
	 * PAE decoding goes through the 32-bit intermediate and the 32-bit
	 * generic entry: offset 2^26 in the PTE's field comes back as 0.
	 * PTE = ((2^50-1-2^26) << 9) | 1<<59 = 0x07fffffffffffe00 - 2^35 + 2^59.
	 * __pteval_swp_offset = 2^26; __swp_entry = 1 | 2^31; __swp_offset = 2^26;
	 * swp_entry(1, 2^26) keeps 2^26 & (2^26-1) = 0.
	 */
	TAP_EQ_INT(decode(PAE, UINT64_C(0x0ffffff7fffffe00), &in), 0, "i386-pae: offset 2^26 in the PTE decodes");
	TAP_OK(in.kind == SWAPAREA_PTE_SWAP && in.type == 1 && in.offset == 0,
	       "i386-pae: offset 2^26 truncates to 0 through the 32-bit entry (type %u offset 0x%" PRIx64 ")",
	       in.type, in.offset);
	/* x86_64 has the full 50 bits: the same PTE is type 1, offset 2^26. */
	decode(X86_64, UINT64_C(0x0ffffff7fffffe00), &in);
	TAP_OK(in.type == 1 && in.offset == BIT(26), "x86_64: the same PTE is type 1 offset 2^26");
}

/* ---- limits and errors ------------------------------------------------------ */

static void test_limits(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(all_archs); i++) {
		enum swaparea_arch a = all_archs[i];
		const struct swaparea_arch_info *in = swaparea_arch_info(a);
		uint64_t pte;
		uint32_t missing = (EXCL | SD | UW) & ~in->flags;

		/*
		 * Skip x86_64's (0, max) here (it encodes to 0, tested below):
		 * type max_type at max_offset is the corner every layout must hold.
		 */
		TAP_EQ_INT(swaparea_pte_encode(a, in->max_type, in->max_offset, 0, &pte), 0,
			   "%s: type max_type, offset max_offset encodes", name(a));
		TAP_EQ_INT(swaparea_pte_encode(a, in->max_type + 1, 0, 0, &pte), -ERANGE,
			   "%s: type max_type+1 (%u) is -ERANGE", name(a), in->max_type + 1);
		TAP_EQ_INT(swaparea_pte_encode(a, UINT32_MAX, 0, 0, &pte), -ERANGE,
			   "%s: type 2^32-1 is -ERANGE", name(a));
		TAP_EQ_INT(swaparea_pte_encode(a, 0, in->max_offset + 1, 0, &pte), -ERANGE,
			   "%s: offset max_offset+1 (0x%" PRIx64 ") is -ERANGE", name(a), in->max_offset + 1);
		TAP_EQ_INT(swaparea_pte_encode(a, 0, UINT64_MAX, 0, &pte), -ERANGE,
			   "%s: offset 2^64-1 is -ERANGE", name(a));
		for (unsigned f = 0; f < 3; f++) {
			uint32_t flag = 1u << f;

			if (!(missing & flag))
				continue;
			TAP_EQ_INT(swaparea_pte_encode(a, 1, 1, flag, &pte), -EINVAL,
				   "%s: flag %s is -EINVAL (the layout lacks it)", name(a),
				   swaparea_pte_flag_name(flag));
		}
		TAP_EQ_INT(swaparea_pte_encode(a, 1, 1, 1u << 3, &pte), -EINVAL,
			   "%s: unknown flag bit 3 is -EINVAL", name(a));
		TAP_EQ_INT(swaparea_pte_encode(a, 1, 1, 1u << 31, &pte), -EINVAL,
			   "%s: unknown flag bit 31 is -EINVAL", name(a));
	}
	/* No soft-dirty or uffd-wp outside x86_64 (x86: CONFIG_HAVE_ARCH_SOFT_DIRTY/USERFAULTFD_WP are 64-bit only). */
	TAP_EQ_U64(enc(I386, 1, 1, SD), (uint64_t)-EINVAL, "i386: soft-dirty is -EINVAL");
	TAP_EQ_U64(enc(I386, 1, 1, UW), (uint64_t)-EINVAL, "i386: uffd-wp is -EINVAL");
	TAP_EQ_U64(enc(PAE, 1, 1, SD), (uint64_t)-EINVAL, "i386-pae: soft-dirty is -EINVAL");
	TAP_EQ_U64(enc(PAE, 1, 1, UW), (uint64_t)-EINVAL, "i386-pae: uffd-wp is -EINVAL");
	TAP_EQ_U64(enc(ARM64, 1, 1, SD), (uint64_t)-EINVAL, "arm64: soft-dirty is -EINVAL");
	TAP_EQ_U64(enc(LEGACY, 1, 1, EXCL), (uint64_t)-EINVAL, "i386-legacy: exclusive is -EINVAL");
	/* The exact edges the brief names, spelt out. */
	TAP_EQ_U64(enc(X86_64, 1, BIT(50), 0), (uint64_t)-ERANGE, "x86_64: offset 2^50 is -ERANGE");
	TAP_EQ_U64(enc(ARM64, 1, BIT(50), 0), (uint64_t)-ERANGE, "arm64: offset 2^50 is -ERANGE");
	TAP_EQ_U64(enc(I386, 1, BIT(23), 0), (uint64_t)-ERANGE, "i386: offset 2^23 is -ERANGE");
	TAP_EQ_U64(enc(PAE, 1, BIT(26), 0), (uint64_t)-ERANGE, "i386-pae: offset 2^26 is -ERANGE");
	TAP_EQ_U64(enc(LEGACY, 1, BIT(24), 0), (uint64_t)-ERANGE, "i386-legacy: offset 2^24 is -ERANGE");
	TAP_EQ_U64(enc(X86_64, 32, 1, 0), (uint64_t)-ERANGE, "x86_64: type 32 is -ERANGE");
	TAP_EQ_U64(enc(LEGACY, 64, 1, 0), (uint64_t)-ERANGE, "i386-legacy: type 64 is -ERANGE");
	/* Largest legal values are accepted. */
	TAP_EQ_U64(enc(I386, 1, MASK(23), 0), 0xfffffe02, "i386: offset 2^23-1 -> 0xfffffe00 | 1<<1");
	TAP_EQ_U64(enc(LEGACY, 1, MASK(24), 0), 0xffffff02, "i386-legacy: offset 2^24-1 -> 0xffffff00 | 1<<1");

	/* An unknown arch. */
	{
		uint64_t pte;
		struct swaparea_pte_info in;

		TAP_EQ_INT(swaparea_pte_encode(SWAPAREA_ARCH_COUNT, 1, 1, 0, &pte), -EINVAL,
			   "encode on an unknown arch is -EINVAL");
		TAP_EQ_INT(swaparea_pte_decode(SWAPAREA_ARCH_COUNT, 0x202, &in), -EINVAL,
			   "decode on an unknown arch is -EINVAL");
	}
}

/* ---- random round trips ------------------------------------------------------ */

/*
 * The values whose PTE is none, by the kernel's own layout: x86_64's
 * (0, 2^50-1) (the inverted offset is all zeros) and, on the layouts that
 * do not invert, (0, 0).  Only without flags.
 */
static bool collides_with_none(enum swaparea_arch a, uint32_t type, uint64_t offset, uint32_t flags)
{
	if (type != 0 || flags != 0)
		return false;
	if (a == X86_64)
		return offset == MASK(50);
	return offset == 0 && a != PAE;
}

static void test_roundtrip(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(all_archs); i++) {
		enum swaparea_arch a = all_archs[i];
		const struct swaparea_arch_info *ai = swaparea_arch_info(a);
		unsigned bad = 0, bits = 0, n = 3000;

		for (unsigned k = 0; k < n; k++) {
			uint32_t type = (uint32_t)(rng() % (ai->max_type + 1));
			uint64_t offset = rng_offset(ai->max_offset);
			uint32_t flags = (uint32_t)rng() & ai->flags;
			struct swaparea_pte_info in;
			uint64_t pte = 0;
			int rc = swaparea_pte_encode(a, type, offset, flags, &pte), drc = -1;
			bool ok;

			if (rc == 0)
				drc = decode(a, pte, &in);
			if (rc == 0 && collides_with_none(a, type, offset, flags))
				ok = pte == 0 && drc == 0 && in.kind == SWAPAREA_PTE_NONE;
			else
				ok = rc == 0 && drc == 0 && in.type == type && in.offset == offset &&
				     in.flags == flags && in.kind != SWAPAREA_PTE_NONE &&
				     in.kind != SWAPAREA_PTE_PRESENT;
			if (!ok && !bad++)
				printf("# %s: type %u offset 0x%" PRIx64 " flags %#x: rc %d pte 0x%" PRIx64
				       " decode rc %d kind %d type %u offset 0x%" PRIx64 " flags %#x\n",
				       name(a), type, offset, flags, rc, pte, drc, drc == 0 ? (int)in.kind : -1,
				       in.type, in.offset, in.flags);
			if (rc == 0 && ai->pte_bits == 32 && pte > UINT32_MAX)
				bits++;
		}
		TAP_EQ_U64(bad, 0, "%s: %u random (type, offset, flags) round trip through encode/decode",
			   name(a), n);
		TAP_EQ_U64(bits, 0, "%s: every PTE fits %u bits", name(a), ai->pte_bits);
	}
}

/* Setting flag bits on a swap PTE never changes the type or offset decoded. */
static void test_flags_cleared_first(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(all_archs); i++) {
		enum swaparea_arch a = all_archs[i];
		const struct swaparea_arch_info *ai = swaparea_arch_info(a);
		unsigned bad = 0;

		for (unsigned k = 0; k < 500; k++) {
			uint32_t type = (uint32_t)(rng() % (ai->max_type + 1));
			uint64_t offset = rng_offset(ai->max_offset);
			uint64_t pte = enc(a, type, offset, 0);

			for (uint32_t s = 1; s < 8; s++) {
				struct swaparea_pte_info in;
				uint64_t p = pte;
				int rc;

				if (s & ~ai->flags)
					continue;
				for (unsigned f = 0; f < 3; f++)
					if (s & (1u << f))
						p |= ai->flag_bits[f];
				rc = decode(a, p, &in);
				if ((rc != 0 || in.type != type || in.offset != offset || in.flags != s ||
				     in.kind == SWAPAREA_PTE_NONE || in.kind == SWAPAREA_PTE_PRESENT) && !bad++)
					printf("# %s: type %u offset 0x%" PRIx64 " + flags %#x = 0x%" PRIx64
					       ": rc %d type %u offset 0x%" PRIx64 " flags %#x\n", name(a), type,
					       offset, s, p, rc, in.type, in.offset, in.flags);
			}
		}
		TAP_EQ_U64(bad, 0, "%s: flag bits set on 500 swap PTEs never change type/offset", name(a));
	}
	/* x86_64 by hand: 0x0ffffffffffffc00 | 0xe decodes as (1, 1) with all three flags. */
	{
		struct swaparea_pte_info in;

		decode(X86_64, UINT64_C(0x0ffffffffffffc0e), &in);
		TAP_OK(in.type == 1 && in.offset == 1 && in.flags == (EXCL | SD | UW),
		       "x86_64: 0x0ffffffffffffc0e = (1,1) + exclusive, soft-dirty, uffd-wp");
		/* i386: bit 7 is E, not part of the type (bits 1..5) nor the offset (9..31). */
		decode(I386, 0x282, &in);
		TAP_OK(in.type == 1 && in.offset == 1 && in.flags == EXCL, "i386: 0x282 = (1,1) + exclusive");
	}
}

/*
 * A swap PTE is never none or present.  Sweep every type with edge and
 * random offsets and every flag subset.  The only PTEs that come out none
 * are the kernel's own collisions with pte_none (collides_with_none).
 */
static void test_never_none_or_present(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(all_archs); i++) {
		enum swaparea_arch a = all_archs[i];
		const struct swaparea_arch_info *ai = swaparea_arch_info(a);
		unsigned bad = 0, checked = 0;

		for (uint32_t type = 0; type <= ai->max_type; type++) {
			uint64_t offsets[8] = { 0, 1, 2, ai->max_offset, ai->max_offset - 1,
						rng() % (ai->max_offset + 1), rng() % (ai->max_offset + 1),
						rng() % 4096 };

			for (size_t o = 0; o < ARRAY_SIZE(offsets); o++) {
				for (uint32_t s = 0; s < 8; s++) {
					struct swaparea_pte_info in;
					uint64_t pte;
					int rc;

					if (s & ~ai->flags)
						continue;
					if (collides_with_none(a, type, offsets[o], s))
						continue;
					checked++;
					pte = enc(a, type, offsets[o], s);
					rc = decode(a, pte, &in);
					if ((rc != 0 || in.kind == SWAPAREA_PTE_NONE ||
					     in.kind == SWAPAREA_PTE_PRESENT) && !bad++)
						printf("# %s: type %u offset 0x%" PRIx64 " flags %#x -> 0x%" PRIx64
						       " decoded rc %d as %s\n", name(a), type, offsets[o], s, pte,
						       rc, rc == 0 ? swaparea_pte_kind_name(in.kind) : "-");
				}
			}
		}
		TAP_EQ_U64(bad, 0, "%s: no swap PTE decodes as none or present (%u checked)", name(a), checked);
	}
}

/* The collisions themselves, explicitly. */
static void test_none_collisions(void)
{
	struct swaparea_pte_info in;

	/* x86_64: ~(2^50-1) has no bits in 0..49, so (~offset << 14 >> 5) = 0; type 0 adds nothing. */
	TAP_EQ_U64(enc(X86_64, 0, MASK(50), 0), 0, "x86_64 quirk: type 0, offset 2^50-1 encodes to 0");
	TAP_EQ_INT(decode(X86_64, 0, &in), 0, "x86_64 quirk: 0 decodes");
	TAP_EQ_U64(in.kind, SWAPAREA_PTE_NONE, "x86_64 quirk: ... and is none (pte_none)");
	/* With E set (bit 3) it is a swap PTE again: ~(~8 << 5 >> 14) gives 2^50-1. */
	TAP_EQ_U64(enc(X86_64, 0, MASK(50), EXCL), 0x8, "x86_64 quirk: + exclusive = 0x8");
	decode(X86_64, 0x8, &in);
	TAP_OK(in.kind == SWAPAREA_PTE_SWAP && in.type == 0 && in.offset == MASK(50) && in.flags == EXCL,
	       "x86_64 quirk: 0x8 decodes as type 0 offset 2^50-1 exclusive");
	/* Type 1 at the same offset is fine: 1<<59. */
	TAP_EQ_U64(enc(X86_64, 1, MASK(50), 0), UINT64_C(0x0800000000000000), "x86_64: type 1, offset 2^50-1 = 1<<59");
	decode(X86_64, UINT64_C(0x0800000000000000), &in);
	TAP_OK(in.kind == SWAPAREA_PTE_SWAP && in.type == 1 && in.offset == MASK(50),
	       "x86_64: 1<<59 decodes as type 1 offset 2^50-1");

	/* Non-inverting layouts: swp_entry(0, 0) is 0 (offset 0 is the header page, never mapped). */
	TAP_EQ_U64(enc(I386, 0, 0, 0), 0, "i386: type 0 offset 0 encodes to 0 (pte_none)");
	TAP_EQ_U64(enc(ARM64, 0, 0, 0), 0, "arm64: type 0 offset 0 encodes to 0 (pte_none)");
	TAP_EQ_U64(enc(LEGACY, 0, 0, 0), 0, "i386-legacy: type 0 offset 0 encodes to 0 (pte_none)");
	/* PAE inverts: (0, 0) is bits 9..58 set; (0, 2^26-1) still has bits 35..58. */
	TAP_EQ_U64(enc(PAE, 0, 0, 0), UINT64_C(0x07fffffffffffe00), "i386-pae: type 0 offset 0 = bits 9..58");
}

/* ---- non-swap PTEs --------------------------------------------------------- */

static void expect_kind(enum swaparea_arch a, uint64_t pte, enum swaparea_pte_kind kind, const char *why)
{
	struct swaparea_pte_info in;
	int rc = decode(a, pte, &in);

	TAP_OK(rc == 0 && in.kind == kind, "%s: 0x%" PRIx64 " is %s: %s (got rc %d, %s)", name(a), pte,
	       swaparea_pte_kind_name(kind), why, rc, rc == 0 ? swaparea_pte_kind_name(in.kind) : "-");
}

static void test_non_swap(void)
{
	struct swaparea_pte_info in;

	for (size_t i = 0; i < ARRAY_SIZE(all_archs); i++) {
		expect_kind(all_archs[i], 0, SWAPAREA_PTE_NONE, "pte_none(0)");
		decode(all_archs[i], 0, &in);
		TAP_EQ_STR(in.type_name, "none", "%s: 0 has type name \"none\"", name(all_archs[i]));
	}

	/* x86_64 and PAE: _PAGE_KNL_ERRATUM_MASK = _PAGE_DIRTY|_PAGE_ACCESSED (bits 6, 5). */
	expect_kind(X86_64, 0x20, SWAPAREA_PTE_NONE, "bit 5 (A) alone is ignored by pte_none");
	expect_kind(X86_64, 0x40, SWAPAREA_PTE_NONE, "bit 6 (D) alone is ignored by pte_none");
	expect_kind(X86_64, 0x60, SWAPAREA_PTE_NONE, "bits 5|6 are ignored by pte_none");
	expect_kind(PAE, 0x20, SWAPAREA_PTE_NONE, "bit 5 ignored (CONFIG_X86_PAE has the erratum mask)");
	expect_kind(PAE, 0x40, SWAPAREA_PTE_NONE, "bit 6 ignored (CONFIG_X86_PAE has the erratum mask)");
	expect_kind(PAE, 0x60, SWAPAREA_PTE_NONE, "bits 5|6 ignored (CONFIG_X86_PAE has the erratum mask)");
	/* Bit 4 is not in the mask: a swap PTE (x86_64: type 0, offset ~(~0x10 <<5>>14) = 2^50-1). */
	expect_kind(X86_64, 0x10, SWAPAREA_PTE_SWAP, "bit 4 is not in the erratum mask");
	/*
	 * i386 without PAE: pgtable_types.h defines _PAGE_KNL_ERRATUM_MASK as 0
	 * unless CONFIG_X86_64 || CONFIG_X86_PAE, so pte_none is !pte and 0x20,
	 * 0x40, 0x60 are swap PTEs: type (pte >> 1) & 0x1f = 16, 0, 16; offset
	 * pte >> 9 = 0.
	 */
	expect_kind(I386, 0x20, SWAPAREA_PTE_SWAP, "no erratum mask without PAE: pte_none(0x20) is false");
	expect_kind(I386, 0x40, SWAPAREA_PTE_SWAP, "no erratum mask without PAE: pte_none(0x40) is false");
	expect_kind(I386, 0x60, SWAPAREA_PTE_SWAP, "no erratum mask without PAE: pte_none(0x60) is false");
	decode(I386, 0x60, &in);
	TAP_OK(in.type == 16 && in.offset == 0, "i386: 0x60 is type (0x60>>1)&0x1f = 16, offset 0 (got %u, 0x%"
	       PRIx64 ")", in.type, in.offset);
	TAP_EQ_U64(enc(I386, 16, 0, 0), 0x20, "i386: type 16 offset 0 = 16<<1 = 0x20");
	decode(I386, 0x20, &in);
	TAP_OK(in.kind == SWAPAREA_PTE_SWAP && in.type == 16 && in.offset == 0,
	       "i386: 0x20 decodes back to type 16 offset 0 (got %s type %u)", swaparea_pte_kind_name(in.kind),
	       in.type);

	/* x86: pte_present = _PAGE_PRESENT (bit 0) | _PAGE_PROTNONE (= _PAGE_GLOBAL, bit 8). */
	static const enum swaparea_arch x86[] = { X86_64, I386, PAE };
	for (size_t i = 0; i < ARRAY_SIZE(x86); i++) {
		expect_kind(x86[i], 0x1, SWAPAREA_PTE_PRESENT, "_PAGE_PRESENT (bit 0)");
		expect_kind(x86[i], 0x100, SWAPAREA_PTE_PRESENT, "_PAGE_PROTNONE (bit 8)");
		expect_kind(x86[i], 0x80000067, SWAPAREA_PTE_PRESENT, "an ordinary present user PTE");
		expect_kind(x86[i], 0x203, SWAPAREA_PTE_PRESENT, "i386 (1,1) with bit 0 set");
		decode(x86[i], 0x101, &in);
		TAP_EQ_STR(in.type_name, "present", "%s: present has type name \"present\"", name(x86[i]));
	}
	expect_kind(X86_64, UINT64_C(0x0ffffffffffffd00), SWAPAREA_PTE_PRESENT, "x86_64 (1,1) | bit 8");
	expect_kind(X86_64, UINT64_C(0x8000000000000025), SWAPAREA_PTE_PRESENT, "NX set, present");
	/* arm64: pte_present = PTE_VALID (bit 0) || PTE_PRESENT_INVALID (= PTE_NG, bit 11). */
	expect_kind(ARM64, 0x1, SWAPAREA_PTE_PRESENT, "PTE_VALID (bit 0)");
	expect_kind(ARM64, 0x800, SWAPAREA_PTE_PRESENT, "PTE_PRESENT_INVALID (bit 11)");
	expect_kind(ARM64, 0x1041, SWAPAREA_PTE_PRESENT, "(1,1) with PTE_VALID");
	expect_kind(ARM64, 0x1840, SWAPAREA_PTE_PRESENT, "(1,1) with PTE_PRESENT_INVALID");
	expect_kind(ARM64, 0x100, SWAPAREA_PTE_SWAP, "bit 8 is type bit 2 on arm64, not PROTNONE");
	expect_kind(ARM64, 0x20, SWAPAREA_PTE_SWAP, "no erratum mask on arm64");
	/* 2.4: pte_present = _PAGE_PRESENT (0x001) | _PAGE_PROTNONE (0x080). */
	expect_kind(LEGACY, 0x1, SWAPAREA_PTE_PRESENT, "_PAGE_PRESENT (bit 0)");
	expect_kind(LEGACY, 0x80, SWAPAREA_PTE_PRESENT, "2.4 _PAGE_PROTNONE (bit 7)");
	expect_kind(LEGACY, 0x100, SWAPAREA_PTE_SWAP, "bit 8 is offset bit 0 in 2.4");

	/* A 32-bit PTE has no bits above 31. */
	TAP_EQ_INT(decode(I386, BIT(32), &in), -ERANGE, "i386: 0x100000000 is -ERANGE");
	TAP_EQ_INT(decode(I386, UINT64_C(0xffffffff00000202), &in), -ERANGE, "i386: high bits over a swap PTE is -ERANGE");
	TAP_EQ_INT(decode(LEGACY, BIT(63), &in), -ERANGE, "i386-legacy: bit 63 is -ERANGE");
	TAP_EQ_INT(decode(I386, 0xffffffff, &in), 0, "i386: 0xffffffff decodes (present)");
	/* 64-bit PTEs accept every bit. */
	TAP_EQ_INT(decode(PAE, UINT64_MAX, &in), 0, "i386-pae: 2^64-1 decodes (64-bit PTE)");
	TAP_EQ_INT(decode(X86_64, UINT64_C(0xfffffffffffffe00), &in), 0, "x86_64: type 31 offset 0 decodes");
	TAP_OK(in.type == 31 && in.offset == 0 && in.kind == SWAPAREA_PTE_MARKER,
	       "x86_64: 0xfffffffffffffe00 is type 31 (pte-marker), offset 0");
}

/* ---- special types ---------------------------------------------------------- */

static void test_special(void)
{
	/* include/linux/swap.h with MEMORY_FAILURE, MIGRATION, DEVICE_PRIVATE: MAX_SWAPFILES = 32-1-3-4-1. */
	static const struct {
		uint32_t type;
		enum swaparea_pte_kind kind;
		const char *name;
	} special[] = {
		{ 23, SWAPAREA_PTE_HWPOISON, "hwpoison" },                  /* SWP_HWPOISON = MAX */
		{ 24, SWAPAREA_PTE_MIGRATION, "migration-read" },           /* MAX + 1 */
		{ 25, SWAPAREA_PTE_MIGRATION, "migration-read-exclusive" }, /* MAX + 1 + 1 */
		{ 26, SWAPAREA_PTE_MIGRATION, "migration-write" },          /* MAX + 1 + 2 */
		{ 27, SWAPAREA_PTE_DEVICE, "device-write" },                /* MAX + 1 + 3 */
		{ 28, SWAPAREA_PTE_DEVICE, "device-read" },
		{ 29, SWAPAREA_PTE_DEVICE, "device-exclusive-write" },
		{ 30, SWAPAREA_PTE_DEVICE, "device-exclusive-read" },
		{ 31, SWAPAREA_PTE_MARKER, "pte-marker" },                  /* MAX + 1 + 3 + 4 */
	};
	static const enum swaparea_arch modern[] = { X86_64, I386, PAE, ARM64 };

	for (size_t i = 0; i < ARRAY_SIZE(modern); i++) {
		enum swaparea_arch a = modern[i];
		unsigned bad = 0;

		for (size_t s = 0; s < ARRAY_SIZE(special); s++) {
			struct swaparea_pte_info in;

			decode(a, enc(a, special[s].type, 5, 0), &in);
			TAP_OK(in.kind == special[s].kind && in.type == special[s].type && in.offset == 5,
			       "%s: type %u is %s (got %s)", name(a), special[s].type,
			       swaparea_pte_kind_name(special[s].kind), swaparea_pte_kind_name(in.kind));
			TAP_EQ_STR(in.type_name, special[s].name, "%s: type %u is named %s", name(a),
				   special[s].type, special[s].name);
		}
		for (uint32_t t = 0; t < 23; t++) {
			struct swaparea_pte_info in;

			decode(a, enc(a, t, 7, 0), &in);
			if ((in.kind != SWAPAREA_PTE_SWAP || !in.type_name || strcmp(in.type_name, "swap") != 0 ||
			     in.type != t) && !bad++)
				printf("# %s: type %u decoded as %s / %s\n", name(a), t,
				       swaparea_pte_kind_name(in.kind), in.type_name ? in.type_name : "(null)");
		}
		TAP_EQ_U64(bad, 0, "%s: types 0..22 are kind swap, named \"swap\"", name(a));
	}
	/* The PTE marker with the POISONED bit (offset 2), as swapoff leaves it: x86_64 by hand. */
	{
		struct swaparea_pte_info in;

		/* (~2 << 14 >> 5) = 0x07fffffffffffa00; | 31<<59 = 0xfffffffffffffa00. */
		TAP_EQ_U64(enc(X86_64, 31, 2, 0), UINT64_C(0xfffffffffffffa00), "x86_64: poisoned PTE marker (31, 2)");
		decode(X86_64, UINT64_C(0xfffffffffffffa00), &in);
		TAP_OK(in.kind == SWAPAREA_PTE_MARKER && in.offset == 2, "x86_64: 0xfffffffffffffa00 is a marker, offset 2");
		/* arm64 migration-write (26) for PFN 0x1234: 26<<6 = 0x680 | 0x1234<<12 = 0x1234000. */
		TAP_EQ_U64(enc(ARM64, 26, 0x1234, EXCL), 0x1234684, "arm64: migration-write pfn 0x1234, exclusive");
		decode(ARM64, 0x1234684, &in);
		TAP_OK(in.kind == SWAPAREA_PTE_MIGRATION && in.type == 26 && in.offset == 0x1234 && in.flags == EXCL,
		       "arm64: 0x1234684 is migration-write pfn 0x1234 exclusive");
	}

	/* 2.4: no special types; MAX_SWAPFILES 32, and a type of 32..63 fits the 6 bits but names nothing. */
	{
		unsigned bad_swap = 0, bad_invalid = 0;

		for (uint32_t t = 0; t <= 63; t++) {
			struct swaparea_pte_info in;
			bool real = t < 32;

			decode(LEGACY, enc(LEGACY, t, 9, 0), &in);
			bool ok = in.type == t && in.kind == SWAPAREA_PTE_SWAP && in.type_name &&
				  strcmp(in.type_name, real ? "swap" : "invalid") == 0;
			if (!ok && !(real ? bad_swap++ : bad_invalid++))
				printf("# i386-legacy: type %u decoded as %s / %s\n", t,
				       swaparea_pte_kind_name(in.kind), in.type_name ? in.type_name : "(null)");
		}
		TAP_EQ_U64(bad_swap, 0, "i386-legacy: types 0..31 (23..31 too) are kind swap, named \"swap\"");
		TAP_EQ_U64(bad_invalid, 0, "i386-legacy: types 32..63 are named \"invalid\", never a special kind");
	}
}

/* ---- names ---------------------------------------------------------------------- */

static void test_names(void)
{
	static const struct {
		enum swaparea_arch arch;
		const char *name;
	} arches[] = {
		{ X86_64, "x86_64" }, { I386, "i386" }, { PAE, "i386-pae" },
		{ ARM64, "arm64" }, { LEGACY, "i386-legacy" },
	};
	static const char *const kinds[] = { "none", "present", "swap", "migration", "device", "hwpoison", "marker" };
	enum swaparea_arch a;
	uint32_t flag;

	for (size_t i = 0; i < ARRAY_SIZE(arches); i++) {
		TAP_EQ_STR(swaparea_arch_name(arches[i].arch), arches[i].name, "arch name %s", arches[i].name);
		a = SWAPAREA_ARCH_COUNT;
		TAP_OK(swaparea_arch_parse(arches[i].name, &a) == 0 && a == arches[i].arch, "arch parse %s",
		       arches[i].name);
	}
	a = X86_64;
	TAP_EQ_INT(swaparea_arch_parse("sparc64", &a), -EINVAL, "arch parse of an unknown name is -EINVAL");
	TAP_EQ_INT(swaparea_arch_parse("", &a), -EINVAL, "arch parse of \"\" is -EINVAL");
	TAP_EQ_INT(swaparea_arch_parse("X86_64", &a), -EINVAL, "arch parse is case-sensitive");
	TAP_EQ_INT(swaparea_arch_parse("i386-pae ", &a), -EINVAL, "arch parse needs the exact name");
	TAP_EQ_U64(a, X86_64, "a failed arch parse leaves the output alone");
	TAP_EQ_STR(swaparea_arch_name(SWAPAREA_ARCH_COUNT), "unknown", "arch name of an unknown arch");

	TAP_EQ_STR(swaparea_pte_flag_name(EXCL), "exclusive", "flag name exclusive");
	TAP_EQ_STR(swaparea_pte_flag_name(SD), "soft-dirty", "flag name soft-dirty");
	TAP_EQ_STR(swaparea_pte_flag_name(UW), "uffd-wp", "flag name uffd-wp");
	TAP_OK(swaparea_pte_flag_name(0) == NULL, "flag name of 0 is NULL");
	TAP_OK(swaparea_pte_flag_name(EXCL | SD) == NULL, "flag name of two flags is NULL");
	TAP_OK(swaparea_pte_flag_name(1u << 3) == NULL, "flag name of bit 3 is NULL");
	flag = 0;
	TAP_OK(swaparea_pte_flag_parse("exclusive", &flag) == 0 && flag == EXCL, "flag parse exclusive");
	TAP_OK(swaparea_pte_flag_parse("soft-dirty", &flag) == 0 && flag == SD, "flag parse soft-dirty");
	TAP_OK(swaparea_pte_flag_parse("uffd-wp", &flag) == 0 && flag == UW, "flag parse uffd-wp");
	TAP_EQ_INT(swaparea_pte_flag_parse("dirty", &flag), -EINVAL, "flag parse of an unknown name is -EINVAL");
	TAP_EQ_INT(swaparea_pte_flag_parse("", &flag), -EINVAL, "flag parse of \"\" is -EINVAL");

	for (size_t k = 0; k < ARRAY_SIZE(kinds); k++)
		TAP_EQ_STR(swaparea_pte_kind_name((enum swaparea_pte_kind)k), kinds[k], "kind name %zu = %s", k,
			   kinds[k]);
	TAP_EQ_STR(swaparea_pte_kind_name((enum swaparea_pte_kind)99), "unknown", "kind name of 99 is \"unknown\"");
}

int main(void)
{
	test_generic();
	test_arch_info();
	test_known();
	test_decoded_entry();
	test_limits();
	test_roundtrip();
	test_flags_cleared_first();
	test_never_none_or_present();
	test_none_collisions();
	test_non_swap();
	test_special();
	test_names();
	return tap_done();
}
