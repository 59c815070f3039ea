// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * swapoff.c - disable swap areas (the swapon program run as "swapoff").
 *
 * util-linux's exit status, documented since 2.36: bits OR-ed over every
 * area (2 out of memory, 4 another swapoff(2) failure, 8 a system error
 * before the call, 16 usage, also when the kernel says EPERM; with -a, 32
 * when every area failed and 64 when some did).  A spec that matches
 * nothing counts as 8 here; util-linux lets it become 255.
 */
#include <argp.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
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
#include "spec.h"
#include "swapon.h"

enum {
	SWAPOFF_EX_OK = 0,
	SWAPOFF_EX_NOMEM = 2,
	SWAPOFF_EX_FAILURE = 4,
	SWAPOFF_EX_SYSERR = 8,
	SWAPOFF_EX_USAGE = 16,
	SWAPOFF_EX_ALLERR = 32,
	SWAPOFF_EX_SOMEOK = 64,
};

struct swapoff_ctl {
	bool all, ifexists;
	int verbose;
	const char *fstab;
	struct spec_lists areas;
};

static const struct argp_option options[] = {
	{ "all", 'a', NULL, 0, "disable all swaps from /proc/swaps", 0 },
	{ "ifexists", 'e', NULL, 0, "silently skip devices that do not exist", 0 },
	{ "verbose", 'v', NULL, 0, "verbose mode", 0 },
	{ NULL, 'L', "LABEL", 0, "synonym for LABEL=<label>", 1 },
	{ NULL, 'U', "UUID", 0, "synonym for UUID=<uuid>", 1 },
	{ "help", 'h', NULL, 0, "display this help", -1 },
	{ "version", 'V', NULL, 0, "display version", -1 },
	{ NULL, 0, NULL, 0, NULL, 0 },
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct swapoff_ctl *ctl = state->input;

	if (spec_lists_parse(&ctl->areas, key, arg))
		return 0;
	switch (key) {
	case 'a':
		ctl->all = true;
		break;
	case 'e':
		ctl->ifexists = true;
		break;
	case 'v':
		ctl->verbose++;
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
	.doc = "Disable devices and files for paging and swapping.\v"
	       "SPEC is a device or file path, LABEL=label, UUID=uuid, PARTLABEL=label or "
	       "PARTUUID=uuid.  Exit status, OR-ed over the areas: 0 success, 2 out of memory, "
	       "4 swapoff(2) failed, 8 system error, 16 usage error or not superuser, "
	       "32 --all: every area failed, 64 --all: some failed.\n\n"
	       "For more details see swapoff(8).",
};

/* Disable @special; @orig is what the user named.  A SWAPOFF_EX_* code. */
static int disable(const char *orig, const char *special, bool quiet)
{
	if (swapoff(special) == 0)
		return SWAPOFF_EX_OK;
	switch (errno) {
	case EPERM:
		errx(SWAPOFF_EX_USAGE, "Not superuser.");
	case ENOMEM:
		warn("%s: swapoff failed", orig);
		warnx("%s: not enough free memory to take its pages back", orig);
		return SWAPOFF_EX_NOMEM;
	case EINVAL:
		if (!quiet) {
			warn("%s: swapoff failed", orig);
			warnx("%s: not an active swap area (see 'swapon --show')", orig);
		}
		return SWAPOFF_EX_FAILURE;
	default:
		if (!quiet)
			warn("%s: swapoff failed", orig);
		return SWAPOFF_EX_FAILURE;
	}
}

/* @orig: what the user named; a tag's messages name the path it found. */
static int disable_resolved(const struct swapoff_ctl *ctl, const char *orig, bool tag,
			    char *special)
{
	struct stat st;
	int rc;

	if (!special) {
		if (ctl->ifexists)
			return SWAPOFF_EX_OK;
		warnx("cannot find the device for %s", orig);
		return SWAPOFF_EX_SYSERR;
	}
	if (ctl->ifexists && stat(special, &st) < 0) {
		free(special);
		return SWAPOFF_EX_OK;
	}
	rc = disable(tag ? special : orig, special, false);
	free(special);
	return rc;
}

static int disable_spec(const struct swapoff_ctl *ctl, const char *spec)
{
	if (ctl->verbose)
		printf("swapoff %s\n", spec);
	return disable_resolved(ctl, spec, false, spec_resolve(spec, ctl->fstab));
}

static int disable_tag(const struct swapoff_ctl *ctl, const char *tag, const char *value)
{
	char *special = spec_resolve_tag(tag, value, ctl->fstab);

	if (ctl->verbose && special)
		printf("swapoff %s\n", special);
	return disable_resolved(ctl, value, true, special);
}

/* Every active area, newest first and quietly; then the fstab's inactive ones. */
static int disable_all(const struct swapoff_ctl *ctl)
{
	struct active_swap *swaps;
	struct fstab tab;
	size_t n, ok = 0, failed = 0;
	int status = 0, rc = active_swaps_read(&swaps, &n);

	if (rc) {
		errno = -rc;
		warn("cannot read %s", proc_swaps_path());
		return SWAPOFF_EX_SYSERR;
	}
	for (size_t i = n; i-- > 0;) {
		if (ctl->verbose)
			printf("swapoff %s\n", swaps[i].path);
		rc = disable(swaps[i].path, swaps[i].path, true);
		status |= rc;
		rc ? failed++ : ok++;
	}
	active_swaps_free(swaps, n);

	/* fstab areas that are not active: util-linux tries them too, and
	 * does not count what happens. */
	fstab_init(&tab);
	if (fstab_read(&tab, ctl->fstab) == 0) {
		for (size_t i = 0; i < tab.nr; i++) {
			char *special;
			struct stat st;

			if (strcmp(tab.entries[i].type, "swap"))
				continue;
			special = spec_resolve(tab.entries[i].source, ctl->fstab);
			if (special && !(stat(special, &st) == 0 && is_active_swap(&st)) &&
			    stat(special, &st) == 0) {
				if (ctl->verbose)
					printf("swapoff %s\n", special);
				(void)disable(special, special, true);
			}
			free(special);
		}
	}
	fstab_release(&tab);
	if (failed)
		status |= ok ? SWAPOFF_EX_SOMEOK : SWAPOFF_EX_ALLERR;
	return status;
}

/* swapoff can need a lot of memory at once: ask not to be the OOM victim. */
static void avoid_oom_killer(void)
{
	int fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		return;
	if (write(fd, "-1000", 5) < 0) {
		/* Not allowed to lower it: carry on as we are. */
	}
	close(fd);
}

int swapoff_main(int argc, char **argv)
{
	struct swapoff_ctl ctl = { 0 };
	int status = 0;

	cli_parse(&argp, argc, argv, &ctl, SWAPOFF_EX_USAGE);
	ctl.fstab = fstab_default_path();
	if (!ctl.all && spec_lists_empty(&ctl.areas))
		cli_usage_error(SWAPOFF_EX_USAGE, "bad usage");
	avoid_oom_killer();

	for (size_t i = 0; i < ctl.areas.nr_labels; i++)
		status |= disable_tag(&ctl, "LABEL", ctl.areas.labels[i]);
	for (size_t i = 0; i < ctl.areas.nr_uuids; i++)
		status |= disable_tag(&ctl, "UUID", ctl.areas.uuids[i]);
	for (size_t i = 0; i < ctl.areas.nr_specs; i++)
		status |= disable_spec(&ctl, ctl.areas.specs[i]);
	if (ctl.all)
		status |= disable_all(&ctl);

	spec_lists_release(&ctl.areas);
	return status;
}
