#!/bin/sh
# image.sh PROGRAM [ARGS...] — builds the image a user would get from
# `bin/ingot build` for PROGRAM and prints two lines: the image's kernel
# file and its rootfs file (both in the checks' store, INGOT_CHECK_HOME).
# The kernel QEMU checks (boot.sh, net-boot.sh) boot those, so they test
# the rootfs the toolchain makes (docs/boot-protocol.md), not their own.
#
# Environment:
#   BACKEND     native (default) or linux: the image's kernel (--kernel)
#   PROG_ENV    space-separated KEY=VALUE words (default "HOME=/ LANG=C")
#   IMAGE_FILES space-separated HOST:IMAGE file mappings (ingot.yaml files:)
#   IMAGE_NAME  the image's name (default kcheck-NAME); also its hostname,
#               which /etc/hosts maps to the guest address
#   INGOT       the ingot launcher (default: this checkout's bin/ingot)
#   INGOT_CHECK_HOME  the store the images go to (default kernel/build/
#               check-store, so they stay out of the user's `ingot images`;
#               make clean removes it). The shared cache (INGOT_CACHE, else
#               $INGOT_HOME/cache, else ~/.ingot/cache) is used as it is,
#               so a Linux kernel is never rebuilt for it.
# The images are tagged IMAGE_NAME:latest there, so a rebuild of the same
# inputs is the build cache's (fast).
set -eu
root_dir=$(cd "$(dirname "$0")/../.." && pwd)
INGOT_CACHE=${INGOT_CACHE:-${INGOT_HOME:-$HOME/.ingot}/cache}
INGOT_HOME=${INGOT_CHECK_HOME:-$root_dir/kernel/build/check-store}
export INGOT_HOME INGOT_CACHE
INGOT=${INGOT:-$root_dir/bin/ingot}
BACKEND=${BACKEND:-native}
PROG_ENV=${PROG_ENV:-HOME=/ LANG=C}
IMAGE_FILES=${IMAGE_FILES:-}
[ $# -ge 1 ] || { echo "usage: $0 PROGRAM [ARGS...]" >&2; exit 2; }
prog=$(readlink -f "$1")
shift
name=${IMAGE_NAME:-kcheck-$(basename "$prog" | tr -c 'a-zA-Z0-9_.\n-' - | tr 'A-Z' 'a-z')}
work=$(mktemp -d /tmp/ingot-image.XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM
# JSON is YAML: every string goes through python's json.dumps, so any
# argument or path arrives unchanged.
python3 - "$work/ingot.yaml" "$name" "$BACKEND" "$prog" "$PROG_ENV" "$IMAGE_FILES" "$@" <<'PY'
import json, sys
out, name, kernel, prog, env, files, *args = sys.argv[1:]
cfg = {"name": name, "kernel": kernel, "program": prog, "args": args,
       "env": dict(kv.split("=", 1) for kv in env.split()),
       "files": dict(m.split(":", 1) for m in files.split())}
open(out, "w").write(json.dumps(cfg) + "\n")
PY
if ! out=$("$INGOT" build -c "$work/ingot.yaml" 2>"$work/err"); then
	echo "image.sh: ingot build failed: $(cat "$work/err")" >&2
	exit 1
fi
digest=$(printf '%s\n' "$out" | tail -n 1)
python3 - "$INGOT_HOME/blobs/sha256" "$digest" <<'PY'
import json, sys
blobs, digest = sys.argv[1:]
m = json.load(open(f"{blobs}/{digest.removeprefix('sha256:')}"))
for part in ("kernel", "rootfs"):
    print(f"{blobs}/{m[part]['digest'].removeprefix('sha256:')}")
PY
