package traffic

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// PyYAML writes "headers: &id001" in the first interaction that shares a
// dict and "headers: *id001" in the next; Psych (Ruby VCR) writes &1, *1.
func TestCassetteAliasesAcrossInteractions(t *testing.T) {
	for _, c := range []struct {
		file  string
		n     int
		entry int
	}{
		{"vcrpy_anchors.yaml", 3, 2},
		{"ruby_vcr2_binary.yml", 2, 1},
	} {
		t.Run(c.file, func(t *testing.T) {
			res := drain(t, open(t, c.file, Options{}), 10)
			if len(res.entry) != 0 || len(res.xs) != c.n {
				t.Fatalf("%d exchanges, entry errors %v", len(res.xs), res.entry)
			}
			first, x := res.xs[0], res.xs[c.entry]
			if got, want := x.Request.Header.Get("Authorization"), first.Request.Header.Get("Authorization"); got != want || !strings.HasPrefix(got, "Bearer STAGE_") {
				t.Errorf("entry %d Authorization %q, want %q", c.entry, got, want)
			}
			if x.Response == nil || x.Response.Header.Get("Content-Type") != "application/json" {
				t.Errorf("entry %d response %+v", c.entry, x.Response)
			}
		})
	}
}

// VCR 2 on Ruby 1.9 writes ASCII-8BIT header values as !binary base64.
func TestVCRBinaryHeaders(t *testing.T) {
	res := drain(t, open(t, "ruby_vcr2_binary.yml", Options{}), 10)
	x := res.xs[0]
	if got := x.Response.Header.Get("Content-Type"); got != "application/json" {
		t.Errorf("Content-Type %q", got)
	}
	if got := x.Request.Header.Get("Authorization"); got != "Bearer STAGE_aaaabbbbccccddddeeeeffff0000111122223333444455556666777788889999" {
		t.Errorf("Authorization %q", got)
	}
	bad := "http_interactions:\n- request:\n    method: post\n    uri: !binary aHR0cHM6Ly9zdGFnZS53ZXBheWFwaS5jb20vdjIvYWNjb3VudA==\n    headers:\n      X: [!binary '%%%']\n  response:\n    status: {code: 200}\nrecorded_with: VCR 2.4.0\n"
	res = drain(t, NewVCR("b.yml", strings.NewReader(bad), Options{}), 10)
	if len(res.entry) != 1 || !strings.Contains(res.entry[0].Error(), "invalid base64") {
		t.Fatalf("bad !binary header: %v", res.entry)
	}
}

// A later definition of a name wins for the aliases after it, as in one
// YAML document.
func TestCassetteAnchorRedefined(t *testing.T) {
	in := "interactions:\n" +
		"- request: {method: POST, uri: /a, headers: &h {X: [one]}}\n  response: {status: {code: 200}}\n" +
		"- request: {method: POST, uri: /b, headers: &h {X: [two]}}\n  response: {status: {code: 200}}\n" +
		"- request: {method: POST, uri: /c, headers: *h}\n  response: {status: {code: 200}}\n" +
		"version: 1\n"
	res := drain(t, NewVCRPy("r.yaml", strings.NewReader(in), Options{}), 10)
	if len(res.xs) != 3 || res.xs[2].Request.Header.Get("X") != "two" {
		t.Fatalf("exchanges %d, entry errors %v", len(res.xs), res.entry)
	}
}

// The alias bomb spread over interactions stays a bounded entry error, and
// anchors beyond the budget give a clear error naming the alias.
func TestCassetteAliasBounds(t *testing.T) {
	var b strings.Builder
	b.WriteString("version: 1\ninteractions:\n- request:\n    method: POST\n    uri: /a\n    x:\n")
	b.WriteString("      a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n")
	for c := 'b'; c <= 'i'; c++ {
		fmt.Fprintf(&b, "      %c: &%c [*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c]\n", c, c, c-1, c-1, c-1, c-1, c-1, c-1, c-1, c-1, c-1)
	}
	b.WriteString("  response: {code: 200}\n- request:\n    method: POST\n    uri: /b\n    headers: {A: *i}\n  response: {code: 200}\n")
	for _, mk := range []func() Reader{
		func() Reader { return NewCassette("bomb.yaml", strings.NewReader(b.String()), Options{}) },
		func() Reader {
			return NewVCRPy("bomb.yaml", strings.NewReader(strings.ReplaceAll(b.String(), "uri:", "uri:")), Options{})
		},
	} {
		res := drain(t, mk(), 10)
		if len(res.entry) != 1 || res.entry[0].Entry != 1 || len(res.entry[0].Error()) > 1024 {
			t.Fatalf("bomb: exchanges %d, entry errors %v, final %v", len(res.xs), res.entry, res.final)
		}
	}

	// Two anchors of 600 KB: each fits, but not both in front of one
	// interaction.
	big := strings.Repeat("x", 600<<10)
	in := "interactions:\n" +
		"- request: {method: POST, uri: /a, headers: &h1 {X: [" + big + "]}}\n  response: {status: {code: 200}}\n" +
		"- request: {method: POST, uri: /b, headers: &h2 {X: [" + big + "]}}\n  response: {status: {code: 200}}\n" +
		"- request: {method: POST, uri: /c, headers: *h1}\n  response: {status: {code: 200}}\n" +
		"- request: {method: POST, uri: /d, headers: *h1, x: *h2}\n  response: {status: {code: 200}}\n" +
		"version: 1\n"
	res := drain(t, NewVCRPy("big.yaml", strings.NewReader(in), Options{}), 10)
	var ae *AnchorError
	if len(res.xs) != 3 || len(res.entry) != 1 || res.entry[0].Entry != 3 || !errors.As(res.entry[0], &ae) {
		t.Fatalf("exchanges %d, entry errors %v", len(res.xs), res.entry)
	}

	// More anchored text than the reader keeps: the alias to the anchor
	// that did not fit names it.
	var k strings.Builder
	k.WriteString("interactions:\n")
	n := maxAnchorBytes/(900<<10) + 2
	for i := range n {
		fmt.Fprintf(&k, "- request: {method: POST, uri: /%d, headers: &h%d {X: [%s]}}\n  response: {status: {code: 200}}\n", i, i, strings.Repeat("y", 900<<10))
	}
	fmt.Fprintf(&k, "- request: {method: POST, uri: /z, headers: *h%d}\n  response: {status: {code: 200}}\nversion: 1\n", n-1)
	res = drain(t, NewVCRPy("many.yaml", strings.NewReader(k.String()), Options{}), n+10)
	if len(res.entry) != 1 || !errors.As(res.entry[0], &ae) || ae.Name != fmt.Sprintf("h%d", n-1) || !strings.Contains(ae.Error(), "kept across interactions") {
		t.Fatalf("exchanges %d, entry errors %v", len(res.xs), res.entry)
	}
}

func TestAliasNames(t *testing.T) {
	var got []string
	aliasNames([]byte("a: *id001\nb: [*x,*y]\nAccept: */*\n"), func(b []byte) { got = append(got, string(b)) })
	if want := []string{"id001", "x", "y", "/*"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("aliasNames = %q, want %q", got, want)
	}
}

// go-vcr cassettes share the streaming reader: an alias to an earlier
// interaction resolves there too.
func TestGoVCRAliasesAcrossInteractions(t *testing.T) {
	in := "---\nversion: 2\ninteractions:\n" +
		"    - id: 0\n      request:\n        headers: &h\n            Authorization:\n                - Bearer STAGE_x\n        url: https://stage.wepayapi.com/v2/account\n        method: POST\n      response:\n        code: 200\n" +
		"    - id: 1\n      request:\n        headers: *h\n        url: https://stage.wepayapi.com/v2/account\n        method: POST\n      response:\n        code: 200\n"
	res := drain(t, NewCassette("g.yaml", strings.NewReader(in), Options{}), 10)
	if len(res.entry) != 0 || len(res.xs) != 2 || res.xs[1].Request.Header.Get("Authorization") != "Bearer STAGE_x" {
		t.Fatalf("exchanges %d, entry errors %v", len(res.xs), res.entry)
	}
}

// A vcrpy cassette cut inside its last interaction: that interaction is
// damaged (not validated from a cut value), the missing version a file error.
func TestVCRPyCutShort(t *testing.T) {
	full := string(readFile(t, "vcrpy_anchors.yaml"))
	cut := full[:strings.LastIndex(full, "    status:")]
	res := drain(t, NewVCRPy("cut.yaml", strings.NewReader(cut), Options{}), 10)
	var fe *FileError
	if len(res.xs) != 2 || len(res.entry) != 1 || res.entry[0].Entry != 2 || !strings.Contains(res.entry[0].Error(), "cut short") || !errors.As(res.final, &fe) {
		t.Fatalf("exchanges %d, entry errors %v, final %v", len(res.xs), res.entry, res.final)
	}
}

// An anchored body too large to keep: the interaction that aliases it says
// why, instead of "unknown anchor".
func TestCassetteAliasToCutBody(t *testing.T) {
	big := strings.Repeat("z", 70<<10) // past the 2*MaxBody+64 KiB kept for decoding
	in := "interactions:\n" +
		"- request:\n    body: &big\n      string: '" + big + "'\n    method: POST\n    uri: /a\n  response: {status: {code: 200}}\n" +
		"- request:\n    body: *big\n    method: POST\n    uri: /b\n  response: {status: {code: 200}}\n" +
		"version: 1\n"
	res := drain(t, NewVCRPy("cut.yaml", strings.NewReader(in), Options{MaxBody: 64}), 10)
	var ae *AnchorError
	if len(res.xs) != 1 || !res.xs[0].Request.BodyTooLarge || len(res.entry) != 1 || !errors.As(res.entry[0], &ae) || ae.Name != "big" || !strings.Contains(ae.Reason, "max-body") {
		t.Fatalf("exchanges %d, entry errors %v", len(res.xs), res.entry)
	}
}
