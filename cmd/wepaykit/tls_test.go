package main

import (
	"crypto/tls"
	"crypto/x509"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestProxyTLSSelfSigned: the self-signed certificate is written for a
// client to trust, and a client that trusts it reaches the server as
// stage.wepayapi.com (the name an SDK dials) and as 127.0.0.1; the flags
// that exclude each other are usage errors.
func TestProxyTLSSelfSigned(t *testing.T) {
	certFile := filepath.Join(t.TempDir(), "cert.pem")
	conf, err := tlsOptions{selfSigned: certFile}.config("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }))
	srv.TLS = conf
	srv.StartTLS()
	defer srv.Close()
	pemBytes, err := os.ReadFile(certFile)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(pemBytes), "PRIVATE KEY") {
		t.Fatal("the written file holds the private key")
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pemBytes) {
		t.Fatal("the written file is not a PEM certificate")
	}
	for _, name := range []string{"stage.wepayapi.com", "127.0.0.1", "localhost"} {
		c := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, ServerName: name}}}
		resp, err := c.Get(srv.URL)
		if err != nil {
			t.Fatalf("as %s: %v", name, err)
		}
		resp.Body.Close()
	}
	untrusting := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{ServerName: "stage.wepayapi.com"}}}
	if _, err := untrusting.Get(srv.URL); err == nil {
		t.Fatal("a client that does not trust the certificate got through")
	}
	for _, o := range []tlsOptions{{selfSigned: certFile, certFile: "c"}, {certFile: "c"}, {keyFile: "k"}} {
		if _, err := o.config("127.0.0.1:0"); err == nil || !strings.Contains(err.Error(), "--tls") {
			t.Errorf("%+v: err = %v", o, err)
		}
	}
	if _, err := (tlsOptions{certFile: "missing.pem", keyFile: "missing.key"}).config("x"); err == nil {
		t.Error("a missing certificate file was accepted")
	}
}
