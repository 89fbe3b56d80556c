package conformance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// CheckError is one failure of one check. Sent and Got summarise the
// request and the answer: long strings are shortened, and the
// Authorization value, every token of the Target and every access_token or
// client_secret value are replaced with [REDACTED].
type CheckError struct {
	Check    string // the check's name
	Category string
	Call     string // the call, for example "/account/create", or "driver Disable"
	Sent     string // what was sent, summarised; "" when nothing was
	Got      string // the answer, summarised; "" when none came
	Msg      string // what was wrong
}

// Error implements error.
func (e *CheckError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "conformance: %s: %s", e.Check, e.Msg)
	if e.Call != "" {
		fmt.Fprintf(&b, "\n\tcall: %s", e.Call)
	}
	if e.Sent != "" {
		fmt.Fprintf(&b, "\n\tsent: %s", e.Sent)
	}
	if e.Got != "" {
		fmt.Fprintf(&b, "\n\tgot:  %s", e.Got)
	}
	return b.String()
}

// SetupError reports that the accounts the checks share could not be
// made, so no check could run.
type SetupError struct {
	Step        string // what failed, for example "create the shared account"
	Unreachable bool   // no answer came: the target is down or the address is wrong
	Err         error
}

// Error implements error.
func (e *SetupError) Error() string {
	return fmt.Sprintf("conformance: setup: %s: %v", e.Step, e.Err)
}

// Unwrap returns the underlying error.
func (e *SetupError) Unwrap() error { return e.Err }

// redacted replaces secrets in summaries.
const redacted = "[REDACTED]"

// redactor removes the target's tokens from text.
type redactor []string

// newRedactor redacts each secret as it is and in the escaped forms a
// request can carry it in (url.QueryEscape, url.PathEscape), so that a
// token with "+", "/" or "=" in it is found in a URL too. Longer forms come
// first: a secret inside another is never replaced before the other.
func newRedactor(secrets ...string) redactor {
	var r redactor
	for _, s := range secrets {
		for _, form := range []string{s, url.QueryEscape(s), url.PathEscape(s)} {
			if form != "" && !slices.Contains(r, form) {
				r = append(r, form)
			}
		}
	}
	slices.SortStableFunc(r, func(a, b string) int { return len(b) - len(a) })
	return r
}

func (r redactor) apply(s string) string {
	for _, sec := range r {
		if len(sec) >= 3 {
			s = strings.ReplaceAll(s, sec, redacted)
		}
	}
	return s
}

// summarize shortens a body for a report: JSON keeps its shape with long
// strings cut and secret members redacted; anything else is quoted and cut.
// Secrets are redacted before anything is cut, so that no cut leaves part
// of a token behind.
func (r redactor) summarize(body []byte) string {
	if len(bytes.TrimSpace(body)) == 0 {
		return "(no body)"
	}
	v, err := decodeJSON(body)
	if err != nil {
		return "(not JSON) " + strconv.Quote(cut(r.apply(string(body)), 120))
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(r.shorten(v, ""))
	return cut(r.apply(strings.TrimSpace(b.String())), 400)
}

// decodeJSON decodes the first JSON value of body, numbers as json.Number.
func decodeJSON(body []byte) (any, error) {
	var v any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	err := dec.Decode(&v)
	return v, err
}

// shorten redacts the secrets in the strings of a decoded body, then cuts
// the long ones; access_token and client_secret members are redacted
// whole.
func (r redactor) shorten(v any, key string) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = r.shorten(e, k)
		}
		return m
	case []any:
		a := make([]any, len(x))
		for i, e := range x {
			a[i] = r.shorten(e, key)
		}
		return a
	case string:
		if k := strings.ToLower(key); k == "access_token" || k == "client_secret" {
			return redacted
		}
		x = r.apply(x)
		if n := utf8.RuneCountInString(x); n > 40 {
			return cut(x, 24) + "(" + strconv.Itoa(n) + " chars)"
		}
		return x
	}
	return v
}

// cut keeps the first n runes of s, marking a cut with "…".
func cut(s string, n int) string {
	i := 0
	for pos := range s {
		if i == n {
			return s[:pos] + "…"
		}
		i++
	}
	return s
}
