#!/bin/sh
# Runs every fuzz target of capsim's input side for about SECONDS each
# (default 20), one worker at a time (-parallel 1: the machine is shared). A
# crasher is written to scenarios/testdata/fuzz/<Target>/ and fails the
# script; commit it with the fix so that `go test ./scenarios` replays it.
#
#   scripts/fuzz.sh 20        # what CI runs
#   scripts/fuzz.sh 600       # before changing the loader or the readers
#
# The budget is a count of executions, not a duration: with a duration
# (-fuzztime 20s) Go 1.26's fuzz coordinator can report a spurious
# "context deadline exceeded" failure, without a crasher, when the deadline
# falls while a worker is mid-call (golang/go#75804, fixed in Go 1.27). The
# counts below are each target's executions per second on a 2-core machine
# (measured over 10-minute runs) times SECONDS, so on a slower machine a run
# takes longer rather than failing.
#
# -fuzzminimizetime is a count, not the default 60 s: the engine minimizes
# every new-coverage input, and for an input of n bytes its "remove each
# subset of bytes" pass tries O(n²) candidates; a 10 KB input kept the one
# worker busy for up to a minute, shown as "0 execs/s" (the executions are
# counted only when minimizing ends). A crasher is still written whole;
# minimize it afterwards with a longer -fuzzminimizetime if it is large.
set -eu
secs=${1:-20}
cd "$(dirname "$0")/.."
for spec in FuzzLoad:7000 FuzzSet:3000 FuzzReadTrace:14000 FuzzReadEmpirical:14000; do
	target=${spec%%:*}
	count=$(( ${spec##*:} * secs ))
	echo "fuzz: $target for ${count} executions (about ${secs}s)"
	go test ./scenarios -run '^$' -fuzz "^${target}\$" -fuzztime "${count}x" -fuzzminimizetime 2000x -parallel 1
done
