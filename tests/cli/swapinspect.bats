#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# swapinspect.bats - swapinspect reads an area and says what the kernel would
# make of it: the header, the verdict (exit 0 accept, 1 refuse, 2 usage or
# I/O error), the extents, the slots, the active areas, and swap entries.
#
# Judges: util-linux 2.38.1 mkswap (the areas it makes), filefrag -v (where
# the blocks are), the header layout and the kernel's checks in
# /work/shared/kernel-swap-facts.md sections 1 and 2 (rule names from
# lib/header.c swaparea_rule_name), and jq for every --json output.
#
# Fixtures are made from scratch in $BATS_TEST_TMPDIR: truncate, head, dd
# and printf, then mkswap.  Byte offsets are those of a 4 KiB page (magic at
# 4086); tests that build an area skip on a machine with another page size.
#
# Safety: swapinspect only reads; nothing here names a block device, and
# swapon and swapoff are never run.

bats_require_minimum_version 1.5.0

load helpers

SWAPINSPECT=$BUILD_DIR/swapinspect

# A fixed UUID so that outputs can be compared text for text.
U=0a1b2c3d-4e5f-4071-8293-a4b5c6d7e8f9

setup() {
	[ -x "$SWAPINSPECT" ] || {
		echo "# $SWAPINSPECT is missing: build it first (make DEVELOPER=1)" >&2
		return 1
	}
	require_mkswap
	cd "$BATS_TEST_TMPDIR" || return 1
}

# ---- helpers ---------------------------------------------------------------

# si ARGS...: run swapinspect with $BATS_TEST_TMPDIR as cwd (never longer
# than 5 s: a hang is exit 124); stdout and stderr to $OUT and $ERR, the
# exit status to $RC, the program's path shown as "swapinspect".
si() {
	OUT=$BATS_TEST_TMPDIR/si.out ERR=$BATS_TEST_TMPDIR/si.err RC=0
	(cd "$BATS_TEST_TMPDIR" && exec timeout 5 "$SWAPINSPECT" "$@") >"$OUT" 2>"$ERR" || RC=$?
	sed -i -e "s|$SWAPINSPECT|swapinspect|g" "$OUT" "$ERR"
}

# sij ARGS...: si --json ARGS; stdout must be exactly one JSON object.
sij() {
	si --json "$@"
	if ! jq -e -s 'length == 1 and (.[0] | type == "object")' "$OUT" >/dev/null 2>&1; then
		echo "# stdout of swapinspect --json $* is not one JSON object (exit $RC):" >&2
		sed 's/^/#   /' "$OUT" "$ERR" >&2
		return 1
	fi
}

# assert_jq EXPR WANT [FILE]: jq -c EXPR over FILE ($OUT) must print WANT.
assert_jq() {
	local got
	got=$(jq -c "$1" "${3:-$OUT}") || return 1
	if [ "$got" != "$2" ]; then
		echo "# jq '$1': got $got, expected $2" >&2
		return 1
	fi
}

# assert_type TYPE PATH...: each jq PATH in $OUT has that JSON type.
assert_type() {
	local want=$1 p got
	shift
	for p; do
		got=$(jq -r "$p | type" "$OUT")
		if [ "$got" != "$want" ]; then
			echo "# $p is a $got, expected a $want" >&2
			return 1
		fi
	done
}

# assert_keys PATH 'KEY...': the object at PATH in $OUT has exactly these keys.
assert_keys() {
	local got want
	got=$(jq -r "$1 | keys[]" "$OUT" | sort | tr '\n' ' ')
	# shellcheck disable=SC2086 # the words of $2 are the keys
	want=$(printf '%s\n' $2 | sort | tr '\n' ' ')
	if [ "$got" != "$want" ]; then
		echo "# keys of $1: got '$got', expected '$want'" >&2
		return 1
	fi
}

# assert_err_has TEXT: $ERR holds TEXT (a fixed string).
assert_err_has() {
	if ! grep -qF -- "$1" "$ERR"; then
		echo "# stderr lacks '$1'; it holds:" >&2
		sed 's/^/#   /' "$ERR" >&2
		return 1
	fi
}

# refuses_as RULE: exit 1, and the kernel's verdict names RULE.
refuses_as() {
	assert_rc 1
	assert_jq '[.kernel.accepted, .kernel.rule]' "[false,\"$1\"]"
}

# report_failures LIST: fail, naming every failing case, if LIST is not empty.
report_failures() {
	if [ -n "$1" ]; then
		echo "# failing cases:$1" >&2
		return 1
	fi
}

# Area fixtures are laid out for 4 KiB pages.
require_4k() {
	[ "$PAGESIZE" = 4096 ] || skip "fixtures are laid out for 4096-byte pages, not $PAGESIZE"
}

# mk_area KIND FILE SIZE [MKSWAP-ARGS...]: a 0600 file of SIZE bytes made a
# swap area by our mkswap, UUID $U.  KIND: filled (every block written),
# sparse (truncate: holes) or falloc (fallocate: unwritten extents).
mk_area() {
	local kind=$1 f=$2 size=$3
	shift 3
	require_4k
	case $kind in
	filled) mk_filled "$f" "$size" ;;
	sparse) mk_sparse "$f" "$size" ;;
	falloc)
		rm -f -- "$f"
		fallocate -l "$size" -- "$f" || skip "fallocate is not supported here"
		chmod 0600 -- "$f"
		;;
	esac
	"$MKSWAP" -q -U "$U" "$@" -- "$f"
}

# mk_image FILE [MKSWAP-ARGS...]: a 2 MiB fully written image with an area
# made by our mkswap at byte $IMG_OFF (a partition inside a disk image).
IMG_OFF=1048576
mk_image() {
	local f=$1
	shift
	require_4k
	mk_filled "$f" 2M
	"$MKSWAP" -q -U "$U" -o "$IMG_OFF" "$@" -- "$f"
}

# put_bytes FILE OFFSET FORMAT: write printf FORMAT's bytes at OFFSET, in place.
put_bytes() {
	# shellcheck disable=SC2059
	printf "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

# put_le32 / put_be32 FILE OFFSET VALUE: a 32-bit word at OFFSET.
put_le32() {
	local v=$3
	put_bytes "$1" "$2" "$(printf '\\x%02x' $((v & 255)) $((v >> 8 & 255)) $((v >> 16 & 255)) $((v >> 24 & 255)))"
}
put_be32() {
	local v=$3
	put_bytes "$1" "$2" "$(printf '\\x%02x' $((v >> 24 & 255)) $((v >> 16 & 255)) $((v >> 8 & 255)) $((v & 255)))"
}

# mk_v0 FILE PAGES [BAD...]: a version 0 area by hand: PAGES pages of 4096
# bytes, page 0 a bitmap with bits 1..PAGES-1 set but the BAD ones, and
# "SWAP-SPACE" in its last 10 bytes.
mk_v0() {
	local f=$1 n=$2 i b v fmt=""
	local -a usable=()
	shift 2
	require_4k
	mk_filled "$f" $((n * 4096))
	for ((i = 1; i < n; i++)); do usable[i]=1; done
	for i; do unset "usable[$i]"; done
	for ((b = 0; b * 8 < n; b++)); do
		v=0
		for ((i = 0; i < 8; i++)); do
			[ -n "${usable[b * 8 + i]:-}" ] && v=$((v | 1 << i))
		done
		fmt+=$(printf '\\x%02x' "$v")
	done
	put_bytes "$f" 0 "$fmt"
	put_bytes "$f" 4086 'SWAP-SPACE'
}

# proc_swaps FILE LINE...: a fake /proc/swaps: the kernel's header line,
# then one "NAME TYPE SIZE_KiB USED_KiB PRIO" line per argument.
proc_swaps() {
	local f=$1
	shift
	printf 'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n' >"$f"
	if [ $# -gt 0 ]; then
		printf '%s\n' "$@" >>"$f"
	fi
}

# file_state FILE: bytes, size, mode, mtime and ctime, in one line.
file_state() {
	printf '%s %s\n' "$(hash_state "$1")" "$(stat -c '%.9Y %.9Z' -- "$1")"
}

# filefrag_first FILE: the byte offset on the device of the file's first
# block, from filefrag -v (physical_offset of extent 0 times the block size).
filefrag_first() {
	local block bs
	read -r block bs < <(filefrag -v "$1" | awk '
		match($0, /\(([0-9]+) blocks of ([0-9]+) bytes\)/) {
			split(substr($0, RSTART + 1, RLENGTH - 2), w, " "); bs = w[4] }
		$1 == "0:" { sub(/\.\./, "", $4); block = $4 }
		END { print block, bs }')
	[ -n "$block" ] && [ -n "$bs" ] && echo $((block * bs))
}

# require_extents FILE: skip unless FIEMAP gives swapinspect an extent map.
require_extents() {
	sij --extents "$1"
	[ "$(jq -c .extents "$OUT")" != null ] || skip "no FIEMAP on this file system"
}

# HOST_ENDIAN: what swapinspect calls this machine's byte order.
if [ "$(printf '\001\000' | od -An -tu2 | tr -d ' ')" = 1 ]; then
	HOST_ENDIAN=little
else
	HOST_ENDIAN=big
fi

# ---- 1. the default view: header and verdict --------------------------------

@test "a fully written 0600 area: exit 0, the exact text view" {
	mk_area filled swapfile 1M -L lab
	si swapfile
	assert_rc 0
	assert_empty "$ERR"
	assert_file_is "$OUT" <<-EOF
		area:         swapfile (file, 1048576 bytes)
		signature:    SWAPSPACE2: swap area, version 1
		page size:    4096 (the magic is at byte 4086)
		version:      1
		byte order:   $HOST_ENDIAN-endian
		size:         256 pages (1 MiB)
		usable:       255 pages (1020 KiB)
		UUID:         $U
		label:        lab
		bad pages:    0
		kernel:       accepted with 4096-byte pages
		              255 pages of swap (1020 KiB), 256 slots with the header
	EOF
}

@test "--json of an accepted area: every key, its value and its JSON type" {
	mk_area filled swapfile 1M -L lab
	sij swapfile
	assert_rc 0
	assert_keys . 'path file_type file_size offset signature pagesize kernel warnings header'
	assert_keys .kernel 'pagesize accepted rule reason log field_offset max_pages usable_pages'
	assert_keys .header 'version byte_order magic_offset last_page pages bytes usable_pages
		usable_bytes uuid label label_unterminated nr_badpages badpages under_hibernation'
	assert_jq '[.path, .file_type, .file_size, .offset, .signature, .pagesize]' \
		'["swapfile","file",1048576,0,"swap-v1",4096]'
	assert_jq .kernel '{"pagesize":4096,"accepted":true,"rule":"ok","reason":"255 usable pages","log":null,"field_offset":null,"max_pages":256,"usable_pages":255}'
	assert_jq .warnings '[]'
	assert_jq .header "{\"version\":1,\"byte_order\":\"$HOST_ENDIAN\",\"magic_offset\":4086,\"last_page\":255,\"pages\":256,\"bytes\":1048576,\"usable_pages\":255,\"usable_bytes\":1044480,\"uuid\":\"$U\",\"label\":\"lab\",\"label_unterminated\":false,\"nr_badpages\":0,\"badpages\":[],\"under_hibernation\":false}"
	assert_type number .file_size .offset .pagesize .kernel.pagesize .kernel.max_pages \
		.kernel.usable_pages .header.version .header.magic_offset .header.last_page \
		.header.pages .header.bytes .header.usable_pages .header.usable_bytes .header.nr_badpages
	assert_type boolean .kernel.accepted .header.label_unterminated .header.under_hibernation
	assert_type array .warnings .header.badpages
}

# inspect_both_sides: swapinspect, text and --json, on the two files of
# run_both, each from its own directory under the same name: stdout, stderr
# and exit status must match, and each JSON must parse.  The kernel's log
# line names the file by its absolute path, so the side's directory is
# written as DIR before comparing.
inspect_both_sides() {
	local side
	for side in ul our; do
		(
			cd "$BOTH_DIR/$side" || exit
			"$SWAPINSPECT" "$BOTH_NAME"
			echo "exit $?"
			"$SWAPINSPECT" --json "$BOTH_NAME" >"../$side.json"
			echo "json exit $?"
		) >"$BOTH_DIR/$side.si" 2>&1
		jq -e . "$BOTH_DIR/$side.json" >/dev/null || return 1
		sed -i "s|$(realpath "$BOTH_DIR/$side")/|DIR/|g" "$BOTH_DIR/$side.si" "$BOTH_DIR/$side.json"
	done
	diff -u "$BOTH_DIR/ul.si" "$BOTH_DIR/our.si" >&2 &&
		diff -u "$BOTH_DIR/ul.json" "$BOTH_DIR/our.json" >&2
}

@test "util-linux mkswap and ours: the same header and verdict, text and JSON, for the same -L/-U" {
	require_ul
	require_4k
	local kind args failed=""
	for kind in sparse filled; do
		for args in "-L same -U $U" "-L same -U clear" "-L same -U $U -p 8192"; do
			if [ $kind = filled ]; then
				mk_filled template 1M
				both_prepare_from template
			else
				both_prepare 1M
			fi
			# shellcheck disable=SC2086
			run_both $args @ || failed+=" mkswap:$kind:$args"
			inspect_both_sides || failed+=" $kind:$args"
		done
	done
	# the fields asked for really are in the header (the last: filled, -p 8192)
	assert_jq '[.header.label, .header.uuid, .pagesize, .kernel.accepted]' \
		"[\"same\",\"$U\",8192,false]" "$BOTH_DIR/ul.json"
	report_failures "$failed"
}

@test "a sparse area (truncate + mkswap): exit 1, rule extents, the hole and swapon's warning" {
	mk_area sparse swapfile 1M
	sij swapfile
	refuses_as extents
	assert_jq .kernel.reason '"the file has a hole at byte 4096 (page 1), 1044480 bytes long"'
	assert_jq .warnings '["util-linux swapon skips it: it appears to have holes"]'
	# the header itself is fine
	assert_jq '[.header.version, .header.last_page, .header.uuid]' "[1,255,\"$U\"]"
}

@test "kernel.log names the file as the kernel does: its absolute path (file_path in iomap_swapfile_fail)" {
	mk_area sparse swapfile 1M
	sij swapfile
	assert_jq .kernel.log "\"swapon: file $(realpath swapfile) has unallocated extents\""
}

@test "a fallocated area (unwritten extents): exit 0, accepted, no warning" {
	mk_area falloc swapfile 1M
	sij swapfile
	assert_rc 0
	assert_jq '[.kernel.rule, .kernel.max_pages, .kernel.usable_pages, .warnings]' '["ok",256,255,[]]'
}

@test "v0 area (SWAP-SPACE bitmap): exit 1, rule signature, header version 0 from the bitmap" {
	# 64 pages, bits 1..63 set but bit 5: last_page 63, one bad page, 5
	mk_v0 v0 64 5
	sij v0
	refuses_as signature
	assert_jq '[.signature, .pagesize, .kernel.log, .kernel.field_offset]' \
		'["swap-v0",4096,"Unable to find swap-space signature",4086]'
	assert_jq '.header | [.version, .last_page, .pages, .nr_badpages, .badpages, .usable_pages, .uuid, .label]' \
		'[0,63,64,1,[5],62,null,null]'
	si v0
	assert_rc 1
	grep -qx 'signature:    SWAP-SPACE: legacy swap area, version 0 (Linux 2.4 and older)' "$OUT"
	grep -qx 'version:      0' "$OUT"
	refute_grep '^(UUID|label):' "$OUT"
}

@test "v0 area whose bitmap marks no page usable: the header is damaged, exit 1" {
	mk_v0 v0 2 1
	sij v0
	refuses_as signature
	assert_jq .header '{"error":"the v0 bitmap marks no page usable"}'
}

@test "hibernation signatures at byte 4086: named, refused (exit 1), the header still shown under them" {
	local sig name failed=""
	for sig in 'S1SUSPEND\0:s1suspend' 'S2SUSPEND\0:s2suspend' 'ULSUSPEND\0:ulsuspend' 'LINHIB0001:linhib0001'; do
		name=${sig#*:}
		mk_area filled swapfile 1M -L hib
		put_bytes swapfile 4086 "${sig%:*}"
		sij swapfile
		[ "$RC" = 1 ] || failed+=" $name:exit=$RC"
		assert_jq '[.signature, .kernel.rule, .kernel.accepted]' "[\"$name\",\"signature\",false]" ||
			failed+=" $name:verdict"
		assert_jq '.header | [.under_hibernation, .version, .last_page, .uuid, .label]' \
			"[true,1,255,\"$U\",\"hib\"]" || failed+=" $name:header"
	done
	report_failures "$failed"
}

@test "hibernation header keeping SWAPSPACE2 as orig_sig: the text says so" {
	mk_area filled swapfile 1M -L hib
	put_bytes swapfile 4076 'SWAPSPACE2S1SUSPEND\0'
	si swapfile
	assert_rc 1
	grep -qx 'signature:    S1SUSPEND: hibernation image written by the kernel' "$OUT"
	grep -qx 'swap header:  kept under the hibernation image (original signature SWAPSPACE2)' "$OUT"
	grep -qx "UUID:         $U" "$OUT"
	grep -qx 'label:        hib' "$OUT"
}

@test "TuxOnIce magic over bytes 0..7: signature tuxonice; SWAPSPACE2 intact, so the kernel accepts (exit 0)" {
	# The kernel never reads bytes 0..1023 of the header page.
	mk_area filled swapfile 1M -L tux
	put_bytes swapfile 0 '\xed\xc3\x02\xe9\x98\x56\xe5\x0c'
	sij swapfile
	assert_rc 0
	assert_jq '[.signature, .pagesize, .header.under_hibernation, .header.label]' '["tuxonice",4096,true,"tux"]'
}

@test "an empty file: no signature, exit 1, rule signature, header error null" {
	require_4k
	mk_filled empty 0
	sij empty
	refuses_as signature
	assert_jq '[.signature, .pagesize, .file_size, .header]' '[null,null,0,{"error":null}]'
}

@test "a file smaller than a page (a truncated area): no signature, exit 1" {
	mk_area filled swapfile 1M
	truncate -s 3000 swapfile
	sij swapfile
	refuses_as signature
	assert_jq '[.signature, .file_size]' '[null,3000]'
	si swapfile
	assert_rc 1
	grep -qx 'signature:    none: not a swap area' "$OUT"
}

@test "an area cut to its header page: rule shorter (Swap area shorter than signature indicates)" {
	mk_area filled swapfile 1M
	truncate -s 4096 swapfile
	sij swapfile
	refuses_as shorter
	assert_jq '[.kernel.log, .kernel.field_offset, .kernel.reason]' \
		'["Swap area shorter than signature indicates",1028,"header claims 256 pages, but the file holds only 1"]'
}

@test "last_page 0xffffffff: rule shorter; the claim wraps to UINT_MAX pages as in the kernel" {
	mk_area filled swapfile 1M
	put_le32 swapfile 1028 0xffffffff
	sij swapfile
	refuses_as shorter
	assert_jq .kernel.reason '"header claims 4294967295 pages, but the file holds only 256"'
	assert_jq '.header | [.last_page, .pages, .bytes]' '[4294967295,4294967296,17592186044416]'
	assert_type number .header.last_page .header.pages .header.bytes
}

@test "last_page 0: rule empty (Empty swap-file)" {
	mk_area filled swapfile 1M
	put_le32 swapfile 1028 0
	sij swapfile
	refuses_as empty
	assert_jq '[.kernel.log, .kernel.field_offset]' '["Empty swap-file",1028]'
}

@test "nr_badpages 0xffffffff in a file: rule badpages-on-file, the header reports the bad count" {
	mk_area filled swapfile 1M
	put_le32 swapfile 1032 0xffffffff
	sij swapfile
	refuses_as badpages-on-file
	assert_jq .kernel.field_offset 1032
	assert_jq .header '{"error":"nr_badpages is 4294967295, but a 4096-byte page holds at most 637"}'
	si swapfile
	grep -qx 'header:       damaged: nr_badpages is 4294967295, but a 4096-byte page holds at most 637' "$OUT"
}

@test "nr_badpages 0xffffffff in a partition (--offset): rule too-many-badpages" {
	mk_image image
	put_le32 image $((IMG_OFF + 1032)) 0xffffffff
	sij --offset "$IMG_OFF" image
	refuses_as too-many-badpages
	assert_jq .kernel.reason '"4294967295 bad pages listed, more than the 637 that fit"'
}

@test "a bad page listed in a swap file: rule badpages-on-file; --verbose lists it" {
	mk_area filled swapfile 1M
	put_le32 swapfile 1032 2
	put_le32 swapfile 1536 7
	put_le32 swapfile 1540 9
	sij swapfile
	refuses_as badpages-on-file
	assert_jq '.header | [.nr_badpages, .badpages, .usable_pages]' '[2,[7,9],253]'
	si --verbose swapfile
	assert_rc 1
	grep -qx 'bad pages:    2' "$OUT"
	grep -qx '              7 9' "$OUT"
}

@test "a bad-page entry past the end, in a partition: rule badpage-range at the entry's offset" {
	mk_image image
	put_le32 image $((IMG_OFF + 1032)) 1
	put_le32 image $((IMG_OFF + 1536)) 300
	sij --offset "$IMG_OFF" image
	refuses_as badpage-range
	assert_jq '[.kernel.field_offset, .kernel.reason, .header.badpages]' \
		'[1536,"bad page entry 0 is 300, outside 1..255",[300]]'
}

@test "a bad page inside a partition: accepted (exit 0), one page fewer" {
	mk_image image
	put_le32 image $((IMG_OFF + 1032)) 1
	put_le32 image $((IMG_OFF + 1536)) 5
	sij --offset "$IMG_OFF" image
	assert_rc 0
	assert_jq '[.kernel.max_pages, .kernel.usable_pages, .header.usable_pages]' '[256,254,254]'
}

@test "every page bad in a partition: rule no-good-pages" {
	mk_image image
	put_le32 image $((IMG_OFF + 1028)) 2
	put_le32 image $((IMG_OFF + 1032)) 2
	put_le32 image $((IMG_OFF + 1536)) 1
	put_le32 image $((IMG_OFF + 1540)) 2
	sij --offset "$IMG_OFF" image
	refuses_as no-good-pages
}

@test "a 16-byte label without NUL: label_unterminated, accepted, the text says so" {
	mk_area filled swapfile 1M
	put_bytes swapfile 1052 'abcdefghijklmnop'
	sij swapfile
	assert_rc 0
	assert_jq '[.header.label, .header.label_unterminated]' '["abcdefghijklmnop",true]'
	si swapfile
	grep -qx 'label:        abcdefghijklmnop (not NUL-terminated)' "$OUT"
}

@test "--json stays valid UTF-8 for a label util-linux cut inside a character" {
	require_ul
	require_4k
	mk_filled swapfile 1M
	# "abcdefghijklmn" + "é" is 16 bytes: 2.38.1 keeps 15, half of the é
	"$UL_MKSWAP" -L "abcdefghijklmn$(printf '\303\251')" -U "$U" swapfile >/dev/null 2>&1
	[ "$(hexbytes swapfile 1066 2)" = c300 ]
	sij swapfile
	if ! iconv -f UTF-8 -t UTF-8 "$OUT" >/dev/null 2>&1; then
		echo "# --json output is not UTF-8 (RFC 8259 8.1); the label bytes:" >&2
		grep '"label"' "$OUT" | od -c | sed 's/^/#   /' >&2
		return 1
	fi
}

@test "header version 2: rule version, the header cannot be decoded" {
	mk_area filled swapfile 1M
	put_le32 swapfile 1024 2
	sij swapfile
	refuses_as version
	assert_jq '[.kernel.log, .kernel.field_offset]' '["Unable to handle swap header version 2",1024]'
	assert_jq .header '{"error":"unknown swap header version 2 (0x00000002)"}'
}

@test "a big-endian header (mkswap -e big): byte_order big, same fields, accepted on this kernel" {
	[ "$HOST_ENDIAN" = little ] || skip "the foreign order of a big-endian host is little"
	mk_area filled swapfile 1M -L big -e big
	[ "$(u32be swapfile 1024)" = 1 ]
	sij swapfile
	assert_rc 0
	assert_jq '.header | [.byte_order, .version, .last_page, .uuid, .label]' "[\"big\",1,255,\"$U\",\"big\"]"
	si swapfile
	grep -qx 'byte order:   big-endian' "$OUT"
}

@test "a big-endian header with nr_badpages 4096: rule swapped-badpages" {
	[ "$HOST_ENDIAN" = little ] || skip "the foreign order of a big-endian host is little"
	mk_area filled swapfile 1M -e big
	put_be32 swapfile 1032 4096
	sij swapfile
	refuses_as swapped-badpages
	assert_jq .kernel.field_offset 1032
}

@test "an area made at -p 8192: refused by a 4096 kernel, pagesize 8192, magic at 8182" {
	mk_area filled swapfile 1M -p 8192 -L p8
	sij swapfile
	refuses_as signature
	assert_jq '[.pagesize, .kernel.pagesize, .header.magic_offset, .header.last_page, .header.label]' \
		'[8192,4096,8182,127,"p8"]'
}

@test "--pagesize 8192 judges for an 8192 kernel: the -p 8192 area is accepted (exit 0)" {
	mk_area filled swapfile 1M -p 8192
	sij --pagesize 8192 swapfile
	assert_rc 0
	assert_jq '[.kernel.pagesize, .kernel.max_pages, .kernel.usable_pages]' '[8192,128,127]'
	si -p 8192 swapfile
	assert_rc 0
	grep -qx 'kernel:       accepted with 8192-byte pages' "$OUT"
}

@test "--pagesize 8192 on a 4096 area: refused, no signature at byte 8182" {
	mk_area filled swapfile 1M
	sij --pagesize 8192 swapfile
	refuses_as signature
	assert_jq .kernel.reason '"no SWAPSPACE2 signature at byte 8182 (the end of a 8192-byte page)"'
}

@test "--offset: an area inside an image is accepted there (exit 0) and judged as a partition" {
	mk_image image -L inner
	sij --offset "$IMG_OFF" image
	assert_rc 0
	assert_jq '[.offset, .file_size, .signature, .header.magic_offset, .header.label, .header.last_page]' \
		'[1048576,2097152,"swap-v1",1052662,"inner",255]'
	# the same with a size suffix
	local json
	json=$(cat "$OUT")
	sij --offset 1M image
	[ "$(cat "$OUT")" = "$json" ]
	si --offset "$IMG_OFF" image
	grep -qx 'offset:       1048576' "$OUT"
}

@test "--offset: without it, the image start has no signature (exit 1)" {
	mk_image image
	sij image
	refuses_as signature
	assert_jq .signature null
}

@test "--offset at the very end: an empty area, exit 1; past the end: exit 2" {
	mk_area filled swapfile 1M
	si --offset 1048576 swapfile
	assert_rc 1
	si --offset 1048577 swapfile
	assert_rc 2
	assert_empty "$OUT"
	assert_file_is "$ERR" <<-'EOF'
		swapinspect: offset 1048577 is past the end of 'swapfile' (1048576 bytes)
	EOF
}

@test "warning: insecure permissions 0644 (exact text); the verdict is unchanged" {
	mk_area filled swapfile 1M
	chmod 0644 swapfile
	sij swapfile
	assert_rc 0
	assert_jq .warnings '["insecure permissions 0644, 0600 suggested"]'
	si swapfile
	grep -qx 'warnings:     insecure permissions 0644, 0600 suggested' "$OUT"
}

@test "no warning for the same file at 0600" {
	mk_area filled swapfile 1M
	chmod 0644 swapfile
	chmod 0600 swapfile
	sij swapfile
	assert_jq .warnings '[]'
	si swapfile
	refute_grep 'warning|insecure' "$OUT"
}

@test "warning: insecure file owner when the file is not root's" {
	[ "$(id -u)" = 0 ] || skip "needs root to give the file away"
	mk_area filled swapfile 1M
	chown 65534:65534 swapfile
	sij swapfile
	assert_rc 0
	assert_jq .warnings '["insecure file owner 65534, 0 (root) suggested"]'
}

# ---- 2. what cannot be inspected: exit 2 --------------------------------------

@test "error: a directory, exit 2, nothing on stdout" {
	mkdir dir
	si dir
	assert_rc 2
	assert_empty "$OUT"
	assert_file_is "$ERR" <<-'EOF'
		swapinspect: 'dir' is a directory
	EOF
}

@test "error: a FIFO is refused at once (no hang), exit 2" {
	mkfifo fifo
	run -2 timeout 5 "$SWAPINSPECT" fifo
	[ "$output" = "swapinspect: 'fifo' is not a regular file or a block device" ]
	si --json --slots fifo
	assert_rc 2
	assert_empty "$OUT"
}

@test "error: a missing file, exit 2" {
	si --json nosuchfile
	assert_rc 2
	assert_empty "$OUT"
	assert_file_is "$ERR" <<-'EOF'
		swapinspect: cannot open 'nosuchfile': No such file or directory
	EOF
}

@test "error: a file the caller may not read, exit 2 (uid 65534 via setpriv)" {
	mk_area filled swapfile 1M
	chmod 0000 swapfile
	if [ "$(id -u)" != 0 ]; then
		si swapfile
		assert_rc 2
		assert_err_has "cannot open 'swapfile': Permission denied"
		return
	fi
	command -v setpriv >/dev/null || skip "setpriv is not installed"
	# $BATS_TEST_TMPDIR lies under a 0700 directory uid 65534 cannot
	# search, so the file is handed over as an open descriptor: opening
	# /dev/fd/7 checks the file's own mode, not the path to it.
	run -2 setpriv --reuid=65534 --regid=65534 --clear-groups "$SWAPINSPECT" /dev/fd/7 7<swapfile
	[[ $output == *"cannot open '/dev/fd/7': Permission denied" ]]
	# the control: the same file at 0644 opens the same way
	chmod 0644 swapfile
	run -0 setpriv --reuid=65534 --regid=65534 --clear-groups "$SWAPINSPECT" /dev/fd/7 7<swapfile
}

@test "root reads a mode 0000 file anyway (permission bits do not bind root)" {
	[ "$(id -u)" = 0 ] || skip "only root ignores the mode"
	mk_area filled swapfile 1M
	chmod 0000 swapfile
	sij swapfile
	assert_rc 0
	assert_jq .warnings '[]'
}

@test "usage error: no area, exit 2" {
	si
	assert_rc 2
	assert_file_is "$ERR" <<-'EOF'
		swapinspect: no area given
		Try 'swapinspect --help' for more information.
	EOF
}

@test "usage error: two areas, exit 2" {
	si one two
	assert_rc 2
	assert_err_has "swapinspect: only one area at a time: 'two'"
}

@test "usage error: unknown options and a missing argument, exit 2" {
	mk_area filled swapfile 1M
	si --bogus swapfile
	assert_rc 2
	assert_err_has "unrecognized option '--bogus'"
	si -x swapfile
	assert_rc 2
	assert_err_has "invalid option -- 'x'"
	si swapfile --pagesize
	assert_rc 2
	assert_err_has "option '--pagesize' requires an argument"
	assert_empty "$OUT"
}

@test "usage error: --pagesize not a power of two from 2048 to 262144, exit 2" {
	mk_area filled swapfile 1M
	local ps
	for ps in 3000 1024 524288 abc 0; do
		si --pagesize "$ps" swapfile
		assert_rc 2
		assert_err_has "swapinspect: invalid page size: '$ps' (a power of two from 2048 to 262144)"
	done
}

@test "usage error: --offset not a number, exit 2" {
	mk_area filled swapfile 1M
	si --offset abc swapfile
	assert_rc 2
	assert_err_has "swapinspect: invalid offset: 'abc'"
}

# ---- 3. swapinspect never writes ----------------------------------------------

@test "no view changes the file: bytes, size, mode, mtime and ctime kept" {
	mk_area filled swapfile 1M -L ro
	put_le32 swapfile 1032 1
	put_le32 swapfile 1536 3
	dd if=/dev/urandom of=swapfile bs=4096 seek=10 count=2 conv=notrunc status=none
	chmod 0644 swapfile
	touch -d '2001-02-03 04:05:06' swapfile
	proc_swaps proc-swaps "$BATS_TEST_TMPDIR/swapfile file 1020 0 -2"
	local before view failed=""
	before=$(file_state swapfile)
	local -a views=("" "--json" "--verbose" "--extents" "--extents --json" "--slots"
		"--slots --json" "--slots --verbose" "--extents --slots --json" "--pagesize 8192"
		"--offset 4096 --slots")
	for view in "${views[@]}"; do
		# shellcheck disable=SC2086
		si $view swapfile
		[ "$RC" = 1 ] || failed+=" '$view':exit=$RC"
		[ "$(file_state swapfile)" = "$before" ] || failed+=" '$view'"
	done
	SWAPAREA_PROC_SWAPS=$BATS_TEST_TMPDIR/proc-swaps si --system --json
	[ "$(file_state swapfile)" = "$before" ] || failed+=" --system"
	report_failures "$failed"
}

# ---- 4. --extents ---------------------------------------------------------------

@test "--extents of a fully written file: one extent, no problem, resume_offset as filefrag says" {
	mk_area filled swapfile 1M
	require_extents swapfile
	assert_rc 0
	local phys
	phys=$(filefrag_first swapfile)
	[ -n "$phys" ]
	assert_keys .extents 'pagesize count max_pages span_pages resume_offset list problems'
	# resume_offset: the device page of swap page 0 = physical bytes / 4096
	assert_jq .extents "{\"pagesize\":4096,\"count\":1,\"max_pages\":256,\"span_pages\":255,\"resume_offset\":$((phys / 4096)),\"list\":[{\"first_page\":0,\"last_page\":255,\"pages\":256,\"physical\":$phys}],\"problems\":[]}"
	assert_type number .extents.resume_offset .extents.list[0].physical .extents.count
	# no header in an --extents view
	assert_jq 'has("header")' false
	si --extents swapfile
	assert_rc 0
	grep -qx "resume_offset=$((phys / 4096))" "$OUT"
	grep -qx 'swapfile: 1 extent, 256 pages of 4096 bytes mapped, across 1020 KiB' "$OUT"
}

@test "--extents of a sparse file: a hole that refuses, at its byte range and pages" {
	mk_area sparse swapfile 1M
	require_extents swapfile
	assert_rc 1
	assert_jq .extents.problems '[{"problem":"hole","refuses":true,"offset":4096,"length":1044480,"first_page":1,"last_page":255}]'
	assert_jq '[.extents.count, .extents.max_pages]' '[1,1]'
	si --extents swapfile
	assert_rc 1
	grep -qE '^  hole +bytes 4096-1048575 \(pages 1-255\): the kernel refuses the file \("has unallocated extents"\)$' "$OUT"
}

@test "--extents of a fallocated file: unwritten does not refuse, exit 0" {
	mk_area falloc swapfile 1M
	require_extents swapfile
	assert_rc 0
	assert_jq '.extents.problems | map([.problem, .refuses, .first_page, .last_page])' '[["unwritten",false,1,255]]'
	assert_jq .extents.max_pages 256
	[ "$(jq .extents.resume_offset "$OUT")" = $(($(filefrag_first swapfile) / 4096)) ]
}

@test "--extents: a file starting half a page into a block run at --pagesize 8192 is misaligned, shrinks, still accepted" {
	require_4k
	# 1 MiB + 2 blocks written, then the first block cut away: the file now
	# starts one 4096-byte block into its allocation
	head -c $((IMG_OFF + 8192)) /dev/urandom >swapfile
	chmod 0600 swapfile
	sync swapfile
	fallocate --collapse-range --offset 0 --length 4096 swapfile 2>/dev/null ||
		skip "no FALLOC_FL_COLLAPSE_RANGE here"
	truncate -s 1M swapfile
	"$MKSWAP" -q -U "$U" -p 8192 swapfile
	require_extents swapfile
	local phys
	phys=$(filefrag_first swapfile)
	sij --extents --pagesize 8192 swapfile
	assert_rc 0
	if [ $((phys % 8192)) = 0 ]; then
		assert_jq '[.extents.problems, .kernel.max_pages, .warnings]' '[[],128,[]]'
	else
		# both edges lose their half page: 127 of 128 pages mapped
		assert_jq '.extents.problems | map([.problem, .refuses, .offset, .length])' \
			'[["misaligned",false,0,4096],["misaligned",false,1044480,4096]]'
		assert_jq '[.extents.max_pages, .kernel.max_pages, .kernel.usable_pages]' '[127,127,126]'
		assert_jq .warnings '["misaligned extents: the kernel maps 127 of 128 pages"]'
		assert_jq .extents.list[0].physical $((phys + 4096))
	fi
}

@test "--extents with --offset: one extent at the offset, no resume_offset" {
	mk_image image
	sij --extents --offset "$IMG_OFF" image
	assert_rc 0
	assert_jq .extents '{"pagesize":4096,"count":1,"max_pages":256,"span_pages":255,"resume_offset":null,"list":[{"first_page":0,"last_page":255,"pages":256,"physical":1048576}],"problems":[]}'
}

# ---- 5. --slots -----------------------------------------------------------------

# assert_counts_sum: slots.counts add up to slots.total.
assert_counts_sum() {
	assert_jq '[.slots.counts | add] == [.slots.total]' true
}

@test "--slots of a sparse area: header then holes; the counts sum to last_page + 1" {
	mk_area sparse swapfile 1M
	sij --slots swapfile
	assert_rc 1
	assert_keys .slots 'pagesize total counts runs map'
	assert_keys .slots.counts 'header data zero hole bad missing'
	assert_jq '.slots | [.pagesize, .total, .counts]' '[4096,256,{"header":1,"data":0,"zero":0,"hole":255,"bad":0,"missing":0}]'
	assert_counts_sum
	assert_jq .slots.runs '[{"kind":"header","first":0,"count":1},{"kind":"hole","first":1,"count":255}]'
	assert_type number .slots.total .slots.counts.hole .slots.map.slots_per_cell .slots.map.columns
	assert_jq 'has("header")' false
}

@test "--slots of a fallocated area: zeros" {
	mk_area falloc swapfile 1M
	sij --slots swapfile
	assert_rc 0
	assert_jq .slots.counts '{"header":1,"data":0,"zero":255,"hole":0,"bad":0,"missing":0}'
}

@test "--slots finds pages written with random data, and the map draws them" {
	mk_area filled swapfile 1M
	dd if=/dev/urandom of=swapfile bs=4096 seek=10 count=5 conv=notrunc status=none
	sij --slots swapfile
	assert_rc 0
	assert_jq .slots.runs '[{"kind":"header","first":0,"count":1},{"kind":"zero","first":1,"count":9},{"kind":"data","first":10,"count":5},{"kind":"zero","first":15,"count":241}]'
	assert_counts_sum
	# one cell a slot: H, 9 zeros, 5 data, then zeros
	assert_jq '.slots.map | [.slots_per_cell, .columns, (.cells | length), .cells[0:16]]' \
		'[1,64,256,"H.........#####."]'
	si --slots swapfile
	grep -qx '           0 H.........#####.................................................' "$OUT"
	grep -qE '^  data +5 ' "$OUT"
	assert_empty "$ERR"
}

@test "--slots: bad pages in the header are bad slots; --verbose lists the runs" {
	mk_area filled swapfile 1M
	put_le32 swapfile 1032 2
	put_le32 swapfile 1536 7
	put_le32 swapfile 1540 9
	sij --slots swapfile
	assert_rc 1
	assert_jq .slots.counts '{"header":1,"data":0,"zero":253,"hole":0,"bad":2,"missing":0}'
	assert_jq '.slots.runs | map(select(.kind == "bad") | .first)' '[7,9]'
	si --slots --verbose swapfile
	grep -qE '^ +7 +7 +1 bad$' "$OUT"
	grep -qE '^ +10 +255 +246 zero$' "$OUT"
}

@test "--slots: a header claiming pages beyond the end of the file: missing slots" {
	mk_area filled swapfile 1M
	put_le32 swapfile 1028 299
	sij --slots swapfile
	refuses_as shorter
	assert_jq '.slots | [.total, .counts.missing, .runs[-1]]' '[300,44,{"kind":"missing","first":256,"count":44}]'
	assert_counts_sum
}

@test "--slots of a v0 area: bad pages from the bitmap, missing pages past the file" {
	# bitmap bits 1..15 but 5, in a file of 8 pages
	mk_v0 v0 8 5
	put_bytes v0 1 '\xff'
	sij --slots v0
	assert_rc 1
	assert_jq '.slots | [.total, .counts]' '[16,{"header":1,"data":0,"zero":6,"hole":0,"bad":1,"missing":8}]'
}

@test "--slots of 1 GiB: 256 slots a cell, 1024 cells, fast and quiet" {
	mk_area sparse swapfile 1G
	dd if=/dev/urandom of=swapfile bs=4096 seek=1000 count=3 conv=notrunc status=none
	sij --slots swapfile
	assert_rc 1
	assert_jq '.slots | [.total, .counts.data, .counts.hole, .map.slots_per_cell, (.map.cells | length)]' \
		'[262144,3,262140,256,1024]'
	# cell 3 (slots 768..1023) holds the data among holes
	assert_jq '.slots.map.cells[0:5]' '"___+_"'
	assert_empty "$ERR"
}

@test "--slots on an area smaller than one page: exit 2" {
	require_4k
	mk_filled small 3000
	si --slots small
	assert_rc 2
	assert_file_is "$ERR" <<-'EOF'
		swapinspect: 'small' is too small to hold one page of 4096 bytes
	EOF
}

@test "--extents --slots --json: one object with both views and no header" {
	mk_area filled swapfile 1M
	sij --extents --slots swapfile
	assert_rc 0
	assert_jq '[has("extents"), has("slots"), has("header")]' '[true,true,false]'
}

# ---- 6. --system ----------------------------------------------------------------

@test "--system: areas from SWAPAREA_PROC_SWAPS with sizes in bytes, escapes, deleted files, headers" {
	mk_area filled "swap file" 1M -L spaced
	mk_area filled plain 1M -L plain
	proc_swaps proc-swaps \
		"$BATS_TEST_TMPDIR/plain file 1020 4 -2" \
		"$BATS_TEST_TMPDIR/swap\\040file file 1020 0 -3" \
		"$BATS_TEST_TMPDIR/gone\\040(deleted) file 512 0 5" \
		"$BATS_TEST_TMPDIR/nopart partition 2048 0 -4"
	SWAPAREA_PROC_SWAPS=$BATS_TEST_TMPDIR/proc-swaps sij --system
	assert_rc 0
	assert_keys . swaps
	assert_keys '.swaps[0]' 'name type size used prio deleted pagesize version last_page uuid label error'
	assert_jq '.swaps[0]' "{\"name\":\"$BATS_TEST_TMPDIR/plain\",\"type\":\"file\",\"size\":1044480,\"used\":4096,\"prio\":-2,\"deleted\":false,\"pagesize\":4096,\"version\":1,\"last_page\":255,\"uuid\":\"$U\",\"label\":\"plain\",\"error\":null}"
	assert_jq '.swaps[1] | [.name, .label]' "[\"$BATS_TEST_TMPDIR/swap file\",\"spaced\"]"
	assert_jq '.swaps[2] | [.name, .deleted, .size, .prio]' "[\"$BATS_TEST_TMPDIR/gone\",true,524288,5]"
	assert_jq '.swaps[3] | [.type, .size, .pagesize, .error]' '["partition",2097152,null,"cannot open: No such file or directory"]'
	assert_type number '.swaps[0].size' '.swaps[0].used' '.swaps[0].prio' '.swaps[0].pagesize'
	SWAPAREA_PROC_SWAPS=$BATS_TEST_TMPDIR/proc-swaps si --system
	assert_rc 0
	grep -qE "^$BATS_TEST_TMPDIR/swap file +file +1020 KiB +0 B +-3 +4096 $U +spaced$" "$OUT"
	grep -qF "$BATS_TEST_TMPDIR/gone (deleted)" "$OUT"
}

@test "--system: a deleted area is not described by whatever file now has its name" {
	# /proc/swaps names the unlinked inode; a new file at the old path is
	# another file, and its header is not the active area's
	mk_area filled gone 1M -L newcomer
	proc_swaps proc-swaps "$BATS_TEST_TMPDIR/gone\\040(deleted) file 512 0 -2"
	SWAPAREA_PROC_SWAPS=$BATS_TEST_TMPDIR/proc-swaps sij --system
	assert_rc 0
	assert_jq '.swaps[0] | [.name, .deleted]' "[\"$BATS_TEST_TMPDIR/gone\",true]"
	assert_jq '.swaps[0] | [.uuid, .label, .last_page]' '[null,null,null]'
}

@test "--system: a FIFO or a directory listed does not hang; its row carries the error" {
	mkfifo fifo
	mkdir dir
	proc_swaps proc-swaps "$BATS_TEST_TMPDIR/fifo file 4 0 -2" "$BATS_TEST_TMPDIR/dir file 4 0 -3"
	SWAPAREA_PROC_SWAPS=$BATS_TEST_TMPDIR/proc-swaps sij --system
	assert_rc 0
	assert_jq '[.swaps[].error | type]' '["string","string"]'
}

@test "--system with no active area: exit 0, an empty list" {
	proc_swaps proc-swaps
	SWAPAREA_PROC_SWAPS=$BATS_TEST_TMPDIR/proc-swaps sij --system
	assert_rc 0
	assert_jq . '{"swaps":[]}'
	SWAPAREA_PROC_SWAPS=$BATS_TEST_TMPDIR/proc-swaps si --system
	assert_file_is "$OUT" <<-'EOF'
		no active swap areas
	EOF
}

@test "--system: SWAPAREA_PROC_SWAPS missing, exit 2" {
	SWAPAREA_PROC_SWAPS=$BATS_TEST_TMPDIR/nosuch si --system --json
	assert_rc 2
	assert_empty "$OUT"
	assert_file_is "$ERR" <<-EOF
		swapinspect: cannot read $BATS_TEST_TMPDIR/nosuch: No such file or directory
	EOF
}

@test "--system: SWAPAREA_PROC_SWAPS unreadable (a directory), exit 2" {
	mkdir proc-swaps
	SWAPAREA_PROC_SWAPS=$BATS_TEST_TMPDIR/proc-swaps si --system
	assert_rc 2
	assert_empty "$OUT"
	assert_err_has "swapinspect: cannot read $BATS_TEST_TMPDIR/proc-swaps: "
}

@test "usage error: --system with an area or another view, exit 2" {
	mk_area filled swapfile 1M
	proc_swaps proc-swaps
	local args
	for args in "swapfile" "--extents" "--slots" "--offset 4096"; do
		# shellcheck disable=SC2086
		SWAPAREA_PROC_SWAPS=$BATS_TEST_TMPDIR/proc-swaps si --system $args
		assert_rc 2
		assert_err_has "swapinspect: --system takes no area and no other view"
	done
}

# ---- 7. entry -------------------------------------------------------------------
#
# Expected values worked out by hand from kernel-swap-facts.md section 2:
#   generic swp_entry(type, off) = type << TYPE_SHIFT | off,
#     TYPE_SHIFT = (BITS_PER_LONG - 1) - 5: 58 on 64-bit, 26 on 32-bit.
#   x86_64 PTE = ((~off) << 14 >> 5) | type << 59 (64-bit arithmetic);
#     soft-dirty bit 1, uffd-wp bit 2, exclusive bit 3.
#   i386 PTE = type << 1 | off << 9, exclusive bit 7.
#   i386-pae: the x86_64 shape, exclusive bit 7; entries are 32-bit.
#   arm64 PTE = type << 6 | off << 12, exclusive bit 2, uffd-wp bit 3.
#   i386-legacy (2.4): PTE = entry = type << 1 | off << 8.

# entry_run ARGS... -- WANT: swapinspect entry ARGS (through si); WANT, what
# the caller expects, is left in $WANT.
entry_run() {
	local -a args=()
	while [ "$1" != -- ]; do
		args+=("$1")
		shift
	done
	WANT=$2
	si entry "${args[@]}"
}

# entry_is ARGS... -- JSON: swapinspect entry --json ARGS prints JSON, exit 0.
entry_is() {
	entry_run --json "$@"
	assert_rc 0
	assert_jq . "$WANT"
}

# entry_fails ARGS... -- MESSAGE: swapinspect entry ARGS exits 2 with MESSAGE.
entry_fails() {
	entry_run "$@"
	assert_rc 2
	assert_empty "$OUT"
	assert_err_has "$WANT"
}

@test "entry: x86_64 type 1 offset 1" {
	# entry: 1 << 58 | 1 = 0x0400000000000001.
	# PTE: ~1 = 0xff..fe; << 14 = 0xffffffffffff8000; >> 5 = 0x07fffffffffffc00;
	#      | 1 << 59 (0x0800000000000000) = 0x0ffffffffffffc00.
	entry_is --arch x86_64 --type 1 --offset 1 -- \
		'{"arch":"x86_64","type":1,"offset":1,"entry":"0x0400000000000001","pte":"0x0ffffffffffffc00","flags":[],"kind":"swap"}'
	assert_type number .type .offset
	assert_type string .entry .pte
}

@test "entry: x86_64 type 0 offset 1 (facts example 0x07fffffffffffc00)" {
	# ~1 << 14 >> 5 = 0x07fffffffffffc00, no type bits; the entry is just 1
	entry_is --arch x86_64 --type 0 --offset 1 -- \
		'{"arch":"x86_64","type":0,"offset":1,"entry":"0x0000000000000001","pte":"0x07fffffffffffc00","flags":[],"kind":"swap"}'
}

@test "entry: x86_64 flags set bits 3 (exclusive), 1 (soft-dirty) and 2 (uffd-wp)" {
	# 0x...c00 | 0x8 | 0x2 | 0x4 = 0x...c0e
	entry_is --arch x86_64 --type 1 --offset 1 --flag exclusive --flag soft-dirty --flag uffd-wp -- \
		'{"arch":"x86_64","type":1,"offset":1,"entry":"0x0400000000000001","pte":"0x0ffffffffffffc0e","flags":["exclusive","soft-dirty","uffd-wp"],"kind":"swap"}'
	# exclusive alone: 0x...c00 | 0x8
	si entry --json --arch x86_64 --type 1 --offset 1 --flag exclusive
	assert_jq .pte '"0x0ffffffffffffc08"'
}

@test "entry: i386 type 1 offset 1 is 0x00000202; exclusive adds bit 7" {
	# 1 << 1 | 1 << 9 = 0x202; 32-bit entry 1 << 26 | 1 = 0x04000001
	entry_is --arch i386 --type 1 --offset 1 -- \
		'{"arch":"i386","type":1,"offset":1,"entry":"0x04000001","pte":"0x00000202","flags":[],"kind":"swap"}'
	# 0x202 | 0x80 = 0x282
	si entry --json --arch i386 --type 1 --offset 1 --flag exclusive
	assert_jq '[.pte, .flags]' '["0x00000282",["exclusive"]]'
}

@test "entry: i386-pae type 1 offset 1 takes the x86_64 shape with a 32-bit entry" {
	entry_is --arch i386-pae --type 1 --offset 1 -- \
		'{"arch":"i386-pae","type":1,"offset":1,"entry":"0x04000001","pte":"0x0ffffffffffffc00","flags":[],"kind":"swap"}'
}

@test "entry: arm64 type 1 offset 1 is 0x1040; exclusive bit 2, uffd-wp bit 3" {
	# 1 << 6 | 1 << 12 = 0x1040; | 0x4 | 0x8 = 0x104c
	entry_is --arch arm64 --type 1 --offset 1 -- \
		'{"arch":"arm64","type":1,"offset":1,"entry":"0x0400000000000001","pte":"0x0000000000001040","flags":[],"kind":"swap"}'
	si entry --json --arch arm64 --type 1 --offset 1 --flag exclusive --flag uffd-wp
	assert_jq '[.pte, .flags]' '["0x000000000000104c",["exclusive","uffd-wp"]]'
}

@test "entry: i386-legacy (2.4) type 1 offset 1 is 0x102, PTE and entry alike" {
	# 1 << 1 | 1 << 8 = 0x102
	entry_is --arch i386-legacy --type 1 --offset 1 -- \
		'{"arch":"i386-legacy","type":1,"offset":1,"entry":"0x00000102","pte":"0x00000102","flags":[],"kind":"swap"}'
}

@test "entry --pte decodes back: type, offset and flags of x86_64 0x0ffffffffffffc0e" {
	entry_is --arch x86_64 --pte 0x0ffffffffffffc0e -- \
		'{"arch":"x86_64","type":1,"offset":1,"entry":"0x0400000000000001","pte":"0x0ffffffffffffc0e","flags":["exclusive","soft-dirty","uffd-wp"],"kind":"swap"}'
	# decimal works as well: 0x202 = 514
	si entry --json --arch i386 --pte 514
	assert_jq '[.type, .offset, .pte]' '[1,1,"0x00000202"]'
}

@test "entry --pte: none (0) and present (bit 0) have no entry" {
	entry_is --arch x86_64 --pte 0 -- \
		'{"arch":"x86_64","type":null,"offset":null,"entry":null,"pte":"0x0000000000000000","flags":[],"kind":"none"}'
	si entry --json --arch x86_64 --pte 1
	assert_jq '[.kind, .type, .entry]' '["present",null,null]'
}

@test "entry: the special types above the 23 real ones are named (23 hwpoison, 31 marker)" {
	# 23 = MAX_SWAPFILES (32 - 4 - 3 - 1 - 1): HWPOISON; 31: PTE_MARKER.
	# 23 << 59 = 0xb800000000000000, | ~5 << 14 >> 5 = 0x07fffffffffff400
	si entry --json --arch x86_64 --type 23 --offset 5
	assert_jq '[.kind, .pte]' '["hwpoison","0xbffffffffffff400"]'
	si entry --json --arch x86_64 --type 31 --offset 5
	assert_jq .kind '"marker"'
	si entry --arch x86_64 --type 23 --offset 5
	grep -qx 'type:    23 (hwpoison)' "$OUT"
}

@test "entry: the text view" {
	si entry --arch x86_64 --type 1 --offset 1 --flag exclusive
	assert_rc 0
	assert_file_is "$OUT" <<-'EOF'
		arch:    x86_64
		type:    1 (swap)
		offset:  1 (0x1)
		entry:   0x0400000000000001
		pte:     0x0ffffffffffffc08
		flags:   exclusive
		kind:    swap
	EOF
}

@test "entry: the largest offset fits (x86_64 2^50 - 1, i386 2^23 - 1, i386-pae 2^26 - 1)" {
	si entry --json --arch i386 --type 1 --offset $(((1 << 23) - 1))
	assert_rc 0
	# 2 | 0x7fffff << 9 = 0xfffffe02
	assert_jq .pte '"0xfffffe02"'
	si entry --json --arch i386-pae --type 1 --offset $(((1 << 26) - 1))
	assert_rc 0
	si entry --json --arch x86_64 --type 1 --offset $(((1 << 50) - 1))
	assert_rc 0
	# ~(2^50 - 1) << 14 >> 5 = 0: only the type bits are left
	assert_jq .pte '"0x0800000000000000"'
}

@test "entry error: unknown architecture, exit 2" {
	entry_fails --arch sparc --type 1 --offset 1 -- \
		"swapinspect entry: unknown architecture: 'sparc' (x86_64, i386, i386-pae, arm64 or i386-legacy)"
}

@test "entry error: type too big (x86_64 holds 5 type bits, 31 at most), exit 2" {
	entry_fails --arch x86_64 --type 32 --offset 1 -- \
		"type 32 does not fit the x86_64 swap PTE (largest: 31)"
}

@test "entry error: offset too big (x86_64 2^50, i386 2^23), exit 2" {
	entry_fails --arch x86_64 --type 1 --offset $((1 << 50)) -- \
		"offset 1125899906842624 does not fit the x86_64 swap PTE (largest: 1125899906842623)"
	entry_fails --arch i386 --type 1 --offset $((1 << 23)) -- \
		"offset 8388608 does not fit the i386 swap PTE (largest: 8388607)"
}

@test "entry error: not a number, exit 2" {
	local bad
	for bad in abc 1x -1 0x '' ' 1'; do
		entry_fails --arch x86_64 --type "$bad" --offset 1 -- "swapinspect entry: invalid type: '$bad'"
	done
	entry_fails --arch x86_64 --pte 99999999999999999999999 -- "does not fit 64 bits"
}

@test "entry error: --pte with --type, exit 2" {
	entry_fails --arch x86_64 --pte 0x0ffffffffffffc00 --type 1 -- \
		"swapinspect entry: --pte cannot be combined with --type, --offset or --flag"
}

@test "entry error: an i386 PTE with bits beyond 32, exit 2" {
	entry_fails --arch i386 --pte 0x100000202 -- \
		"swapinspect entry: 0x100000202 is not a PTE of i386: it has bits beyond the PTE's width"
}

@test "entry error: a flag the layout lacks, or an unknown flag, exit 2" {
	# arm64 and i386 have no soft-dirty
	entry_fails --arch arm64 --type 1 --offset 1 --flag soft-dirty -- \
		"swapinspect entry: cannot encode for arm64: a flag this layout does not have"
	entry_fails --arch i386 --type 1 --offset 1 --flag uffd-wp -- \
		"swapinspect entry: cannot encode for i386: a flag this layout does not have"
	entry_fails --arch x86_64 --type 1 --offset 1 --flag dirty -- \
		"swapinspect entry: unknown flag: 'dirty' (exclusive, soft-dirty or uffd-wp)"
}

@test "entry error: --type without --offset, nothing at all, or an extra argument, exit 2" {
	entry_fails --arch x86_64 --type 1 -- "give --type and --offset to encode, or --pte to decode"
	entry_fails -- "give --type and --offset to encode, or --pte to decode"
	entry_fails --type 1 --offset 1 extra -- "unexpected argument: 'extra'"
	entry_fails --bogus -- "unrecognized option '--bogus'"
}

# ---- 8. --help, --version and the man page -----------------------------------------

# help_long_options: the --long options of swapinspect --help and of
# swapinspect entry --help, one a line.
help_long_options() {
	{ "$SWAPINSPECT" --help; "$SWAPINSPECT" entry --help; } |
		grep -oE '^ +(-[A-Za-z], )?--[a-z][a-z-]*' | grep -oE -- '--[a-z][a-z-]*' | sort -u
}

@test "-h, --help and entry --help exit 0 and show the usage" {
	run -0 "$SWAPINSPECT" -h
	[[ ${lines[0]} == "Usage: swapinspect [OPTION...] AREA" ]]
	run -0 "$SWAPINSPECT" --help
	[[ $output == *"--system"* ]]
	run -0 "$SWAPINSPECT" entry --help
	[[ ${lines[0]} == "Usage: swapinspect entry [OPTION...] --type T --offset O [--flag F]..." ]]
}

@test "-V and --version exit 0 and print swapinspect from swaparea" {
	run -0 "$SWAPINSPECT" -V
	[[ $output == "swapinspect from swaparea "* ]]
	run -0 "$SWAPINSPECT" --version
	[[ $output == "swapinspect from swaparea "* ]]
}

@test "man/swapinspect.8 names exactly the long options of --help and entry --help" {
	local man=$REPO_ROOT/man/swapinspect.8 in_man in_help
	[ -f "$man" ] || {
		echo "# $man does not exist (yet)" >&2
		return 1
	}
	in_man=$(sed 's/\\-/-/g; s/\\f[BIRP]//g' "$man" |
		grep -oE -- '(^|[^A-Za-z0-9-])--[a-z][a-z-]*' | grep -oE -- '--[a-z][a-z-]*' | sort -u)
	in_help=$(help_long_options)
	if [ "$in_man" != "$in_help" ]; then
		echo "# only in the man page: $(comm -23 <(echo "$in_man") <(echo "$in_help") | tr '\n' ' ')" >&2
		echo "# only in --help: $(comm -13 <(echo "$in_man") <(echo "$in_help") | tr '\n' ' ')" >&2
		return 1
	fi
}
