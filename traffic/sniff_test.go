package traffic

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestSniffTakesEveryRecording: each sample recording of the project is
// taken by Sniff with the format Detect gives.
func TestSniffTakesEveryRecording(t *testing.T) {
	var files []string
	for _, dir := range []string{"../testdata/traffic", "testdata"} {
		ents, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ents {
			if !e.IsDir() {
				files = append(files, filepath.Join(dir, e.Name()))
			}
		}
	}
	taken := 0
	for _, f := range files {
		data, _ := os.ReadFile(f)
		if len(data) > PeekSize {
			data = data[:PeekSize]
		}
		want, derr := Detect(data)
		got, err := Sniff(data)
		if derr != nil {
			if err == nil {
				t.Errorf("%s: Sniff takes what Detect refuses", f)
			}
			continue
		}
		if err != nil || got != want {
			t.Errorf("%s: Sniff = %q, %v; Detect = %q", f, got, err, want)
		}
		taken++
	}
	if taken < 10 {
		t.Errorf("only %d recordings taken", taken)
	}
}

// TestSniffRefusesLookalikes: files that sit beside recordings and that
// Detect, which looks at one key, would take.
func TestSniffRefusesLookalikes(t *testing.T) {
	cases := map[string]string{
		"logging config":       `{"log": {"level": "debug", "file": "/var/log/app.log"}, "server": {"port": 8080}}`,
		"pretty fixture":       "{\n  \"request\": {\"name\": \"Cake Shop\"},\n  \"expect\": \"error\"\n}\n",
		"request is a string":  `{"request": "/account/create", "response": 200}` + "\n",
		"broken first line":    `{"request": {"method": "POST"}, "response": ` + "\n",
		"vcr json not array":   `{"http_interactions": {"count": 3}}`,
		"docker compose":       "version: \"3.8\"\nservices:\n  web:\n    image: nginx\n",
		"buf.yaml":             "version: v1\nlint:\n  use: [DEFAULT]\n",
		"wepaykit json report": `{"entries": 3, "validated": 3, "findings": []}`,
	}
	for name, text := range cases {
		if _, err := Sniff([]byte(text)); err == nil {
			t.Errorf("%s: taken as a recording", name)
		} else if ue := (*UnknownFormatError)(nil); !errors.As(err, &ue) {
			t.Errorf("%s: %T, want *UnknownFormatError", name, err)
		}
	}
	// A JSON-lines file whose first line is longer than the prefix is
	// still taken, from the start of its first object.
	long := append([]byte(`{"request":{"method":"POST","url":"https://stage.wepayapi.com/v2/account","body":{"name":"`), bytes.Repeat([]byte("x"), PeekSize)...)
	if f, err := Sniff(long[:PeekSize]); err != nil || f != FormatJSONL {
		t.Errorf("long first line: %q, %v", f, err)
	}
}

func FuzzSniff(f *testing.F) {
	addSeeds(f)
	f.Add([]byte(`{"log": {"level": "x"}}`))
	f.Add([]byte("version: 1\nservices: {}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := Sniff(data)
		if (got == "") == (err == nil) {
			t.Fatalf("Sniff = %q, %v", got, err)
		}
		if err == nil {
			if d, derr := Detect(data); derr != nil || d != got {
				t.Fatalf("Sniff takes %q as %q, Detect says %q, %v", data, got, d, derr)
			}
		}
	})
}

// TestNewReaderRefusesLookalikes: a named file that starts like a HAR or a
// YAML cassette without the shape of one is refused with the reason, not
// read as an empty recording or a cassette of version "3.8".
func TestNewReaderRefusesLookalikes(t *testing.T) {
	for name, text := range map[string]string{
		"logging.json":       `{"log": {"level": "debug"}}`,
		"docker-compose.yml": "version: \"3.8\"\nservices:\n  web:\n    image: nginx\n",
	} {
		_, err := NewReader(name, bytes.NewReader([]byte(text)), Options{})
		var fe *FileError
		var ue *UnknownFormatError
		if !errors.As(err, &fe) || !errors.As(err, &ue) {
			t.Errorf("%s: %v, want a *FileError with an *UnknownFormatError", name, err)
		}
	}
}
