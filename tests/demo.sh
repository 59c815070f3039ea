#!/usr/bin/env bash
# tests/demo.sh - the README's first command: the main job on bundled data.
#
# Formats a swap file with our mkswap, shows how independent tools
# (util-linux blkid, file) read it, then inspects it with swapinspect: the
# kernel's verdict, the extent map with its resume offset, a swap entry;
# then replays a bundled real trace (valgrind lackey output of sort,
# tests/data/README.md says how it was made) through swapsim on a machine
# small enough to swap, into that file, and shows the slots it left in use.
set -euo pipefail
cd "$(dirname "$0")/.."
B=${B:-build}
dir=$(mktemp -d "${TMPDIR:-/tmp}/swaparea-demo.XXXXXX")
trap 'rm -rf "$dir"' EXIT
swapfile=$dir/demo.swap

echo "\$ mkswap --file --size 64M -L demo $swapfile"
"$B"/mkswap --file --size 64M -L demo "$swapfile"
echo
echo "\$ ls -ls $swapfile"
ls -ls "$swapfile"
if command -v blkid >/dev/null; then
	echo
	echo "\$ blkid -p $swapfile"
	blkid -p "$swapfile"
fi
if command -v file >/dev/null; then
	echo
	echo "\$ file $swapfile"
	file "$swapfile"
fi

echo
echo "\$ swapinspect $swapfile"
"$B"/swapinspect "$swapfile"
echo
echo "\$ swapinspect --extents $swapfile"
"$B"/swapinspect --extents "$swapfile"

echo
echo "\$ swapinspect entry --arch x86_64 --type 1 --offset 1000 --flag exclusive"
"$B"/swapinspect entry --arch x86_64 --type 1 --offset 1000 --flag exclusive

# A machine small enough to swap, swapping to the file made above: every
# page written out is stamped into its slot and checked when it comes back.
trace=tests/data/sort.lackey.gz
echo
echo "\$ zcat $trace | swapsim --ram 128K --min-free 16 --swap $swapfile -"
zcat "$trace" | "$B"/swapsim --ram 128K --min-free 16 --swap "$swapfile" -
echo
echo "\$ swapinspect --slots $swapfile   # the slots the run left in use hold its pages"
"$B"/swapinspect --slots "$swapfile" | sed -n 1,12p
