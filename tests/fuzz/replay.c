// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * replay.c - run stored fuzz inputs through a fuzz target without libFuzzer.
 *
 * Linked with one tests/fuzz/fuzz_<name>.c, this main() reads every file
 * named on the command line into a buffer of exactly its size (so ASan sees
 * a read past the end) and hands it to LLVMFuzzerTestOneInput(), as the
 * fuzzer would.  `make check` replays tests/fuzz/corpus/<name>/ and
 * tests/fuzz/crashes/<name>/ this way, under the sanitizers when built with
 * SANITIZE=1, so a stored crash stays fixed.
 *
 * Exit status: 0 when every input ran; 2 when a file cannot be read, with
 * the file named on stderr.  A target that finds a broken invariant aborts,
 * and that is the failure the test suite sees.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Read all of @path into a malloc'd buffer; 0 or -errno. */
static int read_file(const char *path, uint8_t **data, size_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL, *grown;
	size_t len = 0, cap = 0, n;
	int rc = 0;

	if (!f)
		return -errno;
	for (;;) {
		if (len == cap) {
			cap = cap ? 2 * cap : 64 * 1024;
			grown = realloc(buf, cap);
			if (!grown) {
				rc = -ENOMEM;
				goto out;
			}
			buf = grown;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		rc = -EIO;
		goto out;
	}
	/* Shrink to the exact size, so a read past the input is caught. */
	grown = malloc(len ? len : 1);
	if (!grown) {
		rc = -ENOMEM;
		goto out;
	}
	if (len)
		memcpy(grown, buf, len);
	*data = grown;
	*size = len;
out:
	free(buf);
	fclose(f);
	return rc;
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		uint8_t *data = NULL;
		size_t size = 0;
		int rc = read_file(argv[i], &data, &size);

		if (rc) {
			fprintf(stderr, "%s: cannot read '%s': %s\n", argv[0], argv[i],
				strerror(-rc));
			return 2;
		}
		LLVMFuzzerTestOneInput(data, size);
		free(data);
	}
	return 0;
}
