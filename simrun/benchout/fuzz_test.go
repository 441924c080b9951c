package benchout_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/perf/benchfmt"

	"github.com/capsim/capsim/simrun/benchout"
)

// FuzzNames: whatever a scenario, group or location is called, its
// benchmark line reads back as one result with the same name and three
// parts, and its configuration line as one configuration value.
func FuzzNames(f *testing.F) {
	for _, s := range []string{"", "starlight-rally-day", "a b/c=d", "x\nBenchmarkY 1 2 ns/op", "\xff\xfe", "us-east-1", "Unit x better=higher",
		"\u2028\u00a0\u200b\u202e", "key: value", "-9"} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, scenario, location string) {
		name := "Capsim/scenario=" + benchout.NameValue(scenario) + "/location=" + benchout.NameValue(location) + "/model=streams"
		cfg := benchout.ConfigValue(scenario)
		if !utf8.ValidString(name) || !utf8.ValidString(cfg) {
			t.Fatalf("not UTF-8: %q %q", name, cfg)
		}
		text := "scenario: " + cfg + "\n\nBenchmark" + name + " 1 2.5 cost_usd\n"
		r := benchfmt.NewReader(strings.NewReader(text), "fuzz")
		var got []*benchfmt.Result
		for r.Scan() {
			switch rec := r.Result().(type) {
			case *benchfmt.Result:
				got = append(got, rec.Clone())
			case *benchfmt.SyntaxError:
				t.Fatalf("%q: %v", text, rec)
			}
		}
		if len(got) != 1 || got[0].Name.String() != name {
			t.Fatalf("%q: read %d results", text, len(got))
		}
		if _, parts := got[0].Name.Parts(); len(parts) != 3 || string(parts[2]) != "/model=streams" {
			t.Errorf("%q: parts %q", name, parts)
		}
		if v := got[0].GetConfig("scenario"); v != cfg {
			t.Errorf("config %q read as %q", cfg, v)
		}
	})
}
