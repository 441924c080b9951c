package sim

import "math"

// fastExp is math.Exp(x) within a few units in the last place, in about
// half its instructions: every lognormal draw (a session's length, its
// start and connection delays) takes one. x = (256k + i)·ln2/256 + r with
// |r| <= ln2/512, so e^x = 2^k · 2^(i/256) · e^r: the middle factor from a
// table, e^r - 1 by four terms of its series (the first left out is under
// 4e-17 relative), 2^k added to the exponent's bits. Outside |x| <= 700,
// and for NaN, it is math.Exp. TestFastExp checks it against math.Exp.
func fastExp(x float64) float64 {
	if !(x >= -700 && x <= 700) {
		return math.Exp(x)
	}
	const (
		invStep = 256 / math.Ln2
		// ln2/256 in two parts, as math.Exp's Ln2Hi and Ln2Lo: kd·stepHi
		// is exact for |kd| < 2^20.
		stepHi = 6.93147180369123816490e-01 / 256
		stepLo = 1.90821492927058770002e-10 / 256
		shift  = 0x1.8p52 // adding it rounds to an integer, read from the low bits
	)
	kd := x*invStep + shift
	k := int64(math.Float64bits(kd)) // low 32 bits: the rounded integer
	kd -= shift
	r := x - kd*stepHi - kd*stepLo
	q := r * (1 + r*(0.5+r*(1.0/6+r*(1.0/24)))) // e^r - 1
	t := fastExpTab[k&255]
	y := t + t*q // in [2^-1/512, 2): its exponent field is 1022 or 1023
	return math.Float64frombits(math.Float64bits(y) + uint64(int64(int32(k))>>8)<<52)
}

// fastExpTab[i] is 2^(i/256).
var fastExpTab [256]float64

func init() {
	for i := range fastExpTab {
		fastExpTab[i] = math.Exp2(float64(i) / 256)
	}
}
