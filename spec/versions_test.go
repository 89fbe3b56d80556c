package spec_test

import (
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/spec"
)

func TestVersionTable(t *testing.T) {
	s, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	vt := s.Versions()
	for _, tc := range []struct {
		v           string
		known, dets bool
	}{
		{"2019-04-03", true, true}, {"2018-08-29", true, true}, {"2018-03-21", true, false},
		{"2010-01-01", false, false}, {"2099-12-31", false, true}, {"", false, true},
	} {
		if got := vt.Known(tc.v); got != tc.known {
			t.Errorf("Known(%q) = %v", tc.v, got)
		}
		if got := vt.HasDetails(tc.v); got != tc.dets {
			t.Errorf("HasDetails(%q) = %v", tc.v, got)
		}
	}
	bad := strings.Replace(string(spec.Embedded()), `"2011-01-15", "2014-01-08"`, `"2014-01-08", "2011-01-15"`, 1)
	if _, err := spec.Parse([]byte(bad), "bad.yaml"); err == nil || !strings.Contains(err.Error(), "oldest first") {
		t.Errorf("unordered versions: %v", err)
	}
}
