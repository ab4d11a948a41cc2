package infra

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/jaiarobotics/jaia-cloud/stackconfig"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/require"
)

// registration is what the mock monitor saw of one resource.
type registration struct {
	Type, Name string
	Custom     bool
	Inputs     resource.PropertyMap
	Provider   string
	Parent     string
	Protect    bool
	Retain     bool
	DBR        bool
	ImportID   string
	Ignore     []string
	Deps       []string
}

// mocks answers registrations and invokes with simple, explicit values:
// each VPC gets its own /56 (2600:1f18:0:<n>00::/56), EIPs get TEST-NET
// addresses, ARNs use account 123456789012.
type mocks struct {
	mu    sync.Mutex
	regs  []registration
	vpcs  int
	eips  int
	calls []pulumi.MockCallArgs
	// existing are VPCs already in the account: id -> tags.
	existing map[string]map[string]string
}

func (m *mocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r := registration{Type: args.TypeToken, Name: args.Name, Custom: args.Custom, Inputs: args.Inputs, Provider: args.Provider}
	if rpc := args.RegisterRPC; rpc != nil {
		r.Parent = rpc.GetParent()
		r.Protect = rpc.GetProtect()
		r.Retain = rpc.GetRetainOnDelete()
		r.DBR = rpc.GetDeleteBeforeReplace()
		r.ImportID = rpc.GetImportId()
		r.Ignore = rpc.GetIgnoreChanges()
		r.Deps = rpc.GetDependencies()
	}
	m.regs = append(m.regs, r)
	out := args.Inputs.Copy()
	id := args.Name + "-id"
	const acct = "123456789012"
	switch args.TypeToken {
	case "aws:ec2/vpc:Vpc":
		out["ipv6CidrBlock"] = resource.NewStringProperty(fmt.Sprintf("2600:1f18:0:%x00::/56", m.vpcs+1))
		m.vpcs++
		id = fmt.Sprintf("vpc-%08x", m.vpcs)
		out["arn"] = resource.NewStringProperty("arn:aws:ec2:us-east-1:" + acct + ":vpc/" + id)
	case "aws:ec2/securityGroup:SecurityGroup":
		id = "sg-" + args.Name
		out["arn"] = resource.NewStringProperty("arn:aws:ec2:us-east-1:" + acct + ":security-group/" + id)
	case "aws:s3/bucketV2:BucketV2":
		id = args.Inputs["bucket"].StringValue()
		out["arn"] = resource.NewStringProperty("arn:aws:s3:::" + id)
	case "aws:iam/role:Role":
		if _, ok := out["name"]; !ok {
			out["name"] = resource.NewStringProperty(args.Name + "-1234567")
		}
		out["arn"] = resource.NewStringProperty("arn:aws:iam::" + acct + ":role/" + out["name"].StringValue())
	case "aws:iam/instanceProfile:InstanceProfile":
		out["arn"] = resource.NewStringProperty("arn:aws:iam::" + acct + ":instance-profile/" + out["name"].StringValue())
	case "aws:ec2/eip:Eip":
		m.eips++
		if args.ID != "" {
			id = args.ID
		} else if imp := args.RegisterRPC.GetImportId(); imp != "" {
			id = imp
		} else {
			id = fmt.Sprintf("eipalloc-%08x", m.eips)
		}
		out["allocationId"] = resource.NewStringProperty(id)
		out["publicIp"] = resource.NewStringProperty(fmt.Sprintf("198.51.100.%d", m.eips))
	case "aws:ec2/instance:Instance":
		id = "i-" + args.Name
		if _, ok := out["ipv6Addresses"]; !ok {
			out["ipv6Addresses"] = resource.NewArrayProperty([]resource.PropertyValue{resource.NewStringProperty("2600:1f13:501:a400::99")})
		}
		out["publicIp"] = resource.NewStringProperty("203.0.113.99")
	}
	return id, out, nil
}

func (m *mocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	m.mu.Lock()
	m.calls = append(m.calls, args)
	m.mu.Unlock()
	switch args.Token {
	case "aws:ssm/getParameter:getParameter":
		name := args.Args["name"].StringValue()
		ami := "ami-0a1b2c3d4e5f60718"
		if strings.Contains(name, "/amd64/") {
			ami = "ami-0f0e0d0c0b0a09080"
		}
		return resource.PropertyMap{"insecureValue": resource.NewStringProperty(ami), "value": resource.NewStringProperty(ami), "name": resource.NewStringProperty(name)}, nil
	case "aws:index/getCallerIdentity:getCallerIdentity":
		return resource.PropertyMap{"accountId": resource.NewStringProperty("123456789012"), "arn": resource.NewStringProperty("arn:aws:iam::123456789012:user/ops"),
			"userId": resource.NewStringProperty("AIDAEXAMPLE"), "id": resource.NewStringProperty("123456789012")}, nil
	case "aws:index/getPartition:getPartition":
		return resource.PropertyMap{"partition": resource.NewStringProperty("aws"), "dnsSuffix": resource.NewStringProperty("amazonaws.com"),
			"id": resource.NewStringProperty("aws"), "reverseDnsPrefix": resource.NewStringProperty("com.amazonaws")}, nil
	case "aws:ec2/getVpcs:getVpcs":
		var ids []resource.PropertyValue
		for _, f := range args.Args["filters"].ArrayValue() {
			name := f.ObjectValue()["name"].StringValue()
			for _, v := range f.ObjectValue()["values"].ArrayValue() {
				for _, id := range slices.Sorted(maps.Keys(m.existing)) {
					if "tag:"+TagFleet == name && m.existing[id][TagFleet] == v.StringValue() {
						ids = append(ids, resource.NewStringProperty(id))
					}
				}
			}
		}
		return resource.PropertyMap{"ids": resource.NewArrayProperty(ids), "id": resource.NewStringProperty("us-east-1")}, nil
	case "aws:ec2/getVpc:getVpc":
		id := args.Args["id"].StringValue()
		tags, ok := m.existing[id]
		if !ok {
			return nil, fmt.Errorf("no matching EC2 VPC found")
		}
		return resource.PropertyMap{"id": resource.NewStringProperty(id), "tags": resource.NewPropertyValue(tags)}, nil
	case "aws:ec2/getAmi:getAmi":
		return resource.PropertyMap{"id": resource.NewStringProperty("ami-0123456789abcdef0"), "imageId": resource.NewStringProperty("ami-0123456789abcdef0")}, nil
	}
	return resource.PropertyMap{}, fmt.Errorf("unexpected invoke %s", args.Token)
}

// run runs the program with the given raw configuration under the mocks.
func run(t *testing.T, stack string, raw map[string]string) (*mocks, map[string]pulumi.Input, error) {
	t.Helper()
	return runWith(t, &mocks{}, stack, raw)
}

// runWith runs the program under the given mocks.
func runWith(t *testing.T, m *mocks, stack string, raw map[string]string) (*mocks, map[string]pulumi.Input, error) {
	t.Helper()
	var exports map[string]pulumi.Input
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		err := Program(ctx)
		exports = ctx.GetCurrentExportMap()
		return err
	}, pulumi.WithMocks("jaia-cloud", stack, m), func(ri *pulumi.RunInfo) { ri.Config = raw })
	return m, exports, err
}

// runStackFile runs the program with a committed stack file's configuration.
func runStackFile(t *testing.T, stack string) *mocks {
	t.Helper()
	raw, _, err := stackconfig.ReadStackFile("../Pulumi." + stack + ".yaml")
	require.NoError(t, err)
	m, _, err := run(t, stack, raw)
	require.NoError(t, err)
	return m
}

// byName returns the custom resource of that name (components share their
// names with their main resource).
func (m *mocks) byName(t *testing.T, name string) registration {
	t.Helper()
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, r := range m.regs {
		if r.Name == name && r.Custom {
			return r
		}
	}
	t.Fatalf("no resource named %q", name)
	return registration{}
}

func (m *mocks) ofType(typ string) []registration {
	var out []registration
	for _, r := range m.regs {
		if r.Type == typ {
			out = append(out, r)
		}
	}
	return out
}

// str reads a (possibly nested, dotted) string input.
func input(r registration, path string) string {
	v := get(r.Inputs, path)
	if v.IsString() {
		return v.StringValue()
	}
	return ""
}

func get(m resource.PropertyMap, path string) resource.PropertyValue {
	parts := strings.Split(path, ".")
	v := resource.NewObjectProperty(m)
	for _, p := range parts {
		if !v.IsObject() {
			return resource.NewNullProperty()
		}
		v = v.ObjectValue()[resource.PropertyKey(p)]
	}
	return v
}
