// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench/parse-floor.c - the floor under swapsim's trace readers: read a text
 * trace in blocks of 1 MiB with read(2) and sum one number a line, nothing
 * else, so bench/swapsim.sh can give each replay as a fraction of it.
 *
 *	parse-floor [-x] FILE
 *
 * Pages format (the default): the digits of each line make its number
 * (" r" and " w" are passed over); with -x, a lackey line: the hexadecimal
 * digits before the comma make the address, the size after it is passed
 * over.  No checking: a floor, not a reader.  Prints
 *
 *	lines=N seconds=S lines_per_s=R sum=X
 *
 * timed from the first read to the last (the bench times the whole process
 * as it does swapsim's); the sum is printed so the loop cannot be dropped.
 *
 * Exit status: 0 read, 2 a usage or system error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BUF (1u << 20)

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
	static unsigned char buf[BUF];
	signed char val[256];
	uint64_t lines = 0, sum = 0, v = 0;
	unsigned base = 10;
	int hex = argc == 3 && !strcmp(argv[1], "-x"), skip = 0, fd;
	const char *name;
	double start, secs;

	if (argc != 2 + hex || (!hex && argv[1][0] == '-')) {
		fputs("usage: parse-floor [-x] FILE\n", stderr);
		return 2;
	}
	name = argv[1 + hex];
	memset(val, -1, sizeof(val));
	for (int c = '0'; c <= '9'; c++)
		val[c] = (signed char)(c - '0');
	if (hex) {
		base = 16;
		for (int c = 'a'; c <= 'f'; c++)
			val[c] = val[c - 'a' + 'A'] = (signed char)(c - 'a' + 10);
	}
	fd = open(name, O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "parse-floor: cannot open '%s': %s\n", name, strerror(errno));
		return 2;
	}
	start = now();
	for (;;) {
		ssize_t r = read(fd, buf, sizeof(buf));

		if (r < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "parse-floor: cannot read '%s': %s\n", name,
				strerror(errno));
			close(fd);
			return 2;
		}
		if (!r)
			break;
		for (ssize_t i = 0; i < r; i++) {
			unsigned char c = buf[i];

			if (c == '\n') {
				sum += v;
				v = 0;
				skip = 0;
				lines++;
			} else if (c == ',') {
				skip = 1;
			} else if (!skip && val[c] >= 0) {
				v = v * base + (uint64_t)val[c];
			}
		}
	}
	secs = now() - start;
	close(fd);
	printf("lines=%" PRIu64 " seconds=%.6f lines_per_s=%.0f sum=%" PRIu64 "\n",
	       lines, secs, secs > 0 ? (double)lines / secs : 0.0, sum + v);
	return 0;
}
