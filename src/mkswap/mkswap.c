// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mkswap - set up a Linux swap area on a device or in a file.
 *
 * A drop-in for util-linux mkswap (2.40+): the same options, the same two
 * lines on stdout, the same messages and exit codes (0, or 1 for any
 * error), the same header page on disk.  Everything about the header's
 * bytes is libswaparea's; this file parses the command line, checks the
 * target in util-linux's order, and talks to the user.
 *
 * Order of work (main): options -> UUID -> page size -> device argument ->
 * [--file: create and size it] -> size in pages -> in-use checks -> open
 * for writing -> lock -> permission warnings -> bad-block check -> extent
 * check -> wipe old signatures -> write the header -> fsync.  Every check
 * that can refuse comes before the first byte is written, so a refused
 * target is left exactly as it was.
 */
#include <argp.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/fs.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "swaparea.h"

#include "active.h"
#include "cli.h"
#include "perm.h"
#include "progress.h"
#include "size.h"

enum lock_mode { LOCK_MODE_NO, LOCK_MODE_YES, LOCK_MODE_NONBLOCK };

struct mkswap_ctl {
	const char *devname;
	const char *block_count;   /* the optional [blocks] argument, KiB */
	const char *label;
	const char *uuid_text;
	uint32_t pagesize;         /* what we write with */
	uint32_t user_pagesize;    /* -p, 0 if not given */
	int64_t version;
	enum swaparea_endian endian;
	uint64_t offset;           /* -o: the area starts here */
	uint64_t file_size;        /* -s with -F */
	bool file_size_set;
	bool create_file;          /* -F */
	bool check;                /* -c */
	bool force;                /* -f */
	bool quiet;                /* -q */
	bool verbose;              /* --verbose */
	enum lock_mode lock;

	int fd;
	struct stat st;
	uint64_t npages;           /* pages in the area, header included */
	uint64_t devsize;          /* bytes of the file or device */
	unsigned bad_extents;
	struct swaparea_hdr hdr;
};

/* Long-only options. */
enum { OPT_VERBOSE = 0x100, OPT_LOCK };

static const struct argp_option options[] = {
	/* First, so that getopt names --version before --verbose, as util-linux does. */
	{ "help", 'h', NULL, 0, "display this help", -1 },
	{ "version", 'V', NULL, 0, "display version", -1 },
	{ "check", 'c', NULL, 0, "check bad blocks before creating the swap area", 0 },
	{ "force", 'f', NULL, 0, "allow swap size area be larger than device", 0 },
	{ "quiet", 'q', NULL, 0, "suppress output and warning messages", 0 },
	{ "pagesize", 'p', "SIZE", 0, "specify page size in bytes", 0 },
	{ "label", 'L', "LABEL", 0, "specify label", 0 },
	{ "swapversion", 'v', "NUM", 0, "specify swap-space version number", 0 },
	{ "uuid", 'U', "UUID", 0, "specify the uuid to use", 0 },
	{ "endianness", 'e', "ENDIAN", 0, "specify the endianness to use (native, little or big)", 0 },
	{ "offset", 'o', "OFFSET", 0, "specify the offset in the device", 0 },
	{ "size", 's', "SIZE", 0, "specify the size of a swap file in bytes", 0 },
	{ "file", 'F', NULL, 0, "create a swap file", 0 },
	{ "verbose", OPT_VERBOSE, NULL, 0, "verbose output", 0 },
	{ "lock", OPT_LOCK, "MODE", OPTION_ARG_OPTIONAL,
	  "use exclusive device lock (yes, no or nonblock)", 0 },
	{ NULL, 0, NULL, 0, NULL, 0 },
};

static int parse_lock_mode(const char *s, enum lock_mode *mode)
{
	if (s && *s == '=')
		s++;  /* getopt leaves one '=' of "--lock==yes"; util-linux skips it */
	if (!s || !strcmp(s, "yes") || !strcmp(s, "1"))
		*mode = LOCK_MODE_YES;
	else if (!strcmp(s, "no") || !strcmp(s, "0"))
		*mode = LOCK_MODE_NO;
	else if (!strcmp(s, "nonblock"))
		*mode = LOCK_MODE_NONBLOCK;
	else
		return -EINVAL;
	return 0;
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct mkswap_ctl *ctl = state->input;
	uint64_t v;
	int rc;

	switch (key) {
	case 'c':
		ctl->check = true;
		break;
	case 'f':
		ctl->force = true;
		break;
	case 'q':
		ctl->quiet = true;
		break;
	case 'p':
		if ((rc = num_parse_u64(arg, UINT32_MAX, &v)) != 0)
			cli_bad_number(EXIT_FAILURE, rc, "parsing page size failed", arg);
		ctl->user_pagesize = (uint32_t)v;
		break;
	case 'L':
		ctl->label = arg;
		break;
	case 'v':
		if ((rc = num_parse_s64(arg, INT32_MIN, INT32_MAX, &ctl->version)) != 0)
			cli_bad_number(EXIT_FAILURE, rc, "parsing version number failed", arg);
		break;
	case 'U':
		ctl->uuid_text = arg;
		break;
	case 'e':
		if (swaparea_endian_parse(arg, &ctl->endian))
			errx(EXIT_FAILURE, "invalid endianness %s is not supported", arg);
		break;
	case 'o':
		if ((rc = num_parse_u64(arg, UINT64_MAX, &ctl->offset)) != 0)
			cli_bad_number(EXIT_FAILURE, rc, "invalid offset", arg);
		break;
	case 's':
		if (size_parse(arg, &ctl->file_size))
			errx(EXIT_FAILURE, "invalid size: '%s'", arg);
		ctl->file_size_set = true;
		break;
	case 'F':
		ctl->create_file = true;
		break;
	case OPT_VERBOSE:
		ctl->verbose = true;
		break;
	case OPT_LOCK:
		if (parse_lock_mode(arg, &ctl->lock))
			errx(EXIT_FAILURE, "unsupported lock mode: %s", arg);
		break;
	case 'h':
		cli_help(state);
	case 'V':
		cli_version();
	case ARGP_KEY_ARG:
		if (!ctl->devname)
			ctl->devname = arg;
		else if (!ctl->block_count)
			ctl->block_count = arg;
		else
			cli_usage_error(EXIT_FAILURE, "only one device argument is currently supported");
		break;
	case ARGP_KEY_END:
		if (ctl->check && ctl->quiet)
			errx(EXIT_FAILURE, "mutually exclusive arguments: --check --quiet");
		if (!ctl->devname)
			cli_usage_error(EXIT_FAILURE, "error: Nowhere to set up swap on?");
		if (ctl->file_size_set && !ctl->create_file)
			cli_usage_error(EXIT_FAILURE, "option --size requires --file");
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct argp argp = {
	.options = options,
	.parser = parse_opt,
	.args_doc = "device [size]\n--file --size SIZE file",
	.doc = "Set up a Linux swap area.\v"
	       "The optional size argument is in 1 KiB blocks. "
	       "SIZE may have a suffix: K, M, G, T (powers of 1024), or KB, MB, GB (powers of 1000).\n\n"
	       "For more details see mkswap(8).",
};

/* ---- preparing the target --------------------------------------------- */

/* Try to stop a copy-on-write file system from sharing the file's blocks. */
static void set_nocow(struct mkswap_ctl *ctl, int fd)
{
	int attr = 0;

	if (ioctl(fd, FS_IOC_GETFLAGS, &attr) < 0)
		goto fail;
	if (attr & FS_NOCOW_FL)
		return;
	attr |= FS_NOCOW_FL;
	if (ioctl(fd, FS_IOC_SETFLAGS, &attr) == 0)
		return;
fail:
	/* File systems without the flag have nothing to share: say nothing. */
	if (errno != EOPNOTSUPP && errno != ENOTTY && errno != ENOSYS && errno != EINVAL &&
	    !ctl->quiet)
		warn("failed to set 'nocow' attribute");
}

/* Allocate the whole file without holes: fallocate, else write zeros. */
static int allocate_file(int fd, uint64_t size)
{
	static const uint8_t zeros[1 << 16];
	int rc = posix_fallocate(fd, 0, (off_t)size);

	if (rc == 0)
		return 0;
	if (rc != EOPNOTSUPP && rc != EINVAL)
		return -rc;
	for (uint64_t at = 0; at < size;) {
		size_t n = size - at < sizeof(zeros) ? (size_t)(size - at) : sizeof(zeros);
		ssize_t w = pwrite(fd, zeros, n, (off_t)at);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return w < 0 ? -errno : -EIO;
		at += (uint64_t)w;
	}
	return 0;
}

/* The smallest area mkswap makes, in bytes, and its refusal. */
static void require_min_area(const struct mkswap_ctl *ctl, uint64_t pages)
{
	if (pages < SWAPAREA_MIN_GOOD_PAGES)
		errx(EXIT_FAILURE, "error: swap area needs to be at least %" PRIu64 " KiB",
		     (uint64_t)SWAPAREA_MIN_GOOD_PAGES * (ctl->pagesize / 1024));
}

/* -F: create the swap file (mode 0600) and, with -s, give it its size. */
static void create_swap_file(struct mkswap_ctl *ctl)
{
	struct stat st;
	int fd, rc;

	/* Refuse a size that cannot hold an area before an existing file is cut. */
	if (ctl->file_size_set) {
		if (ctl->offset > ctl->file_size)
			errx(EXIT_FAILURE, "offset larger than file size");
		require_min_area(ctl, (ctl->file_size - ctl->offset) / ctl->pagesize);
	}
	fd = open(ctl->devname, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

	if (fd < 0)
		err(EXIT_FAILURE, "cannot open %s", ctl->devname);
	if (fstat(fd, &st) < 0)
		err(EXIT_FAILURE, "stat of %s failed", ctl->devname);
	if (!S_ISREG(st.st_mode))
		errx(EXIT_FAILURE, "cannot create swap file %s: node isn't regular file",
		     ctl->devname);
	if ((st.st_mode & 07777) != 0600 && fchmod(fd, 0600) < 0)
		err(EXIT_FAILURE, "cannot set permissions on swap file %s", ctl->devname);
	if (ctl->file_size_set) {
		/* NOCOW only sticks while the file is empty. */
		if (ftruncate(fd, 0) < 0)
			err(EXIT_FAILURE, "couldn't allocate swap file %s", ctl->devname);
		set_nocow(ctl, fd);
		if (ftruncate(fd, (off_t)ctl->file_size) < 0)
			err(EXIT_FAILURE, "couldn't allocate swap file %s", ctl->devname);
		rc = allocate_file(fd, ctl->file_size);
		if (rc < 0) {
			errno = -rc;
			err(EXIT_FAILURE, "couldn't allocate swap file %s", ctl->devname);
		}
	}
	close(fd);
}

static uint64_t device_bytes(struct mkswap_ctl *ctl, int fd, const struct stat *st)
{
	uint64_t bytes;

	if (S_ISREG(st->st_mode))
		return (uint64_t)st->st_size;
	if (S_ISBLK(st->st_mode) && ioctl(fd, BLKGETSIZE64, &bytes) == 0)
		return bytes;
	errx(EXIT_FAILURE, "cannot determine size of %s", ctl->devname);
}

/* Size of the area in pages, from the device or the [blocks] argument. */
static void compute_size(struct mkswap_ctl *ctl)
{
	uint64_t blocks = 0, sz_pages, kib_per_page = ctl->pagesize / 1024;
	struct stat st;
	int fd;

	int rc;

	if (ctl->block_count && (rc = num_parse_u64(ctl->block_count, UINT64_MAX, &blocks)) != 0)
		cli_bad_number(EXIT_FAILURE, rc, "invalid block count argument", ctl->block_count);

	fd = open(ctl->devname, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		err(EXIT_FAILURE, "cannot open %s", ctl->devname);
	if (fstat(fd, &st) < 0)
		err(EXIT_FAILURE, "stat of %s failed", ctl->devname);
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		err(EXIT_FAILURE, "cannot open %s", ctl->devname);
	}
	ctl->devsize = device_bytes(ctl, fd, &st);
	close(fd);

	if (ctl->offset > ctl->devsize)
		errx(EXIT_FAILURE, "offset larger than file size");
	sz_pages = (ctl->devsize - ctl->offset) / ctl->pagesize;

	/* Blocks are KiB; a page size under 1 KiB cannot happen (>= 2048). */
	ctl->npages = blocks / kib_per_page;
	if (!ctl->npages)
		ctl->npages = sz_pages;
	else if (ctl->npages > sz_pages && !ctl->force)
		errx(EXIT_FAILURE, "error: size %" PRIu64 " KiB is larger than device size %" PRIu64 " KiB",
		     ctl->npages * kib_per_page, sz_pages * kib_per_page);

	require_min_area(ctl, ctl->npages);
	if (ctl->npages > SWAPAREA_MAX_PAGES) {
		ctl->npages = SWAPAREA_MAX_PAGES;
		if (!ctl->quiet)
			warnx("warning: truncating swap area to %" PRIu64 " KiB",
			      ctl->npages * kib_per_page);
	}
}

static void open_target(struct mkswap_ctl *ctl)
{
	struct stat st;

	if (stat(ctl->devname, &st) < 0)
		err(EXIT_FAILURE, "stat of %s failed", ctl->devname);
	if (is_mounted(&st) || is_active_swap(&st))
		errx(EXIT_FAILURE, "error: %s is mounted; will not make swapspace", ctl->devname);

	ctl->fd = open(ctl->devname, O_RDWR | O_CLOEXEC | (S_ISBLK(st.st_mode) ? O_EXCL : 0));
	if (ctl->fd < 0)
		err(EXIT_FAILURE, "cannot open %s", ctl->devname);
	if (fstat(ctl->fd, &ctl->st) < 0)
		err(EXIT_FAILURE, "stat of %s failed", ctl->devname);
}

/* --lock: the BSD lock udev and systemd honour on block devices. */
static void lock_target(struct mkswap_ctl *ctl)
{
	const char *env = getenv("LOCK_BLOCK_DEVICE");

	if (ctl->lock == LOCK_MODE_NO && env && parse_lock_mode(env, &ctl->lock))
		errx(EXIT_FAILURE, "unsupported lock mode: %s", env);
	if (ctl->lock == LOCK_MODE_NO)
		return;
	if (flock(ctl->fd, LOCK_EX | LOCK_NB) == 0)
		return;
	if (errno != EWOULDBLOCK)
		err(EXIT_FAILURE, "%s: failed to get lock", ctl->devname);
	if (ctl->lock == LOCK_MODE_NONBLOCK)
		errx(EXIT_FAILURE, "%s: device already locked", ctl->devname);
	if (!ctl->quiet)
		fprintf(stderr, "%s: %s: device already locked, waiting to get lock ... ",
			program_invocation_short_name, ctl->devname);
	if (flock(ctl->fd, LOCK_EX) < 0)
		err(EXIT_FAILURE, "%s: failed to get lock", ctl->devname);
	if (!ctl->quiet)
		fprintf(stderr, "OK\n");
}

static void warn_permissions(struct mkswap_ctl *ctl)
{
	mode_t want;

	if (ctl->quiet)
		return;
	if (swap_mode_insecure(&ctl->st, &want))
		warnx("%s: insecure permissions %04o, fix with: chmod %04o %s", ctl->devname,
		      (unsigned)(ctl->st.st_mode & 07777), (unsigned)want, ctl->devname);
	if (getuid() == 0 && swap_owner_insecure(&ctl->st))
		warnx("%s: insecure file owner %u, fix with: chown 0:0 %s", ctl->devname,
		      (unsigned)ctl->st.st_uid, ctl->devname);
}

static void draw_progress(uint64_t done, void *data)
{
	progress_update(data, done);
}

/* -c: read every page of a block device and list the unreadable ones. */
static void check_blocks(struct mkswap_ctl *ctl)
{
	struct progress bar;
	struct swaparea_bad_scan scan = {
		.fd = ctl->fd,
		.offset = ctl->offset,
		.progress = draw_progress,
		.progress_data = &bar,
	};
	int rc;

	if (!S_ISBLK(ctl->st.st_mode)) {
		if (!ctl->quiet)
			warnx("warning: checking bad blocks from swap file is not supported: %s",
			      ctl->devname);
		return;
	}
	progress_init(&bar, "checking", ctl->npages);
	rc = swaparea_bad_scan(&ctl->hdr, &scan);
	progress_finish(&bar);
	if (rc == -ENOSPC)
		errx(EXIT_FAILURE, "too many bad pages: %" PRIu32, ctl->hdr.nr_badpages + 1);
	if (rc == -EIO)
		errx(EXIT_FAILURE, "Unable to set up swap-space: unreadable");
	if (rc < 0) {
		errno = -rc;
		err(EXIT_FAILURE, "%s: bad block check failed", ctl->devname);
	}
	if (rc == 1)
		printf("one bad page\n");
	else if (rc > 1)
		printf("%d bad pages\n", rc);
}

static void print_extents_header(struct mkswap_ctl *ctl)
{
	if (ctl->bad_extents++)
		return;
	fprintf(stderr, "\n%s: %s contains holes or other unsupported extents.\n"
			"        This swap file can be rejected by kernel on swap activation!\n",
		program_invocation_short_name, ctl->devname);
	if (ctl->verbose)
		fputc('\n', stderr);
	else
		fprintf(stderr, "        Use --verbose for more details.\n");
}

static int report_extent(enum swaparea_ext_problem p, uint64_t offset, void *data)
{
	static const char *const what[] = {
		[SWAPAREA_EXT_HOLE] = "hole detected",
		[SWAPAREA_EXT_INLINE] = "data inline extent",
		[SWAPAREA_EXT_SHARED] = "shared extent",
		[SWAPAREA_EXT_DELALLOC] = "unallocated extent",
	};
	struct mkswap_ctl *ctl = data;

	print_extents_header(ctl);
	if (ctl->verbose)
		fprintf(stderr, " - %s at offset %" PRIu64 "\n", what[p], offset);
	return 0;
}

/* Warn about holes and shared extents the kernel would refuse (files only). */
static void check_extents(struct mkswap_ctl *ctl)
{
	if (!S_ISREG(ctl->st.st_mode) || ctl->quiet)
		return;
	if (swaparea_ext_problems(ctl->fd, ctl->devsize, report_extent, ctl) > 0)
		fputc('\n', stderr);
}

static int report_wipe(const char *type, uint64_t offset, void *data)
{
	struct mkswap_ctl *ctl = data;

	(void)offset;
	if (!ctl->quiet)
		warnx("%s: warning: wiping old %s signature.", ctl->devname, type);
	return 0;
}

/*
 * Clear what was there before: the first 1024 bytes and every signature
 * blkid knows, unless a partition table says these bytes are a disk's
 * boot sectors (then keep them, unless -f).
 */
static void wipe_old(struct mkswap_ctl *ctl)
{
	char pttype[64] = "";
	int rc;

	if (!ctl->force && swaparea_probe_pttype(ctl->fd, pttype, sizeof(pttype)) > 0) {
		if (!ctl->quiet) {
			warnx("%s: warning: don't erase bootbits sectors", ctl->devname);
			fprintf(stderr, "        (%s partition table detected). Use -f to force.\n",
				pttype);
		}
		return;
	}
	rc = swaparea_hdr_zero_bootbits(ctl->fd, ctl->offset);
	if (rc < 0) {
		errno = -rc;
		err(EXIT_FAILURE, "%s: unable to erase bootbits sectors", ctl->devname);
	}
	rc = swaparea_probe_wipe(ctl->fd, report_wipe, ctl);
	if (rc < 0) {
		errno = -rc;
		err(EXIT_FAILURE, "%s: unable to erase old signatures", ctl->devname);
	}
}

static void write_header(struct mkswap_ctl *ctl)
{
	char human[32], uuid[SWAPAREA_UUID_STR_LEN];
	uint64_t good;
	int rc;

	if (ctl->hdr.nr_badpages > ctl->npages - SWAPAREA_MIN_GOOD_PAGES)
		errx(EXIT_FAILURE, "Unable to set up swap-space: unreadable");

	good = swaparea_hdr_usable_pages(&ctl->hdr);
	if (!ctl->quiet) {
		swaparea_uuid_unparse(ctl->hdr.uuid, uuid);
		printf("Setting up swapspace version %" PRIu32 ", size = %s (%" PRIu64 " bytes)\n",
		       ctl->hdr.version, size_human_iec(good * ctl->pagesize, human, sizeof(human)),
		       good * ctl->pagesize);
		if (ctl->label)
			printf("LABEL=%s, ", ctl->hdr.label);
		else
			printf("no label, ");
		printf("UUID=%s\n", uuid);
	}

	rc = swaparea_hdr_write(ctl->fd, ctl->offset, &ctl->hdr);
	if (rc < 0) {
		errno = -rc;
		err(EXIT_FAILURE, "%s: unable to write signature page", ctl->devname);
	}
	if (fsync(ctl->fd) < 0)
		err(EXIT_FAILURE, "fsync failed");
	if (close(ctl->fd) < 0)
		err(EXIT_FAILURE, "write failed");
	ctl->fd = -1;
}

int main(int argc, char **argv)
{
	struct mkswap_ctl ctl = { .version = 1, .fd = -1 };
	uint32_t system_pagesize = (uint32_t)getpagesize();
	uint8_t uuid[SWAPAREA_UUID_LEN];
	bool truncated = false;

	setlocale(LC_ALL, "");
	cli_parse(&argp, argc, argv, &ctl, EXIT_FAILURE);

	if (ctl.version != 1)
		errx(EXIT_FAILURE, "swapspace version %" PRId64 " is not supported", ctl.version);
	if (swaparea_uuid_parse(ctl.uuid_text, uuid))
		errx(EXIT_FAILURE, "error: parsing UUID failed");

	ctl.pagesize = system_pagesize;
	if (ctl.user_pagesize) {
		if (!swaparea_pagesize_valid(ctl.user_pagesize))
			errx(EXIT_FAILURE, "Bad user-specified page size %" PRIu32, ctl.user_pagesize);
		if (ctl.user_pagesize != system_pagesize && !ctl.quiet)
			warnx("Using user-specified page size %" PRIu32 ", instead of the system value %" PRIu32,
			      ctl.user_pagesize, system_pagesize);
		ctl.pagesize = ctl.user_pagesize;
	}

	if (ctl.create_file)
		create_swap_file(&ctl);
	compute_size(&ctl);
	open_target(&ctl);
	lock_target(&ctl);
	warn_permissions(&ctl);

	swaparea_hdr_init(&ctl.hdr);
	if (swaparea_hdr_setup(&ctl.hdr, ctl.pagesize, ctl.npages))
		errx(EXIT_FAILURE, "cannot set up a header of %" PRIu64 " pages", ctl.npages);
	ctl.hdr.endian = ctl.endian;
	memcpy(ctl.hdr.uuid, uuid, sizeof(uuid));

	if (ctl.check)
		check_blocks(&ctl);
	check_extents(&ctl);
	wipe_old(&ctl);
	if (ctl.label) {
		/* util-linux tells of the cut label here, after the wipe messages */
		swaparea_hdr_set_label(&ctl.hdr, ctl.label, &truncated);
		if (truncated && !ctl.quiet)
			warnx("Label was truncated.");
	}
	write_header(&ctl);
	swaparea_hdr_release(&ctl.hdr);
	return EXIT_SUCCESS;
}
