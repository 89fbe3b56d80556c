package main

import "io/fs"

// pathErrText is an os error without the path it repeats.
func pathErrText(err error) string {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err.Error()
	}
	return err.Error()
}
