package wepaytest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wepaykit/wepaykit/internal/redact"
	"github.com/wepaykit/wepaykit/spec"
)

// FaultIPN is the Operation of a [Fault] that fails IPN deliveries instead
// of calls.
const FaultIPN = "ipn"

// The kinds of a [Fault] that does not answer with an error body.
const (
	FaultDrop      = "drop"      // close the connection without an answer
	FaultMalformed = "malformed" // answer 200 with a truncated JSON body
)

// FaultHeader is the request header that forces a fault on that one call:
// its value is a [Fault] as JSON (operation and times may be left out), for
// example {"status":503,"error":"throttle_exceeded","error_code":1007}.
const FaultHeader = "Wepaykit-Fault"

// FaultAppliedHeader names the fault that shaped an answer. The fake sets it
// on the answer and on the request as the handler chain sees it, so that a
// recording (wepaykit serve --record) shows the fault, a dropped
// connection included.
const FaultAppliedHeader = "Wepaykit-Fault-Applied"

// Fault makes calls of one operation (or IPN deliveries) fail, so that a
// partner can test retries, back-off and error handling. It applies to the
// next Times matching calls, then is gone. A fault is one of:
//   - an error answer: Status (4xx or 5xx) with Error (a category of the
//     contract's error body) and ErrorCode (a code of WePay's table, such
//     as 1007 throttled with 429 or 503, 1008 with 500, 1011 revoked token);
//   - Kind "drop" (the connection closes without an answer) or "malformed"
//     (a 200 answer whose JSON body is cut short);
//   - LatencyMS alone: the call is answered normally after the delay.
//
// LatencyMS may accompany the others. For Operation [FaultIPN] the next
// Times deliveries to CallbackURI (exact, query included; empty means any)
// fail without being sent: as Status (the receiver's status it records) or,
// with Kind "drop", as a connection that failed; the retry schedule then
// runs as for a real failure.
type Fault struct {
	Operation        string `json:"operation"`                   // a call path such as "/account/create", or "ipn"
	Times            int    `json:"times"`                       // how many calls it applies to, at least 1
	AccountID        int64  `json:"account_id,omitempty"`        // only calls whose body names this account
	Token            string `json:"token,omitempty"`             // only calls with this access token
	CallbackURI      string `json:"callback_uri,omitempty"`      // FaultIPN: only deliveries to this callback
	Status           int    `json:"status,omitempty"`            // HTTP status of the forced error
	Error            string `json:"error,omitempty"`             // the error body's category
	ErrorCode        int    `json:"error_code,omitempty"`        // the error body's code
	ErrorDescription string `json:"error_description,omitempty"` // default: WePay's text for the code
	LatencyMS        int    `json:"latency_ms,omitempty"`
	Kind             string `json:"kind,omitempty"` // "drop" or "malformed"
}

// describe names a fault for logs and recordings, with only what is set
// (an IPN fault is often a status alone); it never shows the token.
func (f Fault) describe() string {
	var parts []string
	switch {
	case f.Kind != "":
		parts = append(parts, "kind="+f.Kind)
	case f.Status != 0:
		parts = append(parts, fmt.Sprintf("status=%d", f.Status))
		if f.Error != "" {
			parts = append(parts, "error="+f.Error)
		}
		if f.ErrorCode != 0 {
			parts = append(parts, fmt.Sprintf("error_code=%d", f.ErrorCode))
		}
	}
	if f.LatencyMS > 0 {
		parts = append(parts, fmt.Sprintf("latency_ms=%d", f.LatencyMS))
	}
	return f.Operation + " " + strings.Join(parts, " ")
}

// codeText is WePay's meaning of each code (wepay-facts, "Error body"),
// the default error_description of a forced error.
var codeText = map[int]string{
	1001: "call does not exist", 1002: "required header missing", 1003: "invalid parameter value",
	1004: "required parameter missing", 1005: "unparseable parameters", 1006: "could not authenticate",
	1007: "throttle exceeded, please try again later", 1008: "unexpected error", 1009: "user-displayable data error",
	1010: "insufficient permissions", 1011: "access_token has been revoked", 1012: "OAuth2 code expired",
	1013: "client_id does not match code", 1014: "IP not whitelisted", 1015: "API version invalid or expired",
	1016: "Api-Version not valid for the app", 3001: "account does not exist",
	3002: "this token's user may not view or modify the account", 3003: "account deleted",
	3004: "account cannot transact", 3005: "insufficient funds", 3006: "KYC already provided",
	3007: "KYC required first", 3008: "settlement info required",
}

// FaultError reports a [Fault] the fake cannot apply.
type FaultError struct{ Msg string }

// Error implements error.
func (e *FaultError) Error() string { return "wepaytest: fault: " + e.Msg }

// check validates a fault against the contract; header faults may leave
// operation and times out.
func (h *Handler) checkFault(f *Fault, oneOff bool) error {
	switch {
	case oneOff:
		f.Times = 1
	case f.Operation == "":
		return &FaultError{Msg: "operation is required: a call path such as /account/create, or ipn"}
	case f.Operation != FaultIPN && !slices.Contains(spec.OperationPaths(), f.Operation):
		return &FaultError{Msg: fmt.Sprintf("unknown operation %q: give a call path such as /account/create, or ipn", f.Operation)}
	case f.Times < 1:
		return &FaultError{Msg: "times must be at least 1"}
	}
	if f.LatencyMS < 0 || f.LatencyMS > 600_000 {
		return &FaultError{Msg: "latency_ms must be from 0 to 600000"}
	}
	switch {
	case f.Kind != "" && f.Status != 0:
		return &FaultError{Msg: "give either status (an error answer) or kind, not both"}
	case f.Kind != "":
		if f.Kind != FaultDrop && (f.Kind != FaultMalformed || f.Operation == FaultIPN) {
			return &FaultError{Msg: fmt.Sprintf("unknown kind %q: drop or malformed (ipn faults: drop)", f.Kind)}
		}
	case f.Status != 0 && f.Operation == FaultIPN:
		if f.Status < 100 || f.Status > 599 || f.Status == http.StatusOK {
			return &FaultError{Msg: "an ipn fault's status is the receiver's failed status: 100-599 but not 200"}
		}
	case f.Status != 0:
		if f.Status < 400 || f.Status > 599 {
			return &FaultError{Msg: "status must be 4xx or 5xx"}
		}
		if !slices.Contains(h.errCategories, f.Error) {
			return &FaultError{Msg: fmt.Sprintf("error %q is not a category of the error body (%s)", f.Error, strings.Join(h.errCategories, ", "))}
		}
		if !slices.Contains(h.errCodes, f.ErrorCode) {
			return &FaultError{Msg: fmt.Sprintf("error_code %d is not one of WePay's codes", f.ErrorCode)}
		}
		if f.ErrorDescription == "" {
			f.ErrorDescription = codeText[f.ErrorCode]
		}
	case f.LatencyMS == 0:
		return &FaultError{Msg: "give status with error and error_code, kind, or latency_ms"}
	}
	if f.Operation == FaultIPN && f.Status == 0 && f.Kind == "" {
		return &FaultError{Msg: "an ipn fault needs status or kind drop"}
	}
	return nil
}

// AddFault arms a fault for the next f.Times matching calls (or IPN
// deliveries). It returns a *FaultError for a fault it cannot apply.
func (h *Handler) AddFault(f Fault) error {
	if err := h.checkFault(&f, false); err != nil {
		return err
	}
	h.faultMu.Lock()
	h.faults = append(h.faults, &f)
	h.faultMu.Unlock()
	return nil
}

// ClearFaults disarms every fault.
func (h *Handler) ClearFaults() {
	h.faultMu.Lock()
	h.faults = nil
	h.faultMu.Unlock()
}

// Faults lists the armed faults, with the calls each still applies to.
func (h *Handler) Faults() []Fault {
	h.faultMu.Lock()
	defer h.faultMu.Unlock()
	out := make([]Fault, len(h.faults))
	for i, f := range h.faults {
		out[i] = *f
	}
	return out
}

// take consumes one use of the first fault that matches.
func (h *Handler) take(match func(f *Fault) bool) (Fault, bool) {
	h.faultMu.Lock()
	defer h.faultMu.Unlock()
	for i, f := range h.faults {
		if !match(f) {
			continue
		}
		got := *f
		if f.Times--; f.Times <= 0 {
			h.faults = slices.Delete(h.faults, i, i+1)
		}
		return got, true
	}
	return Fault{}, false
}

// callFault finds the fault for a call: the request's own header first,
// then an armed fault. A header that does not parse is a *FaultError.
func (h *Handler) callFault(r *http.Request, op string) (Fault, bool, error) {
	if raw := r.Header.Get(FaultHeader); raw != "" {
		var f Fault
		dec := json.NewDecoder(strings.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&f); err != nil {
			return Fault{}, false, &FaultError{Msg: FaultHeader + " is not a fault as JSON: " + err.Error()}
		}
		if f.Operation == "" {
			f.Operation = op
		}
		if err := h.checkFault(&f, true); err != nil {
			return Fault{}, false, err
		}
		return f, true, nil
	}
	h.faultMu.Lock()
	armed := len(h.faults) > 0
	h.faultMu.Unlock()
	if !armed {
		return Fault{}, false, nil
	}
	token := bearer(r)
	var account int64
	if r.Body != nil {
		body, _ := io.ReadAll(io.LimitReader(r.Body, maxFaultPeek))
		r.Body = io.NopCloser(bytes.NewReader(body))
		var id struct {
			AccountID json.RawMessage `json:"account_id"`
		}
		if json.Unmarshal(body, &id) == nil {
			s, _ := strconv.Unquote(string(id.AccountID))
			if s == "" {
				s = string(id.AccountID)
			}
			account, _ = strconv.ParseInt(s, 10, 64)
		}
	}
	f, ok := h.take(func(f *Fault) bool {
		return f.Operation == op && (f.AccountID == 0 || f.AccountID == account) && (f.Token == "" || f.Token == token)
	})
	return f, ok, nil
}

// maxFaultPeek bounds how much of a body is read to find its account_id;
// the validator refuses larger bodies anyway.
const maxFaultPeek = 8 << 20

// bearer is the request's access token, "" without one.
func bearer(r *http.Request) string {
	scheme, tok, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(tok)
}

// serveFault applies a call's fault. It reports whether the call is
// answered (or dropped) and must not reach the API.
func (h *Handler) serveFault(w http.ResponseWriter, r *http.Request, f Fault) bool {
	desc := f.describe()
	h.log.Info("wepaytest: fault", "fault", desc)
	r.Header.Set(FaultAppliedHeader, desc)
	w.Header().Set(FaultAppliedHeader, desc)
	if f.LatencyMS > 0 {
		t := time.NewTimer(time.Duration(f.LatencyMS) * time.Millisecond)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return true
		}
	}
	switch {
	case f.Kind == FaultDrop:
		// The server closes the connection without an answer (net/http
		// recovers this panic quietly).
		panic(http.ErrAbortHandler)
	case f.Kind == FaultMalformed:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, `{"account_id": 12`)
		return true
	case f.Status != 0:
		writeError(w, r, &APIError{Status: f.Status, Category: f.Error, Code: f.ErrorCode, Description: f.ErrorDescription})
		return true
	}
	return false // latency only: answer as usual
}

// ipnFault consumes the fault for a delivery to url, if any.
func (h *Handler) ipnFault(url string) (Fault, bool) {
	return h.take(func(f *Fault) bool {
		return f.Operation == FaultIPN && (f.CallbackURI == "" || f.CallbackURI == url)
	})
}

// errorVocabulary reads the error body's categories (the enum of error)
// and WePay's codes (the examples of error_code) from the contract.
func errorVocabulary(s *spec.Spec) ([]string, []int, error) {
	sc, ok := s.Schema("Error")
	if !ok || sc.Properties["error"] == nil || sc.Properties["error_code"] == nil {
		return nil, nil, &spec.NotFoundError{Kind: "schema", Name: "Error with error and error_code"}
	}
	var cats []string
	for _, e := range sc.Properties["error"].Value.Enum {
		if c, ok := e.(string); ok {
			cats = append(cats, c)
		}
	}
	var codes []int
	for _, e := range sc.Properties["error_code"].Value.Examples {
		switch n := e.(type) {
		case float64:
			codes = append(codes, int(n))
		case int:
			codes = append(codes, n)
		case int64:
			codes = append(codes, int(n))
		}
	}
	return cats, codes, nil
}

// serveFaultAdmin answers POST /admin/faults (body: a [Fault]; answer: the
// armed faults, tokens left out) and POST /admin/faults/clear. It reports
// whether the route was one of them.
func (h *Handler) serveFaultAdmin(w http.ResponseWriter, r *http.Request) bool {
	switch strings.TrimSuffix(r.URL.Path, "/") {
	case "/admin/faults":
		var f Fault
		dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&f); err != nil {
			writeError(w, r, invalid(0, CodeInvalidParameter, "the fault is not valid JSON: "+err.Error()))
			return true
		}
		if err := h.AddFault(f); err != nil {
			writeError(w, r, invalid(0, CodeInvalidParameter, err.Error()))
			return true
		}
	case "/admin/faults/clear":
		h.ClearFaults()
	default:
		return false
	}
	armed := h.Faults()
	for i := range armed {
		if armed[i].Token != "" {
			armed[i].Token = redact.Mask
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"faults": armed})
	return true
}
