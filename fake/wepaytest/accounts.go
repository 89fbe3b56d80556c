package wepaytest

import (
	"slices"
	"time"

	"github.com/wepaykit/wepaykit/spec"
)

// The account states the fake moves accounts between; every move is checked
// against the spec's state table.
const (
	stateActionRequired = "action_required"
	stateActive         = "active"
	stateDisabled       = "disabled"
	stateDeleted        = "deleted"
)

// Action reasons (reference, account response: "Possible values:
// bank_account, kyc, and document").
const (
	reasonKYC  = "kyc"
	reasonBank = "bank_account"
	reasonDoc  = "document"

	reasonNoSettlementPath = "no_settlement_path" // a disabled reason
)

// anyUser stands for the Go API, which may act on every user's accounts.
// User ids start far above it.
const anyUser int64 = 0

// account is the stored form of one account. Every field is guarded by
// Handler.mu; pointers point at values that are replaced, never modified.
type account struct {
	id, owner   int64
	state       string
	name        string
	description string
	referenceID *string
	callbackURI *string
	typ         string
	created     time.Time
	country     string
	currency    string

	actionReasons   []string
	disabledReasons []string
	disabledAt      *time.Time

	balance, incoming, outgoing, reserved float64
	withdrawalPeriod                      string // "" until settlement is set up
	withdrawalType                        string // "ach", "check" or ""
	bankName                              string // masked; "" when none

	rbitIDs    []int64
	feeSlot    *int64
	support    *Phone
	imageURI   *string
	gaqDomains []string
	theme      *themeView
	debitOptIn *bool // nil for US accounts

	// moved is set by the first change of state; until then SetState may
	// re-mark the account as created in another initial state (pending).
	moved bool
}

// Phone is WePay's international phone number structure.
type Phone struct {
	CountryCode string `json:"country_code"`
	PhoneNumber string `json:"phone_number"`
}

type themeView struct {
	ThemeID         int64  `json:"theme_id"`
	Name            string `json:"name,omitempty"`
	PrimaryColor    string `json:"primary_color,omitempty"`
	SecondaryColor  string `json:"secondary_color,omitempty"`
	BackgroundColor string `json:"background_color,omitempty"`
	ButtonColor     string `json:"button_color,omitempty"`
}

func (a *account) clone() *account {
	c := *a
	c.actionReasons = slices.Clone(a.actionReasons)
	c.disabledReasons = slices.Clone(a.disabledReasons)
	c.rbitIDs = slices.Clone(a.rbitIDs)
	c.gaqDomains = slices.Clone(a.gaqDomains)
	return &c
}

// settled is the state the account's reasons call for: disabled while WePay
// holds a disabled reason, action_required while the owner owes something,
// active otherwise.
func (a *account) settled() string {
	switch {
	case len(a.disabledReasons) > 0:
		return stateDisabled
	case len(a.actionReasons) > 0:
		return stateActionRequired
	}
	return stateActive
}

// remedySettlementPath lifts a no_settlement_path disablement once KYC is
// complete and a settlement method is set (reference: "This is remediated
// by adding a settlement method (e.g., a bank account) and completing the
// KYC process."). Other disabled reasons stay.
func (a *account) remedySettlementPath() {
	if slices.Contains(a.actionReasons, reasonKYC) || slices.Contains(a.actionReasons, reasonBank) || a.withdrawalType == "" {
		return
	}
	a.disabledReasons = slices.DeleteFunc(a.disabledReasons, func(r string) bool { return r == reasonNoSettlementPath })
	if len(a.disabledReasons) == 0 {
		a.disabledReasons = nil
	}
}

func (a *account) hasMoney() bool {
	return a.balance != 0 || a.incoming != 0 || a.outgoing != 0 || a.reserved != 0
}

// find returns an account the user may act on. user anyUser (the Go API)
// sees every account, deleted ones included; a user sees only their own and
// gets 3003 for a deleted one. Callers hold h.mu.
func (h *Handler) find(user, id int64) (*account, error) {
	a := h.accounts[id]
	switch {
	case a == nil:
		return nil, errNotFound(id)
	case user == anyUser:
		return a, nil
	case a.owner != user:
		// reference: 3002 "this token's user may not view or modify the
		// account" is checked before 3003, so that a user learns nothing
		// about another user's deleted accounts.
		return nil, errNotAllowed(id)
	case a.state == stateDeleted:
		return nil, errDeleted(id)
	}
	return a, nil
}

// change applies fn to a copy of a and commits the copy when fn succeeds and
// the state table allows the move to the state fn returns. A deleted account
// takes no change: 3003 when fn keeps the state, a *TransitionError when it
// would leave deleted. The result is the IPN to send, if any. Callers hold
// h.mu.
func (h *Handler) change(a *account, fn func(c *account) (string, error)) (*ipnEvent, error) {
	c := a.clone()
	to, err := fn(c)
	if a.state == stateDeleted {
		if to == "" || to == stateDeleted {
			return nil, errDeleted(a.id)
		}
		return nil, &TransitionError{AccountID: a.id, From: a.state, To: to}
	}
	if err != nil {
		return nil, err
	}
	// The table's conditions read the reasons the account lists before it
	// moves (for example disabled for high_risk_chargeback).
	if r := h.states.Permit(a.state, to, spec.Reasons{Action: a.actionReasons, Disabled: a.disabledReasons}); r != nil {
		return nil, transitionError(a.id, r)
	}
	c.state = to
	if to != stateDisabled {
		c.disabledAt = nil // reference: "If null then the account is valid and not scheduled to be disabled."
	}
	from := a.state
	if from != to {
		c.moved = true
	}
	*a = *c
	if from == to || a.callbackURI == nil {
		return nil, nil
	}
	// reference: "You will receive an IPN whenever the account is verified or deleted."
	return &ipnEvent{AccountID: a.id, URL: *a.callbackURI}, nil
}

// update finds an account, changes it and renders it; the IPN the change
// causes is sent after the lock is released, so that a receiver may call the
// fake back.
// read runs fn on one of the user's accounts under the lock, for calls that
// only read it.
func (h *Handler) read(user, id int64, fn func(a *account) (any, error)) (any, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	a, err := h.find(user, id)
	if err != nil {
		return nil, err
	}
	return fn(a)
}

func (h *Handler) update(user, id int64, fn func(c *account) (string, error)) (accountView, error) {
	h.mu.Lock()
	var ev *ipnEvent
	var v accountView
	a, err := h.find(user, id)
	if err == nil {
		ev, err = h.change(a, fn)
	}
	if err == nil {
		v = h.render(a)
	}
	h.mu.Unlock()
	if ev != nil {
		h.ipn.notify(*ev)
	}
	return v, err
}

// referenceTaken reports whether another live account of the user has the
// reference id (spec: "The platform's own id for the account; unique per
// account"). Callers hold h.mu.
func (h *Handler) referenceTaken(user, self int64, ref string) bool {
	for _, id := range h.users[user].accounts {
		a := h.accounts[id]
		if id != self && a.state != stateDeleted && a.referenceID != nil && *a.referenceID == ref {
			return true
		}
	}
	return false
}

// accountView is an account as /account answers it. Field order follows
// the reference's examples.
type accountView struct {
	AccountID            int64          `json:"account_id"`
	Name                 string         `json:"name"`
	State                string         `json:"state"`
	Description          string         `json:"description"`
	OwnerUserID          int64          `json:"owner_user_id"`
	ReferenceID          *string        `json:"reference_id,omitempty"`
	CallbackURI          *string        `json:"callback_uri,omitempty"`
	Type                 string         `json:"type"`
	CreateTime           int64          `json:"create_time"`
	DisablementTime      *int64         `json:"disablement_time"`
	Country              string         `json:"country"`
	Currencies           []string       `json:"currencies"`
	Balances             []balanceView  `json:"balances"`
	Statuses             []statusView   `json:"statuses"`
	ActionReasons        []string       `json:"action_reasons"`
	DisabledReasons      []string       `json:"disabled_reasons"`
	RbitIDs              []int64        `json:"rbit_ids,omitempty"`
	FeeSchedule          []feeEntry     `json:"fee_schedule,omitempty"`
	SupportedCardTypes   []string       `json:"supported_card_types"`
	SupportContactNumber *Phone         `json:"support_contact_number"`
	ImageURI             *string        `json:"image_uri"`
	GaqDomains           []string       `json:"gaq_domains"`
	ThemeObject          *themeView     `json:"theme_object,omitempty"`
	ReferrerType         string         `json:"referrer_type"`
	CountryOptions       countryOptions `json:"country_options"`
}

type balanceView struct {
	Currency              string  `json:"currency"`
	Balance               float64 `json:"balance"`
	IncomingPendingAmount float64 `json:"incoming_pending_amount"`
	OutgoingPendingAmount float64 `json:"outgoing_pending_amount"`
	ReservedAmount        float64 `json:"reserved_amount"`
	WithdrawalPeriod      *string `json:"withdrawal_period"`
	WithdrawalType        *string `json:"withdrawal_type"`
	WithdrawalNextTime    *int64  `json:"withdrawal_next_time"`
	WithdrawalBankName    *string `json:"withdrawal_bank_name"`
}

type statusView struct {
	Currency               string `json:"currency"`
	IncomingPaymentsStatus string `json:"incoming_payments_status"`
	OutgoingPaymentsStatus string `json:"outgoing_payments_status"`
	AccountReviewStatus    string `json:"account_review_status"`
}

type feeEntry struct {
	Slot        int64  `json:"slot"`
	Description string `json:"description"`
	Currency    string `json:"currency"`
}

type countryOptions struct {
	DebitOptIn *bool `json:"debit_opt_in"`
}

// render copies the account into its answer. Statuses and the next payout
// are derived here from the state and the clock, so they cannot disagree
// with the rest of the account. Callers hold h.mu.
func (h *Handler) render(a *account) accountView {
	v := accountView{
		AccountID: a.id, Name: a.name, State: a.state, Description: a.description, OwnerUserID: a.owner,
		ReferenceID: a.referenceID, CallbackURI: a.callbackURI, Type: a.typ, CreateTime: a.created.Unix(),
		Country: a.country, Currencies: []string{a.currency},
		ActionReasons: nonNil(a.actionReasons), DisabledReasons: nonNil(a.disabledReasons),
		RbitIDs: slices.Clone(a.rbitIDs), SupportedCardTypes: slices.Clone(h.cardTypes),
		SupportContactNumber: a.support, ImageURI: a.imageURI, GaqDomains: nonNil(a.gaqDomains),
		ThemeObject: a.theme, ReferrerType: "api", CountryOptions: countryOptions{DebitOptIn: a.debitOptIn},
	}
	if a.disabledAt != nil {
		t := a.disabledAt.Unix()
		v.DisablementTime = &t
	}
	if a.feeSlot != nil {
		// "If no custom fee schedule is applied, the value returned is 0":
		// passing 0 removes the custom schedule and the slot reads 0.
		desc := "custom fee schedule"
		if *a.feeSlot == 0 {
			desc = "no custom fee schedule"
		}
		v.FeeSchedule = []feeEntry{{Slot: *a.feeSlot, Description: desc, Currency: a.currency}}
	}
	b := balanceView{Currency: a.currency, Balance: a.balance, IncomingPendingAmount: a.incoming,
		OutgoingPendingAmount: a.outgoing, ReservedAmount: a.reserved}
	if a.withdrawalPeriod != "" {
		p := a.withdrawalPeriod
		next := nextPayout(p, h.clock.Now()).Unix()
		b.WithdrawalPeriod, b.WithdrawalNextTime = &p, &next
	}
	if a.withdrawalType != "" {
		t := a.withdrawalType
		b.WithdrawalType = &t
	}
	if a.bankName != "" {
		n := a.bankName
		b.WithdrawalBankName = &n
	}
	v.Balances = []balanceView{b}
	v.Statuses = []statusView{{Currency: a.currency, IncomingPaymentsStatus: "ok", OutgoingPaymentsStatus: "paused",
		AccountReviewStatus: "not_requested"}}
	if a.state == stateDisabled {
		// spec invariant incoming-paused: "The account has been disabled by
		// WePay and can no longer accept payments."
		v.Statuses[0].IncomingPaymentsStatus = "paused"
	} else if !slices.Contains(a.actionReasons, reasonKYC) && !slices.Contains(a.actionReasons, reasonBank) {
		// Payouts need KYC and a settlement path (platform guide: "you
		// need to fill out KYC information to receive payouts").
		v.Statuses[0].OutgoingPaymentsStatus = "ok"
	}
	return v
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return slices.Clone(s)
}

// nextPayout is the first payout time after now: "daily (midnight
// settlement), weekly (every Monday), or monthly (first of the month)"
// (platform sign-up guide), in UTC. Bank holidays are not modelled.
func nextPayout(period string, now time.Time) time.Time {
	now = now.UTC()
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	switch period {
	case "weekly":
		d := (int(time.Monday) - int(day.Weekday()) + 7) % 7
		if d == 0 {
			d = 7
		}
		return day.AddDate(0, 0, d)
	case "monthly":
		return time.Date(now.Year(), now.Month()+1, 1, 0, 0, 0, 0, time.UTC)
	}
	return day.AddDate(0, 0, 1)
}
