# Shared by scripts/qemu10.sh and scripts/qemu102.sh (sourced, not run):
# the machine's Debian mirror, the extra apt sources both need, and a QEMU
# build from a Debian source package.  The caller sets `set -eu` and defines
# log().
# SPDX-License-Identifier: GPL-2.0-or-later

export DEBIAN_FRONTEND=noninteractive

# qemu_apt_sources: bookworm-backports (binaries, never preferred: priority
# 100 by default) and the sources of trixie and sid; nothing is installed
# from trixie or sid.  The mirror is the one the machine's apt sources
# already use (deb822 or one-line), never a host name written here.
qemu_apt_sources() {
    mirror=$(sed -n 's/^URIs: *\([^ ]*\/debian\)\/*$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)
    if [ -z "$mirror" ]; then
        mirror=$(sed -n 's/^deb  *\(\[[^]]*\] *\)\{0,1\}\([^ ]*\/debian\)\/* .*/\2/p' \
            /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | head -n 1)
    fi
    [ -n "$mirror" ] || { log "no Debian mirror found in the apt sources"; exit 1; }
    cat >/etc/apt/sources.list.d/qemu-instr-extra.sources <<SRC
Types: deb
URIs: $mirror
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: $mirror
Suites: trixie sid
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    apt-get update -q >&2
}

# qemu_build SERIES DIR TARGET...: build the newest `qemu` source package
# of upstream release SERIES (e.g. 10.2) that the apt sources list, for the
# configure targets given (x86_64-linux-user, aarch64-linux-user,
# x86_64-softmmu), with TCG plugins.  Copies the binaries to DIR/bin, QEMU's
# plugin header to DIR/include and QEMU's contrib bbv plugin (for bench/) to
# DIR/contrib-plugins.
qemu_build() {
    series=$1 dir=$2
    shift 2
    # device-tree-compiler: the +ds tarballs have no prebuilt dtbs, and
    # meson stops at pc-bios/dtb without dtc (QEMU 10.2).
    apt-get install -y -q --no-install-recommends ninja-build flex bison \
        libglib2.0-dev libfdt-dev libpixman-1-dev zlib1g-dev libcapstone-dev \
        device-tree-compiler python3-venv dpkg-dev xz-utils >&2
    apt-get install -y -q --no-install-recommends -t bookworm-backports \
        meson python3-pycotap >&2
    # A suite's index may list several versions (sid does while one
    # migrates); the mirror serves the files of the release we name.
    version=
    for candidate in $(apt-cache showsrc qemu | sed -n "s/^Version: \(1:$series\.[^ ]*\)$/\1/p"); do
        if [ -z "$version" ] || dpkg --compare-versions "$candidate" gt "$version"; then
            version=$candidate
        fi
    done
    [ -n "$version" ] || { log "no qemu source package of QEMU $series in the apt sources"; exit 1; }
    work=$(mktemp -d)
    # apt's sandbox user cannot write root's temporary directory.
    chmod 755 "$work"
    log "downloading the qemu $version source"
    (cd "$work" && apt-get source -q --download-only "qemu=$version" >&2)
    # Debian's patched tree: its +ds tarball lacks the firmware blobs that
    # upstream's build would unpack (Debian's patches skip that).
    tree="$work/qemu"
    dpkg-source -x "$work"/qemu_*.dsc "$tree" >&2
    targets=$(echo "$@" | tr ' ' ,)
    programs=
    for target in "$@"; do
        case $target in
        *-linux-user) programs="$programs qemu-${target%-linux-user}" ;;
        *-softmmu) programs="$programs qemu-system-${target%-softmmu}" ;;
        esac
    done
    log "configuring$programs in $tree"
    mkdir -p "$tree/build"
    # Only what the tests use: no docs, no firmware, no tools.
    (cd "$tree/build" && ../configure --python=/usr/bin/python3 \
        --target-list="$targets" --enable-plugins --enable-capstone \
        --disable-docs --disable-install-blobs --disable-tools >&2)
    # One program at a time, so that the log shows what each one costs.
    for program in $programs; do
        log "building $program"
        (cd "$tree/build" && nice ninja -j"$(nproc)" "$program" >&2)
    done
    mkdir -p "$dir/bin" "$dir/include" "$dir/contrib-plugins"
    for program in $programs; do cp "$tree/build/$program" "$dir/bin/"; done
    cp "$tree/include/qemu/qemu-plugin.h" "$dir/include/"
    gcc -O2 -shared -fPIC -I "$tree/include/qemu" -o "$dir/contrib-plugins/libbbv.so" \
        "$tree/contrib/plugins/bbv.c" $(pkg-config --cflags --libs glib-2.0)
    rm -rf "$work"
}
