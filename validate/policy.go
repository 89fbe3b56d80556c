package validate

import (
	"sort"

	"github.com/wepaykit/wepaykit/policy"
)

// WithPolicy applies a team policy (a .wepaykit.yaml read with
// policy.Load): its strict, environment, max-body, max-depth and
// max-findings settings, where set, as if given by [Strict],
// [WithEnvironment], [WithMaxBody], [WithMaxDepth] and [WithMaxFindings]
// at this point of the option list (a later option
// overrides them); and its rule control and ignores, on every finding the
// validator returns. A finding whose rule is off or that an ignore entry
// matches is left out of the results; [Validator.Transport] logs it with
// its reason. Ignore entries with a files glob never match here (there is
// no recording); package audit applies them with the recording's path. Its
// hosts and scope apply to [Validator.TransportWith] options left empty.
//
// Rule ids of the file are not checked (the file may name lint and
// conformance ids too): [WithCheckedPolicy] checks them, so that a typo
// is an error instead of a rule control that never applies.
func WithPolicy(p *policy.Policy) Option {
	return func(c *config) error {
		c.checkIDs, c.alsoIDs = false, nil
		c.policy = p
		if p == nil {
			return nil
		}
		if p.Strict != nil {
			c.strict = *p.Strict
		}
		if p.Environment != "" {
			if err := WithEnvironment(Environment(p.Environment))(c); err != nil {
				return err
			}
		}
		if p.MaxBody > 0 {
			c.maxBody = p.MaxBody
		}
		if p.MaxDepth > 0 {
			c.maxDepth = p.MaxDepth
		}
		if p.MaxFindings > 0 {
			c.maxFind = p.MaxFindings
		}
		return nil
	}
}

// WithCheckedPolicy is [WithPolicy], and makes [New] check every rule id
// the policy names (under rules and in ignore entries, globs included)
// against the ids the validator reports ([Validator.RuleIDs]) and also,
// the ids of the other checkers that read the same file: lint's
// (lint.RuleIDs) and the conformance check names (conformance.CheckNames).
// An id none of them knows makes New fail with a *policy.UnknownRuleError
// that names the id, its line in the file and the nearest known ids.
func WithCheckedPolicy(p *policy.Policy, also ...string) Option {
	return func(c *config) error {
		if err := WithPolicy(p)(c); err != nil {
			return err
		}
		c.checkIDs, c.alsoIDs = true, append([]string(nil), also...)
		return nil
	}
}

// Policy returns the policy given with [WithPolicy], or nil.
func (v *Validator) Policy() *policy.Policy { return v.policy }

// WithoutPolicy returns a validator that shares v's compiled contract but
// applies no rule control or ignores (the findings past the limit of
// [WithMaxFindings] are still counted as the policy decides), for callers that apply the policy
// themselves with more context (package audit knows the recording path)
// or want to see suppressed findings. It is cheap: nothing is recompiled.
func (v *Validator) WithoutPolicy() *Validator {
	c := *v
	c.policy = nil
	return &c
}

// RuleIDs lists every rule id the validator can report: the built-in ones
// (the Rule* constants) and the named rules of its spec, sorted. A policy
// file's rule ids are checked against it.
func (v *Validator) RuleIDs() []string {
	ids := BuiltinRuleIDs()
	for id := range v.rules {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// BuiltinRuleIDs lists the rule ids of the Rule* constants.
func BuiltinRuleIDs() []string {
	return []string{RuleSchemaType, RuleSchemaMaxLength, RuleSchemaMinLength, RuleSchemaEnum, RuleSchemaRequired,
		RuleSchemaPattern, RuleSchemaFormat, RuleSchemaMinimum, RuleSchemaMaximum, RuleSchemaMaxItems, RuleSchemaOneOf,
		RuleUnknownField, RuleJSONSyntax, RuleJSONInvalidUTF8, RuleJSONTooDeep, RuleJSONDuplicate, RuleJSONNumberRange, RuleBodyTooLarge, RuleFindingsLimit, RuleStatusUnknown, RuleStateTransition}
}

// PolicyKey is the key the policy matches a finding by; file is the
// recording it was found in ("" when none).
func PolicyKey(f Finding, file string) policy.Key {
	return policy.Key{Rule: f.Rule, Operation: f.Operation, Side: f.Side, Pointer: f.Pointer, File: file}
}

// Suppressed is a finding the policy keeps out of the results, and why.
type Suppressed struct {
	Finding
	Verdict policy.Verdict
}

// applyPolicy drops the findings the policy suppresses and sets the
// severity rule control gives the others.
func (v *Validator) applyPolicy(fs []Finding) []Finding {
	kept, _ := splitPolicy(v.policy, fs)
	return kept
}

// splitPolicy separates kept and suppressed findings.
func splitPolicy(p *policy.Policy, fs []Finding) ([]Finding, []Suppressed) {
	if p == nil || len(fs) == 0 {
		return fs, nil
	}
	kept := fs[:0]
	var sup []Suppressed
	for _, f := range fs {
		vd := p.Decide(PolicyKey(f, ""), string(f.Severity))
		f.Severity = Severity(vd.Severity)
		if vd.Suppressed != policy.Kept {
			sup = append(sup, Suppressed{Finding: f, Verdict: vd})
			continue
		}
		kept = append(kept, f)
	}
	return kept, sup
}
