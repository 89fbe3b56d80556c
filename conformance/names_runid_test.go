package conformance_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/wepaykit/wepaykit/conformance"
)

// accountNames records the name and reference_id of every account a
// run's /account/create made and the name every /account/modify
// answered 200 with, as the stand-in answered them.
type accountNames struct {
	mu      sync.Mutex
	created []string // "name\x00reference_id"
	renamed []string
}

func (n *accountNames) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		var acct struct {
			Name string `json:"name"`
			Ref  string `json:"reference_id"`
		}
		if rec.Code == http.StatusOK && json.Unmarshal(rec.Body.Bytes(), &acct) == nil {
			n.mu.Lock()
			switch r.URL.Path {
			case "/v2/account/create":
				n.created = append(n.created, acct.Name+"\x00"+acct.Ref)
			case "/v2/account/modify":
				n.renamed = append(n.renamed, acct.Name)
			}
			n.mu.Unlock()
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = io.Copy(w, bytes.NewReader(rec.Body.Bytes()))
	})
}

// TestAccountNamesCarryRunID: every account a run creates carries the
// run's id in its name and its reference_id, and keeps it in the name
// through every /account/modify: also on a stand-in that accepts a name
// past 255 characters (the README's promise; 70 of 104 accounts were
// named "People Power", the base body's name).
func TestAccountNamesCarryRunID(t *testing.T) {
	t.Parallel()
	for name, wrap := range map[string]func(http.Handler, *knownTokens) http.Handler{"conforming": nil, "accepts-long-names": acceptsLongNames} {
		n := &accountNames{}
		target := fakeTarget(t, func(h http.Handler, valid *knownTokens) http.Handler {
			if wrap != nil {
				h = wrap(h, valid)
			}
			return n.wrap(h)
		})
		rep, err := conformance.Execute(t.Context(), target)
		if err != nil {
			t.Fatal(err)
		}
		if len(n.created) != rep.Created || rep.Created < 50 || len(n.renamed) < 10 {
			t.Fatalf("%s: %d accounts seen created, the run created %d; %d modified", name, len(n.created), rep.Created, len(n.renamed))
		}
		bad := map[string]int{}
		for _, c := range n.created {
			acctName, ref, _ := strings.Cut(c, "\x00")
			if !strings.Contains(ref, rep.RunID) {
				t.Errorf("%s: reference_id %q (name %.60q) lacks the run id %s", name, ref, acctName, rep.RunID)
			}
			if !strings.Contains(acctName, rep.RunID) {
				bad[acctName]++
			}
		}
		for _, acctName := range n.renamed {
			if !strings.Contains(acctName, rep.RunID) {
				bad["modified to "+acctName]++
			}
		}
		if len(bad) > 0 {
			t.Errorf("%s: of %d accounts created and %d modifications, names without the run id %s: %v", name, len(n.created), len(n.renamed), rep.RunID, bad)
		}
	}
}
