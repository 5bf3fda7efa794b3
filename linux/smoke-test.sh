#!/usr/bin/env bash
# Boots the linux backend by hand, the way the Java toolchain does, and checks
# the boot protocol end to end: hello (exit 0), exit(3), a segfault (139), a
# missing program (127), a dynamically linked /usr/bin/printf, and the Go echo
# server answering through a forwarded port. Then times hello boots.
#
#   linux/smoke-test.sh            # all checks + 5 timed hello boots
#   RUNS=11 linux/smoke-test.sh    # more timed boots
#
# Needs: qemu-system-x86_64, musl-gcc, go, cpio, nc (netcat-openbsd).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-5}
PORT=${PORT:-18080}
work=$(mktemp -d /tmp/ingot-smoke.XXXXXX)
trap 'rm -rf "$work"' EXIT

vmlinux=$("$ROOT/linux/build-kernel.sh" | tail -n 1)
make -s -C "$ROOT/linux/init"
make -s -C "$ROOT/examples/hello"
make -s -C "$ROOT/examples/echo"
shim=$ROOT/linux/init/build/ingot-init

printf '#include <stdlib.h>\nint main(void){exit(3);}\n' >"$work/exit3.c"
printf 'int main(void){volatile int *p=0; return *p;}\n' >"$work/segv.c"
printf '#include <stdio.h>\nint main(void){char b[64]={0};FILE*f=fopen("/proc/uptime","r");if(f&&fgets(b,sizeof b,f))printf("uptime %%s",b);return 0;}\n' >"$work/uptime.c"
for p in exit3 segv uptime; do musl-gcc -static -O0 -s -o "$work/$p" "$work/$p.c"; done

# Under TCG the guest TSC ticks at the host's TSC rate; telling the kernel
# spares it a PIT calibration that fails on a busy host.
khz=$(awk -F: '/^cpu MHz/ {printf "%d", $2 * 1000; exit}' /proc/cpuinfo)
CMDLINE="console=ttyS0 quiet loglevel=3 panic=-1 noapictimer no_timer_check noreplace-smp${khz:+ tsc_early_khz=$khz}"

# image NAME GUEST_PATH HOST_FILE [ARGS...]: a rootfs laid out as the
# protocol says; EXTRA="host:guest ..." adds files, ENVS="K=V ..." the env.
image() {
    local name=$1 gpath=$2 hfile=$3; shift 3
    local d=$work/root-$name
    mkdir -p "$d/.ingot" "$d/tmp" "$d/etc" "$(dirname "$d$gpath")"
    cp "$shim" "$d/init"
    [ -z "$hfile" ] || cp "$hfile" "$d$gpath"
    printf '%s\0' "$gpath" "$@" >"$d/.ingot/argv"
    : >"$d/.ingot/env"
    local e x
    for e in ${ENVS:-}; do printf '%s\0' "$e" >>"$d/.ingot/env"; done
    echo "nameserver 10.0.2.3" >"$d/etc/resolv.conf"
    for x in ${EXTRA:-}; do
        mkdir -p "$(dirname "$d${x#*:}")"
        cp "${x%%:*}" "$d${x#*:}"
    done
    (cd "$d" && find . | sort | cpio -o -H newc --quiet) >"$work/$name.cpio"
}

# boot NAME: runs the image; sets $status (QEMU's) and $record (COM2).
boot() {
    local name=$1
    : >"$work/ctl"
    set +e
    timeout 120 qemu-system-x86_64 -M microvm,acpi=off -accel tcg -cpu max \
        -m 128M -smp 1 -nodefaults -no-user-config -display none -no-reboot \
        -serial stdio \
        -chardev file,id=ctl,path="$work/ctl" -device isa-serial,chardev=ctl,iobase=0x2f8,irq=3 \
        -device isa-debug-exit,iobase=0xf4,iosize=4 \
        -netdev user,id=n0,hostfwd=tcp:127.0.0.1:$PORT-:8080 -device virtio-net-device,netdev=n0 \
        -kernel "$vmlinux" -initrd "$work/$name.cpio" -append "$CMDLINE" \
        </dev/null >"$work/$name.out" 2>&1
    status=$?
    set -e
    record=$(cat "$work/ctl")
}

failures=0
check() { # NAME WANT_RECORD WANT_QEMU_STATUS [WANT_OUTPUT_SUBSTRING...]
    local name=$1 want_record=$2 want_status=$3 ok=1 text
    shift 3
    [ "$record" = "$want_record" ] && [ "$status" = "$want_status" ] || ok=0
    for text in "$@"; do grep -qF -- "$text" "$work/$name.out" || ok=0; done
    if [ "$ok" = 1 ]; then
        echo "ok   $name: $record, qemu $status"
    else
        echo "FAIL $name: record '$record' qemu $status (want '$want_record', $want_status, output with: $*); console:"
        sed 's/^/     | /' "$work/$name.out"
        failures=$((failures + 1))
    fi
}

ENVS="GREETING=hi" image hello /app/hello "$ROOT/examples/hello/hello" world
boot hello; check hello "ingot-exit 0" 1 "Hello from Ingot! world" "GREETING=hi"
image exit3 /app/exit3 "$work/exit3"
boot exit3; check exit3 "ingot-exit 3" 7
image segv /app/segv "$work/segv"
boot segv; check segv "ingot-exit 139" 23
image missing /app/nope ""
boot missing; check missing "ingot-exit 127" 255 "ingot: cannot run /app/nope: No such file or directory"
EXTRA="/lib64/ld-linux-x86-64.so.2:/lib64/ld-linux-x86-64.so.2 /lib/x86_64-linux-gnu/libc.so.6:/lib/x86_64-linux-gnu/libc.so.6" \
    image printf /usr/bin/printf /usr/bin/printf 'dynamic %s\n' works
boot printf; check printf "ingot-exit 0" 1 "dynamic works"

# The echo server runs until killed, so talk to it while it runs.
image echo /app/echo "$ROOT/examples/echo/echo"
boot echo &
qemu_job=$!
reply=
for _ in $(seq 60); do
    reply=$(printf 'ping through ingot\n' | nc -q 1 -w 2 127.0.0.1 "$PORT" 2>/dev/null || true)
    [ -n "$reply" ] && break
    sleep 0.5
done
pkill -TERM -P "$qemu_job" 2>/dev/null || true   # the timeout child of our own job
wait "$qemu_job" 2>/dev/null || true
if [ "$reply" = "ping through ingot" ] && grep -q 'listening on :8080' "$work/echo.out"; then
    echo "ok   echo: answered '$reply'"
else
    echo "FAIL echo: reply '$reply'; console:"; sed 's/^/     | /' "$work/echo.out"
    failures=$((failures + 1))
fi

# Timing: whole QEMU run and the guest's uptime when the program starts.
image uptime /app/uptime "$work/uptime"
times=()
for _ in $(seq "$RUNS"); do
    start=$(date +%s%N)
    boot uptime
    end=$(date +%s%N)
    times+=("$(( (end - start) / 1000000 )) $(awk '/^uptime/ {printf "%d", $2 * 1000}' "$work/uptime.out")")
done
# "median (fastest)": on a shared host the fastest run shows what the
# machine can do, the median what to expect.
stats() { sort -n | awk '{ v[NR] = $1 } END { printf "%d ms (fastest %d ms)", v[int((NR + 1) / 2)], v[1] }'; }
whole=$(printf '%s\n' "${times[@]}" | cut -d' ' -f1 | stats)
to_program=$(printf '%s\n' "${times[@]}" | cut -d' ' -f2 | stats)
echo "timing, median of $RUNS: whole QEMU run $whole; kernel start to program $to_program"
echo "cmdline: $CMDLINE"
[ "$failures" -eq 0 ] || { echo "$failures check(s) failed"; exit 1; }
