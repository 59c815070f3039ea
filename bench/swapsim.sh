#!/usr/bin/env bash
# bench/swapsim.sh - swapsim's replay speed and memory, in the units its
# targets are stated in.
#
# Two traces, made reproducibly and cached in ${BENCH_CACHE:-/var/tmp/
# swapsim-bench-cache} (remade when missing; each name carries a hash of
# what made it, so a changed generator or converter makes a new one):
#  - zipf: ZIPF_N (50 million) accesses over ZIPF_PAGES (1 million) pages,
#    Zipf(ZIPF_ALPHA = 0.99), seed ZIPF_SEED (42), a seeded coin making 30 %
#    of them writes (ZIPF_W), in the pages format, by bench/zipf-pages.c
#    (the sampler and the PRNG are described there);
#  - sort: valgrind lackey's trace of `LC_ALL=C sort` sorting 2 MiB of
#    random words (WORDS_BYTES; minstd from WORDS_SEED = 42, in awk with
#    exact integer arithmetic, so any awk makes the same file), kept as
#    lackey text and converted to pages (one line per page an access
#    touches; I and L read, S write, M read then write) and to swapsim's
#    binary form, both by `swapsim convert`.  Needs valgrind (else skipped).
# Each trace is replayed by the kernel model (no --policy, a swap area of
# the distinct pages plus an eighth plus 1024 slots) and by lru, fifo,
# clock and opt, with RAM of 10 % of the sort trace's distinct pages and
# 1 % of the Zipf trace's pages (10000); the sort trace's lackey text and
# binary form by the kernel and lru.
#
# How to read a row: accesses are the trace's access lines (pages: one
# page each; lackey: one access each, M counted once); seconds the median
# wall time of REPS (default 1) whole runs, the file read once before;
# M/s accesses per second; floor that rate as a percentage of
# bench/parse-floor.c's (read(2) in 1 MiB blocks and sum one number a
# line: the cost of merely reading the text) on the same file, timed the
# same way (median of at least 3); miss the faults (first touches
# included) per access; RSS the peak (/usr/bin/time %M); base the peak RSS
# (KiB) of the same policy replaying 4 MiB of text that touches one page
# (the program, its buffers, fixed tables); B/page the peak RSS over the
# distinct pages, and net the same less base.  The memory target is
# judged on net, when the trace touches 16384 pages or more (on fewer,
# 64 B a page is under 1 MiB, within the RSS's run-to-run noise).  A
# kernel row whose process was OOM-killed says so: its figures cover only
# the trace up to the kill.  Targets, printed beside each row: pages
# traces mostly hits (sort), kernel and lru >= 80 M/s; Zipf, heavy
# reclaim, lru >= 30 M/s and kernel >= 10 M/s; lackey text >= 25 M/s;
# binary >= 100 M/s; memory <= 64 bytes per touched page + 2 per swap
# slot.  A missed one says "below target".  Not a test: it fails only if
# a tool fails, never on a figure.
set -euo pipefail
cd "$(dirname "$0")/.."
B=${B:-build}
SIM=$B/swapsim
REPS=${REPS:-1}
CACHE=${BENCH_CACHE:-/var/tmp/swapsim-bench-cache}
CC=${CC:-cc}
ZIPF_N=${ZIPF_N:-50000000}
ZIPF_PAGES=${ZIPF_PAGES:-1000000}
ZIPF_ALPHA=${ZIPF_ALPHA:-0.99}
ZIPF_W=${ZIPF_W:-0.3}
ZIPF_SEED=${ZIPF_SEED:-42}
WORDS_BYTES=${WORDS_BYTES:-2097152}
WORDS_SEED=${WORDS_SEED:-42}

[ -x "$SIM" ] || { echo "build first: make" >&2; exit 2; }
command -v jq >/dev/null || { echo "no jq" >&2; exit 2; }
mkdir -p "$CACHE"
dir=$(mktemp -d "$CACHE/run.XXXXXX") # scratch, and $TMPDIR for opt's files
trap 'rm -rf "$dir"' EXIT

hash8() { sha256sum | cut -c1-8; }

# cached FILE CMD...: make FILE with CMD's standard output unless it exists.
cached() {
	local f=$1
	shift
	[ -s "$f" ] && return 0
	"$@" >"$f.tmp"
	mv "$f.tmp" "$f"
}

# tool NAME: bench/NAME.c compiled into the cache; prints its path.
tool() {
	local bin
	bin=$CACHE/$1-$(hash8 <"bench/$1.c")
	if [ ! -x "$bin" ]; then
		"$CC" -O2 -ffp-contract=off -Wall -Wextra -o "$bin.tmp" "bench/$1.c"
		mv "$bin.tmp" "$bin"
	fi
	echo "$bin"
}

# Wall seconds and peak RSS (KiB) of one run, as "secs kib"; its standard
# output in $dir/out.
measure() {
	local start end
	start=$(date +%s.%N)
	TMPDIR=$dir /usr/bin/time -o "$dir/rss" -f '%M' "$@" >"$dir/out" 2>"$dir/err" ||
		{ echo "failed: $*" >&2; cat "$dir/err" >&2; exit 1; }
	end=$(date +%s.%N)
	echo "$(echo "$end - $start" | bc -l) $(tail -1 "$dir/rss")"
}

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# time_runs CMD...: REPS runs; sets secs (median) and kib (largest).
time_runs() {
	local i
	: >"$dir/runs"
	for ((i = 0; i < REPS; i++)); do
		measure "$@" >>"$dir/runs"
	done
	secs=$(cut -d' ' -f1 "$dir/runs" | median)
	kib=$(cut -d' ' -f2 "$dir/runs" | sort -n | tail -1)
}

# floor FILE [-x]: the parse floor's lines per second, into floor_rate: the
# median of at least 3 runs (they are short) on the file read once before.
floor() {
	local reps=$REPS
	cat "$1" >/dev/null
	((REPS >= 3)) || REPS=3
	time_runs "$FLOOR" ${2:+"$2"} "$1"
	REPS=$reps
	floor_rate=$(echo "$(sed 's/.*lines=\([0-9]*\).*/\1/' "$dir/out") / $secs" | bc -l)
}

# baseline FORMAT POLICY: into base_kib, the peak RSS (KiB) of a replay that
# reads 4 MiB of text but touches one page (the reader's buffers, the
# program, the model's fixed tables), once per format and policy.
declare -A BASE
baseline() {
	local key=$1/$2 trace=$dir/base.$1 args=(--ram-pages 1024)
	if [ -z "${BASE[$key]:-}" ]; then
		[ -s "$trace" ] || awk -v f="$1" 'BEGIN {
			for (i = 0; i < 4194304; i += length(l) + 1) {
				l = f == "lackey" ? " L 1000,8" : "1 r"
				print l
			}
		}' >"$trace"
		if [ "$2" = kernel ]; then
			args+=(--swap-size 1M)
		else
			args+=(--policy "$2")
		fi
		time_runs "$SIM" --format "$1" "${args[@]}" "$trace"
		BASE[$key]=$kib
	fi
	base_kib=${BASE[$key]}
}

hdr() {
	printf '%-5s %-6s %-6s %11s %8s %7s %6s %6s %8s %5s %6s %5s  %s\n' trace format policy \
		accesses seconds 'M/s' floor miss 'RSS MiB' base B/page net 'target: verdict'
}

# row TRACE FORMAT POLICY FILE ACCESSES DISTINCT SLOTS SPEED_TARGET SWAPSIM_ARGS...
# (SLOTS: swap slots, 0 for a reference policy; SPEED_TARGET in M/s, - for none)
row() {
	local trace=$1 format=$2 policy=$3 file=$4 acc=$5 distinct=$6 slots=$7 want=$8
	local rate pct miss net limit target missed=
	shift 8
	baseline "$([ "$format" = lackey ] && echo lackey || echo pages)" "$policy"
	cat "$file" >/dev/null
	time_runs "$SIM" --json "$@" "$file"
	rate=$(echo "$acc / $secs" | bc -l)
	miss=$(echo "$(jq .vmstat.pgfault "$dir/out") * 100 / $acc" | bc -l)
	pct=-
	[ "$format" = binary ] || pct=$(printf '%.0f%%' "$(echo "100 * $rate / $floor_rate" | bc -l)")
	net=$(echo "($kib - $base_kib) * 1024 / $distinct" | bc -l)
	limit=$(echo "64 + 2 * $slots / $distinct" | bc -l)
	target=$(printf '<=%.0f B' "$limit")
	if [ "$want" != - ]; then
		target=">=$want M/s, $target"
		[ "$(echo "$rate < $want * 1000000" | bc -l)" = 0 ] || missed=speed
	fi
	if ((distinct < 16384)); then
		target="$target not judged (<16384 pages)"
	elif [ "$(echo "$net > $limit" | bc -l)" = 1 ]; then
		missed=${missed:+$missed, }memory
	fi
	target="$target: ${missed:+below target ($missed)}"
	[ -n "$missed" ] || target="${target}ok"
	[ "$(jq '.vmstat.oom_kill // 0' "$dir/out")" = 0 ] ||
		target="$target; OOM kill: the replay stopped early"
	printf '%-5s %-6s %-6s %11d %8.2f %7.2f %6s %5.1f%% %8.1f %5d %6.0f %5.0f  %s\n' \
		"$trace" "$format" "$policy" "$acc" "$secs" "$(echo "$rate / 1000000" | bc -l)" \
		"$pct" "$miss" "$(echo "$kib / 1024" | bc -l)" "$base_kib" \
		"$(echo "$kib * 1024 / $distinct" | bc -l)" "$net" "$target"
}

# The words sort sorts: lines of 1 to 8 words of 2 to 9 letters, up to
# WORDS_BYTES bytes.  minstd (Park and Miller) products stay below 2^53, so
# every awk computes them exactly.
words_awk='function rnd(n) { x = (x * 48271) % 2147483647; return x % n }
BEGIN {
	x = seed % 2147483646 + 1
	abc = "abcdefghijklmnopqrstuvwxyz"
	for (total = 0; ; total += length(line) + 1) {
		line = ""
		for (nw = 1 + rnd(8); nw > 0; nw--) {
			w = ""
			for (len = 2 + rnd(8); len > 0; len--)
				w = w substr(abc, 1 + rnd(26), 1)
			line = line (line == "" ? "" : " ") w
		}
		if (total + length(line) + 1 > bytes)
			break
		print line
	}
}'

FLOOR=$(tool parse-floor)
ZIPF=$(tool zipf-pages)

echo "swapsim benchmark: $SIM, median of $REPS run(s), $(nproc) cores, cache $CACHE"

# ---- zipf ----
zname=zipf-$(hash8 <bench/zipf-pages.c)-n$ZIPF_N-p$ZIPF_PAGES-a$ZIPF_ALPHA-w$ZIPF_W-s$ZIPF_SEED
zpages=$CACHE/$zname.pages
cached "$zpages" "$ZIPF" -n "$ZIPF_N" -p "$ZIPF_PAGES" -a "$ZIPF_ALPHA" -w "$ZIPF_W" -s "$ZIPF_SEED"
cached "$zpages.distinct" awk '!s[$1]++ { n++ } END { print n }' "$zpages"
zdistinct=$(cat "$zpages.distinct")
zram=$((ZIPF_PAGES / 100))
zslots=$((zdistinct + zdistinct / 8 + 1024))
echo "zipf: $ZIPF_N accesses, $zdistinct distinct pages of $ZIPF_PAGES, RAM $zram pages, swap $zslots slots"

# ---- sort ----
have_sort=
if command -v valgrind >/dev/null; then
	have_sort=1
	words=$CACHE/words-$(hash8 <<<"$words_awk")-b$WORDS_BYTES-s$WORDS_SEED.txt
	cached "$words" awk -v bytes="$WORDS_BYTES" -v seed="$WORDS_SEED" "$words_awk"
	key=$( (sha256sum <"$words"; valgrind --version; sort --version | head -1) | hash8)
	slackey=$CACHE/sort-$key.lackey
	if [ ! -s "$slackey" ]; then
		echo "recording sort under valgrind lackey (minutes) ..."
		(cd "$CACHE" && LC_ALL=C valgrind --tool=lackey --trace-mem=yes \
			--log-file="$slackey.tmp" sort "$(basename "$words")" >/dev/null)
		mv "$slackey.tmp" "$slackey"
	fi
	spages=$CACHE/sort-$key-convert.pages
	if [ ! -s "$spages" ]; then
		"$SIM" convert -q --to pages "$slackey" "$spages.tmp"
		mv "$spages.tmp" "$spages"
	fi
	sbin=$CACHE/sort-$key-convert.bin
	if [ ! -s "$sbin" ]; then
		"$SIM" convert -q --to binary "$slackey" "$sbin.tmp"
		mv "$sbin.tmp" "$sbin"
	fi
	cached "$spages.lines" awk 'END { print NR }' "$spages"
	cached "$slackey.lines" grep -vc '^==' "$slackey"
	cached "$spages.distinct" awk '!s[$1]++ { n++ } END { print n }' "$spages"
	sdistinct=$(cat "$spages.distinct")
	sram=$((sdistinct / 10))
	sslots=$((sdistinct + sdistinct / 8 + 1024))
	echo "sort: words sha256 $(sha256sum <"$words" | cut -c1-16)..., $(cat "$slackey.lines") lackey" \
		"accesses, $(cat "$spages.lines") page accesses, $sdistinct distinct pages," \
		"RAM $sram pages, swap $sslots slots"
else
	echo "sort: skipped (no valgrind)"
fi

echo
hdr
floor "$zpages"
row zipf pages kernel "$zpages" "$ZIPF_N" "$zdistinct" "$zslots" 10 \
	--format pages --ram-pages "$zram" --swap-size "$((zslots * 4))K"
for policy in lru fifo clock opt; do
	want=-
	[ "$policy" != lru ] || want=30
	row zipf pages "$policy" "$zpages" "$ZIPF_N" "$zdistinct" 0 "$want" \
		--format pages --ram-pages "$zram" --policy "$policy"
done
if [ -n "$have_sort" ]; then
	sacc=$(cat "$spages.lines")
	floor "$spages"
	row sort pages kernel "$spages" "$sacc" "$sdistinct" "$sslots" 80 \
		--format pages --ram-pages "$sram" --swap-size "$((sslots * 4))K"
	for policy in lru fifo clock opt; do
		want=-
		[ "$policy" != lru ] || want=80
		row sort pages "$policy" "$spages" "$sacc" "$sdistinct" 0 "$want" \
			--format pages --ram-pages "$sram" --policy "$policy"
	done
	sacc=$(cat "$slackey.lines")
	floor "$slackey" -x
	row sort lackey kernel "$slackey" "$sacc" "$sdistinct" "$sslots" 25 \
		--format lackey --ram-pages "$sram" --swap-size "$((sslots * 4))K"
	row sort lackey lru "$slackey" "$sacc" "$sdistinct" 0 25 \
		--format lackey --ram-pages "$sram" --policy lru
	row sort binary kernel "$sbin" "$sacc" "$sdistinct" "$sslots" 100 \
		--ram-pages "$sram" --swap-size "$((sslots * 4))K"
	row sort binary lru "$sbin" "$sacc" "$sdistinct" 0 100 \
		--ram-pages "$sram" --policy lru
fi
