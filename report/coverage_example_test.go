package report_test

import (
	"log"
	"os"

	"github.com/wepaykit/wepaykit/coverage"
	"github.com/wepaykit/wepaykit/report"
	"github.com/wepaykit/wepaykit/spec"
)

func ExampleWriteCoverage() {
	c, err := coverage.New()
	if err != nil {
		log.Fatal(err)
	}
	c.Observe(coverage.Exchange{Operation: spec.OpFind, Environment: coverage.EnvStage, Status: 200,
		Request: map[string]any{"reference_id": "r1"}, Response: []any{}})
	c.Observe(coverage.Exchange{Operation: spec.OpDelete, Environment: coverage.EnvStage, Status: 400,
		Response: map[string]any{"error": "invalid_request", "error_description": "deleted", "error_code": 3003.0}})
	_ = report.WriteCoverage(os.Stdout, report.CoverageText, c.Report(), report.CoverageOptions{MissingLimit: 2})
	// Output:
	// contract coverage of 2 validated exchanges (0 outside the contract), spec openapi.yaml
	//
	// DIMENSION      COVERED  TOTAL PERCENT
	// operations           2      8   25.0%
	// responses            2     16   12.5%
	// error_codes          1    192    0.5%
	// fields               1    371    0.3%
	// enum_values          0    306    0.0%
	// states               0      5    0.0%
	// transitions          0     13    0.0%
	// rules               11     29   37.9%
	// environments         1      2   50.0%
	//
	// OPERATION                       CALLS  SUCCESS  ERROR    FIELDS ENUM VALUES
	// /account                            0        0      0      0/61        0/44
	// /account/create                     0        0      0      0/92       0/104
	// /account/delete                     1        0      1       0/4         0/5
	// /account/find                       1        1      0      1/66        0/46
	// /account/get_reserve_details        0        0      0       0/9         0/0
	// /account/get_update_uri             0        0      0      0/38         0/2
	// /account/modify                     0        0      0      0/88        0/97
	// /account/settlement_setup           0        0      0      0/13         0/8
	//
	// missing operations (6):
	//   /account
	//   /account/create
	//   ... and 4 more (--format json lists them all)
	//
	// missing responses (14):
	//   /account success
	//   /account error
	//   ... and 12 more (--format json lists them all)
	//
	// missing error_codes (191):
	//   /account 1001
	//   /account 1002
	//   ... and 189 more (--format json lists them all)
	//
	// missing fields (370):
	//   /account request /account_id
	//   /account response /account_id
	//   ... and 368 more (--format json lists them all)
	//
	// missing enum_values (306):
	//   /account response /action_reasons/*="bank_account"
	//   /account response /action_reasons/*="kyc"
	//   ... and 304 more (--format json lists them all)
	//
	// missing states (5):
	//   action_required
	//   pending
	//   ... and 3 more (--format json lists them all)
	//
	// missing transitions (13):
	//   pending -> action_required
	//   pending -> active
	//   ... and 11 more (--format json lists them all)
	//
	// missing rules (18):
	//   account-name-no-wepay
	//   account-name-printable
	//   ... and 16 more (--format json lists them all)
	//
	// missing environments (1):
	//   production
}
