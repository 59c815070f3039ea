#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# mkswap.bats - our mkswap must be a drop-in for util-linux mkswap: the same
# options, stdout, stderr, exit codes and byte-identical files.
#
# Judges: util-linux 2.38.1 (/usr/sbin/mkswap, swaplabel, blkid, file) run on
# an identical copy of every input, and /work/shared/util-linux-facts.md for
# what 2.38.1 cannot show (options added later, its own bugs).  Offsets of
# the header fields come from kernel-swap-facts.md section 1.
#
# Safety: every file lives under $BATS_TEST_TMPDIR; sparse files only; no
# block device is ever named; swapon and swapoff are never run.

bats_require_minimum_version 1.5.0

load helpers

# A fixed UUID so that two runs can be compared byte for byte.
U=0a1b2c3d-4e5f-4071-8293-a4b5c6d7e8f9

setup() {
	require_mkswap
	cd "$BATS_TEST_TMPDIR" || return 1
	LOCK_PID=
}

teardown() {
	stop_lock_holder
}

# ---- 1. comparison matrix (util-linux as judge) --------------------------

# report_failures LIST: fail, naming every failing case, if LIST is not empty.
report_failures() {
	if [ -n "$1" ]; then
		echo "# failing cases:$1" >&2
		return 1
	fi
}

@test "matrix: area sizes (10 pages, +4095, 1000001, 1 MiB, 1 GiB, 17 x 64 KiB) match util-linux" {
	require_ul
	local size failed=""
	for size in 40960 $((40960 + 4095)) 1000001 1M 1G; do
		both_prepare "$size"
		run_both -U "$U" -L matrix -p "$PAGESIZE" @ || failed+=" size=$size"
	done
	both_prepare $((17 * 65536))
	run_both -U "$U" -L matrix -p 65536 @ || failed+=" size=17x65536,-p65536"
	report_failures "$failed"
}

@test "matrix: page sizes 2048..65536 match util-linux" {
	require_ul
	local ps size failed=""
	for ps in 2048 4096 8192 16384 32768 65536; do
		for size in 1M $((1048576 + 12345)) $((10 * ps)); do
			both_prepare "$size"
			run_both -U "$U" -L pages -p "$ps" @ || failed+=" -p$ps,size=$size"
		done
	done
	report_failures "$failed"
}

@test "page sizes above 64 KiB (util-linux has no upper bound) and -p 0 match util-linux" {
	require_ul
	local ps failed=""
	for ps in 131072 262144 524288 1048576 0; do
		both_prepare 16M
		run_both -U "$U" -L big -p "$ps" @ || failed+=" -p$ps"
	done
	report_failures "$failed"
}

@test "matrix: labels of 15, 16, 17 bytes, a split UTF-8 character and an empty label match util-linux" {
	require_ul
	local label failed="" i=0
	local -a labels=(
		"abcdefghijklmno"           # 15 bytes: stored whole
		"abcdefghijklmnop"          # 16 bytes: cut to 15
		"abcdefghijklmnopq"         # 17 bytes: cut to 15
		"abcdefghijklmn$(printf '\303\251')x" # the 15-byte cut splits "é"
		""                          # -L '': "LABEL=, ", nothing stored
	)
	for label in "${labels[@]}"; do
		both_prepare 1M
		run_both -U "$U" -L "$label" @ || failed+=" label#$i='$label'"
		i=$((i + 1))
	done
	report_failures "$failed"
}

@test "matrix: UUID in lower case, upper case and 'clear' match util-linux" {
	require_ul
	local uuid failed=""
	for uuid in "$U" "${U^^}" clear 00000000-0000-0000-0000-000000000001; do
		both_prepare 1M
		run_both -U "$uuid" -L uuid @ || failed+=" -U $uuid"
	done
	report_failures "$failed"
	# printed lower case either way
	both_prepare 1M
	run_both -U "${U^^}" @
	[[ $OUR_OUT == *"UUID=$U" ]]
}

@test "-U random (and no -U) match util-linux outside the UUID; UUID version 4, printed as stored" {
	require_ul
	local failed=""
	both_prepare 1M
	run_both --any-uuid -U random -L rnd @ || failed+=" -U random"
	[ "$(uuid_version "$OUR_FILE_PATH")" = 4 ] || failed+=" ours-not-v4"
	[ "$(uuid_version "$UL_FILE_PATH")" = 4 ] || failed+=" util-linux-not-v4"
	[[ $(cat "$BOTH_DIR/our.out") == *"UUID=<uuid>" ]] || failed+=" no-uuid-printed"
	both_prepare 1M
	run_both --any-uuid -L rnd @ || failed+=" no-U"
	[ "$(uuid_version "$OUR_FILE_PATH")" = 4 ] || failed+=" default-not-v4"
	report_failures "$failed"

	# the text on stdout is the UUID in the file
	mk_sparse swapfile 1M
	ours -U random swapfile
	assert_rc 0
	grep -qx "no label, UUID=$(uuid_text swapfile)" "$OUT"
}

@test "-U time matches util-linux outside the UUID; UUID version 1" {
	require_ul
	both_prepare 1M
	run_both --any-uuid -U time -L tm @
	[ "$(uuid_version "$OUR_FILE_PATH")" = 1 ]
	[ "$(uuid_version "$UL_FILE_PATH")" = 1 ]
	mk_sparse swapfile 1M
	ours -U time -L tm swapfile
	assert_rc 0
	[ "$(uuid_version swapfile)" = 1 ]
	grep -qx "LABEL=tm, UUID=$(uuid_text swapfile)" "$OUT"
}

@test "size line: the values util-linux 2.38.1 printed (facts section 1)" {
	[ "$PAGESIZE" = 4096 ] || skip "system page size is $PAGESIZE"
	local -a cases=(
		"40960|36 KiB (36864 bytes)|"
		"1000001|972 KiB (995328 bytes)|"
		"1G|1024 MiB (1073737728 bytes)|"
		"1G|1023.9 MiB (1073676288 bytes)|-p 65536"
	)
	local c size want extra failed=""
	for c in "${cases[@]}"; do
		IFS='|' read -r size want extra <<<"$c"
		mk_sparse swapfile "$size"
		if [ -n "$extra" ]; then
			# shellcheck disable=SC2086
			ours $extra -U "$U" swapfile
		else
			ours -U "$U" swapfile
		fi
		grep -qxF "Setting up swapspace version 1, size = $want" "$OUT" ||
			failed+=" $size$extra:'$(head -1 "$OUT")'"
	done
	report_failures "$failed"
}

# ---- 2. blkid, file and swaplabel see the same ----------------------------

# judge_configs: the option sets the judges look at (word-split on purpose).
JUDGE_CONFIGS=(
	"-U $U -L judge"
	"-U $U -L judge -p 8192"
	"-U $U -L judge -p 65536"
	"-U clear"
	"-U $U -L 0123456789abcdefXYZ"
)

# judge_all TOOL ARGS...: run TOOL on both files (cwd = its dir) for every
# config; print differences; fail if any.
judge_all() {
	local cfg failed="" a b
	for cfg in "${JUDGE_CONFIGS[@]}"; do
		both_prepare 1M
		# shellcheck disable=SC2086
		run_both $cfg @ || failed+=" mkswap[$cfg]"
		a=$(cd "$BOTH_DIR/ul" && "$@" "$BOTH_NAME" 2>&1; echo "rc=$?")
		b=$(cd "$BOTH_DIR/our" && "$@" "$BOTH_NAME" 2>&1; echo "rc=$?")
		if [ "$a" != "$b" ]; then
			echo "# $* [$cfg]: util-linux file: '$a'; our file: '$b'" >&2
			failed+=" [$cfg]"
		fi
	done
	report_failures "$failed"
}

@test "blkid -p -o export reports the same for our file as for util-linux's" {
	require_ul
	judge_all "$UL_BLKID" -p -o export
	# and it is a swap area with our label and UUID
	both_prepare 1M
	run_both -U "$U" -L judge @
	run -0 "$UL_BLKID" -p -o export "$OUR_FILE_PATH"
	[[ $output == *"TYPE=swap"* && $output == *"LABEL=judge"* && $output == *"UUID=$U"* ]]
}

@test "file -b reports the same for our file as for util-linux's" {
	require_ul
	[ -x "$UL_FILE" ] || skip "file(1) is not installed"
	judge_all "$UL_FILE" -b
	both_prepare 1M
	run_both -U "$U" -L judge @
	run -0 "$UL_FILE" -b "$OUR_FILE_PATH"
	if host_is_little_endian && [ "$PAGESIZE" = 4096 ]; then
		[ "$output" = "Linux swap file, 4k page size, little endian, version 1, size 255 pages, 0 bad pages, LABEL=judge, UUID=$U" ]
	fi
}

@test "swaplabel reports the same for our file as for util-linux's" {
	require_ul
	[ -x "$UL_SWAPLABEL" ] || skip "swaplabel is not installed"
	judge_all "$UL_SWAPLABEL"
	both_prepare 1M
	run_both -U "$U" -L 0123456789abcdefXYZ @
	run -0 "$UL_SWAPLABEL" "$OUR_FILE_PATH"
	[ "$output" = "LABEL: 0123456789abcde"$'\n'"UUID:  $U" ]
}

# ---- 3. the [blocks] argument (KiB) ---------------------------------------

@test "[blocks] smaller than the device: the area is blocks KiB, as util-linux" {
	require_ul
	local failed=""
	both_prepare 1M
	run_both -U "$U" @ 100 || failed+=" 100"
	assert_swap_header "$OUR_FILE_PATH" "$PAGESIZE" $((100 * 1024 / PAGESIZE)) || failed+=" header"
	both_prepare 1M
	run_both -U "$U" -p 65536 @ 1000 || failed+=" 1000@64K"   # 15 pages: integer division
	assert_swap_header "$OUR_FILE_PATH" 65536 15 || failed+=" header@64K"
	both_prepare 1M
	run_both -U "$U" @ 0 || failed+=" 0(=whole)"
	report_failures "$failed"
}

@test "[blocks] larger than the device without -f: error, exit 1, file untouched" {
	mk_sparse swapfile 1M
	local before
	before=$(hash_state swapfile)
	ours -U "$U" swapfile 2000
	assert_rc 1
	assert_empty "$OUT"
	assert_file_is "$ERR" <<-'EOF'
		mkswap: error: size 2000 KiB is larger than device size 1024 KiB
	EOF
	assert_same_state "$before" swapfile
	if [ -x "$UL_MKSWAP" ]; then
		both_prepare 1M
		run_both -U "$U" @ 2000
	fi
}

@test "[blocks] larger than the device with -f: accepted, as util-linux" {
	require_ul
	both_prepare 1M
	run_both -f -U "$U" @ 2000
	[ "$OUR_RC" = 0 ]
	[ "$(u32le "$OUR_FILE_PATH" 1028)" = $((2000 * 1024 / PAGESIZE - 1)) ]
}

@test "[blocks] beyond 2^32-1 pages with -f: area capped, warning, as util-linux" {
	require_ul
	local blocks failed=""
	for blocks in 17179869184 17592186044416; do
		both_prepare 1M
		run_both -f -U "$U" @ "$blocks" || failed+=" $blocks"
		[ "$(u32le "$OUR_FILE_PATH" 1028)" = 4294967294 ] || failed+=" $blocks:last_page"
	done
	report_failures "$failed"
	grep -qxF "Setting up swapspace version 1, size = 16 TiB (17592186036224 bytes)" "$BOTH_DIR/our.out"
}

@test "[blocks] not a number: invalid block count argument, exit 1, untouched" {
	mk_sparse swapfile 1M
	local before
	before=$(hash_state swapfile)
	ours swapfile 12abc
	assert_rc 1
	assert_file_is "$ERR" <<-'EOF'
		mkswap: invalid block count argument: '12abc'
	EOF
	assert_same_state "$before" swapfile
	if [ -x "$UL_MKSWAP" ]; then
		both_prepare 1M
		run_both @ 12abc
	fi
}

# ---- 4. errors: message, exit status, target untouched ---------------------

# error_case EXPECTED_STDERR ARGS...: run ours on ./swapfile (1 MiB, 0600,
# created here), demand exit 1, empty stdout, exactly EXPECTED_STDERR, and
# the file untouched; then the same against util-linux when it knows the
# options (UL=1).
error_case() {
	local want=$1 before
	shift
	mk_sparse swapfile 1M
	before=$(hash_state swapfile)
	ours "$@"
	assert_rc 1
	assert_empty "$OUT"
	printf '%s\n' "$want" | assert_file_is "$ERR"
	assert_same_state "$before" swapfile
	if [ "${UL:-0}" = 1 ] && [ -x "$UL_MKSWAP" ]; then
		local a args=()
		for a in "$@"; do
			[ "$a" = swapfile ] && a=@
			args+=("$a")
		done
		both_prepare 1M
		run_both "${args[@]}"
	fi
}

@test "error: no device argument" {
	UL=1 error_case $'mkswap: error: Nowhere to set up swap on?\nTry \'mkswap --help\' for more information.' \
		-U "$U"
}

@test "error: three positional arguments" {
	UL=1 error_case $'mkswap: only one device argument is currently supported\nTry \'mkswap --help\' for more information.' \
		swapfile 100 200
}

@test "error: missing path, and no file is created" {
	ours -U "$U" nosuchfile
	assert_rc 1
	assert_empty "$OUT"
	assert_file_is "$ERR" <<-'EOF'
		mkswap: cannot open nosuchfile: No such file or directory
	EOF
	[ ! -e nosuchfile ]
	if [ -x "$UL_MKSWAP" ]; then
		both_prepare_none
		run_both -U "$U" @
	fi
}

@test "error: a directory (facts: cannot open X: Is a directory; 2.38.1 adds a bogus warning)" {
	mkdir adir
	touch adir/keep
	ours -U "$U" adir
	assert_rc 1
	assert_empty "$OUT"
	assert_file_is "$ERR" <<-'EOF'
		mkswap: cannot open adir: Is a directory
	EOF
	[ "$(ls adir)" = keep ]
}

@test "error: an area under 10 pages (40 KiB at 4 KiB pages)" {
	[ "$PAGESIZE" = 4096 ] || skip "system page size is $PAGESIZE"
	mk_sparse swapfile 40959
	local before
	before=$(hash_state swapfile)
	ours -U "$U" swapfile
	assert_rc 1
	assert_file_is "$ERR" <<-'EOF'
		mkswap: error: swap area needs to be at least 40 KiB
	EOF
	assert_same_state "$before" swapfile
	if [ -x "$UL_MKSWAP" ]; then
		both_prepare 40959
		run_both -U "$U" @
	fi
}

@test "error: an area under 10 pages at -p 65536 (640 KiB)" {
	[ "$PAGESIZE" = 4096 ] || skip "system page size is $PAGESIZE"
	mk_sparse swapfile $((10 * 65536 - 1))
	local before
	before=$(hash_state swapfile)
	ours -U "$U" -p 65536 swapfile
	assert_rc 1
	assert_file_is "$ERR" <<-'EOF'
		mkswap: Using user-specified page size 65536, instead of the system value 4096
		mkswap: error: swap area needs to be at least 640 KiB
	EOF
	assert_same_state "$before" swapfile
	if [ -x "$UL_MKSWAP" ]; then
		both_prepare $((10 * 65536 - 1))
		run_both -U "$U" -p 65536 @
	fi
}

@test "error: bad page size -p 3000" {
	UL=1 error_case "mkswap: Bad user-specified page size 3000" -p 3000 swapfile
}

@test "error: bad page size -p 1024 (below the 1550-byte header)" {
	UL=1 error_case "mkswap: Bad user-specified page size 1024" -p 1024 swapfile
}

@test "error: page size not a number" {
	UL=1 error_case "mkswap: parsing page size failed: 'abc'" -p abc swapfile
}

@test "error: bad UUID" {
	UL=1 error_case "mkswap: error: parsing UUID failed" -U not-a-uuid swapfile
	UL=1 error_case "mkswap: error: parsing UUID failed" -U "${U}0" swapfile
}

@test "error: -v 0" {
	UL=1 error_case "mkswap: swapspace version 0 is not supported" -v 0 swapfile
}

@test "error: -v 2" {
	UL=1 error_case "mkswap: swapspace version 2 is not supported" -v 2 swapfile
}

@test "error: -v not a number" {
	UL=1 error_case "mkswap: parsing version number failed: 'x'" -v x swapfile
}

@test "error: unknown long option" {
	UL=1 error_case $'mkswap: unrecognized option \'--bogus\'\nTry \'mkswap --help\' for more information.' \
		--bogus swapfile
}

@test "error: unknown short option" {
	UL=1 error_case $'mkswap: invalid option -- \'x\'\nTry \'mkswap --help\' for more information.' \
		-x swapfile
}

@test "numbers are parsed like util-linux (base 10, leading blanks, + sign, range messages)" {
	require_ul
	local -a cases=(
		"@ 0x100" "@ 0100" "@ +100" "@ 100K" "@ 99999999999999999999"
		"-p 0x1000 @" "-p 010000 @" "-p +4096 @" "-p 2147483648 @"
		"-p 4294967296 @" "-p 99999999999 @"
		"-v 01 @" "-v 0x1 @" "-v +1 @" "-v -1 @" "-v 4294967297 @"
	)
	local c failed=""
	for c in "${cases[@]}"; do
		both_prepare 1M
		# shellcheck disable=SC2086
		run_both -U "$U" $c || failed+=" [$c]"
	done
	# a leading blank (word splitting above would drop it)
	both_prepare 1M
	run_both -U "$U" @ " 100" || failed+=" [@ ' 100']"
	both_prepare 1M
	run_both -U "$U" -p " 4096" @ || failed+=" [-p ' 4096']"
	both_prepare 1M
	run_both -U "$U" -v " 1" @ || failed+=" [-v ' 1']"
	report_failures "$failed"
}

@test "option syntax is getopt_long's: permutation, --, repeats, abbreviations, missing arguments" {
	require_ul
	local -a cases=(
		"@ -L after"
		"--lab=abbrev @"
		"--pages 8192 @"
		"-L a -L b @"
		"-- @"
		"-fq @"
		"--ver @"
		"@ -L"
		"@ --label"
		"@ -U"
		"--lock==yes @"
	)
	local c failed=""
	for c in "${cases[@]}"; do
		both_prepare 1M
		# shellcheck disable=SC2086
		run_both -U "$U" $c || failed+=" [$c]"
	done
	report_failures "$failed"
}

@test "error: -c together with -q" {
	UL=1 error_case "mkswap: mutually exclusive arguments: --check --quiet" -c -q swapfile
}

@test "error: --lock=bogus" {
	UL=1 error_case "mkswap: unsupported lock mode: bogus" --lock=bogus swapfile
}

@test "error: -e bogus (an option 2.38.1 lacks: facts section 1)" {
	error_case "mkswap: invalid endianness bogus is not supported" -e bogus swapfile
}

@test "error: -o larger than the file" {
	error_case "mkswap: offset larger than file size" -o 2000000 swapfile
}

@test "error: -o not a number" {
	error_case "mkswap: invalid offset: 'ten'" -o ten swapfile
}

@test "error: --size without --file" {
	mk_sparse swapfile 1M
	local before
	before=$(hash_state swapfile)
	ours --size 2M swapfile
	assert_rc 1
	assert_empty "$OUT"
	grep -q -- '--size' "$ERR"
	grep -q -- '--file' "$ERR"
	assert_same_state "$before" swapfile
	ours --size 2M newfile
	assert_rc 1
	[ ! -e newfile ]
}

@test "errors with --file before anything is created: no file appears" {
	local args failed=""
	for args in "-p 3000" "-U nope" "-v 2" "-e bogus" "--lock=bogus" "-s 1Q" "-c -q"; do
		# shellcheck disable=SC2086
		ours -F -s 1M $args newfile
		[ "$RC" = 1 ] || failed+=" [$args]:rc=$RC"
		[ ! -e newfile ] || { failed+=" [$args]:created"; rm -f newfile; }
	done
	report_failures "$failed"
}

@test "error: -F -s too small for an area leaves an existing file's data untouched" {
	local before f=$BATS_TEST_TMPDIR/data
	head -c 65536 /dev/urandom >"$f"
	chmod 0600 "$f"
	before=$(hash_state "$f")
	ours -F -s 8K data
	[ "$RC" = 1 ]
	grep -q "swap area needs to be at least" "$ERR"
	assert_same_state "$before" "$f"
}

@test "error: a file listed in /proc/swaps is refused (SWAPAREA_PROC_SWAPS fixture)" {
	mk_sparse swapfile 1M
	printf 'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n%s\tfile\t\t1020\t\t0\t\t-2\n' \
		"$BATS_TEST_TMPDIR/swapfile" >proc-swaps
	local before
	before=$(hash_state swapfile)
	SWAPAREA_PROC_SWAPS=$BATS_TEST_TMPDIR/proc-swaps ours -U "$U" swapfile
	assert_rc 1
	assert_empty "$OUT"
	assert_file_is "$ERR" <<-'EOF'
		mkswap: error: swapfile is mounted; will not make swapspace
	EOF
	assert_same_state "$before" swapfile

	# another file listed: no objection
	mk_sparse other 1M
	SWAPAREA_PROC_SWAPS=$BATS_TEST_TMPDIR/proc-swaps ours -q -U "$U" other
	assert_rc 0
}

@test "error: /proc/swaps names the file with octal escapes (\\040 for a space)" {
	mk_sparse "swap file" 1M
	printf 'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n%s\tfile\t\t1020\t\t0\t\t-2\n' \
		"$BATS_TEST_TMPDIR/swap\\040file" >proc-swaps
	local before
	before=$(hash_state "swap file")
	SWAPAREA_PROC_SWAPS=$BATS_TEST_TMPDIR/proc-swaps ours -U "$U" "swap file"
	assert_rc 1
	assert_file_is "$ERR" <<-'EOF'
		mkswap: error: swap file is mounted; will not make swapspace
	EOF
	assert_same_state "$before" "swap file"
}

# ---- 5. warnings ------------------------------------------------------------

@test "warning: insecure permissions 0644 (exact text), mode left alone" {
	mk_filled swapfile 1M 0644
	ours -U "$U" swapfile
	assert_rc 0
	assert_file_is "$ERR" <<-'EOF'
		mkswap: swapfile: insecure permissions 0644, fix with: chmod 0600 swapfile
	EOF
	[ "$(stat -c %a swapfile)" = 644 ]
}

@test "warning: insecure permissions 0644, 0666, 0755 match util-linux" {
	require_ul
	local mode failed=""
	for mode in 0644 0666 0755 0640 0604 04600; do
		mk_filled template 1M "$mode"
		both_prepare_from template
		run_both -U "$U" @ || failed+=" $mode"
		[ "$(stat -c %a "$OUR_FILE_PATH")" = "$(stat -c %a template)" ] || failed+=" $mode:changed"
	done
	report_failures "$failed"
}

@test "warning: insecure file owner when root runs it on someone else's file, as util-linux" {
	[ "$(id -u)" = 0 ] || skip "needs root to give the file away"
	mk_filled template 1M
	chown 65534:65534 template
	cp -p template swapfile
	ours -U "$U" swapfile
	assert_rc 0
	assert_file_is "$ERR" <<-'EOF'
		mkswap: swapfile: insecure file owner 65534, fix with: chown 0:0 swapfile
	EOF
	[ "$(stat -c %u swapfile)" = 65534 ]
	if [ -x "$UL_MKSWAP" ]; then
		both_prepare_from template
		run_both -U "$U" @
	fi
}

@test "warning: holes in a sparse file, exact text, as util-linux" {
	mk_sparse swapfile 1M
	ours -U "$U" swapfile
	assert_rc 0
	assert_file_is "$ERR" <<-'EOF'

		mkswap: swapfile contains holes or other unsupported extents.
		        This swap file can be rejected by kernel on swap activation!
		        Use --verbose for more details.

	EOF
	if [ -x "$UL_MKSWAP" ]; then
		both_prepare 1M
		run_both -U "$U" @
	fi
}

@test "warning: --verbose lists each hole at its offset, as util-linux" {
	mk_sparse template 1M
	# data (a non-zero pattern, so that no copy turns it into holes) at
	# 0..256K and 640K..768K; holes at 256K..640K and 768K..1M
	head -c 262144 /dev/zero | tr '\0' '\125' | dd of=template conv=notrunc status=none
	head -c 131072 /dev/zero | tr '\0' '\125' |
		dd of=template bs=64k seek=10 conv=notrunc status=none
	sync template
	cp -p template swapfile
	ours --verbose -U "$U" swapfile
	assert_rc 0
	assert_file_is "$ERR" <<-'EOF'

		mkswap: swapfile contains holes or other unsupported extents.
		        This swap file can be rejected by kernel on swap activation!

		 - hole detected at offset 262144
		 - hole detected at offset 786432

	EOF
	if [ -x "$UL_MKSWAP" ]; then
		both_prepare_from template
		run_both --verbose -U "$U" @
	fi
}

@test "no warning at all for a fully written 0600 file, as util-linux" {
	mk_filled template 1M
	cp -p template swapfile
	ours -U "$U" -L full swapfile
	assert_rc 0
	assert_empty "$ERR"
	assert_file_is "$OUT" <<-EOF
		Setting up swapspace version 1, size = 1020 KiB (1044480 bytes)
		LABEL=full, UUID=$U
	EOF
	if [ -x "$UL_MKSWAP" ]; then
		both_prepare_from template
		run_both -U "$U" -L full @
	fi
}

@test "-q silences every warning and stdout, as util-linux" {
	# holes, 0644, another page size, a long label, an old signature to wipe
	mk_sparse template 2M 0644
	[ -x "$UL_MKSWAP" ] && "$UL_MKSWAP" -q -p 65536 template
	ours -q -p 8192 -U "$U" -L 0123456789abcdefXYZ template
	assert_rc 0
	assert_empty "$OUT"
	assert_empty "$ERR"
	if [ -x "$UL_MKSWAP" ]; then
		mk_sparse template 2M 0644
		"$UL_MKSWAP" -q -p 65536 template
		both_prepare_from template
		run_both -q -p 8192 -U "$U" -L 0123456789abcdefXYZ @
		[ ! -s "$BOTH_DIR/our.err" ]
		# the "truncating swap area" warning too
		both_prepare 1M
		run_both -q -f -U "$U" @ 17179869184
		[ ! -s "$BOTH_DIR/our.err" ]
	fi
}

@test "-q still prints errors" {
	mk_sparse swapfile 40959
	ours -q swapfile
	assert_rc 1
	assert_file_is "$ERR" <<-EOF
		mkswap: error: swap area needs to be at least $((10 * PAGESIZE / 1024)) KiB
	EOF
}

@test "warning: Label was truncated. (label stored as 15 bytes + NUL)" {
	mk_filled swapfile 1M
	ours -U "$U" -L 0123456789abcdef swapfile
	assert_rc 0
	assert_file_is "$ERR" <<-'EOF'
		mkswap: Label was truncated.
	EOF
	assert_file_is "$OUT" <<-EOF
		Setting up swapspace version 1, size = 1020 KiB (1044480 bytes)
		LABEL=0123456789abcde, UUID=$U
	EOF
	[ "$(hexbytes swapfile 1052 16)" = "30313233343536373839616263646500" ]
}

@test "warning: -p other than the system page size" {
	local other=8192
	[ "$PAGESIZE" != 8192 ] || other=4096
	mk_filled swapfile 1M
	ours -U "$U" -p "$other" swapfile
	assert_rc 0
	assert_file_is "$ERR" <<-EOF
		mkswap: Using user-specified page size $other, instead of the system value $PAGESIZE
	EOF
	assert_swap_header swapfile "$other" $((1048576 / other))
	# the system page size given explicitly: no warning
	mk_filled swapfile 1M
	ours -U "$U" -p "$PAGESIZE" swapfile
	assert_empty "$ERR"
}

@test "warning: -c on a regular file is not supported, still exit 0, as util-linux" {
	mk_filled swapfile 1M
	ours -c -U "$U" swapfile
	assert_rc 0
	assert_file_is "$ERR" <<-'EOF'
		mkswap: warning: checking bad blocks from swap file is not supported: swapfile
	EOF
	assert_swap_header swapfile "$PAGESIZE" $((1048576 / PAGESIZE))
	if [ -x "$UL_MKSWAP" ]; then
		both_prepare 1M
		run_both -c -U "$U" @
	fi
}

# ---- 6. wiping old signatures -------------------------------------------------

@test "wipe: an old swap header made at -p 65536 is wiped by a 4096 run" {
	[ "$PAGESIZE" = 4096 ] || skip "system page size is $PAGESIZE"
	mk_sparse template 1M
	if [ -x "$UL_MKSWAP" ]; then
		"$UL_MKSWAP" -q -p 65536 -U 11111111-2222-3333-4444-555555555555 -L old template
	else
		"$MKSWAP" -q -p 65536 -U 11111111-2222-3333-4444-555555555555 -L old template
	fi
	[ "$(text_at template $((65536 - 10)) 10)" = SWAPSPACE2 ]
	cp -p template swapfile
	ours -U "$U" -L new -p 4096 swapfile
	assert_rc 0
	grep -qxF "mkswap: swapfile: warning: wiping old swap signature." "$ERR"
	[ "$(text_at swapfile $((65536 - 10)) 10)" = "" ]
	is_all_zero swapfile 0 1024
	run -0 wipefs --no-act --parsable swapfile
	[ "$(grep -v '^#' <<<"$output")" = "0xff6,$U,new,swap" ]
	run -0 "$UL_BLKID" -p -o export swapfile
	[[ $output == *"TYPE=swap"* && $output == *"LABEL=new"* ]]
	if [ -x "$UL_MKSWAP" ]; then
		both_prepare_from template
		run_both -U "$U" -L new -p 4096 @
	fi
}

@test "wipe: an existing swap area and a swsuspend signature are wiped, named, as util-linux" {
	require_ul
	local failed=""
	mk_sparse template 1M
	"$UL_MKSWAP" -q -U 11111111-2222-3333-4444-555555555555 -L old template
	both_prepare_from template
	run_both -U "$U" @ || failed+=" swap"
	grep -qxF "mkswap: swapfile: warning: wiping old swap signature." "$BOTH_DIR/our.err" ||
		failed+=" swap:message"
	# the same header with a hibernation signature in place of the magic
	printf 'S1SUSPEND ' | dd of=template bs=1 seek=$((PAGESIZE - 10)) conv=notrunc status=none
	[ "$("$UL_BLKID" -p -o value -s TYPE template)" = swsuspend ] || failed+=" fixture"
	both_prepare_from template
	run_both -U "$U" @ || failed+=" swsuspend"
	grep -qxF "mkswap: swapfile: warning: wiping old swsuspend signature." "$BOTH_DIR/our.err" ||
		failed+=" swsuspend:message"
	report_failures "$failed"
}

@test "wipe: an ext4 image is wiped, named in the message; bytes 0..1023 zeroed" {
	command -v mkfs.ext4 >/dev/null || skip "mkfs.ext4 is not available"
	mk_sparse template 4M
	mkfs.ext4 -q -F -U 99999999-8888-7777-6666-555555555555 template >/dev/null 2>&1
	chmod 0600 template
	# something in the boot bits that ext4 leaves alone
	head -c 1024 /dev/zero | tr '\0' '\132' | dd of=template conv=notrunc status=none
	run -0 "$UL_BLKID" -p -o value -s TYPE template
	[ "$output" = ext4 ]
	cp -p template swapfile
	ours -U "$U" swapfile
	assert_rc 0
	grep -qxF "mkswap: swapfile: warning: wiping old ext4 signature." "$ERR"
	is_all_zero swapfile 0 1024
	run -0 "$UL_BLKID" -p -o value -s TYPE swapfile
	[ "$output" = swap ]
	if [ -x "$UL_MKSWAP" ]; then
		both_prepare_from template
		run_both -U "$U" @
	fi
}

# mk_dos_image FILE: a 2 MiB file carrying a DOS partition table (one Linux
# partition from sector 2048) and a recognisable boot-code start.  sfdisk
# writes it when installed; otherwise the 66 bytes are written by hand.
mk_dos_image() {
	mk_sparse "$1" 2M
	if command -v sfdisk >/dev/null; then
		echo 'start=2048, size=2048, type=83' | sfdisk -q "$1" >/dev/null
	else
		printf '\x00\x00\x02\x00\x83\x00\x00\x00\x00\x08\x00\x00\x00\x08\x00\x00' |
			dd of="$1" bs=1 seek=446 conv=notrunc status=none
		printf '\x55\xaa' | dd of="$1" bs=1 seek=510 conv=notrunc status=none
	fi
	printf '\xfa\xeb\xfe' | dd of="$1" conv=notrunc status=none
	chmod 0600 "$1"
}

@test "wipe: a DOS partition table keeps the boot bits without -f, with the warning, as util-linux" {
	mk_dos_image template
	run -0 "$UL_BLKID" -p -o value -s PTTYPE template
	[ "$output" = dos ]
	cp -p template swapfile
	ours -U "$U" swapfile
	assert_rc 0
	assert_file_is "$ERR" <<-'EOF'

		mkswap: swapfile contains holes or other unsupported extents.
		        This swap file can be rejected by kernel on swap activation!
		        Use --verbose for more details.

		mkswap: swapfile: warning: don't erase bootbits sectors
		        (dos partition table detected). Use -f to force.
	EOF
	cmp -n 1024 template swapfile
	assert_swap_header swapfile "$PAGESIZE" $((2097152 / PAGESIZE))
	if [ -x "$UL_MKSWAP" ]; then
		both_prepare_from template
		run_both -U "$U" @
	fi
}

@test "wipe: a DOS partition table with -f: boot bits zeroed, as util-linux" {
	mk_dos_image template
	cp -p template swapfile
	ours -f -U "$U" swapfile
	assert_rc 0
	refute_grep bootbits "$ERR"
	is_all_zero swapfile 0 1024
	if [ -x "$UL_MKSWAP" ]; then
		both_prepare_from template
		run_both -f -U "$U" @
	fi
}

# ---- 7. options util-linux 2.38.1 lacks (checked against the kernel's format)

host_is_little_endian() {
	[ "$(printf '\1\0' | od -An -t u2 | tr -d ' ')" = 1 ]
}

@test "-e big: 00 00 00 01 at 1024, big-endian last_page at 1028, blkid still sees swap" {
	mk_sparse swapfile 1M
	ours -e big -U "$U" -L bige swapfile
	assert_rc 0
	[ "$(hexbytes swapfile 1024 4)" = 00000001 ]
	[ "$(u32be swapfile 1028)" = $((1048576 / PAGESIZE - 1)) ]
	[ "$(u32be swapfile 1032)" = 0 ]
	[ "$(text_at swapfile $((PAGESIZE - 10)) 10)" = SWAPSPACE2 ]
	run -0 "$UL_BLKID" -p -o export swapfile
	[[ $output == *"TYPE=swap"* && $output == *"LABEL=bige"* && $output == *"UUID=$U"* ]]
	run -0 "$UL_FILE" -b swapfile
	[[ $output == *"big endian"* ]]
	# apart from those three words, the same bytes as the native header
	mk_sparse native 1M
	ours -e native -U "$U" -L bige native
	cmp -n 1024 swapfile native
	cmp -i 1036 swapfile native
}

@test "-e little equals the native file on a little-endian host (and util-linux's)" {
	host_is_little_endian || skip "big-endian host"
	mk_sparse little 1M
	mk_sparse native 1M
	ours -e little -U "$U" -L le little
	assert_rc 0
	ours -U "$U" -L le native
	cmp little native
	if [ -x "$UL_MKSWAP" ]; then
		mk_sparse ul 1M
		"$UL_MKSWAP" -q -U "$U" -L le ul
		cmp little ul
	fi
}

@test "-o 10000: bytes before the offset kept, header at 10000+1024, magic and size from the offset" {
	local off=10000 size=1048576 n
	mk_sparse swapfile "$size"
	head -c "$off" /dev/zero | tr '\0' '\245' | dd of=swapfile conv=notrunc status=none
	head -c "$off" swapfile >prefix.before
	ours -o "$off" -U "$U" -L offs swapfile
	assert_rc 0
	n=$(((size - off) / PAGESIZE))
	cmp prefix.before <(head -c "$off" swapfile)
	assert_swap_header swapfile "$PAGESIZE" "$n" "$off"
	[ "$(uuid_text swapfile "$off")" = "$U" ]
	[ "$(text_at swapfile $((off + 1052)) 16)" = offs ]
	grep -qxF "Setting up swapspace version 1, size = $(((n - 1) * PAGESIZE / 1024)) KiB ($(((n - 1) * PAGESIZE)) bytes)" "$OUT"
	# the area is what util-linux writes into a file of size - offset bytes
	if [ -x "$UL_MKSWAP" ]; then
		mk_sparse ul $((size - off))
		"$UL_MKSWAP" -q -U "$U" -L offs ul
		cmp <(tail -c +$((off + 1)) swapfile) ul
	fi
}

@test "-F -s 8M creates an 8 MiB file, mode 0600, without holes, with a valid header" {
	ours -F -s 8M -U "$U" newswap
	assert_rc 0
	[ "$(stat -c %s newswap)" = 8388608 ]
	[ "$(stat -c %a newswap)" = 600 ]
	[ $(($(stat -c %b newswap) * $(stat -c %B newswap))) -ge 8388608 ]
	refute_grep holes "$ERR"
	assert_swap_header newswap "$PAGESIZE" $((8388608 / PAGESIZE))
	run -0 "$UL_BLKID" -p -o value -s TYPE newswap
	[ "$output" = swap ]
	if command -v filefrag >/dev/null; then
		filefrag -v newswap >filefrag.out
		refute_grep 'unknown_loc|delalloc|inline' filefrag.out
	fi
	# util-linux on a preallocated 8 MiB file writes the same bytes and lines
	if [ -x "$UL_MKSWAP" ] && command -v fallocate >/dev/null; then
		fallocate -l 8M ul
		chmod 0600 ul
		"$UL_MKSWAP" -U "$U" ul >ul.out 2>ul.err
		cmp newswap ul
		cmp "$OUT" ul.out
		assert_empty ul.err
		assert_empty "$ERR"
	fi
}

@test "-F -s on an existing larger file shrinks it" {
	mk_filled swapfile 16M
	ours -F -s 8M -U "$U" swapfile
	assert_rc 0
	[ "$(stat -c %s swapfile)" = 8388608 ]
	assert_swap_header swapfile "$PAGESIZE" $((8388608 / PAGESIZE))
}

@test "-F on an existing 0644 file makes it 0600, size kept, no permission warning" {
	mk_filled swapfile 1M 0644
	ours -F -U "$U" swapfile
	assert_rc 0
	[ "$(stat -c %a swapfile)" = 600 ]
	[ "$(stat -c %s swapfile)" = 1048576 ]
	refute_grep insecure "$ERR"
	assert_swap_header swapfile "$PAGESIZE" $((1048576 / PAGESIZE))
}

@test "-F on something not a regular file: a directory, a FIFO" {
	mkdir adir
	ours -F adir
	assert_rc 1
	assert_file_is "$ERR" <<-'EOF'
		mkswap: cannot open adir: Is a directory
	EOF
	# (never without -F: opening a FIFO read-only would wait for a writer)
	mkfifo afifo
	ours -F afifo
	assert_rc 1
	assert_file_is "$ERR" <<-'EOF'
		mkswap: cannot create swap file afifo: node isn't regular file
	EOF
	[ -p afifo ]
}

@test "--lock and --lock=nonblock succeed on an unlocked file" {
	local mode failed=""
	for mode in --lock --lock=yes --lock=nonblock --lock=no; do
		mk_filled swapfile 1M
		ours "$mode" -U "$U" swapfile
		[ "$RC" = 0 ] && [ ! -s "$ERR" ] || failed+=" $mode:rc=$RC"
		assert_swap_header swapfile "$PAGESIZE" $((1048576 / PAGESIZE)) || failed+=" $mode:header"
	done
	report_failures "$failed"
}

# start_lock_holder FILE SECONDS: another process holds flock(LOCK_EX) on FILE.
start_lock_holder() {
	local i
	flock "$1" sleep "$2" >/dev/null 2>&1 3>&- &
	LOCK_PID=$!
	for i in $(seq 100); do
		flock -n "$1" true 2>/dev/null || return 0
		sleep 0.02
	done
	echo "# the lock holder never took the lock" >&2
	return 1
}

# stop_lock_holder: end the holder (flock) and its sleep child, by pid.
stop_lock_holder() {
	local child
	[ -n "${LOCK_PID:-}" ] || return 0
	for child in $(ps -o pid= --ppid "$LOCK_PID" 2>/dev/null); do
		kill "$child" 2>/dev/null || true
	done
	kill "$LOCK_PID" 2>/dev/null || true
	wait "$LOCK_PID" 2>/dev/null || true
	LOCK_PID=
}

@test "--lock=nonblock fails with device already locked while another process holds the lock" {
	command -v flock >/dev/null || skip "flock(1) is not available"
	mk_filled swapfile 1M
	local before
	before=$(hash_state swapfile)
	start_lock_holder swapfile 5
	ours --lock=nonblock -U "$U" swapfile
	stop_lock_holder
	assert_rc 1
	assert_empty "$OUT"
	assert_file_is "$ERR" <<-'EOF'
		mkswap: swapfile: device already locked
	EOF
	assert_same_state "$before" swapfile
}

@test "--lock waits for the lock, telling so, then succeeds" {
	command -v flock >/dev/null || skip "flock(1) is not available"
	mk_filled swapfile 1M
	start_lock_holder swapfile 1
	ours --lock -U "$U" swapfile
	stop_lock_holder
	assert_rc 0
	assert_file_is "$ERR" <<-'EOF'
		mkswap: swapfile: device already locked, waiting to get lock ... OK
	EOF
	assert_swap_header swapfile "$PAGESIZE" $((1048576 / PAGESIZE))
}

@test "LOCK_BLOCK_DEVICE=bogus gives unsupported lock mode" {
	mk_filled swapfile 1M
	local before
	before=$(hash_state swapfile)
	LOCK_BLOCK_DEVICE=bogus ours -U "$U" swapfile
	assert_rc 1
	assert_file_is "$ERR" <<-'EOF'
		mkswap: unsupported lock mode: bogus
	EOF
	assert_same_state "$before" swapfile
	if [ -x "$UL_MKSWAP" ]; then
		both_prepare 1M
		LOCK_BLOCK_DEVICE=bogus run_both -U "$U" @
	fi
}

# ---- 8. --help and --version ------------------------------------------------

# help_options: option names (-x and --name) of our --help, one a line.
help_options() {
	"$MKSWAP" --help | grep -oE '^ +(-[A-Za-z], )?--[a-z][a-z-]*' |
		grep -oE -- '--?[A-Za-z][a-z-]*' | sort -u
}

@test "-h and --help exit 0 and list every option the man page lists" {
	run -0 "$MKSWAP" -h
	[ -n "$output" ]
	run -0 "$MKSWAP" --help
	[ -f "$REPO_ROOT/man/mkswap.8" ] || skip "man/mkswap.8 does not exist yet"
	local man help missing
	# options named in the OPTIONS section, roff escapes removed
	man=$(sed -n '/^\.SH OPTIONS/,/^\.SH /p' "$REPO_ROOT/man/mkswap.8" |
		sed 's/\\-/-/g; s/\\f[BIRP]//g' |
		grep -oE -- '(^|[^A-Za-z0-9-])--?[A-Za-z][A-Za-z-]*' |
		grep -oE -- '--?[A-Za-z][A-Za-z-]*' | grep -vE '^-[A-Za-z][A-Za-z]' | sort -u)
	help=$(help_options)
	missing=$(comm -23 <(echo "$man") <(echo "$help"))
	if [ -n "$missing" ]; then
		echo "# in man/mkswap.8 but not in --help: $missing" >&2
		return 1
	fi
}

@test "--help lists every option util-linux 2.38.1 lists, and -e -o -F -s" {
	require_ul
	local ul missing
	ul=$("$UL_MKSWAP" --help | grep -oE '^ +(-[A-Za-z], )?--[a-z][a-z-]*' |
		grep -oE -- '--?[A-Za-z][a-z-]*' | sort -u)
	missing=$(comm -23 <(printf '%s\n' ${ul} -e --endianness -o --offset -F --file -s --size | sort -u) \
		<(help_options))
	if [ -n "$missing" ]; then
		echo "# missing from our --help: $missing" >&2
		return 1
	fi
}

@test "-V and --version exit 0 and print mkswap from swaparea" {
	run -0 "$MKSWAP" -V
	[[ $output == "mkswap from swaparea"* ]]
	run -0 "$MKSWAP" --version
	[[ $output == "mkswap from swaparea"* ]]
}
