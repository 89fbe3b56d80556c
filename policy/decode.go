package policy

import (
	"errors"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Keys of the file, in the order the schema and the starter file list them.
var (
	rootKeys        = []string{"hosts", "environment", "strict", "fail-on", "max-body", "max-depth", "max-findings", "workers", "scope", "format", "outputs", "quiet", "exclude", "allow-empty", "state-across-files", "rules", "ignore", "baseline", "lint", "conformance", "coverage"}
	ruleKeys        = []string{"severity", "operations", "pointers"}
	ignoreKeys      = []string{"rule", "operation", "side", "pointer", "files", "reason", "until"}
	lintKeys        = []string{"baseline", "fail-on", "format", "outputs"}
	conformanceKeys = []string{"baseline", "format", "outputs"}
	coverageKeys    = []string{"min", "format", "outputs"}
)

// decoder walks the YAML nodes of a policy file, so that every error names
// the line, and unknown keys are errors.
type decoder struct{ file string }

func (d *decoder) errf(n *yaml.Node, format string, args ...any) error {
	line := 0
	if n != nil {
		line = n.Line
	}
	return &ConfigError{File: d.file, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// yamlError turns a yaml.v3 error ("yaml: line 3: ...") into a ConfigError.
func yamlError(file string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if m := lineRE.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = strings.TrimPrefix(msg, m[0])
	}
	return &ConfigError{File: file, Line: line, Msg: "malformed YAML: " + msg, Err: err}
}

var lineRE = regexp.MustCompile(`^line (\d+): `)

func deref(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n == nil || n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// mapping calls f for each key and value of a mapping node, after
// checking that every key is one of known.
func (d *decoder) mapping(n *yaml.Node, what string, known []string, f func(key string, k, v *yaml.Node) error) error {
	n = deref(n)
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		return d.errf(n, "%s must be a mapping", what)
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := deref(n.Content[i]), deref(n.Content[i+1])
		if k.Kind != yaml.ScalarNode {
			return d.errf(k, "%s: keys must be plain names", what)
		}
		if line, dup := seen[k.Value]; dup {
			return d.errf(k, "key %q in %s is already defined at line %d", k.Value, what, line)
		}
		seen[k.Value] = k.Line
		if known != nil && !slices.Contains(known, k.Value) {
			return d.errf(k, "unknown key %q in %s (known keys: %s)", k.Value, what, strings.Join(known, ", "))
		}
		if err := f(k.Value, k, v); err != nil {
			return err
		}
	}
	return nil
}

func (d *decoder) str(n *yaml.Node, what string) (string, error) {
	n = deref(n)
	if isNull(n) {
		return "", nil
	}
	if n.Kind != yaml.ScalarNode {
		return "", d.errf(n, "%s must be a string", what)
	}
	return n.Value, nil
}

func (d *decoder) oneOf(n *yaml.Node, what string, allowed ...string) (string, error) {
	s, err := d.str(n, what)
	if err != nil || s == "" {
		return s, err
	}
	if !slices.Contains(allowed, s) {
		return "", d.errf(n, "%s: %q is not one of %s", what, s, strings.Join(allowed, ", "))
	}
	return s, nil
}

// list reads a sequence of strings; a single string is a list of one.
func (d *decoder) list(n *yaml.Node, what string) ([]string, error) {
	n = deref(n)
	if isNull(n) {
		return nil, nil
	}
	if n.Kind == yaml.ScalarNode {
		if n.Value == "" {
			return nil, d.errf(n, "%s: empty value", what)
		}
		return []string{n.Value}, nil
	}
	if n.Kind != yaml.SequenceNode {
		return nil, d.errf(n, "%s must be a list of strings", what)
	}
	var out []string
	for _, c := range n.Content {
		c = deref(c)
		if c.Kind != yaml.ScalarNode || isNull(c) || c.Value == "" {
			return nil, d.errf(c, "%s: each item must be a non-empty string", what)
		}
		out = append(out, c.Value)
	}
	return out, nil
}

func (d *decoder) integer(n *yaml.Node, what string, min int64) (int64, error) {
	n = deref(n)
	if isNull(n) {
		return 0, nil
	}
	i, err := strconv.ParseInt(n.Value, 10, 64)
	if n.Kind != yaml.ScalarNode || err != nil || i < min {
		return 0, d.errf(n, "%s must be a whole number of at least %d", what, min)
	}
	return i, nil
}

func (d *decoder) root(doc *yaml.Node, c *Config) error {
	n := doc
	if n.Kind == yaml.DocumentNode {
		if len(n.Content) == 0 {
			return nil
		}
		n = n.Content[0]
	}
	return d.mapping(n, "the policy file", rootKeys, func(key string, k, v *yaml.Node) error {
		var err error
		switch key {
		case "hosts":
			c.Hosts, err = d.list(v, "hosts")
		case "environment":
			c.Environment, err = d.oneOf(v, "environment", "auto", "stage", "production")
		case "strict":
			c.Strict, err = d.boolean(v, "strict")
		case "quiet":
			c.Quiet, err = d.boolean(v, "quiet")
		case "allow-empty":
			c.AllowEmpty, err = d.boolean(v, "allow-empty")
		case "state-across-files":
			c.StateAcrossFiles, err = d.boolean(v, "state-across-files")
		case "exclude":
			if c.Exclude, err = d.list(v, "exclude"); err == nil {
				for _, p := range c.Exclude {
					if _, perr := path.Match(p, ""); perr != nil {
						return d.errf(v, "exclude: bad pattern %q: %v", p, perr)
					}
				}
			}
		case "fail-on":
			c.FailOn, err = d.oneOf(v, "fail-on", Error, Warning)
		case "max-body":
			var s string
			if s, err = d.str(v, "max-body"); err == nil && s != "" {
				if c.MaxBody, err = ParseSize(s); err != nil {
					err = d.errf(v, "max-body: %v", err)
				}
			}
		case "max-depth":
			var i int64
			i, err = d.integer(v, "max-depth", 1)
			c.MaxDepth = int(min(i, 1<<20))
		case "max-findings":
			var i int64
			i, err = d.integer(v, "max-findings", 1)
			c.MaxFindings = int(min(i, 1<<30))
		case "workers":
			var i int64
			i, err = d.integer(v, "workers", 0)
			c.Workers = int(min(i, 1<<16))
		case "scope":
			c.Scope, err = d.oneOf(v, "scope", "account", "all")
		case "format":
			c.Format, err = d.str(v, "format")
		case "outputs":
			c.Outputs, err = d.outputs(v, "outputs")
		case "rules":
			err = d.rules(v, c)
		case "ignore":
			err = d.ignores(v, c)
		case "baseline":
			c.Baseline, err = d.str(v, "baseline")
		case "lint":
			err = d.section(v, "lint", lintKeys, &c.Lint)
		case "conformance":
			err = d.section(v, "conformance", conformanceKeys, &c.Conformance)
		case "coverage":
			err = d.mapping(v, "coverage", coverageKeys, func(key string, k, v *yaml.Node) error {
				var err error
				switch key {
				case "min":
					c.Coverage.Min, err = d.str(v, "coverage.min")
					c.Coverage.MinLine = v.Line
				case "format":
					c.Coverage.Format, err = d.str(v, "coverage.format")
				case "outputs":
					c.Coverage.Outputs, err = d.outputs(v, "coverage.outputs")
				}
				return err
			})
		}
		return err
	})
}

// boolean reads true or false; null is "not set".
func (d *decoder) boolean(n *yaml.Node, what string) (*bool, error) {
	n = deref(n)
	if isNull(n) {
		return nil, nil
	}
	var b bool
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" || n.Decode(&b) != nil {
		return nil, d.errf(n, "%s must be true or false", what)
	}
	return &b, nil
}

func (d *decoder) section(n *yaml.Node, what string, keys []string, s *Section) error {
	if nn := deref(n); nn != nil && nn.Kind == yaml.MappingNode && what == "conformance" {
		for i := 0; i+1 < len(nn.Content); i += 2 {
			if k := deref(nn.Content[i]); k.Value == "fail-on" {
				return d.errf(k, "conformance.fail-on: a failing conformance check is always an error; accept a known failure with rules, ignore or the conformance baseline instead")
			}
		}
	}
	return d.mapping(n, what, keys, func(key string, k, v *yaml.Node) error {
		var err error
		switch key {
		case "baseline":
			s.Baseline, err = d.str(v, what+".baseline")
		case "fail-on":
			s.FailOn, err = d.oneOf(v, what+".fail-on", Error, Warning)
		case "format":
			s.Format, err = d.str(v, what+".format")
		case "outputs":
			s.Outputs, err = d.outputs(v, what+".outputs")
		}
		return err
	})
}

// outputs reads "outputs: {sarif: wepaykit.sarif, junit: report.xml}".
func (d *decoder) outputs(n *yaml.Node, what string) ([]Output, error) {
	var out []Output
	err := d.mapping(n, what, nil, func(key string, k, v *yaml.Node) error {
		file, err := d.str(v, what+"."+key)
		if err != nil {
			return err
		}
		if key == "" || file == "" {
			return d.errf(k, "%s: each entry is FORMAT: FILE", what)
		}
		out = append(out, Output{Format: key, File: file, Line: k.Line})
		return nil
	})
	return out, err
}

// rules reads the rules mapping. Each value is a severity ("off"), a
// mapping {severity, operations, pointers}, or a list of such mappings.
func (d *decoder) rules(n *yaml.Node, c *Config) error {
	return d.mapping(n, "rules", nil, func(id string, k, v *yaml.Node) error {
		if id == "" {
			return d.errf(k, "rules: empty rule id")
		}
		if _, err := path.Match(id, ""); err != nil {
			return d.errf(k, "rules: bad rule pattern %q", id)
		}
		switch v.Kind {
		case yaml.ScalarNode:
			sev, err := d.severity(v, id)
			if err != nil {
				return err
			}
			c.Rules = append(c.Rules, RuleControl{Rule: id, Severity: sev, Line: k.Line})
			return nil
		case yaml.MappingNode:
			return d.ruleScope(id, v, c)
		case yaml.SequenceNode:
			for _, e := range v.Content {
				if err := d.ruleScope(id, deref(e), c); err != nil {
					return err
				}
			}
			return nil
		}
		return d.errf(v, "rules.%s must be off, warning, error or a mapping with severity", id)
	})
}

func (d *decoder) severity(v *yaml.Node, id string) (string, error) {
	s, err := d.str(v, "rules."+id)
	if err != nil {
		return "", err
	}
	// YAML 1.1 readers take an unquoted off as false; accept both spellings.
	if s == "false" {
		s = Off
	}
	if s != Off && s != Warning && s != Error {
		return "", d.errf(v, "rules.%s: %q is not one of off, warning, error", id, s)
	}
	return s, nil
}

func (d *decoder) ruleScope(id string, n *yaml.Node, c *Config) error {
	if n.Kind != yaml.MappingNode {
		return d.errf(n, "rules.%s: each entry must be a mapping with severity", id)
	}
	rc := RuleControl{Rule: id, Line: n.Line}
	err := d.mapping(n, "rules."+id, ruleKeys, func(key string, k, v *yaml.Node) error {
		var err error
		switch key {
		case "severity":
			rc.Severity, err = d.severity(v, id)
		case "operations":
			if rc.Operations, err = d.list(v, "rules."+id+".operations"); err == nil {
				err = d.globs(v, rc.Operations, "operation")
			}
		case "pointers":
			if rc.Pointers, err = d.list(v, "rules."+id+".pointers"); err == nil {
				err = d.globs(v, rc.Pointers, "pointer")
			}
		}
		return err
	})
	if err != nil {
		return err
	}
	if rc.Severity == "" {
		return d.errf(n, "rules.%s: severity is required (off, warning or error)", id)
	}
	c.Rules = append(c.Rules, rc)
	return nil
}

// globs checks that patterns compile; pointers and operations start with /.
func (d *decoder) globs(n *yaml.Node, pats []string, what string) error {
	for _, p := range pats {
		if err := checkGlob(p); err != nil {
			return d.errf(n, "bad %s pattern %q: %v", what, p, err)
		}
		if what != "files" && p != "" && !strings.HasPrefix(p, "/") && p != "**" {
			return d.errf(n, "bad %s pattern %q: it must start with /", what, p)
		}
	}
	return nil
}

func (d *decoder) ignores(n *yaml.Node, c *Config) error {
	n = deref(n)
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		return d.errf(n, "ignore must be a list of entries")
	}
	for _, e := range n.Content {
		e = deref(e)
		ig := Ignore{Line: e.Line}
		if e.Kind != yaml.MappingNode {
			return d.errf(e, "ignore: each entry must be a mapping (rule, operation, side, pointer, files, reason, until)")
		}
		err := d.mapping(e, "an ignore entry", ignoreKeys, func(key string, k, v *yaml.Node) error {
			var err error
			switch key {
			case "rule":
				ig.Rule, err = d.str(v, "ignore.rule")
			case "operation":
				if ig.Operation, err = d.str(v, "ignore.operation"); err == nil {
					err = d.globs(v, []string{ig.Operation}, "operation")
				}
			case "side":
				ig.Side, err = d.oneOf(v, "ignore.side", "request", "response")
			case "pointer":
				if ig.Pointer, err = d.str(v, "ignore.pointer"); err == nil {
					err = d.globs(v, []string{ig.Pointer}, "pointer")
				}
			case "files":
				if ig.Files, err = d.str(v, "ignore.files"); err == nil {
					err = d.globs(v, []string{ig.Files}, "files")
				}
			case "reason":
				ig.Reason, err = d.str(v, "ignore.reason")
			case "until":
				if ig.Until, err = d.str(v, "ignore.until"); err == nil && ig.Until != "" {
					if _, perr := time.Parse(time.DateOnly, ig.Until); perr != nil {
						err = d.errf(v, "ignore.until: %q is not a date (YYYY-MM-DD)", ig.Until)
					}
				}
			}
			return err
		})
		if err != nil {
			return err
		}
		if strings.TrimSpace(ig.Reason) == "" {
			return d.errf(e, "ignore entry: reason is required (say why the finding is accepted)")
		}
		if ig.Rule == "" && ig.Operation == "" && ig.Pointer == "" && ig.Files == "" {
			return d.errf(e, "ignore entry: name at least one of rule, operation, pointer or files (an entry with only a reason would ignore everything)")
		}
		c.Ignore = append(c.Ignore, ig)
	}
	return nil
}

// ParseSize reads a positive byte count with an optional unit: B, K/KiB,
// M/MiB, G/GiB (powers of 1024) or KB, MB, GB (powers of 1000).
func ParseSize(v string) (int64, error) {
	s := strings.TrimSpace(v)
	i := len(s)
	for i > 0 && (s[i-1] < '0' || s[i-1] > '9') {
		i--
	}
	num, unit := s[:i], strings.ToLower(strings.TrimSpace(s[i:]))
	mult := map[string]int64{"": 1, "b": 1, "k": 1 << 10, "kib": 1 << 10, "kb": 1e3, "m": 1 << 20, "mib": 1 << 20, "mb": 1e6,
		"g": 1 << 30, "gib": 1 << 30, "gb": 1e9}[unit]
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || mult == 0 || n <= 0 || n > (1<<50)/mult {
		return 0, errors.New("want a positive number of bytes, such as 1048576 or 10MiB")
	}
	return n * mult, nil
}
