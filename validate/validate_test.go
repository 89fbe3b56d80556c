package validate_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
	"testing/iotest"

	"github.com/wepaykit/wepaykit/fixtures"
	"github.com/wepaykit/wepaykit/spec"
	"github.com/wepaykit/wepaykit/validate"
)

func vtNew(t testing.TB, opts ...validate.Option) *validate.Validator {
	t.Helper()
	if len(opts) == 0 {
		return dcValidator(t, &dcCase{}) // the shared default validator
	}
	v, err := validate.New(opts...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return v
}

// TestFixturesBody validates every reference example of a call with Body:
// none may produce an error, and the only warning is the documented
// support_phone_number of the create answer.
func TestFixturesBody(t *testing.T) {
	v := vtNew(t)
	n := 0
	for _, op := range v.Spec().Operations() {
		fs, err := fixtures.ForOperation(op.Path, "")
		if err != nil {
			t.Fatalf("%s: %v", op.Path, err)
		}
		if len(fs) == 0 {
			t.Errorf("%s has no reference example", op.Path)
		}
		for _, f := range fs {
			t.Run(f.Name, func(t *testing.T) {
				data, err := fixtures.Read(f.Name)
				if err != nil {
					t.Fatal(err)
				}
				got, err := v.Body(f.Operation, spec.Side(f.Side), data)
				if err != nil {
					t.Fatal(err)
				}
				var want []dcWant
				if f.HasQuirk("unlisted-support-phone-number") {
					want = []dcWant{{Side: "response", Location: "body", Pointer: "/support_phone_number", Rule: validate.RuleUnknownField, Severity: "warning"}}
				}
				if d := dcCompare(got, want); d != "" {
					t.Errorf("findings differ:%s", d)
				}
			})
			n++
		}
	}
	if n < 19 {
		t.Errorf("only %d reference examples validated", n)
	}
}

// TestReferencePairsThatDoNotMatch documents the reference examples whose
// answer does not answer their request: validated as an exchange they break
// exactly the exchange rules, which is why the valid cases pair them with
// an adjusted answer.
func TestReferencePairsThatDoNotMatch(t *testing.T) {
	v := vtNew(t)
	for _, tc := range []struct {
		op, req, resp string
		want          []dcWant
	}{
		{"/account/modify", "modify.request", "modify.response.active", []dcWant{ // quirk response-not-matching-request
			{"response", "body", "/description", "response-echoes-request", "error"},
			{"response", "body", "/name", "response-echoes-request", "error"},
			{"response", "body", "/reference_id", "response-echoes-request", "error"},
		}},
		{"/account/settlement_setup", "settlement_setup.request.check", "settlement_setup.response", []dcWant{
			{"response", "body", "/frequency", "response-echoes-request", "error"},
			{"response", "body", "/method", "settlement-method-matches", "error"},
		}},
	} {
		t.Run(tc.req, func(t *testing.T) {
			rq, err := fixtures.Read(tc.req)
			if err != nil {
				t.Fatal(err)
			}
			rs, err := fixtures.Read(tc.resp)
			if err != nil {
				t.Fatal(err)
			}
			req := vtRequest(t, "https://stage.wepayapi.com/v2"+tc.op, rq)
			resp := vtResponse(200, rs)
			got, err := v.Exchange(req, resp)
			if err != nil {
				t.Fatal(err)
			}
			if d := dcCompare(got, tc.want); d != "" {
				t.Errorf("findings differ:%s", d)
			}
		})
	}
}

func vtRequest(t testing.TB, u string, body []byte) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer tok_stage_7f3a9c21")
	req.Header.Set("User-Agent", "wepaykit-tests/1.0")
	req.Header.Set("Content-Type", "application/json")
	return req
}

func vtResponse(status int, body []byte) *http.Response {
	return &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(bytes.NewReader(body))}
}

// TestBodiesRestored checks that validation reads bodies without consuming
// them: afterwards the request and response bodies read the same bytes, and
// the request's GetBody gives them again.
func TestBodiesRestored(t *testing.T) {
	check := func(t *testing.T, v *validate.Validator, c *dcCase) {
		req, resp, err := dcBuild(c)
		if err != nil {
			t.Fatal(err)
		}
		wantReq, _, _ := dcBody(c.Request)
		var wantResp []byte
		if c.Response != nil {
			wantResp, _, _ = dcBody(*c.Response)
		}
		if resp == nil {
			_, err = v.Request(req)
		} else {
			_, err = v.Exchange(req, resp)
		}
		if err != nil {
			t.Fatal(err)
		}
		vtSameBody(t, "request body", req.Body, wantReq)
		if req.Body != nil && req.Body != http.NoBody {
			if req.GetBody == nil {
				t.Fatal("GetBody is nil after validation")
			}
			for i := 0; i < 2; i++ {
				b, err := req.GetBody()
				if err != nil {
					t.Fatal(err)
				}
				vtSameBody(t, "GetBody", b, wantReq)
			}
		}
		if resp != nil {
			vtSameBody(t, "response body", resp.Body, wantResp)
		}
	}
	v := vtNew(t)
	for _, c := range dcAllCases(t) {
		t.Run(c.dir+"/"+c.name, func(t *testing.T) { check(t, v, c) })
		t.Run(c.dir+"/"+c.name+"/own-options", func(t *testing.T) { check(t, dcValidator(t, c), c) })
	}

	t.Run("reader-without-GetBody", func(t *testing.T) {
		body := []byte(`{"account_id":12345}`)
		req, err := http.NewRequest(http.MethodPost, "https://stage.wepayapi.com/v2/account", io.NopCloser(iotest.HalfReader(bytes.NewReader(body))))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer tok_stage_7f3a9c21")
		req.Header.Set("User-Agent", "wepaykit-tests/1.0")
		req.Header.Set("Content-Type", "application/json")
		if req.GetBody != nil {
			t.Fatal("test needs a request without GetBody")
		}
		first, err := v.Request(req)
		if err != nil {
			t.Fatal(err)
		}
		if req.GetBody == nil {
			t.Fatal("GetBody not set")
		}
		g, _ := req.GetBody()
		vtSameBody(t, "GetBody", g, body)
		second, err := v.Request(req) // the restored body validates again, the same way
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(first, second) {
			t.Errorf("second validation differs: %v vs %v", first, second)
		}
		vtSameBody(t, "request body", req.Body, body)
	})

	t.Run("over-the-limit", func(t *testing.T) {
		small := vtNew(t, validate.WithMaxBody(16))
		body := bytes.Repeat([]byte(`{"account_id":12345}`), 100)
		req := vtRequest(t, "https://stage.wepayapi.com/v2/account", body)
		resp := vtResponse(200, body)
		fs, err := small.Exchange(req, resp)
		if err != nil {
			t.Fatal(err)
		}
		if len(fs) != 2 || fs[0].Rule != validate.RuleBodyTooLarge || fs[1].Rule != validate.RuleBodyTooLarge {
			t.Errorf("want body-too-large on both sides, got %v", fs)
		}
		vtSameBody(t, "request body", req.Body, body)
		vtSameBody(t, "response body", resp.Body, body)
		g, err := req.GetBody()
		if err != nil {
			t.Fatal(err)
		}
		vtSameBody(t, "GetBody", g, body)
	})

	t.Run("read-error", func(t *testing.T) {
		boom := errors.New("boom")
		req, _ := http.NewRequest(http.MethodPost, "https://stage.wepayapi.com/v2/account", io.NopCloser(iotest.ErrReader(boom)))
		_, err := v.Request(req)
		var re *validate.ReadError
		if !errors.As(err, &re) || re.Side != "request" || !errors.Is(err, boom) {
			t.Fatalf("want *ReadError wrapping boom, got %v", err)
		}
		req = vtRequest(t, "https://stage.wepayapi.com/v2/account", []byte(`{"account_id":1}`))
		resp := &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(iotest.ErrReader(boom))}
		_, err = v.Exchange(req, resp)
		if !errors.As(err, &re) || re.Side != "response" {
			t.Fatalf("want *ReadError for the response, got %v", err)
		}
	})
}

func vtSameBody(t *testing.T, what string, r io.Reader, want []byte) {
	t.Helper()
	if r == nil || r == http.NoBody {
		if len(want) != 0 {
			t.Errorf("%s: gone, want %d bytes", what, len(want))
		}
		return
	}
	got, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s: reads %q, want %q", what, clipQ(got), clipQ(want))
	}
}

func clipQ(b []byte) string {
	if len(b) > 80 {
		return string(b[:80]) + "..."
	}
	return string(b)
}

const (
	vtToken  = "tok_SECRET_abc123"
	vtClient = "cs_SECRET_def456"
)

// vtSecrets lists the secret values a case carries itself: Authorization
// values and their credentials, and access_token or client_secret values in
// the query and the body.
func vtSecrets(c *dcCase) []string {
	var out []string
	for k, v := range c.Request.Headers {
		if strings.EqualFold(k, "Authorization") {
			if strings.EqualFold(strings.TrimSpace(v), "Bearer") {
				continue // a scheme alone names no credential: messages may say "Bearer"
			}
			out = append(out, v)
			if _, cred, ok := strings.Cut(strings.TrimSpace(v), " "); ok && len(strings.TrimSpace(cred)) >= 3 {
				out = append(out, strings.TrimSpace(cred))
			}
		}
	}
	if u, err := url.Parse(c.Request.URL); err == nil {
		for k, vals := range u.Query() {
			if k == "access_token" || k == "client_secret" {
				out = append(out, vals...)
			}
		}
	}
	body, _, _ := dcBody(c.Request)
	if form, err := url.ParseQuery(string(body)); err == nil {
		for _, k := range []string{"access_token", "client_secret"} {
			out = append(out, form[k]...)
		}
	}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				if s, ok := e.(string); ok && (k == "access_token" || k == "client_secret") {
					out = append(out, s)
				}
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	var val any
	if json.Unmarshal(body, &val) == nil {
		walk(val)
	}
	return out
}

// vtInject returns a copy of c that carries secrets in the Authorization
// header (auth), the query and the body.
func vtInject(c *dcCase, auth string) *dcCase {
	d := *c
	d.Request.Headers = map[string]string{}
	for k, v := range c.Request.Headers {
		d.Request.Headers[k] = v
	}
	d.Request.Headers["Authorization"] = auth
	d.Request.URL = dcWithQuery(c.Request.URL, "access_token", vtToken)
	body, has, _ := dcBody(c.Request)
	var obj map[string]any
	switch {
	case has && json.Unmarshal(body, &obj) == nil && obj != nil:
		obj["access_token"] = vtToken
		obj["client_secret"] = vtClient
		obj["nested"] = map[string]any{"access_token": vtToken}
		b, _ := json.Marshal(obj)
		d.Request.Body, d.Request.BodyBase64 = b, nil
	case has && strings.Contains(c.Request.Headers["Content-Type"], "form"):
		b, _ := json.Marshal(string(body) + "&access_token=" + vtToken + "&client_secret=" + vtClient)
		d.Request.Body, d.Request.BodyBase64 = b, nil
	}
	return &d
}

// TestSecretsNeverInFindings runs every case with a secret token in the
// Authorization header, the query and the body, and checks that no finding,
// in its JSON form, contains the token, the client_secret or the header.
func TestSecretsNeverInFindings(t *testing.T) {
	auths := []string{
		"Bearer " + vtToken,
		"Basic " + vtToken,
		vtToken,                 // the token without a scheme
		"  bearer  " + vtToken,  // odd spacing and case
		"Token " + vtToken + "", // an unknown scheme
		" sk_8x9 ",              // a short credential without a scheme
	}
	var mu sync.Mutex
	inBody := 0
	for _, c := range dcAllCases(t) {
		t.Run(c.dir+"/"+c.name, func(t *testing.T) {
			v := dcValidator(t, c)
			check := func(variant *dcCase, secrets []string) []validate.Finding {
				t.Helper()
				fs, err := dcRun(v, variant)
				if err != nil {
					t.Fatal(err)
				}
				out, err := json.Marshal(fs)
				if err != nil {
					t.Fatal(err)
				}
				for _, f := range fs {
					out = append(out, f.String()...)
				}
				for _, s := range secrets {
					if s = strings.TrimSpace(s); len(s) < 3 {
						continue
					}
					if bytes.Contains(out, []byte(s)) {
						t.Errorf("secret %q appears in the findings: %s", s, out)
					}
				}
				return fs
			}
			check(c, vtSecrets(c))
			for _, a := range auths {
				d := vtInject(c, a)
				fs := check(d, append(vtSecrets(d), vtToken, vtClient, a))
				// The injection must have been seen, or the test proves nothing.
				inQuery := false
				for _, f := range fs {
					if f.Rule == "token-in-parameter" {
						inQuery = inQuery || f.Location == validate.InQuery
						if f.Location == validate.InBody {
							mu.Lock()
							inBody++
							mu.Unlock()
						}
					}
				}
				if !inQuery {
					t.Errorf("the access_token in the query was not reported: %v", fs)
				}
			}
		})
	}
	if inBody < 100 {
		t.Errorf("only %d secrets in bodies were reported; the injection does not reach the validator", inBody)
	}
}

// TestConcurrentUse validates every case from 16 goroutines with one
// Validator and checks each result equals the sequential one. Run with
// -race.
func TestConcurrentUse(t *testing.T) {
	v := vtNew(t)
	cases := dcAllCases(t)
	base := make([][]validate.Finding, len(cases))
	for i, c := range cases {
		fs, err := dcRun(v, c)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		base[i] = fs
	}
	rounds := 3
	if testing.Short() {
		rounds = 1
	}
	var wg sync.WaitGroup
	errs := make(chan string, 16)
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for r := 0; r < rounds; r++ {
				for k := range cases {
					i := (k*7 + g*5 + r) % len(cases) // a different order per goroutine
					fs, err := dcRun(v, cases[i])
					if err != nil {
						errs <- fmt.Sprintf("goroutine %d, %s: %v", g, cases[i].name, err)
						return
					}
					if !reflect.DeepEqual(fs, base[i]) {
						errs <- fmt.Sprintf("goroutine %d, %s: got %v, want %v", g, cases[i].name, fs, base[i])
						return
					}
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestNewBadOption(t *testing.T) {
	for name, o := range map[string]validate.Option{
		"environment":    validate.WithEnvironment("moon"),
		"empty env":      validate.WithEnvironment(""),
		"max body zero":  validate.WithMaxBody(0),
		"max body minus": validate.WithMaxBody(-1),
		"max depth zero": validate.WithMaxDepth(0),
		"max depth":      validate.WithMaxDepth(-5),
	} {
		t.Run(name, func(t *testing.T) {
			v, err := validate.New(validate.Strict(true), o)
			var oe *validate.OptionError
			if !errors.As(err, &oe) {
				t.Fatalf("want *OptionError, got %T %v", err, err)
			}
			if v != nil {
				t.Error("New returned a validator with its error")
			}
			if oe.Option == "" || !strings.HasPrefix(err.Error(), "validate: ") {
				t.Errorf("poor error: %+v %q", oe, err)
			}
		})
	}
	for _, e := range []validate.Environment{validate.EnvAuto, validate.EnvStage, validate.EnvProduction} {
		if _, err := validate.New(validate.WithEnvironment(e)); err != nil {
			t.Errorf("WithEnvironment(%s): %v", e, err)
		}
	}
}

func TestUnknownOperation(t *testing.T) {
	v := vtNew(t)
	var ue *validate.UnknownOperationError
	fs, err := v.Body("/account/bogus", spec.Request, []byte(`{}`))
	if !errors.As(err, &ue) || ue.Operation != "/account/bogus" || fs != nil {
		t.Fatalf("Body: want *UnknownOperationError, got %v %v", fs, err)
	}
	_, err = v.Response("/payment/create", vtResponse(200, []byte(`{}`)))
	if !errors.As(err, &ue) {
		t.Fatalf("Response: want *UnknownOperationError, got %v", err)
	}
	var oe *validate.OptionError
	if _, err := v.Body("/account", spec.Side("sideways"), []byte(`{}`)); !errors.As(err, &oe) {
		t.Fatalf("Body with a bad side: want *OptionError, got %v", err)
	}
	// A /v2 prefix and a trailing slash name the same call.
	for _, op := range []string{"/account", "/v2/account", "/account/", "/v2/account/"} {
		fs, err := v.Body(op, spec.Request, []byte(`{"account_id":1}`))
		if err != nil || len(fs) != 0 {
			t.Errorf("Body(%q): %v %v", op, fs, err)
		}
		if o, ok := v.Operation(op); !ok || o.Path != "/account" {
			t.Errorf("Operation(%q) = %v, %v", op, o, ok)
		}
	}
}

func TestEnvironmentOf(t *testing.T) {
	for host, want := range map[string]validate.Environment{
		"wepayapi.com":           validate.EnvProduction,
		"wepayapi.com:443":       validate.EnvProduction,
		"WePayAPI.com":           validate.EnvProduction,
		"wepayapi.com.":          validate.EnvProduction,
		"stage.wepayapi.com":     validate.EnvStage,
		"stage.wepayapi.com:443": validate.EnvStage,
		"api.wepayapi.com":       validate.EnvStage,
		"wepayapi.com.evil.com":  validate.EnvStage,
		"localhost:8080":         validate.EnvStage,
		"127.0.0.1":              validate.EnvStage,
		"[::1]:443":              validate.EnvStage,
		"":                       validate.EnvStage,
	} {
		if got := validate.EnvironmentOf(host); got != want {
			t.Errorf("EnvironmentOf(%q) = %s, want %s", host, got, want)
		}
	}
}

// TestFindingString checks the one-line form.
func TestFindingString(t *testing.T) {
	f := validate.Finding{Operation: "/account/create", Side: "request", Location: validate.InBody, Pointer: "/name",
		Rule: "account-name-no-wepay", Severity: validate.SeverityError, Message: "no"}
	if got, want := f.String(), `error /account/create request body /name: no [account-name-no-wepay]`; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	f.Pointer = ""
	if got := f.String(); !strings.Contains(got, "body (root)") {
		t.Errorf("root pointer: %q", got)
	}
	f.Location = validate.InHeader
	if got, want := f.String(), `error /account/create request header: no [account-name-no-wepay]`; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

// TestEnvironmentFromServerRequest checks that a server-side request, whose
// URL has no host, takes its environment from the Host header.
func TestEnvironmentFromServerRequest(t *testing.T) {
	v := vtNew(t)
	body := `{"name":"Example Account","description":"d","callback_uri":"https://example.com:8443/ipn"}`
	for host, want := range map[string]int{"wepayapi.com": 1, "wepayapi.com:443": 1, "stage.wepayapi.com": 0, "localhost:8080": 0} {
		req := httptest.NewRequest(http.MethodPost, "/v2/account/create", strings.NewReader(body))
		req.Host = host
		req.Header.Set("Authorization", "Bearer tok_stage_7f3a9c21")
		req.Header.Set("User-Agent", "wepaykit-tests/1.0")
		req.Header.Set("Content-Type", "application/json")
		if req.URL.Host != "" {
			t.Fatalf("test needs a server-side request, URL.Host is %q", req.URL.Host)
		}
		fs, err := v.Request(req)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, f := range fs {
			if f.Rule == "callback-uri-no-port-in-production" {
				n++
			}
		}
		if n != want || len(fs) != want {
			t.Errorf("Host %s: findings %v, want %d callback-uri-no-port-in-production", host, fs, want)
		}
	}
}
