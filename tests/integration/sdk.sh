#!/bin/sh
# The SDK as a user gets it: every single-file example, copied out of the
# tree (with examples/common), builds with the README's one-line command
# against qemu-instr.pc (pointed at this source and build tree) with
# warnings as errors, and the libraries built that way run.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$TESTS_SRC/lib/lib.sh"

SRC=$(cd "$TESTS_SRC/.." && pwd)
BUILD=$(cd "$MODULES/../.." && pwd)
mkdir pc
sed -e "s|^includedir=.*|includedir=$SRC|" -e "s|^libdir=.*|libdir=$BUILD/.libs|" \
    "$BUILD/qemu-instr.pc" > pc/qemu-instr.pc
export PKG_CONFIG_PATH="$WORK/pc"
EXAMPLES="args syscalls icount opcodes hotblocks branches cache strace"
mkdir -p examples/common
cp "$SRC/examples/common/top.h" "$SRC/examples/common/metric.h" examples/common/
for e in $EXAMPLES; do
    mkdir -p "examples/$e"
    cp "$SRC/examples/$e/$e.c" "examples/$e/"
    (cd "examples/$e" &&
     ${CC:-cc} -Wall -Wextra -Werror -shared -fPIC -o "$e.so" "$e.c" \
        $(pkg-config --cflags --libs qemu-instr)) >"$e.log" 2>&1
    assert_eq "$e builds out of the tree" "0" "$?$(cat "$e.log")"
done

run out err "$QI" "$QEMU_X86_64" \
    -instr file="$WORK/examples/icount/icount.so,arg=out=i.txt" \
    -instr file="$WORK/examples/branches/branches.so,arg=out=b.txt" \
    "$GUESTS/branches"
assert_eq "the out-of-tree branches and icount run" "0 0" \
    "$STATUS $(wc -c < err | tr -d ' ')"
assert_eq "the out-of-tree branches counts" \
    "$(expect_value branches MISPREDICTED)" \
    "$(tail -n 1 b.txt | awk '{ print $9 }')"

# C++, with hidden visibility by default: the entry points are still
# exported with C linkage, and the header compiles without a warning.
if command -v "${CXX:-c++}" >/dev/null; then
    printf '%s\n' '#include <qemu-instr/qi.h>' \
        'QI_EXPORT const int qi_api_version = QI_API_VERSION;' \
        'QI_EXPORT int qi_init(int, const char **) { qi_log("c++ %d", 11); return 0; }' \
        > cxx.cc
    "${CXX:-c++}" -std=c++11 -Wall -Wextra -Werror -fvisibility=hidden \
        -shared -fPIC -o cxx.so cxx.cc $(pkg-config --cflags --libs qemu-instr) \
        >cxx.log 2>&1
    assert_eq "a C++ library builds" "0" "$?$(cat cxx.log)"
    run out err "$QI" "$QEMU_X86_64" -instr file="$WORK/cxx.so" "$GUESTS/loop"
    assert_eq "a C++ library loads and logs" \
        "0 qemu-instr: lib0 (cxx.so): c++ 11" "$STATUS $(cat err)"
fi

# A wrong entry-point signature does not compile.
printf '%s\n' '#include <qemu-instr/qi.h>' \
    'QI_EXPORT const int qi_api_version = QI_API_VERSION;' \
    'QI_EXPORT int qi_init(int argc, char **argv) { (void)argc, (void)argv; return 0; }' \
    > wrong.c
${CC:-cc} -shared -fPIC -o wrong.so wrong.c \
    $(pkg-config --cflags --libs qemu-instr) >wrong.log 2>&1
status=$?
assert_eq "a qi_init of the wrong type is a compile error" "1 yes" \
    "$status $(grep -q "conflicting types for .qi_init" wrong.log && echo yes)"
done_testing
