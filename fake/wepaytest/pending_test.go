package wepaytest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/wepaykit/wepaykit/audit"
	"github.com/wepaykit/wepaykit/spec"
	"github.com/wepaykit/wepaykit/traffic"
	"github.com/wepaykit/wepaykit/validate"
)

// TestSetStatePendingRefused: pending is only an initial state, so
// SetState refuses to move an account into it from any other state, a
// fresh action_required one included (its /account/create answer already
// said action_required), with an *InitialStateError that names the way to
// make a pending account, and changes nothing.
func TestSetStatePendingRefused(t *testing.T) {
	s := newServer(t)
	rcv := &ipnReceiver{}
	cb := httptest.NewServer(rcv)
	defer cb.Close()
	u := s.NewUser("u")
	for _, from := range []string{spec.StateActive, spec.StateDisabled} {
		t.Run(from, func(t *testing.T) {
			id := create(t, s, u.Token, map[string]any{"callback_uri": cb.URL + "/ipn"})
			must(t, s.SetState(id, from))
			before := rcv.count()
			err := s.SetState(id, spec.StatePending)
			var ise *InitialStateError
			if !errors.As(err, &ise) || ise.AccountID != id || ise.From != from || ise.To != spec.StatePending {
				t.Fatalf("SetState(%s -> pending) = %v (%T), want an *InitialStateError", from, err, err)
			}
			for _, want := range []string{"only an initial state", "NewTemporaryUser", "/admin/temporary_users", "nothing returns to it"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not say %q", err, want)
				}
			}
			var te *TransitionError
			if !errors.As(err, &te) || te.From != from || te.To != spec.StatePending {
				t.Errorf("errors.As(*TransitionError) = %v", te)
			}
			// The Driver refuses the same way.
			if err := s.Driver().SetState(context.Background(), id, spec.StatePending); !errors.As(err, &ise) {
				t.Errorf("Driver.SetState(pending) = %v", err)
			}
			m := call(t, s, u.Token, "/account", idBody(id)).wantOK(t)
			if m["state"] != from {
				t.Errorf("after the refusal the account answers %v, want %s", m["state"], from)
			}
			if rcv.count() != before {
				t.Errorf("a refused SetState sent %d IPNs", rcv.count()-before)
			}
		})
	}
}

// TestTemporaryUserCreatesPending: a temporary token's /account/create
// answers pending (and an ordinary token's still action_required), and a
// pending account leaves by every edge the table gives it.
func TestTemporaryUserCreatesPending(t *testing.T) {
	s := newServer(t)
	rcv := &ipnReceiver{}
	cb := httptest.NewServer(rcv)
	defer cb.Close()
	tmp, plain := s.NewTemporaryUser("tmp"), s.NewUser("plain")
	if !tmp.Temporary || plain.Temporary {
		t.Fatalf("Temporary: %v and %v", tmp.Temporary, plain.Temporary)
	}
	m := call(t, s, plain.Token, "/account/create", map[string]any{"name": "Plain", "description": "d"}).wantOK(t)
	if m["state"] != spec.StateActionRequired {
		t.Fatalf("an ordinary token's account starts in %v", m["state"])
	}
	pending := func() int64 {
		t.Helper()
		m := call(t, s, tmp.Token, "/account/create", map[string]any{"name": "Temp", "description": "d", "callback_uri": cb.URL + "/ipn"}).wantOK(t)
		if m["state"] != spec.StatePending || joinAny(m["action_reasons"]) != "kyc,bank_account" || joinAny(m["disabled_reasons"]) != "" {
			t.Fatalf("a temporary token's account: state %v, action_reasons %v, disabled_reasons %v", m["state"], m["action_reasons"], m["disabled_reasons"])
		}
		return int64(m["account_id"].(float64))
	}
	for _, tc := range []struct {
		to   string
		move func(id int64) error
	}{
		{spec.StateActive, func(id int64) error { return s.SetState(id, spec.StateActive) }},
		{spec.StateActionRequired, func(id int64) error { return s.SetState(id, spec.StateActionRequired) }},
		{spec.StateActionRequired, s.CompleteKYC}, // the owner confirms; a bank is still owed
		{spec.StateDisabled, func(id int64) error { return s.Disable(id, "fraud") }},
		{spec.StateDeleted, func(id int64) error {
			call(t, s, tmp.Token, "/account/delete", idBody(id)).wantOK(t)
			return nil
		}},
	} {
		id := pending()
		before := rcv.count()
		must(t, tc.move(id))
		if st, _ := s.AccountState(id); st != tc.to {
			t.Errorf("pending -> %s: the account is %s", tc.to, st)
		}
		if rcv.count() != before+1 {
			t.Errorf("pending -> %s: %d IPNs, want 1", tc.to, rcv.count()-before)
		}
	}
	// The token is the user's: another user's account stays out of reach.
	other := create(t, s, plain.Token, nil)
	call(t, s, tmp.Token, "/account", idBody(other)).wantError(t, http.StatusUnauthorized, CategoryAccessDenied, CodeAccountNotAllowed)
}

// TestTemporaryUserNeedsInitialPending: a table without an initial pending
// state makes no temporary user.
func TestTemporaryUserNeedsInitialPending(t *testing.T) {
	base, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	table := base.States()
	for i := range table.States {
		if table.States[i].Name == spec.StatePending {
			table.States[i].Initial = false
		}
	}
	custom, err := base.WithStates(table)
	if err != nil {
		t.Fatal(err)
	}
	v, _ := sharedValidator()
	h, err := New(WithSpec(custom), WithValidator(v))
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	if _, err := h.NewTemporaryUser("x"); !errors.Is(err, ErrNoPendingState) {
		t.Fatalf("NewTemporaryUser = %v, want ErrNoPendingState", err)
	}
	if _, err := h.Driver().TemporaryToken(context.Background(), "x"); !errors.Is(err, ErrNoPendingState) {
		t.Fatalf("Driver.TemporaryToken = %v, want ErrNoPendingState", err)
	}
}

func TestTemporaryUsersAdminRoute(t *testing.T) {
	s := newServer(t, WithAdmin(true))
	root := strings.TrimSuffix(s.URL, "/v2")
	auth := map[string]string{"Authorization": "Bearer " + s.Handler().AdminToken()}
	m := send(t, http.DefaultClient, root+"/admin/temporary_users", auth, `{"name":"tmp"}`).wantOK(t)
	tok, _ := m["access_token"].(string)
	if m["temporary"] != true || m["name"] != "tmp" || tok == "" {
		t.Fatalf("/admin/temporary_users answered %v", m)
	}
	id := create(t, s, tok, nil)
	if st, _ := s.AccountState(id); st != spec.StatePending {
		t.Fatalf("the temporary token's account is %s", st)
	}
	// The admin guard covers the route like the others.
	send(t, http.DefaultClient, root+"/admin/temporary_users", nil, `{"name":"tmp"}`).wantError(t, http.StatusUnauthorized, CategoryAccessDenied, CodeInvalidParameter)
	if m := send(t, http.DefaultClient, root+"/admin/users", auth, `{"name":"plain"}`).wantOK(t); m["temporary"] != nil {
		t.Errorf("/admin/users answered temporary %v", m["temporary"])
	}
}

// lockedWriter lets the recorder write while nothing reads.
type lockedWriter struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// auditJSONL validates a JSON lines recording as `wepaykit validate` does.
func auditJSONL(t *testing.T, v *validate.Validator, data []byte) *audit.Result {
	t.Helper()
	in := audit.Input{Name: "rec.jsonl", Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }}
	res, err := audit.Run(context.Background(), v, []audit.Input{in}, audit.Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestPendingRecordingValidates records the fake's answers as `wepaykit
// serve --record` does while a temporary token creates pending accounts
// that then leave pending by each edge, and while SetState refuses to
// move an action_required account into pending; the recording must
// validate with no finding. Changing one answer of the recording into the
// forbidden action_required -> pending must be found (rule
// state-transition), so the check would see the fake make that move.
func TestPendingRecordingValidates(t *testing.T) {
	v, err := sharedValidator()
	if err != nil {
		t.Fatal(err)
	}
	h, err := New(WithValidator(v), WithClock(NewManualClock(epoch)))
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	var rec lockedWriter
	srv := httptest.NewServer(traffic.RecordHandler(h, traffic.NewJSONLWriter(&rec), "https://stage.wepayapi.com", h.Clock().Now, nil))
	tmp, err := h.NewTemporaryUser("tmp")
	if err != nil {
		t.Fatal(err)
	}
	plain := h.NewUser("plain")
	post := func(tok, path string, body map[string]any) map[string]any {
		t.Helper()
		a := send(t, http.DefaultClient, srv.URL+"/v2"+path, map[string]string{"Authorization": "Bearer " + tok, "User-Agent": "wepaytest-test"}, body)
		return a.wantOK(t)
	}
	newAccount := func(tok, want string) int64 {
		t.Helper()
		m := post(tok, "/account/create", map[string]any{"name": "Shop", "description": "d"})
		if m["state"] != want {
			t.Fatalf("create answered %v, want %s", m["state"], want)
		}
		return int64(m["account_id"].(float64))
	}
	lookup := func(tok string, id int64, want string) {
		t.Helper()
		if m := post(tok, "/account", idBody(id)); m["state"] != want {
			t.Fatalf("/account answered %v, want %s", m["state"], want)
		}
	}
	entries := 0
	for _, to := range []string{spec.StateActive, spec.StateActionRequired, spec.StateDisabled} {
		id := newAccount(tmp.Token, spec.StatePending)
		lookup(tmp.Token, id, spec.StatePending)
		must(t, h.SetState(id, to))
		lookup(tmp.Token, id, to)
		entries += 3
	}
	id := newAccount(tmp.Token, spec.StatePending)
	if m := post(tmp.Token, "/account/delete", idBody(id)); m["state"] != spec.StateDeleted {
		t.Fatalf("delete answered %v", m["state"])
	}
	// An account that has moved (action_required -> active) is refused
	// pending, and still answers active.
	plainID := newAccount(plain.Token, spec.StateActionRequired)
	must(t, h.SetState(plainID, spec.StateActive))
	var ise *InitialStateError
	if err := h.SetState(plainID, spec.StatePending); !errors.As(err, &ise) {
		t.Fatalf("SetState(active -> pending) = %v", err)
	}
	lookup(plain.Token, plainID, spec.StateActive)
	entries += 4
	srv.Close() // waits for the handlers, and so for the recorder

	data := rec.b.Bytes()
	res := auditJSONL(t, v, data)
	if res.Entries != entries || res.Validated != entries || len(res.Findings) != 0 {
		t.Fatalf("the recording: %d entries, %d validated (want %d), findings %v\n%s", res.Entries, res.Validated, entries, res.Findings, data)
	}

	// The check has teeth: the last answer turned into pending (after the
	// create answer's action_required) is a transition the table forbids.
	lines := bytes.Split(bytes.TrimSpace(data), []byte("\n"))
	last := lines[len(lines)-1]
	bad := bytes.Replace(last, []byte(`"state":"active"`), []byte(`"state":"pending"`), 1)
	if bytes.Equal(bad, last) {
		t.Fatalf("no state in the last entry: %s", last)
	}
	lines[len(lines)-1] = bad
	res = auditJSONL(t, v, append(bytes.Join(lines, []byte("\n")), '\n'))
	found := false
	for _, f := range res.Findings {
		found = found || (f.Rule == validate.RuleStateTransition && strings.Contains(f.Message, "from action_required to pending"))
	}
	if !found {
		t.Fatalf("the doctored recording's findings miss the action_required -> pending transition: %v", res.Findings)
	}
}

// TestSetStatePendingFresh: a fresh account (no change of state since its
// creation) is re-marked pending with no IPN, so SetState reaches every
// state from a fresh account; once it has moved, pending is refused.
func TestSetStatePendingFresh(t *testing.T) {
	s := newServer(t)
	rcv := &ipnReceiver{}
	cb := httptest.NewServer(rcv)
	defer cb.Close()
	u := s.NewUser("u")
	id := create(t, s, u.Token, map[string]any{"callback_uri": cb.URL + "/ipn"})
	must(t, s.SetState(id, spec.StatePending))
	if m := call(t, s, u.Token, "/account", idBody(id)).wantOK(t); m["state"] != spec.StatePending {
		t.Fatalf("state %v, want pending", m["state"])
	}
	if rcv.count() != 0 {
		t.Errorf("re-marking sent %d IPNs", rcv.count())
	}
	must(t, s.SetState(id, spec.StatePending)) // already pending: nothing to do
	must(t, s.SetState(id, spec.StateActive))
	var ise *InitialStateError
	if err := s.SetState(id, spec.StatePending); !errors.As(err, &ise) {
		t.Fatalf("SetState(active -> pending) = %v", err)
	}
}
