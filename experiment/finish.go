package experiment

import "fmt"

// finish makes unit k's block, saves it and calls AfterPoint.
func (r *runner) finish(k int) error {
	u := r.todo[k]
	p := &r.points[u.Point]
	sim := p.Scenario.Simulation
	b := &Block{Format: blockFormat, CapsimVersion: r.opt.Version, Scenario: p.Scenario.Name,
		ScenarioSHA256: r.opt.ScenarioSHA256, PointSHA256: p.Hash, Seed: sim.Seed,
		Replications: sim.Replications, From: u.From, To: u.To, Shard: r.opt.Shard,
		HorizonSeconds: sim.Horizon.Seconds(), WarmupSeconds: sim.Warmup.Seconds(),
		Point: p.Point, Scopes: r.scopes[k]}
	if err := fill(b.Scopes, r.values[k]); err != nil {
		return fmt.Errorf("experiment: point %s: %w", p.Point, err)
	}
	r.values[k] = nil // the block holds them now
	if err := r.st.Save(b); err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.blocks[k] = b
	r.saved++
	if r.opt.AfterPoint != nil && r.stopErr == nil {
		if err := r.opt.AfterPoint(r.saved); err != nil {
			r.stopErr = err
			r.stopped.Store(true)
			return err
		}
	}
	return nil
}
