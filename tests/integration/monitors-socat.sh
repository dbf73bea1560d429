#!/bin/sh
# Both monitors driven by a third-party client, socat, as a user would:
# load icount over QMP and unload it over HMP while a guest spins; HMP's
# info instr lists both libraries, with their windows.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$TESTS_SRC/lib/lib.sh"
command -v socat >/dev/null || skip "socat is not installed"

"$CC" -nostdlib -static -DITERS=1000000000000 -o spin "$GUEST_SRC/spin.S"
"$QI" "$QEMU_X86_64" -instr-qmp unix:"$WORK/qmp.sock" \
    -instr-hmp unix:"$WORK/hmp.sock" ./spin 2>qemu.err &
qemu=$!
trap 'kill -9 $qemu 2>/dev/null; rm -rf "$WORK"' EXIT
while [ ! -S hmp.sock ]; do sleep 0.05; done

# As the monitors report it: absolute, without "..".
icount=$(cd "$(dirname "$PLUGIN")/../../examples/.libs" && pwd)/icount.so
# socat sends our lines and prints what comes back until the server is
# quiet for 1 s after our input ends.
printf '%s\n' '{"execute": "qmp_capabilities"}' \
    "{\"execute\": \"instr-load\", \"arguments\": {\"path\": \"$icount\", \"id\": \"ic\", \"args\": [\"out=$WORK/count.txt\"]}, \"id\": 1}" |
    socat -t 1 - UNIX-CONNECT:qmp.sock > qmp.out
assert_eq "QMP greeting, negotiation, event and reply" \
    'QMP {"return":{}} INSTR_LOAD {"return":{"id":"ic"},"id":1}' \
    "$(sed -e 's/^{"QMP".*/QMP/' -e 's/^{"event":"INSTR_LOAD".*/INSTR_LOAD/' qmp.out | tr '\r\n' '  ' | sed 's/  */ /g; s/ $//')"

# A second icount, by name and with a window it will not reach: info instr
# shows the windows as instr-load's options.
printf 'instr-load -i w -w 900G:1000G icount out=%s/w.txt\ninfo instr\ninstr-unload ic\ninstr-unload ic\ninstr-unload w\nquit\n' "$WORK" |
    socat -t 1 - UNIX-CONNECT:hmp.sock > hmp.out
windows='-w 900000000000:1000000000000'
assert_eq "HMP session" "qemu-instr monitor - type 'help' for more information
(qemu-instr) loaded as w
(qemu-instr) ID  WINDOWS$(printf '%*s' $(( ${#windows} - 7 )) '')  PATH$(printf '%*s' $(( ${#icount} - 4 )) '')  ARGS
ic  $(printf '%*s' ${#windows} '')  $icount  out=$WORK/count.txt
w   $windows  $icount  out=$WORK/w.txt
(qemu-instr) unloaded ic
(qemu-instr) instr-unload: no library with id 'ic'
(qemu-instr) unloaded w
(qemu-instr) " "$(tr -d '\r' < hmp.out)"
assert_eq "icount wrote its count when unloaded" 1 "$(grep -c '^insns [1-9]' count.txt)"
kill -0 $qemu && PASSED=$((PASSED + 1)) && echo "ok - guest still running"
assert_eq "QEMU said nothing" "" "$(cat qemu.err)"
done_testing
