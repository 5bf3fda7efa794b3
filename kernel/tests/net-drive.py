#!/usr/bin/env python3
"""net-drive.py — the host side of net-check.sh: talks to a guest through
QEMU's hostfwd ports and checks what comes back. One subcommand per test;
exit status 0 means the check passed. Standard library only."""
import socket, sys, threading, time, os

def connect(port, timeout=60):
    end = time.time() + timeout
    while True:
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=30)
            return s
        except OSError:
            if time.time() > end:
                raise
            time.sleep(0.2)

def recv_exact(s, n):
    out = bytearray()
    while len(out) < n:
        b = s.recv(min(65536, n - len(out)))
        if not b:
            break
        out += b
    return bytes(out)

def echo_client(port, lines, results, i):
    try:
        s = connect(port)
        # A send thread and a receive loop: writes never wait for reads.
        payload = b"".join(b"client %d line %d %s\n" % (i, k, b"x" * (k % 50)) for k in range(lines))
        t = threading.Thread(target=s.sendall, args=(payload,))
        t.start()
        got = recv_exact(s, len(payload))
        t.join()
        s.shutdown(socket.SHUT_WR)
        tail = s.recv(1)
        s.close()
        results[i] = got == payload and tail == b""
    except Exception as e:
        print("client %d: %s" % (i, e))
        results[i] = False

def cmd_echo(port, clients, lines):
    """clients concurrent connections, each sending lines lines."""
    results = [None] * clients
    ts = [threading.Thread(target=echo_client, args=(port, lines, results, i)) for i in range(clients)]
    t0 = time.time()
    for t in ts: t.start()
    for t in ts: t.join()
    ok = sum(1 for r in results if r)
    print("echo: %d/%d clients x %d lines ok in %.2f s" % (ok, clients, lines, time.time() - t0))
    return ok == clients

def cmd_bigecho(port, mb):
    s = connect(port)
    data = os.urandom(mb << 20)
    t = threading.Thread(target=s.sendall, args=(data,))
    t0 = time.time()
    t.start()
    got = recv_exact(s, len(data))
    t.join()
    dt = time.time() - t0
    s.close()
    print("bigecho: %d MiB echoed %s in %.2f s (%.1f MB/s each way)" %
          (mb, "intact" if got == data else "CORRUPT", dt, len(data) / dt / 1e6))
    return got == data

def cmd_udp(port, count):
    """count datagrams, each resent until its own echo comes back (the
    guest may still be booting; late echoes of resends are skipped), then
    "bye", which ends the guest."""
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.settimeout(1)
    ok = 0
    for i in range(count):
        msg = b"datagram %d " % i + b"u" * (i * 100)
        for attempt in range(30):
            u.sendto(msg, ("127.0.0.1", port))
            try:
                while True:
                    got, _ = u.recvfrom(65536)
                    if got == msg:
                        ok += 1
                        break
            except socket.timeout:
                continue
            break
    u.sendto(b"bye", ("127.0.0.1", port))
    print("udp: %d/%d datagrams echoed" % (ok, count))
    return ok == count

def cmd_serve(port, seconds):
    """Listens on 127.0.0.1:port (the guest's 10.0.2.2:port) and echoes."""
    l = socket.socket()
    l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    l.bind(("127.0.0.1", port))
    l.listen(8)
    l.settimeout(seconds)
    print("serving", flush=True)
    def serve(c):
        while True:
            b = c.recv(4096)
            if not b: break
            c.sendall(b)
        c.close()
    try:
        while True:
            c, _ = l.accept()
            threading.Thread(target=serve, args=(c,), daemon=True).start()
    except socket.timeout:
        pass
    return True

def cmd_sink(port):
    s = connect(port)
    n, t0 = 0, time.time()
    while True:
        b = s.recv(1 << 16)
        if not b: break
        n += len(b)
    dt = time.time() - t0
    print("guest->host: %d bytes in %.2f s, %.1f MB/s" % (n, dt, n / dt / 1e6))
    return n > 0

def cmd_source(port, mb):
    s = connect(port)
    data = b"y" * (1 << 20)
    t0 = time.time()
    for _ in range(mb):
        s.sendall(data)
    s.shutdown(socket.SHUT_WR)
    s.recv(1)
    dt = time.time() - t0
    print("host->guest: %d MiB in %.2f s, %.1f MB/s" % (mb, dt, (mb << 20) / dt / 1e6))
    return True

if __name__ == "__main__":
    cmd, args = sys.argv[1], [int(a) for a in sys.argv[2:]]
    sys.exit(0 if globals()["cmd_" + cmd](*args) else 1)
