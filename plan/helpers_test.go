package plan

import (
	"encoding/base64"
	"strings"
)

// Helpers that build small plans by hand.

const testStack = "test"

// m builds a map from alternating keys and values.
func m(kv ...any) map[string]any {
	out := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i].(string)] = kv[i+1]
	}
	return out
}

// l builds a list.
func l(v ...any) []any { return v }

var testProvider = URN(testStack, StackURN(testStack), ProviderTypeAWS, "aws-us-west-2")

// res builds a custom resource under the stack, managed by testProvider.
func res(typ, name string, inputs map[string]any, opts ...func(*Resource)) Resource {
	r := Resource{URN: URN(testStack, StackURN(testStack), typ, name), Type: typ, Name: name,
		Parent: StackURN(testStack), Custom: true, Provider: testProvider, Inputs: inputs}
	for _, o := range opts {
		o(&r)
	}
	return r
}

func protect(r *Resource) { r.Options.Protect = true }
func retain(r *Resource)  { r.Options.RetainOnDelete = true }
func imported(id string) func(*Resource) {
	return func(r *Resource) { r.Options.ImportID = id }
}
func ignoring(paths ...string) func(*Resource) {
	return func(r *Resource) { r.Options.IgnoreChanges = paths }
}
func dependsOn(urns ...string) func(*Resource) {
	return func(r *Resource) { r.Options.DependsOn = urns }
}
func provider(urn string) func(*Resource) {
	return func(r *Resource) { r.Provider = urn }
}

// projectTags are the tags every taggable resource of testStack carries.
func projectTags() map[string]any {
	return m("jaia_project", "jaia-cloud", "jaia_stack", testStack, "jaia_managed_by", "pulumi")
}

// testPlan is a plan of the given resources plus the stack and a provider
// whose default tags are the project's.
func testPlan(rs ...Resource) *Plan {
	p := &Plan{Stack: testStack, Simulated: SimulatedNote, Outputs: map[string]any{}}
	p.Resources = append(p.Resources,
		Resource{URN: StackURN(testStack), Type: StackType, Name: Project + "-" + testStack, Inputs: map[string]any{}},
		Resource{URN: testProvider, Type: ProviderTypeAWS, Name: "aws-us-west-2", Parent: StackURN(testStack), Custom: true,
			Inputs: m("region", "us-west-2", "defaultTags", m("tags", projectTags()))})
	p.Resources = append(p.Resources, rs...)
	p.normalize()
	return p
}

// goodInstance is an instance that passes every check.
func goodInstance(name string, extra ...any) Resource {
	in := m("ami", "ami-0123456789abcdef0", "instanceType", "t4g.nano",
		"metadataOptions", m("httpTokens", "required"),
		"rootBlockDevice", m("encrypted", true, "volumeSize", 8.0),
		"userDataBase64", b64("#!/bin/sh\necho hello\n"))
	for i := 0; i+1 < len(extra); i += 2 {
		in[extra[i].(string)] = extra[i+1]
	}
	return res("aws:ec2/instance:Instance", name, in)
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// checksOf returns the names of the checks among violations.
func checksOf(vs []Violation) []string {
	var out []string
	for _, v := range vs {
		out = append(out, v.Check)
	}
	return out
}

func joinLines(lines ...string) string { return strings.Join(lines, "\n") + "\n" }
