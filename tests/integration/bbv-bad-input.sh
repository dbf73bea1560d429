#!/bin/sh
# Bad bbv arguments: one line naming the cause, exit status 1, and the
# guest (which would print "hello") never runs.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$TESTS_SRC/lib/lib.sh"
. "$TESTS_SRC/lib/bbv-lib.sh"

so=$(bbv_so)
# refused REASON ARGS: bbv loaded with ARGS fails with REASON.
refused() {
    run out err "$QI" "$QEMU_X86_64" -instr "file=bbv$2" "$GUESTS/syscalls"
    assert_eq "refused: $1" \
        "1 [] qemu-instr: library lib0 ($so): qi_init failed (returned -1): $1" \
        "$STATUS [$(cat out)] $(cat err)"
}

refused "missing out=PREFIX (or trace=PATH)" ""
refused "missing out=PREFIX (or trace=PATH)" ",arg=interval=1000"
for bad in 0 12Q -5 K 1.5M 99999999999999999999; do
    refused "bad interval '$bad' (expected a positive number of instructions, optionally with a K, M or G suffix)" \
        ",arg=out=x,arg=interval=$bad"
done
refused "bad partial 'yes' (expected on or off)" ",arg=out=x,arg=partial=yes"
refused "cannot write /nonexistent/dir/x.bbmap: No such file or directory" \
    ",arg=out=/nonexistent/dir/x"
refused "cannot write /nonexistent/dir/t: No such file or directory" \
    ",arg=out=x,arg=trace=/nonexistent/dir/t"
refused "unknown argument 'colour' (expected out, interval, partial, trace)" \
    ",arg=colour=red"
done_testing
