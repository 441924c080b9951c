package fit

import (
	"math"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// family is a parametric distribution of positive lengths (seconds), with
// its parameters on an unconstrained scale for the optimiser.
type family struct {
	name   string
	logPDF func(x float64, th []float64) float64
	logSF  func(x float64, th []float64) float64 // log survival, log P(X > x)
	cdf    func(x float64, th []float64) float64
	quant  func(p float64, th []float64) float64
	// start gives starting values from the mean and variance of the logs
	// of the uncensored lengths.
	start func(mLog, vLog float64) []float64
}

const logSqrt2Pi = 0.9189385332046727

// logNormSF is log P(Z > z) for a standard normal, accurate in the far
// tail where the survival underflows.
func logNormSF(z float64) float64 {
	if z < 30 {
		return math.Log(0.5 * math.Erfc(z/math.Sqrt2))
	}
	return -z*z/2 - math.Log(z) - logSqrt2Pi + math.Log1p(-1/(z*z))
}

// floorLog keeps a log probability finite: an underflow is as good as
// impossible, not an error.
func floorLog(v float64) float64 { return max(v, -745) }

var lognormal = family{
	name: "lognormal",
	logPDF: func(x float64, th []float64) float64 {
		s := math.Exp(th[1])
		z := (math.Log(x) - th[0]) / s
		return -math.Log(x) - th[1] - logSqrt2Pi - z*z/2
	},
	logSF: func(x float64, th []float64) float64 {
		return logNormSF((math.Log(x) - th[0]) / math.Exp(th[1]))
	},
	cdf: func(x float64, th []float64) float64 {
		return distuv.LogNormal{Mu: th[0], Sigma: math.Exp(th[1])}.CDF(x)
	},
	quant: func(p float64, th []float64) float64 {
		return distuv.LogNormal{Mu: th[0], Sigma: math.Exp(th[1])}.Quantile(p)
	},
	start: func(m, v float64) []float64 { return []float64{m, 0.5 * math.Log(max(v, 1e-6))} },
}

// gamma: shape k = exp(th[0]), scale = exp(th[1]).
var gamma = family{
	name: "gamma",
	logPDF: func(x float64, th []float64) float64 {
		k, sc := math.Exp(th[0]), math.Exp(th[1])
		lg, _ := math.Lgamma(k)
		return (k-1)*math.Log(x) - x/sc - lg - k*th[1]
	},
	logSF: func(x float64, th []float64) float64 {
		return floorLog(math.Log(mathext.GammaIncRegComp(math.Exp(th[0]), x/math.Exp(th[1]))))
	},
	cdf: func(x float64, th []float64) float64 {
		return mathext.GammaIncReg(math.Exp(th[0]), x/math.Exp(th[1]))
	},
	quant: func(p float64, th []float64) float64 {
		return mathext.GammaIncRegInv(math.Exp(th[0]), p) * math.Exp(th[1])
	},
	// the shape from the variance of the logs (trigamma(k) ≈ 1/k + 1/(2k²)),
	// the scale from the mean of the logs (digamma(k) + log scale).
	start: func(m, v float64) []float64 {
		k := (1 + math.Sqrt(1+2*max(v, 1e-6))) / (2 * max(v, 1e-6))
		return []float64{math.Log(k), m - (math.Log(k) - 1/(2*k))}
	},
}

// weibull: shape k = exp(th[0]), scale λ = exp(th[1]).
var weibull = family{
	name: "weibull",
	logPDF: func(x float64, th []float64) float64 {
		k := math.Exp(th[0])
		lz := math.Log(x) - th[1]
		return th[0] - th[1] + (k-1)*lz - math.Exp(k*lz)
	},
	logSF: func(x float64, th []float64) float64 {
		return floorLog(-math.Exp(math.Exp(th[0]) * (math.Log(x) - th[1])))
	},
	cdf: func(x float64, th []float64) float64 {
		return -math.Expm1(-math.Exp(math.Exp(th[0]) * (math.Log(x) - th[1])))
	},
	quant: func(p float64, th []float64) float64 {
		return math.Exp(th[1] + math.Log(-math.Log1p(-p))/math.Exp(th[0]))
	},
	// log X = log λ + G/k with G a standard minimum Gumbel: mean -γ, variance π²/6.
	start: func(m, v float64) []float64 {
		k := math.Pi / math.Sqrt(6*max(v, 1e-6))
		return []float64{math.Log(k), m + 0.5772156649/k}
	},
}

var families = []*family{&lognormal, &gamma, &weibull}
