"""Boot time: how long until the program does something useful.

Three ways per program, each repeated `runs` times (median/min/max):
  cli    `ingot run` (JVM CLI + image check + QEMU + guest) started -> first
         program output (hello) or first echoed byte (echo, run detached);
  qemu   the command from `ingot run --dry-run` run directly, no CLI:
         process start -> exit (hello) or -> first echoed byte (echo);
  host   the same program as a plain host process, same end point.
  disk   the command from `ingot run --boot disk --dry-run`: the image's raw
         boot disk on pc + SeaBIOS (docs/disk.md), process start -> exit;
         beside it the ratio of its median to the -kernel (microvm) median.
"""
import os
import re
import shutil
import subprocess
import tempfile
import time

import common
from common import (ECHO, HELLO, INGOT, NA, cell, dry_run_argv, free_port, instance, kill, last_ingot_line,
                    need, remove, run_detached, spawn, summary, wait_echo, why_failed)

SERVE_TIMEOUT = 60  # seconds; TCG on a shared host can be slow, we want no false n/a


def _repeat(runs, once):
    """Run once() `runs` times; the first NA ends the row with that reason."""
    xs = []
    for _ in range(runs):
        xs.append(once())
    return summary(xs)


def hello_cli(image):
    def once():
        t0 = time.monotonic()
        p = subprocess.Popen([INGOT, "run", *common.RUN_FLAGS, image],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for line in p.stdout:
            if "Hello from Ingot" in line:
                dt = time.monotonic() - t0
                p.communicate()
                return dt
        _, err = p.communicate()
        raise NA(_reason(err) or f"no output, exit {p.returncode}")
    return once


def _reason(text):
    """The telling line of a failed run, without ingot's routine progress lines."""
    return last_ingot_line("\n".join(l for l in text.splitlines()
                                     if "using TCG" not in l and "booting" not in l and "building" not in l))


def hello_host():
    t0 = time.monotonic()
    subprocess.run([HELLO], capture_output=True)
    # A host process's output arrives when it exits: first output == exit for hello.
    return time.monotonic() - t0


def _private_paths(argv, tmp):
    """Point the console/control/QMP paths of a dry-run command at our own directory."""
    return [re.sub(r"/[^ ,]*/instances/[0-9a-f]+/", tmp + "/", a) for a in argv]


def hello_qemu(image, boot="kernel"):
    argv = dry_run_argv(image, boot=boot)

    def once():
        tmp = tempfile.mkdtemp(prefix="bench-qemu-")
        try:
            t0 = time.monotonic()
            r = subprocess.run(_private_paths(argv, tmp), capture_output=True, timeout=120)
            dt = time.monotonic() - t0
            # --dry-run's command has the console on stdout (older ones wrote console.log).
            log = os.path.join(tmp, "console.log")
            con = open(log, errors="replace").read() if os.path.exists(log) else r.stdout.decode(errors="replace")
            if "Hello from Ingot" not in con:
                raise NA(_reason(con) or f"qemu exit {r.returncode}")
            return dt
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return once


def echo_cli(image, n):
    def once():
        port = free_port()
        inst = None
        t0 = time.monotonic()
        try:
            inst = run_detached(image, port, f"boot-{n}-{port}")
            pid = instance(inst)["pid"]
            ok = wait_echo(port, time.monotonic() + SERVE_TIMEOUT, lambda: os.path.exists(f"/proc/{pid}"))
            dt = time.monotonic() - t0
            if not ok:
                raise NA(why_failed(inst))
            return dt
        finally:
            remove(inst)
    return once


def echo_qemu(image):
    def once():
        port = free_port()
        argv = dry_run_argv(image, port)
        tmp = tempfile.mkdtemp(prefix="bench-qemu-")
        p = None
        try:
            t0 = time.monotonic()
            out = open(os.path.join(tmp, "console.log"), "ab")  # the console, when it is on stdout
            p = spawn(_private_paths(argv, tmp), stdout=out, stderr=subprocess.DEVNULL)
            out.close()
            ok = wait_echo(port, time.monotonic() + SERVE_TIMEOUT, lambda: p.poll() is None)
            dt = time.monotonic() - t0
            if not ok:
                con = open(os.path.join(tmp, "console.log"), errors="replace").read()
                raise NA(_reason(con) or f"qemu exit {p.poll()}")
            return dt
        finally:
            if p:
                kill(p)
            shutil.rmtree(tmp, ignore_errors=True)
    return once


def echo_host():
    port = free_port()
    t0 = time.monotonic()
    p = spawn([ECHO, f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if not wait_echo(port, time.monotonic() + 10, lambda: p.poll() is None):
            raise NA("host echo did not serve")
        return time.monotonic() - t0
    finally:
        kill(p)


def measure(runs, images):
    """{row: {"host"|"linux"|"native": summary (seconds) or "n/a (reason)"}}."""
    rows = {
        "hello: ingot run -> first output": {"host": cell(lambda: _repeat(runs, hello_host))},
        "hello: qemu process start -> exit": {},
        "hello: qemu start -> exit, boot disk on pc": {"host": "-"},
        "hello: boot disk / -kernel (ratio)": {"host": "-"},
        "echo: ingot run -d -> first echoed byte": {"host": cell(lambda: _repeat(runs, echo_host))},
        "echo: qemu process start -> first echoed byte": {},
    }
    # With no CLI or VM on the host, "qemu alone" and "ingot run" are the same host figure.
    rows["hello: qemu process start -> exit"]["host"] = rows["hello: ingot run -> first output"]["host"]
    rows["echo: qemu process start -> first echoed byte"]["host"] = rows["echo: ingot run -d -> first echoed byte"]["host"]
    for k in ("linux", "native"):
        rows["hello: ingot run -> first output"][k] = cell(lambda: _repeat(runs, hello_cli(need(images, "hello", k))))
        rows["hello: qemu process start -> exit"][k] = cell(lambda: _repeat(runs, hello_qemu(need(images, "hello", k))))
        disk = rows["hello: qemu start -> exit, boot disk on pc"][k] = cell(
            lambda: _repeat(runs, hello_qemu(need(images, "hello", k), boot="disk")))
        kern = rows["hello: qemu process start -> exit"][k]
        rows["hello: boot disk / -kernel (ratio)"][k] = (
            disk["median"] / kern["median"] if isinstance(disk, dict) and isinstance(kern, dict) else "-")
        rows["echo: ingot run -d -> first echoed byte"][k] = cell(lambda: _repeat(runs, echo_cli(need(images, "echo", k), k)))
        rows["echo: qemu process start -> first echoed byte"][k] = cell(lambda: _repeat(runs, echo_qemu(need(images, "echo", k))))
    return rows
