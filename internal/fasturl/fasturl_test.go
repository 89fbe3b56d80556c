package fasturl

import (
	"net/url"
	"reflect"
	"testing"
)

// compare checks that Parse and url.Parse agree on s, and returns whether
// s took the plain path.
func compare(t *testing.T, s string) bool {
	t.Helper()
	want, wantErr := url.Parse(s)
	got, err := Parse(s)
	if (err == nil) != (wantErr == nil) || !reflect.DeepEqual(got, want) {
		t.Fatalf("Parse(%q) = %#v, %v; url.Parse gives %#v, %v", s, got, err, want, wantErr)
	}
	_, plain := parsePlain(s)
	return plain
}

func TestParse(t *testing.T) {
	plain := []string{
		"https://stage.wepayapi.com/v2/account/create",
		"https://wepayapi.com/v2/account/find?reference_id=abc123&name=x",
		"http://localhost:8080/v2/account", "https://Stage.WePayAPI.com/v2/account?",
		"https://host", "https://host?x=1", "http://h_1.example-2.com:443/a/b.c~d_e",
		"https://host/v2/account?a=b/c?d=:@!$'()*+,;", "https://h/",
	}
	for _, s := range plain {
		if !compare(t, s) {
			t.Errorf("%q took url.Parse; it is plain", s)
		}
	}
	other := []string{
		"", "/v2/account", "HTTPS://host/v2", "https://", "https://host:/x", "https://host:x/",
		"https://user@host/", "https://host/a%2Fb", "https://host/a b", "https://host/x#frag",
		"https://host/x?a=%zz", "https://[::1]:80/x", "https://host/é", "ftp://host/x",
		"https://host/x?a=b#c", "https://host/a;b", "https://host/x?a=\x7f", "http://h:8080:9/x",
		"https://host/\\x", "https://host/x?q=\x00",
	}
	for _, s := range other {
		if compare(t, s) {
			t.Errorf("%q took the plain path", s)
		}
	}
}

// FuzzParse compares Parse with url.Parse.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"https://stage.wepayapi.com/v2/account/find?x=1", "http://a:1/b?", "https://h/a%20b", "https://u@h/#f"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		compare(t, s)
	})
}

func BenchmarkParse(b *testing.B) {
	const s = "https://stage.wepayapi.com/v2/account/find?reference_id=abc123"
	b.Run("fasturl", func(b *testing.B) {
		for b.Loop() {
			if _, err := Parse(s); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("net-url", func(b *testing.B) {
		for b.Loop() {
			if _, err := url.Parse(s); err != nil {
				b.Fatal(err)
			}
		}
	})
}
