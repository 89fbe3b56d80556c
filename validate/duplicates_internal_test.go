package validate

import (
	"fmt"
	"testing"
)

// TestDuplicateMembers: every repeated name is found once per object, at
// its member's pointer (escaped), in the order the objects close, with its
// count; a document without repeats gives none.
func TestDuplicateMembers(t *testing.T) {
	cases := map[string]string{
		`{"a":1,"b":[{"a":2}],"c":{"a":3}}`:             `[]`,
		`{"a":1,"a":2}`:                                 `[{/a a 2}]`,
		`{"a":{"b":1,"b":{"c":[{"d":1,"d":2}]}},"a":0}`: `[{/a/b/c/0/d d 2} {/a/b b 2} {/a a 2}]`,
		`[{"x":1},{"x":1,"y":2,"x":3,"x":4}]`:           `[{/1/x x 3}]`,
		`{"a/b~c":1,"a/b~c":2}`:                         `[{/a~1b~0c a/b~c 2}]`,
		`[[],{"":1,"":2}]`:                              `[{/1/ "" 2}]`,
		`"x"`:                                           `[]`,
	}
	for in, want := range cases {
		got := duplicateMembers([]byte(in))
		s := "["
		for i, d := range got {
			if i > 0 {
				s += " "
			}
			name := d.name
			if name == "" {
				name = `""`
			}
			s += fmt.Sprintf("{%s %s %d}", d.pointer, name, d.count)
		}
		s += "]"
		if s != want {
			t.Errorf("duplicateMembers(%s) = %s, want %s", in, s, want)
		}
	}
}

// TestDuplicateFindingsBounded: a body with a repeated name in each of
// many objects gives maxDuplicateFindings findings and one that counts
// the rest.
func TestDuplicateFindingsBounded(t *testing.T) {
	v, err := New()
	if err != nil {
		t.Fatal(err)
	}
	body := `{"name":"x","description":"d","rbits":[`
	for i := range 50 {
		if i > 0 {
			body += ","
		}
		body += `{"receive_time":1,"receive_time":2,"type":"person","source":"user"}`
	}
	body += "]}"
	fs, err := v.Body("/account/create", "request", []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	n, rest := 0, ""
	for _, f := range fs {
		if f.Rule == RuleJSONDuplicate {
			n++
			if f.Pointer == "" {
				rest = f.Message
			}
		}
	}
	if n != maxDuplicateFindings+1 || rest != "30 more repeated member names are not listed" {
		t.Fatalf("%d findings, the count %q", n, rest)
	}
}
