package lint

// RuleIDs lists every rule id lint can report, which a policy file's
// rules and ignore entries may name: the checks of one document
// (RuleOpenAPI, RuleSchema, ...) and the ids of the changes [Checks]
// reports against a baseline. Pass them to validate.WithCheckedPolicy
// when one policy file serves both.
func RuleIDs() []string {
	ids := []string{RuleOpenAPI, RuleOperation, RuleRule, RuleSchema, RuleExample, RuleExtension, RuleState, RulePattern}
	for _, c := range Checks() {
		ids = append(ids, c.ID)
	}
	return ids
}
