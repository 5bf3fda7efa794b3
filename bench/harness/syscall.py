"""Syscall cost, and a clock read that is not one.

bench/programs/getppid times N raw getppid() calls with
clock_gettime(CLOCK_MONOTONIC) inside the program and prints ns/call;
bench/programs/clock times N clock_gettime(CLOCK_MONOTONIC) calls through
musl, which reads the clock in the vDSO where the kernel maps one (the host,
linux and native all do), so no syscall is made. Each runs as a host process
and with `ingot run IMAGE` (the guest's own clock, so boot time is
excluded). Median of 3 runs (--quick: 1).
"""
import os
import re
import statistics
import subprocess

import common

from common import INGOT, KERNELS, NA, PROGS, cell, last_ingot_line, need

CALLS = "1000000"  # also baked into the images' argv (images.PROGRAMS)
PROGRAMS = {  # row: (program, what it prints before " ns/call")
    "getppid() ns/call": ("getppid", "getppid"),
    "clock_gettime() ns/call (vDSO)": ("clock", "clock_gettime"),
}


def _parse(out, label):
    m = re.search(label + r": ([\d.]+) ns/call", out)
    if not m:
        raise NA(last_ingot_line(out) or "no result printed")
    return float(m.group(1))


def once(prog, label, where, images):
    if where == "host":
        argv = [os.path.join(PROGS, prog), CALLS]
    else:
        argv = [INGOT, "run", *common.RUN_FLAGS, need(images, prog, where)]
    r = subprocess.run(argv, capture_output=True, text=True, timeout=300)
    return _parse(r.stdout + r.stderr, label)


def measure(images, runs):
    rows = {}
    for row, (prog, label) in PROGRAMS.items():
        rows[row] = {w: cell(lambda: statistics.median(once(prog, label, w, images) for _ in range(runs)))
                     for w in ("host",) + KERNELS}
    return rows
