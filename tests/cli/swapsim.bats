#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# swapsim.bats - the swapsim command line: machines from options and real
# swap files, both trace formats from files and standard input, the report
# and its JSON, and every exit status.  The engine's figures are tested in
# tests/unit/test_engine.c; here only what the command adds.

bats_require_minimum_version 1.5.0
load helpers

SWAPSIM=$BUILD_DIR/swapsim
EXAMPLE=$REPO_ROOT/tests/data/example.trace
SORT=$REPO_ROOT/tests/data/sort.lackey.gz

setup() {
	[ -x "$SWAPSIM" ] || skip "build first: $SWAPSIM"
	cd "$BATS_TEST_TMPDIR"
}

@test "the bundled native trace replays, with every invariant checked after each event" {
	run -0 "$SWAPSIM" --ram 2M --min-free 64 --swap-size 8M --check "$EXAMPLE"
	[[ ${lines[0]} == "$EXAMPLE: 27 events (native), 2 MiB of RAM, 1 swap area" ]]
}

@test "the bundled lackey trace replays from standard input" {
	run -0 bash -c "zcat '$SORT' | '$SWAPSIM' --ram 128K --min-free 16 --swap-size 1M --json -"
	# Counts from tests/data/README.md: 1 spawn + 1,572,336 accesses.
	[ "$(jq .events <<<"$output")" = 1572337 ]
	[ "$(jq -r .config.format <<<"$output")" = lackey ]
	[ "$(jq '.processes | length' <<<"$output")" = 1 ]
	# Pages were swapped out and back: the machine is smaller than the program.
	[ "$(jq '.vmstat.pswpout > 0 and .vmstat.pgmajfault > 0' <<<"$output")" = true ]
}

@test "--json: one object, stable keys, numbers as numbers" {
	run -0 "$SWAPSIM" --ram 4M --min-free 64 --swap-size 8M --json "$EXAMPLE"
	jq -e . <<<"$output" >/dev/null
	[ "$(jq -c 'keys' <<<"$output")" = '["config","events","memory","processes","segv_kills","swap","swap_call_failures","vmstat"]' ]
	for k in pgfault pgmajfault pswpin pswpout pgscan_kswapd pgscan_direct pgsteal_kswapd \
		pgsteal_direct pgactivate pgdeactivate pgrefill pgreuse swap_ra swap_ra_hit \
		allocstall_normal pageoutrun oom_kill; do
		[ "$(jq ".vmstat.$k | type" <<<"$output")" = '"number"' ]
	done
	[ "$(jq -c '.processes[0] | keys' <<<"$output")" = '["majflt","minflt","pid","rss","state","swap"]' ]
	[ "$(jq -c '.swap[0] | keys' <<<"$output")" = '["active","name","priority","size","used"]' ]
	# 8 MiB of swap is 2048 slots, one of them the header.
	[ "$(jq '.swap[0].size' <<<"$output")" = 2047 ]
	[ "$(jq '.config.ram_pages' <<<"$output")" = 1024 ]
}

@test "a swap file made by mkswap is read for its size and bad pages, and left as it was" {
	truncate -s 8M area && chmod 600 area
	"$UL_MKSWAP" -q area
	printf '%s\n' 1000 1001 1002 >bad
	truncate -s 8M area2 && chmod 600 area2
	"$MKSWAP" -q area2
	sum=$(sha256sum area area2)
	run -0 "$SWAPSIM" --ram 4M --min-free 64 --swap area:prio=5 --swap area2 --json "$EXAMPLE"
	[ "$(jq -c '[.swap[] | [.name, .size, .priority]]' <<<"$output")" = '[["area",2047,5],["area2",2047,-2]]' ]
	[ "$sum" = "$(sha256sum area area2)" ]
}

@test "bad pages of a swap file are never counted as usable" {
	truncate -s 8M area && chmod 600 area
	"$MKSWAP" -q area
	# nr_badpages = 3 at byte 1032, pages 100, 200, 300 from byte 1536 (little endian).
	le32() { printf "\\x%02x\\x%02x\\x%02x\\x%02x" $(($1 & 255)) $(($1 >> 8 & 255)) $(($1 >> 16 & 255)) $(($1 >> 24)); }
	printf "$(le32 3)" | dd of=area bs=1 seek=1032 conv=notrunc status=none
	printf "$(le32 100)$(le32 200)$(le32 300)" | dd of=area bs=1 seek=1536 conv=notrunc status=none
	run -0 "$SWAPSIM" --ram 4M --swap area --json "$EXAMPLE"
	# 2048 slots less the header and three bad pages.
	[ "$(jq '.swap[0].size' <<<"$output")" = 2044 ]
}

@test "a swap area that will not do: exit 2 with the reason" {
	truncate -s 8M p64 && chmod 600 p64
	"$MKSWAP" -q -p 65536 p64
	run -2 "$SWAPSIM" --ram 4M --swap p64 "$EXAMPLE"
	[[ $output == *"'p64' has 65536-byte pages; the simulated machine has 4096"* ]]
	: >empty
	run -2 "$SWAPSIM" --ram 4M --swap empty "$EXAMPLE"
	[[ $output == *"'empty' is not a usable swap area"* ]]
	run -2 "$SWAPSIM" --ram 4M --swap missing "$EXAMPLE"
	[[ $output == *"cannot open 'missing'"* ]]
}

@test "a malformed line stops the run: FILE:LINE: what, exit 2" {
	printf 'spawn 1\nmmap 1 0x1000 4K rw-\nw 1 0x1000\nfrobnicate 1\n' >bad.trace
	run -2 "$SWAPSIM" --ram 1M bad.trace
	[[ $output == "swapsim: bad.trace:4: "* ]]
}

@test "an event the model cannot apply names its line, exit 2" {
	printf 'spawn 1\nw 7 0x1000\n' >nobody.trace
	run -2 "$SWAPSIM" --ram 1M nobody.trace
	[ "$output" = "swapsim: nobody.trace:2: no process 7" ]
}

@test "an access outside every mapping kills the process with SIGSEGV, and the run goes on" {
	printf 'spawn 1\nspawn 2\nmmap 2 0x1000 4K rw-\nw 1 0x5000\nw 2 0x1000\n' >segv.trace
	run -0 "$SWAPSIM" --ram 1M --json segv.trace
	[ "$(jq -c '[.segv_kills, [.processes[] | .state]]' <<<"$output")" = '[1,["segv","running"]]' ]
}

@test "usage errors exit 2" {
	run -2 "$SWAPSIM" "$EXAMPLE"
	[[ $output == *"give --ram or --ram-pages"* ]]
	run -2 "$SWAPSIM" --ram 1M
	[[ $output == *"no trace given"* ]]
	run -2 "$SWAPSIM" --ram 1M --swappiness 201 "$EXAMPLE"
	run -2 "$SWAPSIM" --ram 1M --readahead sideways "$EXAMPLE"
	run -2 "$SWAPSIM" --ram 1M --arch arm64 "$EXAMPLE"
	run -2 "$SWAPSIM" --ram 1M --swap-size 1M:prio=-4 "$EXAMPLE"
	run -2 "$SWAPSIM" --ram 1M --bogus "$EXAMPLE"
	[[ $output == *"unrecognized option '--bogus'"* ]]
	run -2 "$SWAPSIM" --ram 1M nosuchfile
	[[ $output == *"nosuchfile"* ]]
}

@test "--format forces a reader: a native trace read as lackey is malformed" {
	run -2 "$SWAPSIM" --ram 1M --format lackey "$EXAMPLE"
}

@test "-h and -V; man/swapsim.1 names exactly the long options of --help" {
	run -0 "$SWAPSIM" --help
	[[ ${lines[0]} == "Usage: swapsim [OPTION...] TRACE" ]]
	run -0 "$SWAPSIM" -V
	[[ $output == "swapsim from swaparea "* ]]
	assert_man_lists_help_options "$REPO_ROOT/man/swapsim.1" "$SWAPSIM"
}

@test "--expect: every threshold met is exit 0; one missed is exit 1, named on stderr" {
	local args=(--ram 2M --min-free 64 --swap-size 8M "$EXAMPLE")
	run -0 "$SWAPSIM" "${args[@]}" --expect 'pgfault>0' --expect 'events==27' --expect 'segv_kills==0'
	run -1 --separate-stderr "$SWAPSIM" "${args[@]}" --json --expect 'pgfault>0' \
		--expect 'pgfault<1' --expect 'pswpout/pgfault>=0'
	[ "$stderr" = "swapsim: expectation failed: pgfault<1 (it is $(jq .vmstat.pgfault <<<"$output"))" ]
	[ "$(jq -c '[.expectations[] | .passed]' <<<"$output")" = '[true,false,true]' ]
	[ "$(jq -c '.expectations[0] | keys' <<<"$output")" = '["expr","passed","value"]' ]
	# A ratio: exactly pswpout / pgfault as the report gives them.
	[ "$(jq '(.expectations[2].value - (.vmstat.pswpout / .vmstat.pgfault)) | fabs < 0.000001' <<<"$output")" = true ]
}

@test "--expect: a ratio with a zero divisor is 0; every comparison operator" {
	local args=(--ram 64M --swap-size 8M "$EXAMPLE")
	run -0 "$SWAPSIM" "${args[@]}" --expect 'pgmajfault/pswpin==0' --expect 'oom_kill<1' \
		--expect 'oom_kill<=0' --expect 'events>26' --expect 'events>=27' --expect 'events!=28'
}

@test "--expect: a bad expression is a usage error, exit 2" {
	run -2 "$SWAPSIM" --ram 1M --expect 'pgfault' "$EXAMPLE"
	[[ $output == *"no comparison"* ]]
	run -2 "$SWAPSIM" --ram 1M --expect 'faults<3' "$EXAMPLE"
	[[ $output == *"unknown counter in 'faults<3'"* ]]
	run -2 "$SWAPSIM" --ram 1M --expect 'pgfault<three' "$EXAMPLE"
	[[ $output == *"not a number"* ]]
}
