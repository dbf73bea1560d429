#!/bin/sh
# Every writer reports a full disk as such: the libraries' outputs (through
# qi_close_output), the tools' standard output and files, with the errno of
# the write that failed ("No space left on device"), whether it failed while
# the program ran (a buffer filled) or when the file was closed.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$TESTS_SRC/lib/lib.sh"

TOOLS=$(dirname "$QI")
FULL="No space left on device"

# lib_full WHAT EXPECTED-PATH INSTR: a library run whose output is lost
# exits 1 (the guest's 0 would hide the loss) after one line.
lib_full() {
    run out err "$QI" "$QEMU_X86_64" -instr "$3" /bin/true
    assert_eq "$1" "1 qemu-instr: library lib0: writing $2 failed: $FULL" \
        "$STATUS $(cat err)"
}

# Outputs larger than a stdio buffer, then one written only at exit.
lib_full "memtrace" /dev/full file=memtrace,arg=out=/dev/full
lib_full "bbv trace=" /dev/full file=bbv,arg=trace=/dev/full,arg=out=tv
lib_full "hotblocks" /dev/full file=hotblocks,arg=out=/dev/full
# bbv's vector and map files are named from a prefix.
ln -s /dev/full vb.0.bb
lib_full "bbv .bb" vb.0.bb file=bbv,arg=interval=1000,arg=out=vb
ln -s /dev/full vm.bbmap
lib_full "bbv .bbmap" vm.bbmap file=bbv,arg=out=vm
# champsim's traces are named from out= and the vCPU, whatever compression.
ln -s /dev/full c.0.xz
lib_full "champsim .xz" c.0.xz file=champsim,arg=out=c.xz
ln -s /dev/full c.raw.0
lib_full "champsim raw" c.raw.0 file=champsim,arg=out=c.raw

# The tools, on inputs the libraries write.
run out err "$QI" "$QEMU_X86_64" -instr file=memtrace,arg=out=m.bin \
    -instr file=bbv,arg=interval=1000,arg=trace=t.bin,arg=out=v \
    -instr file=champsim,arg=out=cs.gz /bin/true
assert_eq "inputs written" "0 []" "$STATUS [$(cat err)]"
"$TOOLS/qi-champsim" --text cs.0.gz >/dev/full 2>err
assert_eq "qi-champsim to a full disk" "1 qi-champsim: standard output: $FULL" \
    "$? $(cat err)"
"$TOOLS/qi-memtrace" m.bin >/dev/full 2>err
assert_eq "qi-memtrace to a full disk" "1 qi-memtrace: standard output: $FULL" \
    "$? $(cat err)"
"$TOOLS/qi-bbltrace" --text t.bin >/dev/full 2>err
assert_eq "qi-bbltrace to a full disk" "1 qi-bbltrace: standard output: $FULL" \
    "$? $(cat err)"
ln -s /dev/full x.0.bb
"$TOOLS/qi-bbltrace" --bb x --interval 1000 t.bin >/dev/null 2>err
assert_eq "qi-bbltrace --bb to a full disk" \
    "1 qi-bbltrace: cannot write x.0.bb: $FULL" "$? $(cat err)"
"$TOOLS/qi-simpoint" -loadFVFile v.0.bb -maxK 3 -saveSimpoints /dev/full \
    -saveSimpointWeights w.txt >/dev/null 2>err
assert_eq "qi-simpoint to a full disk" \
    "1 qi-simpoint: error writing '/dev/full': $FULL" "$? $(cat err)"

done_testing
