#!/bin/sh
# qi-campaign's capture fidelity, validation, champsim capture and the
# capture run's stop after its last window, on three guests known by
# construction: phases (A, B, A; deterministic), phases-rate (A, B, A with
# every interval at its phase's exact conditional-branch rate) and
# random-phases (the same phases in code copies chosen from /dev/urandom:
# every run differs).
# SPDX-License-Identifier: GPL-2.0-or-later
. "$TESTS_SRC/lib/lib.sh"
. "$TESTS_SRC/lib/campaign-lib.sh"
CHAMPSIM=$(dirname "$QI")/qi-champsim

cat > c.ini <<EOF2
[campaign]
qemu = $QEMU_X86_64
output = $WORK/results
jobs = 2
interval = $(expect_value phases INTERVAL)
maxk = 3
validate = branches

[workload phases]
command = $GUESTS/phases
capture = champsim

[workload random]
command = $GUESTS/random-phases
capture = bbltrace

[workload phases-rate]
command = $GUESTS/phases-rate
EOF2
run out err "$CAMPAIGN" --poll 1 c.ini
assert_eq "campaign runs" "0 []" "$STATUS [$(cat err)]"
d=$WORK/results/phases

# Fidelity of the deterministic guest.  The simulation points are
# intervals 6 (B) and 7 (A).  Interval 7, [700000, 800000), starts and ends
# at block boundaries: difference 0.  Interval 6, [600000, 700000), does
# not start at one (b_loop's 4-instruction blocks start at 300006 + 4k):
# the window starts at 600002 and lacks b_loop's first 2 instructions,
# 2 / 2 / 100000 = 0.00001: the edge, and nothing else.
assert_eq "phases: windows.tsv names each window's point, fidelity and trace" \
    "window interval cluster weight start end difference files
0 6 1 0.4 600000 700000 0.000010 champsim.0.0.xz
1 7 0 0.6 700000 800000 0.000000 champsim.1.0.xz" \
    "$(tr '\t' ' ' < "$d/capture/windows.tsv")"
assert_eq "phases: reproducible, fidelity in the summary" \
    "| phases | done | 1,000,000 | 10 × 100,000 | 2 | 6 (0.4), 7 (0.6) | 2 (CHAMPSIM) | 0.001% |" \
    "$(grep '^| phases | ' "$WORK/results/summary.md" | cut -d'|' -f1-9 | sed 's/ $//' |
       sed 's/| 2 ([0-9.]* kB) |/| 2 (CHAMPSIM) |/') |"
assert_eq "phases: not marked" 0 \
    "$(grep -c 'phases is not reproducible' "$WORK/results/summary.md")"

# The capture run stopped after its last window (instruction 800000, a
# block boundary) and says so; the guest did not run to its exit.
assert_eq "phases: the capture stops after the last window" \
    "== the run stops after the last window: the guest's exit status and output are not the whole program's
qemu-instr: the run stopped after the last window, at instruction 800000 of vCPU 0 (-instr-stop-after-windows): the guest did not run to its end, and the exit status is not the program's" \
    "$(grep -e '^== the run stops' -e '^qemu-instr: the run stopped' "$d/logs/capture.log")"

# Each window's ChampSim trace: one record per instruction of the window
# (its blocks by construction, phases_window), 0 misclassified records.
tail -n +2 "$d/capture/windows.tsv" | while read -r w i c wt start end diff files; do
    phases_window "$start" "$end" > want
    insns=$(tr : ' ' < want | awk 'NR == FNR { n[$2] = $3; next }
        { s += n[$1] * $2 } END { print s }' blocks.txt -)
    run stats err "$CHAMPSIM" "$d/capture/$files"
    assert_eq "phases: window $w's ChampSim trace decodes" "0 []" "$STATUS [$(cat err)]"
    assert_eq "phases: window $w: records = the window's $insns instructions, none misclassified" \
        "instructions $insns
misclassified 0" "$(grep -e '^instructions' -e '^misclassified' stats | cut -d' ' -f1-2)"
done || exit 1

# Validation with branches, by construction.  Whole run: 1000000
# instructions, 299997 conditional branches (a_loop 2(NA-1), phase_a 2,
# a_tail 2, phase_b 1, b_loop NB-1).  Window: the instructions and
# conditional branches of its blocks (phases_window); the branch of its
# last block, whose direction only the next block (outside the window)
# shows, counts too.  Estimate = sum of weight x branches per 1000
# instructions of each window.
assert_eq "phases: branches over the whole run (profile step)" \
    "metric instructions 1000000
metric conditional-branches 299997" \
    "$(grep -e '^metric instructions' -e '^metric conditional-branches' "$d/profile/metrics/branches.txt")"
estimate=$(tail -n +2 "$d/capture/windows.tsv" | while read -r w i c wt start end diff files; do
    phases_window "$start" "$end" > want
    got=$(grep -e '^metric instructions' -e '^metric conditional-branches' \
        "$d/capture/metrics/branches.$w.txt" | cut -d' ' -f3 | tr '\n' ' ')
    expected=$(tr : ' ' < want | awk 'NR == FNR { n[$2] = $3; c[$2] = ($1 ~ /^(phase_a|a_loop|a_tail|phase_b|b_loop)$/); next }
        { s += n[$1] * $2; b += c[$1] * $2 } END { print s, b, "" }' blocks.txt -)
    [ "$got" = "$expected" ] ||
        { echo "window $w: branches measured '$got', by construction '$expected'" >&2; exit 1; }
    echo "$wt $got"
done | awk '{ e += $1 * $3 / $2 * 1000 } END { printf "%.9g %.9g", e, (e - 299.997) / 299.997 }') ||
    fail "a window's branches differ from its blocks'"
error=${estimate#* } estimate=${estimate% *}
assert_eq "phases: validation.tsv's conditional branches: whole run, estimate (by construction: $estimate), error" \
    "299.997 $estimate $error" \
    "$(awk -F'\t' '$2 == "conditional-branches" { printf "%.9g %.9g %.9g", $3, $4, $5 }' "$d/capture/validation.tsv")"
assert_eq "phases: the summary's validation row" \
    "| branches | conditional-branches | 299.997 | $(printf '%.6g' "$estimate") | $(awk -v e="$error" 'BEGIN { printf "%+.3g%%", 100 * e }') |" \
    "$(grep '^| branches | conditional-branches |' "$WORK/results/summary.md" | head -n 1)"
assert_eq "phases: validation plot is a PNG" "PNG" \
    "$(head -c 4 "$d/validation.png" | tail -c 3)"

# Validation made exact (phases-rate.S): every interval holds its phase's
# rate, 50000 conditional branches per 100000 instructions in A, 25000 in
# B, and starts and ends at a block border (windows = intervals,
# difference 0).  A and B run disjoint code, so no cluster mixes them: the
# windows of A carry the 6 A intervals' weight, 0.6, those of B 0.4,
# whichever points SimPoint picks.  Estimate = 0.6 x 500 + 0.4 x 250 =
# 400, the whole run's 400000 / 1000000 x 1000, exactly (in floating point
# too: each weight k/10 times 500 or 250 rounds to k x 50 or k x 25, so any
# split of A and B into maxk = 3 clusters sums to 400.0).
r=$WORK/results/phases-rate
interval=$(expect_value phases-rate INTERVAL)
assert_eq "phases-rate: branches over the whole run (profile step)" \
    "metric instructions $(expect_value phases-rate INSNS)
metric conditional-branches $(expect_value phases-rate CONDITIONAL_BRANCHES)" \
    "$(grep -e '^metric instructions' -e '^metric conditional-branches' "$r/profile/metrics/branches.txt")"
weights=$(tail -n +2 "$r/capture/windows.tsv" | while read -r w i c wt start end diff files; do
    [ "$start $end $diff" = "$((i * interval)) $(((i + 1) * interval)) 0.000000" ] ||
        { echo "phases-rate: window $w is [$start, $end) difference $diff, not interval $i exactly" >&2; exit 1; }
    phase=$(echo $(expect_value phases-rate INTERVAL_PHASES) | cut -d' ' -f$((i + 1)))
    got=$(grep -e '^metric instructions' -e '^metric conditional-branches' \
        "$r/capture/metrics/branches.$w.txt" | cut -d' ' -f3 | tr '\n' ' ')
    [ "$got" = "$interval $(expect_value phases-rate INTERVAL_BRANCHES_$phase) " ] ||
        { echo "phases-rate: window $w (phase $phase): instructions, branches '$got'" >&2; exit 1; }
    echo "$phase $wt"
done | awk '{ s[$1] += $2 } END { printf "A %.9g B %.9g", s["A"], s["B"] }') ||
    fail "phases-rate: a window is not its interval, at its phase's rate"
assert_eq "phases-rate: the windows of A weigh 0.6, of B 0.4" "A 0.6 B 0.4" "$weights"
rate=$(expect_value phases-rate CONDITIONAL_BRANCHES_PER_1000)
assert_eq "phases-rate: validation.tsv: whole run $rate, estimate $rate, error 0" \
    "$rate.0 $rate.0 0.0" \
    "$(awk -F'\t' '$2 == "conditional-branches" { print $3, $4, $5 }' "$r/capture/validation.tsv")"
assert_eq "phases-rate: the summary's validation row" \
    "| branches | conditional-branches | $rate | $rate | +0% |" \
    "$(sed -n '/^### phases-rate: validation/,/^###/p' "$WORK/results/summary.md" |
       grep '^| branches | conditional-branches |')"

# The non-deterministic guest: each run picks one of 256 copies of A's
# loop and, independently, one of 256 copies of B's.  A window inside A
# runs the same copy as its interval by chance, 1 time in 256 (and then
# agrees with it within a few edge instructions), otherwise other code: a
# difference of nearly all its instructions.  The windows are chosen in
# both phases, so all of them agree 1 time in 65536: at least one differs.
r=$WORK/results/random
diffs=$(tail -n +2 "$r/capture/windows.tsv" | cut -f 7)
echo "random: the windows' differences: $(echo $diffs)"
assert_eq "random: every window differs by nearly all or almost none of its instructions" "" \
    "$(echo "$diffs" | awk '!($1 > 0.5 || $1 < 0.01)')"
assert_eq "random: some window differs (all agree 1 time in 65536)" "yes" \
    "$(echo "$diffs" | awk '$1 > 0.5 { d = 1 } END { print d ? "yes" : "no" }')"
grep -q '^| random | done | .* | \*\*[0-9.]*%: not reproducible\*\* |' "$WORK/results/summary.md" ||
    fail "random: the fidelity cell does not mark it: $(grep '^| random' "$WORK/results/summary.md")"
assert_eq "random: the summary says why, with the likely causes" \
    "**random is not reproducible**: the capture ran other code than the profile in N of N windows (difference above 1%, fidelity-threshold)

- threads (their interleaving differs from run to run)
- the time (clock reads, timeouts)
- random numbers (getrandom, /dev/urandom)
- hash randomisation (Python's PYTHONHASHSEED: fixed to 0 by qi-campaign; other runtimes have their own seeds)
- memory addresses (QEMU 9 and later map the guest's memory where the host's mmap puts it: a library loaded over QMP, or address randomisation, moves it, and programs such as Python then run other code)
- inputs or files that changed between the steps" \
    "$(sed -n '/^\*\*random is not reproducible/,/^- inputs/p' "$WORK/results/summary.md" |
       sed 's/ in [0-9]* of [0-9]* windows/ in N of N windows/; s/fidelity-threshold): .*/fidelity-threshold)/')"

# The fixed environment holds PYTHONHASHSEED=0 (a guest's environment is
# the step's record of it), and bad values of the new keys are refused.
assert_eq "the fixed environment" \
    '{"PATH": "/usr/local/bin:/usr/bin:/bin", "PYTHONHASHSEED": "0"}' \
    "$(python3 -c 'import json, sys; print(json.dumps(json.load(open(sys.argv[1]))["settings"]["environment"]))' "$d/profile/done.json")"
printf '[workload a]\nqemu = %s\ncommand = /bin/true\nfidelity-threshold = 2\n' "$QEMU_X86_64" > bad.ini
run out err "$CAMPAIGN" --check bad.ini
assert_eq "fidelity-threshold without %" \
    "2 qi-campaign: bad.ini:4: [workload a] fidelity-threshold: '2' is not a percentage from 0% to 100% (e.g. 1%, 0.5%)" \
    "$STATUS $(cat err)"
printf '[campaign]\nvalidate = nosuchlib\n[workload a]\nqemu = %s\ncommand = /bin/true\n' "$QEMU_X86_64" > bad.ini
run out err "$CAMPAIGN" --check bad.ini
assert_eq "validate names a library qemu-instr cannot find" \
    "2 qi-campaign: bad.ini:2: [campaign] validate: 'nosuchlib': no library 'nosuchlib' in LIBDIRS" \
    "$STATUS $(sed 's/ in .*/ in LIBDIRS/' err)"
done_testing
