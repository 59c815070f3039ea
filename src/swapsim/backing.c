// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * backing.c - the swap files behind swapsim's areas: opened for writing
 * once they pass the checks below, then read and written one slot at a
 * time for the engine (engine/page_io.c decides what).
 *
 * A slot's place is found through the library's extent map, the list the
 * kernel builds at swapon: it says which slots the file really holds (the
 * area is no larger than that).  The write itself goes through the file at
 * the slot's position in it, never to the device underneath: swapsim must
 * not write to a block device.  So a file whose extents do not start on
 * page boundaries of the device (where slot N would not be byte N * 4096
 * of the file) is refused.  A sparse file (truncate, then mkswap) has its
 * holes allocated first, which leaves its bytes as they were and makes it
 * a file the kernel would take.  A file system without FIEMAP (tmpfs) is
 * taken as one run of pages.
 *
 * Slots that hold data from an earlier run are found at open (the
 * library's slot scanner) and given to the engine, which zeroes those the
 * run leaves unused, so the file ends holding data exactly where slots
 * are in use.
 *
 * The file must not be in use as swap by the host, nor open twice in one
 * run: an exclusive flock guards against both, and against a second
 * swapsim writing the same file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "active.h"
#include "backing.h"

static int say(char *err, size_t len, int rc, const char *fmt, const char *path)
{
	snprintf(err, len, fmt, path, strerror(-rc));
	return rc;
}

/*
 * Give every slot its place: allocate a sparse file's holes (they still
 * read as zeros), then map the extents.  A file system without FIEMAP, or
 * a file whose holes stay, is taken as one run of file positions.
 */
static int map_slots(struct swap_backing *b, uint64_t *pages, char *err, size_t len)
{
	int rc;

	if (fallocate(b->fd, 0, 0, (off_t)b->size) < 0 && errno != EOPNOTSUPP)
		return say(err, len, -errno, "cannot allocate the holes of '%s': %s", b->path);
	rc = swaparea_extmap_build(&b->map, b->fd, 4096, *pages);
	if (rc && rc != -EOPNOTSUPP)
		return say(err, len, rc, "cannot map the extents of '%s': %s", b->path);
	for (size_t i = 0; !rc && i < b->map.nr_findings; i++) {
		const struct swaparea_ext_finding *f = &b->map.findings[i];

		if (f->problem == SWAPAREA_EXT_MISALIGNED) {
			snprintf(err, len, "'%s' has extents off page boundaries at byte %llu, so its "
				 "slots are not where the kernel would put them (use --no-io)", b->path,
				 (unsigned long long)f->offset);
			return -EINVAL;
		}
	}
	if (rc || b->map.refused) {
		swaparea_extmap_release(&b->map);
		swaparea_extmap_init(&b->map, 4096, b->size, *pages);
		return swaparea_extmap_whole(&b->map, 0, b->size / 4096);
	}
	if (b->map.max_pages < *pages)
		*pages = b->map.max_pages;   /* the kernel's max: what the extents hold */
	return 0;
}

/* Slots holding data from before this run: the engine discards them if unused. */
static int note_stale(enum swaparea_slot_kind kind, uint64_t first, uint64_t count, void *data)
{
	struct swap_backing *b = data;
	struct sim_slot_range *p;

	if (kind != SWAPAREA_SLOT_DATA)
		return 0;
	p = realloc(b->stale, (b->nr_stale + 1) * sizeof(*p));
	if (!p)
		return -ENOMEM;
	p[b->nr_stale++] = (struct sim_slot_range){ first, first + count - 1 };
	b->stale = p;
	return 0;
}

int backing_open(struct swap_backing *b, const char *path, uint64_t *pages, char *err, size_t len)
{
	struct stat st;
	int rc;

	memset(b, 0, sizeof(*b));
	b->path = path;
	b->fd = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
	if (b->fd < 0)
		return say(err, len, -errno, "cannot open '%s' for writing: %s (use --no-io to "
			   "simulate without writing)", path);
	if (fstat(b->fd, &st) < 0) {
		rc = say(err, len, -errno, "cannot stat '%s': %s", path);
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, len, "'%s' is not a regular file: swapsim writes only to swap files "
			 "(use --no-io)", path);
		rc = -EINVAL;
		goto fail;
	}
	if (is_active_swap(&st)) {
		snprintf(err, len, "'%s' is in use as swap by this machine: swapsim will not write "
			 "to it (use --no-io)", path);
		rc = -EBUSY;
		goto fail;
	}
	if (flock(b->fd, LOCK_EX | LOCK_NB) < 0) {
		rc = errno == EWOULDBLOCK ? -EBUSY : -errno;
		say(err, len, rc, "'%s' is already open for writing (given twice, or by another "
		    "swapsim): %s", path);
		goto fail;
	}
	b->size = (uint64_t)st.st_size;
	rc = map_slots(b, pages, err, len);
	if (rc)
		goto fail;
	rc = swaparea_slot_scan(&(struct swaparea_slot_scan){
		.fd = b->fd, .pagesize = 4096, .nr_slots = *pages, .run = note_stale, .data = b,
	});
	if (rc) {
		say(err, len, rc, "cannot read '%s': %s", b->path);
		goto fail;
	}
	return 0;
fail:
	backing_close(b);
	return rc;
}

int backing_close(struct swap_backing *b)
{
	int rc = 0;

	if (b->fd >= 0) {
		if (fsync(b->fd) < 0 && errno != EINVAL)
			rc = -errno;
		if (close(b->fd) < 0 && !rc)
			rc = -errno;
	}
	swaparea_extmap_release(&b->map);
	free(b->stale);
	b->stale = NULL;
	b->fd = -1;
	return rc;
}

/* The file offset of slot @offset: the extent map must hold it. */
static int slot_position(const struct swap_backing *b, uint64_t offset, off_t *pos)
{
	uint64_t physical;

	if (!swaparea_extmap_lookup(&b->map, offset, &physical))
		return -ENXIO;
	*pos = (off_t)(offset * 4096);
	return 0;
}

/* Move the page of slot @offset whole, through short transfers and EINTR. */
static int slot_io(struct swap_backing *b, uint64_t offset, void *page, bool write)
{
	size_t done = 0;
	off_t pos;
	int rc = slot_position(b, offset, &pos);

	while (!rc && done < 4096) {
		char *p = (char *)page + done;
		ssize_t n = write ? pwrite(b->fd, p, 4096 - done, pos + (off_t)done)
				  : pread(b->fd, p, 4096 - done, pos + (off_t)done);

		if (n < 0 && errno != EINTR)
			return -errno;
		if (n == 0)
			return -EIO;   /* the file shrank under us */
		if (n > 0)
			done += (size_t)n;
	}
	return rc;
}

static int backing_write(void *ctx, uint32_t type, uint64_t offset, const void *page)
{
	(void)type;
	return slot_io(ctx, offset, (void *)page, true);
}

static int backing_read(void *ctx, uint32_t type, uint64_t offset, void *page)
{
	(void)type;
	return slot_io(ctx, offset, page, false);
}

const struct sim_backing_ops backing_ops = {
	.write = backing_write,
	.read = backing_read,
};
