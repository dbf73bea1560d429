#!/bin/sh
# Nothing in a campaign's paths or commands runs as a command: a workload
# command with backquoted text and a quote, in a campaign directory whose
# name holds a quote and a $(...), gives its phase plot (gnuplot's strings
# quoted) and runs nothing; the Slurm tasks' --wrap script runs
# `qi-campaign task` with exactly those words.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$TESTS_SRC/lib/lib.sh"
CAMPAIGN=$(dirname "$QI")/qi-campaign
PYTHON=$(head -n 1 "$CAMPAIGN" | sed 's/^#!//')

dir="$WORK/it's \$(touch from-path)"
mkdir "$dir"
cat > "$dir/c.ini" <<END
[workload a]
qemu = $QEMU_X86_64
# \`touch $WORK/from-comment\`
command = /bin/echo "it's" "\`touch $WORK/from-command\`" '\$(touch $WORK/from-dollar)'
interval = 10K
maxk = 2
END
run out err "$CAMPAIGN" "$dir/c.ini"
assert_eq "the campaign runs" "0 []" "$STATUS [$(cat err)]"
assert_eq "the guest got its words" \
    "it's \`touch $WORK/from-command\` \$(touch $WORK/from-dollar)" \
    "$(cat "$dir/c.out/a/logs/profile.stdout")"
assert_eq "the phase plot is made" "PNG" \
    "$(head -c 4 "$dir/c.out/a/phases.png" | tail -c 3)"
assert_eq "nothing of the file or the path ran" "" "$(find "$WORK" -name 'from-*')"

# The --wrap script of an array task, run by a shell as sbatch would, with
# a stand-in for qi-campaign that prints the words it gets.
printf 'import sys\nprint("\\n".join(sys.argv[1:]))\n' > words.py
wrap=$(PYTHONPATH="$TESTS_SRC/../tools/campaign" "$PYTHON" -c '
import sys
campaign, sys.argv = sys.argv[2], [sys.argv[1]]
from qicampaign.slurm import wrap_script
print(wrap_script("profile", campaign))
' "$WORK/words.py" "$dir/c.ini")
assert_eq "the task's words, whatever the campaign's path" "task
profile
$dir/c.ini
7" "$(SLURM_ARRAY_TASK_ID=7 sh -c "$wrap")"
assert_eq "nothing of the path ran in the task" "" "$(find "$WORK" -name 'from-*')"
done_testing
