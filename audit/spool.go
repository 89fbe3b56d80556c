package audit

import (
	"bufio"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"sync"
)

// SpoolError reports that a spool file (see Options.Spool) could not be
// written or read back.
type SpoolError struct{ Err error }

// Error implements error.
func (e *SpoolError) Error() string { return "audit: spool: " + e.Err.Error() }

// Unwrap returns the underlying error.
func (e *SpoolError) Unwrap() error { return e.Err }

// spoolFile is an append-only temporary file of gob-encoded records, read
// back from its start as often as needed. The file is removed from its
// directory as soon as it is created where the system allows it (it lives
// on while open), so that no file is left behind even if the process is
// killed; Close removes it otherwise.
type spoolFile struct {
	f       *os.File
	w       *bufio.Writer
	enc     *gob.Encoder
	n       int   // records written
	size    int64 // bytes once flushed
	removed bool  // unlinked at creation
}

func newSpoolFile(dir, pattern string) (*spoolFile, error) {
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return nil, &SpoolError{Err: err}
	}
	s := &spoolFile{f: f, w: bufio.NewWriterSize(f, 64<<10)}
	s.enc = gob.NewEncoder(s.w)
	s.removed = os.Remove(f.Name()) == nil // not on Windows: Close removes it
	return s, nil
}

func (s *spoolFile) add(v any) error {
	if err := s.enc.Encode(v); err != nil {
		return &SpoolError{Err: err}
	}
	s.n++
	return nil
}

// seal flushes what was written; the file is read-only from then on.
func (s *spoolFile) seal() error {
	if err := s.w.Flush(); err != nil {
		return &SpoolError{Err: err}
	}
	off, err := s.f.Seek(0, io.SeekCurrent)
	if err != nil {
		return &SpoolError{Err: err}
	}
	s.size = off
	return nil
}

func (s *spoolFile) close() error {
	if s == nil {
		return nil
	}
	err := s.f.Close()
	if !s.removed {
		if rerr := os.Remove(s.f.Name()); rerr != nil && !errors.Is(rerr, os.ErrNotExist) && err == nil {
			err = rerr
		}
	}
	return err
}

// records reads the records of a sealed spool file back, in order. Each
// call reads the file from its start with its own decoder, so several
// iterations may run at once. A read error stops the iteration and is
// passed to fail.
func records[T any](s *spoolFile, fail func(error)) iter.Seq[T] {
	return func(yield func(T) bool) {
		if s == nil || s.n == 0 {
			return
		}
		dec := gob.NewDecoder(bufio.NewReaderSize(io.NewSectionReader(s.f, 0, s.size), 64<<10))
		for range s.n {
			var v T // a fresh value: gob leaves the fields a record omits untouched
			if err := dec.Decode(&v); err != nil {
				fail(&SpoolError{Err: fmt.Errorf("reading back %s: %w", s.f.Name(), err)})
				return
			}
			if !yield(v) {
				return
			}
		}
	}
}

// spool holds a result's findings, suppressed findings and exchanges in
// temporary files instead of memory (Options.Spool).
type spool struct {
	dir       string
	raw       *spoolFile // findings as the collector meets them, in reading order
	exchanges *spoolFile
	kept      *spoolFile // after the state replay and the policy: Result.AllFindings
	keptRaw   bool       // kept is the raw spool (no state finding, no policy): records are spooledFindings
	supp      *spoolFile // Result.AllSuppressed
	// state are the findings of the state replay, few, sorted by input
	// and entry, until finishSpool merges them with raw.
	state []spooledFinding

	mu  sync.Mutex
	err error // the first error met, see Result.Err
}

// spooledFinding is a finding of the raw spool, with its input's index.
type spooledFinding struct {
	FileIndex int
	F         EntryFinding
}

func newSpool(dir string, keepExchanges bool) (*spool, error) {
	sp := &spool{dir: dir}
	var err error
	if sp.raw, err = newSpoolFile(dir, "wepaykit-findings-*"); err != nil {
		return nil, err
	}
	if keepExchanges {
		if sp.exchanges, err = newSpoolFile(dir, "wepaykit-exchanges-*"); err != nil {
			sp.close()
			return nil, err
		}
	}
	return sp, nil
}

// fail records the first error.
func (sp *spool) fail(err error) {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	if sp.err == nil {
		sp.err = err
	}
}

func (sp *spool) error() error {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	return sp.err
}

func (sp *spool) close() error {
	var errs []error
	for _, f := range []*spoolFile{sp.raw, sp.exchanges, sp.kept, sp.supp} {
		if err := f.close(); err != nil {
			errs = append(errs, err)
		}
	}
	sp.raw, sp.exchanges, sp.kept, sp.supp = nil, nil, nil, nil
	return errors.Join(errs...)
}
