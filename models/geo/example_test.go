package geo_test

import (
	"fmt"
	"time"

	"github.com/capsim/capsim/models/geo"
)

// A player region's round trip to a location: the measured round trip from
// the Region nearest its players plus the last mile.
func ExamplePlayerRegion_Latency() {
	eu, _ := geo.LookupPlayerRegion("europe-central")
	for _, loc := range []string{"eu-central-1", "eu-west-1", "us-east-1"} {
		d, _ := eu.Latency(loc, 15*time.Millisecond)
		fmt.Println(loc, d)
	}
	// Output:
	// eu-central-1 17ms
	// eu-west-1 41ms
	// us-east-1 106ms
}

// Which remote locations a stream group may add depends on its primary
// location, and not every location offers every class family.
func ExampleAllowsRemote() {
	ok, src := geo.AllowsRemote("eu-central-1", "eu-west-1")
	fmt.Println(ok, src)
	ireland, _ := geo.LookupLocation("eu-west-1")
	fmt.Println(ireland.Primary, ireland.Offers("gen6n"), ireland.Offers("gen5n"))
	// Output:
	// true A20
	// false false true
}
