#!/bin/sh
# check.sh — boots every tests/programs program (musl, glibc, glibc-pie
# builds) under the native kernel and compares with the oracle: the .musl
# binary run natively on this host, chrooted into the same rootfs, with the
# same argv and environment.
# Compared: stdout with the kernel's own diagnostic lines removed
# ("ingot: ..." lines: every kernel diagnostic line carries that prefix), and the
# exit status. Negative tests must also show the kernel's fault report.
# Usage: check.sh [NAME...]   (default: all programs)
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
progs=$root/tests/programs
make -s -C "$progs" >/dev/null || exit 1
export PROG_ENV="HOME=/ LANG=C INGOT_TEST=1"
ARGS="one two-words"
names=${*:-$(cd "$progs" && ls *.c | sed 's/\.c$//')}
filter() { grep -v '^ingot: ' || true; }   # every kernel diagnostic line starts with "ingot: "
pass=0 fail=0 failed=""
tmp=$(mktemp -d /tmp/ingot-check.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
for name in $names; do
	NATIVE=1 "$root/kernel/tests/boot.sh" "$progs/build/$name.musl" $ARGS > "$tmp/expected" 2>/dev/null
	want=$?
	for v in musl glibc glibc-pie; do
		"$root/kernel/tests/boot.sh" "$progs/build/$name.$v" $ARGS > "$tmp/raw" 2>"$tmp/err"
		got=$?
		filter < "$tmp/raw" > "$tmp/actual"
		ok=yes
		[ "$got" = "$want" ] || ok="status $got, want $want"
		[ "$ok" = yes ] && ! cmp -s "$tmp/expected" "$tmp/actual" && ok="stdout differs"
		case $name in
		write_rodata|exec_stack|nullderef)
			grep -q '^ingot: program fault: SIGSEGV' "$tmp/raw" || ok="no fault report";;
		esac
		[ "$name" = nullderef ] && ! grep -q 'cr2=0x0 ' "$tmp/raw" && ok="no cr2=0x0"
		if [ "$ok" = yes ]; then
			pass=$((pass + 1))
			printf 'PASS %s.%s\n' "$name" "$v"
		else
			fail=$((fail + 1))
			failed="$failed $name.$v"
			printf 'FAIL %s.%s: %s\n' "$name" "$v" "$ok"
			diff "$tmp/expected" "$tmp/actual" | head -10
		fi
	done
done
# Dynamic programs (ld.so + libc from the host, put in the image by
# bin/ingot build). musl's libc.so is in no ld.so.cache: `ingot build` says
# to point LD_LIBRARY_PATH at it, as a user would.
musl_lib=$(dirname "$(readlink -f /lib/ld-musl-x86_64.so.1 2>/dev/null || echo /x/x)")
for cc in gcc musl-gcc; do
	"$cc" -O2 -o "$tmp/dyn" "$progs/stdio.c" 2>/dev/null || continue
	libs=""
	[ "$cc" = musl-gcc ] && libs=$musl_lib
	NATIVE=1 "$root/kernel/tests/boot.sh" "$progs/build/stdio.musl" > "$tmp/expected" 2>/dev/null
	env ${libs:+LD_LIBRARY_PATH=$libs} "$root/kernel/tests/boot.sh" "$tmp/dyn" > "$tmp/raw" 2>/dev/null
	got=$?
	if [ "$got" = 0 ] && filter < "$tmp/raw" | cmp -s "$tmp/expected" -; then
		pass=$((pass + 1)); echo "PASS stdio.dynamic-$cc"
	else
		fail=$((fail + 1)); failed="$failed stdio.dynamic-$cc"; echo "FAIL stdio.dynamic-$cc"
	fi
done
# Go programs (static, CGO_ENABLED=0, default runtime: threads, futexes,
# SIGURG preemption, epoll, timers), built by tests/programs/go/Makefile.
if command -v go >/dev/null 2>&1 && make -s -C "$progs/go" >/dev/null 2>&1; then
	for g in "$progs"/go/build/*; do
		[ -f "$g" ] && [ -x "$g" ] || continue
		name=go-$(basename "$g")
		NATIVE=1 "$root/kernel/tests/boot.sh" "$g" > "$tmp/expected" 2>/dev/null
		want=$?
		"$root/kernel/tests/boot.sh" "$g" > "$tmp/raw" 2>/dev/null
		got=$?
		if [ "$got" = "$want" ] && filter < "$tmp/raw" | cmp -s "$tmp/expected" -; then
			pass=$((pass + 1)); echo "PASS $name"
		else
			fail=$((fail + 1)); failed="$failed $name"; echo "FAIL $name (status $got, want $want)"
			filter < "$tmp/raw" | diff "$tmp/expected" - | head -10
		fi
	done
else
	echo "SKIP go programs (no Go toolchain)"
fi
# Kernel features: diagnostics, trace, boot timing, ASLR switch.
feature() {   # NAME RESULT(yes/other)
	if [ "$2" = yes ]; then pass=$((pass + 1)); echo "PASS $1"
	else fail=$((fail + 1)); failed="$failed $1"; echo "FAIL $1"; fi
}
hello=$progs/build/hello.musl
out=$(APPEND=ingot.crashtest=1 "$root/kernel/tests/boot.sh" "$hello" 2>/dev/null); st=$?
feature kernel-fault-backtrace "$( [ $st = 126 ] && echo "$out" | grep -q '^ingot: panic: kernel fault' &&
	echo "$out" | grep -q 'kmain+0x' && echo yes)"
out=$(APPEND=ingot.trace=1 "$root/kernel/tests/boot.sh" "$progs/build/readfile.glibc" 2>/dev/null)
feature trace "$(echo "$out" | grep -qF 'openat(AT_FDCWD, "/data/hello.txt", O_RDONLY) = 3' &&
	echo "$out" | grep -qF 'openat(AT_FDCWD, "/data/does-not-exist", O_RDONLY) = -1 ENOENT' && echo yes)"
out=$(APPEND=ingot.debug=1 "$root/kernel/tests/boot.sh" "$hello" 2>/dev/null)
feature debug-boot-timing "$(echo "$out" | grep -q 'us from kernel entry to first user instruction' && echo yes)"
# virtio-rng: with the device the kernel seeds random_bytes() from it
# (one ingot.debug line); without it, no such line.
rng="-object rng-random,id=rng0,filename=/dev/urandom -device virtio-rng-device,rng=rng0"
a=$(QEMU_EXTRA="$rng" APPEND=ingot.debug=1 "$root/kernel/tests/boot.sh" "$progs/build/random.musl" 2>/dev/null); st=$?
feature virtio-rng-seed "$( [ $st = 0 ] && echo "$a" | grep -q '^ingot: random: seeded from virtio-rng' &&
	! echo "$out" | grep -q 'virtio-rng' && echo yes)"
printf '#include <stdio.h>\nint main(void){int x;printf("%%p %%p\\n",(void*)&x,(void*)main);return 0;}\n' > "$tmp/aslr.c"
gcc -static-pie -O1 -o "$tmp/aslr" "$tmp/aslr.c"
a=$("$root/kernel/tests/boot.sh" "$tmp/aslr" 2>/dev/null); b=$("$root/kernel/tests/boot.sh" "$tmp/aslr" 2>/dev/null)
feature aslr-on "$( [ -n "$a" ] && [ "$a" != "$b" ] && echo yes)"
a=$(APPEND=ingot.aslr=0 "$root/kernel/tests/boot.sh" "$tmp/aslr" 2>/dev/null)
b=$(APPEND=ingot.aslr=0 "$root/kernel/tests/boot.sh" "$tmp/aslr" 2>/dev/null)
feature aslr-off "$( [ -n "$a" ] && [ "$a" = "$b" ] && echo yes)"
# The vDSO: [vdso]/[vvar] in /proc/self/maps, neither writable; libc's
# clock reads make no syscall (none traced between the program's markers);
# with ASLR off the vDSO sits at the same address every boot.
vdso=$progs/build/vdso.glibc
out=$("$root/kernel/tests/boot.sh" "$vdso" native 2>/dev/null); st=$?
feature vdso-maps-readonly "$( [ $st = 0 ] && echo "$out" | grep -q '^maps: \[vvar\] right below \[vdso\]: yes' &&
	! echo "$out" | grep -q ': no$' && echo yes)"
for v in musl glibc; do
	out=$(APPEND=ingot.trace=1 "$root/kernel/tests/boot.sh" "$progs/build/vdso.$v" libc 2000 2>/dev/null); st=$?
	n=$(echo "$out" | sed -n '/^libc loop: start/,/^libc loop: end/p' |
		grep -c '^\(clock_gettime\|gettimeofday\|time\)(')
	feature "vdso-no-syscalls-$v" "$( [ $st = 0 ] && echo "$out" | grep -q '^libc loop: end' && [ "$n" = 0 ] && echo yes)"
done
# Go's runtime finds __vdso_clock_gettime@LINUX_2.6 itself: no clock
# syscalls from the Go GC program (thousands with ingot.vdso=0).
go_gc=$progs/go/build/gc
if [ -x "$go_gc" ]; then
	out=$(APPEND=ingot.trace=1 "$root/kernel/tests/boot.sh" "$go_gc" 2>/dev/null); st=$?
	feature vdso-go "$( [ $st = 0 ] && [ "$(echo "$out" | grep -c '^clock_gettime(')" = 0 ] && echo yes)"
fi
printf '#include <stdio.h>\n#include <sys/auxv.h>\nint main(void){printf("%%lx\\n",getauxval(AT_SYSINFO_EHDR));return 0;}\n' > "$tmp/ehdr.c"
musl-gcc -static -O1 -o "$tmp/ehdr" "$tmp/ehdr.c"
a=$(APPEND=ingot.aslr=0 "$root/kernel/tests/boot.sh" "$tmp/ehdr" 2>/dev/null)
b=$(APPEND=ingot.aslr=0 "$root/kernel/tests/boot.sh" "$tmp/ehdr" 2>/dev/null)
c=$("$root/kernel/tests/boot.sh" "$tmp/ehdr" 2>/dev/null)
feature vdso-aslr "$( [ -n "$a" ] && [ "$a" != 0 ] && [ "$a" = "$b" ] && [ -n "$c" ] && [ "$c" != "$a" ] && echo yes)"
# Out of memory (tests/oom/*.c): self-checking programs booted with 64 MiB;
# each prints PASS/FAIL lines and exits 0 only if all passed; the kernel
# must neither panic nor kill the program.
for src in "$root"/kernel/tests/oom/*.c; do
	name=oom-$(basename "$src" .c)
	musl-gcc -static -O2 -o "$tmp/$name" "$src" 2>/dev/null || { feature "$name" no; continue; }
	out=$(QEMU_MEM=64M "$root/kernel/tests/boot.sh" "$tmp/$name" 2>/dev/null); st=$?
	feature "$name" "$( [ $st = 0 ] && echo "$out" | grep -q '^PASS' && ! echo "$out" | grep -q '^FAIL' &&
		! echo "$out" | grep -q '^ingot: \(panic\|out of memory\)' && echo yes)"
	[ $st = 0 ] || echo "$out" | grep '^\(FAIL\|ingot: panic\|ingot: out of memory\)' | head -5
done
# The Go echo server gets as far as listening (then waits for clients, idle).
echo_bin=$root/examples/echo/echo
if [ -x "$echo_bin" ] || make -s -C "$root/examples/echo" >/dev/null 2>&1; then
	# 300 s / 240 s: the image is built (bin/ingot build) before the boot.
	timeout 300 "$root/kernel/tests/boot.sh" "$echo_bin" > "$tmp/echo" 2>/dev/null &
	bg=$!
	for _ in $(seq 960); do
		grep -q '^listening on :8080' "$tmp/echo" && break
		sleep 0.25
	done
	kill "$bg" 2>/dev/null; wait "$bg" 2>/dev/null
	feature go-echo-listens "$(grep -q '^listening on :8080' "$tmp/echo" &&
		! grep -q 'unimplemented syscall' "$tmp/echo" && echo yes)"
fi
echo "check: $pass passed, $fail failed${failed:+ ($failed )}"
[ "$fail" -eq 0 ]
