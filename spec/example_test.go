package spec_test

import (
	"fmt"
	"strings"

	"github.com/wepaykit/wepaykit/spec"
)

func ExampleLoad() {
	s, err := spec.Load()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Name(), len(s.Operations()), "calls")
	// Output:
	// openapi.yaml 8 calls
}

func ExampleSpec_Operations() {
	s, _ := spec.Load()
	for _, op := range s.Operations() {
		fmt.Printf("%-29s %-25s %s -> %s\n", op.Path, op.ID, op.RequestSchema, op.ResponseSchema)
	}
	// Output:
	// /account                      account                   AccountLookupRequest -> Account
	// /account/create               accountCreate             AccountCreateRequest -> Account
	// /account/delete               accountDelete             AccountDeleteRequest -> AccountDeleteResponse
	// /account/find                 accountFind               AccountFindRequest -> AccountList
	// /account/get_reserve_details  accountGetReserveDetails  AccountGetReserveDetailsRequest -> AccountGetReserveDetailsResponse
	// /account/get_update_uri       accountGetUpdateUri       AccountGetUpdateUriRequest -> AccountGetUpdateUriResponse
	// /account/modify               accountModify             AccountModifyRequest -> Account
	// /account/settlement_setup     accountSettlementSetup    AccountSettlementSetupRequest -> AccountSettlementSetupResponse
}

func ExampleSpec_Operation() {
	s, _ := spec.Load()
	op, ok := s.Operation("/account/get_reserve_details")
	fmt.Println(ok, op.ID, "deprecated:", op.Deprecated, "errors:", op.ErrorSchema)
	_, ok = s.Operation("/account/close")
	fmt.Println(ok)
	// Output:
	// true accountGetReserveDetails deprecated: true errors: Error
	// false
}

func ExampleSpec_States() {
	s, _ := spec.Load()
	st := s.States()
	fmt.Println(strings.Join(st.Names(), ", "))
	fmt.Println("action_required -> active:", st.Allowed("action_required", "active"))
	fmt.Println("deleted -> active:", st.Allowed("deleted", "active"))
	fmt.Println("from pending:", st.Next("pending"))

	account := map[string]any{"state": "active", "action_reasons": []any{"kyc"}, "disabled_reasons": []any{}}
	for _, v := range st.Violations(account) {
		fmt.Println("violation:", v.Invariant.ID, "at", v.Pointer)
	}
	// Output:
	// action_required, pending, active, disabled, deleted
	// action_required -> active: true
	// deleted -> active: false
	// from pending: [action_required active disabled deleted]
	// violation: no-action-reasons at /action_reasons
}

func ExampleSpec_Fields() {
	s, _ := spec.Load()
	fields, err := s.Fields("/account/get_reserve_details", spec.Response)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range fields {
		max := ""
		if f.MaxLength != nil {
			max = fmt.Sprintf(" max %d", *f.MaxLength)
		}
		fmt.Printf("%-30s %v required=%v%s\n", f.Pointer, f.Types, f.Required, max)
	}
	// Output:
	// /account_id                    [integer] required=true
	// /currency                      [string] required=true max 255
	// /reserved_amount               [number] required=true
	// /withdrawals_schedule          [array] required=true
	// /withdrawals_schedule/*        [object] required=false
	// /withdrawals_schedule/*/amount [number] required=true
	// /withdrawals_schedule/*/time   [integer] required=true
}

func ExampleSpec_RuleSites() {
	s, _ := spec.Load()
	sites, _ := s.RuleSites("/account/create", spec.Request)
	for _, site := range sites {
		r, _ := s.Rule(site.Rule)
		fmt.Printf("%-17s %-36s %s\n", site.Pointer, site.Rule, r.Severity)
	}
	// Output:
	// /callback_uri     callback-uri-no-port-in-production   error
	// /country_options  country-options-canada-only          warning
	// /currencies       currency-matches-country             error
	// /name             account-name-no-wepay                error
	// /name             account-name-printable               error
}

func ExampleAPIVersions() {
	vs := spec.APIVersions()
	fmt.Println(len(vs), vs[0], vs[len(vs)-1])
	// Output: 16 2011-01-15 2019-04-03
}

func ExampleSpec_Locator() {
	sp, err := spec.Load()
	if err != nil {
		panic(err)
	}
	l := sp.Locator()
	lines := strings.Split(string(sp.Source()), "\n")
	show := func(n int) string { return strings.TrimSpace(lines[n-1]) }
	fmt.Println(show(l.Operation(spec.OpFind)))
	fmt.Println(show(l.Rule("find-sorted")))
	fmt.Println(show(l.Schema("AccountList", "/0/balances")))
	// Output:
	// post:
	// - id: find-sorted
	// balances:
}
