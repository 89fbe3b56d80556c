package policy

import (
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"
)

// Key identifies a finding for the policy: which rule, in which call and
// side, at which JSON pointer, in which recording. Linters and conformance
// runs fill what applies (a lint problem's Pointer is its place in the
// spec, a conformance check's Rule is the check's name).
type Key struct {
	Rule      string
	Operation string // "/account/create"
	Side      string // "request" or "response"
	Pointer   string // RFC 6901 pointer into the body
	File      string // the recording (or spec) path as given; "" when none
}

// Suppression says why a finding is not reported as a failure.
type Suppression string

// Suppressions. A suppressed finding is still counted and listed (JSON,
// SARIF suppressions, --show-ignored); it never fails a run.
const (
	Kept               Suppression = ""         // reported
	SuppressedOff      Suppression = "off"      // its rule is off (rules: ID: off)
	SuppressedIgnore   Suppression = "ignore"   // an ignore entry matches it
	SuppressedBaseline Suppression = "baseline" // it is a known finding of the baseline
)

// Verdict is what the policy makes of one finding.
type Verdict struct {
	Severity   string      // the severity to report: the finding's own, or the one rules gives
	Suppressed Suppression // Kept when the finding is reported
	Reason     string      // the ignore entry's reason; a short explanation otherwise
	Source     string      // where the deciding entry is: "path:line" of the policy file, or the baseline file
}

// Decide applies rule control and ignores to a finding of severity sev
// (Error or Warning). It does not consult a baseline; see [Matcher].
func (p *Policy) Decide(k Key, sev string) Verdict {
	v := Verdict{Severity: sev}
	if p == nil {
		return v
	}
	if rc, ok := p.ruleFor(k); ok {
		if rc.Severity == Off {
			v.Suppressed = SuppressedOff
			v.Reason = "rule " + k.Rule + " is off"
			v.Source = p.where(rc.Line)
			return v
		}
		v.Severity = rc.Severity
	}
	today := p.today()
	for i := range p.Ignore {
		ig := &p.Ignore[i]
		if ig.expired(today) || !p.ignoreMatches(ig, k) {
			continue
		}
		v.Suppressed = SuppressedIgnore
		v.Reason = ig.Reason
		v.Source = p.where(ig.Line)
		return v
	}
	return v
}

// ruleFor finds the rule control for a finding: among the entries whose
// operations and pointers match, one naming the rule exactly wins over a
// glob; among equals, the first in the file.
func (p *Policy) ruleFor(k Key) (RuleControl, bool) {
	var glob *RuleControl
	for i := range p.Rules {
		rc := &p.Rules[i]
		exact := rc.Rule == k.Rule
		if !exact && !(strings.ContainsAny(rc.Rule, "*?[") && matchName(rc.Rule, k.Rule)) {
			continue
		}
		if len(rc.Operations) > 0 && !slices.ContainsFunc(rc.Operations, func(g string) bool { return Glob(g, normOp(k.Operation)) }) {
			continue
		}
		if len(rc.Pointers) > 0 && !slices.ContainsFunc(rc.Pointers, func(g string) bool { return Glob(g, k.Pointer) }) {
			continue
		}
		if exact {
			return *rc, true
		}
		if glob == nil {
			glob = rc
		}
	}
	if glob != nil {
		return *glob, true
	}
	return RuleControl{}, false
}

func matchName(pattern, name string) bool {
	ok, err := path.Match(pattern, name)
	return err == nil && ok
}

func (p *Policy) ignoreMatches(ig *Ignore, k Key) bool {
	switch {
	case ig.Rule != "" && ig.Rule != k.Rule && !(strings.ContainsAny(ig.Rule, "*?[") && matchName(ig.Rule, k.Rule)):
		return false
	case ig.Operation != "" && !Glob(normOp(ig.Operation), normOp(k.Operation)):
		return false
	case ig.Side != "" && ig.Side != k.Side:
		return false
	case ig.Pointer != "" && !Glob(ig.Pointer, k.Pointer):
		return false
	case ig.Files != "":
		if k.File == "" {
			return false // no recording to match (go test, a bare body)
		}
		return Glob(ig.Files, RelPath(p.Dir, k.File))
	}
	return true
}

func (p *Policy) today() time.Time {
	now := time.Now
	if p.Clock != nil {
		now = p.Clock
	}
	t := now()
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func (ig *Ignore) expired(today time.Time) bool {
	if ig.Until == "" {
		return false
	}
	until, err := time.Parse(time.DateOnly, ig.Until)
	return err == nil && today.After(until)
}

// ExpiredIgnore is an ignore entry whose until date has passed: it no
// longer applies, and should be removed from the file or renewed.
type ExpiredIgnore struct {
	Ignore
	Source string // "path:line"
}

// Expired lists the ignore entries whose until date is before today.
func (p *Policy) Expired() []ExpiredIgnore {
	if p == nil {
		return nil
	}
	today := p.today()
	var out []ExpiredIgnore
	for _, ig := range p.Ignore {
		if ig.expired(today) {
			out = append(out, ExpiredIgnore{Ignore: ig, Source: p.where(ig.Line)})
		}
	}
	return out
}

// CheckRules reports the first rule id of the file (under rules or in an
// ignore entry) that is not among known, as an *UnknownRuleError listing
// the known ones. A glob id must match at least one known id.
func (p *Policy) CheckRules(known []string) error {
	if p == nil {
		return nil
	}
	ok := func(id string) bool {
		if slices.Contains(known, id) {
			return true
		}
		if strings.ContainsAny(id, "*?[") {
			return slices.ContainsFunc(known, func(k string) bool { return matchName(id, k) })
		}
		return false
	}
	sorted := slices.Clone(known)
	sort.Strings(sorted)
	sorted = slices.Compact(sorted)
	for _, rc := range p.Rules {
		if !ok(rc.Rule) {
			return &UnknownRuleError{File: p.where(0), Line: rc.Line, Rule: rc.Rule, Known: sorted}
		}
	}
	for _, ig := range p.Ignore {
		if ig.Rule != "" && !ok(ig.Rule) {
			return &UnknownRuleError{File: p.where(0), Line: ig.Line, Rule: ig.Rule, Known: sorted}
		}
	}
	return nil
}

// RuleIDs lists the rule ids (and globs) the file names, under rules and
// in ignore entries, in file order without repeats.
func (p *Policy) RuleIDs() []string {
	if p == nil {
		return nil
	}
	var out []string
	for _, rc := range p.Rules {
		if !slices.Contains(out, rc.Rule) {
			out = append(out, rc.Rule)
		}
	}
	for _, ig := range p.Ignore {
		if ig.Rule != "" && !slices.Contains(out, ig.Rule) {
			out = append(out, ig.Rule)
		}
	}
	return out
}

// normOp strips a /v2 prefix and a trailing slash from an operation path.
func normOp(op string) string {
	op = strings.TrimPrefix(op, "/v2/")
	if !strings.HasPrefix(op, "/") && op != "" {
		op = "/" + op
	}
	if len(op) > 1 {
		op = strings.TrimSuffix(op, "/")
	}
	return op
}

// Glob matches a slash-separated name (a JSON pointer, an operation path,
// a file path) against a pattern: "*" and the other path.Match
// metacharacters match within one segment, a segment "**" matches any
// number of segments, none included. So /balances/*/withdrawal_bank_name
// matches /balances/0/withdrawal_bank_name and legacy/** matches every
// file under legacy.
func Glob(pattern, name string) bool {
	return globSegs(strings.Split(pattern, "/"), strings.Split(name, "/"))
}

func globSegs(pat, name []string) bool {
	// match[j] says whether pat[i:] matches name[j:], for i from the end:
	// O(len(pat)*len(name)), whatever the number of "**".
	match := make([]bool, len(name)+1)
	match[len(name)] = true
	for i := len(pat) - 1; i >= 0; i-- {
		next := make([]bool, len(name)+1)
		if pat[i] == "**" {
			any := false
			for j := len(name); j >= 0; j-- {
				any = any || match[j]
				next[j] = any
			}
		} else {
			for j := len(name) - 1; j >= 0; j-- {
				ok, err := path.Match(pat[i], name[j])
				next[j] = err == nil && ok && match[j+1]
			}
		}
		match = next
	}
	return match[0]
}

// checkGlob reports a pattern path.Match cannot use.
func checkGlob(p string) error {
	for _, seg := range strings.Split(p, "/") {
		if _, err := path.Match(seg, ""); err != nil {
			return err
		}
	}
	return nil
}

// RelPath normalises a recording path for matching and fingerprints: made
// relative to base (the policy or baseline file's directory; "" means the
// working directory), with forward slashes. Standard input ("-") and
// paths that cannot be made relative are only cleaned.
func RelPath(base, file string) string {
	if file == "" || file == "-" {
		return file
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return filepath.ToSlash(filepath.Clean(file))
	}
	if base == "" {
		base = "."
	}
	b, err := filepath.Abs(base)
	if err != nil {
		return filepath.ToSlash(filepath.Clean(file))
	}
	rel, err := filepath.Rel(b, abs)
	if err != nil {
		return filepath.ToSlash(abs)
	}
	return filepath.ToSlash(rel)
}
