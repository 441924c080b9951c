package streams

import "errors"

// ErrMixedOS is ClassesOnOSOf's error for classes of both Linux and Windows.
var ErrMixedOS = errors.New("classes run on both Linux and Windows")

// ClassesOnOSOf returns every class, in the order of Classes, that runs on
// the OS of the named classes: the candidates to compare a scenario's stream
// groups on. It returns ErrMixedOS if the names mix Linux and Windows
// classes, LookupClass's error for an unknown name, and no class for no
// names.
func ClassesOnOSOf(names []string) ([]Class, error) {
	var os OS
	for i, name := range names {
		c, err := LookupClass(name)
		if err != nil {
			return nil, err
		}
		if i > 0 && c.OS != os {
			return nil, ErrMixedOS
		}
		os = c.OS
	}
	var out []Class
	for _, c := range classes {
		if c.OS == os {
			out = append(out, c)
		}
	}
	return out, nil
}
