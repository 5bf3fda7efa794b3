"""Graceful stop: from the stop request to a stopped VM.

bench/programs/term waits for SIGTERM three ways: a handler that writes a
last line and exits 0, no handler (dies with 143), SIGTERM ignored. Each
is started with `ingot run -d`; once its "ready" line is in `ingot logs`:
  cli    the `ingot stop` command (-t 1 for the ignoring one, so its row
         is the timeout plus QMP quit), start to return: QEMU has then
         exited and been reaped (JVM start included);
  chan   the line `ingot-signal 15` written straight to the instance's
         signal.sock, no CLI -> QEMU's pid gone: what the guest takes to
         hear it, run the program's handler and exit (linux: the init
         shim polls COM3 every 50 ms; native: an interrupt);
  host   the program as a host process: kill -TERM -> reaped.
Median/min/max of `runs` stops per row; in chan rows QEMU counts as gone
once its pid is a zombie or absent (polled every 5 ms): this host's PID 1
reaps orphans only about once a second, which `ingot stop` waits out.
"""
import os
import signal
import socket
import subprocess
import time

import common
from common import INGOT, KERNELS, NA, PROGS, PREFIX, cell, ingot, instance, need, remove, summary

READY_TIMEOUT = 120  # seconds; a Linux boot under TCG on a loaded host
MODES = {  # row label: (image key, ingot stop flags)
    "SIGTERM handler": ("term-handle", []),
    "no handler (exit 143)": ("term-default", []),
    "SIGTERM ignored, -t 1 (QMP quit)": ("term-ignore", ["-t", "1"]),
}


def _exited(pid):
    """Gone, or a zombie: this host's PID 1 reaps orphans only about once a second."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def _gone(pid, t0, limit=60):
    while time.monotonic() - t0 < limit:
        if _exited(pid):
            return time.monotonic() - t0
        time.sleep(0.005)
    raise NA(f"QEMU still running {limit} s after the stop")


def _start(image, name):
    inst = f"{PREFIX}{name}"
    common._instances.add(inst)
    ingot("run", *common.RUN_FLAGS, "-d", "--name", inst, image)
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if "term: ready" in ingot("logs", inst, check=False)[1]:
            return inst, instance(inst)["pid"]
        time.sleep(0.05)
    raise NA("no ready line")


def _instance_dir(inst):
    home = os.environ.get("INGOT_HOME", os.path.expanduser("~/.ingot"))
    return os.path.join(home, "instances", instance(inst)["id"])


def cli_once(image, flags):
    inst, pid = _start(image, "stop")
    try:
        t0 = time.monotonic()
        r = subprocess.run([INGOT, "stop", *flags, inst], capture_output=True, text=True, timeout=120)
        dt = time.monotonic() - t0
        if r.returncode != 0 or not _exited(pid):
            raise NA(common.last_ingot_line(r.stderr) or "QEMU still running after ingot stop")
        return dt
    finally:
        remove(inst)


def chan_once(image):
    inst, pid = _start(image, "stop")
    try:
        with socket.socket(socket.AF_UNIX) as s:
            s.connect(os.path.join(_instance_dir(inst), "signal.sock"))
            t0 = time.monotonic()
            s.sendall(b"ingot-signal 15\n")
            return _gone(pid, t0, 20)
    finally:
        remove(inst)


def host_once(args):
    p = subprocess.Popen([os.path.join(PROGS, "term"), *args], stdout=subprocess.PIPE, text=True)
    p.stdout.readline()  # ready
    t0 = time.monotonic()
    p.send_signal(signal.SIGTERM)
    p.wait()
    p.stdout.close()
    return time.monotonic() - t0


def measure(images, runs):
    rows = {}
    host_args = {"term-handle": ["handle", "0"], "term-default": ["default"]}
    for label, (key, flags) in MODES.items():
        cli, chan = {}, {}
        host = host_args.get(key)
        cli["host"] = cell(lambda: summary([host_once(host) for _ in range(runs)])) if host else "-"
        chan["host"] = "-"
        for k in KERNELS:
            cli[k] = cell(lambda: summary([cli_once(need(images, key, k), flags) for _ in range(runs)]))
            chan[k] = cell(lambda: summary([chan_once(need(images, key, k)) for _ in range(runs)])) if host else "-"
        rows[f"{label}: ingot stop command (ms)"] = cli
        if host:
            rows[f"{label}: signal.sock write -> QEMU gone (ms)"] = chan
    return rows
