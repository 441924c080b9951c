#!/bin/bash
# submit.sh: a capsim sweep or run as a Slurm job array of TASKS shards and
# its merge step, which starts only when every shard succeeded
# (afterok; --kill-on-invalid-dep cancels it if one failed).
#
#   deploy/slurm/submit.sh TASKS DIR sweep|run [FILE] [flags...]
#
# e.g. deploy/slurm/submit.sh 16 /shared/launch sweep launch.toml \
#          --vary 'stream_group[0].location[0].always_on=10..200:10' --replications 50
#
# DIR (the --out of every shard, then merged) must be on a filesystem every
# node sees. Prints the array's job id and the merge's job id; the merged
# outputs are in DIR when the merge job completes. sbatch's own environment
# variables (SBATCH_PARTITION, SBATCH_ACCOUNT, SBATCH_TIMELIMIT, ...) apply
# to both jobs; CAPSIM names the binary (default: capsim on PATH). Task logs
# go to the current directory.
set -euo pipefail
if [ $# -lt 3 ]; then
	echo "usage: $0 TASKS DIR sweep|run [FILE] [flags...]" >&2
	exit 2
fi
tasks=$1 dir=$2
shift 2
case $tasks in
'' | *[!0-9]* | 0) echo "$0: TASKS must be a whole number ≥ 1, not '$tasks'" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
array=$(sbatch --parsable --array="0-$((tasks - 1))" "$here/capsim-array.sbatch" "$@" --out "$dir")
array=${array%%;*}
merge=$(sbatch --parsable --dependency="afterok:$array" --kill-on-invalid-dep=yes \
	"$here/capsim-merge.sbatch" "$dir")
echo "${array} ${merge%%;*}"
