#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# swapsim-io.bats - swapsim writing into its swap files ("SWAP FILE DATA"
# in swapsim(1)): pages stamped at pageout and checked at swap-in, the file
# left holding data exactly in the slots in use, --no-io, the injected
# failures of --fail-write and --fail-read, and the files swapsim refuses
# to write.  The stamps themselves and the engine's figures are tested in
# tests/unit/test_page_io.c; here only what the command adds.  The judges
# of the files are swapinspect --slots (which slots hold data), util-linux's
# blkid (the header still a swap area, its UUID kept) and sha256sum.
#
# Temporary files only; no block device is opened, no swapon or swapoff run.

bats_require_minimum_version 1.5.0
load helpers

SWAPSIM=$BUILD_DIR/swapsim
SWAPINSPECT=$BUILD_DIR/swapinspect

setup() {
	[ -x "$SWAPSIM" ] || { echo "# build first: $SWAPSIM" >&2; return 1; }
	[ -x "$SWAPINSPECT" ] || { echo "# build first: $SWAPINSPECT" >&2; return 1; }
	cd "$BATS_TEST_TMPDIR"
}

# gen_forks N: a native trace.  Process 1 writes 192 pages (768 KiB) of a
# 1 MiB mapping; then N rounds: it forks a child, the child breaks COW on
# 32 pages and reads 64, the parent rewrites 16 and reads 128, every third
# round area 0 goes off and comes back, and the child of the round before
# exits.  Two children at most, so at most 192 + 2 * 32 pages: with 128
# pages of RAM and two areas of 299 slots, nobody runs out of memory, even
# while area 0 is off.  (Addresses are printed from decimal: mawk does not
# read hexadecimal constants.)
gen_forks() {
	awk -v n="$1" 'BEGIN {
		print "#swapsim-trace v1"
		print "spawn 1"
		print "mmap 1 0x40000000 1M rw-"
		print "w 1 0x40000000 768K"
		for (i = 0; i < n; i++) {
			c = 100 + i
			printf "fork 1 %d\n", c
			printf "w %d 0x%x 128K\n", c, 1073741824 + (i % 6) * 131072
			printf "r %d 0x40000000 256K\n", c
			printf "w 1 0x%x 64K\n", 1073741824 + (i * 5 % 12) * 65536
			print "r 1 0x40000000 512K"
			if (i % 3 == 2) { print "swapoff 0"; print "r 1 0x40080000 256K"; print "swapon 0" }
			if (i > 0) printf "exit %d\n", c - 1
		}
		printf "exit %d\n", 100 + n - 1
	}'
}

# A machine of 128 pages (min 16), for every run here.
MACHINE=(--ram 512K --min-free 64)

# mk_ul FILE SIZE: a sparse swap file made by util-linux (truncate, mkswap).
mk_ul() {
	mk_sparse "$1" "$2"
	"$UL_MKSWAP" -q "$1"
}

# slots FILE: swapinspect's JSON of FILE's slots; exit 0 required (the kernel would take it).
slots() {
	"$SWAPINSPECT" --slots --json "$1"
}

# data_of FILE: how many slots of FILE hold data.
data_of() {
	slots "$1" | jq .slots.counts.data
}

@test "a fork-heavy trace on two swap files (util-linux's sparse one, ours): stamped, checked, data exactly in the used slots" {
	require_ul
	gen_forks 12 >forks.trace
	mk_ul a 1200K
	"$MKSWAP" -q -F -s 1200K b
	uuid_a=$("$UL_BLKID" -o value -s UUID a)
	uuid_b=$("$UL_BLKID" -o value -s UUID b)
	[ "$(slots a | jq .slots.counts.hole)" -gt 0 ]     # sparse before the run
	run -0 --separate-stderr "$SWAPSIM" "${MACHINE[@]}" --swap a --swap b --check --json forks.trace
	[ "$stderr" = "" ]
	json=$output
	[ "$(jq -c '[.io.stamped, .io.written > 0, .io.read > 0, .io.verified > 0]' <<<"$json")" = '[true,true,true,true]' ]
	[ "$(jq -c '[.io.write_errors, .io.read_errors, .io.sigbus_kills, .io.poisoned_ptes]' <<<"$json")" = '[0,0,0,0]' ]
	[ "$(jq -c '[.vmstat.oom_kill, .swap_call_failures, [.processes[].state] - ["exited", "running"]]' <<<"$json")" = '[0,0,[]]' ]
	# Every page written went to one of the two files: pswpout counts them all.
	[ "$(jq '.vmstat.pswpout == .io.written' <<<"$json")" = true ]
	run -0 slots a
	[ "$(jq .slots.counts.data <<<"$output")" = "$(jq '.swap[0].used' <<<"$json")" ]
	[ "$(jq .slots.counts.hole <<<"$output")" = 0 ]     # the holes were allocated
	run -0 slots b
	[ "$(jq .slots.counts.data <<<"$output")" = "$(jq '.swap[1].used' <<<"$json")" ]
	# Still swap areas, the same ones, for util-linux too.
	[ "$("$UL_BLKID" -o value -s TYPE a)" = swap ]
	[ "$("$UL_BLKID" -o value -s UUID a)" = "$uuid_a" ]
	[ "$("$UL_BLKID" -o value -s TYPE b)" = swap ]
	[ "$("$UL_BLKID" -o value -s UUID b)" = "$uuid_b" ]
}

@test "the text report says what was written, read back and checked" {
	printf 'spawn 1\nmmap 1 0x40000000 1M rw-\nw 1 0x40000000 1M\nr 1 0x40000000 1M\n' >t.trace
	mk_sparse a 1200K
	"$MKSWAP" -q a
	run -0 "$SWAPSIM" "${MACHINE[@]}" --swap a t.trace
	[[ $output == *"slot data "*" pages written, "*" read back, "*" verified"* ]]
	run -0 "$SWAPSIM" "${MACHINE[@]}" --swap a --no-io t.trace
	[[ $output != *"slot data"* ]]
}

@test "a second run on a file holding the first run's data: data again in exactly the used slots" {
	gen_forks 12 >forks.trace
	printf 'spawn 1\nmmap 1 0x40000000 1M rw-\nw 1 0x40000000 640K\nr 1 0x40000000 64K\n' >small.trace
	mk_sparse a 1200K
	"$MKSWAP" -q a
	run -0 "$SWAPSIM" "${MACHINE[@]}" --swap a --json forks.trace
	before=$(data_of a)
	[ "$before" = "$(jq '.swap[0].used' <<<"$output")" ]
	[ "$before" -gt 0 ]
	run -0 "$SWAPSIM" "${MACHINE[@]}" --swap a --json small.trace
	json=$output
	used=$(jq '.swap[0].used' <<<"$json")
	[ "$used" -gt 0 ]
	[ "$(data_of a)" = "$used" ]
	# Every slot of the first run that the second leaves free was zeroed.
	[ "$(jq .io.discarded <<<"$json")" -ge $((before - used)) ]
	run -0 slots a
}

@test "a swap file large enough for the slot cache: data in exactly the used slots all the same" {
	# 2047 usable slots: more than 5 * 64 free, so slots are taken 64 at a
	# time, all counted in use (see the slot cache in test_engine.c).
	# swapsim(1) promises data in exactly the slots still in use, less those
	# the slot cache holds reserved (the report's io.reserved).
	printf 'spawn 1\nmmap 1 0x40000000 2M rw-\nw 1 0x40000000 2M\n' >t.trace
	mk_sparse a 8M
	"$MKSWAP" -q a
	run -0 "$SWAPSIM" --ram 1M --min-free 64 --swap a --json t.trace
	json=$output
	[ "$(jq .io.written <<<"$json")" -gt 0 ]
	run -0 slots a
	echo "# used $(jq '.swap[0].used' <<<"$json"), data $(jq .slots.counts.data <<<"$output")" >&3
	[ "$(jq .io.reserved <<<"$json")" -gt 0 ]
	[ "$(jq .slots.counts.data <<<"$output")" = "$(jq '.swap[0].used - .io.reserved' <<<"$json")" ]
}

@test "--no-io: the swap files are left byte for byte as they were, nothing stamped" {
	require_ul
	gen_forks 6 >forks.trace
	mk_ul a 1200K
	"$MKSWAP" -q -F -s 1200K b
	before=$(hash_state a; hash_state b)
	run -0 "$SWAPSIM" "${MACHINE[@]}" --swap a --swap b --no-io --json forks.trace
	[ "$(jq -c '[.io.stamped, .io.written, .io.read, .io.verified, .io.discarded]' <<<"$output")" = '[false,0,0,0,0]' ]
	[ "$(jq '.vmstat.pswpout > 0' <<<"$output")" = true ]
	[ "$(hash_state a; hash_state b)" = "$before" ]
	[ "$(slots a | jq .slots.counts.hole)" -gt 0 ]    # still sparse
}

# One process writes 256 pages into 128 of RAM; the slots (299, fewer than
# 5 * 64: no slot cache) are handed out from slot 1 up by the cluster
# allocator, so slots 1-10 are the first ten written.
@test "--fail-write SLOTS: the pages stay in memory, their slots hold nothing, the run goes on" {
	printf 'spawn 1\nmmap 1 0x40000000 1M rw-\nw 1 0x40000000 1M\nr 1 0x40000000 1M\n' >t.trace
	mk_sparse a 1200K
	"$MKSWAP" -q a
	run -0 "$SWAPSIM" "${MACHINE[@]}" --swap a --fail-write 1-9,10 --json t.trace
	json=$output
	[ "$(jq '.io.write_errors >= 10' <<<"$json")" = true ]
	# pswpout counts each write submitted: the failed ones too.
	[ "$(jq '.vmstat.pswpout == .io.written + .io.write_errors' <<<"$json")" = true ]
	[ "$(jq -c '[.processes[0].state, .processes[0].rss + .processes[0].swap]' <<<"$json")" = '["running",256]' ]
	[ "$(jq -c '[.io.read_errors, .io.sigbus_kills, .vmstat.oom_kill]' <<<"$json")" = '[0,0,0]' ]
	run -0 slots a
	[ "$(jq -c '.slots.runs[1] | [.kind, .first, .count >= 10]' <<<"$output")" = '["zero",1,true]' ]
	# A slot whose write failed may still be in use, holding nothing.
	[ "$(jq .slots.counts.data <<<"$output")" -le "$(jq '.swap[0].used' <<<"$json")" ]
	run -0 "$SWAPSIM" "${MACHINE[@]}" --swap a --fail-write 1-10 --expect 'swap_write_errors>=10' t.trace
	run -1 "$SWAPSIM" "${MACHINE[@]}" --swap a --fail-write 1-10 --expect 'swap_write_errors==0' t.trace
}

# Process 1's page 0, written first, is in swap when process 1 reads it
# back: every slot's read fails, so process 1 dies of SIGBUS; process 2,
# which reads nothing from swap, goes on.
@test "--fail-read SLOTS: the faulting process dies of SIGBUS, counted; --expect sigbus_kills==0 is exit 1" {
	cat >t.trace <<-'EOF'
		spawn 1
		mmap 1 0x40000000 1M rw-
		w 1 0x40000000 1M
		spawn 2
		mmap 2 0x40000000 64K rw-
		w 2 0x40000000 64K
		r 1 0x40000000
		w 2 0x40000000 64K
		r 1 0x40001000
	EOF
	mk_sparse a 1200K
	"$MKSWAP" -q a
	run -0 "$SWAPSIM" "${MACHINE[@]}" --swap a --json t.trace
	[ "$(jq -c '[[.processes[].state], .io.sigbus_kills, .io.read_errors]' <<<"$output")" = '[["running","running"],0,0]' ]
	[ "$(jq '.io.verified > 0' <<<"$output")" = true ]
	run -0 "$SWAPSIM" "${MACHINE[@]}" --swap a --fail-read 1-299 --json t.trace
	json=$output
	[ "$(jq -c '[[.processes[].state], .io.sigbus_kills]' <<<"$json")" = '[["sigbus","running"],1]' ]
	[ "$(jq '.io.read_errors >= 1 and .processes[0].rss == 0 and .processes[0].swap == 0' <<<"$json")" = true ]
	[ "$(jq '.processes[1].rss' <<<"$json")" = 16 ]
	run -1 --separate-stderr "$SWAPSIM" "${MACHINE[@]}" --swap a --fail-read 1-299 --expect 'sigbus_kills==0' t.trace
	[ "$stderr" = "swapsim: expectation failed: sigbus_kills==0 (it is 1)" ]
	run -0 "$SWAPSIM" "${MACHINE[@]}" --swap a --expect 'sigbus_kills==0' t.trace
	run -0 "$SWAPSIM" "${MACHINE[@]}" --swap a --fail-read 1-299 --expect 'swap_read_errors>=1' t.trace
	run -0 slots a
	[ "$(jq .slots.counts.data <<<"$output")" = "$(jq '.swap[0].used' <<<"$json")" ]
}

# 1/3000 of reads fail: rarely enough that the parent lives through a good
# part of the trace.  The trace never runs out of memory (see gen_forks) and
# touches nothing outside its mapping: a process can only end by exiting or
# by SIGBUS, and a report must say which.
@test "failure rates: counted, every death a counted SIGBUS, and the same on every run, byte for byte" {
	gen_forks 24 >forks.trace
	mk_sparse a 1200K
	"$MKSWAP" -q a
	cp a b
	run -0 "$SWAPSIM" "${MACHINE[@]}" --swap a --fail-write 10% --fail-read 1/3000 --json forks.trace
	json=$output
	[ "$(jq '.io.write_errors > 0 and .io.read_errors > 0' <<<"$json")" = true ]
	[ "$(jq '.vmstat.pswpout == .io.written + .io.write_errors' <<<"$json")" = true ]
	# A child its killed parent would have forked is listed with the
	# parent's state, without a kill of its own.
	[ "$(jq '[.processes[] | select(.state == "sigbus")] | length' <<<"$json")" -ge "$(jq .io.sigbus_kills <<<"$json")" ]
	[ "$(jq '[.processes[] | select(.state != "sigbus" and .state != "running" and .state != "exited")] | length' <<<"$json")" = 0 ]
	[ "$(jq '[.segv_kills, .vmstat.oom_kill]' -c <<<"$json")" = '[0,0]' ]
	# The same options on a copy of the same file: the same report but for
	# the file's name, and the same bytes.
	run -0 "$SWAPSIM" "${MACHINE[@]}" --swap b --fail-write 10% --fail-read 1/3000 --json forks.trace
	[ "$(jq -c 'del(.swap[].name)' <<<"$output")" = "$(jq -c 'del(.swap[].name)' <<<"$json")" ]
	[ "$(sha256sum <a)" = "$(sha256sum <b)" ]
	# Without a swap file: failures all the same, nothing stamped.
	run -0 "$SWAPSIM" "${MACHINE[@]}" --swap-size 1200K --fail-write 1/10 --json forks.trace
	[ "$(jq -c '[.io.stamped, .io.written, .io.write_errors > 0]' <<<"$output")" = '[false,0,true]' ]
	# No OOM kill and no SIGSEGV happened: no process may be reported as either.
	echo "# states: $(jq -c '[.processes[].state] | group_by(.) | map([.[0], length])' <<<"$json")" >&3
	[ "$(jq '[.processes[] | select(.state == "segv" or .state == "oom-killed")] | length' <<<"$json")" = 0 ]
}

@test "invalid --fail-write and --fail-read specs are usage errors naming the option" {
	printf 'spawn 1\n' >t.trace
	for opt in --fail-write --fail-read; do
		for spec in 0% 101% 1/0 5-3 x; do
			run -2 --separate-stderr "$SWAPSIM" --ram 1M "$opt" "$spec" t.trace
			echo "# $opt $spec: $stderr"
			[[ $stderr == *"$opt"* ]]
		done
	done
}

@test "the same swap file given twice is refused, exit 2, and left as it was" {
	printf 'spawn 1\n' >t.trace
	mk_sparse a 1200K
	"$MKSWAP" -q a
	before=$(hash_state a)
	run -2 --separate-stderr "$SWAPSIM" --ram 1M --swap a --swap a t.trace
	[ "$stderr" = "swapsim: 'a' is already open for writing (given twice, or by another swapsim): Device or resource busy" ]
	[ "$(hash_state a)" = "$before" ]
}

@test "a directory as a swap file is refused, exit 2" {
	printf 'spawn 1\n' >t.trace
	mkdir d
	run -2 --separate-stderr "$SWAPSIM" --ram 1M --swap d t.trace
	[ "$stderr" = "swapsim: 'd' is not a swap file or block device" ]
}

# Root opens any file for writing; without CAP_DAC_OVERRIDE it is held to
# the mode bits like anyone else, which setpriv arranges.
@test "a swap file that cannot be opened for writing is refused, exit 2, pointing at --no-io" {
	local dropped=()

	if [ "$(id -u)" = 0 ]; then
		command -v setpriv >/dev/null || skip "root can write any file, and setpriv is not installed"
		dropped=(setpriv --bounding-set -dac_override,-dac_read_search,-fowner --)
		"${dropped[@]}" true || skip "root can write any file, and setpriv cannot drop that here"
	fi
	printf 'spawn 1\nmmap 1 0x40000000 1M rw-\nw 1 0x40000000 1M\n' >t.trace
	mk_sparse a 1200K
	"$MKSWAP" -q a
	chmod 444 a
	before=$(hash_state a)
	run -2 --separate-stderr "${dropped[@]}" "$SWAPSIM" "${MACHINE[@]}" --swap a t.trace
	[ "$stderr" = "swapsim: cannot open 'a' for writing: Permission denied (use --no-io to simulate without writing)" ]
	run -0 "${dropped[@]}" "$SWAPSIM" "${MACHINE[@]}" --swap a --no-io t.trace
	[ "$(hash_state a)" = "$before" ]
}

@test "a character device as a swap file is refused, exit 2" {
	printf 'spawn 1\n' >t.trace
	run -2 --separate-stderr "$SWAPSIM" --ram 1M --swap /dev/null t.trace
	[ "$stderr" = "swapsim: '/dev/null' is not a swap file or block device" ]
}

@test "a FIFO as a swap file is refused, exit 2, without waiting for a writer" {
	printf 'spawn 1\n' >t.trace
	mkfifo fifo
	run -2 timeout 3 "$SWAPSIM" --ram 1M --swap fifo t.trace
	[[ $output == *"'fifo'"* ]]
}

@test "--check on a long fork-heavy trace: every invariant after every event, every page checked" {
	gen_forks 60 >forks.trace
	mk_sparse a 1200K
	"$MKSWAP" -q a
	"$MKSWAP" -q -F -s 1200K b
	run -0 --separate-stderr "$SWAPSIM" "${MACHINE[@]}" --swap a --swap b --check --json forks.trace
	[ "$(jq -c '[.io.stamped, .io.verified > 1000, .io.sigbus_kills, .vmstat.oom_kill]' <<<"$output")" = '[true,true,0,0]' ]
	[ "$(jq '[.processes[] | select(.state != "exited" and .state != "running")] | length' <<<"$output")" = 0 ]
}
