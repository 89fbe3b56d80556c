package spec

import (
	"sort"
	"time"
)

// Names of the IPN webhook in the document.
const (
	WebhookAccountIPN = "accountIPN"     // the webhook: WePay's POST to an account's callback_uri
	ExtIPN            = "x-wepaykit-ipn" // on its operation: success status, query, retry schedule
)

// IPN is how WePay notifies a platform of an account's change of state,
// read from the document's webhooks (OpenAPI 3.1) entry accountIPN and its
// x-wepaykit-ipn extension, so that the fake server and conformance send
// and expect what the contract says.
type IPN struct {
	Method        string          // "POST"
	ContentType   string          // "application/x-www-form-urlencoded"
	Fields        []string        // the body's members, for example ["account_id"]
	SuccessStatus int             // the one status that counts as delivered (200)
	KeepsQuery    bool            // the callback_uri's own query is kept
	Retries       []time.Duration // the wait before each retry, counted from the attempt before
	Cite          []Cite
}

// RetryDelay is the wait before the retry that follows attempt n (1-based);
// ok is false after the last retry.
func (i IPN) RetryDelay(n int) (time.Duration, bool) {
	if n < 1 || n > len(i.Retries) {
		return 0, false
	}
	return i.Retries[n-1], true
}

type ipnExt struct {
	SuccessStatus     int   `json:"success_status"`
	KeepsQuery        bool  `json:"keeps_query"`
	RetryAfterMinutes []int `json:"retry_after_minutes"`
	Cite              []Cite
}

// IPN returns the account IPN webhook. A document without it gets a
// *NotFoundError.
func (s *Spec) IPN() (IPN, error) {
	item := s.doc.Webhooks[WebhookAccountIPN]
	if item == nil {
		return IPN{}, &NotFoundError{Kind: "webhook", Name: WebhookAccountIPN}
	}
	for method, op := range item.Operations() {
		if op == nil || op.RequestBody == nil || op.RequestBody.Value == nil {
			continue
		}
		out := IPN{Method: method}
		for ct, mt := range op.RequestBody.Value.Content {
			out.ContentType = ct
			if mt.Schema != nil && mt.Schema.Value != nil {
				for name := range mt.Schema.Value.Properties {
					out.Fields = append(out.Fields, name)
				}
				sort.Strings(out.Fields)
			}
		}
		var ext ipnExt
		if v, ok := op.Extensions[ExtIPN]; ok {
			if err := decodeExt(v, &ext); err != nil {
				return IPN{}, &SpecError{File: s.name, Where: "webhooks." + WebhookAccountIPN + "." + ExtIPN, Msg: err.Error()}
			}
		}
		out.SuccessStatus, out.KeepsQuery, out.Cite = ext.SuccessStatus, ext.KeepsQuery, ext.Cite
		if out.SuccessStatus == 0 {
			out.SuccessStatus = 200
		}
		for _, m := range ext.RetryAfterMinutes {
			out.Retries = append(out.Retries, time.Duration(m)*time.Minute)
		}
		return out, nil
	}
	return IPN{}, &NotFoundError{Kind: "webhook operation with a request body", Name: WebhookAccountIPN}
}
