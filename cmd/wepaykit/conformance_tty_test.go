package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/fake/wepaytest"
	"github.com/wepaykit/wepaykit/report"
	"github.com/wepaykit/wepaykit/spec"
)

// ttyBuffer is a buffer that says it is a terminal.
type ttyBuffer struct{ bytes.Buffer }

func (*ttyBuffer) IsTerminal() bool { return true }

// runTTY runs the CLI with stdout and stderr as terminals (tty set) or as
// files.
func runTTY(tty bool, args ...string) (int, string, string) {
	var out, errb ttyBuffer
	var plainOut, plainErr bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &plainOut, stderr: &plainErr}
	if tty {
		e.stdout, e.stderr = &out, &errb
	}
	code := e.execute(args)
	if tty {
		return code, out.String(), errb.String()
	}
	return code, plainOut.String(), plainErr.String()
}

// standIn serves the four-call stand-in (see fourCalls) and returns its
// base URL and the owner's token.
func standIn(t *testing.T) (string, string) {
	t.Helper()
	h, err := wepaytest.New(wepaytest.WithHTTPClient(&http.Client{Transport: refuseAll{}}))
	if err != nil {
		t.Fatal(err)
	}
	user := h.NewUser("owner")
	srv := httptest.NewServer(fourCalls(h))
	t.Cleanup(func() { h.Close(); srv.Close() })
	return srv.URL + "/v2", user.Token
}

var ansi = regexp.MustCompile("\x1b\\[[0-9;]*[A-Za-z]")

// TestConformanceTerminal: failures only, colour and the progress line on
// a terminal; every check, no colour and no progress line in a file;
// -v / --verbose=false, --color and NO_COLOR as for the other commands.
func TestConformanceTerminal(t *testing.T) {
	base, tok := standIn(t)
	args := []string{"conformance", base, "--token", tok, "--op", "/account/find", "--op", "/account/create", "--run", "^lengths/account/(find/reference_id|create/name)$"}
	t.Setenv("NO_COLOR", "")

	code, out, errs := runTTY(true, args...)
	if code != exitFindings {
		t.Fatalf("terminal: exit %d, stderr %s\n%s", code, errs, out)
	}
	plain := ansi.ReplaceAllString(out, "")
	if strings.Contains(plain, "PASS  ") || !strings.Contains(plain, "FAIL 1. ") {
		t.Errorf("terminal: want failures only:\n%s", plain)
	}
	if !strings.Contains(out, "\x1b[31m") || !strings.Contains(out, "\x1b[0m") {
		t.Errorf("terminal: no colour:\n%q", out)
	}
	if !regexp.MustCompile(`\rwepaykit conformance: \d+/\d+ checks(, \d+ failed)?: \S+\x1b\[K`).MatchString(errs) || !strings.HasSuffix(errs, "\r\x1b[K") {
		t.Errorf("terminal: no progress line on stderr, or not cleared: %q", errs)
	}

	code, out, errs = runTTY(false, args...)
	if code != exitFindings || !strings.Contains(out, "PASS  lengths/account/find/reference_id") || !strings.Contains(out, "FAIL  lengths/account/create/name") {
		t.Errorf("file: exit %d, want every check listed:\n%s", code, out)
	}
	if ansi.MatchString(out+errs) || errs != "" {
		t.Errorf("file: colour or a progress line: stdout %q stderr %q", out, errs)
	}

	if _, out, _ = runTTY(true, append(args, "-v")...); !strings.Contains(ansi.ReplaceAllString(out, ""), "PASS  lengths/account/find/reference_id") {
		t.Errorf("terminal -v: want every check:\n%s", out)
	}
	if _, out, _ = runTTY(false, append(args, "--verbose=false")...); strings.Contains(out, "PASS  ") {
		t.Errorf("file --verbose=false: want failures only:\n%s", out)
	}
	if _, out, _ = runTTY(false, append(args, "--color", "always")...); !strings.Contains(out, "\x1b[31m") {
		t.Errorf("file --color always: no colour")
	}
	if _, out, _ = runTTY(true, append(args, "--color", "never")...); ansi.MatchString(out) {
		t.Errorf("terminal --color never: colour")
	}
	if _, out, _ = runTTY(true, append(args, "-f", "json")...); ansi.MatchString(out) || !json.Valid([]byte(out)) {
		t.Errorf("terminal json: colour or not JSON:\n%s", out)
	}
	t.Setenv("NO_COLOR", "1")
	if _, out, _ = runTTY(true, args...); ansi.MatchString(out) {
		t.Errorf("terminal with NO_COLOR: colour")
	}
}

// TestConformanceNamesPerCause: a cause met by many checks lists a few of
// them and "and N more", in text and in SARIF and GitHub messages; JSON
// lists them all.
func TestConformanceNamesPerCause(t *testing.T) {
	t.Parallel()
	base, tok := standIn(t)
	args := []string{"conformance", base, "--token", tok, "--op", "/account", "--op", "/account/create", "--op", "/account/find", "--op", "/account/delete"}
	code, out, errs := runTTY(true, args...)
	if code != exitFindings {
		t.Fatalf("exit %d, stderr %s", code, errs)
	}
	re := regexp.MustCompile(`(?m)^   (\d+) checks(?:, \d+ failures)?: (.*)$`)
	seen := false
	for _, m := range re.FindAllStringSubmatch(ansi.ReplaceAllString(out, ""), -1) {
		n := len(strings.Split(m[2], ", "))
		if m[1] == "1" || n > 3 && !strings.Contains(m[2], " and ") {
			continue
		}
		if strings.Count(m[2], ", ") > 2 {
			t.Errorf("more than 3 names listed: %s", m[0])
		}
		if more := regexp.MustCompile(` and (\d+) more$`).FindStringSubmatch(m[2]); more != nil {
			seen = true
			if want := atoi(t, m[1]) - 3; atoi(t, more[1]) != want {
				t.Errorf("%s: says %s more, want %d", m[0], more[1], want)
			}
		}
	}
	if !seen {
		t.Fatalf("no cause with more than 3 checks:\n%s", out)
	}
	_, sarif, _ := runTTY(false, append(args, "-f", "sarif")...)
	var log report.SARIFLog
	if err := json.Unmarshal([]byte(sarif), &log); err != nil {
		t.Fatal(err)
	}
	for _, r := range log.Runs[0].Results {
		if strings.Count(r.Message.Text, "/account/") > 12 {
			t.Errorf("SARIF message lists every check: %s", r.Message.Text)
		}
	}
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

// TestConformanceSARIFThroughCLI: through the CLI, each SARIF result sits
// on the line of the contract it is about, in spec/openapi.yaml as shipped
// or in the --spec file given.
func TestConformanceSARIFThroughCLI(t *testing.T) {
	t.Parallel()
	base, tok := standIn(t)
	partner := filepath.Join(t.TempDir(), "wepay.yaml")
	if err := os.WriteFile(partner, append([]byte("# our copy\n\n"), spec.Embedded()...), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		file  string
		args  []string
		lines []string
	}{
		{"spec/openapi.yaml", nil, strings.Split(string(spec.Embedded()), "\n")},
		{partner, []string{"--spec", partner}, append([]string{"# our copy", ""}, strings.Split(string(spec.Embedded()), "\n")...)},
	} {
		args := append([]string{"conformance", base, "--token", tok, "--op", "/account", "--op", "/account/create", "--op", "/account/find", "--op", "/account/delete", "-f", "sarif"}, c.args...)
		code, out, errs := runTTY(false, args...)
		if code != exitFindings {
			t.Fatalf("exit %d, stderr %s", code, errs)
		}
		var log report.SARIFLog
		if err := json.Unmarshal([]byte(out), &log); err != nil {
			t.Fatal(err)
		}
		at := map[string][]string{}
		for _, r := range log.Runs[0].Results {
			if len(r.Locations) == 0 || r.Locations[0].Physical == nil || r.Locations[0].Physical.Region == nil {
				t.Fatalf("%s: no physical location: %+v", r.RuleID, r)
			}
			ph := r.Locations[0].Physical
			if !strings.HasSuffix(ph.Artifact.URI, filepath.Base(c.file)) {
				t.Errorf("%s in %s, want %s", r.RuleID, ph.Artifact.URI, c.file)
			}
			at[r.RuleID] = append(at[r.RuleID], strings.TrimSpace(c.lines[ph.Region.StartLine-1]))
		}
		for rule, want := range map[string]string{"schema.required": "balances:", "find-within-limit": "- id: find-within-limit", "conformance.accepted": "name:"} {
			if !slices.Contains(at[rule], want) {
				t.Errorf("%s: %s on %q, want %q", c.file, rule, at[rule], want)
			}
		}
	}
}
