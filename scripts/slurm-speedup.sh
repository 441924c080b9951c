#!/usr/bin/env bash
# slurm-speedup.sh: time a capsim sweep as a Slurm job array on this
# machine's one-node cluster (scripts/slurm-lib.sh), 1 task against 2 tasks
# at once, one CPU each, in alternate rounds, and rewrite the
# "slurm-speedup" block with the figures and the machine. Timing cannot be
# asserted in CI (TestReadme only checks the block is there); run it by hand,
# as root (the cluster's daemons run as root). About 2 minutes on a quiet
# 2-core machine.
#
#   scripts/slurm-speedup.sh            # measure, print the block, rewrite its block in README.md or docs/*.md
#   scripts/slurm-speedup.sh --print    # measure and print only
set -euo pipefail
cd "$(dirname "$0")/.."
# the file that holds the block, found before anything is timed (fails if none or two)
blockfile=$(python3 scripts/readme-block.py --where slurm-speedup)
echo "will write the slurm-speedup block of $blockfile" >&2
source scripts/slurm-lib.sh
rounds=${ROUNDS:-3}

tmp=$(mktemp -d)
trap 'slurm_down; rm -rf "$tmp"' EXIT
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (apt-get install time)" >&2; exit 1; }
slurm_install
go build -o "$tmp/capsim" ./cmd/capsim
# The tasks run capsim through GNU time: each appends its elapsed and CPU
# seconds to the file $TIMES.
printf '#!/bin/sh\nexec /usr/bin/time -a -o "$TIMES" -f "%%e %%U %%S" %q "$@"\n' "$tmp/capsim" >"$tmp/timed-capsim"
chmod +x "$tmp/timed-capsim"
export CAPSIM="$tmp/timed-capsim"
slurm_up >&2
repo=$(pwd)

sweep=(sweep --quiet --replications 8 --horizon 1000h
	--vary 'stream_group[0].location[0].target_idle=0,2,4,8'
	--vary 'stream_group[0].location[0].always_on=10,20,30,40')

# one TASKS ROUND: the sweep as an array of TASKS tasks of one CPU each;
# prints the array's wall time (submission to the last task's end, Slurm's
# scheduling included), the tasks' CPU seconds added up, and the merge's
# wall time (capsim merge, run directly). Every run's outputs must be the
# first run's, byte for byte.
one() {
	local out="$tmp/r$2-$1" t0 t1 t2 job
	export TIMES="$tmp/times-$2-$1"
	t0=$(date +%s.%N)
	job=$(cd "$tmp" && sbatch --parsable --array="0-$(($1 - 1))" --cpus-per-task=1 \
		"$repo/deploy/slurm/capsim-array.sbatch" "${sweep[@]}" --out "$out")
	slurm_wait "${job%%;*}" 900
	t1=$(date +%s.%N)
	"$tmp/capsim" merge "$out" >/dev/null
	t2=$(date +%s.%N)
	[ -f "$tmp/first/sweep.csv" ] || cp -r "$out" "$tmp/first"
	local f
	for f in sweep.csv sweep.json sweep.html plots; do
		diff -r "$tmp/first/$f" "$out/$f" >/dev/null || slurm_fail "$f of $1 tasks differs from the first run's"
	done
	[ "$(wc -l <"$TIMES")" = "$1" ] || slurm_fail "$TIMES: want the times of $1 tasks"
	awk -v a="$t0" -v b="$t1" -v c="$t2" '{ cpu += $2 + $3 } END { printf "%.1f %.1f %.2f\n", b - a, cpu, c - b }' "$TIMES"
}

model=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')
{
	echo "machine: $(nproc) cores, ${model:-unknown CPU}, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), Slurm $(sbatch --version | awk '{print $2}') on one node; measured $(date -u +%Y-%m-%d) by scripts/slurm-speedup.sh while other work shared the machine (load average $(cut -d' ' -f1 /proc/loadavg) at the start): the figures are noisy"
	echo
	echo '```'
	printf '$ sbatch --array=0-0 (then 0-1) --cpus-per-task=1 deploy/slurm/capsim-array.sbatch '
	for a in "${sweep[@]}"; do
		case $a in *[][=,]*) printf "'%s' " "$a" ;; *) printf '%s ' "$a" ;; esac
	done
	echo '--out DIR; capsim merge DIR'
	echo "round  tasks  array wall s  tasks' CPU s  merge s"
	for r in $(seq 1 "$rounds"); do
		for n in 1 2; do
			t=$(one "$n" "$r") # an assignment, so that a failure stops the script
			read -r wall cpu merge <<<"$t"
			printf "%-5d  %5d  %12s  %12s  %7s\n" "$r" "$n" "$wall" "$cpu" "$merge"
			echo "$n $wall" >>"$tmp/walls"
		done
	done
	python3 - "$tmp/walls" <<'PY'
import statistics, sys
walls = {"1": [], "2": []}
for line in open(sys.argv[1]):
    n, wall = line.split()
    walls[n].append(float(wall))
one, two = statistics.median(walls["1"]), statistics.median(walls["2"])
print(f"speed-up of the array, median wall times: {one:.1f} s / {two:.1f} s = {one / two:.2f}")
PY
	echo '```'
	echo "(load average $(cut -d' ' -f1 /proc/loadavg) at the end)"
} >"$tmp/block"

cat "$tmp/block"
[ "${1:-}" = "--print" ] && exit 0
python3 scripts/readme-block.py slurm-speedup "$tmp/block"
