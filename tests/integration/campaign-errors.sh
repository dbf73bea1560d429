#!/bin/sh
# qi-campaign refuses a bad campaign file before running anything, with one
# line naming the file, the line, the group and the key; --check prints
# what a run would do; steps that cannot give a result (too few intervals,
# a capture run that differs from the profile run) fail saying why.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$TESTS_SRC/lib/lib.sh"
CAMPAIGN=$(dirname "$QI")/qi-campaign

# refused WHAT EXPECTED-LINE: c.ini (written before) is refused with it,
# by --check and by a run.
refused() {
    run out err "$CAMPAIGN" --check c.ini
    assert_eq "$1 (--check)" "2 [qi-campaign: c.ini:$2]" "$STATUS [$(cat err)]"
    run out err "$CAMPAIGN" c.ini
    assert_eq "$1" "2 [qi-campaign: c.ini:$2]" "$STATUS [$(cat err)]"
    [ ! -e c.out ] || fail "$1: c.out was created"
}

printf '[workload a]\ncommand = /bin/true\nthis is not a key\n' > c.ini
refused "a line that is nothing" \
    "3 in [workload a]: 'this is not a key' is not a group, a key=value line or a comment"

printf '# a campaign\n[workload a]\ncommand = /bin/true\nintervall = 5\n' > c.ini
refused "an unknown key" \
    "4: [workload a] intervall: unknown key (known: capture, capture-memory, capture-time, cluster-memory, cluster-time, command, directory, environment, fidelity-threshold, inputs, interval, maxk, profile-memory, profile-time, qemu, validate)"

printf '[campaign]\ninterval = 12Q\n[workload a]\ncommand = /bin/true\n' > c.ini
refused "a bad interval, as a default" \
    "2: [campaign] interval: '12Q' is not a positive number of instructions (digits, optionally K, M or G)"

printf '[workload a]\ncommand = /bin/true\nmaxk = 0\n' > c.ini
refused "maxk 0" "3: [workload a] maxk: '0' is not a positive integer"

printf '[workload a]\ninterval = 1M\n\n[workload b]\ncommand = /bin/true\n' > c.ini
refused "no command" "1: [workload a]: missing key 'command'"

printf '[workload a]\ncommand = /bin/true "unclosed\n' > c.ini
run out err "$CAMPAIGN" c.ini
assert_eq "a command that is not a shell command line (GLib's words)" \
    "2 qi-campaign: c.ini:2: [workload a] command: Text ended before matching quote" \
    "$STATUS $(sed "s/ was found.*//" err)"

printf '[workload a]\ncommand = no-such-program -x\n' > c.ini
refused "a program not in the guest's PATH" \
    "2: [workload a] command: 'no-such-program' not found in PATH (/usr/local/bin:/usr/bin:/bin)"

printf '[workload a]\ncommand = ./c.ini\n' > c.ini
refused "a program that is not executable" \
    "2: [workload a] command: '$WORK/c.ini' is not an executable file"

printf '[campaign]\nqemu = qemu-z80\n[workload a]\ncommand = /bin/true\n' > c.ini
refused "a QEMU not found, as a default" "2: [campaign] qemu: 'qemu-z80' not found in PATH"

printf '[workload a]\ncommand = /bin/true\n\ncapture = bbltrace;cachesim\n' > c.ini
refused "an unknown capture" \
    "4: [workload a] capture: no capture 'cachesim' (built in: bbltrace, champsim, memtrace; others need a [capture NAME] group)"

printf '[capture icount]\nargs = out={out}/icount.%%w\n[workload a]\ncommand = /bin/true\n' > c.ini
refused "a capture without library" "1: [capture icount]: missing key 'library'"

printf '[capture icount]\nlibrary = icount\nargs = out=/tmp/icount.%%w\n[workload a]\ncommand = /bin/true\n' > c.ini
refused "a capture that writes outside the step's directory" \
    "3: [capture icount] args: no argument writes into {out} (e.g. out={out}/NAME.%w)"

printf '[capture icount]\nlibrary = icount\nargs = out={out}/icount\n[workload a]\ncommand = /bin/true\n' > c.ini
refused "a capture with one output for all windows" \
    "3: [capture icount] args: 'out={out}/icount' has no %w: every window would write the same file"

printf '[workloads]\ncommand = /bin/true\n' > c.ini
refused "an unknown group" \
    "1: [workloads]: unknown group (expected [campaign], [slurm], [workload NAME] or [capture NAME])"

printf '[workload a/b]\ncommand = /bin/true\n' > c.ini
refused "a workload name that is not a directory name" \
    "1: [workload a/b]: 'a/b' is not a name (letters, digits, '.', '_', '-'; not starting with '.' or '-')"

printf '[workload a]\ncommand = /bin/true\ninputs = here.txt\n' > c.ini
refused "a missing input" "3: [workload a] inputs: '$WORK/here.txt' does not exist"

printf '[workload a]\ncommand = /bin/true\nprofile-time = 2 hours\n' > c.ini
refused "a bad Slurm time" \
    "3: [workload a] profile-time: '2 hours' is not a Slurm time (MINUTES, H:MM:SS or DAYS-HH:MM:SS)"

printf '[workload a]\ncommand = /bin/true\nenvironment = LANG=C;=1\n' > c.ini
refused "a bad environment entry" \
    "3: [workload a] environment: '=1' is not VARIABLE=VALUE"

printf '[slurm]\npartition = x\nqos = high\n[workload a]\ncommand = /bin/true\n' > c.ini
refused "an unknown Slurm key" \
    "3: [slurm] qos: unknown key (known: account, options, partition)"

# A second group of one name would silently replace the first; a key given
# twice, likewise its first value.
printf '[workload a]\ncommand = /bin/true\n[workload b]\ncommand = /bin/true\n\n[workload a]\ncommand = /bin/false\n' > c.ini
refused "a workload defined twice" "6: [workload a]: defined twice (first on line 1)"
printf '[capture x]\nlibrary = icount\n[capture x]\nlibrary = bbv\n[workload a]\ncommand = /bin/true\n' > c.ini
refused "a capture defined twice" "3: [capture x]: defined twice (first on line 1)"
printf '[workload a]\ncommand = /bin/true\ninterval = 1K\n# again\ninterval = 2K\n' > c.ini
refused "a key given twice" "5: [workload a] interval: given twice (first on line 3)"

# Numbers beyond what the tools take.
printf '[workload a]\ncommand = /bin/true\ninterval = 99999999999999999999999G\n' > c.ini
refused "an interval out of range" \
    "3: [workload a] interval: '99999999999999999999999G' is out of range (at most 18446744073709551615 instructions)"
printf '[workload a]\ncommand = /bin/true\nmaxk = 2147483648\n' > c.ini
refused "maxk out of range" \
    "3: [workload a] maxk: '2147483648' is out of range (at most 2147483647)"

# Every library a run would load is found as qemu-instr will look for it.
printf '[capture x]\nlibrary = /nonexistent.so\nargs = out={out}/x.%%w\n[workload a]\ncommand = /bin/true\ncapture = x\n' > c.ini
refused "a capture library that does not exist" \
    "2: [capture x] library: '/nonexistent.so' does not exist"
printf '[capture x]\nlibrary = lib/x.so\nargs = out={out}/x.%%w\n[workload a]\ncommand = /bin/true\ncapture = x\n' > c.ini
refused "a relative library path is the campaign file's directory's" \
    "2: [capture x] library: '$WORK/lib/x.so' does not exist"
libs=$("$QI" --dry-run "$QEMU_X86_64" -instr file=icount /bin/true | sed -n 's|.*lib=\(.*\)/icount\.so.*|\1|p')
printf '[capture x]\nlibrary = nosuch\nargs = out={out}/x.%%w\n[workload a]\ncommand = /bin/true\ncapture = x\n' > c.ini
refused "a capture library name not installed" \
    "2: [capture x] library: no library 'nosuch' in $libs"

# The output directory must be one qi-campaign can make and write in.
printf '[campaign]\noutput = /etc/passwd\n[workload a]\ncommand = /bin/true\n' > c.ini
refused "an output that is a file" "2: [campaign] output: '/etc/passwd' is not a directory"
printf '[campaign]\noutput = /etc/passwd/results\n[workload a]\ncommand = /bin/true\n' > c.ini
refused "an output under a file" \
    "2: [campaign] output: '/etc/passwd/results' cannot be created: '/etc/passwd' is not a directory"
if [ "$(id -u)" -eq 0 ] && mkdir ro && mount -t tmpfs -o ro,size=64k tmpfs ro; then
    printf '[campaign]\noutput = ro/results\n[workload a]\ncommand = /bin/true\n' > c.ini
    run out err "$CAMPAIGN" --check c.ini
    umount ro
    assert_eq "an output on a read-only file system" \
        "2 [qi-campaign: c.ini:2: [campaign] output: '$WORK/ro/results' cannot be created: cannot write in '$WORK/ro': Read-only file system]" \
        "$STATUS [$(cat err)]"
fi

# --check: what would run, nothing run.
cat > c.ini <<EOF
[campaign]
interval = 1K
capture = bbltrace

[capture icount]
library = icount
args = out={out}/icount.%w

[workload one]
command = /bin/true

[workload two]
command = /bin/true
maxk = 4
capture = icount;memtrace
EOF
run out err "$CAMPAIGN" --check c.ini
assert_eq "--check" "0 [] output: $WORK/c.out
one: interval 1000, maxK 10, bbltrace; to run: profile, cluster, capture
two: interval 1000, maxK 4, icount, memtrace; to run: profile, cluster, capture" \
    "$STATUS [$(cat err)] $(cat out)"
[ ! -e c.out ] || fail "--check created c.out"

# A run too short for its interval: the profile step says so.
printf '[workload a]\nqemu = %s\ncommand = /bin/true\ninterval = 1G\n' "$QEMU_X86_64" > c.ini
run out err "$CAMPAIGN" c.ini
assert_eq "fewer than 2 intervals: the profile fails, saying why" \
    "1 qi-campaign: a: profile failed: 0 full intervals of 1000000000 instructions (N in all); SimPoint needs 2 or more: choose a smaller interval (log: $WORK/c.out/a/logs/profile.log)" \
    "$STATUS $(sed 's/([0-9]* in all)/(N in all)/' err)"
rm -rf c.out

# A capture run that differs from the profiled one (here the input shrank
# between the steps, run one by one as Slurm's tasks run them) misses its
# windows, and the capture step says so instead of finishing.
seq 1 20000 > numbers.txt
printf '[workload a]\nqemu = %s\ncommand = sha256sum numbers.txt\ninterval = 1M\nmaxk = 3\ncapture = bbltrace\n' \
    "$QEMU_X86_64" > c.ini
for step in profile cluster; do
    run out err "$CAMPAIGN" task $step c.ini 0
    assert_eq "task $step" "0 []" "$STATUS [$(cat err)]"
done
[ "$(sort -n c.out/a/cluster/simpoints | tail -n 1 | cut -d' ' -f1)" -gt 0 ] ||
    fail "no simulation point after interval 0: $(cat c.out/a/cluster/simpoints)"
: > numbers.txt
run out err "$CAMPAIGN" task capture c.ini 0
assert_eq "a window the capture run never reached" \
    "1 qi-campaign: a: capture failed: capture bbltrace: window W (interval I) wrote no $WORK/c.out/a/capture.tmp/bbltrace.W: the run did not reach it, unlike the profiled run (log: $WORK/c.out/a/logs/capture.log)" \
    "$STATUS $(sed 's/window [0-9]* (interval [0-9]*)/window W (interval I)/; s/bbltrace\.[0-9]*:/bbltrace.W:/' err)"
assert_eq "the capture step is not finished" "no" \
    "$([ -e c.out/a/capture ] && echo yes || echo no)"
rm -rf c.out

# A full disk while the summary is written (its temporary file is
# /dev/full): one line naming the file, the summary before it kept.
printf '[workload a]\nqemu = %s\ncommand = /bin/true\ninterval = 10K\nmaxk = 2\n' \
    "$QEMU_X86_64" > c.ini
run out err "$CAMPAIGN" c.ini
assert_eq "a small campaign" "0 []" "$STATUS [$(cat err)]"
cp c.out/summary.md summary.before
ln -s /dev/full c.out/summary.md.tmp
run out err "$CAMPAIGN" c.ini
assert_eq "a full disk while writing the summary" \
    "1 [qi-campaign: $WORK/c.out/summary.md.tmp: No space left on device]" \
    "$STATUS [$(cat err)]"
assert_eq "the summary before it kept, no temporary file left" "same gone" \
    "$(cmp -s summary.before c.out/summary.md && echo same) $([ -e c.out/summary.md.tmp ] || [ -L c.out/summary.md.tmp ] || echo gone)"
rm -rf c.out

run out err "$CAMPAIGN" missing.ini
assert_eq "a missing campaign file" \
    "2 [qi-campaign: missing.ini: No such file or directory]" \
    "$STATUS [$(cat err)]"
done_testing
