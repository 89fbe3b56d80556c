package lint_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/oasdiff/oasdiff/checker"

	"github.com/wepaykit/wepaykit/lint"
	"github.com/wepaykit/wepaykit/spec"
)

// change is one edit of the embedded spec and the verdict a client built
// against the embedded spec needs.
type change struct {
	name  string
	edits [][2]string // old, new: each old must occur in the spec; the first occurrence is replaced
	check string      // a check that must report it ("" when nothing at warning or above may)
	level lint.Level  // that check's level
	worst lint.Level  // the most serious level of all the changes ("" for none at warning or above)
}

// pathBlock is the text of the path item op in the embedded spec, up to
// the next one.
func pathBlock(t *testing.T, op, next string) string {
	t.Helper()
	s := string(spec.Embedded())
	i := strings.Index(s, "  "+op+":\n")
	j := strings.Index(s, "  "+next+":\n")
	if i < 0 || j < i {
		t.Fatalf("no %s path before %s in the embedded spec", op, next)
	}
	return s[i:j]
}

func changes(t *testing.T) []change {
	responseType := "          enum: [nonprofit, business, personal]\n        create_time:"
	return []change{
		// The thirteen changes of issue 19.
		{name: "request enum value removed",
			edits: [][2]string{{"          enum: [nonprofit, business, personal]\n        callback_uri:", "          enum: [nonprofit, business]\n        callback_uri:"}},
			check: "request-property-enum-value-removed", level: lint.LevelError, worst: lint.LevelError},
		{name: "response enum value added",
			edits: [][2]string{{responseType, "          enum: [nonprofit, business, personal, charity]\n        create_time:"}},
			check: "response-property-enum-value-added", level: lint.LevelError, worst: lint.LevelError},
		{name: "request argument became required",
			edits: [][2]string{{"      required: [name, description]\n", "      required: [name, description, reference_id]\n"}},
			check: "request-property-became-required", level: lint.LevelError, worst: lint.LevelError},
		{name: "response required member removed",
			edits: [][2]string{{"        - owner_user_id\n", ""}},
			check: "response-property-became-optional", level: lint.LevelError, worst: lint.LevelError},
		{name: "request maxLength tightened",
			edits: [][2]string{{"          description: What the account is for (goods or services, payees, purpose).\n          type: string\n          maxLength: 65535", "          description: What the account is for (goods or services, payees, purpose).\n          type: string\n          maxLength: 1000"}},
			check: "request-property-max-length-decreased", level: lint.LevelError, worst: lint.LevelError},
		{name: "request maxLength widened",
			edits: [][2]string{{"          description: What the account is for (goods or services, payees, purpose).\n          type: string\n          maxLength: 65535", "          description: What the account is for (goods or services, payees, purpose).\n          type: string\n          maxLength: 100000"}},
			check: "request-property-max-length-increased", level: lint.LevelInfo},
		{name: "request type changed",
			edits: [][2]string{{"          description: Id of the account to look up.\n          type: integer", "          description: Id of the account to look up.\n          type: string"}},
			check: "request-property-type-changed", level: lint.LevelError, worst: lint.LevelError},
		{name: "response member may now be null",
			edits: [][2]string{{"          description: The account's name.\n          type: string", "          description: The account's name.\n          type: [string, \"null\"]"}},
			check: "response-property-became-nullable", level: lint.LevelError, worst: lint.LevelError},
		{name: "operation removed",
			edits: [][2]string{{pathBlock(t, spec.OpGetUpdateURI, spec.OpGetReserveDetails), ""}},
			check: "api-path-removed-without-deprecation", level: lint.LevelError, worst: lint.LevelError},
		{name: "deprecated operation removed", // as oasdiff: deprecation was the notice
			edits: [][2]string{{pathBlock(t, spec.OpGetReserveDetails, spec.OpSettlementSetup), ""}},
			check: "api-path-removed-with-deprecation", level: lint.LevelInfo},
		{name: "optional request argument added",
			edits: [][2]string{{"        reference_id:\n          description: The platform's own id for the account; unique per account.", "        nickname:\n          description: A short name.\n          type: string\n          maxLength: 20\n        reference_id:\n          description: The platform's own id for the account; unique per account."}},
			check: "new-optional-request-property", level: lint.LevelInfo},
		{name: "description reworded",
			edits: [][2]string{{"description: What the account is for (goods or services, payees, purpose).", "description: The purpose of the account."}}},
		{name: "named rule no longer applied",
			edits: [][2]string{{"          x-wepaykit-rules: [account-name-no-wepay, account-name-printable]\n          x-wepaykit-quirk: account-name-emoji-reading\n        description:", "          x-wepaykit-rules: [account-name-printable]\n          x-wepaykit-quirk: account-name-emoji-reading\n        description:"}},
			check: lint.CheckRuleRequestUnapplied, level: lint.LevelWarning, worst: lint.LevelWarning},
		{name: "state transition added",
			edits: [][2]string{{"  not_allowed:\n", "    - {from: deleted, to: active, why: \"Restored by support.\", cite: \"made up\"}\n  not_allowed:\n"}},
			check: lint.CheckStateTransitionAdded, level: lint.LevelError, worst: lint.LevelError},

		// More, beyond the table.
		{name: "new oneOf branch in a response",
			edits: [][2]string{{"            - $ref: \"#/components/schemas/InternationalPhoneNumber\"\n            - type: \"null\"", "            - $ref: \"#/components/schemas/InternationalPhoneNumber\"\n            - type: \"null\"\n            - type: string"}},
			check: "response-property-one-of-added", level: lint.LevelError, worst: lint.LevelError},
		{name: "new oneOf branch in a request",
			edits: [][2]string{{"            send_check_to_address:\n              $ref: \"#/components/schemas/SendCheckToAddress\"\n", "            send_check_to_address:\n              $ref: \"#/components/schemas/SendCheckToAddress\"\n        - title: Wire\n          type: object\n          required: [wire_id]\n          properties:\n            wire_id: {type: integer}\n"}},
			check: "request-property-one-of-added", level: lint.LevelInfo},
		{name: "pattern loosened",
			edits: [][2]string{{`pattern: "^[0-9A-Fa-f]{6}$"`, `pattern: "^[0-9A-Fa-f]{3,6}$"`}},
			check: "response-property-pattern-changed", level: lint.LevelWarning, worst: lint.LevelWarning},
		{name: "new error category in the error enum",
			edits: [][2]string{{"            - throttle_exceeded\n", "            - throttle_exceeded\n            - rate_limited\n"}},
			check: "response-property-enum-value-added", level: lint.LevelError, worst: lint.LevelError},
		{name: "response maxLength loosened",
			edits: [][2]string{{"          type: [string, \"null\"]\n          maxLength: 2083\n          x-wepaykit-quirk: image-uri-length", "          type: [string, \"null\"]\n          maxLength: 4096\n          x-wepaykit-quirk: image-uri-length"}},
			check: "response-property-max-length-increased", level: lint.LevelError, worst: lint.LevelError},
		{name: "success status code added",
			edits: [][2]string{{"        \"5XX\":\n          $ref: \"#/components/responses/Error\"\n  /account/modify:", "        \"5XX\":\n          $ref: \"#/components/responses/Error\"\n        \"202\":\n          description: Accepted; the account is created later.\n  /account/modify:"}},
			check: "response-success-status-added", level: lint.LevelWarning, worst: lint.LevelWarning},
		{name: "error status code added",
			edits: [][2]string{{"        \"5XX\":\n          $ref: \"#/components/responses/Error\"\n  /account/modify:", "        \"5XX\":\n          $ref: \"#/components/responses/Error\"\n        \"409\":\n          $ref: \"#/components/responses/Error\"\n  /account/modify:"}},
			check: "response-non-success-status-added", level: lint.LevelWarning, worst: lint.LevelWarning},
		{name: "rule severity raised",
			edits: [][2]string{{"  - id: country-options-canada-only\n    severity: warning", "  - id: country-options-canada-only\n    severity: error"}},
			check: lint.CheckRuleSeverityRaised, level: lint.LevelError, worst: lint.LevelError},
		{name: "rule severity lowered",
			edits: [][2]string{{"  - id: account-name-no-wepay\n    severity: error", "  - id: account-name-no-wepay\n    severity: warning"}},
			check: lint.CheckRuleSeverityLowered, level: lint.LevelWarning, worst: lint.LevelWarning},
		{name: "rule environment widened",
			edits: [][2]string{{"    environment: production\n", "    environment: all\n"}},
			check: lint.CheckRuleEnvWidened, level: lint.LevelError, worst: lint.LevelError},
		{name: "rule applied to a request field",
			edits: [][2]string{{"          type: string\n          maxLength: 65535\n        reference_id:\n          description: The platform's own id for the account; unique per account.", "          type: string\n          maxLength: 65535\n          x-wepaykit-rules: [account-name-printable]\n        reference_id:\n          description: The platform's own id for the account; unique per account."}},
			check: lint.CheckRuleRequestApplied, level: lint.LevelError, worst: lint.LevelError},
		{name: "rule removed from a response object",
			edits: [][2]string{{"      x-wepaykit-rules: [account-state-invariants, country-options-us-null, response-echoes-request, create-initial-state, balances-per-currency]", "      x-wepaykit-rules: [account-state-invariants, response-echoes-request, create-initial-state, balances-per-currency]"}},
			check: lint.CheckRuleResponseUnapplied, level: lint.LevelError, worst: lint.LevelError},
		{name: "terminal state no longer terminal",
			edits: [][2]string{{"      initial: false\n      terminal: true", "      initial: false\n      terminal: false"}},
			check: lint.CheckStateTerminalRemoved, level: lint.LevelError, worst: lint.LevelError},
		{name: "state may now be initial",
			edits: [][2]string{{"    - name: disabled\n      initial: false", "    - name: disabled\n      initial: true"}},
			check: lint.CheckStateInitialAdded, level: lint.LevelError, worst: lint.LevelError},
		{name: "invariant removed",
			edits: [][2]string{{"        - id: no-disablement-scheduled\n          pointer: /disablement_time\n          check: \"null\"\n          cite: \"If null then the account is valid and not scheduled to be disabled.\"\n", ""}},
			check: lint.CheckStateInvariantRemoved, level: lint.LevelError, worst: lint.LevelError},
		{name: "invariant added",
			edits: [][2]string{{"    - name: deleted\n      initial: false\n      terminal: true\n      definition: \"The account has been deleted.\"\n      invariants: []", "    - name: deleted\n      initial: false\n      terminal: true\n      definition: \"The account has been deleted.\"\n      invariants:\n        - {id: no-balance, pointer: /balances, check: empty, cite: \"An account may not be deleted if it has a balance or pending payments.\"}"}},
			check: lint.CheckStateInvariantAdded, level: lint.LevelWarning, worst: lint.LevelWarning},
		{name: "transition removed",
			edits: [][2]string{{"    - {from: disabled, to: deleted, why: \"/account/delete, allowed with no balance and no pending payments.\", cite: \"An account may not be deleted if it has a balance or pending payments.\"}\n", ""}},
			check: lint.CheckStateTransitionGone, level: lint.LevelWarning, worst: lint.LevelWarning},
		{name: "quirk reading changed",
			edits: [][2]string{{"    handling: Array or null.", "    handling: Array only; null is refused."}},
			check: lint.CheckQuirkReadingChanged, level: lint.LevelWarning, worst: lint.LevelWarning},
	}
}

func apply(t *testing.T, c change) []byte {
	t.Helper()
	s := string(spec.Embedded())
	for _, e := range c.edits {
		if !strings.Contains(s, e[0]) {
			t.Fatalf("%s: the spec has no %q", c.name, e[0])
		}
		s = strings.Replace(s, e[0], e[1], 1)
	}
	return []byte(s)
}

func worst(cs []lint.Change) lint.Level {
	var w lint.Level
	for _, c := range cs {
		if c.Level.AtLeast(lint.LevelWarning) && (w == "" || c.Level.AtLeast(w)) {
			w = c.Level
		}
	}
	return w
}

func TestChangesClientVerdicts(t *testing.T) {
	oasdiffLevels := checker.GetCheckLevels()
	overridden := map[string]bool{"response-success-status-added": true, "response-non-success-status-added": true}
	for _, c := range changes(t) {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			cl, err := lint.Diff(spec.Embedded(), apply(t, c), lint.WithNames("base.yaml", "new.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			if got := worst(cl.Changes); got != c.worst {
				t.Errorf("worst level %q, want %q; changes:\n%s", got, c.worst, dump(cl.Changes))
			}
			if c.check == "" {
				return
			}
			var hit *lint.Change
			for i := range cl.Changes {
				if cl.Changes[i].Check == c.check {
					hit = &cl.Changes[i]
					break
				}
			}
			if hit == nil {
				t.Fatalf("no %s in:\n%s", c.check, dump(cl.Changes))
			}
			if hit.Level != c.level {
				t.Errorf("%s at level %s, want %s", c.check, hit.Level, c.level)
			}
			// Agree with oasdiff where it has the check, except where
			// wepaykit sets its own level on purpose (README says why).
			if l, ok := oasdiffLevels[c.check]; ok && !overridden[c.check] {
				want := map[checker.Level]lint.Level{checker.ERR: lint.LevelError, checker.WARN: lint.LevelWarning, checker.INFO: lint.LevelInfo}[l]
				if hit.Level != want {
					t.Errorf("%s: level %s, oasdiff says %s", c.check, hit.Level, want)
				}
			}
			if hit.Base == nil && hit.New == nil {
				t.Errorf("%s has no location", c.check)
			}
			for _, l := range []*lint.Location{hit.Base, hit.New} {
				if l != nil && (l.Line <= 0 || l.Where == "" || l.File == "") {
					t.Errorf("%s: incomplete location %+v", c.check, *l)
				}
			}
			if strings.HasPrefix(c.check, "rule.") || strings.HasPrefix(c.check, "state.") || strings.HasPrefix(c.check, "quirk.") {
				if hit.Cite == "" {
					t.Errorf("%s cites no sentence", c.check)
				}
			}
		})
	}
}

func dump(cs []lint.Change) string {
	var b strings.Builder
	for _, c := range cs {
		b.WriteString("  " + string(c.Level) + " " + c.Check + " " + c.Operation + ": " + c.Message + "\n")
	}
	return b.String()
}

// Both documents are located for a change that exists on both sides.
func TestChangeLocatedInBoth(t *testing.T) {
	c := change{edits: [][2]string{{"          enum: [nonprofit, business, personal]\n        create_time:", "          enum: [nonprofit, business, personal, charity]\n        create_time:"}}}
	nw := apply(t, c)
	// Shift the new document's lines so that equal line numbers prove nothing.
	nw = []byte(strings.Replace(string(nw), "info:\n", "info:\n  x-note: one\n  x-note2: two\n", 1))
	cl, err := lint.Diff(spec.Embedded(), nw)
	if err != nil {
		t.Fatal(err)
	}
	for _, ch := range cl.Changes {
		if ch.Check != "response-property-enum-value-added" || ch.Operation != spec.OpCreate {
			continue
		}
		if ch.Base == nil || ch.New == nil {
			t.Fatalf("locations %+v %+v", ch.Base, ch.New)
		}
		if ch.New.Line != ch.Base.Line+2 || ch.Base.Where != "components.schemas.Account.properties.type.enum" || ch.New.Where != ch.Base.Where {
			t.Fatalf("base %+v new %+v", *ch.Base, *ch.New)
		}
		if ch.Side != "response" {
			t.Fatalf("side %q", ch.Side)
		}
		return
	}
	t.Fatalf("no change for /account/create:\n%s", dump(cl.Changes))
}

func TestNoChanges(t *testing.T) {
	cl, err := lint.Diff(spec.Embedded(), spec.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	if len(cl.Changes) != 0 {
		t.Fatalf("changes:\n%s", dump(cl.Changes))
	}
	if len(cl.Operations) != 8 || cl.Operations[0] != spec.OpAccount || cl.Operations[7] != spec.OpSettlementSetup {
		t.Fatalf("operations %v", cl.Operations)
	}
}

func TestWithLevels(t *testing.T) {
	c := changes(t)[1] // response enum value added
	levels := map[string]lint.Level{"response-property-enum-value-added": lint.LevelInfo, lint.CheckStateAdded: lint.LevelOff}
	cl, err := lint.Diff(spec.Embedded(), apply(t, c), lint.WithLevels(levels))
	if err != nil {
		t.Fatal(err)
	}
	if w := worst(cl.Changes); w != "" {
		t.Fatalf("a team accepted the change, but the worst level is %q", w)
	}
	if len(cl.Changes) == 0 {
		t.Fatal("an info change must still be listed")
	}
	levels["response-property-enum-value-added"] = lint.LevelOff
	cl, _ = lint.Diff(spec.Embedded(), apply(t, c), lint.WithLevels(levels))
	if len(cl.Changes) != 0 {
		t.Fatalf("off check still listed:\n%s", dump(cl.Changes))
	}
	if got := lint.UnknownChecks(map[string]lint.Level{"response-property-enum-value-added": lint.LevelInfo, "no-such-check": lint.LevelOff}); len(got) != 1 || got[0] != "no-such-check" {
		t.Fatalf("unknown checks %v", got)
	}
}

func TestParseLevel(t *testing.T) {
	for in, want := range map[string]lint.Level{"error": lint.LevelError, " Warning": lint.LevelWarning, "info": lint.LevelInfo, "off": lint.LevelOff, "none": lint.LevelOff} {
		if got, err := lint.ParseLevel(in); err != nil || got != want {
			t.Errorf("%q: %q, %v", in, got, err)
		}
	}
	if _, err := lint.ParseLevel("fatal"); err == nil {
		t.Error("fatal accepted")
	}
}

func TestDiffBadDocuments(t *testing.T) {
	for _, bad := range []string{"{{{", "openapi: 3.1.0\ninfo: 7\n", "not: a spec"} {
		if _, err := lint.Diff([]byte(bad), spec.Embedded()); err == nil {
			t.Errorf("base %q: no error", bad)
		}
		var de *lint.DocumentError
		_, err := lint.Diff(spec.Embedded(), []byte(bad))
		if err == nil || !errorsAs(err, &de) || de.File != "new.yaml" {
			t.Errorf("new %q: %v", bad, err)
		}
	}
}

func errorsAs(err error, target any) bool { return errors.As(err, target) }

func specEmbedded() []byte { return spec.Embedded() }

func TestWithLevelFunc(t *testing.T) {
	c := changes(t)[1] // response enum value added, in four operations
	only := func(ch lint.Change) lint.Level {
		if ch.Operation == spec.OpFind {
			return lint.LevelInfo
		}
		return ch.Level
	}
	cl, err := lint.Diff(spec.Embedded(), apply(t, c), lint.WithLevelFunc(only))
	if err != nil {
		t.Fatal(err)
	}
	n := cl.Counts()
	if n[lint.LevelError] != 3 || n[lint.LevelInfo] != 1 {
		t.Fatalf("counts %v:\n%s", n, dump(cl.Changes))
	}
}

// TestStateTextChangedNamesTheField: a text change of a state, or of a
// transition, names the field that changed and shows its own old and new
// text, at that field's line: not the definition, unchanged, twice.
func TestStateTextChangedNamesTheField(t *testing.T) {
	oldWhy := `why_initial: "The /account/create response example shows a new account in action_required with action_reasons kyc and bank_account."`
	newWhy := `why_initial: "The /account/create response example shows a new account in action_required."`
	oldCite := `why: "The owner completes what action_reasons listed.", cite: "all the actions that are required to make this account active"}`
	newCite := `why: "The owner completes what action_reasons listed.", cite: "the actions that are required to make this account active"}`
	nw := apply(t, change{name: "texts", edits: [][2]string{{oldWhy, newWhy}, {oldCite, newCite}}})
	cl, err := lint.Diff(spec.Embedded(), nw)
	if err != nil {
		t.Fatal(err)
	}
	var got []lint.Change
	for _, c := range cl.Changes {
		if c.Check == lint.CheckStateTextChanged {
			got = append(got, c)
		}
	}
	if len(got) != 2 {
		t.Fatalf("want 2 state.text-changed, got:\n%s", dump(cl.Changes))
	}
	why, cite := got[0], got[1]
	if !strings.HasPrefix(why.Message, "state action_required: ") {
		why, cite = cite, why
	}
	wantWhy := `state action_required: why_initial now "The /account/create response example shows a new account in action_required.", was "The /account/create response example shows a new account in action_required with action_reasons kyc and bank_account."`
	if why.Message != wantWhy {
		t.Errorf("why_initial:\n got %s\nwant %s", why.Message, wantWhy)
	}
	if why.New == nil || !strings.HasSuffix(why.New.Where, ".why_initial") || why.Base == nil || !strings.HasSuffix(why.Base.Where, ".why_initial") {
		t.Errorf("why_initial located at %+v / %+v", why.Base, why.New)
	}
	wantCite := `transition action_required -> active now cites "the actions that are required to make this account active", was "all the actions that are required to make this account active"`
	if cite.Message != wantCite {
		t.Errorf("transition cite:\n got %s\nwant %s", cite.Message, wantCite)
	}
	for _, c := range got {
		if strings.Contains(c.Message, "definition") || strings.Contains(c.Message, "reasoning") {
			t.Errorf("names a field that did not change: %s", c.Message)
		}
	}
}
