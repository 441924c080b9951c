package records

import (
	"encoding/json"
	"slices"
	"strings"
)

// maxNames bounds the distinct names a Names counts; names beyond it count
// together as Other.
const maxNames = 64

// maxNameBytes clips a name counted (a hostile input's names can be long).
const maxNameBytes = 80

// Names counts occurrences by name: status reasons, time zones, unknown
// keys. It holds at most maxNames names; the rest count as Other.
type Names struct {
	counts map[string]int
	Other  int // occurrences of names beyond the first maxNames
}

// Add counts one occurrence of name.
func (n *Names) Add(name string) {
	if len(name) > maxNameBytes {
		name = strings.ToValidUTF8(name[:maxNameBytes], "") + "…"
	}
	if n.counts == nil {
		n.counts = map[string]int{}
	}
	if _, ok := n.counts[name]; !ok && len(n.counts) >= maxNames {
		n.Other++
		return
	}
	n.counts[name]++
}

// NameCount is one name and how often it occurred.
type NameCount struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// Sorted returns the names counted, most frequent first (ties by name).
func (n *Names) Sorted() []NameCount {
	out := make([]NameCount, 0, len(n.counts))
	for k, v := range n.counts {
		out = append(out, NameCount{k, v})
	}
	slices.SortFunc(out, func(a, b NameCount) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Name, b.Name)
	})
	return out
}

// Total is the number of occurrences counted.
func (n *Names) Total() int {
	t := n.Other
	for _, v := range n.counts {
		t += v
	}
	return t
}

// Count returns how often name occurred.
func (n *Names) Count(name string) int { return n.counts[name] }

// MarshalJSON writes the names counted, most frequent first, and Other.
func (n Names) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Counts []NameCount `json:"counts"`
		Other  int         `json:"other"`
	}{n.Sorted(), n.Other})
}
