package plan

import (
	"regexp"
	"strconv"
	"strings"
)

// Property paths use Pulumi's syntax: `a.b` for identifier keys,
// `a["key.with-dots"]` for other keys, `a[0]` for list elements and `a[*]`
// (in ignoreChanges and replaceOnChanges only) for every element.

var identRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// joinKey appends an object key to a path.
func joinKey(prefix, key string) string {
	if !identRe.MatchString(key) {
		return prefix + `["` + strings.ReplaceAll(key, `"`, `\"`) + `"]`
	}
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}

// joinIndex appends a list index to a path.
func joinIndex(prefix string, i int) string {
	return prefix + "[" + strconv.Itoa(i) + "]"
}

// segment is one step of a path: a key, an index, or the wildcard.
type segment struct {
	key   string
	index int // -1 for keys, -2 for [*]
}

// parsePath splits a property path into segments; malformed input yields
// what could be read.
func parsePath(p string) []segment {
	var out []segment
	for i := 0; i < len(p); {
		switch p[i] {
		case '.':
			i++
		case '[':
			end := i + 1
			if end < len(p) && p[end] == '"' {
				var b strings.Builder
				end++
				for end < len(p) && p[end] != '"' {
					if p[end] == '\\' && end+1 < len(p) {
						end++
					}
					b.WriteByte(p[end])
					end++
				}
				out = append(out, segment{key: b.String(), index: -1})
				for end < len(p) && p[end] != ']' {
					end++
				}
				i = end + 1
				continue
			}
			for end < len(p) && p[end] != ']' {
				end++
			}
			inner := p[i+1 : min(end, len(p))]
			if inner == "*" {
				out = append(out, segment{index: -2})
			} else if n, err := strconv.Atoi(inner); err == nil {
				out = append(out, segment{index: n})
			} else {
				out = append(out, segment{key: inner, index: -1})
			}
			i = end + 1
		default:
			end := i
			for end < len(p) && p[end] != '.' && p[end] != '[' {
				end++
			}
			out = append(out, segment{key: p[i:end], index: -1})
			i = end
		}
	}
	return out
}

// pathCovers reports whether pattern (which may hold [*]) equals path or
// is a prefix of it.
func pathCovers(pattern, path string) bool {
	ps, qs := parsePath(pattern), parsePath(path)
	if len(ps) > len(qs) {
		return false
	}
	for i, s := range ps {
		q := qs[i]
		switch {
		case s.index == -2:
			if q.index < 0 && q.index != -2 {
				return false
			}
		case s.index >= 0:
			if q.index != s.index {
				return false
			}
		default:
			if q.index != -1 || q.key != s.key {
				return false
			}
		}
	}
	return true
}

// overlaps reports whether one path covers the other.
func overlaps(a, b string) bool { return pathCovers(a, b) || pathCovers(b, a) }

// covered reports whether any pattern covers path.
func covered(patterns []string, path string) bool {
	for _, p := range patterns {
		if pathCovers(p, path) {
			return true
		}
	}
	return false
}

// withOldValues returns a copy of news in which every path of patterns has
// the value it has in olds (or is absent when olds lacks it) — what the
// engine does with ignoreChanges before it asks the provider for a diff.
// A [*] pattern applies to the whole list it names.
func withOldValues(olds, news map[string]any, patterns []string) map[string]any {
	out := deepCopy(news).(map[string]any)
	for _, p := range patterns {
		segs := parsePath(p)
		for i, s := range segs {
			if s.index == -2 {
				segs = segs[:i]
				break
			}
		}
		if len(segs) == 0 {
			continue
		}
		old, ok := lookup(olds, segs)
		setPath(out, segs, old, ok)
	}
	return out
}

func lookup(v any, segs []segment) (any, bool) {
	cur := v
	for _, s := range segs {
		switch x := cur.(type) {
		case map[string]any:
			if s.index != -1 {
				return nil, false
			}
			var ok bool
			if cur, ok = x[s.key]; !ok {
				return nil, false
			}
		case []any:
			if s.index < 0 || s.index >= len(x) {
				return nil, false
			}
			cur = x[s.index]
		default:
			return nil, false
		}
	}
	return cur, true
}

// setPath sets (or, when !present, deletes) the value at segs inside root,
// creating objects on the way when setting.
func setPath(root map[string]any, segs []segment, v any, present bool) {
	var cur any = root
	for i, s := range segs {
		last := i == len(segs)-1
		switch x := cur.(type) {
		case map[string]any:
			if s.index != -1 {
				return
			}
			if last {
				if present {
					x[s.key] = deepCopy(v)
				} else {
					delete(x, s.key)
				}
				return
			}
			next, ok := x[s.key]
			if !ok {
				if !present {
					return
				}
				next = map[string]any{}
				x[s.key] = next
			}
			cur = next
		case []any:
			if s.index < 0 || s.index >= len(x) {
				return
			}
			if last {
				if present {
					x[s.index] = deepCopy(v)
				}
				return
			}
			cur = x[s.index]
		default:
			return
		}
	}
}

func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = deepCopy(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = deepCopy(e)
		}
		return out
	}
	return v
}
