package validate_test

import (
	"encoding/json"
	"fmt"

	"github.com/wepaykit/wepaykit/validate"
)

func ExampleClassify() {
	for _, c := range []struct{ host, path string }{
		{"stage.wepayapi.com", "/v2/account/create"},
		{"stage.wepayapi.com", "/v2/checkout/create"},
		{"stage.wepayapi.com", "/v2/acount/create"},
		{"api.example.com", "/healthz"},
	} {
		fmt.Printf("%s%s: %v\n", c.host, c.path, validate.Classify(c.host, c.path, nil, validate.ScopeAccount))
	}
	// Output:
	// stage.wepayapi.com/v2/account/create: in scope
	// stage.wepayapi.com/v2/checkout/create: outside /account
	// stage.wepayapi.com/v2/acount/create: in scope
	// api.example.com/healthz: other host
}

func ExampleCallFamily() {
	fam, known := validate.CallFamily("/v2/oauth2/token")
	fmt.Println(fam, known)
	fmt.Println(len(validate.Families()), validate.Families()[0].Path)
	// Output:
	// /oauth2 true
	// 14 /account
}

func ExampleDecodeForm() {
	v, _ := json.Marshal(must(validate.DecodeForm("name=Shop&theme_object%5Bprimary_color%5D=3366CC&gaq_domains%5B%5D=a.example.com", nil)))
	fmt.Println(string(v))
	// Output:
	// {"gaq_domains":["a.example.com"],"name":"Shop","theme_object":{"primary_color":"3366CC"}}
}

func must(m map[string]any, err error) map[string]any {
	if err != nil {
		panic(err)
	}
	return m
}

func ExampleValidator_OlderVersion() {
	v, err := validate.New()
	if err != nil {
		panic(err)
	}
	fmt.Println(v.ContractVersion(), v.OlderVersion("2014-01-08"), len(v.KnownVersions()))
	// Output:
	// 2019-04-03 true 16
}
