package streams

import (
	"testing"
	"unsafe"
)

// TestSessionRecordSize: a session record is two cache lines, 128 bytes
// (every event of a session reads most of it; the slab of records is
// allocated page-aligned once large, so records do not straddle a third
// line). A field added beyond that costs every session event a cache miss
// at scale: make room, or change this test knowingly.
func TestSessionRecordSize(t *testing.T) {
	if n := unsafe.Sizeof(session{}); n != 128 {
		t.Fatalf("session record is %d bytes, want 128", n)
	}
}
