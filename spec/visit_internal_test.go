package spec

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestVisitPlaces checks the places visit reports for pointers with
// wildcards, escapes, indexes and misses.
func TestVisitPlaces(t *testing.T) {
	var doc any
	if err := json.Unmarshal([]byte(`{"a/b":1,"s":[{"x":1},{"y":2},{"x":null}],"n":{"m":"v"}}`), &doc); err != nil {
		t.Fatal(err)
	}
	type place struct {
		Ptr   string
		Value any
		Found bool
	}
	for ptr, want := range map[string][]place{
		"":        {{"", doc, true}},
		"/a~1b":   {{"/a~1b", 1.0, true}},
		"/s/*/x":  {{"/s/0/x", 1.0, true}, {"/s/1/x", nil, false}, {"/s/2/x", nil, true}},
		"/s/1/y":  {{"/s/1/y", 2.0, true}},
		"/s/9/y":  {{"/s/9", nil, false}},
		"/n/m/z":  {{"/n/m/z", nil, false}},
		"/n/zz/q": {{"/n/zz", nil, false}},
		"x/n/m":   {{"/n/m", "v", true}}, // read from the first "/"
	} {
		var got []place
		visit(doc, rooted(ptr), nil, func(path []string, v any, found bool) {
			got = append(got, place{pointerOf(path), v, found})
		})
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("%q: (-want +got)\n%s", ptr, d)
		}
		if strings.Contains(ptr, "*") && len(got) != 3 {
			t.Errorf("%q: %d places", ptr, len(got))
		}
	}
}
