package wepaytest

import (
	"encoding/hex"
	"errors"
	"net/http"
	"strings"

	"github.com/wepaykit/wepaykit/spec"
)

// User is a WePay user of the fake with the access token an app holds for
// them. Pass Token as "Authorization: Bearer <Token>".
type User struct {
	ID    int64
	Name  string
	Token string
	// Temporary is true for a user of [Handler.NewTemporaryUser], whose
	// Token is a temporary access token: every account it creates starts
	// in pending.
	Temporary bool
}

type userRecord struct {
	user     User
	accounts []int64 // in creation order
}

type tokenRecord struct {
	user    int64
	revoked bool
}

// NewUser registers a user and issues an access token for them. Ids and
// tokens follow from the seed ([WithSeed]): the same seed gives the same
// (id, token) pairs, also when users are made concurrently.
func (h *Handler) NewUser(name string) *User { return h.newUser(name, false) }

// ErrNoPendingState is returned by [Handler.NewTemporaryUser] when the
// fake's state table does not list pending as an initial state, so that
// no account could start there.
var ErrNoPendingState = errors.New("wepaytest: the state table does not list pending as an initial state, where the accounts of a temporary access token start")

// NewTemporaryUser registers a user whose access token is a temporary
// one, as WePay issues to an app before the user has confirmed: every
// account the token creates starts in pending. The reference's Account
// States table: "pending: The account was created using a temporary
// access token and needs to be confirmed by the account owner." And
// /account/create: "Use this call to create a new payment account for the
// user associated with the access token used to make this call."
//
// /account/create with the token answers state pending and the
// action_reasons an ordinary new account lists (kyc, bank_account); the
// owner's confirmation is [Handler.SetState] to action_required or active
// (the table's pending edges), and Disable and /account/delete take the
// others. pending is only an initial state: no change moves an account
// into it ([Handler.SetState] refuses with an *[InitialStateError]), so a
// pending account is made only this way. The user, its id and token follow
// from the seed as [Handler.NewUser]'s do; the token is otherwise an
// ordinary one (RevokeToken revokes it). It returns [ErrNoPendingState]
// when the state table has no initial pending state.
func (h *Handler) NewTemporaryUser(name string) (*User, error) {
	if st, ok := h.states.State(spec.StatePending); !ok || !st.Initial {
		return nil, ErrNoPendingState
	}
	return h.newUser(name, true), nil
}

func (h *Handler) newUser(name string, temporary bool) *User {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.nextUser++ // taken with the token, so that the pair is the seed's
	id := h.nextUser
	u := User{ID: id, Name: name, Token: h.newToken(), Temporary: temporary}
	h.users[id] = &userRecord{user: u}
	h.tokens[u.Token] = &tokenRecord{user: id}
	return &u
}

// newToken makes a stage-style token: "STAGE_" and 64 hex digits. Callers
// hold h.mu.
func (h *Handler) newToken() string {
	var b [32]byte
	for i := range b {
		b[i] = byte(h.rng.Uint32())
	}
	return "STAGE_" + hex.EncodeToString(b[:])
}

// RevokeToken revokes an access token, as a user does in their WePay
// settings (FAQ, "How can an access_token get revoked?"). Later calls with
// it are refused with 1011. An unknown token is an *APIError 1006.
func (h *Handler) RevokeToken(token string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	t, ok := h.tokens[token]
	if !ok {
		return errUnknownToken()
	}
	t.revoked = true
	return nil
}

func errUnknownToken() *APIError {
	return &APIError{Status: http.StatusUnauthorized, Category: CategoryAccessDenied, Code: CodeUnknownToken,
		Description: "the access_token could not be authenticated"}
}

// authenticate returns the user whose token the request carries.
//
// Status choices (wepay-facts lists the codes but "No public table maps
// every code to a status"):
//   - a missing or non-Bearer Authorization header never gets here: the
//     middleware answers it with validate.ErrorBody, 400 invalid_request
//     1002 ("a missing User-Agent, Content-Type or Authorization header is
//     error 1002"), the same answer as a missing Content-Type;
//   - an unknown token is 401 access_denied 1006 ("could not authenticate
//     (unknown token)") and a revoked one 401 access_denied 1011 ("token
//     revoked"): the facts pair 401 only with access_denied, and
//     invalid_client is OAuth2's word for a bad client_id or
//     client_secret, not for a user's token.
func (h *Handler) authenticate(r *http.Request) (int64, error) {
	vals := r.Header.Values("Authorization")
	var tok string
	if len(vals) == 1 {
		scheme, rest, _ := strings.Cut(strings.TrimSpace(vals[0]), " ")
		if strings.EqualFold(scheme, "Bearer") {
			tok = strings.TrimSpace(rest)
		}
	}
	if tok == "" {
		return 0, invalid(0, CodeMissingHeader, "send exactly one Authorization: Bearer <access_token> header")
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	t, ok := h.tokens[tok]
	switch {
	case !ok:
		return 0, errUnknownToken()
	case t.revoked:
		return 0, &APIError{Status: http.StatusUnauthorized, Category: CategoryAccessDenied, Code: CodeTokenRevoked,
			Description: "the access_token has been revoked"}
	}
	return t.user, nil
}
