package traffic

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// EntryError reports damage local to one entry of a recording: a malformed
// JSON line, a HAR entry whose fields have the wrong types, a cassette
// interaction that is not valid YAML. The reader stays usable: calling Next
// again continues with the following entry.
type EntryError struct {
	File  string // file name as given to the reader
	Entry int    // 0-based index of the entry (see Exchange.Index)
	Line  int    // 1-based line where the entry starts, 0 if unknown
	Err   error  // what is wrong with the entry
}

// Error implements error.
func (e *EntryError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "traffic: %s: entry %d", e.File, e.Entry)
	if e.Line > 0 {
		fmt.Fprintf(&b, " (line %d)", e.Line)
	}
	b.WriteString(": ")
	b.WriteString(errText(e.Err))
	return b.String()
}

// Unwrap returns the underlying error.
func (e *EntryError) Unwrap() error { return e.Err }

// FileError reports damage that stops the whole stream: truncated input, a
// file that is not in the expected format, binary garbage, or a read error.
// Once a reader has returned a FileError, every later call to Next returns
// the same error.
type FileError struct {
	File   string // file name as given to the reader
	Line   int    // 1-based line of the damage, 0 if unknown
	Offset int64  // 0-based byte offset of the damage (meaningful when Line > 0)
	Err    error  // what is wrong
}

// Error implements error.
func (e *FileError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "traffic: %s", e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ": line %d (offset %d)", e.Line, e.Offset)
	}
	b.WriteString(": ")
	b.WriteString(errText(e.Err))
	return b.String()
}

// Unwrap returns the underlying error.
func (e *FileError) Unwrap() error { return e.Err }

// SyntaxError describes input that does not follow the syntax of its format.
// Err, when set, is a more general cause such as io.ErrUnexpectedEOF for
// truncated input.
type SyntaxError struct {
	Msg string
	Err error
}

// Error implements error.
func (e *SyntaxError) Error() string { return e.Msg }

// Unwrap returns the general cause, if any.
func (e *SyntaxError) Unwrap() error { return e.Err }

// FieldError describes a field of an entry that is missing, has the wrong
// type or cannot be decoded. Field names the field as a path such as
// "response content.text"; Msg, or else Err, says what is wrong.
type FieldError struct {
	Field string
	Msg   string
	Err   error
}

// Error implements error.
func (e *FieldError) Error() string {
	if e.Msg == "" {
		return e.Field + ": " + errText(e.Err)
	}
	return e.Field + ": " + e.Msg
}

// Unwrap returns the underlying error, if any.
func (e *FieldError) Unwrap() error { return e.Err }

// TooLongError reports a JSON line or a cassette interaction that is larger
// than the reader accepts; its entry is skipped.
type TooLongError struct {
	What  string // "line", "interaction"
	Limit int64  // bytes accepted
	Size  int64  // bytes seen (at least Limit+1)
}

// Error implements error.
func (e *TooLongError) Error() string {
	return fmt.Sprintf("%s is %d bytes, longer than the limit of %d bytes", e.What, e.Size, e.Limit)
}

// UnknownFormatError is returned by Detect (and, wrapped in a FileError, by
// NewReader) for input that is none of the formats this package reads.
type UnknownFormatError struct {
	Reason string
}

// Error implements error.
func (e *UnknownFormatError) Error() string {
	return "input is none of HAR, go-vcr cassette, Ruby VCR cassette, vcrpy cassette or JSON lines: " + e.Reason
}

// VersionError reports a go-vcr cassette whose version is not 1 or 2, or a
// vcrpy cassette whose version is not 1.
type VersionError struct {
	Version string
	Format  Format // FormatCassette when empty
}

// Error implements error.
func (e *VersionError) Error() string {
	name, want := "go-vcr cassette", "1 or 2"
	if e.Format == FormatVCRPy {
		name, want = "vcrpy cassette", "1"
	}
	if e.Version == "" {
		return fmt.Sprintf("missing %s version (want %s)", name, want)
	}
	return fmt.Sprintf("unsupported %s version %q (want %s)", name, clipText(e.Version, 32), want)
}

// clipText bounds a piece of input quoted in an error message.
func clipText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

func errText(err error) string {
	if err == nil {
		return "unknown error"
	}
	return boundText(err.Error())
}

// Bounds of an error message: a hostile file must not make an error
// message (and a report of them) of unbounded size.
const (
	maxErrLines = 4
	maxErrBytes = 600
)

// boundText keeps the first lines and bytes of an error message, saying
// how much was left out.
func boundText(s string) string {
	if len(s) <= maxErrBytes && strings.Count(s, "\n") < maxErrLines {
		return s
	}
	lines := strings.SplitN(s, "\n", maxErrLines+1)
	more := 0
	if len(lines) > maxErrLines {
		more = strings.Count(lines[maxErrLines], "\n") + 1
		lines = lines[:maxErrLines]
	}
	out := strings.Join(lines, "\n")
	if len(out) > maxErrBytes {
		cut := maxErrBytes
		for cut > 0 && !utf8.RuneStart(out[cut]) {
			cut--
		}
		out = out[:cut] + "…"
	}
	if more > 0 {
		out += fmt.Sprintf("\n(and %d more lines)", more)
	}
	return out
}
