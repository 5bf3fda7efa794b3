"""Builds every (program, kernel) image once, and reports image sizes.

Sizes come from `ingot inspect IMAGE` (the manifest's kernel.size and
rootfs.size, bytes on disk); the host column is the program file itself,
which is all a host process needs.
"""
import json
import os

from common import ECHO, HELLO, KERNELS, NA, PROGS, build, cell, ingot, need

PROGRAMS = {
    "hello": [HELLO],
    "echo": [ECHO],
    "http": [os.path.join(PROGS, "http")],
    "bulk": [os.path.join(PROGS, "bulk")],
    "getppid": [os.path.join(PROGS, "getppid"), "1000000"],
    "clock": [os.path.join(PROGS, "clock"), "1000000"],
    "term-handle": [os.path.join(PROGS, "term"), "handle", "0"],
    "term-default": [os.path.join(PROGS, "term"), "default"],
    "term-ignore": [os.path.join(PROGS, "term"), "ignore"],
}


def build_all():
    """{(prog, kernel): image name or "n/a (why the build failed)"}."""
    return {(prog, k): cell(lambda: build(argv[0], k, prog, *argv[1:]))
            for prog, argv in PROGRAMS.items() for k in KERNELS}


def _sizes(image):
    _, out, _ = ingot("inspect", image)
    m = json.loads(out)
    return m["kernel"]["size"], m["rootfs"]["size"]


def measure(images):
    """{row: {column: bytes or "n/a"}} for hello and echo."""
    rows = {}
    for prog in ("hello", "echo"):
        kern, root, total = {}, {}, {}
        size = os.path.getsize(PROGRAMS[prog][0])
        kern["host"], root["host"], total["host"] = "-", size, size
        for k in KERNELS:
            try:
                ks, rs = _sizes(need(images, prog, k))
                kern[k], root[k], total[k] = ks, rs, ks + rs
            except NA as e:
                kern[k] = root[k] = total[k] = f"n/a ({e})"
        rows[f"{prog}: kernel"] = kern
        rows[f"{prog}: rootfs (host: program file)"] = root
        rows[f"{prog}: total"] = total
    return rows
