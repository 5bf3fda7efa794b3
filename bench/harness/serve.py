"""Boot on demand: `ingot serve`, connection -> first response byte.

Each service is served detached (`ingot serve -d`) with the image of the
row's program and kernel. cold: a client connects to the supervisor's port
while no VM runs and sends one request (echo: a line; http: GET /); the
figure is wall clock (time.monotonic) from the start of connect() to the
first byte back, so it includes QEMU's start, the kernel's boot, the
program's start and the relay's retries. Between cold starts the service
goes idle (--idle 1s) and we wait until `ingot ps` shows it waiting again.
warm: the same on a service kept booted (--min 1), one new connection per
request. p99 is the nearest-rank percentile. idle supervisor: VmRSS of the
supervisor JVM while its service waits with no VM (scaled to zero).
"""
import json
import socket
import time

import common
from common import KERNELS, NA, free_port, ingot, need, percentile, rss_kib, summary

REQUEST = {"echo": b"x\n", "http": b"GET / HTTP/1.0\r\nHost: bench\r\n\r\n"}
TIMEOUT = 120  # seconds: a cold Linux boot on a loaded TCG host


def _first_byte(port, prog):
    t0 = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as s:
        s.settimeout(TIMEOUT)
        s.sendall(REQUEST[prog])
        if not s.recv(1):
            raise NA("the service closed the connection without a byte")
    return time.monotonic() - t0


def _service(name):
    _, out, _ = ingot("ps", "--json")
    for r in json.loads(out):
        if r.get("type") == "service" and r["name"] == name:
            return r
    raise NA(f"service {name} not in ingot ps")


def _await_state(name, state, within=120):
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if _service(name)["status"] == state:
            return
        time.sleep(0.3)
    raise NA(f"service {name} did not become {state}")


class _Served:
    """A detached service, removed with its VMs however the measurement ends."""

    def __init__(self, image, prog, kernel, *flags):
        self.port = free_port()
        self.name = f"{common.PREFIX}serve-{prog}-{kernel}-{self.port}"
        ingot("serve", "-d", *common.RUN_FLAGS, "--name", self.name, "-p", f"{self.port}:8080", *flags, image)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        ingot("rm", "-f", self.name, check=False)


def cold(image, prog, kernel, runs):
    xs = []
    with _Served(image, prog, kernel, "--idle", "1s") as s:
        for _ in range(runs):
            _await_state(s.name, "waiting")
            xs.append(_first_byte(s.port, prog))
    return xs


def warm(image, prog, kernel, runs):
    with _Served(image, prog, kernel, "--min", "1", "--idle", "0") as s:
        _first_byte(s.port, prog)  # the first answer marks the VM ready
        return [_first_byte(s.port, prog) for _ in range(runs)]


def idle_memory(images):
    """{row: {kernel: bytes}}: the supervisor's RSS while its service waits with no VM."""
    row = {"host": "-"}
    for k in KERNELS:
        def one():
            with _Served(need(images, "echo", k), "echo", k, "--idle", "1s") as s:
                _first_byte(s.port, "echo")
                _await_state(s.name, "waiting")
                time.sleep(1)
                return rss_kib(_service(s.name)["pid"]) * 1024
        row[k] = common.cell(one)
    return {"idle supervisor (scaled to zero): RSS": row}


def _cells(fn):
    """median [min..max] and p99 cells for one list of samples."""
    try:
        xs = fn()
    except NA as e:
        return f"n/a ({e})", f"n/a ({e})"
    return summary(xs), percentile(xs, 99)


def measure(images, runs):
    """{row: {"linux"|"native": summary (seconds) or "n/a (reason)"}}; no host column (nothing to boot)."""
    rows = {}
    for prog in ("echo", "http"):
        for kind, fn in (("cold", cold), ("warm", warm)):
            med, p99 = {"host": "-"}, {"host": "-"}
            for k in KERNELS:
                med[k], p99[k] = _cells(lambda: fn(need(images, prog, k), prog, k, runs))
            rows[f"{prog}: {kind} connection -> first byte"] = med
            rows[f"{prog}: {kind} p99"] = p99
    return rows
