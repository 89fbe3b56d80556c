package audit

import (
	"github.com/wepaykit/wepaykit/internal/fasturl"
	"github.com/wepaykit/wepaykit/internal/header"
	"github.com/wepaykit/wepaykit/traffic"
	"github.com/wepaykit/wepaykit/validate"
)

// emitExchange sends x on as skipped (another host), out of scope, or to
// be validated. The URL is parsed once for both questions (fasturl: a
// recorded URL is parsed again to validate the call).
func (p *pipeline) emitExchange(fi int, x *traffic.Exchange, emit func(*item) bool) bool {
	host, op := hostOp(x)
	switch {
	case !traffic.IsWePayHost(host, p.o.Hosts):
		sk := outcome{entry: x.Index, line: x.Line, host: host}
		if p.o.KeepExchanges { // only Result.Exchanges shows a skipped call
			sk.method, sk.op = names(x, op) // what a report shows is redacted
		}
		return emit(&item{kind: itemSkipped, file: fi, out: sk})
	case validate.ClassifyPath(op, p.o.Scope) == validate.OtherCall:
		method, shown := names(x, op)
		sk := outcome{entry: x.Index, line: x.Line, method: method, op: shown}
		return emit(&item{kind: itemOutOfScope, file: fi, out: sk})
	}
	return emit(&item{kind: itemExchange, file: fi, x: x, op: op})
}

// hostOp returns the host of x (x.Host()) and the call path of its URL
// ("/v2/account/find/" -> "/account/find", the query dropped) from one
// parse of the URL; op is "" when the URL cannot be parsed.
func hostOp(x *traffic.Exchange) (host, op string) {
	if u, err := fasturl.Parse(x.Request.URL); err == nil {
		host, op = u.Host, validate.OpPath(u.Path)
	}
	if host == "" {
		host = header.Get(x.Request.Header, "Host")
	}
	return host, op
}
