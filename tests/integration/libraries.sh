#!/bin/sh
# Several libraries at once: each gets its arguments, its own id and its own
# registrations, and each counts exactly.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$TESTS_SRC/lib/lib.sh"

# Arguments and ids: commas written ",," reach the library as one argument.
run out err "$QI" "$QEMU_X86_64" -instr file=args,arg=a,,b,arg=x=1,arg= \
    -instr file=args,id=mine,arg=second /bin/true
assert_eq "exit status" 0 "$STATUS"
assert_eq "arguments of both libraries, in order" "args lib0: argc=4
args lib0: argv[1]=a,b
args lib0: argv[2]=x=1
args lib0: argv[3]=
args mine: argc=2
args mine: argv[1]=second" "$(grep -v 'argv\[0\]' err)"
assert_eq "argv[0] is the library's path" 2 \
    "$(grep -c 'argv\[0\]=/.*/args.so$' err)"

# The same library twice: two instances with separate state.
insns=$(expect_value loop INSNS)
run out err "$QI" "$QEMU_X86_64" -instr file=icount,arg=out=a.txt \
    -instr file=icount,id=again,arg=out=b.txt "$GUESTS/loop"
assert_eq "first icount" "insns $insns" "$(head -n 1 a.txt)"
assert_eq "second icount" "insns $insns" "$(head -n 1 b.txt)"
# Its private copy is created 0600 and written through that descriptor:
# never replaced by another file (as a rename would) before it is loaded.
if command -v strace >/dev/null; then
    mkdir copies
    TMPDIR="$WORK/copies" strace -f -o trace.log -e trace=openat,open,creat,rename,renameat,renameat2,chmod,fchmod,fchmodat,unlink,unlinkat \
        "$QI" "$QEMU_X86_64" -instr file=icount,arg=out=a.txt \
        -instr file=icount,id=again,arg=out=b.txt "$GUESTS/loop" 2>/dev/null
    assert_eq "the private copy: created 0600, loaded, removed" \
        'openat(AT_FDCWD, "COPY", O_RDWR|O_CREAT|O_EXCL, 0600) = N
openat(AT_FDCWD, "COPY", O_RDONLY|O_CLOEXEC) = N
unlink("COPY") = N' \
        "$(grep -F "$WORK/copies/" trace.log | sed -e 's/^[0-9]* *//' \
            -e "s|$WORK/copies/qemu-instr-[A-Za-z0-9]*\.so|COPY|g" -e 's/= [0-9]*$/= N/')"
    assert_eq "the copy's icount" "insns $insns" "$(head -n 1 b.txt)"
fi

# Different libraries together, each with exact results.
run out err "$QI" "$QEMU_X86_64" -instr file=icount,arg=out=count.txt \
    -instr file="$TESTLIBS/promise-count.so",arg=out=promise.txt \
    -instr file=syscalls,arg=out=trace.txt "$GUESTS/syscalls"
assert_eq "icount next to others" \
    "insns $(expect_value syscalls INSNS)" "$(head -n 1 count.txt)"
assert_eq "syscalls next to others" "$(expect_value syscalls SYSCALLS)" \
    "$(wc -l < trace.txt | tr -d ' ')"

# A promise for the block's size feeds a call and an inline counter.
for guest in loop stores syscalls; do
    run out err "$QI" "$QEMU_X86_64" \
        -instr file="$TESTLIBS/promise-count.so",arg=out=promise.txt \
        "$GUESTS/$guest"
    n=$(expect_value $guest INSNS)
    assert_eq "promise totals on $guest" "call $n
inline $n" "$(cat promise.txt)"
done

# The runtime with nothing to load leaves the guest alone.
run out err "$QI" "$QEMU_X86_64" "$GUESTS/syscalls"
assert_eq "no library: exit status" "$(expect_value syscalls EXIT)" "$STATUS"
assert_eq "no library: output" hello "$(cat out)"
assert_eq "no library: silence" "" "$(cat err)"
done_testing
