#!/usr/bin/env bash
# boot-time.sh — whole-QEMU-process time of examples/hello (boot, print,
# exit through isa-debug-exit), median of RUNS (default 5), for each kernel:
#   microvm -kernel: the toolchain's path, PVH -kernel/-initrd (QemuCommand, minus QMP/COM2)
#   pc -kernel:      the same on pc + SeaBIOS (the firmware's cost without our loader)
#   pc disk:         the same image as a raw disk (virtio-blk-pci), no -kernel
#   ... no iPXE ROM: again with romfile= on virtio-net-pci (SeaBIOS then runs no option ROM)
# Both under TCG with the same memory and a virtio-net + virtio-rng pair.
#
#   loader/tests/boot-time.sh [native|linux ...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
kernels=${*:-native linux}
runs=${RUNS:-5}
mem=${MEM:-256M}
work=$(mktemp -d /tmp/ingot-boottime.XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM
export INGOT_CACHE=${INGOT_CACHE:-${INGOT_HOME:-$HOME/.ingot}/cache}
export INGOT_HOME=$work/home
make -s -C "$root/loader"
make -s -C "$root/examples/hello"

common=(-accel tcg -cpu max -m "$mem" -nodefaults -no-user-config -no-reboot -display none
	-device isa-debug-exit,iobase=0xf4,iosize=4 -netdev user,id=n0
	-object rng-random,id=rng0,filename=/dev/urandom)

# Runs "$@" RUNS times; prints the median wall time in ms. Fails unless hello printed.
median_ms() {
	local ts=() i t0 t1
	for ((i = 0; i < runs; i++)); do
		t0=$(date +%s%N)
		"$@" -serial file:"$work/console" </dev/null >/dev/null 2>&1 || true
		t1=$(date +%s%N)
		grep -q 'Hello from Ingot' "$work/console" || { echo "no hello in: $(cat "$work/console")" >&2; return 1; }
		ts+=($(((t1 - t0) / 1000000)))
	done
	printf '%s\n' "${ts[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p"
}

echo "| kernel | microvm -kernel | pc -kernel | pc disk | pc disk, no iPXE ROM | disk / microvm |"
echo "|---|---|---|---|---|---|"
for k in $kernels; do
	"$root/bin/ingot" build --kernel "$k" --name "hello-$k" "$root/examples/hello/hello" >"$work/build.log" 2>&1 \
		|| { cat "$work/build.log"; exit 1; }
	"$root/bin/ingot" export "hello-$k" -o "$work/$k.img" >/dev/null
	# The image's kernel and rootfs, for the -kernel rows: blobs named in its manifest (docs/images.md).
	blob() { "$root/bin/ingot" inspect "hello-$k" | python3 -c "import json, sys; print(json.load(sys.stdin)['$1']['digest'].split(':')[1])"; }
	kernel=$INGOT_HOME/blobs/sha256/$(blob kernel)
	rootfs=$INGOT_HOME/blobs/sha256/$(blob rootfs)
	cmdline=$(dd if="$work/$k.img" bs=1 skip=$((512 + 64)) count=447 2>/dev/null | tr -d '\0')
	micro=$(median_ms qemu-system-x86_64 -M microvm,acpi=off "${common[@]}" \
		-device virtio-net-device,netdev=n0 -device virtio-rng-device,rng=rng0 \
		-kernel "$kernel" -initrd "$rootfs" -append "$cmdline")
	# pc + SeaBIOS with -kernel: the firmware's share, without our loader.
	pck=$(median_ms qemu-system-x86_64 -M pc "${common[@]}" \
		-device virtio-net-pci,netdev=n0 -device virtio-rng-pci,rng=rng0 \
		-kernel "$kernel" -initrd "$rootfs" -append "$cmdline")
	disk=$(median_ms qemu-system-x86_64 -M pc "${common[@]}" \
		-device virtio-net-pci,netdev=n0 -device virtio-rng-pci,rng=rng0 \
		-drive file="$work/$k.img",format=raw,if=none,id=hd0 -device virtio-blk-pci,drive=hd0)
	# The same without virtio-net-pci's iPXE option ROM, which SeaBIOS otherwise loads and runs.
	norom=$(median_ms qemu-system-x86_64 -M pc "${common[@]}" \
		-device virtio-net-pci,netdev=n0,romfile= -device virtio-rng-pci,rng=rng0 \
		-drive file="$work/$k.img",format=raw,if=none,id=hd0 -device virtio-blk-pci,drive=hd0)
	echo "| $k | $micro ms | $pck ms | $disk ms | $norom ms | $(awk "BEGIN{printf \"%.1fx\", $disk/$micro}") |"
done
