# slurm-lib.sh: a throwaway one-node Slurm cluster on localhost, for
# scripts/slurm-ci.sh and scripts/slurm-speedup.sh (source it; bash only).
#
#   slurm_install          apt-get install Debian's slurm-wlm and munge if missing
#   slurm_up               start munged, slurmctld and slurmd with everything
#                          (config, sockets, state, logs) in a new directory
#                          SLURM_DIR under /tmp; exports SLURM_CONF
#   slurm_wait JOBID SECS  poll squeue until JOBID (all its array tasks) left
#                          the queue, then require every task COMPLETED, exit 0
#   slurm_down             stop the daemons slurm_up started, remove SLURM_DIR
#                          (for a trap)
#   slurm_fail MESSAGE     print MESSAGE and the daemons' logs, exit 1
#
# Nothing system-wide is touched besides the packages: the daemons use their
# own munge key and socket, ports SLURM_CI_PORT and SLURM_CI_PORT+1 (default
# 16817, 16818), run as root (the user the script runs as) and are found
# again through their pid files. No cgroups (proctrack/linuxproc,
# task/none): they are not available in every container. The node offers
# $(nproc) CPUs and schedules by CPU (select/cons_tres, CR_CPU), so a
# task that asks for one CPU leaves the others to the next task.

SLURM_DIR=""

slurm_fail() {
	echo "slurm: FAILED: $*" >&2
	if [ -n "$SLURM_DIR" ]; then
		local f
		for f in "$SLURM_DIR"/munged.log "$SLURM_DIR"/slurmctld.log "$SLURM_DIR"/slurmd.log; do
			[ -f "$f" ] || continue
			echo "---- $f (last 40 lines)" >&2
			tail -n 40 "$f" >&2
		done
	fi
	exit 1
}

slurm_install() {
	local missing="" cmd
	for cmd in munged slurmctld slurmd sbatch squeue scontrol; do
		command -v "$cmd" >/dev/null 2>&1 || missing=1
	done
	[ -z "$missing" ] && return 0
	echo "== installing slurm-wlm and munge (Debian packages)"
	local sudo=""
	[ "$(id -u)" = 0 ] || sudo="sudo"
	$sudo apt-get update -qq || slurm_fail "apt-get update"
	# policy-rc.d or a missing systemd may refuse to start the packaged
	# services; we start our own below.
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
		slurm-wlm munge >/dev/null || slurm_fail "apt-get install slurm-wlm munge"
}

slurm_up() {
	[ "$(id -u)" = 0 ] || slurm_fail "the one-node cluster runs its daemons as root (SlurmUser=root); run as root"
	# munged wants every directory above its socket searchable by all:
	# a directory of its own right under /tmp.
	SLURM_DIR=$(mktemp -d /tmp/capsim-slurm.XXXXXX)
	chmod 755 "$SLURM_DIR"
	local port=${SLURM_CI_PORT:-16817} host mem
	host=$(hostname -s)
	mkdir -p "$SLURM_DIR/state" "$SLURM_DIR/spool"
	head -c 1024 /dev/urandom >"$SLURM_DIR/munge.key"
	chmod 400 "$SLURM_DIR/munge.key"
	mem=$(awk '/MemTotal/ {printf "%d", $2 / 1024 * 0.9}' /proc/meminfo)
	cat >"$SLURM_DIR/slurm.conf" <<EOF
ClusterName=capsimci
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$SLURM_DIR/munge.sock
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$SLURM_DIR/state
SlurmdSpoolDir=$SLURM_DIR/spool
SlurmctldPidFile=$SLURM_DIR/slurmctld.pid
SlurmdPidFile=$SLURM_DIR/slurmd.pid
SlurmctldLogFile=$SLURM_DIR/slurmctld.log
SlurmdLogFile=$SLURM_DIR/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SwitchType=switch/none
MpiDefault=none
SchedulerType=sched/builtin
# Schedule at once, not after the default 3 s batch delay.
SchedulerParameters=batch_sched_delay=0
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=$mem State=UNKNOWN
PartitionName=ci Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
	export SLURM_CONF="$SLURM_DIR/slurm.conf"
	munged --socket="$SLURM_DIR/munge.sock" --key-file="$SLURM_DIR/munge.key" \
		--pid-file="$SLURM_DIR/munged.pid" --log-file="$SLURM_DIR/munged.log" \
		--seed-file="$SLURM_DIR/munge.seed" || slurm_fail "munged did not start"
	slurmctld -f "$SLURM_CONF" || slurm_fail "slurmctld did not start"
	slurmd -f "$SLURM_CONF" || slurm_fail "slurmd did not start"
	# The node is up when sinfo shows it idle. A client retries a controller
	# that does not answer for many seconds: each call is cut short.
	local start=$SECONDS
	while [ $((SECONDS - start)) -lt 30 ]; do
		local d
		for d in slurmctld slurmd; do
			if [ -f "$SLURM_DIR/$d.pid" ] && ! kill -0 "$(cat "$SLURM_DIR/$d.pid")" 2>/dev/null; then
				slurm_fail "$d exited"
			fi
		done
		if [ "$(timeout 5 sinfo -h -N -o %t 2>/dev/null)" = "idle" ]; then
			echo "slurm: one-node cluster up on $host ($(nproc) CPUs), config $SLURM_CONF"
			return 0
		fi
		sleep 0.5
	done
	timeout 5 sinfo >&2 || true
	slurm_fail "the node did not become idle within 30 s"
}

slurm_wait() {
	local job=$1 limit=$2 start=$SECONDS
	while [ -n "$(timeout 10 squeue -h -j "$job" -o %i 2>&1)" ]; do
		if [ $((SECONDS - start)) -ge "$limit" ]; then
			timeout 10 squeue >&2 || true
			timeout 10 scancel "$job" || true
			slurm_fail "job $job still queued or running after $limit s"
		fi
		sleep 0.2
	done
	# Every task of the job: its state and exit code.
	local bad states
	states=$(timeout 10 scontrol -o show job "$job") || slurm_fail "scontrol show job $job: $states"
	bad=$(echo "$states" | grep -v 'JobState=COMPLETED .* ExitCode=0:0 ' || true)
	if [ -n "$bad" ]; then
		local line out
		while read -r line; do
			echo "$line" | tr ' ' '\n' | grep -E '^(JobId|ArrayTaskId|JobState|Reason|ExitCode)=' | tr '\n' ' ' >&2
			echo >&2
			out=$(echo "$line" | sed -n 's/.* StdOut=\([^ ]*\).*/\1/p')
			if [ -f "$out" ]; then
				echo "---- $out (last 20 lines)" >&2
				tail -n 20 "$out" >&2
			fi
		done <<<"$bad"
		slurm_fail "job $job did not complete cleanly"
	fi
}

slurm_down() {
	[ -n "$SLURM_DIR" ] || return 0
	local f pids=""
	for f in slurmd slurmctld munged; do
		[ -f "$SLURM_DIR/$f.pid" ] && pids="$pids $(cat "$SLURM_DIR/$f.pid")"
	done
	# shellcheck disable=SC2086 # a list of pids
	[ -z "$pids" ] || kill $pids 2>/dev/null || true
	local pid
	for pid in $pids; do
		for _ in $(seq 1 20); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.25
		done
		kill -KILL "$pid" 2>/dev/null || true
	done
	rm -rf "$SLURM_DIR"
	SLURM_DIR=""
}
