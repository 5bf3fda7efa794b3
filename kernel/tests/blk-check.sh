#!/bin/sh
# blk-check.sh — the virtio-blk driver under QEMU, on each transport:
# boots examples/hello with ingot.blktest=1 and a scratch disk whose
# sector 0 the host wrote, then checks the kernel's line (it read the
# host's bytes, wrote + flushed + read back its pattern, refused a read
# past the end) and that the host finds the pattern at the end of the
# file after QEMU exits (drivers/blk_selftest.c says what the pattern is).
#
#   kernel/tests/blk-check.sh            all variants
#   kernel/tests/blk-check.sh q35        one: mmio-legacy, mmio-modern, q35, pc
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root_dir=$(cd "$here/../.." && pwd)
hello=$root_dir/examples/hello/hello
[ -x "$hello" ] || make -s -C "$root_dir/examples/hello"
work=$(mktemp -d /tmp/ingot-blk.XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM
variants=${*:-mmio-legacy mmio-modern q35 pc}
fail=0
for v in $variants; do
	case $v in
	mmio-legacy) machine=microvm,acpi=off; dev=virtio-blk-device ;;
	mmio-modern) machine=microvm,acpi=off; dev="virtio-blk-device -global virtio-mmio.force-legacy=false" ;;
	q35) machine=q35; dev="virtio-blk-pci,disable-legacy=on" ;;
	pc) machine=pc; dev="virtio-blk-pci" ;;
	*) echo "blk-check: unknown variant $v" >&2; exit 2 ;;
	esac
	disk=$work/$v.img
	marker=$(printf '%-16.16s' "host-$v-$$" | tr ' ' _)   # exactly the 16 bytes the kernel prints
	python3 -c "import sys; m=sys.argv[2].encode(); open(sys.argv[1],'wb').write(m + bytes(2*1024*1024 - len(m)))" "$disk" "$marker"
	# "-device X,drive=d0 -global ..." — the drive= goes on the device word.
	set -- $dev
	extra="-drive file=$disk,format=raw,if=none,id=d0 -device $1,drive=d0"
	shift
	[ $# -gt 0 ] && extra="$extra $*"
	out=$work/$v.out
	MACHINE=$machine QEMU_EXTRA="$extra" APPEND="ingot.blktest=1" sh "$here/boot.sh" "$hello" >"$out" 2>&1 || true
	# (SeaBIOS on q35/pc prints to the same serial line first, so no ^ anchor.)
	line=$(grep -o 'ingot: blktest:.*' "$out" || true)
	expect="ingot: blktest: ok: device 0, 4096 sectors; sector 0 begins \"$marker\"; wrote, flushed and read back 8 sectors at 4088"
	if ! printf '%s\n' "$line" | grep -qF "$expect"; then
		echo "FAIL $v: kernel said: ${line:-nothing}"; sed 's/^/  | /' "$out" | head -20; fail=1; continue
	fi
	if ! python3 - "$disk" <<'PY'
import sys
data = open(sys.argv[1], 'rb').read()[-4096:]
want = bytearray((i * 7 + 13) & 0xff for i in range(4096))
for s in range(8):
    want[s * 512:s * 512 + 13] = b"ingot-blktest"
sys.exit(0 if data == bytes(want) else 1)
PY
	then
		echo "FAIL $v: the disk file does not hold the pattern"; fail=1; continue
	fi
	grep -q 'Hello from Ingot!' "$out" || { echo "FAIL $v: the program did not run after the check"; fail=1; continue; }
	echo "ok   $v: ${line#ingot: blktest: ok: }"
done
exit $fail
