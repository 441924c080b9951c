package csvtable

import (
	"encoding/csv"
	"fmt"
	"strings"
)

// MustParse parses the embedded table name of package pkg: its header and
// every row must have fields fields, and parse turns a row into a value. It
// panics with "pkg: embedded name ..." on a malformed table or row.
func MustParse[T any](pkg, name, text string, fields int, parse func(row []string) (T, error)) []T {
	r := csv.NewReader(strings.NewReader(text))
	r.Comment = '#'
	r.FieldsPerRecord = fields
	rows, err := r.ReadAll()
	if err == nil && len(rows) < 2 {
		err = fmt.Errorf("no rows")
	}
	if err != nil {
		panic(pkg + ": embedded " + name + ": " + err.Error())
	}
	out := make([]T, 0, len(rows)-1)
	for i, row := range rows[1:] {
		v, err := parse(row)
		if err != nil {
			panic(fmt.Sprintf("%s: embedded %s row %d (%s): %v", pkg, name, i+2, row[0], err))
		}
		out = append(out, v)
	}
	return out
}
