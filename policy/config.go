package policy

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// FileName is the policy file that [Find] looks for.
const FileName = ".wepaykit.yaml"

// altFileName is accepted too, as golangci-lint accepts .yml.
const altFileName = ".wepaykit.yml"

// MaxFileSize bounds a policy file; a larger one is refused.
const MaxFileSize = 1 << 20

// Severities a rule can be given. Off suppresses the rule's findings (they
// are still counted and listed as suppressed).
const (
	Off     = "off"
	Warning = "warning"
	Error   = "error"
)

// Config is the content of a policy file. Zero values mean "not set": the
// command's own default (or its flag) applies.
type Config struct {
	Hosts       []string // extra API hosts (--host)
	Environment string   // auto, stage or production (--env)
	Strict      *bool    // unknown fields are errors (--strict)
	FailOn      string   // error or warning (--fail-on)
	MaxBody     int64    // bytes (--max-body); 0: not set
	MaxDepth    int      // nesting limit of JSON bodies and form keys; 0: not set
	MaxFindings int      // findings listed for each side of an exchange; 0: not set
	Workers     int      // exchanges validated at once (--workers); 0: not set
	Scope       string   // which calls are validated (--scope): account or all
	Format      string   // report format (--format)
	Outputs     []Output // several reports in one run (--format NAME=FILE)
	Quiet       *bool    // no progress line on stderr (--quiet)
	Exclude     []string // globs of files and directories left out of the inputs (--exclude)
	AllowEmpty  *bool    // a run that validates nothing passes (--allow-empty)
	// StateAcrossFiles checks account states across all the recordings of
	// a run, as one recording split up (--state-across-files).
	StateAcrossFiles *bool
	Rules            []RuleControl
	Ignore           []Ignore
	Baseline         string // baseline file of validate, relative to the policy file
	Lint             Section
	Conformance      Section
	Coverage         CoverageSection
}

// CoverageSection holds the settings of wepaykit coverage: the minimum
// percentages that fail a run (--min) and its own report format and
// outputs (text, json or html: not validate's formats, so the top-level
// ones never apply to it).
type CoverageSection struct {
	Min     string // such as "operations=100,fields=60"; checked by the command
	MinLine int    // where min was read
	Format  string
	Outputs []Output
}

// Output is one report written by a run: a format and the file it goes to.
type Output struct {
	Format string
	File   string
	Line   int
}

// Section holds the settings of one command that differ from validate's:
// its baseline, and its report format and outputs, which replace the
// top-level ones for that command (so that lint's SARIF does not
// overwrite validate's). FailOn is lint's only: a failing conformance
// check is always an error.
type Section struct {
	Baseline string   // baseline file of the command, relative to the policy file
	FailOn   string   // error or warning (lint only)
	Format   string   // report format of the command (--format)
	Outputs  []Output // reports of the command (--format NAME=FILE)
}

// RuleControl sets the severity of a rule (Off, Warning or Error),
// optionally only in some operations and at some JSON pointers.
type RuleControl struct {
	Rule       string   // a rule id, or a glob such as schema.* (exact ids win over globs)
	Severity   string   // Off, Warning or Error
	Operations []string // globs of operation paths such as /account/create; empty: all
	Pointers   []string // globs of JSON pointers such as /balances/*/withdrawal_bank_name; empty: all
	Line       int      // where it was read, 0 when built in code
}

// Ignore suppresses the findings it matches. Every set field must match;
// Operation, Pointer and Files are globs ("*" one segment, "**" any
// number), Files is matched against the recording path relative to the
// policy file's directory.
type Ignore struct {
	Rule      string
	Operation string
	Side      string // request or response
	Pointer   string
	Files     string
	Reason    string // mandatory
	Until     string // YYYY-MM-DD: the last day the entry applies; "" for no end
	Line      int    // where it was read, 0 when built in code
}

// Policy is a loaded policy file. Its methods are safe for concurrent use;
// a nil *Policy is valid and changes nothing.
type Policy struct {
	Config
	// File is the path the policy was read from ("" when built in code).
	File string
	// Dir is the directory that relative paths of the file (baseline,
	// ignore files globs) are resolved against: the file's directory.
	// Empty means the working directory.
	Dir string
	// Clock gives today's date for ignore expiry; nil means time.Now.
	Clock func() time.Time
}

// Find looks for .wepaykit.yaml (or .wepaykit.yml) in dir and each of its
// parents, as golangci-lint does. It returns "" and no error when there
// is none.
func Find(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		for _, name := range []string{FileName, altFileName} {
			p := filepath.Join(abs, name)
			st, err := os.Stat(p)
			if err == nil && !st.IsDir() {
				return p, nil
			}
			if err != nil && !errors.Is(err, fs.ErrNotExist) {
				return "", &ConfigError{File: p, Msg: err.Error(), Err: err}
			}
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return "", nil
		}
		abs = parent
	}
}

// Load reads a policy file. Unknown keys, values of the wrong kind and a
// malformed file are a *ConfigError naming the file and line. Rule ids
// are not checked here (the caller knows which exist): see
// [Policy.CheckRules].
func Load(path string) (*Policy, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &ConfigError{File: path, Msg: "cannot read: " + pathErr(err), Err: err}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, &ConfigError{File: path, Msg: "cannot read: " + pathErr(err), Err: err}
	}
	if len(data) > MaxFileSize {
		return nil, &ConfigError{File: path, Msg: "larger than 1 MiB; not a policy file"}
	}
	p, err := Parse(path, data)
	if err != nil {
		return nil, err
	}
	if abs, err := filepath.Abs(filepath.Dir(path)); err == nil {
		p.Dir = abs
	}
	return p, nil
}

// Parse reads a policy from data; name is used in errors and as the
// policy's File. Dir is left empty (the working directory).
func Parse(name string, data []byte) (*Policy, error) {
	if len(data) > MaxFileSize {
		return nil, &ConfigError{File: name, Msg: "larger than 1 MiB; not a policy file"}
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return &Policy{File: name}, nil // an empty file sets nothing
		}
		return nil, yamlError(name, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, &ConfigError{File: name, Line: extra.Line, Msg: "a second YAML document; a policy file holds one"}
	} else if !errors.Is(err, io.EOF) {
		return nil, yamlError(name, err)
	}
	d := decoder{file: name}
	p := &Policy{File: name}
	if err := d.root(&doc, &p.Config); err != nil {
		return nil, err
	}
	return p, nil
}

func pathErr(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// Resolve turns a path written in the policy file into one usable from
// the working directory: relative paths are relative to the file's
// directory. "" stays "".
func (p *Policy) Resolve(path string) string {
	switch {
	case p == nil || path == "" || filepath.IsAbs(path):
		return path
	case p.File != "" && p.Dir != "":
		// Relative to the file as it was named, so messages stay short.
		return filepath.Join(filepath.Dir(p.File), path)
	case p.Dir != "":
		return filepath.Join(p.Dir, path)
	}
	return path
}

// BaselinePath is the validate baseline named by the file, resolved with
// [Policy.Resolve]; "" when none.
func (p *Policy) BaselinePath() string {
	if p == nil {
		return ""
	}
	return p.Resolve(p.Baseline)
}

// where names a place in the policy file: "path:line".
func (p *Policy) where(line int) string {
	if p == nil || p.File == "" {
		return "policy"
	}
	if line <= 0 {
		return p.File
	}
	return p.File + ":" + strconv.Itoa(line)
}

// Reports returns the report format and outputs of a command: those of
// its section (command "lint" or "conformance") when the section sets a
// format or outputs, else the top-level ones, which are validate's; for
// "coverage", only its section's (its formats are others). A
// section's format and outputs replace the top-level pair as a whole, so
// that each command can write its own files.
func (p *Policy) Reports(command string) (format string, outputs []Output) {
	if p == nil {
		return "", nil
	}
	var s *Section
	switch command {
	case "lint":
		s = &p.Lint
	case "conformance":
		s = &p.Conformance
	case "coverage":
		return p.Coverage.Format, p.Coverage.Outputs
	}
	if s != nil && (s.Format != "" || len(s.Outputs) > 0) {
		return s.Format, s.Outputs
	}
	return p.Format, p.Outputs
}
