package conformance

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/wepaykit/wepaykit/internal/redact"
)

// CheckError is one failure of one check. Sent and Got summarise the
// request and the answer: long strings are shortened (an error body's
// error_description never below what identifies the cause), and the
// Authorization value, every token of the Target, every access_token or
// client_secret value and any credential a string shows ("Bearer X") are
// replaced with [REDACTED], through internal/redact.
//
// Rule, Pointer and Cause say what went wrong apart from the check that
// saw it: failures of several checks with the same three have one cause,
// and [Groups] reports them once.
type CheckError struct {
	Check    string // the check's name
	Category string
	Call     string // the call, for example "/account/create", or "driver Disable"
	Sent     string // what was sent, summarised; "" when nothing was
	Got      string // the answer, summarised; "" when none came
	Msg      string // what was wrong, as this check saw it
	// Rule is the id of the contract rule an answer broke (a validate
	// rule such as "schema.required" or a named rule such as
	// "find-sorted"), or one of the Rule* expectations of this package.
	Rule string
	// Pointer is where the cause sits: the finding's JSON pointer into the
	// answer (array indexes as "*"), or the request member a refusal was
	// wanted for; "" when neither applies.
	Pointer string
	// Cause is Msg without what is particular to the check: the same
	// cause reads the same in every check that meets it.
	Cause string

	answer *answer // the answer the failure is about, if any
}

// Rules of the failures that are expectations of the suite rather than
// rules of the contract (see [CheckError.Rule]).
const (
	RuleAccepted    = "conformance.accepted"     // a request the contract refuses was answered 200
	RuleRefused     = "conformance.refused"      // a valid request was refused
	RuleStatus      = "conformance.status"       // a refusal with another HTTP status than wanted
	RuleErrorBody   = "conformance.error-body"   // a refusal without WePay's error body
	RuleErrorCode   = "conformance.error-code"   // a refusal with another error or error_code than wanted
	RuleDetails     = "conformance.details"      // the error's details do not name the member
	RuleCallMissing = "conformance.call-missing" // the target does not offer the call (404, 405, 501)
	RuleNoAnswer    = "conformance.no-answer"    // the request got no answer
	RuleState       = "conformance.state"        // an account is in another state than its history makes it
	RuleFind        = "conformance.find"         // /account/find lists other accounts, or in another order, than wanted
	RuleDriver      = "conformance.driver"       // the state driver's change went otherwise than wanted
	RuleIPN         = "conformance.ipn"          // an IPN delivery differs from the contract's webhook
	RuleCheck       = "conformance.check"        // anything else a check wants
)

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

// errorOnce is Error, but without the sent and got when seen holds them
// already (an earlier failure of the check in the same answer showed
// them); it adds them to seen.
func (e *CheckError) errorOnce(seen map[[2]string]bool) string {
	k := [2]string{e.Sent, e.Got}
	if k == [2]string{} || !seen[k] {
		seen[k] = true
		return e.Error()
	}
	short := *e
	short.Sent, short.Got = "", ""
	return short.Error() + "\n\t(sent and got as above)"
}

// SetupError reports that the run could not start: the accounts the checks
// share could not be made, or the state driver refused its first change.
// No check ran; the CLI exits 2.
type SetupError struct {
	Step        string // what failed, for example "create the shared account"
	Call        string // the request, for example "POST /v2/account/create"
	Unreachable bool   // no answer came: the target is down or the address is wrong
	Driver      bool   // the state driver failed, not the API
	Status      int    // the answer's HTTP status; 0 when none came
	Code        int64  // the error body's error_code, when it had one
	Description string // the error body's error_description (redacted), or what else was wrong
	Err         error
}

// Error implements error. It is one line.
func (e *SetupError) Error() string {
	return fmt.Sprintf("conformance: setup: %s: %s", e.Step, e.detail())
}

func (e *SetupError) detail() string {
	var d string
	switch {
	case e.Status == 0 && e.Err != nil:
		d = "no answer: " + strings.ReplaceAll(e.Err.Error(), "\n", " ")
	case e.Status == 0:
		d = "no answer"
	default:
		d = fmt.Sprintf("HTTP %d", e.Status)
		if e.Code != 0 {
			d += fmt.Sprintf(", error_code %d", e.Code)
		}
		if e.Description != "" {
			d += ": " + strings.ReplaceAll(e.Description, "\n", " ")
		}
	}
	if e.Call != "" {
		d = e.Call + " answered " + d
		if e.Status == 0 {
			d = e.Call + ": " + strings.TrimPrefix(d, e.Call+" answered ")
		}
	}
	return d
}

// Hint says what to look at first, naming the CLI flag concerned.
func (e *SetupError) Hint() string {
	switch {
	case e.Driver && e.Unreachable:
		return "the state driver got no answer: does the target offer the /admin/ routes (wepaykit serve --admin)? Leave out --admin to run without a driver"
	case e.Driver:
		return "the state driver was refused: does the target offer the /admin/ routes (wepaykit serve --admin), and does it need --admin-token? Leave out --admin to run without a driver"
	case e.Unreachable:
		return "is the target running, and is BASE_URL its API base ending in /v2 (for example http://127.0.0.1:8080/v2)?"
	case e.Status == 401 || e.Status == 403:
		return "the target refused the token: check --token (Target.Token)"
	case e.Status == 404 || e.Status == 405 || e.Status == 501:
		return "check BASE_URL: it must be the API base ending in /v2, and the target must offer /account/create, which every run needs to make its accounts"
	}
	return "the checks need /account/create to answer 200 with an account_id before they can start"
}

// Unwrap returns the underlying error.
func (e *SetupError) Unwrap() error { return e.Err }

// redacted replaces secrets in summaries.
const redacted = redact.Mask

// redactor removes the target's tokens from text, through the project's
// one redaction (internal/redact): each token is masked as it is and in
// its URL- and JSON-escaped forms, a short one only where it stands alone,
// and any token-shaped value or secret parameter of a quoted URL too.
type redactor struct {
	policy *redact.Policy
	sec    *redact.Secrets
}

func newRedactor(secrets ...string) redactor {
	r := redactor{policy: redact.Default(), sec: &redact.Secrets{}}
	r.sec.Add(secrets...)
	return r
}

// apply masks the target's tokens (in every encoding, also cut short),
// then any credential the text itself shows ("Bearer X", "access_token=X",
// a token-shaped value, a secret parameter of a quoted URL), so that a
// target that echoes some other secret in an error message does not get it
// into a cause or a summary.
func (r redactor) apply(s string) string { return r.policy.Text(r.sec.Text(s)) }

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
	return cut(r.apply(strings.TrimSpace(b.String())), maxSummary)
}

// decodeJSON decodes body, numbers as json.Number; a body with anything
// but white space after its first value ("404 page not found") is not
// JSON.
func decodeJSON(body []byte) (any, error) {
	var v any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errTrailing
	}
	return v, nil
}

// errTrailing reports a body with more after its first JSON value.
var errTrailing = errors.New("conformance: data after the JSON value")

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
		// Two elements show the shape; the rest are counted.
		a := make([]any, 0, min(len(x), maxElems+1))
		for i, e := range x {
			if i == maxElems {
				a = append(a, "…("+strconv.Itoa(len(x)-maxElems)+" more)")
				break
			}
			a = append(a, r.shorten(e, key))
		}
		return a
	case string:
		k := strings.ToLower(key)
		if r.policy.SecretKey(key) {
			return redacted
		}
		x = r.apply(x)
		n := utf8.RuneCountInString(x)
		// The words of an error body say what went wrong: they are kept
		// whole up to a bound far above any WePay message.
		if k == "error_description" || k == "error" || k == "message" || k == "reason_code" {
			if n > maxMessage {
				return cut(x, maxMessage) + "(" + strconv.Itoa(n) + " chars)"
			}
			return x
		}
		if n > maxString {
			return cut(x, maxString-16) + "(" + strconv.Itoa(n) + " chars)"
		}
		return x
	}
	return v
}

// Bounds of a summarised body: a string value, an error body's message and
// the whole summary, in runes.
const (
	maxString  = 64
	maxMessage = 1000
	maxSummary = 800
	maxElems   = 2 // array elements shown
)

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
