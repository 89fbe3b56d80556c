package spec

// WePay's error codes (the error_code of an error body), as WePay's SDKs
// and API documentation list them. Use these instead of bare numbers.
//
// reference: "Generic codes: 1001 call does not exist ... 1016 Api-Version
// not valid for the app. Account codes: 3001 account does not exist ...
// 3008 settlement info required." (the Error schema's error_code)
const (
	ErrorCodeUnknownCall           = 1001 // the call does not exist
	ErrorCodeMissingHeader         = 1002 // a required header (User-Agent, Content-Type, Authorization) is missing
	ErrorCodeInvalidValue          = 1003 // a parameter has an invalid value
	ErrorCodeMissingArgument       = 1004 // a required parameter is missing
	ErrorCodeUnparseable           = 1005 // the parameters cannot be parsed (malformed JSON)
	ErrorCodeUnauthenticated       = 1006 // the access token is unknown
	ErrorCodeThrottled             = 1007 // too many calls
	ErrorCodeUnexpected            = 1008 // an unexpected error on WePay's side
	ErrorCodeUserData              = 1009 // a data error to show to the user
	ErrorCodeInsufficientScope     = 1010 // the token lacks the permission
	ErrorCodeTokenRevoked          = 1011 // the access token was revoked
	ErrorCodeOAuthCodeExpired      = 1012 // the OAuth2 code expired
	ErrorCodeClientMismatch        = 1013 // client_id does not match the code
	ErrorCodeIPNotAllowed          = 1014 // the caller's IP is not whitelisted
	ErrorCodeAPIVersionInvalid     = 1015 // the API version is invalid or expired
	ErrorCodeAPIVersionNotAllowed  = 1016 // the Api-Version is not valid for the app
	ErrorCodeAccountNotFound       = 3001 // the account does not exist
	ErrorCodeAccountNotPermitted   = 3002 // this token's user may not view or modify the account
	ErrorCodeAccountDeleted        = 3003 // the account was deleted
	ErrorCodeAccountCannotTransact = 3004 // the account cannot transact
	ErrorCodeInsufficientFunds     = 3005 // the account has insufficient funds
	ErrorCodeKYCAlreadyProvided    = 3006 // KYC was already provided (third-party sources only)
	ErrorCodeKYCRequired           = 3007 // KYC is required first (third-party sources only)
	ErrorCodeSettlementRequired    = 3008 // settlement information is required first (third-party sources only)
)

// ErrorCodes lists the error codes above, in ascending order.
func ErrorCodes() []int {
	return []int{
		ErrorCodeUnknownCall, ErrorCodeMissingHeader, ErrorCodeInvalidValue, ErrorCodeMissingArgument,
		ErrorCodeUnparseable, ErrorCodeUnauthenticated, ErrorCodeThrottled, ErrorCodeUnexpected,
		ErrorCodeUserData, ErrorCodeInsufficientScope, ErrorCodeTokenRevoked, ErrorCodeOAuthCodeExpired,
		ErrorCodeClientMismatch, ErrorCodeIPNotAllowed, ErrorCodeAPIVersionInvalid, ErrorCodeAPIVersionNotAllowed,
		ErrorCodeAccountNotFound, ErrorCodeAccountNotPermitted, ErrorCodeAccountDeleted, ErrorCodeAccountCannotTransact,
		ErrorCodeInsufficientFunds, ErrorCodeKYCAlreadyProvided, ErrorCodeKYCRequired, ErrorCodeSettlementRequired,
	}
}

// The error categories of an error body's "error" member.
const (
	ErrorInvalidRequest  = "invalid_request"
	ErrorAccessDenied    = "access_denied"
	ErrorInvalidScope    = "invalid_scope"
	ErrorInvalidClient   = "invalid_client"
	ErrorProcessingError = "processing_error"
)

// The named rules of the contract (x-wepaykit-rules), each its id as
// findings report it. Use these instead of bare strings, so that a typo
// does not compile; the validator's own rule ids (schema keywords, JSON
// syntax, state transitions) are validate.Rule* constants.
const (
	RuleAccountNameNoWepay               = "account-name-no-wepay"
	RuleAccountNamePrintable             = "account-name-printable"
	RuleCallbackURINoPortInProduction    = "callback-uri-no-port-in-production"
	RuleRedirectURINoUnderscoreSubdomain = "redirect-uri-no-underscore-subdomain"
	RuleCurrencyMatchesCountry           = "currency-matches-country"
	RuleCountryOptionsCanadaOnly         = "country-options-canada-only"
	RuleCountryOptionsUSNull             = "country-options-us-null"
	RuleSettlementCheckNotDaily          = "settlement-check-not-daily"
	RuleReferrerTypeKnown                = "referrer-type-known"
	RuleErrorCodeKnown                   = "error-code-known"
	RuleAccountStateInvariants           = "account-state-invariants"
	RuleResponseEchoesRequest            = "response-echoes-request"
	RuleDeleteReportsDeleted             = "delete-reports-deleted"
	RuleSettlementMethodMatches          = "settlement-method-matches"
	RuleFindNoDeleted                    = "find-no-deleted"
	RuleFindWithinLimit                  = "find-within-limit"
	RuleFindSorted                       = "find-sorted"
	RuleFindMatchesFilter                = "find-matches-filter"
	RuleRouteUnknown                     = "route-unknown"
	RuleMethodNotPost                    = "method-not-post"
	RuleAuthBearerRequired               = "auth-bearer-required"
	RuleTokenInParameter                 = "token-in-parameter"
	RuleContentTypeJSON                  = "content-type-json"
	RuleUserAgentRequired                = "user-agent-required"
	RuleAPIVersionFormat                 = "api-version-format"
	RuleErrorBodyOnFailure               = "error-body-on-failure"
	RuleCreateInitialState               = "create-initial-state"
	RuleBalancesPerCurrency              = "balances-per-currency"
	RuleMethodGetWithoutBody             = "method-get-without-body"
)

// RuleIDs lists the named rules above, in the spec's order.
func RuleIDs() []string {
	return []string{
		RuleAccountNameNoWepay, RuleAccountNamePrintable, RuleCallbackURINoPortInProduction,
		RuleRedirectURINoUnderscoreSubdomain, RuleCurrencyMatchesCountry, RuleCountryOptionsCanadaOnly,
		RuleCountryOptionsUSNull, RuleSettlementCheckNotDaily, RuleReferrerTypeKnown, RuleErrorCodeKnown,
		RuleAccountStateInvariants, RuleCreateInitialState, RuleBalancesPerCurrency,
		RuleResponseEchoesRequest, RuleDeleteReportsDeleted, RuleSettlementMethodMatches,
		RuleFindNoDeleted, RuleFindWithinLimit, RuleFindSorted, RuleFindMatchesFilter, RuleRouteUnknown,
		RuleMethodNotPost, RuleMethodGetWithoutBody, RuleAuthBearerRequired, RuleTokenInParameter,
		RuleContentTypeJSON, RuleUserAgentRequired, RuleAPIVersionFormat, RuleErrorBodyOnFailure,
	}
}
