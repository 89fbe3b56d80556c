package report

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/url"
	"path/filepath"
	"strings"
)

// SARIF 2.1.0 (OASIS), as read by GitHub code scanning.

// Constants of the SARIF output.
const (
	SARIFSchema    = "https://json.schemastore.org/sarif-2.1.0.json"
	SARIFVersion   = "2.1.0"
	InformationURI = "https://github.com/wepaykit/wepaykit"
)

// SARIFLog is the root of a SARIF file.
type SARIFLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []SARIFRun `json:"runs"`
}

// SARIFRun is one run of the tool.
type SARIFRun struct {
	Tool               SARIFTool                   `json:"tool"`
	OriginalURIBaseIDs map[string]SARIFArtifactLoc `json:"originalUriBaseIds,omitempty"`
	Invocations        []SARIFInvocation           `json:"invocations"`
	Results            []SARIFResult               `json:"results"`
	// Properties hold wepaykit's counts and version hints.
	Properties *SARIFRunProperties `json:"properties,omitempty"`
}

// SARIFArtifactLoc is an artifactLocation used as a base URI.
type SARIFArtifactLoc struct {
	URI string `json:"uri"`
}

// SARIFRunProperties is the property bag of a traffic run.
type SARIFRunProperties struct {
	Entries      int      `json:"entries"`
	Validated    int      `json:"validated"`
	OutOfScope   int      `json:"outsideAccount"`
	OtherHosts   int      `json:"otherHosts"`
	VersionHints []string `json:"versionHints,omitempty"`
}

// SARIFResultProperties is the property bag of a result.
type SARIFResultProperties struct {
	APIVersion string `json:"apiVersion,omitempty"` // the older Api-Version declared: the finding may be version drift
}

// SARIFTool describes wepaykit and its rules.
type SARIFTool struct {
	Driver SARIFDriver `json:"driver"`
}

// SARIFDriver is the tool component.
type SARIFDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []SARIFRule `json:"rules"`
}

// SARIFRule is a reportingDescriptor.
type SARIFRule struct {
	ID                   string              `json:"id"`
	Name                 string              `json:"name,omitempty"`
	ShortDescription     SARIFMessage        `json:"shortDescription"`
	FullDescription      *SARIFMessage       `json:"fullDescription,omitempty"`
	Help                 *SARIFMessage       `json:"help,omitempty"`
	HelpURI              string              `json:"helpUri,omitempty"`
	DefaultConfiguration *SARIFRuleConfig    `json:"defaultConfiguration,omitempty"`
	Properties           map[string][]string `json:"properties,omitempty"`
}

// SARIFRuleConfig is a reportingConfiguration: the rule's default level.
type SARIFRuleConfig struct {
	Level string `json:"level"`
}

// SARIFMessage is a plain text message, with an optional Markdown form.
type SARIFMessage struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

// SARIFInvocation says whether the run could read all its input.
type SARIFInvocation struct {
	ExecutionSuccessful bool                `json:"executionSuccessful"`
	Notifications       []SARIFNotification `json:"toolExecutionNotifications,omitempty"`
	// ConfigNotifications are problems of the policy (expired ignores).
	ConfigNotifications []SARIFNotification `json:"toolConfigurationNotifications,omitempty"`
}

// SARIFNotification is a read problem.
type SARIFNotification struct {
	Level     string          `json:"level"`
	Message   SARIFMessage    `json:"message"`
	Locations []SARIFLocation `json:"locations,omitempty"`
}

// SARIFResult is one finding.
type SARIFResult struct {
	Properties          *SARIFResultProperties `json:"properties,omitempty"`
	RuleID              string                 `json:"ruleId"`
	RuleIndex           int                    `json:"ruleIndex"`
	Level               string                 `json:"level"`
	Message             SARIFMessage           `json:"message"`
	Locations           []SARIFLocation        `json:"locations"`
	PartialFingerprints map[string]string      `json:"partialFingerprints,omitempty"`
	// Suppressions mark a finding the team policy accepts (rule off,
	// ignored with a reason, known in the baseline).
	Suppressions []SARIFSuppression `json:"suppressions,omitempty"`
	// BaselineState is "new" or "unchanged" when the run used a baseline.
	BaselineState string `json:"baselineState,omitempty"`
}

// SARIFSuppression is a suppression of a result, with its justification.
type SARIFSuppression struct {
	Kind          string `json:"kind"`   // "external": the policy file or the baseline
	Status        string `json:"status"` // "accepted"
	Justification string `json:"justification"`
}

// SARIFLocation places a result in a file and in the API.
type SARIFLocation struct {
	Physical *SARIFPhysical `json:"physicalLocation,omitempty"`
	Logical  []SARIFLogical `json:"logicalLocations,omitempty"`
}

// SARIFPhysical is a file and, when known, a line.
type SARIFPhysical struct {
	Artifact SARIFArtifact `json:"artifactLocation"`
	Region   *SARIFRegion  `json:"region,omitempty"`
}

// SARIFArtifact names a file, relative to a base (uriBaseId) when set.
type SARIFArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

// SARIFRegion is a line.
type SARIFRegion struct {
	StartLine int `json:"startLine"`
}

// SARIFLogical names the operation or the body member of a finding.
type SARIFLogical struct {
	Name               string `json:"name,omitempty"`
	FullyQualifiedName string `json:"fullyQualifiedName,omitempty"`
	Kind               string `json:"kind,omitempty"`
}

// SARIFBaseID names the base directory of relative artifact URIs.
const SARIFBaseID = "SRCROOT"

// FingerprintKey is the partialFingerprints key of wepaykit's results.
const FingerprintKey = "wepaykit/v1"

func writeSARIF(w io.Writer, s *Summary) error {
	run := SARIFRun{
		Tool:        SARIFTool{Driver: SARIFDriver{Name: s.tool(), Version: s.Version, InformationURI: InformationURI, Rules: []SARIFRule{}}},
		Invocations: []SARIFInvocation{{ExecutionSuccessful: len(s.Problems) == 0 && s.Empty == ""}},
		Results:     []SARIFResult{},
	}
	if s.subject() == Traffic {
		run.Properties = &SARIFRunProperties{Entries: s.Entries, Validated: s.Validated, OutOfScope: s.OutOfScope, OtherHosts: s.Skipped}
		for _, h := range s.VersionHints {
			run.Properties.VersionHints = append(run.Properties.VersionHints, h.File+": "+h.Text())
		}
	}
	if s.Empty != "" {
		run.Invocations[0].Notifications = append(run.Invocations[0].Notifications,
			SARIFNotification{Level: "error", Message: SARIFMessage{Text: "nothing validated: " + s.Empty}})
	}
	for _, h := range s.VersionHints {
		n := SARIFNotification{Level: "note", Message: SARIFMessage{Text: h.File + ": " + h.Text()}}
		if ph := s.physical(h.File, 0); ph != nil {
			n.Locations = []SARIFLocation{{Physical: ph}}
		}
		run.Invocations[0].Notifications = append(run.Invocations[0].Notifications, n)
	}
	base := s.sarifBase()
	if base != "" {
		run.OriginalURIBaseIDs = map[string]SARIFArtifactLoc{SARIFBaseID: {URI: base}}
	}
	index := map[string]int{}
	for i, id := range s.ruleIDs() {
		index[id] = i
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule(id, s.Rules[id]))
	}
	src := s.src()
	result := func(u *Unit, f Finding) SARIFResult {
		msg := f.Message
		if pl := f.place(); pl != "" {
			msg = pl + ": " + msg
		}
		if s.subject() == Traffic {
			msg = unitName(u) + msg
		}
		loc := SARIFLocation{Physical: s.physical(f.File, f.Line), Logical: logical(f)}
		r := SARIFResult{RuleID: f.Rule, RuleIndex: index[f.Rule], Level: sarifLevel(f.Severity),
			Message: SARIFMessage{Text: msg}, Locations: []SARIFLocation{loc},
			PartialFingerprints: map[string]string{FingerprintKey: fingerprint(f, s.relative(f.File))}}
		if f.APIVersion != "" {
			r.Properties = &SARIFResultProperties{APIVersion: f.APIVersion}
		}
		return r
	}
	baseline := s.Policy != nil && s.Policy.Baseline != ""
	results := func(yield func(any) bool) {
		for u, f := range src.Findings() {
			r := result(u, f)
			if baseline {
				r.BaselineState = "new"
			}
			if !yield(r) {
				return
			}
		}
		for u, f := range src.Suppressed() {
			r := result(u, f.Finding)
			just := f.Reason
			if f.Source != "" {
				just += " (" + f.Source + ")"
			}
			r.Suppressions = []SARIFSuppression{{Kind: "external", Status: "accepted", Justification: just}}
			if baseline && f.Kind == SuppressedBaseline {
				r.BaselineState = "unchanged"
			} else if baseline {
				r.BaselineState = "new"
			}
			if !yield(r) {
				return
			}
		}
	}
	if s.Policy != nil {
		for _, n := range s.Policy.Expired {
			sn := SARIFNotification{Level: "warning", Message: SARIFMessage{Text: n.Message}}
			if ph := s.physical(n.File, n.Line); ph != nil {
				sn.Locations = []SARIFLocation{{Physical: ph}}
			}
			run.Invocations[0].ConfigNotifications = append(run.Invocations[0].ConfigNotifications, sn)
		}
		for _, g := range s.Policy.Gone {
			run.Invocations[0].Notifications = append(run.Invocations[0].Notifications,
				SARIFNotification{Level: "note", Message: SARIFMessage{Text: "baseline entry no longer occurs: " + g}})
		}
	}
	for _, p := range s.Problems {
		n := SARIFNotification{Level: "error", Message: SARIFMessage{Text: problemPlace(p) + ": " + p.Message}}
		if ph := s.physical(p.File, p.Line); ph != nil {
			n.Locations = []SARIFLocation{{Physical: ph}}
		}
		run.Invocations[0].Notifications = append(run.Invocations[0].Notifications, n)
	}
	log := SARIFLog{Schema: SARIFSchema, Version: SARIFVersion, Runs: []SARIFRun{run}}
	doc, err := encodeDoc(log)
	if err != nil {
		return err
	}
	// The results are streamed (see writeStreamed).
	if err := writeStreamed(w, doc, jsonArray{key: `"results"`, elems: results}); err != nil {
		return err
	}
	return src.Err()
}

// sarifLevel maps a severity to a SARIF level.
func sarifLevel(sev string) string {
	if sev == Error {
		return "error"
	}
	return "warning"
}

// sarifRule is a rule's reportingDescriptor: short and full description,
// help (with the cited sentence), helpUri and default level.
func sarifRule(id string, d Rule) SARIFRule {
	r := SARIFRule{ID: id, Name: ruleName(id), ShortDescription: SARIFMessage{Text: id}, HelpURI: d.HelpURI}
	if d.Summary != "" {
		r.ShortDescription.Text = d.Summary
	}
	full := d.Description
	if full == "" {
		full = d.Summary
	}
	if full != "" {
		r.FullDescription = &SARIFMessage{Text: full}
	}
	if d.Help != "" {
		r.Help = &SARIFMessage{Text: d.Help}
	}
	if d.Level != "" {
		r.DefaultConfiguration = &SARIFRuleConfig{Level: sarifLevel(d.Level)}
	}
	return r
}

// ruleName is a rule id in the PascalCase SARIF recommends for names:
// "account-name-no-wepay" -> "AccountNameNoWepay".
func ruleName(id string) string {
	var b strings.Builder
	up := true
	for _, r := range id {
		switch {
		case r == '-' || r == '.' || r == '_':
			up = true
		case up:
			b.WriteString(strings.ToUpper(string(r)))
			up = false
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// sarifBase is the file URI of BaseDir, with a trailing slash, or "".
func (s *Summary) sarifBase() string {
	if s.BaseDir == "" || !filepath.IsAbs(s.BaseDir) {
		return ""
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(s.BaseDir)}
	if !strings.HasPrefix(u.Path, "/") {
		u.Path = "/" + u.Path // C:/x on Windows
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	return u.String()
}

// relative is file relative to BaseDir when it lies below it, with forward
// slashes; otherwise file as given.
func (s *Summary) relative(file string) string {
	if s.BaseDir != "" && filepath.IsAbs(file) {
		if rel, err := filepath.Rel(s.BaseDir, file); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			file = rel
		}
	}
	return filepath.ToSlash(file)
}

// physical locates a file (not stdin) and, when known, a line. A relative
// path is given relative to the SRCROOT base.
func (s *Summary) physical(file string, line int) *SARIFPhysical {
	if file == "" || file == "-" {
		return nil
	}
	rel := s.relative(file)
	p := &SARIFPhysical{Artifact: SARIFArtifact{URI: artifactURI(rel)}}
	if !filepath.IsAbs(rel) && !strings.HasPrefix(rel, "/") && s.sarifBase() != "" {
		p.Artifact.URIBaseID = SARIFBaseID
	} else if strings.HasPrefix(rel, "/") {
		p.Artifact.URI = (&url.URL{Scheme: "file", Path: rel}).String()
	}
	if line > 0 {
		p.Region = &SARIFRegion{StartLine: line}
	}
	return p
}

// fingerprint identifies a finding across runs: its rule and place, not
// its entry index or line, so that a re-recorded flow matches.
func fingerprint(f Finding, file string) string {
	h := sha256.New()
	for _, part := range []string{f.Rule, f.Operation, f.Side, f.Location, f.Pointer, f.Where, file} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// artifactURI turns a relative path into a URI reference (RFC 3986):
// percent-encoded, and with "./" before a first segment holding a colon,
// which would otherwise read as a scheme.
func artifactURI(file string) string {
	return (&url.URL{Path: strings.ReplaceAll(file, "\\", "/")}).String()
}

// logical names the operation and the place of a finding.
func logical(f Finding) []SARIFLogical {
	var out []SARIFLogical
	if f.Where != "" {
		out = append(out, SARIFLogical{FullyQualifiedName: f.Where, Kind: "object"})
	}
	if f.Operation != "" {
		out = append(out, SARIFLogical{Name: f.Operation, Kind: "function"})
		fq := f.Operation + " " + f.place()
		out = append(out, SARIFLogical{Name: f.Pointer, FullyQualifiedName: strings.TrimSpace(fq), Kind: "member"})
	}
	return out
}
