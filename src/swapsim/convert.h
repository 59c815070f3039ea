/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * convert.h - swapsim convert: rewrite a trace in another format, the
 * binary form above all (see swapsim(1), CONVERT).  swapsim's main()
 * hands over to convert_main() when its first argument is "convert".
 */
#ifndef SWAPSIM_CONVERT_H
#define SWAPSIM_CONVERT_H

/*
 * The subcommand, @argv[0] being "convert": parses its own options, and
 * returns the exit status (0 converted, 2 anything else); usage errors,
 * --help and --version exit from inside, as they do for swapsim.
 */
int convert_main(int argc, char **argv);

#endif /* SWAPSIM_CONVERT_H */
