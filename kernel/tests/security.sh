#!/bin/sh
# security.sh — regression tests for the kernel's hardening (issue 11):
# each tests/security/NAME.c is built static (musl) and static-PIE (glibc),
# booted under the native kernel with a time limit, and must end with the
# status its "expect: N" line names, print no kernel panic, and match its
# optional "report: RE" / not match its "noreport: RE" lines (grep -E on
# the console). Then the kernel-side checks that need a crashtest hook.
# Usage: security.sh [NAME...]   Environment: KERNEL, LIMIT (seconds, 240: the
# image is built, by bin/ingot build, inside it).
set -u
here=$(cd "$(dirname "$0")" && pwd)
src=$here/security
out=$here/../build/security
LIMIT=${LIMIT:-240}
mkdir -p "$out"
names=${*:-$(cd "$src" && ls *.c | sed 's/\.c$//')}
pass=0 fail=0 failed=""
result() {   # NAME OK-or-reason
	if [ "$2" = yes ]; then pass=$((pass + 1)); echo "PASS $1"
	else fail=$((fail + 1)); failed="$failed $1"; echo "FAIL $1: $2"; fi
}
tmp=$(mktemp -d /tmp/ingot-sec.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
for name in $names; do
	c=$src/$name.c
	want=$(sed -n 's/^.*expect: \([0-9]*\).*$/\1/p' "$c" | head -1)
	report=$(sed -n 's/^ \* report: //p' "$c")
	noreport=$(sed -n 's/^ \* noreport: //p' "$c")
	musl-gcc -static -O2 -Wall -o "$out/$name.musl" "$c" &&
		gcc -static-pie -fPIE -O2 -Wall -o "$out/$name.glibc-pie" "$c" ||
		{ result "$name" "does not build"; continue; }
	for v in musl glibc-pie; do
		timeout "$LIMIT" sh "$here/boot.sh" "$out/$name.$v" > "$tmp/raw" 2>/dev/null
		got=$?
		ok=yes
		[ "$got" = "$want" ] || ok="status $got, want $want"
		[ $got = 124 ] && ok="timed out after ${LIMIT}s"
		grep -q '^ingot: panic' "$tmp/raw" && ok="kernel panic"
		[ -n "$report" ] && ! grep -qE "$report" "$tmp/raw" && ok="no report matching '$report'"
		[ -n "$noreport" ] && grep -qE "$noreport" "$tmp/raw" && ok="report matches '$noreport'"
		result "$name.$v" "$ok"
		[ "$ok" = yes ] || sed 's/^/    /' "$tmp/raw" | head -20
	done
done
# Kernel text must be read-only in every alias: a write to kmain through
# the direct map (ingot.crashtest=4) is a kernel fault, not a silent write.
if [ -z "${*:-}" ]; then
	hello=$out/hello.musl
	printf '#include <stdio.h>\nint main(void){puts("hello");return 0;}\n' > "$tmp/hello.c"
	musl-gcc -static -O2 -o "$hello" "$tmp/hello.c"
	raw=$(APPEND=ingot.crashtest=4 timeout "$LIMIT" sh "$here/boot.sh" "$hello" 2>/dev/null); st=$?
	ok=yes
	[ $st = 126 ] || ok="status $st, want 126"
	echo "$raw" | grep -q '^ingot: panic: kernel fault: vector 14 (page fault)' || ok="$ok; no page fault report"
	result kernel-text-direct-map-readonly "$ok"
fi
echo "security: $pass passed, $fail failed${failed:+ ($failed )}"
[ "$fail" -eq 0 ]
