// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_trace.c - swapsim's trace readers (src/swapsim/trace): the native
 * format of swapsim-trace(5), valgrind lackey's and page numbers, over
 * buffers, files and standard input, stopping at a malformed line or
 * skipping it.
 *
 * Each case is text in, events and error out: the events are written back
 * as native lines ("mmap 1 0x1000 4096 rw- anon private"), so a table row
 * reads as what the reader must understand.  Every case is also run from
 * a file read in blocks of 1, 7, 4096 bytes and 1 MiB, and from standard
 * input, and must give the same transcript (events, error, line, bytes):
 * lines that span blocks must not show.  Then auto-detection and its
 * window, lines longer than the limit, a line across the 1 MiB boundary,
 * large generated traces in many block sizes, progress figures, sticky
 * errors, open and read errors, and the bundled data: tests/data/example.trace
 * and the real lackey trace tests/data/sort.lackey.gz, whose event counts
 * were taken with grep (tests/data/README.md), not from this reader.
 * Skip-bad mode has its own transcript: the events, then the count and
 * the kept messages of the lines skipped, again the same in every mode.
 *
 * The transcripts, the modes, and the runners of table, detection and
 * skip-bad cases are in trace_transcript.h, shared with test_trace_perf.c.
 * The invariant checker trace__check() runs after every call.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "trace/internal.h"
#include "trace/trace.h"
#include "trace_transcript.h"

/* ---- table cases ------------------------------------------------------------- */

#define L40 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

static const struct text_case native_cases[] = {
	{ "empty", "", "", "" },
	{ "comments and blank lines", "# one\n\n   \n\t# two\n#\n", "", "" },
	{ "spawn", "spawn 1\n", "spawn 1", "" },
	{ "pid in hex", "spawn 0x10\n", "spawn 16", "" },
	{ "pid 2^32 - 1", "spawn 4294967295\n", "spawn 4294967295", "" },
	{ "fork", "fork 1 2\n", "fork 1 2", "" },
	{ "exit", "exit 7\n", "exit 7", "" },
	{ "mmap: anon private by default", "mmap 1 0x1000 4096 rw-\n",
	  "mmap 1 0x1000 4096 rw- anon private", "" },
	{ "mmap: prot letters in any order, no dashes", "mmap 1 0 1 xr\n",
	  "mmap 1 0 1 r-x anon private", "" },
	{ "mmap: prot '-'", "mmap 1 0 1 -\n", "mmap 1 0 1 --- anon private", "" },
	{ "mmap: prot '---'", "mmap 1 0 1 ---\n", "mmap 1 0 1 --- anon private", "" },
	{ "mmap: prot rwx", "mmap 1 0 1 rwx\n", "mmap 1 0 1 rwx anon private", "" },
	{ "mmap: file with offset", "mmap 1 0x2000 8K r-x file=3+0x1000 private\n",
	  "mmap 1 0x2000 8192 r-x file=3+4096 private", "" },
	{ "mmap: file without offset", "mmap 1 0x2000 8K r-- file=3\n",
	  "mmap 1 0x2000 8192 r-- file=3+0 private", "" },
	{ "mmap: file id in hex, offset with a suffix", "mmap 1 0 1M rw file=0x3+1M shared\n",
	  "mmap 1 0 1048576 rw- file=3+1048576 shared", "" },
	{ "mmap: options in any order", "mmap 1 0 4K rw shared file=2\n",
	  "mmap 1 0 4096 rw- file=2+0 shared", "" },
	{ "mmap: anon shared", "mmap 1 0 4K rw anon shared\n", "mmap 1 0 4096 rw- anon shared", "" },
	{ "mmap: explicit anon private", "mmap 1 0 4K rw private anon\n",
	  "mmap 1 0 4096 rw- anon private", "" },
	{ "mmap: up to 2^64", "mmap 1 0xfffffffffffff000 4K rw file=1+0xfffffffffffff000\n",
	  "mmap 1 0xfffffffffffff000 4096 rw- file=1+18446744073709547520 private", "" },
	{ "munmap", "munmap 1 0x1000 2M\n", "munmap 1 0x1000 2097152", "" },
	{ "read: length 1 by default", "r 1 0x1000\n", "r 1 0x1000 1", "" },
	{ "write", "w 1 4096 8\n", "w 1 0x1000 8", "" },
	{ "exec", "x 1 0x400000 3\n", "x 1 0x400000 3", "" },
	{ "suffixes K M G", "r 1 0 1K\nr 1 0 1M\nr 1 0 1G\nr 1 0 17179869183G\n",
	  "r 1 0 1024|r 1 0 1048576|r 1 0 1073741824|r 1 0 18446744072635809792", "" },
	{ "hex length with a suffix", "r 1 0 0x2K\n", "r 1 0 2048", "" },
	{ "upper-case hex", "r 1 0XABCdef 0x1F\n", "r 1 0xabcdef 31", "" },
	{ "leading zeros are decimal", "r 1 010 010\n", "r 1 0xa 10", "" },
	{ "16 hex digits and leading zeros", "r 1 0x0000000000000000000000ffffffffffffffff\n",
	  "r 1 0xffffffffffffffff 1", "" },
	{ "the last byte", "r 1 0xffffffffffffffff 1\n", "r 1 0xffffffffffffffff 1", "" },
	{ "largest numbers", "w 1 0 18446744073709551615\n", "w 1 0 18446744073709551615", "" },
	{ "swapoff and swapon", "swapoff 0\nswapon 0x1\n", "swapoff 0|swapon 1", "" },
	{ "trailing comments", "spawn 1 # the first\nr 1 0x10 4 #x\nr 1 0x10 #x\n",
	  "spawn 1|r 1 0x10 4|r 1 0x10 1", "" },
	{ "CRLF line ends", "spawn 1\r\nexit 1\r\n", "spawn 1|exit 1", "" },
	{ "tabs and leading blanks", "\t r\t1\t0x10\t2 \t\n", "r 1 0x10 2", "" },
	{ "no newline at the end", "spawn 1\nexit 1", "spawn 1|exit 1", "" },
	{ "header", "#swapsim-trace v1\nspawn 1\n", "spawn 1", "" },
	{ "header: more after the version", "#swapsim-trace v1 written by hand\n", "", "" },
	{ "header: only on line 1", "spawn 1\n#swapsim-trace v9\n", "spawn 1", "" },
	{ "header: another word is a comment", "#swapsim-traces v9\n", "", "" },
	{ "timestamps and units",
	  "@5 spawn 1\n@1us r 1 0 1\nr 1 1 1\n@2ms w 1 0 1\n@3s exit 1\n@3000000000ns spawn 2\n",
	  "@5 spawn 1|@1000 r 1 0 1|@1000 r 1 0x1 1|@2000000 w 1 0 1|@3000000000 exit 1|"
	  "@3000000000 spawn 2", "" },
	{ "timestamps may repeat", "@7 spawn 1\n@7 exit 1\n", "@7 spawn 1|@7 exit 1", "" },
	{ "timestamp: 2^64 - 1 ns", "@18446744073709551615 spawn 1\n",
	  "@18446744073709551615 spawn 1", "" },
	{ "timestamp: the most seconds", "@18446744073s spawn 1\n",
	  "@18446744073000000000 spawn 1", "" },
	{ "timestamp: leading blanks", "  @1 spawn 1\n", "@1 spawn 1", "" },
};

static const struct text_case native_errors[] = {
	{ "unknown keyword", "bogus 1\n", "", ":1: unknown keyword 'bogus'" },
	{ "keywords are lower case", "R 1 0\n", "", ":1: unknown keyword 'R'" },
	{ "a keyword's prefix", "spaw 1\n", "", ":1: unknown keyword 'spaw'" },
	{ "line number", "spawn 1\n\n# c\nspawn 0\nspawn 2\n", "spawn 1", ":4: spawn: pid is 0" },
	{ "spawn: pid missing", "spawn\n", "", ":1: spawn: pid missing" },
	{ "spawn: pid missing before a comment", "spawn # 1\n", "", ":1: spawn: pid missing" },
	{ "spawn: pid 0", "spawn 0\n", "", ":1: spawn: pid is 0" },
	{ "spawn: pid 0x0", "spawn 0x0\n", "", ":1: spawn: pid is 0" },
	{ "spawn: pid 2^32", "spawn 4294967296\n", "", ":1: spawn: pid '4294967296' out of range" },
	{ "spawn: pid with junk", "spawn 1x\n", "", ":1: spawn: bad pid '1x'" },
	{ "spawn: negative pid", "spawn -1\n", "", ":1: spawn: bad pid '-1'" },
	{ "spawn: bare 0x", "spawn 0x\n", "", ":1: spawn: bad pid '0x'" },
	{ "spawn: '#' inside a field", "spawn 2#x\n", "", ":1: spawn: bad pid '2#x'" },
	{ "spawn: extra field", "spawn 1 2\n", "", ":1: spawn: extra field '2'" },
	{ "fork: child pid missing", "fork 1\n", "", ":1: fork: child pid missing" },
	{ "fork: pid missing", "fork\n", "", ":1: fork: pid missing" },
	{ "fork: child pid 0", "fork 1 0\n", "", ":1: fork: child pid is 0" },
	{ "fork: bad child pid", "fork 1 two\n", "", ":1: fork: bad child pid 'two'" },
	{ "fork: extra field", "fork 1 2 3\n", "", ":1: fork: extra field '3'" },
	{ "exit: pid missing", "exit\n", "", ":1: exit: pid missing" },
	{ "mmap: address missing", "mmap 1\n", "", ":1: mmap: address missing" },
	{ "mmap: length missing", "mmap 1 0x1000\n", "", ":1: mmap: length missing" },
	{ "mmap: length 0", "mmap 1 0x1000 0 rw\n", "", ":1: mmap: length is 0" },
	{ "mmap: protection missing", "mmap 1 0x1000 4K\n", "", ":1: mmap: protection missing" },
	{ "mmap: four prot letters", "mmap 1 0 4K rwx-\n", "", ":1: mmap: bad protection 'rwx-'" },
	{ "mmap: prot letter twice", "mmap 1 0 4K rr\n", "", ":1: mmap: bad protection 'rr'" },
	{ "mmap: prot letter unknown", "mmap 1 0 4K rwq\n", "", ":1: mmap: bad protection 'rwq'" },
	{ "mmap: upper-case prot", "mmap 1 0 4K RW\n", "", ":1: mmap: bad protection 'RW'" },
	{ "mmap: anon and file", "mmap 1 0 4K rw anon file=1\n", "",
	  ":1: mmap: more than one of anon and file=" },
	{ "mmap: anon twice", "mmap 1 0 4K rw anon anon\n", "",
	  ":1: mmap: more than one of anon and file=" },
	{ "mmap: shared and private", "mmap 1 0 4K rw shared private\n", "",
	  ":1: mmap: more than one of shared and private" },
	{ "mmap: unknown option", "mmap 1 0 4K rw huge\n", "", ":1: mmap: unknown option 'huge'" },
	{ "mmap: 'file' without '='", "mmap 1 0 4K rw file\n", "", ":1: mmap: unknown option 'file'" },
	{ "mmap: file id missing", "mmap 1 0 4K rw file=\n", "", ":1: mmap: file id missing" },
	{ "mmap: file id missing before an offset", "mmap 1 0 4K rw file=+4K\n", "",
	  ":1: mmap: file id missing" },
	{ "mmap: bad file id", "mmap 1 0 4K rw file=x\n", "", ":1: mmap: bad file id 'x'" },
	{ "mmap: file id takes no suffix", "mmap 1 0 4K rw file=1K\n", "",
	  ":1: mmap: bad file id '1K'" },
	{ "mmap: file offset missing", "mmap 1 0 4K rw file=1+\n", "", ":1: mmap: file offset missing" },
	{ "mmap: bad file offset", "mmap 1 0 4K rw file=1+4Q\n", "", ":1: mmap: bad file offset '4Q'" },
	{ "mmap: file offset out of range", "mmap 1 0 4K rw file=1+17179869184G\n", "",
	  ":1: mmap: file offset '17179869184G' out of range" },
	{ "mmap: file offset + length past 2^64", "mmap 1 0 4K rw file=1+0xfffffffffffff001\n", "",
	  ":1: mmap: file offset + length passes 2^64" },
	{ "mmap: address + length past 2^64", "mmap 1 0xfffffffffffff001 4K rw\n", "",
	  ":1: mmap: address + length passes 2^64" },
	{ "munmap: length missing", "munmap 1 0x1000\n", "", ":1: munmap: length missing" },
	{ "munmap: extra field", "munmap 1 0x1000 1 2\n", "", ":1: munmap: extra field '2'" },
	{ "munmap: past 2^64", "munmap 1 0xffffffffffffffff 2\n", "",
	  ":1: munmap: address + length passes 2^64" },
	{ "read: pid missing", "r\n", "", ":1: r: pid missing" },
	{ "read: address missing", "r 1\n", "", ":1: r: address missing" },
	{ "read: bad address", "r 1 zz\n", "", ":1: r: bad address 'zz'" },
	{ "read: bad hex digit", "r 1 0x1g\n", "", ":1: r: bad address '0x1g'" },
	{ "read: address takes no suffix", "r 1 1K\n", "", ":1: r: bad address '1K'" },
	{ "read: address 2^64", "r 1 18446744073709551616\n", "",
	  ":1: r: address '18446744073709551616' out of range" },
	{ "read: address 2^64 in hex", "r 1 0x10000000000000000\n", "",
	  ":1: r: address '0x10000000000000000' out of range" },
	{ "read: length 0", "r 1 0 0\n", "", ":1: r: length is 0" },
	{ "read: length 0K", "r 1 0 0K\n", "", ":1: r: length is 0" },
	{ "read: suffix T", "r 1 0 1T\n", "", ":1: r: bad length '1T'" },
	{ "read: lower-case suffix", "r 1 0 1k\n", "", ":1: r: bad length '1k'" },
	{ "read: suffix alone", "r 1 0 K\n", "", ":1: r: bad length 'K'" },
	{ "read: length 2^64 with a suffix", "r 1 0 17179869184G\n", "",
	  ":1: r: length '17179869184G' out of range" },
	{ "read: length 2^64", "r 1 0 18446744073709551616\n", "",
	  ":1: r: length '18446744073709551616' out of range" },
	{ "write: past 2^64", "w 1 0xffffffffffffffff 2\n", "", ":1: w: address + length passes 2^64" },
	{ "exec: extra field", "x 1 0 1 1\n", "", ":1: x: extra field '1'" },
	{ "swapoff: area missing", "swapoff\n", "", ":1: swapoff: area missing" },
	{ "swapon: bad area", "swapon x\n", "", ":1: swapon: bad area 'x'" },
	{ "swapon: extra field", "swapon 1 2\n", "", ":1: swapon: extra field '2'" },
	{ "timestamp: '@' alone", "@ spawn 1\n", "", ":1: bad timestamp '@'" },
	{ "timestamp: no event", "@5\n", "", ":1: timestamp without an event" },
	{ "timestamp: no event before a comment", "@5 # later\n", "", ":1: timestamp without an event" },
	{ "timestamp: bad unit", "@5x spawn 1\n", "", ":1: bad timestamp '@5x'" },
	{ "timestamp: unit without digits", "@ns spawn 1\n", "", ":1: bad timestamp '@ns'" },
	{ "timestamp: hex", "@0x10 spawn 1\n", "", ":1: bad timestamp '@0x10'" },
	{ "timestamp: upper-case unit", "@5MS spawn 1\n", "", ":1: bad timestamp '@5MS'" },
	{ "timestamp: two", "@5 @6 spawn 1\n", "", ":1: unknown keyword '@6'" },
	{ "timestamp: 2^64 ns", "@18446744073709551616 spawn 1\n", "",
	  ":1: timestamp '@18446744073709551616' out of range" },
	{ "timestamp: too many seconds", "@18446744074s spawn 1\n", "",
	  ":1: timestamp '@18446744074s' out of range" },
	{ "timestamp: backwards", "@10 spawn 1\n@9 exit 1\n", "@10 spawn 1",
	  ":2: time goes backwards: '@9' after 10 ns" },
	{ "timestamp: backwards across units", "@2ms spawn 1\nexit 1\n@1999us exit 1\n",
	  "@2000000 spawn 1|@2000000 exit 1", ":3: time goes backwards: '@1999us' after 2000000 ns" },
	{ "header: another version", "#swapsim-trace v2\nspawn 1\n", "",
	  ":1: unsupported trace version 'v2'" },
	{ "header: no version", "#swapsim-trace\n", "", ":1: trace version missing" },
	{ "header: no version, blanks", "#swapsim-trace \t\r\n", "", ":1: trace version missing" },
	{ "quoting: quotes, backslashes and control bytes", "bo\x01'\\\x7f\xff 1\n", "",
	  ":1: unknown keyword 'bo\\x01\\x27\\x5c\\x7f\\xff'" },
	{ "quoting: at most 40 bytes", L40 "bbb 1\n", "", ":1: unknown keyword '" L40 "...'" },
	{ "quoting: exactly 40 bytes", L40 " 1\n", "", ":1: unknown keyword '" L40 "'" },
};

static const struct text_case lackey_cases[] = {
	{ "empty: only the spawn", "", "spawn 1", "" },
	{ "instruction", "I  04016b70,3\n", "spawn 1|x 1 0x4016b70 3 auto", "" },
	{ "load", " L 1ffefffd80,8\n", "spawn 1|r 1 0x1ffefffd80 8 auto", "" },
	{ "store", " S 1ffefffd78,8\n", "spawn 1|w 1 0x1ffefffd78 8 auto", "" },
	{ "modify: a read, then a write", " M 0421f4c8,4\nI  0,1\n",
	  "spawn 1|r 1 0x421f4c8 4 auto|w 1 0x421f4c8 4 auto|x 1 0 1 auto", "" },
	{ "two modifies", " M 10,4\n M 20,8\n",
	  "spawn 1|r 1 0x10 4 auto|w 1 0x10 4 auto|r 1 0x20 8 auto|w 1 0x20 8 auto", "" },
	{ "valgrind's messages and blank lines",
	  "==123== Lackey, an example Valgrind tool\n==123== \n\n  \nI  0401ab70,3\n"
	  "==123== \n==123== Exit code:       0\n",
	  "spawn 1|x 1 0x401ab70 3 auto", "" },
	{ "CRLF and trailing blanks", "I  10,2 \r\n L 20,4\t\r\n",
	  "spawn 1|x 1 0x10 2 auto|r 1 0x20 4 auto", "" },
	{ "blanks are not counted", "I 10,2\n   L   20,4\n\tS\t30,1\n",
	  "spawn 1|x 1 0x10 2 auto|r 1 0x20 4 auto|w 1 0x30 1 auto", "" },
	{ "no newline at the end", "I  10,2", "spawn 1|x 1 0x10 2 auto", "" },
	{ "the last byte", "I  ffffffffffffffff,1\n", "spawn 1|x 1 0xffffffffffffffff 1 auto", "" },
	{ "upper-case hex", " L ABCDEF,2\n", "spawn 1|r 1 0xabcdef 2 auto", "" },
	{ "leading zeros", "I  00000000000000000001,1\n", "spawn 1|x 1 0x1 1 auto", "" },
	{ "big size", " S 0,18446744073709551615\n", "spawn 1|w 1 0 18446744073709551615 auto", "" },
};

static const struct text_case lackey_errors[] = {
	{ "not lackey", "hello\n", "spawn 1", ":1: not a lackey line: 'hello'" },
	{ "unknown kind", "X  0,1\n", "spawn 1", ":1: not a lackey line: 'X  0,1'" },
	{ "lower-case kind", " l 0,1\n", "spawn 1", ":1: not a lackey line: 'l 0,1'" },
	{ "no blank after the kind", "I0,1\n", "spawn 1", ":1: not a lackey line: 'I0,1'" },
	{ "kind alone", "I  \n", "spawn 1", ":1: not a lackey line: 'I'" },
	{ "a comment", "# c\nI  0,1\n", "spawn 1", ":1: not a lackey line: '# c'" },
	{ "'==' after blanks", " ==1== x\n", "spawn 1", ":1: not a lackey line: '==1== x'" },
	{ "address missing", "I  ,3\n", "spawn 1", ":1: address missing" },
	{ "bad address", "I  zz,3\n", "spawn 1", ":1: bad address 'zz'" },
	{ "address with 0x", "I  0x10,3\n", "spawn 1", ":1: bad address '0x10'" },
	{ "blank inside the address", " L 10 ,3\n", "spawn 1", ":1: bad address '10 '" },
	{ "address over 64 bits", "I  10000000000000000,3\n", "spawn 1",
	  ":1: address '10000000000000000' out of range" },
	{ "size missing", "I  10\n", "spawn 1", ":1: size missing" },
	{ "size missing after the comma", "I  10,\n", "spawn 1", ":1: size missing" },
	{ "bad size", "I  10,x\n", "spawn 1", ":1: bad size 'x'" },
	{ "size in hex", "I  10,0x4\n", "spawn 1", ":1: bad size '0x4'" },
	{ "size with junk", "I  10,3junk\n", "spawn 1", ":1: bad size '3junk'" },
	{ "size 0", "I  10,0\n", "spawn 1", ":1: size is 0" },
	{ "size over 64 bits", "I  10,18446744073709551616\n", "spawn 1",
	  ":1: size '18446744073709551616' out of range" },
	{ "extra text", "I  10,3 junk\n", "spawn 1", ":1: extra text 'junk'" },
	{ "past 2^64", "I  ffffffffffffffff,2\n", "spawn 1", ":1: address + size passes 2^64" },
	{ "line number", "I  0,1\n==1== x\nbad\n", "spawn 1|x 1 0 1 auto",
	  ":3: not a lackey line: 'bad'" },
	{ "a native line", "r 1 0x10\n", "spawn 1", ":1: not a lackey line: 'r 1 0x10'" },
	{ "after a modify", " M 8,8\nbad\n", "spawn 1|r 1 0x8 8 auto|w 1 0x8 8 auto",
	  ":2: not a lackey line: 'bad'" },
};

/* Pages are 4096 bytes: page N is the access [N * 4096, N * 4096 + 4096). */
static const struct text_case pages_cases[] = {
	{ "empty: only the spawn", "", "spawn 1", "" },
	{ "decimal: a write by default", "1\n", "spawn 1|w 1 0x1000 4096 auto", "" },
	{ "read", "2 r\n", "spawn 1|r 1 0x2000 4096 auto", "" },
	{ "write", "3 w\n", "spawn 1|w 1 0x3000 4096 auto", "" },
	{ "page 0", "0\n0 r\n", "spawn 1|w 1 0 4096 auto|r 1 0 4096 auto", "" },
	{ "hex, either x", "0x10 r\n0X1f\n", "spawn 1|r 1 0x10000 4096 auto|w 1 0x1f000 4096 auto", "" },
	{ "hex digits in either case", "0xaBC\n", "spawn 1|w 1 0xabc000 4096 auto", "" },
	{ "leading zeros are decimal", "010\n", "spawn 1|w 1 0xa000 4096 auto", "" },
	{ "many leading zeros", "0000000000000000000000000042\n0x000000000000000000000001 r\n",
	  "spawn 1|w 1 0x2a000 4096 auto|r 1 0x1000 4096 auto", "" },
	{ "the largest page, 2^52 - 1", "4503599627370495\n0xfffffffffffff r\n",
	  "spawn 1|w 1 0xfffffffffffff000 4096 auto|r 1 0xfffffffffffff000 4096 auto", "" },
	{ "comments and blank lines", "# c\n\n  \t\n5\n  # x\n#\n",
	  "spawn 1|w 1 0x5000 4096 auto", "" },
	{ "trailing comments", "5 # c\n6 r # c\n7 #\n8\t#r\n",
	  "spawn 1|w 1 0x5000 4096 auto|r 1 0x6000 4096 auto|w 1 0x7000 4096 auto|"
	  "w 1 0x8000 4096 auto", "" },
	{ "blanks, tabs and CRLF", "\t 8 \t r \r\n9\r\n 10\tw\n",
	  "spawn 1|r 1 0x8000 4096 auto|w 1 0x9000 4096 auto|w 1 0xa000 4096 auto", "" },
	{ "no newline at the end", "1\n1 r", "spawn 1|w 1 0x1000 4096 auto|r 1 0x1000 4096 auto", "" },
	{ "no newline after a bare number", "7", "spawn 1|w 1 0x7000 4096 auto", "" },
};

static const struct text_case pages_errors[] = {
	{ "not a number", "abc\n", "spawn 1", ":1: bad page number 'abc'" },
	{ "a native line", "r 1 0x10\n", "spawn 1", ":1: bad page number 'r'" },
	{ "a lackey line", "I  0,1\n", "spawn 1", ":1: bad page number 'I'" },
	{ "negative", "-1\n", "spawn 1", ":1: bad page number '-1'" },
	{ "plus sign", "+1\n", "spawn 1", ":1: bad page number '+1'" },
	{ "junk after the digits", "12x r\n", "spawn 1", ":1: bad page number '12x'" },
	{ "access glued to the number", "1r\n", "spawn 1", ":1: bad page number '1r'" },
	{ "bare 0x", "0x\n", "spawn 1", ":1: bad page number '0x'" },
	{ "0x then a blank", "0x r\n", "spawn 1", ":1: bad page number '0x'" },
	{ "bad hex digit", "0x1g\n", "spawn 1", ":1: bad page number '0x1g'" },
	{ "'#' inside a number", "12#c\n", "spawn 1", ":1: bad page number '12#c'" },
	{ "a suffix", "4K\n", "spawn 1", ":1: bad page number '4K'" },
	{ "2^52", "4503599627370496\n", "spawn 1", ":1: page number too large" },
	{ "2^52 in hex", "0x10000000000000 r\n", "spawn 1", ":1: page number too large" },
	{ "2^64", "18446744073709551616\n", "spawn 1", ":1: page number too large" },
	{ "far beyond 2^64", "99999999999999999999999999999999\n", "spawn 1",
	  ":1: page number too large" },
	{ "far beyond 2^64 in hex", "0x1ffffffffffffffffffffffff w\n", "spawn 1",
	  ":1: page number too large" },
	{ "too large, then junk", "99999999999999999999x\n", "spawn 1",
	  ":1: bad page number '99999999999999999999x'" },
	{ "upper-case R", "1 R\n", "spawn 1", ":1: bad access 'R' (r or w)" },
	{ "access x", "1 x\n", "spawn 1", ":1: bad access 'x' (r or w)" },
	{ "access spelt out", "1 read\n", "spawn 1", ":1: bad access 'read' (r or w)" },
	{ "access with '#' glued", "1 r#\n", "spawn 1", ":1: bad access 'r#' (r or w)" },
	{ "extra field", "1 r 2\n", "spawn 1", ":1: extra field '2'" },
	{ "two accesses", "1 w w\n", "spawn 1", ":1: extra field 'w'" },
	{ "line number", "1\n\n# c\n2 r\nbad\n3\n", "spawn 1|w 1 0x1000 4096 auto|r 1 0x2000 4096 auto",
	  ":5: bad page number 'bad'" },
	{ "quoting", "\x01'\\\n", "spawn 1", ":1: bad page number '\\x01\\x27\\x5c'" },
};

static void test_tables(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(native_cases); i++)
		test_text_case(&native_cases[i], TRACE_FORMAT_NATIVE);
	for (size_t i = 0; i < ARRAY_SIZE(native_errors); i++)
		test_text_case(&native_errors[i], TRACE_FORMAT_NATIVE);
	for (size_t i = 0; i < ARRAY_SIZE(lackey_cases); i++)
		test_text_case(&lackey_cases[i], TRACE_FORMAT_LACKEY);
	for (size_t i = 0; i < ARRAY_SIZE(lackey_errors); i++)
		test_text_case(&lackey_errors[i], TRACE_FORMAT_LACKEY);
	for (size_t i = 0; i < ARRAY_SIZE(pages_cases); i++)
		test_text_case(&pages_cases[i], TRACE_FORMAT_PAGES);
	for (size_t i = 0; i < ARRAY_SIZE(pages_errors); i++)
		test_text_case(&pages_errors[i], TRACE_FORMAT_PAGES);
}

/* The fields of one event, not through the renderer. */
static void test_event_fields(void)
{
	static const char in[] = "@3us mmap 7 0x7f00 2M r-x file=9+4K shared\n";
	struct trace_reader *r;
	struct sim_event ev;

	if (!TAP_ZERO(trace_open_buffer(&r, in, sizeof(in) - 1, NAME, TRACE_FORMAT_NATIVE, NULL, 0),
		      "fields: opened"))
		return;
	memset(&ev, 0xa5, sizeof(ev));
	TAP_EQ_INT(trace_next(r, &ev), 1, "fields: an event");
	TAP_EQ_INT(ev.op, SIM_OP_MMAP, "fields: op");
	TAP_EQ_U64(ev.pid, 7, "fields: pid");
	TAP_EQ_U64(ev.addr, 0x7f00, "fields: addr");
	TAP_EQ_U64(ev.len, 2 << 20, "fields: len");
	TAP_EQ_U64(ev.prot, SIM_PROT_READ | SIM_PROT_EXEC, "fields: prot");
	TAP_EQ_U64(ev.flags, SIM_MAP_FILE | SIM_MAP_SHARED, "fields: flags");
	TAP_EQ_U64(ev.arg, 9, "fields: file id");
	TAP_EQ_U64(ev.arg2, 4096, "fields: file offset");
	TAP_EQ_U64(ev.time, 3000, "fields: time");
	trace_close(r);
}

/* A NUL byte is an ordinary byte: not a blank, not an end. */
static void test_nul(void)
{
	static const char in[] = "spawn 1\n\0spawn 1\n";
	struct run run;

	if (!TAP_ZERO(run_buffer(&run, in, sizeof(in) - 1, TRACE_FORMAT_AUTO), "NUL: opened"))
		return;
	TAP_EQ_STR(run.events.buf, "spawn 1", "NUL: the line before");
	TAP_EQ_STR(run.error, ":2: unknown keyword '\\x00spawn'", "NUL: quoted in the error");
	TAP_EQ_INT(modes_differ("NUL", in, sizeof(in) - 1, TRACE_FORMAT_AUTO, &run), 0,
		   "NUL: files in any block size and stdin agree");
	run_release(&run);
}

/* ---- formats and detection ----------------------------------------------------- */

static void test_format_names(void)
{
	static const struct {
		const char *name;
		enum trace_format f;
	} names[] = {
		{ "auto", TRACE_FORMAT_AUTO },
		{ "native", TRACE_FORMAT_NATIVE },
		{ "lackey", TRACE_FORMAT_LACKEY },
		{ "pages", TRACE_FORMAT_PAGES },
	};
	enum trace_format f;

	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		TAP_EQ_STR(trace_format_name(names[i].f), names[i].name, "format %d: name", (int)names[i].f);
		f = TRACE_FORMAT_COUNT;
		TAP_EQ_INT(trace_format_parse(names[i].name, &f), 0, "format '%s': parsed", names[i].name);
		TAP_EQ_INT(f, names[i].f, "format '%s': value", names[i].name);
	}
	TAP_OK(trace_format_name(TRACE_FORMAT_COUNT) == NULL, "format name: out of range");
	f = TRACE_FORMAT_LACKEY;
	TAP_EQ_INT(trace_format_parse("Native", &f), -EINVAL, "format 'Native': refused");
	TAP_EQ_INT(trace_format_parse("", &f), -EINVAL, "format '': refused");
	TAP_EQ_INT(f, TRACE_FORMAT_LACKEY, "format refused: left alone");
}

static const struct detect_case detect_cases[] = {
	{ "empty", "", TRACE_FORMAT_NATIVE },
	{ "comments only", "# a\n\n# b\n", TRACE_FORMAT_NATIVE },
	{ "header", "#swapsim-trace v1\n", TRACE_FORMAT_NATIVE },
	{ "header, then a lackey line", "#swapsim-trace v1\nI  0,1\n", TRACE_FORMAT_NATIVE },
	{ "header with a wrong version", "#swapsim-trace v7\n", TRACE_FORMAT_NATIVE },
	{ "spawn", "spawn 1\n", TRACE_FORMAT_NATIVE },
	{ "a timestamp", "@5 spawn 1\n", TRACE_FORMAT_NATIVE },
	{ "comments, then a read", "# c\n\n   r 1 0\n", TRACE_FORMAT_NATIVE },
	{ "a keyword with bad fields", "mmap\n", TRACE_FORMAT_NATIVE },
	{ "valgrind messages only", "==1== Lackey\n==1==\n", TRACE_FORMAT_LACKEY },
	{ "valgrind messages, then an access", "==1== x\n\nI  0,1\n", TRACE_FORMAT_LACKEY },
	{ "instruction", "I  0,1\n", TRACE_FORMAT_LACKEY },
	{ "load", " L 10,8\n", TRACE_FORMAT_LACKEY },
	{ "modify without a newline", " M 10,8", TRACE_FORMAT_LACKEY },
	{ "comment, then a lackey line", "# c\nI  0,1\n", TRACE_FORMAT_LACKEY },
	{ "valgrind messages, then junk", "==1== x\nbogus\n", TRACE_FORMAT_LACKEY },
	{ "valgrind messages, then native", "==1==\nspawn 1\n", TRACE_FORMAT_NATIVE },
	{ "junk", "bogus\n", TRACE_FORMAT_NATIVE },
	{ "a lackey line that is wrong", "I  zz,1\n", TRACE_FORMAT_NATIVE },
	{ "a page number", "12\n", TRACE_FORMAT_PAGES },
	{ "a page number and r", "0x1f r\n", TRACE_FORMAT_PAGES },
	{ "a page number and w, blanks around", " \t7\tw \r\n", TRACE_FORMAT_PAGES },
	{ "a page number and a comment", "7 # first\n", TRACE_FORMAT_PAGES },
	{ "comments, then a page number", "# c\n\n  7 w\n", TRACE_FORMAT_PAGES },
	{ "valgrind messages, then a page number", "==1== x\n12\n", TRACE_FORMAT_PAGES },
	{ "a page number without a newline", "12", TRACE_FORMAT_PAGES },
	{ "a page number too large", "99999999999999999999 r\n", TRACE_FORMAT_PAGES },
	{ "a page number, then native lines", "1\nspawn 1\n", TRACE_FORMAT_PAGES },
	{ "native, then page numbers", "spawn 1\n1\n", TRACE_FORMAT_NATIVE },
	{ "lackey, then page numbers", "I  0,1\n1\n", TRACE_FORMAT_LACKEY },
	{ "a number with a bad access", "12 x\n", TRACE_FORMAT_NATIVE },
	{ "a number glued to junk", "12abc\n", TRACE_FORMAT_NATIVE },
	{ "a number and two fields", "12 r 3\n", TRACE_FORMAT_NATIVE },
	{ "bare 0x", "0x\n", TRACE_FORMAT_NATIVE },
};

/* @first, comment lines of @line_len bytes (newline included) for @bytes, then @tail. */
static char *padded(size_t bytes, size_t line_len, const char *first, const char *tail, size_t *len)
{
	size_t tail_len = strlen(tail), first_len = strlen(first), at, stop = first_len + bytes;
	char *s = malloc(stop + tail_len + 1);

	if (!s)
		abort();
	memcpy(s, first, first_len);
	at = first_len;
	while (at < stop) {
		size_t n = line_len < stop - at ? line_len : stop - at;

		memset(s + at, '#', n);
		s[at + n - 1] = '\n';
		at += n;
	}
	memcpy(s + at, tail, tail_len + 1);
	*len = at + tail_len;
	return s;
}

static void test_detect(void)
{
	size_t len;
	char *s;

	for (size_t i = 0; i < ARRAY_SIZE(detect_cases); i++)
		test_detect_case(detect_cases[i].name, detect_cases[i].input,
				 strlen(detect_cases[i].input), detect_cases[i].want);

	/* The lackey line ends exactly at the edge of the window: seen. */
	s = padded(TRACE_DETECT_MAX - 7, 100, "", "I  0,1\n", &len);
	TAP_EQ_U64(len, TRACE_DETECT_MAX, "window: the input ends at its edge");
	test_detect_case("lackey line ending at the window's edge", s, len, TRACE_FORMAT_LACKEY);
	free(s);
	/* One byte more and the line is not wholly inside: the default. */
	s = padded(TRACE_DETECT_MAX - 6, 100, "", "I  0,1\n", &len);
	test_detect_case("lackey line one byte past the window", s, len, TRACE_FORMAT_NATIVE);
	free(s);
	/* The same, but valgrind spoke first: lackey. */
	s = padded(TRACE_DETECT_MAX - 6, 100, "==1== x\n", "I  0,1\n", &len);
	test_detect_case("valgrind first, lackey line past the window", s, len, TRACE_FORMAT_LACKEY);
	free(s);
	/* A window of comments and nothing else, the input going on after it. */
	s = padded(TRACE_DETECT_MAX, 1000, "", "I  0,1\n", &len);
	test_detect_case("a full window of comments", s, len, TRACE_FORMAT_NATIVE);
	free(s);
	/* Without its newline, a last line that ends the input is whole. */
	s = padded(TRACE_DETECT_MAX - 6, 100, "", "I  0,1", &len);
	TAP_EQ_U64(len, TRACE_DETECT_MAX, "window: unterminated line to its edge");
	test_detect_case("unterminated lackey line ending at the window's edge", s, len,
			 TRACE_FORMAT_LACKEY);
	free(s);
}

/* ---- lines, blocks and progress ------------------------------------------------- */

static void test_long_lines(void)
{
	size_t len;
	char *s;

	/* One comment line of exactly the limit, then an event. */
	s = padded(TRACE_LINE_MAX + 1, TRACE_LINE_MAX + 1, "", "spawn 1\n", &len);
	test_text_case(&(struct text_case){ "a line of the longest length", s, "spawn 1", "" },
		       TRACE_FORMAT_NATIVE);
	free(s);
	s = padded(TRACE_LINE_MAX + 2, TRACE_LINE_MAX + 2, "spawn 1\n", "spawn 2\n", &len);
	test_text_case(&(struct text_case){ "a line one byte too long", s, "spawn 1",
					    ":2: line longer than 65536 bytes" },
		       TRACE_FORMAT_NATIVE);
	free(s);
	/* Too long and never ended: the same error, in a file before the end is read. */
	s = padded(TRACE_LINE_MAX + 2, TRACE_LINE_MAX + 2, "I  0,1\n", "", &len);
	s[len - 1] = '#';
	test_text_case(&(struct text_case){ "a long line without a newline", s, "spawn 1|x 1 0 1 auto",
					    ":2: line longer than 65536 bytes" },
		       TRACE_FORMAT_LACKEY);
	free(s);
	/* Pages: a comment of the longest length passes, one byte more does not. */
	s = padded(TRACE_LINE_MAX + 1, TRACE_LINE_MAX + 1, "1\n", "2 r\n", &len);
	test_text_case(&(struct text_case){ "pages: a line of the longest length", s,
					    "spawn 1|w 1 0x1000 4096 auto|r 1 0x2000 4096 auto", "" },
		       TRACE_FORMAT_PAGES);
	free(s);
	s = padded(TRACE_LINE_MAX + 2, TRACE_LINE_MAX + 2, "1\n", "2 r\n", &len);
	test_text_case(&(struct text_case){ "pages: a line one byte too long", s,
					    "spawn 1|w 1 0x1000 4096 auto",
					    ":2: line longer than 65536 bytes" },
		       TRACE_FORMAT_PAGES);
	free(s);
}

/* A pages trace of @n lines of every form, the same every time. */
static char *generated_pages(unsigned n, size_t *len)
{
	struct text t = { 0 };
	uint32_t x = 777;

	for (unsigned i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		switch (x >> 28) {
		case 0: text_add(&t, "0x%x r\n", x >> 4); break;
		case 1: text_add(&t, "%u\tw # c\n", x >> 8); break;
		case 2: text_add(&t, "\n"); break;
		case 3: text_add(&t, "# %u\n", x); break;
		case 4: text_add(&t, " %u r \r\n", x % 1000); break;
		case 5: text_add(&t, "0X%X\n", x); break;
		case 6: text_add(&t, "%020u\n", x); break;
		default: text_add(&t, "%u%s\n", x >> 12, x & 1 ? " r" : ""); break;
		}
	}
	*len = t.len;
	return t.buf;
}

/* A native trace of @n lines of every kind, the same every time. */
static char *generated_native(unsigned n, size_t *len)
{
	struct text t = { 0 };
	uint32_t x = 12345;

	text_add(&t, "#swapsim-trace v1\n");
	for (unsigned i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		switch ((x >> 16) % 12) {
		case 0: text_add(&t, "@%uus spawn %u\n", i * 1000, i + 1); break;
		case 1: text_add(&t, "fork %u %u   # a comment\n", x >> 20 | 1, i + 2); break;
		case 2: text_add(&t, "\n"); break;
		case 3:
			text_add(&t, "mmap 1 0x%x %uK rw- file=%u+%uM shared\n", x, i % 64 + 1, i, i % 3);
			break;
		case 4: text_add(&t, "munmap 1 %u 0x%xK\n", x, i + 1); break;
		case 5: text_add(&t, "# %u\n", x); break;
		case 6: text_add(&t, "swapoff %u\r\n", i % 4); break;
		case 7: text_add(&t, "x 1 0x%x\n", x); break;
		case 8: text_add(&t, "@%ums\tw 3 0x7fff%08x 8\n", i, x); break;
		default: text_add(&t, "r %u 0x%x %u\n", x >> 24 | 1, x, (x >> 8) % 4096 + 1); break;
		}
	}
	*len = t.len;
	return t.buf;
}

static char *generated_lackey(unsigned n, size_t *len)
{
	static const char *const kinds[] = { "I ", " L", " S", " M" };
	struct text t = { 0 };
	uint32_t x = 54321;

	text_add(&t, "==4242== Lackey, an example Valgrind tool\n==4242== \n");
	for (unsigned i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		text_add(&t, "%s %0*x,%u\n", kinds[(x >> 16) % 4], (int)(x >> 28) % 12 + 1, x,
			 (x >> 4) % 16 + 1);
	}
	text_add(&t, "==4242== \n==4242== Exit code:       0\n");
	*len = t.len;
	return t.buf;
}

static void test_blocks(void)
{
	static const size_t blocks[] = { 2, 3, 13, 64, 1000, 65536 };
	struct {
		const char *name;
		char *data;
		size_t len;
		enum trace_format f;
	} inputs[3];

	inputs[0].name = "generated native";
	inputs[0].data = generated_native(3000, &inputs[0].len);
	inputs[0].f = TRACE_FORMAT_NATIVE;
	inputs[1].name = "generated lackey";
	inputs[1].data = generated_lackey(3000, &inputs[1].len);
	inputs[1].f = TRACE_FORMAT_LACKEY;
	inputs[2].name = "generated pages";
	inputs[2].data = generated_pages(3000, &inputs[2].len);
	inputs[2].f = TRACE_FORMAT_PAGES;
	for (size_t i = 0; i < ARRAY_SIZE(inputs); i++) {
		struct run want, got;
		char path[4096], *ws;
		int differ = 0;

		run_buffer(&want, inputs[i].data, inputs[i].len, TRACE_FORMAT_AUTO);
		TAP_EQ_STR(want.error, "", "%s: no error", inputs[i].name);
		TAP_EQ_U64(want.bytes, inputs[i].len, "%s: every byte consumed", inputs[i].name);
		TAP_EQ_INT(modes_differ(inputs[i].name, inputs[i].data, inputs[i].len, inputs[i].f, &want),
			   0, "%s: blocks of 1, 7, 4096, 1 MiB and stdin agree", inputs[i].name);
		ws = run_summary(&want);
		if (!temp_file(path, sizeof(path), inputs[i].data, inputs[i].len)) {
			TAP_OK(false, "%s: temporary file", inputs[i].name);
			continue;
		}
		for (size_t b = 0; b < ARRAY_SIZE(blocks); b++) {
			char *gs = NULL;

			if (run_file(&got, path, blocks[b], TRACE_FORMAT_AUTO) == 0)
				gs = run_summary(&got);
			if (!gs || strcmp(gs, ws) != 0) {
				printf("# block %zu differs\n", blocks[b]);
				differ++;
			}
			free(gs);
			run_release(&got);
		}
		TAP_EQ_INT(differ, 0, "%s: auto-detected, blocks of 2, 3, 13, 64, 1000, 65536 agree",
			   inputs[i].name);
		unlink(path);
		free(ws);
		run_release(&want);
		free(inputs[i].data);
	}
}

/* A line that begins before byte 1 MiB and ends after it, at the default block. */
static void test_megabyte_boundary(void)
{
	struct text t = { 0 };
	struct run want, got;
	char path[4096];
	size_t straddle = 0;

	for (unsigned i = 0; t.len < TRACE_BLOCK_DEFAULT + 100; i++) {
		size_t before = t.len;

		text_add(&t, "w %u 0x%x %u\n", i % 7 + 1, i * 4096, i % 100 + 1);
		if (before < TRACE_BLOCK_DEFAULT && t.len > TRACE_BLOCK_DEFAULT + 1)
			straddle = i + 1;
	}
	TAP_OK(straddle > 0, "1 MiB: line %zu spans the first block's end", straddle);
	run_buffer(&want, t.buf, t.len, TRACE_FORMAT_NATIVE);
	if (TAP_OK(temp_file(path, sizeof(path), t.buf, t.len), "1 MiB: temporary file")) {
		char *a, *b;

		run_file(&got, path, 0, TRACE_FORMAT_NATIVE);
		a = run_summary(&want);
		b = run_summary(&got);
		TAP_OK(strcmp(a, b) == 0, "1 MiB: the file in default blocks reads as the buffer");
		TAP_EQ_U64(got.bytes, t.len, "1 MiB: every byte consumed");
		free(a);
		free(b);
		run_release(&got);
		unlink(path);
	}
	run_release(&want);
	free(t.buf);
}

static void test_progress(void)
{
	static const char native[] = "spawn 1\n\n# c\nexit 1";
	static const char lackey[] = "==1== x\n M 10,4\n\nI  0,1\n";
	struct trace_reader *r;
	struct sim_event ev;

	if (TAP_ZERO(trace_open_buffer(&r, native, sizeof(native) - 1, NAME, TRACE_FORMAT_AUTO,
					 NULL, 0), "progress native: opened")) {
		TAP_EQ_U64(trace_size(r), sizeof(native) - 1, "progress native: size of the buffer");
		TAP_EQ_U64(trace_line(r), 0, "progress native: line 0 before reading");
		TAP_EQ_U64(trace_bytes(r), 0, "progress native: no byte before reading");
		TAP_EQ_INT(trace_next(r, &ev), 1, "progress native: spawn");
		TAP_EQ_U64(trace_line(r), 1, "progress native: spawn on line 1");
		TAP_EQ_U64(trace_bytes(r), 8, "progress native: its 8 bytes");
		TAP_EQ_INT(trace_next(r, &ev), 1, "progress native: exit");
		TAP_EQ_U64(trace_line(r), 4, "progress native: exit on line 4");
		TAP_EQ_U64(trace_bytes(r), 19, "progress native: all 19 bytes");
		TAP_EQ_INT(trace_next(r, &ev), 0, "progress native: the end");
		TAP_EQ_INT(trace_next(r, &ev), 0, "progress native: the end again");
		TAP_EQ_U64(trace_line(r), 4, "progress native: still line 4");
		TAP_EQ_STR(trace_error(r), "", "progress native: no error");
		trace_close(r);
	}
	if (TAP_ZERO(trace_open_buffer(&r, lackey, sizeof(lackey) - 1, NAME, TRACE_FORMAT_AUTO,
					 NULL, 0), "progress lackey: opened")) {
		TAP_EQ_INT(trace_format_of(r), TRACE_FORMAT_LACKEY, "progress lackey: lackey");
		TAP_EQ_INT(trace_next(r, &ev), 1, "progress lackey: spawn");
		TAP_EQ_U64(trace_line(r), 0, "progress lackey: spawn before any line");
		TAP_EQ_U64(trace_bytes(r), 0, "progress lackey: spawn before any byte");
		TAP_EQ_INT(trace_next(r, &ev), 1, "progress lackey: read of the M");
		TAP_EQ_U64(trace_line(r), 2, "progress lackey: read on line 2");
		TAP_EQ_U64(trace_bytes(r), 16, "progress lackey: read after 16 bytes");
		TAP_EQ_INT(trace_next(r, &ev), 1, "progress lackey: write of the M");
		TAP_OK(ev.op == SIM_OP_WRITE && ev.addr == 0x10 && ev.len == 4,
		       "progress lackey: the write is the read's range");
		TAP_EQ_U64(trace_line(r), 2, "progress lackey: write on line 2 too");
		TAP_EQ_U64(trace_bytes(r), 16, "progress lackey: no byte read for the write");
		TAP_EQ_INT(trace_next(r, &ev), 1, "progress lackey: instruction");
		TAP_EQ_U64(trace_line(r), 4, "progress lackey: instruction on line 4");
		TAP_EQ_INT(trace_next(r, &ev), 0, "progress lackey: the end");
		TAP_EQ_U64(trace_bytes(r), sizeof(lackey) - 1, "progress lackey: all bytes");
		trace_close(r);
	}
}

static void test_sticky(void)
{
	static const char in[] = "spawn 1\nspawn 0\nspawn 2\n";
	struct trace_reader *r;
	struct sim_event ev;
	char first[256];

	if (!TAP_ZERO(trace_open_buffer(&r, in, sizeof(in) - 1, NAME, TRACE_FORMAT_NATIVE, NULL, 0),
		      "sticky: opened"))
		return;
	TAP_EQ_INT(trace_next(r, &ev), 1, "sticky: the first line");
	TAP_EQ_INT(trace_next(r, &ev), -EINVAL, "sticky: the error");
	snprintf(first, sizeof(first), "%s", trace_error(r));
	TAP_EQ_STR(first, NAME ":2: spawn: pid is 0", "sticky: its message");
	for (int i = 0; i < 3; i++) {
		TAP_EQ_INT(trace_next(r, &ev), -EINVAL, "sticky: call %d returns it again", i + 1);
		TAP_EQ_STR(trace_error(r), first, "sticky: call %d, same message", i + 1);
		TAP_EQ_U64(trace_line(r), 2, "sticky: call %d, still line 2", i + 1);
	}
	trace__check(r);
	trace_close(r);
}

/* ---- skip-bad mode ---------------------------------------------------------------- */

struct skip_case {
	const char *name;
	enum trace_format f;
	const char *input;
	const char *want;   /* skip_transcript() */
};

static const struct skip_case skip_cases[] = {
	{ "native", TRACE_FORMAT_NATIVE,
	  "spawn 1\nbogus\n@10 r 1 0\n@5 w 1 0\n@20 r 1 zz\n@15 exit 1\n",
	  "spawn 1|@10 r 1 0 1|@15 exit 1 = 0 line 6 bytes 55  | bad 3"
	  " | :2: unknown keyword 'bogus'"
	  " | :4: time goes backwards: '@5' after 10 ns"
	  " | :5: r: bad address 'zz'" },
	{ "native: a bad header", TRACE_FORMAT_NATIVE, "#swapsim-trace v2\nspawn 1\n",
	  "spawn 1 = 0 line 2 bytes 26  | bad 1 | :1: unsupported trace version 'v2'" },
	{ "native: a bad last line without a newline", TRACE_FORMAT_NATIVE, "spawn 1\nspawn 0",
	  "spawn 1 = 0 line 2 bytes 15  | bad 1 | :2: spawn: pid is 0" },
	{ "lackey", TRACE_FORMAT_LACKEY, " M 10,4\nhello\nI  0,1\nI  zz,1\n L 20,8",
	  "spawn 1|r 1 0x10 4 auto|w 1 0x10 4 auto|x 1 0 1 auto|r 1 0x20 8 auto"
	  " = 0 line 5 bytes 36  | bad 2"
	  " | :2: not a lackey line: 'hello'"
	  " | :4: bad address 'zz'" },
	{ "pages", TRACE_FORMAT_PAGES, "1\nx\n2 r\n99999999999999999999\n3 q\n4 w 5\n5",
	  "spawn 1|w 1 0x1000 4096 auto|r 1 0x2000 4096 auto|w 1 0x5000 4096 auto"
	  " = 0 line 7 bytes 40  | bad 4"
	  " | :2: bad page number 'x'"
	  " | :4: page number too large"
	  " | :5: bad access 'q' (r or w)"
	  " | :6: extra field '5'" },
	{ "pages: every line bad", TRACE_FORMAT_PAGES, "a\nb\n",
	  "spawn 1 = 0 line 2 bytes 4  | bad 2 | :1: bad page number 'a' | :2: bad page number 'b'" },
	{ "pages: nothing bad", TRACE_FORMAT_PAGES, "1\n",
	  "spawn 1|w 1 0x1000 4096 auto = 0 line 1 bytes 2  | bad 0" },
	{ "auto-detected pages", TRACE_FORMAT_AUTO, "# c\n7 r\nI  0,1\n8\n",
	  "spawn 1|r 1 0x7000 4096 auto|w 1 0x8000 4096 auto = 0 line 4 bytes 17  | bad 1"
	  " | :3: bad page number 'I'" },
};

static void test_skip_bad(void)
{
	struct trace_reader *r;
	struct sim_event ev;
	struct text t = { 0 };
	size_t len;
	char *s, want[128];

	for (size_t i = 0; i < ARRAY_SIZE(skip_cases); i++)
		test_skip_case(skip_cases[i].name, skip_cases[i].f, skip_cases[i].input,
			       strlen(skip_cases[i].input), skip_cases[i].want);

	/* Lines too long are dropped to their newline, or to the end of the input. */
	s = padded(TRACE_LINE_MAX + 2, TRACE_LINE_MAX + 2, "1\n", "2 r\n", &len);
	s[2] = 'x';
	snprintf(want, sizeof(want), "spawn 1|w 1 0x1000 4096 auto|r 1 0x2000 4096 auto"
		 " = 0 line 3 bytes %zu  | bad 1 | :2: line longer than 65536 bytes", len);
	test_skip_case("pages: a line too long", TRACE_FORMAT_PAGES, s, len, want);
	free(s);
	s = padded(3 * TRACE_LINE_MAX, 3 * TRACE_LINE_MAX, "I  0,1\n", "", &len);
	s[len - 1] = 'x';
	snprintf(want, sizeof(want), "spawn 1|x 1 0 1 auto = 0 line 2 bytes %zu  | bad 1"
		 " | :2: line longer than 65536 bytes", len);
	test_skip_case("lackey: a line too long to the end", TRACE_FORMAT_LACKEY, s, len, want);
	free(s);
	s = padded(TRACE_LINE_MAX + 100, TRACE_LINE_MAX + 100, "spawn 1\n", "exit 1", &len);
	snprintf(want, sizeof(want), "spawn 1|exit 1 = 0 line 3 bytes %zu  | bad 1"
		 " | :2: line longer than 65536 bytes", len);
	test_skip_case("native: a comment too long", TRACE_FORMAT_NATIVE, s, len, want);
	free(s);

	/* 25 bad lines: all counted, the first 10 kept. */
	for (unsigned i = 1; i <= 50; i++)
		text_add(&t, i % 2 ? "bad%u\n" : "%u\n", i);
	if (TAP_ZERO(trace_open_buffer(&r, t.buf, t.len, NAME, TRACE_FORMAT_PAGES, NULL, 0),
		     "skip-bad many: opened")) {
		unsigned events = 0;
		int rc;

		TAP_OK(trace_bad_line_message(r, 0) == NULL, "skip-bad many: no message before");
		trace_set_skip_bad(r, true);
		while ((rc = trace_next(r, &ev)) == 1)
			events++;
		TAP_EQ_INT(rc, 0, "skip-bad many: to the end");
		TAP_EQ_INT(events, 26, "skip-bad many: the spawn and 25 good lines");
		TAP_EQ_U64(trace_bad_lines(r), 25, "skip-bad many: 25 bad lines");
		TAP_EQ_STR(trace_error(r), "", "skip-bad many: no error");
		for (size_t i = 0; i < TRACE_BAD_LINES_KEPT; i++) {
			snprintf(want, sizeof(want), NAME ":%zu: bad page number 'bad%zu'", 2 * i + 1,
				 2 * i + 1);
			TAP_EQ_STR(trace_bad_line_message(r, i), want, "skip-bad many: message %zu", i);
		}
		TAP_OK(trace_bad_line_message(r, TRACE_BAD_LINES_KEPT) == NULL,
		       "skip-bad many: only %d kept", TRACE_BAD_LINES_KEPT);
		trace__check(r);
		trace_close(r);
	}
	free(t.buf);

	/* Switched off again, the next bad line stops the reader. */
	{
		static const char in[] = "1\nx\n2\ny\n3\n";

		if (TAP_ZERO(trace_open_buffer(&r, in, sizeof(in) - 1, NAME, TRACE_FORMAT_PAGES, NULL, 0),
			     "skip-bad off: opened")) {
			trace_set_skip_bad(r, true);
			TAP_EQ_INT(trace_next(r, &ev), 1, "skip-bad off: spawn");
			TAP_EQ_INT(trace_next(r, &ev), 1, "skip-bad off: page 1");
			TAP_EQ_INT(trace_next(r, &ev), 1, "skip-bad off: page 2, past x");
			TAP_EQ_U64(ev.addr, 0x2000, "skip-bad off: it is page 2");
			trace_set_skip_bad(r, false);
			TAP_EQ_INT(trace_next(r, &ev), -EINVAL, "skip-bad off: y stops it");
			TAP_EQ_STR(trace_error(r), NAME ":4: bad page number 'y'", "skip-bad off: message");
			TAP_EQ_U64(trace_bad_lines(r), 1, "skip-bad off: one skipped before");
			trace_set_skip_bad(r, true);
			TAP_EQ_INT(trace_next(r, &ev), -EINVAL, "skip-bad off: the error stays");
			trace_close(r);
		}
	}
}

/* ---- files, standard input, errors --------------------------------------------- */

static void test_files(void)
{
	static const char in[] = "spawn 1\nbogus\n";
	struct trace_reader *r = (struct trace_reader *)1;
	char path[4096], err[256], want[4200];
	struct sim_event ev;
	int fd;

	TAP_EQ_INT(trace_open(&r, "/nonexistent/trace", TRACE_FORMAT_AUTO, err, sizeof(err)), -ENOENT,
		   "open: missing file");
	TAP_OK(r == NULL, "open: no reader on failure");
	TAP_EQ_STR(err, "cannot open '/nonexistent/trace': No such file or directory",
		   "open: missing file, message");
	TAP_EQ_INT(trace_open(&r, ".", TRACE_FORMAT_NATIVE, err, sizeof(err)), -EISDIR,
		   "open: a directory");
	TAP_EQ_STR(err, "cannot read '.': Is a directory", "open: a directory, message");
	TAP_EQ_INT(trace_open(&r, ".", TRACE_FORMAT_NATIVE, NULL, 0), -EISDIR,
		   "open: no room for the message");
	TAP_EQ_INT(trace_open(&r, "/dev/null", (enum trace_format)TRACE_FORMAT_COUNT, err, sizeof(err)),
		   -EINVAL, "open: a format out of range");
	TAP_EQ_INT(trace_open_buffer(&r, "", 0, NAME, (enum trace_format)77, err, sizeof(err)), -EINVAL,
		   "open buffer: a format out of range");
	TAP_EQ_INT(trace_open_buffer(&r, NULL, 0, NAME, TRACE_FORMAT_AUTO, err, sizeof(err)), 0,
		   "open buffer: no bytes at all");
	if (r) {
		TAP_EQ_INT(trace_next(r, &ev), 0, "open buffer: no bytes, no event");
		trace_close(r);
	}
	trace_close(NULL);
	TAP_OK(true, "close: NULL is fine");

	if (!TAP_OK(temp_file(path, sizeof(path), in, sizeof(in) - 1), "file: temporary file"))
		return;
	if (TAP_ZERO(trace_open(&r, path, TRACE_FORMAT_AUTO, err, sizeof(err)), "file: opened")) {
		TAP_EQ_U64(trace_size(r), sizeof(in) - 1, "file: size");
		TAP_EQ_INT(trace_format_of(r), TRACE_FORMAT_NATIVE, "file: native");
		TAP_EQ_INT(trace_next(r, &ev), 1, "file: spawn");
		TAP_EQ_INT(trace_next(r, &ev), -EINVAL, "file: bogus");
		snprintf(want, sizeof(want), "%s:2: unknown keyword 'bogus'", path);
		TAP_EQ_STR(trace_error(r), want, "file: the error names the file");
		trace_close(r);
	}

	/* A pages trace from standard input: the error says <stdin>. */
	{
		static const char pin[] = "1 r\n0x2\nbad\n";
		char ppath[4096];

		if (TAP_OK(temp_file(ppath, sizeof(ppath), pin, sizeof(pin) - 1), "pages stdin: file")) {
			fd = open(ppath, O_RDONLY);
			if (TAP_OK(fd >= 0 && stdin_from(fd), "pages stdin: from the file") &&
			    TAP_ZERO(trace_open(&r, "-", TRACE_FORMAT_AUTO, err, sizeof(err)),
				     "pages stdin: opened")) {
				TAP_EQ_INT(trace_format_of(r), TRACE_FORMAT_PAGES, "pages stdin: detected");
				TAP_EQ_INT(trace_next(r, &ev), 1, "pages stdin: spawn");
				TAP_OK(ev.op == SIM_OP_SPAWN && ev.pid == 1, "pages stdin: of pid 1");
				TAP_EQ_INT(trace_next(r, &ev), 1, "pages stdin: page 1");
				TAP_OK(ev.op == SIM_OP_READ && ev.addr == 0x1000 && ev.len == 4096 &&
				       ev.pid == 1 && ev.flags == SIM_ACCESS_AUTOMAP,
				       "pages stdin: a read of page 1");
				TAP_EQ_INT(trace_next(r, &ev), 1, "pages stdin: page 2");
				TAP_OK(ev.op == SIM_OP_WRITE && ev.addr == 0x2000, "pages stdin: a write of page 2");
				TAP_EQ_INT(trace_next(r, &ev), -EINVAL, "pages stdin: bad");
				TAP_EQ_STR(trace_error(r), "<stdin>:3: bad page number 'bad'",
					   "pages stdin: the error says <stdin>");
				trace_close(r);
			}
			stdin_restore();
			if (fd >= 0)
				close(fd);
			unlink(ppath);
		}
	}

	/* Standard input from the same file. */
	fd = open(path, O_RDONLY);
	if (TAP_OK(fd >= 0 && stdin_from(fd), "stdin: from the file")) {
		if (TAP_ZERO(trace_open(&r, "-", TRACE_FORMAT_AUTO, err, sizeof(err)), "stdin: opened")) {
			TAP_EQ_U64(trace_size(r), sizeof(in) - 1, "stdin: a regular file has a size");
			TAP_EQ_INT(trace_next(r, &ev), 1, "stdin: spawn");
			TAP_EQ_INT(trace_next(r, &ev), -EINVAL, "stdin: bogus");
			TAP_EQ_STR(trace_error(r), "<stdin>:2: unknown keyword 'bogus'",
				   "stdin: the error says <stdin>");
			trace_close(r);
		}
		TAP_OK(fcntl(STDIN_FILENO, F_GETFD) >= 0, "stdin: still open after close");
		stdin_restore();
	}
	if (fd >= 0)
		close(fd);

	/* A descriptor that cannot be read: the error is -errno, and it stays. */
	fd = open(path, O_WRONLY);
	if (TAP_OK(fd >= 0 && stdin_from(fd), "read error: stdin write-only")) {
		if (TAP_ZERO(trace_open(&r, "-", TRACE_FORMAT_NATIVE, err, sizeof(err)),
			     "read error: opened as native")) {
			TAP_EQ_INT(trace_next(r, &ev), -EBADF, "read error: -EBADF");
			TAP_EQ_STR(trace_error(r), "cannot read '<stdin>': Bad file descriptor",
				   "read error: message");
			TAP_EQ_INT(trace_next(r, &ev), -EBADF, "read error: again");
			trace_close(r);
		}
		if (TAP_ZERO(trace_open(&r, "-", TRACE_FORMAT_PAGES, err, sizeof(err)),
			     "read error: opened as pages")) {
			trace_set_skip_bad(r, true);
			TAP_EQ_INT(trace_next(r, &ev), 1, "read error, skip-bad: the spawn");
			TAP_EQ_INT(trace_next(r, &ev), -EBADF, "read error, skip-bad: still stops");
			TAP_EQ_U64(trace_bad_lines(r), 0, "read error, skip-bad: not a bad line");
			trace_close(r);
		}
		TAP_EQ_INT(trace_open(&r, "-", TRACE_FORMAT_AUTO, err, sizeof(err)), -EBADF,
			   "read error: auto-detection fails to open");
		TAP_EQ_STR(err, "cannot read '<stdin>': Bad file descriptor",
			   "read error: auto-detection's message");
		stdin_restore();
	}
	if (fd >= 0)
		close(fd);
	unlink(path);
}

/* ---- bundled data -------------------------------------------------------------- */

static void test_example(void)
{
	struct run run;
	int rc = run_file(&run, "tests/data/example.trace", 0, TRACE_FORMAT_AUTO);
	size_t n = 1;

	if (!TAP_ZERO(rc, "example.trace: opened"))
		return;
	TAP_EQ_STR(run.error, "", "example.trace: valid");
	/* 27 event lines, counted by hand in the file. */
	for (const char *p = run.events.buf; *p; p++)
		n += *p == '|';
	TAP_EQ_U64(n, 27, "example.trace: 27 events");
	TAP_OK(strstr(run.events.buf, "@70000 fork 1 2") != NULL, "example.trace: the fork at 70 us");
	TAP_OK(strstr(run.events.buf, "@100000 mmap 2 0x7e0000000000 1048576 r-- file=2+65536 shared"),
	       "example.trace: the shared file mapping");
	TAP_OK(strstr(run.events.buf, "@10000000 exit 1") != NULL, "example.trace: ends at 10 ms");
	run_release(&run);
}

/* tests/data/sample.pages: the counts come from grep and wc (tests/data/README.md). */
static void test_sample_pages(void)
{
	uint64_t count[SIM_OP_COUNT] = { 0 }, other = 0, marked = 0;
	struct trace_reader *r;
	struct sim_event ev;
	char err[256];
	int rc;

	if (!TAP_ZERO(trace_open(&r, "tests/data/sample.pages", TRACE_FORMAT_AUTO, err, sizeof(err)),
		      "sample.pages: opened"))
		return;
	TAP_EQ_INT(trace_format_of(r), TRACE_FORMAT_PAGES, "sample.pages: detected as pages");
	while ((rc = trace_next(r, &ev)) == 1) {
		count[ev.op]++;
		if (ev.op != SIM_OP_SPAWN)
			other += ev.pid != 1 || ev.flags != SIM_ACCESS_AUTOMAP || ev.len != 4096;
		if (ev.addr == 0x7ffff000 || ev.addr == 0x7fffe000 || ev.addr == 0x10000)
			marked++;
	}
	TAP_EQ_INT(rc, 0, "sample.pages: read to the end %s", trace_error(r));
	TAP_EQ_U64(count[SIM_OP_SPAWN], 1, "sample.pages: one spawn");
	TAP_EQ_U64(count[SIM_OP_READ], 9, "sample.pages: 9 reads");
	TAP_EQ_U64(count[SIM_OP_WRITE], 8, "sample.pages: 8 writes");
	/* 0x7ffff twice, 0x7fffe once, 00016 and 16: the hex and zero-padded lines. */
	TAP_EQ_U64(marked, 5, "sample.pages: 5 accesses to the stack pages and page 16");
	TAP_EQ_U64(other, 0, "sample.pages: every access pid 1, one page, automap");
	TAP_EQ_U64(trace_line(r), 22, "sample.pages: 22 lines");
	TAP_EQ_U64(trace_bytes(r), 383, "sample.pages: 383 bytes");
	trace_close(r);
}

/*
 * The bundled lackey trace, through a pipe from zcat on standard input.
 * The counts come from grep over the decompressed file (tests/data/README.md).
 */
static void test_bundled_lackey(void)
{
	const char *gz = "tests/data/sort.lackey.gz";
	uint64_t count[SIM_OP_COUNT] = { 0 }, auto_map = 0;
	struct trace_reader *r;
	struct sim_event ev;
	char err[256], cmd[512];
	FILE *p;
	int rc;

	if (access(gz, R_OK) != 0) {
		TAP_OK(false, "bundled trace: %s is missing (run from the top directory)", gz);
		return;
	}
	snprintf(cmd, sizeof(cmd), "gzip -dc %s", gz);
	p = popen(cmd, "r");
	if (!TAP_OK(p && stdin_from(fileno(p)), "bundled trace: piped from gzip -dc")) {
		if (p)
			pclose(p);
		return;
	}
	rc = trace_open(&r, "-", TRACE_FORMAT_AUTO, err, sizeof(err));
	if (TAP_ZERO(rc, "bundled trace: opened")) {
		TAP_EQ_INT(trace_format_of(r), TRACE_FORMAT_LACKEY, "bundled trace: detected as lackey");
		TAP_EQ_U64(trace_size(r), 0, "bundled trace: a pipe has no size");
		while ((rc = trace_next(r, &ev)) == 1) {
			count[ev.op]++;
			auto_map += ev.flags == SIM_ACCESS_AUTOMAP && ev.pid == 1;
		}
		TAP_EQ_INT(rc, 0, "bundled trace: read to the end %s", trace_error(r));
		TAP_EQ_U64(count[SIM_OP_SPAWN], 1, "bundled trace: one spawn");
		TAP_EQ_U64(count[SIM_OP_EXEC], 1124937, "bundled trace: 1124937 instruction fetches (I)");
		TAP_EQ_U64(count[SIM_OP_READ], 291715 + 5145, "bundled trace: reads = L + M");
		TAP_EQ_U64(count[SIM_OP_WRITE], 145394 + 5145, "bundled trace: writes = S + M");
		TAP_EQ_U64(auto_map, 1124937 + 291715 + 145394 + 2 * 5145,
			   "bundled trace: every access pid 1, automap");
		TAP_EQ_U64(trace_line(r), 1567216, "bundled trace: 1567216 lines");
		TAP_EQ_U64(trace_bytes(r), 22478603, "bundled trace: 22478603 bytes");
		trace_close(r);
	}
	stdin_restore();
	TAP_EQ_INT(pclose(p), 0, "bundled trace: gzip -dc succeeded");
}

/* ---- numbers and quoting ----------------------------------------------------- */

static void test_numbers(void)
{
	static const struct {
		const char *s;
		bool hex_prefix;
		enum trace_num want;
		uint64_t v;
	} cases[] = {
		{ "0", true, TRACE_NUM_OK, 0 },
		{ "18446744073709551615", true, TRACE_NUM_OK, UINT64_MAX },
		{ "18446744073709551616", true, TRACE_NUM_RANGE, 0 },
		{ "99999999999999999999", true, TRACE_NUM_RANGE, 0 },
		{ "0xffffffffffffffff", true, TRACE_NUM_OK, UINT64_MAX },
		{ "0x1ffffffffffffffff", true, TRACE_NUM_RANGE, 0 },
		{ "0x", true, TRACE_NUM_BAD, 0 },
		{ "0x10", false, TRACE_NUM_BAD, 0 },
		{ "", true, TRACE_NUM_BAD, 0 },
		{ "12a", true, TRACE_NUM_BAD, 0 },
		{ "99999999999999999999x", true, TRACE_NUM_BAD, 0 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		uint64_t v = 0;
		const char *s = cases[i].s;
		enum trace_num st = trace__parse_u64(s, s + strlen(s), cases[i].hex_prefix, &v);

		TAP_EQ_INT(st, cases[i].want, "number '%s'%s: status", s,
			   cases[i].hex_prefix ? "" : " (no 0x)");
		if (st == TRACE_NUM_OK)
			TAP_EQ_U64(v, cases[i].v, "number '%s': value", s);
	}
}

int main(void)
{
	test_format_names();
	test_numbers();
	test_tables();
	test_event_fields();
	test_nul();
	test_detect();
	test_long_lines();
	test_blocks();
	test_megabyte_boundary();
	test_progress();
	test_sticky();
	test_skip_bad();
	test_files();
	test_example();
	test_sample_pages();
	test_bundled_lackey();
	return tap_done();
}
