package lint

import (
	"fmt"
	"slices"
	"strings"

	"github.com/wepaykit/wepaykit/spec"
)

// breaking reports the changes from base to the linted spec that narrow the
// contract, so that traffic valid under base may fail under the new spec.
func (l *linter) breaking(base *spec.Spec) {
	for _, op := range base.Operations() {
		if _, ok := l.s.Operation(op.Path); !ok {
			l.add(SeverityError, RuleRemovedOperation, path{"paths", op.Path}, "operation %s was removed", op.Path)
			continue
		}
		for _, side := range []spec.Side{spec.Request, spec.Response} {
			oldF, err1 := base.Fields(op.Path, side)
			newF, err2 := l.s.Fields(op.Path, side)
			if err1 != nil || err2 != nil {
				continue
			}
			l.compareFields(op.Path, side, oldF, newF)
		}
	}
}

func (l *linter) compareFields(op string, side spec.Side, oldF, newF []spec.Field) {
	olds := map[string]spec.Field{}
	for _, f := range oldF {
		olds[f.Pointer] = f
	}
	news := map[string]spec.Field{}
	for _, f := range newF {
		news[f.Pointer] = f
	}
	where := func(ptr string) path { return path{"paths", op, string(side)}.at(toStrings(pointerPath(ptr))...) }
	for _, o := range oldF {
		n, ok := news[o.Pointer]
		if !ok {
			if _, parentKept := news[parent(o.Pointer)]; parentKept || parent(o.Pointer) == "" {
				l.add(SeverityError, RuleRemovedField, where(o.Pointer), "%s %s field %s was removed", op, side, o.Pointer)
			}
			continue
		}
		if missing := lost(o.Enum, n.Enum); len(o.Enum) > 0 && len(n.Enum) > 0 && len(missing) > 0 {
			l.add(SeverityError, RuleEnumRemoved, where(o.Pointer), "%s %s field %s no longer allows %s", op, side, o.Pointer, strings.Join(missing, ", "))
		}
		if n.MaxLength != nil && (o.MaxLength == nil || *n.MaxLength < *o.MaxLength) {
			was := "no limit"
			if o.MaxLength != nil {
				was = fmt.Sprint(*o.MaxLength)
			}
			l.add(SeverityError, RuleMaxLength, where(o.Pointer), "%s %s field %s: maxLength %d, was %s", op, side, o.Pointer, *n.MaxLength, was)
		}
		if n.Required && !o.Required {
			l.add(SeverityError, RuleRequiredAdded, where(o.Pointer), "%s %s field %s is now required", op, side, o.Pointer)
		}
		if gone := lostStrings(o.Types, n.Types); len(gone) > 0 {
			l.add(SeverityError, RuleTypeChanged, where(o.Pointer), "%s %s field %s: type %s, was %s", op, side, o.Pointer, strings.Join(n.Types, " or "), strings.Join(o.Types, " or "))
		}
		if o.Nullable && !n.Nullable {
			l.add(SeverityError, RuleTypeChanged, where(o.Pointer), "%s %s field %s may no longer be null", op, side, o.Pointer)
		}
	}
	for _, n := range newF {
		if _, ok := olds[n.Pointer]; ok || !n.Required {
			continue
		}
		if _, parentOld := olds[parent(n.Pointer)]; parentOld || parent(n.Pointer) == "" {
			l.add(SeverityError, RuleRequiredAdded, where(n.Pointer), "%s %s has a new required field %s", op, side, n.Pointer)
		}
	}
}

// parent is the pointer of the enclosing field ("" for the body root);
// array items ("/a/*/b") belong to their array ("/a").
func parent(ptr string) string {
	i := strings.LastIndexByte(ptr, '/')
	if i <= 0 {
		return ""
	}
	return strings.TrimSuffix(ptr[:i], "/*")
}

// lost lists the values of old missing from new.
func lost(old, new []any) []string {
	var out []string
	for _, v := range old {
		if !slices.ContainsFunc(new, func(x any) bool { return fmt.Sprint(x) == fmt.Sprint(v) }) {
			out = append(out, fmt.Sprintf("%q", fmt.Sprint(v)))
		}
	}
	return out
}

func lostStrings(old, new []string) []string {
	var out []string
	for _, v := range old {
		if !slices.Contains(new, v) && !(v == "integer" && slices.Contains(new, "number")) {
			out = append(out, v)
		}
	}
	return out
}

func toStrings(p path) []any {
	out := make([]any, len(p))
	for i, s := range p {
		out[i] = s
	}
	return out
}
