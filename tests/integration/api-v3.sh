#!/bin/sh
# API version 3: instruction classes and direct targets of every control
# transfer of the branches guests (x86-64, AArch64, and i386 where
# qemu-i386 is installed), the flush event,
# qi_log from every kind of code, qi_set_error outside qi_init, the vCPU
# bound in user and system mode, and libraries of versions 1 and 2 loading.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$TESTS_SRC/lib/lib.sh"

# expected_classes GUEST: "ADDRESS CLASSES TARGET" of its CLASSES, sorted.
expected_classes() {
    for c in $(expect_value "$1" CLASSES); do
        label=${c%%:*} rest=${c#*:}
        target=${rest#*:}
        [ "$target" = - ] || target=$(symbol_address "$GUESTS/$1" "$target")
        echo "$(symbol_address "$GUESTS/$1" "$label") ${rest%%:*} $target"
    done | sort
}

check_classes() { # QEMU GUEST
    run out err "$QI" "$1" -instr file="$TESTLIBS/classes.so" "$GUESTS/$2"
    assert_eq "$2: exit status" "$(expect_value "$2" EXIT)" "$STATUS"
    sed -n 's/^qemu-instr: lib0 (classes.so): //p' err > c.txt
    assert_eq "$2: classes and targets of every control transfer" \
        "$(expected_classes "$2")" "$(grep '^0x' c.txt | sort)"
    assert_eq "$2: guest architecture" "arch $(expect_value "$2" ARCH)" \
        "$(tail -n 1 c.txt)"
}

check_classes "$QEMU_X86_64" branches
if [ -n "$QEMU_AARCH64" ] && [ -x "$GUESTS/branches-aarch64" ]; then
    check_classes "$QEMU_AARCH64" branches-aarch64
fi

# i386 (Debian 12's qemu-user has qemu-i386; the QEMU 10 build does not).
QEMU_I386=$(dirname "$QEMU_X86_64")/qemu-i386
if [ -x "$QEMU_I386" ]; then
    check_classes "$QEMU_I386" branches-i386
fi

S="$TESTLIBS/services.so"
L="qemu-instr: lib0 (services.so):"
# loop: blocks _start, loop_body, loop_exit (loop.S).
run out err "$QI" "$QEMU_X86_64" -instr file="$S" "$GUESTS/loop"
assert_eq "log from qi_init, an emitted call and qi_fini; no flush" \
"$L init: vcpu_max=1024
$L exec: first block $(symbol_address "$GUESTS/loop" _start) (lib0)
$L fini: flushes=0 blocks=3" "$(cat err)"

# qi_retranslate in loop_body's translation: one flush, loop_body again.
run out err "$QI" "$QEMU_X86_64" -instr file="$S",arg=retranslate=2 \
    "$GUESTS/loop"
assert_eq "one flush event per flush" \
"$L init: vcpu_max=1024
$L exec: first block $(symbol_address "$GUESTS/loop" _start) (lib0)
$L flush 1
$L fini: flushes=1 blocks=4" "$(cat err)"

# opcodes credits its block records at each flush and frees them: the
# same counts with a flush in the middle of the loop as without.
run out err "$QI" "$QEMU_X86_64" -instr file=opcodes,arg=top=0,arg=out=o1.txt \
    "$GUESTS/loop"
run out err "$QI" "$QEMU_X86_64" -instr file=opcodes,arg=top=0,arg=out=o2.txt \
    -instr file="$S",arg=retranslate=2 "$GUESTS/loop"
assert_eq "opcodes across a flush: a flush happened" 1 "$(grep -c 'flush 1' err)"
assert_eq "opcodes across a flush: the same counts" "$(cat o1.txt)" "$(cat o2.txt)"
assert_eq "opcodes: loop_body's add ran N times" \
    "$(expect_value loop N)" "$(awk '$2 == "4801f8" { print $1 }' o2.txt)"

run out err "$QI" "$QEMU_X86_64" -instr file="$S",arg=error=exec \
    "$GUESTS/loop"
assert_eq "qi_set_error in an emitted call: disabled, finished at once" \
"$L init: vcpu_max=1024
$L exec: first block 0x401000 (lib0)
qemu-instr: library lib0 ($S) disabled: asked to fail in an emitted call at 0x401000
$L fini: flushes=0 blocks=1" "$(cat err)"
assert_eq "qi_set_error in an emitted call: the guest goes on" 0 "$STATUS"

run out err "$QI" "$QEMU_X86_64" -instr file="$S",arg=error=hook \
    "$GUESTS/loop"
assert_eq "qi_set_error in a translation hook: disabled, no hook after" \
"$L init: vcpu_max=1024
$L exec: first block 0x401000 (lib0)
qemu-instr: library lib0 ($S) disabled: asked to fail in the translation of $(symbol_address "$GUESTS/loop" loop_body)
$L fini: flushes=0 blocks=2" "$(cat err)"

# syscalls: its first system call is mmap (9), at the end of block _start.
run out err "$QI" "$QEMU_X86_64" -instr file="$S",arg=error=syscall \
    "$GUESTS/syscalls"
assert_eq "qi_set_error in a system-call hook: disabled, finished at exit" \
"$L init: vcpu_max=1024
$L exec: first block $(symbol_address "$GUESTS/syscalls" _start) (lib0)
qemu-instr: library lib0 ($S) disabled: asked to fail in system call 9
$L fini: flushes=0 blocks=1" "$(cat err)"
assert_eq "qi_set_error in a system-call hook: the guest goes on" \
    "$(expect_value syscalls EXIT) $(expect_value syscalls STDOUT)" \
    "$STATUS $(cat out)"

# files (4 blocks, each ending with a system call) closes its standard
# error before exit_group: qi_fini's line
# still reaches ours.
run out err "$QI" "$QEMU_X86_64" -instr file="$S" "$GUESTS/files"
assert_eq "qi_log after the guest closed fd 2" "$L fini: flushes=0 blocks=4" \
    "$(tail -n 1 err)"

# A monitor's load and unload flush QEMU's code: the libraries already
# loaded get one flush event each.
if command -v socat >/dev/null; then
    "$CC" -nostdlib -static -DITERS=1000000000000 -o spin "$GUEST_SRC/spin.S"
    "$QI" "$QEMU_X86_64" -instr-hmp unix:"$WORK/hmp.sock" \
        -instr file="$S" ./spin 2>spin.err &
    spin=$!
    while [ ! -S hmp.sock ]; do sleep 0.05; done
    printf 'instr-load -i ic icount\ninstr-unload ic\n' |
        socat -t 1 - UNIX-CONNECT:hmp.sock > hmp.out
    kill $spin
    wait $spin
    assert_eq "a monitor's load and unload: one flush event each" \
        "$L flush 1
$L flush 2" "$(grep "flush [0-9]" spin.err)"
fi

# Two loads of one library: each names itself, even from emitted calls.
run out err "$QI" "$QEMU_X86_64" -instr file="$S",id=one \
    -instr file="$S",id=two "$GUESTS/loop"
assert_eq "two instances log under their own ids" \
"qemu-instr: one (services.so): exec: first block 0x401000 (one)
qemu-instr: two (services.so): exec: first block 0x401000 (two)" \
    "$(grep exec: err)"

# threads: vCPUs 0 (main) to 4.
run out err env QEMU_INSTR_MAX_VCPUS=5 "$QI" "$QEMU_X86_64" \
    -instr file="$S" "$GUESTS/threads"
assert_eq "QEMU_INSTR_MAX_VCPUS=5: 5 vCPUs run" \
    "0 $L init: vcpu_max=5" "$STATUS $(head -n 1 err)"
run out err env QEMU_INSTR_MAX_VCPUS=3 "$QI" "$QEMU_X86_64" \
    -instr file="$S" "$GUESTS/threads"
assert_eq "a vCPU beyond the bound stops the run with status 1" 1 "$STATUS"
# The first vCPU past the bound to start says so: index 3 or 4, as the
# guest's threads start in either order.
assert_eq "one line says why" \
    "qemu-instr: the guest needs vCPU index N, beyond qemu-instr's bound of 3 vCPUs (set QEMU_INSTR_MAX_VCPUS for more): stopping" \
    "$(grep bound err | sed 's/vCPU index [34],/vCPU index N,/')"
assert_eq "the libraries are finished first" 1 "$(grep -c "^$L fini:" err)"
run out err env QEMU_INSTR_MAX_VCPUS=0 "$QI" "$QEMU_X86_64" \
    -instr file="$S" "$GUESTS/loop"
assert_eq "a bad QEMU_INSTR_MAX_VCPUS is refused" \
"1 qemu-instr: QEMU_INSTR_MAX_VCPUS='0': expected a number of vCPUs from 1 to 65536" \
    "$STATUS $(cat err)"

if [ -n "$QEMU_SYSTEM_X86_64" ]; then
    run out err "$QI" "$QEMU_SYSTEM_X86_64" -display none -nographic \
        -smp 2,maxcpus=4 -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
        -kernel "$GUESTS/kernel.elf" -instr file="$S"
    assert_eq "system mode: the bound is QEMU's maxcpus" \
        "$(expect_value kernel EXIT) $L init: vcpu_max=4" \
        "$STATUS $(grep init: err)"
fi

# Older libraries: promise-count declares version 1, counters version 2.
run out err "$QI" "$QEMU_X86_64" \
    -instr file="$TESTLIBS/promise-count.so",arg=out=p.txt \
    -instr file="$TESTLIBS/counters.so",arg=out=c.txt "$GUESTS/loop"
assert_eq "libraries of API versions 1 and 2 load and run" "0 0" \
    "$STATUS $(wc -c < err | tr -d ' ')"
assert_eq "the version-1 library counts" "call $(expect_value loop INSNS)" \
    "$(head -n 1 p.txt)"
done_testing
