#!/bin/sh
# Provide QEMU 10.0 with TCG plugins next to Debian 12's QEMU 7.2, in a cache
# directory that later runs reuse (each part is redone only when missing):
#   $QI_QEMU10_DIR/bin/qemu-x86_64, qemu-aarch64   built from Debian 13's source
#                                                  with --enable-plugins
#   $QI_QEMU10_DIR/include/qemu-plugin.h           QEMU 10's plugin header
#   $QI_QEMU10_DIR/contrib-plugins/libbbv.so       QEMU's own bbv plugin (bench)
#   $QI_QEMU10_DIR/bin/qemu-system-x86_64          bookworm-backports' package,
#                                                  unpacked (a wrapper points it
#                                                  at its firmware and modules)
#   $QI_QEMU10_DIR/static/qemu-x86_64              bookworm-backports' qemu-user:
#                                                  static, without plugins (for
#                                                  the launcher's error test)
# Prints the directory on its last line.  Run as root on Debian 12.  The
# package mirror is the one the machine's apt sources already use.
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
cache=${QI_QEMU10_DIR:-/var/cache/qemu-instr/qemu-10.0}
user_done="$cache/.user-3"
system_done="$cache/.system-4"
static_done="$cache/.static-3"
if [ -f "$user_done" ] && [ -f "$system_done" ] && [ -f "$static_done" ]; then
    echo "$cache"
    exit 0
fi

export DEBIAN_FRONTEND=noninteractive
log() { echo "qemu10: $*" >&2; }

# The Debian mirror of this machine, from its apt sources (deb822 or one-line).
mirror=$(sed -n 's/^URIs: *\([^ ]*\/debian\)\/*$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)
if [ -z "$mirror" ]; then
    mirror=$(sed -n 's/^deb  *\(\[[^]]*\] *\)\{0,1\}\([^ ]*\/debian\)\/* .*/\2/p' \
        /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | head -n 1)
fi
[ -n "$mirror" ] || { echo "qemu10: no Debian mirror found in the apt sources" >&2; exit 1; }

# bookworm-backports (binaries, never preferred: priority 100 by default)
# and trixie's sources only; nothing is installed from trixie.
cat >/etc/apt/sources.list.d/qemu-instr-extra.sources <<SRC
Types: deb
URIs: $mirror
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: $mirror
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
apt-get update -q >&2
mkdir -p "$cache/bin"

# unpack_debs DIR PACKAGE...: bookworm-backports' packages, unpacked in DIR.
unpack_debs() {
    dir=$1
    shift
    debs=$(mktemp -d)
    # apt's sandbox user cannot write root's temporary directory.
    chmod 755 "$debs"
    (cd "$debs" && apt-get download -q -t bookworm-backports "$@" >&2)
    rm -rf "$dir"
    mkdir -p "$dir"
    for deb in "$debs"/*.deb; do dpkg -x "$deb" "$dir"; done
    rm -rf "$debs"
}

if [ ! -f "$user_done" ]; then
    apt-get install -y -q --no-install-recommends ninja-build flex bison \
        libglib2.0-dev libfdt-dev libpixman-1-dev zlib1g-dev libcapstone-dev \
        python3-venv dpkg-dev xz-utils >&2
    apt-get install -y -q --no-install-recommends -t bookworm-backports \
        meson python3-pycotap >&2
    work=$(mktemp -d)
    chmod 755 "$work"
    log "downloading trixie's qemu source"
    (cd "$work" && apt-get source -q --download-only qemu/trixie >&2)
    tar -C "$work" -xJf "$(ls "$work"/qemu_*.orig.tar.xz | head -n 1)"
    tree=$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'qemu*' | head -n 1)
    log "building x86_64 and aarch64 linux-user in $tree"
    mkdir -p "$tree/build"
    (cd "$tree/build" && ../configure --python=/usr/bin/python3 \
        --target-list=x86_64-linux-user,aarch64-linux-user \
        --enable-plugins --enable-capstone --disable-docs \
        --disable-install-blobs >&2 &&
      ninja -j"$(nproc)" qemu-x86_64 qemu-aarch64 >&2)
    mkdir -p "$cache/include" "$cache/contrib-plugins"
    cp "$tree/build/qemu-x86_64" "$tree/build/qemu-aarch64" "$cache/bin/"
    cp "$tree/include/qemu/qemu-plugin.h" "$cache/include/"
    gcc -O2 -shared -fPIC -I "$tree/include/qemu" -o "$cache/contrib-plugins/libbbv.so" \
        "$tree/contrib/plugins/bbv.c" $(pkg-config --cflags --libs glib-2.0)
    rm -rf "$work"
    "$cache/bin/qemu-x86_64" --version | head -n 1 >&2
    touch "$user_done"
fi

if [ ! -f "$system_done" ]; then
    log "unpacking bookworm-backports' qemu-system-x86"
    unpack_debs "$cache/system" qemu-system-x86 qemu-system-common \
        qemu-system-data qemu-system-modules-opengl qemu-system-modules-spice
    cat >"$cache/bin/qemu-system-x86_64" <<WRAP
#!/bin/sh
# bookworm-backports' QEMU, unpacked; firmware and modules from the same tree.
QEMU_MODULE_DIR="$cache/system/usr/lib/x86_64-linux-gnu/qemu" \\
    exec "$cache/system/usr/bin/qemu-system-x86_64" -L "$cache/system/usr/share/qemu" "\$@"
WRAP
    chmod +x "$cache/bin/qemu-system-x86_64"
    "$cache/bin/qemu-system-x86_64" --version | head -n 1 >&2
    touch "$system_done"
fi

if [ ! -f "$static_done" ]; then
    log "unpacking bookworm-backports' static qemu-user"
    unpack_debs "$cache/static-pkg" qemu-user
    mkdir -p "$cache/static"
    cp "$cache/static-pkg/usr/bin/qemu-x86_64" "$cache/static/"
    rm -rf "$cache/static-pkg"
    "$cache/static/qemu-x86_64" --version | head -n 1 >&2
    touch "$static_done"
fi
echo "$cache"
