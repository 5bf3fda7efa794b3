#!/usr/bin/env bash
# Builds Ingot's Linux kernel once and caches it.
#
# The kernel is Debian's linux-source-6.1 configured as tinyconfig plus our
# fragment (kernel.config next to this script). The result is the uncompressed
# vmlinux ELF, which QEMU boots directly through its PVH note.
#
# Cache: ${INGOT_CACHE:-${INGOT_HOME:-$HOME/.ingot}/cache}/linux/<pkg-version>-<hash12>/vmlinux
# where hash12 covers kernel.config and this script, so changing either one
# rebuilds. Progress goes to stderr; the last line on stdout is the path.
# Two builds at once are safe: the second waits for the first and reuses it.
set -euo pipefail

SRC_TARBALL=/usr/src/linux-source-6.1.tar.xz
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
FRAGMENT=$HERE/kernel.config
SELF=$HERE/$(basename "${BASH_SOURCE[0]}")

say() { echo "linux: $*" >&2; }
die() { echo "linux: error: $*" >&2; exit 1; }

[ -f "$SRC_TARBALL" ] || die "$SRC_TARBALL not found; install linux-source-6.1: run ./setup"
[ -f "$FRAGMENT" ] || die "$FRAGMENT not found"

# --- cache key -------------------------------------------------------------
version=$(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null || true)
# Without dpkg (a hand-copied tarball) fall back to the tarball's size+mtime.
[ -n "$version" ] || version=unpackaged-$(stat -c %s-%Y "$SRC_TARBALL")
hash12=$(cat "$FRAGMENT" "$SELF" | sha256sum | cut -c1-12)
key=$version-$hash12
cache=${INGOT_CACHE:-${INGOT_HOME:-$HOME/.ingot}/cache}/linux
final=$cache/$key
out=$final/vmlinux

# Fast path: already built. This is what every `ingot run` after the first hits.
if [ -f "$out" ]; then
    echo "$out"
    exit 0
fi

mkdir -p "$cache"
# --- one builder at a time -------------------------------------------------
exec 9>"$cache/.lock-$key"
if ! flock -n 9; then
    say "another build of $key is running; waiting for it"
    flock 9
fi
if [ -f "$out" ]; then          # the other build finished it for us
    echo "$out"
    exit 0
fi

work=$cache/.work-$key
stage=$cache/.stage-$key
log=$cache/build-$key.log
rm -rf "$work" "$stage"
trap 'rm -rf "$work" "$stage"' EXIT
mkdir -p "$work" "$stage"
: >"$log"

fail() {
    echo "linux: error: $*" >&2
    echo "linux: build log: $log (last lines follow)" >&2
    tail -n 25 "$log" >&2 || true
    exit 1
}

start=$(date +%s)

# --- extract -----------------------------------------------------------------
say "extracting $SRC_TARBALL"
tar -C "$work" -xJf "$SRC_TARBALL" >>"$log" 2>&1 || fail "extracting the kernel source failed"
src=$(find "$work" -mindepth 1 -maxdepth 1 -type d | head -n 1)
[ -f "$src/Makefile" ] || fail "no kernel tree found in $SRC_TARBALL"

# One source change, for boot time under TCG (QEMU without KVM): when the
# kernel frees its init sections it first fills them with a poison byte.
# Those pages hold code QEMU has just translated, so every write forces QEMU
# to throw translations away: ~150 ms of a ~0.5 s boot. Freeing them without
# the fill (poison -1 means "no fill") only loses a debugging aid: catching
# a late use of init memory.
say "patching: no poison fill when freeing init memory"
poison_file=$src/arch/x86/mm/init.c
grep -q 'POISON_FREE_INITMEM, what);' "$poison_file" ||
    fail "cannot apply the init-memory patch: $poison_file changed upstream"
sed -i 's/POISON_FREE_INITMEM, what);/-1, what);/' "$poison_file"

# Fixed build identity so that two builds of the same key give the same
# kernel banner, whoever and wherever builds it.
export ARCH=x86_64
export KBUILD_BUILD_USER=ingot KBUILD_BUILD_HOST=ingot
export KBUILD_BUILD_TIMESTAMP="ingot $key"
jobs=${INGOT_JOBS:-$(nproc)}

# --- configure ---------------------------------------------------------------
say "configuring (tinyconfig + $(basename "$FRAGMENT"))"
(
    cd "$src"
    make tinyconfig
    scripts/kconfig/merge_config.sh -m .config "$FRAGMENT"
    make olddefconfig
) >>"$log" 2>&1 || fail "configuring the kernel failed"

# tinyconfig's dependencies silently drop options whose prerequisites are
# off; check that every option we asked for really has the value we asked.
missing=()
while IFS= read -r line; do
    case $line in CONFIG_*=*) ;; *) continue ;; esac
    name=${line%%=*}
    want=${line#*=}
    if [ "$want" = n ]; then
        grep -Eq "^$name=[ym]$" "$src/.config" && missing+=("$name should be off")
    else
        grep -qxF "$line" "$src/.config" ||
            missing+=("$line (got: $(grep -E "^$name=|^# $name is not set" "$src/.config" || echo absent))")
    fi
done <"$FRAGMENT"
if [ ${#missing[@]} -gt 0 ]; then
    printf 'linux: config option not applied: %s\n' "${missing[@]}" >>"$log"
    fail "kernel.config options did not stick: ${missing[*]}"
fi

# --- compile -------------------------------------------------------------------
say "compiling (takes ~4 min on 2 cores); log: $log"
make -C "$src" -j"$jobs" vmlinux >>"$log" 2>&1 || fail "compiling the kernel failed"

# Strip the symbol table (there is no debug info with this config): QEMU
# only needs the loadable segments and the PVH note, which strip keeps.
strip -o "$stage/vmlinux" "$src/vmlinux" >>"$log" 2>&1 || fail "stripping vmlinux failed"
if ! readelf -n "$stage/vmlinux" 2>/dev/null | grep -q 'Unknown note type: (0x00000012)\|XEN_ELFNOTE_PHYS32_ENTRY\|0x00000012'; then
    fail "vmlinux has no PVH entry note (XEN_ELFNOTE_PHYS32_ENTRY); is CONFIG_PVH on?"
fi
cp "$src/.config" "$stage/config"

end=$(date +%s)
{
    echo "source=linux-source-6.1 $version"
    echo "key=$key"
    echo "build_seconds=$((end - start))"
    echo "jobs=$jobs"
    echo "vmlinux_bytes=$(stat -c %s "$stage/vmlinux")"
    echo "built_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
} >"$stage/build-info"
mv "$log" "$stage/build.log"

# --- publish atomically ------------------------------------------------------------
rm -rf "$work"
mv "$stage" "$final"
trap - EXIT
say "built in $((end - start)) s: $out"
echo "$out"
