package report

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
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
	// SystemOut counts the findings the policy suppressed, when there is one.
	SystemOut string `xml:"system-out,omitempty"`
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
// problem. The suites' counts come first, so the units are read twice:
// once to count, once to write each case as it is read.
func writeJUnit(w io.Writer, s *Summary) error {
	src := s.src()
	var suites []JUnitSuite // counts and names only: the cases are streamed
	index := map[string]int{}
	suite := func(file string) int {
		i, ok := index[file]
		if !ok {
			i = len(suites)
			index[file] = i
			suites = append(suites, JUnitSuite{Name: file})
		}
		return i
	}
	for _, f := range s.Files {
		suite(f)
	}
	count := func(i int, c JUnitCase) {
		st := &suites[i]
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
	// The cases of a suite are written together: in one pass when the
	// units come suite by suite (as an audit's do), else one pass per
	// suite.
	inOrder, last := true, 0
	for g := range src.Units() {
		i := suite(g.Unit.File)
		if i < last {
			inOrder = false
		}
		last = i
		count(i, junitCase(g))
	}
	problems := make([][]JUnitCase, 0, len(suites))
	extra := func(i int, c JUnitCase) {
		for len(problems) <= i {
			problems = append(problems, nil)
		}
		problems[i] = append(problems[i], c)
		count(i, c)
	}
	for _, p := range s.Problems {
		name := "read " + p.File
		if p.Entry >= 0 {
			name = fmt.Sprintf("entry %d", p.Entry)
		}
		extra(suite(p.File), JUnitCase{Name: name, Classname: p.File,
			Errors: []JUnitMessage{{Message: p.Message, Type: "unreadable", Text: problemPlace(p) + ": " + p.Message}}})
	}
	if s.Empty != "" {
		// A run that checked nothing is not a green suite.
		name := s.tool()
		if len(s.Files) == 1 {
			name = s.Files[0]
		}
		extra(suite(name), JUnitCase{Name: "nothing validated", Classname: name,
			Errors: []JUnitMessage{{Message: s.Empty, Type: "nothing-validated", Text: s.Empty}}})
	}
	root := JUnitSuites{Name: s.tool()}
	for _, st := range suites {
		root.Tests += st.Tests
		root.Failures += st.Failures
		root.Errors += st.Errors
		root.Skipped += st.Skipped
	}
	if s.hasPolicy() {
		if len(suites) == 0 {
			suites = append(suites, JUnitSuite{Name: s.tool()})
		}
		suites[0].SystemOut = s.suppressedCountsLine()
	}

	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString(xml.Header)
	enc := xml.NewEncoder(bw)
	enc.Indent("", "  ")
	counts := func(name string, tests, failures, errors, skipped int) []xml.Attr {
		return []xml.Attr{{Name: xml.Name{Local: "name"}, Value: name}, {Name: xml.Name{Local: "tests"}, Value: strconv.Itoa(tests)},
			{Name: xml.Name{Local: "failures"}, Value: strconv.Itoa(failures)}, {Name: xml.Name{Local: "errors"}, Value: strconv.Itoa(errors)},
			{Name: xml.Name{Local: "skipped"}, Value: strconv.Itoa(skipped)}}
	}
	rootStart := xml.StartElement{Name: xml.Name{Local: "testsuites"}, Attr: counts(root.Name, root.Tests, root.Failures, root.Errors, root.Skipped)}
	if err := enc.EncodeToken(rootStart); err != nil {
		return err
	}
	caseStart := xml.StartElement{Name: xml.Name{Local: "testcase"}}
	open := func(i int) error {
		st := suites[i]
		return enc.EncodeToken(xml.StartElement{Name: xml.Name{Local: "testsuite"}, Attr: counts(st.Name, st.Tests, st.Failures, st.Errors, st.Skipped)})
	}
	end := func(i int) error {
		if i < len(problems) {
			for _, c := range problems[i] {
				if err := enc.EncodeElement(c, caseStart); err != nil {
					return err
				}
			}
		}
		if out := suites[i].SystemOut; out != "" {
			if err := enc.EncodeElement(out, xml.StartElement{Name: xml.Name{Local: "system-out"}}); err != nil {
				return err
			}
		}
		return enc.EncodeToken(xml.EndElement{Name: xml.Name{Local: "testsuite"}})
	}
	if inOrder {
		cur := -1
		for g := range src.Units() {
			i := index[g.Unit.File]
			for ; cur < i; cur++ {
				if cur >= 0 {
					if err := end(cur); err != nil {
						return err
					}
				}
				if err := open(cur + 1); err != nil {
					return err
				}
			}
			if err := enc.EncodeElement(junitCase(g), caseStart); err != nil {
				return err
			}
		}
		for ; cur < len(suites); cur++ {
			if cur >= 0 {
				if err := end(cur); err != nil {
					return err
				}
			}
			if cur+1 < len(suites) {
				if err := open(cur + 1); err != nil {
					return err
				}
			}
		}
	} else {
		for i := range suites {
			if err := open(i); err != nil {
				return err
			}
			for g := range src.Units() {
				if index[g.Unit.File] != i {
					continue
				}
				if err := enc.EncodeElement(junitCase(g), caseStart); err != nil {
					return err
				}
			}
			if err := end(i); err != nil {
				return err
			}
		}
	}
	if err := enc.EncodeToken(rootStart.End()); err != nil {
		return err
	}
	if err := enc.Flush(); err != nil {
		return err
	}
	bw.WriteString("\n")
	if err := bw.Flush(); err != nil {
		return err
	}
	return src.Err()
}

// junitCase is the test case of a unit.
func junitCase(g UnitFindings) JUnitCase {
	u := g.Unit
	c := JUnitCase{Name: caseName(u), Classname: u.File}
	if u.Skipped != "" {
		c.Skipped = &JUnitMessage{Message: u.Skipped}
	}
	var out []string
	for _, f := range g.Findings {
		line := fmt.Sprintf("%s: %s [%s]", f.place(), f.Message, f.Rule)
		if f.Severity == Error {
			c.Failures = append(c.Failures, JUnitMessage{Message: f.Message, Type: f.Rule, Text: line})
		} else {
			out = append(out, f.Severity+" "+line)
		}
	}
	for _, f := range g.Suppressed {
		out = append(out, f.line())
	}
	c.SystemOut = strings.Join(out, "\n")
	return c
}

func caseName(u Unit) string {
	if u.Entry < 0 {
		return u.Name
	}
	return strings.TrimSpace(fmt.Sprintf("entry %d %s", u.Entry, u.Name))
}
