#!/bin/sh
# check.sh — differential test of the fs against Linux tmpfs: builds
# guest/edge.c statically, runs it on the host in a tmpfs directory
# (/dev/shm) and under the native kernel (kernel/tests/boot.sh, needs QEMU
# and a built kernel/build/ingot-kernel), and diffs the outputs.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../../.." && pwd)
work=$(mktemp -d /tmp/ingot-fs-edge.XXXXXX)
trap 'rm -rf "$work" /dev/shm/ingot-fs-edge.$$' EXIT
gcc -static -O1 -Wall -o "$work/edge" "$here/edge.c"
mkdir /dev/shm/ingot-fs-edge.$$
"$work/edge" /dev/shm/ingot-fs-edge.$$/p > "$work/linux.txt" 2>&1
sh "$root/kernel/tests/boot.sh" "$work/edge" /tmp/p 2>/dev/null | grep -v '^ingot:' > "$work/ingot.txt" || true
if diff -u "$work/linux.txt" "$work/ingot.txt"; then
	echo "edge: $(wc -l < "$work/linux.txt") results identical to Linux tmpfs"
else
	echo "edge: differs from Linux tmpfs" >&2
	exit 1
fi
