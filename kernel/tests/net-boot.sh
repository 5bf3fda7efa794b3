#!/bin/sh
# net-boot.sh PROGRAM [ARGS...] — boot one program with a virtio-net NIC on
# QEMU user networking (docs/boot-protocol.md: guest 10.0.2.15/24). The
# image is the one `bin/ingot build` makes (image.sh), so /etc/hosts and
# /etc/resolv.conf are the toolchain's: the image's name (IMAGE_NAME,
# default kcheck-NAME) is the guest's own address, and the DNS server is
# QEMU's 10.0.2.3.
# Like boot.sh, plus NET_FWD (hostfwd rules, e.g. "tcp::18080-:8080",
# space-separated), MACHINE (microvm or q35; default microvm) and
# MODERN=1 (virtio 1.0 virtio-mmio instead of QEMU's legacy default),
# BACKEND=linux (the same program in a Linux image, for comparison),
# NET_OPTS (more user-networking options, e.g. "net=10.0.3.0/24"),
# NET_NETDEV (a whole -netdev value instead of user networking, id n0:
# "hubport,id=n0,hubid=0" is a wire with nothing at the other end).
set -eu
root_dir=$(cd "$(dirname "$0")/../.." && pwd)
APPEND=${APPEND:-}
QEMU_MEM=${QEMU_MEM:-256M}
MACHINE=${MACHINE:-microvm}
NET_FWD=${NET_FWD:-}
NET_OPTS=${NET_OPTS:-}
[ $# -ge 1 ] || { echo "usage: $0 PROGRAM [ARGS...]" >&2; exit 2; }
work=$(mktemp -d /tmp/ingot-net.XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM
sh "$root_dir/kernel/tests/image.sh" "$@" > "$work/image" || exit 1
KERNEL=${KERNEL:-$(sed -n 1p "$work/image")}
rootfs=$(sed -n 2p "$work/image")
if [ "${BACKEND:-native}" = linux ]; then
	# The words core's QemuCommand gives a Linux kernel under TCG.
	khz=$(awk -F: '/^cpu MHz/ {printf "%d", $2 * 1000; exit}' /proc/cpuinfo)
	APPEND="console=ttyS0 quiet loglevel=3 panic=-1 noapictimer no_timer_check noreplace-smp${khz:+ tsc_early_khz=$khz} $APPEND"
fi
netdev=user,id=n0
for f in $NET_FWD; do netdev="$netdev,hostfwd=$f"; done
[ -n "$NET_OPTS" ] && netdev="$netdev,$NET_OPTS"
[ -n "${NET_NETDEV:-}" ] && netdev=$NET_NETDEV
if [ "$MACHINE" = q35 ]; then
	machine="-M q35"; nic="virtio-net-pci,netdev=n0,disable-legacy=on,romfile="
else
	machine="-M microvm,acpi=off"; nic="virtio-net-device,netdev=n0"
	# QEMU's virtio-mmio is legacy (version 1) by default, as core's
	# QemuCommand starts it; MODERN=1 asks for virtio 1.0 instead.
	[ "${MODERN:-0}" = 1 ] && machine="$machine -global virtio-mmio.force-legacy=false"
fi
ctl=$work/ctl
# shellcheck disable=SC2086
qemu-system-x86_64 $machine -accel tcg -cpu max -m "$QEMU_MEM" \
	-nodefaults -no-user-config -display none -no-reboot -serial stdio \
	-chardev file,id=ctl,path="$ctl" \
	-device isa-serial,chardev=ctl,iobase=0x2f8,irq=3 \
	-device isa-debug-exit,iobase=0xf4,iosize=4 \
	-netdev "$netdev" -device "$nic" \
	-kernel "$KERNEL" -initrd "$rootfs" -append "$APPEND" </dev/null &
# In the background so that a TERM (net-check.sh ending a server) reaches
# this shell at once and takes QEMU down with it.
qemu=$!
trap 'kill $qemu 2>/dev/null || true; rm -rf "$work"' EXIT INT TERM
set +e
wait $qemu
qemu_rc=$?
set -e
status=$(sed -n 's/^ingot-exit \([0-9][0-9]*\)$/\1/p' "$ctl" 2>/dev/null | head -1)
if [ -z "$status" ]; then
	echo "net-boot.sh: no exit record (qemu exit $qemu_rc)" >&2
	exit 125
fi
echo "exit status: $status" >&2
exit "$status"
