package userdata

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
)

// ParseVersions reads a versions file in the format of jaiabot's
// scripts/common-versions.env and returns its KEY=value pairs. name labels
// errors.
//
// The accepted format is the subset of shell assignments on which bash and
// this parser agree, so that a file sourced by jaiabot's scripts means the same
// here:
//
//   - blank lines and lines whose first non-blank character is # are ignored;
//   - every other line is KEY=value, KEY matching [A-Za-z_][A-Za-z0-9_]*,
//     with no blank around the =, optionally indented, trailing blanks
//     ignored;
//   - value is empty, a bare word without blanks, quotes, backslashes or the
//     characters $ ` ; & | < > ( ) ~, a '…' string without ', or a "…" string
//     without " \ $ `.
//
// Nothing is expanded. A duplicate key, a carriage return or any other line is
// an error naming name:line.
func ParseVersions(name string, r io.Reader) (map[string]string, error) {
	vars := map[string]string{}
	firstLine := map[string]int{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	sc.Split(scanLinesKeepCR)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		fail := func(format string, args ...any) error {
			return fmt.Errorf("%s:%d: %s", name, n, fmt.Sprintf(format, args...))
		}
		if strings.ContainsRune(line, '\r') {
			return nil, fail("carriage return (DOS line ending?)")
		}
		s := strings.TrimRight(strings.TrimLeft(line, " \t"), " \t")
		if s == "" || s[0] == '#' {
			continue
		}
		key, raw, ok := strings.Cut(s, "=")
		if !ok || !ValidName(key) {
			return nil, fail("expected KEY=value, got %q", s)
		}
		value, err := versionValue(raw)
		if err != nil {
			return nil, fail("%s: %v", key, err)
		}
		if prev, dup := firstLine[key]; dup {
			return nil, fail("duplicate key %s (first set on line %d)", key, prev)
		}
		firstLine[key] = n
		vars[key] = value
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s:%d: %w", name, n+1, err)
	}
	return vars, nil
}

// versionValue decodes the right-hand side of one assignment.
func versionValue(raw string) (string, error) {
	if raw == "" {
		return "", nil
	}
	switch q := raw[0]; q {
	case '\'', '"':
		if len(raw) < 2 || raw[len(raw)-1] != q {
			return "", fmt.Errorf("unterminated or trailing text after %c-quoted value %q", q, raw)
		}
		inner := raw[1 : len(raw)-1]
		bad := "'"
		if q == '"' {
			bad = "\"\\$`"
		}
		if strings.ContainsAny(inner, bad) {
			return "", fmt.Errorf("value %s may not contain any of %s (no escapes or expansion)", raw, bad)
		}
		return inner, nil
	}
	if strings.ContainsAny(raw, " \t'\"\\$`;&|<>()~") {
		return "", fmt.Errorf("unquoted value %q contains a blank or a shell special character; quote it with '…'", raw)
	}
	return raw, nil
}

// scanLinesKeepCR is bufio.ScanLines without its removal of a trailing \r,
// so that a DOS line ending is seen and refused (bash would keep the \r in
// the value).
func scanLinesKeepCR(data []byte, atEOF bool) (advance int, token []byte, err error) {
	if atEOF && len(data) == 0 {
		return 0, nil, nil
	}
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		return i + 1, data[:i], nil
	}
	if atEOF {
		return len(data), data, nil
	}
	return 0, nil, nil
}
