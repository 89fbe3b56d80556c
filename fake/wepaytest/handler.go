package wepaytest

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/wepaykit/wepaykit/internal/redact"
	"github.com/wepaykit/wepaykit/spec"
	"github.com/wepaykit/wepaykit/validate"
)

// Handler is the fake WePay API as an http.Handler. Build it with [New];
// [NewServer] wraps one in a running test server. All its methods are safe
// for concurrent use.
type Handler struct {
	states         *spec.StateTable
	validator      *validate.Validator
	clock          Clock
	admin          bool
	adminToken     string   // bearer token of the admin routes over HTTP
	allowedHosts   []string // Host values the admin routes accept besides loopback
	timeouts       Timeouts // of the server NewServer starts
	log            *slog.Logger
	api            http.Handler // the calls behind the validating middleware
	ipn            *notifier
	cardTypes      []string // reference: supported_card_types lists all six brands
	disabledReason []string // the enum of disabled_reasons
	actionReason   []string // the enum of action_reasons
	findLimit      int64    // /account/find's limit when the request has none: the contract's default
	findMax        int64    // the contract's maximum of /account/find's limit

	versions      spec.VersionTable // WePay's API versions
	errCategories []string          // the error body's categories, for faults
	errCodes      []int             // WePay's error codes, for faults

	nextAccount atomic.Int64 // account ids are never repeated

	faultMu sync.Mutex
	faults  []*Fault // armed faults, oldest first; guarded by faultMu

	mu         sync.Mutex
	rng        *rand.Rand // tokens; guarded by mu
	nextUser   int64      // the last user id handed out
	nextObject int64      // rbit and theme ids
	users      map[int64]*userRecord
	tokens     map[string]*tokenRecord
	accounts   map[int64]*account
	// updateLinks are the KYC page links get_update_uri handed out, by key.
	updateLinks map[string]*updateLink
}

// New builds a fake. Without options it validates requests against the
// embedded contract, uses the wall clock, seed 1, no admin routes, and
// delivers IPNs with a 30-second-timeout client.
func New(opts ...Option) (*Handler, error) {
	cfg := config{seed: 1}
	for _, o := range opts {
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	var err error
	if cfg.validator == nil {
		var vopts []validate.Option
		if cfg.spec != nil {
			vopts = append(vopts, validate.WithSpec(cfg.spec))
		}
		if cfg.maxBody > 0 {
			vopts = append(vopts, validate.WithMaxBody(cfg.maxBody))
		}
		if cfg.validator, err = validate.New(vopts...); err != nil {
			return nil, err
		}
	}
	if cfg.spec == nil {
		cfg.spec = cfg.validator.Spec()
	}
	if cfg.cov != nil {
		cfg.validator = cfg.validator.WithCollector(cfg.cov)
	}
	if cfg.clock == nil {
		cfg.clock = RealClock{}
	}
	if cfg.client == nil {
		cfg.client = LoopbackClient()
	}
	if cfg.logger == nil {
		cfg.logger = slog.New(slog.DiscardHandler)
	}
	h := &Handler{
		states: cfg.spec.States(), validator: cfg.validator, clock: cfg.clock, admin: cfg.admin, log: cfg.logger,
		rng:   rand.New(rand.NewPCG(uint64(cfg.seed), uint64(cfg.seed)^0x5745504159)),
		users: map[int64]*userRecord{}, tokens: map[string]*tokenRecord{}, accounts: map[int64]*account{},
	}
	h.allowedHosts, h.timeouts = cfg.allowedHosts, DefaultTimeouts()
	if cfg.timeouts != nil {
		h.timeouts = *cfg.timeouts
	}
	if h.admin {
		if h.adminToken = cfg.adminToken; h.adminToken == "" {
			if h.adminToken, err = newAdminToken(); err != nil {
				return nil, err
			}
		}
	}
	if st, ok := h.states.State(stateActionRequired); !ok || !st.Initial {
		return nil, &OptionError{Option: "spec", Msg: "the state table must have action_required as an initial state: new accounts start there"}
	}
	if h.cardTypes, err = enumOf(cfg.spec, "supported_card_types"); err != nil {
		return nil, err
	}
	if h.disabledReason, err = enumOf(cfg.spec, "disabled_reasons"); err != nil {
		return nil, err
	}
	if h.actionReason, err = enumOf(cfg.spec, "action_reasons"); err != nil {
		return nil, err
	}
	if h.findLimit, h.findMax, err = findLimits(cfg.spec); err != nil {
		return nil, err
	}
	if h.errCategories, h.errCodes, err = errorVocabulary(cfg.spec); err != nil {
		return nil, err
	}
	if h.versions = cfg.spec.Versions(); len(h.versions.Versions) == 0 {
		return nil, &OptionError{Option: "spec", Msg: "the spec lists no API versions (" + spec.ExtVersions + ")"}
	}
	// Ids look like WePay's (seven-digit accounts, nine-digit users) and
	// start at a seed-dependent place.
	h.nextAccount.Store(1_000_000 + h.rng.Int64N(8_000_000))
	h.nextUser = 100_000_000 + h.rng.Int64N(800_000_000)
	h.nextObject = 10_000_000 + h.rng.Int64N(80_000_000)
	desc, err := ipnOf(cfg.spec)
	if err != nil {
		return nil, err
	}
	h.ipn = newNotifier(cfg.clock, cfg.client, cfg.logger, desc)
	h.ipn.fault = h.ipnFault
	h.api = h.validator.Middleware(http.HandlerFunc(h.serveCall), validate.MiddlewareOptions{Mode: validate.Reject})
	return h, nil
}

// enumOf reads the string enum of an array member of the Account schema, so
// that the fake keeps no copy of the contract's lists.
func enumOf(s *spec.Spec, member string) ([]string, error) {
	acc, ok := s.Schema("Account")
	if !ok {
		return nil, &spec.NotFoundError{Kind: "schema", Name: "Account"}
	}
	p := acc.Properties[member]
	if p == nil || p.Value == nil || p.Value.Items == nil || p.Value.Items.Value == nil {
		return nil, &spec.NotFoundError{Kind: "schema", Name: "Account." + member}
	}
	var out []string
	for _, e := range p.Value.Items.Value.Enum {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out, nil
}

// findLimits reads the default and the maximum of /account/find's limit
// from the contract (reference: "The maximum allowed is 50 results.
// Default: 50"), so that the fake keeps no copy of them. Without a default
// the maximum is the default.
func findLimits(s *spec.Spec) (def, maxLimit int64, err error) {
	fields, err := s.Fields(spec.OpFind, spec.Request)
	if err != nil {
		return 0, 0, err
	}
	for _, f := range fields {
		if f.Pointer != "/limit" || f.Maximum == nil {
			continue
		}
		maxLimit = int64(*f.Maximum)
		def = maxLimit
		switch d := f.Default.(type) {
		case float64:
			def = int64(d)
		case int:
			def = int64(d)
		case int64:
			def = d
		}
		return min(def, maxLimit), maxLimit, nil
	}
	return 0, 0, &spec.NotFoundError{Kind: "schema", Name: "/account/find request limit with a maximum"}
}

// Clock returns the fake's clock.
func (h *Handler) Clock() Clock { return h.clock }

// Validator returns the validator that checks the fake's requests.
func (h *Handler) Validator() *validate.Validator { return h.validator }

// Close stops IPN retries that have not run yet and waits for deliveries in
// flight. The handler keeps answering calls.
func (h *Handler) Close() { h.ipn.close() }

// ServeHTTP answers the eight /account calls under /v2/ and, with
// [WithAdmin], the admin routes under /admin/.
//
// Calls go through validate's middleware in Reject mode first, so a request
// that breaks the contract is answered as validate.ErrorBody decides (1001
// unknown call with 404; 1002 missing or non-Bearer Authorization, 1005
// malformed JSON, 1004 missing argument, 1003 invalid value, including an
// access_token sent as a query or body parameter, all with 400), and the
// error's details name the offending field.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/admin" || strings.HasPrefix(r.URL.Path, "/admin/") {
		if !h.admin {
			writeError(w, r, &APIError{Status: http.StatusNotFound, Category: CategoryInvalidRequest, Code: CodeUnknownCall,
				Description: "admin routes are disabled"})
			return
		}
		if h.guardAdmin(w, r) {
			return
		}
		h.serveAdmin(w, r)
		return
	}
	if strings.HasPrefix(r.URL.Path, updatePath) {
		h.serveUpdatePage(w, r) // a page for the merchant's browser, not an API call
		return
	}
	if strings.HasPrefix(r.URL.Path, "/v2/") {
		f, ok, err := h.callFault(r, validate.OpPath(r.URL.Path))
		if err != nil {
			writeError(w, r, invalid(0, CodeInvalidParameter, err.Error()))
			return
		}
		if ok && h.serveFault(w, r, f) {
			return
		}
		if h.checkHeaders(w, r) {
			return
		}
		if h.pinnedWithoutDetails(r) {
			o := &oldErrorBody{w: w}
			h.api.ServeHTTP(o, r)
			o.flush()
			return
		}
	}
	h.api.ServeHTTP(w, r)
}

// serveCall answers a request the middleware found valid.
func (h *Handler) serveCall(w http.ResponseWriter, r *http.Request) {
	if !strings.HasPrefix(r.URL.Path, "/v2/") {
		writeError(w, r, &APIError{Status: http.StatusNotFound, Category: CategoryInvalidRequest, Code: CodeUnknownCall,
			Description: "calls live under /v2/"})
		return
	}
	user, err := h.authenticate(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		writeError(w, r, err)
		return
	}
	if len(bytes.TrimSpace(body)) == 0 {
		body = []byte("{}") // "Calls with no arguments may send an empty body."
	}
	var out any
	switch validate.OpPath(r.URL.Path) {
	case spec.OpAccount:
		out, err = h.lookupCall(user, body)
	case spec.OpFind:
		out, err = h.findCall(user, body)
	case spec.OpCreate:
		out, err = h.createCall(user, body)
	case spec.OpModify:
		out, err = h.modifyCall(user, body)
	case spec.OpDelete:
		out, err = h.deleteCall(user, body)
	case spec.OpGetUpdateURI:
		out, err = h.updateURICall(user, body, baseURL(r))
	case spec.OpGetReserveDetails:
		out, err = h.reserveCall(user, body)
	case spec.OpSettlementSetup:
		out, err = h.settlementCall(user, body)
	default: // the middleware refuses unknown calls; this is a safety net
		err = &APIError{Status: http.StatusNotFound, Category: CategoryInvalidRequest, Code: CodeUnknownCall,
			Description: "call does not exist"}
	}
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// baseURL is the fake's /v2 address as the request reached it.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + "/v2"
}

// decode reads a request body the middleware has already validated.
func decode(body []byte, v any) error {
	if err := json.Unmarshal(body, v); err != nil {
		return invalid(0, CodeInvalidParameter, "the request body does not fit the call: "+err.Error())
	}
	return nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		status, buf = http.StatusInternalServerError, bytes.Buffer{}
		_ = json.NewEncoder(&buf).Encode(validate.ErrorResponse{Error: CategoryProcessingError,
			ErrorDescription: "unexpected error", ErrorCode: CodeUnexpected})
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// writeError answers err as WePay's error body. The description never
// quotes a secret: the request's own (its Authorization credential, the
// secret parameters of its URL), whole, escaped or cut short, and any
// token-shaped value, are masked through the project's one redaction.
func writeError(w http.ResponseWriter, r *http.Request, err error) {
	e := toAPIError(err)
	if e.Status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="wepay"`)
	}
	writeJSON(w, e.Status, validate.ErrorResponse{Error: e.Category, ErrorDescription: redactDescription(r, e.Description), ErrorCode: e.Code})
}

// redactDescription masks the secrets of r in an error description.
func redactDescription(r *http.Request, desc string) string {
	p := redact.Default()
	if r != nil {
		var sec redact.Secrets
		raw := r.RequestURI
		if raw == "" && r.URL != nil {
			raw = r.URL.RequestURI()
		}
		p.Collect(&sec, r.Header, raw, nil)
		desc = sec.Text(desc)
	}
	return p.Message(desc)
}
