#!/usr/bin/env bash
# bench/swapinspect.sh - swapinspect --slots against `cat FILE >/dev/null`.
#
# Target (the slot scanner's design): a fully written area is scanned at the
# speed of reading the file, >= 90% of cat's throughput on the same warm
# file, and a sparse area in time proportional to its data, not its size.
#
# In ${BENCH_DIR:-/var/tmp}:
#  - a SIZE (${BENCH_SLOTS_SIZE:-1G}) area of random data, then the same area
#    with every other MiB overwritten with zeros (zero pages are read whole);
#    each warmed with one cat, then cat and swapinspect --slots timed REPS
#    times each, alternating: median throughput of each, the ratio ours/cat
#    and the peak RSS;
#  - a 64 GiB sparse area (${BENCH_SLOTS_SPARSE:-64G}) with 100 MiB of random
#    data (${BENCH_SLOTS_CHUNKS:-100} chunks of 1 MiB, evenly spaced): median
#    time of swapinspect --slots, MiB/s of data scanned and peak RSS.
# Each case checks the slot counts of --slots --json (jq) and prints PASS or
# FAIL.  Not a test: it fails only if a tool fails (swapinspect exit 1, "the
# kernel would refuse this area", is a verdict, not a failure), never
# because of a time or a count.
set -euo pipefail
cd "$(dirname "$0")/.."
B=${B:-build}
OURS=$B/swapinspect
MKSWAP=$B/mkswap
REPS=${REPS:-5}
SIZE=${BENCH_SLOTS_SIZE:-1G}
SPARSE=${BENCH_SLOTS_SPARSE:-64G}
CHUNKS=${BENCH_SLOTS_CHUNKS:-100}
MiB=1048576
PS=$(getconf PAGESIZE)

for t in "$OURS" "$MKSWAP"; do
	[ -x "$t" ] || { echo "build first: make" >&2; exit 2; }
done
command -v jq >/dev/null || { echo "no jq" >&2; exit 2; }
mib=$(($(numfmt --from=iec "$SIZE") / MiB))
sparse_mib=$(($(numfmt --from=iec "$SPARSE") / MiB))
[ "$mib" -ge 2 ] || { echo "BENCH_SLOTS_SIZE=$SIZE: need at least 2 MiB" >&2; exit 2; }
[ "$CHUNKS" -ge 1 ] || { echo "BENCH_SLOTS_CHUNKS=$CHUNKS: need at least 1" >&2; exit 2; }
[ $((sparse_mib / CHUNKS)) -ge 2 ] ||
	{ echo "BENCH_SLOTS_CHUNKS=$CHUNKS: too many for $SPARSE" >&2; exit 2; }
dir=$(mktemp -d "${BENCH_DIR:-/var/tmp}/swapinspect-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT

# Wall seconds and peak RSS (KiB) of one run, as "secs kib".  Exit statuses
# up to OKRC (default 0) are not failures.
measure() {
	local start end rc=0
	start=$(date +%s.%N)
	/usr/bin/time -o "$dir/rss" -f '%M' "$@" >/dev/null 2>&1 || rc=$?
	end=$(date +%s.%N)
	[ "$rc" -le "${OKRC:-0}" ] || { echo "$*: exit status $rc" >&2; exit 1; }
	echo "$(echo "$end - $start" | bc -l) $(tail -1 "$dir/rss")"
}

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# check FILE HEADER DATA ZERO HOLE: the slot counts of --slots --json.
check() {
	local f=$1 got want rc=0
	got=$("$OURS" --slots --json "$f" | jq -r \
		'.slots.counts | "\(.header) \(.data) \(.zero) \(.hole) \(.bad) \(.missing)"') || rc=$?
	[ "$rc" -le 1 ] || { echo "$OURS --slots --json $f: exit status $rc" >&2; exit 1; }
	want="$2 $3 $4 $5 0 0"
	if [ "$got" = "$want" ]; then
		echo "  slots (header data zero hole bad missing) $got: PASS"
	else
		echo "  slots (header data zero hole bad missing) $got, expected $want: FAIL"
	fi
}

# A warm file: cat and ours, alternating.
run_dense() {
	local name=$1 f=$2 bytes i o c
	bytes=$(stat -c %s "$f")
	sync "$f"
	cat "$f" >/dev/null
	: >"$dir/ours" && : >"$dir/cat"
	for ((i = 0; i < REPS; i++)); do
		measure cat "$f" >>"$dir/cat"
		OKRC=1 measure "$OURS" --slots "$f" >>"$dir/ours"
	done
	o=$(cut -d' ' -f1 "$dir/ours" | median)
	c=$(cut -d' ' -f1 "$dir/cat" | median)
	printf '%-26s ours %8.4f s %8.1f MiB/s  cat %8.4f s %8.1f MiB/s  ours/cat %5.1f%% (target >= 90%%)  peak RSS ours %s KiB, cat %s KiB\n' \
		"$name" "$o" "$(echo "$bytes / $MiB / $o" | bc -l)" \
		"$c" "$(echo "$bytes / $MiB / $c" | bc -l)" \
		"$(echo "100 * $c / $o" | bc -l)" \
		"$(cut -d' ' -f2 "$dir/ours" | sort -n | tail -1)" \
		"$(cut -d' ' -f2 "$dir/cat" | sort -n | tail -1)"
}

echo "swapinspect --slots benchmark: median of $REPS runs, $(nproc) cores, files in $dir"

f=$dir/dense
head -c "${mib}M" /dev/urandom >"$f"
chmod 600 "$f"
"$MKSWAP" -q "$f"
pages=$((mib * MiB / PS))
run_dense "$mib MiB random" "$f"
check "$f" 1 $((pages - 1)) 0 0

# Every odd MiB zeros; the header stays in MiB 0.
for ((i = 1; i < mib; i += 2)); do
	dd if=/dev/zero of="$f" bs=1M seek="$i" count=1 conv=notrunc status=none
done
zero_mib=$((mib / 2))
zero=$((zero_mib * MiB / PS))
run_dense "$mib MiB half zero pages" "$f"
check "$f" 1 $((pages - 1 - zero)) "$zero" 0
rm -f "$f"

f=$dir/sparse
truncate -s "$SPARSE" "$f"
chmod 600 "$f"
"$MKSWAP" -q "$f"
step=$((sparse_mib / CHUNKS))
for ((i = 0; i < CHUNKS; i++)); do
	dd if=/dev/urandom of="$f" bs=1M seek=$((1 + i * step)) count=1 \
		iflag=fullblock conv=notrunc status=none
done
sync "$f"
OKRC=1 measure "$OURS" --slots "$f" >/dev/null
: >"$dir/ours"
for ((i = 0; i < REPS; i++)); do
	OKRC=1 measure "$OURS" --slots "$f" >>"$dir/ours"
done
o=$(cut -d' ' -f1 "$dir/ours" | median)
printf '%-26s ours %8.4f s %8.1f MiB/s of data  peak RSS ours %s KiB\n' \
	"$SPARSE sparse, $CHUNKS MiB data" "$o" "$(echo "$CHUNKS / $o" | bc -l)" \
	"$(cut -d' ' -f2 "$dir/ours" | sort -n | tail -1)"
pages=$((sparse_mib * MiB / PS))
data=$((CHUNKS * MiB / PS))
check "$f" 1 "$data" 0 $((pages - 1 - data))
