package records

import (
	"strings"

	"github.com/capsim/capsim/models/streams"
)

// A stream session's status is the streams model's streams.Status: the
// model spells every status as the service does (S004).

// ended reports whether a session in status st has ended (TERMINATING
// included: its end is under way at LastUpdatedAt).
func ended(st streams.Status) bool {
	return st == streams.StatusTerminating || st.Terminal()
}

// parseStatus reads a status as the service spells it (any case).
func parseStatus(s string) (streams.Status, bool) {
	for st := streams.StatusActivating; st <= streams.StatusError; st++ {
		if strings.EqualFold(st.String(), s) {
			return st, true
		}
	}
	return 0, false
}

// Reason is a stream session's StatusReason (S004, A1). ReasonNone is an
// empty one; ReasonUnknown a name this version of capsim does not know (a
// newer API's), counted by name in the tally.
type Reason uint8

const (
	ReasonNone Reason = iota
	// ERROR reasons
	ReasonPlacementTimeout
	ReasonInternalError
	ReasonInvalidSignalRequest
	ReasonApplicationLogS3DestinationError
	ReasonAssumeRoleFailed
	// TERMINATED reasons
	ReasonAPITerminated
	ReasonApplicationExit
	ReasonConnectionTimeout
	ReasonReconnectionTimeout
	ReasonMaxSessionLengthTimeout
	ReasonIdleTimeout
	ReasonUnknown
	// NumReasons sizes arrays indexed by Reason.
	NumReasons
)

var reasonNames = [NumReasons]string{"", "placementTimeout", "internalError", "invalidSignalRequest",
	"applicationLogS3DestinationError", "assumeRoleFailed", "apiTerminated", "applicationExit",
	"connectionTimeout", "reconnectionTimeout", "maxSessionLengthTimeout", "idleTimeout", "(unknown)"}

func (r Reason) String() string {
	if r < NumReasons {
		return reasonNames[r]
	}
	return "Reason(?)"
}

func parseReason(s string) (Reason, bool) {
	if s == "" {
		return ReasonNone, true
	}
	for i := ReasonPlacementTimeout; i < ReasonUnknown; i++ {
		if strings.EqualFold(reasonNames[i], s) {
			return i, true
		}
	}
	return ReasonUnknown, false
}
