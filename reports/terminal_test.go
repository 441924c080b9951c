package reports

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestTerminalSafe(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"eu-central-1", "eu-central-1"},
		{"café ☕", "café ☕"},
		{"\x1b[31mred\x1b[0m", `\x1b[31mred\x1b[0m`},
		{"bell\a tab\t cr\r", `bell\a tab\t cr\r`},
		{"c1 \u009b2J", `c1 \u009b2J`},
		{"bad \xff utf8", `bad \xff utf8`},
		{"two\nlines", "two\nlines"},
		{"evil\u202egnp.exe", `evil\u202egnp.exe`}, // right-to-left override
		{"iso\u2066late\u2069", `iso\u2066late\u2069`},
	} {
		if got := TerminalSafe(tc.in); got != tc.want {
			t.Errorf("TerminalSafe(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestTableEscapesNamesJSONKeepsThem: a location name with an escape
// sequence is printed escaped in the table and kept as is in summary.json.
func TestTableEscapesNamesJSONKeepsThem(t *testing.T) {
	rs := synthetic()
	evil := "eu\x1b]0;pwned\a\x1b[2J"
	for _, r := range rs {
		r.Locations[0].Location = evil
	}
	s := summarize(t, rs)
	s.Scenario = "scen\x1b[31m"
	var table bytes.Buffer
	if err := WriteTable(&table, s); err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(table.String(), "\x1b\a") {
		t.Errorf("table holds raw control characters:\n%q", table.String())
	}
	for _, want := range []string{`eu\x1b]0;pwned\a\x1b[2J`, `scen\x1b[31m`} {
		if !strings.Contains(table.String(), want) {
			t.Errorf("table lacks the escaped name %s:\n%s", want, table.String())
		}
	}
	var js bytes.Buffer
	if err := s.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	var back struct {
		Locations []struct {
			Location string `json:"location"`
		} `json:"locations"`
	}
	if err := json.Unmarshal(js.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if len(back.Locations) == 0 || back.Locations[0].Location != evil {
		t.Errorf("summary.json changed the name: %+v", back.Locations)
	}
}
