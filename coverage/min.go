package coverage

import (
	"slices"
	"strconv"
	"strings"
)

// Threshold is a minimum percentage for a dimension.
type Threshold struct {
	Dimension string  // a name of [DimensionNames]
	Percent   float64 // 0 to 100
}

// ParseThresholds reads "operations=100,fields=60,transitions=50". A
// dimension named twice keeps its last value.
func ParseThresholds(s string) ([]Threshold, error) {
	var out []Threshold
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, val, ok := strings.Cut(part, "=")
		name = strings.TrimSpace(name)
		if !ok {
			return nil, &ThresholdError{Spec: part, Msg: "want DIMENSION=PERCENT"}
		}
		if !slices.Contains(DimensionNames(), name) {
			return nil, &ThresholdError{Spec: part, Msg: "unknown dimension; want one of " + strings.Join(DimensionNames(), ", ")}
		}
		pct, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(val), "%"), 64)
		if err != nil || pct < 0 || pct > 100 || pct != pct {
			return nil, &ThresholdError{Spec: part, Msg: "the percentage must be a number from 0 to 100"}
		}
		out = slices.DeleteFunc(out, func(t Threshold) bool { return t.Dimension == name })
		out = append(out, Threshold{Dimension: name, Percent: pct})
	}
	if len(out) == 0 {
		return nil, &ThresholdError{Spec: s, Msg: "no DIMENSION=PERCENT given"}
	}
	return out, nil
}

// Shortfall is a threshold a report does not meet.
type Shortfall struct {
	Threshold
	Got     float64  // the dimension's percentage
	Missing []string // what was not exercised
}

// Check returns the thresholds r does not meet, in the order given.
func (r *Report) Check(ts []Threshold) []Shortfall {
	var out []Shortfall
	for _, t := range ts {
		for _, d := range r.Dimensions() {
			if d.Name == t.Dimension && d.Percent() < t.Percent {
				out = append(out, Shortfall{Threshold: t, Got: d.Percent(), Missing: d.Missing})
			}
		}
	}
	return out
}
