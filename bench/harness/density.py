"""Density: N idle echo instances side by side.

Starts N instances one after another (`ingot run -d -p PORT:8080`, distinct
ports), waits until every one echoes, waits 3 s (SETTLE), then reports
  per start    (wall time from the first start until all N serve) / N
  RSS/inst     sum of the QEMU processes' VmRSS / N
  PSS/inst     sum of their Pss (/proc/PID/smaps_rollup) / N: RSS with shared
               pages (the QEMU binary, its libraries) split between sharers
and always stops and removes them (finally, and common.cleanup() at exit).
Host column: N echo processes.
"""
import os
import subprocess
import time

from common import (ECHO, KERNELS, NA, cell, free_port, instance, kill, need, remove,
                    rss_kib, run_detached, spawn, wait_echo, why_failed)

SETTLE = 3


def pss_kib(pid):
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            if line.startswith("Pss:"):
                return int(line.split()[1])
    raise NA("no Pss")


def _result(t0, n, pids):
    per_start = (time.monotonic() - t0) / n
    time.sleep(SETTLE)
    return {"per start (s)": per_start,
            "RSS per instance (bytes)": sum(rss_kib(p) for p in pids) * 1024 / n,
            "PSS per instance (bytes)": sum(pss_kib(p) for p in pids) * 1024 / n}


def guests(image, n, kernel):
    insts, ports, pids = [], [], []
    t0 = time.monotonic()
    try:
        for i in range(n):
            port = free_port()
            insts.append(run_detached(image, port, f"dens-{kernel}-{i}-{port}"))
            ports.append(port)
            pids.append(instance(insts[-1])["pid"])
            if i == 0:  # a kernel that cannot serve one will not serve twenty
                if not wait_echo(port, time.monotonic() + 60, lambda: os.path.exists(f"/proc/{pids[0]}")):
                    raise NA(why_failed(insts[0]))
        for inst, port, pid in zip(insts, ports, pids):
            if not wait_echo(port, time.monotonic() + 120, lambda: os.path.exists(f"/proc/{pid}")):
                raise NA(f"only some of {n} served: " + why_failed(inst))
        return _result(t0, n, pids)
    finally:
        remove(*insts)


def host(n):
    procs = []
    t0 = time.monotonic()
    try:
        ports = []
        for _ in range(n):
            ports.append(free_port())
            procs.append(spawn([ECHO, f"127.0.0.1:{ports[-1]}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        for port in ports:
            if not wait_echo(port, time.monotonic() + 10):
                raise NA("host echo did not serve")
        return _result(t0, n, [p.pid for p in procs])
    finally:
        for p in procs:
            kill(p)


def measure(images, n):
    cols = {"host": cell(lambda: host(n))}
    for k in KERNELS:
        cols[k] = cell(lambda: guests(need(images, "echo", k), n, k))
    rows = {}
    for metric in ("per start (s)", "RSS per instance (bytes)", "PSS per instance (bytes)"):
        rows[f"echo x{n}: {metric}"] = {c: (v[metric] if isinstance(v, dict) else v) for c, v in cols.items()}
    return rows
