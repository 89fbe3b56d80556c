package spec

import "slices"

// ExtVersions is the top-level extension that lists WePay's API versions.
const ExtVersions = "x-wepaykit-api-versions"

// VersionTable is WePay's list of API versions (the Api-Version header), read
// from x-wepaykit-api-versions. It is the one list the validator, the fake
// and conformance consult.
type VersionTable struct {
	Current      string   `json:"current"`       // the version the reference describes
	DetailsSince string   `json:"details_since"` // the first version whose error body carries details
	Versions     []string `json:"versions"`      // every known version, oldest first
	Cite         []Cite   `json:"cite"`
}

// Known reports whether v is one of WePay's versions. An empty table knows
// every version, so a spec without the extension checks nothing.
func (t VersionTable) Known(v string) bool {
	return len(t.Versions) == 0 || slices.Contains(t.Versions, v)
}

// HasDetails reports whether an error answered under version v carries the
// details array ("from API version 2018-08-29 also details"). An empty
// version (no header: the app's dashboard version) is taken as the current
// one. Versions are dates yyyy-mm-dd, so they compare as strings.
func (t VersionTable) HasDetails(v string) bool {
	if v == "" {
		v = t.Current
	}
	return t.DetailsSince == "" || v >= t.DetailsSince
}

// Versions returns the spec's API version table.
func (s *Spec) Versions() VersionTable {
	t := s.versions
	t.Versions = slices.Clone(t.Versions)
	t.Cite = slices.Clone(t.Cite)
	return t
}

// APIVersions lists the API versions of the embedded spec, oldest first.
func APIVersions() []string {
	s, err := Load()
	if err != nil {
		return nil
	}
	return s.Versions().Versions
}

func (s *Spec) readVersions() error {
	v, ok := s.doc.Extensions[ExtVersions]
	if !ok {
		return nil
	}
	if err := decodeExt(v, &s.versions); err != nil {
		return &SpecError{File: s.name, Where: ExtVersions, Msg: err.Error()}
	}
	for i, ver := range s.versions.Versions {
		if !isDate(ver) {
			return &SpecError{File: s.name, Where: ExtVersions, Msg: "version " + ver + " is not a date yyyy-mm-dd"}
		}
		if i > 0 && ver <= s.versions.Versions[i-1] {
			return &SpecError{File: s.name, Where: ExtVersions, Msg: "versions must be listed oldest first, each once"}
		}
	}
	if s.versions.Current != "" && !slices.Contains(s.versions.Versions, s.versions.Current) {
		return &SpecError{File: s.name, Where: ExtVersions, Msg: "current version " + s.versions.Current + " is not in the list"}
	}
	return nil
}

func isDate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for i, c := range s {
		if i != 4 && i != 7 && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}
