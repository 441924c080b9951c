package scenarios_test

import (
	"errors"
	"fmt"

	"github.com/capsim/capsim/scenarios"
)

// Load the embedded default scenario, validate it and print a few facts.
func ExampleDefault() {
	sc, err := scenarios.Default()
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := sc.Validate(); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("name:", sc.Name)
	fmt.Println("seed:", sc.Simulation.Seed)
	for _, g := range sc.StreamGroups {
		fmt.Printf("stream group %s on %s, %d locations\n", g.Name, g.Class, len(g.Locations))
	}
	// Output:
	// name: starlight-rally-day
	// seed: 42
	// stream group starlight on gen4n_high, 2 locations
}

// Load a small scenario file (files it names are read beside it) and build
// the stream model's configuration from it; Build validates the scenario
// first and reports every problem at once.
func ExampleLoad() {
	sc, err := scenarios.Load("testdata/tiny.toml")
	if err != nil {
		fmt.Println(err)
		return
	}
	cfg, err := sc.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(sc.Name, "seed", sc.Simulation.Seed, "horizon", sc.Simulation.Horizon)
	fmt.Println("locations:", len(cfg.Groups[0].Locations))
	fmt.Println("expected requests per replication:", cfg.ExpectedRequests())
	// Output:
	// tiny seed 7 horizon 2h0m0s
	// locations: 1
	// expected requests per replication: 60
}

// A misspelt key is reported with its file, line and dotted path, and the
// error matches scenarios.ErrInvalid.
func ExampleParse_malformed() {
	const text = `name = "broken"

[simulation]
horizon = "2h"
sead = 42
`
	_, err := scenarios.Parse("broken.toml", []byte(text), nil)
	fmt.Println(err)
	fmt.Println(errors.Is(err, scenarios.ErrInvalid))

	var ve *scenarios.ValidationError
	if errors.As(err, &ve) {
		fe := ve.Errs[0]
		fmt.Println("line", fe.Line, "path", fe.Path)
	}
	// Output:
	// broken.toml:5: simulation.sead: unknown key (did you mean "seed"?)
	// true
	// line 5 path simulation.sead
}
