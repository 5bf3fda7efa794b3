#!/usr/bin/env bash
# boot-disk.sh — the seed's plain-QEMU command boots an Ingot disk and serves.
#
# For each kernel (native, linux): builds examples/echo with the existing
# `bin/ingot build`, writes a raw boot disk from that image's kernel and
# rootfs (dev.ingot.core.disk.DiskImageMain: loader + header + kernel +
# rootfs, the kernel command line the toolchain uses under TCG), boots it
# with no -kernel using the seed's command line
#
#   qemu-system-x86_64 -drive file=echo.img,format=raw,if=none,id=hd0 -device virtio-blk,drive=hd0
#     -device virtio-net,netdev=n0 -netdev user,id=n0,hostfwd=tcp::PORT-:8080 -nodefaults -no-reboot
#     -device isa-debug-exit -m 2G -display none -serial stdio
#
# plus `-accel tcg -cpu max` (this machine has no usable KVM), and checks
# that a TCP client gets its lines back. Prints the time from starting QEMU
# to the first echoed line.
#
#   loader/tests/boot-disk.sh [native|linux ...]      default: both
# Environment: PORT (default 20000 + pid % 20000), KEEP=1 keeps the work dir.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
kernels=${*:-native linux}
port=${PORT:-$((20000 + $$ % 20000))}
work=$(mktemp -d /tmp/ingot-disk.XXXXXX)
qemu_pid=
cleanup() {
	[ -n "$qemu_pid" ] && kill "$qemu_pid" 2>/dev/null && wait "$qemu_pid" 2>/dev/null
	[ "${KEEP:-0}" = 1 ] || rm -rf "$work"
}
trap cleanup EXIT INT TERM
# A fresh image store; the Linux kernel stays in the shared build cache.
export INGOT_CACHE=${INGOT_CACHE:-${INGOT_HOME:-$HOME/.ingot}/cache}
export INGOT_HOME=$work/home
java=$(for d in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
	[ -n "$d" ] && [ -f "$d/release" ] && grep -q '^JAVA_VERSION="25' "$d/release" && { echo "$d/bin/java"; break; }; done)
[ -n "$java" ] || { echo "boot-disk: no JDK 25" >&2; exit 1; }
make -s -C "$root/loader"
make -s -C "$root/examples/echo"

fail=0
for k in $kernels; do
	name=echo-$k
	"$root/bin/ingot" build --kernel "$k" --name "$name" "$root/examples/echo/echo" >"$work/$k.build" 2>&1 \
		|| { cat "$work/$k.build"; exit 1; }
	# The image's parts, where today's image store keeps them (core/.../image/ImageStore.java).
	dir=$INGOT_HOME/images/$name
	disk=$work/$name.img
	"$java" -Dingot.dist="$root" -cp "$root/core/target/classes" dev.ingot.core.disk.DiskImageMain \
		"$k" "$dir/kernel" "$dir/rootfs.cpio" "$disk"
	t0=$(date +%s%N)
	qemu-system-x86_64 -accel tcg -cpu max \
		-drive file="$disk",format=raw,if=none,id=hd0 -device virtio-blk,drive=hd0 \
		-device virtio-net,netdev=n0 -netdev user,id=n0,hostfwd=tcp::$port-:8080 \
		-nodefaults -no-reboot -device isa-debug-exit -m 2G -display none -serial stdio \
		</dev/null >"$work/$k.console" 2>&1 &
	qemu_pid=$!
	# A client: connect (retrying while the guest boots), send lines, expect them back.
	if python3 - "$port" <<'PY'
import socket, sys, time
port = int(sys.argv[1])
deadline = time.time() + 120
lines = [b"hello from the disk\n", b"second line %d\n" % port]
while True:
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.settimeout(10)
        got = b""
        s.sendall(lines[0])
        while not got.endswith(b"\n"):
            b = s.recv(4096)
            if not b: raise ConnectionError("closed")
            got += b
        break
    except (OSError, ConnectionError):
        # slirp accepts before the guest listens, then closes: retry until the deadline.
        if time.time() > deadline: sys.exit("no echo in 120 s")
        time.sleep(0.2)
assert got == lines[0], got
s.sendall(lines[1])
got = b""
while not got.endswith(b"\n"):
    got += s.recv(4096)
assert got == lines[1], got
PY
	then
		t1=$(date +%s%N)
		echo "ok   $k: booted from $(du -h --apparent-size "$disk" | cut -f1) disk, echo served; $(((t1 - t0) / 1000000)) ms from qemu start to the first echoed line"
	else
		echo "FAIL $k: no echo; console:"; sed 's/^/  | /' "$work/$k.console" | tail -20; fail=1
	fi
	kill "$qemu_pid" 2>/dev/null; wait "$qemu_pid" 2>/dev/null || true; qemu_pid=
	port=$((port + 1))
done
exit $fail
