package conformance

// CheckNames lists the name of every check, in the order they run. A
// policy file names a check (under rules, in an ignore entry's rule, in a
// conformance baseline) to accept a known failure of a stand-in; pass
// them to validate.WithCheckedPolicy when one policy file serves both.
func CheckNames() ([]string, error) {
	list, err := List()
	if err != nil {
		return nil, err
	}
	out := make([]string, len(list))
	for i, c := range list {
		out[i] = c.Check
	}
	return out, nil
}
