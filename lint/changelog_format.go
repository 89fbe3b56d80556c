package lint

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// Changelog formats, for [Changelog.Write].
const (
	FormatText     = "text"
	FormatJSON     = "json"
	FormatMarkdown = "markdown"
)

// ChangelogFormats lists the formats [Changelog.Write] knows.
func ChangelogFormats() []string { return []string{FormatText, FormatJSON, FormatMarkdown} }

// FormatError reports an unknown changelog format.
type FormatError struct{ Format string }

// Error implements error.
func (e *FormatError) Error() string {
	return fmt.Sprintf("lint: unknown changelog format %q (want text, json or markdown)", e.Format)
}

// Write writes the changelog in format: "text" for a terminal, "json" for
// machines, "markdown" for a pull-request comment. Changes are grouped by
// operation, then come the changes to the named rules, the account states,
// the quirks and the rest of the document.
func (c *Changelog) Write(w io.Writer, format string) error {
	switch format {
	case FormatText:
		return c.writeText(w)
	case FormatJSON:
		return c.writeJSON(w)
	case FormatMarkdown:
		return c.writeMarkdown(w)
	}
	return &FormatError{Format: format}
}

// group is a heading of the changelog and its changes.
type group struct {
	title   string
	changes []Change
}

// groups splits the (sorted) changes by operation, in the changelog's
// order, then the document-wide ones by extension.
func (c *Changelog) groups() []group {
	var out []group
	index := map[string]int{}
	for _, ch := range c.Changes {
		if ch.Operation == "" {
			continue
		}
		i, ok := index[ch.Operation]
		if !ok {
			out = append(out, group{title: ch.Operation})
			i = len(out) - 1
			index[ch.Operation] = i
		}
		out[i].changes = append(out[i].changes, ch)
	}
	for i := range out {
		out[i].changes = collapseStatuses(out[i].changes)
	}
	for _, title := range []string{titleRules, titleStates, titleQuirks, titleDocument} {
		g := group{title: title}
		for _, ch := range c.Changes {
			if ch.Operation == "" && titleOf(ch) == title {
				g.changes = append(g.changes, ch)
			}
		}
		if len(g.changes) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// statusRe finds the response status oasdiff names in a message.
var statusRe = regexp.MustCompile("status `([^`]+)`")

// collapseStatuses merges the changes of one operation that differ only by
// the response status they name (the same error schema under 4XX and 5XX),
// so that a reviewer reads the change once: "for the response status
// `4XX`, `5XX`". JSON keeps them apart.
func collapseStatuses(cs []Change) []Change {
	var out []Change
	index := map[string]int{}
	for _, c := range cs {
		m := statusRe.FindStringSubmatchIndex(c.Message)
		if m == nil {
			out = append(out, c)
			continue
		}
		key := c.Check + "\x00" + string(c.Level) + "\x00" + c.Message[:m[0]] + "\x00" + c.Message[m[1]:] + "\x00" + places(c)
		if i, ok := index[key]; ok {
			prev := out[i].Message
			pm := statusRe.FindStringSubmatchIndex(prev)
			out[i].Message = prev[:pm[1]] + ", `" + c.Message[m[2]:m[3]] + "`" + prev[pm[1]:]
			continue
		}
		index[key] = len(out)
		out = append(out, c)
	}
	return out
}

const (
	titleRules    = "Named rules (x-wepaykit-rules)"
	titleStates   = "Account states (x-wepaykit-account-states)"
	titleQuirks   = "Quirks (x-wepaykit-quirks)"
	titleDocument = "Whole document"
)

func titleOf(ch Change) string {
	switch {
	case strings.HasPrefix(ch.Check, "rule."):
		return titleRules
	case strings.HasPrefix(ch.Check, "state."):
		return titleStates
	case strings.HasPrefix(ch.Check, "quirk."):
		return titleQuirks
	}
	return titleDocument
}

// countLine is "3 changes: 1 error, 1 warning, 1 info".
func (c *Changelog) countLine() string {
	n := c.Counts()
	plural := func(k int, one, many string) string {
		if k == 1 {
			return fmt.Sprintf("%d %s", k, one)
		}
		return fmt.Sprintf("%d %s", k, many)
	}
	return fmt.Sprintf("%s: %s, %s, %d info", plural(len(c.Changes), "change", "changes"),
		plural(n[LevelError], "error", "errors"), plural(n[LevelWarning], "warning", "warnings"), n[LevelInfo])
}

// places says where a change is: "components.schemas.Account.properties.type
// line 686 (was line 684)"; the files are named in the heading.
func places(ch Change) string {
	switch {
	case ch.New != nil && ch.Base != nil && ch.New.Where != ch.Base.Where:
		return fmt.Sprintf("%s line %d; baseline: %s line %d", ch.New.Where, ch.New.Line, ch.Base.Where, ch.Base.Line)
	case ch.New != nil && ch.Base != nil:
		s := fmt.Sprintf("line %d (was line %d)", ch.New.Line, ch.Base.Line)
		if ch.New.Line == ch.Base.Line {
			s = fmt.Sprintf("line %d in both", ch.New.Line)
		}
		if ch.New.Where != "" {
			s = ch.New.Where + " " + s
		}
		return s
	case ch.New != nil:
		return strings.TrimSpace(ch.New.Where + fmt.Sprintf(" line %d (new)", ch.New.Line))
	case ch.Base != nil:
		return strings.TrimSpace(ch.Base.Where + fmt.Sprintf(" line %d (removed; in the baseline)", ch.Base.Line))
	}
	return ""
}

func (c *Changelog) writeText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "Changes from %s to %s\n%s\n", c.Base, c.New, c.countLine())
	for _, g := range c.groups() {
		fmt.Fprintf(bw, "\n%s\n", g.title)
		for _, ch := range g.changes {
			fmt.Fprintf(bw, "  %-7s %s [%s]\n", ch.Level, oneLine(ch.Message), ch.Check)
			if p := places(ch); p != "" {
				fmt.Fprintf(bw, "          %s\n", p)
			}
			if ch.Cite != "" {
				fmt.Fprintf(bw, "          cites: %q\n", oneLine(ch.Cite))
			}
		}
	}
	return bw.Flush()
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

type jsonChangelog struct {
	*Changelog
	Counts map[Level]int `json:"counts"`
}

func (c *Changelog) writeJSON(w io.Writer) error {
	out := *c
	if out.Changes == nil {
		out.Changes = []Change{}
	}
	if out.Operations == nil {
		out.Operations = []string{}
	}
	counts := map[Level]int{LevelError: 0, LevelWarning: 0, LevelInfo: 0}
	for l, n := range c.Counts() {
		counts[l] = n
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(jsonChangelog{Changelog: &out, Counts: counts})
}

// mdCell makes s safe in a Markdown table cell.
func mdCell(s string) string {
	s = oneLine(s)
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, "|", `\|`)
	s = strings.ReplaceAll(s, "<", "&lt;")
	return s
}

func (c *Changelog) writeMarkdown(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "### Spec changes: `%s` → `%s`\n\n", mdCell(c.Base), mdCell(c.New))
	n := c.Counts()
	verdict := "No breaking change."
	switch {
	case n[LevelError] > 0:
		verdict = "**Breaking:** clients built against the baseline break."
	case n[LevelWarning] > 0:
		verdict = "**Review:** no breaking change, but some changes may affect clients or make the spec laxer than WePay."
	}
	fmt.Fprintf(bw, "%s %s.\n", verdict, c.countLine())
	for _, g := range c.groups() {
		fmt.Fprintf(bw, "\n#### %s\n\n| Level | Change | Check | Where |\n| --- | --- | --- | --- |\n", mdCell(g.title))
		for _, ch := range g.changes {
			level := string(ch.Level)
			if ch.Level == LevelError {
				level = "**error**"
			}
			msg := mdCell(ch.Message)
			if ch.Cite != "" {
				msg += "<br>_cites:_ “" + mdCell(ch.Cite) + "”"
			}
			fmt.Fprintf(bw, "| %s | %s | `%s` | %s |\n", level, msg, ch.Check, mdCell(places(ch)))
		}
	}
	return bw.Flush()
}
