package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// JUnit XML, as read by Jenkins, GitLab and most CI systems.

// JUnitSuites is the root element of a JUnit report.
type JUnitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Suites   []JUnitSuite `xml:"testsuite"`
}

// JUnitSuite is one input's test cases.
type JUnitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Cases    []JUnitCase `xml:"testcase"`
}

// JUnitCase is one checked unit.
type JUnitCase struct {
	Name      string         `xml:"name,attr"`
	Classname string         `xml:"classname,attr"`
	Skipped   *JUnitMessage  `xml:"skipped,omitempty"`
	Errors    []JUnitMessage `xml:"error,omitempty"`
	Failures  []JUnitMessage `xml:"failure,omitempty"`
	SystemOut string         `xml:"system-out,omitempty"`
}

// JUnitMessage is a failure, an error or a reason for skipping.
type JUnitMessage struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

// writeJUnit writes one test suite per input and one test case per unit:
// a failure per error finding, warnings in system-out, an error per read
// problem.
func writeJUnit(w io.Writer, s *Summary) error {
	root := JUnitSuites{Name: s.tool()}
	suites := map[string]int{}
	suite := func(file string) *JUnitSuite {
		i, ok := suites[file]
		if !ok {
			i = len(root.Suites)
			suites[file] = i
			root.Suites = append(root.Suites, JUnitSuite{Name: file})
		}
		return &root.Suites[i]
	}
	for _, f := range s.Files {
		suite(f)
	}
	for i, fs := range s.byUnit() {
		u := s.Units[i]
		c := JUnitCase{Name: caseName(u), Classname: u.File}
		if u.Skipped != "" {
			c.Skipped = &JUnitMessage{Message: u.Skipped}
		}
		var out []string
		for _, f := range fs {
			line := fmt.Sprintf("%s: %s [%s]", f.place(), f.Message, f.Rule)
			if f.Severity == Error {
				c.Failures = append(c.Failures, JUnitMessage{Message: f.Message, Type: f.Rule, Text: line})
			} else {
				out = append(out, f.Severity+" "+line)
			}
		}
		c.SystemOut = strings.Join(out, "\n")
		suite(u.File).Cases = append(suite(u.File).Cases, c)
	}
	for _, p := range s.Problems {
		name := "read " + p.File
		if p.Entry >= 0 {
			name = fmt.Sprintf("entry %d", p.Entry)
		}
		suite(p.File).Cases = append(suite(p.File).Cases, JUnitCase{Name: name, Classname: p.File,
			Errors: []JUnitMessage{{Message: p.Message, Type: "unreadable", Text: problemPlace(p) + ": " + p.Message}}})
	}
	for i := range root.Suites {
		st := &root.Suites[i]
		for _, c := range st.Cases {
			st.Tests++
			switch {
			case len(c.Errors) > 0:
				st.Errors++
			case len(c.Failures) > 0:
				st.Failures++
			case c.Skipped != nil:
				st.Skipped++
			}
		}
		root.Tests += st.Tests
		root.Failures += st.Failures
		root.Errors += st.Errors
		root.Skipped += st.Skipped
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(root); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func caseName(u Unit) string {
	if u.Entry < 0 {
		return u.Name
	}
	return strings.TrimSpace(fmt.Sprintf("entry %d %s", u.Entry, u.Name))
}
