#!/bin/sh
# The main job: install what is needed, build and install qemu-instr, then
# run a real program (bzip2 compressing a generated file) under QEMU with
# instrumentation libraries, and show what they recorded.
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/install-deps.sh"
"$top/scripts/build.sh"
make -C "$top/build" install
ldconfig

work=$(mktemp -d)
cd "$work"
# A reproducible input: 4 MB of generated text.
seq 1 600000 | sed 's/$/ qemu-instr/' | head -c 4000000 > input.txt
echo "== bzip2 -9 under qemu-x86_64 with icount and syscalls loaded"
qemu-instr qemu-x86_64 \
    -instr file=icount,arg=out=icount.txt \
    -instr file=syscalls,arg=out=syscalls.txt \
    /usr/bin/bzip2 -9 -k input.txt
echo "== icount: instructions executed"
cat icount.txt
echo "== syscalls: $(wc -l < syscalls.txt) system calls; the last five:"
tail -n 5 syscalls.txt
echo "== results kept in $work"
