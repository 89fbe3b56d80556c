package traffic

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
)

// FuzzJSONLWriterRedacts writes exchanges whose method, URL, headers and
// bodies hold the caller's token ("$T" in the fuzzed strings) anywhere: no
// line of the recording may show it.
func FuzzJSONLWriterRedacts(f *testing.F) {
	const tok = "tokFUZZplanted42"
	f.Add("$T", "/v2/account;access_token=$T?x=$T", "Cookie", "s=$T", `{"a":"$T"}`, `$T`)
	f.Add("POST", "/v2/account?a=1;&access%5Ftoken=$T", "X-Api-Key", "$T", `access_token=$T`, `{"access\u005ftoken":"$T"}`)
	f.Add("POST", "/v2/account/create", "Referer", "http://x/?token=$T", `{"callback_uri":"https://p/ipn?secret=$T"}`, "")
	f.Fuzz(func(t *testing.T, method, path, hname, hval, reqBody, respBody string) {
		if strings.Contains(method+path+hname+hval+reqBody+respBody, tok[:6]) {
			t.Skip()
		}
		put := func(s string) string { return strings.ReplaceAll(s, "$T", tok) }
		h := http.Header{"Authorization": {"Bearer " + tok}}
		if hname = http.CanonicalHeaderKey(strings.TrimSpace(hname)); hname != "" && hname != "Authorization" {
			h.Add(hname, put(hval))
		}
		x := &Exchange{Request: Request{Method: put(method), URL: "http://127.0.0.1" + put(path), Header: h, Body: []byte(put(reqBody))},
			Response: &Response{Status: 200, Header: http.Header{"Set-Cookie": {"s=" + tok}}, Body: []byte(put(respBody))}}
		var buf bytes.Buffer
		if err := NewJSONLWriter(&buf).Write(x); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(buf.String(), tok) {
			t.Fatalf("the recording shows the token:\n%s", buf.String())
		}
	})
}
