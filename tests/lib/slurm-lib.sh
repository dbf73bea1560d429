# A real single-node Slurm cluster for a test, from Debian's packages
# (munge, slurmctld, slurmd, slurm-client): configured in $WORK/slurm,
# started by start_slurm, stopped by stop_slurm (also on exit).  Sourced
# after lib.sh.  Needs root (munged runs as user munge, slurmd as root).
# SPDX-License-Identifier: GPL-2.0-or-later

[ "$(id -u)" -eq 0 ] || skip "starting a Slurm cluster needs root"
for prog in munged slurmctld slurmd sbatch squeue; do
    command -v "$prog" >/dev/null ||
        fail "$prog not found: install munge slurmctld slurmd slurm-client (scripts/install-deps.sh)"
done

SLURM_DIR=$WORK/cluster
export SLURM_CONF=$SLURM_DIR/slurm.conf
trap 'stop_slurm; rm -rf "$WORK"' EXIT

start_slurm() {
    d=$SLURM_DIR
    mkdir -p "$d/munge" "$d/state" "$d/spool"
    chmod 755 "$WORK" "$d"
    # munged checks its directories: the socket's must be searchable by all.
    chown munge:munge "$d/munge"
    chmod 711 "$d/munge"
    head -c 1024 /dev/urandom > "$d/munge/key"
    chown munge:munge "$d/munge/key"
    chmod 400 "$d/munge/key"
    su -s /bin/sh munge -c "munged --socket=$d/munge/socket \
        --key-file=$d/munge/key --pid-file=$d/munge/pid \
        --log-file=$d/munge/log --seed-file=$d/munge/seed" ||
        fail "munged did not start: $(cat "$d/munge/log" 2>/dev/null)"
    host=$(hostname -s)
    # Ports of our own, so that a cluster of another test does not answer.
    port=$((20000 + $$ % 20000))
    memory=$(awk '/^MemTotal/ { print int($2 / 1024) - 512 }' /proc/meminfo)
    cat > "$SLURM_CONF" <<EOF
ClusterName=qitest
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
AuthInfo=socket=$d/munge/socket
CredType=cred/munge
StateSaveLocation=$d/state
SlurmdSpoolDir=$d/spool
SlurmctldPidFile=$d/slurmctld.pid
SlurmdPidFile=$d/slurmd.pid
SlurmctldLogFile=$d/slurmctld.log
SlurmdLogFile=$d/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
# Start dependent tasks within a second, not a minute.
SchedulerParameters=sched_interval=1
NodeName=$host CPUs=$(nproc) RealMemory=$memory State=UNKNOWN
PartitionName=qitest Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
    slurmctld -f "$SLURM_CONF" || fail "slurmctld did not start"
    slurmd -f "$SLURM_CONF" || fail "slurmd did not start"
    i=0
    until sinfo --noheader --states=idle 2>/dev/null | grep -q idle; do
        i=$((i + 1))
        [ $i -lt 100 ] || fail "Slurm's node never became idle: $(tail -n 5 "$d/slurmctld.log")"
        sleep 0.1
    done
}

stop_slurm() {
    d=$SLURM_DIR
    for pidfile in "$d/slurmd.pid" "$d/slurmctld.pid"; do
        [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null
    done
    [ -f "$d/munge/pid" ] && kill "$(cat "$d/munge/pid")" 2>/dev/null
    # Wait for the daemons to be gone before their directory is removed.
    for pidfile in "$d/slurmd.pid" "$d/slurmctld.pid" "$d/munge/pid"; do
        [ -f "$pidfile" ] || continue
        i=0
        while kill -0 "$(cat "$pidfile" 2>/dev/null)" 2>/dev/null && [ $i -lt 50 ]; do
            sleep 0.1
            i=$((i + 1))
        done
    done
}
