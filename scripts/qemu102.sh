#!/bin/sh
# Provide QEMU 10.2 (plugin API v5) with TCG plugins next to Debian 12's
# QEMU 7.2 and scripts/qemu10.sh's 10.0, in a cache directory that later
# runs reuse (rebuilt only when missing), all built from Debian sid's source
# package:
#   $QI_QEMU102_DIR/bin/qemu-x86_64, qemu-aarch64   linux-user
#   $QI_QEMU102_DIR/bin/qemu-system-x86_64          system mode (a wrapper
#                             gives it Debian 12's firmware: the +ds source
#                             has none, and the build installs none)
#   $QI_QEMU102_DIR/include/qemu-plugin.h           QEMU 10.2's plugin header
#   $QI_QEMU102_DIR/contrib-plugins/libbbv.so       QEMU's own bbv plugin
# Prints the directory on its last line.  Run as root on Debian 12.
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
cache=${QI_QEMU102_DIR:-/var/cache/qemu-instr/qemu-10.2}
done_mark="$cache/.built-1"
if [ -f "$done_mark" ]; then
    echo "$cache"
    exit 0
fi
log() { echo "qemu102: $*" >&2; }
. "$(dirname "$0")/qemu-lib.sh"

qemu_apt_sources
rm -rf "$cache"
qemu_build 10.2 "$cache" x86_64-linux-user aarch64-linux-user x86_64-softmmu
mv "$cache/bin/qemu-system-x86_64" "$cache/bin/qemu-system-x86_64.real"
cat >"$cache/bin/qemu-system-x86_64" <<WRAP
#!/bin/sh
# QEMU 10.2 built from source without firmware: that of Debian 12's
# qemu-system-x86 (scripts/install-deps.sh installs it), where Debian's
# own build looks.
exec "$cache/bin/qemu-system-x86_64.real" -L /usr/share/qemu \\
    -L /usr/share/seabios -L /usr/lib/ipxe/qemu "\$@"
WRAP
chmod +x "$cache/bin/qemu-system-x86_64"
for program in qemu-x86_64 qemu-aarch64 qemu-system-x86_64; do
    "$cache/bin/$program" --version | head -n 1 >&2
done
touch "$done_mark"
echo "$cache"
