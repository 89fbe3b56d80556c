package lint

import (
	"encoding/json"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/wepaykit/wepaykit/spec"
)

// accountStates checks that the account state enum and the state table
// (x-wepaykit-account-states) name the same states. A value of a `state`
// enum the table does not define has no invariants, no transitions and
// cannot be reached, so every recording that shows it fails the state
// checks; a state of the table that an enum lacks is refused by the schema
// before the state machine sees it. Every component schema property called
// state with an enum of strings is an account state enum (Account, the
// delete answer).
func (l *linter) accountStates() {
	v, ok := l.doc.Extensions[spec.ExtStates]
	if !ok || l.doc.Components == nil {
		return
	}
	var table struct {
		States []struct {
			Name string `json:"name"`
		} `json:"states"`
	}
	b, _ := json.Marshal(v)
	if json.Unmarshal(b, &table) != nil {
		return // spec.Parse reports a table it cannot read
	}
	defined := map[string]int{}
	for i, st := range table.States {
		if st.Name != "" {
			if _, dup := defined[st.Name]; !dup {
				defined[st.Name] = i
			}
		}
	}
	if len(defined) == 0 {
		return
	}
	names := sortedKeys(l.doc.Components.Schemas)
	seen := map[*openapi3.Schema]bool{}
	for _, n := range names {
		walkSchemas(l.doc.Components.Schemas[n], path{"components", "schemas", n}, seen, func(at path, sc *openapi3.Schema) {
			prop := sc.Properties["state"]
			if prop == nil || prop.Value == nil || len(prop.Value.Enum) == 0 {
				return
			}
			enumAt := at.at("properties", "state")
			if prop.Ref != "" {
				enumAt = dotted(strings.ReplaceAll(strings.TrimPrefix(prop.Ref, "#/"), "/", "."))
			}
			enumAt = enumAt.at("enum")
			l.stateEnum(enumAt, prop.Value.Enum, defined)
		})
	}
}

func (l *linter) stateEnum(at path, enum []any, defined map[string]int) {
	has := map[string]bool{}
	for i, x := range enum {
		s, ok := x.(string)
		if !ok {
			continue
		}
		has[s] = true
		if _, ok := defined[s]; !ok {
			l.add(SeverityError, RuleState, at.at(i), "state %q is in the enum but not in %s: it has no invariants and no transitions, so every account that reaches it fails the state checks (the table has %s)", s, spec.ExtStates, strings.Join(sortedKeys(defined), ", "))
		}
	}
	var missing []string
	for s := range defined {
		if !has[s] {
			missing = append(missing, s)
		}
	}
	sort.Strings(missing)
	for _, s := range missing {
		l.add(SeverityError, RuleState, path{spec.ExtStates, "states"}.at(defined[s], "name"),
			"state %q is in %s but not in the enum at %s (line %d): the schema refuses an account in that state", s, spec.ExtStates, at, l.loc.line(at))
	}
}
