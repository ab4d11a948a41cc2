package plan

import (
	"maps"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/jaiarobotics/jaia-cloud/awsmodel"
)

// Op is what happens to a resource between two plans.
type Op string

// Operations, named like Pulumi's steps.
const (
	OpCreate  Op = "create"
	OpDelete  Op = "delete"
	OpUpdate  Op = "update"
	OpReplace Op = "replace"
	// OpSame: no effective change; listed only when changes were ignored.
	OpSame Op = "same"
)

// Kind says how a property changed.
type Kind string

// Kinds of property changes.
const (
	Add    Kind = "add"
	Update Kind = "update"
	Delete Kind = "delete"
)

// Change is one changed property (an input, "options.<name>", or
// "provider").
type Change struct {
	Path string `json:"path"`
	Kind Kind   `json:"kind"`
	Old  any    `json:"old,omitempty"`
	New  any    `json:"new,omitempty"`
	// Replace: the change forces a replacement on the real provider.
	Replace bool `json:"replace,omitempty"`
	// Ignored: the path is in the resource's ignoreChanges, so the engine
	// will not act on it.
	Ignored bool `json:"ignored,omitempty"`
	// NoOp: the provider keeps the current value (an Optional+Computed
	// input left out), so this is not a change in AWS.
	NoOp bool `json:"noop,omitempty"`
	// Reason explains Replace (or NoOp).
	Reason string `json:"reason,omitempty"`
}

// Effective reports whether the change will happen.
func (c Change) Effective() bool { return !c.Ignored && !c.NoOp }

// ResourceDiff is one resource that differs between two plans.
type ResourceDiff struct {
	URN  string `json:"urn"`
	Type string `json:"type"`
	Op   Op     `json:"op"`
	// Changes, sorted by path; for a create or a delete the inputs.
	Changes []Change `json:"changes"`
}

// Diff is the difference between two plans.
type Diff struct {
	Old string `json:"old"`
	New string `json:"new"`
	// Resources that differ, sorted by URN.
	Resources []ResourceDiff `json:"resources"`
	// Outputs lists the changed stack exports.
	Outputs []Change `json:"outputs"`
}

// Count returns how many resources each operation touches.
func (d *Diff) Count() map[Op]int {
	out := map[Op]int{}
	for _, r := range d.Resources {
		out[r.Op]++
	}
	return out
}

// Empty reports whether nothing differs at all (ignored changes included).
func (d *Diff) Empty() bool { return len(d.Resources) == 0 && len(d.Outputs) == 0 }

// Compare computes the diff from old to new, the offline twin of
// `pulumi preview --diff` with old as the deployed state:
//
//   - resources are matched by URN (a renamed or re-parented resource is a
//     delete and a create; aliases are not modelled);
//   - changed inputs are listed by property path, old → new;
//   - the engine's ignoreChanges (of the new registration) is applied first:
//     an ignored path is listed as ignored, not as a change;
//   - awsmodel.Diff (built on awsmodel.RequiresReplace, plus its
//     conditional rules) decides which changes replace the resource and
//     which are no-ops on the provider; replaceOnChanges also replaces;
//   - a changed provider reference replaces when the providers' configurations
//     differ in a force-new way (awsmodel's provider schema: region), and a
//     replaced provider replaces every resource it manages;
//   - resource option changes (protect, retainOnDelete, …) are listed as
//     "options.<name>" and never replace.
func Compare(old, new *Plan) *Diff {
	d := &Diff{Old: old.Stack, New: new.Stack, Resources: []ResourceDiff{}, Outputs: []Change{}}
	olds := map[string]*Resource{}
	for i := range old.Resources {
		olds[old.Resources[i].URN] = &old.Resources[i]
	}
	news := map[string]*Resource{}
	for i := range new.Resources {
		news[new.Resources[i].URN] = &new.Resources[i]
	}
	replacedProviders := map[string]bool{}
	var both []string
	for urn, n := range news {
		o, ok := olds[urn]
		if !ok {
			d.Resources = append(d.Resources, ResourceDiff{URN: urn, Type: n.Type, Op: OpCreate, Changes: inputsAs(Add, n.Inputs)})
			continue
		}
		both = append(both, urn)
		if isProvider(n.Type) && providerReplaces(o, n) {
			replacedProviders[urn] = true
		}
	}
	for urn, o := range olds {
		if _, ok := news[urn]; !ok {
			d.Resources = append(d.Resources, ResourceDiff{URN: urn, Type: o.Type, Op: OpDelete, Changes: inputsAs(Delete, o.Inputs)})
		}
	}
	byURN := map[string]int{}
	for _, urn := range both {
		if rd, ok := compareResource(old, new, olds[urn], news[urn], replacedProviders); ok {
			byURN[urn] = len(d.Resources)
			d.Resources = append(d.Resources, rd)
		}
	}
	cascade(d, olds, news, byURN)
	sort.Slice(d.Resources, func(i, j int) bool { return d.Resources[i].URN < d.Resources[j].URN })
	diffValue("", old.Outputs, new.Outputs, true, true, nil, &d.Outputs)
	sortChanges(d.Outputs)
	return d
}

func isProvider(typ string) bool { return strings.HasPrefix(typ, "pulumi:providers:") }

// modelType is the awsmodel type a resource is diffed as.
func modelType(typ string) string {
	if isProvider(typ) {
		return awsmodel.TypeProvider
	}
	return typ
}

// providerReplaces reports whether a provider's configuration change
// replaces it (and so every resource it manages).
func providerReplaces(o, n *Resource) bool {
	return awsmodel.Diff(awsmodel.TypeProvider, o.Inputs, nil, n.Inputs).Replaces()
}

// inputsAs lists the inputs of a created or deleted resource, one change per
// leaf of its objects (lists are leaves).
func inputsAs(kind Kind, in map[string]any) []Change {
	out := []Change{}
	var walk func(path string, v any)
	walk = func(path string, v any) {
		if m, ok := v.(map[string]any); ok && len(m) > 0 {
			for _, k := range slices.Sorted(maps.Keys(m)) {
				walk(joinKey(path, k), m[k])
			}
			return
		}
		c := Change{Path: path, Kind: kind}
		if kind == Delete {
			c.Old = v
		} else {
			c.New = v
		}
		out = append(out, c)
	}
	for _, k := range slices.Sorted(maps.Keys(in)) {
		walk(joinKey("", k), in[k])
	}
	return out
}

func compareResource(oldPlan, newPlan *Plan, o, n *Resource, replacedProviders map[string]bool) (ResourceDiff, bool) {
	typ := modelType(n.Type)
	var changes []Change
	var sets []string
	if s, ok := awsmodel.Lookup(typ); ok {
		sets = s.Sets
	}
	diffValue("", o.Inputs, n.Inputs, true, true, sets, &changes)

	// What the provider sees: the new inputs with ignored paths reset to
	// their old values, diffed by the one model of AWS.
	ignore := n.Options.IgnoreChanges
	effective := withOldValues(o.Inputs, n.Inputs, ignore)
	model := awsmodel.Diff(typ, o.Inputs, nil, effective)
	for i := range changes {
		c := &changes[i]
		switch {
		case covered(ignore, c.Path):
			c.Ignored = true
		case !modelReports(model, c.Path):
			c.NoOp = true
			c.Reason = "the provider keeps the current value"
		case len(awsmodel.RequiresReplace(typ, []string{c.Path})) > 0:
			c.Replace = true
			c.Reason = "force-new"
		case modelReplaces(model, c.Path):
			c.Replace = true
			c.Reason = "force-new under a condition (awsmodel.Diff)"
		case covered(n.Options.ReplaceOnChanges, c.Path):
			c.Replace = true
			c.Reason = "replaceOnChanges"
		}
	}

	// Provider reference.
	switch {
	case o.Provider != n.Provider:
		c := Change{Path: "provider", Kind: Update, Old: o.Provider, New: n.Provider}
		op, np := oldPlan.Resource(o.Provider), newPlan.Resource(n.Provider)
		if o.Provider == "" || n.Provider == "" || op == nil || np == nil || providerReplaces(op, np) {
			c.Replace = true
			c.Reason = "the provider changed and its configuration differs in a way that replaces"
		}
		changes = append(changes, c)
	case replacedProviders[n.Provider]:
		changes = append(changes, Change{Path: "provider", Kind: Update, Old: o.Provider, New: n.Provider, Replace: true,
			Reason: "its provider is replaced"})
	}

	// Options.
	opt := func(name string, a, b any) {
		if !reflect.DeepEqual(a, b) {
			changes = append(changes, Change{Path: "options." + name, Kind: Update, Old: a, New: b})
		}
	}
	oo, no := o.Options, n.Options
	opt("protect", oo.Protect, no.Protect)
	opt("retainOnDelete", oo.RetainOnDelete, no.RetainOnDelete)
	opt("deleteBeforeReplace", oo.DeleteBeforeReplace, no.DeleteBeforeReplace)
	opt("ignoreChanges", sortedSet(oo.IgnoreChanges), sortedSet(no.IgnoreChanges))
	opt("replaceOnChanges", sortedSet(oo.ReplaceOnChanges), sortedSet(no.ReplaceOnChanges))
	opt("dependsOn", sortedSet(oo.DependsOn), sortedSet(no.DependsOn))
	opt("importId", oo.ImportID, no.ImportID)

	if len(changes) == 0 {
		return ResourceDiff{}, false
	}
	sortChanges(changes)
	rd := ResourceDiff{URN: n.URN, Type: n.Type, Op: OpSame, Changes: changes}
	for _, c := range changes {
		switch {
		case c.Effective() && c.Replace:
			rd.Op = OpReplace
		case c.Effective() && rd.Op == OpSame:
			rd.Op = OpUpdate
		}
	}
	return rd, true
}

// modelReports reports whether awsmodel sees a change at or around path.
func modelReports(d awsmodel.DiffResult, path string) bool {
	for _, c := range d.Changes {
		if overlaps(c.Path, path) {
			return true
		}
	}
	return false
}

func modelReplaces(d awsmodel.DiffResult, path string) bool {
	for _, c := range d.Changes {
		if c.Replace && overlaps(c.Path, path) {
			return true
		}
	}
	return false
}

func sortChanges(cs []Change) {
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].Path < cs[j].Path })
}

// diffValue appends the changes between two values at path. Objects are
// compared key by key, lists element by element when their lengths match
// (set-typed lists, named in sets, compare without order), anything else
// as a whole.
func diffValue(path string, o, n any, hasOld, hasNew bool, sets []string, out *[]Change) {
	switch {
	case !hasOld && !hasNew:
		return
	case !hasOld:
		*out = append(*out, Change{Path: path, Kind: Add, New: n})
		return
	case !hasNew:
		*out = append(*out, Change{Path: path, Kind: Delete, Old: o})
		return
	}
	if om, ok := o.(map[string]any); ok {
		if nm, ok := n.(map[string]any); ok {
			keys := map[string]bool{}
			for k := range om {
				keys[k] = true
			}
			for k := range nm {
				keys[k] = true
			}
			for _, k := range slices.Sorted(maps.Keys(keys)) {
				ov, oh := om[k]
				nv, nh := nm[k]
				diffValue(joinKey(path, k), ov, nv, oh, nh, sets, out)
			}
			return
		}
	}
	if ol, ok := o.([]any); ok {
		if nl, ok := n.([]any); ok {
			if isSet(sets, path) {
				if !sameMultiset(ol, nl) {
					*out = append(*out, Change{Path: path, Kind: Update, Old: o, New: n})
				}
				return
			}
			if len(ol) == len(nl) && path != "" {
				for i := range ol {
					diffValue(joinIndex(path, i), ol[i], nl[i], true, true, sets, out)
				}
				return
			}
		}
	}
	if !reflect.DeepEqual(o, n) {
		*out = append(*out, Change{Path: path, Kind: Update, Old: o, New: n})
	}
}

func isSet(sets []string, path string) bool {
	for _, s := range sets {
		if s == path {
			return true
		}
	}
	return false
}

func sameMultiset(a, b []any) bool {
	if len(a) != len(b) {
		return false
	}
	used := make([]bool, len(b))
outer:
	for _, x := range a {
		for j, y := range b {
			if !used[j] && reflect.DeepEqual(x, y) {
				used[j] = true
				continue outer
			}
		}
		return false
	}
	return true
}

// cascade follows replacements to the resources that use them: a replaced
// resource gets a new id, so an input of a dependent that holds (or embeds,
// like an ARN) its simulated id becomes unknown in a real preview — and
// replaces the dependent when that input is force-new. Simulated ids are
// awsmodel.HashID(prefix, type, URN, 0) for the types awsmodel gives an id
// prefix. Values computed from other outputs (a VPC's /56) are not followed.
func cascade(d *Diff, olds, news map[string]*Resource, byURN map[string]int) {
	dependents := map[string][]string{}
	for urn, n := range news {
		if _, ok := olds[urn]; !ok {
			continue
		}
		for _, dep := range n.Options.DependsOn {
			dependents[dep] = append(dependents[dep], urn)
		}
	}
	var queue []string
	for _, r := range d.Resources {
		if r.Op == OpReplace {
			queue = append(queue, r.URN)
		}
	}
	done := map[string]bool{}
	for len(queue) > 0 {
		rURN := queue[0]
		queue = queue[1:]
		if done[rURN] {
			continue
		}
		done[rURN] = true
		r := news[rURN]
		if r == nil {
			continue
		}
		s, ok := awsmodel.Lookup(r.Type)
		if !ok || s.IDPrefix == "" {
			continue
		}
		id := awsmodel.HashID(s.IDPrefix, r.Type, r.URN, 0)
		deps := dependents[rURN]
		sort.Strings(deps)
		for _, du := range deps {
			dn := news[du]
			var paths []string
			walkPaths("", dn.Inputs, func(path string, v string) {
				if strings.Contains(v, id) {
					paths = append(paths, path)
				}
			})
			if len(paths) == 0 {
				continue
			}
			i, ok := byURN[du]
			if !ok {
				i = len(d.Resources)
				byURN[du] = i
				d.Resources = append(d.Resources, ResourceDiff{URN: du, Type: dn.Type, Op: OpSame})
			}
			rd := &d.Resources[i]
			for _, p := range paths {
				if hasPath(rd.Changes, p) {
					continue
				}
				v, _ := lookup(dn.Inputs, parsePath(p))
				c := Change{Path: p, Kind: Update, Old: v, New: UnknownMarker, Reason: "computed from " + rURN + ", which is replaced"}
				if covered(dn.Options.IgnoreChanges, p) {
					c.Ignored = true
				} else if len(awsmodel.RequiresReplace(modelType(dn.Type), []string{p})) > 0 || covered(dn.Options.ReplaceOnChanges, p) {
					c.Replace = true
					c.Reason = "force-new; " + c.Reason
				}
				rd.Changes = append(rd.Changes, c)
				switch {
				case c.Effective() && c.Replace:
					if rd.Op != OpReplace {
						rd.Op = OpReplace
						queue = append(queue, du)
					}
				case c.Effective() && rd.Op == OpSame:
					rd.Op = OpUpdate
				}
			}
			sortChanges(rd.Changes)
		}
	}
}

func hasPath(cs []Change, path string) bool {
	for _, c := range cs {
		if c.Path == path {
			return true
		}
	}
	return false
}

// walkPaths calls f with the path of every string inside a value.
func walkPaths(path string, v any, f func(path, s string)) {
	switch x := v.(type) {
	case string:
		f(path, x)
	case []any:
		for i, e := range x {
			walkPaths(joinIndex(path, i), e, f)
		}
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(x)) {
			walkPaths(joinKey(path, k), x[k], f)
		}
	}
}
