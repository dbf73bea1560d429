# The test campaign of the qi-campaign tests, and its checks.  Sourced
# after lib.sh.  Four workloads: the phases guest (known by construction)
# and three Debian programs on generated input.
# SPDX-License-Identifier: GPL-2.0-or-later

CAMPAIGN=$(dirname "$QI")/qi-campaign
BBLTRACE=$(dirname "$QI")/qi-bbltrace
MEMTRACE=$(dirname "$QI")/qi-memtrace
WORKLOADS="phases bzip2 gzip sha256sum"

# Input of the real programs: 200 kB of generated, compressible text.
mkdir -p "$WORK/data"
seq 1 10000 | awk '{ print $1, $1 * 7919 % 1000003, "qemu-instr campaign" }' \
    > "$WORK/data/input.txt"

# real NAME INTERVAL MAXK CAPTURE COMMAND...: a workload group for a
# Debian program on the generated input.
real() {
    printf '\n[workload %s]\ncommand = %s\ndirectory = %s\ninputs = input.txt\n' \
        "$1" "$(shift 4; echo "$*")" "$WORK/data"
    printf 'interval = %s\nmaxk = %s\ncapture = %s\n' "$2" "$3" "$4"
}

# write_campaign FILE OUTPUT [EXTRA-LINES]: the test campaign; EXTRA-LINES
# are appended (e.g. one more workload).
write_campaign() {
    {
        cat <<EOF
# qi-campaign test campaign
[campaign]
qemu = $QEMU_X86_64
output = $2
jobs = 2

[workload phases]
command = $GUESTS/phases
interval = $(expect_value phases INTERVAL)
maxk = 3
capture = bbltrace;icount

[capture icount]
library = icount
args = out={out}/icount.%w
EOF
        real bzip2 2M 5 bbltrace bzip2 -9 -c input.txt
        real gzip 2M 4 bbltrace gzip -9 -c input.txt
        real sha256sum 1M 3 "bbltrace;memtrace" sha256sum input.txt
        printf '\n%s\n' "${3:-}"
    } > "$1"
}

# phases_window START END: "vaddr:executions" of the phases guest's blocks
# that start at an instruction position in [START, END), by construction
# (execution order of phases.S: _start, A, B, A, done).
phases_window() {
    na=$(expect_value phases NA) nb=$(expect_value phases NB)
    for b in $(expect_value phases BLOCKS); do
        sym=${b%%:*} rest=${b#*:}
        echo "$sym $(symbol_address "$GUESTS/phases" "$sym") ${rest%%:*}"
    done > blocks.txt
    printf '%s\n' "_start 1" "phase_a 1" "a_loop $((na - 1))" "a_tail 1" \
        "phase_b 1" "b_loop $((nb - 1))" "b_tail 1" \
        "phase_a 1" "a_loop $((na - 1))" "a_tail 1" "done 1" |
    awk -v s="$1" -v e="$2" 'NR == FNR { addr[$1] = $2; n[$1] = $3; next }
        {   # $2 runs of block $1 from instruction position pos on
            k = n[$1]; first = 0; last = $2
            if (pos < s) first = int((s - pos + k - 1) / k)
            if (pos + ($2 - 1) * k >= e) last = int((e - pos + k - 1) / k)
            if (last > first) runs[addr[$1]] += last - first
            pos += $2 * k
        }
        END { for (a in runs) print a ":" runs[a] }' blocks.txt - | sort
}

# trace_histogram TRACE: "vaddr:executions" of a BBL trace.
trace_histogram() {
    "$BBLTRACE" --text "$1" | awk '$1 == "block" { addr[$2] = $3 }
        $1 == "exec" { runs[addr[$3]]++ }
        END { for (a in runs) print a ":" runs[a] }' | sort
}

# check_phases OUTPUT: the phases workload's simulation points lie in the
# right phases with the phases' shares as weights, and each window's BBL
# trace holds exactly the block executions of its interval.
check_phases() {
    d=$1/phases
    phases=$(expect_value phases INTERVAL_PHASES)
    got=$(while read -r point cluster; do
        weight=$(awk -v c="$cluster" '$2 == c { print $1 }' "$d/cluster/weights")
        echo "$(echo $phases | cut -d' ' -f$((point + 1))) $weight"
    done < "$d/cluster/simpoints" | sort)
    assert_eq "phases: one simulation point per phase, weights = shares" \
        "A 0.6
B 0.4" "$got"
    assert_eq "phases: windows.tsv lists both points" 3 \
        "$(wc -l < "$d/capture/windows.tsv" | tr -d ' ')"
    tail -n +2 "$d/capture/windows.tsv" | while read -r w i c wt start end diff files; do
        run out err "$BBLTRACE" --stats "$d/capture/bbltrace.$w"
        [ "$STATUS" -eq 0 ] || fail "window $w: qi-bbltrace: $(cat err)"
        phases_window "$start" "$end" > want
        assert_eq "phases: window $w [$start, $end) holds exactly its blocks" \
            "$(cat want)" "$(trace_histogram "$d/capture/bbltrace.$w")"
        assert_eq "phases: icount in window $w counts exactly its blocks" \
            "insns $(tr : ' ' < want | awk 'NR == FNR { n[$2] = $3; next }
                { s += n[$1] * $2 } END { print s }' blocks.txt -)" \
            "$(head -n 1 "$d/capture/icount.$w")"
    done || exit 1
}

# check_real OUTPUT WORKLOAD: each window's BBL trace of a real program
# agrees with the profiled interval's vector, except for the blocks the
# window's borders cut (a window starts and ends at block boundaries, the
# vector splits blocks): every other block executed the same instructions
# in both.  Blocks are compared by size (instructions, bytes), not address:
# QEMU 9 and later put a guest's libraries where the host's mmap does, and
# the capture run's libraries allocate differently from the profile run's.
check_real() {
    d=$1/$2
    interval=$(sed -n 's/^# qemu-instr bbv: interval \([0-9]*\),.*/\1/p' "$d/profile/prog.bbmap")
    largest=$(awk '!/^#/ && $3 > m { m = $3 } END { print m }' "$d/profile/prog.bbmap")
    tail -n +2 "$d/capture/windows.tsv" | while read -r w i c wt start end diff files; do
        run out err "$BBLTRACE" --stats "$d/capture/bbltrace.$w"
        [ "$STATUS" -eq 0 ] || fail "$2 window $w: qi-bbltrace: $(cat err)"
        "$BBLTRACE" --text "$d/capture/bbltrace.$w" |
            awk '$1 == "block" { key[$2] = $4 " " length($5) / 2; n[$2] = $4 }
                 $1 == "exec" { insns[$3] += n[$3] }
                 END { for (id in insns) print key[id], insns[id] }' | sort > got
        sed -n "$((i + 1))p" "$d/profile/prog.0.bb" | tr ' ' '\n' |
            awk -F: 'NR == FNR { if ($0 !~ /^#/) { split($0, f, " ");
                         key[f[1]] = f[3] " " f[4] } next }
                     NF == 3 { print key[$2], $3 }' \
                "$d/profile/prog.bbmap" - | sort > want
        total=$(awk '{ s += $3 } END { print s }' got)
        [ $((total - interval)) -lt "$largest" ] && [ $((interval - total)) -lt "$largest" ] ||
            fail "$2 window $w: $total instructions, not $interval within a block ($largest)"
        n_got=$(comm -13 want got | wc -l) n_want=$(comm -23 want got | wc -l)
        [ "$n_got" -le 2 ] && [ "$n_want" -le 2 ] ||
            fail "$2 window $w (interval $i): $n_want blocks of the interval's vector differ from the window's"
        echo "ok - $2: window $w ($total instructions) agrees with interval $i's vector but for $n_want border blocks"
    done || exit 1
}

# fingerprint OUTPUT: checksums of every result that must not depend on
# the engine (not the times, hosts or logs).  Guest addresses are left out
# of .bbmap files and traces: on QEMU 9 and later a dynamically linked
# program's libraries land where the host's mmap puts them, which varies
# from run to run (docs/campaigns.md); memory traces are compared by their
# statistics.
fingerprint() {
    (cd "$1" && find . -path '*/logs' -prune -o -path ./slurm -prune -o \
        -name '*.tmp' -prune -o \
        -type f ! -name done.json ! -name summary.md ! -name 'phases.*' \
        -print | sort | while read -r f; do
            case $f in
            *.bbmap) awk '/^#/ { print; next } { $2 = ""; print }' "$f" ;;
            */bbltrace.*) "$BBLTRACE" --text "$f" |
                awk '$1 == "block" { $3 = "" } { print }' ;;
            */memtrace.*) "$MEMTRACE" --stats "$f" ;;
            *) cat "$f" ;;
            esac | sha256sum | sed "s|-\$|$f|"
        done)
}
