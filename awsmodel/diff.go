package awsmodel

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strings"
)

// ChangeKind says how one property changed.
type ChangeKind string

// Change kinds, named like Pulumi's detailed diff kinds.
const (
	Add    ChangeKind = "add"
	Update ChangeKind = "update"
	Delete ChangeKind = "delete"
)

// Change is one changed property path.
type Change struct {
	Path    string
	Kind    ChangeKind
	Replace bool
}

// DiffResult is the outcome of Diff.
type DiffResult struct {
	// Changes lists every changed property path, sorted by path.
	Changes []Change
}

// HasChanges reports whether anything changed.
func (d DiffResult) HasChanges() bool { return len(d.Changes) > 0 }

// Replaces reports whether any change forces a replacement.
func (d DiffResult) Replaces() bool {
	for _, c := range d.Changes {
		if c.Replace {
			return true
		}
	}
	return false
}

// ChangedPaths returns the changed property paths.
func (d DiffResult) ChangedPaths() []string {
	out := make([]string, 0, len(d.Changes))
	for _, c := range d.Changes {
		out = append(out, c.Path)
	}
	return out
}

// ChangedKeys returns the top-level properties that changed, sorted and de-duplicated.
func (d DiffResult) ChangedKeys() []string { return d.keys(false) }

// ReplaceKeys returns the top-level properties whose change forces a replacement.
func (d DiffResult) ReplaceKeys() []string { return d.keys(true) }

func (d DiffResult) keys(replaceOnly bool) []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range d.Changes {
		if replaceOnly && !c.Replace {
			continue
		}
		k := topKey(c.Path)
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// String renders the diff like `~instanceType +-ami`.
func (d DiffResult) String() string {
	var parts []string
	for _, c := range d.Changes {
		mark := map[ChangeKind]string{Add: "+", Update: "~", Delete: "-"}[c.Kind]
		if c.Replace {
			mark = "+-"
		}
		parts = append(parts, mark+c.Path)
	}
	return strings.Join(parts, " ")
}

// Diff compares the inputs a program now gives (newInputs) with the inputs (oldInputs) and state (oldOutputs) of an
// existing resource, the way the bridged provider plans it:
//   - a property the program sets is compared with its previous input, or — when it was not an input before
//     (imported or computed) — with the state;
//   - leaving out an Optional+Computed input is not a change; leaving out any other previous input deletes it;
//   - an unknown new value counts as changed (and replaces the resource when the property is ForceNew);
//   - set-typed lists compare without order; objects compare key by key;
//   - ForceNew paths and the conditional rules (Schema.Conditional) mark changes as replacing.
//
// Types the model does not know are diffed generically, without replacements.
func Diff(typ string, oldInputs, oldOutputs, newInputs map[string]any) DiffResult {
	s, ok := schemas[typ]
	if !ok {
		s = &Schema{Type: typ}
	}
	d := differ{s: s}
	d.object("", oldInputs, oldOutputs, newInputs)
	for i := range d.changes {
		d.changes[i].Replace = len(RequiresReplace(typ, []string{d.changes[i].Path})) > 0
	}
	for _, p := range conditionalReplacements(typ, oldInputs, oldOutputs, newInputs, d.changes) {
		for i := range d.changes {
			if pathCovers(p, d.changes[i].Path) {
				d.changes[i].Replace = true
			}
		}
	}
	sort.Slice(d.changes, func(i, j int) bool { return d.changes[i].Path < d.changes[j].Path })
	return DiffResult{Changes: d.changes}
}

type differ struct {
	s       *Schema
	changes []Change
}

func (d *differ) add(path string, kind ChangeKind) {
	d.changes = append(d.changes, Change{Path: path, Kind: kind})
}

// object diffs the keys of an object. oldIn is the previous input subtree, oldOut the previous state subtree
// (either may be nil), news the new input subtree.
func (d *differ) object(prefix string, oldIn, oldOut, news map[string]any) {
	keys := map[string]bool{}
	for k := range oldIn {
		keys[k] = true
	}
	for k := range news {
		keys[k] = true
	}
	for _, k := range slices.Sorted(maps.Keys(keys)) {
		path := joinPath(prefix, k)
		if prefix == "" && (k == "tagsAll" || strings.HasPrefix(k, "__")) {
			continue
		}
		nv, inNew := news[k]
		if !inNew || nv == nil {
			if ov := oldIn[k]; ov != nil && !d.s.optionalComputed(path) && !emptyValue(ov) {
				d.add(path, Delete)
			}
			continue
		}
		d.value(path, oldIn[k], oldOut[k], nv)
	}
}

// value diffs one property. The new value is compared with the previous state when there is one (the provider
// plans against state, after applying its StateFunc), else with the previous input.
func (d *differ) value(path string, oldIn, oldOut, nv any) {
	if IsUnknown(nv) {
		d.add(path, Update)
		return
	}
	base := oldOut
	if base != nil {
		nv = stateValue(d.s.Type, path, nv)
	} else {
		base = oldIn
	}
	if nm, ok := nv.(map[string]any); ok {
		bm, isMap := base.(map[string]any)
		if base == nil || isMap {
			im, _ := oldIn.(map[string]any)
			om, _ := oldOut.(map[string]any)
			before := len(d.changes)
			d.object(path, im, om, nm)
			if base == nil && len(d.changes) == before && len(nm) > 0 && bm == nil && om == nil && im == nil {
				d.add(path, Add)
			}
			return
		}
	}
	if l, ok := nv.([]any); ok && HasUnknown(l) {
		d.add(path, Update)
		return
	}
	if base == nil {
		if !emptyValue(nv) {
			d.add(path, Add)
		}
		return
	}
	if !equalValue(d.s, path, base, nv) {
		if emptyValue(base) && emptyValue(nv) {
			return
		}
		d.add(path, Update)
	}
}

// emptyValue treats "", empty lists and empty maps like an absent value (as Terraform does for optional inputs).
func emptyValue(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case []any:
		return len(x) == 0
	case map[string]any:
		return len(x) == 0
	}
	return false
}

func equalValue(s *Schema, path string, a, b any) bool {
	if policyDocuments[s.Type] == path {
		as, aok := a.(string)
		bs, bok := b.(string)
		if aok && bok {
			return EquivalentPolicies(as, bs)
		}
	}
	if s.isSet(path) {
		al, aok := a.([]any)
		bl, bok := b.([]any)
		if aok && bok {
			return sameMultiset(al, bl)
		}
	}
	return Equal(a, b)
}

func sameMultiset(a, b []any) bool {
	if len(a) != len(b) {
		return false
	}
	count := map[string]int{}
	for _, e := range a {
		count[fmt.Sprintf("%#v", e)]++
	}
	for _, e := range b {
		k := fmt.Sprintf("%#v", e)
		if count[k] == 0 {
			return false
		}
		count[k]--
	}
	return true
}

// conditionalReplacements evaluates the [tf] CustomizeDiff ForceNewIf rules; it returns the paths that replace.
func conditionalReplacements(typ string, olds, outs, news map[string]any, changes []Change) []string {
	changed := func(p string) bool {
		for _, c := range changes {
			if pathCovers(p, c.Path) {
				return true
			}
		}
		return false
	}
	truthy := func(m map[string]any, k string) bool { return boolean(m, k) }
	var out []string
	switch typ {
	case TypeInstance:
		if truthy(news, "userDataReplaceOnChange") {
			for _, k := range []string{"userData", "userDataBase64"} {
				if changed(k) {
					out = append(out, k)
				}
			}
		}
		if changed("enablePrimaryIpv6") && (truthy(olds, "enablePrimaryIpv6") || truthy(outs, "enablePrimaryIpv6")) &&
			!truthy(news, "enablePrimaryIpv6") {
			out = append(out, "enablePrimaryIpv6")
		}
	case TypeNetworkInterface:
		if changed("enablePrimaryIpv6") && (truthy(olds, "enablePrimaryIpv6") || truthy(outs, "enablePrimaryIpv6")) &&
			!truthy(news, "enablePrimaryIpv6") {
			out = append(out, "enablePrimaryIpv6")
		}
		if changed("privateIps") && !truthy(news, "privateIpListEnabled") && present(news, "privateIps") {
			primary := str(outs, "privateIp")
			if primary == "" {
				if l := strList(olds, "privateIps"); len(l) > 0 {
					primary = l[0]
				}
			}
			if HasUnknown(news["privateIps"]) || (primary != "" && !slices.Contains(strList(news, "privateIps"), primary)) {
				out = append(out, "privateIps")
			}
		}
		if changed("privateIpLists") && truthy(news, "privateIpListEnabled") {
			ol, nl := strList(olds, "privateIpLists"), strList(news, "privateIpLists")
			if len(ol) == 0 {
				ol = strList(outs, "privateIpLists")
			}
			if HasUnknown(news["privateIpLists"]) || len(ol) > 0 && len(nl) > 0 && ol[0] != nl[0] {
				out = append(out, "privateIpLists")
			}
		}
	case TypeSecurityGroupIngressRule, TypeSecurityGroupEgressRule:
		if len(olds) > 0 && ruleSource(olds) != ruleSource(news) {
			out = append(out, ruleSource(olds), ruleSource(news))
		}
	case TypeSsmParameter:
		oldTier := str(olds, "tier")
		if oldTier == "" {
			oldTier = str(outs, "tier")
		}
		if changed("tier") && oldTier == "Advanced" && str(news, "tier") == "Standard" {
			out = append(out, "tier")
		}
	}
	return out
}

// ruleSource names the one source attribute a security group rule uses.
func ruleSource(m map[string]any) string {
	for _, k := range []string{"cidrIpv4", "cidrIpv6", "prefixListId", "referencedSecurityGroupId"} {
		if present(m, k) {
			return k
		}
	}
	return ""
}

// policyDocuments are the properties holding IAM policy documents, which the provider compares as documents
// (verify.SuppressEquivalentPolicyDiffs), not as text.
var policyDocuments = map[string]string{
	TypeRole:       "assumeRolePolicy",
	TypeRolePolicy: "policy",
}

// EquivalentPolicies reports whether two IAM policy documents say the same thing, as far as the model goes:
// whitespace and key order aside, a single Statement equals a one-element list, a single string equals a
// one-element list for Action, NotAction, Resource, NotResource and the principal kinds, and those lists compare
// as sets. Unparsable text compares as text. It is narrower than the provider's awspolicyequivalence (which also
// equates Principal "*" with {"AWS": "*"} and single Condition values with one-element lists): the simulator may
// report a diff the real provider hides, never the reverse. Used for role trust and inline role policies.
func EquivalentPolicies(a, b string) bool {
	var av, bv any
	if json.Unmarshal([]byte(a), &av) != nil || json.Unmarshal([]byte(b), &bv) != nil {
		return a == b
	}
	return reflect.DeepEqual(normalizePolicy("", av), normalizePolicy("", bv))
}

var policySetKeys = map[string]bool{"Action": true, "NotAction": true, "Resource": true, "NotResource": true,
	"AWS": true, "Service": true, "Federated": true, "CanonicalUser": true, "Statement": true}

func normalizePolicy(key string, v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			out[k] = normalizePolicy(k, e)
		}
		if policySetKeys[key] {
			return []any{out}
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = normalizePolicy("", e)
		}
		if policySetKeys[key] {
			sort.Slice(out, func(i, j int) bool { return fmt.Sprint(out[i]) < fmt.Sprint(out[j]) })
		}
		return out
	case string:
		if policySetKeys[key] {
			return []any{x}
		}
	}
	return v
}
