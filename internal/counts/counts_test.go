package counts

import (
	"strings"
	"testing"
)

func TestList(t *testing.T) {
	cs := []Count{{"/a", 2}, {"/b", 1}, {"/c", 1}, {"/d", 1}, {"/e", 1}, {"/f", 3}, {"/g", 1}}
	if got, want := List(cs), "/a x2, /b, /c, /d, /e and 2 more"; got != want {
		t.Fatalf("List = %q, want %q", got, want)
	}
	if got := List(nil); got != "" {
		t.Fatalf("List(nil) = %q", got)
	}
}

func TestNounAndVersionHint(t *testing.T) {
	if got := Noun(1, "entry", "entries") + ", " + Noun(2, "entry", "entries"); got != "1 entry, 2 entries" {
		t.Errorf("Noun: %q", got)
	}
	if got := VersionHint(1, "2014-01-08", "2019-04-03"); got != "1 exchange declares Api-Version 2014-01-08; the contract describes 2019-04-03: required-member findings may be version drift" {
		t.Errorf("VersionHint(1): %q", got)
	}
	if got := VersionHint(3, "2014-01-08", "2019-04-03"); !strings.HasPrefix(got, "3 exchanges declare Api-Version 2014-01-08;") {
		t.Errorf("VersionHint(3): %q", got)
	}
}
