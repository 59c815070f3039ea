// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * area.c - open an area read-only and judge it as the kernel would.
 *
 * The judgement runs in sys_swapon's order: the header page at the
 * kernel's page size (read_swap_header and setup_swap_map, through
 * libswaparea), then, for a regular file, the extent map (swap_activate),
 * which can refuse the file or shrink it.  util-linux swapon's own
 * warnings (permissions, owner, its st_blocks hole test) are collected
 * beside the verdict: they do not change what the kernel does.
 *
 * Nothing here writes: the file is opened O_RDONLY (and O_NONBLOCK, so a
 * FIFO cannot hang us before we see what it is).
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/fs.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "inspect.h"
#include "perm.h"

enum swaparea_arch host_arch(void)
{
#if defined(__aarch64__)
	return SWAPAREA_ARCH_ARM64;
#elif defined(__i386__)
	return SWAPAREA_ARCH_I386_PAE;
#else
	return SWAPAREA_ARCH_X86_64;
#endif
}

__attribute__((format(printf, 2, 3)))
static void add_warning(struct area *a, const char *fmt, ...)
{
	va_list ap;

	if (a->nr_warnings >= WARNINGS_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(a->warnings[a->nr_warnings++], sizeof(a->warnings[0]), fmt, ap);
	va_end(ap);
}

uint32_t area_pagesize(const struct area *a)
{
	return a->pagesize ? a->pagesize : a->kernel.pagesize;
}

uint64_t area_slots(const struct area *a)
{
	if (a->has_hdr)
		return (uint64_t)a->hdr.last_page + 1;
	return a->area_bytes / area_pagesize(a);
}

static int open_area(const struct inspect_ctl *ctl, struct area *a)
{
	a->fd = open(ctl->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (a->fd < 0) {
		warn("cannot open '%s'", ctl->path);
		return EXIT_TROUBLE;
	}
	if (fstat(a->fd, &a->st) < 0) {
		warn("cannot stat '%s'", ctl->path);
		return EXIT_TROUBLE;
	}
	if (S_ISDIR(a->st.st_mode)) {
		warnx("'%s' is a directory", ctl->path);
		return EXIT_TROUBLE;
	}
	if (S_ISREG(a->st.st_mode)) {
		a->regular = true;
		a->file_bytes = (uint64_t)a->st.st_size;
	} else if (S_ISBLK(a->st.st_mode)) {
		if (ioctl(a->fd, BLKGETSIZE64, &a->file_bytes) < 0) {
			warn("cannot get the size of '%s'", ctl->path);
			return EXIT_TROUBLE;
		}
	} else {
		warnx("'%s' is not a regular file or a block device", ctl->path);
		return EXIT_TROUBLE;
	}
	if (ctl->offset > a->file_bytes) {
		warnx("offset %" PRIu64 " is past the end of '%s' (%" PRIu64 " bytes)",
		      ctl->offset, ctl->path, a->file_bytes);
		return EXIT_TROUBLE;
	}
	a->area_bytes = a->file_bytes - ctl->offset;
	return 0;
}

static int read_first_pages(const struct inspect_ctl *ctl, struct area *a)
{
	size_t want = a->area_bytes < SWAPAREA_PAGESIZE_SEARCH_MAX
		      ? (size_t)a->area_bytes : SWAPAREA_PAGESIZE_SEARCH_MAX;

	a->page = calloc(1, SWAPAREA_PAGESIZE_SEARCH_MAX);
	if (!a->page)
		err(EXIT_TROUBLE, "cannot allocate memory");
	while (a->page_len < want) {
		ssize_t r = pread(a->fd, a->page + a->page_len, want - a->page_len,
				  (off_t)(ctl->offset + a->page_len));

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			warn("cannot read '%s'", ctl->path);
			return EXIT_TROUBLE;
		}
		if (r == 0)
			break;
		a->page_len += (size_t)r;
	}
	return 0;
}

/* What the header page says, as far as it can be read. */
static void decode(struct area *a)
{
	int rc;

	swaparea_hdr_init(&a->hdr);
	if (swaparea_sig_find(a->page, a->page_len, &a->pagesize, &a->sig) < 0) {
		a->sig = SWAPAREA_SIG_NONE;
		a->pagesize = 0;
		return;
	}
	if (a->sig == SWAPAREA_SIG_V1 || a->sig == SWAPAREA_SIG_V0) {
		rc = swaparea_hdr_decode(&a->hdr, a->page, a->page_len, a->pagesize, &a->hdr_err);
		a->has_hdr = rc == 0;
		return;
	}
	if (swaparea_sig_is_suspend(a->sig) && a->pagesize) {
		/* The hibernation header keeps the swap header's fields and the
		 * signature it replaced (orig_sig, 10 bytes before its own). */
		unsigned char *copy = malloc(a->pagesize);
		size_t magic = a->pagesize - SWAPAREA_MAGIC_LEN;

		if (!copy)
			err(EXIT_TROUBLE, "cannot allocate memory");
		a->orig_sig_swap = !memcmp(a->page + magic - SWAPAREA_MAGIC_LEN, SWAPAREA_MAGIC_V1,
					   SWAPAREA_MAGIC_LEN);
		memcpy(copy, a->page, a->pagesize);
		memcpy(copy + magic, SWAPAREA_MAGIC_V1, SWAPAREA_MAGIC_LEN);
		a->has_hdr = swaparea_hdr_decode(&a->hdr, copy, a->pagesize, a->pagesize,
						 &a->hdr_err) == 0;
		a->under_hibernation = a->has_hdr;
		free(copy);
	}
}

/* A refusing problem, as the subject of a sentence. */
static const char *problem_phrase(enum swaparea_ext_problem p)
{
	switch (p) {
	case SWAPAREA_EXT_HOLE:
		return "a hole";
	case SWAPAREA_EXT_INLINE:
		return "inline data";
	case SWAPAREA_EXT_SHARED:
		return "blocks shared with another file";
	case SWAPAREA_EXT_DELALLOC:
		return "blocks not allocated yet";
	case SWAPAREA_EXT_UNWRITTEN:
	case SWAPAREA_EXT_MISALIGNED:
		break;
	}
	return swaparea_ext_problem_name(p);
}

/* The first problem in the map that makes the kernel refuse the file. */
static const struct swaparea_ext_finding *first_refusal(const struct swaparea_extmap *m)
{
	for (size_t i = 0; i < m->nr_findings; i++)
		if (swaparea_ext_problem_refuses(m->findings[i].problem))
			return &m->findings[i];
	return NULL;
}

/* swap_activate: a regular file's extents can refuse it or shrink it. */
static void judge_extents(struct area *a)
{
	const struct swaparea_ext_finding *f;
	uint32_t ps = area_pagesize(a);

	if (!a->regular || a->offset) {
		/* A device, or a partition inside an image: one extent. */
		swaparea_extmap_init(&a->map, ps, 0, a->accepted ? a->maxpages : UINT64_MAX);
		a->map_rc = swaparea_extmap_whole(&a->map, a->offset, a->area_bytes / ps);
		a->has_map = a->map_rc == 0;
		return;
	}
	a->map_rc = swaparea_extmap_build(&a->map, a->fd, ps,
					  a->accepted ? a->maxpages : UINT64_MAX);
	a->has_map = a->map_rc == 0;
	if (!a->has_map) {
		add_warning(a, "cannot map the extents of the file (%s): "
			    "whether the kernel accepts it depends on its file system",
			    strerror(-a->map_rc));
		return;
	}
	if (!a->accepted || ps != a->kernel.pagesize)
		return;
	if ((f = first_refusal(&a->map))) {
		a->accepted = false;
		a->rule = "extents";
		snprintf(a->reason, sizeof(a->reason),
			 "the file has %s at byte %" PRIu64 " (page %" PRIu64 "), %" PRIu64 " bytes long",
			 problem_phrase(f->problem), f->offset, f->offset / ps, f->length);
		/* The kernel names the file by its absolute path (file_path). */
		char *abs = realpath(a->path, NULL);

		snprintf(a->kernel_log, sizeof(a->kernel_log), "swapon: file %s %s",
			 abs ? abs : a->path, swaparea_ext_problem_kernel_log(f->problem));
		free(abs);
	} else if (!a->map.max_pages) {
		a->accepted = false;
		a->rule = "extents";
		snprintf(a->reason, sizeof(a->reason), "no page of the file is a whole page on disk");
		snprintf(a->kernel_log, sizeof(a->kernel_log),
			 "swapon: Cannot find a single usable page in file.");
	} else if (a->map.max_pages < a->maxpages) {
		add_warning(a, "misaligned extents: the kernel maps %" PRIu64 " of %" PRIu64 " pages",
			    a->map.max_pages, a->maxpages);
		a->usable_pages -= a->maxpages - a->map.max_pages;
		a->maxpages = a->map.max_pages;
	}
}

/* util-linux swapon's checks before the call: warnings, and its hole test. */
static void judge_like_swapon(struct area *a)
{
	mode_t want;

	if (swap_mode_insecure(&a->st, &want))
		add_warning(a, "insecure permissions %04o, %04o suggested",
			    (unsigned)(a->st.st_mode & 07777), (unsigned)want);
	if (swap_owner_insecure(&a->st))
		add_warning(a, "insecure file owner %u, 0 (root) suggested", (unsigned)a->st.st_uid);
	if (a->regular && (uint64_t)a->st.st_blocks * 512 < a->file_bytes)
		add_warning(a, "util-linux swapon skips it: it appears to have holes");
}

static void judge(struct area *a)
{
	int rc = swaparea_kernel_check(a->page, a->area_bytes, a->regular && !a->offset,
				       &a->kernel, &a->verdict);

	a->accepted = rc == 0 && a->verdict.accepted;
	a->rule = swaparea_rule_name(a->verdict.rule);
	snprintf(a->reason, sizeof(a->reason), "%s", a->verdict.reason);
	snprintf(a->kernel_log, sizeof(a->kernel_log), "%s", a->verdict.kernel_log);
	a->maxpages = a->verdict.maxpages;
	a->usable_pages = a->verdict.usable_pages;
	if (a->verdict.kernel_warning[0])
		add_warning(a, "the kernel warns: %s", a->verdict.kernel_warning);
	judge_extents(a);
	judge_like_swapon(a);
}

int area_inspect(const struct inspect_ctl *ctl, struct area *a)
{
	const struct swaparea_arch_info *arch = swaparea_arch_info(host_arch());
	int rc;

	memset(a, 0, sizeof(*a));
	a->fd = -1;
	a->path = ctl->path;
	a->offset = ctl->offset;
	a->kernel.pagesize = ctl->kernel_pagesize;
	a->kernel.max_swapfile_pages = arch->max_pages;
	swaparea_hdr_init(&a->hdr);
	if ((rc = open_area(ctl, a)) || (rc = read_first_pages(ctl, a)))
		return rc;
	decode(a);
	judge(a);
	return 0;
}

void area_release(struct area *a)
{
	if (a->fd >= 0)
		close(a->fd);
	free(a->page);
	swaparea_hdr_release(&a->hdr);
	swaparea_extmap_release(&a->map);
	a->fd = -1;
	a->page = NULL;
}
