package report

import (
	"fmt"
	"html/template"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/wepaykit/wepaykit/coverage"
	"github.com/wepaykit/wepaykit/spec"
)

// maxFindingsPerCall bounds the findings the page lists beside one call.
const maxFindingsPerCall = 200

type htmlPage struct {
	Title      string
	Spec       string
	Exchanges  int
	Other      []string
	Dims       []htmlDim
	Diagram    template.HTML
	Forbidden  []string
	Ops        []htmlOp
	Rules      []htmlRule
	Envs       []htmlChip
	StrayFinds []htmlFinding // findings of calls outside the contract
	Findings   int
}

type htmlDim struct {
	Name, Label    string
	Covered, Total int
	Pct            string
	PctNum         float64
	Level          string // good, fair, poor
	Missing        []string
	MissingCount   int
	More           int
}

type htmlOp struct {
	ID, Path          string
	Calls, Succ, Fail int
	Statuses          string
	Codes             []htmlChip
	FieldsCov         string
	Sides             []htmlSide
	Findings          []htmlFinding
	MoreFindings      int
	Errors, Warnings  int
}

type htmlSide struct {
	Name   string
	Rows   []htmlField
	Cov, N int
}

type htmlField struct {
	Pointer string
	Depth   int
	Seen    int
	Enum    []htmlChip
}

type htmlChip struct {
	Text  string
	Class string // hit, miss, odd
	Title string
}

type htmlRule struct {
	ID, Where string
	Applied   int
}

type htmlFinding struct {
	Severity, Rule, Place, Message, Source string
}

var dimLabels = map[string]string{
	"operations": "Operations", "responses": "Answers (success / error)", "error_codes": "Error codes",
	"fields": "Fields", "enum_values": "Enum values", "states": "Account states",
	"transitions": "State transitions", "rules": "Named rules applied", "environments": "Environments",
}

func writeCoverageHTML(w io.Writer, r *coverage.Report, o CoverageOptions) error {
	table, err := diagramTable(r)
	if err != nil {
		return err
	}
	p := htmlPage{Title: o.Title, Spec: r.Detail.Spec, Exchanges: r.Detail.Exchanges, Findings: len(o.Findings)}
	if p.Title == "" {
		p.Title = "wepaykit contract coverage"
	}
	p.Other = coverageCallList(r.Detail.OtherCalls)
	for _, nd := range r.Dimensions() {
		d := htmlDim{Name: nd.Name, Label: dimLabels[nd.Name], Covered: nd.Covered, Total: nd.Total, PctNum: nd.Percent()}
		d.Pct = strconv.FormatFloat(nd.Percent(), 'f', 1, 64) + "%"
		switch {
		case d.PctNum >= 80:
			d.Level = "good"
		case d.PctNum >= 40:
			d.Level = "fair"
		default:
			d.Level = "poor"
		}
		d.Missing, d.MissingCount = nd.Missing, len(nd.Missing)
		if len(d.Missing) > 40 {
			d.More = len(d.Missing) - 40
			d.Missing = d.Missing[:40]
		}
		p.Dims = append(p.Dims, d)
	}
	p.Diagram = stateDiagram(table, r)
	for _, tr := range r.Detail.Transitions {
		if !tr.Allowed && tr.Count > 0 {
			p.Forbidden = append(p.Forbidden, fmt.Sprintf("%s → %s (%d)", tr.From, tr.To, tr.Count))
		}
	}
	byOp := map[string][]Finding{}
	known := map[string]bool{}
	for _, op := range r.Detail.Operations {
		known[op.Operation] = true
	}
	for _, f := range o.Findings {
		byOp[f.Operation] = append(byOp[f.Operation], f)
	}
	for _, op := range r.Detail.Operations {
		p.Ops = append(p.Ops, htmlOperation(op, byOp[op.Operation]))
	}
	var stray []string
	for op := range byOp {
		if !known[op] {
			stray = append(stray, op)
		}
	}
	sort.Strings(stray)
	for _, op := range stray {
		for _, f := range byOp[op] {
			if len(p.StrayFinds) < maxFindingsPerCall {
				p.StrayFinds = append(p.StrayFinds, htmlFind(f))
			}
		}
	}
	for _, rs := range r.Detail.Rules {
		p.Rules = append(p.Rules, htmlRule{ID: rs.ID, Where: rs.Where, Applied: rs.Applied})
	}
	for _, env := range coverage.Environments() {
		n := r.Detail.Environments[env]
		c := htmlChip{Text: fmt.Sprintf("%s (%d)", env, n), Class: "hit"}
		if n == 0 {
			c.Class = "miss"
		}
		p.Envs = append(p.Envs, c)
	}
	return coverageTmpl.Execute(w, p)
}

// diagramTable is the state table of the embedded spec when the report was
// made with it, else a table rebuilt from the report (states in the order
// the report lists them, no initial or terminal marks).
func diagramTable(r *coverage.Report) (*spec.StateTable, error) {
	if s, err := spec.Load(); err == nil && s.Name() == r.Detail.Spec {
		return s.States(), nil
	}
	t := &spec.StateTable{}
	seen := map[string]bool{}
	add := func(n string) {
		if !seen[n] {
			seen[n] = true
			t.States = append(t.States, spec.State{Name: n})
		}
	}
	for _, tr := range r.Detail.Transitions {
		add(tr.From)
		add(tr.To)
		if tr.Allowed {
			t.Transitions = append(t.Transitions, spec.Transition{From: tr.From, To: tr.To})
		}
	}
	for _, m := range r.States.Missing {
		add(m)
	}
	for st := range r.Detail.States {
		add(st)
	}
	return t, nil
}

func htmlOperation(op coverage.OperationSeen, finds []Finding) htmlOp {
	h := htmlOp{ID: "op" + strings.NewReplacer("/", "-", "_", "-").Replace(op.Operation), Path: op.Operation, Calls: op.Calls}
	h.Succ, h.Fail = statusCounts(op.Statuses)
	var sts []string
	for k, n := range op.Statuses {
		sts = append(sts, fmt.Sprintf("%s ×%d", k, n))
	}
	sort.Strings(sts)
	h.Statuses = strings.Join(sts, ", ")
	for _, c := range op.ErrorCodes {
		chip := htmlChip{Text: strconv.FormatInt(c.Code, 10), Class: "miss", Title: "never answered"}
		switch {
		case !c.Documented:
			chip.Class, chip.Title = "odd", fmt.Sprintf("not a documented code; answered %d times", c.Seen)
		case c.Seen > 0:
			chip.Class, chip.Title = "hit", fmt.Sprintf("answered %d times", c.Seen)
		}
		h.Codes = append(h.Codes, chip)
	}
	fc, ft, _, _ := fieldCounts(op)
	h.FieldsCov = fmt.Sprintf("%d/%d", fc, ft)
	for _, s := range []struct {
		name   string
		fields []coverage.FieldSeen
	}{{"request arguments", op.Request}, {"response fields", op.Response}} {
		side := htmlSide{Name: s.name, N: len(s.fields)}
		for _, f := range s.fields {
			row := htmlField{Pointer: f.Pointer, Depth: strings.Count(f.Pointer, "/") - 1, Seen: f.Seen}
			if f.Seen > 0 {
				side.Cov++
			}
			for _, v := range f.Enum {
				chip := htmlChip{Text: jsonText(v.Value), Class: "miss", Title: "never seen"}
				if v.Seen > 0 {
					chip.Class, chip.Title = "hit", fmt.Sprintf("seen in %d exchanges", v.Seen)
				}
				row.Enum = append(row.Enum, chip)
			}
			side.Rows = append(side.Rows, row)
		}
		h.Sides = append(h.Sides, side)
	}
	for _, f := range finds {
		if f.Severity == Error {
			h.Errors++
		} else {
			h.Warnings++
		}
		if len(h.Findings) < maxFindingsPerCall {
			h.Findings = append(h.Findings, htmlFind(f))
		}
	}
	h.MoreFindings = len(finds) - len(h.Findings)
	return h
}

func htmlFind(f Finding) htmlFinding {
	place := strings.TrimSpace(f.Side + " " + f.Location + " " + f.Pointer)
	src := f.File
	if f.Entry >= 0 && f.File != "" {
		src += fmt.Sprintf(" entry %d", f.Entry)
	}
	if f.Line > 0 {
		src += fmt.Sprintf(" (line %d)", f.Line)
	}
	return htmlFinding{Severity: f.Severity, Rule: scrub(f.Rule), Place: scrub(place), Message: scrub(f.Message), Source: scrub(src)}
}

func jsonText(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return fmt.Sprint(v)
}

var coverageTmpl = template.Must(template.New("coverage").Funcs(template.FuncMap{
	"indent": func(d int) template.CSS { return template.CSS(fmt.Sprintf("padding-left:%.1fem", 0.4+1.1*float64(d))) },
	"width":  func(p float64) template.CSS { return template.CSS(fmt.Sprintf("width:%.1f%%", p)) },
}).Parse(coverageHTML))
