package audit

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/wepaykit/wepaykit/traffic"
)

// DefaultOpenTimeout is how long [Inputs] waits for a writer on a named pipe.
const DefaultOpenTimeout = 5 * time.Second

// InputOptions configures [Inputs].
type InputOptions struct {
	// Stdin is read for the path "-" (at most once).
	Stdin io.Reader
	// Exclude are glob patterns (path.Match syntax) of files and
	// directories not to read, whether named in the paths or found in a
	// directory. A pattern is matched against the base name and against
	// the slash-separated path: as given for a named path, relative to
	// the directory given for a path found in it. A matching directory is
	// not entered. So "wepaykit validate --exclude '*.golden.json' dir/*"
	// leaves out what the shell expanded as "--exclude ... dir" would.
	Exclude []string
	// OpenTimeout bounds the wait for a writer when a named pipe (FIFO) is
	// given; 0 means DefaultOpenTimeout.
	OpenTimeout time.Duration
	// AllowEmpty accepts a directory that holds no recording, and paths
	// that are all excluded: the set is then empty (with its Skipped
	// listed) instead of an error, for a run that accepts validating
	// nothing (wepaykit validate --allow-empty).
	AllowEmpty bool
}

// Skip is a file found in a directory that is not read.
type Skip struct {
	Path   string
	Reason string // "not a recording: ...", "not a regular file", "excluded"
}

// InputSet is what [Inputs] found.
type InputSet struct {
	// Inputs are the recordings to read, in order: the paths as given,
	// with the recordings of each directory in lexical order. A file or
	// directory that cannot be read is an input whose Open fails, so that
	// the rest is still read and the failure is reported (as an
	// *OpenError) with the results.
	Inputs []Input
	// Skipped lists what is not read: the files of directories whose
	// content is not a recording, non-regular files (named pipes, sockets,
	// devices) found in directories, and the paths, named or found,
	// Exclude matched; never dot files.
	Skipped []Skip
}

// Names returns the names of the inputs, in order.
func (s *InputSet) Names() []string {
	out := make([]string, len(s.Inputs))
	for i, in := range s.Inputs {
		out[i] = in.Name
	}
	return out
}

// PathError reports a path argument that cannot be used at all (it does not
// exist, "-" twice, a bad exclude pattern, a directory with no recording).
type PathError struct {
	Path string
	Msg  string
}

// Error implements error.
func (e *PathError) Error() string { return fmt.Sprintf("cannot read %s: %s", e.Path, e.Msg) }

// Inputs turns path arguments into inputs for [Run]: a file is read as
// given (its format is told from its content when it is read); a
// directory is walked, and only the files whose content is a recording
// (see traffic.Detect) are taken; "-" is o.Stdin. Walking skips dot files
// and dot directories (such as .git), the patterns of o.Exclude, and
// non-regular files; a named pipe given as a path is opened with a
// timeout, so a pipe without a writer cannot hang the run. A subdirectory
// or file that cannot be read becomes an input that fails to open: it is
// reported with the results and the rest is read.
//
// It fails with a *PathError when a path does not exist, "-" is given
// twice, a pattern is malformed, or a directory holds no recording.
func Inputs(paths []string, o InputOptions) (*InputSet, error) {
	for _, p := range o.Exclude {
		if _, err := path.Match(p, ""); err != nil {
			return nil, &PathError{Path: p, Msg: "bad --exclude pattern: " + err.Error()}
		}
	}
	if o.OpenTimeout <= 0 {
		o.OpenTimeout = DefaultOpenTimeout
	}
	set := &InputSet{}
	stdin := false
	for _, a := range paths {
		if a == "-" {
			if stdin {
				return nil, &PathError{Path: "-", Msg: "standard input given twice"}
			}
			stdin = true
			r := o.Stdin
			if r == nil {
				r = strings.NewReader("")
			}
			set.Inputs = append(set.Inputs, Input{Name: "-", Open: func() (io.ReadCloser, error) { return io.NopCloser(r), nil }})
			continue
		}
		st, err := os.Stat(a)
		if err != nil {
			return nil, &PathError{Path: a, Msg: pathErrText(err)}
		}
		if named := filepath.ToSlash(filepath.Clean(a)); excluded(named, path.Base(named), o.Exclude) {
			set.Skipped = append(set.Skipped, Skip{Path: a, Reason: "excluded"})
			continue
		}
		if !st.IsDir() {
			set.Inputs = append(set.Inputs, Input{Name: a, Open: openerFor(a, st.Mode(), o.OpenTimeout)})
			continue
		}
		n, skipped := len(set.Inputs), len(set.Skipped)
		if err := set.walk(a, o); err != nil {
			return nil, err
		}
		if len(set.Inputs) == n && !o.AllowEmpty {
			msg := "no recordings in the directory"
			if k := len(set.Skipped) - skipped; k > 0 {
				msg += fmt.Sprintf(" (%d files are not recordings)", k)
			}
			return nil, &PathError{Path: a, Msg: msg}
		}
	}
	if len(set.Inputs) == 0 && len(paths) > 0 && !o.AllowEmpty {
		return nil, &PathError{Path: strings.Join(paths, ", "), Msg: "every path given is excluded (--exclude): nothing to read"}
	}
	return set, nil
}

func (set *InputSet) walk(root string, o InputOptions) error {
	return set.walkFS(root, os.DirFS(root), o)
}

// walkFS walks fsys, the contents of the directory root (named root in
// the inputs).
func (set *InputSet) walkFS(root string, fsys fs.FS, o InputOptions) error {
	failed := func(name string, err error) {
		set.Inputs = append(set.Inputs, Input{Name: name, Open: func() (io.ReadCloser, error) { return nil, err }})
	}
	return fs.WalkDir(fsys, ".", func(rel string, d fs.DirEntry, err error) error {
		name := filepath.Join(root, filepath.FromSlash(rel))
		if err != nil {
			if rel == "." && d == nil {
				return &PathError{Path: root, Msg: pathErrText(err)}
			}
			// An unreadable subdirectory (or a file that vanished): report
			// it with the results, read the rest.
			failed(name, err)
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if rel == "." {
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") || excluded(rel, d.Name(), o.Exclude) {
			if !strings.HasPrefix(d.Name(), ".") {
				set.Skipped = append(set.Skipped, Skip{Path: name, Reason: "excluded"})
			}
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		regular := d.Type().IsRegular()
		if d.Type()&fs.ModeSymlink != 0 {
			st, err := fs.Stat(fsys, rel)
			if err != nil {
				// A dangling link (or one to a file we may not read) is
				// an unreadable file, reported with the results.
				failed(name, &BrokenLinkError{Err: err})
				return nil
			}
			regular = st.Mode().IsRegular()
		}
		if !regular {
			set.Skipped = append(set.Skipped, Skip{Path: name, Reason: "not a regular file"})
			return nil
		}
		ok, why, err := sniff(fsys, rel)
		switch {
		case err != nil:
			failed(name, err)
		case ok:
			set.Inputs = append(set.Inputs, Input{Name: name, Open: func() (io.ReadCloser, error) { return fsys.Open(rel) }})
		default:
			set.Skipped = append(set.Skipped, Skip{Path: name, Reason: "not a recording: " + why})
		}
		return nil
	})
}

// BrokenLinkError reports a symbolic link of a walked directory whose
// target is missing or cannot be read: the file it stands for is
// unreadable, which fails the run rather than being skipped.
type BrokenLinkError struct {
	Err error // from following the link
}

// Error implements error.
func (e *BrokenLinkError) Error() string {
	return "symbolic link to a file that cannot be read: " + pathErrText(e.Err)
}

// Unwrap returns the error of following the link.
func (e *BrokenLinkError) Unwrap() error { return e.Err }

func excluded(rel, base string, patterns []string) bool {
	for _, p := range patterns {
		if ok, _ := path.Match(p, base); ok {
			return true
		}
		if ok, _ := path.Match(p, rel); ok {
			return true
		}
	}
	return false
}

// sniff tells whether the file p of fsys is a recording from its first bytes.
func sniff(fsys fs.FS, p string) (bool, string, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return false, "", err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, traffic.PeekSize)
	prefix, err := br.Peek(traffic.PeekSize)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return false, "", err
	}
	if _, err := traffic.Sniff(prefix); err != nil {
		var ue *traffic.UnknownFormatError
		if errors.As(err, &ue) {
			return false, ue.Reason, nil
		}
		return false, err.Error(), nil
	}
	return true, "", nil
}

// openerFor opens a path given by the user: a named pipe with a timeout,
// anything else as it is.
func openerFor(p string, mode fs.FileMode, timeout time.Duration) func() (io.ReadCloser, error) {
	if mode&fs.ModeNamedPipe == 0 {
		return func() (io.ReadCloser, error) { return os.Open(p) }
	}
	return func() (io.ReadCloser, error) { return openPipe(p, timeout) }
}

// PipeTimeoutError reports a named pipe that no writer opened in time.
type PipeTimeoutError struct {
	Timeout time.Duration
}

// Error implements error.
func (e *PipeTimeoutError) Error() string {
	return fmt.Sprintf("named pipe without a writer after %s", e.Timeout)
}

// openPipe opens a named pipe for reading, waiting at most timeout for a
// writer. Opening a pipe blocks until a writer comes; when none comes, the
// pending open is released by opening the pipe for writing ourselves (which
// a waiting reader allows) and closing it at once.
func openPipe(p string, timeout time.Duration) (io.ReadCloser, error) {
	type res struct {
		f   *os.File
		err error
	}
	done := make(chan res, 1)
	go func() {
		f, err := os.Open(p)
		done <- res{f, err}
	}()
	select {
	case r := <-done:
		return r.f, r.err
	case <-time.After(timeout):
	}
	if w, err := os.OpenFile(p, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
		_ = w.Close()
	}
	go func() { // the open ends now (or when a writer comes): close what it got
		if r := <-done; r.f != nil {
			_ = r.f.Close()
		}
	}()
	return nil, &PipeTimeoutError{Timeout: timeout}
}

// pathErrText is an os error without the path it repeats.
func pathErrText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
