#!/bin/sh
# Provide QEMU 10.0 with TCG plugins next to Debian 12's QEMU 7.2, in a cache
# directory that later runs reuse:
#   $QI_QEMU10_DIR/bin/qemu-x86_64, qemu-aarch64   built from Debian 13's source
#                                                  (Debian's own qemu-user >= 9.1
#                                                  is static, without plugins)
#   $QI_QEMU10_DIR/bin/qemu-system-x86_64          bookworm-backports' package,
#                                                  unpacked (a wrapper adds -L)
#   $QI_QEMU10_DIR/contrib-plugins/libbbv.so        QEMU's own bbv plugin (bench)
#   $QI_QEMU10_DIR/include/qemu-plugin.h            QEMU 10's plugin header
# Prints the directory on its last line.  Run as root on Debian 12.  The
# package mirror is the one the machine's apt sources already use.
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
cache=${QI_QEMU10_DIR:-/var/cache/qemu-instr/qemu-10.0}
# Bump when what this script builds changes: older caches are rebuilt.
recipe=2
stamp="$cache/.complete"
if [ "$(cat "$stamp" 2>/dev/null)" = "$recipe" ]; then echo "$cache"; exit 0; fi

export DEBIAN_FRONTEND=noninteractive
log() { echo "qemu10: $*" >&2; }

# The Debian mirror of this machine, from its apt sources (deb822 or one-line).
mirror=$(sed -n 's/^URIs: *\([^ ]*\/debian\)\/*$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)
if [ -z "$mirror" ]; then
    mirror=$(sed -n 's/^deb  *\(\[[^]]*\] *\)\{0,1\}\([^ ]*\/debian\)\/* .*/\2/p' \
        /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | head -n 1)
fi
[ -n "$mirror" ] || { echo "qemu10: no Debian mirror found in the apt sources" >&2; exit 1; }

# bookworm-backports (binaries, not preferred: priority 100 by default) and
# trixie's sources only; nothing installed from trixie.
extra=/etc/apt/sources.list.d/qemu-instr-extra.sources
cat >"$extra" <<SRC
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
apt-get install -y -q --no-install-recommends ninja-build flex bison \
    libglib2.0-dev libfdt-dev libpixman-1-dev zlib1g-dev libcapstone-dev \
    python3-venv dpkg-dev xz-utils >&2
apt-get install -y -q --no-install-recommends -t bookworm-backports meson python3-pycotap >&2

work="$cache.work"
rm -rf "$work" "$cache"
mkdir -p "$work/src" "$work/debs" "$cache/bin" "$cache/contrib-plugins" "$cache/include"

log "downloading trixie's qemu source"
(cd "$work/src" && apt-get source -q --download-only qemu/trixie >&2)
orig=$(ls "$work/src"/qemu_*.orig.tar.xz | head -n 1)
tar -C "$work/src" -xJf "$orig"
tree=$(find "$work/src" -mindepth 1 -maxdepth 1 -type d -name 'qemu*' | head -n 1)

log "building x86_64 and aarch64 linux-user in $tree"
mkdir -p "$tree/build"
(cd "$tree/build" && ../configure --python=/usr/bin/python3 \
    --target-list=x86_64-linux-user,aarch64-linux-user \
    --enable-plugins --enable-capstone --disable-docs --disable-install-blobs >&2 &&
  ninja -j"$(nproc)" qemu-x86_64 qemu-aarch64 >&2)
cp "$tree/build/qemu-x86_64" "$tree/build/qemu-aarch64" "$cache/bin/"
cp "$tree/include/qemu/qemu-plugin.h" "$cache/include/"
for p in bbv; do
    gcc -O2 -shared -fPIC -I "$tree/include/qemu" -o "$cache/contrib-plugins/lib$p.so" \
        "$tree/contrib/plugins/$p.c" $(pkg-config --cflags --libs glib-2.0)
done

log "unpacking bookworm-backports' qemu-system-x86"
(cd "$work/debs" && apt-get download -q -t bookworm-backports \
    qemu-system-x86 qemu-system-common qemu-system-data >&2)
mkdir -p "$cache/system"
for deb in "$work/debs"/*.deb; do dpkg -x "$deb" "$cache/system"; done
cat >"$cache/bin/qemu-system-x86_64" <<WRAP
#!/bin/sh
# bookworm-backports' QEMU, unpacked; firmware and modules from the same tree.
QEMU_MODULE_DIR="$cache/system/usr/lib/x86_64-linux-gnu/qemu" \\
    exec "$cache/system/usr/bin/qemu-system-x86_64" -L "$cache/system/usr/share/qemu" "\$@"
WRAP
chmod +x "$cache/bin/qemu-system-x86_64"

rm -rf "$work"
"$cache/bin/qemu-x86_64" --version | head -n 1 >&2
"$cache/bin/qemu-system-x86_64" --version | head -n 1 >&2
echo "$recipe" >"$stamp"
echo "$cache"
