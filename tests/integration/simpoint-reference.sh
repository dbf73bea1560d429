#!/bin/sh
# qi-simpoint against SimPoint 3.2 itself: for every case of
# tests/simpoint-ref (4 inputs x 14 option sets, and 15 cases of the other
# options, all run with the original SimPoint 3.2), qi-simpoint with the
# same arguments must exit 0 and write files identical byte for byte to
# SimPoint's.  Lists the cases that differ.
# Usage: simpoint-reference.sh [qi-simpoint] (default: next to this build's
# tools).
# SPDX-License-Identifier: GPL-2.0-or-later
set -u
here=$(cd "$(dirname "$0")" && pwd)
ref=${SIMPOINT_REF:-$here/../simpoint-ref}
simpoint=${1:-$(dirname "${QI:-$(pwd)/tools/qemu-instr}")/qi-simpoint}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

same=0 differ=0
for case_dir in "$ref"/expected/*/case*; do
    name=${case_dir#"$ref"/expected/}
    out=$work/$name
    mkdir -p "$out"
    cp "$ref"/inputs/* "$out"/
    # shellcheck disable=SC2046 # the arguments are words
    (cd "$out" && "$simpoint" $(cat "$case_dir/cmd") >stdout 2>stderr)
    status=$?
    bad=""
    [ "$status" -eq 0 ] || bad="exit status $status: $(head -1 "$out/stderr")"
    for expected in "$case_dir"/*; do
        file=$(basename "$expected")
        [ "$file" = cmd ] && continue
        if ! cmp -s "$expected" "$out/$file"; then
            bad="$bad $file"
        fi
    done
    if [ -n "$bad" ]; then
        echo "DIFFERS $name ($(cat "$case_dir/cmd" | sed 's/ -save.*//')):$bad"
        differ=$((differ + 1))
    else
        same=$((same + 1))
    fi
done
echo "$same of $((same + differ)) SimPoint 3.2 reference cases byte-identical"
[ "$differ" -eq 0 ] && [ "$same" -gt 0 ]
