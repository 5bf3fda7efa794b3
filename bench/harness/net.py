"""Network: echo round trip, HTTP with wrk, bulk TCP both ways.

echo RTT   one connection, one 2-byte line at a time, wait for it back;
           time.perf_counter_ns per round trip, 50 warm-up trips discarded; p50/p99 (us)
HTTP       bench/programs/http (static Go net/http), `wrk -t1 -cC -dDs
           --latency`: requests/s and latency p50/p99 (ms) per concurrency C
bulk       bench/programs/bulk: host->guest sends N bytes then reads the
           guest's byte count; guest->host asks for N bytes and reads to EOF;
           MiB/s over the whole transfer incl. connect
"""
import re
import socket
import subprocess
import time

from common import KERNELS, NA, cell, percentile
from server import serving

WARMUP = 50
WHERE = ("host",) + KERNELS


def echo_rtt(port, n):
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        xs = []
        for i in range(WARMUP + n):
            t0 = time.perf_counter_ns()
            s.sendall(b"x\n")
            got = b""
            while not got.endswith(b"\n"):
                b = s.recv(16)
                if not b:
                    raise NA("echo closed the connection")
                got += b
            if i >= WARMUP:
                xs.append((time.perf_counter_ns() - t0) / 1000)
    return {"p50": percentile(xs, 50), "p99": percentile(xs, 99)}


def _ms(v):
    n, unit = float(re.match(r"([\d.]+)", v).group(1)), re.search(r"[a-z]+$", v).group(0)
    return n * {"us": 1e-3, "ms": 1, "s": 1e3, "m": 6e4}[unit]


def wrk(port, conns, secs):
    out = subprocess.run(["wrk", "-t1", f"-c{conns}", f"-d{secs}s", "--latency", f"http://127.0.0.1:{port}/"],
                         capture_output=True, text=True, timeout=secs + 60).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
    if not (rps and p50 and p99):
        raise NA("wrk gave no result")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)|Socket errors: .*", out)
    if float(rps.group(1)) == 0:
        raise NA("no successful requests")
    return {"rps": float(rps.group(1)), "p50": _ms(p50.group(1)), "p99": _ms(p99.group(1)),
            "errors": errors.group(0) if errors else None}


def bulk(port, nbytes):
    buf = bytearray(1 << 20)
    # host -> guest
    t0 = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=60) as s:
        s.sendall(b"recv\n")
        chunk, left = bytes(1 << 20), nbytes
        while left > 0:
            k = min(left, len(chunk))
            s.sendall(chunk[:k])
            left -= k
        s.shutdown(socket.SHUT_WR)
        reply = s.makefile().readline().strip()
    up = time.monotonic() - t0
    if reply != str(nbytes):
        raise NA(f"guest received {reply or 'nothing'} of {nbytes} bytes")
    # guest -> host
    t0 = time.monotonic()
    got = 0
    with socket.create_connection(("127.0.0.1", port), timeout=60) as s:
        s.sendall(f"send {nbytes}\n".encode())
        while True:
            n = s.recv_into(buf)
            if not n:
                break
            got += n
    down = time.monotonic() - t0
    if got != nbytes:
        raise NA(f"got {got} of {nbytes} bytes")
    mib = nbytes / (1 << 20)
    return {"up": mib / up, "down": mib / down}


def measure(images, rtt_n, conc, secs, nbytes):
    rows = {}

    def put(row, where, v):
        rows.setdefault(row, {})[where] = v

    for w in WHERE:
        def rtt():
            with serving("echo", w, images) as port:
                return echo_rtt(port, rtt_n)
        r = cell(rtt)
        for q in ("p50", "p99"):
            put(f"echo RTT {q} (us)", w, r[q] if isinstance(r, dict) else r)

        def http():
            with serving("http", w, images) as port:
                return {c: cell(lambda: wrk(port, c, secs)) for c in conc}
        h = cell(http)
        for c in conc:
            v = h[c] if isinstance(h, dict) else h
            for key, label in (("rps", "req/s"), ("p50", "p50 ms"), ("p99", "p99 ms")):
                put(f"HTTP c={c} {label}", w, v[key] if isinstance(v, dict) else v)

        def blk():
            with serving("bulk", w, images) as port:
                return bulk(port, nbytes)
        b = cell(blk)
        put("bulk client->server (host->guest) MiB/s", w, b["up"] if isinstance(b, dict) else b)
        put("bulk server->client (guest->host) MiB/s", w, b["down"] if isinstance(b, dict) else b)
    return rows
