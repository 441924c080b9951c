#!/bin/sh
# Runs every fuzz target of capsim's input side (the scenario loader and
# readers, the benchmark-format names capsim bench writes, the records
# readers, --vary specs and points files, job and store files, requirement
# texts) for about
# SECONDS each (default 20), one worker at a time (-parallel 1: the machine
# is shared). A crasher is written to <package>/testdata/fuzz/<Target>/ and
# fails the script; commit it with the fix so that `go test ./<package>`
# replays it.
#
#   scripts/fuzz.sh 20        # one target at a time
#   scripts/fuzz.sh 5 2       # what CI runs: two targets at once (a core each)
#   scripts/fuzz.sh 600       # before changing the loader or the readers
#
# JOBS (second argument, default 1) targets run at once, each with one
# fuzzing worker; each target's output is printed whole when it ends.
#
# The budget is a count of executions, not a duration: with a duration
# (-fuzztime 20s) Go 1.26's fuzz coordinator can report a spurious
# "context deadline exceeded" failure, without a crasher, when the deadline
# falls while a worker is mid-call (golang/go#75804, fixed in Go 1.27). The
# counts below are each target's executions per second on a 2-core machine
# (measured over 10-minute runs; FuzzNames over a 1-minute run, FuzzTicks
# and FuzzDuration over 1-minute runs and FuzzFigureKit over a 17-minute
# run of 5000 executions, on a machine shared with other jobs; the records
# readers' over 1-minute runs with five builds beside them, load about 13;
# the stores' and designs' over 1- to 6-minute runs of 1.2 to 3 million
# executions, FuzzRequirement over 40,000, beside a test run of cmd/capsim,
# each rounded down) times
# SECONDS, so on a slower machine a run takes longer rather than failing.
#
# -fuzzminimizetime is a count, not the default 60 s: the engine minimizes
# every new-coverage input, and for an input of n bytes its "remove each
# subset of bytes" pass tries O(n²) candidates; a 10 KB input kept the one
# worker busy for up to a minute, shown as "0 execs/s" (the executions are
# counted only when minimizing ends). A crasher is still written whole;
# minimize it afterwards with a longer -fuzzminimizetime if it is large.
# A target whose executions are slow (FuzzFigureKit renders PNG and SVG)
# gives its own, smaller count as a fourth field.
set -eu
secs=${1:-20}
jobs=${2:-1}
cd "$(dirname "$0")/.."
# Each spec is PACKAGE:TARGET:EXECUTIONS_PER_SECOND[:MINIMIZE_COUNT].
specs="scenarios:FuzzLoad:7000 scenarios:FuzzSet:3000 scenarios:FuzzDuration:8000 scenarios:FuzzReadTrace:14000 \
	scenarios:FuzzReadEmpirical:14000 simrun/benchout:FuzzNames:11000 \
	reports/plots:FuzzTicks:6000 reports/plots:FuzzFigureKit:10:10 \
	records:FuzzReadSessions:3800 records:FuzzReadPolls:7000 records:FuzzReadMetrics:2100 \
	records:FuzzReadGameSessions:3100 \
	experiment/design:FuzzParseVary:15000 experiment/design:FuzzReadPoints:10000 \
	experiment/shard:FuzzReadJob:14000 experiment/store:FuzzStoreFile:8000 simrun:FuzzRequirement:800"

# one SPEC fuzzes one target; its output is printed whole when it ends, so
# that targets run at once do not interleave.
one() {
	pkg=${1%%:*}
	rest=${1#*:}
	target=${rest%%:*}
	rest=${rest#*:}
	rate=${rest%%:*}
	minimize=2000
	case $rest in *:*) minimize=${rest#*:} ;; esac
	count=$(( rate * secs ))
	log=$(mktemp)
	status=0
	go test "./$pkg" -run '^$' -fuzz "^${target}\$" -fuzztime "${count}x" -fuzzminimizetime "${minimize}x" -parallel 1 >"$log" 2>&1 || status=$?
	echo "fuzz: $pkg $target for ${count} executions (about ${secs}s): $([ $status = 0 ] && echo ok || echo FAILED)"
	sed 's/^/    /' "$log"
	rm -f "$log"
	return $status
}

if [ -n "${FUZZ_SPEC:-}" ]; then
	one "$FUZZ_SPEC"
	exit
fi
# xargs exits non-zero when any target failed.
printf '%s\n' $specs | xargs -P "$jobs" -I{} env FUZZ_SPEC={} sh scripts/fuzz.sh "$secs"
