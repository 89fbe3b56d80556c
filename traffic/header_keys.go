package traffic

import "net/textproto"

// maxHeaderKeys bounds the header names a reader remembers, so that a file
// of ever-new names cannot grow the cache without end.
const maxHeaderKeys = 256

// headerKeys turns header names as recorded into the canonical keys of
// http.Header (textproto.CanonicalMIMEHeaderKey), remembering the keys it
// made: the dozen names every entry repeats then cost no allocation. One
// belongs to one reader; it is not safe for concurrent use.
type headerKeys struct {
	m map[string]string
}

// key returns the canonical key of name.
func (k *headerKeys) key(name []byte) string {
	if s, ok := k.m[string(name)]; ok {
		return s
	}
	s := textproto.CanonicalMIMEHeaderKey(string(name))
	if len(k.m) < maxHeaderKeys {
		if k.m == nil {
			k.m = make(map[string]string)
		}
		k.m[string(name)] = s
	}
	return s
}
