#!/usr/bin/env bash
# slurm-speedup.sh: time a capsim sweep as a Slurm job array on this
# machine's one-node cluster (scripts/slurm-lib.sh), 1 task against 2 tasks
# at once, one CPU each, in alternate rounds, and rewrite README.md's
# "slurm-speedup" block with the figures and the machine. Timing cannot be
# asserted in CI (TestReadme only checks the block is there); run it by hand,
# as root (the cluster's daemons run as root). About 3 minutes.
#
#   scripts/slurm-speedup.sh            # measure, print the block, rewrite README.md
#   scripts/slurm-speedup.sh --print    # measure and print only
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/slurm-lib.sh
rounds=${ROUNDS:-3}

tmp=$(mktemp -d)
trap 'slurm_down; rm -rf "$tmp"' EXIT
slurm_install
export CAPSIM="$tmp/capsim"
go build -o "$CAPSIM" ./cmd/capsim
slurm_up >&2

sweep=(sweep --quiet --replications 8
	--vary 'stream_group[0].location[0].target_idle=0,2,4,8'
	--vary 'stream_group[0].location[0].always_on=10,20,30,40')

# one TASKS ROUND: the sweep as an array of TASKS tasks of one CPU; prints
# the array's wall time (submission to the last task's end, Slurm's
# scheduling included) and the merge's (capsim merge, run directly).
one() {
	local out="$tmp/r$2-$1" t0 t1 t2 job
	t0=$(date +%s.%N)
	job=$(cd "$tmp" && sbatch --parsable --array="0-$(($1 - 1))" --cpus-per-task=1 \
		"$repo/deploy/slurm/capsim-array.sbatch" "${sweep[@]}" --out "$out")
	slurm_wait "${job%%;*}" 600
	t1=$(date +%s.%N)
	"$CAPSIM" merge "$out" >/dev/null
	t2=$(date +%s.%N)
	[ -f "$tmp/first/sweep.csv" ] || cp -r "$out" "$tmp/first"
	for f in sweep.csv sweep.json sweep.html plots; do
		diff -r "$tmp/first/$f" "$out/$f" >/dev/null || slurm_fail "$f of $1 tasks differs from the first run's"
	done
	awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN { printf "%.1f %.2f\n", b - a, c - b }'
}
repo=$(pwd)

model=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')
{
	echo "machine: $(nproc) cores, ${model:-unknown CPU}, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), Slurm $(sbatch --version | awk '{print $2}') on one node; measured $(date -u +%Y-%m-%d) by scripts/slurm-speedup.sh, with other work on the machine (figures are noisy)"
	echo
	echo '```'
	echo "\$ sbatch --array=0-0 or 0-1 --cpus-per-task=1 deploy/slurm/capsim-array.sbatch $(printf "%q " "${sweep[@]}")--out DIR; capsim merge DIR"
	echo "round  1 task: array s  merge s   2 tasks: array s  merge s"
	for r in $(seq 1 "$rounds"); do
		t=$(one 1 "$r") # an assignment, so that a failure stops the script
		read -r a1 m1 <<<"$t"
		t=$(one 2 "$r")
		read -r a2 m2 <<<"$t"
		printf "%-5d  %14s  %7s   %15s  %7s\n" "$r" "$a1" "$m1" "$a2" "$m2"
		echo "$a1 $a2" >>"$tmp/times"
	done
	sort -n -k1 "$tmp/times" | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}' >"$tmp/m1"
	sort -n -k2 "$tmp/times" | awk '{a[NR] = $2} END {print a[int((NR + 1) / 2)]}' >"$tmp/m2"
	awk -v a="$(cat "$tmp/m1")" -v b="$(cat "$tmp/m2")" \
		'BEGIN { printf "speed-up of the array, medians: %.1f s / %.1f s = %.2f\n", a, b, a / b }'
	echo '```'
} >"$tmp/block"

cat "$tmp/block"
[ "${1:-}" = "--print" ] && exit 0
python3 - "$tmp/block" <<'PY'
import re, sys
block = open(sys.argv[1]).read()
readme = open("README.md").read()
new, n = re.subn(r"(?s)<!-- generated: slurm-speedup -->\n.*?<!-- end -->",
                 lambda m: "<!-- generated: slurm-speedup -->\n" + block + "<!-- end -->", readme)
if n != 1:
    sys.exit("README.md: expected one slurm-speedup block")
open("README.md", "w").write(new)
PY
