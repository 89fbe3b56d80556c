// Package benchmarks measures wepaykit's validator beside its Go peers on
// the same exchanges, in one `go test -bench .` run:
//
//	BenchmarkWepaykitValid, BenchmarkPeerLibOpenAPIValid, BenchmarkPeerKinOpenAPIValid
//	BenchmarkWepaykitInvalid, BenchmarkPeerLibOpenAPIInvalid, BenchmarkPeerKinOpenAPIInvalid
//	BenchmarkDecodeOnly (the baseline: encoding/json decode of both bodies)
//
// It is a module of its own, so that the peers (pb33f's libopenapi-validator,
// kin-openapi's openapi3filter) are not dependencies of the modules that
// import wepaykit.
package benchmarks
