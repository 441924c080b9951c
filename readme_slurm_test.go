package capsim_test

// The slurm-speedup block of README.md (section "Sharding", "The engines: deploy/") is
// measured by scripts/slurm-speedup.sh on a one-node Slurm cluster; the
// tests only check it is there and names its source.
func init() {
	scriptBlocks["slurm-speedup"] = []string{"scripts/slurm-speedup.sh", "machine:", "load average", "speed-up of the array"}
}
