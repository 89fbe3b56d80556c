package jsonptr

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	var doc any
	_ = json.Unmarshal([]byte(`{"a/b":{"m~n":[1,{"x":2}]},"c":null}`), &doc)
	if v, ok := Get(doc, "/a~1b/m~0n/1/x"); !ok || v != 2.0 {
		t.Fatalf("Get: %v %v", v, ok)
	}
	for _, bad := range []string{"/nope", "/a~1b/m~0n/7", "/a~1b/m~0n/x", "/c/d"} {
		if _, ok := Get(doc, bad); ok {
			t.Errorf("Get(%q) found something", bad)
		}
	}
	c := Clone(doc)
	if r, ok := Set(c, "/a~1b/m~0n/0", "one"); !ok || r == nil {
		t.Fatal("Set failed")
	}
	if _, ok := Set(c, "/missing/x", 1); ok {
		t.Fatal("Set under a missing parent succeeded")
	}
	Delete(c, "/c")
	if v, _ := Get(doc, "/a~1b/m~0n/0"); v != 1.0 {
		t.Fatal("Clone shares storage with the original")
	}
	if _, ok := Get(c, "/c"); ok {
		t.Fatal("Delete did not delete")
	}
	if r, _ := Set(doc, "", 5); r != 5 {
		t.Fatal("Set at the root must return the new root")
	}
	if got := Split(Join([]string{"a/b", "m~n", "0"})); !reflect.DeepEqual(got, []string{"a/b", "m~n", "0"}) {
		t.Fatalf("Split(Join) = %q", got)
	}
	if !Related("/a", "/a/b") || Related("/a", "/ab") || !Related("/a/b", "/a") {
		t.Fatal("Related")
	}
}
