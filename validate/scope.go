package validate

import (
	"net"
	"net/http"
	"strings"

	"github.com/wepaykit/wepaykit/internal/hosts"
)

// Scope says which WePay calls are checked against the contract.
type Scope string

// Scopes.
const (
	// ScopeAccount (the default) checks /account calls. Other WePay v2 calls
	// (a family of [Families] other than /account, such as /checkout/create
	// or /oauth2/token) are out of scope: they are passed through or skipped
	// without findings. A path that no family knows (a typo such as
	// /acount/create) is still checked, and is route-unknown.
	ScopeAccount Scope = "account"
	// ScopeAll reports every call outside /account as route-unknown, for a
	// partner who wants to be told about every path the contract does not
	// describe.
	ScopeAll Scope = "all"
)

// ParseScope checks a scope name ("" is [ScopeAccount]).
func ParseScope(s string) (Scope, error) {
	switch Scope(s) {
	case "", ScopeAccount:
		return ScopeAccount, nil
	case ScopeAll:
		return ScopeAll, nil
	}
	return "", &OptionError{Option: "scope", Value: s}
}

// Family is a family of WePay v2 calls: the first segment of their path.
type Family struct {
	Path string // "/checkout": the calls /checkout, /checkout/create, ...
	Cite string // where the family is named
}

// families are the WePay v2 call families. The list lets a reader of
// traffic tell "another WePay call" from "a path that does not exist".
// Keep it in step with the README section "Scope".
func families() []Family {
	const (
		faq   = "API FAQ (seed 001)"
		ref   = "/account reference (seed 002)"
		facts = "wepay-facts.md (WePay's SDKs and archived doc pages)"
	)
	return []Family{
		{"/account", ref + `: "The /account API calls"`},
		{"/app", facts + ": /app, /app/modify (app settings and theme)"},
		{"/user", facts + ": /user, /user/modify, /user/register, /user/send_confirmation"},
		{"/oauth2", faq + `: "Your app requests a new access_token via the /oauth2/token call"`},
		{"/checkout", faq + `: "the /checkout/create and/or /preapproval/create calls", "/checkout/refund"`},
		{"/preapproval", faq + `: "Most subscription charges are created using the /preapproval call"`},
		{"/withdrawal", faq + `: "withdrawal_id"; ` + facts + ": /withdrawal, /withdrawal/find, /withdrawal/modify"},
		{"/credit_card", faq + `: "When you make a /credit_card/authorize call"`},
		{"/subscription_plan", facts + ": /subscription_plan/create, /find, /modify, /delete"},
		{"/subscription", facts + ": /subscription/create, /find, /modify, /cancel"},
		{"/subscription_charge", facts + ": /subscription_charge, /subscription_charge/find, /refund"},
		{"/batch", facts + ": /batch/create (several calls in one request)"},
		{"/rbit", facts + `: "The stand-alone rbit object also has rbit_id" (/rbit, /rbit/create)`},
		{"/transfer", javaSDK + `: TransferFind "/transfer/find" (disbursements)`},
	}
}

// javaSDK is a third-party Java client of WePay's v2 API (2012-14) that
// names calls the seeds do not.
const javaSDK = "lookfirst/WePay-Java-SDK"

// retiredAccountCalls are /account calls of older API versions that the
// contract (2019-04-03) does not describe: out of scope like other
// families, not route-unknown, since 2013-14 recordings hold them.
func retiredAccountCalls() []Family {
	return []Family{
		{"/account/add_bank", javaSDK + `: AccountAddBankRequest "/account/add_bank"`},
		{"/account/balance", javaSDK + `: AccountBalanceRequest "/account/balance" (deprecated: "Data is now returned as part of /account")`},
		{"/account/get_tax", javaSDK + `: AccountGetTaxRequest "/account/get_tax"`},
		{"/account/set_tax", javaSDK + `: AccountSetTaxRequest "/account/set_tax"`},
	}
}

// RetiredAccountCalls lists the /account calls of older API versions that
// the contract does not describe; like other families they are out of
// scope under [ScopeAccount].
func RetiredAccountCalls() []Family { return retiredAccountCalls() }

// otherCall reports whether path is a WePay v2 call outside the contract:
// a family other than /account, or a retired /account call. It returns the
// family or call, for messages.
func otherCall(path string) (string, bool) {
	fam, known := CallFamily(path)
	if known && fam != "/account" {
		return fam, true
	}
	op := opPath(path)
	for _, c := range retiredAccountCalls() {
		if op == c.Path {
			return c.Path, true
		}
	}
	return "", false
}

// Families lists the WePay v2 call families wepaykit knows, /account first.
func Families() []Family { return families() }

// CallFamily returns the family of a request path ("/v2/checkout/create" ->
// "/checkout") and whether it is a known WePay v2 family.
func CallFamily(path string) (string, bool) {
	op := opPath(path)
	first := op
	if i := strings.IndexByte(op[min(1, len(op)):], '/'); i >= 0 {
		first = op[:i+1]
	}
	for _, f := range families() {
		if first == f.Path {
			return f.Path, true
		}
	}
	return first, false
}

// Class says where a request falls with respect to the contract.
type Class int

// Classes of requests.
const (
	// InScope is a request the contract covers: an /account call, or a path
	// no WePay family knows (reported as route-unknown).
	InScope Class = iota
	// OtherCall is a WePay v2 call outside /account, such as
	// /checkout/create.
	OtherCall
	// OtherHost is a request to a host that is not WePay's.
	OtherHost
)

// String names the class.
func (c Class) String() string {
	switch c {
	case InScope:
		return "in scope"
	case OtherCall:
		return "outside /account"
	case OtherHost:
		return "other host"
	}
	return "unknown"
}

// ClassifyPath classifies a request path sent to a WePay host under scope:
// a known family other than /account, or a retired /account call
// ([RetiredAccountCalls]), is [OtherCall] under [ScopeAccount]; everything
// else is [InScope].
func ClassifyPath(path string, scope Scope) Class {
	if scope == ScopeAll {
		return InScope
	}
	if _, other := otherCall(path); other {
		return OtherCall
	}
	return InScope
}

// Classify classifies a request to host (with or without a port) at path:
// [OtherHost] unless host is wepayapi.com, stage.wepayapi.com or one of
// extra (an entry without a port matches any port), else as [ClassifyPath].
func Classify(host, path string, extra []string, scope Scope) Class {
	if !hosts.IsWePay(host, extra) {
		return OtherHost
	}
	return ClassifyPath(path, scope)
}

// TransportOptions configures [Validator.TransportWith].
type TransportOptions struct {
	// Hosts are hosts besides wepayapi.com and stage.wepayapi.com whose
	// traffic is WePay's (such as a stand-in's "127.0.0.1:8080").
	Hosts []string
	// Scope is ScopeAccount when empty.
	Scope Scope
	// Strict validates every request, whatever its host and path, as the
	// transport did before scopes existed.
	Strict bool
}

// checks reports whether the transport validates r. A request to a host
// that is not WePay's (nor one of Hosts) passes through unchecked unless
// it goes to a stand-in on a loopback host (a wepaytest server or a local
// proxy) at a path under /v2/. Another vendor's /v2/ API, even one that
// has a /v2/account of its own (https://api.digitalocean.com/v2/account),
// passes through; a stand-in elsewhere (a container's wepay-mock:8080) is
// named in Hosts. A WePay call outside /account passes through under
// ScopeAccount.
func (o TransportOptions) checks(r *http.Request) bool {
	if o.Strict {
		return true
	}
	host := requestHost(r)
	if !hosts.IsWePay(host, o.Hosts) && !standIn(host, r.URL.Path) {
		return false
	}
	return ClassifyPath(r.URL.Path, o.Scope) == InScope
}

// standIn reports whether a request to host (not WePay's) at path goes
// to a stand-in: see TransportOptions.checks.
func standIn(host, path string) bool {
	if !strings.HasPrefix(path, "/v2/") {
		return false
	}
	h, _ := hosts.Split(host)
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(h, "[]"))
	return ip != nil && ip.IsLoopback()
}
