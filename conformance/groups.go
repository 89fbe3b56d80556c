package conformance

import (
	"regexp"
	"slices"
	"strings"
)

// Group is one cause of failures: every failure, of whichever checks, with
// the same Rule, Pointer and Cause (see [CheckError]; numbers in the
// message of a contract rule do not count, so "find answered 4 accounts,
// more than the limit of 2" and "... 3 accounts, more than the limit of 1"
// are one cause). Causes of one rule met by exactly the same checks the
// same number of times are one group too: they are one defect seen at
// several places, such as an account that lacks both balances and
// statuses. So are causes of one rule at one place (the same pointer) that
// a check met both of: one defect seen in several ways, such as
// /account/find's order reversed, which breaks find-sorted at
// /create_time both as "not newest first" and as "not oldest first".
// Reports show a group once, with its count, its checks and one example
// exchange.
type Group struct {
	Rule    string
	Pointer string // the first cause's pointer
	Cause   string // the first cause
	// Pointers and Causes list every cause of the group (the first
	// included), in order; most groups have one.
	Pointers []string
	Causes   []string
	// Checks are the checks that met the cause, each once, in run order.
	Checks []string
	// Categories and Calls are those of the failures, each once, in order.
	Categories []string
	Calls      []string
	// Count is the number of failures; a check may meet a cause more than
	// once.
	Count int
	// Example is the first failure: what a report shows of the exchange.
	Example *CheckError
}

// Groups gathers the failures of results by cause, in the order each cause
// was first met.
func Groups(results []Result) []Group {
	type key struct{ rule, ptr, cause string }
	index := map[key]int{}
	var out []Group
	for _, r := range results {
		if r.Status != StatusFail {
			continue // a known failure (StatusKnown) is accepted: no cause to fix
		}
		for _, f := range r.Failures {
			cause := f.Cause
			if !strings.HasPrefix(f.Rule, "conformance.") {
				cause = digits.ReplaceAllString(cause, "N")
			}
			k := key{f.Rule, f.Pointer, cause}
			i, ok := index[k]
			if !ok {
				i = len(out)
				index[k] = i
				out = append(out, Group{Rule: f.Rule, Pointer: f.Pointer, Cause: f.Cause,
					Pointers: []string{f.Pointer}, Causes: []string{f.Cause}, Example: f})
			}
			g := &out[i]
			g.Count++
			g.Checks = appendNew(g.Checks, f.Check)
			g.Categories = appendNew(g.Categories, f.Category)
			if f.Call != "" {
				g.Calls = appendNew(g.Calls, f.Call)
			}
		}
	}
	return merge(out)
}

// digits matches the numbers a contract rule's message may carry.
var digits = regexp.MustCompile(`[0-9]+`)

// merge joins the groups of one rule that the same checks met the same
// number of times (one defect at several places: the count is each
// place's), and the groups of one rule at one pointer that share a check
// (one defect at one place seen in several ways: the counts add up).
func merge(groups []Group) []Group {
	var out []Group
	for _, g := range groups {
		joined := false
		for i := range out {
			o := &out[i]
			if o.Rule != g.Rule {
				continue
			}
			if o.Count == g.Count && slices.Equal(o.Checks, g.Checks) {
				o.Pointers = append(o.Pointers, g.Pointer)
				o.Causes = append(o.Causes, g.Cause)
				joined = true
				break
			}
			if g.Pointer != "" && slices.Contains(o.Pointers, g.Pointer) && slices.ContainsFunc(g.Checks, func(c string) bool { return slices.Contains(o.Checks, c) }) {
				o.Pointers = append(o.Pointers, g.Pointer)
				o.Causes = append(o.Causes, g.Cause)
				o.Count += g.Count
				for _, c := range g.Checks {
					o.Checks = appendNew(o.Checks, c)
				}
				for _, c := range g.Categories {
					o.Categories = appendNew(o.Categories, c)
				}
				for _, c := range g.Calls {
					o.Calls = appendNew(o.Calls, c)
				}
				joined = true
				break
			}
		}
		if !joined {
			out = append(out, g)
		}
	}
	return out
}

func appendNew(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// Tally counts results by status.
type Tally struct {
	Pass  int `json:"pass"`
	Fail  int `json:"fail"`
	Skip  int `json:"skip"`
	Known int `json:"known,omitempty"` // failures the policy or baseline accepts (StatusKnown)
}

func (t *Tally) add(status string) {
	switch status {
	case StatusPass:
		t.Pass++
	case StatusFail:
		t.Fail++
	case StatusKnown:
		t.Known++
	default:
		t.Skip++
	}
}

// Tallies counts results by status, in all and per category (a category
// with no result is absent).
func Tallies(results []Result) (total Tally, byCategory map[string]*Tally) {
	byCategory = map[string]*Tally{}
	for _, r := range results {
		total.add(r.Status)
		if byCategory[r.Category] == nil {
			byCategory[r.Category] = &Tally{}
		}
		byCategory[r.Category].add(r.Status)
	}
	return total, byCategory
}
