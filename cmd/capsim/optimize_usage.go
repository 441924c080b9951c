package main

// optimizeUsage is capsim optimize -h's text before its flags.
const optimizeUsage = `Usage: capsim optimize [flags] [FILE] --require NAME<=X ... [--minimize NAME] [--vary PATH=LO..HI[:STEP] ...] --out DIR

Finds the plan with the lowest objective (default total.cost_usd;
fleet_total.cost_usd for a scenario of fleets only) among the plans
whose every requirement holds with 95% confidence, in every scope it
names (locations[*], fleets[*], hours[*], regions[*]: each location,
fleet location, hour of the day by arrival or player region; the worst
must meet the limit; regions[*].latency_above_threshold_ratio<=0.05
keeps each region's players near home) and at
every --demand-scale, then verifies it on fresh replications. The
decision variables are the --vary ranges of whole numbers or, by
default, every stream location's always_on, target_idle and maximum in
tenancy steps (always_on only where the location sets neither of the
others) and every fleet's scaling bounds (min_instances, max_instances
and target_percent or buffer_size; initial_instances and max_instances
without scaling), over ranges from the peak offered load; plans the
scenario rejects (maximum below always_on, say) are skipped as
infeasible. The scenario as given is a candidate: the answer is never a
plan that is not clearly cheaper than it.

The search runs every plan under the same seed (common random numbers):
3 replications, twice as many while a decision about it is unsure (40 at
most); independent plans run together on all workers, with the same
results whatever their number. It starts at the M/M/c+D staffing of each
location's peak load, lowers each variable to its smallest feasible value
(cost-bearing ones first, ceilings by a jump to just above their observed
peak; bisections stop where the cost stops changing beyond noise), then
moves by coordinates while that is clearly cheaper. Requirements that
more capacity can break (a cost cap, a minimum utilisation) are checked
on every plan, and an objective that falls with capacity (a failure
ratio under a cost cap) is searched from the other side; a metric whose
relation to capacity capsim does not know is refused. A scenario with
[[gpu_quota]] rows gets the requirement total.quota_stalled_allocations<=0
(no allocation waits for a quota: every row is a constraint) unless a
requirement names quota_stalled_allocations itself.

Verification: the plan chosen, and the runner-up, run again on fresh
replications (as many as the scenario's or as the search gave the plan,
whichever is more), from replication 1048576 on, which the search never
runs; every figure reported comes from those. If the plan misses there,
the search is held to tighter limits and verifies its new choice on yet
other fresh replications: at most 3 rounds, at one-sided error 0.04,
0.005 and 0.005 (Bonferroni: 5% in all). --recheck-pass P (default 0.9)
also asks that the plan pass a re-check — capsim run of best.toml under
another seed with the verification's replications, every requirement
asserted with --assert-on bound — with probability at least P (0: no
such margin); optimize prints the re-check command.

Writes DIR/best.toml (FILE with the chosen values and the verification's
replications, for capsim run; the data files FILE names are not copied,
so copy them into DIR to run it), DIR/optimize.json and
DIR/optimize.html. Exit status 3 when no plan in the ranges is feasible,
or none holds on fresh replications (the closest plan and the
requirement it misses are named).

--schedule hourly then sizes each location per hour of the day, for the
failure-ratio and p95 requirements, starting from the best static plan
in every hour: the iterative staffing of Feldman, Mandelbaum, Massey &
Whitt (2008) simulates the plan, estimates each hour's offered load at
each location and lowers the hour's always_on and target_idle to the
M/M/c+D staffing of that load (never above the static plan), until the
plan stops changing; then every hour is checked by simulation (requests
by arrival hour: the one-sided 95% upper bounds of the hour's failure
ratio and p95 placement latency over the replications) and raised where
it misses (its maximum where the wait was at the location's ceiling,
else a tenancy step of target_idle, or always_on where the plan is
always-on only), and lowered where the simulation shows slack. If a
static plan that meets every hour costs less, that plan is held instead.
best.toml then holds the schedule as UpdateStreamGroup timeline actions
(raises issued 5 minutes ahead of their hour) and static.toml the static
plan; the saving against the static plan, and against a static plan that
meets every hour, is printed and in optimize.json.

Flags:
`
