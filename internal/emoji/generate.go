// Package emoji answers whether text contains an emoji, from the Unicode
// emoji properties (UTS #51). The tables in tables_gen.go are generated from
// emoji-data.txt (Unicode 15.0, as the Debian package unicode-data ships it
// at /usr/share/unicode/emoji/emoji-data.txt); TestGeneratedTableUpToDate in
// internal/cmd/emojigen fails when they drift from the data file.
package emoji

//go:generate go run ../cmd/emojigen -data emoji-data.txt -out tables_gen.go
