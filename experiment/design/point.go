package design

import (
	"errors"
	"strings"
)

// ErrDesign is wrapped by every error of a malformed design (a bad --vary
// or points file).
var ErrDesign = errors.New("bad design")

// Assignment sets one field, by its dotted path, to a TOML value.
type Assignment struct {
	Path  string `json:"path"`
	Value string `json:"value"`
}

// Point is one variant of the scenario: assignments in the design's path
// order.
type Point []Assignment

// Values returns the point's values in path order.
func (p Point) Values() []string {
	out := make([]string, len(p))
	for i, a := range p {
		out[i] = a.Value
	}
	return out
}

// String is "path=value, path=value".
func (p Point) String() string {
	parts := make([]string, len(p))
	for i, a := range p {
		parts[i] = a.Path + "=" + a.Value
	}
	return strings.Join(parts, ", ")
}
