// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench/lackey-pages.c - turn a valgrind lackey trace into swapsim's pages
 * format, for bench/swapsim.sh while swapsim has no `convert` of its own.
 *
 *	lackey-pages [IN] > OUT.pages
 *
 * Reads IN (standard input without it, or with -) in blocks of 1 MiB and
 * writes one line per page each access touches, "PAGE r" or "PAGE w", PAGE
 * in decimal (4096-byte pages, as swapsim-trace(5) says): I (instruction
 * fetch) and L (load) are reads, S (store) a write, and M (modify) the
 * reads of its pages and then the writes of the same pages, in the order
 * swapsim's lackey reader replays them.  An access that crosses a page
 * boundary gives one line per page, in address order.  Lines that begin
 * with == (valgrind's own) and blank lines are skipped; any other line that
 * is not "KIND HEXADDR,SIZE" (blanks around KIND) stops the conversion.
 *
 * Exit status: 0 converted, 1 a malformed line, 2 a usage or system error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define IN_BUF (1u << 20)
#define MAX_LINE 65536
#define OUT_BUF (1u << 20)
#define PAGE_SHIFT 12

struct out {
	char buf[OUT_BUF];
	size_t len;
};

static int out_flush(struct out *o)
{
	size_t off = 0;

	while (off < o->len) {
		ssize_t w = write(STDOUT_FILENO, o->buf + off, o->len - off);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		off += (size_t)w;
	}
	o->len = 0;
	return 0;
}

/* Appends "PAGE r\n" or "PAGE w\n". */
static int out_line(struct out *o, uint64_t page, char rw)
{
	char digits[24];
	int nd = 0;

	if (o->len + sizeof(digits) + 3 > sizeof(o->buf)) {
		int err = out_flush(o);

		if (err)
			return err;
	}
	do {
		digits[nd++] = (char)('0' + page % 10);
		page /= 10;
	} while (page);
	while (nd)
		o->buf[o->len++] = digits[--nd];
	o->buf[o->len++] = ' ';
	o->buf[o->len++] = rw;
	o->buf[o->len++] = '\n';
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/*
 * Parses one line (without its newline) into kind, first and last page.
 * Returns 1 for an access, 0 for a line to skip, -1 for a malformed line.
 */
static int parse_line(const char *p, const char *end, char *kind,
		      uint64_t *first, uint64_t *last)
{
	uint64_t addr = 0, size = 0;
	int digits = 0;

	if (end - p >= 2 && p[0] == '=' && p[1] == '=')
		return 0;
	while (p < end && is_blank(*p))
		p++;
	if (p == end)
		return 0;
	*kind = *p++;
	if (!*kind || !strchr("ILSM", *kind) || p == end || !is_blank(*p))
		return -1;
	while (p < end && is_blank(*p))
		p++;
	for (; p < end && hexval(*p) >= 0; p++, digits++) {
		if (addr >> 60)
			return -1;
		addr = addr << 4 | (uint64_t)hexval(*p);
	}
	if (!digits || p == end || *p++ != ',')
		return -1;
	for (digits = 0; p < end && *p >= '0' && *p <= '9'; p++, digits++) {
		if (size > (UINT64_MAX - 9) / 10)
			return -1;
		size = size * 10 + (uint64_t)(*p - '0');
	}
	while (p < end && is_blank(*p))
		p++;
	if (!digits || !size || p != end || size - 1 > UINT64_MAX - addr)
		return -1;
	*first = addr >> PAGE_SHIFT;
	*last = (addr + (size - 1)) >> PAGE_SHIFT;
	return 1;
}

static int emit(struct out *o, char kind, uint64_t first, uint64_t last)
{
	int err = 0;

	if (kind != 'S')
		for (uint64_t pg = first; !err && pg <= last && pg >= first; pg++)
			err = out_line(o, pg, 'r');
	if (kind == 'S' || kind == 'M')
		for (uint64_t pg = first; !err && pg <= last && pg >= first; pg++)
			err = out_line(o, pg, 'w');
	return err;
}

int main(int argc, char **argv)
{
	static char in[IN_BUF + MAX_LINE + 1];
	static struct out out;
	const char *name = argc > 1 ? argv[1] : "-";
	size_t have = 0;
	uint64_t lineno = 0;
	int fd = STDIN_FILENO, rc = 2, err = 0, eof = 0;

	if (argc > 2 || (argc == 2 && argv[1][0] == '-' && argv[1][1])) {
		fputs("usage: lackey-pages [IN] > OUT\n", stderr);
		return 2;
	}
	if (strcmp(name, "-")) {
		fd = open(name, O_RDONLY);
		if (fd < 0) {
			fprintf(stderr, "lackey-pages: cannot open '%s': %s\n",
				name, strerror(errno));
			return 2;
		}
	}
	while (!eof || have) {
		char *p = in, *nl;
		ssize_t r = 0;

		if (!eof) {
			r = read(fd, in + have, IN_BUF);
			if (r < 0) {
				if (errno == EINTR)
					continue;
				fprintf(stderr, "lackey-pages: cannot read '%s': %s\n",
					name, strerror(errno));
				goto out;
			}
			eof = r == 0;
			have += (size_t)r;
		}
		if (eof && have && in[have - 1] != '\n')
			in[have++] = '\n'; /* the last line needs no newline */
		while ((nl = memchr(p, '\n', have - (size_t)(p - in)))) {
			char kind = 0;
			uint64_t first = 0, last = 0;
			int k = parse_line(p, nl, &kind, &first, &last);

			lineno++;
			if (k < 0) {
				fprintf(stderr, "lackey-pages: %s:%" PRIu64
					": not a lackey line\n", name, lineno);
				rc = 1;
				goto out;
			}
			if (k > 0 && (err = emit(&out, kind, first, last)))
				goto write_error;
			p = nl + 1;
		}
		have -= (size_t)(p - in);
		if (have > MAX_LINE) {
			fprintf(stderr, "lackey-pages: %s:%" PRIu64
				": line longer than %d bytes\n", name, lineno + 1, MAX_LINE);
			rc = 1;
			goto out;
		}
		memmove(in, p, have);
	}
	if ((err = out_flush(&out)))
		goto write_error;
	rc = 0;
	goto out;
write_error:
	fprintf(stderr, "lackey-pages: cannot write: %s\n", strerror(-err));
out:
	if (fd != STDIN_FILENO)
		close(fd);
	return rc;
}
