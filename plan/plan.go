package plan

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/jaiarobotics/jaia-cloud/stackconfig"
)

// Project is the Pulumi project name (Pulumi.yaml), the second part of
// every URN; the configuration namespace is the same name.
const Project = stackconfig.Namespace

// Type tokens the engine itself registers.
const (
	StackType       = "pulumi:pulumi:Stack"
	ProviderTypeAWS = "pulumi:providers:aws"
)

// SimulatedNote is the plan's "simulated" field: which values come from the
// simulated AWS rather than from the program.
const SimulatedNote = "Provider-computed values (resource ids, ARNs, VPC IPv6 /56 blocks and the subnets and addresses derived from them, public IPv4 addresses, auto-names, AMI ids and other invoke results) come from awsmodel's deterministic simulated AWS account seeded with the production inventory, not from AWS."

// Plan is what a stack's program declares: every resource registration and
// the resolved stack exports.
type Plan struct {
	// Stack is the stack name.
	Stack string `json:"stack"`
	// Simulated says which values are simulated (SimulatedNote).
	Simulated string `json:"simulated"`
	// Resources, sorted by URN.
	Resources []Resource `json:"resources"`
	// Outputs are the stack exports, resolved; secrets are SecretMarker.
	Outputs map[string]any `json:"outputs"`
}

// Resource is one registration.
type Resource struct {
	URN  string `json:"urn"`
	Type string `json:"type"`
	Name string `json:"name"`
	// Parent is the parent's URN ("" for the stack itself).
	Parent string `json:"parent"`
	// Custom is false for components and the stack.
	Custom bool `json:"custom"`
	// Provider is the URN of the explicit provider ("" when none).
	Provider string `json:"provider"`
	// Inputs are the inputs as the provider receives them: camelCase, after
	// the provider's Check (auto-names filled in), secrets as SecretMarker.
	Inputs map[string]any `json:"inputs"`
	// Options are the resource options the engine sees.
	Options Options `json:"options"`
}

// Options are a registration's resource options.
type Options struct {
	Protect             bool     `json:"protect"`
	RetainOnDelete      bool     `json:"retainOnDelete"`
	DeleteBeforeReplace bool     `json:"deleteBeforeReplace"`
	IgnoreChanges       []string `json:"ignoreChanges"`
	ReplaceOnChanges    []string `json:"replaceOnChanges"`
	// DependsOn lists every resource the registration depends on (explicit
	// dependsOn and input dependencies), sorted.
	DependsOn []string `json:"dependsOn"`
	// ImportID is the id of an existing resource to adopt ("" for none).
	ImportID string `json:"importId"`
}

// normalize sorts the plan and replaces nil collections by empty ones, so
// that equal plans encode to equal bytes.
func (p *Plan) normalize() {
	sort.Slice(p.Resources, func(i, j int) bool { return p.Resources[i].URN < p.Resources[j].URN })
	for i := range p.Resources {
		r := &p.Resources[i]
		if r.Inputs == nil {
			r.Inputs = map[string]any{}
		}
		r.Options.IgnoreChanges = sortedSet(r.Options.IgnoreChanges)
		r.Options.ReplaceOnChanges = sortedSet(r.Options.ReplaceOnChanges)
		r.Options.DependsOn = sortedSet(r.Options.DependsOn)
	}
	if p.Outputs == nil {
		p.Outputs = map[string]any{}
	}
}

// Encode returns the plan as deterministic JSON: resources sorted by URN,
// object keys sorted, two-space indent, no HTML escaping, trailing newline —
// the bytes encoding/json writes with SetEscapeHTML(false) and
// SetIndent("", "  "), produced without reflection.
func (p *Plan) Encode() (out []byte, err error) {
	c := *p
	c.Resources = append([]Resource(nil), p.Resources...)
	c.normalize()
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(encodeError)
			if !ok {
				panic(r)
			}
			out, err = nil, fmt.Errorf("plan: encoding stack %s: %w", p.Stack, e.err)
		}
	}()
	return appendPlan(make([]byte, 0, encodedSizeHint(&c)), &c), nil
}

// encodedSizeHint estimates the size of the encoded plan (a little over),
// so the buffer is allocated once.
func encodedSizeHint(p *Plan) int {
	n := 4096
	var walk func(v any, depth int)
	walk = func(v any, depth int) {
		switch x := v.(type) {
		case string:
			n += len(x) + 2
		case map[string]any:
			for k, e := range x {
				n += len(k) + 8 + 2*depth
				walk(e, depth+1)
			}
		case []any:
			for _, e := range x {
				n += 4 + 2*depth
				walk(e, depth+1)
			}
		default:
			n += 24
		}
	}
	for i := range p.Resources {
		r := &p.Resources[i]
		n += 640 + 2*len(r.URN) + len(r.Parent) + len(r.Provider) + len(r.Name) + len(r.Type)
		for _, d := range r.Options.DependsOn {
			n += len(d) + 12
		}
		walk(r.Inputs, 4)
	}
	walk(p.Outputs, 2)
	return n + n/8
}

// Decode reads a plan written by Encode. Unknown fields are errors, so that
// a file of another shape is not mistaken for a plan.
func Decode(name string, data []byte) (*Plan, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var p Plan
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("%s: not a plan: %w", name, err)
	}
	if p.Stack == "" {
		return nil, fmt.Errorf("%s: not a plan: no stack", name)
	}
	p.normalize()
	return &p, nil
}

// ReadFile reads a plan file.
func ReadFile(path string) (*Plan, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Decode(path, data)
}

// Resource returns the resource with a URN, or nil.
func (p *Plan) Resource(urn string) *Resource {
	i := sort.Search(len(p.Resources), func(i int) bool { return p.Resources[i].URN >= urn })
	if i < len(p.Resources) && p.Resources[i].URN == urn {
		return &p.Resources[i]
	}
	for i := range p.Resources { // unsorted plans (built by hand)
		if p.Resources[i].URN == urn {
			return &p.Resources[i]
		}
	}
	return nil
}

// ByName returns the custom resources of a type with a logical name, or all
// custom resources with that name when typ is "".
func (p *Plan) ByName(typ, name string) []*Resource {
	var out []*Resource
	for i := range p.Resources {
		r := &p.Resources[i]
		if r.Name == name && (typ == "" || r.Type == typ) {
			out = append(out, r)
		}
	}
	return out
}

// OfType returns the resources of a type, in URN order.
func (p *Plan) OfType(typ string) []*Resource {
	var out []*Resource
	for i := range p.Resources {
		if p.Resources[i].Type == typ {
			out = append(out, &p.Resources[i])
		}
	}
	return out
}

// CountByType counts resources per type token.
func (p *Plan) CountByType() map[string]int {
	out := map[string]int{}
	for _, r := range p.Resources {
		out[r.Type]++
	}
	return out
}

// URN builds a URN the way the engine does: the qualified type is the chain
// of parent types joined by "$", without the root stack's type.
func URN(stack, parentURN, typ, name string) string {
	qualified := typ
	if pt := QualifiedType(parentURN); pt != "" && pt != StackType {
		qualified = pt + "$" + typ
	}
	return "urn:pulumi:" + stack + "::" + Project + "::" + qualified + "::" + name
}

// QualifiedType returns the qualified type of a URN ("" when urn is not one).
func QualifiedType(urn string) string {
	parts := strings.SplitN(urn, "::", 4)
	if len(parts) != 4 {
		return ""
	}
	return parts[2]
}

// StackURN is the URN of a stack's root resource.
func StackURN(stack string) string {
	return URN(stack, "", StackType, Project+"-"+stack)
}

// Get reads a value at a dotted path ("rootBlockDevice.encrypted",
// "tags.Name") from inputs; ok is false when it is absent.
func Get(m map[string]any, path string) (any, bool) {
	var cur any = m
	for _, part := range strings.Split(path, ".") {
		mm, isMap := cur.(map[string]any)
		if !isMap {
			return nil, false
		}
		v, ok := mm[part]
		if !ok {
			return nil, false
		}
		cur = v
	}
	return cur, true
}

// GetString reads a string at a dotted path ("" when absent or not a string).
func GetString(m map[string]any, path string) string {
	v, _ := Get(m, path)
	s, _ := v.(string)
	return s
}
