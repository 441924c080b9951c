package streams

import (
	"testing"
	"unsafe"
)

// TestSessionRecordSize: a session record is two cache lines, 128 bytes
// (every event of a session reads most of it; the slab of records is
// allocated page-aligned once large, so records do not straddle a third
// line), and every field that the end of a session reads lies in the first
// (Prefetch loads only that line for a TERMINATED event). A field added
// beyond that costs every session event a cache miss at scale: make room,
// or change this test knowingly.
func TestSessionRecordSize(t *testing.T) {
	var s session
	if n := unsafe.Sizeof(s); n != 128 {
		t.Fatalf("session record is %d bytes, want 128", n)
	}
	first := map[string]uintptr{
		"Slot": unsafe.Offsetof(s.Slot) + unsafe.Sizeof(s.Slot), "status": unsafe.Offsetof(s.status) + 1,
		"reason": unsafe.Offsetof(s.reason) + 1, "counted": unsafe.Offsetof(s.counted) + 1,
		"measured": unsafe.Offsetof(s.measured) + 1, "demand": unsafe.Offsetof(s.demand) + 4,
		"loc": unsafe.Offsetof(s.loc) + 4, "inst": unsafe.Offsetof(s.inst) + 4,
		"timer": unsafe.Offsetof(s.timer) + unsafe.Sizeof(s.timer), "arrival": unsafe.Offsetof(s.arrival) + 8,
		"placedAt": unsafe.Offsetof(s.placedAt) + 8, "activeAt": unsafe.Offsetof(s.activeAt) + 8,
		"connectAt": unsafe.Offsetof(s.connectAt) + 8,
	}
	for name, end := range first {
		if end > 64 {
			t.Errorf("session.%s ends at byte %d, beyond the first cache line", name, end)
		}
	}
}
