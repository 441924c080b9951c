package streams

import "testing"

// TestWantWholeInstances: want's shift for a tenancy that is a power of
// two is the ceiling of slots over tenancy, as the division is for others.
func TestWantWholeInstances(t *testing.T) {
	for _, ten := range []int{1, 2, 4, 8, 12} {
		for slots := range 1000 {
			l := &location{status: LocationActive, tenancy: ten, ceiling: 1 << 30,
				set: LocationConfig{AlwaysOn: slots}}
			want := (slots + ten - 1) / ten
			if got := l.want(); got != want {
				t.Fatalf("tenancy %d, %d slots: want() = %d instances, want %d", ten, slots, got, want)
			}
		}
	}
}
