package redact

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"
)

// plantedToken is planted by FuzzPlantedToken; no writer may let it out.
const plantedToken = "Zq7tokenXY"

// encodeKey spells a secret key the way mode says: some bytes
// percent-escaped, upper case, "-" for "_", JSON-escaped.
func encodeKey(key string, mode uint8, json bool) string {
	var b strings.Builder
	for i := 0; i < len(key); i++ {
		c := key[i]
		switch {
		case mode&1 != 0 && i%3 == 1 && !json:
			fmt.Fprintf(&b, "%%%02X", c)
		case mode&2 != 0 && i%3 == 2 && !json:
			fmt.Fprintf(&b, "%%25%02x", c)
		case mode&4 != 0 && c >= 'a' && c <= 'z':
			b.WriteByte(c - 32)
		case mode&8 != 0 && c == '_' && !json:
			b.WriteByte('-')
		case mode&16 != 0 && json:
			fmt.Fprintf(&b, `\u%04x`, c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// FuzzPlantedToken plants a token in one secret-bearing place of an
// exchange (a header, a query or fragment parameter with an odd encoding,
// a path parameter, a JSON member with an escaped name, a form member, a
// callback_uri's query) and in the free fields a writer prints (method,
// time, a message), then checks that nothing the policy and the secret set
// give back holds it.
func FuzzPlantedToken(f *testing.F) {
	f.Add(uint8(0), uint8(0), "a=1", "x")
	f.Add(uint8(2), uint8(1), "a=1;", "%zz")
	f.Add(uint8(3), uint8(4), "b", ";")
	f.Add(uint8(4), uint8(16), `"n":1`, "")
	f.Add(uint8(6), uint8(3), "x=y", "&z")
	f.Add(uint8(7), uint8(9), "", "#")
	f.Fuzz(func(t *testing.T, where, mode uint8, filler, suffix string) {
		if strings.Contains(filler+suffix, plantedToken[:4]) || strings.Contains(filler+suffix, "%") && strings.Contains(Unescape(filler+suffix, true), plantedToken[:4]) {
			t.Skip()
		}
		if !utf8.ValidString(filler) || !utf8.ValidString(suffix) {
			t.Skip() // JSON would carry another value than the one planted
		}
		p := Default()
		keys := DefaultKeys()
		key := keys[int(mode)%len(keys)]
		headers := DefaultHeaders()
		h := http.Header{"Content-Type": {"application/json"}}
		url := "http://h/v2/account?" + filler
		var body []byte
		val := plantedToken + suffix
		switch where % 8 {
		case 0:
			h.Set("Authorization", "Bearer "+val)
		case 1:
			h.Set(headers[int(mode)%len(headers)], val)
		case 2:
			url = "http://h/v2/account?" + filler + "&" + encodeKey(key, mode, false) + "=" + val
		case 3:
			url = "http://h/v2/account;" + encodeKey(key, mode, false) + "=" + val + "?" + filler
		case 4:
			fv, _ := json.Marshal(filler)
			sv, _ := json.Marshal(val)
			body = []byte(`{"f":` + string(fv) + `,"` + encodeKey(key, mode, true) + `":` + string(sv) + `}`)
		case 5:
			body = []byte(filler + "&" + encodeKey(key, mode, false) + "=" + val)
		case 6:
			cb := "https://p.example/ipn?" + filler + "&" + key + "=" + val
			if mode&1 != 0 {
				cb = strings.NewReplacer("?", "%3F", "=", "%3D", "&", "%26").Replace(cb)
			}
			url = "http://h/v2/account/create?callback_uri=" + cb
		case 7:
			url = "http://h/v2/account#" + encodeKey(key, mode, false) + "=" + val + "&" + filler
		}
		var s Secrets
		p.Collect(&s, h, url, body)
		var out strings.Builder
		for name, vs := range p.Header(h) {
			out.WriteString(name + ": " + strings.Join(vs, ",") + "\n")
		}
		out.WriteString(s.Text(p.URL(url)) + "\n")
		out.WriteString(s.Text(string(p.Body(body))) + "\n")
		// Free fields: the writer knows nothing of them but the set.
		sv := strings.TrimSpace(val)
		for _, free := range []string{sv, "method " + sv, `"` + sv + `"`} {
			if got := s.Text(free); strings.Contains(got, plantedToken) {
				t.Fatalf("token leaked from a free field (where %d): %q", where%8, got)
			}
		}
		// Free text that names the key (a coverage page's message, a
		// printed place): Policy.Text masks the value after it.
		if w := where % 8; w == 2 || w == 3 || w == 5 || w == 7 {
			txt := "sent " + encodeKey(key, mode, false) + "=" + val
			if got := p.Text(txt); strings.Contains(got, plantedToken) {
				t.Fatalf("token leaked from free text: %q -> %q", txt, got)
			}
		}
		if strings.Contains(out.String(), plantedToken) {
			t.Fatalf("token leaked (where %d, key %q):\nurl %q\nbody %q\nout %s", where%8, key, url, body, out.String())
		}
	})
}
