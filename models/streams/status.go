package streams

// Status is a stream session status, spelled as the service spells it.
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

// Terminal reports whether no transition leaves s.
func (s Status) Terminal() bool { return s == StatusTerminated || s == StatusError }

// Reason is a stream session status reason, spelled as the service spells it.
type Reason uint8

const (
	ReasonNone Reason = iota
	// ERROR reasons.
	ReasonPlacementTimeout
	ReasonInternalError
	// TERMINATED reasons.
	ReasonAPITerminated
	ReasonApplicationExit
	ReasonConnectionTimeout
	ReasonReconnectionTimeout
	ReasonMaxSessionLengthTimeout
	ReasonIdleTimeout
	// ReasonLocationRemoved is capsim's label, not the service's: the
	// session's location was removed (RemoveStreamGroupLocations releases
	// all its capacity at once). The service publishes no reason for this.
	ReasonLocationRemoved
	// ReasonStreamGroupExpired is an ERROR reason of capsim's: the request
	// went to an EXPIRED stream group (S004: no more streams after ExpiresAt).
	ReasonStreamGroupExpired
	// NumReasons sizes per-reason count arrays.
	NumReasons
)

var reasonNames = [NumReasons]string{"", "placementTimeout", "internalError", "apiTerminated",
	"applicationExit", "connectionTimeout", "reconnectionTimeout", "maxSessionLengthTimeout", "idleTimeout", "locationRemoved",
	"streamGroupExpired"}

func (r Reason) String() string {
	if r < NumReasons {
		return reasonNames[r]
	}
	return "Reason(?)"
}

// IsError reports whether r ends a session in ERROR (a placement failure).
func (r Reason) IsError() bool {
	return r == ReasonPlacementTimeout || r == ReasonInternalError || r == ReasonStreamGroupExpired
}

// ParseReason returns the reason spelled s.
func ParseReason(s string) (Reason, bool) {
	for i := ReasonPlacementTimeout; i < NumReasons; i++ {
		if reasonNames[i] == s {
			return i, true
		}
	}
	return ReasonNone, false
}

// LocationStatus is a stream group location status.
type LocationStatus uint8

const (
	LocationActivating LocationStatus = iota
	LocationActive
	LocationRemoving
	LocationRemoved // not a service status: the location is gone
)

var locationStatusNames = [...]string{"ACTIVATING", "ACTIVE", "REMOVING", "REMOVED"}

func (s LocationStatus) String() string { return locationStatusNames[s] }
