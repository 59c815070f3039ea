// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * swapinspect - see everything about a swap area, and what the kernel
 * would make of it.
 *
 * Views: the header and the kernel's verdict (default), --extents,
 * --slots, --system, and the `entry` subcommand.  Every view prints text
 * for people or, with --json, one JSON object.  Exit status: 0 when the
 * kernel would accept the area, 1 when it would refuse it, 2 on usage or
 * I/O errors.  Nothing is ever written to the area.
 */
#include <argp.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "inspect.h"
#include "json.h"
#include "size.h"

enum { OPT_PAGESIZE = 'p', OPT_OFFSET = 'o' };

static const struct argp_option options[] = {
	{ "offset", 'o', "BYTES", 0, "the area starts BYTES into the file (a partition in an image)", 0 },
	{ "pagesize", 'p', "SIZE", 0, "judge for a kernel with this page size (default: this machine's)", 0 },
	{ "extents", 'e', NULL, 0, "show the extent map, its problems and the resume offset", 0 },
	{ "slots", 's', NULL, 0, "show what every slot holds: data, zeros, holes, bad pages", 0 },
	{ "system", 'S', NULL, 0, "show the active swap areas of this machine", 0 },
	{ "verbose", 'v', NULL, 0, "list bad pages and slot runs", 0 },
	{ "json", 'J', NULL, 0, "use JSON output format", 0 },
	{ "help", 'h', NULL, 0, "display this help", -1 },
	{ "version", 'V', NULL, 0, "display version", -1 },
	{ NULL, 0, NULL, 0, NULL, 0 },
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct inspect_ctl *ctl = state->input;
	uint64_t v;

	switch (key) {
	case 'o':
		if (size_parse(arg, &v))
			cli_usage_error(EXIT_TROUBLE, "invalid offset: '%s'", arg);
		ctl->offset = v;
		break;
	case 'p':
		if (size_parse(arg, &v) || !swaparea_pagesize_valid(v) ||
		    v > SWAPAREA_PAGESIZE_SEARCH_MAX)
			cli_usage_error(EXIT_TROUBLE, "invalid page size: '%s' (a power of two from "
					"2048 to 262144)", arg);
		ctl->kernel_pagesize = (uint32_t)v;
		ctl->pagesize_set = true;
		break;
	case 'e':
		ctl->extents = true;
		break;
	case 's':
		ctl->slots = true;
		break;
	case 'S':
		ctl->system = true;
		break;
	case 'v':
		ctl->verbose = true;
		break;
	case 'J':
		ctl->json = true;
		break;
	case 'h':
		cli_help(state);
	case 'V':
		cli_version();
	case ARGP_KEY_ARG:
		if (ctl->path)
			cli_usage_error(EXIT_TROUBLE, "only one area at a time: '%s'", arg);
		ctl->path = arg;
		break;
	case ARGP_KEY_END:
		if (ctl->system && (ctl->path || ctl->extents || ctl->slots || ctl->offset ||
				    ctl->pagesize_set))
			cli_usage_error(EXIT_TROUBLE, "--system takes no area and no other view");
		if (!ctl->system && !ctl->path)
			cli_usage_error(EXIT_TROUBLE, "no area given");
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct argp argp = {
	.options = options,
	.parser = parse_opt,
	.args_doc = "AREA\n--system\nentry [OPTION...]",
	.doc = "Inspect a swap area: its header, what the kernel would make of it, "
	       "its extents and its slots.\v"
	       "AREA is a swap file, a device or an image; it is opened read-only.  "
	       "Exit status: 0 the kernel would accept the area, 1 it would refuse it, "
	       "2 usage or I/O error.  See 'swapinspect entry --help' for swap entries.\n\n"
	       "For more details see swapinspect(8).",
};

static int inspect_area(const struct inspect_ctl *ctl)
{
	struct json json, *j = ctl->json ? &json : NULL;
	bool header = !ctl->extents && !ctl->slots;
	struct area a;
	int rc = area_inspect(ctl, &a);

	if (rc)
		goto out;
	if (j) {
		json_open(j, stdout);
		view_summary_json(&a, j);
	}
	if (header)
		rc = view_header(ctl, &a, j);
	if (!rc && ctl->extents)
		rc = view_extents(ctl, &a, j);
	if (!rc && ctl->slots) {
		if (ctl->extents && !j)
			putchar('\n');
		rc = view_slots(ctl, &a, j);
	}
	if (j)
		json_close(j);
	if (!rc)
		rc = a.accepted ? EXIT_ACCEPTED : EXIT_REFUSED;
out:
	area_release(&a);
	return rc;
}

int main(int argc, char **argv)
{
	struct inspect_ctl ctl = { .kernel_pagesize = (uint32_t)sysconf(_SC_PAGESIZE) };

	/* Messages follow the locale; numbers in --json never do (json.c). */
	setlocale(LC_ALL, "");
	if (argc > 1 && !strcmp(argv[1], "entry")) {
		argv[1] = "swapinspect entry";   /* argp names the command after argv[0] */
		return entry_main(argc - 1, argv + 1);
	}
	cli_parse(&argp, argc, argv, &ctl, EXIT_TROUBLE);
	if (ctl.system)
		return view_system(&ctl);
	return inspect_area(&ctl);
}
