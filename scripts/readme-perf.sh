#!/usr/bin/env bash
# readme-perf.sh: measure capsim's performance and rewrite the
# "perf" block (docs/performance.md) with the results and the machine they were measured on.
# Timing cannot be asserted in CI (TestReadme only checks the block exists);
# run this by hand on a quiet machine. It takes about 2 minutes (2 cores,
# AMD EPYC); the block says how long it took.
#
# The tables are benchstat's reading (median and 95% confidence interval
# over COUNT runs) of the benchmarks' own output, never typed by hand:
# bench/'s scenario benchmarks (ns per simulated session and per event,
# memory per replication), the large scenario (bench/testdata/
# large-title-day.toml, ~2 M sessions a day) among them, and the event
# queue (BenchmarkHold) against its binary-heap baseline.
#
#   scripts/readme-perf.sh            # measure, print the block, rewrite its block in README.md or docs/*.md
#   scripts/readme-perf.sh --print    # measure and print only
#   COUNT=10 scripts/readme-perf.sh   # more runs per benchmark (default 6, the fewest
#                                     # for which benchstat gives a 95% interval)
set -euo pipefail
cd "$(dirname "$0")/.."
# the file that holds the block, found before anything is timed (fails if none or two)
blockfile=$(python3 scripts/readme-block.py --where perf)
echo "will write the perf block of $blockfile" >&2
start=$SECONDS
count=${COUNT:-6}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bin="$tmp/capsim"
go build -o "$bin" ./cmd/capsim
go test -c -o "$tmp/bench.test" ./bench

# benchstat: the module's tool (go.mod pins its version). It runs in $tmp,
# so its columns are named after the files there (scenarios, hold), not
# their paths.
bs=$(go tool -n benchstat)
benchstat() { (cd "$tmp" && "$bs" "$@"); }

# pick UNIT...: of benchstat's output on stdin, the tables of these units,
# in this order. benchstat prints one table per unit, separated by blank
# lines, the unit first on the table's second line.
pick() {
	awk -v units="$*" '
		function flush() {
			if (lines >= 2) { tab[unit] = block }
			block = ""; lines = 0
		}
		/^(goos|goarch|pkg|cpu):/ { next }
		/^$/ { flush(); next }
		{ block = block (lines++ ? "\n" : "") $0
		  if (lines == 2) { split($0, f, "│"); unit = f[2]; gsub(/^ +| +$/, "", unit); sub(/ .*/, "", unit) } }
		END {
			flush()
			n = split(units, u, " ")
			for (i = 1; i <= n; i++) if (u[i] in tab) printf "%s%s\n", (printed++ ? "\n" : ""), tab[u[i]]
		}'
}

run_bench() { # PATTERN OUT [BENCHTIME]: run bench/ benchmarks COUNT times
	(cd bench && "$tmp/bench.test" -test.run '^$' -test.bench "$1" -test.benchmem \
		-test.count "$count" -test.benchtime "${3:-1s}" >>"$2")
}

# Each scenario benchmark in a process of its own: run after the large
# scenario in one process, the default scenario's figures varied by ±14%
# (the large one's 30 MB heap and caches left behind), by ±2% alone.
for b in DefaultScenario LargeScenario FleetsScenario MMcD; do
	run_bench "^Benchmark$b\$" "$tmp/scenarios"
done
run_bench 'Hold' "$tmp/hold"

# median NAME FILE UNIT: the median of the values in UNIT that the
# benchmark lines of FILE whose name matches NAME report.
median() {
	awk -v name="$1" -v unit="$3" '$1 ~ name { for (i = 3; i < NF; i++) if ($(i + 1) == unit) print $i }' "$2" |
		sort -g | awk '{ v[NR] = $1 } END { if (NR) print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}
# Where the default scenario's time per session goes: its events per
# session, times the engine's own cost per event (the hold model at 100
# pending, about the default scenario's queue).
floor_line() {
	sess=$(median '^BenchmarkDefaultScenario' "$tmp/scenarios" ns/session)
	ev=$(median '^BenchmarkDefaultScenario' "$tmp/scenarios" ns/event)
	# the name ends -GOMAXPROCS, which Go leaves out when it is 1
	hold=$(median '^BenchmarkHold/queue=engine/pending=100(-[0-9]+)?$' "$tmp/hold" ns/event)
	if [ -z "$sess" ] || [ -z "$ev" ] || [ -z "$hold" ]; then
		echo "readme-perf.sh: a benchmark the floor paragraph needs reported nothing" >&2
		exit 1
	fi
	awk -v s="$sess" -v e="$ev" -v h="$hold" 'BEGIN {
		n = s / e
		printf "The default scenario handles %.2f events per session (median ns/session ÷ ns/event). The engine\n", n
		printf "alone (the hold model at 100 pending: a pop, an exponential draw, a push) takes %.1f ns per\n", h
		printf "event, so %.0f ns of the %.0f ns per session (%.0f%%) are the event queue and dispatch; the rest\n", h * n, s, 100 * h * n / s
		printf "is the model and its random draws.\n"
	}'
}

model=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')
{
	echo "machine: $(nproc) cores, ${model:-unknown CPU}, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(go version | awk '{print $3}'); measured $(date -u +%Y-%m-%d) by scripts/readme-perf.sh"
	echo
	echo "benchstat's tables (median ± 95% CI over $count runs) of what the benchmarks report: ns/session,"
	echo "ns/event, ns/request, ns/arrival appear as sec/session, sec/event, ... with SI prefixes (n, µ)."
	echo
	echo '```'
	echo "\$ for b in DefaultScenario LargeScenario FleetsScenario MMcD; do go test -bench \"^Benchmark\$b\\\$\" -benchmem -count $count ./bench/; done | benchstat"
	benchstat scenarios | pick sec/session sec/event sec/request sec/arrival B/op
	echo
	echo "\$ go test -bench Hold -count $count ./bench/ | benchstat -col /queue   (engine vs its binary-heap baseline)"
	benchstat -col /queue hold | pick sec/event
	echo '```'
	echo
	floor_line
	echo
	echo '```'
	echo '$ capsim run --replications 1 bench/testdata/large-title-day.toml   (GNU time: elapsed, max RSS)'
	/usr/bin/time -f '%e s elapsed, max RSS %M KB' "$bin" run --quiet --replications 1 bench/testdata/large-title-day.toml 2>&1 >/dev/null
	echo
	echo '$ capsim run --replications 1 --horizon 101000h   (GNU time: elapsed, max RSS)'
	/usr/bin/time -f '%e s elapsed, max RSS %M KB' "$bin" run --quiet --replications 1 --horizon 101000h 2>&1 >/dev/null
	for w in 1 2; do
		echo
		echo "\$ capsim run --replications 20 --horizon 1000h --workers $w"
		/usr/bin/time -f '%e s elapsed' "$bin" run --quiet --replications 20 --horizon 1000h --workers "$w" 2>&1 >/dev/null
	done
	echo '```'
	echo
	echo "(scripts/readme-perf.sh took $((SECONDS - start)) s, COUNT=$count)"
} >"$tmp/block"

cat "$tmp/block"
[ "${1:-}" = "--print" ] && exit 0
python3 scripts/readme-block.py perf "$tmp/block"
