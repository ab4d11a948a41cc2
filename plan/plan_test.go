package plan

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jaiarobotics/jaia-cloud/awsmodel"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

func TestURNMatchesTheMockMonitor(t *testing.T) {
	sim := newSimulator("prod", "")
	stack := StackURN("prod")
	comp := URN("prod", stack, "jaia:infra:Fleet", "fleet0")
	tests := []struct {
		parent, typ, name string
		want              string
	}{
		{"", StackType, "jaia-cloud-prod", "urn:pulumi:prod::jaia-cloud::pulumi:pulumi:Stack::jaia-cloud-prod"},
		{stack, ProviderTypeAWS, "aws-us-east-1", "urn:pulumi:prod::jaia-cloud::pulumi:providers:aws::aws-us-east-1"},
		{stack, "jaia:infra:Fleet", "fleet0", "urn:pulumi:prod::jaia-cloud::jaia:infra:Fleet::fleet0"},
		{comp, "aws:ec2/vpc:Vpc", "fleet0-vpc", "urn:pulumi:prod::jaia-cloud::jaia:infra:Fleet$aws:ec2/vpc:Vpc::fleet0-vpc"},
		{URN("prod", comp, "my:mod:Inner", "x"), "aws:ec2/vpc:Vpc", "v", "urn:pulumi:prod::jaia-cloud::jaia:infra:Fleet$my:mod:Inner$aws:ec2/vpc:Vpc::v"},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, URN("prod", tc.parent, tc.typ, tc.name))
		assert.Equal(t, tc.want, sim.urnOf(tc.parent, tc.typ, tc.name), "the SDK's mock monitor computes the same URN")
	}
}

func TestProjectIsPulumiYamlName(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(repoRoot, "Pulumi.yaml"))
	require.NoError(t, err)
	var doc struct {
		Name string `yaml:"name"`
	}
	require.NoError(t, yaml.Unmarshal(b, &doc))
	assert.Equal(t, doc.Name, Project)
}

func TestEncodeIsCanonical(t *testing.T) {
	p := testPlan(goodInstance("b"), goodInstance("a", "tags", m("z", "1", "a", "<&>")))
	p.Outputs = m("list", l(1.0, "x", nil, true), "n", 1.5)
	b1, err := p.Encode()
	require.NoError(t, err)
	s := string(b1)
	assert.True(t, strings.HasSuffix(s, "}\n"), "trailing newline")
	assert.Contains(t, s, "\n  \"stack\": \"test\",\n", "two-space indent")
	assert.Less(t, strings.Index(s, "::a\""), strings.Index(s, "::b\""), "resources sorted by URN")
	assert.Less(t, strings.Index(s, `"a": "<&>"`), strings.Index(s, `"z": "1"`), "keys sorted, no HTML escaping")
	assert.Contains(t, s, `"ignoreChanges": []`, "empty lists, not null")

	// Same bytes as encoding/json would write, and stable through a round trip.
	var std strings.Builder
	enc := json.NewEncoder(&std)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	require.NoError(t, enc.Encode(p))
	assert.Equal(t, std.String(), s)
	back, err := Decode("test", b1)
	require.NoError(t, err)
	b2, err := back.Encode()
	require.NoError(t, err)
	assert.Equal(t, s, string(b2))
}

func TestEncodeMatchesEncodingJSONOnProd(t *testing.T) {
	p, err := ReadFile(GoldenPath(repoRoot, "prod"))
	require.NoError(t, err)
	got, err := p.Encode()
	require.NoError(t, err)
	var std strings.Builder
	enc := json.NewEncoder(&std)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	require.NoError(t, enc.Encode(p))
	assert.Equal(t, std.String(), string(got))
}

func TestEncodeStrings(t *testing.T) {
	for _, s := range []string{"", "plain", "quote\" back\\slash", "ctl\x00\x01\x1f\t\n\r", "uni é ☃ \u2028 \u2029", "html <>&", "bad \xff utf8"} {
		p := testPlan()
		p.Outputs = m("s", s)
		got, err := p.Encode()
		require.NoError(t, err)
		var std strings.Builder
		enc := json.NewEncoder(&std)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		require.NoError(t, enc.Encode(p))
		assert.Equal(t, std.String(), string(got), "%q", s)
	}
}

func TestDecodeRejects(t *testing.T) {
	_, err := Decode("x.json", []byte(`{"stack": "prod", "extra": 1}`))
	assert.ErrorContains(t, err, "x.json: not a plan")
	_, err = Decode("y.json", []byte(`{"resources": []}`))
	assert.ErrorContains(t, err, "no stack")
	_, err = ReadFile(filepath.Join(t.TempDir(), "missing.json"))
	assert.True(t, os.IsNotExist(err))
}

func TestLoadStack(t *testing.T) {
	_, _, err := LoadStack(repoRoot, "nope")
	require.Error(t, err)
	assert.Contains(t, err.Error(), filepath.Join(repoRoot, "Pulumi.nope.yaml"), "names the file it looked for")
	assert.Contains(t, err.Error(), "example, prod", "and the stacks that exist")
	_, _, err = LoadStack(repoRoot, "../prod")
	assert.ErrorContains(t, err, "invalid stack name")

	dir := t.TempDir()
	require.NoError(t, os.WriteFile(StackFile(dir, "s"), []byte("config:\n  jaia-cloud:protect: false\n  aws:region: us-east-1\n  jaia-cloud:sshAuthorizedKeys:\n    secure: AAAA\n"), 0o644))
	raw, secrets, err := LoadStack(dir, "s")
	require.NoError(t, err)
	assert.Equal(t, "[secret]", raw["jaia-cloud:sshAuthorizedKeys"])
	assert.Equal(t, []string{"jaia-cloud:sshAuthorizedKeys"}, secrets)
}

func TestRunReportsProgramErrors(t *testing.T) {
	_, err := Run(Request{Stack: "prod", Config: map[string]string{"jaia-cloud:fleets": `[{"id": -1}]`}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "stack prod")
	assert.Contains(t, err.Error(), "jaia-cloud:fleets")
	_, err = Run(Request{})
	assert.ErrorIs(t, err, errNoStack)
}

func TestSimulatedAWSRejects(t *testing.T) {
	tests := []struct {
		name    string
		program pulumi.RunFunc
		want    string
	}{
		{"import of an allocation the account does not have", func(ctx *pulumi.Context) error {
			_, err := ec2.NewEip(ctx, "eip", &ec2.EipArgs{Domain: pulumi.String("vpc")}, pulumi.Import(pulumi.ID("eipalloc-0000000000000000f")))
			return err
		}, `import of aws:ec2/eip:Eip "eipalloc-0000000000000000f": no such object in the simulated account (seeded: eipalloc-`},
		{"import whose inputs differ from the existing object", func(ctx *pulumi.Context) error {
			_, err := ec2.NewEip(ctx, "eip", &ec2.EipArgs{Domain: pulumi.String("vpc"), Tags: pulumi.StringMap{"Name": pulumi.String("docs")}},
				pulumi.Import(pulumi.ID("eipalloc-01248c637bd50502e")))
			return err
		}, `import of "eipalloc-01248c637bd50502e" would fail: the program's inputs differ from the existing object's (+tags.Name)`},
		{"a subnet that does not exist", func(ctx *pulumi.Context) error {
			_, err := ec2.NewInstance(ctx, "web", &ec2.InstanceArgs{Ami: pulumi.String("ami-0123456789abcdef0"),
				InstanceType: pulumi.String("t4g.nano"), SubnetId: pulumi.String("subnet-0000000000000000f")})
			return err
		}, "InvalidSubnetID.NotFound"},
		{"inputs the provider's Check refuses", func(ctx *pulumi.Context) error {
			_, err := ec2.NewInstance(ctx, "web", &ec2.InstanceArgs{Ami: pulumi.String("not-an-ami"), InstanceType: pulumi.String("t4g.nano")})
			return err
		}, "the simulated AWS provider rejects the inputs: ami: InvalidAMIID.Malformed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Run(Request{Stack: "t", Config: map[string]string{"aws:region": "us-west-2"}, Program: tc.program})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestImportReadsTheSeededAccount(t *testing.T) {
	p, err := Run(Request{Stack: "t", Config: map[string]string{"aws:region": "us-west-2"}, Program: func(ctx *pulumi.Context) error {
		eip, err := ec2.NewEip(ctx, "eip", &ec2.EipArgs{Domain: pulumi.String("vpc"), Tags: pulumi.StringMap{"Name": pulumi.String("docs")}},
			pulumi.Import(pulumi.ID("eipalloc-01248c637bd50502e")), pulumi.IgnoreChanges([]string{"tags"}))
		if err != nil {
			return err
		}
		ctx.Export("ip", eip.PublicIp)
		return nil
	}})
	require.NoError(t, err, "ignoreChanges covers the difference")
	assert.Equal(t, "203.0.113.11", p.Outputs["ip"], "the seeded allocation's address")
}

func TestSimulatedValuesComeFromAwsmodel(t *testing.T) {
	p, err := Run(Request{Stack: "t", Config: map[string]string{"aws:region": "us-east-1"}, Program: func(ctx *pulumi.Context) error {
		v, err := ec2.NewVpc(ctx, "net", &ec2.VpcArgs{CidrBlock: pulumi.String("10.0.0.0/16"), AssignGeneratedIpv6CidrBlock: pulumi.Bool(true)})
		if err != nil {
			return err
		}
		ctx.Export("id", v.ID())
		ctx.Export("v6", v.Ipv6CidrBlock)
		ctx.Export("secret", pulumi.ToSecret(pulumi.String("x")))
		return nil
	}})
	require.NoError(t, err)
	urn := "urn:pulumi:t::jaia-cloud::aws:ec2/vpc:Vpc::net"
	id, out, err := awsmodel.Outputs(awsmodel.TypeVpc, urn, map[string]any{"cidrBlock": "10.0.0.0/16", "assignGeneratedIpv6CidrBlock": true},
		nil, awsmodel.Env{Region: "us-east-1"})
	require.NoError(t, err)
	assert.Equal(t, id, p.Outputs["id"])
	assert.Equal(t, out["ipv6CidrBlock"], p.Outputs["v6"])
	assert.Equal(t, SecretMarker, p.Outputs["secret"])
	require.NotNil(t, p.Resource(urn))
	assert.Equal(t, "", p.Resource(urn).Provider, "the default provider has no URN in a plan")
}

func TestWithSyntheticFleets(t *testing.T) {
	raw := map[string]string{
		"jaia-cloud:fleets":         `[{"id": 0, "customer": "jaia", "cloudHub": {"instanceType": "t3a.micro"}}]`,
		"jaia-cloud:externalFleets": `[1, 2, 900]`,
	}
	out, err := WithSyntheticFleets(raw, 3)
	require.NoError(t, err)
	var fleets []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out["jaia-cloud:fleets"]), &fleets))
	require.Len(t, fleets, 4)
	assert.Equal(t, m("id", 2.0, "customer", "c2", "region", "us-west-2", "availabilityZone", "us-west-2a", "repository", "release",
		"cloudHub", m("instanceType", "t3a.micro")), fleets[2])
	assert.Equal(t, "us-east-1", fleets[3]["region"], "regions alternate")
	assert.Equal(t, `[900]`, out["jaia-cloud:externalFleets"], "synthetic ids are no longer external")
	assert.Equal(t, `[1, 2, 900]`, raw["jaia-cloud:externalFleets"], "the input is not modified")

	_, err = WithSyntheticFleets(map[string]string{"jaia-cloud:fleets": `[{"id": 2}]`}, 3)
	assert.ErrorContains(t, err, "already has a fleet 2")
}

func TestUserData(t *testing.T) {
	doc, err := UserData(repoRoot, "example", "fleet5-bot2")
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(doc.Raw), "Content-Type: multipart/mixed"))
	assert.Contains(t, string(doc.Raw), "#cloud-config")

	docs, err := UserData(repoRoot, "prod", "docs")
	require.NoError(t, err)
	p, err := ReadFile(GoldenPath(repoRoot, "prod"))
	require.NoError(t, err)
	inst := p.ByName("aws:ec2/instance:Instance", "docs")
	require.Len(t, inst, 1)
	assert.Equal(t, docs.Base64(), inst[0].Inputs["userDataBase64"], "the document the plan gives the instance")

	_, err = UserData(repoRoot, "prod", "nope")
	assert.ErrorContains(t, err, "has no machine \"nope\" (machines: cc_db, cloud, data, docs, fleet0, iridium, packages, vpn)")
}

func TestWriteTree(t *testing.T) {
	comp := Resource{URN: URN(testStack, StackURN(testStack), "jaia:infra:Fleet", "fleet1"), Type: "jaia:infra:Fleet", Name: "fleet1",
		Parent: StackURN(testStack), Inputs: m()}
	child := goodInstance("fleet1-cloudhub")
	child.Parent = comp.URN
	child.URN = URN(testStack, comp.URN, child.Type, child.Name)
	eip := res("aws:ec2/eip:Eip", "a-eip", m(), imported("eipalloc-1"), protect)
	var b strings.Builder
	require.NoError(t, WriteTree(&b, testPlan(comp, child, eip)))
	want := joinLines(
		"+ pulumi:pulumi:Stack jaia-cloud-test",
		"    + pulumi:providers:aws aws-us-west-2",
		"    + jaia:infra:Fleet fleet1",
		"        + aws:ec2/instance:Instance fleet1-cloudhub",
		"    = aws:ec2/eip:Eip a-eip [import eipalloc-1; protect]",
	)
	assert.Contains(t, b.String(), want)
	assert.Contains(t, b.String(), "     1 aws:ec2/instance:Instance\n")
	assert.Contains(t, b.String(), "     5 total\n")
	assert.Contains(t, b.String(), "Simulated: "+SimulatedNote)
}
