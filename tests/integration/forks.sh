#!/bin/sh
# A guest that forks: the parent's outputs are exactly those of a run whose
# children did nothing (icount, bbv's .bb and .bbmap), each child switches
# off the libraries that do not follow it with one line, and icount with
# out=...%p... follows every child into a file of its own.  A guest execve
# is reported.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$TESTS_SRC/lib/lib.sh"
. "$TESTS_SRC/lib/bbv-lib.sh"

G="$GUESTS/forks"
insns=$(expect_value forks INSNS)
children=$(expect_value forks CHILDREN)

run out err "$QI" "$QEMU_X86_64" -instr file=icount,arg=out=ic.txt \
    -instr file=bbv,arg=out=bb,arg=interval=7,arg=partial=on "$G"
assert_eq "exit status" "$(expect_value forks EXIT)" "$STATUS"
assert_eq "icount: the parent's count alone" "insns $insns
vcpu 0 $insns" "$(cat ic.txt)"
assert_eq "bbv: the parent's instructions alone" "$insns" "$(bb_total bb.0.bb)"
assert_eq "bbv: intervals of the parent alone" \
    "$(repeat_line $((insns / 7)) 7; echo $((insns % 7)))" "$(bb_sums bb.0.bb)"
assert_eq "bbv: the parent's .bbmap" \
    "# vcpu 0: $((insns / 7)) full intervals, $((insns % 7)) instructions in the last, partial interval (written)" \
    "$(grep '^# vcpu' bb.bbmap)"
assert_eq "one line per child and library that does not follow it" \
    "$children bbv.so it does not follow forks
$children icount.so its guest_fork_child handler declined" \
    "$(sed -n 's/^qemu-instr: library lib[01] ([^)]*\/\([a-z]*\.so\)) disabled: switched off in the guest.s child process [0-9]* (\(.*\))$/\1 \2/p' err | sort | uniq -c | sed 's/^ *//')"
assert_eq "nothing else on stderr" "$((2 * children))" "$(wc -l < err)"

# out=...%p...: each process counts into its own file, children from
# their fork on.
run out err "$QI" "$QEMU_X86_64" -instr file=icount,arg=out=ic.%p.txt "$G"
assert_eq "%p: exit status and stderr" "$(expect_value forks EXIT) []" \
    "$STATUS [$(cat err)]"
assert_eq "%p: one file per process: the parent's count, each child's" \
    "$(echo "insns $insns"; repeat_line "$children" "insns $(expect_value forks CHILD_INSNS)")" \
    "$(for f in ic.*.txt; do head -n 1 "$f"; done | sort -t' ' -k2nr)"
# A process that calls execve starts a program QEMU does not run: said
# once, and its libraries finish first (its report is complete).
run out err "$QI" "$QEMU_X86_64" -instr file=icount,arg=out=ic.txt \
    /bin/sh -c 'exec /bin/true; exec /bin/true'
assert_eq "execve: one line" "0 1" "$STATUS $(grep -c '^qemu-instr: process [0-9]* calls execve: the program it starts runs natively, outside QEMU, and is not instrumented; the libraries finish now$' err)"
assert_eq "execve: nothing else" "1" "$(wc -l < err)"
assert_icount_complete "execve: the report written before the exec is complete" \
    ic.txt
# An execve that fails: the process goes on, uninstrumented, unharmed.
run out err "$QI" "$QEMU_X86_64" -instr file=icount,arg=out=ex.%p.txt \
    /bin/sh -c '/nonexistent/x; echo after'
assert_eq "failed execve: the shell goes on" "0 after" "$STATUS $(cat out)"
assert_eq "failed execve: both processes' reports are complete" "2" \
    "$(cat ex.*.txt | awk '$1 == "insns" { n = $2 } $1 == "vcpu" && $3 == n { ok++ } END { print ok }')"
done_testing
