"""Shared plumbing: paths, statistics, free ports, probes and the `ingot` CLI.

Every instance or process a benchmark starts is registered here so that
cleanup() can stop it however the run ends (normal exit, exception, Ctrl-C).
"""
import json
import os
import shlex
import socket
import statistics
import subprocess
import time

BENCH = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO = os.path.dirname(BENCH)
INGOT = os.path.join(REPO, "bin", "ingot")
PROGS = os.path.join(BENCH, "programs", "build")
HELLO = os.path.join(REPO, "examples", "hello", "hello")
ECHO = os.path.join(REPO, "examples", "echo", "echo")
KERNELS = ("linux", "native")
# Extra flags for every `ingot run` (e.g. --accel kvm), set by main.py.
RUN_FLAGS = []
# Every name we create starts with this, so we never touch other users' state.
PREFIX = "bench-"


class NA(Exception):
    """A figure that cannot be measured on this kernel (yet); str() is the reason."""


# ---------------------------------------------------------------- statistics

def summary(xs):
    """median/min/max/n of a list of numbers, or None when empty."""
    if not xs:
        return None
    return {"median": statistics.median(xs), "min": min(xs), "max": max(xs), "n": len(xs)}


def percentile(xs, p):
    s = sorted(xs)
    return s[min(len(s) - 1, int(round(p / 100.0 * (len(s) - 1))))]


# ---------------------------------------------------------------- ports and probes

_next_port = [20000 + (os.getpid() % 200) * 100]


def free_port():
    """A TCP port nobody listens on now (others share this machine)."""
    while True:
        _next_port[0] += 1
        p = _next_port[0]
        with socket.socket() as s:
            try:
                s.bind(("0.0.0.0", p))
                return p
            except OSError:
                continue


def echo_once(port, timeout=1.0):
    """Connect, send one line, return True when a byte comes back."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            s.settimeout(timeout)
            s.sendall(b"x\n")
            return bool(s.recv(1))
    except OSError:
        return False


def wait_echo(port, deadline, alive=lambda: True):
    """Retry echo_once until it works (True) or the deadline passes or alive() fails."""
    while time.monotonic() < deadline:
        if echo_once(port):
            return True
        if not alive():
            return False
        time.sleep(0.01)  # the retry period bounds the resolution of boot times
    return False


def rss_kib(pid):
    """VmRSS of a host process in KiB (what the host really spends on it)."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise NA("no VmRSS")


# ---------------------------------------------------------------- host processes

_procs = []


def spawn(argv, **kw):
    """Start a host process that cleanup() will kill."""
    p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, **kw)
    _procs.append(p)
    return p


def kill(p):
    if p.poll() is None:
        p.terminate()
        try:
            p.wait(3)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


# ---------------------------------------------------------------- the ingot CLI

_instances = set()


def ingot(*args, check=True, timeout=600):
    """Run bin/ingot; returns (rc, stdout, stderr)."""
    r = subprocess.run([INGOT, *args], capture_output=True, text=True, timeout=timeout)
    if check and r.returncode != 0:
        raise NA(last_ingot_line(r.stdout + r.stderr) or f"ingot {args[0]} exit {r.returncode}")
    return r.returncode, r.stdout, r.stderr


def last_ingot_line(text):
    """The most telling line of an ingot/guest failure, for 'n/a (reason)'."""
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    bad = [l for l in lines if "unimplemented" in l or "panic" in l or "fault" in l
           or "error" in l.lower() or "fatal" in l.lower() or "cannot" in l]
    pick = bad[0] if bad else (lines[-1] if lines else "")
    return pick.removeprefix("ingot: ")[:90]


def build(program, kernel, name, *args):
    """ingot build; returns the image name (bench-<name>-<kernel>)."""
    image = f"{PREFIX}{name}-{kernel}"
    ingot("build", "--kernel", kernel, "-n", image, program, *args)
    return image


def run_detached(image, port, name, memory=None):
    """ingot run -d with one port forward to the guest's 8080; returns the instance name."""
    inst = f"{PREFIX}{name}"
    _instances.add(inst)
    extra = ["-m", memory] if memory else []
    ingot("run", *RUN_FLAGS, "-d", "--name", inst, "-p", f"{port}:8080", *extra, image)
    return inst


def instance(inst):
    """Our instance's `ingot ps --json` record (pid, status, exitStatus...)."""
    _, out, _ = ingot("ps", "--json")
    for rec in json.loads(out):
        if rec["name"] == inst:
            return rec
    raise NA(f"{inst} not in ingot ps")


def running(inst):
    try:
        return instance(inst)["status"] == "running"
    except NA:
        return False


def why_failed(inst):
    """Reason an instance did not serve: its console's telling line, else its status."""
    _, out, err = ingot("logs", inst, check=False)
    reason = last_ingot_line(out + err)
    try:
        rec = instance(inst)
        if rec["status"] != "running":
            reason = f"{reason}; exit {rec['exitStatus']}" if reason else f"exit {rec['exitStatus']}"
    except NA:
        pass
    return reason or "did not serve"


def remove(*insts):
    """Stop and remove instances (forced); never fails."""
    insts = [i for i in insts if i]
    if insts:
        ingot("rm", "-f", *insts, check=False)
        _instances.difference_update(insts)


def dry_run_argv(image, port=None, boot="kernel"):
    """The exact QEMU command ingot would run (for timing QEMU without the CLI); boot="disk" for --boot disk."""
    extra = ["-p", f"{port}:8080"] if port else []
    _, out, _ = ingot("run", *RUN_FLAGS, "--dry-run", "--boot", boot, *extra, image)
    line = [l for l in out.splitlines() if l.startswith("qemu-system")]
    if not line:
        raise NA("no QEMU command in --dry-run output")
    return shlex.split(line[0])


def cleanup():
    """Kill every host process and remove every instance this run started."""
    for p in _procs:
        try:
            kill(p)
        except Exception:
            pass
    if _instances:
        remove(*sorted(_instances))
    # Foreground `ingot run IMAGE` leaves an exited instance record (bench-<image>-<id>);
    # drop ours so repeated runs do not pile up in `ingot ps`. Running ones are left alone.
    try:
        _, out, _ = ingot("ps", "--json", check=False)
        done = [r["name"] for r in json.loads(out) if r["name"].startswith(PREFIX) and r["status"] != "running"]
        if done:
            ingot("rm", *done, check=False)
    except Exception:
        pass


def cell(fn):
    """fn()'s value, or "n/a (reason)" when it raises NA: the table fills in as kernels grow."""
    try:
        return fn()
    except NA as e:
        return f"n/a ({e})"
    except Exception as e:  # a harness bug or a hung guest must not lose the other rows
        return f"n/a ({type(e).__name__}: {str(e)[:80]})"


def need(images, prog, kernel):
    """The built image for (prog, kernel), or NA with the reason the build failed."""
    v = images[(prog, kernel)]
    if v.startswith("n/a"):
        raise NA(v[5:-1])
    return v
