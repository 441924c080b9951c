package sim

import "math/rand/v2"

// NewStream returns the random stream named name for replication rep of a run
// with root seed seed. Streams are math/rand/v2 PCG generators seeded by
//
//	h  = FNV-1a-64(name)
//	s1 = splitmix64(seed ^ splitmix64(uint64(rep) + 0x9e3779b97f4a7c15) ^ h)
//	s2 = splitmix64(s1 ^ h ^ 0xd1b54a32d192ed03)
//
// so every (seed, replication, name) gets its own stream, and adding a stream
// for a new entity does not shift the draws of any other. Names are the
// entity's purpose and path, e.g. "demand/peak/arrivals".
func NewStream(seed uint64, rep int, name string) *rand.Rand {
	s1, s2 := StreamSeeds(seed, rep, name)
	return rand.New(rand.NewPCG(s1, s2))
}

// StreamSeeds returns the two PCG seeds NewStream uses.
func StreamSeeds(seed uint64, rep int, name string) (uint64, uint64) {
	h := fnv64a(name)
	s1 := splitmix64(seed ^ splitmix64(uint64(rep)+0x9e3779b97f4a7c15) ^ h)
	s2 := splitmix64(s1 ^ h ^ 0xd1b54a32d192ed03)
	return s1, s2
}

// splitmix64 is the finaliser of Steele, Lea and Flood's SplitMix64: a
// bijective mixing of 64 bits.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

func fnv64a(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}
