# Helpers of the bbv-*.sh tests, sourced after lib.sh.
# SPDX-License-Identifier: GPL-2.0-or-later

# bb_sums FILE: the sum of each T line of a .bb file, one per line.
bb_sums() {
    awk '/^T/ { n = split($0, f, ":"); s = 0
                for (i = 3; i <= n; i += 2) s += f[i]
                print s }' "$1"
}

# bb_total FILE: the sum of all T lines.
bb_total() {
    bb_sums "$1" | awk '{ s += $1 } END { printf "%.0f\n", s }'
}

# repeat_line COUNT TEXT: TEXT on COUNT lines.
repeat_line() {
    awk -v n="$1" -v t="$2" 'BEGIN { for (i = 0; i < n; i++) print t }'
}

# block_id BBMAP BINARY SYMBOL: the id of the block starting at SYMBOL.
block_id() {
    addr=$(symbol_address "$2" "$3")
    id=$(awk -v a="$addr" '$2 == a { print $1 }' "$1")
    [ -n "$id" ] || fail "no block at $3 ($addr) in $1"
    printf '%s' "$id"
}

# bb_block_total FILE ID: the instructions counted for block ID in FILE.
bb_block_total() {
    awk -v id="$2" '/^T/ { n = split($0, f, ":")
                           for (i = 2; i < n; i += 2) if (f[i] + 0 == id) s += f[i + 1] }
                    END { print s + 0 }' "$1"
}

# bbmap_vcpu BBMAP VCPU: "FULL REST" from the .bbmap header for VCPU.
bbmap_vcpu() {
    sed -n "s/^# vcpu $2: \([0-9]*\) full intervals, \([0-9]*\) instructions.*/\1 \2/p" "$1"
}

# bbv_so: the path of the bbv library the launcher loads.
bbv_so() {
    "$QI" --dry-run "$QEMU_X86_64" -instr file=bbv /bin/true |
        sed -n "s/.*lib=\([^,']*\).*/\1/p"
}
