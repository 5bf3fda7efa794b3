#!/usr/bin/env bash
# boot-disk.sh — the seed's plain-QEMU command boots an Ingot disk and serves.
#
# For each kernel (native, linux): builds examples/echo with `bin/ingot
# build`, writes its raw boot disk with `bin/ingot export` (loader + header +
# kernel + rootfs, the kernel command line `ingot run` uses here), as a
# user does, boots it with no -kernel using the seed's command line
#
#   qemu-system-x86_64 -drive file=echo.img,format=raw,if=none,id=hd0 -device virtio-blk,drive=hd0
#     -device virtio-net,netdev=n0 -netdev user,id=n0,hostfwd=tcp::PORT-:8080 -nodefaults -no-reboot
#     -device isa-debug-exit -m 2G -display none -serial stdio
#
# plus `-accel tcg -cpu max` (this machine has no usable KVM), and checks
# that a TCP client gets its lines back. Prints the time from starting QEMU
# to the first echoed line. Then two damaged copies of an exported disk must
# stop in the loader with its one-line message and status 126, as must a VM
# too small for the kernel.
#
#   loader/tests/boot-disk.sh [native|linux ...]      default: both
# Environment: PORT (default 20000 + pid % 20000), MACHINE (e.g. q35; default
# QEMU's, pc), KEEP=1 keeps the work dir.
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
make -s -C "$root/loader"
make -s -C "$root/examples/echo"

fail=0
for k in $kernels; do
	name=echo-$k
	"$root/bin/ingot" build --kernel "$k" --name "$name" "$root/examples/echo/echo" >"$work/$k.build" 2>&1 \
		|| { cat "$work/$k.build"; exit 1; }
	disk=$work/$name.img
	"$root/bin/ingot" export "$name" -o "$disk"
	t0=$(date +%s%N)
	qemu-system-x86_64 ${MACHINE:+-M "$MACHINE"} -accel tcg -cpu max \
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
        # Short timeouts: a SYN that slirp forwarded before the guest was up is
        # retransmitted only after 1-3 s; a fresh connection gets there sooner.
        s = socket.create_connection(("127.0.0.1", port), timeout=1)
        s.settimeout(1)
        got = b""
        s.sendall(lines[0])
        while not got.endswith(b"\n"):
            b = s.recv(4096)
            if not b: raise ConnectionError("closed")
            got += b
        break
    except (OSError, ConnectionError):
        try: s.close()
        except NameError: pass
        # slirp accepts before the guest listens, then closes: retry until the deadline.
        if time.time() > deadline: sys.exit("no echo in 120 s")
        time.sleep(0.2)
assert got == lines[0], got
s.settimeout(10)
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

# Damaged disks stop in the loader with one line and status 126 (QEMU's (126 << 1) | 1 = 253).
# Each is a copy of a disk exported above, damaged in place: the kernel's PVH
# note gone (type 18 -> 19), and a header pointing past the end.
damaged() {   # name, exported disk, expected line, python that damages the disk file f, [memory]
	cp "$2" "$work/$1.img"
	python3 -c "import struct, sys; f = open(sys.argv[1], 'r+b'); $4" "$work/$1.img"
	set +e
	out=$(timeout 60 qemu-system-x86_64 ${MACHINE:+-M "$MACHINE"} -accel tcg -cpu max -drive file="$work/$1.img",format=raw -nodefaults \
		-no-reboot -device isa-debug-exit,iobase=0xf4,iosize=4 -m "${5:-128M}" -display none -serial stdio </dev/null 2>&1)
	rc=$?
	set -e
	if [ "$rc" = 253 ] && printf '%s' "$out" | grep -qF "$3"; then
		echo "ok   damaged disk ($1): $3"
	else
		echo "FAIL damaged disk ($1): status $rc, console: $out"; fail=1
	fi
}
native=$work/echo-native.img
if [ -f "$native" ]; then
	damaged no-pvh-note "$native" "ingot: loader: the kernel has no PVH entry note (Xen, type 18)" \
		"d = f.read(); i = d.find(b'\\x04\\0\\0\\0\\x08\\0\\0\\0\\x12\\0\\0\\0Xen\\0'); assert i > 0, 'no PVH note'; f.seek(i + 8); f.write(b'\\x13')"
	# The header's kernel LBA moved to 2 sectors before the end: its first read runs off the disk.
	damaged past-the-end "$native" "ingot: loader: cannot read the disk" \
		"f.seek(0, 2); end = f.tell() // 512; f.seek(512 + 24); f.write(struct.pack('<Q', end - 2))"
fi
# The Linux kernel loads at 16 MiB: a 16 MiB VM has no RAM there (the disk itself is intact).
if [ -f "$work/echo-linux.img" ]; then
	damaged too-little-ram "$work/echo-linux.img" \
		"ingot: loader: the kernel does not fit in this VM's RAM: give it more memory" "pass" 16M
fi
exit $fail
