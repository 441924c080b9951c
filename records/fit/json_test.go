package fit

import (
	"encoding/json"
	"strings"
	"testing"
)

// fit.json encodes whatever the records held: a one-day record (hours
// untested for spikes, p-values undefined) and no internal errors (a
// share of none) included; undefined values are null.
func TestStreamsJSON(t *testing.T) {
	p := recoveryParams(1)
	p.Hours = 24
	f, _, err := generateAndFit(p)
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"p_value":null`, `"arrivals":[`, `"session_length":{`, `"tally":{`, `"defaults":[`, `"zones":{"counts":[{"name":"+00:00"`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("fit.json lacks %s", want)
		}
	}
	var back map[string]any
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
}
