#!/usr/bin/env bash
# slurm-ci.sh: capsim on a real batch engine. Installs Debian's slurm-wlm and
# munge if missing, starts a one-node Slurm cluster on localhost
# (scripts/slurm-lib.sh), submits a small sweep as a 4-task job array with
# its merge step (deploy/slurm/submit.sh), waits for both, and compares the
# merged outputs byte for byte with the same sweep run unsharded. .ci/run
# calls it. If Slurm cannot be started it fails, printing the daemons' logs:
# it never skips. The daemons are stopped on exit. About 15 s once the
# packages are installed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/slurm-lib.sh

tmp=$(mktemp -d)
trap 'slurm_down; rm -rf "$tmp"' EXIT
slurm_install
export CAPSIM="$tmp/capsim"
go build -o "$CAPSIM" ./cmd/capsim
slurm_up

# 4 points × 4 replications of the default scenario over 6 hours: seconds.
sweep=(sweep --quiet --replications 4 --horizon 6h
	--vary 'stream_group[0].location[0].target_idle=0,2'
	--vary 'stream_group[0].location[0].always_on=10,20')

shared="$tmp/shared/sweep" # the "shared filesystem": one node, one disk
mkdir -p "$tmp/shared" "$tmp/logs"
repo=$(pwd)
ids=$(cd "$tmp/logs" && "$repo/deploy/slurm/submit.sh" 4 "$shared" "${sweep[@]}")
read -r array merge <<<"$ids"
echo "slurm: submitted array job $array (4 tasks) and merge job $merge"
slurm_wait "$array" 90
slurm_wait "$merge" 30
tail -n +1 "$tmp"/logs/*.out
echo "slurm: every task and the merge completed"

"$CAPSIM" "${sweep[@]}" --out "$tmp/unsharded" >/dev/null
# The outputs a sweep writes (the store's points/ hold per-shard blocks).
for f in sweep.csv sweep.json sweep.html plots; do
	[ -e "$tmp/unsharded/$f" ] || slurm_fail "the unsharded sweep wrote no $f"
	diff -r "$tmp/unsharded/$f" "$shared/$f" >/dev/null ||
		slurm_fail "merged $f differs from the unsharded sweep's"
done
echo "slurm: merged outputs of 4 shards byte-identical to the unsharded sweep ($(find "$shared" -type f | wc -l) files in the store)"
