package report

import (
	"encoding/json"
	"io"
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
	Tool        SARIFTool         `json:"tool"`
	Invocations []SARIFInvocation `json:"invocations"`
	Results     []SARIFResult     `json:"results"`
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
	ID               string       `json:"id"`
	ShortDescription SARIFMessage `json:"shortDescription"`
	HelpURI          string       `json:"helpUri,omitempty"`
}

// SARIFMessage is a plain text message.
type SARIFMessage struct {
	Text string `json:"text"`
}

// SARIFInvocation says whether the run could read all its input.
type SARIFInvocation struct {
	ExecutionSuccessful bool                `json:"executionSuccessful"`
	Notifications       []SARIFNotification `json:"toolExecutionNotifications,omitempty"`
}

// SARIFNotification is a read problem.
type SARIFNotification struct {
	Level     string          `json:"level"`
	Message   SARIFMessage    `json:"message"`
	Locations []SARIFLocation `json:"locations,omitempty"`
}

// SARIFResult is one finding.
type SARIFResult struct {
	RuleID    string          `json:"ruleId"`
	RuleIndex int             `json:"ruleIndex"`
	Level     string          `json:"level"`
	Message   SARIFMessage    `json:"message"`
	Locations []SARIFLocation `json:"locations"`
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

// SARIFArtifact names a file.
type SARIFArtifact struct {
	URI string `json:"uri"`
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

func writeSARIF(w io.Writer, s *Summary) error {
	run := SARIFRun{
		Tool:        SARIFTool{Driver: SARIFDriver{Name: s.tool(), Version: s.Version, InformationURI: InformationURI, Rules: []SARIFRule{}}},
		Invocations: []SARIFInvocation{{ExecutionSuccessful: len(s.Problems) == 0}},
		Results:     []SARIFResult{},
	}
	index := map[string]int{}
	for i, id := range s.ruleIDs() {
		index[id] = i
		r := SARIFRule{ID: id, ShortDescription: SARIFMessage{Text: id}}
		if d, ok := s.Rules[id]; ok {
			if d.Summary != "" {
				r.ShortDescription.Text = d.Summary
			}
			r.HelpURI = d.HelpURI
		}
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, r)
	}
	for _, f := range s.Findings {
		level := "warning"
		if f.Severity == Error {
			level = "error"
		}
		msg := f.Message
		if pl := f.place(); pl != "" {
			msg = pl + ": " + msg
		}
		if s.subject() == Traffic {
			msg = s.unitName(f) + msg
		}
		loc := SARIFLocation{Physical: physical(f.File, f.Line), Logical: logical(f)}
		run.Results = append(run.Results, SARIFResult{RuleID: f.Rule, RuleIndex: index[f.Rule], Level: level,
			Message: SARIFMessage{Text: msg}, Locations: []SARIFLocation{loc}})
	}
	for _, p := range s.Problems {
		n := SARIFNotification{Level: "error", Message: SARIFMessage{Text: problemPlace(p) + ": " + p.Message}}
		if ph := physical(p.File, p.Line); ph != nil {
			n.Locations = []SARIFLocation{{Physical: ph}}
		}
		run.Invocations[0].Notifications = append(run.Invocations[0].Notifications, n)
	}
	log := SARIFLog{Schema: SARIFSchema, Version: SARIFVersion, Runs: []SARIFRun{run}}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(log)
}

// physical locates a file (not stdin) and, when known, a line.
func physical(file string, line int) *SARIFPhysical {
	if file == "" || file == "-" {
		return nil
	}
	p := &SARIFPhysical{Artifact: SARIFArtifact{URI: artifactURI(file)}}
	if line > 0 {
		p.Region = &SARIFRegion{StartLine: line}
	}
	return p
}

// artifactURI turns a path into a relative URI reference.
func artifactURI(file string) string {
	file = strings.ReplaceAll(file, "\\", "/")
	return strings.NewReplacer("%", "%25", " ", "%20", "#", "%23", "?", "%3F").Replace(file)
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
