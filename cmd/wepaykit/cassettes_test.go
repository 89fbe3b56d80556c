package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The samples of each recording format that mix /account calls, other WePay
// calls and other hosts: every /account defect at its pointer, nothing on
// what is out of scope, exact counts.
func TestCassetteSamples(t *testing.T) {
	type finding struct {
		Entry      int    `json:"entry"`
		Side       string `json:"side"`
		Pointer    string `json:"pointer"`
		Rule       string `json:"rule"`
		APIVersion string `json:"api_version"`
	}
	for _, c := range []struct {
		file                                    string
		entries, validated, outside, otherHosts int
		findings                                []string // "entry side pointer rule"
		line                                    string
	}{
		{"ruby_vcr_stage_2014.yml", 8, 4, 3, 1, []string{
			"3 request  content-type-json",
			"3 request /theme_object/primary_color schema.pattern",
			"6 response /state schema.enum",
			"7 response /0/account_uri unknown-field",
			"7 response /0/action_reasons schema.required",
			"7 response /0/balances schema.required",
			"7 response /0/country schema.required",
			"7 response /0/currencies schema.required",
			"7 response /0/disabled_reasons schema.required",
			"7 response /0/owner_user_id schema.required",
			"7 response /0/payment_limit unknown-field",
			"7 response /0/reference_id find-matches-filter",
			"7 response /0/statuses schema.required",
			"7 response /0/verification_state unknown-field",
		}, "8 entries: 4 validated, 3 outside /account (/oauth2/token, /checkout/create x2), 1 other host (api.mixpanel.example): 11 errors, 3 warnings"},
		{"ruby_vcr_rails.json", 5, 2, 2, 1, []string{
			"1 request /name account-name-no-wepay",
		}, "5 entries: 2 validated, 2 outside /account (/user/register, /preapproval/create), 1 other host (bakery.example.com): 1 error, 0 warnings"},
		{"ruby_vcr1_wepay_rails_2011.yml", 7, 4, 2, 1, []string{
			"2 request /name account-name-no-wepay",
			"5 response /state schema.enum",
		}, "7 entries: 4 validated, 2 outside /account (/oauth2/token, /checkout/create), 1 other host (graph.facebook.example): 2 errors, 0 warnings"},
		{"vcrpy_python_sdk.yaml", 5, 3, 1, 1, []string{
			"2 request /mode schema.enum",
			"2 request /redirect_uri redirect-uri-no-underscore-subdomain",
			"3 request /account_id schema.required",
		}, "5 entries: 3 validated, 1 outside /account (/withdrawal/find), 1 other host (sentry.example.io): 3 errors, 0 warnings"},
	} {
		t.Run(c.file, func(t *testing.T) {
			jsonFile := filepath.Join(t.TempDir(), "report.json")
			code, text, errs := wk(t, "", "validate", "-f", "text", "-f", "json="+jsonFile, sampleFile(c.file))
			want(t, code, 1, text, errs)
			data, err := os.ReadFile(jsonFile)
			if err != nil {
				t.Fatal(err)
			}
			out := string(data)
			var rep struct {
				Entries    int       `json:"entries"`
				Validated  int       `json:"validated"`
				Outside    int       `json:"outside_account"`
				Skipped    int       `json:"skipped"`
				Unreadable int       `json:"unreadable"`
				Findings   []finding `json:"findings"`
			}
			if err := json.Unmarshal([]byte(out), &rep); err != nil {
				t.Fatal(err)
			}
			if rep.Entries != c.entries || rep.Validated != c.validated || rep.Outside != c.outside || rep.Skipped != c.otherHosts || rep.Unreadable != 0 {
				t.Fatalf("counts %+v", rep)
			}
			var got []string
			for _, f := range rep.Findings {
				got = append(got, strings.Join(strings.Fields(fmt.Sprintf("%d %s %s %s", f.Entry, f.Side, f.Pointer, f.Rule)), " "))
				if f.Rule == "schema.required" && f.Entry == 7 && f.APIVersion != "2014-01-08" {
					t.Errorf("finding without its Api-Version: %+v", f)
				}
			}
			wantF := make([]string, len(c.findings))
			for i, s := range c.findings {
				wantF[i] = strings.Join(strings.Fields(s), " ")
			}
			if diff := cmp.Diff(wantF, got); diff != "" {
				t.Fatalf("findings (-want +got):\n%s", diff)
			}
			if !strings.HasSuffix(text, c.line+"\n") {
				t.Fatalf("summary line: %s", text)
			}
		})
	}
}
