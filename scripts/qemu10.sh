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
# package mirror is the one the machine's apt sources already use
# (scripts/qemu-lib.sh, shared with scripts/qemu102.sh).
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

log() { echo "qemu10: $*" >&2; }
. "$(dirname "$0")/qemu-lib.sh"

qemu_apt_sources
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
    qemu_build 10.0 "$cache" x86_64-linux-user aarch64-linux-user
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
