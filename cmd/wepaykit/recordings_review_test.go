package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// trafficTestdata is a sample of the traffic package's testdata.
func trafficTestdata(name string) string {
	return filepath.Join("..", "..", "traffic", "testdata", name)
}

// Recordings written the way the real tools write them, which an earlier
// version got wrong: each case names the exit code, the counts and every
// finding, and the text of the damage it reports.
func TestValidateRealRecordings(t *testing.T) {
	for _, c := range []struct {
		name                  string
		file                  string
		code                  int
		validated, unreadable int
		findings              []string // "entry side pointer rule"
		damage                []string // texts the report must hold
	}{
		// PyYAML's &id001/*id001 for shared header dicts: every
		// interaction read, the aliased headers applied.
		{"vcrpy anchors", "vcrpy_anchors.yaml", 1, 3, 0, []string{"2 request /name account-name-no-wepay"}, nil},
		// VCR 2 (Ruby 1.9): !binary header values (Content-Type,
		// Authorization), status message and body; Psych's &1/*1.
		{"ruby vcr 2 binary and anchors", "ruby_vcr2_binary.yml", 1, 2, 0, []string{"1 request /name account-name-no-wepay"}, nil},
		// HAR postData.params (Charles): read as a form body; a text
		// wins over params.
		{"har params", "params_form.har", 1, 2, 0, []string{
			"0 request  auth-bearer-required",
			"0 request  content-type-json",
			"0 request /access_token token-in-parameter",
			"0 request /name account-name-no-wepay",
		}, nil},
		// vcrpy always records a response: one missing is damage.
		{"vcrpy without a response", "vcrpy_noresp.yaml", 2, 2, 1, nil, []string{"vcrpy_noresp.yaml:23: entry 1: cannot read: response: missing"}},
		// A Ruby VCR cassette cut inside its last response.
		{"ruby vcr cut short", "ruby_vcr_cut.yml", 2, 2, 1, []string{"1 request /name account-name-no-wepay"}, []string{
			"ruby_vcr_cut.yml:59: entry 2: cannot read: the file ends inside this interaction, before recorded_with",
			"recorded_with: missing",
		}},
		// One binary line among good JSON lines.
		{"jsonl binary line", "binary_line.jsonl", 2, 2, 1, nil, []string{"binary_line.jsonl:2: entry 1: cannot read: NUL byte: binary data"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			jsonFile := filepath.Join(t.TempDir(), "report.json")
			code, text, errs := wk(t, "", "validate", "-f", "text", "-f", "json="+jsonFile, trafficTestdata(c.file))
			want(t, code, c.code, text, errs)
			var rep struct {
				Validated  int `json:"validated"`
				Unreadable int `json:"unreadable"`
				Findings   []struct {
					Entry   int    `json:"entry"`
					Side    string `json:"side"`
					Pointer string `json:"pointer"`
					Rule    string `json:"rule"`
				} `json:"findings"`
			}
			data, err := os.ReadFile(jsonFile)
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(data, &rep); err != nil {
				t.Fatal(err)
			}
			if rep.Validated != c.validated || rep.Unreadable != c.unreadable {
				t.Errorf("validated %d, unreadable %d; want %d, %d\n%s", rep.Validated, rep.Unreadable, c.validated, c.unreadable, text)
			}
			var got []string
			for _, f := range rep.Findings {
				got = append(got, strings.Join(strings.Fields(fmt.Sprintf("%d %s %s %s", f.Entry, f.Side, f.Pointer, f.Rule)), " "))
			}
			wantF := make([]string, len(c.findings))
			for i, s := range c.findings {
				wantF[i] = strings.Join(strings.Fields(s), " ")
			}
			if len(got) == 0 {
				got = []string{}
			}
			if diff := cmp.Diff(wantF, got); diff != "" {
				t.Errorf("findings (-want +got):\n%s\n%s", diff, text)
			}
			for _, d := range c.damage {
				if !strings.Contains(text, d) {
					t.Errorf("report lacks %q:\n%s", d, text)
				}
			}
			if strings.Contains(text, "STAGE_aaaa") {
				t.Errorf("report holds a token:\n%s", text)
			}
		})
	}
}

// A dangling symbolic link in a walked directory is reported as unreadable,
// with its path, and fails the run.
func TestValidateDirWithDanglingSymlink(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges")
	}
	dir := t.TempDir()
	data, err := os.ReadFile(trafficTestdata("vcrpy_anchors.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "rec.yaml"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "dangling.har")
	if err := os.Symlink("/nonexistent/wepaykit.har", link); err != nil {
		t.Fatal(err)
	}
	code, text, errs := wk(t, "", "validate", dir)
	want(t, code, 2, text, errs)
	if !strings.Contains(text, link+": cannot read: symbolic link to a file that cannot be read") || strings.Contains(text, "skipped") {
		t.Fatalf("report:\n%s\nstderr:\n%s", text, errs)
	}
	if !strings.Contains(text, "3 entries: 3 validated: 1 error") {
		t.Fatalf("the rest was not validated:\n%s", text)
	}
}

// A JSON line without a response (a dropped connection, as serve and proxy
// --record write it) has its request validated, and the summary says how
// many exchanges had no answer.
func TestValidateCountsUnanswered(t *testing.T) {
	line := `{"request":{"method":"POST","url":"https://stage.wepayapi.com/v2/account","headers":{"Authorization":"Bearer STAGE_x","Content-Type":"application/json","User-Agent":"x"},"body":{"account_id":1}}}` + "\n"
	answered := `{"request":{"method":"POST","url":"https://stage.wepayapi.com/v2/account","headers":{"Authorization":"Bearer STAGE_x","Content-Type":"application/json","User-Agent":"x"},"body":{"account_id":1}},"response":{"status":404,"headers":{"Content-Type":"application/json"},"body":{"error":"invalid_request","error_description":"account does not exist","error_code":3001}}}` + "\n"
	code, text, errs := wk(t, line+answered, "validate", "-")
	want(t, code, 0, text, errs)
	if !strings.HasSuffix(text, "2 entries: 2 validated (1 without an answer): 0 errors, 0 warnings\n") {
		t.Fatalf("summary:\n%s", text)
	}
	code, text, errs = wk(t, line+answered, "validate", "-f", "json", "-")
	want(t, code, 0, text, errs)
	if !strings.Contains(text, `"unanswered": 1,`) {
		t.Fatalf("json:\n%s", text)
	}
}
