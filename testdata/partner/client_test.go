package partner

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/conformance"
	"github.com/wepaykit/wepaykit/fake/wepaytest"
	"github.com/wepaykit/wepaykit/fixtures"
	"github.com/wepaykit/wepaykit/spec"
	"github.com/wepaykit/wepaykit/validate"
)

func newClient(t *testing.T) (*Client, *wepaytest.Server) {
	srv := wepaytest.NewServer(t)
	u := srv.NewUser("platform")
	// validate.Transport checks every call the client makes.
	return &Client{BaseURL: srv.URL, Token: u.Token, HTTP: &http.Client{Transport: validate.Transport(t, nil)}}, srv
}

func TestAccountLifecycle(t *testing.T) {
	c, _ := newClient(t)
	ctx := context.Background()
	a, err := c.CreateAccount(ctx, "Alice's Shop", "Handmade soap")
	if err != nil {
		t.Fatal(err)
	}
	if a.State != spec.StateActionRequired {
		t.Errorf("new account is %s", a.State)
	}
	got, err := c.GetAccount(ctx, a.AccountID)
	if err != nil || got.Name != "Alice's Shop" {
		t.Fatalf("GetAccount = %+v, %v", got, err)
	}
	found, err := c.FindAccounts(ctx, "Alice's Shop")
	if err != nil || len(found) != 1 {
		t.Fatalf("FindAccounts = %+v, %v", found, err)
	}
	if err := c.DeleteAccount(ctx, a.AccountID); err != nil {
		t.Fatal(err)
	}
}

// TestWrongCall makes a call the contract forbids. It fails on purpose, so
// it runs only when PARTNER_WRONG is set.
func TestWrongCall(t *testing.T) {
	if os.Getenv("PARTNER_WRONG") == "" {
		t.Skip("set PARTNER_WRONG=1 to see the failure")
	}
	c, _ := newClient(t)
	_, _ = c.FindAccountsPaged(context.Background(), 5) // WRONG-CALL
}

// TestGolden compares an answer with a golden file; WEPAYKIT_UPDATE=1
// rewrites it.
func TestGolden(t *testing.T) {
	c, _ := newClient(t)
	a, err := c.CreateAccount(context.Background(), "Bob's Bikes", "Bicycles")
	if err != nil {
		t.Fatal(err)
	}
	got, _ := c.GetAccount(context.Background(), a.AccountID)
	b := []byte(`{"name":"` + got.Name + `","state":"` + got.State + `"}`)
	fixtures.Golden{}.Assert(t, "account", b) // GOLDEN-CALL
}

// TestConformanceWrong runs the conformance suite against a stand-in that
// answers every delete with the state "active". It fails on purpose, so it
// runs only when PARTNER_WRONG is set.
func TestConformanceWrong(t *testing.T) {
	if os.Getenv("PARTNER_WRONG") == "" {
		t.Skip("set PARTNER_WRONG=1 to see the failure")
	}
	fake, err := wepaytest.New()
	if err != nil {
		t.Fatal(err)
	}
	defer fake.Close()
	u := fake.NewUser("platform")
	standIn := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, spec.OpDelete) {
			fake.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		fake.ServeHTTP(rec, r)
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = io.WriteString(w, strings.Replace(rec.Body.String(), `"deleted"`, `"active"`, 1))
	})
	conformance.Run(t, conformance.Target{Handler: standIn, Token: u.Token}) // CONFORMANCE-CALL
}
