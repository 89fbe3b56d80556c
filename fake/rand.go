package fake

import (
	"math/rand"
	randv2 "math/rand/v2"
)

// pcgSource adapts math/rand/v2's PCG, which is cheap to seed and gives the
// same stream on every platform, to the math/rand Source64 gofakeit needs.
type pcgSource struct{ p randv2.PCG }

// pcgIncrement is the second PCG seed word; any odd constant will do.
const pcgIncrement = 0x9e3779b97f4a7c15

func newSource(seed int64) *pcgSource {
	s := &pcgSource{}
	s.Seed(seed)
	return s
}

func (s *pcgSource) Seed(seed int64)    { s.p.Seed(uint64(seed), pcgIncrement) }
func (s *pcgSource) Uint64() uint64     { return s.p.Uint64() }
func (s *pcgSource) Int63() int64       { return int64(s.p.Uint64() >> 1) }
func newRand(src *pcgSource) *rand.Rand { return rand.New(src) }

// mix derives an independent seed from a seed and a salt (splitmix64).
func mix(seed int64, salt uint64) int64 {
	z := uint64(seed) + 0x9e3779b97f4a7c15*(salt+1)
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return int64(z ^ (z >> 31))
}
