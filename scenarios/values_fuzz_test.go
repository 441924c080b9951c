package scenarios

import (
	"strings"
	"testing"
	"time"
	"unicode"
)

// FuzzDuration: a duration string is refused exactly when Go's
// time.ParseDuration refuses it, and then with a short, printable message
// that says how to write it (its units, or without its spaces) or that it
// is too long; a number
// is refused with the fix ("90s"), in a file and after --set alike.
func FuzzDuration(f *testing.F) {
	for _, s := range []string{"90s", "90", "90.5", "-5m", "5d", "5 minutes", "20 m", "", "1h30m", "3000000h",
		"1e3s", "+.5h", "µs", "1µs", "0", "٣s", "\x00", "1h\n2m", strings.Repeat("9", 300) + "h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_, parseErr := time.ParseDuration(s)
		for _, from := range []origin{inFile, inSet} {
			msg := durationProblem(s, from)
			if (msg == "") != (parseErr == nil) {
				t.Fatalf("%q: problem %q, but time.ParseDuration says %v", s, msg, parseErr)
			}
			if msg == "" {
				continue
			}
			shown := (&FieldError{Path: "simulation.warmup", Msg: msg}).Error()
			fix := strings.Contains(msg, durationUnits) || strings.Contains(msg, "beyond the longest") || strings.Contains(msg, "without spaces")
			if len(shown) > 600 || !fix {
				t.Fatalf("%q: message of %d bytes without the units: %q", s, len(shown), shown)
			}
			for _, r := range shown {
				if !unicode.IsPrint(r) {
					t.Fatalf("%q: unprintable %U in %q", s, r, shown)
				}
			}
		}
		for _, v := range []any{int64(len(s)), float64(len(s)) / 2} {
			if msg := durationProblem(v, inSet); !strings.Contains(msg, "a duration needs a unit: write ") {
				t.Fatalf("%v: %q", v, msg)
			}
		}
	})
}
