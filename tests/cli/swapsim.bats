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
	[ -x "$SWAPSIM" ] || { echo "# build first: $SWAPSIM" >&2; return 1; }
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
	[ "$(jq -c 'keys' <<<"$output")" = '["config","events","io","memory","processes","segv_kills","skipped_lines","swap","swap_call_failures","vmstat"]' ]
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

@test "with --no-io a swap file made by mkswap is read for its size and bad pages, and left as it was" {
	truncate -s 8M area && chmod 600 area
	"$UL_MKSWAP" -q area
	printf '%s\n' 1000 1001 1002 >bad
	truncate -s 8M area2 && chmod 600 area2
	"$MKSWAP" -q area2
	sum=$(sha256sum area area2)
	run -0 "$SWAPSIM" --ram 4M --min-free 64 --swap area:prio=5 --swap area2 --no-io --json "$EXAMPLE"
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
	assert_man_lists_help_options "$REPO_ROOT/man/swapsim.1" "$SWAPSIM" "$SWAPSIM convert"
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

# Belady's string 1 2 3 4 1 2 5 1 2 3 4 5 as one process's pages (page N at
# N * 4096), its first two references made by one 8 KiB write across pages
# 1 and 2, after a spawn and an mmap (both ignored by reference policies):
# 13 events, 12 references, 5 distinct pages.  Fault counts by hand
# (the steps are in tests/unit/test_policy.c, which also checks them):
#   3 frames: OPT 7, LRU 10, FIFO 9, CLOCK 10
#   4 frames: OPT 6, LRU 8, FIFO 10 (Belady's anomaly), CLOCK 8
# Major faults are faults - 5: every fault after the first touches.
belady_trace() {
	printf '#swapsim-trace v1\nspawn 1\nmmap 1 0x1000 20K rw-\nw 1 0x1000 8K\n' >belady.trace
	for p in 3 4 1 2 5 1 2 3 4 5; do
		printf 'r 1 0x%x\n' $((p * 4096)) >>belady.trace
	done
}

@test "--policy: each reference policy's faults on Belady's string, worked out by hand" {
	belady_trace
	for want in "3 opt 7" "3 lru 10" "3 fifo 9" "3 clock 10" "4 opt 6" "4 lru 8" "4 fifo 10" "4 clock 8"; do
		set -- $want
		run -0 "$SWAPSIM" --ram-pages "$1" --policy "$2" --json belady.trace
		[ "$(jq -c '[.config.policy, .config.ram_pages, .events, .accesses, .vmstat.pgfault, .vmstat.pgmajfault]' <<<"$output")" = \
			"[\"$2\",$1,13,12,$3,$(($3 - 5))]" ]
	done
	run -0 "$SWAPSIM" --ram-pages 3 --policy fifo belady.trace
	[ "${lines[0]}" = "belady.trace: 13 events (native), policy fifo, 3 frames (12 KiB of RAM)" ]
	[[ ${lines[2]} == "faults "*" 9  major 4" ]]
}

@test "--policy opt reads standard input: the look-ahead needs no second read" {
	belady_trace
	run -0 bash -c "cat belady.trace | '$SWAPSIM' --ram-pages 3 --policy opt --json -"
	[ "$(jq -c '[.vmstat.pgfault, .vmstat.pgmajfault]' <<<"$output")" = '[7,2]' ]
}

@test "--compare: OPT never faults more than LRU, FIFO or CLOCK (bundled native trace)" {
	run -0 "$SWAPSIM" --ram 2M --min-free 64 --swap-size 8M --compare --json "$EXAMPLE"
	[ "$(jq -c '[.compare[] | .policy]' <<<"$output")" = '["kernel","lru","fifo","clock","opt"]' ]
	[ "$(jq '(.compare | map({(.policy): .}) | add) as $c
		| [$c.lru, $c.fifo, $c.clock] | all(.pgfault >= $c.opt.pgfault and .pgmajfault >= $c.opt.pgmajfault)' <<<"$output")" = true ]
	# The kernel's own entry is the report's vmstat; the excess is kernel - opt.
	[ "$(jq '.compare[0].pgmajfault == .vmstat.pgmajfault and
		.kernel_excess_over_opt.pgmajfault == .vmstat.pgmajfault - .compare[4].pgmajfault' <<<"$output")" = true ]
	# Each reference policy gives what it gives alone.
	run -0 "$SWAPSIM" --ram 2M --policy clock --json "$EXAMPLE"
	local alone=$output
	run -0 "$SWAPSIM" --ram 2M --min-free 64 --swap-size 8M --compare --json "$EXAMPLE"
	[ "$(jq .compare[3].pgfault <<<"$output")" = "$(jq .vmstat.pgfault <<<"$alone")" ]
}

@test "--compare: OPT never faults more than the others (lackey trace on standard input)" {
	run -0 bash -c "zcat '$SORT' | '$SWAPSIM' --ram 128K --min-free 16 --swap-size 1M --compare --json -"
	[ "$(jq .events <<<"$output")" = 1572337 ]
	[ "$(jq '(.compare | map({(.policy): .}) | add) as $c
		| [$c.lru, $c.fifo, $c.clock] | all(.pgfault >= $c.opt.pgfault and .pgmajfault >= $c.opt.pgmajfault)' <<<"$output")" = true ]
	# Every reference policy sees the same references: first touches agree.
	[ "$(jq '[.compare[1:][] | .pgfault - .pgmajfault] | unique | length' <<<"$output")" = 1 ]
	run -0 bash -c "zcat '$SORT' | '$SWAPSIM' --ram 128K --min-free 16 --swap-size 1M --compare -"
	[[ $output == *"kernel over opt: "* ]]
}

@test "--expect with a reference policy: its counters, exit 1 when missed, 2 for others" {
	belady_trace
	run -0 "$SWAPSIM" --ram-pages 3 --policy lru --expect 'pgfault==10' --expect 'pgmajfault==5' \
		--expect 'events==13' belady.trace
	run -1 --separate-stderr "$SWAPSIM" --ram-pages 3 --policy opt --expect 'pgfault<7' belady.trace
	[ "$stderr" = "swapsim: expectation failed: pgfault<7 (it is 7)" ]
	run -2 "$SWAPSIM" --ram-pages 3 --policy lru --expect 'pswpout==0' belady.trace
	[[ $output == *"counts only pgfault, pgmajfault and events"* ]]
}

@test "--policy and --compare usage errors exit 2" {
	run -2 "$SWAPSIM" --ram 1M --policy mru "$EXAMPLE"
	[[ $output == *"invalid policy: 'mru'"* ]]
	run -2 "$SWAPSIM" --ram 1M --policy lru --compare "$EXAMPLE"
	[[ $output == *"no --policy with it"* ]]
	run -2 "$SWAPSIM" --policy opt "$EXAMPLE"
	[[ $output == *"give --ram or --ram-pages"* ]]
}

# The time series (--interval, --timeline).  Sample points follow from the
# bundled trace's 27 events (its header says so) and the interval alone:
# every multiple of N below 27, then 27 itself once, after kswapd settles.
# The last row must be the report's own figures, read from the same run.
TL_COLUMNS='["events","free","swap_used","swap_cache","pgfault","pgmajfault","pswpin","pswpout","pgscan_kswapd","pgsteal_kswapd","pgscan_direct","pgsteal_direct","pageoutrun","allocstall_normal","oom_kill"]'

@test "--interval 10 --json: rows at 10, 20 and 27, the last one the report's state" {
	run -0 "$SWAPSIM" --ram 2M --min-free 64 --swap-size 8M --interval 10 --json "$EXAMPLE"
	[ "$(jq -c '.timeline | [.interval, .columns, .samples]' <<<"$output")" = "[10,$TL_COLUMNS,3]" ]
	[ "$(jq -c '[.timeline.rows[] | .[0]]' <<<"$output")" = '[10,20,27]' ]
	[ "$(jq '[.timeline.rows[][] | type] | unique' <<<"$output" | jq -c .)" = '["number"]' ]
	[ "$(jq '[.timeline.rows[] | length] | unique == [15]' <<<"$output")" = true ]
	# The end row against the report: memory, swap and every counter by name.
	[ "$(jq '.timeline.rows[-1] as $r | .timeline.columns as $c
		| [range(4; 15) | $r[.] == $vm[$c[.]]] | all' --argjson vm "$(jq .vmstat <<<"$output")" <<<"$output")" = true ]
	[ "$(jq -c '.timeline.rows[-1][0:4] == [.events, .memory.free, ([.swap[].used] | add), .memory.swap_cache]' <<<"$output")" = true ]
}

@test "--interval: a divisor of the event count samples it once; every event; an empty trace" {
	local args=(--ram 2M --min-free 64 --swap-size 8M --json "$EXAMPLE")
	run -0 "$SWAPSIM" "${args[@]}" --interval 9
	[ "$(jq -c '[.timeline.rows[] | .[0]]' <<<"$output")" = '[9,18,27]' ]
	run -0 "$SWAPSIM" "${args[@]}" --interval 27
	[ "$(jq -c '[.timeline.rows[] | .[0]]' <<<"$output")" = '[27]' ]
	run -0 "$SWAPSIM" "${args[@]}" --interval 1000000
	[ "$(jq -c '[.timeline.rows[] | .[0]]' <<<"$output")" = '[27]' ]
	run -0 "$SWAPSIM" "${args[@]}" --interval 1
	[ "$(jq -c '[.timeline.rows[] | .[0]] == [range(1; 28)]' <<<"$output")" = true ]
	printf '#swapsim-trace v1\n' >empty.trace
	run -0 "$SWAPSIM" --ram 1M --interval 5 --json empty.trace
	[ "$(jq -c '[.timeline.rows[] | .[0]]' <<<"$output")" = '[0]' ]
}

@test "--interval: cumulative columns never go down, one event at a time" {
	run -0 "$SWAPSIM" --ram 2M --min-free 64 --swap-size 8M --interval 1 --json "$EXAMPLE"
	# Columns 4 to 14 are counters; free, swap_used and swap_cache may go either way.
	[ "$(jq '.timeline.rows as $r | [range(1; $r | length) as $i | range(4; 15) as $c
		| $r[$i][$c] >= $r[$i - 1][$c]] | all' <<<"$output")" = true ]
	# And the run is not trivial: the counters did move.
	[ "$(jq '.timeline.rows[-1][4] > .timeline.rows[0][4] and .timeline.rows[-1][7] > 0' <<<"$output")" = true ]
}

@test "--timeline: a CSV header of the column names, one row per sample, the JSON's rows" {
	run -0 "$SWAPSIM" --ram 2M --min-free 64 --swap-size 8M --interval 10 --json "$EXAMPLE"
	local rows
	rows=$(jq -r '.timeline.rows[] | map(tostring) | join(",")' <<<"$output")
	run -0 "$SWAPSIM" --ram 2M --min-free 64 --swap-size 8M --interval 10 --timeline tl.csv "$EXAMPLE"
	[[ ${lines[0]} == "$EXAMPLE: 27 events (native)"* ]]
	[ "$(head -n 1 tl.csv)" = "$(jq -r 'join(",")' <<<"$TL_COLUMNS")" ]
	[ "$(wc -l <tl.csv)" = 4 ]
	[ "$(tail -n +2 tl.csv)" = "$rows" ]
	# Plain numbers only below the header.
	[ -z "$(tail -n +2 tl.csv | grep -vE '^[0-9]+(,[0-9]+){14}$')" ]
}

@test "--timeline without --interval samples every 10000 events" {
	run -0 "$SWAPSIM" --ram 2M --min-free 64 --swap-size 8M --timeline tl.csv "$EXAMPLE"
	[ "$(wc -l <tl.csv)" = 2 ]
	[ "$(tail -n 1 tl.csv | cut -d, -f1)" = 27 ]
	# The lackey trace: 1,572,337 events is 157 multiples of 10000, then the end.
	zcat "$SORT" >sort.lackey
	run -0 "$SWAPSIM" --ram 128K --min-free 16 --swap-size 1M --timeline tl.csv sort.lackey
	[ "$(wc -l <tl.csv)" = 159 ]
	[ "$(sed -n 2p tl.csv | cut -d, -f1)" = 10000 ]
	[ "$(tail -n 1 tl.csv | cut -d, -f1)" = 1572337 ]
}

@test "--timeline with --json: rows go to the file, the JSON names it and keeps none" {
	run -0 "$SWAPSIM" --ram 2M --min-free 64 --swap-size 8M --interval 10 --timeline tl.csv \
		--json "$EXAMPLE"
	[ "$(jq -c '.timeline | [.interval, .samples, .csv, has("rows")]' <<<"$output")" = '[10,3,"tl.csv",false]' ]
	[ "$(wc -l <tl.csv)" = 4 ]
	[ "$(tail -n 1 tl.csv | cut -d, -f1,5)" = "27,$(jq .vmstat.pgfault <<<"$output")" ]
}

@test "--interval and --timeline usage errors exit 2, before any replay" {
	run -2 "$SWAPSIM" --ram 2M --interval 0 --json "$EXAMPLE"
	[[ $output == *"invalid interval: '0'"* ]]
	run -2 "$SWAPSIM" --ram 2M --interval ten --json "$EXAMPLE"
	run -2 "$SWAPSIM" --ram 2M --interval 10 "$EXAMPLE"
	[[ $output == *"give one of them"* ]]
	run -2 "$SWAPSIM" --ram 2M --interval 10 --json --policy lru "$EXAMPLE"
	[[ $output == *"not with --policy or --compare"* ]]
	run -2 "$SWAPSIM" --ram 2M --timeline tl.csv --compare "$EXAMPLE"
	[[ $output == *"not with --policy or --compare"* ]]
	[ ! -e tl.csv ]
	run -2 --separate-stderr "$SWAPSIM" --ram 2M --timeline nodir/tl.csv "$EXAMPLE"
	[ "$stderr" = "swapsim: cannot write 'nodir/tl.csv': No such file or directory" ]
	[ -z "$output" ]
	if [ -w /dev/full ]; then
		run -2 --separate-stderr "$SWAPSIM" --ram 2M --timeline /dev/full "$EXAMPLE"
		[ "$stderr" = "swapsim: cannot write '/dev/full': No space left on device" ]
		[ -z "$output" ]
	fi
}

@test "the progress bar is never drawn when stderr is not a terminal" {
	zcat "$SORT" >sort.lackey
	run -0 --separate-stderr "$SWAPSIM" --ram 128K --min-free 16 --swap-size 1M \
		--timeline tl.csv sort.lackey
	[ -z "$stderr" ]
	run -0 --separate-stderr "$SWAPSIM" --ram 128K --min-free 16 --swap-size 1M --json sort.lackey
	[ -z "$stderr" ]
}

@test "on a terminal, the progress bar shows events per second and is erased" {
	command -v script >/dev/null || skip "script(1) is not installed"
	zcat "$SORT" >sort.lackey
	# script gives swapsim a terminal; the bar is drawn at 65536 events.
	run -0 script -qec "'$SWAPSIM' --ram 128K --min-free 16 --swap-size 1M sort.lackey >/dev/null" /dev/null
	[[ $output == *" ev/s"*"%"* ]]
	# Erased: the last thing written is a carriage return after blanks.
	[[ $output == *$'\r' ]]
}

@test "--skip-bad: malformed lines are counted, named on stderr, and the run goes on" {
	printf 'spawn 1\nmmap 1 0x1000 8K rw-\nw 1 0x1000\nbogus\nw 1 0x2000\nr 1 zz\n' >bad.trace
	run -2 "$SWAPSIM" --ram 1M bad.trace
	run -0 --separate-stderr "$SWAPSIM" --ram 1M --skip-bad --json bad.trace
	[ "$(jq -c '[.events, .skipped_lines, .vmstat.pgfault]' <<<"$output")" = '[4,2,2]' ]
	[ "${stderr_lines[0]}" = "swapsim: skipped 2 malformed lines" ]
	[ "${stderr_lines[1]}" = "swapsim: skipped: bad.trace:4: unknown keyword 'bogus'" ]
	[[ ${stderr_lines[2]} == "swapsim: skipped: bad.trace:6: "* ]]
	# A clean trace reports none, and says nothing.
	run -0 --separate-stderr "$SWAPSIM" --ram 4M --swap-size 8M --skip-bad --json "$EXAMPLE"
	[ "$(jq .skipped_lines <<<"$output")" = 0 ]
	[ -z "$stderr" ]
}

@test "the pages format: one page a line, detected, and replayed as one process" {
	printf '# pages\n0\n1 r\n0x2 w\n1\n' >t.pages
	run -0 "$SWAPSIM" --ram 1M --json t.pages
	# spawn + 4 accesses; pages 0, 1, 2 first touched (3 faults), page 1 read
	# first (a populated page of its own), then written: a hit on a writable PTE.
	[ "$(jq -c '[.config.format, .events, .vmstat.pgfault]' <<<"$output")" = '["pages",5,3]' ]
	run -0 "$SWAPSIM" --ram 1M --policy lru --json t.pages
	[ "$(jq -c '[.vmstat.pgfault, .vmstat.pgmajfault]' <<<"$output")" = '[3,0]' ]
}

@test "the perf format: a real perf script trace is detected and replayed, one process a pid" {
	PERF=$REPO_ROOT/tests/data/pipeline.perf
	run -0 "$SWAPSIM" --ram 64M --json "$PERF"
	# tests/data/README.md: 303 samples of 4 pids, so 4 spawns + 303 faults.
	[ "$(jq -c '[.config.format, .events, [.processes[].pid]]' <<<"$output")" = \
		'["perf",307,[17232,17258,17259,17260]]' ]
	# With memory to spare, each distinct page of each process faults once:
	# the (pid, page) pairs of the trace, counted here from its text.
	run -0 "$SWAPSIM" --ram 64M --policy lru --json "$PERF"
	pages=$(grep 'exceptions:page_fault_user: ' "$PERF" |
		awk '{ split($2, id, "/"); for (i = 1; i <= NF; i++)
			if ($i ~ /^address=/) print id[1], substr($i, 9, length($i) - 11) }' | sort -u | wc -l)
	[ "$pages" -gt 0 ]
	[ "$(jq -c '[.vmstat.pgfault, .vmstat.pgmajfault]' <<<"$output")" = "[$pages,0]" ]
}

@test "--format perf: standard input, pid/tid shown, callchains skipped" {
	run -0 bash -c "'$SWAPSIM' --ram 4M --format perf --json - <'$REPO_ROOT/tests/data/threads.perf'"
	# 61 samples of three threads of pid 17452: one process.
	[ "$(jq -c '[.config.format, .events, [.processes[].pid]]' <<<"$output")" = '["perf",62,[17452]]' ]
	run -0 "$SWAPSIM" --ram 4M --format perf --json "$REPO_ROOT/tests/data/callchain.perf"
	# 47 samples, each with its callchain and a blank line after it.
	[ "$(jq -c '[.events, [.processes[].pid]]' <<<"$output")" = '[48,[17815]]' ]
}

@test "the perf format: a line of another event is exit 2 naming it, or skipped with --skip-bad" {
	{
		echo '# captured by hand'
		echo '    sort  4123 [001]  6245.117934: exceptions:page_fault_user: address=0x55d3b5a4c8b0 ip=0x55d3b5a2e9f8 error_code=0x6'
		echo '    sort  4123 [001]  6245.118000: sched:sched_switch: prev_comm=sort prev_pid=4123'
		echo '    sort  4123 [001]  6245.118100: exceptions:page_fault_user: address=0x55d3b5a4d000 ip=0x55d3b5a2e9f8 error_code=0x4'
	} >t.perf
	run -2 --separate-stderr "$SWAPSIM" --ram 1M t.perf
	[ "$stderr" = "swapsim: t.perf:3: event 'sched:sched_switch' is not exceptions:page_fault_user" ]
	run -0 --separate-stderr "$SWAPSIM" --ram 1M --skip-bad --json t.perf
	[ "$(jq -c '[.config.format, .events, .skipped_lines]' <<<"$output")" = '["perf",3,1]' ]
	# Named, a perf trace that is not one says what it lacks, at its first line.
	run -2 --separate-stderr "$SWAPSIM" --ram 1M --format perf "$EXAMPLE"
	[[ $stderr == "swapsim: $EXAMPLE:7: no exceptions:page_fault_user event in '@0      spawn 1'" ]]
	run -2 --separate-stderr "$SWAPSIM" --ram 1M --format perff t.perf
	[[ $stderr == "swapsim: invalid format: 'perff' (native, lackey, pages, perf or binary)"* ]]
}
