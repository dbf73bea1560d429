#!/bin/sh
# Every bad -instr input gives one line naming the library or option and the
# cause, and QEMU exits non-zero before the guest runs (the guest would
# print "hello").
# SPDX-License-Identifier: GPL-2.0-or-later
. "$TESTS_SRC/lib/lib.sh"

# refused MESSAGE ARGS...: the launcher run with ARGS fails with MESSAGE.
refused() {
    message=$1
    shift
    run out err "$QI" "$@"
    assert_eq "refused: $message" "1 [] $message" \
        "$STATUS [$(cat out)] $(cat err)"
}

G="$GUESTS/syscalls"
Q="$QEMU_X86_64"
echo 'not ELF' > text.so
icount_so=$(dirname "$("$QI" --dry-run "$Q" -instr file=icount "$G" |
    sed -n "s/.*lib=\([^,']*\).*/\1/p")")/icount.so

refused "qemu-instr: -instr 'id=x': missing file= (every -instr needs file=LIBRARY)" \
    "$Q" -instr id=x "$G"
refused "qemu-instr: -instr 'file=a.so,colour=red': unknown key 'colour' (expected file, id, window or arg)" \
    "$Q" -instr file=a.so,colour=red "$G"
refused "qemu-instr: -instr 'file=nosuchlib': no library 'nosuchlib' in $(dirname "$icount_so")" \
    "$Q" -instr file=nosuchlib "$G"
refused "qemu-instr: library lib0 (/nonexistent/lib.so): file not found" \
    "$Q" -instr file=/nonexistent/lib.so "$G"
refused "qemu-instr: library lib0 ($WORK/text.so): not a shared object (no ELF header)" \
    "$Q" -instr file="$WORK/text.so" "$G"
refused "qemu-instr: library lib0 ($TESTLIBS/no-init.so): no qi_init function" \
    "$Q" -instr file="$TESTLIBS/no-init.so" "$G"
refused "qemu-instr: library lib0 ($TESTLIBS/no-version.so): no qi_api_version symbol (not a qemu-instr library?)" \
    "$Q" -instr file="$TESTLIBS/no-version.so" "$G"
refused "qemu-instr: library lib0 ($TESTLIBS/version-next.so): built for API version 5, this runtime provides versions 1 to 4" \
    "$Q" -instr file="$TESTLIBS/version-next.so" "$G"
refused "qemu-instr: library lib0 ($TESTLIBS/init-fails.so): qi_init failed (returned 3): the test asked me to fail" \
    "$Q" -instr file="$TESTLIBS/init-fails.so" "$G"
refused "qemu-instr: library lib0 ($icount_so): qi_init failed (returned -1): unknown argument 'colour' (expected out)" \
    "$Q" -instr file=icount,arg=colour=red "$G"
refused "qemu-instr: library x ($icount_so): id 'x' is already used by $(dirname "$icount_so")/syscalls.so" \
    "$Q" -instr file=syscalls,id=x,arg=out=trace.txt -instr file=icount,id=x "$G"
# The examples' own arguments.
lib_dir=$(dirname "$icount_so")
refused "qemu-instr: library lib0 ($lib_dir/memtrace.so): qi_init failed (returned -1): bad access 'x' (expected r, w or rw)" \
    "$Q" -instr file=memtrace,arg=access=x,arg=out=t.bin "$G"
refused "qemu-instr: library lib0 ($lib_dir/memtrace.so): qi_init failed (returned -1): bad format 'csv' (expected bin or text)" \
    "$Q" -instr file=memtrace,arg=format=csv "$G"
refused "qemu-instr: library lib0 ($lib_dir/memtrace.so): qi_init failed (returned -1): format=bin needs out=FILE" \
    "$Q" -instr file=memtrace,arg=access=w "$G"
refused "qemu-instr: library lib0 ($lib_dir/opcodes.so): qi_init failed (returned -1): bad top 'abc' (expected a number of lines, 0 for all)" \
    "$Q" -instr file=opcodes,arg=top=abc "$G"
refused "qemu-instr: library lib0 ($lib_dir/hotblocks.so): qi_init failed (returned -1): bad top '-1' (expected a number of lines, 0 for all)" \
    "$Q" -instr file=hotblocks,arg=top=-1 "$G"
# A failure after a successful load: the first library is finished cleanly.
refused "qemu-instr: library lib1 (/nonexistent/lib.so): file not found
insns 0" \
    "$Q" -instr file=icount -instr file=/nonexistent/lib.so "$G"

# Two libraries may not write the same file (devices such as /dev/null
# are fine); the first one's output is intact.
refused "qemu-instr: library lib1 ($lib_dir/icount.so): qi_init failed (returned -1): cannot write $WORK/same.txt: library lib0 writes it already" \
    "$Q" -instr file=icount,arg=out="$WORK/same.txt" -instr file=icount,arg=out="$WORK/same.txt" "$G"
assert_eq "the first library's output survives" "insns 0" "$(head -n 1 same.txt)"
run out err "$QI" "$Q" -instr file=icount,arg=out=/dev/null -instr file=icount,arg=out=/dev/null "$G"
assert_eq "two outputs to /dev/null" "$(expect_value syscalls EXIT) []" "$STATUS [$(cat err)]"

# Write errors are reported, also after the guest closed its standard error,
# and a guest exit status of 0 becomes 1: results were lost.
run out err "$QI" "$Q" -instr file=icount,arg=out=/dev/full "$G"
assert_eq "write error reported" \
    "$(expect_value syscalls EXIT) qemu-instr: library lib0: writing /dev/full failed: No space left on device" \
    "$STATUS $(grep -v hello err)"
run out err "$QI" "$Q" -instr file=icount,arg=out=/dev/full /bin/sh -c 'exec 2>&-; exit 0'
assert_eq "write error reported after the guest closed fd 2" \
    "1 qemu-instr: library lib0: writing /dev/full failed: No space left on device" \
    "$STATUS $(cat err)"

# ELF files that are no loadable library of this machine: the real cause.
refused "qemu-instr: library lib0 ($G): not a shared object (an executable or object file)" \
    "$Q" -instr file="$G" "$G"
printf 'int main(void) { return 0; }\n' >pie.c
"$CC" -fPIE -pie -o pie.so pie.c
refused "qemu-instr: library lib0 ($WORK/pie.so): cannot dynamically load position-independent executable" \
    "$Q" -instr file="$WORK/pie.so" "$G"
if [ -n "$AARCH64_CC" ]; then
    printf 'int qi_init(void) { return 0; }\n' >arm.c
    "$AARCH64_CC" -shared -fPIC -o arm.so arm.c
    refused "qemu-instr: library lib0 ($WORK/arm.so): wrong architecture: built for AArch64 64-bit (ELF machine 183), this runtime is x86-64 64-bit" \
        "$Q" -instr file="$WORK/arm.so" "$G"
fi
# A symbol nothing defines: refused at load (lazy binding would kill the
# guest at its first use), naming the symbol.
refused "qemu-instr: library lib0 ($TESTLIBS/unresolved.so): undefined symbol: qi_test_nowhere_defined" \
    "$Q" -instr file="$TESTLIBS/unresolved.so" "$G"
# The same library twice needs a private copy; without a usable TMPDIR,
# say so.
run out err env TMPDIR=/nonexistent "$QI" "$Q" -instr file=icount -instr file=icount "$G"
assert_eq "second load without TMPDIR: the cause" \
    "1 qemu-instr: library lib1 ($lib_dir/icount.so): loaded twice, but no private copy can be made in /nonexistent (set TMPDIR): No such file or directory" \
    "$STATUS $(head -n 1 err)"

# The runtime's own arguments, when -plugin is used without the launcher.
run out err "$Q" -plugin "$PLUGIN,colour=red" "$G"
assert_eq "unknown plugin option" \
    "1 [] qemu-instr: unknown plugin option 'colour' (expected lib, libid, libarg, libwindow, qmp, hmp, libpath, stopafterwindows or itemsfd)" \
    "$STATUS [$(cat out)] $(cat err)"

# A window's qi_init fails: one line naming the library once, and the run
# says results were lost (exit status 1, as without window=), while the
# other library finishes exactly.
. "$GUEST_SRC/loop.expect"
run out err "$QI" "$Q" -instr file="$TESTLIBS/init-fails.so,window=10K:20K" \
    -instr file=icount,arg=out=ic.txt "$GUESTS/loop"
assert_eq "a window's failed qi_init: status 1, one line" \
    "1 qemu-instr: library lib0 ($TESTLIBS/init-fails.so): qi_init failed (returned 3): the test asked me to fail, at the start of its window 0 (10000:20000); it is disabled" \
    "$STATUS $(cat err)"
assert_eq "the other library finishes exactly" "insns $INSNS
vcpu 0 $INSNS" "$(cat ic.txt)"

# The launcher itself.
refused "qemu-instr: QEMU binary 'qemu-nonexistent' not found in PATH" \
    qemu-nonexistent "$G"
refused "qemu-instr: 'ls' is not a QEMU binary (expected qemu-TARGET or qemu-system-TARGET)" \
    ls "$G"

# A QEMU the launcher does not serve: one line naming the binary, its
# version and what is supported.  4.2-5.2 have plugin API version 0; 6.0
# has version 1 but lacks qemu_plugin_insn_symbol (6.1).
SUPPORTED="QEMU 6.1-8.2 (plugin API v1), 9.0-10.2 (plugin API v2-v5) and 11.x (untested)"
mkdir fake
for version in 3.1.0 4.2.1 5.2.0 6.0.1 10.3.0 12.0.0; do
    printf '#!/bin/sh\necho "qemu-x86_64 version %s"\n' "$version" >fake/qemu-x86_64
    chmod +x fake/qemu-x86_64
    refused "qemu-instr: $WORK/fake/qemu-x86_64 is QEMU $version, which qemu-instr does not serve; it supports $SUPPORTED" \
        "$WORK/fake/qemu-x86_64" "$G"
done
printf '#!/bin/sh\necho "not a QEMU"\n' >fake/qemu-x86_64
refused "qemu-instr: $WORK/fake/qemu-x86_64 printed no QEMU version for --version; qemu-instr supports $SUPPORTED" \
    "$WORK/fake/qemu-x86_64" "$G"

# A real QEMU built without plugin support (Debian's static qemu-user 10).
if [ -n "${QEMU_STATIC_X86_64:-}" ]; then
    static_version=$("$QEMU_STATIC_X86_64" --version | sed -n 's/.* version \([0-9.]*\).*/\1/p')
    refused "qemu-instr: $QEMU_STATIC_X86_64 is QEMU $static_version built without TCG plugin support (e.g. a static qemu-user); qemu-instr needs $SUPPORTED built with --enable-plugins" \
        "$QEMU_STATIC_X86_64" "$G"
fi
done_testing
