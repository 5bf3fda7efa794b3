"""Memory: the smallest guest RAM that still serves, and what one idle instance costs the host.

min -m   bisect `ingot run -d -m SIZE` of echo over [4M, 256M]: a size
         "serves" when a TCP client gets its byte echoed within 40 s. The
         CLI refuses sizes below each kernel's documented minimum
         (docs/cli.md), so the result is never below it.
idle RSS VmRSS (/proc/PID/status) of the QEMU process (pid from `ingot ps
         --json`) 2 s after echo first served, at the default -m 128M;
         host column: VmRSS of the echo process itself.
"""
import os
import subprocess
import time

from common import (ECHO, KERNELS, NA, cell, free_port, instance, kill, need, remove,
                    rss_kib, run_detached, spawn, wait_echo, why_failed)

LO, HI = 4, 256        # MiB; below what any guest needs, so the floor is found, not assumed
PROBE_TIMEOUT = 40     # s; a too-small guest usually panics at once, rarely hangs
SETTLE = 2             # s; let the guest go idle before reading RSS


def serves(image, mib, tag):
    """(True, None) if echo serves with -m {mib}M, else (False, reason)."""
    port = free_port()
    inst = None
    try:
        inst = run_detached(image, port, f"mem-{tag}-{mib}-{port}", memory=f"{mib}M")
        pid = instance(inst)["pid"]
        if wait_echo(port, time.monotonic() + PROBE_TIMEOUT, lambda: os.path.exists(f"/proc/{pid}")):
            return True, None
        return False, why_failed(inst)
    except NA as e:
        return False, str(e)
    finally:
        remove(inst)


def min_memory(image, tag, step):
    """Smallest MiB (to `step`) at which echo serves; bisection keeps probes to ~log2(240/step)."""
    ok, why = serves(image, HI, tag)
    if not ok:
        raise NA(why)
    if serves(image, LO, tag)[0]:
        return f"<={LO}M"
    lo, hi = LO, HI  # lo fails, hi serves
    while hi - lo > step:
        mid = (lo + hi) // 2
        if serves(image, mid, tag)[0]:
            hi = mid
        else:
            lo = mid
    return f"{hi}M"


def idle_rss(image, tag):
    port = free_port()
    inst = None
    try:
        inst = run_detached(image, port, f"rss-{tag}-{port}")
        pid = instance(inst)["pid"]
        if not wait_echo(port, time.monotonic() + 60, lambda: os.path.exists(f"/proc/{pid}")):
            raise NA(why_failed(inst))
        time.sleep(SETTLE)
        return rss_kib(pid) * 1024
    finally:
        remove(inst)


def host_rss():
    port = free_port()
    p = spawn([ECHO, f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if not wait_echo(port, time.monotonic() + 10):
            raise NA("host echo did not serve")
        time.sleep(SETTLE)
        return rss_kib(p.pid) * 1024
    finally:
        kill(p)


def measure(images, step):
    mins = {"host": "-"}
    rss = {"host": cell(host_rss)}
    for k in KERNELS:
        mins[k] = cell(lambda: min_memory(need(images, "echo", k), k, step))
        rss[k] = cell(lambda: idle_rss(need(images, "echo", k), k))
    return {"echo: smallest -m that serves": mins, "echo: idle host RSS (bytes)": rss}
