package scenarios

import (
	"fmt"
	"strings"

	"github.com/capsim/capsim/models/geo"
	"github.com/capsim/capsim/models/streams"
)

// Locations as the service has them (models/geo, A19, A20): a stream group
// location must be one of the GameLift Streams locations, offer the group's
// class family, and be the group's primary (its first location: an API
// endpoint) or a remote location that primary allows.

// knownLocation reports a name that is not a GameLift Streams location at
// path, with the closest supported name; what names the field's role.
func (b *builder) knownLocation(path, name string) bool {
	if name == "" {
		return false
	}
	if _, ok := geo.LookupLocation(name); ok {
		return true
	}
	msg := fmt.Sprintf("%q is not a GameLift Streams location", name)
	if s := closest(name, geo.LocationNames()); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	} else {
		msg += fmt.Sprintf(" (supported: %s)", strings.Join(geo.LocationNames(), ", "))
	}
	b.p.add(path, "%s", msg)
	return false
}

// streamLocation checks a stream group location's name (at path.name):
// supported, offering class's family, and the primary location of its
// group (primary "") or a remote location the group's primary allows.
func (b *builder) streamLocation(path, name string, class streams.Class, primary string) {
	if !b.knownLocation(path+".name", name) {
		return
	}
	loc, _ := geo.LookupLocation(name)
	if gen := class.Generation(); class.Name != "" && !loc.Offers(gen) {
		var offering []string
		for _, l := range geo.Locations() {
			if l.Offers(gen) {
				offering = append(offering, l.Name)
			}
		}
		b.p.add(path+".name", "%s does not offer %s* stream classes such as %s (A19); locations that do: %s",
			name, geo.Family(gen), class.Name, strings.Join(offering, ", "))
	}
	switch p, _ := geo.LookupLocation(primary); {
	case primary == "" && !loc.Primary:
		b.p.add(path+".name", "%s cannot be a stream group's primary location (its first): groups are created in a primary location, one of %s (A20); list %s after one of them",
			name, strings.Join(primaries(), ", "), name)
	case primary != "" && primary != name && p.Primary:
		if ok, _ := geo.AllowsRemote(primary, name); !ok {
			b.p.add(path+".name", "a stream group created in %s cannot add %s as a remote location (A20); %s allows: %s",
				primary, name, primary, strings.Join(geo.Remotes(primary), ", "))
		}
	}
}

func primaries() []string {
	var out []string
	for _, l := range geo.Locations() {
		if l.Primary {
			out = append(out, l.Name)
		}
	}
	return out
}
