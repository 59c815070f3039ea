// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * entry.c - `swapinspect entry`: swap entries and swap PTEs, both ways.
 *
 * Encoding takes a type, an offset and flags, and prints the generic
 * swp_entry_t and the architecture's swap PTE; decoding takes a PTE and
 * says what it holds.  Both go through libswaparea's entry layer, the same
 * code swapsim's page tables use, so the two always agree.  An encoded PTE
 * is decoded again for printing, so both directions print the same facts.
 */
#include <argp.h>
#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "inspect.h"
#include "json.h"

struct entry_ctl {
	enum swaparea_arch arch;
	uint64_t type, offset, pte;
	bool type_set, offset_set, pte_set;
	uint32_t flags;
	bool json;
};

static const struct argp_option entry_options[] = {
	{ "arch", 'a', "ARCH", 0, "x86_64, i386, i386-pae, arm64 or i386-legacy (default: this machine's)", 0 },
	{ "type", 't', "TYPE", 0, "swap type (the area's index) to encode", 0 },
	{ "offset", 'o', "OFFSET", 0, "slot offset to encode", 0 },
	{ "flag", 'f', "FLAG", 0, "set a PTE flag: exclusive, soft-dirty, uffd-wp (repeatable)", 0 },
	{ "pte", 'p', "VALUE", 0, "decode this PTE value instead", 0 },
	{ "json", 'J', NULL, 0, "use JSON output format", 0 },
	{ "help", 'h', NULL, 0, "display this help", -1 },
	{ NULL, 0, NULL, 0, NULL, 0 },
};

/* A decimal or 0x-hexadecimal number, nothing else. */
static uint64_t parse_number(const char *what, const char *s)
{
	char *end;
	uint64_t v;

	errno = 0;
	if (!s || !isdigit((unsigned char)*s))
		cli_usage_error(EXIT_TROUBLE, "invalid %s: '%s'", what, s ? s : "");
	v = strtoull(s, &end, s[0] == '0' && (s[1] == 'x' || s[1] == 'X') ? 16 : 10);
	if (errno == ERANGE)
		errx(EXIT_TROUBLE, "%s does not fit 64 bits: '%s'", what, s);
	if (*end || end == s)
		cli_usage_error(EXIT_TROUBLE, "invalid %s: '%s'", what, s);
	return v;
}

static error_t entry_parse_opt(int key, char *arg, struct argp_state *state)
{
	struct entry_ctl *ctl = state->input;
	uint32_t flag;

	switch (key) {
	case 'a':
		if (swaparea_arch_parse(arg, &ctl->arch))
			cli_usage_error(EXIT_TROUBLE, "unknown architecture: '%s' (x86_64, i386, "
					"i386-pae, arm64 or i386-legacy)", arg);
		break;
	case 't':
		ctl->type = parse_number("type", arg);
		ctl->type_set = true;
		break;
	case 'o':
		ctl->offset = parse_number("offset", arg);
		ctl->offset_set = true;
		break;
	case 'f':
		if (swaparea_pte_flag_parse(arg, &flag))
			cli_usage_error(EXIT_TROUBLE, "unknown flag: '%s' (exclusive, soft-dirty or uffd-wp)", arg);
		ctl->flags |= flag;
		break;
	case 'p':
		ctl->pte = parse_number("PTE value", arg);
		ctl->pte_set = true;
		break;
	case 'J':
		ctl->json = true;
		break;
	case 'h':
		cli_help(state);
	case ARGP_KEY_ARG:
		cli_usage_error(EXIT_TROUBLE, "unexpected argument: '%s'", arg);
	case ARGP_KEY_END:
		if (ctl->pte_set && (ctl->type_set || ctl->offset_set || ctl->flags))
			cli_usage_error(EXIT_TROUBLE, "--pte cannot be combined with --type, --offset or --flag");
		if (!ctl->pte_set && !(ctl->type_set && ctl->offset_set))
			cli_usage_error(EXIT_TROUBLE, "give --type and --offset to encode, or --pte to decode");
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct argp entry_argp = {
	.options = entry_options,
	.parser = entry_parse_opt,
	.args_doc = "--type T --offset O [--flag F]...\n--pte VALUE",
	.doc = "Encode a swap entry into a swap PTE, or decode a swap PTE.\v"
	       "Numbers are decimal or 0x-prefixed hexadecimal.  Exit status: 0 success, "
	       "2 bad input (a type or offset that does not fit the layout, an unknown "
	       "architecture, a value that is not a number).\n\n"
	       "For more details see swapinspect(8).",
};

static void flags_text(uint32_t flags, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (uint32_t bit = 1; bit && bit <= flags; bit <<= 1)
		if ((flags & bit) && used < len)
			used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? "," : "",
						 swaparea_pte_flag_name(bit));
	if (!used)
		snprintf(buf, len, "(none)");
}

static void print_json(const struct swaparea_arch_info *ai,
		       uint64_t pte, const struct swaparea_pte_info *pi)
{
	bool has_entry = pi->kind != SWAPAREA_PTE_NONE && pi->kind != SWAPAREA_PTE_PRESENT;
	struct json j;

	json_open(&j, stdout);
	json_string(&j, "arch", ai->name);
	if (has_entry) {
		json_u64(&j, "type", pi->type);
		json_u64(&j, "offset", pi->offset);
		json_stringf(&j, "entry", "0x%0*" PRIx64, (int)ai->word_bits / 4, pi->entry.val);
	} else {
		json_null(&j, "type");
		json_null(&j, "offset");
		json_null(&j, "entry");
	}
	json_stringf(&j, "pte", "0x%0*" PRIx64, (int)ai->pte_bits / 4, pte);
	json_array_begin(&j, "flags");
	for (uint32_t bit = 1; bit && bit <= pi->flags; bit <<= 1)
		if (pi->flags & bit)
			json_string(&j, NULL, swaparea_pte_flag_name(bit));
	json_array_end(&j);
	json_string(&j, "kind", swaparea_pte_kind_name(pi->kind));
	json_close(&j);
}

static void print_text(const struct swaparea_arch_info *ai, uint64_t pte,
		       const struct swaparea_pte_info *pi)
{
	bool has_entry = pi->kind != SWAPAREA_PTE_NONE && pi->kind != SWAPAREA_PTE_PRESENT;
	char flags[64];

	printf("arch:    %s\n", ai->name);
	if (has_entry) {
		printf("type:    %" PRIu32 " (%s)\n", pi->type, pi->type_name);
		printf("offset:  %" PRIu64 " (0x%" PRIx64 ")\n", pi->offset, pi->offset);
		printf("entry:   0x%0*" PRIx64 "\n", (int)ai->word_bits / 4, pi->entry.val);
	}
	printf("pte:     0x%0*" PRIx64 "\n", (int)ai->pte_bits / 4, pte);
	flags_text(pi->flags, flags, sizeof(flags));
	printf("flags:   %s\n", flags);
	printf("kind:    %s\n", swaparea_pte_kind_name(pi->kind));
}

int entry_main(int argc, char **argv)
{
	struct entry_ctl ctl = { .arch = host_arch() };
	const struct swaparea_arch_info *ai;
	struct swaparea_pte_info pi;
	uint64_t pte;
	int rc;

	/* Messages and the Try line name the subcommand. */
	program_invocation_short_name = "swapinspect entry";
	cli_parse(&entry_argp, argc, argv, &ctl, EXIT_TROUBLE);
	ai = swaparea_arch_info(ctl.arch);
	if (ctl.pte_set) {
		pte = ctl.pte;
	} else {
		if (ctl.type > ai->max_type)
			errx(EXIT_TROUBLE, "type %" PRIu64 " does not fit the %s swap PTE (largest: %" PRIu32 ")",
					ctl.type, ai->name, ai->max_type);
		if (ctl.offset > ai->max_offset)
			errx(EXIT_TROUBLE, "offset %" PRIu64 " does not fit the %s swap PTE (largest: %" PRIu64 ")",
					ctl.offset, ai->name, ai->max_offset);
		rc = swaparea_pte_encode(ctl.arch, (uint32_t)ctl.type, ctl.offset, ctl.flags, &pte);
		if (rc)
			errx(EXIT_TROUBLE, "cannot encode for %s: %s", ai->name,
			     rc == -EINVAL ? "a flag this layout does not have" : strerror(-rc));
	}
	rc = swaparea_pte_decode(ctl.arch, pte, &pi);
	if (rc)
		errx(EXIT_TROUBLE, "0x%" PRIx64 " is not a PTE of %s: %s", pte, ai->name,
		     rc == -ERANGE ? "it has bits beyond the PTE's width" : strerror(-rc));
	if (ctl.json)
		print_json(ai, pte, &pi);
	else
		print_text(ai, pte, &pi);
	return EXIT_ACCEPTED;
}
