#!/bin/sh
# The main job as a small campaign: bzip2 -9 (the README's main job) and
# three more Debian programs on the same generated 16 MB input, profiled,
# clustered and captured (a BBL trace of every simulation point) by
# qi-campaign.  docs/campaigns.md shows its summary.
#
#   scripts/campaign-demo.sh OUTDIR [QI-CAMPAIGN-OPTIONS...]   e.g. --engine slurm
#
# Uses qi-campaign from PATH.  Writes OUTDIR/input.txt, OUTDIR/demo.campaign
# and the results in OUTDIR/results (summary.md there).  Run it again to
# resume an interrupted campaign.
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
[ $# -ge 1 ] || { echo "usage: $0 OUTDIR [QI-CAMPAIGN-OPTIONS...]" >&2; exit 2; }
mkdir -p "$1"
out=$(cd "$1" && pwd)
shift

# The same reproducible input as scripts/quickstart.sh.
[ -f "$out/input.txt" ] ||
    seq 1 6000000 | awk '{ print $1, $1 * 7919 % 1000003, "qemu-instr" }' \
        | head -c 16000000 > "$out/input.txt"

cat > "$out/demo.campaign" <<EOF
# A campaign: defaults in [campaign], one group per workload.
[campaign]
output = results
directory = .
interval = 10M
maxk = 10
capture = bbltrace
jobs = 2

[workload bzip2]
command = bzip2 -9 -c input.txt
inputs = input.txt

[workload gzip]
command = gzip -6 -c input.txt
inputs = input.txt

[workload xz]
command = xz -0 -c input.txt
inputs = input.txt

[workload sha256sum]
command = sha256sum input.txt
inputs = input.txt
EOF
exec qi-campaign "$@" "$out/demo.campaign"
