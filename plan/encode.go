package plan

import (
	"encoding/json"
	"math"
	"sort"
	"strconv"
	"unicode/utf8"
)

// The plan encoder writes exactly what encoding/json writes for a Plan with
// SetEscapeHTML(false) and SetIndent("", "  ") (TestEncode* check this
// byte for byte) in a fraction of the time: a 250-fleet plan is 15 MB, most
// of it user data, and reflection over map[string]any dominated the cost.

type encoder struct {
	b      []byte
	indent []byte // "\n" followed by the current indentation
}

func (e *encoder) nl()   { e.b = append(e.b, e.indent...) }
func (e *encoder) push() { e.indent = append(e.indent, ' ', ' ') }
func (e *encoder) pop()  { e.indent = e.indent[:len(e.indent)-2] }

// key writes `"k": ` on a new line, preceded by a comma unless first.
func (e *encoder) key(k string, first bool) {
	if !first {
		e.b = append(e.b, ',')
	}
	e.nl()
	e.b = appendString(e.b, k)
	e.b = append(e.b, ':', ' ')
}

func appendPlan(b []byte, p *Plan) []byte {
	e := &encoder{b: b, indent: []byte{'\n'}}
	e.b = append(e.b, '{')
	e.push()
	e.key("stack", true)
	e.b = appendString(e.b, p.Stack)
	e.key("simulated", false)
	e.b = appendString(e.b, p.Simulated)
	e.key("resources", false)
	if len(p.Resources) == 0 {
		e.b = append(e.b, '[', ']')
	} else {
		e.b = append(e.b, '[')
		e.push()
		for i := range p.Resources {
			if i > 0 {
				e.b = append(e.b, ',')
			}
			e.nl()
			e.resource(&p.Resources[i])
		}
		e.pop()
		e.nl()
		e.b = append(e.b, ']')
	}
	e.key("outputs", false)
	e.value(p.Outputs)
	e.pop()
	e.nl()
	e.b = append(e.b, '}', '\n')
	return e.b
}

func (e *encoder) resource(r *Resource) {
	e.b = append(e.b, '{')
	e.push()
	e.key("urn", true)
	e.b = appendString(e.b, r.URN)
	e.key("type", false)
	e.b = appendString(e.b, r.Type)
	e.key("name", false)
	e.b = appendString(e.b, r.Name)
	e.key("parent", false)
	e.b = appendString(e.b, r.Parent)
	e.key("custom", false)
	e.b = strconv.AppendBool(e.b, r.Custom)
	e.key("provider", false)
	e.b = appendString(e.b, r.Provider)
	e.key("inputs", false)
	e.value(r.Inputs)
	e.key("options", false)
	o := &r.Options
	e.b = append(e.b, '{')
	e.push()
	e.key("protect", true)
	e.b = strconv.AppendBool(e.b, o.Protect)
	e.key("retainOnDelete", false)
	e.b = strconv.AppendBool(e.b, o.RetainOnDelete)
	e.key("deleteBeforeReplace", false)
	e.b = strconv.AppendBool(e.b, o.DeleteBeforeReplace)
	e.key("ignoreChanges", false)
	e.strings(o.IgnoreChanges)
	e.key("replaceOnChanges", false)
	e.strings(o.ReplaceOnChanges)
	e.key("dependsOn", false)
	e.strings(o.DependsOn)
	e.key("importId", false)
	e.b = appendString(e.b, o.ImportID)
	e.pop()
	e.nl()
	e.b = append(e.b, '}')
	e.pop()
	e.nl()
	e.b = append(e.b, '}')
}

func (e *encoder) strings(s []string) {
	if s == nil {
		e.b = append(e.b, "null"...)
		return
	}
	if len(s) == 0 {
		e.b = append(e.b, '[', ']')
		return
	}
	e.b = append(e.b, '[')
	e.push()
	for i, x := range s {
		if i > 0 {
			e.b = append(e.b, ',')
		}
		e.nl()
		e.b = appendString(e.b, x)
	}
	e.pop()
	e.nl()
	e.b = append(e.b, ']')
}

func (e *encoder) value(v any) {
	switch x := v.(type) {
	case nil:
		e.b = append(e.b, "null"...)
	case string:
		e.b = appendString(e.b, x)
	case bool:
		e.b = strconv.AppendBool(e.b, x)
	case float64:
		if math.IsInf(x, 0) || math.IsNaN(x) {
			e.fallback(v)
			return
		}
		e.b = appendFloat(e.b, x)
	case map[string]any:
		if x == nil {
			e.b = append(e.b, "null"...)
			return
		}
		if len(x) == 0 {
			e.b = append(e.b, '{', '}')
			return
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		e.b = append(e.b, '{')
		e.push()
		for i, k := range keys {
			e.key(k, i == 0)
			e.value(x[k])
		}
		e.pop()
		e.nl()
		e.b = append(e.b, '}')
	case []any:
		if x == nil {
			e.b = append(e.b, "null"...)
			return
		}
		if len(x) == 0 {
			e.b = append(e.b, '[', ']')
			return
		}
		e.b = append(e.b, '[')
		e.push()
		for i, el := range x {
			if i > 0 {
				e.b = append(e.b, ',')
			}
			e.nl()
			e.value(el)
		}
		e.pop()
		e.nl()
		e.b = append(e.b, ']')
	default:
		e.fallback(v)
	}
}

// fallback encodes a value of another Go type with encoding/json.
func (e *encoder) fallback(v any) {
	b, err := json.MarshalIndent(v, string(e.indent[1:]), "  ")
	if err != nil {
		panic(encodeError{err})
	}
	e.b = append(e.b, b...)
}

type encodeError struct{ err error }

// appendFloat formats like encoding/json (ES6 number formatting).
func appendFloat(b []byte, f float64) []byte {
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

const hexDigits = "0123456789abcdef"

// appendString quotes s like encoding/json without HTML escaping.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
