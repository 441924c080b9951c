package scenarios_test

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/sim"
)

// When the event budget runs out, the error names simulation.max_events,
// its value and its line, and stays a run failure (not ErrInvalid).
func TestExplainRunErrorNamesMaxEvents(t *testing.T) {
	text := strings.Replace(minimalTOML, "replications = 2\n", "replications = 2\nmax_events = 20\n", 1)
	sc, err := scenarios.Parse("bad.toml", []byte(text), fstest.MapFS{})
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := sc.Build()
	if err != nil {
		t.Fatal(err)
	}
	_, runErr := streams.Run(cfg, 0, streams.Options{})
	if !errors.Is(runErr, sim.ErrEventBudget) {
		t.Fatalf("want the event budget to run out, got %v", runErr)
	}
	err = sc.ExplainRunError(runErr, 0, 0)
	msg := err.Error()
	if !strings.Contains(msg, "simulation.max_events = 20 (bad.toml:7)") || !strings.Contains(msg, "raise it (--set simulation.max_events=N)") {
		t.Errorf("message does not name the field, value and line: %s", msg)
	}
	if !errors.Is(err, sim.ErrEventBudget) || errors.Is(err, scenarios.ErrInvalid) {
		t.Errorf("wrapped error must match sim.ErrEventBudget and not ErrInvalid: %v", err)
	}

	// automatic budget, and an override from --set
	auto := parseMinimal(t)
	if msg := auto.ExplainRunError(runErr, 7000, 0).Error(); !strings.Contains(msg, "simulation.max_events = 0 (automatic, about 100 events per expected request: 7000 for the stream groups)") {
		t.Errorf("automatic budget: %s", msg)
	}
	set(t, auto, [2]string{"simulation.max_events", "50"})
	if msg := auto.ExplainRunError(runErr, 7000, 0).Error(); !strings.Contains(msg, "simulation.max_events = 50 ran out") {
		t.Errorf("--set budget: %s", msg)
	}
	other := errors.New("disk full")
	if got := auto.ExplainRunError(other, 0, 0); got != other {
		t.Errorf("other errors must pass unchanged, got %v", got)
	}
}
