#!/bin/sh
# champsim writes one ChampSim record per executed instruction, per vCPU,
# compressed by the name's suffix: on guests built for it, qi-champsim
# finds every kind of transfer as often as the guest runs it, taken as
# often, with 0 misclassified records; loads and stores at their
# addresses; as many records as icount counts instructions.  qi-champsim
# refuses bad data in one line and decodes cut traces (exit status 3).
# SPDX-License-Identifier: GPL-2.0-or-later
. "$TESTS_SRC/lib/lib.sh"

DECODE="$(dirname "$QI")/qi-champsim"

# major QEMU: QEMU's major version.
major() {
    "$1" --version | sed -n 's/.* version \([0-9]*\)\..*/\1/p' | head -n 1
}

# value GUEST KEY QEMU: KEY_10 from GUEST.expect on QEMU 10 and later,
# if there is one, else KEY.
value() {
    v=
    [ "$(major "$3")" -ge 10 ] &&
        v=$(. "$GUEST_SRC/$1.expect" && eval "printf '%s' \"\${${2}_10-}\"")
    [ -n "$v" ] || v=$(expect_value "$1" "$2")
    printf '%s' "$v"
}

# expected_stats GUEST QEMU FORMAT: qi-champsim's report on GUEST's trace.
expected_stats() {
    echo "format $3"
    echo "instructions $(value "$1" INSNS "$2")"
    echo "loads $(value "$1" LOADS "$2")"
    echo "stores $(value "$1" STORES "$2")"
    echo "branches $(expect_value "$1" BRANCHES) taken $(expect_value "$1" TAKEN)"
    for k in $(expect_value "$1" KINDS); do
        echo "$k" | awk -F: '{ print $1, $2, "taken", $3 }'
    done
    echo "misclassified 0 (is_branch but no branch 0, a branch without is_branch 0)"
}

# check GUEST QEMU OUT TRACE FORMAT: trace GUEST with out=OUT, which
# makes vCPU 0's trace TRACE, and check it.
check() {
    g=$1 q=$2 trace=$4
    rm -f t.* icount.txt
    run out err "$QI" "$q" -instr "file=champsim,arg=out=$3" \
        -instr file=icount,arg=out=icount.txt "$GUESTS/$g"
    assert_eq "$g: exit status" "$(expect_value "$g" EXIT) " "$STATUS $(cat err)"
    assert_eq "$g: one trace, of vCPU 0" "$trace" "$(ls t.*)"
    run stats err "$DECODE" "$trace"
    assert_eq "$trace: counts per ChampSim kind" "0 $(expected_stats "$g" "$q" "$5")" \
        "$STATUS $(cat stats)"
    assert_eq "$g: records = icount's instructions" \
        "insns $(value "$g" INSNS "$q")" "$(head -n 1 icount.txt)"
    "$DECODE" --text "$trace" > text
    for l in $(value "$g" LABELS "$q"); do
        label=${l%%:*} rest=${l#*:}
        addr=$(symbol_address "$GUESTS/$g" "$label")
        assert_eq "$g: $label" "${rest%%:*} ${rest#*:}" \
            "$(awk -v a="$addr" '$1 == a { print $2 }' text | uniq -c |
               awk '{ print $2, $1 }')"
    done
    for a in $(expect_value "$g" ADDRS); do
        label=${a%%:*} rest=${a#*:}
        field=${rest%%:*} where=${rest#*:}
        addr=$(symbol_address "$GUESTS/$g" "$label")
        want=$(printf '0x%x' $(($(symbol_address "$GUESTS/$g" "${where%%+*}") + ${where#*+})))
        assert_eq "$g: $label's $field address" "$field=$want" \
            "$(awk -v a="$addr" -v f="$field" '$1 == a {
                for (i = 3; i <= NF; i++) if (index($i, f "=") == 1) print $i }' text | sort -u)"
    done
    for r in $(expect_value "$g" REGS); do
        label=${r%%:*} rest=${r#*:}
        addr=$(symbol_address "$GUESTS/$g" "$label")
        assert_eq "$g: $label's registers" "${rest%%:*} ${rest#*:}" \
            "$(awk -v a="$addr" '$1 == a {
                d = $5; s = $6; sub(/^dst=/, "", d); sub(/^src=/, "", s)
                print (d == "-" ? 0 : split(d, x, ",")), (s == "-" ? 0 : split(s, y, ","))
            }' text | sort -u)"
    done
}

check champsim "$QEMU_X86_64" t.champsim.xz t.champsim.0.xz xz
check champsim "$QEMU_X86_64" t.gz t.0.gz gzip
check champsim "$QEMU_X86_64" t.trace t.trace.0 raw
if [ -n "$QEMU_AARCH64" ] && [ -x "$GUESTS/champsim-aarch64" ]; then
    check champsim-aarch64 "$QEMU_AARCH64" t.xz t.0.xz xz
fi

# Threads: one trace per vCPU, each with as many records as icount counts
# instructions on that vCPU, none misclassified.
run out err "$QI" "$QEMU_X86_64" -instr file=champsim,arg=out=th.gz \
    -instr file=icount,arg=out=th.icount "$GUESTS/threads"
assert_eq "threads: exit status" "0 " "$STATUS $(cat err)"
assert_eq "threads: one trace per vCPU" \
    "$(sed -n 's/^vcpu \([0-9]*\) .*/th.\1.gz/p' th.icount | sort)" "$(ls th.*.gz | sort)"
assert_eq "threads: records per vCPU = icount's instructions, 0 misclassified" \
    "$(sed -n 's/^vcpu \([0-9]*\) \([0-9]*\)$/\1 \2 0/p' th.icount)" \
    "$(for v in $(sed -n 's/^vcpu \([0-9]*\) .*/\1/p' th.icount); do
        "$DECODE" "th.$v.gz" | awk -v v="$v" '$1 == "instructions" { n = $2 }
            $1 == "misclassified" { print v, n, $2 }'
       done)"

# Forks: with "%p", each process its own trace from its first instruction
# after the fork: the parent's INSNS, each child's CHILD_INSNS (test; jz
# child, taken; the 3 instructions at child), as icount counts them.
# Without "%p", children are not traced, and the run says so per child.
run out err "$QI" "$QEMU_X86_64" -instr file=champsim,arg=out=f.%p.gz \
    -instr file=icount,arg=out=fi.%p "$GUESTS/forks"
assert_eq "forks: exit status" "$(expect_value forks EXIT) " "$STATUS $(cat err)"
assert_eq "forks: a trace per process, records = icount's instructions" \
    "$(for f in fi.*; do echo "$(sed -n 's/^insns //p' "$f") 0"; done | sort)" \
    "$(for f in f.*.0.gz; do
        "$DECODE" "$f" | awk '$1 == "instructions" { n = $2 }
            $1 == "misclassified" { print n, $2 }'
       done | sort)"
fork_one=$(symbol_address "$GUESTS/forks" fork_one)
child=$(symbol_address "$GUESTS/forks" child)
# mov $57,%eax (5 bytes) and syscall (2) precede the child's first one.
child_trace=$(printf '0x%x not-branch 0\n0x%x conditional 1\n%s not-branch 0\n0x%x not-branch 0\n0x%x not-branch 0' \
    $((fork_one + 7)) $((fork_one + 10)) "$child" $((child + 5)) $((child + 10)))
for f in f.*.0.gz; do
    "$DECODE" --text "$f" | awk '{ sub("taken=", "", $4); print $1, $2, $4 }' > "$f.text"
done
assert_eq "forks: $(expect_value forks CHILDREN) children's traces, each its 5 records exactly" \
    "$(expect_value forks CHILDREN)" \
    "$(for f in f.*.0.gz.text; do [ "$(cat "$f")" = "$child_trace" ] && echo; done | wc -l)"
run out err "$QI" "$QEMU_X86_64" -instr file=champsim,arg=out=nf.gz "$GUESTS/forks"
assert_eq "forks without %p: the parent's trace alone" \
    "0 nf.0.gz instructions $(expect_value forks INSNS)" \
    "$STATUS $(ls nf.*) $("$DECODE" nf.0.gz | grep '^instructions')"
assert_eq "forks without %p: a line per child" "$(expect_value forks CHILDREN)" \
    "$(grep -c "champsim.so) disabled: switched off in the guest's child process [0-9]* (its guest_fork_child handler declined)$" err)"

# Windows: a trace per window, as many records as icount counts there.
w=window=1000:2000,window=2500:3000
run out err "$QI" "$QEMU_X86_64" -instr "file=champsim,$w,arg=out=w.%w.xz" \
    -instr "file=icount,$w,arg=out=wi.%w" "$GUESTS/stores"
assert_eq "windows: exit status" "0 " "$STATUS $(cat err)"
assert_eq "windows: records = icount's instructions in each window" \
    "$(head -qn 1 wi.0 wi.1 | sed 's/^insns \(.*\)/\1 0/')" \
    "$(for i in 0 1; do
        "$DECODE" "w.$i.0.xz" | awk '$1 == "instructions" { n = $2 }
            $1 == "misclassified" { print n, $2 }'
       done)"

# Bad arguments refuse the load in one line.
refused() { # ARGS MESSAGE
    run out err "$QI" "$QEMU_X86_64" -instr "$1" "$GUESTS/champsim"
    assert_eq "refused: $1" "1 $2" "$STATUS $(grep -o 'champsim.so): .*' err)"
}
refused file=champsim \
    "champsim.so): qi_init failed (returned -1): missing out=PATH (traces are binary files)"
refused file=champsim,arg=out=- \
    "champsim.so): qi_init failed (returned -1): missing out=PATH (traces are binary files)"
refused file=champsim,arg=out=nodir/t.xz \
    "champsim.so): qi_init failed (returned -1): cannot write nodir/t.0.xz: No such file or directory"
# i386 is decoded by the runtime, but ChampSim traces are 64-bit.
I386=$(dirname "$QEMU_X86_64")/qemu-i386
if [ -x "$I386" ] && [ -x "$GUESTS/branches-i386" ]; then
    run out err "$QI" "$I386" -instr file=champsim,arg=out=t.xz "$GUESTS/branches-i386"
    assert_eq "refused: an i386 guest" \
        "1 champsim.so): qi_init failed (returned -1): cannot trace i386 guests (ChampSim traces are made of x86_64 and aarch64 guests)" \
        "$STATUS $(grep -o 'champsim.so): .*' err)"
fi

# Cut traces: the complete records, then one line, status 3.
"$QI" "$QEMU_X86_64" -instr file=champsim,arg=out=t.xz "$GUESTS/champsim"
xz -dc t.0.xz > t.raw
gzip -c t.raw > t.gz
head -c 1000 t.raw > cut.raw
run out err "$DECODE" cut.raw
assert_eq "cut raw trace" "3 instructions 15
qi-champsim: cut.raw: cut short at byte 1000 (in record 16, from byte 960): the incomplete record is ignored" \
    "$STATUS $(sed -n 's/^\(instructions\)/\1/p' out)
$(cat err)"
size=$(wc -c < t.0.xz)
head -c $((size - 20)) t.0.xz > cut.xz
run out err "$DECODE" cut.xz
n=$(sed -n 's/^instructions //p' out)
assert_eq "cut xz trace" "3 qi-champsim: cut.xz: cut short at byte $((n * 64)) (the compressed data ends before its end, after $n complete records)" \
    "$STATUS $(cat err)"
size=$(wc -c < t.gz)
head -c $((size / 2)) t.gz > cut.gz
run out err "$DECODE" cut.gz
assert_eq "cut gz trace: status 3, one line" "3 1" "$STATUS $(grep -c 'cut short at byte' err)"

# Bad data: one line naming the byte, status 1.
bad() { # WHAT FILE MESSAGE
    run out err "$DECODE" "$2"
    assert_eq "$1" "1 qi-champsim: $2: $3" "$STATUS $(cat err)"
}
head -c 128 t.raw > zero.raw
head -c 64 /dev/zero >> zero.raw
bad "ip 0" zero.raw "bad record 3 at byte 128: ip is 0"
printf '%-63s\n' 'hello, world: not a trace' > text.raw
bad "not a trace" text.raw "bad record 1 at byte 0: is_branch is 111 (expected 0 or 1)"
printf '\375\067\172\130\132\000garbage, not xz data' > bad.xz
bad "bad xz data" bad.xz "corrupt xz data near byte 12 of the file (bad compressed data), after 0 complete records"
printf '\037\213garbage, not gzip data' > bad.gz
bad "bad gzip data" bad.gz "corrupt gzip data near byte 4 of the file (unknown compression method), after 0 complete records"
run out err "$DECODE" missing.xz
assert_eq "missing file" "1 qi-champsim: cannot read missing.xz: No such file or directory" \
    "$STATUS $(cat err)"
: > empty
run out err "$DECODE" empty
assert_eq "empty trace: no records" "0 instructions 0" "$STATUS $(sed -n 2p out)"

done_testing
