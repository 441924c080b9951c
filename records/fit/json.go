package fit

import (
	"encoding/json"
	"io"
	"math"
)

// JSON has no NaN or infinity: fit.json writes null where a value is
// undefined (an untested hour's p-value, the interval of a rate over no
// trials).

func jf(x float64) any {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return x
}

// MarshalJSON writes an undefined bound as null.
func (iv Interval) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Value any `json:"value"`
		Low   any `json:"low"`
		High  any `json:"high"`
	}{jf(iv.Value), jf(iv.Low), jf(iv.High)})
}

// MarshalJSON writes an untested hour's expected count and p-value as null.
func (h ClockHour) MarshalJSON() ([]byte, error) {
	type plain ClockHour
	return json.Marshal(struct {
		plain
		Expected any `json:"expected"`
		PValue   any `json:"p_value"`
	}{plain(h), jf(h.Expected), jf(h.PValue)})
}

// MarshalJSON writes an undefined p-value as null.
func (g GoF) MarshalJSON() ([]byte, error) {
	type plain GoF
	return json.Marshal(struct {
		plain
		PValue any `json:"p_value"`
	}{plain(g), jf(g.PValue)})
}

// WriteJSON writes the fit as fit.json.
func (f *Streams) WriteJSON(w io.Writer) error { return writeJSON(w, f) }

// WriteJSON writes the fleet fit as fit.json.
func (f *Fleets) WriteJSON(w io.Writer) error { return writeJSON(w, f) }

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
