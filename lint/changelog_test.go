package lint_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wepaykit/wepaykit/lint"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestChangelogRealVersions diffs two real versions of the spec: the first
// contract commit (d88c8d2) and a later one. The golden files are the
// changelog a reviewer reads; rewrite them with go test ./lint/ -update and
// review the diff.
func TestChangelogRealVersions(t *testing.T) {
	dir := filepath.Join("testdata", "changelog")
	base, err := os.ReadFile(filepath.Join(dir, "d88c8d2.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	nw, err := os.ReadFile(filepath.Join(dir, "head.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	cl, err := lint.Diff(base, nw, lint.WithNames("d88c8d2.yaml", "head.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for format, file := range map[string]string{lint.FormatText: "want.txt", lint.FormatMarkdown: "want.md", lint.FormatJSON: "want.json"} {
		var b bytes.Buffer
		if err := cl.Write(&b, format); err != nil {
			t.Fatal(err)
		}
		golden := filepath.Join(dir, file)
		if *update {
			if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(string(want), b.String()); diff != "" {
			t.Errorf("%s changelog (-want +got):\n%s", format, diff)
		}
	}
	// What a reviewer must see in it.
	n := cl.Counts()
	if n[lint.LevelError] != 0 || n[lint.LevelWarning] != 1 {
		t.Errorf("counts %v", n)
	}
	var b bytes.Buffer
	_ = cl.Write(&b, lint.FormatJSON)
	var back lint.Changelog
	if err := json.Unmarshal(b.Bytes(), &back); err != nil || len(back.Changes) != len(cl.Changes) {
		t.Fatalf("JSON does not read back: %v", err)
	}
}

func TestChangelogFormats(t *testing.T) {
	c := changes(t)
	var edits [][2]string
	for _, name := range []string{"response enum value added", "named rule no longer applied", "state transition added", "quirk reading changed"} {
		for _, x := range c {
			if x.name == name {
				edits = append(edits, x.edits...)
			}
		}
	}
	cl, err := lint.Diff(specEmbedded(), apply(t, change{name: "several", edits: edits}), lint.WithNames("old|base.yaml", "new.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var text, md bytes.Buffer
	if err := cl.Write(&text, lint.FormatText); err != nil {
		t.Fatal(err)
	}
	if err := cl.Write(&md, lint.FormatMarkdown); err != nil {
		t.Fatal(err)
	}
	// Operations first, in the spec's order, then the extensions.
	order := []string{"\n/account\n", "\n/account/find\n", "\n/account/create\n", "\n/account/modify\n", "\nAccount states", "\nQuirks"}
	last := -1
	for _, h := range order {
		i := strings.Index(text.String(), h)
		if i < 0 || i < last {
			t.Fatalf("heading %q missing or out of order in:\n%s", h, text.String())
		}
		last = i
	}
	if !strings.Contains(md.String(), "**Breaking:**") || !strings.Contains(md.String(), "`old\\|base.yaml`") || !strings.Contains(md.String(), "#### /account/create") {
		t.Fatalf("markdown:\n%s", md.String())
	}
	for _, line := range strings.Split(md.String(), "\n") {
		if strings.HasPrefix(line, "| ") && strings.Count(strings.ReplaceAll(line, `\|`, ""), "|") != 5 {
			t.Errorf("table row with a stray |: %s", line)
		}
	}
	if err := cl.Write(&text, "yaml"); err == nil {
		t.Error("unknown format accepted")
	}
}
