package userdata

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
)

// Problem is one fault found in a template.
type Problem struct {
	// Line is the 1-based line on which the offending "${" starts.
	Line int
	// Name is the variable name of an undefined ${NAME}; it is empty for a
	// malformed reference.
	Name string
	// Msg says what is wrong, in words fit for the template's author.
	Msg string
}

// TemplateError reports every problem found in one template, in source order.
type TemplateError struct {
	// File names the template, as given to [Expand] or [References].
	File string
	// Problems lists the faults in source order; it is never empty.
	Problems []Problem
}

// Error returns one line per problem, each as file:line: message, preceded
// by a summary line that names the undefined variables in sorted order.
func (e *TemplateError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d template error(s)", e.File, len(e.Problems))
	if u := e.Undefined(); len(u) > 0 {
		fmt.Fprintf(&b, "; undefined variable(s): %s", strings.Join(u, ", "))
	}
	for _, p := range e.Problems {
		fmt.Fprintf(&b, "\n%s:%d: %s", e.File, p.Line, p.Msg)
	}
	return b.String()
}

// Undefined returns the sorted, de-duplicated names of the undefined
// variables among the problems.
func (e *TemplateError) Undefined() []string {
	var names []string
	for _, p := range e.Problems {
		if p.Name != "" {
			names = append(names, p.Name)
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// Expand substitutes ${NAME} in src with vars[NAME] and $${ with a literal
// ${; every other byte is copied unchanged. name labels errors (usually the
// template's path). Values are inserted verbatim, without any quoting.
//
// The error, if any, is a *[TemplateError] listing every undefined variable
// and every malformed "${" of the template with its line.
func Expand(name string, src []byte, vars map[string]string) ([]byte, error) {
	out, problems := walk(src, func(n string) (string, bool) {
		v, ok := vars[n]
		return v, ok
	})
	if len(problems) > 0 {
		return nil, &TemplateError{File: name, Problems: problems}
	}
	return out, nil
}

// References returns the sorted, de-duplicated names of the variables that
// src references as ${NAME}. The error, if any, is a *[TemplateError] for
// malformed "${" sequences; no name is ever undefined here.
func References(name string, src []byte) ([]string, error) {
	var names []string
	_, problems := walk(src, func(n string) (string, bool) {
		names = append(names, n)
		return "", true
	})
	if len(problems) > 0 {
		return nil, &TemplateError{File: name, Problems: problems}
	}
	slices.Sort(names)
	return slices.Compact(names), nil
}

// walk is the one scanner behind Expand and References. lookup resolves a
// well-formed name; it reports false for an undefined one.
func walk(src []byte, lookup func(string) (string, bool)) ([]byte, []Problem) {
	var (
		out      = make([]byte, 0, len(src))
		problems []Problem
		line     = 1
		i        = 0
	)
	for i < len(src) {
		k := bytes.IndexByte(src[i:], '$')
		if k < 0 {
			out = append(out, src[i:]...)
			break
		}
		line += bytes.Count(src[i:i+k], []byte{'\n'})
		out = append(out, src[i:i+k]...)
		i += k
		rest := src[i:]
		switch {
		case bytes.HasPrefix(rest, []byte("$${")):
			out = append(out, '$', '{')
			i += 3
		case bytes.HasPrefix(rest, []byte("${")):
			n, ok := refName(rest)
			if !ok {
				problems = append(problems, Problem{Line: line, Msg: fmt.Sprintf(
					"%q is not a template variable reference ${NAME} (NAME is [A-Za-z_][A-Za-z0-9_]*); write $${ to pass a literal ${ to the shell",
					excerpt(rest))})
				out = append(out, '$', '{')
				i += 2
				continue
			}
			if v, defined := lookup(n); defined {
				out = append(out, v...)
			} else {
				problems = append(problems, Problem{Line: line, Name: n,
					Msg: fmt.Sprintf("undefined variable ${%s}", n)})
				out = append(out, rest[:len(n)+3]...)
			}
			i += len(n) + 3
		default:
			out = append(out, '$')
			i++
		}
	}
	return out, problems
}

// refName parses "${NAME}" at the start of s.
func refName(s []byte) (string, bool) {
	j := 2
	for j < len(s) && isNameByte(s[j], j == 2) {
		j++
	}
	if j == 2 || j >= len(s) || s[j] != '}' {
		return "", false
	}
	return string(s[2:j]), true
}

func isNameByte(c byte, first bool) bool {
	switch {
	case c == '_', 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		return true
	case '0' <= c && c <= '9':
		return !first
	}
	return false
}

// ValidName reports whether s can be used as a template variable name.
func ValidName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isNameByte(s[i], i == 0) {
			return false
		}
	}
	return true
}

// excerpt returns the start of a malformed reference for an error message:
// up to and including the closing brace, cut at a line end or 24 bytes.
func excerpt(s []byte) string {
	end := len(s)
	if k := bytes.IndexAny(s, "}\n"); k >= 0 {
		end = k
		if s[k] == '}' {
			end++
		}
	}
	if end > 24 {
		return string(s[:24]) + "…"
	}
	return string(s[:end])
}
