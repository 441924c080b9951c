package records

import "strings"

// Status is a stream session status, as the service spells it (S004).
type Status uint8

const (
	StatusActivating Status = iota
	StatusActive
	StatusConnected
	StatusPendingClientReconnection
	StatusReconnecting
	StatusTerminating
	StatusTerminated
	StatusError
	numStatuses
)

var statusNames = [numStatuses]string{"ACTIVATING", "ACTIVE", "CONNECTED",
	"PENDING_CLIENT_RECONNECTION", "RECONNECTING", "TERMINATING", "TERMINATED", "ERROR"}

func (s Status) String() string {
	if s < numStatuses {
		return statusNames[s]
	}
	return "Status(?)"
}

// Ended reports whether a session in status s has ended (TERMINATING
// included: its end is under way at LastUpdatedAt).
func (s Status) Ended() bool {
	return s == StatusTerminating || s == StatusTerminated || s == StatusError
}

func parseStatus(s string) (Status, bool) {
	for i, n := range statusNames {
		if strings.EqualFold(n, s) {
			return Status(i), true
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
