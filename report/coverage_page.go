package report

// coverageHTML is the coverage page: one file, inline CSS, an inline SVG,
// no script and nothing fetched from the network. The "only missing"
// switch is CSS (:has), so the page works with scripts turned off.
const coverageHTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>{{.Title}}</title>
<style>
:root{--ok:#1a7f37;--okbg:#dafbe1;--miss:#8c959f;--missbg:#f6f8fa;--bad:#cf222e;--badbg:#ffebe9;--warn:#9a6700;--warnbg:#fff8c5;--ink:#1f2328;--line:#d0d7de;--accent:#0969da}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:var(--ink);background:#fff}
header{padding:20px 28px 12px;border-bottom:1px solid var(--line);background:#f6f8fa}
header h1{margin:0 0 4px;font-size:22px}
header p{margin:0;color:#57606a}
main{padding:16px 28px 40px;max-width:1500px}
h2{font-size:18px;margin:28px 0 10px;padding-bottom:4px;border-bottom:1px solid var(--line)}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:12px}
.dim{border:1px solid var(--line);border-radius:8px;padding:10px 12px;background:#fff}
.dim h3{margin:0 0 6px;font-size:13px;font-weight:600;color:#57606a;text-transform:uppercase;letter-spacing:.03em}
.dim .fig{font-size:24px;font-weight:700}
.dim .pct{float:right;font-size:18px;font-weight:600;margin-top:4px}
.dim.good .pct{color:var(--ok)}.dim.fair .pct{color:var(--warn)}.dim.poor .pct{color:var(--bad)}
.bar{height:8px;border-radius:4px;background:#eaeef2;overflow:hidden;margin-top:6px}
.bar span{display:block;height:100%;background:var(--ok)}
.dim.fair .bar span{background:#bf8700}.dim.poor .bar span{background:var(--bad)}
details.missing{margin-top:6px;font-size:12px}
details.missing summary{cursor:pointer;color:var(--accent)}
details.missing ul{margin:4px 0 0;padding-left:16px;max-height:220px;overflow:auto}
.two{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:18px;align-items:start}
.diagram{border:1px solid var(--line);border-radius:8px;padding:8px;background:#fff}
#state-diagram{max-width:100%;height:auto;display:block;margin:auto}
#state-diagram .state rect{fill:#fff;stroke:var(--miss);stroke-width:2;stroke-dasharray:5 4}
#state-diagram .state.seen rect{fill:var(--okbg);stroke:var(--ok);stroke-dasharray:none}
#state-diagram .state rect.inner{fill:none}
#state-diagram .state text{font:600 15px system-ui,sans-serif;text-anchor:middle;fill:var(--ink)}
#state-diagram .state.unseen text{fill:#6e7781}
#state-diagram .initial{fill:var(--ink)}
#state-diagram .edge{fill:none;stroke-width:1.6}
#state-diagram .edge.missing{stroke:var(--miss);stroke-dasharray:6 5}
#state-diagram .edge.seen{stroke:var(--ok);stroke-width:3.2}
#state-diagram .edge.forbidden{stroke:var(--bad);stroke-width:3;stroke-dasharray:8 4}
#state-diagram .edge-label circle{fill:#fff;stroke:var(--ok);stroke-width:1.5}
#state-diagram .edge-label text{font:700 11px system-ui,sans-serif;text-anchor:middle;fill:var(--ok)}
.legend{font-size:12px;color:#57606a;margin:6px 4px}
.legend i{display:inline-block;width:26px;height:0;border-top:3px solid var(--ok);vertical-align:middle;margin:0 4px 0 10px}
.legend i.m{border-top:2px dashed var(--miss)}.legend i.f{border-top:3px dashed var(--bad)}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid #eaeef2;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f6f8fa;font-weight:600;position:sticky;top:0}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
tr.miss td.ptr{color:#6e7781}
tr.miss td.ptr::before{content:"✗ ";color:var(--bad)}
tr.hit td.ptr::before{content:"✓ ";color:var(--ok)}
code,.ptr{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
.chip{display:inline-block;border-radius:10px;padding:0 7px;margin:1px 2px;font:12px ui-monospace,monospace;border:1px solid}
.chip.hit{background:var(--okbg);border-color:#4ac26b;color:#116329}
.chip.miss{background:var(--missbg);border-color:var(--line);color:#6e7781}
.chip.odd{background:var(--warnbg);border-color:#d4a72c;color:var(--warn)}
section.op{border:1px solid var(--line);border-radius:8px;margin:14px 0;padding:0 14px 12px}
section.op > h3{margin:12px 0 4px;font:600 16px ui-monospace,monospace}
.stats{color:#57606a;margin-bottom:6px}
.stats b{color:var(--ink)}
.fields{max-height:560px;overflow:auto;border:1px solid #eaeef2;border-radius:6px}
.fields h4,.finds h4{margin:8px 6px 4px;font-size:13px}
.finds{max-height:560px;overflow:auto}
.find{border-left:4px solid var(--warn);background:var(--warnbg);padding:4px 8px;margin:6px 0;border-radius:0 6px 6px 0;font-size:12.5px;overflow-wrap:anywhere}
.find.error{border-color:var(--bad);background:var(--badbg)}
.find .rule{font-weight:600}
.find .src{color:#57606a}
.none{color:#57606a;font-style:italic}
.toggle{margin:6px 0 0;font-size:13px}
body:has(#only-missing:checked) tr.hit{display:none}
@media (max-width:900px){.two{grid-template-columns:1fr}}
</style>
</head>
<body>
<header>
<h1>{{.Title}}</h1>
<p>{{.Exchanges}} validated exchanges · contract <code>{{.Spec}}</code> · {{.Findings}} findings{{if .Other}} · calls outside the contract: {{range $i, $o := .Other}}{{if $i}}, {{end}}<code>{{$o}}</code>{{end}}{{end}}</p>
</header>
<main>
<section id="summary">
<h2>Summary</h2>
<div class="grid">
{{range .Dims}}<div class="dim {{.Level}}" data-dim="{{.Name}}">
<h3>{{.Label}}</h3>
<span class="fig">{{.Covered}}/{{.Total}}</span><span class="pct">{{.Pct}}</span>
<div class="bar"><span style="{{width .PctNum}}"></span></div>
{{if .Missing}}<details class="missing"><summary>{{.MissingCount}} not exercised</summary><ul>{{range .Missing}}<li><code>{{.}}</code></li>{{end}}{{if .More}}<li>… and {{.More}} more (see the JSON report)</li>{{end}}</ul></details>{{end}}
</div>
{{end}}</div>
<p>Environments: {{range .Envs}}<span class="chip {{.Class}}">{{.Text}}</span>{{end}}</p>
</section>

<section id="states">
<h2>Account states and transitions</h2>
<div class="two">
<div class="diagram">{{.Diagram}}
<div class="legend"><i></i>observed <i class="m"></i>in the table, not observed <i class="f"></i>observed, forbidden by the table · filled state: observed · ● an account may start here · double border: terminal</div>
</div>
<div>
{{if .Forbidden}}<p><b>Observed, but the state table forbids them:</b></p><ul>{{range .Forbidden}}<li>{{.}}</li>{{end}}</ul>{{else}}<p class="none">No change of state outside the table was observed.</p>{{end}}
<h4>Named rules</h4>
<table id="rules"><thead><tr><th>rule</th><th>reads</th><th class="num">applied to</th></tr></thead><tbody>
{{range .Rules}}<tr class="{{if .Applied}}hit{{else}}miss{{end}}"><td class="ptr">{{.ID}}</td><td>{{.Where}}</td><td class="num">{{.Applied}}</td></tr>
{{end}}</tbody></table>
</div>
</div>
</section>

<section id="operations">
<h2>Calls</h2>
<p class="toggle"><label><input type="checkbox" id="only-missing"> show only what was not exercised</label></p>
{{range .Ops}}<section class="op" id="{{.ID}}">
<h3>{{.Path}}</h3>
<div class="stats"><b>{{.Calls}}</b> calls · <b>{{.Succ}}</b> success · <b>{{.Fail}}</b> error{{if .Statuses}} ({{.Statuses}}){{end}} · fields <b>{{.FieldsCov}}</b> · findings <b>{{.Errors}}</b> errors, <b>{{.Warnings}}</b> warnings</div>
<div class="stats">error codes: {{range .Codes}}<span class="chip {{.Class}}" title="{{.Title}}">{{.Text}}</span>{{end}}</div>
<div class="two">
<div class="fields">
{{range .Sides}}<h4>{{.Name}} ({{.Cov}}/{{.N}})</h4>
<table><thead><tr><th>field</th><th class="num">exchanges</th><th>enum values</th></tr></thead><tbody>
{{range .Rows}}<tr class="{{if .Seen}}hit{{else}}miss{{end}}"><td class="ptr" style="{{indent .Depth}}">{{.Pointer}}</td><td class="num">{{.Seen}}</td><td>{{range .Enum}}<span class="chip {{.Class}}" title="{{.Title}}">{{.Text}}</span>{{end}}</td></tr>
{{end}}</tbody></table>
{{end}}</div>
<div class="finds"><h4>Findings</h4>
{{range .Findings}}<div class="find {{.Severity}}"><span class="rule">{{.Rule}}</span> · {{.Place}}<br>{{.Message}}<br><span class="src">{{.Source}}</span></div>
{{else}}<p class="none">No findings for this call.</p>{{end}}
{{if .MoreFindings}}<p class="none">… and {{.MoreFindings}} more findings.</p>{{end}}
</div>
</div>
</section>
{{end}}
{{if .StrayFinds}}<section class="op" id="op-other"><h3>Findings of calls outside the contract</h3>
<div class="finds">{{range .StrayFinds}}<div class="find {{.Severity}}"><span class="rule">{{.Rule}}</span> · {{.Place}}<br>{{.Message}}<br><span class="src">{{.Source}}</span></div>{{end}}</div></section>{{end}}
</section>
</main>
</body>
</html>
`
