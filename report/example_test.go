package report_test

import (
	"os"

	"github.com/wepaykit/wepaykit/report"
)

func ExampleWrite() {
	s := &report.Summary{
		Files:   []string{"session.har"},
		Entries: 3, Validated: 2, Skipped: 1,
		OtherHosts: []report.Count{{Key: "api.example.com", N: 1}},
		Units:      []report.Unit{{File: "session.har", Entry: 2, Line: 120, Name: "POST /account/create"}},
		Findings: []report.Finding{{Unit: 0, File: "session.har", Entry: 2, Line: 120,
			Operation: "/account/create", Side: "request", Location: "body", Pointer: "/name",
			Rule: "account-name-no-wepay", Severity: report.Error,
			Message: `the account name may not contain the word "wepay"`}},
	}
	_ = report.Write(os.Stdout, report.FormatText, s)
	_ = report.Write(os.Stdout, report.FormatGitHub, s)
	// Output:
	// session.har:120: entry 2 POST /account/create
	//   error   request body /name: the account name may not contain the word "wepay" [account-name-no-wepay]
	// 3 entries: 2 validated, 1 other host (api.example.com): 1 error, 0 warnings
	// ::error file=session.har,line=120,title=account-name-no-wepay::entry 2 POST /account/create: request body /name: the account name may not contain the word "wepay"
	// 3 entries: 2 validated, 1 other host (api.example.com): 1 error, 0 warnings
}
