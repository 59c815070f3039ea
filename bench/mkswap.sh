#!/usr/bin/env bash
# bench/mkswap.sh - our mkswap against util-linux's on the same files.
#
# Formats a 64 GiB sparse file and a 4 GiB fully allocated one (in
# ${BENCH_DIR:-/var/tmp}), REPS times each with each tool, alternating, and
# prints the median wall time of each, the ratio ours/theirs (target <= 1.0)
# and the peak RSS.  Not a test: it fails only if a tool fails.
set -euo pipefail
cd "$(dirname "$0")/.."
B=${B:-build}
OURS=$B/mkswap
THEIRS=${THEIRS:-/usr/sbin/mkswap}
REPS=${REPS:-7}
dir=$(mktemp -d "${BENCH_DIR:-/var/tmp}/mkswap-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT

[ -x "$OURS" ] || { echo "build first: make" >&2; exit 2; }
[ -x "$THEIRS" ] || { echo "no util-linux mkswap at $THEIRS" >&2; exit 2; }

# Wall seconds and peak RSS (KiB) of one run, as "secs kib".
measure() {
	local start end
	start=$(date +%s.%N)
	/usr/bin/time -o "$dir/rss" -f '%M' "$@" >/dev/null 2>&1
	end=$(date +%s.%N)
	echo "$(echo "$end - $start" | bc -l) $(cat "$dir/rss")"
}

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

run_case() {
	local name=$1 make_file=$2 f=$dir/area i o t
	: >"$dir/ours" && : >"$dir/theirs"
	for ((i = 0; i < REPS; i++)); do
		rm -f "$f"; $make_file "$f"; chmod 600 "$f"
		measure "$OURS" -q -U clear "$f" >>"$dir/ours"
		rm -f "$f"; $make_file "$f"; chmod 600 "$f"
		measure "$THEIRS" -q -U clear "$f" >>"$dir/theirs"
	done
	o=$(cut -d' ' -f1 "$dir/ours" | median)
	t=$(cut -d' ' -f1 "$dir/theirs" | median)
	printf '%-22s ours %8.4f s  util-linux %8.4f s  ratio %5.2f  peak RSS ours %s KiB, util-linux %s KiB\n' \
		"$name" "$o" "$t" "$(echo "$o / $t" | bc -l)" \
		"$(cut -d' ' -f2 "$dir/ours" | sort -n | tail -1)" \
		"$(cut -d' ' -f2 "$dir/theirs" | sort -n | tail -1)"
}

sparse_64g() { truncate -s 64G "$1"; }
full_4g() { fallocate -l 4G "$1"; }

echo "mkswap benchmark: median of $REPS runs, $(nproc) cores, files in $dir"
run_case "64 GiB sparse" sparse_64g
run_case "4 GiB allocated" full_4g
