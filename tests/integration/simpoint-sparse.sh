#!/bin/sh
# qi-simpoint on sparse block ids: memory follows the ids that occur, not
# the largest one (block id 2,000,000,000 once needed a 16 GB table and a
# 240 GB projection matrix), and the results are SimPoint's.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$TESTS_SRC/lib/lib.sh"
SIMPOINT=$(dirname "$QI")/qi-simpoint

# simpoint NAME ARGS...: qi-simpoint on NAME.bb within 256 MB of address
# space, writing NAME.sp, NAME.w, NAME.labels and NAME.vec.
simpoint() {
    name=$1
    shift
    run out "$name.err" sh -c 'ulimit -v 262144 && exec "$@"' sh \
        "$SIMPOINT" -loadFVFile "$name.bb" -saveSimpoints "$name.sp" \
        -saveSimpointWeights "$name.w" -saveLabels "$name.labels" \
        -saveVectorsTxtFmt "$name.vec" "$@"
    assert_eq "$name: qi-simpoint succeeds in 256 MB" "0 []" \
        "$STATUS [$(cat "$name.err")]"
}

# Two groups by construction: intervals of block 1 only, of block
# 2,000,000,000 only, and one of 3/4 block 1 (which joins block 1's group).
# One projected dimension: SimPoint draws every row of its matrix up to the
# largest id, in order, so the big id costs 2e9 draws (about 10 s), but no
# memory.
printf 'T:1:10\nT:2000000000:10\nT:1:6 :2000000000:2\nT:1:10\nT:2000000000:30\n' \
    > big.bb
simpoint big -dim 1 -k 2 -initkm ff
# The rows of ids 1 and 2e9: SimPoint's first and 2e9-th draws (2 u - 1),
# the latter computed once by 2e9 plain calls of the generator.
row1=-0.85266585648059844971
rowbig=0.19350719451904296875
mixed=$(awk -v a="$row1" -v b="$rowbig" \
    'BEGIN { printf "%.20g", 0 + 0.75 * a + 0.25 * b }')
assert_eq "big: each interval projected with its ids' rows" "5:w
0.2000000000000000111 1: $row1 
0.2000000000000000111 1: $rowbig 
0.2000000000000000111 1: $mixed 
0.2000000000000000111 1: $row1 
0.2000000000000000111 1: $rowbig " "$(cat big.vec)"
assert_eq "big: the two groups" "0 1 0 0 1" "$(cut -d' ' -f1 big.labels | xargs)"
assert_eq "big: one simulation point per group" "0 0
1 1" "$(cat big.sp)"
assert_eq "big: weights of the groups" "0.6 0
0.4 1" "$(cat big.w)"

# The same file with id 2e9 renamed 2 has other projected values but the
# same structure: the same clustering, byte for byte.
sed 's/2000000000/2/' big.bb > small.bb
simpoint small -dim 1 -k 2 -initkm ff
for file in sp w; do
    cmp -s big.$file small.$file || fail "big.$file and small.$file differ"
done
assert_eq "small: the same labels" "$(cut -d' ' -f1 big.labels)" \
    "$(cut -d' ' -f1 small.labels)"

# Sparse ids at the default 15 dimensions: each single-block interval's
# vector is its id's row of the whole matrix, as SimPoint saves it.
printf 'T:50:4\nT:3:1\nT:7:2\nT:50:1\n' > sparse.bb
simpoint sparse -k 2 -saveProjMatrixTxtFmt sparse.matrix
assert_eq "sparse: the whole matrix is saved" "50:w" "$(head -1 sparse.matrix)"
rows() { sed -n "$1" "$2" | sed 's/^[^:]*: //'; }
assert_eq "sparse: vectors are rows 50, 3, 7, 50 of the matrix" \
    "$(for id in 50 3 7 50; do rows "$((id + 1))p" sparse.matrix; done)" \
    "$(rows '2,$p' sparse.vec)"

echo "$PASSED checks passed"
