package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// writeGitHub writes one workflow command per finding and read problem
// (::error or ::warning), then the summary line as plain output.
func writeGitHub(w io.Writer, s *Summary) error {
	bw := bufio.NewWriter(w)
	src := s.src()
	for u, f := range src.Findings() {
		msg := f.Message
		if pl := f.place(); pl != "" {
			msg = pl + ": " + msg
		}
		if s.subject() == Traffic {
			msg = unitName(u) + msg
		}
		cmd := "warning"
		if f.Severity == Error {
			cmd = "error"
		}
		fmt.Fprintf(bw, "::%s %s::%s\n", cmd, ghProps(f.File, f.Line, f.Rule), ghData(msg))
	}
	for _, p := range s.Problems {
		fmt.Fprintf(bw, "::error %s::%s\n", ghProps(p.File, p.Line, "unreadable input"), ghData(problemPlace(p)+": "+p.Message))
	}
	if s.Empty != "" {
		fmt.Fprintf(bw, "::error title=nothing validated::%s\n", ghData(s.Empty))
	}
	for _, h := range s.VersionHints {
		fmt.Fprintf(bw, "::notice %s::%s\n", ghProps(h.File, 0, "Api-Version drift"), ghData(h.Text()))
	}
	fmt.Fprintln(bw, s.countLine())
	writePolicyGitHub(bw, s)
	if err := bw.Flush(); err != nil {
		return err
	}
	return src.Err()
}

// unitName is "entry 3 POST /account/create: " for a finding's unit (nil
// when it has none).
func unitName(u *Unit) string {
	if u == nil {
		return ""
	}
	n := u.Name
	if u.Entry >= 0 {
		n = strings.TrimSpace(fmt.Sprintf("entry %d %s", u.Entry, u.Name))
	}
	if n == "" {
		return ""
	}
	return n + ": "
}

// ghProps formats the properties of a command; file is left out for stdin.
func ghProps(file string, line int, title string) string {
	var props []string
	if file != "" && file != "-" {
		props = append(props, "file="+ghProp(file))
		if line > 0 {
			props = append(props, fmt.Sprintf("line=%d", line))
		}
	}
	if title != "" {
		props = append(props, "title="+ghProp(title))
	}
	return strings.Join(props, ",")
}

// ghData escapes a command's message as GitHub's runner expects.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProp escapes a property value: as ghData, plus ':' and ','.
func ghProp(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
