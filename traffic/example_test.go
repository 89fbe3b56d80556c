package traffic_test

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/wepaykit/wepaykit/traffic"
)

// A small JSON-lines recording: two exchanges and a damaged line between
// them, which is reported and skipped.
const recording = `{"request":{"method":"POST","url":"https://stage.wepayapi.com/v2/account","headers":{"Authorization":"Bearer [REDACTED]"},"body":{"account_id":12345}},"response":{"status":200,"headers":{"Content-Type":"application/json"},"body":{"account_id":12345,"state":"active"}},"time":"2024-05-01T12:00:00Z"}
{"request": "not an object"}
{"request":{"method":"POST","url":"https://stage.wepayapi.com/v2/account/delete","body":{"account_id":12345}},"response":{"status":200,"body":{"account_id":12345,"state":"deleted"}}}
`

func ExampleNewReader() {
	// NewReader tells the format from the content: HAR, go-vcr cassette or
	// JSON lines.
	r, err := traffic.NewReader("session.jsonl", strings.NewReader(recording), traffic.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("format:", r.Format())
	for {
		x, err := r.Next()
		var bad *traffic.EntryError
		switch {
		case err == io.EOF:
			return
		case errors.As(err, &bad):
			fmt.Println("damaged:", err)
			continue
		case err != nil:
			fmt.Println(err)
			return
		}
		fmt.Printf("line %d: %s %s -> %d %s (host %s)\n", x.Line, x.Request.Method, x.Request.URL, x.Response.Status, x.Response.Body, x.Host())
	}
	// Output:
	// format: jsonl
	// line 1: POST https://stage.wepayapi.com/v2/account -> 200 {"account_id":12345,"state":"active"} (host stage.wepayapi.com)
	// damaged: traffic: session.jsonl: entry 1 (line 2): request: expected an object, found string
	// line 3: POST https://stage.wepayapi.com/v2/account/delete -> 200 {"account_id":12345,"state":"deleted"} (host stage.wepayapi.com)
}

// The writer of JSON lines redacts secrets wherever they are.
func ExampleJSONLWriter() {
	w := traffic.NewJSONLWriter(os.Stdout)
	_ = w.Write(&traffic.Exchange{
		Time: time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC),
		Request: traffic.Request{Method: "POST", URL: "https://stage.wepayapi.com/v2/account/find?access_token=STAGE_abc",
			Header: map[string][]string{"Authorization": {"Bearer STAGE_abc"}}, Body: []byte(`{"name":"Shop"}`)},
		Response: &traffic.Response{Status: 200, Body: []byte(`[]`)},
	})
	// Output:
	// {"request":{"method":"POST","url":"https://stage.wepayapi.com/v2/account/find?access_token=[REDACTED]","headers":{"Authorization":["Bearer [REDACTED]"]},"body":{"name":"Shop"}},"response":{"status":200,"body":[]},"time":"2024-05-01T12:00:00Z"}
}

func ExampleExchange_HTTPView() {
	r, err := traffic.NewReader("session.jsonl", strings.NewReader(recording), traffic.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	x, err := r.Next()
	if err != nil {
		fmt.Println(err)
		return
	}
	// HTTPView shares the recorded headers (HTTP copies them): for a
	// caller that only reads them.
	req, resp, err := x.HTTPView()
	if err != nil {
		fmt.Println(err)
		return
	}
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(req.Method, req.URL.Path, req.Header.Get("Authorization"))
	fmt.Println(resp.StatusCode, string(body))
	// Output:
	// POST /v2/account Bearer [REDACTED]
	// 200 {"account_id":12345,"state":"active"}
}
