package validate

import (
	"fmt"
	"slices"
)

// readVersions reads the contract's version (info.version) and the known
// WePay API versions (the spec's x-wepaykit-api-versions, [spec.Spec.Versions]).
func (v *Validator) readVersions() {
	doc := v.spec.Document()
	if doc.Info != nil {
		v.contractVersion = doc.Info.Version
	}
	v.knownVersions = slices.Clone(v.spec.Versions().Versions)
	slices.Sort(v.knownVersions)
}

// ContractVersion returns the WePay API version the contract describes
// (the spec's info.version, "2019-04-03" for the embedded one).
func (v *Validator) ContractVersion() string { return v.contractVersion }

// KnownVersions returns WePay's dated API versions that the spec lists,
// oldest first.
func (v *Validator) KnownVersions() []string { return slices.Clone(v.knownVersions) }

// OlderVersion reports whether an Api-Version value is a well-formed date
// before the contract's version: findings of such an exchange may be
// version drift rather than defects (an older version had other required
// members).
func (v *Validator) OlderVersion(declared string) bool {
	if declared == "" || v.contractVersion == "" || !v.apiVersionOK(declared) || v.apiVersion == nil {
		return false
	}
	return declared < v.contractVersion // yyyy-mm-dd sorts as text
}

// checkAPIVersion reports an Api-Version that is not a date (error), a
// date before WePay's first version or after its current one (error: no
// such version can exist, and WePay answers 1015, "API version invalid or
// expired"), or a date between them that is not one of the versions the
// spec lists (warning: the list, gathered from WePay's SDKs and old doc
// pages, may lack one).
func (c *call) checkAPIVersion(av string) {
	v := c.v
	if !v.apiVersionOK(av) {
		c.named("api-version-format", InHeader, "", fmt.Sprintf("Api-Version %q is not a date yyyy-mm-dd", clip(av)))
		return
	}
	if len(v.knownVersions) == 0 || slices.Contains(v.knownVersions, av) {
		return
	}
	r, ok := v.rules["api-version-format"]
	if !ok {
		return
	}
	first, last := v.knownVersions[0], v.knownVersions[len(v.knownVersions)-1]
	if av < first || av > last { // yyyy-mm-dd sorts as text
		c.add(Finding{Location: InHeader, Rule: r.ID, Severity: SeverityError, Cite: firstCite(r),
			Message: fmt.Sprintf("Api-Version %q is outside WePay's API versions (%s to %s): no such version, WePay answers 1015", clip(av), first, last)})
		return
	}
	c.add(Finding{Location: InHeader, Rule: r.ID, Severity: SeverityWarning, Cite: firstCite(r),
		Message: fmt.Sprintf("Api-Version %q is a date but not one of WePay's API versions (%s to %s)", clip(av), first, last)})
}
