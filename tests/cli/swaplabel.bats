#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# swaplabel.bats - our swaplabel must be a drop-in for util-linux swaplabel:
# the same options, stdout, stderr, exit codes, and byte-identical files
# after a change (only the 16 bytes of the UUID or label field touched).
#
# Judge: util-linux 2.38.1 /usr/sbin/swaplabel, run on an identical copy of
# every input (run_both from helpers.bash, with the two swaplabels in place
# of the two mkswaps).  Areas come from util-linux's mkswap, from ours (for
# -e big, which 2.38.1 lacks), or are made by hand at the field offsets of
# kernel-swap-facts.md section 1 (version 1024, last_page 1028, nr_badpages
# 1032, UUID 1036, label 1052, padding 1068, magic at pagesize - 10).
#
# Safety: every file lives under $BATS_TEST_TMPDIR; no block device is ever
# named; swapon and swapoff are never run.

bats_require_minimum_version 1.5.0

load helpers

SWAPLABEL=$BUILD_DIR/swaplabel

# Fixed UUIDs, so that two runs can be compared byte for byte.
U=0a1b2c3d-4e5f-4071-8293-a4b5c6d7e8f9
U2=fedcba98-7654-4321-8fed-cba987654321

setup() {
	[ -x "$SWAPLABEL" ] || {
		echo "# $SWAPLABEL is missing: build it first (make DEVELOPER=1)" >&2
		return 1
	}
	cd "$BATS_TEST_TMPDIR" || return 1
	TPL=$BATS_TEST_TMPDIR/template
}

# Skip unless util-linux's swaplabel and mkswap (the judges) are installed.
require_judge() {
	require_ul
	[ -x "$UL_SWAPLABEL" ] || skip "util-linux swaplabel ($UL_SWAPLABEL) is not installed"
}

# fail_if CASES: fail, naming every failing case, unless CASES is empty.
fail_if() {
	[ -z "$1" ] || { echo "# failing cases:$1" >&2; return 1; }
}

# make_area MKSWAP SIZE ARGS...: $TPL becomes a swap area made by MKSWAP -q ARGS.
make_area() {
	local bin=$1 size=$2
	shift 2
	mk_sparse "$TPL" "$size"
	"$bin" -q "$@" "$TPL" >/dev/null
}

# put FILE OFFSET PRINTF-FORMAT: overwrite bytes in place.
put() {
	# shellcheck disable=SC2059
	printf "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

# label_run ARGS...: run both swaplabels in $BOTH_DIR ("@" is the file) and
# compare everything, as run_both does for mkswap.
label_run() {
	UL_MKSWAP=$UL_SWAPLABEL MKSWAP=$SWAPLABEL run_both "$@"
}

# label_both TEMPLATE ARGS...: the same on two fresh copies of TEMPLATE.
label_both() {
	both_prepare_from "$1"
	shift
	label_run "$@"
}

# sl ARGS...: run our swaplabel alone (OUT, ERR, RC as `ours` sets them).
sl() {
	MKSWAP=$SWAPLABEL ours "$@"
}

# assert_only_changed BEFORE AFTER OFFSET: the files differ in the 16 bytes
# at OFFSET at most.
assert_only_changed() {
	cp --sparse=always -- "$1" "$BATS_TEST_TMPDIR/before.masked"
	cp --sparse=always -- "$2" "$BATS_TEST_TMPDIR/after.masked"
	zero_range "$BATS_TEST_TMPDIR/before.masked" "$3" 16
	zero_range "$BATS_TEST_TMPDIR/after.masked" "$3" 16
	if ! cmp -- "$BATS_TEST_TMPDIR/before.masked" "$BATS_TEST_TMPDIR/after.masked" >&2; then
		echo "# bytes outside $3..$(($3 + 15)) changed" >&2
		return 1
	fi
}

# label_field TEXT: the 16 bytes the label field must hold, as hex: the
# first 15 bytes of TEXT (LC_ALL=C: bash counts bytes), NUL-padded.
label_field() {
	local hex
	hex=$(printf '%s' "${1:0:15}" | od -An -v -t x1 | tr -d ' \n')
	while [ ${#hex} -lt 32 ]; do hex+=0; done
	echo "$hex"
}

# ---- 1. printing -----------------------------------------------------------

# The option sets the print matrix runs (word-split on purpose).
PRINT_CONFIGS=(
	"-U $U -L lbl"
	"-U clear -L lbl"
	"-U $U"
	"-U clear"
	"-U $U -L abcdefghijklmno"
)

@test "print: areas made by util-linux mkswap at 4K, 8K, 16K and 64K pages match util-linux" {
	require_judge
	local ps cfg failed=""
	for ps in 4096 8192 16384 65536; do
		for cfg in "${PRINT_CONFIGS[@]}"; do
			# shellcheck disable=SC2086
			make_area "$UL_MKSWAP" 1M -p "$ps" $cfg
			label_both "$TPL" @ || failed+=" -p${ps}[$cfg]"
		done
	done
	fail_if "$failed"
}

@test "print: areas made by our mkswap (native, little, big endian; 4K, 8K, 64K) match util-linux" {
	require_judge
	require_mkswap
	local ps e cfg failed=""
	for ps in 4096 8192 65536; do
		for e in native little big; do
			for cfg in "${PRINT_CONFIGS[@]}"; do
				# shellcheck disable=SC2086
				make_area "$MKSWAP" 1M -p "$ps" -e "$e" $cfg
				label_both "$TPL" @ || failed+=" -p$ps,-e${e}[$cfg]"
			done
		done
	done
	fail_if "$failed"
}

@test "print: LABEL line, then UUID line with two spaces; each only when present" {
	make_area "$UL_MKSWAP" 1M -U "$U" -L lbl
	sl "$TPL"
	assert_rc 0
	assert_empty "$ERR"
	assert_file_is "$OUT" <<-EOF
		LABEL: lbl
		UUID:  $U
	EOF
	make_area "$UL_MKSWAP" 1M -U clear -L lbl
	sl "$TPL"
	assert_file_is "$OUT" <<-'EOF'
		LABEL: lbl
	EOF
	make_area "$UL_MKSWAP" 1M -U "$U"
	sl "$TPL"
	assert_file_is "$OUT" <<-EOF
		UUID:  $U
	EOF
	make_area "$UL_MKSWAP" 1M -U clear
	sl "$TPL"
	assert_rc 0
	assert_empty "$OUT"
	assert_empty "$ERR"
}

@test "print: libblkid's rules for the label (trailing blanks, 16 bytes, leading NUL) and dirty padding match util-linux" {
	require_judge
	local -a cases=(
		"1052|ab  \\t\\0"                 # trailing white space dropped
		"1052|   \\0"                     # nothing left: no LABEL line
		"1052|0123456789abcdef"           # all 16 bytes, no NUL: shown whole
		"1052|\\0abc"                     # first byte NUL: no label
		"1052|  x\\0"                     # leading blanks kept
		"1052|\\303\\251t\\303\\251\\0"   # UTF-8 shown as it is
		"1196|\\1"                        # padding[32] set: neither line
		"1200|\\1"                        # padding[33] set: neither line
		"1204|\\1"                        # padding[34]: libblkid does not look
	)
	local c off bytes failed=""
	for c in "${cases[@]}"; do
		IFS='|' read -r off bytes <<<"$c"
		make_area "$UL_MKSWAP" 1M -U "$U" -L lbl
		put "$TPL" "$off" "$bytes"
		label_both "$TPL" @ || failed+=" $off:'$bytes'"
	done
	fail_if "$failed"
	# dirty padding hides both
	make_area "$UL_MKSWAP" 1M -U "$U" -L lbl
	put "$TPL" 1196 '\1'
	sl "$TPL"
	assert_rc 0
	assert_empty "$OUT"
}

@test "print: a damaged bad-page count, a symlink, a 4 GiB sparse area match util-linux" {
	require_judge
	local failed=""
	make_area "$UL_MKSWAP" 1M -U "$U" -L lbl
	put "$TPL" 1032 '\377\377\377\377'
	label_both "$TPL" @ || failed+=" nr_badpages=0xffffffff"
	label_both "$TPL" -L new @ || failed+=" -L:nr_badpages=0xffffffff"

	make_area "$UL_MKSWAP" 1M -U "$U" -L lbl
	both_prepare_from "$TPL"
	mv "$UL_FILE_PATH" "$BOTH_DIR/ul/real"
	mv "$OUR_FILE_PATH" "$BOTH_DIR/our/real"
	ln -s real "$UL_FILE_PATH"
	ln -s real "$OUR_FILE_PATH"
	label_run @ || failed+=" symlink"
	label_run -L vialink @ || failed+=" -L:symlink"
	cmp "$BOTH_DIR/ul/real" "$BOTH_DIR/our/real" || failed+=" symlink-target"

	make_area "$UL_MKSWAP" 4G -U "$U" -L big
	label_both "$TPL" @ || failed+=" 4G"
	label_both "$TPL" -L bigger -U "$U2" @ || failed+=" -L:4G"
	fail_if "$failed"
}

@test "print: a 4K SWAPSPACE2 page over a 2K SWAP-SPACE one is read at libblkid's page size, as util-linux" {
	require_judge
	make_area "$UL_MKSWAP" 1M -U "$U" -L lbl
	put "$TPL" 2038 'SWAP-SPACE'
	label_both "$TPL" @
	[ "$OUR_OUT" = "LABEL: lbl"$'\n'"UUID:  $U" ]
	label_both "$TPL" -L new @
}

# ---- 2. setting the label ------------------------------------------------------

@test "-L: short, 15, 16, 26 bytes, empty, blanks, a split UTF-8 character: util-linux's bytes and warnings" {
	require_judge
	local -a labels=(
		"new"
		"abcdefghijklmno"                      # 15 bytes: stored whole
		"abcdefghijklmnop"                     # 16 bytes: cut to 15, warning
		"abcdefghijklmnopqrstuvwxyz"           # 26 bytes: cut to 15, warning
		""                                     # empty: 16 zero bytes
		"  a b  "                              # stored as given
		"abcdefghijklmn$(printf '\303\251')x"  # the cut at 15 splits the é
	)
	local label i=0 failed=""
	make_area "$UL_MKSWAP" 1M -U "$U" -L old-label
	for label in "${labels[@]}"; do
		label_both "$TPL" -L "$label" @ || failed+=" #$i"
		assert_only_changed "$TPL" "$OUR_FILE_PATH" 1052 || failed+=" #$i:outside"
		[ "$(hexbytes "$OUR_FILE_PATH" 1052 16)" = "$(label_field "$label")" ] ||
			failed+=" #$i:field=$(hexbytes "$OUR_FILE_PATH" 1052 16)"
		if [ ${#label} -gt 15 ]; then
			[ "$OUR_ERR" = "swaplabel: label is too long. Truncating it to '${label:0:15}'" ] ||
				failed+=" #$i:warning='$OUR_ERR'"
		else
			[ -z "$OUR_ERR" ] || failed+=" #$i:stderr='$OUR_ERR'"
		fi
		[ -z "$OUR_OUT" ] || failed+=" #$i:stdout"
		[ "$OUR_RC" = 0 ] || failed+=" #$i:rc=$OUR_RC"
		i=$((i + 1))
	done
	fail_if "$failed"
}

@test "-L then print: the new label is what both tools print afterwards" {
	require_judge
	make_area "$UL_MKSWAP" 1M -U "$U" -L old
	label_both "$TPL" -L 0123456789abcdefXYZ @
	cp -- "$OUR_FILE_PATH" "$BATS_TEST_TMPDIR/after"
	label_both "$BATS_TEST_TMPDIR/after" @
	[ "$OUR_OUT" = "LABEL: 0123456789abcde"$'\n'"UUID:  $U" ]
	label_both "$BATS_TEST_TMPDIR/after" -L '' @
	cp -- "$OUR_FILE_PATH" "$BATS_TEST_TMPDIR/after"
	label_both "$BATS_TEST_TMPDIR/after" @
	[ "$OUR_OUT" = "UUID:  $U" ]
}

@test "-L and -U at 8K, 16K and 64K pages and in big-endian areas change the same bytes as util-linux" {
	require_judge
	require_mkswap
	local ps e failed=""
	for ps in 8192 16384 65536; do
		make_area "$UL_MKSWAP" 1M -p "$ps" -U "$U" -L old
		label_both "$TPL" -L new -U "$U2" @ || failed+=" ul-p$ps"
		for e in little big; do
			make_area "$MKSWAP" 1M -p "$ps" -e "$e" -U "$U" -L old
			label_both "$TPL" -L new -U "$U2" @ || failed+=" our-p$ps-$e"
			cp -- "$OUR_FILE_PATH" "$BATS_TEST_TMPDIR/after"
			label_both "$BATS_TEST_TMPDIR/after" @ || failed+=" print:our-p$ps-$e"
			[ "$OUR_OUT" = "LABEL: new"$'\n'"UUID:  $U2" ] || failed+=" out:our-p$ps-$e"
		done
	done
	fail_if "$failed"
}

# ---- 3. setting the UUID ------------------------------------------------------

@test "-U: lower case, upper case, all zeros, all ones: util-linux's bytes, nothing else changed" {
	require_judge
	local uuid failed=""
	make_area "$UL_MKSWAP" 1M -U "$U" -L keep
	for uuid in "$U2" "${U2^^}" 00000000-0000-0000-0000-000000000000 \
		ffffffff-ffff-ffff-ffff-ffffffffffff; do
		label_both "$TPL" -U "$uuid" @ || failed+=" $uuid"
		assert_only_changed "$TPL" "$OUR_FILE_PATH" 1036 || failed+=" $uuid:outside"
		[ "$(uuid_text "$OUR_FILE_PATH")" = "${uuid,,}" ] || failed+=" $uuid:field"
		[ -z "$OUR_OUT$OUR_ERR" ] || failed+=" $uuid:output"
	done
	fail_if "$failed"
	# an all-zero UUID is then not printed
	make_area "$UL_MKSWAP" 1M -U "$U" -L keep
	sl -U 00000000-0000-0000-0000-000000000000 "$TPL"
	assert_rc 0
	sl "$TPL"
	assert_file_is "$OUT" <<-'EOF'
		LABEL: keep
	EOF
}

@test "-U with text that is not a UUID: a warning, exit 0, file untouched, as util-linux" {
	require_judge
	local -a bad=(
		"not-a-uuid"
		"${U}0"                                  # 37 characters
		"${U:0:35}"                              # 35 characters
		"${U:0:35}g"                             # not hex
		"${U:0:8} ${U:9}"                        # a blank for a dash
		"{$U}"
		clear random time                        # mkswap's words: not here
		""
	)
	local uuid before failed=""
	make_area "$UL_MKSWAP" 1M -U "$U" -L keep
	before=$(hash_state "$TPL")
	for uuid in "${bad[@]}"; do
		label_both "$TPL" -U "$uuid" @ || failed+=" '$uuid'"
		assert_same_state "$before" "$OUR_FILE_PATH" || failed+=" '$uuid':changed"
		[ "$OUR_ERR" = "swaplabel: failed to parse UUID: $uuid" ] || failed+=" '$uuid':stderr"
		[ "$OUR_RC" = 0 ] || failed+=" '$uuid':rc=$OUR_RC"
	done
	fail_if "$failed"
}

@test "-L with -U: both fields written; a bad -U still lets -L through, as util-linux" {
	require_judge
	local failed=""
	make_area "$UL_MKSWAP" 1M -U "$U" -L old
	label_both "$TPL" -L both -U "$U2" @ || failed+=" -L-U"
	[ "$(uuid_text "$OUR_FILE_PATH")" = "$U2" ] || failed+=" uuid"
	[ "$(text_at "$OUR_FILE_PATH" 1052 16)" = both ] || failed+=" label"
	label_both "$TPL" -U "$U2" -L 0123456789abcdefXYZ @ || failed+=" -U-L-long"
	label_both "$TPL" -U bogus -L 0123456789abcdefXYZ @ || failed+=" -Ubad-L-long"
	[ "$OUR_ERR" = "swaplabel: failed to parse UUID: bogus"$'\n'"swaplabel: label is too long. Truncating it to '0123456789abcde'" ] ||
		failed+=" order:'$OUR_ERR'"
	assert_only_changed "$TPL" "$OUR_FILE_PATH" 1052 || failed+=" bad-U-touched-UUID"
	label_both "$TPL" -L a -L b -U "$U" -U "$U2" @ || failed+=" repeated"
	[ "$(text_at "$OUR_FILE_PATH" 1052 16)" = b ] || failed+=" last-L"
	fail_if "$failed"
}

# ---- 4. what is not a v1 swap area ----------------------------------------------

# The refusal matrix: each case makes $TPL (or, for names that are not
# regular files, sets REFUSE_NAME) and the text util-linux 2.38.1 prints.
refusal_case() {
	REFUSE_NAME=@
	case $1 in
	empty) : >"$TPL" ;;
	zeros) mk_sparse "$TPL" 1M ;;
	text) yes 'not a swap area' | head -c 1M >"$TPL" ;;
	v0) # a legacy area: a 4096-byte page ending in SWAP-SPACE
		mk_sparse "$TPL" 1M
		put "$TPL" 4086 'SWAP-SPACE' ;;
	v2)
		make_area "$UL_MKSWAP" 1M -U "$U" -L lbl
		put "$TPL" 1024 '\2\0\0\0' ;;
	last_page0)
		make_area "$UL_MKSWAP" 1M -U "$U" -L lbl
		put "$TPL" 1028 '\0\0\0\0' ;;
	S1SUSPEND | S2SUSPEND | ULSUSPEND | LINHIB0001) # hibernation over the magic
		make_area "$UL_MKSWAP" 1M -U "$U" -L lbl
		put "$TPL" 4086 "$1" ;;
	tuxonice) # TuxOnIce's magic at byte 0 hides the swap signature
		make_area "$UL_MKSWAP" 1M -U "$U" -L lbl
		put "$TPL" 0 '\355\303\002\351\230\126\345\014' ;;
	9pages) # the header says 10 pages, the file holds 9: under libblkid's minimum
		make_area "$UL_MKSWAP" 40960 -U "$U" -L lbl
		truncate -s 36864 "$TPL" ;;
	128K) # libblkid looks for the magic up to 64 KiB pages only
		make_area "$UL_MKSWAP" 4M -p 131072 -U "$U" -L lbl ;;
	ext4)
		command -v mkfs.ext4 >/dev/null || return 1
		mk_sparse "$TPL" 4M
		mkfs.ext4 -q -F "$TPL" >/dev/null 2>&1 ;;
	missing) REFUSE_NAME=missing ;;
	dangling) ln -s nowhere "$BOTH_DIR/ul/dangling"; ln -s nowhere "$BOTH_DIR/our/dangling"; REFUSE_NAME=dangling ;;
	directory) mkdir "$BOTH_DIR/ul/dir" "$BOTH_DIR/our/dir"; REFUSE_NAME=dir ;;
	fifo) mkfifo "$BOTH_DIR/ul/fifo" "$BOTH_DIR/our/fifo"; REFUSE_NAME=fifo ;;
	esac
}

REFUSALS=(empty zeros text v0 v2 last_page0 S1SUSPEND S2SUSPEND ULSUSPEND LINHIB0001
	tuxonice 9pages 128K ext4 missing dangling directory fifo)

@test "refusals match util-linux: empty, zeros, text, v0, v2, hibernation, TuxOnIce, too small, 128K pages, ext4, missing, directory, fifo" {
	require_judge
	local c args before failed=""
	for c in "${REFUSALS[@]}"; do
		for args in "" "-L x" "-U $U2" "-L x -U $U2"; do
			rm -f -- "$TPL"
			both_prepare_none
			refusal_case "$c" || continue
			if [ -e "$TPL" ]; then
				both_prepare_from "$TPL"
				before=$(hash_state "$TPL")
			fi
			# shellcheck disable=SC2086
			label_run $args "$REFUSE_NAME" || failed+=" ${c}[$args]"
			[ "$OUR_RC" = 1 ] || failed+=" ${c}[$args]:rc=$OUR_RC"
			[ -z "$OUR_OUT" ] || failed+=" ${c}[$args]:stdout"
			if [ -e "$TPL" ]; then
				assert_same_state "$before" "$OUR_FILE_PATH" || failed+=" ${c}[$args]:changed"
			fi
		done
	done
	fail_if "$failed"
}

@test "refusal messages are util-linux's words" {
	local -a cases=(
		"empty|template|swaplabel: template: not a valid swap partition"
		"v0|template|swaplabel: template: unsupported swap version '0'"
		"v2|template|swaplabel: template: not a valid swap partition"
		"S1SUSPEND|template|swaplabel: template: not a valid swap partition"
		"-|missing|swaplabel: missing: unable to probe device: No such file or directory"
		"-|dir|swaplabel: dir: unable to probe device: Invalid argument"
	)
	local c name target want failed=""
	mkdir dir
	for c in "${cases[@]}"; do
		IFS='|' read -r name target want <<<"$c"
		rm -f -- "$TPL"
		refusal_case "$name"  # "-": nothing to make
		sl -L x "$target"
		[ "$RC" = 1 ] || failed+=" $name:rc=$RC"
		[ "$(cat "$ERR")" = "$want" ] || failed+=" $name:'$(cat "$ERR")'"
	done
	fail_if "$failed"
}

@test "ext4 with a swap signature too: like util-linux, only swap is looked for, so it is labelled" {
	require_judge
	command -v mkfs.ext4 >/dev/null || skip "mkfs.ext4 is not installed"
	mk_sparse "$TPL" 4M
	mkfs.ext4 -q -F "$TPL" >/dev/null 2>&1
	# version 1 and last_page 1023 over the ext4 superblock's first words,
	# SWAPSPACE2 at 4086: libblkid now sees two signatures
	put "$TPL" 1024 '\1\0\0\0\377\3\0\0'
	put "$TPL" 4086 SWAPSPACE2
	run "$UL_BLKID" -p "$TPL"
	[[ $output == *ambivalent* ]]
	label_both "$TPL" @
	[[ $OUR_OUT == "UUID:  "* ]]
	label_both "$TPL" -L x -U "$U2" @
	[ "$OUR_RC" = 0 ]
}

# ---- 5. the command line ------------------------------------------------------

@test "usage errors and argument handling match util-linux (messages, Try line, exit 1)" {
	require_judge
	local -a argvs=(
		""                    # no device specified
		"-L x"                # options, still no device
		"-U $U2"
		"--bogus @"           # unrecognized option
		"-x @"                # invalid option
		"-L"                  # option requires an argument
		"-U"
		"--label"
		"--uuid"
		"@ extra"             # the first device is used, the rest ignored
		"extra @"             # ... so this one probes "extra"
		"-- @"
		"@ -L after"          # options after the device
		"--lab abbrev @"      # unambiguous abbreviations
		"--uu=$U2 @"
		"-Lglued @"
		"--label= @"          # an empty label
	)
	local a failed=""
	make_area "$UL_MKSWAP" 1M -U "$U" -L lbl
	for a in "${argvs[@]}"; do
		both_prepare_from "$TPL"
		# shellcheck disable=SC2086
		label_run $a || failed+=" [$a]"
	done
	fail_if "$failed"
}

@test "no device: util-linux's message, the Try line, exit 1" {
	sl -L x
	assert_rc 1
	assert_empty "$OUT"
	assert_file_is "$ERR" <<-'EOF'
		swaplabel: no device specified
		Try 'swaplabel --help' for more information.
	EOF
}

# help_options: option names (-x and --name) of our --help, one a line.
help_options() {
	"$SWAPLABEL" --help | grep -oE '^ +(-[A-Za-z], )?--[a-z][a-z-]*' |
		grep -oE -- '--?[A-Za-z][a-z-]*' | sort -u
}

@test "-h and --help exit 0; man/swaplabel.8 lists exactly the options of --help" {
	run -0 "$SWAPLABEL" -h
	[[ $output == "Usage: swaplabel"* ]]
	run -0 "$SWAPLABEL" --help
	local man help
	man=$(sed -n '/^\.SH OPTIONS/,/^\.SH /p' "$REPO_ROOT/man/swaplabel.8" |
		sed 's/\\-/-/g; s/\\f[BIRP]//g' |
		grep -oE -- '(^|[^A-Za-z0-9-])--?[A-Za-z][A-Za-z-]*' |
		grep -oE -- '--?[A-Za-z][A-Za-z-]*' | grep -vE '^-[A-Za-z][A-Za-z]' | sort -u)
	help=$(help_options)
	if [ "$man" != "$help" ]; then
		echo "# man/swaplabel.8 and --help differ:" >&2
		diff <(echo "$man") <(echo "$help") >&2 || true
		return 1
	fi
}

@test "--help lists exactly the options util-linux 2.38.1 lists" {
	require_judge
	local ul
	ul=$("$UL_SWAPLABEL" --help | grep -oE '^ +(-[A-Za-z], )?--[a-z][a-z-]*' |
		grep -oE -- '--?[A-Za-z][a-z-]*' | sort -u)
	[ "$ul" = "$(help_options)" ]
}

@test "-V and --version exit 0 and print swaplabel from swaparea" {
	run -0 "$SWAPLABEL" -V
	[[ $output == "swaplabel from swaparea "[0-9]* ]]
	run -0 "$SWAPLABEL" --version
	[[ $output == "swaplabel from swaparea "[0-9]* ]]
}
