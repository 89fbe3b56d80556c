package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/wepaykit/wepaykit/audit"
)

// recordingExts are the file name extensions searched for in directories.
func recordingExts() []string { return []string{".har", ".yaml", ".yml", ".jsonl", ".json"} }

// InputError reports a FILE argument that cannot be used.
type InputError struct {
	Path string
	Msg  string
}

// Error implements error.
func (e *InputError) Error() string { return fmt.Sprintf("cannot read %s: %s", e.Path, e.Msg) }

// inputs turns FILE arguments into audit inputs: files, the recordings in
// directories (in lexical order) and "-" for stdin.
func (e *env) inputs(args []string) ([]audit.Input, []string, error) {
	var ins []audit.Input
	var names []string
	add := func(name string, open func() (io.ReadCloser, error)) {
		ins = append(ins, audit.Input{Name: name, Open: open})
		names = append(names, name)
	}
	stdin := false
	for _, a := range args {
		if a == "-" {
			if stdin {
				return nil, nil, &InputError{Path: "-", Msg: "standard input given twice"}
			}
			stdin = true
			r := e.stdin
			add("-", func() (io.ReadCloser, error) { return io.NopCloser(r), nil })
			continue
		}
		st, err := os.Stat(a)
		if err != nil {
			return nil, nil, &InputError{Path: a, Msg: pathErrText(err)}
		}
		if !st.IsDir() {
			add(a, opener(a))
			continue
		}
		n := len(ins)
		err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return &InputError{Path: p, Msg: pathErrText(err)}
			}
			if d.Type().IsRegular() && hasExt(p) {
				add(p, opener(p))
			}
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
		if len(ins) == n {
			return nil, nil, &InputError{Path: a, Msg: "no recordings (*.har, *.yaml, *.yml, *.jsonl, *.json) in the directory"}
		}
	}
	return ins, names, nil
}

func opener(p string) func() (io.ReadCloser, error) {
	return func() (io.ReadCloser, error) { return os.Open(p) }
}

func hasExt(p string) bool {
	ext := strings.ToLower(filepath.Ext(p))
	for _, x := range recordingExts() {
		if ext == x {
			return true
		}
	}
	return false
}

// pathErrText is an os error without the path it repeats.
func pathErrText(err error) string {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err.Error()
	}
	return err.Error()
}
