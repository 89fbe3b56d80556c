package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"time"

	"github.com/wepaykit/wepaykit/internal/hosts"
)

// tlsOptions are the TLS flags of a command that listens (proxy): a
// certificate and key of the user's, or a self-signed certificate made at
// start for the hosts an SDK dials (an SDK that hard-codes
// https://stage.wepayapi.com reaches the proxy through a hosts-file entry
// and trusts the written certificate: NODE_EXTRA_CA_CERTS, curl --cacert,
// SSL_CERT_FILE).
type tlsOptions struct {
	certFile, keyFile string
	selfSigned        string // where the self-signed certificate is written
}

// selfSignedNames are the names a self-signed certificate covers besides
// the listen address's host.
func selfSignedNames() []string {
	return []string{"localhost", "127.0.0.1", "::1", "stage.wepayapi.com", "wepayapi.com"}
}

// config returns the TLS configuration, or nil without TLS flags.
func (o tlsOptions) config(listen string) (*tls.Config, error) {
	switch {
	case o.selfSigned != "" && (o.certFile != "" || o.keyFile != ""):
		return nil, usageErrorf("--tls-self-signed and --tls-cert/--tls-key exclude each other")
	case (o.certFile == "") != (o.keyFile == ""):
		return nil, usageErrorf("--tls-cert and --tls-key go together")
	case o.certFile != "":
		cert, err := tls.LoadX509KeyPair(o.certFile, o.keyFile)
		if err != nil {
			return nil, inputErrorf("--tls-cert/--tls-key: %v", err)
		}
		return &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}, nil
	case o.selfSigned != "":
		h, _ := hosts.Split(listen)
		cert, certPEM, err := selfSigned(append(selfSignedNames(), h), time.Now())
		if err != nil {
			return nil, inputErrorf("--tls-self-signed: %v", err)
		}
		if err := os.WriteFile(o.selfSigned, certPEM, 0o644); err != nil {
			return nil, inputErrorf("--tls-self-signed: %v", err)
		}
		return &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}, nil
	}
	return nil, nil
}

// selfSigned makes a certificate for names (host names or IP addresses),
// valid for a day from now, and returns it with its PEM form (the
// certificate only: the key never leaves the process).
func selfSigned(names []string, now time.Time) (tls.Certificate, []byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 64))
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: "wepaykit proxy"},
		NotBefore:    now.Add(-time.Minute),
		NotAfter:     now.Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		// Its own issuer: a client trusts it as a root (NODE_EXTRA_CA_CERTS).
		IsCA:                  true,
		BasicConstraintsValid: true,
	}
	seen := map[string]bool{}
	for _, n := range names {
		if n == "" || seen[n] {
			continue
		}
		seen[n] = true
		if ip := net.ParseIP(n); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, n)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), nil
}
