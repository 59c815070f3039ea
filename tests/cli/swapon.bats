#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# swapon.bats - swapon and swapoff (one program, two names): the call each
# command line makes (path and flags), the checks before it, the listings,
# the messages and the exit codes.
#
# Judges: util-linux's behaviour as /work/shared/util-linux-facts.md
# sections 2 and 3 describe it (util-linux swapon and swapoff themselves are
# never run here, not even with --help); util-linux 2.38.1 mkswap for the
# areas (an area it makes must be taken exactly like one ours makes, and a
# --fixpgsz rewrite must equal what it writes); libmount's reading of
# /proc/swaps; jq for --json.
#
# Safety.  The system's swapon(2) and swapoff(2) are never reached: every
# run goes through sw(), which runs the program as
#
#	unshare --user --map-root-user env LD_PRELOAD=<swapshim.so> ...
#
# so that libc's swapon() and swapoff() are the shim's, which only append a
# line to $LOG ("swapon <path> 0x<flags>" / "swapoff <path>") and answer
# from $RESULT (tests/helpers/swapshim.c); in the user namespace a call
# that slipped past the shim could only fail with EPERM.  sw() refuses to
# run without the shim, or a program that is not ours.  /proc/swaps and
# /etc/fstab are always fixture files in $BATS_TEST_TMPDIR
# (SWAPAREA_PROC_SWAPS, SWAPAREA_FSTAB), and libblkid is told to look only
# at /dev/disk/by-* links (BLKID_CONF: EVALUATE=udev), never to scan and
# probe the block devices, when a LABEL= or UUID= is resolved.  Names in
# /proc/swaps fixtures are files of the test or paths that do not exist.
# Every file lives under $BATS_TEST_TMPDIR; no block device is named.

bats_require_minimum_version 1.5.0

load helpers

SWAPON=$BUILD_DIR/swapon
SWAPOFF=$BUILD_DIR/swapoff
SHIM=$BUILD_DIR/tests/helpers/swapshim.so

# The ASan runtime wants to come first; the shim is preloaded ahead of it.
SAN_ENV=()
if grep -qa 'libasan\.so' "$SWAPON" 2>/dev/null; then
	SAN_ENV=(ASAN_OPTIONS=verify_asan_link_order=0)
fi

# Fixed UUIDs, so that outputs can be compared text for text.
U1=0a1b2c3d-4e5f-4071-8293-a4b5c6d7e8f9
U2=1b2c3d4e-5f60-4182-93a4-b5c6d7e8f901

# Names for /proc/swaps fixtures that are only listed, never opened.
N=/nonexistent-swaparea-test

setup() {
	require_mkswap
	T=$(cd "$BATS_TEST_TMPDIR" && pwd -P) || return 1
	cd "$T" || return 1
	LOG=$T/calls.log OUT=$T/out ERR=$T/err RC=
	PROC_SWAPS=$T/proc-swaps FSTAB=$T/fstab
	RESULT= PS=
	printf 'EVALUATE=udev\n' >"$T/blkid.conf"
	swaps_fixture
	: >"$FSTAB"
}

# ---- helpers ---------------------------------------------------------------

# sw TOOL ARGS...: run our swapon or swapoff, the only way this file runs
# either (see Safety above), with $T as cwd and at most 10 s.  The shim's
# log goes to $LOG (emptied first), its answers come from $RESULT, the
# fixtures are $PROC_SWAPS and $FSTAB, $PS (if set) is the page size the
# program takes for the system's.  stdout, stderr and the exit status go
# to $OUT, $ERR and $RC, the program's path shown as its name (OUT may be
# set to a device such as /dev/full for one call).
sw() {
	local tool=$1 bin
	local -a env
	shift
	case $tool in
	swapon) bin=$SWAPON ;;
	swapoff) bin=$SWAPOFF ;;
	*) echo "# sw: not swapon or swapoff: $tool" >&2; return 1 ;;
	esac
	if [ ! -f "$SHIM" ]; then
		echo "# $SHIM is missing (make DEVELOPER=1 tests): refusing to run $tool without it" >&2
		return 1
	fi
	if [ ! -x "$bin" ] || ! grep -qa 'from swaparea' "$bin"; then
		echo "# $bin is not our $tool (build it: make DEVELOPER=1): refusing to run it" >&2
		return 1
	fi
	case $PROC_SWAPS:$FSTAB in
	"$T"/*:"$T"/*) ;;
	*) echo "# sw: fixtures must be under $T: $PROC_SWAPS $FSTAB" >&2; return 1 ;;
	esac
	env=(LD_PRELOAD="$SHIM" SWAPSHIM_LOG="$LOG" SWAPSHIM_RESULT="$RESULT"
		SWAPAREA_PROC_SWAPS="$PROC_SWAPS" SWAPAREA_FSTAB="$FSTAB"
		BLKID_CONF="$T/blkid.conf" BLKID_FILE="$T/blkid.tab" "${SAN_ENV[@]}")
	[ -z "$PS" ] || env+=(SWAPAREA_PAGESIZE="$PS")
	: >"$LOG"
	RC=0
	(cd "$T" && exec timeout 10 unshare --user --map-root-user env "${env[@]}" "$bin" "$@") \
		>"$OUT" 2>"$ERR" || RC=$?
	sed -i -e "s|$bin|$tool|g" "$ERR"
	[ ! -f "$OUT" ] || sed -i -e "s|$bin|$tool|g" "$OUT"
}

# kernel_escape NAME: NAME as /proc/swaps shows it (seq_file_path escapes
# blank, tab, newline and backslash as \ooo).
kernel_escape() {
	local s=$1 out="" c i
	for ((i = 0; i < ${#s}; i++)); do
		c=${s:i:1}
		case $c in
		' ') out+='\040' ;;
		$'\t') out+='\011' ;;
		$'\n') out+='\012' ;;
		'\') out+='\134' ;;
		*) out+=$c ;;
		esac
	done
	printf '%s' "$out"
}

# swaps_fixture [NAME TYPE SIZE-KIB USED-KIB PRIO]...: write $PROC_SWAPS in
# the kernel's layout (mm/swapfile.c swap_show); TYPE is file or partition.
swaps_fixture() {
	local name type pad t1 t2
	printf 'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n' >"$PROC_SWAPS"
	while [ $# -ge 5 ]; do
		name=$(kernel_escape "$1")
		type=$2
		[ "$type" = file ] && type=$'file\t'
		pad=$((${#name} < 40 ? 40 - ${#name} : 1))
		t1='' t2=''
		[ "$3" -lt 10000000 ] && t1=$'\t'
		[ "$4" -lt 10000000 ] && t2=$'\t'
		printf '%s%*s%s\t%s\t%s%s\t%s%s\n' "$name" "$pad" ' ' "$type" "$3" "$t1" "$4" "$t2" "$5" \
			>>"$PROC_SWAPS"
		shift 5
	done
}

# mk_area FILE [SIZE [MKSWAP-ARGS...]]: a fully written 0600 file of SIZE
# bytes (1 MiB) made a swap area by ${MK:-our mkswap}.
mk_area() {
	local f=$1 size=${2:-1M}
	shift $(($# < 2 ? $# : 2))
	require_4k
	mk_filled "$f" "$size"
	"${MK:-$MKSWAP}" -q "$@" "$f" >/dev/null
}

# Area fixtures and messages are laid out for 4 KiB pages.
require_4k() {
	[ "$PAGESIZE" = 4096 ] || skip "fixtures are laid out for 4096-byte pages, not $PAGESIZE"
}

# fstab_fixture LINE...: write $FSTAB.
fstab_fixture() {
	printf '%s\n' "$@" >"$FSTAB"
}

# assert_log <<EOF: the shim's log must be exactly this.
assert_log() {
	assert_file_is "$LOG"
}

# assert_calls VERB CALL...: the shim's log is exactly "VERB $T/CALL", one
# a line (CALL is "NAME FLAGS" for swapon, "NAME" for swapoff).
assert_calls() {
	local verb=$1 c
	shift
	for c; do
		echo "$verb $T/$c"
	done | assert_log
}

# enables FLAGS ARGS...: `swapon ARGS` exits 0 after one call, for
# $T/a.swap with FLAGS.
enables() {
	local flags=$1
	shift
	sw swapon "$@"
	assert_rc 0
	assert_calls swapon "a.swap $flags"
}

# refuses RC TOOL ARGS... <<EOF: `TOOL ARGS` exits RC without a call,
# saying exactly this on stderr.
refuses() {
	local rc=$1
	shift
	sw "$@"
	assert_rc "$rc"
	assert_no_call
	assert_file_is "$ERR"
}

# assert_no_call: the shim was never called.
assert_no_call() {
	assert_empty "$LOG"
}

# assert_err_line N TEXT: line N of $ERR is TEXT.
assert_err_line() {
	sed -n "$1p" "$ERR" >"$T/err.line$1"
	echo "$2" | assert_file_is "$T/err.line$1"
}

# changed_only A B RANGE...: every byte where files A and B differ lies in
# one of the RANGEs ("first-last", offsets from 0); lists the others.
changed_only() {
	local a=$1 b=$2 bad
	shift 2
	bad=$(cmp -l -- "$a" "$b" | awk -v ranges="$*" '
		BEGIN { n = split(ranges, r, " ") }
		{ off = $1 - 1; ok = 0
		  for (i = 1; i <= n; i++) { split(r[i], lh, "-"); if (off >= lh[1] && off <= lh[2]) ok = 1 }
		  if (!ok) print off }' | head -20)
	if [ -n "$bad" ]; then
		echo "# $b changed outside $*, at:" $bad >&2
		return 1
	fi
}

# report_failures LIST: fail, naming every failing case, if LIST is not empty.
report_failures() {
	if [ -n "$1" ]; then
		echo "# failing cases:$1" >&2
		return 1
	fi
}

# put_text FILE OFFSET TEXT: overwrite in place (printf escapes allowed).
put_text() {
	printf "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

# ---- 0. the harness --------------------------------------------------------

@test "harness: the shim is preloaded: the call is recorded in the log and answered from SWAPSHIM_RESULT" {
	mk_area a.swap
	enables 0x0 a.swap
	RESULT=EBUSY
	sw swapon a.swap
	assert_rc 255
	assert_calls swapon "a.swap 0x0"
	grep -qF 'swapon failed: Device or resource busy' "$ERR"
	sw swapoff a.swap
	assert_calls swapoff a.swap
}

@test "harness: sw refuses to run without the shim" {
	mk_area a.swap
	SHIM=$T/no-such-shim.so
	run -1 sw swapon a.swap
	[[ $output == *"refusing to run swapon without it"* ]]
	[ ! -s "$LOG" ]
}

# ---- 1. the call: path and flags ---------------------------------------------

@test "a path is enabled by its canonical absolute name with flags 0x0" {
	mk_area a.swap
	mkdir sub
	ln -s a.swap link.swap
	sw swapon ./sub/../a.swap link.swap
	assert_rc 0
	assert_empty "$OUT"
	assert_empty "$ERR"
	assert_calls swapon "a.swap 0x0" "a.swap 0x0"
}

@test "-p 5 and --priority=5: SWAP_FLAG_PREFER | 5 = 0x8005; -p 0 0x8000; -p 32767 0xffff" {
	mk_area a.swap
	enables 0x8005 -p 5 a.swap
	enables 0x8005 --priority=5 a.swap
	enables 0x8000 -p 0 a.swap
	enables 0xffff -p 32767 a.swap
}

@test "a negative -p leaves the priority to the kernel: no SWAP_FLAG_PREFER" {
	mk_area a.swap
	enables 0x0 -p -1 a.swap
	enables 0x0 -p -32768 a.swap
}

@test "-p out of the int16 range: failed to parse priority (ERANGE), exit 1, no call" {
	mk_area a.swap
	refuses 1 swapon -p 40000 a.swap <<-EOF
		swapon: failed to parse priority: '40000': Numerical result out of range
	EOF
	sw swapon -p -32769 a.swap
	assert_rc 1
	assert_no_call
}

@test "-p that is not a number: failed to parse priority, exit 1, no call" {
	mk_area a.swap
	refuses 1 swapon -p 5x a.swap <<-EOF
		swapon: failed to parse priority: '5x'
	EOF
}

@test "-d and --discard: SWAP_FLAG_DISCARD 0x10000" {
	mk_area a.swap
	enables 0x10000 -d a.swap
	enables 0x10000 --discard a.swap
}

@test "-d=once, -donce, --discard=once: 0x30000" {
	mk_area a.swap
	local arg
	for arg in -d=once -donce --discard=once; do
		enables 0x30000 "$arg" a.swap
	done
}

@test "--discard=pages, -dpages: 0x50000" {
	mk_area a.swap
	enables 0x50000 --discard=pages a.swap
	enables 0x50000 -dpages a.swap
}

@test "both discard policies at once are plain discard (0x10000: the kernel then does both)" {
	mk_area a.swap
	enables 0x10000 --discard=once --discard=pages a.swap
}

@test "a discard policy that is not once or pages: unsupported discard policy, exit 1, no call" {
	mk_area a.swap
	refuses 1 swapon --discard=never a.swap <<-EOF
		swapon: unsupported discard policy: never
	EOF
	sw swapon -dx a.swap
	assert_rc 1
	assert_file_is "$ERR" <<-EOF
		swapon: unsupported discard policy: x
	EOF
}

@test "a discard policy is the whole word: -do, --discard=p and -d= are unsupported, as util-linux (strcmp) says" {
	mk_area a.swap
	local c
	for c in -do:o --discard=p:p -d=:; do
		echo "swapon: unsupported discard policy: ${c#*:}" | refuses 1 swapon "${c%%:*}" a.swap
	done
}

@test "-p and -d together: 0x18003" {
	mk_area a.swap
	enables 0x18003 -p 3 -d a.swap
}

@test "-o pri=3,discard=once: 0x38003" {
	mk_area a.swap
	enables 0x38003 -o pri=3,discard=once a.swap
}

@test "-o overrides the command line: -p 9 -o pri=3 is 0x8003, wherever -o stands" {
	mk_area a.swap
	enables 0x8003 -p 9 -o pri=3 a.swap
	enables 0x8003 -o pri=3 -p 9 a.swap
}

@test "-o: an invalid pri= and unknown options are ignored; discard=<other> is plain discard" {
	mk_area a.swap
	sw swapon -p 9 -o pri=x,sw,defaults,foo=bar a.swap
	assert_rc 0
	assert_empty "$ERR"
	assert_calls swapon "a.swap 0x8009"
	enables 0x10000 -o discard=whatever a.swap
}

@test "-v prints 'swapon <path>' on stdout and the diagnostics on stderr" {
	mk_area a.swap
	sw swapon -v "$T/a.swap"
	assert_rc 0
	assert_file_is "$OUT" <<-EOF
		swapon $T/a.swap
	EOF
	assert_file_is "$ERR" <<-EOF
		swapon: $T/a.swap: found signature [pagesize=4096, signature=swap]
		swapon: $T/a.swap: pagesize=4096, swapsize=1048576, devsize=1048576
	EOF
	assert_calls swapon "a.swap 0x0"
}

@test "areas are enabled in order: -L labels, then -U UUIDs, then the arguments" {
	mk_area a.swap 1M -L la
	mk_area b.swap 1M -U "$U2"
	mk_area c.swap
	fstab_fixture "$T/a.swap none swap sw 0 0" "$T/b.swap none swap sw 0 0"
	sw swapon c.swap -U "$U2" -L la
	assert_rc 0
	assert_calls swapon "a.swap 0x0" "b.swap 0x0" "c.swap 0x0"
}

# ---- 2. specs: LABEL=, UUID=, -L, -U, PARTLABEL=, PARTUUID= --------------------

@test "-L and LABEL= find a swap file the fstab fixture lists by path" {
	mk_area a.swap 1M -L mylabel
	fstab_fixture "$T/a.swap none swap sw 0 0"
	enables 0x0 -L mylabel
	enables 0x0 LABEL=mylabel
}

@test "-U and UUID= find a swap file the /proc/swaps fixture lists" {
	mk_area a.swap 1M -U "$U1"
	swaps_fixture "$T/a.swap" file 1020 0 -2
	enables 0x0 -U "$U1"
	enables 0x8004 -p 4 UUID=$U1
}

@test "-v with -L prints the path found" {
	mk_area a.swap 1M -L mylabel
	fstab_fixture "$T/a.swap none swap sw 0 0"
	sw swapon -v -L mylabel
	assert_rc 0
	assert_file_is "$OUT" <<-EOF
		swapon $T/a.swap
	EOF
}

@test "-v names the canonical path, just before the call, as util-linux does: not the spec, not for a skipped area" {
	mk_area a.swap 1M -L mylabel
	fstab_fixture "$T/a.swap none swap sw 0 0"
	sw swapon -v a.swap
	assert_file_is "$OUT" <<-EOF
		swapon $T/a.swap
	EOF
	sw swapon -v LABEL=mylabel
	assert_file_is "$OUT" <<-EOF
		swapon $T/a.swap
	EOF
	sw swapon -v missing.swap
	assert_rc 255
	assert_empty "$OUT"
}

@test "a label nothing carries: cannot find the device for ..., exit 255, no call" {
	mk_area a.swap 1M -L other
	fstab_fixture "$T/a.swap none swap sw 0 0"
	refuses 255 swapon LABEL=nosuchlabel <<-EOF
		swapon: cannot find the device for LABEL=nosuchlabel
	EOF
	sw swapon -L nosuchlabel
	assert_rc 255
	assert_file_is "$ERR" <<-EOF
		swapon: cannot find the device for nosuchlabel
	EOF
}

@test "a UUID nothing carries: cannot find the device for ..., exit 255, no call" {
	mk_area a.swap 1M -U "$U1"
	swaps_fixture "$T/a.swap" file 1020 0 -2
	refuses 255 swapon -U "$U2" <<-EOF
		swapon: cannot find the device for $U2
	EOF
}

@test "a quoted tag value (LABEL=\"x\", UUID=\"u\") is unquoted, as libmount (blkid_parse_tag_string) does" {
	mk_area a.swap 1M -L quoted -U "$U1"
	fstab_fixture "$T/a.swap none swap sw 0 0"
	enables 0x0 'LABEL="quoted"'
	enables 0x0 "UUID=\"$U1\""
}

@test "PARTLABEL= and PARTUUID= that match nothing: cannot find the device for ..., exit 255" {
	refuses 255 swapon PARTLABEL=swaparea-test-none <<-EOF
		swapon: cannot find the device for PARTLABEL=swaparea-test-none
	EOF
	refuses 255 swapon PARTUUID=$U1 <<-EOF
		swapon: cannot find the device for PARTUUID=$U1
	EOF
}

@test "-e without -a: bad usage, exit 1, no call" {
	mk_area a.swap
	refuses 1 swapon -e a.swap <<-EOF
		swapon: bad usage
		Try 'swapon --help' for more information.
	EOF
}

@test "an unknown option: exit 1 and the try line" {
	refuses 1 swapon --bogus <<-EOF
		swapon: unrecognized option '--bogus'
		Try 'swapon --help' for more information.
	EOF
}

# ---- 3. -a and the fstab ---------------------------------------------------------

@test "-a enables the fstab's swap entries in order, each with its pri= and discard options" {
	mk_area a.swap
	mk_area b.swap
	mk_area c.swap
	fstab_fixture "# a comment" \
		"$T/a.swap none swap pri=4,discard 0 0" \
		"$N/disk /mnt ext4 defaults 0 0" \
		"$T/b.swap none swap sw,discard=pages" \
		"$T/c.swap none swap defaults,pri=-1 0 0"
	sw swapon -a
	assert_rc 0
	assert_empty "$OUT"
	assert_empty "$ERR"
	assert_calls swapon "a.swap 0x18004" "b.swap 0x50000" "c.swap 0x0"
}

@test "-a: an entry's pri= overrides -p, which applies to the others" {
	mk_area a.swap
	mk_area b.swap
	fstab_fixture "$T/a.swap none swap pri=4 0 0" "$T/b.swap none swap sw 0 0"
	sw swapon -a -p 7
	assert_rc 0
	assert_calls swapon "a.swap 0x8004" "b.swap 0x8007"
}

@test "-a: a source with octal escapes (\\040) is unescaped" {
	mkdir "sp ace"
	mk_area "sp ace/e.swap"
	fstab_fixture "$T/sp\\040ace/e.swap none swap sw 0 0"
	sw swapon -a
	assert_rc 0
	assert_calls swapon "sp ace/e.swap 0x0"
}

@test "-a: nofail skips a missing file silently; -v says inaccessible -- ignored" {
	mk_area a.swap
	fstab_fixture "$T/missing.swap none swap nofail 0 0" "$T/a.swap none swap sw 0 0"
	sw swapon -a
	assert_rc 0
	assert_empty "$ERR"
	assert_calls swapon "a.swap 0x0"
	sw swapon -a -v
	assert_rc 0
	assert_err_line 1 "swapon: $T/missing.swap: inaccessible -- ignored"
	assert_file_is "$OUT" <<-EOF
		swapon $T/a.swap
	EOF
}

@test "-a -e: every entry is nofail" {
	mk_area a.swap
	fstab_fixture "$T/missing.swap none swap sw 0 0" "LABEL=swaparea-test-none none swap sw 0 0" \
		"$T/a.swap none swap sw 0 0"
	sw swapon -a -e
	assert_rc 0
	assert_empty "$ERR"
	assert_calls swapon "a.swap 0x0"
}

@test "-a: a missing file without nofail: cannot open, exit 255, the other entries still enabled" {
	mk_area a.swap
	fstab_fixture "$T/missing.swap none swap sw 0 0" "$T/a.swap none swap sw 0 0"
	sw swapon -a
	assert_rc 255
	assert_file_is "$ERR" <<-EOF
		swapon: cannot open $T/missing.swap: No such file or directory
	EOF
	assert_calls swapon "a.swap 0x0"
}

@test "-a: noauto entries are skipped; -v says noauto option -- ignored" {
	mk_area a.swap
	mk_area b.swap
	fstab_fixture "$T/a.swap none swap noauto 0 0" "$T/b.swap none swap sw 0 0"
	sw swapon -a
	assert_rc 0
	assert_empty "$ERR"
	assert_calls swapon "b.swap 0x0"
	sw swapon -a -v
	assert_err_line 1 "swapon: $T/a.swap: noauto option -- ignored"
}

@test "-a: a line that cannot be parsed: parse error at line N -- ignored; the rest is enabled" {
	mk_area a.swap
	fstab_fixture "# comment" "" "justonefield" "$T/a.swap none swap sw 0 0"
	sw swapon -a
	assert_rc 0
	assert_file_is "$ERR" <<-EOF
		swapon: $T/fstab: parse error at line 3 -- ignored
	EOF
	assert_calls swapon "a.swap 0x0"
}

@test "-a: entries already in /proc/swaps are skipped; -v says already active -- ignored" {
	mk_area a.swap
	mk_area b.swap
	fstab_fixture "$T/a.swap none swap sw 0 0" "$T/b.swap none swap sw 0 0"
	swaps_fixture "$T/a.swap" file 1020 0 -2
	sw swapon -a
	assert_rc 0
	assert_empty "$ERR"
	assert_calls swapon "b.swap 0x0"
	sw swapon -a -v
	assert_err_line 1 "swapon: $T/a.swap: already active -- ignored"
}

@test "-a: a LABEL= entry is found through a path entry of the fstab" {
	mk_area a.swap 1M -L viapath
	fstab_fixture "LABEL=viapath none swap pri=2 0 0" "$T/a.swap none swap noauto 0 0"
	enables 0x8002 -a
}

@test "-a: an unresolvable LABEL= entry without nofail: cannot find the device, exit 255" {
	mk_area a.swap
	fstab_fixture "LABEL=swaparea-test-none none swap sw 0 0" "$T/a.swap none swap sw 0 0"
	sw swapon -a
	assert_rc 255
	assert_file_is "$ERR" <<-EOF
		swapon: cannot find the device for LABEL=swaparea-test-none
	EOF
	assert_calls swapon "a.swap 0x0"
}

@test "-a with an fstab that does not exist: failed to parse, exit 1, no call" {
	refuses 1 swapon -a -T "$T/nofstab" <<-EOF
		swapon: failed to parse $T/nofstab: No such file or directory
	EOF
}

@test "-T FILE: the fstab is that file" {
	mk_area a.swap
	mk_area b.swap
	fstab_fixture "$T/a.swap none swap sw 0 0"
	printf '%s none swap pri=1 0 0\n' "$T/b.swap" >other.tab
	sw swapon -a -T other.tab
	assert_rc 0
	assert_calls swapon "b.swap 0x8001"
	sw swapon -a --fstab="$T/other.tab"
	assert_calls swapon "b.swap 0x8001"
}

@test "-T DIR: every *.fstab file in version order (9 before 10); others and dot files ignored" {
	mk_area a.swap
	mk_area b.swap
	mk_area c.swap
	mkdir tabs
	printf '%s none swap pri=10 0 0\n' "$T/a.swap" >tabs/10.fstab
	printf '%s none swap pri=9 0 0\n' "$T/b.swap" >tabs/9.fstab
	printf '%s none swap pri=1 0 0\n' "$T/c.swap" >tabs/1.conf
	printf '%s none swap pri=2 0 0\n' "$T/c.swap" >tabs/.hidden.fstab
	sw swapon -a -T tabs
	assert_rc 0
	assert_calls swapon "b.swap 0x8009" "a.swap 0x800a"
}

# ---- 4. --dry-run ------------------------------------------------------------------

@test "--dry-run prints the call it would make and makes none" {
	mk_area a.swap
	sw swapon --dry-run a.swap
	assert_rc 0
	assert_no_call
	assert_file_is "$OUT" <<-EOF
		swapon("$T/a.swap", 0x0)
	EOF
	sw swapon --dry-run -p 7 --discard=once a.swap
	assert_rc 0
	assert_no_call
	assert_file_is "$OUT" <<-EOF
		swapon("$T/a.swap", 0x38007) priority=7 discard=once
	EOF
}

@test "--dry-run -a prints every call and makes none" {
	mk_area a.swap
	mk_area b.swap
	fstab_fixture "$T/a.swap none swap pri=1,discard 0 0" "$T/b.swap none swap discard=pages 0 0"
	sw swapon --dry-run -a
	assert_rc 0
	assert_no_call
	assert_file_is "$OUT" <<-EOF
		swapon("$T/a.swap", 0x18001) priority=1 discard
		swapon("$T/b.swap", 0x50000) discard=pages
	EOF
}

@test "--dry-run changes no file: a hibernation signature and --fixpgsz are only reported" {
	mk_area s.swap
	put_text s.swap 4086 'S1SUSPEND\0'
	mk_area k.swap 2M -p 65536
	local s k
	s=$(hash_state s.swap) k=$(hash_state k.swap)
	sw swapon --dry-run s.swap
	assert_rc 0
	assert_no_call
	assert_same_state "$s" s.swap
	grep -qF "dry run: would write SWAPSPACE2 at byte 4086 of $T/s.swap" "$OUT"
	sw swapon --dry-run --fixpgsz k.swap
	assert_rc 0
	assert_no_call
	assert_same_state "$k" k.swap
	grep -qF "dry run: would rewrite the header of $T/k.swap for 4096-byte pages" "$OUT"
}

# ---- 5. the checks before the call --------------------------------------------------

@test "areas made by util-linux mkswap and by ours are taken exactly alike" {
	require_ul
	local args failed="" who
	for args in "-L judged -U $U1" "" "-p 8192" "-p 65536 -L big"; do
		for who in ul our; do
			[ $who = ul ] && MK=$UL_MKSWAP || MK=$MKSWAP
			# shellcheck disable=SC2086 # $args is a list of words
			mk_area j.swap 2M $args
			sw swapon -v j.swap
			{ echo "rc=$RC"; cat "$OUT" "$ERR" "$LOG"; } >"by-$who"
		done
		cmp -s by-ul by-our || {
			diff -u by-ul by-our >&2 || true
			failed+=" [$args]"
		}
	done
	report_failures "$failed"
}

@test "--fixpgsz on a 64 KiB-page area: header rewritten for 4 KiB pages, label and UUID kept, call made" {
	local mk
	for mk in "$MKSWAP" "$UL_MKSWAP"; do
		[ -x "$mk" ] || continue
		MK=$mk mk_area k.swap 2M -p 65536 -L big -U "$U1"
		cp k.swap before.swap
		sw swapon --fixpgsz k.swap
		assert_rc 0
		assert_file_is "$ERR" <<-EOF
			swapon: $T/k.swap: swap format pagesize does not match.
			swapon: $T/k.swap: reinitializing the swap.
		EOF
		assert_calls swapon "k.swap 0x0"
		changed_only before.swap k.swap 1024-4095 65526-65535
		assert_swap_header k.swap 4096 512
		is_all_zero k.swap 65526 10
		[ "$(uuid_text k.swap)" = "$U1" ]
		[ "$(text_at k.swap 1052 16)" = big ]
	done
}

@test "--fixpgsz writes what util-linux mkswap writes for the page size and size (4K<->64K, 16K, odd sizes)" {
	require_ul
	local spec from to size failed=""
	for spec in "65536 4096 2097152" "65536 4096 2102152" "4096 65536 2102152" "4096 16384 2109440" \
		"8192 4096 1048576"; do
		read -r from to size <<<"$spec"
		MK=$UL_MKSWAP mk_area x.swap "$size" -p "$from" -L fixed -U "$U2"
		PS=$to sw swapon -f x.swap
		MK=$UL_MKSWAP mk_area want.swap "$size" -p "$to" -L fixed -U "$U2" 2>/dev/null
		if [ "$RC" != 0 ] || ! cmp -s x.swap want.swap; then
			failed+=" [$spec rc=$RC]"
		fi
	done
	report_failures "$failed"
}

@test "--fixpgsz when the file is too small for 10 pages of the new size: refused, file unchanged, exit 255, no call" {
	mk_area t.swap 40960
	local before
	before=$(hash_state t.swap)
	PS=65536 sw swapon -f t.swap
	assert_rc 255
	assert_no_call
	assert_same_state "$before" t.swap
	assert_err_line 1 "swapon: $T/t.swap: swap format pagesize does not match."
	assert_err_line 2 "swapon: $T/t.swap: reinitializing the swap."
	[[ $(sed -n 3p "$ERR") == "swapon: $T/t.swap: cannot reinitialize the swap: "* ]]
	[ "$(wc -l <"$ERR")" = 3 ]
}

@test "the page-size check needs only last_page, as util-linux reads it: an odd nr_badpages does not hide it" {
	mk_area k.swap 2M -p 65536
	put_text k.swap 1032 '\xa0\x86\x01\x00'
	sw swapon k.swap
	assert_rc 0
	if ! grep -qxF "swapon: $T/k.swap: swap format pagesize does not match. (Use --fixpgsz to reinitialize it.)" "$ERR"; then
		echo "# no page-size warning; stderr:" >&2
		sed 's/^/#   /' "$ERR" >&2
		return 1
	fi
}

@test "a page size other than the system's without --fixpgsz: a warning, the file unchanged, the call made" {
	mk_area k.swap 2M -p 65536
	local before
	before=$(hash_state k.swap)
	sw swapon k.swap
	assert_rc 0
	assert_file_is "$ERR" <<-EOF
		swapon: $T/k.swap: swap format pagesize does not match. (Use --fixpgsz to reinitialize it.)
	EOF
	assert_calls swapon "k.swap 0x0"
	assert_same_state "$before" k.swap
}

@test "SWAPAREA_PAGESIZE stands for the system's page size: a 4 KiB area on a 64 KiB system" {
	mk_area a.swap 2M
	PS=65536 sw swapon a.swap
	assert_rc 0
	assert_file_is "$ERR" <<-EOF
		swapon: $T/a.swap: swap format pagesize does not match. (Use --fixpgsz to reinitialize it.)
	EOF
	assert_calls swapon "a.swap 0x0"
}

@test "--fixpgsz on an area of the right page size changes nothing" {
	mk_area a.swap 1M -L keep
	local before
	before=$(hash_state a.swap)
	sw swapon -f a.swap
	assert_rc 0
	assert_empty "$ERR"
	assert_same_state "$before" a.swap
}

# rewrites_signature SIG: s.swap, a copy of the area a.swap with SIG (printf
# escapes) at byte 4086, is enabled after SIG is rewritten: s.swap is then
# a.swap again, byte for byte.
rewrites_signature() {
	cp -p a.swap s.swap
	put_text s.swap 4086 "$1"
	sw swapon s.swap
	assert_rc 0
	assert_file_is "$ERR" <<-EOF
		swapon: $T/s.swap: software suspend data detected. Rewriting the swap signature.
	EOF
	assert_calls swapon "s.swap 0x0"
	[ "$(text_at s.swap 4086 10)" = SWAPSPACE2 ]
	cmp a.swap s.swap
}

@test "hibernation signatures (S1SUSPEND, S2SUSPEND, ULSUSPEND, LINHIB0001) are rewritten to SWAPSPACE2, call made" {
	mk_area a.swap 1M -L hib
	local sig
	for sig in 'S1SUSPEND\0' 'S2SUSPEND\0' 'ULSUSPEND\0' 'LINHIB0001'; do
		rewrites_signature "$sig"
	done
}

@test "a hibernation signature is known by its first 9 bytes: 'S2SUSPEND ' (util-linux's own test) is rewritten" {
	mk_area a.swap
	rewrites_signature 'S2SUSPEND '
}

@test "a sparse file: each hole named, skipping - it appears to have holes, exit 255, no call" {
	require_4k
	mk_sparse s.swap 1M
	"$MKSWAP" -q s.swap
	refuses 255 swapon s.swap <<-EOF
		swapon: $T/s.swap: hole extent at page 1 (byte 4096, 1044480 bytes)
		swapon: $T/s.swap: skipping - it appears to have holes.
	EOF
}

@test "a hole punched in the middle is found at its page" {
	mk_area h.swap
	fallocate -p -o 409600 -l 40960 h.swap 2>/dev/null || skip "cannot punch holes here"
	refuses 255 swapon h.swap <<-EOF
		swapon: $T/h.swap: hole extent at page 100 (byte 409600, 40960 bytes)
		swapon: $T/h.swap: skipping - it appears to have holes.
	EOF
}

@test "a fallocated file (unwritten extents) is accepted" {
	require_4k
	fallocate -l 1M f.swap 2>/dev/null || skip "fallocate is not supported here"
	chmod 0600 f.swap
	"$MKSWAP" -q f.swap
	sw swapon f.swap
	assert_rc 0
	assert_empty "$ERR"
	assert_calls swapon "f.swap 0x0"
}

@test "mode 0644: insecure permissions 0644, 0600 suggested; the call is still made" {
	mk_area a.swap
	chmod 0644 a.swap
	sw swapon a.swap
	assert_rc 0
	assert_file_is "$ERR" <<-EOF
		swapon: $T/a.swap: insecure permissions 0644, 0600 suggested.
	EOF
	assert_calls swapon "a.swap 0x0"
}

@test "a file owned by another user: insecure file owner 65534, 0 (root) suggested; the call is still made" {
	[ "$(id -u)" = 0 ] || skip "chown needs root"
	mk_area a.swap
	# readable by others: in the user namespace uid 65534 is not ours
	chown 65534 a.swap
	chmod 0644 a.swap
	sw swapon a.swap
	assert_rc 0
	assert_file_is "$ERR" <<-EOF
		swapon: $T/a.swap: insecure permissions 0644, 0600 suggested.
		swapon: $T/a.swap: insecure file owner 65534, 0 (root) suggested.
	EOF
	assert_calls swapon "a.swap 0x0"
}

@test "a missing file: cannot open, exit 255, no call" {
	refuses 255 swapon missing.swap <<-EOF
		swapon: cannot open missing.swap: No such file or directory
	EOF
}

@test "not a swap area: read swap header failed, exit 255, no call" {
	mk_filled z.swap 1M
	refuses 255 swapon z.swap <<-EOF
		swapon: $T/z.swap: read swap header failed
	EOF
}

@test "a version 0 area (SWAP-SPACE): read swap header failed and a hint, exit 255, no call" {
	require_4k
	mk_filled v0.swap 1M
	put_text v0.swap 4086 'SWAP-SPACE'
	refuses 255 swapon v0.swap <<-EOF
		swapon: $T/v0.swap: read swap header failed
		swapon: $T/v0.swap: a version 0 area (SWAP-SPACE): no kernel since 2.5 takes it; run mkswap
	EOF
}

@test "last_page beyond the end of the file: a note with -v only; the call is still made" {
	mk_area l.swap 2M
	truncate -s 1M l.swap
	sw swapon l.swap
	assert_rc 0
	assert_empty "$ERR"
	assert_calls swapon "l.swap 0x0"
	sw swapon -v l.swap
	assert_rc 0
	assert_file_is "$ERR" <<-EOF
		swapon: $T/l.swap: found signature [pagesize=4096, signature=swap]
		swapon: $T/l.swap: pagesize=4096, swapsize=2097152, devsize=1048576
		swapon: $T/l.swap: last_page 0x00200000 is larger than actual size of swapspace
	EOF
	assert_calls swapon "l.swap 0x0"
}

# ---- 6. the kernel says no ------------------------------------------------------------

# kernel_refuses ERRNO STRERROR HINT-TEXT: swapon a.swap answered ERRNO.
kernel_refuses() {
	mk_area a.swap
	RESULT=$1
	sw swapon "$T/a.swap"
	assert_rc 255
	assert_calls swapon "a.swap 0x0"
	[ "$(wc -l <"$ERR")" = 2 ]
	assert_err_line 1 "swapon: $T/a.swap: swapon failed: $2"
	[[ $(sed -n 2p "$ERR") == "swapon: $T/a.swap: "*"$3"* ]] || {
		echo "# hint line: $(sed -n 2p "$ERR")" >&2
		return 1
	}
}

@test "EINVAL: swapon failed: Invalid argument, a hint, exit 255" {
	kernel_refuses EINVAL "Invalid argument" "the kernel refused it"
}

@test "EPERM: swapon failed: Operation not permitted, a hint, exit 255" {
	kernel_refuses EPERM "Operation not permitted" "root"
}

@test "EBUSY: swapon failed: Device or resource busy, a hint, exit 255" {
	kernel_refuses EBUSY "Device or resource busy" "already in use"
}

@test "ENOMEM: swapon failed: Cannot allocate memory, a hint, exit 255" {
	kernel_refuses ENOMEM "Cannot allocate memory" "memory"
}

@test "EINVAL on an area whose page size the kernel cannot take: the hint names the reason" {
	mk_area k.swap 2M -p 65536
	RESULT=EINVAL
	sw swapon "$T/k.swap"
	assert_rc 255
	assert_err_line 2 "swapon: $T/k.swap: swapon failed: Invalid argument"
	assert_err_line 3 "swapon: $T/k.swap: the kernel refuses it: no SWAPSPACE2 signature at byte 4086 (the end of a 4096-byte page)"
}

@test "two areas, the first refused and the second taken: both calls made, exit 255" {
	mk_area a.swap
	mk_area b.swap
	RESULT=EINVAL,0
	sw swapon "$T/a.swap" "$T/b.swap"
	assert_rc 255
	assert_calls swapon "a.swap 0x0" "b.swap 0x0"
	assert_err_line 1 "swapon: $T/a.swap: swapon failed: Invalid argument"
}

@test "a refused call is reported with the canonical path, as util-linux does, also for a relative name and LABEL=" {
	mk_area a.swap 1M -L refused
	fstab_fixture "$T/a.swap none swap sw 0 0"
	RESULT=EBUSY
	sw swapon a.swap
	assert_rc 255
	assert_err_line 1 "swapon: $T/a.swap: swapon failed: Device or resource busy"
	sw swapon LABEL=refused
	assert_rc 255
	assert_err_line 1 "swapon: $T/a.swap: swapon failed: Device or resource busy"
}

# ---- 7. --show and -s ------------------------------------------------------------------

# summary_lines [NAME TYPE SIZE USED PRIO]...: what -s prints for these
# areas (util-linux: a fixed heading, then "%-39s\t%-8s\t%jd\t%jd\t%d").
summary_lines() {
	printf 'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n'
	while [ $# -ge 5 ]; do
		printf '%-39s\t%-8s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5"
		shift 5
	done
}

# The /proc/swaps of a machine with a partition and three files, one of
# them with a blank in its name and one deleted.
many_swaps() {
	swaps_fixture "$N/part" partition 8388604 1234 -2 \
		"$N/one.swap" file 1020 0 5 \
		"$N/with space.swap" file 1020 4 -3 \
		"$N/gone.swap (deleted)" file 2097148 0 -4
}

@test "--show over an empty /proc/swaps prints nothing at all, exit 0; so does no argument at all" {
	sw swapon --show
	assert_rc 0
	assert_empty "$OUT"
	assert_empty "$ERR"
	sw swapon
	assert_rc 0
	assert_empty "$OUT"
	assert_empty "$ERR"
	assert_no_call
}

@test "--show: one area, default columns NAME TYPE SIZE USED PRIO" {
	swaps_fixture "$N/one.swap" file 1048572 0 -2
	sw swapon --show
	assert_rc 0
	assert_empty "$ERR"
	assert_file_is "$OUT" <<-EOF
		NAME                                TYPE  SIZE USED PRIO
		$N/one.swap file 1024M   0B   -2
	EOF
}

@test "--show: many areas; a name with a blank (\\040) is shown unescaped" {
	swaps_fixture "$N/part" partition 8388604 1234 -2 \
		"$N/one.swap" file 1020 0 5 \
		"$N/with space.swap" file 1020 4 -3
	sw swapon --show
	assert_rc 0
	assert_file_is "$OUT" <<-EOF
		NAME                                       TYPE       SIZE USED PRIO
		$N/part            partition    8G 1.2M   -2
		$N/one.swap        file      1020K   0B    5
		$N/with space.swap file      1020K   4K   -3
	EOF
}

@test "no argument at all is --show" {
	many_swaps
	sw swapon --show
	cp "$OUT" show.out
	sw swapon
	assert_rc 0
	cmp show.out "$OUT"
}

@test "--show and -s with specs named list the areas, ignore the specs and make no call" {
	mk_area a.swap 1M -L listed
	many_swaps
	sw swapon --show
	cp "$OUT" show.out
	sw swapon --show a.swap -L listed -U "$U1"
	assert_rc 0
	assert_no_call
	assert_empty "$ERR"
	cmp show.out "$OUT"
	sw swapon -s
	cp "$OUT" summary.out
	sw swapon -s a.swap
	assert_rc 0
	assert_no_call
	assert_empty "$ERR"
	cmp summary.out "$OUT"
}

@test "a deleted file is listed by its name without ' (deleted)', as util-linux (libmount) lists it" {
	swaps_fixture "$N/gone.swap (deleted)" file 2097148 0 -4
	sw swapon --show=name --noheadings
	assert_rc 0
	assert_file_is "$OUT" <<-EOF
		$N/gone.swap
	EOF
	sw swapon -s
	summary_lines "$N/gone.swap" file 2097148 0 -4 | assert_file_is "$OUT"
}

@test "--show: tab and backslash in names (\\011, \\134) come out as the names hold them" {
	swaps_fixture "$N/a\\b"$'\t'"c\"q" file 1020 0 -2
	sw swapon --show --json
	assert_rc 0
	[ "$(jq -r '.swaps[0].name' "$OUT")" = "$N/a\\b"$'\t'"c\"q" ]
}

@test "--show=name,uuid,label reads UUID and LABEL from the areas that exist" {
	mk_area a.swap 1M -L first -U "$U1"
	mkdir "sp ace"
	mk_area "sp ace/e.swap" 1M -L "two words" -U "$U2"
	swaps_fixture "$T/a.swap" file 1020 0 -2 "$T/sp ace/e.swap" file 1020 0 -3 \
		"$N/missing" partition 1020 0 -4
	sw swapon --show=name,uuid,label --raw
	assert_rc 0
	assert_file_is "$OUT" <<-EOF
		NAME UUID LABEL
		$T/a.swap $U1 first
		$T/sp\\x20ace/e.swap $U2 two\\x20words
		$N/missing  
	EOF
}

@test "--show: column names are case-insensitive and in the order asked" {
	swaps_fixture "$N/one.swap" file 1020 0 -2
	sw swapon --show=PrIo,NAME
	assert_rc 0
	assert_file_is "$OUT" <<-EOF
		PRIO NAME
		  -2 $N/one.swap
	EOF
}

@test "--show to a full stdout: write error, exit 1" {
	many_swaps
	OUT=/dev/full sw swapon --show
	assert_rc 1
	assert_file_is "$ERR" <<-EOF
		swapon: write error: No space left on device
	EOF
}

@test "--show with an unknown column: unknown column, exit 1" {
	many_swaps
	sw swapon --show=name,bogus
	assert_rc 1
	assert_empty "$OUT"
	assert_file_is "$ERR" <<-EOF
		swapon: unknown column: bogus
	EOF
}

@test "--show --bytes: SIZE and USED in bytes (KiB x 1024)" {
	swaps_fixture "$N/part" partition 8388604 1234 -2 "$N/one.swap" file 1020 0 5
	sw swapon --show --bytes
	assert_rc 0
	assert_file_is "$OUT" <<-EOF
		NAME                                TYPE            SIZE    USED PRIO
		$N/part     partition 8589930496 1263616   -2
		$N/one.swap file         1044480       0    5
	EOF
}

@test "--show --noheadings: no heading line" {
	swaps_fixture "$N/one.swap" file 1020 0 5
	sw swapon --show --noheadings
	assert_rc 0
	assert_file_is "$OUT" <<-EOF
		$N/one.swap file 1020K   0B    5
	EOF
}

@test "--show --raw: one blank between cells, blanks in names as \\x20" {
	swaps_fixture "$N/part" partition 8388604 1234 -2 "$N/with space.swap" file 1020 4 -3
	sw swapon --show --raw
	assert_rc 0
	assert_file_is "$OUT" <<-EOF
		NAME TYPE SIZE USED PRIO
		$N/part partition 8G 1.2M -2
		$N/with\\x20space.swap file 1020K 4K -3
	EOF
}

@test "--output-all: all seven columns" {
	mk_area a.swap 1M -L all -U "$U1"
	swaps_fixture "$T/a.swap" file 1020 0 -2
	sw swapon --output-all --raw
	assert_rc 0
	assert_file_is "$OUT" <<-EOF
		NAME TYPE SIZE USED PRIO UUID LABEL
		$T/a.swap file 1020K 0B -2 $U1 all
	EOF
}

@test "--output-all only chooses the columns: with an area named, the area is enabled, as util-linux does" {
	mk_area a.swap
	sw swapon --output-all a.swap
	assert_rc 0
	assert_empty "$OUT"
	assert_calls swapon "a.swap 0x0"
}

@test "--show --json: one object, sizes and priorities are numbers in bytes" {
	many_swaps
	sw swapon --show --json
	assert_rc 0
	jq -e '.swaps | length == 4' "$OUT" >/dev/null
	jq -e '.swaps[0] == {"name": "'"$N"'/part", "type": "partition", "size": 8589930496,
		"used": 1263616, "prio": -2}' "$OUT" >/dev/null
	jq -e '.swaps[2] == {"name": "'"$N"'/with space.swap", "type": "file", "size": 1044480,
		"used": 4096, "prio": -3}' "$OUT" >/dev/null
	jq -e '[.swaps[] | (.size, .used, .prio) | type] | unique == ["number"]' "$OUT" >/dev/null
}

@test "--show --json over an empty /proc/swaps: an empty list" {
	sw swapon --show --json
	assert_rc 0
	jq -e '.swaps == []' "$OUT" >/dev/null
}

@test "-s prints the kernel's layout: a heading and one padded line an area" {
	swaps_fixture "$N/part" partition 8388604 1234 -2 "$N/with space.swap" file 1020 4 -3
	sw swapon -s
	assert_rc 0
	summary_lines "$N/part" partition 8388604 1234 -2 "$N/with space.swap" file 1020 4 -3 |
		assert_file_is "$OUT"
	sw swapon --summary
	assert_rc 0
}

@test "-s over an empty /proc/swaps prints nothing" {
	sw swapon -s
	assert_rc 0
	assert_empty "$OUT"
	assert_empty "$ERR"
}

@test "--show when /proc/swaps cannot be read: cannot read, exit 1" {
	PROC_SWAPS=$T/no-proc-swaps
	sw swapon --show
	assert_rc 1
	assert_file_is "$ERR" <<-EOF
		swapon: cannot read $T/no-proc-swaps: No such file or directory
	EOF
}

@test "-a, -o, -s, --show are mutually exclusive: exit 1, no call" {
	mk_area a.swap
	local pair
	# (util-linux lists at the first -s, so -s goes last)
	for pair in "-a --show" "--show -s" "-a -s" "-o pri=1 --show" "-a -o pri=1"; do
		# shellcheck disable=SC2086 # $pair is two options
		refuses 1 swapon $pair <<-EOF
			swapon: mutually exclusive arguments: --all --options --summary --show
		EOF
	done
}

@test "-a and -o exclude --bytes, --noheadings, --raw" {
	sw swapon -a --bytes
	assert_rc 1
	assert_file_is "$ERR" <<-EOF
		swapon: mutually exclusive arguments: --all --options --bytes
	EOF
	sw swapon -o pri=1 --raw
	assert_rc 1
	assert_file_is "$ERR" <<-EOF
		swapon: mutually exclusive arguments: --all --options --raw
	EOF
	sw swapon --noheadings -a
	assert_rc 1
	assert_file_is "$ERR" <<-EOF
		swapon: mutually exclusive arguments: --all --options --noheadings
	EOF
}

# ---- 8. swapoff --------------------------------------------------------------------------

@test "swapoff PATH: the call names the canonical path, exit 0" {
	mk_area a.swap
	sw swapoff ./a.swap
	assert_rc 0
	assert_empty "$OUT"
	assert_empty "$ERR"
	assert_calls swapoff a.swap
}

@test "swapoff LABEL= and -L find a swap file /proc/swaps lists" {
	mk_area a.swap 1M -L offlabel
	swaps_fixture "$T/a.swap" file 1020 0 -2
	sw swapoff LABEL=offlabel
	assert_rc 0
	assert_calls swapoff a.swap
	sw swapoff -L offlabel
	assert_rc 0
	assert_calls swapoff a.swap
}

@test "swapoff -U and UUID= find a swap file /proc/swaps lists" {
	mk_area a.swap 1M -U "$U2"
	swaps_fixture "$T/a.swap" file 1020 0 -2
	sw swapoff -U "$U2"
	assert_rc 0
	assert_calls swapoff a.swap
	sw swapoff UUID=$U2
	assert_rc 0
	assert_calls swapoff a.swap
}

@test "swapoff -a: the /proc/swaps entries newest first, then the fstab's inactive swap entries" {
	mk_area a.swap
	mk_area b.swap
	mk_area c.swap
	mk_area d.swap
	swaps_fixture "$T/a.swap" file 1020 0 -2 "$T/b.swap" file 1020 0 -3 "$T/c.swap" file 1020 0 -4
	fstab_fixture "$T/b.swap none swap sw 0 0" "$T/d.swap none swap sw 0 0" \
		"$T/missing.swap none swap sw 0 0" "$N/disk /mnt ext4 defaults 0 0"
	sw swapoff -a
	assert_rc 0
	assert_empty "$ERR"
	assert_calls swapoff c.swap b.swap a.swap d.swap
}

@test "swapoff -v prints 'swapoff <spec>' on stdout" {
	mk_area a.swap
	mk_area b.swap 1M -L vlabel
	swaps_fixture "$T/a.swap" file 1020 0 -2 "$T/b.swap" file 1020 0 -3
	sw swapoff -v a.swap
	assert_file_is "$OUT" <<-EOF
		swapoff a.swap
	EOF
	sw swapoff -v -L vlabel
	assert_file_is "$OUT" <<-EOF
		swapoff $T/b.swap
	EOF
	sw swapoff -av
	assert_rc 0
	assert_file_is "$OUT" <<-EOF
		swapoff $T/b.swap
		swapoff $T/a.swap
	EOF
}

@test "swapoff -e skips what does not exist, silently: exit 0, no call" {
	sw swapoff -e missing.swap LABEL=swaparea-test-none
	assert_rc 0
	assert_empty "$ERR"
	assert_no_call
}

@test "swapoff: ENOMEM is exit 2, always reported" {
	mk_area a.swap
	RESULT=ENOMEM
	sw swapoff a.swap
	assert_rc 2
	assert_err_line 1 "swapoff: a.swap: swapoff failed: Cannot allocate memory"
}

@test "swapoff -L: a failure names the path found, as util-linux does" {
	mk_area a.swap 1M -L offlabel
	swaps_fixture "$T/a.swap" file 1020 0 -2
	RESULT=EBUSY
	sw swapoff -L offlabel
	assert_rc 4
	assert_err_line 1 "swapoff: $T/a.swap: swapoff failed: Device or resource busy"
}

@test "swapoff: EINVAL is exit 4" {
	mk_area a.swap
	RESULT=EINVAL
	sw swapoff a.swap
	assert_rc 4
	assert_err_line 1 "swapoff: a.swap: swapoff failed: Invalid argument"
}

@test "swapoff: EBUSY (any other error) is exit 4" {
	mk_area a.swap
	RESULT=EBUSY
	sw swapoff a.swap
	assert_rc 4
	assert_err_line 1 "swapoff: a.swap: swapoff failed: Device or resource busy"
}

@test "swapoff: the exit codes of several areas are OR-ed: ENOMEM then EINVAL is 6" {
	mk_area a.swap
	mk_area b.swap
	RESULT=ENOMEM,EINVAL
	sw swapoff a.swap b.swap
	assert_rc 6
	assert_calls swapoff a.swap b.swap
}

@test "swapoff: a spec that matches nothing: cannot find the device for ..., exit 8, no call" {
	refuses 8 swapoff LABEL=swaparea-test-none <<-EOF
		swapoff: cannot find the device for LABEL=swaparea-test-none
	EOF
	sw swapoff -U "$U1"
	assert_rc 8
	assert_file_is "$ERR" <<-EOF
		swapoff: cannot find the device for $U1
	EOF
}

@test "swapoff: EPERM is Not superuser., exit 16, nothing more is tried" {
	mk_area a.swap
	mk_area b.swap
	RESULT=EPERM
	sw swapoff a.swap b.swap
	assert_rc 16
	assert_file_is "$ERR" <<-EOF
		swapoff: Not superuser.
	EOF
	assert_calls swapoff a.swap
}

@test "swapoff with nothing to do: bad usage, exit 16" {
	sw swapoff
	assert_rc 16
	assert_no_call
	assert_file_is "$ERR" <<-EOF
		swapoff: bad usage
		Try 'swapoff --help' for more information.
	EOF
}

@test "swapoff with an unknown option: exit 16" {
	refuses 16 swapoff --bogus a.swap <<-EOF
		swapoff: unrecognized option '--bogus'
		Try 'swapoff --help' for more information.
	EOF
}

@test "swapoff -a where every call fails: 32 with the failure's bit (4|32 = 36), quietly" {
	mk_area a.swap
	mk_area b.swap
	swaps_fixture "$T/a.swap" file 1020 0 -2 "$T/b.swap" file 1020 0 -3
	RESULT=EINVAL
	sw swapoff -a
	assert_rc 36
	assert_empty "$ERR"
}

@test "swapoff -a where some calls fail: 64 with the failure's bit (4|64 = 68)" {
	mk_area a.swap
	mk_area b.swap
	swaps_fixture "$T/a.swap" file 1020 0 -2 "$T/b.swap" file 1020 0 -3
	RESULT=0,EINVAL
	sw swapoff -a
	assert_rc 68
	assert_calls swapoff b.swap a.swap
}

@test "swapoff -a: failures of the fstab's inactive entries are not counted" {
	mk_area a.swap
	mk_area d.swap
	swaps_fixture "$T/a.swap" file 1020 0 -2
	fstab_fixture "$T/d.swap none swap sw 0 0"
	RESULT=0,EINVAL
	sw swapoff -a
	assert_rc 0
	assert_calls swapoff a.swap d.swap
}

# ---- 9. help, version, man page --------------------------------------------------------

@test "swapon -h and --help: the usage on stdout, exit 0, no call" {
	sw swapon -h
	assert_rc 0
	[[ $(head -1 "$OUT") == "Usage: swapon "* ]]
	cp "$OUT" h.out
	sw swapon --help
	assert_rc 0
	cmp h.out "$OUT"
	assert_no_call
}

@test "swapoff -h and --help: the usage on stdout, exit 0, no call" {
	sw swapoff -h
	assert_rc 0
	[[ $(head -1 "$OUT") == "Usage: swapoff "* ]]
	sw swapoff --help
	assert_rc 0
	assert_no_call
}

@test "-V and --version of both: '<name> from swaparea <version>', exit 0" {
	local tool opt
	for tool in swapon swapoff; do
		for opt in -V --version; do
			sw "$tool" "$opt"
			assert_rc 0
			[[ $(cat "$OUT") == "$tool from swaparea "[0-9]* ]]
		done
	done
}

# long_options FILE...: the long options of --help outputs, one a line.
long_options() {
	grep -hoE '^ +(-[A-Za-z], )?--[a-z][a-z-]*' "$@" | grep -oE -- '--[a-z][a-z-]*' | sort -u
}

@test "man/swapon.8 lists exactly the long options of swapon --help and swapoff --help" {
	local man help
	sw swapon --help
	cp "$OUT" on.help
	sw swapoff --help
	help=$(long_options on.help "$OUT")
	[ -f "$REPO_ROOT/man/swapon.8" ] || {
		echo "# man/swapon.8 does not exist (yet)" >&2
		return 1
	}
	# long options named in the sections whose title says OPTIONS
	man=$(awk '/^\.SH/ { keep = ($0 ~ /OPTIONS/) } keep' "$REPO_ROOT/man/swapon.8" |
		sed 's/\\-/-/g; s/\\f[BIRP]//g' |
		grep -oE -- '(^|[^A-Za-z0-9-])--[a-z][a-z-]*' | grep -oE -- '--[a-z][a-z-]*' | sort -u)
	if [ "$man" != "$help" ]; then
		echo "# man/swapon.8 (<) and --help (>) differ:" >&2
		diff <(echo "$man") <(echo "$help") >&2 || true
		return 1
	fi
}
