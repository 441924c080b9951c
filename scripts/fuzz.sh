#!/bin/sh
# Runs every fuzz target of capsim's input side for SECONDS each (default 20),
# one worker at a time (-parallel 1: the machine is shared). A crasher is
# written to scenarios/testdata/fuzz/<Target>/ and fails the script; commit
# it with the fix so that `go test ./scenarios` replays it from then on.
#
#   scripts/fuzz.sh 20        # what CI runs
#   scripts/fuzz.sh 300       # before changing the loader or the readers
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
for target in FuzzLoad FuzzSet FuzzReadTrace FuzzReadEmpirical; do
	echo "fuzz: $target for ${secs}s"
	go test ./scenarios -run '^$' -fuzz "^${target}\$" -fuzztime "${secs}s" -fuzzminimizetime 2000x -parallel 1
done
