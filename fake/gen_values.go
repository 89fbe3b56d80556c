package fake

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Range of generated Unix times: 2015-01-01 00:00:00 to 2025-12-31
// 23:59:59 UTC.
const (
	timeLow  int64 = 1420070400
	timeHigh int64 = 1767225599
)

// Value tables; read only.
var (
	mccs         = []string{"5734", "5812", "5999", "7299", "7372", "8299", "8398", "5411", "5942", "7011"}
	suites       = []string{"Suite ", "Apt ", "Unit ", "Floor "}
	themeWords   = []string{"Classic", "Modern", "Bold", "Calm", "Bright", "Night", "Harbor", "Meadow", "Sunset", "Slate"}
	nameSuffixes = []string{"LLC", "Inc.", "Co.", "Studio", "Goods", "Supply", "Partners", "Collective", "Foundation", "Market"}
	callbackPath = []string{"/ipn", "/webhooks/payments", "/callbacks/account", "/hooks/ipn", "/api/notify"}
	redirectPath = []string{"/onboarding/done", "/account/complete", "/settings/payments", "/welcome", "/return"}
	imagePath    = []string{"/static/logo.png", "/img/brand.png", "/assets/icon.jpg", "/logo.svg"}
	feeShapes    = []string{"2.9% + $0.30", "2.6% + $0.30", "3.5% + $0.15", "1.9% + $0.25", "2.75%"}
	hostPrefix   = []string{"www.", "shop-", "", "pay."}
)

// reservedDomains are the second-level domains RFC 2606 reserves for
// examples. Every generated host, domain and e-mail address lies under one
// of them: no one owns them, so a generated callback_uri sent to WePay's
// stage environment delivers no IPN to a third party, and no generated URL
// names a real site.
var reservedDomains = []string{"example.com", "example.net", "example.org"}

// emailDomain is the domain of every generated e-mail address.
const emailDomain = "example.com"

// scalar makes a string, number or boolean for n.
func (g *Generator) scalar(n *node, c *genCtx) any {
	switch n.kind {
	case kEnum:
		return n.enum[g.r.Intn(len(n.enum))]
	case kExample:
		return n.examples[g.r.Intn(len(n.examples))]
	case kBool:
		return g.r.Intn(2) == 1
	case kAmount:
		return g.amount(5000000)
	}
	if n.types&(tInteger|tNumber) != 0 {
		return float64(g.integer(n))
	}
	s := g.text(n.kind, c)
	if n.maxLen >= 0 && utf8.RuneCountInString(s) > n.maxLen {
		s = truncate(s, n.maxLen)
	}
	for utf8.RuneCountInString(s) < n.minLen {
		s += "x"
	}
	return s
}

// amount is a money amount with cents, below limit/100.
func (g *Generator) amount(limit int64) float64 {
	return float64(g.r.Int63n(limit)) / 100
}

func (g *Generator) integer(n *node) int64 {
	var v int64
	switch n.kind {
	case kID:
		v = g.id()
	case kTime:
		v = g.unixTime(timeLow, timeHigh)
	case kYear:
		v = 1950 + g.r.Int63n(53)
	case kMonth:
		v = 1 + g.r.Int63n(12)
	case kDay:
		v = 1 + g.r.Int63n(28)
	case kSlot:
		v = g.r.Int63n(6)
	default:
		lo, hi := int64(0), int64(1000)
		if n.min != nil {
			lo = int64(*n.min)
			if n.max == nil {
				hi = lo + 1000
			}
		}
		if n.max != nil {
			hi = int64(*n.max)
		}
		v = lo + g.r.Int63n(hi-lo+1)
	}
	if n.min != nil && float64(v) < *n.min {
		v = int64(*n.min)
	}
	if n.max != nil && float64(v) > *n.max {
		v = int64(*n.max)
	}
	return v
}

// id is a positive id below 2^53, as WePay's look (six to ten digits).
func (g *Generator) id() int64 { return 100000 + g.r.Int63n(9999900000) }

func (g *Generator) unixTime(lo, hi int64) int64 { return lo + g.r.Int63n(hi-lo+1) }

func (g *Generator) pick(list []string) string { return list[g.r.Intn(len(list))] }

func (g *Generator) text(k kind, c *genCtx) string {
	f := g.f
	switch k {
	case kDigits:
		return strconv.FormatInt(g.id(), 10)
	case kAccountName:
		return g.accountName()
	case kThemeName:
		return g.pick(themeWords) + " " + f.Color()
	case kCompany:
		return g.accountName()
	case kSentence:
		return f.Sentence(6 + g.r.Intn(10))
	case kShortSentence:
		return f.Sentence(4 + g.r.Intn(6))
	case kFeeDescription:
		return g.pick(feeShapes)
	case kRefID:
		return "ref-" + strconv.FormatInt(g.r.Int63n(1<<40), 36)
	case kURL:
		return "https://" + g.host()
	case kCallbackURL:
		return "https://" + g.host() + g.pick(callbackPath)
	case kRedirectURL:
		return "https://" + g.host() + g.pick(redirectPath)
	case kImageURL:
		return "https://" + g.host() + g.pick(imagePath)
	case kUpdateURL:
		return updateURI(g.id(), g.r.Int63())
	case kEmail:
		return g.slug(f.FirstName()) + "." + g.slug(f.LastName()) + "@" + emailDomain
	case kCountryCode:
		return "+1"
	case kPhoneNumber:
		return g.phone()
	case kHexColor:
		return hex6(g.r.Intn(1 << 24))
	case kMCC:
		return g.pick(mccs)
	case kDomain:
		return g.host()
	case kStreet:
		return f.Street()
	case kAddress2:
		return g.pick(suites) + strconv.Itoa(1+g.r.Intn(999))
	case kCity:
		return f.City()
	case kRegion:
		return f.StateAbr()
	case kPostalCode:
		return f.Zip()
	case kCountry:
		return "US"
	case kCurrency:
		if c.acct != nil {
			return c.acct.currency
		}
		if c.o.country != "" {
			return currencyOf(c.o.country)
		}
		return g.pick([]string{"USD", "USD", "CAD"})
	case kFirstName:
		return f.FirstName()
	case kMiddleName:
		return f.MiddleName()
	case kLastName:
		return f.LastName()
	}
	return strings.ToLower(f.Word())
}

// accountName is a company-like name that never contains "wepay" and has
// only printable characters (account-name-no-wepay, account-name-printable).
func (g *Generator) accountName() string {
	for {
		var s string
		if g.r.Intn(2) == 0 {
			s = g.f.Company()
		} else {
			s = g.f.LastName() + " " + g.pick(nameSuffixes)
		}
		if nameOK(s) {
			return s
		}
	}
}

func nameOK(s string) bool {
	if s == "" || strings.Contains(strings.ToLower(s), "wepay") {
		return false
	}
	for _, r := range s {
		if r > unicode.MaxASCII || !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}

// host is a lowercase host name under a reserved domain, without
// underscores or a port, for example "shop-harbor.example.com" or
// "pay.meadow-goods.example.org".
func (g *Generator) host() string {
	base := g.slug(g.f.LastName())
	if g.r.Intn(2) == 0 {
		base += "-" + g.slug(g.pick(nameSuffixes))
	}
	return g.pick(hostPrefix) + base + "." + g.pick(reservedDomains)
}

// slug keeps the ASCII letters and digits of s, lowercased; never empty.
func (g *Generator) slug(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch >= 'a' && ch <= 'z', ch >= '0' && ch <= '9':
			b.WriteByte(ch)
		case ch >= 'A' && ch <= 'Z':
			b.WriteByte(ch + 'a' - 'A')
		}
	}
	if b.Len() == 0 {
		return "shop"
	}
	return b.String()
}

// phone is a ten-digit North American number: area code and exchange start
// with 2 to 9.
func (g *Generator) phone() string {
	var b [10]byte
	for i := range b {
		b[i] = byte('0' + g.r.Intn(10))
	}
	b[0] = byte('2' + g.r.Intn(8))
	b[3] = byte('2' + g.r.Intn(8))
	return string(b[:])
}

func updateURI(accountID, token int64) string {
	return "https://www.wepay.com/api/account_update/" + strconv.FormatInt(accountID, 10) +
		"?token=" + strconv.FormatInt(token&(1<<48-1), 16)
}

func hex6(v int) string {
	const digits = "0123456789ABCDEF"
	var b [6]byte
	for i := 5; i >= 0; i-- {
		b[i] = digits[v&15]
		v >>= 4
	}
	return string(b[:])
}

// truncate cuts s to at most n runes, without a trailing space.
func truncate(s string, n int) string {
	i := 0
	for pos := range s {
		if i == n {
			return strings.TrimRight(s[:pos], " ")
		}
		i++
	}
	return s
}
