#!/bin/sh
# fuzz.sh — runs the syscall fuzzer (tests/fuzz/) in the native kernel
# under QEMU, once per seed, and fails when the kernel panics, when the
# console stays silent for FUZZ_STALL seconds (a frozen kernel: the fuzzer
# prints progress every second), when the run outlives its budget, or when
# the fuzzer does not reach its "fuzz: done" line with status 0.
# Usage: fuzz.sh [SEED...]   (no seed: FUZZ_RUNS random seeds, printed)
# Environment: FUZZ_SECONDS (20 per seed), FUZZ_RUNS (3), FUZZ_STALL (60),
# KERNEL, QEMU_MEM (512M). Reproduce a failure with the seed it printed:
#   make -C kernel fuzz FUZZ_SEED=N FUZZ_SECONDS=S
set -u
here=$(cd "$(dirname "$0")" && pwd)
out=$here/../build/fuzz
secs=${FUZZ_SECONDS:-20}
runs=${FUZZ_RUNS:-3}
stall=${FUZZ_STALL:-60}
budget=$((secs + 240))   # boot, the sweep and the wind-down under a loaded TCG host
mkdir -p "$out"
musl-gcc -static -O2 -Wall -Wextra -Wno-unused-parameter -o "$out/fuzz" "$here"/fuzz/*.c ||
	{ echo "FAIL fuzz: the fuzzer does not build"; exit 1; }
seeds=${*:-}
if [ -z "$seeds" ]; then
	i=0
	while [ $i -lt "$runs" ]; do
		seeds="$seeds $(od -An -N8 -tu8 /dev/urandom | tr -d ' ')"
		i=$((i + 1))
	done
fi
tmp=$(mktemp -d /tmp/ingot-fuzz.XXXXXX)
pid=
cleanup() { [ -n "$pid" ] && kill -9 "-$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
pass=0 fail=0
for seed in $seeds; do
	log=$tmp/$seed.log
	echo "fuzz: seed $seed, ${secs}s (reproduce: make -C kernel fuzz FUZZ_SEED=$seed FUZZ_SECONDS=$secs)"
	# setsid: boot.sh and its QEMU in a process group of their own, so a
	# frozen run can be ended whole.
	PROG_ENV="FUZZ_SEED=$seed FUZZ_SECONDS=$secs" QEMU_MEM=${QEMU_MEM:-512M} \
		setsid sh "$here/boot.sh" "$out/fuzz" > "$log" 2>&1 < /dev/null &
	pid=$!
	why= size=-1 quiet=0 waited=0
	while kill -0 "$pid" 2>/dev/null; do
		sleep 1
		waited=$((waited + 1))
		now=$(wc -c < "$log")
		if [ "$now" = "$size" ]; then quiet=$((quiet + 1)); else quiet=0; size=$now; fi
		if [ $quiet -ge "$stall" ]; then why="no output for ${stall}s: the kernel froze"; break; fi
		if [ $waited -ge $budget ]; then why="still running after ${budget}s"; break; fi
	done
	if [ -n "$why" ]; then
		kill -9 "-$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	else
		wait "$pid"
		st=$?
		if grep -aq '^ingot: panic' "$log"; then why="kernel panic"
		elif ! grep -aq '^fuzz: done' "$log"; then why="the fuzzer did not finish (status $st)"
		elif [ "$st" != 0 ]; then why="status $st"
		fi
	fi
	pid=
	if [ -z "$why" ]; then
		pass=$((pass + 1))
		echo "PASS fuzz seed $seed: $(grep -a '^fuzz: done' "$log" | sed 's/^fuzz: done seed=[0-9]* //')"
	else
		fail=$((fail + 1))
		echo "FAIL fuzz seed $seed: $why"
		grep -av 's calls=' "$log" | grep -av '^fuzz: sweep' | tail -40 | sed 's/^/    /'
		cp "$log" "$out/fail-$seed.log" && echo "    full console: $out/fail-$seed.log"
	fi
done
echo "fuzz: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
