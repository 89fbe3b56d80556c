package wepaytest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"github.com/wepaykit/wepaykit/spec"
)

// The request bodies. The middleware has validated them against the
// contract before they are decoded, so only what the schemas cannot say is
// checked here.

type idRequest struct {
	AccountID int64 `json:"account_id"`
}

// accountFields are the members /account/create and /account/modify share.
type accountFields struct {
	Name                 *string           `json:"name"`
	Description          *string           `json:"description"`
	ReferenceID          *string           `json:"reference_id"`
	CallbackURI          *string           `json:"callback_uri"`
	Rbits                []json.RawMessage `json:"rbits"`
	CountryOptions       *countryOptions   `json:"country_options"`
	FeeScheduleSlot      *int64            `json:"fee_schedule_slot"`
	SupportContactNumber *Phone            `json:"support_contact_number"`
	ThemeObject          *themeView        `json:"theme_object"` // theme_id is never sent: the schema forbids it
	ImageURI             *string           `json:"image_uri"`
	GaqDomains           *[]string         `json:"gaq_domains"`
}

type createRequest struct {
	accountFields
	Type       string   `json:"type"`
	Country    string   `json:"country"`
	Currencies []string `json:"currencies"`
}

type modifyRequest struct {
	AccountID int64 `json:"account_id"`
	accountFields
}

type findRequest struct {
	Name        *string `json:"name"`
	ReferenceID *string `json:"reference_id"`
	SortOrder   string  `json:"sort_order"`
	Start       int64   `json:"start"`
	Limit       *int64  `json:"limit"`
}

type updateURIRequest struct {
	AccountID   int64       `json:"account_id"`
	Mode        string      `json:"mode"`
	RedirectURI string      `json:"redirect_uri"`
	PrefillInfo *kycPrefill `json:"prefill_info"`
}

type reserveRequest struct {
	AccountID int64  `json:"account_id"`
	Currency  string `json:"currency"`
}

type settlementRequest struct {
	AccountID        flexID `json:"account_id"`
	SettlementMethod struct {
		SettlementBankID   *int64          `json:"settlement_bank_id"`
		SendCheckToAddress json.RawMessage `json:"send_check_to_address"`
	} `json:"settlement_method"`
	Frequency string `json:"frequency"`
}

// flexID is settlement_setup's account_id, an integer or a string of digits
// (quirk settlement-account-id-type).
type flexID int64

func (f *flexID) UnmarshalJSON(b []byte) error {
	if s, err := strconv.Unquote(string(b)); err == nil {
		b = []byte(s)
	}
	n, err := strconv.ParseInt(string(bytes.TrimSpace(b)), 10, 64)
	*f = flexID(n)
	return err
}

func (h *Handler) lookupCall(user int64, body []byte) (any, error) {
	var req idRequest
	if err := decode(body, &req); err != nil {
		return nil, err
	}
	return h.read(user, req.AccountID, func(a *account) (any, error) { return h.render(a), nil })
}

func (h *Handler) createCall(user int64, body []byte) (any, error) {
	var req createRequest
	if err := decode(body, &req); err != nil {
		return nil, err
	}
	a := &account{owner: user, state: stateActionRequired, typ: "personal", country: "US", currency: "USD",
		created: h.clock.Now(), actionReasons: []string{reasonKYC, reasonBank}}
	if req.Type != "" {
		a.typ = req.Type
	}
	if req.Country != "" {
		a.country = req.Country
	}
	// "Default: USD" describes the field; the server decides. An account
	// without currencies (absent or []) gets its country's currency, the
	// only one it may accept payment in (quirk currencies-default-country).
	if cur, ok := spec.CountryCurrency(a.country); ok {
		a.currency = cur
	}
	switch len(req.Currencies) {
	case 0:
	case 1:
		a.currency = req.Currencies[0]
	default: // the schema's maxItems refuses this first
		return nil, invalid(0, CodeInvalidParameter, "Parameter 'currencies' may name only one currency: Only one currency is allowed per account at this time.")
	}
	if cur, ok := spec.CountryCurrency(a.country); ok && cur != a.currency {
		// reference, country_not_supported: "accepting payment in a currency
		// other than that of the country where they are registered". WePay
		// disables such an account rather than refusing the call.
		t := h.clock.Now()
		a.state, a.disabledReasons, a.disabledAt = stateDisabled, []string{"country_not_supported"}, &t
	}
	if a.country == "CA" {
		// reference, Country Options: debit_opt_in "must be set to true
		// explicitly"; false until then.
		a.debitOptIn = new(bool)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	rec := h.users[user]
	if rec.user.Temporary && a.state == stateActionRequired {
		// reference, Account States: "pending: The account was created
		// using a temporary access token and needs to be confirmed by the
		// account owner." It still owes KYC and a bank.
		a.state = spec.StatePending
	}
	if err := h.apply(a, req.accountFields); err != nil {
		return nil, err
	}
	a.id = h.nextAccount.Add(1)
	h.accounts[a.id] = a
	rec.accounts = append(rec.accounts, a.id)
	return h.render(a), nil
}

// apply sets the members a create or modify request sent. Callers hold h.mu.
func (h *Handler) apply(a *account, f accountFields) error {
	if f.ReferenceID != nil && h.referenceTaken(a.owner, a.id, *f.ReferenceID) {
		return invalid(a.id, CodeInvalidParameter, "reference_id is already used by another account")
	}
	set := func(dst **string, src *string) {
		if src != nil {
			*dst = src
		}
	}
	if f.Name != nil {
		a.name = *f.Name
	}
	if f.Description != nil {
		a.description = *f.Description
	}
	set(&a.referenceID, f.ReferenceID)
	set(&a.callbackURI, f.CallbackURI)
	set(&a.imageURI, f.ImageURI)
	for range f.Rbits {
		h.nextObject++
		a.rbitIDs = append(a.rbitIDs, h.nextObject) // "The account response carries rbit_ids, never rbits."
	}
	if f.CountryOptions != nil && a.country == "CA" {
		// "This should only be used for Canadian based merchants"; a US
		// account keeps its literal null.
		v := f.CountryOptions.DebitOptIn != nil && *f.CountryOptions.DebitOptIn
		a.debitOptIn = &v
	}
	if f.FeeScheduleSlot != nil {
		a.feeSlot = f.FeeScheduleSlot
	}
	if f.SupportContactNumber != nil {
		a.support = f.SupportContactNumber
	}
	if f.ThemeObject != nil {
		t := *f.ThemeObject
		if a.theme != nil {
			t.ThemeID = a.theme.ThemeID
		} else {
			h.nextObject++
			t.ThemeID = h.nextObject
		}
		a.theme = &t
	}
	if f.GaqDomains != nil {
		a.gaqDomains = slices.Clone(*f.GaqDomains) // "an empty array removes every domain"
	}
	return nil
}

func (h *Handler) modifyCall(user int64, body []byte) (any, error) {
	var req modifyRequest
	if err := decode(body, &req); err != nil {
		return nil, err
	}
	return h.update(user, req.AccountID, func(c *account) (string, error) {
		return c.state, h.apply(c, req.accountFields)
	})
}

func (h *Handler) findCall(user int64, body []byte) (any, error) {
	var req findRequest
	if err := decode(body, &req); err != nil {
		return nil, err
	}
	limit := h.findLimit // the contract's default
	if req.Limit != nil {
		// The middleware refuses a limit above the contract's maximum;
		// min keeps the cap with a validator that lets one through.
		limit = min(*req.Limit, h.findMax)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	var hits []*account
	for _, id := range h.users[user].accounts {
		a := h.accounts[id]
		switch {
		case a.state == stateDeleted: // "Once the account is deleted, it will not appear in the results of an /account/find call"
		// "If both name and reference_id are blank, this will return an
		// array of all of the user's accounts": a blank filter is no filter.
		case req.Name != nil && *req.Name != "" && a.name != *req.Name:
		case req.ReferenceID != nil && *req.ReferenceID != "" && (a.referenceID == nil || *a.referenceID != *req.ReferenceID):
		default:
			hits = append(hits, a)
		}
	}
	// "Sort the results of the search by time created ... Default: desc";
	// the account id breaks ties so that pages are stable.
	slices.SortFunc(hits, func(x, y *account) int {
		c := x.created.Compare(y.created)
		if c == 0 {
			c = compareInt(x.id, y.id)
		}
		if req.SortOrder != "asc" {
			c = -c
		}
		return c
	})
	out := []accountView{}
	for i := req.Start; i < int64(len(hits)) && int64(len(out)) < limit; i++ {
		out = append(out, h.render(hits[i]))
	}
	return out, nil
}

func compareInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

type deleteResponse struct {
	AccountID int64  `json:"account_id"`
	State     string `json:"state"`
}

func (h *Handler) deleteCall(user int64, body []byte) (any, error) {
	var req idRequest
	if err := decode(body, &req); err != nil {
		return nil, err
	}
	v, err := h.update(user, req.AccountID, func(c *account) (string, error) {
		if c.hasMoney() {
			return "", invalid(c.id, CodeInvalidParameter, "An account may not be deleted if it has a balance or pending payments.")
		}
		return stateDeleted, nil
	})
	if err != nil {
		return nil, err
	}
	return deleteResponse{AccountID: v.AccountID, State: v.State}, nil
}

type updateURIResponse struct {
	AccountID int64  `json:"account_id"`
	URI       string `json:"uri"`
}

func (h *Handler) updateURICall(user int64, body []byte, base string) (any, error) {
	var req updateURIRequest
	if err := decode(body, &req); err != nil {
		return nil, err
	}
	return h.read(user, req.AccountID, func(a *account) (any, error) {
		link := &updateLink{accountID: a.id, iframe: req.Mode == "iframe", redirect: req.RedirectURI}
		if req.PrefillInfo != nil {
			link.prefill = *req.PrefillInfo
		}
		// The KYC page (kyc.go); read holds h.mu.
		key := h.newUpdateLink(link)
		return updateURIResponse{AccountID: a.id, URI: fmt.Sprintf("%s/account_update_uri/%d/%s", base, a.id, key)}, nil
	})
}

type reserveResponse struct {
	AccountID           int64            `json:"account_id"`
	Currency            string           `json:"currency"`
	ReservedAmount      float64          `json:"reserved_amount"`
	WithdrawalsSchedule []withdrawalView `json:"withdrawals_schedule"`
}

type withdrawalView struct {
	Time   int64   `json:"time"`
	Amount float64 `json:"amount"`
}

func (h *Handler) reserveCall(user int64, body []byte) (any, error) {
	var req reserveRequest
	if err := decode(body, &req); err != nil {
		return nil, err
	}
	return h.read(user, req.AccountID, func(a *account) (any, error) {
		if req.Currency == "" {
			req.Currency = "USD" // reference: "currency ... Default: USD"
		}
		// The account holds money in its one currency only; another
		// currency has nothing reserved and no balance to withdraw.
		out := reserveResponse{AccountID: a.id, Currency: req.Currency, WithdrawalsSchedule: []withdrawalView{}}
		if req.Currency == a.currency {
			out.ReservedAmount = a.reserved
		}
		// "The array will be empty if withdrawals are not yet configured or if
		// there is no balance."
		if req.Currency == a.currency && a.withdrawalPeriod != "" && a.balance > 0 {
			out.WithdrawalsSchedule = append(out.WithdrawalsSchedule,
				withdrawalView{Time: nextPayout(a.withdrawalPeriod, h.clock.Now()).Unix(), Amount: a.balance})
		}
		return out, nil
	})
}

type settlementResponse struct {
	Method    string `json:"method"`
	Frequency string `json:"frequency"`
}

func (h *Handler) settlementCall(user int64, body []byte) (any, error) {
	var req settlementRequest
	if err := decode(body, &req); err != nil {
		return nil, err
	}
	method := "check"
	if req.SettlementMethod.SettlementBankID != nil {
		method = "ach"
	}
	_, err := h.update(user, int64(req.AccountID), func(c *account) (string, error) {
		if slices.Contains(c.actionReasons, reasonKYC) {
			// reference: "Know Your Customer (KYC) information must be
			// complete before making this call." 3007 comes from a
			// third-party client only (wepay-facts).
			return "", invalid(c.id, CodeKYCRequired, "KYC required first: Know Your Customer (KYC) information must be complete before making this call")
		}
		c.withdrawalPeriod, c.withdrawalType, c.bankName = req.Frequency, method, ""
		if method == "ach" {
			c.bankName = maskedBank(*req.SettlementMethod.SettlementBankID)
		}
		c.actionReasons = slices.DeleteFunc(c.actionReasons, func(r string) bool { return r == reasonBank })
		c.remedySettlementPath()
		return c.settled(), nil
	})
	if err != nil {
		return nil, err
	}
	return settlementResponse{Method: method, Frequency: req.Frequency}, nil
}

// maskedBank names a settlement bank the way the reference's example does
// ("WellsFargo XXXXX3102").
func maskedBank(bankID int64) string {
	last := bankID % 10000
	if last < 0 {
		last = -last
	}
	return fmt.Sprintf("Bank XXXXX%04d", last)
}
