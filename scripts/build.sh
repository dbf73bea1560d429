#!/bin/sh
# Configure and build qemu-instr in ./build (warnings are errors).
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
cd "$(dirname "$0")/.."
autoreconf -fi
mkdir -p build
cd build
../configure --enable-werror
make -j"$(nproc)"
