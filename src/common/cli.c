// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cli.c - argp with util-linux's usage-error messages (see cli.h).
 */
#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "swaparea.h"

#include "cli.h"

static void print_try_line(void)
{
	fprintf(stderr, "Try '%s --help' for more information.\n", program_invocation_short_name);
}

void cli_usage_error(int status, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", program_invocation_short_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	print_try_line();
	exit(status);
}

void cli_bad_number(int status, int rc, const char *what, const char *arg)
{
	if (rc == -ERANGE) {
		errno = ERANGE;
		err(status, "%s: '%s'", what, arg);
	}
	errx(status, "%s: '%s'", what, arg);
}

/*
 * util-linux's close_stdout_atexit(): output that could not be written is
 * an error (exit 1), except on a closed stdout (EBADF) or pipe (EPIPE).
 */
static void close_stdout(void)
{
	errno = 0;
	if ((ferror(stdout) || fflush(stdout) != 0) && errno != EBADF && errno != EPIPE) {
		if (errno)
			warn("write error");
		else
			warnx("write error");
		_exit(EXIT_FAILURE);
	}
	if (fflush(stderr) != 0 && errno != EBADF)
		_exit(EXIT_FAILURE);
}

void cli_version(void)
{
	printf("%s from swaparea %s\n", program_invocation_short_name, swaparea_version());
	exit(EXIT_SUCCESS);
}

void cli_help(const struct argp_state *state)
{
	argp_help(state->root_argp, stdout, ARGP_HELP_STD_HELP, state->name);
	exit(EXIT_SUCCESS);
}

/* Let getopt_long say what is wrong, with the same option table argp used. */
static void replay_getopt(const struct argp *argp, int argc, char **argv)
{
	size_t n = 0, s = 0;
	const struct argp_option *o;
	struct option *longopts;
	char *shortopts;

	for (o = argp->options; o->name || o->key || o->doc; o++)
		n++;
	longopts = calloc(n + 1, sizeof(*longopts));
	shortopts = calloc(3 * n + 2, 1);
	if (!longopts || !shortopts)
		goto out;
	n = 0;
	for (o = argp->options; o->name || o->key || o->doc; o++) {
		int has_arg = !o->arg ? no_argument
				      : (o->flags & OPTION_ARG_OPTIONAL) ? optional_argument
									 : required_argument;

		if (o->name)
			longopts[n++] = (struct option){ o->name, has_arg, NULL, o->key };
		if (o->key > 0 && o->key < 256 && isprint(o->key)) {
			shortopts[s++] = (char)o->key;
			if (has_arg != no_argument)
				shortopts[s++] = ':';
			if (has_arg == optional_argument)
				shortopts[s++] = ':';
		}
	}
	opterr = 1;
	optind = 0;  /* glibc: start afresh */
	for (int c; (c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1;)
		if (c == '?' || c == ':')
			break;  /* argp stopped at the first error too */
out:
	free(longopts);
	free(shortopts);
}

void cli_parse(const struct argp *argp, int argc, char **argv, void *input, int usage_status)
{
	static bool registered;

	if (!registered) {
		atexit(close_stdout);   /* every tool: a failed write of output is an error */
		registered = true;
	}
	int rc = argp_parse(argp, argc, argv, ARGP_NO_HELP | ARGP_NO_ERRS, NULL, input);

	if (rc == 0)
		return;
	if (rc == EINVAL) {
		replay_getopt(argp, argc, argv);
		print_try_line();
	} else {
		fprintf(stderr, "%s: %s\n", program_invocation_short_name, strerror(rc));
	}
	exit(usage_status);
}
