package wepaytest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
)

// Error codes of the transport checks (wepay-facts, "Error body").
const (
	CodeAPIVersion = 1015 // API version invalid or expired
)

// checkHeaders answers the transport errors WePay gives before it reads a
// call: 1002 for a missing User-Agent ("a missing User-Agent, Content-Type
// or Authorization header is error 1002"; the validating middleware answers
// the other two) and 1015 for an Api-Version that is not one of WePay's
// versions (spec x-wepaykit-api-versions). It reports whether it answered.
func (h *Handler) checkHeaders(w http.ResponseWriter, r *http.Request) bool {
	if strings.TrimSpace(r.Header.Get("User-Agent")) == "" {
		writeError(w, r, invalid(0, CodeMissingHeader, "required header User-Agent is missing"))
		return true
	}
	if v, sent := r.Header["Api-Version"]; sent && (len(v) != 1 || !h.versions.Known(strings.TrimSpace(v[0]))) {
		writeError(w, r, invalid(0, CodeAPIVersion, "Api-Version "+quoteClip(strings.Join(v, ","))+" is not a valid API version; known versions run from "+
			h.versions.Versions[0]+" to "+h.versions.Versions[len(h.versions.Versions)-1]))
		return true
	}
	return false
}

func quoteClip(s string) string {
	if len(s) > 40 {
		s = s[:40] + "..."
	}
	b, _ := json.Marshal(s)
	return string(b)
}

// pinnedWithoutDetails reports whether the call is pinned to an API version
// older than the error body's details array ("from API version 2018-08-29
// also details ... and documentation_url").
func (h *Handler) pinnedWithoutDetails(r *http.Request) bool {
	v := strings.TrimSpace(r.Header.Get("Api-Version"))
	return v != "" && !h.versions.HasDetails(v)
}

// oldErrorBody buffers an answer and strips details and documentation_url
// from an error body, for clients pinned before 2018-08-29.
type oldErrorBody struct {
	w      http.ResponseWriter
	status int
	buf    bytes.Buffer
}

func (o *oldErrorBody) Header() http.Header { return o.w.Header() }
func (o *oldErrorBody) WriteHeader(code int) {
	if o.status == 0 {
		o.status = code
	}
}
func (o *oldErrorBody) Write(b []byte) (int, error) {
	if o.status == 0 {
		o.status = http.StatusOK
	}
	return o.buf.Write(b)
}

func (o *oldErrorBody) flush() {
	if o.status == 0 {
		o.status = http.StatusOK
	}
	body := o.buf.Bytes()
	if o.status >= 400 {
		var m map[string]json.RawMessage
		if json.Unmarshal(body, &m) == nil {
			delete(m, "details")
			delete(m, "documentation_url")
			if b, err := json.Marshal(orderedError(m)); err == nil {
				body = append(b, '\n')
				o.w.Header().Del("Content-Length")
			}
		}
	}
	o.w.WriteHeader(o.status)
	_, _ = o.w.Write(body)
}

// orderedError keeps the error body's members in WePay's order.
func orderedError(m map[string]json.RawMessage) any {
	type eb struct {
		Error            json.RawMessage `json:"error,omitempty"`
		ErrorDescription json.RawMessage `json:"error_description,omitempty"`
		ErrorCode        json.RawMessage `json:"error_code,omitempty"`
	}
	return eb{m["error"], m["error_description"], m["error_code"]}
}
