package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/fixtures"

	"github.com/wepaykit/wepaykit/internal/ansi"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// sample is a summary of two recordings with every kind of content: a
// skipped entry, errors, a warning, a damaged entry and characters that
// formats must escape.
func sample() *Summary {
	return &Summary{
		Version: "v1.2.3",
		Files:   []string{"rec.har", "more, data:1.jsonl"},
		Entries: 7, Skipped: 1, Validated: 4, OutOfScope: 1,
		OutOfScopeCalls: []Count{{Key: "/checkout/create", N: 1}},
		OtherHosts:      []Count{{Key: "api.example.com", N: 1}},
		VersionHints:    []VersionHint{{File: "rec.har", Version: "2014-01-08", Exchanges: 1, Contract: "2019-04-03"}},
		Ignored:         []Ignored{{File: "fixtures/account.json", Reason: `not a recording: JSON object without a "log", "request" or "response" key`}},
		Units: []Unit{
			{File: "rec.har", Entry: 0, Line: 9, Name: "POST /account/create"},
			{File: "rec.har", Entry: 1, Line: 40, Name: "GET /v1/status", Skipped: "not a WePay host: api.example.com"},
			{File: "rec.har", Entry: 2, Line: 70, Name: "POST /account"},
			{File: "more, data:1.jsonl", Entry: 0, Line: 1, Name: "POST /account/delete"},
			{File: "more, data:1.jsonl", Entry: 2, Line: 3, Name: "POST /account"},
		},
		Findings: []Finding{
			{Unit: 0, File: "rec.har", Entry: 0, Line: 9, Operation: "/account/create", Side: "request", Location: "body", Pointer: "/name",
				Rule: "account-name-no-wepay", Severity: Error, Message: `the account name may not contain the word "wepay"`, Cite: "For security reasons, the word wepay cannot be in the account name."},
			{Unit: 0, File: "rec.har", Entry: 0, Line: 9, Operation: "/account/create", Side: "response", Location: "body", Pointer: "/extra",
				Rule: "unknown-field", Severity: Warning, Message: `member "extra" is not in the contract`, APIVersion: "2014-01-08"},
			{Unit: 2, File: "rec.har", Entry: 2, Line: 70, Operation: "/account", Side: "request", Location: "query",
				Rule: "token-in-parameter", Severity: Error, Message: "100% wrong:\r\nline two, <tag> & more"},
			{Unit: 4, File: "more, data:1.jsonl", Entry: 2, Line: 3, Operation: "/account", Side: "response", Location: "body", Pointer: "/state",
				Rule: "state-transition", Severity: Error, Message: "account 7 went from deleted to active; the state table allows no such transition"},
		},
		Problems: []Problem{{File: "more, data:1.jsonl", Entry: 1, Line: 2, Message: "unexpected end of JSON input"}},
		Rules: map[string]Rule{
			"account-name-no-wepay": {Summary: `An account name may not contain the word "wepay".`},
			"state-transition":      {Summary: "An account changed state along an edge the state table forbids.", HelpURI: "https://example.com/rules#state"},
		},
	}
}

// specSample is a linted spec's summary.
func specSample() *Summary {
	return &Summary{
		Version: "v1.2.3", Subject: Spec, Files: []string{"openapi.yaml"},
		Units: []Unit{{File: "openapi.yaml", Entry: -1, Name: "lint.example"}, {File: "openapi.yaml", Entry: -1, Name: "breaking"}},
		Findings: []Finding{
			{Unit: 0, File: "openapi.yaml", Entry: -1, Line: 350, Where: "components.schemas.Account.properties.name.examples[0]",
				Rule: "lint.example", Severity: Error, Message: "example does not match its schema: (root): length must be <= 255, but got 300"},
			{Unit: 1, File: "openapi.yaml", Entry: -1, Where: "paths./account/create.request.name",
				Rule: "breaking.max-length", Severity: Warning, Message: "/account/create request field /name: maxLength 100, was 255"},
		},
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	p := filepath.Join("testdata", name)
	if *update || fixtures.UpdateRequested() {
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run go test ./report -update to accept):\n--- got\n%s\n--- want\n%s", p, got, want)
	}
}

func render(t *testing.T, format string, s *Summary) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, format, s); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestGolden(t *testing.T) {
	ext := map[string]string{FormatText: "txt", FormatJSON: "json", FormatJUnit: "xml", FormatGitHub: "github", FormatSARIF: "sarif"}
	for _, f := range Formats() {
		golden(t, "traffic."+ext[f], render(t, f, sample()))
		golden(t, "spec."+ext[f], render(t, f, specSample()))
	}
}

func TestUnknownFormat(t *testing.T) {
	err := Write(&bytes.Buffer{}, "yaml", sample())
	if _, ok := err.(*FormatError); !ok {
		t.Fatalf("got %v, want a *FormatError", err)
	}
}

// TestJSONFindingsCarryFileAndLine: every finding names its file and line,
// also with a single input, so that a consumer never has to guess.
func TestJSONFindingsCarryFileAndLine(t *testing.T) {
	s := sample()
	s.Files = s.Files[:1]
	var out struct {
		Findings []map[string]any `json:"findings"`
	}
	if err := json.Unmarshal(render(t, FormatJSON, s), &out); err != nil {
		t.Fatal(err)
	}
	for _, f := range out.Findings {
		if _, ok := f["file"]; !ok {
			t.Fatalf("finding without its file: %v", f)
		}
		if _, ok := f["line"]; !ok {
			t.Fatalf("finding without its line: %v", f)
		}
	}
	if out.Findings[0]["file"] != "rec.har" || out.Findings[0]["line"] != float64(9) {
		t.Fatalf("first finding: %v", out.Findings[0])
	}
}

func TestJSONEmptyFindingsIsArray(t *testing.T) {
	got := string(render(t, FormatJSON, &Summary{Entries: 2}))
	if !strings.Contains(got, `"findings": []`) {
		t.Fatalf("findings must be [] when there are none:\n%s", got)
	}
}

// TestJUnitWellFormed round-trips the JUnit XML through encoding/xml and
// checks the counts.
func TestJUnitWellFormed(t *testing.T) {
	out := render(t, FormatJUnit, sample())
	if !bytes.HasPrefix(out, []byte(`<?xml version="1.0" encoding="UTF-8"?>`)) {
		t.Fatal("no XML declaration")
	}
	var r JUnitSuites
	if err := xml.Unmarshal(out, &r); err != nil {
		t.Fatalf("not well-formed: %v", err)
	}
	d := xml.NewDecoder(bytes.NewReader(out))
	for {
		if _, err := d.Token(); err != nil {
			if err.Error() != "EOF" {
				t.Fatalf("token stream: %v", err)
			}
			break
		}
	}
	if r.Tests != 6 || r.Failures != 3 || r.Errors != 1 || r.Skipped != 1 || len(r.Suites) != 2 {
		t.Fatalf("counts: tests=%d failures=%d errors=%d skipped=%d suites=%d", r.Tests, r.Failures, r.Errors, r.Skipped, len(r.Suites))
	}
	sum := 0
	for _, s := range r.Suites {
		if s.Tests != len(s.Cases) {
			t.Errorf("suite %s: tests=%d but %d cases", s.Name, s.Tests, len(s.Cases))
		}
		sum += s.Tests
		for _, c := range s.Cases {
			if c.Name == "" || c.Classname == "" {
				t.Errorf("case without name or classname: %+v", c)
			}
		}
	}
	if sum != r.Tests {
		t.Errorf("suites add up to %d tests, root says %d", sum, r.Tests)
	}
	if c := r.Suites[0].Cases[0]; c.Name != "entry 0 POST /account/create" || c.Classname != "rec.har" || len(c.Failures) != 1 || !strings.Contains(c.SystemOut, "warning") {
		t.Errorf("first case: %+v", c)
	}
}

// TestSARIFRequiredFields checks the members SARIF 2.1.0 and GitHub code
// scanning require.
func TestSARIFRequiredFields(t *testing.T) {
	for _, s := range []*Summary{sample(), specSample(), {}} {
		var log map[string]any
		if err := json.Unmarshal(render(t, FormatSARIF, s), &log); err != nil {
			t.Fatal(err)
		}
		if log["$schema"] != SARIFSchema || log["version"] != "2.1.0" {
			t.Fatalf("$schema/version: %v %v", log["$schema"], log["version"])
		}
		run := log["runs"].([]any)[0].(map[string]any)
		driver := run["tool"].(map[string]any)["driver"].(map[string]any)
		if driver["name"] != "wepaykit" || driver["informationUri"] == "" {
			t.Fatalf("driver: %v", driver)
		}
		ids := map[string]int{}
		for i, r := range driver["rules"].([]any) {
			rm := r.(map[string]any)
			if rm["shortDescription"].(map[string]any)["text"] == "" {
				t.Errorf("rule %v without shortDescription", rm["id"])
			}
			ids[rm["id"].(string)] = i
		}
		for _, x := range run["results"].([]any) {
			res := x.(map[string]any)
			id := res["ruleId"].(string)
			i, ok := ids[id]
			if !ok {
				t.Errorf("result's rule %s is not among the driver's rules", id)
			}
			if int(res["ruleIndex"].(float64)) != i {
				t.Errorf("ruleIndex of %s is %v, want %d", id, res["ruleIndex"], i)
			}
			if lv := res["level"]; lv != "error" && lv != "warning" {
				t.Errorf("level %v", lv)
			}
			if res["message"].(map[string]any)["text"] == "" {
				t.Error("result without message text")
			}
			loc := res["locations"].([]any)[0].(map[string]any)
			if pl, ok := loc["physicalLocation"].(map[string]any); ok {
				if pl["artifactLocation"].(map[string]any)["uri"] == "" {
					t.Error("physicalLocation without uri")
				}
			}
		}
	}
}

func TestGitHubEscaping(t *testing.T) {
	out := string(render(t, FormatGitHub, sample()))
	want := "::error file=rec.har,line=70,title=token-in-parameter::entry 2 POST /account: request query: 100%25 wrong:%0D%0Aline two, <tag> & more\n"
	if !strings.Contains(out, want) {
		t.Errorf("missing %q in\n%s", want, out)
	}
	if !strings.Contains(out, "file=more%2C data%3A1.jsonl,line=3,") {
		t.Errorf("file property not escaped:\n%s", out)
	}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if strings.HasPrefix(line, "::") && strings.ContainsAny(line, "\r") {
			t.Errorf("raw CR in %q", line)
		}
	}
}

// A run that validated nothing fails in every format.
func TestNothingValidatedInEveryFormat(t *testing.T) {
	s := &Summary{Files: []string{"rec.jsonl"}, Entries: 8, Skipped: 8, OtherHosts: []Count{{Key: "127.0.0.1:8080", N: 8}},
		Empty: "all 8 entries were sent to 127.0.0.1:8080, which is not a WePay host: add --host 127.0.0.1:8080"}
	for _, f := range Formats() {
		var b bytes.Buffer
		if err := Write(&b, f, s); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		switch f {
		case FormatJSON:
			if !strings.Contains(out, `"validated": 0`) || !strings.Contains(out, "add --host 127.0.0.1:8080") {
				t.Errorf("json: %s", out)
			}
		case FormatJUnit:
			var root JUnitSuites
			if err := xml.Unmarshal(b.Bytes(), &root); err != nil {
				t.Fatal(err)
			}
			if root.Errors+root.Failures == 0 {
				t.Errorf("junit is green: %s", out)
			}
		case FormatSARIF:
			var log SARIFLog
			if err := json.Unmarshal(b.Bytes(), &log); err != nil {
				t.Fatal(err)
			}
			if log.Runs[0].Invocations[0].ExecutionSuccessful {
				t.Errorf("sarif: execution successful: %s", out)
			}
		default:
			if !strings.Contains(out, "add --host 127.0.0.1:8080") {
				t.Errorf("%s: %s", f, out)
			}
		}
	}
	var b bytes.Buffer
	_ = Write(&b, FormatText, s)
	if !strings.Contains(b.String(), "8 entries: 0 validated, 8 other hosts (127.0.0.1:8080 x8): 0 errors, 0 warnings") {
		t.Errorf("text: %s", b.String())
	}
}

func TestTextColor(t *testing.T) {
	var plain, color bytes.Buffer
	if err := WriteWith(&plain, FormatText, sample(), Options{}); err != nil {
		t.Fatal(err)
	}
	if err := WriteWith(&color, FormatText, sample(), Options{Color: true}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain.String(), "\x1b[") {
		t.Error("plain text has ANSI escapes")
	}
	for _, want := range []string{ansi.Red + "error  " + ansi.Reset, ansi.Yellow + "warning" + ansi.Reset, ansi.Dim + "[account-name-no-wepay]" + ansi.Reset, ansi.Bold + "rec.har:9: entry 0 POST /account/create" + ansi.Reset} {
		if !strings.Contains(color.String(), want) {
			t.Errorf("colour text lacks %q:\n%q", want, color.String())
		}
	}
	strip := regexp.MustCompile("\x1b\\[[0-9;]*m")
	if got := strip.ReplaceAllString(color.String(), ""); got != plain.String() {
		t.Errorf("colour changes the text:\n%s\n---\n%s", got, plain.String())
	}
}

// TestJSONReadErrors: entries and inputs that could not be read are in
// the JSON report with their file, entry, line and message, redacted.
func TestJSONReadErrors(t *testing.T) {
	s := &Summary{Entries: 2, Validated: 1, Problems: []Problem{
		{File: "a.yaml", Entry: 1, Line: 7, Message: "cannot read: Authorization: Bearer STAGE_0123456789abcdef0123456789abcdef"},
		{File: "a.yaml", Entry: -1, Message: "cut short"},
	}}
	var out struct {
		ReadErrors []struct {
			File    string
			Entry   int
			Line    int
			Message string
		} `json:"read_errors"`
	}
	if err := json.Unmarshal(render(t, FormatJSON, s), &out); err != nil {
		t.Fatal(err)
	}
	if len(out.ReadErrors) != 2 || out.ReadErrors[0].Entry != 1 || out.ReadErrors[0].Line != 7 || out.ReadErrors[1].Entry != -1 ||
		strings.Contains(out.ReadErrors[0].Message, "0123456789abcdef") {
		t.Fatalf("read_errors %+v", out.ReadErrors)
	}
}
