package fake_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/fake"
	"github.com/wepaykit/wepaykit/spec"
)

// reservedHost reports whether host lies under a name RFC 2606 reserves:
// example.com, example.net, example.org or the .test top-level domain.
func reservedHost(host string) bool {
	host = strings.ToLower(host)
	for _, d := range []string{"example.com", "example.net", "example.org"} {
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	return strings.HasSuffix(host, ".test")
}

// strangers lists the strings of a generated body that name a host which
// someone could own: a URL, a bare domain (gaq_domains) or an e-mail
// address. WePay's own update URI, which only WePay's answer carries, is
// allowed.
func strangers(v any, key string, side spec.Side, out *[]string) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			strangers(e, k, side, out)
		}
	case []any:
		for _, e := range x {
			strangers(e, key, side, out)
		}
	case string:
		switch {
		case strings.HasPrefix(x, "http://") || strings.HasPrefix(x, "https://"):
			u, err := url.Parse(x)
			wepay := side == spec.Response && key == "uri" && err == nil && u.Host == "www.wepay.com"
			if err != nil || (!reservedHost(u.Hostname()) && !wepay) {
				*out = append(*out, key+"="+x)
			}
		case key == "gaq_domains" && strings.Contains(x, "."): // not a wrong-type variant's "x"
			if !reservedHost(x) {
				*out = append(*out, key+"="+x)
			}
		case strings.Contains(x, "@") && !strings.Contains(x, " "):
			if _, domain, _ := strings.Cut(x, "@"); domain != "example.com" {
				*out = append(*out, key+"="+x)
			}
		}
	}
}

// TestReservedHosts: every URL, domain and e-mail address the generator
// makes is under a reserved name, so a partner who sends a generated body to
// WePay's stage environment makes WePay call, crawl or mail nobody real.
func TestReservedHosts(t *testing.T) {
	t.Parallel()
	c := contract(t)
	seeds := int64(100)
	if testing.Short() {
		seeds = 20
	}
	urls := 0
	for _, op := range c.Operations() {
		for _, side := range sides {
			for seed := int64(1); seed <= seeds; seed++ {
				p, err := c.Generator(seed).Body(op.Path, side, fake.WithAllFields())
				if err != nil {
					t.Fatalf("%s %s seed %d: %v", op.Path, side, seed, err)
				}
				var bad []string
				strangers(p.Value, "", side, &bad)
				for _, b := range bad {
					t.Errorf("%s %s seed %d: %s is not under a reserved name", op.Path, side, seed, b)
				}
				urls += strings.Count(string(p.JSON), "://")
				if t.Failed() {
					return
				}
			}
			vs, err := c.Generator(1).Invalid(op.Path, side)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range vs {
				var bad []string
				strangers(v.Payload.Value, "", side, &bad)
				for _, b := range bad {
					t.Errorf("%s %s variant %s: %s is not under a reserved name", op.Path, side, v.Name, b)
				}
			}
		}
	}
	if urls == 0 {
		t.Error("no body carried a URL")
	}
}
