package main

import (
	"encoding/json"
	"io"
	"strconv"
)

func itoa(n int) string { return strconv.Itoa(n) }

// writeJSON writes v as indented JSON with a trailing newline.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
