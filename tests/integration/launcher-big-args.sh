#!/bin/sh
# Libraries' arguments of any total size reach them exactly: two arg=
# values of 70 KB (together over the kernel's 128 KiB limit on one
# argument, which the single -plugin option used to pass) and an item with
# commas, for two instances of the args example; --dry-run still shows
# the items inline.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$TESTS_SRC/lib/lib.sh"

a=$(head -c 70000 /dev/zero | tr '\0' a)
b=$(head -c 69990 /dev/zero | tr '\0' b),,$(head -c 9 /dev/zero | tr '\0' c)
run out err "$QI" "$QEMU_X86_64" -instr "file=args,arg=$a,arg=x,,y" \
    -instr "file=args,id=two,arg=$b" "$GUESTS/syscalls"
assert_eq "exit status: the guest's" 3 "$STATUS"
# Each line: its prefix, then the length of the value after '='.
assert_eq "every argument, at its exact length" "args lib0: argc=3 -
args lib0: argv[0]=$(dirname "$(sed -n 's/^args lib0: argv\[0\]=//p' err)")/args.so -
args lib0: argv[1]= 70000
args lib0: argv[2]= 3
args two: argc=2 -
args two: argv[0]=$(dirname "$(sed -n 's/^args two: argv\[0\]=//p' err)")/args.so -
args two: argv[1]= 70000" \
    "$(grep '^args ' err | awk '/argv\[[1-9]\]=/ {
        i = index($0, "="); print substr($0, 1, i), length($0) - i; next }
        { print $0, "-" }')"
assert_eq "the values themselves" "$a
x,y
$(printf '%s' "$b" | sed 's/,,/,/')" \
    "$(sed -n 's/^args [a-z0-9]*: argv\[[1-9]\]=//p' err)"

run out err "$QI" --dry-run "$QEMU_X86_64" -instr "file=args,arg=x,,y" /bin/true
assert_eq "--dry-run shows the items inline" "0 ,libarg=x,,y'" \
    "$STATUS $(sed 's/.*args.so//; s/ .*//' out)"

echo "$PASSED checks passed"
