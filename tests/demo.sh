#!/usr/bin/env bash
# tests/demo.sh - the README's first command: the main job on bundled data.
#
# Formats a swap file with our mkswap, then shows how independent tools
# (util-linux blkid, file) read it.  Later tools join here as they land.
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
