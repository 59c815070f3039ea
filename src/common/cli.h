/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cli.h - argp, with util-linux's manners on usage errors.
 *
 * Our tools parse options with argp but must fail like util-linux's:
 * getopt's own message ("unrecognized option '--x'", "option requires an
 * argument -- 'L'"), then "Try 'TOOL --help' for more information." and
 * exit status 1 (or the tool's usage status).  argp would print its own
 * "Try ... or ... --usage" line, so cli_parse() runs argp quietly and, on a
 * usage error, replays the command line through getopt_long to let glibc
 * word the message exactly as it does for util-linux.
 */
#ifndef SWAPAREA_COMMON_CLI_H
#define SWAPAREA_COMMON_CLI_H

#include <argp.h>

/* Parse with @argp; on a usage error print it util-linux's way and exit @usage_status. */
void cli_parse(const struct argp *argp, int argc, char **argv, void *input, int usage_status);

/* For -h/--help: the full help on stdout, then exit 0. */
__attribute__((noreturn)) void cli_help(const struct argp_state *state);

/* -V: "TOOL from swaparea VERSION" on stdout, exit 0. */
__attribute__((noreturn)) void cli_version(void);

/* Print "TOOL: <message>" and the Try line, then exit @status. */
__attribute__((noreturn, format(printf, 2, 3)))
void cli_usage_error(int status, const char *fmt, ...);

/*
 * A number that does not parse (@rc from num_parse_*), util-linux's way:
 * "WHAT: 'ARG'", with ": Numerical result out of range" for -ERANGE.
 */
__attribute__((noreturn))
void cli_bad_number(int status, int rc, const char *what, const char *arg);

#endif /* SWAPAREA_COMMON_CLI_H */
