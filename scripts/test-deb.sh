#!/bin/sh
# The Debian packages, end to end: build them (scripts/build-deb.sh, no
# tests), check that lintian reports nothing beyond debian/*.lintian-overrides,
# install them with apt, and use them as a user would: build the icount
# example from the installed sources against the installed SDK
# (pkg-config qemu-instr), run it and the installed libraries under the
# installed launcher with each QEMU given (default: Debian's qemu-x86_64),
# and check the counts of the loop guest, known by construction.  With the
# packages installed, the build tree's launcher must still use the build
# tree's runtime (it runs the test suite).  The packages are purged at the
# end unless they were installed before.  Run as root on Debian 12.
# Usage: scripts/test-deb.sh [QEMU_X86_64...]
# SPDX-License-Identifier: GPL-2.0-or-later
set -u
export LC_ALL=C
top=$(cd "$(dirname "$0")/.." && pwd)
[ "$(id -u)" -eq 0 ] || { echo "test-deb.sh: installing packages needs root" >&2; exit 1; }
[ $# -gt 0 ] || set -- /usr/bin/qemu-x86_64

work=$(mktemp -d "${TMPDIR:-/tmp}/qi-deb.XXXXXX")
PACKAGES="qemu-instr libqemu-instr-dev"
preinstalled=$(dpkg-query -W -f '${db:Status-Status} ${Package}\n' $PACKAGES 2>/dev/null |
               sed -n 's/^installed //p')
cleanup() {
    # Only what this run installed (a run that failed before installing
    # has nothing to purge).
    installed=$(dpkg-query -W -f '${db:Status-Status} ${Package}\n' $PACKAGES 2>/dev/null |
                sed -n 's/^installed //p')
    if [ -z "$preinstalled" ] && [ -n "$installed" ]; then
        apt-get purge -y -q $installed >"$work/purge.log" 2>&1 ||
            { cat "$work/purge.log"; echo "FAIL: cannot purge $installed"; }
    else
        echo "note: $preinstalled were installed before: left installed, now at this build's version"
    fi
    rm -rf "$work"
}
trap cleanup EXIT
passed=0

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# assert_eq WHAT EXPECTED ACTUAL
assert_eq() {
    if [ "$2" != "$3" ]; then
        printf 'FAIL: %s\n--- expected\n%s\n--- actual\n%s\n' "$1" "$2" "$3" >&2
        exit 1
    fi
    passed=$((passed + 1))
    echo "ok - $1"
}

# resolved_runtime OBJECT: the file libqemu-instr.so.0 resolves to for OBJECT.
resolved_runtime() {
    ldd "$1" | awk '$1 == "libqemu-instr.so.0" { print $3 }' | xargs readlink -f
}

echo "== building the packages"
start=$(date +%s)
DEB_BUILD_OPTIONS="nocheck parallel=2" "$top/scripts/build-deb.sh" "$work/deb" >/dev/null ||
    fail "the packages do not build"
echo "package build: $(( $(date +%s) - start )) s"
version=$(dpkg-parsechangelog -l "$top/debian/changelog" -S Version)
arch=$(dpkg --print-architecture)
debs="$work/deb/qemu-instr_${version}_$arch.deb $work/deb/libqemu-instr-dev_${version}_$arch.deb"

# Every tag lintian still finds is explained in an override; it prints
# a note that it runs as root on standard error.
assert_eq "lintian has nothing to say beyond the overrides" "" \
    "$(lintian $debs 2>/dev/null)"

echo "== installing them"
apt-get install -y -q --no-install-recommends $debs >"$work/install.log" 2>&1 ||
    { cat "$work/install.log"; fail "the packages do not install"; }
triplet=$(dpkg-architecture -q DEB_HOST_MULTIARCH)
libdir=/usr/lib/$triplet
assert_eq "pkg-config finds the installed SDK" \
    "${version%-*} /usr/include $libdir $libdir/qemu-instr/libraries" \
    "$(for v in modversion variable=includedir variable=libdir variable=librarydir; do
           env -u PKG_CONFIG_PATH pkg-config --$v qemu-instr; done | tr '\n' ' ' | sed 's/ $//')"
for module in qemu-instr-v1.so qemu-instr-v2.so; do
    assert_eq "the installed $module uses the installed runtime" \
        "$libdir/libqemu-instr.so.0.0.0" "$(resolved_runtime "$libdir/qemu-instr/$module")"
done
for tool in qemu-instr qi-bbltrace qi-campaign qi-champsim qi-memtrace qi-simpoint; do
    assert_eq "$tool is installed with its manual page" \
        "/usr/bin/$tool /usr/share/man/man1/$tool.1.gz" \
        "$(command -v $tool) $(man -w $tool)"
done
assert_eq "qi-campaign finds its Python package" "usage: qi-campaign" \
    "$(qi-campaign --help 2>&1 | head -n 1 | cut -d ' ' -f 1-2)"

echo "== building the icount example against the installed SDK"
mkdir "$work/user" && cd "$work/user" || exit 1
cp /usr/share/doc/libqemu-instr-dev/examples/icount/icount.c . ||
    fail "no icount example source"
cc -Wall -Wextra -Werror -shared -fPIC -o icount.so icount.c \
    $(env -u PKG_CONFIG_PATH pkg-config --cflags --libs qemu-instr) >cc.log 2>&1
assert_eq "icount.c builds against the installed SDK" "0" "$?$(cat cc.log)"
cc -nostdlib -static -o loop "$top/tests/guests/loop.S" || fail "cannot build the loop guest"
insns=$(. "$top/tests/guests/loop.expect" && echo "$INSNS")

for qemu in "$@"; do
    echo "== running under the installed qemu-instr with $qemu"
    rm -f mine.txt installed.txt run.trace run.0.xz
    qemu-instr "$qemu" -instr file=./icount.so,arg=out=mine.txt \
        -instr file=icount,arg=out=installed.txt \
        -instr file=bbv,arg=trace=run.trace \
        -instr file=champsim,arg=out=run.xz ./loop >run.log 2>&1
    assert_eq "$qemu: the loop guest runs" "0" "$?$(cat run.log)"
    assert_eq "$qemu: the example built here counts exactly" \
        "insns $insns
vcpu 0 $insns" "$(cat mine.txt)"
    assert_eq "$qemu: the installed icount agrees" "$(cat mine.txt)" "$(cat installed.txt)"
    assert_eq "$qemu: qi-bbltrace decodes the installed bbv's trace" \
        "total: executions $(. "$top/tests/guests/loop.expect" && echo "$BLOCK_EXECS") instructions $insns" \
        "$(qi-bbltrace --stats run.trace | tail -n 1)"
    assert_eq "$qemu: qi-champsim decodes the installed champsim's trace" \
        "instructions $insns" "$(qi-champsim run.0.xz | sed -n 2p)"
    assert_eq "$qemu: the launcher loads the installed runtime module" "$libdir/qemu-instr/" \
        "$(qemu-instr --dry-run "$qemu" ./loop | sed -n 's|^[^ ]* -plugin \([^ ]*/\)qemu-instr-v[0-9].so.*|\1|p')"
done

# The test suite runs the build tree's launcher: installed packages must
# not change what it loads.
build=$top/build
if [ -x "$build/tools/qemu-instr" ]; then
    assert_eq "with the packages installed, the build tree's launcher uses its modules" \
        "$build/instrument/.libs/" \
        "$("$build/tools/qemu-instr" --dry-run "$1" ./loop | sed -n 's|^[^ ]* -plugin \([^ ]*/\)qemu-instr-v[0-9].so.*|\1|p')"
    for module in "$build"/instrument/.libs/qemu-instr-v*.so; do
        assert_eq "with the packages installed, $module uses the build tree's runtime" \
            "$(readlink -f "$build/.libs/libqemu-instr.so.0")" "$(resolved_runtime "$module")"
    done
fi
echo "test-deb: $passed passed"
