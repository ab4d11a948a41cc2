package stackconfig

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Error is a configuration error: the key path (e.g.
// "jaia-cloud:servers.docs.arch") and what is wrong with it.
type Error struct {
	Key string
	Msg string
}

func (e *Error) Error() string { return e.Key + ": " + e.Msg }

// Errors is every problem found in one configuration, sorted by key.
type Errors []*Error

func (es Errors) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "invalid stack configuration (%d problem", len(es))
	if len(es) != 1 {
		b.WriteString("s")
	}
	b.WriteString("):")
	for _, e := range es {
		b.WriteString("\n  ")
		b.WriteString(e.Error())
	}
	return b.String()
}

type collector struct{ errs Errors }

func (c *collector) add(key, format string, args ...any) {
	c.errs = append(c.errs, &Error{Key: key, Msg: fmt.Sprintf(format, args...)})
}

func (c *collector) err() error {
	if len(c.errs) == 0 {
		return nil
	}
	sort.SliceStable(c.errs, func(i, j int) bool { return c.errs[i].Key < c.errs[j].Key })
	return c.errs
}

func key(k string) string { return Namespace + ":" + k }

// Load decodes and validates a stack configuration. raw maps full keys
// ("jaia-cloud:servers", "aws:region") to their values as Pulumi passes them
// to a program: strings verbatim, everything else as JSON text. Keys of other
// namespaces are ignored; unknown keys of this project are errors. All
// problems are reported together.
func Load(stack string, raw map[string]string) (*Config, error) {
	c := &collector{}
	cfg := &Config{Stack: stack, Protect: true}

	var unknown []string
	for k := range raw {
		ns, name, ok := strings.Cut(k, ":")
		if !ok || ns != Namespace {
			continue
		}
		if !slices.Contains(knownKeys, name) {
			unknown = append(unknown, name)
		}
	}
	sort.Strings(unknown)
	for _, name := range unknown {
		c.add(key(name), "unknown configuration key (allowed: %s)", strings.Join(slices.Sorted(slices.Values(knownKeys)), ", "))
	}

	if v, ok := raw[key(KeyProtect)]; ok {
		b, err := strconv.ParseBool(strings.TrimSpace(v))
		if err != nil {
			c.add(key(KeyProtect), "%q is not a boolean (allowed: true, false)", v)
		} else {
			cfg.Protect = b
		}
	}
	cfg.VersionsFile = raw[key(KeyVersionsFile)]

	if v, ok := raw[key(KeySSHAuthorizedKeys)]; ok {
		decodeStrict(c, key(KeySSHAuthorizedKeys), v, &cfg.SSHAuthorizedKeys)
	}
	if v, ok := raw[key(KeyExternalFleets)]; ok {
		decodeStrict(c, key(KeyExternalFleets), v, &cfg.ExternalFleets)
	}
	if v, ok := raw[key(KeyDefaultTags)]; ok {
		decodeStrict(c, key(KeyDefaultTags), v, &cfg.DefaultTags)
	}

	if v, ok := raw[key(KeyAdminSources)]; ok {
		var m map[string]json.RawMessage
		if decodeStrict(c, key(KeyAdminSources), v, &m) {
			for _, name := range slices.Sorted(maps.Keys(m)) {
				var spec adminSourceSpec
				if decodeStrict(c, key(KeyAdminSources)+"."+name, string(m[name]), &spec) {
					cfg.AdminSources = append(cfg.AdminSources, AdminSource{Name: name, IPv4: spec.IPv4, IPv6: spec.IPv6})
				}
			}
		}
	}

	if v, ok := raw[key(KeyServers)]; ok {
		var m map[string]json.RawMessage
		if decodeStrict(c, key(KeyServers), v, &m) {
			for _, name := range slices.Sorted(maps.Keys(m)) {
				var s Server
				if decodeStrict(c, key(KeyServers)+"."+name, string(m[name]), &s) {
					s.Name = name
					cfg.Servers = append(cfg.Servers, s)
				}
			}
		}
	}

	if v, ok := raw[key(KeyFleets)]; ok {
		var list []json.RawMessage
		if decodeStrict(c, key(KeyFleets), v, &list) {
			for i, item := range list {
				var f Fleet
				if decodeStrict(c, fmt.Sprintf("%s[%d]", key(KeyFleets), i), string(item), &f) {
					cfg.Fleets = append(cfg.Fleets, f)
				}
			}
		}
	}

	if err := c.err(); err != nil {
		return nil, err
	}
	validate(c, cfg)
	if err := c.err(); err != nil {
		return nil, err
	}
	return cfg, nil
}

// decodeStrict decodes JSON text into v, rejecting unknown keys at any depth,
// and records keyed errors. It reports whether decoding succeeded.
func decodeStrict(c *collector, k, text string, v any) bool {
	var generic any
	if err := json.Unmarshal([]byte(text), &generic); err != nil {
		c.add(k, "cannot decode: %v", err)
		return false
	}
	before := len(c.errs)
	unknownKeys(c, reflect.TypeOf(v), generic, k)
	if len(c.errs) > before {
		return false
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(text)))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		return true
	}
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		path := k
		if typeErr.Field != "" {
			path += "." + typeErr.Field
		}
		c.add(path, "expected %s, got JSON %s", describeType(typeErr.Type), typeErr.Value)
	} else {
		c.add(k, "cannot decode: %v", err)
	}
	return false
}

// unknownKeys walks a generic JSON value along a Go type and records every
// object key the type has no field for, with its full path.
func unknownKeys(c *collector, t reflect.Type, v any, path string) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		obj, ok := v.(map[string]any)
		if !ok {
			return // a type error, reported by the typed decode
		}
		fields := map[string]reflect.Type{}
		for i := 0; i < t.NumField(); i++ {
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			if name != "" && name != "-" {
				fields[name] = t.Field(i).Type
			}
		}
		for _, name := range slices.Sorted(maps.Keys(obj)) {
			ft, ok := fields[name]
			if !ok {
				c.add(path+"."+name, "unknown key (allowed here: %s)", strings.Join(jsonFields(t), ", "))
				continue
			}
			unknownKeys(c, ft, obj[name], path+"."+name)
		}
	case reflect.Slice:
		list, ok := v.([]any)
		if !ok {
			return
		}
		for i, item := range list {
			unknownKeys(c, t.Elem(), item, fmt.Sprintf("%s[%d]", path, i))
		}
	case reflect.Map:
		obj, ok := v.(map[string]any)
		if !ok || t.Elem().Kind() == reflect.Interface {
			return
		}
		for _, name := range slices.Sorted(maps.Keys(obj)) {
			unknownKeys(c, t.Elem(), obj[name], path+"."+name)
		}
	}
}

func jsonFields(t reflect.Type) []string {
	var out []string
	for i := 0; i < t.NumField(); i++ {
		tag := t.Field(i).Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		if name == "" || name == "-" {
			continue
		}
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

func describeType(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Int, reflect.Int64, reflect.Int32:
		return "a whole number"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice:
		return "a list"
	case reflect.Map, reflect.Struct:
		return "a mapping"
	case reflect.Pointer:
		return describeType(t.Elem())
	}
	return t.String()
}
