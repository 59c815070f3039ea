// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * swapshim.c - an LD_PRELOAD stand-in for libc's swapon() and swapoff().
 *
 * The tools call the system through libc's wrappers; with this library
 * preloaded those calls land here instead and never reach the kernel (the
 * tests also run inside `unshare --user --map-root-user`, where a call
 * that slipped through could only fail with EPERM).  Each call is appended
 * to the file named by SWAPSHIM_LOG as one line:
 *
 *	swapon <path> 0x<flags>
 *	swapoff <path>
 *
 * and answered from SWAPSHIM_RESULT: a comma-separated list of "0" or
 * errno names (EPERM, EINVAL, EBUSY, ENOMEM, ENOENT, EIO, ...), one per
 * call in order, the last one repeating.  Unset means success.  Without
 * SWAPSHIM_LOG every call fails with EPERM, so a test that forgot to set
 * it cannot pass by accident.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/swap.h>

static unsigned calls;

static int errno_by_name(const char *s, size_t n)
{
	static const struct {
		const char *name;
		int value;
	} names[] = {
		{ "EPERM", EPERM }, { "EINVAL", EINVAL }, { "EBUSY", EBUSY }, { "ENOMEM", ENOMEM },
		{ "ENOENT", ENOENT }, { "EIO", EIO }, { "EACCES", EACCES }, { "ENOSPC", ENOSPC },
		{ "EEXIST", EEXIST }, { "ENXIO", ENXIO },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i].name) == n && !strncmp(s, names[i].name, n))
			return names[i].value;
	return n == 1 && *s == '0' ? 0 : EINVAL;
}

/* The answer to call number @nth (0-based). */
static int answer(unsigned nth)
{
	const char *list = getenv("SWAPSHIM_RESULT"), *p = list;

	if (!list || !*list)
		return 0;
	for (unsigned i = 0; i < nth; i++) {
		const char *comma = strchr(p, ',');

		if (!comma)
			break;   /* the last answer repeats */
		p = comma + 1;
	}
	return errno_by_name(p, strcspn(p, ","));
}

static int record(const char *what, const char *path, int flags, int with_flags)
{
	const char *log = getenv("SWAPSHIM_LOG");
	FILE *f;
	int rc;

	if (!log || !(f = fopen(log, "a"))) {
		errno = EPERM;
		return -1;
	}
	if (with_flags)
		fprintf(f, "%s %s 0x%x\n", what, path, (unsigned)flags);
	else
		fprintf(f, "%s %s\n", what, path);
	fclose(f);
	rc = answer(calls++);
	if (rc) {
		errno = rc;
		return -1;
	}
	return 0;
}

int swapon(const char *path, int flags)
{
	return record("swapon", path, flags, 1);
}

int swapoff(const char *path)
{
	return record("swapoff", path, 0, 0);
}
