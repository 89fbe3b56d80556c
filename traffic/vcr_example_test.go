package traffic_test

import (
	"fmt"
	"strings"

	"github.com/wepaykit/wepaykit/traffic"
)

func ExampleNewVCR() {
	cassette := `---
http_interactions:
- request:
    method: post
    uri: https://stage.wepayapi.com/v2/account
    body:
      encoding: UTF-8
      string: '{"account_id":1723052}'
    headers:
      Content-Type:
      - application/json
  response:
    status:
      code: 200
      message: OK
    body:
      encoding: ASCII-8BIT
      base64_string: |
        eyJhY2NvdW50X2lkIjoxNzIzMDUyfQ==
  recorded_at: Tue, 14 Jan 2014 18:21:07 GMT
recorded_with: VCR 2.9.0
`
	r, err := traffic.NewReader("cassette.yml", strings.NewReader(cassette), traffic.Options{})
	if err != nil {
		panic(err)
	}
	x, err := r.Next()
	if err != nil {
		panic(err)
	}
	fmt.Println(r.Format(), x.Request.Method, x.Request.URL, x.Response.Status, string(x.Response.Body), x.Time.Format("2006-01-02"))
	// Output:
	// vcr POST https://stage.wepayapi.com/v2/account 200 {"account_id":1723052} 2014-01-14
}

func ExampleNewVCR1() {
	// A cassette of VCR 1.x, as Ruby 1.8's YAML wrote it in 2011.
	cassette := `--- 
- !ruby/struct:VCR::HTTPInteraction 
  request: !ruby/struct:VCR::Request 
    method: :post
    uri: https://stage.wepayapi.com:443/v2/account
    body: "{\"account_id\":1723101}"
    headers: 
      content-type: 
      - application/json
  response: !ruby/struct:VCR::Response 
    status: !ruby/struct:VCR::ResponseStatus 
      code: 200
      message: OK
    headers: 
    body: "{\"account_id\":1723101}"
    http_version: "1.1"
`
	r, err := traffic.NewReader("cassette.yml", strings.NewReader(cassette), traffic.Options{})
	if err != nil {
		panic(err)
	}
	x, err := r.Next()
	if err != nil {
		panic(err)
	}
	fmt.Println(r.Format(), x.Request.Method, x.Request.URL, x.Request.Header.Get("Content-Type"), x.Response.Status, string(x.Response.Body))
	// Output:
	// vcr1 POST https://stage.wepayapi.com/v2/account application/json 200 {"account_id":1723101}
}
