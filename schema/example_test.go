package schema_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/wepaykit/wepaykit/schema"
)

func ExampleEmbedded() {
	set, err := schema.Embedded()
	if err != nil {
		fmt.Println(err)
		return
	}
	names := set.Names()
	fmt.Println(len(names), "schemas, for example", strings.Join(names[:3], ", "))
	fmt.Println(len(set.Operations()), "calls")
	// Output:
	// 34 schemas, for example Account, AccountBalance, AccountCreateRequest
	// 8 calls
}

func ExampleSet_ForOperation() {
	set, _ := schema.Embedded()
	for _, side := range []schema.Side{schema.Request, schema.Response, schema.Error} {
		name, _ := set.SchemaName("/account/delete", side)
		sc, err := set.ForOperation("/account/delete", side)
		fmt.Println(side, name, err == nil && sc != nil)
	}
	_, err := set.ForOperation("/account/close", schema.Request)
	var nf *schema.NotFoundError
	fmt.Println(errors.As(err, &nf), err)
	// Output:
	// request AccountDeleteRequest true
	// response AccountDeleteResponse true
	// error Error true
	// true schema: unknown operation "/account/close"
}

// Validate a body with the compiled schema: decode it as encoding/json does
// and call Validate; a *jsonschema.ValidationError says where and why.
func Example_validate() {
	set, _ := schema.Embedded()
	sc, _ := set.ForOperation("/account/get_update_uri", schema.Request)

	var valid, invalid any
	_ = json.Unmarshal([]byte(`{"account_id": 12345, "mode": "iframe"}`), &valid)
	fmt.Println("valid:", sc.Validate(valid))

	_ = json.Unmarshal([]byte(`{"account_id": 12345, "mode": "popup"}`), &invalid)
	var ve *jsonschema.ValidationError
	if errors.As(sc.Validate(invalid), &ve) {
		leaf := ve
		for len(leaf.Causes) > 0 {
			leaf = leaf.Causes[0]
		}
		fmt.Printf("invalid: %s %s\n", leaf.InstanceLocation, leaf.KeywordLocation)
	}
	// Output:
	// valid: <nil>
	// invalid: /mode /properties/mode/enum
}
