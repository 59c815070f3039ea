// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * convert.c - swapsim convert: read a trace of any format (trace/) and
 * write it again with a trace writer, by default as the binary form,
 * which swapsim replays several times faster than text.
 *
 * This file is the subcommand's command line; the formats are the
 * library's (trace/binary.c, trace/writer.c).  The output is opened only
 * once the first event (or the end) has been read, so an input that
 * cannot be read leaves nothing behind; after it is opened, any error
 * discards the writer (a binary stream then lacks its end word) and
 * removes the output when it is a regular file.  Standard output gets at
 * least a binary header even then, so that a replay at the other end of
 * a pipe fails too.  The input and the output may not be the same file.
 * Exit status: 0 converted, 2 trouble.
 */
#include <argp.h>
#include <err.h>
#include <errno.h>
#include <inttypes.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "convert.h"
#include "progress.h"
#include "report.h"
#include "trace/trace.h"

#define EXIT_TROUBLE 2
/* Events between two updates of the progress bar (it redraws at most 5 times a second). */
#define PROGRESS_EVENTS 0x10000

enum { OPT_FORMAT = 0x100, OPT_TO, OPT_SKIP_BAD };

struct convert_ctl {
	const char *in, *out;
	const char *in_name;         /* as messages show it */
	enum trace_format format, to;
	bool skip_bad, quiet, verbose;
};

static const struct argp_option options[] = {
	{ "format", OPT_FORMAT, "FORMAT", 0,
	  "format of IN: native, lackey, pages, perf or binary (default: detected)", 0 },
	{ "to", OPT_TO, "FORMAT", 0, "format of OUT: binary (default), native or pages", 0 },
	{ "skip-bad", OPT_SKIP_BAD, NULL, 0, "count and skip malformed lines of IN instead of stopping", 0 },
	{ "quiet", 'q', NULL, 0, "no progress bar, no warning about skipped lines", 0 },
	{ "verbose", 'v', NULL, 0, "say what was converted, on standard error", 0 },
	{ "help", 'h', NULL, 0, "display this help", -1 },
	{ "version", 'V', NULL, 0, "display version", -1 },
	{ NULL, 0, NULL, 0, NULL, 0 },
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct convert_ctl *ctl = state->input;

	switch (key) {
	case OPT_FORMAT:
		if (trace_format_parse(arg, &ctl->format))
			cli_usage_error(EXIT_TROUBLE, "invalid format: '%s' (native, lackey, pages, perf or binary)",
					arg);
		break;
	case OPT_TO:
		if (trace_format_parse(arg, &ctl->to) ||
		    (ctl->to != TRACE_FORMAT_BINARY && ctl->to != TRACE_FORMAT_NATIVE &&
		     ctl->to != TRACE_FORMAT_PAGES))
			cli_usage_error(EXIT_TROUBLE, "invalid output format: '%s' (binary, native or pages)", arg);
		break;
	case OPT_SKIP_BAD:
		ctl->skip_bad = true;
		break;
	case 'q':
		ctl->quiet = true;
		break;
	case 'v':
		ctl->verbose = true;
		break;
	case 'h':
		cli_help(state);
	case 'V':
		cli_version();
	case ARGP_KEY_ARG:
		if (!ctl->in)
			ctl->in = arg;
		else if (!ctl->out)
			ctl->out = arg;
		else
			cli_usage_error(EXIT_TROUBLE, "one input and one output: '%s' is a third", arg);
		break;
	case ARGP_KEY_END:
		if (!ctl->in)
			cli_usage_error(EXIT_TROUBLE, "no input given (use - for standard input)");
		if (!ctl->out)
			cli_usage_error(EXIT_TROUBLE, "no output given (use - for standard output)");
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct argp argp = {
	.options = options,
	.parser = parse_opt,
	.args_doc = "IN OUT",
	.doc = "Convert a memory trace to another format: by default to the compact binary form, "
	       "which swapsim replays several times faster than text.\v"
	       "IN and OUT are files, or - for standard input and output; IN is any format swapsim "
	       "reads.  Nothing is printed unless something goes wrong (or -v).  Exit status: 0 "
	       "converted, 2 usage error, unreadable or malformed input, an event OUT's format "
	       "cannot hold, or a write error; OUT is then removed.\n\n"
	       "For more details see swapsim(1).",
};

/* The same file twice (a terminal or a pipe may be both ends: only files count). */
static bool same_file(const char *in, const char *out)
{
	struct stat a, b;

	if ((strcmp(in, "-") ? stat(in, &a) : fstat(STDIN_FILENO, &a)) != 0 ||
	    (strcmp(out, "-") ? stat(out, &b) : fstat(STDOUT_FILENO, &b)) != 0)
		return false;
	return a.st_dev == b.st_dev && a.st_ino == b.st_ino &&
	       (S_ISREG(a.st_mode) || S_ISBLK(a.st_mode));
}

/* What --skip-bad passed over: the count, and the first messages. */
/* One event the writer would not take: where it came from, and why. */
static void warn_refused(const struct convert_ctl *ctl, const struct trace_reader *r,
			 const struct trace_writer *w)
{
	if (trace_format_of(r) == TRACE_FORMAT_BINARY)
		warnx("%s: event %" PRIu64 ": %s", ctl->in_name, trace_line(r), trace_writer_error(w));
	else
		warnx("%s:%" PRIu64 ": %s", ctl->in_name, trace_line(r), trace_writer_error(w));
}

static int convert(const struct convert_ctl *ctl, struct trace_reader *r)
{
	struct trace_writer *w = NULL;
	struct progress bar;
	struct sim_event ev;
	struct stat st;
	bool remove_out = false;
	char error[4352];
	uint64_t n = 0;
	int rc, wrc;

	progress_init(&bar, "converting", trace_size(r));
	if (ctl->quiet)
		bar.enabled = false;
	/* The first event: a binary input's header says what it came from. */
	rc = trace_next(r, &ev);
	if (rc < 0)
		goto read_failed;
	if (trace_writer_open(&w, ctl->out, ctl->to, trace_source_format(r), error, sizeof(error))) {
		warnx("%s", error);
		goto fail;
	}
	remove_out = strcmp(ctl->out, "-") != 0 && stat(ctl->out, &st) == 0 && S_ISREG(st.st_mode);
	for (; rc > 0; rc = trace_next(r, &ev)) {
		if (bar.enabled && !(++n % PROGRESS_EVENTS))
			progress_update(&bar, trace_bytes(r));
		if ((wrc = trace_write(w, &ev)) != 0) {
			progress_finish(&bar);
			if (wrc == -EINVAL)
				warn_refused(ctl, r, w);
			else
				warnx("%s", trace_writer_error(w));
			goto fail;
		}
	}
read_failed:
	progress_finish(&bar);
	if (rc < 0) {
		warnx("%s", trace_error(r));
		goto fail;
	}
	n = trace_writer_events(w);
	rc = trace_writer_close(w);
	w = NULL;
	if (rc) {
		warnx("cannot write '%s': %s", strcmp(ctl->out, "-") ? ctl->out : "<stdout>", strerror(-rc));
		goto fail;
	}
	if (!ctl->quiet)
		report_skipped(r);
	if (ctl->verbose)
		warnx("converted '%s' (%s, %" PRIu64 " bytes) to '%s' (%s): %" PRIu64 " events",
		      ctl->in_name, trace_format_name(trace_format_of(r)), trace_bytes(r),
		      strcmp(ctl->out, "-") ? ctl->out : "<stdout>", trace_format_name(ctl->to), n);
	return 0;
fail:
	/*
	 * Standard output gets a binary header at least, even when nothing
	 * was read, so that a replay after a pipe sees a cut trace rather
	 * than an empty one.
	 */
	if (!w && !strcmp(ctl->out, "-") && ctl->to == TRACE_FORMAT_BINARY &&
	    trace_writer_open(&w, ctl->out, ctl->to, TRACE_FORMAT_AUTO, error, sizeof(error)))
		w = NULL;
	trace_writer_discard(w);
	if (remove_out && unlink(ctl->out) != 0)
		warn("cannot remove '%s'", ctl->out);
	if (!ctl->quiet)
		report_skipped(r);
	return EXIT_TROUBLE;
}

int convert_main(int argc, char **argv)
{
	static char name[] = "swapsim convert";
	struct convert_ctl ctl = { .format = TRACE_FORMAT_AUTO, .to = TRACE_FORMAT_BINARY };
	struct trace_reader *r;
	char error[4352];
	int rc;

	setlocale(LC_ALL, "");
	/* Messages, usage and --version name the subcommand. */
	argv[0] = name;
	program_invocation_short_name = name;
	cli_parse(&argp, argc, argv, &ctl, EXIT_TROUBLE);
	ctl.in_name = strcmp(ctl.in, "-") ? ctl.in : "<stdin>";
	if (same_file(ctl.in, ctl.out))
		errx(EXIT_TROUBLE, "'%s' is the input '%s': refusing to write over it",
		     strcmp(ctl.out, "-") ? ctl.out : "<stdout>", ctl.in_name);
	if (ctl.to == TRACE_FORMAT_BINARY && !strcmp(ctl.out, "-") && isatty(STDOUT_FILENO))
		errx(EXIT_TROUBLE, "refusing to write a binary trace to a terminal");
	if (trace_open(&r, ctl.in, ctl.format, error, sizeof(error)))
		errx(EXIT_TROUBLE, "%s", error);
	trace_set_skip_bad(r, ctl.skip_bad);
	rc = convert(&ctl, r);
	trace_close(r);
	return rc;
}
