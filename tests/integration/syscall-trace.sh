#!/bin/sh
# The syscalls example writes the exact syscall trace of a guest whose
# system calls are known by construction (tests/guests/syscalls.S), and a
# plausible one for a real Debian program.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$TESTS_SRC/lib/lib.sh"

# Expected lines, from "num a1 .. a6 -> ret" in syscalls.expect.
n=$(expect_value syscalls SYSCALLS)
expected=$(for k in $(seq 1 "$n"); do expect_value syscalls "SYSCALL_$k"; echo; done |
    awk '{ args = $2; for (i = 3; i <= 7; i++) args = args ", " $i
           printf "vcpu 0: syscall %s (%s) %s\n", $1, args,
                  $9 == "none" ? "never returned" : "= " $9 }')

run out err "$QI" "$QEMU_X86_64" -instr file=syscalls,arg=out=trace.txt \
    "$GUESTS/syscalls"
assert_eq "guest exit status" "$(expect_value syscalls EXIT)" "$STATUS"
assert_eq "guest output passes through" "$(expect_value syscalls STDOUT)" "$(cat out)"
assert_eq "exact syscall trace" "$expected" "$(cat trace.txt)"
assert_eq "nothing on stderr" "" "$(cat err)"

# Without out=, the trace goes to standard error.
run out err "$QI" "$QEMU_X86_64" -instr file=syscalls "$GUESTS/syscalls"
assert_eq "trace on stderr" "$expected" "$(cat err)"

# A real program: /usr/bin/env writes its environment, then exits.
run out err env -i FOO=bar "$QI" "$QEMU_X86_64" \
    -instr file=syscalls,arg=out=trace.txt /usr/bin/env
assert_eq "env exit status" 0 "$STATUS"
assert_eq "env output" "FOO=bar" "$(cat out)"
assert_eq "env wrote its output with write(1, ..., 8)" 1 \
    "$(grep -c '^vcpu 0: syscall 1 (0x1, 0x[0-9a-f]*, 0x8, .*) = 8$' trace.txt)"
assert_eq "env's last call is exit_group(0), which never returns" \
    "vcpu 0: syscall 231 (0x0," "$(tail -n 1 trace.txt | cut -d' ' -f1-5)"
assert_eq "and the trace says so" "never returned" \
    "$(tail -n 1 trace.txt | sed 's/.*) //')"
done_testing
