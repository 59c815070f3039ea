#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# swapsim-convert.bats - swapsim convert: every bundled trace converted
# and replayed to the same report as the original, standard input and
# output, the refusals (the input as output, formats that cannot hold an
# event), nothing left behind after an error, and every exit status.  The
# binary form itself is tested in tests/unit/test_trace_binary.c.

bats_require_minimum_version 1.5.0
load helpers

SWAPSIM=$BUILD_DIR/swapsim
DATA=$REPO_ROOT/tests/data
EXAMPLE=$DATA/example.trace
PAGES=$DATA/sample.pages
SORT=$DATA/sort.lackey.gz

setup() {
	[ -x "$SWAPSIM" ] || { echo "# build first: $SWAPSIM" >&2; return 1; }
	cd "$BATS_TEST_TMPDIR"
}

# same_report ORIGINAL CONVERTED ARGS...: the two JSON reports of a replay
# with ARGS are the same but for the trace's name and format.
same_report() {
	local a=$1 b=$2 ra=0 rb=0
	shift 2
	"$SWAPSIM" "$@" --json "$a" >a.json 2>a.err || ra=$?
	"$SWAPSIM" "$@" --json "$b" >b.json 2>b.err || rb=$?
	if [ "$ra" != "$rb" ]; then
		echo "# exit $ra for $a, $rb for $b" >&2
		cat a.err b.err >&2
		return 1
	fi
	if [ "$ra" != 0 ]; then
		# Only where told (ANY_RC=1) may both replays fail alike.
		[ -n "${ANY_RC:-}" ] && return 0
		echo "# both exit $ra" >&2
		cat a.err >&2
		return 1
	fi
	[ "$(jq -r .config.format b.json)" = binary ] || { echo "# not replayed as binary" >&2; return 1; }
	diff -u <(jq -S 'del(.config.trace, .config.format)' a.json) \
		<(jq -S 'del(.config.trace, .config.format)' b.json) >&2
}

@test "each bundled trace converts to binary and replays to the same report" {
	run -0 --separate-stderr "$SWAPSIM" convert "$EXAMPLE" example.bin
	[ -z "$output" ]
	[ -z "$stderr" ]
	same_report "$EXAMPLE" example.bin --ram 2M --min-free 64 --swap-size 8M
	same_report "$EXAMPLE" example.bin --ram 2M --min-free 64 --swap-size 8M --compare
	run -0 "$SWAPSIM" convert "$PAGES" sample.bin
	same_report "$PAGES" sample.bin --ram 1M
	same_report "$PAGES" sample.bin --ram 64K --policy lru
	zcat "$SORT" >sort.lackey
	run -0 "$SWAPSIM" convert sort.lackey sort.bin
	same_report sort.lackey sort.bin --ram 128K --min-free 16 --swap-size 1M
	same_report sort.lackey sort.bin --ram 128K --policy lru
	same_report sort.lackey sort.bin --ram 128K --policy opt
	# perf traces: whatever the replay of the original does, the binary does.
	for p in "$DATA"/*.perf; do
		[ -e "$p" ] || continue
		if "$SWAPSIM" convert "$p" perf.bin 2>/dev/null; then
			ANY_RC=1 same_report "$p" perf.bin --ram 1M --swap-size 4M
		else
			run -2 "$SWAPSIM" --ram 1M --swap-size 4M "$p"
		fi
	done
}

@test "binary is detected, and a lackey trace takes one word an access" {
	zcat "$SORT" >sort.lackey
	run -0 "$SWAPSIM" convert sort.lackey sort.bin
	# Header, 1572337 events of 8 bytes (tests/data/README.md), the end word.
	[ "$(stat -c %s sort.bin)" = $((64 + 8 * 1572337 + 8)) ]
	[ "$(hexbytes sort.bin 0 8)" = 8953575053494d0a ]
	run -0 "$SWAPSIM" --ram 128K --min-free 16 --swap-size 1M --json sort.bin
	[ "$(jq -c '[.events, .config.format]' <<<"$output")" = '[1572337,"binary"]' ]
	run -0 "$SWAPSIM" --format binary --ram 128K --policy lru --json sort.bin
}

@test "standard input and standard output, in a pipe" {
	zcat "$SORT" | "$SWAPSIM" convert - piped.bin
	zcat "$SORT" >sort.lackey
	"$SWAPSIM" convert sort.lackey file.bin
	cmp piped.bin file.bin
	# To a pipe the header cannot be rewritten: its counts stay 0 (unknown).
	zcat "$SORT" | "$SWAPSIM" convert - - | cat >stdout.bin
	[ "$(hexbytes stdout.bin 24 16)" = 00000000000000000000000000000000 ]
	cmp <(tail -c +65 stdout.bin) <(tail -c +65 file.bin)
	# Straight into a replay.
	run -0 bash -c "zcat '$SORT' | '$SWAPSIM' convert - - | '$SWAPSIM' --ram 128K --policy lru --json -"
	[ "$(jq -c '[.events, .config.format]' <<<"$output")" = '[1572337,"binary"]' ]
	# Binary to text on standard output.
	"$SWAPSIM" convert "$EXAMPLE" example.bin
	run -0 "$SWAPSIM" convert --to native example.bin -
	[ "${lines[0]}" = "#swapsim-trace v1" ]
	[ "${#lines[@]}" = 28 ]
}

@test "native and pages output read back to the same events" {
	run -0 "$SWAPSIM" convert --to native "$EXAMPLE" example.native
	same_report_text() {
		"$SWAPSIM" --ram 2M --min-free 64 --swap-size 8M --json "$1" >a.json
		"$SWAPSIM" --ram 2M --min-free 64 --swap-size 8M --json "$2" >b.json
		diff -u <(jq -S 'del(.config.trace)' a.json) <(jq -S 'del(.config.trace)' b.json)
	}
	same_report_text "$EXAMPLE" example.native
	"$SWAPSIM" convert --to native example.native again.native
	cmp example.native again.native
	run -0 "$SWAPSIM" convert --to pages "$PAGES" sample.out
	same_report_text "$PAGES" sample.out
	"$SWAPSIM" convert "$PAGES" sample.bin
	run -0 "$SWAPSIM" convert --to pages sample.bin sample.out2
	cmp sample.out sample.out2
	# sample.pages by hand: "4096" is a write; "0x7ffff r" page 524287.
	grep -qx '4096 w' sample.out
	grep -qx '524287 r' sample.out
	# A lackey trace as pages: one line per page an access touches, at least one an access.
	zcat "$SORT" | "$SWAPSIM" convert --to pages - sort.pages
	[ "$(wc -l <sort.pages)" -ge 1572336 ]
	run -0 "$SWAPSIM" --ram 128K --policy lru --json sort.pages
	[ "$(jq .config.format <<<"$output")" = '"pages"' ]
}

@test "a format that cannot hold an event: exit 2, the event named, no output left" {
	run -2 "$SWAPSIM" convert --to pages "$EXAMPLE" out.pages
	[ "$output" = "swapsim convert: $EXAMPLE:8: pages cannot hold 'mmap 1 0x7f0000000000 8388608 rw-': pages traces hold only accesses" ]
	[ ! -e out.pages ]
	printf 'spawn 1\nspawn 2\n' >two.trace
	run -2 "$SWAPSIM" convert --to pages two.trace out.pages
	[ "$output" = "swapsim convert: two.trace:2: pages cannot hold 'spawn 2': a second process" ]
	[ ! -e out.pages ]
	run -2 "$SWAPSIM" convert --to native "$PAGES" out.native
	[[ $output == "swapsim convert: $PAGES:4: native cannot hold 'w 1 0x1000000 4096': an automapped access"* ]]
	[ ! -e out.native ]
	# From a binary input, the place is an event number.
	"$SWAPSIM" convert two.trace two.bin
	run -2 "$SWAPSIM" convert --to pages two.bin out.pages
	[ "$output" = "swapsim convert: two.bin: event 2: pages cannot hold 'spawn 2': a second process" ]
}

@test "a malformed input: exit 2, and nothing left behind" {
	printf 'spawn 1\nmmap 1 0x1000 8K rw-\nw 1 0x1000\nbogus\n' >bad.trace
	run -2 "$SWAPSIM" convert bad.trace out.bin
	[ "$output" = "swapsim convert: bad.trace:4: unknown keyword 'bogus'" ]
	[ ! -e out.bin ]
	# A file that was there is removed too, once it has been written over ...
	echo old >out.bin
	run -2 "$SWAPSIM" convert bad.trace out.bin
	[ ! -e out.bin ]
	# ... but not when the first event already fails: it is never opened.
	echo old >out.bin
	printf 'bogus\n' >bad1.trace
	run -2 "$SWAPSIM" convert bad1.trace out.bin
	[ "$(cat out.bin)" = old ]
	# To a pipe, the binary stream lacks its end word: the reader says it is cut,
	# even when not one event could be read.
	run -2 bash -c "'$SWAPSIM' convert bad.trace - 2>/dev/null | '$SWAPSIM' --ram 1M -"
	[ "$output" = "swapsim: <stdin>: byte 104 (event 4): truncated: the stream stops before its end word" ]
	run -2 bash -c "'$SWAPSIM' convert bad1.trace - 2>/dev/null | '$SWAPSIM' --ram 1M -"
	[ "$output" = "swapsim: <stdin>: byte 64 (event 1): truncated: the stream stops before its end word" ]
	# --skip-bad: the bad line is left out and named.
	run -0 --separate-stderr "$SWAPSIM" convert --skip-bad bad.trace out.bin
	[ "$stderr" = $'swapsim convert: skipped 1 malformed line\nswapsim convert: skipped: bad.trace:4: unknown keyword \'bogus\'' ]
	run -0 "$SWAPSIM" --ram 1M --json out.bin
	[ "$(jq -c '[.events, .skipped_lines]' <<<"$output")" = '[3,0]' ]
	run -0 --separate-stderr "$SWAPSIM" convert -q --skip-bad bad.trace out.bin
	[ -z "$stderr" ]
}

@test "a damaged binary trace stops the replay, --skip-bad or not" {
	"$SWAPSIM" convert "$EXAMPLE" example.bin
	cp example.bin bad.bin
	printf '\x53' | dd of=bad.bin bs=1 seek=72 conv=notrunc status=none
	run -2 "$SWAPSIM" --ram 2M --swap-size 8M bad.bin
	[ "$output" = "swapsim: bad.bin: byte 72 (event 2): unknown escape code 20" ]
	run -2 "$SWAPSIM" --ram 2M --swap-size 8M --skip-bad bad.bin
	[ "$output" = "swapsim: bad.bin: byte 72 (event 2): unknown escape code 20" ]
	run -2 "$SWAPSIM" convert --to native bad.bin out.native
	[ "$output" = "swapsim convert: bad.bin: byte 72 (event 2): unknown escape code 20" ]
	[ ! -e out.native ]
	# A version from the future.
	cp example.bin v2.bin
	printf '\x02' | dd of=v2.bin bs=1 seek=8 conv=notrunc status=none
	run -2 "$SWAPSIM" --ram 2M v2.bin
	[ "$output" = "swapsim: v2.bin: byte 8 (header): binary trace version 2.0: this swapsim reads version 1.x (a newer swapsim wrote it)" ]
	# An event the model cannot apply names its event number.
	printf 'spawn 1\nexit 1\nexit 1\n' >exit.trace
	"$SWAPSIM" convert exit.trace exit.bin
	run -2 "$SWAPSIM" --ram 1M exit.bin
	[[ $output == "swapsim: exit.bin:3: "* ]]
}

@test "the input is never written over" {
	cp "$EXAMPLE" t.trace
	before=$(hash_state t.trace)
	run -2 "$SWAPSIM" convert t.trace t.trace
	[ "$output" = "swapsim convert: 't.trace' is the input 't.trace': refusing to write over it" ]
	assert_same_state "$before" t.trace
	ln t.trace hard.trace
	ln -s t.trace soft.trace
	run -2 "$SWAPSIM" convert t.trace hard.trace
	run -2 "$SWAPSIM" convert soft.trace t.trace
	run -2 "$SWAPSIM" convert t.trace ./soft.trace
	# Standard input and output on the same file (opened without truncating).
	run -2 bash -c "'$SWAPSIM' convert - - <t.trace 1<>t.trace"
	[[ $output == *"'<stdout>' is the input '<stdin>': refusing to write over it"* ]]
	assert_same_state "$before" t.trace
}

@test "usage errors, --help and --version; man/swapsim.1 names the long options of both" {
	run -2 "$SWAPSIM" convert
	[[ $output == *"no input given"* ]]
	run -2 "$SWAPSIM" convert "$EXAMPLE"
	[[ $output == *"no output given"* ]]
	run -2 "$SWAPSIM" convert "$EXAMPLE" a b
	[[ $output == *"'b' is a third"* ]]
	run -2 "$SWAPSIM" convert --to lackey "$EXAMPLE" out
	[ "${lines[0]}" = "swapsim convert: invalid output format: 'lackey' (binary, native or pages)" ]
	[ "${lines[1]}" = "Try 'swapsim convert --help' for more information." ]
	run -2 "$SWAPSIM" convert --format bogus "$EXAMPLE" out
	run -2 "$SWAPSIM" convert --bogus "$EXAMPLE" out
	[[ $output == *"unrecognized option '--bogus'"* ]]
	run -2 "$SWAPSIM" convert nosuchfile out
	[ "$output" = "swapsim convert: cannot open 'nosuchfile': No such file or directory" ]
	run -2 "$SWAPSIM" convert "$EXAMPLE" nosuchdir/out
	[ "$output" = "swapsim convert: cannot open 'nosuchdir/out': No such file or directory" ]
	[ ! -e out ]
	run -0 "$SWAPSIM" convert --help
	[ "${lines[0]}" = "Usage: swapsim convert [OPTION...] IN OUT" ]
	run -0 "$SWAPSIM" convert -V
	[[ $output == "swapsim convert from swaparea "* ]]
	run -0 "$SWAPSIM" --help
	[[ $output == *"swapsim convert IN OUT"* ]]
	assert_man_lists_help_options "$REPO_ROOT/man/swapsim.1" "$SWAPSIM" "$SWAPSIM convert"
}

@test "-v says what was converted; nothing is printed otherwise" {
	run -0 --separate-stderr "$SWAPSIM" convert "$EXAMPLE" example.bin
	[ -z "$output" ]
	[ -z "$stderr" ]
	run -0 --separate-stderr "$SWAPSIM" convert -v "$EXAMPLE" example.bin
	[ -z "$output" ]
	[ "$stderr" = "swapsim convert: converted '$EXAMPLE' (native, $(stat -c %s "$EXAMPLE") bytes) to 'example.bin' (binary): 27 events" ]
}

@test "the progress bar: on a terminal only, not with -q, and erased" {
	command -v script >/dev/null || skip "script(1) is not installed"
	zcat "$SORT" >sort.lackey
	run -0 script -qec "'$SWAPSIM' convert sort.lackey sort.bin" /dev/null
	[[ $output == *"converting"*"%"* ]]
	[[ $output == *$'\r' ]]
	run -0 script -qec "'$SWAPSIM' convert -q sort.lackey sort.bin" /dev/null
	[ -z "$output" ]
	# Binary is not written to a terminal.
	run -2 script -qec "'$SWAPSIM' convert sort.lackey -" /dev/null
	[[ $output == *"refusing to write a binary trace to a terminal"* ]]
}
