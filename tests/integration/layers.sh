#!/bin/sh
# instrument/ is layered (scripts/check-layers.py): no include cycle and no
# call cycle between its files, and the public API only in api-*.c.  First
# the checker itself, on a small tree with each fault, then the real tree.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$TESTS_SRC/lib/lib.sh"

CHECK="$TESTS_SRC/../scripts/check-layers.py"
SRC=$(cd "$TESTS_SRC/.." && pwd)
BUILD=$(cd "$MODULES/../.." && pwd)

# A tree where a and b include and call each other, c uses the API that
# api-thing defines, and d (an internal file) defines an API function.
mkdir -p tree/instrument out/instrument/.libs
cd tree/instrument || exit 99
printf '#include "b.h"\nvoid a(void);\nvoid a(void) { b(); }\n' > a.c
printf 'void a(void);\n' > a.h
printf '#include "a.h"\nvoid b(void);\nvoid b(void) { a(); }\n' > b.c
printf 'void b(void);\n' > b.h
printf 'int qi_thing(void);\nint qi_thing(void) { return 1; }\n' > api-thing.c
printf 'int qi_thing(void);\nint c(void);\nint c(void) { return qi_thing(); }\n' > c.c
printf 'int qi_other(void);\nint qi_other(void) { return 2; }\n' > d.c
for f in a b api-thing c d; do
    $CC -c -o "$WORK/out/instrument/.libs/libqemu_instr_la-$f.o" "$f.c" ||
        exit 99
done
cd "$WORK" || exit 99
python3 "$CHECK" tree out > report.txt
assert_eq "checker's status on the faulty tree" 1 $?
assert_eq "checker's report on the faulty tree" \
"check-layers: instrument/c.c uses the public API function qi_thing (instrument/api-thing.c): call the core function under it
check-layers: instrument/d.c defines the public API function qi_other: public functions live in api-*.c
check-layers: include cycle between 2 files: a -> b, b -> a
check-layers: call cycle between 2 files: a -> b, b -> a" "$(cat report.txt)"

# A source file without an object is not left out silently.
printf 'void e(void);\nvoid e(void) {}\n' > tree/instrument/e.c
python3 "$CHECK" tree out | grep 'e\.c' > missing.txt
assert_eq "a file without an object" \
"check-layers: instrument/e.c: no object in $WORK/out (build first)" \
    "$(cat missing.txt)"

# The real tree.
python3 "$CHECK" "$SRC" "$BUILD" > real.txt
assert_eq "checker's status on instrument/" 0 $?
assert_eq "checker's report on instrument/" "" "$(cat real.txt)"

echo "$PASSED checks passed"
