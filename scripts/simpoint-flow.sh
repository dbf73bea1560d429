#!/bin/sh
# SimPoint with qemu-instr, end to end: run a program under qemu-x86_64 with
# the bbv library, choose simulation points with qi-simpoint, print them as
# a table and plot the phases (cluster of each interval) over time.
#
#   scripts/simpoint-flow.sh OUTDIR INTERVAL MAXK PROGRAM [ARGS...]
#
# Uses qemu-instr and qi-simpoint from PATH.  Writes OUTDIR/prog.0.bb,
# prog.bbmap, prog.simpoints, prog.weights, prog.labels and phases.png.
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
[ $# -ge 4 ] || { echo "usage: $0 OUTDIR INTERVAL MAXK PROGRAM [ARGS...]" >&2; exit 2; }
out=$1 interval=$2 maxk=$3
shift 3
# INTERVAL as bbv takes it (N, NK, NM, NG) and as a plain number.
case $interval in
*[kK]) insns=${interval%?}000 ;;
*M) insns=${interval%?}000000 ;;
*G) insns=${interval%?}000000000 ;;
*) insns=$interval ;;
esac
mkdir -p "$out"
prefix="$out/prog"

echo "== 1. $* under qemu-x86_64, with bbv interval=$interval"
start=$(date +%s)
qemu-instr qemu-x86_64 -instr file=bbv,arg=interval="$interval",arg=out="$prefix" "$@" &
guest=$!
# Progress: bbv writes each interval's line as soon as it is full.
while kill -0 $guest 2>/dev/null; do
    sleep 2
    n=$(cat "$prefix".0.bb 2>/dev/null | wc -l)
    echo "   $(( $(date +%s) - start )) s: $n intervals ($n x $interval instructions)"
done
wait $guest
echo "   done in $(( $(date +%s) - start )) s: $(wc -l < "$prefix".0.bb) intervals"

echo "== 2. qi-simpoint -maxK $maxk"
qi-simpoint -loadFVFile "$prefix".0.bb -maxK "$maxk" \
    -saveSimpoints "$prefix".simpoints -saveSimpointWeights "$prefix".weights \
    -saveLabels "$prefix".labels

echo "== 3. Simulation points"
printf '%-8s %-10s %-34s %s\n' cluster interval "instructions" weight
sort -k2n "$prefix".simpoints | join -1 2 -2 2 - "$(sort -k2 "$prefix".weights |
    sort -k2n > "$prefix".weights.sorted; echo "$prefix".weights.sorted)" |
    while read -r cluster point weight; do
        printf '%-8s %-10s %-34s %s\n' "$cluster" "$point" \
            "[$(( point * insns )), $(( (point + 1) * insns )))" "$weight"
    done
rm -f "$prefix".weights.sorted

echo "== 4. Phase plot: $out/phases.png"
awk -v n="$insns" '{ print NR - 1, (NR - 1) * n / 1e9, $1 }' \
    "$prefix".labels > "$out"/phases.dat
gnuplot <<PLOT
set terminal png size 1000,400
set output "$out/phases.png"
set title "Phases of: $*"
set xlabel "instructions executed (billions)"
set ylabel "cluster (phase)"
set ytics 1
set yrange [-0.5:$maxk]
set grid ytics
plot "$out/phases.dat" using 2:3 with points pointtype 5 pointsize 0.8 title "interval of $interval instructions"
PLOT
