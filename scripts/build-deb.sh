#!/bin/sh
# Build the Debian packages (qemu-instr, libqemu-instr-dev and the debug
# symbols) into OUTDIR: the checkout's files, as git lists them (committed
# or not, ignored and deleted ones left out), are copied to OUTDIR/src and
# `dpkg-buildpackage -us -uc -b` runs there, so that the checkout and its
# build/ are left alone.  DEB_BUILD_OPTIONS is passed on (e.g. "nocheck
# parallel=2": the test suite needs much more than the build dependencies).
# Needs debhelper and the packages of debian/control's Build-Depends
# (scripts/install-deps.sh installs them).  Prints the .deb paths.
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
[ $# -eq 1 ] || { echo "usage: $0 OUTDIR" >&2; exit 2; }
top=$(cd "$(dirname "$0")/.." && pwd)
git -C "$top" rev-parse --git-dir >/dev/null 2>&1 ||
    { echo "build-deb.sh: $top is not a git checkout (for a release tarball, see 'Debian packages' in README.md)" >&2; exit 1; }
mkdir -p "$1"
out=$(cd "$1" && pwd)
[ ! -e "$out/src" ] ||
    { echo "build-deb.sh: $out/src exists: give an empty or new OUTDIR" >&2; exit 1; }
mkdir "$out/src"
git -C "$top" ls-files -z --cached --others --exclude-standard |
    (cd "$top" && tar -cf - --null --no-recursion --ignore-failed-read -T - 2>/dev/null) | tar -xf - -C "$out/src"
cd "$out/src"
if ! dpkg-buildpackage -us -uc -b >"$out/build.log" 2>&1; then
    tail -n 40 "$out/build.log" >&2
    echo "build-deb.sh: dpkg-buildpackage failed (log: $out/build.log)" >&2
    exit 1
fi
ls "$out"/*.deb
