#!/usr/bin/env bash
# slurm-ci.sh: capsim on a real batch engine. Installs Debian's slurm-wlm and
# munge if missing, starts a one-node Slurm cluster on localhost
# (scripts/slurm-lib.sh), submits a small sweep as a 4-task job array with
# its merge step (deploy/slurm/submit.sh), waits for both, and compares the
# merged outputs byte for byte with the same sweep run unsharded; then the
# same for a run (capsim run). .ci/run
# calls it. If Slurm cannot be started it fails, printing the daemons' logs:
# it never skips. The daemons are stopped on exit. About 15 s once the
# packages are installed, 25 s with their installation.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/slurm-lib.sh

tmp=$(mktemp -d)
trap 'slurm_down; rm -rf "$tmp"' EXIT
slurm_install
export CAPSIM="$tmp/capsim"
go build -o "$CAPSIM" ./cmd/capsim
slurm_up

mkdir -p "$tmp/shared" "$tmp/logs" # the "shared filesystem": one node, one disk
repo=$(pwd)

# sharded NAME CAPSIM-ARGS...: the command as a 4-task array and its merge
# (deploy/slurm/submit.sh), then unsharded; every file the unsharded command
# wrote, but for a sweep's store of points (laid out by shard), must be in
# the merged directory, byte for byte.
sharded() {
	local name=$1 ids array merge f n=0
	shift
	ids=$(cd "$tmp/logs" && "$repo/deploy/slurm/submit.sh" 4 "$tmp/shared/$name" "$@")
	read -r array merge <<<"$ids"
	echo "slurm: $name: submitted array job $array (4 tasks) and merge job $merge"
	slurm_wait "$array" 90
	slurm_wait "$merge" 30
	"$CAPSIM" "$@" --out "$tmp/$name-unsharded" >/dev/null
	while read -r f; do
		cmp -s "$tmp/$name-unsharded/$f" "$tmp/shared/$name/$f" ||
			slurm_fail "$name: merged $f differs from the unsharded one's (or is missing)"
		n=$((n + 1))
	done < <(cd "$tmp/$name-unsharded" && find . -type f ! -path './points/*' | sort)
	[ "$n" -ge 5 ] || slurm_fail "$name: the unsharded command wrote only $n files"
	echo "slurm: $name: merged outputs of 4 shards byte-identical to the unsharded command's ($n files)"
}

# Seconds each: a sweep of 4 points × 4 replications and a run of 6
# replications (4 shards do not divide them) of the default scenario.
sharded sweep sweep --quiet --replications 4 --horizon 6h \
	--vary 'stream_group[0].location[0].target_idle=0,2' \
	--vary 'stream_group[0].location[0].always_on=10,20'
sharded run run --quiet --replications 6 --horizon 6h
tail -n +1 "$tmp"/logs/*.out
