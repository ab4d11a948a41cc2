package awsmodel

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"strings"
)

// Unknown is the plain-value stand-in for a Pulumi unknown ("known after apply") value. It is the same sentinel
// string the Pulumi Go SDK's mocks use, so both consumers of this package can pass unknowns through unchanged.
const Unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"

// IsUnknown reports whether v is the Unknown sentinel.
func IsUnknown(v any) bool {
	s, ok := v.(string)
	return ok && s == Unknown
}

// HasUnknown reports whether v is, or contains, the Unknown sentinel.
func HasUnknown(v any) bool {
	switch x := v.(type) {
	case string:
		return x == Unknown
	case []any:
		for _, e := range x {
			if HasUnknown(e) {
				return true
			}
		}
	case map[string]any:
		for _, e := range x {
			if HasUnknown(e) {
				return true
			}
		}
	}
	return false
}

// Normalize converts v into the plain value space of this package (string, float64, bool, []any,
// map[string]any, nil) by a JSON round trip when it holds other Go types (ints, []string, structs...).
func Normalize(v any) (any, error) {
	switch v.(type) {
	case nil, string, float64, bool:
		return v, nil
	}
	if plain(v) {
		return v, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("awsmodel: value of type %T is not JSON-like: %w", v, err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, err
	}
	return out, nil
}

func plain(v any) bool {
	switch x := v.(type) {
	case nil, string, float64, bool:
		return true
	case []any:
		for _, e := range x {
			if !plain(e) {
				return false
			}
		}
		return true
	case map[string]any:
		for _, e := range x {
			if !plain(e) {
				return false
			}
		}
		return true
	}
	return false
}

// Copy returns a deep copy of a plain value.
func Copy(v any) any {
	switch x := v.(type) {
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = Copy(e)
		}
		return out
	case map[string]any:
		return CopyMap(x)
	}
	return v
}

// CopyMap returns a deep copy of m (nil stays nil).
func CopyMap(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	out := make(map[string]any, len(m))
	for k, e := range m {
		out[k] = Copy(e)
	}
	return out
}

// Equal reports whether two plain values are equal; numbers compare by value.
func Equal(a, b any) bool {
	return reflect.DeepEqual(a, b)
}

// str returns m[k] when it is a string, else "".
func str(m map[string]any, k string) string {
	if m == nil {
		return ""
	}
	s, _ := m[k].(string)
	return s
}

// has reports whether m has a non-nil, known value at k.
func has(m map[string]any, k string) bool {
	v, ok := m[k]
	return ok && v != nil && !IsUnknown(v)
}

// present reports whether m has a non-nil value at k (possibly unknown).
func present(m map[string]any, k string) bool {
	v, ok := m[k]
	return ok && v != nil
}

func boolean(m map[string]any, k string) bool {
	b, _ := m[k].(bool)
	return b
}

func number(m map[string]any, k string) (float64, bool) {
	switch x := m[k].(type) {
	case float64:
		return x, true
	case int:
		return float64(x), true
	}
	return 0, false
}

func integer(m map[string]any, k string) (int, bool) {
	f, ok := number(m, k)
	if !ok || f != math.Trunc(f) {
		return 0, false
	}
	return int(f), true
}

func strList(m map[string]any, k string) []string {
	return toStrings(m[k])
}

func toStrings(v any) []string {
	switch x := v.(type) {
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	case []string:
		return append([]string(nil), x...)
	}
	return nil
}

func strMap(m map[string]any, k string) map[string]string {
	out := map[string]string{}
	if mm, ok := m[k].(map[string]any); ok {
		for kk, v := range mm {
			if s, ok := v.(string); ok {
				out[kk] = s
			}
		}
	}
	return out
}

func obj(m map[string]any, k string) map[string]any {
	o, _ := m[k].(map[string]any)
	return o
}

func list(m map[string]any, k string) []any {
	l, _ := m[k].([]any)
	return l
}

func anyStrings(s []string) []any {
	out := make([]any, len(s))
	for i, e := range s {
		out[i] = e
	}
	return out
}

func anyMap(m map[string]string) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

var identRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// joinPath appends a key to a property path in Pulumi's syntax: `a.b` for identifier keys, `a["key.with-dots"]`
// for others (tag keys such as `jaiabot-rootfs-gen_repository`).
func joinPath(prefix, key string) string {
	if !identRe.MatchString(key) {
		return prefix + `["` + strings.ReplaceAll(key, `"`, `\"`) + `"]`
	}
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}

// topKey returns the first segment of a dotted property path.
func topKey(path string) string {
	if i := strings.IndexAny(path, ".["); i >= 0 {
		return path[:i]
	}
	return path
}
