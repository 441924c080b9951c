package reports

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"github.com/capsim/capsim/sim"
)

// MarshalJSON writes the metrics as one JSON object, in declaration order,
// nested by the dots of their names; optional metrics zero in every
// replication are left out.
func (m Metrics) MarshalJSON() ([]byte, error) {
	return m.appendMembers([]byte{'{'}, false)
}

// appendMembers appends m's members to b (after others members if more)
// and closes the object.
func (m Metrics) appendMembers(b []byte, more bool) ([]byte, error) {
	var err error
	if m.spec != nil {
		b, err = m.appendNodes(b, m.spec.tree, more)
	}
	return append(b, '}'), err
}

func (m Metrics) appendNodes(b []byte, nodes []jsonNode, more bool) ([]byte, error) {
	for _, n := range nodes {
		if n.leaf >= 0 && m.omit[n.leaf] || n.leaf < 0 && m.allOmitted(n.children) {
			continue
		}
		if more {
			b = append(b, ',')
		}
		more = true
		b = append(strconv.AppendQuote(b, n.key), ':')
		if n.leaf < 0 {
			var err error
			if b, err = m.appendNodes(append(b, '{'), n.children, false); err != nil {
				return b, err
			}
			b = append(b, '}')
			continue
		}
		v, err := m.est[n.leaf].MarshalJSON()
		if err != nil {
			return b, err
		}
		b = append(b, v...)
	}
	return b, nil
}

// allOmitted reports whether every metric under nodes is left out, so an
// object of optional metrics (streamed_rtt_seconds without player regions)
// is left out whole.
func (m Metrics) allOmitted(nodes []jsonNode) bool {
	for _, n := range nodes {
		if n.leaf >= 0 && !m.omit[n.leaf] || n.leaf < 0 && !m.allOmitted(n.children) {
			return false
		}
	}
	return true
}

// identified writes {"k1":v1,...} followed by the members of m.
func identified(m Metrics, kv ...string) ([]byte, error) {
	b := []byte{'{'}
	for i := 0; i < len(kv); i += 2 {
		if i > 0 {
			b = append(b, ',')
		}
		k, _ := json.Marshal(kv[i])
		v, _ := json.Marshal(kv[i+1])
		b = append(append(append(b, k...), ':'), v...)
	}
	return m.appendMembers(b, len(kv) > 0)
}

// MarshalJSON writes the location's names, then its metrics, in one object.
func (l LocationSummary) MarshalJSON() ([]byte, error) {
	return identified(l.Metrics, "stream_group", l.StreamGroup, "location", l.Location, "class", l.Class)
}

// MarshalJSON writes the fleet location's names, then its metrics, in one
// object.
func (f FleetSummary) MarshalJSON() ([]byte, error) {
	return identified(f.FleetMetrics, "fleet", f.Fleet, "location", f.Location, "kind", f.Kind)
}

// decode fills m with sp's metrics from a JSON object's members; a missing
// optional metric is left out (zero), any other missing one undefined.
func (m *Metrics) decode(sp *spec, raw map[string]json.RawMessage) error {
	*m = Metrics{spec: sp, est: make([]sim.Estimate, len(sp.infos)), omit: make([]bool, len(sp.infos))}
	return m.decodeNodes(sp.tree, raw)
}

func (m *Metrics) decodeNodes(nodes []jsonNode, raw map[string]json.RawMessage) error {
	for _, n := range nodes {
		v, ok := raw[n.key]
		switch {
		case n.leaf >= 0 && !ok:
			m.omit[n.leaf] = m.spec.infos[n.leaf].Optional
			if !m.omit[n.leaf] {
				m.est[n.leaf] = sim.Estimate{Mean: math.NaN(), CI95: math.NaN()}
			}
		case n.leaf >= 0:
			if err := json.Unmarshal(v, &m.est[n.leaf]); err != nil {
				return fmt.Errorf("%s: %w", n.key, err)
			}
		default:
			sub := map[string]json.RawMessage{}
			if ok {
				if err := json.Unmarshal(v, &sub); err != nil {
					return fmt.Errorf("%s: %w", n.key, err)
				}
			}
			if err := m.decodeNodes(n.children, sub); err != nil {
				return err
			}
		}
	}
	return nil
}

// decodeIdentified decodes an object of string keys names followed by
// metrics of sp.
func decodeIdentified(data []byte, m *Metrics, sp *spec, names map[string]*string) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	for k, p := range names {
		if v, ok := raw[k]; ok {
			if err := json.Unmarshal(v, p); err != nil {
				return fmt.Errorf("%s: %w", k, err)
			}
		}
	}
	return m.decode(sp, raw)
}

// UnmarshalJSON reads a location object of summary.json.
func (l *LocationSummary) UnmarshalJSON(data []byte) error {
	return decodeIdentified(data, &l.Metrics, streamSpec,
		map[string]*string{"stream_group": &l.StreamGroup, "location": &l.Location, "class": &l.Class})
}

// UnmarshalJSON reads a fleet location object of summary.json.
func (f *FleetSummary) UnmarshalJSON(data []byte) error {
	return decodeIdentified(data, &f.FleetMetrics, fleetSpec,
		map[string]*string{"fleet": &f.Fleet, "location": &f.Location, "kind": &f.Kind})
}

// UnmarshalJSON reads summary.json.
func (s *Summary) UnmarshalJSON(data []byte) error {
	type plain Summary // without methods
	var doc struct {
		*plain
		Total      json.RawMessage `json:"total"`
		FleetTotal json.RawMessage `json:"fleet_total"`
	}
	doc.plain = (*plain)(s)
	if err := json.Unmarshal(data, &doc); err != nil {
		return err
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(doc.Total, &raw); err != nil {
		return fmt.Errorf("total: %w", err)
	}
	if err := s.Total.decode(streamSpec, raw); err != nil {
		return fmt.Errorf("total: %w", err)
	}
	s.FleetTotal = nil
	if len(doc.FleetTotal) > 0 && string(doc.FleetTotal) != "null" {
		raw = nil
		if err := json.Unmarshal(doc.FleetTotal, &raw); err != nil {
			return fmt.Errorf("fleet_total: %w", err)
		}
		s.FleetTotal = &Metrics{}
		if err := s.FleetTotal.decode(fleetSpec, raw); err != nil {
			return fmt.Errorf("fleet_total: %w", err)
		}
	}
	return nil
}
