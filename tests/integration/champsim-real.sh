#!/bin/sh
# champsim on a real program (the host's bzip2, compressing 109 KB of
# text): a window's trace decodes with 0 misclassified records and no
# "other" transfers, and holds exactly the instructions of its window.
# Windows start and end at the first block boundary at or after their
# bounds (docs/windows.md): icount's windows 0:10M, 10M:12M and 12M:end
# tile the run, the trace has as many records as the middle one counts,
# each end of the trace's window is less than one block (the longest
# block the run executed) after its bound, and its first record starts
# a block.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$TESTS_SRC/lib/lib.sh"

BZIP2=$(command -v bzip2) || skip "bzip2 not found"
DECODE="$(dirname "$QI")/qi-champsim"
START=10000000 END=12000000

seq 1 20000 > data.txt
run out err "$QI" "$QEMU_X86_64" \
    -instr file=champsim,window=10M:12M,arg=out=b.%w.xz \
    -instr file=icount,window=0:10M,window=10M:12M,window=12M:1G,arg=out=w.%w \
    -instr file=icount,arg=out=all.txt \
    -instr file=hotblocks,arg=top=0,arg=out=hot.txt \
    "$BZIP2" -9 -c data.txt
assert_eq "bzip2: exit status and stderr" "0 []" "$STATUS [$(cat err)]"
assert_eq "bzip2: output" "$(bzip2 -9 -c data.txt | od -An -tx1)" "$(od -An -tx1 out)"
assert_eq "one trace, of the window and vCPU 0" "b.0.0.xz" "$(ls b.*)"

before=$(sed -n 's/^insns //p' w.0)
inside=$(sed -n 's/^insns //p' w.1)
after=$(sed -n 's/^insns //p' w.2)
assert_eq "icount's windows tile the run" "insns $((before + inside + after))" \
    "$(head -n 1 all.txt)"

run stats err "$DECODE" b.0.0.xz
assert_eq "qi-champsim: exit status" "0 []" "$STATUS [$(cat err)]"
assert_eq "records = the window's instructions, no other, 0 misclassified" \
    "instructions $inside
other 0 taken 0
misclassified 0 (is_branch but no branch 0, a branch without is_branch 0)" \
    "$(grep '^instructions\|^other\|^misclassified' stats)"
for k in loads stores direct-jump conditional direct-call return; do
    n=$(awk -v k="$k" '$1 == k { print $2 }' stats)
    [ "$n" -gt 0 ] || fail "no $k in the window: $(cat stats)"
done

# The longest block, in instructions: each end of the window is less than
# that after its bound.
longest=$(awk -F', ' 'NR > 1 && $2 > m { m = $2 } END { print m }' hot.txt)
[ "$longest" -gt 0 ] || fail "no blocks: $(cat hot.txt)"
assert_eq "the window starts less than one block after $START" "1" \
    "$(( before >= START && before - START < longest ))"
assert_eq "the window ends less than one block after $END" "1" \
    "$(( before + inside >= END && before + inside - END < longest ))"
first=$("$DECODE" --text --head=1 b.0.0.xz | awk '{ print $1 }')
assert_eq "the first record starts a block" "$first" \
    "$(awk -F', ' -v a="$first" '$1 == a { print $1 }' hot.txt)"
done_testing
