package validate

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/wepaykit/wepaykit/internal/counts"
	"github.com/wepaykit/wepaykit/policy"
)

// The limit on findings. A body can hold as many defects as it has values:
// a find answer of a million empty objects lacks thirteen million required
// members. Listing them all held every one in memory until the report was
// written (5.6 GB for that answer, and minutes of garbage collection), and
// a report of millions of lines helps nobody. So each side of an exchange
// (its request, its answer) lists at most the validator's limit of
// findings (DefaultMaxFindings, WithMaxFindings, the policy's
// max-findings), and one findings-limit finding at the root of the side's
// body says how many more there were, by the severity the policy gives
// them (the ones it suppresses are not counted).
//
// The ones listed are the first in the order of the report (findingLess),
// not the first the checks came upon: the schema library and the fast path
// walk an object's members in the random order of Go's maps, and the same
// body must give the same report every time. The side's findings are kept
// in its part of the list until there are twice the limit; then they are
// sorted and the ones past the limit are counted and let go. The count is
// of the findings as the checks produced them: a named rule's finding at a
// pointer whose schema finding was let go is counted, where the two would
// have been listed as one (oneFindingPerDefect).

// limit is what a call knows of the limit on its findings.
type limit struct {
	started bool   // the call has added a finding
	start   int    // where the call's findings begin in its list
	over    [2]int // the findings let go: errors, then warnings
	// last is the last finding kept by the latest trim: a finding that
	// sorts after it would be let go by the next, so it is counted at once.
	last    Finding
	trimmed bool // last is set
}

// past reports whether f sorts after every finding the limit keeps, and
// counts it if so: it need not be listed.
func (c *call) past(f *Finding) bool {
	if !c.lim.trimmed || compareKept(*f, c.lim.last) <= 0 {
		return false
	}
	c.count(*f)
	return true
}

// pastAt is past for a finding of rule at pointer in the body, of
// severity sev, decided before its message is built: true (and counted)
// when its pointer alone puts it after every finding the limit keeps.
func (c *call) pastAt(pointer, rule string, sev Severity) bool {
	if !c.lim.trimmed || c.lim.last.Location != InBody || c.lim.last.Side != string(c.side) || pointer <= c.lim.last.Pointer {
		return false
	}
	c.count(Finding{Operation: c.op, Side: string(c.side), Location: InBody, Pointer: pointer, Rule: rule, Severity: sev})
	return true
}

// compareKept is the order of the findings the limit keeps: the report's
// (compareFindings), made total.
func compareKept(a, b Finding) int {
	return cmp.Or(compareFindings(a, b), strings.Compare(string(a.Severity), string(b.Severity)), strings.Compare(a.Schema, b.Schema))
}

// trim keeps the first c.v.maxFindings of c's findings, in the order of
// the report, and counts the others.
func (c *call) trim() {
	own := (*c.out)[c.lim.start:]
	if len(own) <= c.v.maxFindings {
		return
	}
	slices.SortFunc(own, compareKept)
	for _, f := range own[c.v.maxFindings:] {
		c.count(f)
	}
	c.lim.last, c.lim.trimmed = own[c.v.maxFindings-1], true
	clear(own[c.v.maxFindings:])
	*c.out = (*c.out)[:c.lim.start+c.v.maxFindings]
}

// count counts f, a finding let go, with the severity the policy gives it,
// unless the policy suppresses it.
func (c *call) count(f Finding) {
	sev := f.Severity
	if p := c.v.countPolicy; p != nil {
		vd := p.Decide(PolicyKey(f, ""), string(sev))
		if vd.Suppressed != policy.Kept {
			return
		}
		sev = Severity(vd.Severity)
	}
	if sev == SeverityError {
		c.lim.over[0]++
	} else {
		c.lim.over[1]++
	}
}

// closeLimit ends c's side: it keeps the first findings within the limit
// and, when it let any go, adds the findings-limit finding that counts
// them (never itself let go).
func (c *call) closeLimit() {
	if c.lim.started {
		c.trim()
	}
	errs, warns := c.lim.over[0], c.lim.over[1]
	if errs+warns == 0 {
		return
	}
	sev := SeverityWarning
	if errs > 0 {
		sev = SeverityError
	}
	f := Finding{Location: InBody, Rule: RuleFindingsLimit, Severity: sev,
		Message: fmt.Sprintf("%d more %s not listed (%s, %s): the limit is %d findings for each side of an exchange (max-findings)",
			errs+warns, noun(errs+warns, "finding", "findings"), counts.Noun(errs, "error", "errors"), counts.Noun(warns, "warning", "warnings"), c.v.maxFindings)}
	f.Operation, f.Side = c.op, string(c.side)
	*c.out = append(*c.out, f)
	c.lim = limit{}
}

// noun is one or many, as n asks.
func noun(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
