#!/usr/bin/env bash
# readme-perf.sh: measure capsim's performance and rewrite README.md's
# "perf" block with the results and the machine they were measured on.
# Timing cannot be asserted in CI (TestReadme only checks the block exists);
# run this by hand on a quiet machine. It takes several minutes.
#
#   scripts/readme-perf.sh            # measure, print the block, rewrite README.md
#   scripts/readme-perf.sh --print    # measure and print only
set -euo pipefail
cd "$(dirname "$0")/.."

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bin="$tmp/capsim"
go build -o "$bin" ./cmd/capsim

model=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')
{
	echo "machine: $(nproc) cores, ${model:-unknown CPU}, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(go version | awk '{print $3}'); measured $(date -u +%Y-%m-%d) by scripts/readme-perf.sh"
	echo
	echo '```'
	echo '$ go test -run XXX -bench . -benchmem -count 3 ./bench/'
	go test -run XXX -bench . -benchmem -count 3 ./bench/ | grep -E '^(Benchmark|ok)'
	echo
	echo '$ capsim run --replications 1 --horizon 101000h   (GNU time: elapsed, max RSS)'
	/usr/bin/time -f '%e s elapsed, max RSS %M KB' "$bin" run --quiet --replications 1 --horizon 101000h 2>&1 >/dev/null
	for w in 1 2; do
		echo
		echo "\$ capsim run --replications 20 --horizon 1000h --workers $w"
		/usr/bin/time -f '%e s elapsed' "$bin" run --quiet --replications 20 --horizon 1000h --workers "$w" 2>&1 >/dev/null
	done
	echo '```'
} >"$tmp/block"

cat "$tmp/block"
[ "${1:-}" = "--print" ] && exit 0
python3 scripts/readme-block.py perf "$tmp/block"
