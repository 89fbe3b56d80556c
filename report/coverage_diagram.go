package report

import (
	"fmt"
	"html/template"
	"math"
	"strings"

	"github.com/wepaykit/wepaykit/coverage"
	"github.com/wepaykit/wepaykit/spec"
)

// The state diagram is laid out here, without a layout engine: the states
// sit on a circle in table order (chords of a circle never cross another
// state's centre), each transition is a quadratic curve bent to its left,
// so that a -> b and b -> a are two curves, not one line.
const (
	diagW, diagH   = 780, 540
	diagR          = 200.0
	boxW, boxH     = 156.0, 46.0
	bend           = 34.0
	diagramMaxSize = 12 // states; a larger table is drawn on a larger circle
)

type pt struct{ x, y float64 }

// stateDiagram renders the table as an inline SVG; observed transitions
// are highlighted, forbidden ones that were observed are drawn in red.
func stateDiagram(table *spec.StateTable, r *coverage.Report) template.HTML {
	names := table.Names()
	n := len(names)
	radius := diagR
	if n > diagramMaxSize {
		radius = diagR * float64(n) / diagramMaxSize
	}
	w, h := float64(diagW), float64(diagH)
	if 2*radius+boxH*3 > h {
		h = 2*radius + boxH*3
		w = h * diagW / diagH
	}
	c := pt{w / 2, h/2 + 6}
	pos := map[string]pt{}
	for i, name := range names {
		a := -math.Pi/2 + 2*math.Pi*float64(i)/float64(n)
		pos[name] = pt{c.x + radius*math.Cos(a), c.y + radius*math.Sin(a)}
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg id="state-diagram" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" role="img" aria-label="account state diagram">`, w, h, w, h)
	b.WriteString(`<defs>`)
	for _, m := range []struct{ id, color string }{{"arrow-seen", "#1a7f37"}, {"arrow-missing", "#8c959f"}, {"arrow-forbidden", "#cf222e"}} {
		fmt.Fprintf(&b, `<marker id="%s" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="%s"/></marker>`, m.id, m.color)
	}
	b.WriteString(`</defs>`)
	seenState := map[string]bool{}
	for st, k := range r.Detail.States {
		if k > 0 {
			seenState[st] = true
		}
	}
	for _, tr := range r.Detail.Transitions {
		a, ok1 := pos[tr.From]
		z, ok2 := pos[tr.To]
		if !ok1 || !ok2 || tr.From == tr.To {
			continue
		}
		class, marker := "edge missing", "arrow-missing"
		switch {
		case !tr.Allowed && tr.Count > 0:
			class, marker = "edge forbidden", "arrow-forbidden"
		case !tr.Allowed:
			continue
		case tr.Count > 0:
			class, marker = "edge seen", "arrow-seen"
		}
		mid := pt{(a.x + z.x) / 2, (a.y + z.y) / 2}
		dx, dy := z.x-a.x, z.y-a.y
		l := math.Hypot(dx, dy)
		ctrl := pt{mid.x + bend*dy/l, mid.y - bend*dx/l}
		s := boxEdge(a, ctrl)
		e := boxEdge(z, ctrl)
		title := fmt.Sprintf("%s → %s: observed %d times", tr.From, tr.To, tr.Count)
		if !tr.Allowed {
			title += " (the state table forbids it)"
		}
		fmt.Fprintf(&b, `<path class="%s" data-from="%s" data-to="%s" d="M%.1f,%.1f Q%.1f,%.1f %.1f,%.1f" marker-end="url(#%s)"><title>%s</title></path>`,
			class, template.HTMLEscapeString(tr.From), template.HTMLEscapeString(tr.To), s.x, s.y, ctrl.x, ctrl.y, e.x, e.y, marker, template.HTMLEscapeString(title))
		if tr.Count > 0 {
			lp := pt{0.25*a.x + 0.5*ctrl.x + 0.25*z.x, 0.25*a.y + 0.5*ctrl.y + 0.25*z.y}
			fmt.Fprintf(&b, `<g class="edge-label"><circle cx="%.1f" cy="%.1f" r="11"/><text x="%.1f" y="%.1f">%d</text></g>`, lp.x, lp.y, lp.x, lp.y+4, tr.Count)
		}
	}
	for _, st := range table.States {
		p := pos[st.Name]
		class := "state"
		if seenState[st.Name] {
			class += " seen"
		} else {
			class += " unseen"
		}
		if st.Terminal {
			class += " terminal"
		}
		fmt.Fprintf(&b, `<g class="%s" data-state="%s"><title>%s: observed %d times</title>`, class, template.HTMLEscapeString(st.Name), template.HTMLEscapeString(st.Name), r.Detail.States[st.Name])
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.0f" height="%.0f" rx="12"/>`, p.x-boxW/2, p.y-boxH/2, boxW, boxH)
		if st.Terminal {
			fmt.Fprintf(&b, `<rect class="inner" x="%.1f" y="%.1f" width="%.0f" height="%.0f" rx="9"/>`, p.x-boxW/2+4, p.y-boxH/2+4, boxW-8, boxH-8)
		}
		if st.Initial {
			fmt.Fprintf(&b, `<circle class="initial" cx="%.1f" cy="%.1f" r="5"><title>an account may start here</title></circle>`, p.x-boxW/2+11, p.y-boxH/2+11)
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f">%s</text></g>`, p.x, p.y+5, template.HTMLEscapeString(st.Name))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // built from escaped names and numbers only
}

// boxEdge is where the line from a state's centre towards p leaves its box.
func boxEdge(c, p pt) pt {
	dx, dy := p.x-c.x, p.y-c.y
	if dx == 0 && dy == 0 {
		return c
	}
	t := math.Inf(1)
	if dx != 0 {
		t = math.Min(t, (boxW/2+3)/math.Abs(dx))
	}
	if dy != 0 {
		t = math.Min(t, (boxH/2+3)/math.Abs(dy))
	}
	return pt{c.x + dx*t, c.y + dy*t}
}
