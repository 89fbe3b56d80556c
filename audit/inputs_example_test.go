package audit_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/wepaykit/wepaykit/audit"
	"github.com/wepaykit/wepaykit/validate"
)

func ExampleInputs() {
	dir, _ := os.MkdirTemp("", "recordings")
	defer os.RemoveAll(dir)
	rec := `{"request":{"method":"POST","url":"http://127.0.0.1:8080/v2/account","headers":{"Authorization":"Bearer t"},"body":{"account_id":1}}}` + "\n"
	_ = os.WriteFile(filepath.Join(dir, "session.jsonl"), []byte(rec), 0o644)
	_ = os.WriteFile(filepath.Join(dir, "fixture.json"), []byte(`{"account_id":1}`), 0o644)

	set, err := audit.Inputs([]string{dir}, audit.InputOptions{})
	if err != nil {
		panic(err)
	}
	for _, s := range set.Skipped {
		fmt.Println(filepath.Base(s.Path), "skipped:", s.Reason[:len("not a recording")])
	}
	v, _ := validate.New()
	res, _ := audit.Run(context.Background(), v, set.Inputs, audit.Options{})
	fmt.Println(res.NothingValidated())
	// Output:
	// fixture.json skipped: not a recording
	// the only entry was sent to 127.0.0.1:8080, which is not a WePay host: add --host 127.0.0.1:8080
}
