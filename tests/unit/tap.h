/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tap.h - a minimal TAP producer for the unit tests, and their shared helpers.
 *
 * Each check prints "ok N - what" or "not ok N - what" (with the file, line
 * and values on a "#" line), and tap_done() prints the plan and returns the
 * exit status.  tests/run-tests.sh counts the lines of every suite.
 *
 *	TAP_OK(cond, "fmt", ...)        one check
 *	TAP_EQ_U64(got, want, "fmt", ...) unsigned compare with both values shown
 *	TAP_EQ_STR(got, want, "fmt", ...)
 *	return tap_done();
 */
#ifndef SWAPAREA_TAP_H
#define SWAPAREA_TAP_H

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static unsigned tap_count, tap_failed;

__attribute__((format(printf, 4, 5)))
static inline bool tap_report(bool pass, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	tap_count++;
	if (!pass)
		tap_failed++;
	printf("%sok %u - ", pass ? "" : "not ", tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!pass)
		printf("#   failed at %s:%d\n", file, line);
	fflush(stdout);
	return pass;
}

#define TAP_OK(cond, ...) tap_report(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

#define TAP_EQ_U64(got, want, ...)                                                        \
	do {                                                                              \
		uint64_t tap_g_ = (uint64_t)(got), tap_w_ = (uint64_t)(want);             \
		if (!tap_report(tap_g_ == tap_w_, __FILE__, __LINE__, __VA_ARGS__))       \
			printf("#   got %" PRIu64 " (0x%" PRIx64 "), want %" PRIu64           \
			       " (0x%" PRIx64 ")\n", tap_g_, tap_g_, tap_w_, tap_w_);       \
	} while (0)

#define TAP_EQ_INT(got, want, ...)                                                        \
	do {                                                                              \
		long long tap_g_ = (long long)(got), tap_w_ = (long long)(want);          \
		if (!tap_report(tap_g_ == tap_w_, __FILE__, __LINE__, __VA_ARGS__))       \
			printf("#   got %lld, want %lld\n", tap_g_, tap_w_);                  \
	} while (0)

#define TAP_EQ_STR(got, want, ...)                                                        \
	do {                                                                              \
		const char *tap_g_ = (got), *tap_w_ = (want);                             \
		bool tap_p_ = tap_g_ && tap_w_ && strcmp(tap_g_, tap_w_) == 0;            \
		if (!tap_report(tap_p_, __FILE__, __LINE__, __VA_ARGS__))                 \
			printf("#   got \"%s\", want \"%s\"\n", tap_g_ ? tap_g_ : "(null)",  \
			       tap_w_ ? tap_w_ : "(null)");                                   \
	} while (0)

/* An open, already unlinked temporary file in $TMPDIR (or /tmp): nothing is left behind. */
static inline int tap_temp_fd(const char *name)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	int fd;

	snprintf(path, sizeof(path), "%s/%s.XXXXXX", dir && *dir ? dir : "/tmp", name);
	fd = mkstemp(path);
	if (fd >= 0)
		unlink(path);
	return fd;
}

static inline int tap_done(void)
{
	printf("1..%u\n", tap_count);
	return tap_failed ? 1 : 0;
}

#endif /* SWAPAREA_TAP_H */
