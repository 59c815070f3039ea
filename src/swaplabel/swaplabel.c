// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * swaplabel - print or change the label and UUID of a swap area.
 *
 * A drop-in for util-linux swaplabel (2.38.1): the same options, the same
 * two lines on stdout, the same messages and exit codes (0, or 1 for any
 * error), the same 16 bytes changed on disk.
 *
 * Who decides what: libblkid, asked to look for a swap signature only, as
 * util-linux asks it, decides whether the target is a swap area at all and
 * words every refusal (no such file, a directory, too small, a hibernation
 * image, version 2, ...).  libswaparea then reads the header at the page
 * size where libblkid found the magic, insists on version 1, and does all
 * the header bytes: the fields printed and the two 16-byte writes.
 *
 * Order of work (main): options -> probe (libblkid) -> read the header
 * (libswaparea) -> either print LABEL and UUID, or open for writing ->
 * UUID (a bad one is only a warning, as in util-linux) -> label (cut to 15
 * bytes with a warning) -> fsync and close.  Nothing is written before the
 * probe has accepted the target.
 */
#include <argp.h>
#include <blkid.h>
#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "swaparea.h"

#include "cli.h"

struct swaplabel_ctl {
	const char *devname;
	const char *label;        /* -L, NULL when not given */
	const char *uuid_text;    /* -U, NULL when not given */

	blkid_probe pr;           /* owns the read-only fd the header is read from */
	struct swaparea_hdr hdr;
};

static const struct argp_option options[] = {
	{ "label", 'L', "LABEL", 0, "specify a new label", 0 },
	{ "uuid", 'U', "UUID", 0, "specify a new uuid", 0 },
	{ "help", 'h', NULL, 0, "display this help", -1 },
	{ "version", 'V', NULL, 0, "display version", -1 },
	{ NULL, 0, NULL, 0, NULL, 0 },
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct swaplabel_ctl *ctl = state->input;

	switch (key) {
	case 'L':
		ctl->label = arg;
		break;
	case 'U':
		ctl->uuid_text = arg;
		break;
	case 'h':
		cli_help(state);
	case 'V':
		cli_version();
	case ARGP_KEY_ARG:
		/* util-linux uses the first device and ignores the rest */
		if (!ctl->devname)
			ctl->devname = arg;
		break;
	case ARGP_KEY_END:
		if (!ctl->devname)
			cli_usage_error(EXIT_FAILURE, "no device specified");
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct argp argp = {
	.options = options,
	.parser = parse_opt,
	.args_doc = "device",
	.doc = "Display or change the label or UUID of a swap area.\v"
	       "For more details see swaplabel(8).",
};

/*
 * Ask libblkid, looking for "swap" only, whether @ctl->devname holds a v1
 * swap area, as util-linux does; say why not and exit 1 if it does not.
 * Other signatures on the same bytes (a file system) are not looked for.
 */
static void probe_swap(struct swaplabel_ctl *ctl)
{
	char *only_swap[] = { "swap", NULL };
	const char *version = NULL;
	int rc;

	ctl->pr = blkid_new_probe_from_filename(ctl->devname);
	if (!ctl->pr)
		err(EXIT_FAILURE, "%s: unable to probe device", ctl->devname);
	blkid_probe_enable_superblocks(ctl->pr, 1);
	blkid_probe_set_superblocks_flags(ctl->pr, BLKID_SUBLKS_VERSION | BLKID_SUBLKS_MAGIC);
	blkid_probe_filter_superblocks_type(ctl->pr, BLKID_FLTR_ONLYIN, only_swap);

	rc = blkid_do_safeprobe(ctl->pr);
	if (rc == -1)
		err(EXIT_FAILURE, "%s: unable to probe device", ctl->devname);
	if (rc == -2)  /* not seen with one type looked for; util-linux has it too */
		errx(EXIT_FAILURE, "%s: ambiguous probing result; use wipefs(8)", ctl->devname);
	if (rc == 1)
		errx(EXIT_FAILURE, "%s: not a valid swap partition", ctl->devname);
	/* libblkid says "0" for a SWAP-SPACE area, "1" for SWAPSPACE2 */
	if (blkid_probe_lookup_value(ctl->pr, "VERSION", &version, NULL) == 0 && version &&
	    strcmp(version, "1") != 0)
		errx(EXIT_FAILURE, "%s: unsupported swap version '%s'", ctl->devname, version);
}

/* The page size libblkid found the magic for (its offset + 10), or 0. */
static uint32_t probed_pagesize(const struct swaplabel_ctl *ctl)
{
	const char *offset = NULL;
	unsigned long v;
	char *end;

	if (blkid_probe_lookup_value(ctl->pr, "SBMAGIC_OFFSET", &offset, NULL) != 0 || !offset)
		return 0;
	errno = 0;
	v = strtoul(offset, &end, 10);
	if (errno || *end || v > SWAPAREA_PAGESIZE_SEARCH_MAX)
		return 0;
	return (uint32_t)v + SWAPAREA_MAGIC_LEN;
}

/*
 * Read the header through libswaparea, from the fd libblkid opened.  A v1
 * header whose bad-page count is damaged (-EUCLEAN) still has its label and
 * UUID, which is all swaplabel needs; libblkid accepts such an area too.
 */
static void read_header(struct swaplabel_ctl *ctl)
{
	int rc;

	swaparea_hdr_init(&ctl->hdr);
	rc = swaparea_hdr_read(blkid_probe_get_fd(ctl->pr), 0, probed_pagesize(ctl), &ctl->hdr, NULL);
	switch (rc) {
	case 0:
	case -EUCLEAN:
		if (ctl->hdr.version == 1)
			return;
		/* fall through */
	case -ENOENT:   /* no swap signature at that page size */
	case -EPROTO:   /* a version other than 1 */
	case -ENODATA:  /* shorter than a page */
	case -EINVAL:   /* not a page size */
		errx(EXIT_FAILURE, "%s: not a valid swap partition", ctl->devname);
	default:        /* the read failed */
		errno = -rc;
		err(EXIT_FAILURE, "%s: unable to probe device", ctl->devname);
	}
}

/*
 * What libblkid reports, which is what util-linux prints: nothing when
 * padding words 32 or 33 are not zero (garbage, not a label); the label
 * without trailing white space, and only when something is left; the UUID
 * unless it is all zeros.
 */
static void print_info(struct swaplabel_ctl *ctl)
{
	char uuid[SWAPAREA_UUID_STR_LEN];
	char *label = ctl->hdr.label;
	size_t n = strlen(label);

	if (ctl->hdr.padding_dirty)
		return;
	while (n && isspace((unsigned char)label[n - 1]))
		label[--n] = '\0';
	if (n)
		printf("LABEL: %s\n", label);
	if (!swaparea_uuid_is_null(ctl->hdr.uuid)) {
		swaparea_uuid_unparse(ctl->hdr.uuid, uuid);
		printf("UUID:  %s\n", uuid);
	}
}

/*
 * swaplabel takes a UUID's text only: none of mkswap's words ("clear",
 * "random", "time"), which swaparea_uuid_parse() also knows.  The text form
 * is always 36 characters, the words never are.
 */
static int parse_uuid_text(const char *text, uint8_t uuid[SWAPAREA_UUID_LEN])
{
	if (strlen(text) != SWAPAREA_UUID_STR_LEN - 1)
		return -EINVAL;
	return swaparea_uuid_parse(text, uuid);
}

/* Write the UUID, then the label, in place; 0, or -1 after saying why. */
static int change_info(struct swaplabel_ctl *ctl)
{
	uint8_t uuid[SWAPAREA_UUID_LEN];
	bool truncated = false;
	int fd, rc = -1, wrc;

	fd = open(ctl->devname, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		warn("cannot open %s", ctl->devname);
		return -1;
	}
	if (ctl->uuid_text) {
		if (parse_uuid_text(ctl->uuid_text, uuid) != 0) {
			/* util-linux goes on, and exits 0 */
			warnx("failed to parse UUID: %s", ctl->uuid_text);
		} else if ((wrc = swaparea_hdr_write_uuid(fd, 0, uuid)) < 0) {
			errno = -wrc;
			warn("%s: failed to write UUID", ctl->devname);
			goto out;
		}
	}
	if (ctl->label) {
		wrc = swaparea_hdr_write_label(fd, 0, ctl->label, &truncated);
		if (truncated)
			warnx("label is too long. Truncating it to '%.*s'", (int)SWAPAREA_LABEL_MAX,
			      ctl->label);
		if (wrc < 0) {
			errno = -wrc;
			warn("%s: failed to write label", ctl->devname);
			goto out;
		}
	}
	if (fsync(fd) != 0)
		warn("write failed: %s", ctl->devname);
	else
		rc = 0;
out:
	/* util-linux's close_fd(): fsync and close, one message for either */
	if (close(fd) != 0 && rc == 0) {
		warn("write failed: %s", ctl->devname);
		rc = -1;
	}
	return rc;
}

int main(int argc, char **argv)
{
	struct swaplabel_ctl ctl = { 0 };
	int rc = 0;

	setlocale(LC_ALL, "");
	cli_parse(&argp, argc, argv, &ctl, EXIT_FAILURE);

	probe_swap(&ctl);
	read_header(&ctl);
	if (ctl.label || ctl.uuid_text)
		rc = change_info(&ctl);
	else
		print_info(&ctl);

	swaparea_hdr_release(&ctl.hdr);
	blkid_free_probe(ctl.pr);
	return rc ? EXIT_FAILURE : EXIT_SUCCESS;
}
