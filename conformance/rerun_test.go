package conformance_test

import (
	"slices"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wepaykit/wepaykit/conformance"
	"github.com/wepaykit/wepaykit/fake/wepaytest"
)

// TestRerunsAgainstOneServer runs the whole suite three times against one
// wepaytest server: every run passes alike, marks what it creates with its
// own run id and deletes it all at the end.
func TestRerunsAgainstOneServer(t *testing.T) {
	t.Parallel()
	srv := wepaytest.NewServer(t, wepaytest.WithHTTPClient(noNetworkClient()))
	target := conformance.ServerTarget(srv)
	ids := map[string]bool{}
	var first []string
	for i := range 3 {
		rep, err := conformance.Execute(t.Context(), target)
		if err != nil {
			t.Fatalf("run %d: %v", i+1, err)
		}
		var skipped []string
		for _, r := range rep.Results {
			switch r.Status {
			case conformance.StatusFail:
				for _, f := range r.Failures {
					t.Errorf("run %d: %v", i+1, f)
				}
			case conformance.StatusSkip:
				skipped = append(skipped, r.Check)
			}
		}
		if i == 0 {
			first = skipped
		} else if d := cmp.Diff(first, skipped); d != "" {
			t.Errorf("run %d skipped other checks than run 1 (-run1 +run%d):\n%s", i+1, i+1, d)
		}
		if ids[rep.RunID] || rep.RunID == "" {
			t.Errorf("run %d: run id %q is not new", i+1, rep.RunID)
		}
		ids[rep.RunID] = true
		if rep.Created < 20 || len(rep.Left) != 0 {
			t.Errorf("run %d: created %d accounts, left %v; want every account deleted", i+1, rep.Created, rep.Left)
		}
	}
}

// TestServerTarget: conformance.Run against a wepaytest server with
// ServerTarget runs every check but the production-only ones and the state
// edges no driver can take, with no admin routes.
func TestServerTarget(t *testing.T) {
	t.Parallel()
	srv := wepaytest.NewServer(t, wepaytest.WithHTTPClient(noNetworkClient()))
	target := conformance.ServerTarget(srv)
	if target.Driver == nil || target.Clock == nil || target.OtherToken == "" || target.RevokedToken == "" {
		t.Fatalf("ServerTarget is incomplete: %+v", target)
	}
	var _ conformance.StateDriver = srv.Driver() // the method sets match
	var _ conformance.Clock = srv.Driver()
	_, skipped, _ := outcome(t, target)
	want := slices.Clone(unreachable)
	sort.Strings(want)
	if d := cmp.Diff(want, skipped); d != "" {
		t.Errorf("skipped checks (-want +got):\n%s", d)
	}
	conformance.Run(t, conformance.ServerTarget(srv))
}

// TestSelection: Run and Ops select checks as documented, and a selection
// of no check is a *TargetError.
func TestSelection(t *testing.T) {
	t.Parallel()
	base := fakeTarget(t, nil)
	names := func(target conformance.Target) []string {
		t.Helper()
		res, err := conformance.Results(t.Context(), target)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range res {
			out = append(out, r.Check)
		}
		return out
	}
	target := base
	target.Run = "^lengths/account/(create|modify)/name$"
	if d := cmp.Diff([]string{"lengths/account/create/name", "lengths/account/modify/name"}, names(target)); d != "" {
		t.Errorf("--run (-want +got):\n%s", d)
	}
	target = base
	target.Ops = []string{"/account/find"}
	got := names(target)
	all := infos(t)
	for _, n := range got {
		info := all[n]
		if len(info.Ops) > 0 && info.Ops[0] != "/account/find" {
			t.Errorf("--op /account/find selected %s (ops %v)", n, info.Ops)
		}
	}
	for _, n := range []string{"find/sort-order", "find/limit", "auth/no-authorization", "lengths/account/find/name", "errors/every-answer"} {
		if !slices.Contains(got, n) {
			t.Errorf("--op /account/find did not select %s", n)
		}
	}
	if slices.Contains(got, "find/no-deleted") {
		t.Error("--op /account/find selected find/no-deleted, which calls /account/delete")
	}
	for _, bad := range []conformance.Target{{Run: "("}, {Ops: []string{"/account/nope"}}, {Run: "^nothing$"}} {
		target = base
		target.Run, target.Ops = bad.Run, bad.Ops
		if _, err := conformance.Results(t.Context(), target); !isTargetError(err) {
			t.Errorf("Run %q Ops %v: got %v, want a *TargetError", bad.Run, bad.Ops, err)
		}
	}
}

// infos maps each check's name to its Info.
func infos(t *testing.T) map[string]conformance.Info {
	t.Helper()
	checks, err := conformance.List()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]conformance.Info{}
	for _, c := range checks {
		out[c.Check] = c
	}
	return out
}
