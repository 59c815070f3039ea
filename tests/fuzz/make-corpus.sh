#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# make-corpus.sh - regenerate the seed corpus of fuzz_header, reproducibly.
#
#   tests/fuzz/make-corpus.sh        (MKSWAP= names another mkswap)
#
# Replaces tests/fuzz/corpus/header/ with:
#  - mkswap-*: native little-endian v1 headers written by util-linux's mkswap
#    (an independent writer) at page sizes 2048 to 65536, with a fixed UUID,
#    with and without a label;
#  - gen-*, bad-*, sig-*, short-*, kern-*: what mkswap cannot write, from
#    tests/fuzz/gen-corpus.c over build/libswaparea.a: big-endian and v0
#    headers, bad-page lists, one damage per file, suspend signatures,
#    truncated pages, and seeds for the kernel verdict's size rules.
# Each seed is one header page or less.  Nothing is random: two runs write
# the same bytes.  Run it from anywhere; it builds the static library if
# needed.  Inputs the fuzzer finds go elsewhere (see the fuzz notes), never
# here by hand.
set -euo pipefail
cd "$(dirname "$0")/../.."

MKSWAP=${MKSWAP:-/usr/sbin/mkswap}
UUID=6b0f1a2e-3c4d-4e5f-8a9b-0c1d2e3f4a5b
LABEL=fuzz-seed
out=tests/fuzz/corpus/header

die() { echo "make-corpus: $*" >&2; exit 2; }

[ -x "$MKSWAP" ] || die "cannot run '$MKSWAP'"
command -v "${CC:-cc}" >/dev/null || die "no C compiler '${CC:-cc}'"
make --no-print-directory -s build/libswaparea.a

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"${CC:-cc}" -std=c11 -D_GNU_SOURCE -Wall -Wextra -Ilib/include -o "$tmp/gen-corpus" \
	tests/fuzz/gen-corpus.c build/libswaparea.a -lblkid -luuid

mkdir -p "$out"
find "$out" -maxdepth 1 -type f -delete

# mkswap wants at least 10 usable pages; 16 pages of zeros, not sparse.
for ps in 2048 4096 8192 16384 32768 65536; do
	for label in "" "$LABEL"; do
		area=$tmp/area
		head -c $((16 * ps)) /dev/zero >"$area"
		chmod 600 "$area"
		name=mkswap-le-$ps
		args=(-q -f -p "$ps" -U "$UUID")
		if [ -n "$label" ]; then
			args+=(-L "$label")
			name+=-label
		fi
		"$MKSWAP" "${args[@]}" "$area" >/dev/null || die "$MKSWAP failed at page size $ps"
		head -c "$ps" "$area" >"$out/$name"
	done
done

"$tmp/gen-corpus" "$out" || die "gen-corpus failed"

# The corpus stays small: no seed over 64 KiB, all of them under 2 MiB.
files=$(find "$out" -maxdepth 1 -type f | wc -l)
bytes=$(find "$out" -maxdepth 1 -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
big=$(find "$out" -maxdepth 1 -type f -size +65536c)
[ -z "$big" ] || die "seeds over 64 KiB: $big"
[ "$bytes" -lt $((2 * 1024 * 1024)) ] || die "corpus is $bytes bytes, over 2 MiB"
echo "make-corpus: $files seeds, $bytes bytes in $out"
