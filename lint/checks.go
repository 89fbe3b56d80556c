package lint

import (
	"slices"
	"strings"

	"github.com/oasdiff/oasdiff/checker"
)

// Check describes one kind of change [Diff] reports.
type Check struct {
	ID     string `json:"id"`
	Level  Level  `json:"level"`  // the default, before [WithLevels]
	Source string `json:"source"` // "wepaykit", or "oasdiff" for oasdiff's checks
	Why    string `json:"why"`    // why the change matters at that level
}

// Ids of wepaykit's own checks: what oasdiff cannot know, because it lives
// in wepaykit's extensions (x-wepaykit-rules, x-wepaykit-account-states,
// x-wepaykit-quirks).
const (
	CheckRuleRequestUnapplied  = "rule.request-unapplied"
	CheckRuleResponseUnapplied = "rule.response-unapplied"
	CheckRuleRequestApplied    = "rule.request-applied"
	CheckRuleResponseApplied   = "rule.response-applied"
	CheckRuleUndefined         = "rule.undefined"
	CheckRuleDefined           = "rule.defined"
	CheckRuleSeverityRaised    = "rule.severity-raised"
	CheckRuleSeverityLowered   = "rule.severity-lowered"
	CheckRuleEnvWidened        = "rule.environment-widened"
	CheckRuleEnvNarrowed       = "rule.environment-narrowed"
	CheckRuleWhereChanged      = "rule.where-changed"
	CheckRuleTextChanged       = "rule.text-changed"
	CheckRuleExamplesChanged   = "rule.examples-changed"
	CheckExamplesChanged       = "schema.examples-changed"

	CheckStateAdded            = "state.added"
	CheckStateRemoved          = "state.removed"
	CheckStateInitialAdded     = "state.initial-added"
	CheckStateInitialRemoved   = "state.initial-removed"
	CheckStateTerminalRemoved  = "state.terminal-removed"
	CheckStateTerminalAdded    = "state.terminal-added"
	CheckStateTransitionAdded  = "state.transition-added"
	CheckStateTransitionGone   = "state.transition-removed"
	CheckStateInvariantRemoved = "state.invariant-removed"
	CheckStateInvariantAdded   = "state.invariant-added"
	CheckStateInvariantChanged = "state.invariant-changed"
	CheckStateProhibition      = "state.prohibition-changed"
	CheckStateTextChanged      = "state.text-changed"

	CheckQuirkReadingChanged = "quirk.reading-changed"
	CheckQuirkFoundChanged   = "quirk.found-changed"
	CheckQuirkAdded          = "quirk.added"
	CheckQuirkRemoved        = "quirk.removed"
	CheckQuirkFieldChanged   = "quirk.field-changed"
)

// wepaykitChecks is the catalogue of wepaykit's own checks, in the order the
// README lists them.
func wepaykitChecks() []Check {
	return []Check{
		{CheckRuleRequestUnapplied, LevelWarning, "wepaykit", "A request field or object no longer names a rule it named: the copy now accepts requests WePay refuses."},
		{CheckRuleResponseUnapplied, LevelError, "wepaykit", "A response field or object no longer names a rule: answers may now break what a client relied on."},
		{CheckRuleRequestApplied, LevelError, "wepaykit", "A request field or object names a new rule: requests that passed may now fail."},
		{CheckRuleResponseApplied, LevelInfo, "wepaykit", "A response field or object names a new rule: answers promise more, which no client minds."},
		{CheckRuleUndefined, LevelWarning, "wepaykit", "A rule is no longer defined: nothing checks it any more, so the copy is laxer than WePay."},
		{CheckRuleDefined, LevelInfo, "wepaykit", "A new rule is defined; where it applies is reported per field."},
		{CheckRuleSeverityRaised, LevelError, "wepaykit", "A rule's severity went from warning to error: traffic that passed with a warning now fails."},
		{CheckRuleSeverityLowered, LevelWarning, "wepaykit", "A rule's severity went from error to warning: a violation no longer fails a run."},
		{CheckRuleEnvWidened, LevelError, "wepaykit", "A production-only rule now applies everywhere: stage traffic that passed may now fail."},
		{CheckRuleEnvNarrowed, LevelWarning, "wepaykit", "A rule now applies in production only: stage no longer catches what production refuses."},
		{CheckRuleWhereChanged, LevelWarning, "wepaykit", "A rule reads something else (field, object, exchange or transport): what it catches changed."},
		{CheckRuleTextChanged, LevelInfo, "wepaykit", "A rule's summary or cited sentence changed: its reading may have changed; review the sentence."},
		{CheckRuleExamplesChanged, LevelWarning, "wepaykit", "The examples of a field that names a rule changed: rules such as error-code-known and referrer-type-known read the known values from them."},
		{CheckExamplesChanged, LevelInfo, "wepaykit", "A schema's examples changed (oasdiff has no check for examples); fixtures and generated payloads follow them."},

		{CheckStateAdded, LevelError, "wepaykit", "A new account state: clients switch on state and have no branch for it."},
		{CheckStateRemoved, LevelWarning, "wepaykit", "An account state is gone: clients keep dead code, stand-ins that use it now fail conformance."},
		{CheckStateInitialAdded, LevelError, "wepaykit", "A new account may now start in a state it could not start in."},
		{CheckStateInitialRemoved, LevelWarning, "wepaykit", "A new account can no longer start in a state: stand-ins that start there now fail conformance."},
		{CheckStateTerminalRemoved, LevelError, "wepaykit", "A terminal state is no longer terminal: clients that treat it as final break."},
		{CheckStateTerminalAdded, LevelWarning, "wepaykit", "A state became terminal: transitions out of it are gone."},
		{CheckStateTransitionAdded, LevelError, "wepaykit", "A new state transition: a client or state tracker built on the baseline refuses it."},
		{CheckStateTransitionGone, LevelWarning, "wepaykit", "A state transition is no longer allowed: stand-ins that make it now fail conformance."},
		{CheckStateInvariantRemoved, LevelError, "wepaykit", "A state's invariant is gone: accounts in that state may now answer what clients relied on not seeing."},
		{CheckStateInvariantAdded, LevelWarning, "wepaykit", "A state has a new invariant: answers that passed may now fail validation."},
		{CheckStateInvariantChanged, LevelError, "wepaykit", "A state's invariant reads a different member, check or value."},
		{CheckStateProhibition, LevelInfo, "wepaykit", "A documented prohibition changed; the transitions themselves are checked separately."},
		{CheckStateTextChanged, LevelInfo, "wepaykit", "A state's definition or why_initial, or the reasoning or cited sentence of a transition or invariant, changed."},

		{CheckQuirkReadingChanged, LevelWarning, "wepaykit", "wepaykit reads a contradiction of the reference differently: traffic it accepted may now be refused, or the reverse."},
		{CheckQuirkFoundChanged, LevelInfo, "wepaykit", "The description of a contradiction changed, not its reading."},
		{CheckQuirkAdded, LevelInfo, "wepaykit", "A newly documented contradiction of the reference."},
		{CheckQuirkRemoved, LevelWarning, "wepaykit", "A documented contradiction is gone: the fields that relied on its reading may now be judged strictly."},
		{CheckQuirkFieldChanged, LevelInfo, "wepaykit", "A field is now, or no longer, subject to a documented quirk."},
	}
}

// defaultLevels are the levels wepaykit sets for oasdiff checks where a
// client of WePay needs another verdict than oasdiff's default; why is in
// [oasdiffOverrides].
func defaultLevels() map[string]Level {
	m := map[string]Level{}
	for _, o := range oasdiffOverrides() {
		m[o.ID] = o.Level
	}
	return m
}

// oasdiffOverrides are the oasdiff checks whose level wepaykit changes.
func oasdiffOverrides() []Check {
	return []Check{
		{"response-success-status-added", LevelWarning, "oasdiff", "A new success status (for example 202): a client built against the baseline reads only 200 and has no branch for it."},
		{"response-non-success-status-added", LevelWarning, "oasdiff", "A new error status: WePay's clients map statuses to retry or give up, and have no mapping for it."},
	}
}

// Checks lists every check [Diff] can report with its default level:
// wepaykit's own, then oasdiff's (with wepaykit's levels where they differ),
// sorted by id within each.
func Checks() []Check {
	out := wepaykitChecks()
	overrides := oasdiffOverrides()
	loc := checker.NewDefaultLocalizer()
	var od []Check
	seen := map[string]bool{}
	for _, r := range checker.GetAllRules() {
		if seen[r.Id] {
			continue
		}
		seen[r.Id] = true
		c := Check{ID: r.Id, Level: fromOasdiff(r.Level), Source: "oasdiff", Why: oasdiffWhy(loc(r.Description))}
		if i := slices.IndexFunc(overrides, func(o Check) bool { return o.ID == r.Id }); i >= 0 {
			c.Level, c.Why = overrides[i].Level, overrides[i].Why+" (oasdiff: "+string(fromOasdiff(r.Level))+")"
		}
		od = append(od, c)
	}
	slices.SortFunc(od, func(a, b Check) int { return strings.Compare(a.ID, b.ID) })
	return append(out, od...)
}

// oasdiffWhy is oasdiff's description of a check, on one line.
func oasdiffWhy(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// wepaykitLevel is the default level of one of wepaykit's checks.
func wepaykitLevel(id string) Level {
	for _, c := range wepaykitChecks() {
		if c.ID == id {
			return c.Level
		}
	}
	return LevelInfo
}

// UnknownChecks returns the ids of levels that name no check, so that a
// policy file with a typo is reported rather than silently ignored.
func UnknownChecks(levels map[string]Level) []string {
	known := map[string]bool{}
	for _, c := range Checks() {
		known[c.ID] = true
	}
	var out []string
	for id := range levels {
		if !known[id] {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}
