package streams

import (
	"strings"
	"testing"
)

// TestMustParseNamesTheBadRow feeds the shipped tables' parser malformed
// tables: each must panic with a message naming the table and, for a bad
// row, its line and first field.
func TestMustParseNamesTheBadRow(t *testing.T) {
	const header = "class,location,usd,unit,source,date,confidence\n"
	panicsWith(t, header+"gen4n_high,us-east-1,x,h,S,2025,M\n", "prices.csv row 2 (gen4n_high): bad price")
	panicsWith(t, header+"# a comment\ngen4n_high,us-east-1,1,h,S,2025,M\nnope,us-east-1,1,h,S,2025,M\n",
		"prices.csv row 3 (nope): unknown stream class")
	panicsWith(t, header+"gen4n_high,us-east-1,1\n", "prices.csv: record on line 2: wrong number of fields")
	panicsWith(t, header, "prices.csv: no rows")
	panicsWith(t, header+"gen4n_high,us-east-1,1,h,S,2025,\n", "prices.csv row 2 (gen4n_high): no confidence")
	if got := mustParse("prices.csv", pricesCSV, 7, parsePrice); len(got) != len(prices) || len(got) == 0 {
		t.Errorf("the shipped prices parse to %d rows, want %d", len(got), len(prices))
	}
}

// panicsWith fails t unless parsing text as prices.csv panics with a
// message containing want.
func panicsWith(t *testing.T, text, want string) {
	t.Helper()
	defer func() {
		if msg, _ := recover().(string); !strings.Contains(msg, want) {
			t.Errorf("panic %q, want it to contain %q", msg, want)
		}
	}()
	mustParse("prices.csv", text, 7, parsePrice)
}
