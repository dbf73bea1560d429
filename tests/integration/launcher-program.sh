#!/bin/sh
# The user-mode guest program is found as a shell finds a command (QEMU
# does not search PATH): a bare name in PATH, never in the current
# directory unless PATH names it; a program that is missing or cannot be
# run is refused with one line, and QEMU is never started for it.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$TESTS_SRC/lib/lib.sh"

mkdir bin other dir.d
cp "$GUESTS/syscalls" bin/hello
cp "$GUESTS/syscalls" hello-here
cp "$GUESTS/syscalls" other/hello
printf 'not a program\n' > bin/plain
cp bin/plain other/plain
mkdir bin/adir
# A QEMU that says whether it ran, and with which program.
cat > qemu-x86_64 <<SCRIPT
#!/bin/sh
echo started > "$WORK/started"
exec "$QEMU_X86_64" "\$@"
SCRIPT
chmod +x qemu-x86_64 bin/hello hello-here other/hello
Q="$WORK/qemu-x86_64"

# launch PATH ARGS...: the launcher with PATH set, through the QEMU above.
launch() {
    path=$1
    shift
    rm -f started
    run out err env PATH="$path" "$QI" --plugin="$PLUGIN" "$@"
}

# refused MESSAGE PATH ARGS...: one line, status 1, QEMU not started.
refused() {
    message=$1
    shift
    launch "$@"
    assert_eq "refused: $message" "1 [] $message no" \
        "$STATUS [$(cat out)] $(cat err) $([ -e started ] && echo started || echo no)"
}

syscalls_out=$("$QEMU_X86_64" "$GUESTS/syscalls")

launch "$WORK/bin:/usr/bin:/bin" "$Q" -instr file=icount,arg=out=n.txt hello
assert_eq "a name found in PATH runs (the guest exits 3)" "3 started $syscalls_out" \
    "$STATUS $(cat started) $(cat out)"
assert_eq "QEMU is given the path found" \
    "$WORK/qemu-x86_64 -plugin $PLUGIN $WORK/bin/hello" \
    "$(env PATH="$WORK/bin:/bin" "$QI" --plugin="$PLUGIN" --dry-run "$Q" hello)"
assert_eq "PATH in order, skipping what cannot run" \
    "$WORK/qemu-x86_64 -plugin $PLUGIN $WORK/other/hello" \
    "$(env PATH="/nonexistent:$WORK/dir.d:$WORK/other:$WORK/bin" "$QI" \
        --plugin="$PLUGIN" --dry-run "$Q" hello)"
# QEMU's options and their values come before the program.
assert_eq "options with values are not the program" \
    "$WORK/qemu-x86_64 -plugin $PLUGIN -L hello -E 'X=hello' -d in_asm -D log -cpu max --strace $WORK/bin/hello -L plain" \
    "$(env PATH="$WORK/bin" "$QI" --plugin="$PLUGIN" --dry-run "$Q" -L hello \
        -E X=hello -d in_asm -D log -cpu max --strace hello -L plain)"
assert_eq "the word after -- is the program" \
    "$WORK/qemu-x86_64 -plugin $PLUGIN -- $WORK/bin/hello" \
    "$(env PATH="$WORK/bin" "$QI" --plugin="$PLUGIN" --dry-run "$Q" -- hello)"
assert_eq "the current directory when PATH names it (.)" \
    "$WORK/qemu-x86_64 -plugin $PLUGIN ./hello-here" \
    "$(env PATH="/bin:." "$QI" --plugin="$PLUGIN" --dry-run "$Q" hello-here)"
assert_eq "the current directory when PATH names it (empty entry)" \
    "$WORK/qemu-x86_64 -plugin $PLUGIN ./hello-here" \
    "$(env PATH="/bin::/usr/bin" "$QI" --plugin="$PLUGIN" --dry-run "$Q" hello-here)"
cp qemu-x86_64 qemu-system-x86_64
assert_eq "system mode: no program to look up" \
    "$WORK/qemu-system-x86_64 -plugin $PLUGIN -kernel nope" \
    "$("$QI" --plugin="$PLUGIN" --dry-run "$WORK/qemu-system-x86_64" \
        -kernel nope 2>&1)"

refused "qemu-instr: hello-here: not found in PATH ($WORK/bin:/bin)" \
    "$WORK/bin:/bin" "$Q" hello-here
refused "qemu-instr: xz-nope: not found in PATH (/usr/local/bin:/usr/bin:/bin)" \
    "/usr/local/bin:/usr/bin:/bin" "$Q" -instr file=icount xz-nope --version
refused "qemu-instr: $WORK/bin/plain: Permission denied" \
    "$WORK/bin:$WORK/other" "$Q" plain
refused "qemu-instr: adir: not found in PATH ($WORK/bin)" "$WORK/bin" "$Q" adir
refused "qemu-instr: ./nope: No such file or directory" "$WORK/bin" "$Q" ./nope
refused "qemu-instr: bin/plain: Permission denied" "$WORK/bin" "$Q" bin/plain
refused "qemu-instr: bin/adir: Is a directory" "$WORK/bin" "$Q" -L / bin/adir
refused "qemu-instr: hello-here/x: Not a directory" "$WORK/bin" "$Q" hello-here/x
refused "qemu-instr: '': the guest program is an empty word" "$WORK/bin" "$Q" ""

echo "$PASSED checks passed"
