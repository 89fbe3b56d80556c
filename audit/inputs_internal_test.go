package audit

import (
	"errors"
	"io/fs"
	"testing"
	"testing/fstest"
)

// brokenFS fails to list one directory, as an unreadable one would.
type brokenFS struct {
	fstest.MapFS
	bad string
}

var errDenied = errors.New("permission denied")

func (b brokenFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if name == b.bad {
		return nil, &fs.PathError{Op: "readdirent", Path: name, Err: errDenied}
	}
	return b.MapFS.ReadDir(name)
}

func TestWalkGoesOnAfterAnUnreadableDirectory(t *testing.T) {
	rec := &fstest.MapFile{Data: []byte(`{"request":{"method":"POST","url":"https://stage.wepayapi.com/v2/account"}}` + "\n")}
	fsys := brokenFS{MapFS: fstest.MapFS{
		"a/rec.jsonl":    rec,
		"b/secret.jsonl": rec,
		"c/rec.jsonl":    rec,
	}, bad: "b"}
	set := &InputSet{}
	if err := set.walkFS("root", fsys, InputOptions{}); err != nil {
		t.Fatalf("the walk stopped: %v", err)
	}
	names := set.Names()
	want := []string{"root/a/rec.jsonl", "root/b", "root/c/rec.jsonl"}
	if len(names) != len(want) {
		t.Fatalf("inputs %q, want %q", names, want)
	}
	for i := range want {
		if names[i] != want[i] {
			t.Fatalf("inputs %q, want %q", names, want)
		}
	}
	if _, err := set.Inputs[1].Open(); !errors.Is(err, errDenied) {
		t.Fatalf("the unreadable directory opens with %v", err)
	}
}
