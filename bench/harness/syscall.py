"""Syscall cost.

bench/programs/getppid times N raw getppid() calls with
clock_gettime(CLOCK_MONOTONIC) inside the program and prints ns/call; run as
a host process and with `ingot run IMAGE` (the guest's own clock, so boot
time is excluded). Median of 3 runs (--quick: 1).
"""
import os
import re
import statistics
import subprocess

import common

from common import INGOT, KERNELS, NA, PROGS, cell, last_ingot_line, need

CALLS = "1000000"  # also baked into the images' argv (images.PROGRAMS)


def _parse(out):
    m = re.search(r"getppid: ([\d.]+) ns/call", out)
    if not m:
        raise NA(last_ingot_line(out) or "no result printed")
    return float(m.group(1))


def once(where, images):
    if where == "host":
        argv = [os.path.join(PROGS, "getppid"), CALLS]
    else:
        argv = [INGOT, "run", *common.RUN_FLAGS, need(images, "getppid", where)]
    r = subprocess.run(argv, capture_output=True, text=True, timeout=300)
    return _parse(r.stdout + r.stderr)


def measure(images, runs):
    row = {}
    for w in ("host",) + KERNELS:
        row[w] = cell(lambda: statistics.median(once(w, images) for _ in range(runs)))
    return {"getppid() ns/call": row}
