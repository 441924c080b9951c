package optimize

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/capsim/capsim/experiment/design"
	"github.com/capsim/capsim/scenarios"
)

// BestTOML is the scenario's file text (as loaded: the file's, or the
// embedded default's) with its overrides, the plan's values and
// simulation.replications = reps (the verification's; 0 leaves it) written
// in, checked to resolve to the same scenario: best.toml.
func BestTOML(sc *scenarios.Scenario, plan design.Point, reps int) ([]byte, error) {
	if reps > 0 {
		plan = append(slices.Clip(plan), design.Assignment{Path: "simulation.replications", Value: strconv.Itoa(reps)})
	}
	var paths, values []string
	for _, s := range sc.Overrides() {
		if p, v, ok := strings.Cut(s, "="); ok {
			paths, values = append(paths, p), append(values, v)
		}
	}
	for _, a := range plan {
		paths, values = append(paths, a.Path), append(values, a.Value)
	}
	text, err := scenarios.EditText(sc.Text(), paths, values)
	if err != nil {
		return nil, err
	}
	want := sc.Clone()
	for _, a := range plan {
		if err := want.Set(a.Path, a.Value); err != nil {
			return nil, err
		}
	}
	got, err := scenarios.Parse("best.toml", text, nil)
	if err != nil || got.SHA256() != want.SHA256() {
		return nil, fmt.Errorf("optimize: best.toml does not resolve to the chosen plan (%v)", err)
	}
	return text, nil
}
