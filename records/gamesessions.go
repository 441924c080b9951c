package records

import (
	"cmp"
	"encoding/json"
	"hash/fnv"
	"io"
	"slices"
	"strings"
)

// GameSessionStatus is a GameLift Servers game session status (S000).
type GameSessionStatus uint8

const (
	GameActivating GameSessionStatus = iota
	GameActive
	GameTerminating
	GameTerminated
	GameError
	numGameStatuses
)

var gameStatusNames = [numGameStatuses]string{"ACTIVATING", "ACTIVE", "TERMINATING", "TERMINATED", "ERROR"}

func (s GameSessionStatus) String() string { return gameStatusNames[s] }

// Ended reports whether a game session in status s has ended.
func (s GameSessionStatus) Ended() bool { return s >= GameTerminating }

// GameSessionReason is a game session's StatusReason (S000, G7).
type GameSessionReason uint8

const (
	GameReasonNone GameSessionReason = iota
	GameReasonInterrupted
	GameReasonTriggeredOnProcessTerminate
	GameReasonForceTerminated
	GameReasonUnknown // counted by name in the tally
)

var gameReasonNames = [...]string{"", "INTERRUPTED", "TRIGGERED_ON_PROCESS_TERMINATE", "FORCE_TERMINATED", "(unknown)"}

func (r GameSessionReason) String() string { return gameReasonNames[r] }

// GameSession is one game session of a DescribeGameSessions or
// SearchGameSessions export.
type GameSession struct {
	CreatedAt    int64 // CreationTime, Unix nanoseconds
	TerminatedAt int64 // TerminationTime; 0 when the export gave none
	key          [2]uint64
	MaxPlayers   int32 // MaximumPlayerSessionCount (0: not given)
	Location     uint16
	Fleet        uint16
	Status       GameSessionStatus
	Reason       GameSessionReason
}

// GameSessionSet is what a game session export holds, deduplicated and
// sorted by CreationTime.
type GameSessionSet struct {
	Source     string
	Sessions   []GameSession
	Locations  []string
	Fleets     []string // fleet ids
	ExportedAt int64    // the latest time a kept record carries
	Tally      GameSessionTally
}

// GameSessionTally counts what a read of game sessions met.
type GameSessionTally struct {
	Records       int   `json:"records"`
	Pages         int   `json:"pages"`
	Duplicates    int   `json:"duplicates"`  // a record superseded by a later state of the same GameSessionId
	OtherFleet    int   `json:"other_fleet"` // dropped by the fleet filter
	UnknownStatus Names `json:"unknown_status"`
	UnknownReason Names `json:"unknown_reason"`
	// Running are kept sessions not ended at the export (censored);
	// TerminatedWithoutTime ended ones without a TerminationTime (their end
	// is unknown: censored at the export).
	Running                 int   `json:"running"`
	TerminatedWithoutTime   int   `json:"terminated_without_time"`
	TerminatedBeforeCreated int   `json:"terminated_before_created"` // kept, ended at CreationTime
	Zones                   Names `json:"zones"`
	Kept                    int   `json:"kept"`
}

type gameSessionJSON struct {
	GameSessionId, FleetId, FleetArn string
	Status, StatusReason, Location   string
	CreationTime, TerminationTime    json.RawMessage
	MaximumPlayerSessionCount        int32
}

// ReadGameSessions reads what `aws gamelift describe-game-sessions` or
// `search-game-sessions` prints (pages, JSON Lines, arrays; gzip
// recognised). fleet (an id or ARN) keeps only that fleet's sessions.
func ReadGameSessions(src string, r io.Reader, fleet string, lim Limits) (*GameSessionSet, error) {
	sc, err := newScanner(src, r, lim)
	if err != nil {
		return nil, err
	}
	set := &GameSessionSet{Source: src}
	b := &gameBuilder{set: set, fleet: lastPart(fleet, "fleet/"), locs: map[string]uint16{}, fleets: map[string]uint16{}}
	keys := []string{"GameSessionId", "Name", "FleetId", "FleetArn", "CreationTime", "TerminationTime", "Status",
		"StatusReason", "Location", "CurrentPlayerSessionCount", "MaximumPlayerSessionCount", "IpAddress", "DnsName", "Port"}
	if err := readItems(sc, "GameSessions", keys, b.add); err != nil {
		return nil, err
	}
	set.Tally.Records, set.Tally.Pages = sc.rec, sc.pages
	b.finish()
	return set, nil
}

type gameBuilder struct {
	set          *GameSessionSet
	fleet        string
	locs, fleets map[string]uint16
}

func (b *gameBuilder) add(js *gameSessionJSON) error {
	t := &b.set.Tally
	if js.GameSessionId == "" {
		return fieldErr("GameSessionId", "missing: every game session has one (is this describe-game-sessions output?)")
	}
	fleet := js.FleetId
	if fleet == "" {
		fleet = lastPart(js.FleetArn, "fleet/")
	}
	created, zone, err := parseStamp("CreationTime", js.CreationTime)
	if err != nil {
		return err
	}
	t.Zones.Add(zone)
	var ended int64
	if s := strings.TrimSpace(string(js.TerminationTime)); s != "" && s != "null" {
		if ended, zone, err = parseStamp("TerminationTime", js.TerminationTime); err != nil {
			return err
		}
		t.Zones.Add(zone)
	}
	if b.fleet != "" && fleet != b.fleet {
		t.OtherFleet++
		return nil
	}
	st := numGameStatuses
	for i, n := range gameStatusNames {
		if strings.EqualFold(n, js.Status) {
			st = GameSessionStatus(i)
		}
	}
	if st == numGameStatuses {
		t.UnknownStatus.Add(js.Status)
		return nil
	}
	g := GameSession{CreatedAt: created, TerminatedAt: ended, Status: st, Reason: GameReasonUnknown, MaxPlayers: max(js.MaximumPlayerSessionCount, 0)}
	for i, n := range gameReasonNames[:GameReasonUnknown] {
		if strings.EqualFold(n, js.StatusReason) {
			g.Reason = GameSessionReason(i)
		}
	}
	if g.Reason == GameReasonUnknown {
		t.UnknownReason.Add(js.StatusReason)
	}
	if g.Location, err = intern(b.locs, &b.set.Locations, js.Location, "Location", true); err != nil {
		return err
	}
	if g.Fleet, err = intern(b.fleets, &b.set.Fleets, fleet, "FleetId", false); err != nil {
		return err
	}
	h := fnv.New128a()
	h.Write([]byte(js.GameSessionId))
	sum := h.Sum(nil)
	for i := range 8 {
		g.key[0] = g.key[0]<<8 | uint64(sum[i])
		g.key[1] = g.key[1]<<8 | uint64(sum[8+i])
	}
	b.set.Sessions = append(b.set.Sessions, g)
	return nil
}

// rank orders the states of one game session: a later state wins.
func (g *GameSession) rank() int {
	r := int(g.Status) * 2
	if g.TerminatedAt != 0 {
		r++
	}
	if g.Status == GameError {
		r = int(GameTerminated)*2 + 1 // as final as TERMINATED
	}
	return r
}

func (b *gameBuilder) finish() {
	set, t := b.set, &b.set.Tally
	ss := set.Sessions
	ss, t.Duplicates = dedupe(ss, func(x, y GameSession) int {
		return cmp.Or(cmp.Compare(x.key[0], y.key[0]), cmp.Compare(x.key[1], y.key[1]), cmp.Compare(x.rank(), y.rank()))
	}, func(x, y *GameSession) bool { return x.key == y.key })
	slices.SortFunc(ss, func(x, y GameSession) int {
		return cmp.Or(cmp.Compare(x.CreatedAt, y.CreatedAt), cmp.Compare(x.key[0], y.key[0]), cmp.Compare(x.key[1], y.key[1]))
	})
	for i := range ss {
		g := &ss[i]
		switch {
		case !g.Status.Ended():
			t.Running++
		case g.TerminatedAt == 0:
			t.TerminatedWithoutTime++
		case g.TerminatedAt < g.CreatedAt:
			t.TerminatedBeforeCreated++
			g.TerminatedAt = g.CreatedAt
		}
		set.ExportedAt = max(set.ExportedAt, g.CreatedAt, g.TerminatedAt)
	}
	set.Sessions = ss
	t.Kept = len(ss)
}
