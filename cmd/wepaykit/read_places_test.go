package main

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wepaykit/wepaykit/audit"
	"github.com/wepaykit/wepaykit/traffic"
)

// TestReadErrorPlaces: the stderr line per damaged input says where, in
// words that read: a damaged entry and a file cut short are both named, and
// a file unreadable from its start has no "line 0".
func TestReadErrorPlaces(t *testing.T) {
	bad := errors.New("bad")
	res := &audit.Result{Errors: []error{
		&traffic.EntryError{File: "a.yml", Entry: 3, Line: 10, Err: bad},
		&traffic.FileError{File: "a.yml", Line: 27, Err: bad},
		&traffic.EntryError{File: "b.har", Entry: 1, Line: 5, Err: bad},
		&traffic.EntryError{File: "b.har", Entry: 4, Line: 9, Err: bad},
		&traffic.FileError{File: "c.jsonl", Err: bad},
		&audit.OpenError{File: "d.har", Err: bad},
		&traffic.EntryError{File: "e.jsonl", Entry: 0, Line: 1, Err: bad},
	}, ErrorsDropped: 2}
	want := []string{
		"a.yml: damaged entry 3 (line 10), and it cannot be read past line 27",
		"b.har: 2 damaged entries, the first at entry 1 (line 5)",
		"c.jsonl: cannot be read",
		"d.har: cannot be opened",
		"e.jsonl: damaged entry 0 (line 1)",
		"and 2 more damaged entries",
	}
	if d := cmp.Diff(want, readErrorPlaces(res)); d != "" {
		t.Errorf("(-want +got)\n%s", d)
	}
}
