package audit

import (
	"net/http"
	"strings"
	"testing"

	"github.com/wepaykit/wepaykit/traffic"
)

// TestItemCost: an item takes a token per 256 KiB, rounded up, of its
// bodies, URL and headers; at least one, at most all.
func TestItemCost(t *testing.T) {
	big := strings.Repeat("x", 10<<20)
	x := func(reqBody, respBody, header string) *item {
		ex := &traffic.Exchange{Request: traffic.Request{URL: "https://stage.wepayapi.com/v2/account", Body: []byte(reqBody),
			Header: http.Header{"Authorization": {"Bearer " + header}}}}
		if respBody != "" {
			ex.Response = &traffic.Response{Status: 200, Body: []byte(respBody), Header: http.Header{}}
		}
		return &item{kind: itemExchange, x: ex}
	}
	cases := []struct {
		name string
		it   *item
		n    int
		want int
	}{
		{"not an exchange", &item{kind: itemSkipped}, 128, 1},
		{"realistic", x(`{"account_id":1}`, `{"account_id":1,"state":"active"}`, "tok"), 128, 1},
		{"a body of 10 MiB each way, and a URL and a header", x(big, big, "tok"), 128, 81},
		{"4 MiB of headers", x("{}", "", strings.Repeat("h", 4<<20)), 128, 17},
		{"more than all the tokens", x(big, big, "tok"), 64, 64},
	}
	for _, c := range cases {
		if got := cost(c.it, c.n); got != c.want {
			t.Errorf("%s: cost %d, want %d", c.name, got, c.want)
		}
	}
}
