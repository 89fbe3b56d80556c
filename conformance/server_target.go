package conformance

import (
	"net/http"
	"time"

	"github.com/wepaykit/wepaykit/fake/wepaytest"
)

// ServerTarget builds a complete [Target] for a fake WePay server from
// wepaytest.NewServer: two new users (the owner of the accounts the checks
// create and a second user), a third user's token, revoked, and the
// server's own wepaytest.Driver as the state driver and clock, so no admin
// routes are needed. The checks reach the server over HTTP at srv.URL
// with a plain client (not srv.Client, which would fail the test on the
// invalid requests the checks send on purpose). With it
//
//	conformance.Run(t, conformance.ServerTarget(srv))
//
// runs every check but those of rules that hold in production only: the
// Driver also sets states and issues the temporary access tokens whose
// accounts start in pending, so the edges out of pending run too. Set
// Target.Run or Target.Ops on the result to run fewer.
func ServerTarget(srv *wepaytest.Server) Target {
	owner, other, gone := srv.NewUser("conformance owner"), srv.NewUser("conformance other"), srv.NewUser("conformance revoked")
	revoked := gone.Token
	if err := srv.RevokeToken(revoked); err != nil {
		revoked = "" // cannot happen with a token the server just issued; the check is then skipped, not passed
	}
	d := srv.Driver()
	return Target{
		BaseURL:      srv.URL,
		Client:       &http.Client{Timeout: 30 * time.Second},
		Token:        owner.Token,
		OtherToken:   other.Token,
		RevokedToken: revoked,
		Driver:       d,
		Clock:        d,
	}
}
