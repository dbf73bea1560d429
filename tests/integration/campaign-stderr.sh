#!/bin/sh
# A workload's stderr is its step's log, but at offset 0 in every step:
# the log's length before the run (its header and command line, longer for
# the capture) must not reach the guest, which sees it as the position of
# its stderr, and Python acts on it (its profile and capture runs differed
# by hundreds of instructions, moving the windows off their intervals).
# What the guest writes to stderr still goes to the end of the log.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$TESTS_SRC/lib/lib.sh"
CAMPAIGN=$(dirname "$QI")/qi-campaign

cat > c.ini <<END
[workload py]
qemu = $QEMU_X86_64
command = python3 -c "import os, sys; print(os.lseek(2, 0, os.SEEK_CUR)); print('to stderr', file=sys.stderr)"
interval = 1M
maxk = 2
END
run out err "$CAMPAIGN" c.ini
assert_eq "the campaign runs" "0 []" "$STATUS [$(cat err)]"
assert_eq "the guest's stderr starts at offset 0" "0" \
    "$(cat c.out/py/logs/profile.stdout)"
assert_eq "the log holds the guest's stderr after the command line" \
    "\$ $(dirname "$QI")/qemu-instr
to stderr
== done" \
    "$(sed -n -e 's/^\(\$ [^ ]*\) .*/\1/p' -e '/^to stderr$/p' -e 's/^\(== done\) .*/\1/p' c.out/py/logs/profile.log)"
done_testing
