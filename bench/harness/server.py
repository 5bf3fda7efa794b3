"""Start a network program (host process, or an image detached) and wait until it really serves.

A bare TCP connect is no proof for a guest: QEMU's user networking accepts
on the forwarded host port before the guest listens. So each program has a
probe that needs an answer from the program itself.
"""
import contextlib
import os
import socket
import subprocess
import time

from common import NA, PROGS, ECHO, echo_once, free_port, instance, kill, remove, run_detached, spawn, why_failed

HOST_PROGRAM = {"echo": ECHO, "http": os.path.join(PROGS, "http"), "bulk": os.path.join(PROGS, "bulk")}


def _http_once(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.settimeout(1)
            s.sendall(b"GET / HTTP/1.0\r\n\r\n")
            return s.recv(16).startswith(b"HTTP/")
    except OSError:
        return False


def _bulk_once(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.settimeout(1)
            s.sendall(b"send 1\n")
            return len(s.recv(1)) == 1
    except OSError:
        return False


PROBE = {"echo": echo_once, "http": _http_once, "bulk": _bulk_once}


def _wait(prog, port, alive, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if PROBE[prog](port):
            return True
        if not alive():
            return False
        time.sleep(0.05)
    return False


@contextlib.contextmanager
def serving(prog, where, images):
    """Yields the host port where `prog` serves; where is "host" or a kernel name."""
    port = free_port()
    if where == "host":
        p = spawn([HOST_PROGRAM[prog], f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            if not _wait(prog, port, lambda: p.poll() is None, 10):
                raise NA(f"host {prog} did not serve")
            yield port
        finally:
            kill(p)
        return
    image = images[(prog, where)]
    if image.startswith("n/a"):
        raise NA(image[5:-1])
    inst = None
    try:
        inst = run_detached(image, port, f"{prog}-{where}-{port}")
        pid = instance(inst)["pid"]
        if not _wait(prog, port, lambda: os.path.exists(f"/proc/{pid}"), 60):
            raise NA(why_failed(inst))
        yield port
    finally:
        remove(inst)
