package scenarios

import (
	"math"
	"time"

	"github.com/capsim/capsim/sim"
	"gonum.org/v1/gonum/stat/distuv"
)

// activationQuantile is the probability with which validation treats a
// location added by AddStreamGroupLocations as ACTIVE again: the window in
// which timeline actions that need an ACTIVE location or stream group are
// rejected ends at the activation delay's upper bound if it has one (fixed,
// empirical), else at this quantile (exponential, lognormal, gamma).
const activationQuantile = 0.999

// activationBound returns how long, at most, validation assumes an
// activation takes (see activationQuantile) and how it got the figure; zero
// if d is nil (already reported as invalid).
func activationBound(d sim.Dist) (time.Duration, string) {
	secs := func(x float64) time.Duration { return time.Duration(math.Round(x * 1e9)) }
	z := distuv.UnitNormal.Quantile(activationQuantile)
	switch x := d.(type) {
	case sim.Fixed:
		return x.D, "its value"
	case *sim.Empirical:
		return x.Max(), "its largest value"
	case sim.Exponential:
		return secs(-math.Log(1-activationQuantile) * x.M.Seconds()), "its 99.9th percentile"
	case sim.LogNormal:
		return secs(x.Median.Seconds() * math.Exp(z*x.Sigma)), "its 99.9th percentile"
	case sim.Gamma:
		g := distuv.Gamma{Alpha: x.K, Beta: x.K / x.M.Seconds()}
		return secs(g.Quantile(activationQuantile)), "its 99.9th percentile"
	case sim.Weibull:
		return secs(x.Scale() * math.Pow(-math.Log(1-activationQuantile), 1/x.K)), "its 99.9th percentile"
	}
	return 0, ""
}
