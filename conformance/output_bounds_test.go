package conformance_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/conformance"
	"github.com/wepaykit/wepaykit/report"
)

// withoutBalances is a stand-in whose every 200 answer lacks balances and
// statuses: an enum check fails twice in each of its 40-odd answers, and
// find/no-deleted once per account in the full list.
func withoutBalances(h http.Handler, _ *knownTokens) http.Handler {
	for _, m := range mutants() {
		if m.name == "missing-balances-and-statuses" {
			return proxy(h, m)
		}
	}
	panic("no mutant missing-balances-and-statuses")
}

// TestReportsShowEachExchangeOnce: a check that fails many times in the
// same answers shows each distinct sent and got once (JUnit: at most a
// few per test case, the rest counted; JSON: in the check's exchanges,
// which its failures point at), and every failure's message is still
// there. Before, JUnit repeated the bodies with each failure: 150 KB for
// one test case.
func TestReportsShowEachExchangeOnce(t *testing.T) {
	t.Parallel()
	target := fakeTarget(t, withoutBalances)
	target.Run = `^(enums/account/create/rbits/\*/type|find/no-deleted|find/sort-order)$`
	rep, err := conformance.Execute(t.Context(), target)
	if err != nil {
		t.Fatal(err)
	}
	failures := map[string][]*conformance.CheckError{}
	most := 0
	for _, r := range rep.Results {
		if r.Status != conformance.StatusFail {
			t.Fatalf("%s: %s, want a failure", r.Check, r.Status)
		}
		failures[r.Check] = r.Failures
		most = max(most, len(r.Failures))
	}
	if most < 40 {
		t.Fatalf("the broken stand-in made at most %d failures of one check, want many", most)
	}
	write := func(format string) []byte {
		var b bytes.Buffer
		if err := conformance.WriteReport(&b, rep, conformance.Output{Format: format, Verbose: true}); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}

	var doc struct {
		Suites []struct {
			Cases []struct {
				Name    string `xml:"name,attr"`
				Failure struct {
					Text string `xml:",chardata"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	junit := write(report.FormatJUnit)
	if err := xml.Unmarshal(junit, &doc); err != nil {
		t.Fatal(err)
	}
	for _, c := range doc.Suites[0].Cases {
		text := c.Failure.Text
		sent := map[string]bool{}
		for _, line := range strings.Split(text, "\n") {
			if body, ok := strings.CutPrefix(line, "\tsent: "); ok {
				if sent[body] {
					t.Errorf("junit %s: the same sent twice: %.120s", c.Name, body)
				}
				sent[body] = true
			}
		}
		if len(sent) > 3 {
			t.Errorf("junit %s: %d exchanges shown, want at most 3", c.Name, len(sent))
		}
		for _, f := range failures[c.Name] {
			if !strings.Contains(text, f.Msg) {
				t.Errorf("junit %s lacks the failure %q", c.Name, f.Msg)
			}
		}
		if len(text) > 32<<10 {
			t.Errorf("junit %s: %d bytes of failure text", c.Name, len(text))
		}
	}
	if len(junit) > 64<<10 {
		t.Errorf("junit: %d bytes for %d checks", len(junit), len(rep.Results))
	}

	var js struct {
		Checks []struct {
			Check    string `json:"check"`
			Failures []struct {
				Msg      string `json:"message"`
				Exchange *int   `json:"exchange"`
			} `json:"failures"`
			Exchanges []struct {
				Sent string `json:"sent"`
				Got  string `json:"got"`
			} `json:"exchanges"`
			More int `json:"more_exchanges"`
		} `json:"checks"`
	}
	out := write(report.FormatJSON)
	if err := json.Unmarshal(out, &js); err != nil {
		t.Fatal(err)
	}
	for _, c := range js.Checks {
		want := failures[c.Check]
		if len(c.Failures) != len(want) {
			t.Fatalf("json %s: %d failures, the run had %d", c.Check, len(c.Failures), len(want))
		}
		if len(c.Exchanges) > 5 {
			t.Errorf("json %s: %d exchanges, want at most 5", c.Check, len(c.Exchanges))
		}
		seen := map[string]bool{}
		for _, x := range c.Exchanges {
			if seen[x.Sent+"\x00"+x.Got] {
				t.Errorf("json %s: an exchange listed twice: %.120s", c.Check, x.Sent)
			}
			seen[x.Sent+"\x00"+x.Got] = true
		}
		distinct := map[string]bool{}
		for i, f := range c.Failures {
			e := want[i]
			distinct[e.Sent+"\x00"+e.Got] = true
			if f.Msg != e.Msg {
				t.Errorf("json %s failure %d: %q, want %q", c.Check, i, f.Msg, e.Msg)
			}
			if f.Exchange == nil {
				continue
			}
			x := c.Exchanges[*f.Exchange]
			if !strings.HasPrefix(e.Sent, strings.TrimSuffix(x.Sent, "…")) || !strings.HasPrefix(e.Got, strings.TrimSuffix(x.Got, "…")) {
				t.Errorf("json %s failure %d points at another exchange than its own", c.Check, i)
			}
		}
		if len(c.Exchanges)+c.More != len(distinct) {
			t.Errorf("json %s: %d exchanges and %d more, the failures show %d", c.Check, len(c.Exchanges), c.More, len(distinct))
		}
	}
	if len(out) > 96<<10 {
		t.Errorf("json: %d bytes for %d checks", len(out), len(rep.Results))
	}

	text := string(write(report.FormatText))
	if n, causes := strings.Count(text, "   sent: "), len(conformance.Groups(rep.Results)); n > causes {
		t.Errorf("text: %d sent lines for %d causes", n, causes)
	}
}
