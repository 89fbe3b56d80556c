//go:build ignore

// Load sends a few thousand /account calls to a running `wepaykit serve`
// from this separate process and reports requests/s and every unexpected
// answer. Run the server with two users first:
//
//	wepaykit serve --addr 127.0.0.1:18080 --users 2 &
//	go run scripts/load.go -base http://127.0.0.1:18080/v2 -token TOKEN1 -other TOKEN2
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	base := flag.String("base", "http://127.0.0.1:18080/v2", "API base URL (loopback only)")
	token := flag.String("token", "", "a user's token")
	other := flag.String("other", "", "a second user's token (cross-user calls must get 401)")
	n := flag.Int("n", 5000, "requests")
	workers := flag.Int("c", 32, "concurrent workers")
	flag.Parse()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *workers}, Timeout: 10 * time.Second}
	post := func(tok, path, body string) (int, map[string]any, error) {
		req, _ := http.NewRequest("POST", *base+path, bytes.NewBufferString(body))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		if err != nil {
			return 0, nil, err
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		var m map[string]any
		_ = json.Unmarshal(b, &m)
		return resp.StatusCode, m, nil
	}
	var ok, unexpected atomic.Int64
	jobs := make(chan int)
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < *workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var id float64
			for i := range jobs {
				var code, want int
				var err error
				var m map[string]any
				switch {
				case id == 0 || i%5 == 0:
					code, m, err = post(*token, "/account/create", fmt.Sprintf(`{"name":"Shop %d","description":"load"}`, i))
					want = 200
					if v, ok := m["account_id"].(float64); ok {
						id = v
					}
				case i%5 == 1:
					code, _, err = post(*token, "/account/modify", fmt.Sprintf(`{"account_id":%.0f,"description":"load %d"}`, id, i))
					want = 200
				case i%5 == 2:
					code, _, err = post(*token, "/account/find", `{"limit":5}`)
					want = 200
				case i%5 == 3 && *other != "":
					code, _, err = post(*other, "/account", fmt.Sprintf(`{"account_id":%.0f}`, id))
					want = 401
				default:
					code, _, err = post(*token, "/account", fmt.Sprintf(`{"account_id":%.0f}`, id))
					want = 200
				}
				if err != nil || code != want {
					unexpected.Add(1)
					fmt.Fprintf(os.Stderr, "request %d: got %d (%v), want %d\n", i, code, err, want)
				} else {
					ok.Add(1)
				}
			}
		}()
	}
	for i := 0; i < *n; i++ {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	d := time.Since(start)
	fmt.Printf("%d requests in %v: %.0f requests/s, %d as expected, %d unexpected\n", *n, d.Round(time.Millisecond), float64(*n)/d.Seconds(), ok.Load(), unexpected.Load())
	if unexpected.Load() > 0 {
		os.Exit(1)
	}
}
