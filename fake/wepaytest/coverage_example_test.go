package wepaytest_test

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/wepaykit/wepaykit/coverage"
	"github.com/wepaykit/wepaykit/fake/wepaytest"
)

// A fake that counts every call it answers in a collector the test binary
// shares (written in TestMain; see package coverage).
func ExampleWithCoverage() {
	t := &exampleT{}
	defer t.finish()
	c, err := coverage.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	s := wepaytest.NewServer(t, wepaytest.WithCoverage(c))
	tok := s.NewUser("alice").Token
	for _, call := range [][2]string{{"/account/find", `{}`}, {"/account/create", `{"name":"Alice's Shop","description":"Soap"}`}} {
		req, _ := http.NewRequest(http.MethodPost, s.URL+call[0], strings.NewReader(call[1]))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/json")
		resp, err := s.Client().Do(req)
		if err != nil {
			fmt.Println(err)
			return
		}
		resp.Body.Close()
	}
	r := c.Report()
	fmt.Println("exchanges:", r.Detail.Exchanges, "operations:", r.Operations, "states:", r.Detail.States)
	// Output:
	// exchanges: 2 operations: 2/8 (25.0%) states: map[action_required:1]
}
