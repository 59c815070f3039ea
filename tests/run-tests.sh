#!/usr/bin/env bash
# run-tests.sh - run the test suites and print one closing line over all of them.
#
#   tests/run-tests.sh [all|unit|cli|fuzz]...    (B= names the build directory)
#
# Every suite speaks TAP: the unit programs directly, bats with --tap, and the
# fuzz replays as one "ok" line per stored input.  Each suite's TAP goes to
# build/test-logs/<suite>.tap and to the terminal; the last line is
# "N passed, N failed" summed over every suite that ran.  A suite that dies
# without a plan counts as one failure, so a crash can never pass unnoticed.
set -u
cd "$(dirname "$0")/.."
B=${B:-build}
logs=$B/test-logs
mkdir -p "$logs"
passed=0 failed=0

# Count a TAP stream already in $1; a missing or short plan is a failure.
tally() {
	local log=$1 name=$2 ok notok plan
	ok=$(grep -cE '^ok ' "$log")
	notok=$(grep -cE '^not ok ' "$log")
	plan=$(grep -oE '^1\.\.[0-9]+' "$log" | head -1 | cut -d. -f3)
	if [ -z "$plan" ] || [ $((ok + notok)) -ne "$plan" ]; then
		echo "# $name: plan ${plan:-missing}, but $((ok + notok)) results" >&2
		notok=$((notok + 1))
	fi
	passed=$((passed + ok)) failed=$((failed + notok))
}

run_unit() {
	local t name
	for t in "$B"/tests/unit/test_*; do
		[ -x "$t" ] || continue
		name=$(basename "$t")
		echo "# unit: $name"
		"$t" >"$logs/$name.tap" 2>"$logs/$name.err"
		cat "$logs/$name.tap"
		tally "$logs/$name.tap" "$name"
	done
}

run_cli() {
	local f name
	command -v bats >/dev/null || { echo "# bats is not installed: cli suite not run" >&2; failed=$((failed + 1)); return; }
	for f in tests/cli/*.bats; do
		[ -e "$f" ] || continue
		name=$(basename "$f" .bats)
		echo "# cli: $name"
		B=$B bats --tap "$f" >"$logs/$name.tap" 2>&1
		cat "$logs/$name.tap"
		tally "$logs/$name.tap" "$name"
	done
}

# Replay every stored input of every fuzz target; a crash or sanitizer
# report fails that input.
run_fuzz() {
	local r target dir n=0 out=$logs/fuzz.tap input
	: >"$out"
	for r in "$B"/tests/fuzz/fuzz_*-replay; do
		[ -x "$r" ] || continue
		target=$(basename "$r" -replay)
		target=${target#fuzz_}
		for dir in tests/fuzz/corpus/"$target" tests/fuzz/crashes/"$target"; do
			[ -d "$dir" ] || continue
			for input in "$dir"/*; do
				[ -f "$input" ] || continue
				n=$((n + 1))
				if "$r" "$input" >/dev/null 2>"$logs/fuzz-last.err"; then
					echo "ok $n - fuzz $target $(basename "$input")" >>"$out"
				else
					echo "not ok $n - fuzz $target $(basename "$input")" >>"$out"
					sed 's/^/# /' "$logs/fuzz-last.err" >>"$out"
				fi
			done
		done
	done
	echo "1..$n" >>"$out"
	echo "# fuzz replay: $n inputs"
	grep -E '^not ok' "$out"
	tally "$out" fuzz
}

[ $# -gt 0 ] || set -- all
for what in "$@"; do
	case $what in
	all) run_unit; run_cli; run_fuzz ;;
	unit) run_unit ;;
	cli) run_cli ;;
	fuzz) run_fuzz ;;
	*) echo "usage: $0 [all|unit|cli|fuzz]..." >&2; exit 2 ;;
	esac
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
