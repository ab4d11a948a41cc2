package plan

import (
	"strings"
	"testing"

	"github.com/jaiarobotics/jaia-cloud/awsmodel"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const instType = "aws:ec2/instance:Instance"

// change finds the change at path in a resource diff.
func change(t *testing.T, rd ResourceDiff, path string) Change {
	t.Helper()
	for _, c := range rd.Changes {
		if c.Path == path {
			return c
		}
	}
	t.Fatalf("no change at %s in %+v", path, rd.Changes)
	return Change{}
}

func only(t *testing.T, d *Diff, urnSuffix string) ResourceDiff {
	t.Helper()
	for _, r := range d.Resources {
		if strings.HasSuffix(r.URN, urnSuffix) {
			return r
		}
	}
	t.Fatalf("no diff for %s in %+v", urnSuffix, d.Resources)
	return ResourceDiff{}
}

func TestCompare(t *testing.T) {
	base := func() Resource { return goodInstance("web", "subnetId", "subnet-0123456789abcdef0") }
	tests := []struct {
		name   string
		both   func(r *Resource) // applied to the old and the new resource
		edit   func(r *Resource)
		op     Op
		path   string
		check  func(t *testing.T, c Change)
		render string // a line WriteDiff must print
	}{
		{"in-place update", nil, func(r *Resource) { r.Inputs["instanceType"] = "t4g.micro" }, OpUpdate, "instanceType",
			func(t *testing.T, c Change) {
				assert.Equal(t, Update, c.Kind)
				assert.Equal(t, "t4g.nano", c.Old)
				assert.Equal(t, "t4g.micro", c.New)
				assert.False(t, c.Replace)
			}, `~ instanceType: "t4g.nano" → "t4g.micro"`},
		{"force-new input replaces", nil, func(r *Resource) { r.Inputs["ami"] = "ami-0fedcba9876543210" }, OpReplace, "ami",
			func(t *testing.T, c Change) { assert.True(t, c.Replace); assert.Equal(t, "force-new", c.Reason) },
			`+- ami: "ami-0123456789abcdef0" → "ami-0fedcba9876543210" [replaces: force-new]`},
		{"nested force-new input", nil, func(r *Resource) { r.Inputs["rootBlockDevice"].(map[string]any)["encrypted"] = false }, OpReplace,
			"rootBlockDevice.encrypted", func(t *testing.T, c Change) { assert.True(t, c.Replace) }, "+- rootBlockDevice.encrypted: true → false"},
		{"nested in-place input", nil, func(r *Resource) { r.Inputs["rootBlockDevice"].(map[string]any)["volumeSize"] = 16.0 }, OpUpdate,
			"rootBlockDevice.volumeSize", func(t *testing.T, c Change) { assert.False(t, c.Replace) }, "~ rootBlockDevice.volumeSize: 8 → 16"},
		{"ignored change", func(r *Resource) { r.Options.IgnoreChanges = []string{"ami"} }, func(r *Resource) {
			r.Inputs["ami"] = "ami-0fedcba9876543210"
		}, OpSame, "ami", func(t *testing.T, c Change) {
			assert.True(t, c.Ignored)
			assert.False(t, c.Replace, "an ignored change never replaces")
			assert.False(t, c.Effective())
		}, "(ignored: ignoreChanges)"},
		{"user data: hash and decoded line diff", nil, func(r *Resource) {
			r.Inputs["userDataBase64"] = b64(strings.Repeat("# padding line of the document\n", 5) + "echo bye\n")
		}, OpUpdate, "userDataBase64", func(t *testing.T, c Change) { assert.False(t, c.Replace) }, "        + echo bye"},
		{"user data replaces when userDataReplaceOnChange", nil, func(r *Resource) {
			r.Inputs["userDataReplaceOnChange"] = true
			r.Inputs["userDataBase64"] = b64("#!/bin/sh\necho bye\n")
		}, OpReplace, "userDataBase64", func(t *testing.T, c Change) {
			assert.True(t, c.Replace)
			assert.Contains(t, c.Reason, "condition")
		}, "[replaces: force-new under a condition"},
		{"optional+computed input left out is a no-op", nil, func(r *Resource) { delete(r.Inputs, "subnetId") }, OpSame, "subnetId",
			func(t *testing.T, c Change) {
				assert.Equal(t, Delete, c.Kind)
				assert.True(t, c.NoOp)
				assert.False(t, c.Replace, "subnetId is force-new, but leaving it out keeps the subnet")
			}, "(no-op: the provider keeps the current value)"},
		{"replaceOnChanges", nil, func(r *Resource) {
			r.Inputs["instanceType"] = "t4g.micro"
			r.Options.ReplaceOnChanges = []string{"instanceType"}
		}, OpReplace, "instanceType", func(t *testing.T, c Change) { assert.Equal(t, "replaceOnChanges", c.Reason) }, "[replaces: replaceOnChanges]"},
		{"option change", nil, func(r *Resource) { r.Options.Protect = true }, OpUpdate, "options.protect",
			func(t *testing.T, c Change) { assert.Equal(t, false, c.Old); assert.Equal(t, true, c.New) }, "~ options.protect: false → true"},
		{"tag added", nil, func(r *Resource) { r.Inputs["tags"] = m("jaia-x.y", "1") }, OpUpdate, "tags",
			func(t *testing.T, c Change) { assert.Equal(t, Add, c.Kind) }, `+ tags: {"jaia-x.y":"1"}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			oldR, newR := base(), base()
			if tc.both != nil {
				tc.both(&oldR)
				tc.both(&newR)
			}
			tc.edit(&newR)
			d := Compare(testPlan(oldR), testPlan(newR))
			rd := only(t, d, "::web")
			assert.Equal(t, tc.op, rd.Op)
			tc.check(t, change(t, rd, tc.path))
			var b strings.Builder
			require.NoError(t, WriteDiff(&b, d))
			assert.Contains(t, b.String(), tc.render)
		})
	}
}

func TestCompareResourcesAddedRemovedSame(t *testing.T) {
	a, b, c := goodInstance("a"), goodInstance("b"), goodInstance("c")
	d := Compare(testPlan(a, b), testPlan(b, c))
	require.Len(t, d.Resources, 2)
	assert.Equal(t, OpDelete, only(t, d, "::a").Op)
	assert.Equal(t, OpCreate, only(t, d, "::c").Op)
	assert.Equal(t, map[Op]int{OpCreate: 1, OpDelete: 1}, d.Count())
	assert.Equal(t, "ami", only(t, d, "::c").Changes[0].Path, "a create lists its inputs")

	same := Compare(testPlan(a, b), testPlan(a, b))
	assert.True(t, same.Empty())
	var out strings.Builder
	require.NoError(t, WriteDiff(&out, same))
	assert.Contains(t, out.String(), "No changes.")
}

func TestCompareProviders(t *testing.T) {
	east := URN(testStack, StackURN(testStack), ProviderTypeAWS, "aws-us-east-1")
	eastProvider := Resource{URN: east, Type: ProviderTypeAWS, Name: "aws-us-east-1", Parent: StackURN(testStack), Custom: true,
		Inputs: m("region", "us-east-1")}
	t.Run("moving to a provider of another region replaces", func(t *testing.T) {
		oldR, newR := goodInstance("web"), goodInstance("web")
		newR.Provider = east
		d := Compare(testPlan(oldR, eastProvider), testPlan(newR, eastProvider))
		rd := only(t, d, "::web")
		assert.Equal(t, OpReplace, rd.Op)
		assert.True(t, change(t, rd, "provider").Replace)
	})
	t.Run("a provider whose region changes replaces its resources", func(t *testing.T) {
		oldP := testPlan(goodInstance("web"))
		newP := testPlan(goodInstance("web"))
		newP.Resource(testProvider).Inputs["region"] = "eu-west-1"
		d := Compare(oldP, newP)
		assert.Equal(t, OpReplace, only(t, d, "::aws-us-west-2").Op)
		rd := only(t, d, "::web")
		assert.Equal(t, OpReplace, rd.Op)
		assert.Equal(t, "its provider is replaced", change(t, rd, "provider").Reason)
	})
	t.Run("a default-tags change updates the provider only", func(t *testing.T) {
		oldP := testPlan(goodInstance("web"))
		newP := testPlan(goodInstance("web"))
		newP.Resource(testProvider).Inputs["defaultTags"] = m("tags", m("x", "y"))
		d := Compare(oldP, newP)
		require.Len(t, d.Resources, 1)
		assert.Equal(t, OpUpdate, d.Resources[0].Op)
	})
}

func TestCompareCascade(t *testing.T) {
	const subnetType = "aws:ec2/subnet:Subnet"
	subnetURN := URN(testStack, StackURN(testStack), subnetType, "sn")
	subnetID := awsmodel.HashID("subnet-", subnetType, subnetURN, 0)
	sn := func(az string) Resource {
		return res(subnetType, "sn", m("vpcId", "vpc-0123456789abcdef0", "cidrBlock", "10.0.0.0/24", "availabilityZone", az, "tags", projectTags()))
	}
	inst := goodInstance("web", "subnetId", subnetID)
	inst.Options.DependsOn = []string{subnetURN}
	assoc := res("aws:ec2/eipAssociation:EipAssociation", "web-assoc",
		m("allocationId", "eipalloc-0123456789abcdef0", "instanceId", awsmodel.HashID("i-", instType, inst.URN, 0)), dependsOn(inst.URN))

	d := Compare(testPlan(sn("us-west-2a"), inst, assoc), testPlan(sn("us-west-2b"), inst, assoc))
	assert.Equal(t, OpReplace, only(t, d, "::sn").Op)
	rd := only(t, d, "::web")
	assert.Equal(t, OpReplace, rd.Op, "the instance's subnetId becomes unknown and is force-new")
	c := change(t, rd, "subnetId")
	assert.Equal(t, UnknownMarker, c.New)
	assert.Contains(t, c.Reason, subnetURN)
	assert.Equal(t, OpReplace, only(t, d, "::web-assoc").Op, "and so on down the chain")
}

func TestCompareOutputs(t *testing.T) {
	oldP, newP := testPlan(), testPlan()
	oldP.Outputs = m("hosts", "a\nb\n", "servers", m("docs", m("publicIpv4", "203.0.113.1")))
	newP.Outputs = m("hosts", "a\nc\n", "servers", m("docs", m("publicIpv4", "203.0.113.2")), "fleets", m())
	d := Compare(oldP, newP)
	var paths []string
	for _, c := range d.Outputs {
		paths = append(paths, c.Path)
	}
	assert.Equal(t, []string{"fleets", "hosts", "servers.docs.publicIpv4"}, paths)
}

func TestCompareSetsIgnoreOrder(t *testing.T) {
	oldR := goodInstance("web", "vpcSecurityGroupIds", l("sg-1", "sg-2"))
	newR := goodInstance("web", "vpcSecurityGroupIds", l("sg-2", "sg-1"))
	assert.True(t, Compare(testPlan(oldR), testPlan(newR)).Empty())
	newR.Inputs["vpcSecurityGroupIds"] = l("sg-2", "sg-3")
	rd := only(t, Compare(testPlan(oldR), testPlan(newR)), "::web")
	assert.Equal(t, OpUpdate, rd.Op)
	assert.Equal(t, "vpcSecurityGroupIds", rd.Changes[0].Path)
}

func TestLineDiff(t *testing.T) {
	tests := []struct {
		a, b, want string
	}{
		{"a\nb\nc", "a\nb\nc", ""},
		{"a\nb\nc", "a\nx\nc", "- b|+ x"},
		{"a\nc", "a\nb\nc", "+ b"},
		{"a\nb\nc", "a\nc", "- b"},
		{"x\ny", "p\nq", "- x|- y|+ p|+ q"},
	}
	for _, tc := range tests {
		got := strings.Join(lineDiff(strings.Split(tc.a, "\n"), strings.Split(tc.b, "\n")), "|")
		assert.Equal(t, tc.want, got, "%q → %q", tc.a, tc.b)
	}
}

func TestPaths(t *testing.T) {
	covers := []struct {
		pattern, path string
		want          bool
	}{
		{"tags", "tags", true},
		{"tags", `tags["jaia.x"]`, true},
		{"tags", "tagsAll", false},
		{"rootBlockDevice", "rootBlockDevice.encrypted", true},
		{"rootBlockDevice.encrypted", "rootBlockDevice", false},
		{"ebsBlockDevices[*].encrypted", "ebsBlockDevices[2].encrypted", true},
		{"ebsBlockDevices[1]", "ebsBlockDevices[2].encrypted", false},
		{`tags["a.b"]`, `tags["a.b"]`, true},
	}
	for _, tc := range covers {
		assert.Equal(t, tc.want, pathCovers(tc.pattern, tc.path), "%s covers %s", tc.pattern, tc.path)
	}
	assert.Equal(t, `a.b["c-d"][3]`, joinIndex(joinKey(joinKey("a", "b"), "c-d"), 3))

	olds := m("ami", "ami-1", "tags", m("Name", "x", "k", "v"), "list", l("a", "b"))
	news := m("ami", "ami-2", "tags", m("Name", "y"), "list", l("c", "d"))
	got := withOldValues(olds, news, []string{"ami", `tags["k"]`, "list[*]", "absent"})
	assert.Equal(t, m("ami", "ami-1", "tags", m("Name", "y", "k", "v"), "list", l("a", "b")), got)
	assert.Equal(t, "ami-2", news["ami"], "news is not modified")
}
