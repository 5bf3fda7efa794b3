#!/bin/sh
# boot.sh PROGRAM [ARGS...] — boot one program under the native kernel.
#
# The image is the one `bin/ingot build` makes (image.sh): the program at
# /app/NAME with its ELF interpreter and libraries, /.ingot/argv and
# /.ingot/env, the toolchain's /etc files and /tmp, plus
# tests/programs/data/hello.txt at /data/hello.txt. It boots with QEMU
# (TCG) and the exit status comes from the COM2 record, printed on
# stderr. The program's console output goes to stdout. The script exits
# with the program's status (125: no exit record; 1: no image).
# Environment: KERNEL (boot this kernel file instead of the image's),
# APPEND (kernel command line), PROG_ENV (space-separated KEY=VALUE words;
# default "HOME=/ LANG=C"), IMAGE_FILES (more HOST:IMAGE files, image.sh),
# QEMU_MEM (default 128M), QEMU_EXTRA (more QEMU arguments, split on
# spaces, e.g. a virtio-rng device), MACHINE (QEMU -M; default
# microvm,acpi=off), NATIVE=1 (run natively, chrooted into the same
# image's rootfs, with its argv and environment, instead of booting: the
# oracle for check.sh; needs root).
set -eu
root_dir=$(cd "$(dirname "$0")/../.." && pwd)
APPEND=${APPEND:-}
QEMU_MEM=${QEMU_MEM:-128M}
QEMU_EXTRA=${QEMU_EXTRA:-}
MACHINE=${MACHINE:-microvm,acpi=off}
[ $# -ge 1 ] || { echo "usage: $0 PROGRAM [ARGS...]" >&2; exit 2; }
work=$(mktemp -d /tmp/ingot-boot.XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM
IMAGE_FILES="$root_dir/tests/programs/data/hello.txt:/data/hello.txt ${IMAGE_FILES:-}" \
	sh "$root_dir/kernel/tests/image.sh" "$@" > "$work/image" || exit 1
KERNEL=${KERNEL:-$(sed -n 1p "$work/image")}
rootfs=$(sed -n 2p "$work/image")
if [ "${NATIVE:-0}" = 1 ]; then
	# The oracle: the image's own rootfs unpacked, the program run natively
	# in a chroot of it with the argv and environment the image holds.
	mkdir "$work/root"
	(cd "$work/root" && cpio -id --quiet) < "$rootfs"
	set +e
	python3 - "$work/root" </dev/null <<'PY'
import os, sys
root = sys.argv[1]
def nul_list(path):
    return [s for s in open(root + path, "rb").read().split(b"\0") if s]
argv, env = nul_list("/.ingot/argv"), nul_list("/.ingot/env")
# This script came in on stdin (the here-document, a pipe): the program gets
# /dev/null, as in the guest, or calls on fd 0 (splice, read) answer differently.
os.dup2(os.open("/dev/null", os.O_RDONLY), 0)
os.chroot(root)
os.chdir("/")
sys.stdout.flush()
os.execve(argv[0], argv, dict(kv.split(b"=", 1) for kv in env))
PY
	status=$?
	echo "exit status: $status" >&2
	exit "$status"
fi
ctl=$work/ctl
set +e
# shellcheck disable=SC2086
qemu-system-x86_64 -M "$MACHINE" -accel tcg -cpu max -m "$QEMU_MEM" \
	-nodefaults -no-user-config -nographic -serial stdio \
	-chardev file,id=ctl,path="$ctl" \
	-device isa-serial,chardev=ctl,iobase=0x2f8,irq=3 \
	-device isa-debug-exit,iobase=0xf4,iosize=4 $QEMU_EXTRA \
	-kernel "$KERNEL" -initrd "$rootfs" -append "$APPEND" </dev/null
qemu_rc=$?
set -e
status=$(sed -n 's/^ingot-exit \([0-9][0-9]*\)$/\1/p' "$ctl" 2>/dev/null | head -1)
if [ -z "$status" ]; then
	echo "boot.sh: no exit record (qemu exit $qemu_rc)" >&2
	exit 125
fi
echo "exit status: $status" >&2
exit "$status"
