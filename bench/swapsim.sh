#!/usr/bin/env bash
# bench/swapsim.sh - swapsim's replay speed and memory.
#
# Two traces: the bundled lackey trace of sort (1.57 million events), and a
# synthetic native trace made here with a seeded generator: SYNTH_EVENTS
# (default 5 million) accesses, one process, over SYNTH_PAGES (default
# 262144, 1 GiB) pages, 80 % of them to the hottest 20 % of the pages.
# Each is replayed REPS times on a machine that swaps, by the kernel model
# and by each reference policy; the script prints the median events per
# second and the peak RSS.  Not a test: it fails only
# if swapsim fails.
set -euo pipefail
cd "$(dirname "$0")/.."
B=${B:-build}
REPS=${REPS:-3}
SYNTH_EVENTS=${SYNTH_EVENTS:-5000000}
SYNTH_PAGES=${SYNTH_PAGES:-262144}
dir=$(mktemp -d "${BENCH_DIR:-/var/tmp}/swapsim-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT

[ -x "$B/swapsim" ] || { echo "build first: make" >&2; exit 2; }

# Wall seconds and peak RSS (KiB) of one run, as "secs kib".
measure() {
	local start end
	start=$(date +%s.%N)
	/usr/bin/time -o "$dir/rss" -f '%M' "$@" >/dev/null 2>&1
	end=$(date +%s.%N)
	echo "$(echo "$end - $start" | bc -l) $(tail -1 "$dir/rss")"
}

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

run_case() {
	local name=$1 trace=$2 events=$3 i secs
	shift 3
	: >"$dir/runs"
	for ((i = 0; i < REPS; i++)); do
		measure "$B/swapsim" "$@" "$trace" >>"$dir/runs"
	done
	secs=$(cut -d' ' -f1 "$dir/runs" | median)
	printf '%-26s %9d events  %8.3f s  %12.0f events/s  peak RSS %s KiB\n' "$name" "$events" \
		"$secs" "$(echo "$events / $secs" | bc -l)" "$(cut -d' ' -f2 "$dir/runs" | sort -n | tail -1)"
}

zcat tests/data/sort.lackey.gz >"$dir/sort.lackey"
awk -v n="$SYNTH_EVENTS" -v pages="$SYNTH_PAGES" 'BEGIN {
	srand(42)
	print "#swapsim-trace v1"
	print "spawn 1"
	printf "mmap 1 0x10000000 %d rw-\n", pages * 4096
	hot = int(pages / 5)
	for (i = 0; i < n; i++) {
		p = rand() < 0.8 ? int(rand() * hot) : hot + int(rand() * (pages - hot))
		printf "%s 1 0x%x\n", rand() < 0.3 ? "w" : "r", 268435456 + p * 4096
	}
}' >"$dir/synthetic.trace"

echo "swapsim benchmark: median of $REPS runs, $(nproc) cores"
run_case "bundled sort (lackey)" "$dir/sort.lackey" \
	"$(grep -cv '^==' "$dir/sort.lackey")" --ram 128K --min-free 16 --swap-size 1M
run_case "synthetic 80/20 (native)" "$dir/synthetic.trace" "$((SYNTH_EVENTS + 2))" \
	--ram 512M --swap-size 1G
for policy in lru fifo clock opt; do
	run_case "sort, $policy" "$dir/sort.lackey" "$(grep -cv '^==' "$dir/sort.lackey")" \
		--ram 128K --policy "$policy"
	run_case "synthetic 80/20, $policy" "$dir/synthetic.trace" "$((SYNTH_EVENTS + 2))" \
		--ram 512M --policy "$policy"
done
