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
func (e *env) runBodies(v *validate.Validator, f *validateFlags, outs []output, files []string) error {
	switch {
	case len(files) > 0:
		return usageErrorf("FILE arguments cannot be used with --op; give the bodies with --request and --response")
	case f.op == "":
		return usageErrorf("--request and --response need --op OPERATION")
	case f.request == "" && f.response == "":
		return usageErrorf("--op needs --request FILE, --response FILE or both")
	case f.request == "-" && f.response == "-":
		return usageErrorf("only one of --request and --response can read standard input")
	case f.baseline != "" || f.writeBaseline != "" || f.pruneBaseline:
		return usageErrorf("baselines apply to recordings, not to --op bodies")
	}
	op, ok := v.Operation(f.op)
	if !ok {
		var known []string
		for _, o := range v.Spec().Operations() {
			known = append(known, o.Path)
		}
		return usageErrorf("unknown operation %q for --op (want one of %s)", f.op, strings.Join(known, ", "))
	}
	s := &report.Summary{Version: version(), Subject: report.Traffic, Rules: ruleInfo(v), BaseDir: workDir()}
	for _, b := range []struct {
		side spec.Side
		file string
	}{{spec.Request, f.request}, {spec.Response, f.response}} {
		if b.file == "" {
			continue
		}
		data, size, err := e.readBody(b.file, int64(f.maxBody))
		if err != nil {
			return inputErrorf("cannot read %s: %s", b.file, pathErrText(err))
		}
		var findings []validate.Finding
		if size > int64(f.maxBody) {
			findings = []validate.Finding{{Operation: op.Path, Side: string(b.side), Location: validate.InBody,
				Rule: validate.RuleBodyTooLarge, Severity: validate.SeverityError,
				Message: fmt.Sprintf("body of %d bytes is over the %d-byte limit; not validated", size, f.maxBody)}}
		} else if findings, err = v.WithoutPolicy().Body(op.Path, b.side, data); err != nil {
			return inputErrorf("%v", err)
		}
		unit := len(s.Units)
		s.Units = append(s.Units, report.Unit{File: b.file, Entry: -1, Name: op.Path + " " + string(b.side)})
		s.Files = append(s.Files, b.file)
		s.Entries++
		s.Validated++
		for _, x := range findings {
			s.Findings = append(s.Findings, reportFinding(unit, b.file, 0, 0, x))
		}
	}
	if len(s.Files) == 2 && s.Files[0] == s.Files[1] {
		s.Files = s.Files[:1]
	}
	// The policy applies as to recordings, the body file standing for the
	// recording path; a baseline is not used for bare bodies.
	if pol := v.Policy(); pol != nil || f.showIgnored {
		applyPolicy(s, pol, nil)
		if err := e.finishBaseline("validate", &policyFlags{showIgnored: f.showIgnored}, pol, s, nil, "", ""); err != nil {
			return err
		}
	}
	if err := e.writeReports(outs, s); err != nil {
		return err
	}
	return exitWith(exitFor(s, f.failOn))
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
