"""The native kernel's vDSO on and off (`ingot.vdso=0` on the kernel command line).

clock      bench/programs/clock: N clock_gettime(CLOCK_MONOTONIC) through
           musl, ns/call timed in the guest; with the vDSO libc reads the
           clock page, without it every call is a syscall
HTTP       bench/programs/http (static Go net/http, whose runtime reads the
           clock on every request and scheduler tick), `wrk -t1 -c16 -dDs`:
           requests/s
Each boots the command `ingot run --dry-run` prints, run directly, once as
is and once with `ingot.vdso=0` added to its -append (the CLI has no flag
for it: it exists for this comparison). Native column only; median [min..max]
of R runs.
"""
import os
import re
import shutil
import subprocess
import tempfile

from boot import _private_paths
from common import NA, cell, dry_run_argv, free_port, kill, need, spawn, summary
from net import wrk
from server import _wait

NO_VDSO = "ingot.vdso=0"


def _argv(image, word, port=None):
    argv = dry_run_argv(image, port)
    if word:
        i = argv.index("-append")
        argv[i + 1] = (argv[i + 1] + " " + word).strip()
    return argv


def clock_once(image, word):
    tmp = tempfile.mkdtemp(prefix="bench-vdso-")
    try:
        r = subprocess.run(_private_paths(_argv(image, word), tmp), capture_output=True, text=True, timeout=300)
        m = re.search(r"clock_gettime: ([\d.]+) ns/call", r.stdout)
        if not m:
            raise NA(f"no result (qemu exit {r.returncode})")
        return float(m.group(1))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def http_once(image, word, secs):
    port = free_port()
    tmp = tempfile.mkdtemp(prefix="bench-vdso-")
    p = None
    try:
        p = spawn(_private_paths(_argv(image, word, port), tmp), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if not _wait("http", port, lambda: p.poll() is None, 120):
            raise NA(f"http did not serve (qemu exit {p.poll()})")
        return wrk(port, 16, secs)["rps"]
    finally:
        if p:
            kill(p)
        shutil.rmtree(tmp, ignore_errors=True)


def measure(images, runs, secs):
    clock, http = need(images, "clock", "native"), need(images, "http", "native")
    rows = {}
    for label, word in (("vDSO", ""), (NO_VDSO, NO_VDSO)):
        rows[f"clock_gettime() ns/call ({label})"] = {
            "host": "-", "linux": "-",
            "native": cell(lambda: summary([clock_once(clock, word) for _ in range(runs)]))}
        rows[f"Go HTTP wrk -c16 req/s ({label})"] = {
            "host": "-", "linux": "-",
            "native": cell(lambda: summary([http_once(http, word, secs) for _ in range(runs)]))}
    return rows
