package compare

import (
	"errors"
	"fmt"
	"strings"

	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/scenarios"
)

// ErrClasses is wrapped by the error of [Classes] for classes that cannot
// be compared: an unknown one, none named, or a scenario on both OSes.
var ErrClasses = errors.New("bad classes")

// classesError is an error of Classes, its text as shown.
type classesError string

func (e classesError) Error() string        { return string(e) }
func (e classesError) Is(target error) bool { return target == ErrClasses }

// Classes returns the classes to compare, in order, and whether the user
// named them: list (comma-separated, as --classes takes it), or, if it is
// empty, every class of the scenario's OS.
func Classes(sc *scenarios.Scenario, list string) ([]string, bool, error) {
	if list != "" {
		var out []string
		seen := map[string]bool{}
		for _, name := range strings.Split(list, ",") {
			name = strings.TrimSpace(name)
			if name == "" || seen[name] {
				continue
			}
			if _, err := streams.LookupClass(name); err != nil {
				return nil, true, classesError(fmt.Sprintf("--classes: %v (see 'capsim classes')", err))
			}
			seen[name] = true
			out = append(out, name)
		}
		if len(out) == 0 {
			return nil, true, classesError("--classes: no class named")
		}
		return out, true, nil
	}
	var names []string
	for _, g := range sc.StreamGroups {
		names = append(names, g.Class)
	}
	cs, err := streams.ClassesOnOSOf(names)
	if errors.Is(err, streams.ErrMixedOS) {
		return nil, false, classesError("the scenario's stream groups run on both Linux and Windows classes; name the classes with --classes")
	}
	if err != nil {
		return nil, false, err
	}
	var out []string
	for _, c := range cs {
		out = append(out, c.Name)
	}
	return out, false, nil
}
