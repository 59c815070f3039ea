// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * swapon - enable swap areas; swapoff - disable them (the same program,
 * run under either name).
 *
 * A drop-in for util-linux swapon 2.40: the same options, the same
 * messages, output and exit status (0, 1 for a usage error, 255 when any
 * area failed), with three additions: --json for --show, --dry-run, and a
 * line after a failed call that says what to do.  The checks before the
 * call are in checks.c, the listings in show.c, swapoff in swapoff.c.
 *
 * Order of work (main): options -> --show or -s when asked (or when there
 * is nothing to enable) -> -a (the fstab) -> -o (overrides the command
 * line) -> each -L, each -U, each argument.
 */
#include <argp.h>
#include <err.h>
#include <errno.h>
#include <inttypes.h>
#include <libgen.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/swap.h>
#include <unistd.h>

#include "swaparea.h"

#include "active.h"
#include "cli.h"
#include "fstab.h"
#include "size.h"
#include "spec.h"
#include "swapon.h"

#ifndef SWAP_FLAG_DISCARD_ONCE
#define SWAP_FLAG_DISCARD_ONCE 0x20000
#endif
#ifndef SWAP_FLAG_DISCARD_PAGES
#define SWAP_FLAG_DISCARD_PAGES 0x40000
#endif
#define SWAP_FLAGS_DISCARD_VALID (SWAP_FLAG_DISCARD | SWAP_FLAG_DISCARD_ONCE | SWAP_FLAG_DISCARD_PAGES)

/* util-linux returns the OR of -1 per failed area: 255. */
#define EXIT_AREA_FAILED 255

enum {
	OPT_SHOW = 0x100,
	OPT_OUTPUT_ALL,
	OPT_NOHEADINGS,
	OPT_RAW,
	OPT_BYTES,
	OPT_JSON,
	OPT_DRY_RUN,
};

static const struct argp_option options[] = {
	{ "all", 'a', NULL, 0, "enable all swaps from /etc/fstab", 0 },
	{ "discard", 'd', "POLICY", OPTION_ARG_OPTIONAL,
	  "enable swap discards, if supported by device (once or pages)", 0 },
	{ "ifexists", 'e', NULL, 0, "silently skip devices that do not exist", 0 },
	{ "fixpgsz", 'f', NULL, 0, "reinitialize the swap space if necessary", 0 },
	{ "options", 'o', "LIST", 0, "comma-separated list of swap options", 0 },
	{ "priority", 'p', "PRIO", 0, "specify the priority of the swap device", 0 },
	{ "summary", 's', NULL, 0, "display summary about used swap devices (DEPRECATED)", 0 },
	{ "fstab", 'T', "PATH", 0, "alternative file to /etc/fstab", 0 },
	{ "show", OPT_SHOW, "COLUMNS", OPTION_ARG_OPTIONAL, "display summary in definable table", 0 },
	{ "output-all", OPT_OUTPUT_ALL, NULL, 0, "output all available columns", 0 },
	{ "noheadings", OPT_NOHEADINGS, NULL, 0, "don't print table heading (with --show)", 0 },
	{ "raw", OPT_RAW, NULL, 0, "use the raw output format (with --show)", 0 },
	{ "bytes", OPT_BYTES, NULL, 0, "display swap size in bytes in --show output", 0 },
	{ "json", OPT_JSON, NULL, 0, "use JSON output format (with --show)", 0 },
	{ "dry-run", OPT_DRY_RUN, NULL, 0, "make every check and print the call, but do not make it", 0 },
	{ "verbose", 'v', NULL, 0, "verbose mode", 0 },
	{ NULL, 'L', "LABEL", 0, "synonym for LABEL=<label>", 1 },
	{ NULL, 'U', "UUID", 0, "synonym for UUID=<uuid>", 1 },
	{ "help", 'h', NULL, 0, "display this help", -1 },
	{ "version", 'V', NULL, 0, "display version", -1 },
	{ NULL, 0, NULL, 0, NULL, 0 },
};

/*
 * util-linux's mutually exclusive groups: any two different options of one
 * group on the command line is an error that names the whole group.
 */
static const int exclusive[][5] = {
	{ 'a', 'o', 's', OPT_SHOW, 0 },
	{ 'a', 'o', OPT_BYTES, 0 },
	{ 'a', 'o', OPT_NOHEADINGS, 0 },
	{ 'a', 'o', OPT_RAW, 0 },
	{ 'a', 'o', OPT_JSON, 0 },
};

static void check_exclusive(int key)
{
	static int seen[sizeof(exclusive) / sizeof(exclusive[0])];

	for (size_t g = 0; g < sizeof(exclusive) / sizeof(exclusive[0]); g++) {
		bool member = false;

		for (const int *k = exclusive[g]; *k; k++)
			member |= *k == key;
		if (!member)
			continue;
		if (!seen[g]) {
			seen[g] = key;
		} else if (seen[g] != key) {
			fprintf(stderr, "%s: mutually exclusive arguments:", program_invocation_short_name);
			for (const int *k = exclusive[g]; *k; k++)
				for (const struct argp_option *o = options; o->name || o->key; o++)
					if (o->key == *k && o->name) {
						fprintf(stderr, " --%s", o->name);
						break;
					}
			fputc('\n', stderr);
			exit(EXIT_FAILURE);
		}
	}
}

static void push(const char ***list, size_t *nr, const char *value)
{
	const char **p = realloc(*list, (*nr + 1) * sizeof(*p));

	if (!p)
		err(EXIT_FAILURE, "cannot allocate memory");
	p[(*nr)++] = value;
	*list = p;
}

bool spec_lists_parse(struct spec_lists *l, int key, const char *arg)
{
	switch (key) {
	case 'L':
		push(&l->labels, &l->nr_labels, arg);
		return true;
	case 'U':
		push(&l->uuids, &l->nr_uuids, arg);
		return true;
	case ARGP_KEY_ARG:
		push(&l->specs, &l->nr_specs, arg);
		return true;
	default:
		return false;
	}
}

bool spec_lists_empty(const struct spec_lists *l)
{
	return !l->nr_labels && !l->nr_uuids && !l->nr_specs;
}

void spec_lists_release(struct spec_lists *l)
{
	free(l->labels);
	free(l->uuids);
	free(l->specs);
	memset(l, 0, sizeof(*l));
}

/*
 * "once" or "pages": exactly, from -d (util-linux's strcmp), or any prefix
 * of one, from discard= in the fstab or -o (libmount's option matching).
 */
static int discard_policy(const char *policy, bool prefix)
{
	size_t n = policy ? strlen(policy) : 0;

	if (!policy || (prefix && !n))
		return SWAP_FLAG_DISCARD;
	if (prefix ? n && !strncmp(policy, "once", n) : !strcmp(policy, "once"))
		return SWAP_FLAG_DISCARD | SWAP_FLAG_DISCARD_ONCE;
	if (prefix ? n && !strncmp(policy, "pages", n) : !strcmp(policy, "pages"))
		return SWAP_FLAG_DISCARD | SWAP_FLAG_DISCARD_PAGES;
	return -1;
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct swapon_ctl *ctl = state->input;
	int64_t v;
	int rc, d;

	check_exclusive(key);
	if (spec_lists_parse(&ctl->areas, key, arg))
		return 0;
	switch (key) {
	case 'a':
		ctl->all = true;
		break;
	case 'd':
		if (arg && *arg == '=')
			arg++;   /* "--discard==once": getopt leaves one '=' */
		if ((d = discard_policy(arg, false)) < 0)
			errx(EXIT_FAILURE, "unsupported discard policy: %s", arg);
		ctl->discard |= d;
		break;
	case 'e':
		ctl->ifexists = true;
		break;
	case 'f':
		ctl->fixpgsz = true;
		break;
	case 'o':
		ctl->options = arg;
		break;
	case 'p':
		if ((rc = num_parse_s64(arg, INT16_MIN, INT16_MAX, &v)))
			cli_bad_number(EXIT_FAILURE, rc, "failed to parse priority", arg);
		ctl->priority = (long)v;
		break;
	case 's':
		ctl->summary = true;
		break;
	case 'T':
		ctl->fstab = arg;
		break;
	case 'v':
		ctl->verbose++;
		break;
	case OPT_SHOW:
		if (arg && parse_columns(ctl, arg) < 0)
			exit(EXIT_FAILURE);
		ctl->show = true;
		break;
	case OPT_OUTPUT_ALL:
		ctl->ncolumns = 0;
		for (int c = 0; c < COL_COUNT; c++)
			ctl->columns[ctl->ncolumns++] = (enum show_column)c;
		break;
	case OPT_NOHEADINGS:
		ctl->noheadings = true;
		break;
	case OPT_RAW:
		ctl->raw = true;
		break;
	case OPT_BYTES:
		ctl->bytes = true;
		break;
	case OPT_JSON:
		ctl->json = true;
		break;
	case OPT_DRY_RUN:
		ctl->dry_run = true;
		break;
	case 'h':
		cli_help(state);
	case 'V':
		cli_version();
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct argp argp = {
	.options = options,
	.parser = parse_opt,
	.args_doc = "[SPEC...]",
	.doc = "Enable devices and files for paging and swapping.\v"
	       "SPEC is a device or file path, LABEL=label, UUID=uuid, PARTLABEL=label or "
	       "PARTUUID=uuid.  Discard policies: once (only single-time area discards), "
	       "pages (freed pages are discarded before they are reused); both are enabled "
	       "when none is given.  Columns for --show: NAME, TYPE, SIZE, USED, PRIO, UUID, "
	       "LABEL.  Exit status: 0 success, 1 usage error, 255 an area failed.\n\n"
	       "For more details see swapon(8).",
};

/* Flags for swapon(2): priority and discard policy, as util-linux builds them. */
static int swap_flags(long prio, int discard)
{
	int flags = 0;

	if (prio >= 0)
		flags = SWAP_FLAG_PREFER | (int)((prio > SWAP_FLAG_PRIO_MASK ? SWAP_FLAG_PRIO_MASK : prio)
						 & SWAP_FLAG_PRIO_MASK);
	if (discard && !(discard & ~SWAP_FLAGS_DISCARD_VALID)) {
		/* Both policies at once is what plain DISCARD means to the kernel. */
		if ((discard & SWAP_FLAG_DISCARD_ONCE) && (discard & SWAP_FLAG_DISCARD_PAGES))
			flags |= SWAP_FLAG_DISCARD;
		else
			flags |= discard;
	}
	return flags;
}

static void print_dry_run(const char *special, int flags)
{
	printf("swapon(\"%s\", 0x%x)", special, (unsigned)flags);
	if (flags & SWAP_FLAG_PREFER)
		printf(" priority=%d", flags & SWAP_FLAG_PRIO_MASK);
	if (flags & SWAP_FLAG_DISCARD)
		printf(" discard%s", flags & SWAP_FLAG_DISCARD_ONCE ? "=once"
				     : flags & SWAP_FLAG_DISCARD_PAGES ? "=pages" : "");
	printf("\n");
}

/* Enable one area, already resolved to @special; 0 or -1. */
static int enable(const struct swapon_ctl *ctl, const char *special, long prio, int discard)
{
	int flags;

	if (swapon_checks(ctl, special))
		return -1;
	flags = swap_flags(prio, discard);
	if (ctl->verbose)
		printf("swapon %s\n", special);
	if (ctl->dry_run) {
		print_dry_run(special, flags);
		return 0;
	}
	if (swapon(special, flags) < 0) {
		int e = errno;

		warn("%s: swapon failed", special);
		swapon_hint(ctl, special, e);
		return -1;
	}
	return 0;
}

static int cannot_find(const char *spec)
{
	warnx("cannot find the device for %s", spec);
	return -1;
}

static int enable_spec(const struct swapon_ctl *ctl, const char *spec, long prio, int discard)
{
	char *special;
	int rc;

	special = spec_resolve(spec, ctl->fstab);
	if (!special)
		return cannot_find(spec);
	rc = enable(ctl, special, prio, discard);
	free(special);
	return rc;
}

static int enable_tag(const struct swapon_ctl *ctl, const char *tag, const char *value)
{
	char *special = spec_resolve_tag(tag, value, ctl->fstab);
	int rc;

	if (!special)
		return cannot_find(value);
	rc = enable(ctl, special, ctl->priority, ctl->discard);
	free(special);
	return rc;
}

/* pri=, discard[=policy], nofail from fstab or -o; unknown options are ignored. */
static void apply_options(const char *opts, long *prio, int *discard, bool *nofail)
{
	const char *value;
	char *end;
	long v;
	int d;

	if (fstab_option(opts, "nofail", NULL))
		*nofail = true;
	if (fstab_option(opts, "discard", &value)) {
		d = discard_policy(value, true);
		*discard |= d < 0 ? SWAP_FLAG_DISCARD : d;
	}
	if (fstab_option(opts, "pri", &value) && value) {
		errno = 0;
		v = strtol(value, &end, 10);
		if (!errno && end != value && !*end)
			*prio = v;
	}
}

static bool is_active_path(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && is_active_swap(&st);
}

static int enable_all(const struct swapon_ctl *ctl)
{
	struct fstab tab;
	int status = 0, rc;

	fstab_init(&tab);
	if ((rc = fstab_read(&tab, ctl->fstab))) {
		errno = -rc;
		err(EXIT_FAILURE, "failed to parse %s", ctl->fstab);
	}
	for (size_t i = 0; i < tab.nr_bad; i++)
		warnx("%s: parse error at line %u -- ignored", tab.bad[i].file, tab.bad[i].line);
	for (size_t i = 0; i < tab.nr; i++) {
		const struct fstab_entry *e = &tab.entries[i];
		long prio = ctl->priority;
		int discard = ctl->discard;
		bool nofail = ctl->ifexists;
		char *special;

		if (strcmp(e->type, "swap"))
			continue;
		if (fstab_option(e->options, "noauto", NULL)) {
			if (ctl->verbose)
				warnx("%s: noauto option -- ignored", e->source);
			continue;
		}
		apply_options(e->options, &prio, &discard, &nofail);
		special = spec_resolve(e->source, ctl->fstab);
		if (!special) {
			if (!nofail)
				status |= cannot_find(e->source);
			continue;
		}
		if (is_active_path(special)) {
			if (ctl->verbose)
				warnx("%s: already active -- ignored", special);
		} else if (nofail && access(special, R_OK) != 0) {
			if (ctl->verbose)
				warnx("%s: inaccessible -- ignored", special);
		} else {
			status |= enable(ctl, special, prio, discard);
		}
		free(special);
	}
	fstab_release(&tab);
	return status;
}

static int swapon_main(int argc, char **argv)
{
	struct swapon_ctl ctl = { .priority = -1 };
	int status = 0;
	bool nofail;

	cli_parse(&argp, argc, argv, &ctl, EXIT_FAILURE);
	ctl.pagesize = system_pagesize();
	if (!ctl.fstab)
		ctl.fstab = fstab_default_path();

	if (ctl.summary) {
		status = show_summary(&ctl);
		goto out;
	}
	if (ctl.show || (!ctl.all && spec_lists_empty(&ctl.areas))) {
		status = show_table(&ctl);
		goto out;
	}
	if (ctl.ifexists && !ctl.all)
		cli_usage_error(EXIT_FAILURE, "bad usage");

	if (ctl.all)
		status |= enable_all(&ctl);
	if (ctl.options) {
		nofail = ctl.ifexists;
		apply_options(ctl.options, &ctl.priority, &ctl.discard, &nofail);
		ctl.ifexists = nofail;
	}
	for (size_t i = 0; i < ctl.areas.nr_labels; i++)
		status |= enable_tag(&ctl, "LABEL", ctl.areas.labels[i]);
	for (size_t i = 0; i < ctl.areas.nr_uuids; i++)
		status |= enable_tag(&ctl, "UUID", ctl.areas.uuids[i]);
	for (size_t i = 0; i < ctl.areas.nr_specs; i++)
		status |= enable_spec(&ctl, ctl.areas.specs[i], ctl.priority, ctl.discard);
	status = status ? EXIT_AREA_FAILED : EXIT_SUCCESS;
out:
	spec_lists_release(&ctl.areas);
	return status;
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	if (!strcmp(program_invocation_short_name, "swapoff"))
		return swapoff_main(argc, argv);
	return swapon_main(argc, argv);
}
