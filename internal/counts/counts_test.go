package counts

import "testing"

func TestList(t *testing.T) {
	cs := []Count{{"/a", 2}, {"/b", 1}, {"/c", 1}, {"/d", 1}, {"/e", 1}, {"/f", 3}, {"/g", 1}}
	if got, want := List(cs), "/a x2, /b, /c, /d, /e and 2 more"; got != want {
		t.Fatalf("List = %q, want %q", got, want)
	}
	if got := List(nil); got != "" {
		t.Fatalf("List(nil) = %q", got)
	}
}
