package spec

// The eight calls of the contract, each its call path. Use these instead of
// bare strings, so that a typo does not compile.
const (
	OpAccount           = "/account"
	OpFind              = "/account/find"
	OpCreate            = "/account/create"
	OpModify            = "/account/modify"
	OpDelete            = "/account/delete"
	OpGetUpdateURI      = "/account/get_update_uri"
	OpGetReserveDetails = "/account/get_reserve_details"
	OpSettlementSetup   = "/account/settlement_setup"
)

// OperationPaths lists the eight calls in the reference's order.
func OperationPaths() []string {
	return []string{OpAccount, OpFind, OpCreate, OpModify, OpDelete, OpGetUpdateURI, OpGetReserveDetails, OpSettlementSetup}
}

// The account states of the reference's account structure ("state").
const (
	StateActionRequired = "action_required"
	StatePending        = "pending"
	StateActive         = "active"
	StateDisabled       = "disabled"
	StateDeleted        = "deleted"
)
