package fake

import "github.com/wepaykit/wepaykit/internal/jsonptr"

// put stores v at ptr (the parent must exist) and returns the root, which
// is v itself when ptr is "".
func put(root any, ptr string, v any) any {
	r, _ := jsonptr.Set(root, ptr, v)
	return r
}

// remove deletes the member at ptr and returns the root.
func remove(root any, ptr string) any {
	jsonptr.Delete(root, ptr)
	return root
}

// mustGet returns the value at ptr, or nil.
func mustGet(root any, ptr string) any {
	v, _ := jsonptr.Get(root, ptr)
	return v
}
