#!/bin/sh
# Install the Debian 12 packages qemu-instr needs to build, test and run its
# main job, and to build its Debian packages (debhelper; lintian checks
# them).  Run as root.
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends \
    build-essential autoconf automake libtool pkg-config \
    libglib2.0-dev libltdl-dev libjson-glib-dev check zlib1g-dev liblzma-dev libcapstone-dev \
    qemu-user qemu-system-x86 \
    gcc-aarch64-linux-gnu libc6-dev-arm64-cross \
    bzip2 xz-utils python3 valgrind socat gnuplot-nox strace \
    python3-gi munge slurmctld slurmd slurm-client \
    debhelper lintian
