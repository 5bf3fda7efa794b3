#!/bin/sh
# fetch-lwip.sh — fetch lwIP's sources from Debian's source package `lwip`
# into ${INGOT_CACHE:-${INGOT_HOME:-$HOME/.ingot}/cache}/lwip/ (the build cache, as for
# the Linux kernel) and print the source dir.
#
# lwIP is third-party and never committed: the kernel Makefile runs this
# script, which does nothing but print the path once the cache holds a
# verified tree, so builds work offline after the first fetch.
#
# Steps: add a bookworm deb-src entry if apt has none (then apt-get update),
# install dpkg-dev if dpkg-source is missing, `apt-get source
# --download-only lwip`, check the .orig tarball against the
# pinned sha256, unpack it with dpkg-source -x.
set -eu
# Debian 12 (bookworm) ships lwip 2.1.3+dfsg1-2; the pinned hash is that
# upstream tarball (lwip_2.1.3+dfsg1.orig.tar.xz).
LWIP_VERSION=2.1.3+dfsg1
LWIP_ORIG_SHA256=0a8276d09fc4e97bbba2f953d74af2388fc2195ea156be9d7589e297a68fde24
cache=${INGOT_CACHE:-${INGOT_HOME:-$HOME/.ingot}/cache}/lwip
src=$cache/src
if [ -f "$src/.ingot-verified" ]; then
	echo "$src"
	exit 0
fi
mkdir -p "$cache"
if ! grep -rqs '^Types:.*deb-src\|^deb-src ' /etc/apt/sources.list /etc/apt/sources.list.d/; then
	echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main" > /etc/apt/sources.list.d/ingot-src.list
	apt-get update -qq >&2
fi
command -v dpkg-source >/dev/null || apt-get install -y -qq dpkg-dev >&2
cd "$cache"
ls lwip_"$LWIP_VERSION".orig.tar.* >/dev/null 2>&1 ||
	apt-get source --download-only -qq "lwip=$LWIP_VERSION-2" >&2 ||
	apt-get source --download-only -qq lwip >&2
orig=$(ls lwip_*.orig.tar.* | head -1)
sum=$(sha256sum "$orig" | cut -d' ' -f1)
if [ "$sum" != "$LWIP_ORIG_SHA256" ]; then
	echo "fetch-lwip.sh: $orig has sha256 $sum, expected $LWIP_ORIG_SHA256" >&2
	exit 1
fi
rm -rf "$src"
dpkg-source --skip-debianization -x "$(ls lwip_*.dsc | head -1)" "$src" >&2
touch "$src/.ingot-verified"
echo "$src"
