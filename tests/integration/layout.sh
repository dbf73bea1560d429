#!/bin/sh
# The guest's memory layout does not depend on the libraries a run loads
# (instrument/layout.h): with address randomisation off (setarch -R, as
# qi-campaign runs every step), a dynamically linked guest finds its
# program, libraries, stack and heap at the same addresses whether the
# run loads icount alone or also champsim (Capstone, liblzma, an xz
# encoder) or bbv; so Python, whose code depends on its addresses, runs
# the same instructions.  On QEMU 9 and later the guest is mapped where
# the host's mmap puts it: without the runtime's hold, each set of
# libraries gave other addresses (every time) and Python other counts.
# A busy host can still, rarely, delay one of QEMU's own threads past the
# guest's loading (layout.h): each comparison gets three tries.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$TESTS_SRC/lib/lib.sh"

command -v setarch > /dev/null || skip "no setarch (util-linux)"

# maps LIBRARY-OPTIONS...: the guest's /proc/self/maps (QEMU's view of it).
maps() {
    setarch -R "$QI" "$QEMU_X86_64" -instr file=icount,arg=out=/dev/null "$@" \
        /bin/cat /proc/self/maps
}

# python LIBRARY-OPTIONS...: icount's count of a small Python program,
# run with -P: without it, Python looks for its modules in the current
# directory first, and runs more instructions the more files it finds.
python() {
    PYTHONHASHSEED=0 setarch -R "$QI" "$QEMU_X86_64" -instr file=icount,arg=out=count \
        "$@" /usr/bin/python3 -P -c 'import json; print(len(json.dumps({str(i): i for i in range(300)})))' > /dev/null &&
        sed -n 's/^insns //p' count
}

# same WHAT EXPECTED COMMAND...: COMMAND prints EXPECTED, in one of 3 tries.
same() {
    what=$1 expected=$2
    shift 2
    for try in 1 2 3; do
        actual=$("$@")
        [ "$actual" = "$expected" ] && break
        echo "# $what: try $try differs" >&2
    done
    assert_eq "$what" "$expected" "$actual"
}

alone=$(maps)
case $alone in
*/libc.so*) ;;
*) fail "no guest libc in the guest's maps: $alone" ;;
esac
same "guest layout with champsim loaded = with icount alone" "$alone" \
    maps -instr file=champsim,arg=out=t.xz
same "guest layout with bbv loaded = with icount alone" "$alone" \
    maps -instr file=bbv,arg=out=t.bb,arg=interval=100000

if [ -x /usr/bin/python3 ]; then
    n=$(python)
    [ -n "$n" ] && [ "$n" -gt 0 ] || fail "python: no count"
    same "python: the same instructions with champsim loaded" "$n" \
        python -instr file=champsim,arg=out=p.xz
fi
done_testing
