package main

import (
	"encoding/base64"
	"os"
	"strings"
	"testing"
)

func TestValidateSamples(t *testing.T) {
	code, out, errs := wk(t, "", "validate", sampleFile("samples.har"))
	want(t, code, 1, out, errs)
	for _, r := range []string{"account-name-no-wepay", "token-in-parameter", "auth-bearer-required", "schema.maxLength", "account-state-invariants", "13 entries: 12 validated, 1 other host (api.example.com): 5 errors, 0 warnings"} {
		if !strings.Contains(out, r) {
			t.Errorf("output lacks %q:\n%s", r, out)
		}
	}
	code, out, errs = wk(t, "", "validate", sampleFile("valid.har"))
	want(t, code, 0, out, errs)
	if strings.TrimSpace(out) != "8 entries: 8 validated: 0 errors, 0 warnings" {
		t.Errorf("valid.har: %q", out)
	}
}

func TestEntryIndexCountsSkipped(t *testing.T) {
	code, out, errs := wk(t, "", "validate", "--format", "json", sampleFile("samples.har"))
	want(t, code, 1, out, errs)
	r := decodeReport(t, out)
	if r.Entries != 13 || r.Skipped != 1 || r.Summary.Errors != 5 {
		t.Fatalf("report %+v", r)
	}
	// Entry 6 is the skipped one; the name with "wepay" comes right after.
	if f := r.Findings[0]; f.Entry != 7 || f.Rule != "account-name-no-wepay" || f.File != sampleFile("samples.har") {
		t.Fatalf("first finding %+v", f)
	}
}

func TestStateTransition(t *testing.T) {
	code, out, errs := wk(t, "", "validate", "--format", "json", sampleFile("samples.jsonl"))
	want(t, code, 1, out, errs)
	r := decodeReport(t, out)
	if len(r.Findings) != 1 || r.Findings[0].Rule != "state-transition" || r.Findings[0].Entry != 2 || !strings.Contains(r.Findings[0].Message, "deleted to active") {
		t.Fatalf("findings %+v", r.Findings)
	}
}

func TestDirectoryAndStdin(t *testing.T) {
	code, out, errs := wk(t, "", "validate", "--format", "json", samplesDir)
	want(t, code, 1, out, errs)
	r := decodeReport(t, out)
	files := map[string]bool{}
	for _, f := range r.Findings {
		files[f.File] = true
	}
	if len(files) != 7 || r.Entries != 13+8+3+3+8+5+5+7 {
		t.Fatalf("files %v entries %d", files, r.Entries)
	}
	data, err := os.ReadFile(sampleFile("samples.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	code, out, errs = wk(t, string(data), "validate", "-", "--quiet")
	want(t, code, 1, out, errs)
	if !strings.Contains(out, "-:65: entry 2 POST /account/delete") || !strings.Contains(out, "delete-reports-deleted") {
		t.Fatalf("stdin: %s", out)
	}
	code, out, errs = wk(t, "", "validate", "-", "-")
	want(t, code, 2, out, errs)
}

func TestDeterministic(t *testing.T) {
	var first string
	for i, w := range []string{"4", "4", "1"} {
		for _, format := range []string{"json", "text", "junit", "sarif", "github"} {
			code, out, errs := wk(t, "", "validate", "--workers", w, "--format", format, samplesDir, sampleFile("samples.har"))
			want(t, code, 1, out, errs)
			if format != "json" {
				continue
			}
			if i == 0 {
				first = out
			} else if out != first {
				t.Fatalf("run %d (--workers %s) differs:\n%s\n---\n%s", i, w, out, first)
			}
		}
	}
}

func TestFailOnWarning(t *testing.T) {
	line := `{"request":{"method":"POST","url":"https://stage.wepayapi.com/v2/account/delete","headers":{"Authorization":"Bearer t","Content-Type":"application/json","User-Agent":"wepaykit-tests/1.0"},"body":{"account_id":1}},"response":{"status":200,"headers":{"Content-Type":"application/json"},"body":{"account_id":1,"state":"deleted","color":"red"}}}` + "\n"
	p := writeTemp(t, "warn.jsonl", []byte(line))
	code, out, errs := wk(t, "", "validate", p)
	want(t, code, 0, out, errs)
	if !strings.Contains(out, "unknown-field") || !strings.Contains(out, "0 errors, 1 warning") {
		t.Fatalf("output %s", out)
	}
	code, out, errs = wk(t, "", "validate", "--fail-on", "warning", p)
	want(t, code, 1, out, errs)
	code, out, errs = wk(t, "", "validate", "--strict", p)
	want(t, code, 1, out, errs)
}

func TestUnreadableFile(t *testing.T) {
	code, out, errs := wk(t, "", "validate", sampleFile("valid.har"), "no/such/file.har")
	want(t, code, 2, out, errs)
	if !strings.Contains(errs, "no/such/file.har") {
		t.Fatalf("stderr does not name the file: %q", errs)
	}
	dir := t.TempDir()
	code, out, errs = wk(t, "", "validate", dir)
	want(t, code, 2, out, errs)
	if !strings.Contains(errs, dir) {
		t.Fatalf("stderr does not name the directory: %q", errs)
	}
}

func TestTruncatedHAR(t *testing.T) {
	data, err := os.ReadFile(sampleFile("samples.har"))
	if err != nil {
		t.Fatal(err)
	}
	cut := data[:strings.Index(string(data), "disabled without disabled_reasons")]
	p := writeTemp(t, "cut.har", cut)
	code, out, errs := wk(t, "", "validate", p)
	want(t, code, 2, out, errs)
	if !strings.Contains(errs, p) || !strings.Contains(errs, "line ") {
		t.Fatalf("stderr does not name the file and line: %q", errs)
	}
	for _, r := range []string{"account-name-no-wepay", "schema.maxLength", "cannot read"} {
		if !strings.Contains(out, r) {
			t.Errorf("earlier entries not reported (%s):\n%s", r, out)
		}
	}
}

func TestBinaryGarbage(t *testing.T) {
	garbage := make([]byte, 4096)
	for i := range garbage {
		garbage[i] = byte(i*7919 + i/13)
	}
	p := writeTemp(t, "garbage.har", garbage)
	code, out, errs := wk(t, "", "validate", p)
	want(t, code, 2, out, errs)
	if !strings.Contains(errs, p) {
		t.Fatalf("stderr does not name the file: %q", errs)
	}
}

func TestInvalidUTF8Body(t *testing.T) {
	body := base64.StdEncoding.EncodeToString([]byte("{\"account_id\":12345,\"name\":\"caf\xe9\"}"))
	har := `{"log":{"version":"1.2","entries":[{"request":{"method":"POST","url":"https://stage.wepayapi.com/v2/account","headers":[{"name":"Authorization","value":"Bearer t"},{"name":"User-Agent","value":"wepaykit-tests/1.0"},{"name":"Content-Type","value":"application/json"}],"postData":{"mimeType":"application/json","text":"{\"account_id\":12345}"}},"response":{"status":200,"headers":[{"name":"Content-Type","value":"application/json"}],"content":{"text":"` + body + `","encoding":"base64"}}}]}}`
	code, out, errs := wk(t, "", "validate", writeTemp(t, "utf8.har", []byte(har)))
	want(t, code, 1, out, errs)
	if !strings.Contains(out, "json-utf8") {
		t.Fatalf("no json-utf8 finding:\n%s", out)
	}
}

func TestMaxBody(t *testing.T) {
	code, out, errs := wk(t, "", "validate", "--max-body", "256", "--format", "json", sampleFile("valid.har"))
	want(t, code, 1, out, errs)
	r := decodeReport(t, out)
	for _, f := range r.Findings {
		if f.Rule != "body-too-large" || !strings.Contains(f.Message, "over the 256-byte limit") {
			t.Fatalf("finding %+v", f)
		}
	}
	if len(r.Findings) == 0 {
		t.Fatal("no body-too-large finding")
	}
	for _, bad := range []string{"abc", "0", "-5"} {
		code, out, errs := wk(t, "", "validate", "--max-body", bad, sampleFile("valid.har"))
		want(t, code, 2, out, errs)
	}
}

func TestBodies(t *testing.T) {
	code, out, errs := wk(t, `{"name":"My WePay shop","description":"d"}`, "validate", "--op", "/account/create", "--request", "-")
	want(t, code, 1, out, errs)
	if !strings.Contains(out, "account-name-no-wepay") || !strings.Contains(out, "/account/create request") {
		t.Fatalf("output %s", out)
	}
	resp := writeTemp(t, "resp.json", []byte(`{"account_id":12345,"state":"deleted"}`))
	code, out, errs = wk(t, `{"account_id":12345}`, "validate", "--op", "/v2/account/delete", "--request", "-", "--response", resp)
	want(t, code, 0, out, errs)
	code, out, errs = wk(t, strings.Repeat(" ", 2000)+"{}", "validate", "--op", "/account/delete", "--request", "-", "--max-body", "1000")
	want(t, code, 1, out, errs)
	if !strings.Contains(out, "body of 2002 bytes is over the 1000-byte limit") {
		t.Fatalf("output %s", out)
	}
	for _, args := range [][]string{
		{"--op", "/account/nope", "--request", resp},
		{"--op", "/account/create"},
		{"--request", resp},
		{"--op", "/account/create", "--request", "missing.json"},
		{"--op", "/account/create", "--request", "-", "--response", "-"},
		{"--op", "/account/create", "--request", resp, sampleFile("valid.har")},
	} {
		code, out, errs := wk(t, "{}", append([]string{"validate"}, args...)...)
		want(t, code, 2, out, errs)
	}
	_, _, errs = wk(t, "", "validate", "--op", "/account/nope", "--request", resp)
	if !strings.Contains(errs, `unknown operation "/account/nope"`) {
		t.Fatalf("stderr %q", errs)
	}
}

func TestUsageErrors(t *testing.T) {
	f := sampleFile("valid.har")
	for _, args := range [][]string{
		{}, {"--format", "xml", f}, {"--fail-on", "info", f}, {"--env", "test", f},
		{"--workers", "-1", f}, {"--no-such-flag", f}, {"--host", "", f},
	} {
		code, out, errs := wk(t, "", append([]string{"validate"}, args...)...)
		want(t, code, 2, out, errs)
		if errs == "" {
			t.Errorf("%v: nothing on stderr", args)
		}
	}
	// Flags may follow the files; "--" ends them.
	code, out, errs := wk(t, "", "validate", f, "--format", "json", "--env", "production", "--host", "localhost:8080")
	want(t, code, 0, out, errs)
	code, out, errs = wk(t, "", "validate", "--", f)
	want(t, code, 0, out, errs)
}

func TestNoSecretsPrinted(t *testing.T) {
	for _, format := range []string{"text", "json", "junit", "github", "sarif"} {
		_, out, errs := wk(t, "", "validate", "--format", format, sampleFile("samples.har"))
		for _, s := range []string{"STAGE_leaked_token", "STAGE_sample_token", "Bearer STAGE"} {
			if strings.Contains(out+errs, s) {
				t.Errorf("%s output contains %q", format, s)
			}
		}
	}
}
