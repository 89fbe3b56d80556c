package policy

import (
	"fmt"
	"sort"
	"strings"

	"github.com/wepaykit/wepaykit/internal/textdist"
)

// ConfigError reports a policy file that cannot be used: a YAML syntax
// error, an unknown key, a value of the wrong kind. File and Line locate
// it (Line is 0 when the whole file is concerned).
type ConfigError struct {
	File string
	Line int
	Msg  string
	Err  error // the underlying error, if any
}

// Error implements error.
func (e *ConfigError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Unwrap returns the underlying error.
func (e *ConfigError) Unwrap() error { return e.Err }

// UnknownRuleError reports a rule id in a policy file (under rules or in
// an ignore entry) that no checker reports.
type UnknownRuleError struct {
	File  string
	Line  int
	Rule  string
	Known []string // the rule ids the caller knows, sorted
	// Listed are the ids the message lists, when not all of Known (a
	// caller that knows a thousand ids lists the common ones); nil lists
	// Known. Suggestions are taken from Known either way.
	Listed []string
	// More says where the ids Known holds beyond Listed are listed (such
	// as "'wepaykit config rules' lists them all"), or "".
	More string
}

// Error implements error.
func (e *UnknownRuleError) Error() string {
	hint := ""
	if near := e.Nearest(3); len(near) > 0 {
		hint = fmt.Sprintf(" (did you mean %s?)", orList(near))
	}
	more := ""
	if e.More != "" {
		more = "; " + e.More
	}
	listed := e.Known
	if e.Listed != nil {
		listed = e.Listed
	}
	return fmt.Sprintf("%s:%d: unknown rule %q%s; known rules: %s%s", e.File, e.Line, e.Rule, hint, strings.Join(listed, ", "), more)
}

func orList(s []string) string {
	if len(s) == 1 {
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

// Suggestion is the known id closest to Rule (a typo of it), or "".
func (e *UnknownRuleError) Suggestion() string {
	if near := e.Nearest(1); len(near) > 0 {
		return near[0]
	}
	return ""
}

// Nearest returns up to n known ids that Rule may be a typo of, closest
// first: those within an edit distance of 3, then those that contain Rule
// or that Rule contains (such as "maxLength" for "schema.maxLength").
func (e *UnknownRuleError) Nearest(n int) []string {
	type cand struct {
		id string
		d  int
	}
	var cs []cand
	for _, k := range e.Known {
		switch d := textdist.Distance(e.Rule, k, 4); {
		case d < 4:
			cs = append(cs, cand{k, d})
		case len(e.Rule) >= 4 && strings.Contains(k, e.Rule), len(k) >= 4 && strings.Contains(e.Rule, k):
			cs = append(cs, cand{k, 4 + abs(len(k)-len(e.Rule))})
		}
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].d < cs[j].d })
	var out []string
	for _, c := range cs {
		if len(out) == n {
			break
		}
		out = append(out, c.id)
	}
	return out
}

// BaselineError reports a baseline file that cannot be read or written.
type BaselineError struct {
	File  string
	Entry int // 0-based index of the bad entry, -1 when the whole file is concerned
	Msg   string
	Err   error
}

// Error implements error.
func (e *BaselineError) Error() string {
	if e.Entry >= 0 {
		return fmt.Sprintf("%s: baseline entry %d: %s", e.File, e.Entry, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Unwrap returns the underlying error.
func (e *BaselineError) Unwrap() error { return e.Err }

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
