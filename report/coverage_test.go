package report_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/audit"
	"github.com/wepaykit/wepaykit/coverage"
	"github.com/wepaykit/wepaykit/report"
	"github.com/wepaykit/wepaykit/validate"
)

// sampleCoverage validates the repository's sample recording with a
// collector and returns the coverage and the findings.
func sampleCoverage(tb testing.TB) (*coverage.Report, []report.Finding) {
	tb.Helper()
	c, err := coverage.New()
	if err != nil {
		tb.Fatal(err)
	}
	v, err := validate.New(validate.WithCoverage(c))
	if err != nil {
		tb.Fatal(err)
	}
	const file = "../testdata/traffic/samples.har"
	res, err := audit.Run(context.Background(), v, []audit.Input{{Name: file, Open: func() (io.ReadCloser, error) { return os.Open(file) }}}, audit.Options{Workers: 1})
	if err != nil {
		tb.Fatal(err)
	}
	var fs []report.Finding
	for _, f := range res.Findings {
		fs = append(fs, report.Finding{File: f.File, Entry: f.Entry, Line: f.Line, Operation: f.Operation, Side: f.Side,
			Location: string(f.Location), Pointer: f.Pointer, Rule: f.Rule, Severity: string(f.Severity), Message: f.Message})
	}
	return c.Report(), fs
}

func renderCoverage(tb testing.TB, format string) []byte {
	tb.Helper()
	r, fs := sampleCoverage(tb)
	var b bytes.Buffer
	if err := report.WriteCoverage(&b, format, r, report.CoverageOptions{Findings: fs}); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

func TestCoverageDump(t *testing.T) {
	if os.Getenv("DUMP") == "" {
		t.Skip()
	}
	os.WriteFile("/tmp/cov.html", renderCoverage(t, "html"), 0o644)
	os.WriteFile("/tmp/cov.txt", renderCoverage(t, "text"), 0o644)
}

func TestCoverageFormats(t *testing.T) {
	r, _ := sampleCoverage(t)
	var b bytes.Buffer
	err := report.WriteCoverage(&b, "pdf", r, report.CoverageOptions{})
	var fe *report.CoverageFormatError
	if !errors.As(err, &fe) {
		t.Fatalf("unknown format: %v", err)
	}
	var viaReport, viaCoverage bytes.Buffer
	if err := report.WriteCoverage(&viaReport, report.CoverageJSON, r, report.CoverageOptions{}); err != nil {
		t.Fatal(err)
	}
	_ = coverage.Encode(&viaCoverage, r)
	if viaReport.String() != viaCoverage.String() {
		t.Error("the json format is not the coverage document")
	}
}

// TestCoverageHTMLRedacts: a secret in a finding (a validator's bug, or a
// file name) never reaches the page.
func TestCoverageHTMLRedacts(t *testing.T) {
	r, _ := sampleCoverage(t)
	fs := []report.Finding{
		{Operation: "/account", Severity: report.Error, Rule: "x", Message: `Authorization: Bearer LIVE_abc123secret was sent`, File: "s.har?access_token=QUERYSECRET"},
		{Operation: "/checkout/create", Severity: report.Warning, Rule: "route-unknown", Message: `"client_secret": "CLIENTSECRET9"`},
		{Operation: "/account", Severity: report.Error, Rule: "y", Message: `<script>alert(1)</script>`},
		// The planted token of internal/redact's fuzz target, in the forms
		// a message or a place may carry it.
		{Operation: "/account;access_token=PATHSEC1", Severity: report.Error, Rule: "z", Message: `query access%5Ftoken=PCTSEC1 and {"access\u005ftoken":"JSONSEC1"}, X-Api-Key: APIKEYSEC1, password=PASSSEC1`},
	}
	var b bytes.Buffer
	if err := report.WriteCoverage(&b, report.CoverageHTML, r, report.CoverageOptions{Findings: fs}); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, secret := range []string{"LIVE_abc123secret", "QUERYSECRET", "CLIENTSECRET9", "<script>", "PATHSEC1", "PCTSEC1", "JSONSEC1", "APIKEYSEC1", "PASSSEC1"} {
		if strings.Contains(page, secret) {
			t.Errorf("%q reached the page", secret)
		}
	}
	if !strings.Contains(page, "[REDACTED]") || !strings.Contains(page, "Findings of calls outside the contract") {
		t.Error("the findings are not on the page")
	}
}
