"""Java: a jar as a unikernel against the same jar on the host JVM.

Programs   bench/programs/java: Hello (prints one line) and Http
           (jdk.httpserver answering "hello"), compiled by the JDK 25 that
           runs ingot and packed as runnable jars.
size       rootfs.size from `ingot inspect` (the jlinked runtime + the jar;
           the kernel is the same as for any image); host: the JDK folder
           the host JVM needs.
start      wall clock from starting the command to hello's line, or to the
           first HTTP response of a client retrying every 50 ms (Http run
           detached); three ways: the runtime's CDS archive (the default),
           -Xshare:off (no archive), and --train (the JDK 25 AOT cache made
           by a training run; the image is trained and built before timing).
           host: `java -jar` with the same options.
min -m     bisection of `ingot run -d -m SIZE` of Http over [64M, 512M]:
           a size serves when a request gets "hello" within 120 s.
idle RSS   VmRSS of the QEMU process (host: the java process) 5 s after
           the first response, at the default -m.
wrk        `wrk -t1 -c16` against Http after 200 warm-up requests.
"""
import json
import os
import socket
import subprocess
import time

import common
from common import (BENCH, KERNELS, NA, cell, free_port, ingot, instance, kill, remove, rss_kib, run_detached,
                    spawn, summary, why_failed)

SRC = os.path.join(BENCH, "programs", "java")
OUT = os.path.join(BENCH, "programs", "build", "java")
SERVE_TIMEOUT = 180  # s; the JVM under TCG on a shared host takes tens of seconds
MODES = {"CDS": [], "no CDS": ["--jvm-arg=-Xshare:off"], "AOT cache": ["--train"]}
HOST_MODES = {"CDS": [], "no CDS": ["-Xshare:off"], "AOT cache": None}


def _jdk():
    home = os.environ.get("JAVA_HOME", "")
    if home and os.path.exists(os.path.join(home, "bin", "javac")):
        return home
    for d in sorted(os.listdir("/usr/lib/jvm")):
        rel = os.path.join("/usr/lib/jvm", d, "release")
        if os.path.exists(rel) and 'JAVA_VERSION="25' in open(rel).read():
            return os.path.join("/usr/lib/jvm", d)
    raise NA("no JDK 25")


def jars():
    """{"hello"|"http": jar path}, compiled when the source is newer."""
    jdk = _jdk()
    out = {}
    for name, cls in (("hello", "Hello"), ("http", "Http")):
        src = os.path.join(SRC, cls + ".java")
        jar = os.path.join(OUT, name + ".jar")
        if not os.path.exists(jar) or os.path.getmtime(jar) < os.path.getmtime(src):
            classes = os.path.join(OUT, "classes-" + name)
            os.makedirs(classes, exist_ok=True)
            subprocess.run([f"{jdk}/bin/javac", "-d", classes, src], check=True, capture_output=True)
            manifest = os.path.join(OUT, name + ".mf")
            with open(manifest, "w") as f:
                f.write(f"Main-Class: {cls}\n")
            subprocess.run([f"{jdk}/bin/jar", "cfm", jar, manifest, "-C", classes, "."], check=True, capture_output=True)
        out[name] = jar
    return out


def _http_ok(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
            s.settimeout(5)
            s.sendall(b"GET / HTTP/1.0\r\n\r\n")
            data = b""
            while len(data) < 4096:
                b = s.recv(4096)
                if not b:
                    break
                data += b
            return data.startswith(b"HTTP/") and data.endswith(b"hello\n")
    except OSError:
        return False


def _wait_http(port, timeout, alive):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _http_ok(port):
            return True
        if not alive():
            return False
        time.sleep(0.05)
    return False


def build_images(j):
    """{(prog, kernel, mode): image}; the AOT images are trained here, outside the timed runs."""
    images = {}
    for prog in ("hello", "http"):
        for k in KERNELS:
            for mode, flags in MODES.items():
                image = f"{common.PREFIX}java-{prog}-{k}-{mode.replace(' ', '')}".lower()
                images[(prog, k, mode)] = cell(lambda: (ingot("build", "--kernel", k, "-n", image, *flags, j[prog],
                                                              timeout=1200), image)[1])
    return images


def _jars_ok(j):
    """jars() failed: every figure is n/a with its reason."""
    if isinstance(j, str):
        raise NA(j[5:-1])


def _image(images, key):
    v = images[key]
    if v.startswith("n/a"):
        raise NA(v[5:-1])
    return v


def hello_vm(image):
    t0 = time.monotonic()
    p = subprocess.Popen([common.INGOT, "run", *common.RUN_FLAGS, image],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for line in p.stdout:
        if "Hello from Java" in line:
            dt = time.monotonic() - t0
            p.communicate()
            return dt
    _, err = p.communicate()
    raise NA(common.last_ingot_line(err) or f"no output, exit {p.returncode}")


def hello_host(jar, opts):
    t0 = time.monotonic()
    r = subprocess.run([f"{_jdk()}/bin/java", *opts, "-jar", jar], capture_output=True, text=True)
    if "Hello from Java" not in r.stdout:
        raise NA(f"host java exit {r.returncode}")
    return time.monotonic() - t0


def http_vm(image, memory=None):
    """Seconds from `ingot run -d` to the first good response."""
    port = free_port()
    inst = None
    t0 = time.monotonic()
    try:
        inst = run_detached(image, port, f"java-{port}", memory=memory)
        pid = instance(inst)["pid"]
        if not _wait_http(port, SERVE_TIMEOUT, lambda: os.path.exists(f"/proc/{pid}")):
            raise NA(why_failed(inst))
        return time.monotonic() - t0
    finally:
        remove(inst)


def http_host(jar, opts):
    port = free_port()
    t0 = time.monotonic()
    p = spawn([f"{_jdk()}/bin/java", *opts, "-jar", jar], env={**os.environ, "PORT": str(port)},
              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if not _wait_http(port, 60, lambda: p.poll() is None):
            raise NA("host java did not serve")
        return time.monotonic() - t0
    finally:
        kill(p)


def measure_size(images, j):
    _jars_ok(j)
    rows = {}
    for prog in ("hello", "http"):
        row = {"host": _dir_size(_jdk()) + os.path.getsize(j[prog])}
        for k in KERNELS:
            row[k] = cell(lambda: _rootfs_size(_image(images, (prog, k, "CDS"))))
        rows[f"java {prog}: rootfs = runtime + jar (host: the JDK + jar)"] = row
    return rows


def _rootfs_size(image):
    _, out, _ = ingot("inspect", "--json", image)
    return json.loads(out)["rootfs"]["size"]


def _dir_size(d):
    total = 0
    for root, _, files in os.walk(d):
        for f in files:
            p = os.path.join(root, f)
            if not os.path.islink(p):
                total += os.path.getsize(p)
    return total


def measure_start(images, j, runs):
    _jars_ok(j)
    rows = {}
    for prog, vm, host in (("hello", hello_vm, hello_host), ("http", http_vm, http_host)):
        what = "first output" if prog == "hello" else "first HTTP response"
        for mode in MODES:
            row = {}
            opts = HOST_MODES[mode]
            row["host"] = "-" if opts is None else cell(lambda: summary([host(j[prog], opts) for _ in range(runs)]))
            for k in KERNELS:
                row[k] = cell(lambda: summary([vm(_image(images, (prog, k, mode))) for _ in range(runs)]))
            rows[f"java {prog}: ingot run -> {what} ({mode})"] = row
    return rows


def min_memory(image, step):
    lo, hi = 64, 512  # MiB: hi must serve, lo is where bisection starts from
    try:
        http_vm(image, f"{hi}M")
    except NA as e:
        raise NA(f"does not serve at {hi}M: {e}")
    while hi - lo > step:
        mid = (lo + hi) // 2
        try:
            http_vm(image, f"{mid}M")
            hi = mid
        except NA:
            lo = mid
    return f"{hi}M"


def idle_rss(image):
    port = free_port()
    inst = None
    try:
        inst = run_detached(image, port, f"java-rss-{port}")
        pid = instance(inst)["pid"]
        if not _wait_http(port, SERVE_TIMEOUT, lambda: os.path.exists(f"/proc/{pid}")):
            raise NA(why_failed(inst))
        time.sleep(5)
        return rss_kib(pid) * 1024
    finally:
        remove(inst)


def host_rss(jar):
    port = free_port()
    p = spawn([f"{_jdk()}/bin/java", "-jar", jar], env={**os.environ, "PORT": str(port)},
              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if not _wait_http(port, 60, lambda: p.poll() is None):
            raise NA("host java did not serve")
        time.sleep(5)
        return rss_kib(p.pid) * 1024
    finally:
        kill(p)


def measure_memory(images, j, step):
    _jars_ok(j)
    mins, rss = {"host": "-"}, {"host": cell(lambda: host_rss(j["http"]))}
    for k in KERNELS:
        mins[k] = cell(lambda: min_memory(_image(images, ("http", k, "CDS")), step))
        rss[k] = cell(lambda: idle_rss(_image(images, ("http", k, "CDS"))))
    return {"java http: smallest -m that serves": mins, "java http: idle host RSS (bytes)": rss}


def _wrk(port, secs):
    import net
    for _ in range(200):
        _http_ok(port)
    return net.wrk(port, 16, secs)["rps"]


def host_wrk(jar, secs):
    port = free_port()
    p = spawn([f"{_jdk()}/bin/java", "-jar", jar], env={**os.environ, "PORT": str(port)},
              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if not _wait_http(port, 60, lambda: p.poll() is None):
            raise NA("host java did not serve")
        return _wrk(port, secs)
    finally:
        kill(p)


def vm_wrk(image, secs):
    port = free_port()
    inst = None
    try:
        inst = run_detached(image, port, f"java-wrk-{port}")
        pid = instance(inst)["pid"]
        if not _wait_http(port, SERVE_TIMEOUT, lambda: os.path.exists(f"/proc/{pid}")):
            raise NA(why_failed(inst))
        return _wrk(port, secs)
    finally:
        remove(inst)


def measure_wrk(images, j, secs):
    _jars_ok(j)
    row = {"host": cell(lambda: host_wrk(j["http"], secs))}
    for k in KERNELS:
        row[k] = cell(lambda: vm_wrk(_image(images, ("http", k, "CDS")), secs))
    return {"java http: wrk -c16 requests/s": row}
