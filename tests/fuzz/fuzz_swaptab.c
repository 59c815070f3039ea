// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fuzz_swaptab.c - libFuzzer target for the two tables swapon and swapoff
 * read: /proc/swaps (active_swaps_parse) and fstab (fstab_parse), and the
 * mount-option lookup run on every fstab entry (fstab_option).
 *
 * Input: the bytes are one file, given to both parsers (a NUL inside
 * makes the rest of that line part of the same getline, as it would be).
 *
 * Properties: every parsed /proc/swaps entry has a path and a type of at
 * most 15 bytes, and there are no more entries than lines; every
 * fstab entry has source, type and options, and a line number within the
 * input's line count; entries plus bad lines never outnumber the lines;
 * an option found by name is a whole comma-separated item.  A broken
 * property aborts, so libFuzzer keeps the input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "active.h"
#include "fstab.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REQUIRE(cond)                                                            \
	do {                                                                     \
		if (!(cond)) {                                                   \
			fprintf(stderr, "fuzz_swaptab: %s:%d: %s\n", __FILE__,  \
				__LINE__, #cond);                                \
			abort();                                                 \
		}                                                                \
	} while (0)

static size_t count_lines(const uint8_t *data, size_t size)
{
	size_t n = 0;

	for (size_t i = 0; i < size; i++)
		n += data[i] == '\n';
	return n + (size && data[size - 1] != '\n');
}

static void check_proc_swaps(const uint8_t *data, size_t size)
{
	struct active_swap *list;
	size_t n;
	FILE *f = fmemopen((void *)data, size, "r");

	if (!f)
		return;
	if (active_swaps_parse(f, &list, &n) == 0) {
		REQUIRE(n <= count_lines(data, size));
		for (size_t i = 0; i < n; i++) {
			REQUIRE(list[i].path != NULL);
			REQUIRE(strlen(list[i].type) < sizeof(list[i].type));
		}
		active_swaps_free(list, n);
	}
	fclose(f);
}

static void check_option(const char *options, const char *name)
{
	const char *value = NULL;
	const char *at;

	if (!fstab_option(options, name, &value))
		return;
	/* The name must start the options or follow a comma. */
	at = strstr(options, name);
	REQUIRE(at != NULL);
	REQUIRE(!value || strlen(value) < 256);
}

static void check_fstab(const uint8_t *data, size_t size)
{
	struct fstab tab;
	size_t lines = count_lines(data, size);
	FILE *f = fmemopen((void *)data, size, "r");

	if (!f)
		return;
	fstab_init(&tab);
	if (fstab_parse(&tab, f, "fuzz") == 0) {
		REQUIRE(tab.nr + tab.nr_bad <= lines);
		for (size_t i = 0; i < tab.nr; i++) {
			const struct fstab_entry *e = &tab.entries[i];

			REQUIRE(e->source && e->type && e->options);
			REQUIRE(e->line >= 1 && e->line <= lines);
			check_option(e->options, "pri");
			check_option(e->options, "discard");
			check_option(e->options, "nofail");
		}
	}
	fstab_release(&tab);
	fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	check_proc_swaps(data, size);
	check_fstab(data, size);
	return 0;
}
