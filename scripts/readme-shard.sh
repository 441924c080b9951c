#!/usr/bin/env bash
# readme-shard.sh: measure what sharding costs (a replication's time, the
# blocks' size, capsim merge's time for 500 and 1,000 points) and rewrite
# the "shard-sizing" block (docs/ci-and-sharding.md): the measurements and, computed from
# them, the paper estimate of a 10,000-point sweep on 100 nodes. Timing
# cannot be asserted in CI (TestReadme only checks the block exists); run
# this by hand. It takes a minute or two.
#
#   scripts/readme-shard.sh            # measure, print the block, rewrite its block in README.md or docs/*.md
#   scripts/readme-shard.sh --print    # measure and print only
set -euo pipefail
cd "$(dirname "$0")/.."
# the file that holds the block, found before anything is timed (fails if none or two)
blockfile=$(python3 scripts/readme-block.py --where shard-sizing)
echo "will write the shard-sizing block of $blockfile" >&2

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/capsim" ./cmd/capsim
model=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')
machine="$(nproc) cores, ${model:-unknown CPU}, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(go version | awk '{print $3}')"

python3 - "$tmp" "$machine" "$(nproc)" >"$tmp/block" <<'PY'
import glob, json, math, os, subprocess, sys, time
tmp, machine, cores = sys.argv[1], sys.argv[2], int(sys.argv[3])
capsim = os.path.join(tmp, "capsim")

def timed(*args):
    """Runs capsim; returns (wall seconds, max RSS in MiB) from GNU time."""
    t0 = time.monotonic()
    quiet = [] if args[0] == "merge" else ["--quiet"]
    r = subprocess.run(["/usr/bin/time", "-f", "%M", capsim, *args, *quiet], stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True, check=True)
    return time.monotonic() - t0, int(r.stderr.strip().splitlines()[-1]) / 1024

def job(points, reps, shards):
    """Runs a sweep of points (a multiple of 50) as shards; returns its dir, the shards' reports and the merge's time and RSS."""
    d = os.path.join(tmp, f"sweep-{points}")
    design = ["--vary", f"stream_group[0].location[0].target_idle=0..{2 * (points // 50 - 1)}:2",
              "--vary", "stream_group[0].location[0].always_on=0..98:2"]
    for i in range(shards):
        timed("sweep", "--replications", str(reps), "--horizon", "2h", *design, "--shard", f"{i}/{shards}", "--out", d)
    wall, rss = min(timed("merge", d) for _ in range(3))  # the least disturbed of 3 (merging again is harmless)
    reports = [json.load(open(f)) for f in sorted(glob.glob(os.path.join(d, "shards", "*.json")))]
    return d, reports, wall, rss

R = 16
t_run = min(timed("sweep", "--replications", str(R), "--horizon", "720h", "--workers", "1",
                  "--vary", "stream_group[0].location[0].target_idle=2", "--out", os.path.join(tmp, f"one-{i}"))[0]
            for i in range(2))  # the less disturbed of 2
t_rep = t_run / R
reps = 50
_, _, m500, _ = job(500, reps, 2)
d, shards, m1000, rss = job(1000, reps, 2)
blocks = glob.glob(os.path.join(d, "points", "*.json"))
block = sum(os.path.getsize(b) for b in blocks) / len(blocks)
jobfile = os.path.getsize(os.path.join(d, "capsim-shard.json"))
expo = max(1.0, math.log(m1000 / m500, 2))
start, _ = timed("sweep", "--replications", str(reps), "--horizon", "2h",
                 "--vary", "stream_group[0].location[0].target_idle=0..38:2", "--vary", "stream_group[0].location[0].always_on=0..98:2",
                 "--shard", "0/1000", "--out", os.path.join(tmp, "start"))

P, N = 10_000, 100
core_s = P * reps * t_rep
sim_wall = core_s / (N * cores)
total_bytes = P * block
merge_wall = m1000 * (P / 1000) ** expo
merge_rss = rss * P / 1000
start_wall = start * P / 1000
wall = start_wall + sim_wall + merge_wall
MB = 1e6
def mins(s): return f"{s:,.0f} s ({s / 60:.1f} min)"

print(f"machine: {machine}; measured {time.strftime('%Y-%m-%d', time.gmtime())} by scripts/readme-shard.sh "
      "(a machine shared with other work: timings are noisy)")
print()
print("```")
print("measured")
print(f"  a sweep replication of the default scenario over 720h (a month), --workers 1: {t_rep:.3f} s ({R} replications: {t_run:.2f} s, the faster of 2)")
for s in shards:
    print(f"  shard {s['shard']['index']}/{s['shard']['count']} of a 1,000-point sweep, {reps} replications a point: "
          f"{s['units']} blocks, {s['bytes'] / MB:.1f} MB written")
print(f"  a block (one point, {reps} replications, every metric of every scope): {block / 1e3:.1f} KB; "
      f"the job file capsim-shard.json of 1,000 points: {jobfile / 1e3:.0f} KB")
print(f"  capsim merge of 1,000 points: {m1000:.2f} s, max RSS {rss:.0f} MiB  (500 points: {m500:.2f} s; "
      f"growth exponent {expo:.2f}, at least 1; each the fastest of 3)")
print(f"  a shard's whole life at 1,000 points with next to no work (--shard 0/1000: every point prepared, the job "
      f"file claimed, 4 small blocks): {start:.2f} s")
print()
print(f"estimate: {P:,} points x {reps} replications of the default scenario over a month, {N} nodes like this one ({cores} cores each)")
print(f"  a shard's start-up, preparing all {P:,} points (linear from 1,000): {start_wall:.1f} s")
print(f"  simulation: {P * reps:,} replications x {t_rep:.3f} s = {core_s:,.0f} core-s; {P // N} points a shard on {N * cores} cores: {mins(sim_wall)}")
print(f"  shared filesystem: {P:,} block files ({total_bytes / MB:,.0f} MB, {P // N * block / MB:.1f} MB a shard), each a temporary file,")
print(f"    fsync and rename: {P / sim_wall:.0f} files/s and {total_bytes / MB / sim_wall:.1f} MB/s spread over the run")
print(f"  merge, one process reading every block: {mins(merge_wall)}, max RSS about {merge_rss:,.0f} MiB")
print(f"  wall time about {mins(wall)}; the bottleneck is "
      + ("the simulation: the shards' CPU" if sim_wall >= merge_wall else "the merge: one process reading every block"))
print("```")
PY

cat "$tmp/block"
[ "${1:-}" = "--print" ] && exit 0
python3 scripts/readme-block.py shard-sizing "$tmp/block"
