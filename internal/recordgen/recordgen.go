// Package recordgen writes ListStreamSessions output, as the AWS CLI prints
// it, from known parameters: a daily arrival curve per location, lognormal
// play lengths, no-shows, crashes, walk-aways, dropped clients, a session
// length limit, and a fixed number of stream slots per location whose
// shortage ends requests in placementTimeout. It is the independent
// generator of capsim fit's recovery tests: it shares no code with the
// streams model, so a fit that recovers its parameters is not checked only
// against capsim itself.
//
// The service's lifecycle as it writes it (S004): a request waits for a
// slot first come, first served, at most PlacementTimeout (ERROR
// placementTimeout); placed, it turns ACTIVE after a start delay; a no-show
// never connects and ends after ConnectionTimeout (connectionTimeout);
// otherwise the client connects after a connect delay and plays until the
// first of its own end (NormalEnd), a crash (applicationExit), walking
// away plus IdleTimeout (idleTimeout), a drop it never comes back from plus
// ConnectionTimeout (reconnectionTimeout), or LengthLimit from placement
// (maxSessionLengthTimeout). TERMINATING lasts Terminating; the slot is
// free at TERMINATED, the session's LastUpdatedAt. Sessions not ended at
// ExportAt are written in the status they had then.
package recordgen

import (
	"bufio"
	"container/heap"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// Location is one location's demand and capacity.
type Location struct {
	Name   string
	Hourly [24]float64 // requests per hour by UTC hour of the day
	Slots  int         // stream slots; 0: unlimited
	// Spikes add requests to given clock hours (offsets from Start).
	Spikes map[int]float64
}

// Params are the known parameters of a generated export.
type Params struct {
	Start                                                                      time.Time // the first clock hour (UTC)
	Hours                                                                      int       // length of the period
	Locations                                                                  []Location
	Group, App                                                                 string // stream group id, application id
	Median                                                                     time.Duration
	Sigma                                                                      float64 // lognormal play length
	NoShow                                                                     float64 // probability a client never connects
	CrashPerHour, AFKPerHour, DropPerHour                                      float64
	NormalEnd                                                                  string        // "apiTerminated"
	StartDelayMedian, ConnectDelayMedian                                       time.Duration // lognormal, sigma 0.5 and 0.6
	Terminating, PlacementTimeout, ConnectionTimeout, IdleTimeout, LengthLimit time.Duration
	Seed                                                                       uint64
	PageSize                                                                   int  // items per page (0: one page)
	Untidy                                                                     bool // mixed zones, epoch seconds, duplicates, another group, an unknown reason
}

// Defaults returns parameters with the service's documented timeouts and
// capsim's default delays; demand and lengths are the caller's.
func Defaults() Params {
	return Params{Group: "sg-1AB2C3De4", App: "a-9ZY8X7Wv6", NormalEnd: "apiTerminated",
		StartDelayMedian: 10 * time.Second, ConnectDelayMedian: 4 * time.Second, Terminating: 5 * time.Second,
		PlacementTimeout: 75 * time.Second, ConnectionTimeout: 120 * time.Second, IdleTimeout: time.Hour,
		LengthLimit: 12 * time.Hour, Seed: 1}
}

// ExportAt is the end of the period: when the export is taken.
func (p *Params) ExportAt() time.Time { return p.Start.Add(time.Duration(p.Hours) * time.Hour) }

// Session is one generated session.
type Session struct {
	ID                   int
	Location             string
	Created, Updated     time.Time
	Status, Reason       string
	PlayLength           time.Duration // drawn (0 for failures and no-shows)
	connect, end, placed time.Time
}

// Truth is what a generated export holds, for the tests to compare with.
type Truth struct {
	Sessions []Session
	// Counts are requests per location and clock hour.
	Counts map[string][]int
	// Written is the items written (duplicates and other groups included).
	Written, Duplicates, OtherGroup, Untidy int
}

type slotHeap []time.Time

func (h slotHeap) Len() int           { return len(h) }
func (h slotHeap) Less(i, j int) bool { return h[i].Before(h[j]) }
func (h slotHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *slotHeap) Push(x any)        { *h = append(*h, x.(time.Time)) }
func (h *slotHeap) Pop() any          { o := *h; x := o[len(o)-1]; *h = o[:len(o)-1]; return x }

// Generate draws the sessions and writes the export to w.
func Generate(w io.Writer, p Params) (*Truth, error) {
	r := rand.New(rand.NewPCG(p.Seed, 0x7265636f7264)) // "record"
	tr := &Truth{Counts: map[string][]int{}}
	id := 0
	for _, loc := range p.Locations {
		arrivals := p.arrivals(r, loc)
		counts := make([]int, p.Hours)
		for _, a := range arrivals {
			counts[int(a.Sub(p.Start)/time.Hour)]++
		}
		tr.Counts[loc.Name] = counts
		free := &slotHeap{}
		for range loc.Slots {
			heap.Push(free, p.Start.Add(-time.Hour))
		}
		for _, a := range arrivals {
			id++
			tr.Sessions = append(tr.Sessions, p.session(r, id, loc, a, free))
		}
	}
	slices.SortStableFunc(tr.Sessions, func(a, b Session) int { return a.Created.Compare(b.Created) })
	return tr, p.write(w, r, tr)
}

// arrivals draws each clock hour's Poisson count, placed uniformly in it:
// a Poisson process with that hour's rate.
func (p *Params) arrivals(r *rand.Rand, loc Location) []time.Time {
	var out []time.Time
	for k := range p.Hours {
		start := p.Start.Add(time.Duration(k) * time.Hour)
		rate := loc.Hourly[start.UTC().Hour()] + loc.Spikes[k]
		n := poisson(r, rate)
		for range n {
			out = append(out, start.Add(time.Duration(r.Float64()*float64(time.Hour))))
		}
	}
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return out
}

// poisson draws a Poisson count by counting exponential gaps in [0, mu).
func poisson(r *rand.Rand, mu float64) int {
	n, t := 0, r.ExpFloat64()
	for t < mu {
		n++
		t += r.ExpFloat64()
	}
	return n
}

func lognormal(r *rand.Rand, median time.Duration, sigma float64) time.Duration {
	return time.Duration(float64(median) * math.Exp(sigma*r.NormFloat64()))
}

func expAfter(r *rand.Rand, perHour float64) time.Duration {
	if perHour <= 0 {
		return time.Duration(math.MaxInt64)
	}
	return time.Duration(r.ExpFloat64() / perHour * float64(time.Hour))
}

// session draws one request's life, taking a slot from free (FCFS).
func (p *Params) session(r *rand.Rand, id int, loc Location, a time.Time, free *slotHeap) Session {
	s := Session{ID: id, Location: loc.Name, Created: a}
	// every draw in a fixed order, whatever the outcome
	start := lognormal(r, p.StartDelayMedian, 0.5)
	connect := lognormal(r, p.ConnectDelayMedian, 0.6)
	noShow := r.Float64() < p.NoShow
	length := lognormal(r, p.Median, p.Sigma)
	crash, afk, drop := expAfter(r, p.CrashPerHour), expAfter(r, p.AFKPerHour), expAfter(r, p.DropPerHour)
	placed := a
	if loc.Slots > 0 {
		f := (*free)[0]
		switch {
		case f.After(a.Add(p.PlacementTimeout)):
			s.Status, s.Reason, s.Updated, s.end = "ERROR", "placementTimeout", a.Add(p.PlacementTimeout), a.Add(p.PlacementTimeout)
			return s
		case f.After(a):
			placed = f
		}
	}
	s.placed = placed
	active := placed.Add(start)
	type end struct {
		at     time.Time
		reason string
	}
	var e end
	if noShow {
		e = end{active.Add(p.ConnectionTimeout), "connectionTimeout"}
	} else {
		s.connect = active.Add(connect)
		s.PlayLength = length
		// walking away before the own end replaces it by the idle timeout
		e = end{s.connect.Add(length), p.NormalEnd}
		if afk < length {
			e = end{s.connect.Add(afk).Add(p.IdleTimeout), "idleTimeout"}
		}
		for _, c := range []end{{s.connect.Add(crash), "applicationExit"},
			{s.connect.Add(drop).Add(p.ConnectionTimeout), "reconnectionTimeout"}, {placed.Add(p.LengthLimit), "maxSessionLengthTimeout"}} {
			if c.at.Before(e.at) {
				e = c
			}
		}
	}
	s.end = e.at.Add(p.Terminating)
	s.Status, s.Reason, s.Updated = "TERMINATED", e.reason, s.end
	if loc.Slots > 0 {
		heap.Pop(free)
		heap.Push(free, s.end)
	}
	return s
}

// atExport returns the session as the export shows it: its status at
// ExportAt and when it last changed.
func (p *Params) atExport(s Session) Session {
	x := p.ExportAt()
	if !s.Updated.After(x) {
		return s
	}
	s.Reason = ""
	switch {
	case s.placed.IsZero() || s.placed.After(x):
		s.Status, s.Updated = "ACTIVATING", s.Created
	case s.connect.IsZero() || s.connect.After(x):
		s.Status, s.Updated = "ACTIVE", s.placed
	case s.end.Add(-p.Terminating).After(x):
		s.Status, s.Updated = "CONNECTED", s.connect
	default:
		s.Status, s.Updated = "TERMINATING", s.end.Add(-p.Terminating)
	}
	return s
}

// write prints the export: pages of PageSize items, as the CLI does.
func (p *Params) write(w io.Writer, r *rand.Rand, tr *Truth) error {
	bw := bufio.NewWriter(w)
	var items []string
	for _, s := range tr.Sessions {
		shown := p.atExport(s)
		items = append(items, p.item(r, shown, p.Group, tr))
		if p.Untidy && r.Float64() < 0.02 && shown.Status == "TERMINATED" && shown.Reason != "placementTimeout" && !shown.connect.IsZero() {
			// an older state of the same session on a later page
			older := shown
			older.Status, older.Reason, older.Updated = "CONNECTED", "", shown.connect
			items = append(items, p.item(r, older, p.Group, tr))
			tr.Duplicates++
		}
		if p.Untidy && r.Float64() < 0.01 {
			items = append(items, p.item(r, shown, "sg-0THER", tr))
			tr.OtherGroup++
		}
	}
	if p.Untidy {
		r.Shuffle(len(items), func(i, j int) { items[i], items[j] = items[j], items[i] })
	}
	size := p.PageSize
	if size <= 0 {
		size = len(items) + 1
	}
	for i := 0; i < len(items) || i == 0; i += size {
		page := items[i:min(i+size, len(items))]
		token := "null"
		if i+size < len(items) {
			token = fmt.Sprintf("%q", fmt.Sprintf("page-%d", i/size+1))
		}
		fmt.Fprintf(bw, "{\n    \"Items\": [\n")
		for j, it := range page {
			if j > 0 {
				bw.WriteString(",\n")
			}
			bw.WriteString(it)
		}
		fmt.Fprintf(bw, "\n    ],\n    \"NextToken\": %s\n}\n", token)
	}
	tr.Written = len(items)
	return bw.Flush()
}

func (p *Params) stamp(r *rand.Rand, t time.Time, tr *Truth) string {
	if p.Untidy {
		switch u := r.Float64(); {
		case u < 0.1:
			tr.Untidy++
			return fmt.Sprintf("%q", t.In(time.FixedZone("JST", 9*3600)).Format("2006-01-02T15:04:05.000000-07:00"))
		case u < 0.15:
			tr.Untidy++
			return fmt.Sprintf("%d.%09d", t.Unix(), t.Nanosecond())
		}
	}
	return fmt.Sprintf("%q", t.UTC().Format("2006-01-02T15:04:05.000000-07:00"))
}

func (p *Params) item(r *rand.Rand, s Session, group string, tr *Truth) string {
	return fmt.Sprintf(`        {
            "Arn": "arn:aws:gameliftstreams:us-west-2:111122223333:streamsession/%s/s%09d",
            "UserId": "player-%d",
            "Status": %q,
            "StatusReason": %q,
            "Protocol": "WebRTC",
            "LastUpdatedAt": %s,
            "CreatedAt": %s,
            "ApplicationArn": "arn:aws:gameliftstreams:us-west-2:111122223333:application/%s",
            "ExportFilesMetadata": {"Status": "PENDING"},
            "Location": %q
        }`, group, s.ID, s.ID%997, s.Status, s.Reason, p.stamp(r, s.Updated, tr), p.stamp(r, s.Created, tr), p.App, s.Location)
}

// WritePolls writes a GetStreamGroup poll a minute over the period, in the
// polls format capsim reads (records.ReadPolls): each location always on
// at its slots, all of them allocated, the idle ones those not holding a
// session at the poll (gen4n_ultra: one stream per instance). A location
// without a slot limit is left out.
func WritePolls(w io.Writer, p Params, tr *Truth) error {
	minutes := p.Hours * 60
	busy := map[string][]int{} // per location, sessions holding a slot at each minute's poll
	for _, loc := range p.Locations {
		delta := make([]int, minutes+2)
		for _, s := range tr.Sessions {
			if s.Location != loc.Name || s.placed.IsZero() {
				continue
			}
			// held at polls k with placed <= start+k min < end
			from := int(math.Ceil(float64(s.placed.Sub(p.Start)) / float64(time.Minute)))
			to := int(math.Ceil(float64(s.end.Sub(p.Start)) / float64(time.Minute)))
			delta[min(max(from, 0), minutes+1)]++
			delta[min(max(to, 0), minutes+1)]--
		}
		b := make([]int, minutes+1)
		cur := 0
		for k := range b {
			cur += delta[k]
			b[k] = cur
		}
		busy[loc.Name] = b
	}
	bw := bufio.NewWriter(w)
	for k := 1; k <= minutes; k++ {
		at := p.Start.Add(time.Duration(k) * time.Minute)
		fmt.Fprintf(bw, `{"PolledAt": %q, "StreamGroup": {"Id": %q, "StreamClass": "gen4n_ultra", "LocationStates": [`, at.Format(time.RFC3339), p.Group)
		n := 0
		for _, loc := range p.Locations {
			if loc.Slots == 0 {
				continue
			}
			if n > 0 {
				bw.WriteString(", ")
			}
			n++
			fmt.Fprintf(bw, `{"LocationName": %q, "Status": "ACTIVE", "AlwaysOnCapacity": %d, "TargetIdleCapacity": 0, "MaximumCapacity": 0, "RequestedCapacity": %d, "AllocatedCapacity": %d, "IdleCapacity": %d}`,
				loc.Name, loc.Slots, loc.Slots, loc.Slots, loc.Slots-busy[loc.Name][k])
		}
		bw.WriteString("]}}\n")
	}
	return bw.Flush()
}
