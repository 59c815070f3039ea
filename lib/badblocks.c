// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * badblocks.c - the read check behind mkswap -c (see swaparea/badblocks.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "internal.h"

static ssize_t read_fd(void *ctx, void *buf, size_t len, uint64_t offset)
{
	return pread(*(const int *)ctx, buf, len, (off_t)offset);
}

/* Read all of @len, tolerating short reads only at the very end of data. */
static bool read_ok(const struct swaparea_bad_scan *s, void *buf, size_t len, uint64_t offset)
{
	swaparea_read_fn rd = s->read ? s->read : read_fd;
	void *ctx = s->read ? s->read_ctx : (void *)&s->fd;
	size_t done = 0;

	while (done < len) {
		ssize_t n = rd(ctx, (uint8_t *)buf + done, len - done, offset + done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		done += (size_t)n;
	}
	return true;
}

int swaparea_bad_scan(struct swaparea_hdr *h, const struct swaparea_bad_scan *s)
{
	uint64_t npages = (uint64_t)h->last_page + 1;
	uint32_t per_chunk = SWAPAREA_BAD_CHUNK / h->pagesize ? SWAPAREA_BAD_CHUNK / h->pagesize : 1;
	uint8_t *buf = malloc((size_t)per_chunk * h->pagesize);
	int found = 0, rc = 0;

	if (!buf)
		return -ENOMEM;
	for (uint64_t first = 0; first < npages && rc == 0; first += per_chunk) {
		uint64_t n = npages - first < per_chunk ? npages - first : per_chunk;

		if (read_ok(s, buf, (size_t)(n * h->pagesize), s->offset + first * h->pagesize))
			goto next;
		/* Something in this chunk failed: find out which pages. */
		for (uint64_t page = first; page < first + n; page++) {
			if (read_ok(s, buf, h->pagesize, s->offset + page * h->pagesize))
				continue;
			if (page == 0) {
				rc = -EIO;
				break;
			}
			rc = swaparea_hdr_add_badpage(h, (uint32_t)page);
			if (rc)
				break;
			found++;
		}
next:
		if (s->progress)
			s->progress(first + n, s->progress_data);
	}
	free(buf);
	return rc ? rc : found;
}
