package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/wepaykit/wepaykit/report"
	"github.com/wepaykit/wepaykit/spec"
	"github.com/wepaykit/wepaykit/validate"
)

// runBodies validates bare bodies of one call (validate --op).
func runBodies(e *env, v *validate.Validator, f *validateFlags, files []string) int {
	switch {
	case len(files) > 0:
		e.errorf("validate", "FILE arguments cannot be used with --op; give the bodies with --request and --response")
		return exitUsage
	case f.op == "":
		e.errorf("validate", "--request and --response need --op OPERATION")
		return exitUsage
	case f.request == "" && f.response == "":
		e.errorf("validate", "--op needs --request FILE, --response FILE or both")
		return exitUsage
	case f.request == "-" && f.response == "-":
		e.errorf("validate", "only one of --request and --response can read standard input")
		return exitUsage
	}
	op, ok := v.Operation(f.op)
	if !ok {
		var known []string
		for _, o := range v.Spec().Operations() {
			known = append(known, o.Path)
		}
		e.errorf("validate", "unknown operation %q for --op (known: %s)", f.op, strings.Join(known, ", "))
		return exitUsage
	}
	s := &report.Summary{Version: version(), Subject: report.Traffic, Rules: ruleInfo(v)}
	for _, b := range []struct {
		side spec.Side
		file string
	}{{spec.Request, f.request}, {spec.Response, f.response}} {
		if b.file == "" {
			continue
		}
		data, size, err := e.readBody(b.file, int64(f.maxBody))
		if err != nil {
			e.errorf("validate", "cannot read %s: %s", b.file, pathErrText(err))
			return exitUsage
		}
		var findings []validate.Finding
		if size > int64(f.maxBody) {
			findings = []validate.Finding{{Operation: op.Path, Side: string(b.side), Location: validate.InBody,
				Rule: validate.RuleBodyTooLarge, Severity: validate.SeverityError,
				Message: fmt.Sprintf("body of %d bytes is over the %d-byte limit; not validated", size, f.maxBody)}}
		} else if findings, err = v.Body(op.Path, b.side, data); err != nil {
			e.errorf("validate", "%v", err)
			return exitUsage
		}
		unit := len(s.Units)
		s.Units = append(s.Units, report.Unit{File: b.file, Entry: -1, Name: op.Path + " " + string(b.side)})
		s.Files = append(s.Files, b.file)
		s.Entries++
		for _, x := range findings {
			s.Findings = append(s.Findings, reportFinding(unit, b.file, 0, 0, x))
		}
	}
	if len(s.Files) == 2 && s.Files[0] == s.Files[1] {
		s.Files = s.Files[:1]
	}
	if err := report.Write(e.stdout, f.format, s); err != nil {
		e.errorf("validate", "writing the report: %v", err)
		return exitUsage
	}
	return exitFor(s, f.failOn)
}

// readBody reads a body file ("-" for stdin), keeping at most limit+1
// bytes; size is the full size, also when the body was not kept.
func (e *env) readBody(name string, limit int64) (data []byte, size int64, err error) {
	var r io.Reader = e.stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, 0, err
		}
		defer f.Close()
		r = f
	}
	data, err = io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, 0, err
	}
	size = int64(len(data))
	if size > limit {
		n, err := io.Copy(io.Discard, r)
		if err != nil {
			return nil, 0, err
		}
		return nil, size + n, nil
	}
	return data, size, nil
}
