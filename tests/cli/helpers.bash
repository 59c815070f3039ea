# SPDX-License-Identifier: GPL-2.0-or-later
#
# helpers.bash - shared helpers for the bats CLI suites.
#
# Load with `load helpers` from a .bats file.  Everything a test creates
# lives under $BATS_TEST_TMPDIR; nothing here ever touches a block device,
# and nothing here runs swapon or swapoff.
#
# The binary under test is "$REPO_ROOT/${B:-build}/<tool>" (B may also be
# an absolute path).  util-linux's own tools are the independent judges:
# UL_MKSWAP, UL_SWAPLABEL, UL_BLKID, UL_FILE.

REPO_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
case ${B:-build} in
/*) BUILD_DIR=${B} ;;
*) BUILD_DIR=$REPO_ROOT/${B:-build} ;;
esac
MKSWAP=$BUILD_DIR/mkswap

UL_MKSWAP=/usr/sbin/mkswap
UL_SWAPLABEL=/usr/sbin/swaplabel
UL_BLKID=/usr/sbin/blkid
UL_FILE=/usr/bin/file

# Messages and the size line must not depend on the caller's locale.
export LC_ALL=C
unset LOCK_BLOCK_DEVICE SWAPAREA_PROC_SWAPS SWAPAREA_PROC_MOUNTS

# The system page size, as mkswap sees it.
PAGESIZE=$(getconf PAGESIZE)

# Fail the test unless the binary under test was built.
require_mkswap() {
	[ -x "$MKSWAP" ] || {
		echo "# $MKSWAP is missing: build it first (make DEVELOPER=1)" >&2
		return 1
	}
}

# Skip unless util-linux's mkswap (the judge) is installed.
require_ul() {
	[ -x "$UL_MKSWAP" ] || skip "util-linux mkswap ($UL_MKSWAP) is not installed"
}

# mk_sparse FILE SIZE [MODE]: a fresh sparse file (truncate, never written),
# mode 0600 unless told, so that no permission warning muddies the output.
mk_sparse() {
	rm -f -- "$1"
	truncate -s "$2" -- "$1"
	chmod "${3:-0600}" -- "$1"
}

# mk_filled FILE SIZE [MODE]: a file of SIZE bytes with every block written
# (no holes), so that the extent check has nothing to say.
mk_filled() {
	rm -f -- "$1"
	head -c "$2" /dev/zero >"$1"
	chmod "${3:-0600}" -- "$1"
}

# hash_state FILE: one line that changes if the file's bytes, size or mode
# change; "absent" if there is no such file.  Compare before and after.
hash_state() {
	if [ -e "$1" ] || [ -L "$1" ]; then
		printf '%s %s %s\n' "$(sha256sum <"$1" | cut -d' ' -f1)" \
			"$(stat -c %s "$1")" "$(stat -c %a "$1")"
	else
		echo absent
	fi
}

# u32le FILE OFFSET / u32be FILE OFFSET: the 32-bit word at OFFSET, decimal.
u32le() {
	od -An -t u4 --endian=little -j "$2" -N 4 -- "$1" | tr -d ' '
}
u32be() {
	od -An -t u4 --endian=big -j "$2" -N 4 -- "$1" | tr -d ' '
}

# hexbytes FILE OFFSET COUNT: the bytes as one lower-case hex string.
hexbytes() {
	od -An -v -t x1 -j "$2" -N "$3" -- "$1" | tr -d ' \n'
}

# text_at FILE OFFSET COUNT: the bytes as text (NULs dropped).
text_at() {
	dd if="$1" bs=1 skip="$2" count="$3" status=none | tr -d '\0'
}

# is_all_zero FILE OFFSET COUNT
is_all_zero() {
	[ "$(hexbytes "$1" "$2" "$3" | tr -d 0)" = "" ]
}

# zero_range FILE OFFSET COUNT: overwrite in place with zeros.
zero_range() {
	dd if=/dev/zero of="$1" bs=1 seek="$2" count="$3" conv=notrunc status=none
}

# ---- running util-linux and ours side by side --------------------------
#
#   both_prepare SIZE [MODE]       two identical sparse files
#   both_prepare_from FILE         two copies of a template (sparse kept)
#   run_both [--any-uuid] ARGS...  run both; "@" in ARGS is the file
#
# The two files are $BOTH_DIR/ul/swapfile and $BOTH_DIR/our/swapfile.  Each
# tool runs with its own directory as cwd and the relative name "swapfile",
# so their messages name the file identically; the program's own path
# (getopt and argp print argv[0]) is normalised to "mkswap".
#
# run_both compares stdout, stderr and the exit status, and `cmp`s the two
# files (or checks both are still absent).  It leaves the results in
# UL_OUT UL_ERR UL_RC OUR_OUT OUR_ERR OUR_RC, UL_FILE_PATH OUR_FILE_PATH, and
# returns 1 after printing every difference.  --any-uuid (for -U random /
# time): bytes 1036..1051 and the UUID text are left out of the comparison.

BOTH_NAME=swapfile

both_dirs() {
	BOTH_DIR=$BATS_TEST_TMPDIR/both
	UL_FILE_PATH=$BOTH_DIR/ul/$BOTH_NAME
	OUR_FILE_PATH=$BOTH_DIR/our/$BOTH_NAME
	rm -rf -- "$BOTH_DIR"
	mkdir -p -- "$BOTH_DIR/ul" "$BOTH_DIR/our"
}

both_prepare() {
	both_dirs
	mk_sparse "$UL_FILE_PATH" "$1" "${2:-0600}"
	mk_sparse "$OUR_FILE_PATH" "$1" "${2:-0600}"
}

# (cp's default keeps a fully written file fully written; in a sparse
# template, runs of zeros may become holes, so write a pattern where the
# layout matters.)
both_prepare_from() {
	both_dirs
	cp -p -- "$1" "$UL_FILE_PATH"
	cp -p -- "$1" "$OUR_FILE_PATH"
}

# Neither file exists (for "no such file" comparisons).
both_prepare_none() {
	both_dirs
}

# _run_one BIN DIR ARGS... -> DIR.out DIR.err DIR.rc (names normalised)
_run_one() {
	local bin=$1 dir=$2 a rc=0
	local -a args=()
	shift 2
	for a in "$@"; do
		[ "$a" = "@" ] && a=$BOTH_NAME
		args+=("$a")
	done
	(cd "$dir" && exec "$bin" "${args[@]}") >"$dir.out" 2>"$dir.err" || rc=$?
	echo "$rc" >"$dir.rc"
	sed -i -e "s|$bin|mkswap|g" -e "s|$dir/||g" "$dir.out" "$dir.err"
}

_uuid_mask() {
	sed -i -E 's/UUID=[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/UUID=<uuid>/' "$@"
}

# _differ WHAT ARGS...: print a unified diff of the two captured streams.
_differ() {
	local what=$1
	shift
	echo "# $what differs for: mkswap $*" >&2
	diff -u --label "util-linux $what" --label "our $what" \
		"$BOTH_DIR/ul.$what" "$BOTH_DIR/our.$what" >&2 || true
}

run_both() {
	local any_uuid=0 bad=0 ul_rc our_rc
	if [ "${1:-}" = "--any-uuid" ]; then
		any_uuid=1
		shift
	fi
	if [ -z "${BOTH_DIR:-}" ] || [ ! -d "$BOTH_DIR/ul" ]; then
		both_prepare 1M
	fi

	_run_one "$UL_MKSWAP" "$BOTH_DIR/ul" "$@"
	_run_one "$MKSWAP" "$BOTH_DIR/our" "$@"
	if [ $any_uuid = 1 ]; then
		_uuid_mask "$BOTH_DIR/ul.out" "$BOTH_DIR/our.out"
	fi
	UL_OUT=$(cat "$BOTH_DIR/ul.out") UL_ERR=$(cat "$BOTH_DIR/ul.err")
	OUR_OUT=$(cat "$BOTH_DIR/our.out") OUR_ERR=$(cat "$BOTH_DIR/our.err")
	ul_rc=$(cat "$BOTH_DIR/ul.rc") our_rc=$(cat "$BOTH_DIR/our.rc")
	UL_RC=$ul_rc OUR_RC=$our_rc

	cmp -s "$BOTH_DIR/ul.out" "$BOTH_DIR/our.out" || { _differ out "$@"; bad=1; }
	cmp -s "$BOTH_DIR/ul.err" "$BOTH_DIR/our.err" || { _differ err "$@"; bad=1; }
	if [ "$ul_rc" != "$our_rc" ]; then
		echo "# exit status differs for: mkswap $*: util-linux $ul_rc, ours $our_rc" >&2
		bad=1
	fi

	if [ -e "$UL_FILE_PATH" ] && [ -e "$OUR_FILE_PATH" ]; then
		if [ $any_uuid = 1 ]; then
			cp --sparse=always -- "$UL_FILE_PATH" "$BOTH_DIR/ul.masked"
			cp --sparse=always -- "$OUR_FILE_PATH" "$BOTH_DIR/our.masked"
			zero_range "$BOTH_DIR/ul.masked" 1036 16
			zero_range "$BOTH_DIR/our.masked" 1036 16
			if ! cmp -- "$BOTH_DIR/ul.masked" "$BOTH_DIR/our.masked" >&2; then
				echo "# files differ (outside the UUID) for: mkswap $*" >&2
				bad=1
			fi
		elif ! cmp -- "$UL_FILE_PATH" "$OUR_FILE_PATH" >&2; then
			echo "# files differ for: mkswap $* (offset, util-linux, ours; octal):" >&2
			{ cmp -l -- "$UL_FILE_PATH" "$OUR_FILE_PATH" 2>/dev/null || true; } |
				head -8 | sed 's/^/#   /' >&2
			bad=1
		fi
		if [ "$(stat -c %a "$UL_FILE_PATH")" != "$(stat -c %a "$OUR_FILE_PATH")" ]; then
			echo "# file modes differ for: mkswap $*" >&2
			bad=1
		fi
	elif [ -e "$UL_FILE_PATH" ] || [ -e "$OUR_FILE_PATH" ]; then
		echo "# only one tool left a file for: mkswap $*" >&2
		bad=1
	fi
	return $bad
}

# ---- running ours alone --------------------------------------------------
#
#   ours ARGS...   run our mkswap with $BATS_TEST_TMPDIR as cwd; stdout and
#                  stderr go to the files $OUT and $ERR (so trailing blank
#                  lines count), the exit status to $RC.
#   assert_file_is FILE <<EOF ... EOF   FILE must hold exactly that text.
#   assert_empty FILE

ours() {
	OUT=$BATS_TEST_TMPDIR/ours.out ERR=$BATS_TEST_TMPDIR/ours.err RC=0
	(cd "$BATS_TEST_TMPDIR" && exec "$MKSWAP" "$@") >"$OUT" 2>"$ERR" || RC=$?
	sed -i -e "s|$MKSWAP|mkswap|g" "$OUT" "$ERR"
}

assert_file_is() {
	local want=$BATS_TEST_TMPDIR/expected.$$
	cat >"$want"
	if ! cmp -s "$want" "$1"; then
		echo "# $(basename "$1") is not as expected:" >&2
		diff -u --label expected --label actual "$want" "$1" >&2 || true
		return 1
	fi
}

assert_empty() {
	if [ -s "$1" ]; then
		echo "# $(basename "$1") should be empty, holds:" >&2
		sed 's/^/#   /' "$1" >&2
		return 1
	fi
}

# refute_grep PATTERN FILE: FILE must not contain PATTERN (an ERE).
refute_grep() {
	if grep -qiE -- "$1" "$2"; then
		echo "# $(basename "$2") should not match '$1', holds:" >&2
		sed 's/^/#   /' "$2" >&2
		return 1
	fi
}

# assert_rc WANT: $RC (from ours) must be WANT.
assert_rc() {
	if [ "$RC" != "$1" ]; then
		echo "# exit status $RC, expected $1; stderr:" >&2
		sed 's/^/#   /' "$ERR" >&2
		return 1
	fi
}

# assert_same_state BEFORE FILE: hash_state FILE must still be BEFORE.
assert_same_state() {
	local now
	now=$(hash_state "$2")
	if [ "$now" != "$1" ]; then
		echo "# $2 was changed: before '$1', after '$now'" >&2
		return 1
	fi
}

# assert_swap_header FILE PAGESIZE NPAGES [AREA_OFFSET]: a native v1 header.
assert_swap_header() {
	local f=$1 ps=$2 n=$3 off=${4:-0} got
	got="$(u32le "$f" $((off + 1024))) $(u32le "$f" $((off + 1028))) $(u32le "$f" $((off + 1032)))"
	got+=" $(text_at "$f" $((off + ps - 10)) 10)"
	if [ "$got" != "1 $((n - 1)) 0 SWAPSPACE2" ]; then
		echo "# header at $off: version, last_page, nr_badpages, magic = '$got'," \
			"expected '1 $((n - 1)) 0 SWAPSPACE2'" >&2
		return 1
	fi
}

# uuid_text FILE [AREA_OFFSET]: the stored UUID as 8-4-4-4-12 text.
uuid_text() {
	local h
	h=$(hexbytes "$1" $((${2:-0} + 1036)) 16)
	echo "${h:0:8}-${h:8:4}-${h:12:4}-${h:16:4}-${h:20:12}"
}

# uuid_version FILE [AREA_OFFSET]: the version nibble of the stored UUID.
uuid_version() {
	local b
	b=$(hexbytes "$1" $((${2:-0} + 1036 + 6)) 1)
	echo "${b:0:1}"
}

# assert_man_lists_help_options MAN CMD...: the --long options named in the
# man page MAN are exactly those the --help of each CMD (a command line)
# lists.  Prints what is only on one side.
assert_man_lists_help_options() {
	local man=$1 in_man in_help cmd
	shift
	[ -f "$man" ] || { echo "# $man does not exist" >&2; return 1; }
	in_man=$(sed 's/\\-/-/g; s/\\f[BIRP]//g' "$man" |
		grep -oE -- '(^|[^A-Za-z0-9-])--[a-z][a-z-]*' | grep -oE -- '--[a-z][a-z-]*' | sort -u)
	in_help=$(for cmd in "$@"; do $cmd --help; done |
		grep -oE '^ +(-[A-Za-z], )?--[a-z][a-z-]*' | grep -oE -- '--[a-z][a-z-]*' | sort -u)
	if [ "$in_man" != "$in_help" ]; then
		echo "# only in the man page: $(comm -23 <(echo "$in_man") <(echo "$in_help") | tr '\n' ' ')" >&2
		echo "# only in --help: $(comm -13 <(echo "$in_man") <(echo "$in_help") | tr '\n' ' ')" >&2
		return 1
	fi
}
