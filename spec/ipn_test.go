package spec_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/wepaykit/wepaykit/spec"
)

func TestIPNWebhook(t *testing.T) {
	s, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	ipn, err := s.IPN()
	if err != nil {
		t.Fatal(err)
	}
	want := []time.Duration{15 * time.Minute, 30 * time.Minute, time.Hour, 6 * time.Hour, 12 * time.Hour, 24 * time.Hour}
	if ipn.Method != "POST" || ipn.ContentType != "application/x-www-form-urlencoded" || fmt.Sprint(ipn.Fields) != "[account_id]" ||
		ipn.SuccessStatus != 200 || !ipn.KeepsQuery || fmt.Sprint(ipn.Retries) != fmt.Sprint(want) {
		t.Fatalf("IPN = %+v", ipn)
	}
	if d, ok := ipn.RetryDelay(7); ok || d != 0 {
		t.Fatal("a seventh retry")
	}
}

func ExampleSpec_IPN() {
	s, _ := spec.Load()
	ipn, _ := s.IPN()
	fmt.Println(ipn.Method, ipn.ContentType, ipn.Fields, ipn.SuccessStatus, ipn.Retries)
	// Output: POST application/x-www-form-urlencoded [account_id] 200 [15m0s 30m0s 1h0m0s 6h0m0s 12h0m0s 24h0m0s]
}
