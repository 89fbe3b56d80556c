package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"
	"gopkg.in/yaml.v3"
)

// action is the part of action.yml the test reads.
type action struct {
	Inputs map[string]struct {
		Default string `yaml:"default"`
	} `yaml:"inputs"`
	Runs struct {
		Using string `yaml:"using"`
		Steps []struct {
			Name string            `yaml:"name"`
			ID   string            `yaml:"id"`
			Run  string            `yaml:"run"`
			Uses string            `yaml:"uses"`
			Env  map[string]string `yaml:"env"`
		} `yaml:"steps"`
	} `yaml:"runs"`
}

var inputExpr = regexp.MustCompile(`\$\{\{\s*inputs\.([a-z-]+)\s*\}\}`)

// TestActionSteps runs the shell steps of the GitHub Action (action.yml)
// as a runner would, on the sample recordings: the install step builds
// wepaykit from this checkout, the validate step must print annotations in
// GitHub's format, write a SARIF file that validates, set the step outputs
// and exit with wepaykit's code.
func TestActionSteps(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash on this machine")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(root, "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var a action
	if err := yaml.Unmarshal(data, &a); err != nil {
		t.Fatal(err)
	}
	if a.Runs.Using != "composite" {
		t.Fatalf("runs.using = %q, want composite", a.Runs.Using)
	}
	tmp := t.TempDir()
	files := map[string]string{"GITHUB_PATH": filepath.Join(tmp, "path"), "GITHUB_OUTPUT": filepath.Join(tmp, "output")}
	inputs := map[string]string{}
	for k, v := range a.Inputs {
		inputs[k] = v.Default
	}
	inputs["version"] = "local"
	inputs["paths"] = filepath.Join(root, "testdata", "traffic", "samples.har")
	inputs["sarif-file"] = filepath.Join(tmp, "out.sarif")
	ran := 0
	var validateOut string
	for _, st := range a.Runs.Steps {
		if st.Run == "" {
			continue
		}
		env := append(os.Environ(), "GITHUB_ACTION_PATH="+root, "RUNNER_TEMP="+tmp,
			"GITHUB_PATH="+files["GITHUB_PATH"], "GITHUB_OUTPUT="+files["GITHUB_OUTPUT"])
		for k, v := range st.Env {
			env = append(env, k+"="+inputExpr.ReplaceAllStringFunc(v, func(m string) string {
				return inputs[inputExpr.FindStringSubmatch(m)[1]]
			}))
		}
		if added, err := os.ReadFile(files["GITHUB_PATH"]); err == nil {
			env = append(env, "PATH="+strings.TrimSpace(string(added))+string(os.PathListSeparator)+os.Getenv("PATH"))
		}
		cmd := exec.Command("bash", "-c", st.Run)
		cmd.Dir = tmp
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		ran++
		code := cmd.ProcessState.ExitCode()
		switch st.ID {
		case "validate":
			validateOut = string(out)
			if code != exitFindings {
				t.Fatalf("validate step: exit %d (%v), want 1 for samples.har:\n%s", code, err, out)
			}
		default:
			if err != nil {
				t.Fatalf("step %q: %v\n%s", st.Name, err, out)
			}
		}
	}
	if ran != 2 {
		t.Fatalf("ran %d shell steps, want install and validate", ran)
	}
	annotation := regexp.MustCompile(`(?m)^::error file=[^,]+samples\.har,line=\d+(,[a-zA-Z]+=[^,:]*)*::.+$`)
	if n := len(annotation.FindAllString(validateOut, -1)); n != 5 {
		t.Errorf("%d ::error annotations with file and line, want 5:\n%s", n, validateOut)
	}
	outputs, err := os.ReadFile(files["GITHUB_OUTPUT"])
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(outputs), "exit-code=1") || !strings.Contains(string(outputs), "sarif-file="+inputs["sarif-file"]) {
		t.Errorf("step outputs: %q", outputs)
	}
	sarif, err := os.ReadFile(inputs["sarif-file"])
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(sarif, &doc); err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat = true
	sch, err := c.Compile(filepath.Join(root, "report", "testdata", "sarif-2.1.0-subset.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(doc); err != nil {
		t.Errorf("the action's SARIF does not validate: %v", err)
	}

	// The validate step again, with the wepaykit the install step built:
	// a path with a space in it is one path; a missing one is exit 2 with
	// an annotation that says why.
	added, err := os.ReadFile(files["GITHUB_PATH"])
	if err != nil {
		t.Fatal(err)
	}
	validate := func(paths string) (int, string) {
		t.Helper()
		cmd := exec.Command("bash", filepath.Join(root, "scripts", "action", "validate.sh"))
		cmd.Dir = tmp
		cmd.Env = append(os.Environ(), "WEPAYKIT_PATHS="+paths, "WEPAYKIT_SARIF="+filepath.Join(tmp, "again.sarif"),
			"GITHUB_OUTPUT="+files["GITHUB_OUTPUT"], "PATH="+strings.TrimSpace(string(added))+string(os.PathListSeparator)+os.Getenv("PATH"))
		out, _ := cmd.CombinedOutput()
		return cmd.ProcessState.ExitCode(), string(out)
	}
	spaced := filepath.Join(tmp, "my recs")
	if err := os.MkdirAll(spaced, 0o755); err != nil {
		t.Fatal(err)
	}
	sample, _ := os.ReadFile(inputs["paths"])
	if err := os.WriteFile(filepath.Join(spaced, "samples.har"), sample, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out := validate(spaced); code != exitFindings || len(annotation.FindAllString(out, -1)) != 5 {
		t.Errorf("a path with a space: exit %d\n%s", code, out)
	}
	if code, out := validate(spaced + "\n" + inputs["paths"] + "\n"); code != exitFindings || len(annotation.FindAllString(out, -1)) != 10 {
		t.Errorf("two paths on two lines: exit %d\n%s", code, out)
	}
	if code, out := validate(inputs["paths"] + " " + spaced + "\n"); code != 2 || !strings.Contains(out, "cannot read") {
		// "samples.har my recs" on one line is not a path: split on spaces,
		// "my" and "recs" do not exist.
		t.Errorf("a line of paths with spaces: exit %d\n%s", code, out)
	}
	if code, out := validate(inputs["paths"] + " " + filepath.Join(root, "testdata", "traffic", "samples.jsonl") + "\n"); code != exitFindings {
		t.Errorf("two paths on one line of several: exit %d\n%s", code, out)
	}
	if code, out := validate(filepath.Join(tmp, "missing")); code != exitUsage || !strings.Contains(out, "::error title=wepaykit could not validate::") {
		t.Errorf("a missing path: exit %d, want 2 with an annotation\n%s", code, out)
	}
}
