package fake_test

import (
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/wepaykit/wepaykit/fake"
	"github.com/wepaykit/wepaykit/spec"
)

func ExampleNew() {
	g, err := fake.New(42)
	if err != nil {
		log.Fatal(err)
	}
	p, err := g.Body("/account", spec.Response, fake.WithState("disabled"), fake.WithCountry("CA"))
	if err != nil {
		log.Fatal(err)
	}
	a := p.Value.(map[string]any)
	fmt.Println(a["state"], a["country"], a["currencies"])
	fmt.Println("disabled reasons:", len(a["disabled_reasons"].([]any)) > 0)
	fmt.Println("incoming:", a["statuses"].([]any)[0].(map[string]any)["incoming_payments_status"])
	// Output:
	// disabled CA [CAD]
	// disabled reasons: true
	// incoming: paused
}

func ExampleGenerator_Body() {
	g, err := fake.New(7)
	if err != nil {
		log.Fatal(err)
	}
	p, err := g.Body("/account/settlement_setup", spec.Response)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(p.JSON))
	// Output:
	// {"frequency":"weekly","method":"ach"}
}

func ExampleGenerator_Invalid() {
	g, err := fake.New(1)
	if err != nil {
		log.Fatal(err)
	}
	vs, err := g.Invalid("/account/settlement_setup", spec.Request)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(vs), "variants")
	for _, v := range vs {
		if strings.HasPrefix(v.Name, "schema.oneOf") || v.Want.Rule == "settlement-check-not-daily" {
			fmt.Printf("%s -> %s at %s\n", v.Name, v.Want.Rule, v.Want.Pointer)
		}
	}
	// Output:
	// 33 variants
	// schema.oneOf /settlement_method both -> schema.oneOf at /settlement_method
	// schema.oneOf /settlement_method neither -> schema.oneOf at /settlement_method
	// settlement-check-not-daily /frequency -> settlement-check-not-daily at /frequency
}

func ExampleContract_Generator() {
	sp, err := spec.Load()
	if err != nil {
		log.Fatal(err)
	}
	c, err := fake.NewContract(sp) // once; safe to share between goroutines
	if err != nil {
		log.Fatal(err)
	}
	g := c.Generator(3) // cheap; one per goroutine
	p, err := g.Body("/account/delete", spec.Response)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(p.Value.(map[string]any)["state"])
	// Output:
	// deleted
}

func ExampleGenerator_WriteJSONLines() {
	g, err := fake.New(11)
	if err != nil {
		log.Fatal(err)
	}
	if err := g.WriteJSONLines(os.Stdout, "/account/get_reserve_details", spec.Request, 2); err != nil {
		log.Fatal(err)
	}
	// Output:
	// {"account_id":2311990012}
	// {"account_id":6790546834,"currency":"USD"}
}
