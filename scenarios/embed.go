package scenarios

import (
	"embed"
	"io/fs"
	"sort"
	"strings"
)

//go:embed default.toml
var defaultTOML []byte

//go:embed examples
var examplesFS embed.FS

// Default returns the embedded default scenario.
func Default() (*Scenario, error) {
	sub, _ := fs.Sub(examplesFS, "examples")
	return Parse("default.toml (embedded)", defaultTOML, sub)
}

// DefaultTOML returns the default scenario's text.
func DefaultTOML() []byte { return append([]byte(nil), defaultTOML...) }

// Examples lists the embedded example scenarios by name (file name without .toml).
func Examples() []string {
	entries, _ := fs.ReadDir(examplesFS, "examples")
	var out []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".toml") {
			out = append(out, strings.TrimSuffix(e.Name(), ".toml"))
		}
	}
	sort.Strings(out)
	return out
}

// Example parses the embedded example scenario name.
func Example(name string) (*Scenario, error) {
	data, err := examplesFS.ReadFile("examples/" + name + ".toml")
	if err != nil {
		return nil, &ValidationError{Errs: []*FieldError{{Msg: "no embedded example " + name + " (known: " + strings.Join(Examples(), ", ") + ")"}}}
	}
	sub, _ := fs.Sub(examplesFS, "examples")
	return Parse("examples/"+name+".toml", data, sub)
}

// ExamplesFS is the embedded examples directory ("examples/*.toml" and the
// files they name), for tests and fuzz seeds.
func ExamplesFS() fs.FS { return examplesFS }
