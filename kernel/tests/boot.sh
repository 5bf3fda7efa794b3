#!/bin/sh
# boot.sh PROGRAM [ARGS...] — boot one static program under the native kernel.
#
# Builds a rootfs cpio the way the toolchain does (docs/boot-protocol.md):
# /.ingot/argv, /.ingot/env, the program at /app/NAME, /data/hello.txt,
# /etc basics and an empty /tmp; boots it with QEMU (TCG) and prints the
# exit status from the COM2 record on stderr. The program's console output
# goes to stdout. The script exits with the program's status.
# Environment: KERNEL (image), APPEND (extra kernel command line),
# PROG_ENV (space-separated KEY=VALUE words; default "HOME=/ LANG=C"),
# QEMU_MEM (default 128M), QEMU_EXTRA (more QEMU arguments, split on
# spaces, e.g. a virtio-rng device), MACHINE (QEMU -M; default
# microvm,acpi=off), NATIVE=1 (run natively in a chroot of the same
# rootfs instead of booting: the oracle for check.sh; needs root).
set -eu
root_dir=$(cd "$(dirname "$0")/../.." && pwd)
KERNEL=${KERNEL:-$root_dir/kernel/build/ingot-kernel}
APPEND=${APPEND:-}
PROG_ENV=${PROG_ENV:-HOME=/ LANG=C}
QEMU_MEM=${QEMU_MEM:-128M}
QEMU_EXTRA=${QEMU_EXTRA:-}
MACHINE=${MACHINE:-microvm,acpi=off}
[ $# -ge 1 ] || { echo "usage: $0 PROGRAM [ARGS...]" >&2; exit 2; }
prog=$1
shift
name=$(basename "$prog")
work=$(mktemp -d /tmp/ingot-boot.XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM
fs=$work/root
mkdir -p "$fs/.ingot" "$fs/app" "$fs/data" "$fs/tmp" "$fs/etc"
cp "$prog" "$fs/app/$name"
printf '%s\0' "/app/$name" "$@" > "$fs/.ingot/argv"
: > "$fs/.ingot/env"
for kv in $PROG_ENV; do printf '%s\0' "$kv" >> "$fs/.ingot/env"; done
cp "$root_dir/tests/programs/data/hello.txt" "$fs/data/hello.txt"
# A dynamic program gets its ELF interpreter and libraries at their paths.
interp=$(readelf -lW "$prog" 2>/dev/null | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p')
if [ -n "$interp" ]; then
	libs=$(ldd "$prog" 2>/dev/null | grep -o '/[^ ]*' || true)
	for f in $interp $libs; do
		[ -e "$f" ] || continue
		mkdir -p "$fs$(dirname "$f")"
		cp -L "$f" "$fs$f"
	done
fi
printf '127.0.0.1 localhost\n' > "$fs/etc/hosts"
printf 'root:x:0:0:root:/:/bin/sh\n' > "$fs/etc/passwd"
printf 'root:x:0:\n' > "$fs/etc/group"
if [ "${NATIVE:-0}" = 1 ]; then
	# The oracle: the same rootfs, the program run natively in a chroot.
	set +e
	# shellcheck disable=SC2086
	chroot_bin=$(command -v chroot || echo /usr/sbin/chroot)
	env -i $PROG_ENV "$chroot_bin" "$fs" "/app/$name" "$@" </dev/null
	status=$?
	echo "exit status: $status" >&2
	exit "$status"
fi
(cd "$fs" && find . | sort | cpio -o -H newc --quiet) > "$work/root.cpio"
ctl=$work/ctl
set +e
# shellcheck disable=SC2086
qemu-system-x86_64 -M "$MACHINE" -accel tcg -cpu max -m "$QEMU_MEM" \
	-nodefaults -no-user-config -nographic -serial stdio \
	-chardev file,id=ctl,path="$ctl" \
	-device isa-serial,chardev=ctl,iobase=0x2f8,irq=3 \
	-device isa-debug-exit,iobase=0xf4,iosize=4 $QEMU_EXTRA \
	-kernel "$KERNEL" -initrd "$work/root.cpio" -append "$APPEND" </dev/null
qemu_rc=$?
set -e
status=$(sed -n 's/^ingot-exit \([0-9][0-9]*\)$/\1/p' "$ctl" 2>/dev/null | head -1)
if [ -z "$status" ]; then
	echo "boot.sh: no exit record (qemu exit $qemu_rc)" >&2
	exit 125
fi
echo "exit status: $status" >&2
exit "$status"
