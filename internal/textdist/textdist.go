// Package textdist measures how far apart two words are, for the "did you
// mean" of an unknown rule id or extension key.
package textdist

// Distance is the Levenshtein distance of a and b (in bytes), or limit
// when it is at least limit. Words longer than 200 bytes are at limit.
func Distance(a, b string, limit int) int {
	if len(a) > 200 || len(b) > 200 || len(a)-len(b) >= limit || len(b)-len(a) >= limit {
		return limit
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return min(prev[len(b)], limit)
}
