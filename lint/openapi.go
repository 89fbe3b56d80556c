package lint

import (
	"encoding/json"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/wepaykit/wepaykit/spec"
)

const schemaRef = "#/components/schemas/"

// operations checks that every call is a POST with an operationId, a JSON
// request body, a 200 JSON body and a 4XX (or default) JSON error body, each
// a $ref to a component schema.
func (l *linter) operations() {
	if l.doc.Paths == nil || l.doc.Paths.Len() == 0 {
		l.add(SeverityError, RuleOperation, path{"paths"}, "no operations")
		return
	}
	m := l.doc.Paths.Map()
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, p := range keys {
		item := m[p]
		at := path{"paths", p}
		for method := range item.Operations() {
			if method != "POST" {
				l.add(SeverityError, RuleOperation, at.at(strings.ToLower(method)), "method %s: every call is a POST", method)
			}
		}
		post := item.Post
		if post == nil {
			l.add(SeverityWarning, RuleOperation, at, "no post operation; the path is ignored")
			continue
		}
		at = at.at("post")
		if post.OperationID == "" {
			l.add(SeverityError, RuleOperation, at, "no operationId")
		}
		if post.RequestBody == nil || post.RequestBody.Value == nil {
			l.add(SeverityError, RuleOperation, at, "no requestBody")
		} else if !componentBody(post.RequestBody.Value.Content) {
			l.add(SeverityError, RuleOperation, at.at("requestBody"), "the request body is not application/json with a $ref to components.schemas")
		}
		l.response(post, at, []string{"200"}, "no 200 answer", "the 200 answer is not application/json with a $ref to components.schemas")
		l.response(post, at, []string{"4XX", "default", "400"}, "no 4XX (or default) error answer", "the error answer is not application/json with a $ref to components.schemas")
	}
}

func (l *linter) response(post *openapi3.Operation, at path, codes []string, missing, bad string) {
	if post.Responses == nil {
		l.add(SeverityError, RuleOperation, at, "%s", missing)
		return
	}
	for _, code := range codes {
		r := post.Responses.Value(code)
		if r == nil || r.Value == nil {
			continue
		}
		if !componentBody(r.Value.Content) {
			l.add(SeverityError, RuleOperation, at.at("responses", code), "%s", bad)
		}
		return
	}
	l.add(SeverityError, RuleOperation, at.at("responses"), "%s", missing)
}

func componentBody(c openapi3.Content) bool {
	mt := c.Get("application/json")
	return mt != nil && mt.Schema != nil && strings.HasPrefix(mt.Schema.Ref, schemaRef)
}

// ruleRefs checks the x-wepaykit-rules list (ids present and unique) and
// that every rule a schema names is in it.
func (l *linter) ruleRefs() {
	defined := map[string]bool{}
	if v, ok := l.doc.Extensions[spec.ExtRules]; ok {
		var rules []struct {
			ID string `json:"id"`
		}
		b, _ := json.Marshal(v)
		if err := json.Unmarshal(b, &rules); err != nil {
			l.add(SeverityError, RuleRule, path{spec.ExtRules}, "not a list of rules: %v", err)
			return
		}
		for i, r := range rules {
			switch {
			case r.ID == "":
				l.add(SeverityError, RuleRule, path{spec.ExtRules}.at(i), "rule without an id")
			case defined[r.ID]:
				l.add(SeverityError, RuleRule, path{spec.ExtRules}.at(i), "rule %s is defined twice", r.ID)
			}
			defined[r.ID] = true
		}
	}
	if l.doc.Components == nil {
		return
	}
	names := make([]string, 0, len(l.doc.Components.Schemas))
	for n := range l.doc.Components.Schemas {
		names = append(names, n)
	}
	sort.Strings(names)
	seen := map[*openapi3.Schema]bool{}
	for _, n := range names {
		walkSchemas(l.doc.Components.Schemas[n], path{"components", "schemas", n}, seen, func(at path, sc *openapi3.Schema) {
			for _, id := range ruleIDs(sc) {
				if !defined[id] {
					l.add(SeverityError, RuleRule, at.at(spec.ExtRules), "rule %s is not defined in %s", id, spec.ExtRules)
				}
			}
		})
	}
}

// ruleIDs reads a schema's x-wepaykit-rules (a list of ids, or one id).
func ruleIDs(sc *openapi3.Schema) []string {
	switch v := sc.Extensions[spec.ExtRules].(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// walkSchemas calls fn for r's schema and every schema inline in it; it does
// not follow $refs (their targets are walked as components).
func walkSchemas(r *openapi3.SchemaRef, at path, seen map[*openapi3.Schema]bool, fn func(path, *openapi3.Schema)) {
	if r == nil || r.Value == nil || seen[r.Value] {
		return
	}
	if r.Ref != "" && len(at) > 3 {
		return
	}
	sc := r.Value
	seen[sc] = true
	fn(at, sc)
	props := make([]string, 0, len(sc.Properties))
	for k := range sc.Properties {
		props = append(props, k)
	}
	sort.Strings(props)
	for _, k := range props {
		walkSchemas(sc.Properties[k], at.at("properties", k), seen, fn)
	}
	walkSchemas(sc.Items, at.at("items"), seen, fn)
	walkSchemas(sc.Not, at.at("not"), seen, fn)
	walkSchemas(sc.AdditionalProperties.Schema, at.at("additionalProperties"), seen, fn)
	for _, kw := range []struct {
		name string
		list openapi3.SchemaRefs
	}{{"allOf", sc.AllOf}, {"anyOf", sc.AnyOf}, {"oneOf", sc.OneOf}} {
		for i, x := range kw.list {
			walkSchemas(x, at.at(kw.name, i), seen, fn)
		}
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

// dotted splits a dotted path as spec errors write it.
func dotted(s string) path {
	if s == "" {
		return nil
	}
	return path(strings.Split(s, "."))
}
