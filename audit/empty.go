package audit

import (
	"github.com/wepaykit/wepaykit/internal/counts"

	"fmt"
	"strings"
)

// NothingValidated says why a run validated no exchange, and what to do
// about it, or returns "" when some exchange was validated. Such a run
// checked nothing and must not pass as a success: "all 8 entries were sent
// to 127.0.0.1:8080, which is not a WePay host: add --host 127.0.0.1:8080"
// (--host is the CLI's name for Options.Hosts).
func (r *Result) NothingValidated() string {
	if r.Validated > 0 {
		return ""
	}
	if r.Entries == 0 {
		var names []string
		for _, f := range r.Files {
			if f.Err == nil {
				names = append(names, f.Name)
			}
		}
		switch {
		case len(r.Files) == 0:
			return "no input"
		case len(names) == 0:
			return "no input could be read"
		case len(names) == 1:
			return names[0] + " holds no entries"
		}
		return "the recordings hold no entries"
	}
	hosts := counts.List(r.OtherHosts)
	calls := counts.List(r.OutOfScopeCalls)
	first := ""
	if len(r.OtherHosts) > 0 {
		first = r.OtherHosts[0].Key
	}
	switch {
	case r.Skipped == r.Entries && len(r.OtherHosts) == 1:
		return fmt.Sprintf("%s sent to %s, which is not a WePay host: add --host %s", were(r.Entries), first, first)
	case r.Skipped == r.Entries:
		return fmt.Sprintf("%s sent to hosts that are not WePay's (%s): add --host for the host that serves the WePay API, such as --host %s", were(r.Entries), hosts, first)
	case r.Skipped == 0 && r.OutOfScope == 0 && r.Entries == 1:
		return "the only entry could not be read"
	case r.Skipped == 0 && r.OutOfScope == 0:
		return fmt.Sprintf("none of the %d entries could be read", r.Entries)
	case r.OutOfScope == r.Entries:
		return fmt.Sprintf("%s outside /account (%s), which the contract does not cover (--scope all reports them as route-unknown)", are(r.Entries), calls)
	}
	var parts []string
	if r.Skipped > 0 {
		parts = append(parts, fmt.Sprintf("%d sent to other hosts (%s; add --host %s if it serves the WePay API)", r.Skipped, hosts, first))
	}
	if r.OutOfScope > 0 {
		parts = append(parts, fmt.Sprintf("%d outside /account (%s)", r.OutOfScope, calls))
	}
	if n := r.Entries - r.Skipped - r.OutOfScope; n > 0 {
		parts = append(parts, fmt.Sprintf("%d could not be read", n))
	}
	return fmt.Sprintf("none of the %s was validated: %s", Plural(r.Entries, "entry", "entries"), strings.Join(parts, ", "))
}

func were(n int) string {
	if n == 1 {
		return "the only entry was"
	}
	return fmt.Sprintf("all %d entries were", n)
}

func are(n int) string {
	if n == 1 {
		return "the only entry is a WePay call"
	}
	return fmt.Sprintf("all %d entries are WePay calls", n)
}
