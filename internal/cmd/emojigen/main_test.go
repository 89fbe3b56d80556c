package main

import (
	"bytes"
	"os"
	"testing"
)

// TestGeneratedTableUpToDate regenerates internal/emoji/tables_gen.go from
// the committed data file and fails when the committed copy differs: run
// go generate ./internal/emoji/ after changing either.
func TestGeneratedTableUpToDate(t *testing.T) {
	data, err := os.ReadFile("../../emoji/emoji-data.txt")
	if err != nil {
		t.Fatal(err)
	}
	want, err := generate(data)
	if err != nil {
		t.Fatal(err)
	}
	have, err := os.ReadFile("../../emoji/tables_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(want, have) {
		t.Fatal("internal/emoji/tables_gen.go is stale: run go generate ./internal/emoji/")
	}
}

func TestGenerateRejectsBadData(t *testing.T) {
	for _, bad := range []string{"2600 Emoji\n", "ZZZZ ; Emoji\n", "2601..2600 ; Emoji\n", "110000 ; Emoji\n", "# nothing\n"} {
		if _, err := generate([]byte(bad)); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}
