package traffic

import (
	"net/url"
)

// HAR 1.2: postData holds the posted body either as text or, for a form,
// as params ("text and params fields are mutually exclusive"). Fiddler,
// Charles and older Firefox export form posts as params only:
//
//	"postData": {"mimeType": "application/x-www-form-urlencoded",
//	             "params": [{"name": "account_id", "value": "77"}, ...]}
//
// The params are url-encoded into the body text, so that the validator
// judges them as it judges a form body sent as text.

// harForm collects postData.params and postData.mimeType.
type harForm struct {
	text []byte // the params url-encoded, cut at the body limit
	size int64  // full length of the url-encoded params
	has  bool   // saw a params array
	mime []byte
}

// params reads a params array into f.
func (p *entryParser) params(field string, f *harForm) error {
	if ok, err := p.openArray(field); !ok {
		return err
	}
	f.has = true
	first := true
	for {
		more, err := p.s.more(&first, ']')
		if err != nil || !more {
			return err
		}
		var name, value []byte
		named := false
		_, err = p.object(field, func(k []byte) error {
			var err error
			switch string(k) {
			case "name":
				name, err = p.str(field + " name")
				named = name != nil
			case "value":
				value, err = p.str(field + " value")
			default:
				err = p.s.skip(5)
			}
			return err
		})
		if err != nil {
			return err
		}
		if named {
			f.add(string(name), string(value), p.max)
		}
	}
}

// add appends name=value, url-encoded, keeping at most max bytes of text.
func (f *harForm) add(name, value string, max int64) {
	pair := url.QueryEscape(name) + "=" + url.QueryEscape(value)
	if f.size > 0 {
		pair = "&" + pair
	}
	f.size += int64(len(pair))
	if f.size <= max {
		f.text = append(f.text, pair...)
	} else {
		f.text = nil
	}
}

// useForm makes the params of a request without a body text its body: a
// text that is present and not empty wins, as HAR 1.2 has them exclusive.
// A request without a Content-Type header gets postData.mimeType (or
// application/x-www-form-urlencoded), which is what the params were sent as.
func (m *harMsg) useForm() {
	f := &m.form
	if !f.has || (m.hasText && m.size > 0) || f.size == 0 {
		return
	}
	m.text, m.size, m.hasText, m.encoding, m.pad = f.text, f.size, true, nil, 0
	if m.header.Get("Content-Type") == "" {
		mime := string(f.mime)
		if mime == "" {
			mime = "application/x-www-form-urlencoded"
		}
		m.header.Set("Content-Type", mime)
	}
}
