"""bench/run's entry point: builds programs and images, runs each section,
prints one table, writes bench/results/latest.{json,md}.

No figure is ever asserted on: a section that fails shows "n/a (reason)"
and the run goes on, so the table fills in as the native kernel grows.
"""
import argparse
import atexit
import datetime
import json
import os
import platform
import re
import signal
import subprocess
import sys
import time

import common
from common import BENCH, REPO, cleanup

SECTIONS = ("size", "boot", "memory", "density", "net", "syscall", "vdso", "serve", "stop", "java")
# Java boots take tens of seconds each under TCG: the smoke run (--quick) leaves them out unless --only names java.
QUICK_SKIPS = ("java",)


def args():
    p = argparse.ArgumentParser(prog="bench/run", description="Ingot benchmarks: host vs --kernel linux vs --kernel native.")
    p.add_argument("--quick", action="store_true", help="fewer runs and shorter tests (a few minutes; smoke test)")
    p.add_argument("--accel", choices=("auto", "kvm", "tcg"), default="auto", help="passed to every ingot run")
    p.add_argument("--only", help=f"comma-separated subset of {','.join(SECTIONS)} (default: all; --quick: all but java)")
    p.add_argument("--density", type=int, help="instances for the density test (default 20, quick 3)")
    return p.parse_args()


def machine(accel_line):
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    qemu = subprocess.run(["qemu-system-x86_64", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    return {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "host": platform.node(), "nproc": os.cpu_count(), "cpu": cpu, "qemu": qemu, "accel": accel_line,
            "kernel": platform.release()}


def accel_used(images):
    """What ingot picked (its own words), from a dry run of a built image."""
    img = images.get(("hello", "linux"), "")
    if img.startswith("n/a"):
        return "?"
    _, out, err = common.ingot("run", *common.RUN_FLAGS, "--dry-run", img, check=False)
    m = re.search(r"-accel (\S+)", out)
    why = next((l.removeprefix("ingot: ") for l in err.splitlines() if "using" in l), "")
    return f"{m.group(1) if m else '?'}" + (f" ({why})" if why else "")


def how(module, extra=""):
    """A section's note: its module docstring minus the title line, plus run parameters."""
    return module.__doc__.split("\n", 1)[1] + " " + extra


def main():
    a = args()
    q = a.quick
    common.RUN_FLAGS[:] = [] if a.accel == "auto" else ["--accel", a.accel]
    only = set(a.only.split(",")) if a.only else {s for s in SECTIONS if not (q and s in QUICK_SKIPS)}
    atexit.register(cleanup)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so finally/atexit clean up
    sys.path.insert(0, os.path.dirname(__file__))
    import boot, density, images, java, memory, net, serve, stop, syscall, table, vdso

    t_start = time.monotonic()
    say = lambda s: print(f"bench: {s}  (+{time.monotonic() - t_start:.0f}s)", file=sys.stderr, flush=True)
    say("building images (the first build after linux/ changes also builds the Linux kernel: minutes)")
    imgs = images.build_all()
    env = machine(accel_used(imgs))
    runs = 3 if q else 10
    n = a.density or (3 if q else 20)
    plan = [
        ("size", "image size", "bytes", how(images),
         lambda: images.measure(imgs)),
        ("boot", f"boot, ms, median [min..max] of {runs}", "ms",
         "wall clock (time.monotonic) from starting the command to the program's first output (hello) or the "
         "first byte echoed back to a TCP client retrying connect+send every 10 ms (echo, detached); 'qemu' rows "
         "run the command from `ingot run --dry-run` directly, no CLI; host rows run the program itself",
         lambda: boot.measure(runs, imgs)),
        ("memory", "memory", "bytes", how(memory, f" Bisection step {32 if q else 4}M."),
         lambda: memory.measure(imgs, 32 if q else 4)),
        ("density", f"density, {n} idle echo instances", "num", how(density),
         lambda: density.measure(imgs, n)),
        ("net", "network", "num", how(net, f" RTT over {200 if q else 2000} round trips; wrk {2 if q else 10} s per level; bulk {16 if q else 64} MiB."),
         lambda: net.measure(imgs, 200 if q else 2000, (1, 16) if q else (1, 16, 64), 2 if q else 10,
                             (16 if q else 64) << 20)),
        ("syscall", "syscall", "num", how(syscall),
         lambda: syscall.measure(imgs, 1 if q else 3)),
        ("vdso", "native kernel: vDSO on and off", "num", how(vdso, f" R = {1 if q else 3}; wrk {2 if q else 10} s."),
         lambda: vdso.measure(imgs, 1 if q else 3, 2 if q else 10)),
        ("serve", f"ingot serve: connection -> first byte, median [min..max] and p99 of {runs if q else 20}", "ms",
         how(serve), lambda: serve.measure(imgs, runs if q else 20)),
        ("serve-idle", "ingot serve: idle supervisor", "bytes", how(serve).split("idle supervisor:")[1],
         lambda: serve.idle_memory(imgs)),
        ("stop", f"graceful stop, ms, median [min..max] of {1 if q else 3}", "ms", how(stop),
         lambda: stop.measure(imgs, 1 if q else 3)),
    ]
    if "java" in only:
        say("building Java images (jlink, and a training run for each --train image: minutes)")
        jars = common.cell(java.jars)
        jimgs = {} if isinstance(jars, str) else java.build_images(jars)
        jruns = 1 if q else 3
        plan += [
            ("java", "Java: image size", "bytes", how(java), lambda: java.measure_size(jimgs, jars)),
            ("java", f"Java: start, ms, median [min..max] of {jruns}", "ms", "see the note above",
             lambda: java.measure_start(jimgs, jars, jruns)),
            ("java", "Java: memory", "bytes", f"Bisection step {64 if q else 16}M.",
             lambda: java.measure_memory(jimgs, jars, 64 if q else 16)),
            ("java", "Java: HTTP throughput", "num", f"wrk {2 if q else 10} s.",
             lambda: java.measure_wrk(jimgs, jars, 2 if q else 10)),
        ]
    sections, raw = [], {}
    for key, title, unit, note, fn in plan:
        if key.split("-")[0] not in only:
            continue
        say(f"measuring {key}")
        rows = common.cell(fn)
        if isinstance(rows, str):  # the whole section failed: say so in one row
            rows = {key: {c: rows for c in table.COLS}}
        sections.append((title, unit, note, rows))
        raw.setdefault(key, {}).update(rows)

    text = (f"Ingot bench ({'quick' if q else 'full'}), {env['date']}: {env['nproc']} x {env['cpu']}, "
            f"{env['qemu']}, accel {env['accel']}, host kernel {env['kernel']}\n\n" + table.render(sections))
    print(text)
    out = os.path.join(BENCH, "results")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "latest.json"), "w") as f:
        json.dump({"machine": env, "quick": q, "images": {f"{p}/{k}": v for (p, k), v in imgs.items()},
                   "results": raw}, f, indent=2, default=str)
    with open(os.path.join(out, "latest.md"), "w") as f:
        f.write(text)
    say(f"done; wrote {out}/latest.json and latest.md")


if __name__ == "__main__":
    main()
