#!/bin/sh
# The main job: install what is needed, build and install qemu-instr, then
# choose SimPoint simulation points for a real program (bzip2 -9 on a
# generated file): BBV under qemu-instr, qi-simpoint, a table and a plot.
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/install-deps.sh"
"$top/scripts/build.sh"
make -C "$top/build" install
ldconfig

# A reproducible input: 16 MB of generated, moderately compressible text.
work=$(mktemp -d)
seq 1 6000000 | awk '{ print $1, $1 * 7919 % 1000003, "qemu-instr" }' \
    | head -c 16000000 > "$work/input.txt"
"$top/scripts/simpoint-flow.sh" "$work/simpoint" 100000000 10 \
    /usr/bin/bzip2 -9 -k -f "$work/input.txt"
echo "== results in $work/simpoint (phases.png: the phase plot)"
