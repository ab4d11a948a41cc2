package e2e_test

import (
	"context"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ssm"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jaiarobotics/jaia-cloud/awsmodel"
	"github.com/jaiarobotics/jaia-cloud/e2e/harness"
)

const ubuntuAMI = "/aws/service/canonical/ubuntu/server/24.04/stable/current/arm64/hvm/ebs-gp3/ami-id"

// params are the knobs of the test program.
type params struct {
	InstanceType string
	AMI          string // "" = the Ubuntu SSM parameter
	Protect      bool   // EC2 termination protection
	ImportEIP    string // allocation to adopt with the Import option ("" = none)
	AdoptedEIP   string // allocation imported with `pulumi import` that the program now declares ("" = none)
}

// subnet64 puts index into bits 56..63 of a /56.
func subnet64(block string, index byte) (string, error) {
	p, err := netip.ParsePrefix(block)
	if err != nil || p.Bits() != 56 {
		return "", fmt.Errorf("want an IPv6 /56, got %q", block)
	}
	a := p.Masked().Addr().As16()
	a[7] = index
	return netip.PrefixFrom(netip.AddrFrom16(a), 64).String(), nil
}

func host(block string, id byte) (string, error) {
	p, err := netip.ParsePrefix(block)
	if err != nil {
		return "", err
	}
	a := p.Masked().Addr().As16()
	a[15] = id
	return netip.AddrFrom16(a).String(), nil
}

// program is a small dual-stack server: VPC, IGW, subnet, routes, security group and rules, an instance with fixed
// IPv4/IPv6 addresses, and an association of a pre-existing Elastic IP (the allocation comes from config).
func program(p params) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		alloc := config.New(ctx, "").Require("eipAllocation")
		tags := pulumi.StringMap{"jaia_e2e": pulumi.String("yes")}
		net, err := ec2.NewVpc(ctx, "net", &ec2.VpcArgs{CidrBlock: pulumi.String("10.23.0.0/16"),
			AssignGeneratedIpv6CidrBlock: pulumi.Bool(true), EnableDnsHostnames: pulumi.Bool(true), Tags: tags})
		if err != nil {
			return err
		}
		igw, err := ec2.NewInternetGateway(ctx, "igw", &ec2.InternetGatewayArgs{VpcId: net.ID(), Tags: tags})
		if err != nil {
			return err
		}
		block := net.Ipv6CidrBlock.ApplyT(func(b string) (string, error) { return subnet64(b, 1) }).(pulumi.StringOutput)
		sub, err := ec2.NewSubnet(ctx, "servers", &ec2.SubnetArgs{VpcId: net.ID(), CidrBlock: pulumi.String("10.23.1.0/24"),
			Ipv6CidrBlock: block, AvailabilityZone: pulumi.String("us-west-2a"), Tags: tags})
		if err != nil {
			return err
		}
		rt, err := ec2.NewRouteTable(ctx, "public", &ec2.RouteTableArgs{VpcId: net.ID(), Routes: ec2.RouteTableRouteArray{
			ec2.RouteTableRouteArgs{CidrBlock: pulumi.String("0.0.0.0/0"), GatewayId: igw.ID()},
			ec2.RouteTableRouteArgs{Ipv6CidrBlock: pulumi.String("::/0"), GatewayId: igw.ID()},
		}, Tags: tags})
		if err != nil {
			return err
		}
		if _, err := ec2.NewRouteTableAssociation(ctx, "public-servers", &ec2.RouteTableAssociationArgs{RouteTableId: rt.ID(), SubnetId: sub.ID()}); err != nil {
			return err
		}
		sg, err := ec2.NewSecurityGroup(ctx, "server", &ec2.SecurityGroupArgs{VpcId: net.ID(), Description: pulumi.String("jaia e2e server"), Tags: tags})
		if err != nil {
			return err
		}
		if _, err := vpc.NewSecurityGroupIngressRule(ctx, "server-ssh-v6", &vpc.SecurityGroupIngressRuleArgs{SecurityGroupId: sg.ID(),
			IpProtocol: pulumi.String("tcp"), FromPort: pulumi.Int(22), ToPort: pulumi.Int(22), CidrIpv6: pulumi.String("::/0")}); err != nil {
			return err
		}
		if _, err := vpc.NewSecurityGroupEgressRule(ctx, "server-all-v4", &vpc.SecurityGroupEgressRuleArgs{SecurityGroupId: sg.ID(),
			IpProtocol: pulumi.String("-1"), CidrIpv4: pulumi.String("0.0.0.0/0")}); err != nil {
			return err
		}
		ami := pulumi.String(p.AMI).ToStringOutput()
		if p.AMI == "" {
			ami = ssm.LookupParameterOutput(ctx, ssm.LookupParameterOutputArgs{Name: pulumi.String(ubuntuAMI)}).InsecureValue()
		}
		v6 := block.ApplyT(func(b string) (string, error) { return host(b, 0x10) }).(pulumi.StringOutput)
		server, err := ec2.NewInstance(ctx, "server", &ec2.InstanceArgs{
			Ami: ami, InstanceType: pulumi.String(p.InstanceType), SubnetId: sub.ID(),
			VpcSecurityGroupIds: pulumi.StringArray{sg.ID()}, PrivateIp: pulumi.String("10.23.1.10"),
			Ipv6Addresses: pulumi.StringArray{v6}, DisableApiTermination: pulumi.Bool(p.Protect),
			RootBlockDevice: ec2.InstanceRootBlockDeviceArgs{VolumeSize: pulumi.Int(8), VolumeType: pulumi.String("gp3"), Encrypted: pulumi.Bool(true)},
			MetadataOptions: ec2.InstanceMetadataOptionsArgs{HttpTokens: pulumi.String("required")},
			Tags:            pulumi.StringMap{"Name": pulumi.String("server.e2e")},
		}, pulumi.DeleteBeforeReplace(true))
		if err != nil {
			return err
		}
		assoc, err := ec2.NewEipAssociation(ctx, "server", &ec2.EipAssociationArgs{AllocationId: pulumi.String(alloc), InstanceId: server.ID()},
			pulumi.DependsOn([]pulumi.Resource{igw}))
		if err != nil {
			return err
		}
		if p.ImportEIP != "" {
			e, err := ec2.NewEip(ctx, "imported", &ec2.EipArgs{Domain: pulumi.String("vpc")},
				pulumi.Import(pulumi.ID(p.ImportEIP)), pulumi.RetainOnDelete(true))
			if err != nil {
				return err
			}
			ctx.Export("importedPublicIp", e.PublicIp)
		}
		if p.AdoptedEIP != "" {
			if _, err := ec2.NewEip(ctx, "adopted", &ec2.EipArgs{Domain: pulumi.String("vpc")}); err != nil {
				return err
			}
		}
		ctx.Export("instanceId", server.ID())
		ctx.Export("ipv6", v6)
		ctx.Export("vpcIpv6", net.Ipv6CidrBlock)
		ctx.Export("publicIp", assoc.PublicIp)
		ctx.Export("ami", server.Ami)
		return nil
	}
}

var eip = awsmodel.ProdEIPs[0] // docs

func newHarness(t *testing.T, p params) *harness.Harness {
	t.Helper()
	tools := harness.Tools(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	h, err := harness.New(ctx, harness.Options{
		Program: program(p), Stack: "e2e", Tools: tools, Dir: t.TempDir(),
		Config: map[string]string{"jaia-e2e:eipAllocation": eip.AllocationID},
		Logf:   t.Logf,
	})
	require.NoError(t, err)
	return h
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	t.Cleanup(cancel)
	return c
}

func assertNoDrift(t *testing.T, h *harness.Harness) {
	t.Helper()
	leaked, missing, err := h.Drift(ctx(t))
	require.NoError(t, err)
	assert.Empty(t, leaked, "objects the state does not know about")
	assert.Empty(t, missing, "state resources that do not exist")
}

func TestUpPreviewUpdateReplace(t *testing.T) {
	p := params{InstanceType: "t4g.nano"}
	h := newHarness(t, p)

	start := time.Now()
	up, err := h.Up(ctx(t))
	require.NoError(t, err)
	t.Logf("TIMING up (create) %s", time.Since(start))
	for name, op := range up.OpsByName() {
		assert.Equal(t, "create", op, name)
	}
	assert.Len(t, up.Changes(), 10)
	out, err := h.Outputs(ctx(t))
	require.NoError(t, err)
	assert.Equal(t, eip.PublicIP, out["publicIp"])
	assert.Equal(t, awsmodel.AMIFor("us-west-2", ubuntuAMI), out["ami"])
	v56 := netip.MustParsePrefix(out["vpcIpv6"].(string))
	assert.True(t, v56.Contains(netip.MustParseAddr(out["ipv6"].(string))))
	assertNoDrift(t, h)

	start = time.Now()
	pre, err := h.Preview(ctx(t))
	require.NoError(t, err)
	t.Logf("TIMING preview (no changes) %s", time.Since(start))
	assert.Empty(t, pre.Changes(), "a second preview shows no changes")

	// instanceType changes in place.
	p.InstanceType = "t4g.small"
	h.SetProgram(program(p))
	pre, err = h.Preview(ctx(t))
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"Instance::server": "update"}, pre.Changes())
	st, _ := pre.Step("Instance::server", "update")
	assert.Equal(t, []string{"instanceType"}, st.Diffs)
	_, err = h.Up(ctx(t))
	require.NoError(t, err)

	// A new AMI replaces the instance (delete-before-replace, its fixed addresses are reused) and therefore its
	// Elastic IP association.
	before, err := h.Outputs(ctx(t))
	require.NoError(t, err)
	p.AMI = "ami-0fedcba9876543210"
	h.SetProgram(program(p))
	pre, err = h.Preview(ctx(t))
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"Instance::server": "replace", "EipAssociation::server": "replace"}, pre.Changes())
	st, _ = pre.Step("Instance::server", "replace")
	assert.Equal(t, []string{"ami"}, st.Keys)
	up, err = h.Up(ctx(t))
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"Instance::server": "replace", "EipAssociation::server": "replace"}, up.Changes())
	after, err := h.Outputs(ctx(t))
	require.NoError(t, err)
	assert.NotEqual(t, before["instanceId"], after["instanceId"])
	assert.Equal(t, before["ipv6"], after["ipv6"], "the fixed IPv6 address survives the replacement")
	assert.Equal(t, eip.PublicIP, after["publicIp"])
	assertNoDrift(t, h)
	pre, err = h.Preview(ctx(t))
	require.NoError(t, err)
	assert.Empty(t, pre.Changes())

	_, err = h.Destroy(ctx(t))
	require.NoError(t, err)
	assertNoDrift(t, h)
}

func TestDestroyRefusesTerminationProtection(t *testing.T) {
	p := params{InstanceType: "t4g.nano", Protect: true}
	h := newHarness(t, p)
	_, err := h.Up(ctx(t))
	require.NoError(t, err)

	res, err := h.Destroy(ctx(t))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "OperationNotPermitted")
	st, ok := res.Step("Instance::server", "delete")
	require.True(t, ok)
	assert.True(t, st.Failed)
	a, err := h.Account()
	require.NoError(t, err)
	out, err := h.Resources(ctx(t))
	require.NoError(t, err)
	var id string
	for _, r := range out {
		if r.Type == awsmodel.TypeInstance {
			id = r.ID
		}
	}
	require.NotEmpty(t, id)
	assert.NotNil(t, a.Get(awsmodel.TypeInstance, id), "the protected instance is still running")
	assertNoDrift(t, h)

	// Lifting the protection (an in-place update) lets the destroy through.
	p.Protect = false
	h.SetProgram(program(p))
	up, err := h.Up(ctx(t))
	require.NoError(t, err)
	assert.Equal(t, "update", up.OpsByName()["Instance::server"])
	_, err = h.Destroy(ctx(t))
	require.NoError(t, err)
	a, err = h.Account()
	require.NoError(t, err)
	assert.Empty(t, a.Managed())
}

func TestInjectedFailureConverges(t *testing.T) {
	h := newHarness(t, params{InstanceType: "t4g.nano"})
	require.NoError(t, h.FailAt(4))
	res, err := h.Up(ctx(t))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "simulated failure")
	failed := 0
	for _, s := range res.Steps {
		if s.Failed {
			failed++
		}
	}
	assert.Equal(t, 1, failed, "exactly one step failed")
	assertNoDrift(t, h)

	require.NoError(t, h.FailAt(0))
	_, err = h.Up(ctx(t))
	require.NoError(t, err)
	assertNoDrift(t, h)
	pre, err := h.Preview(ctx(t))
	require.NoError(t, err)
	assert.Empty(t, pre.Changes(), "the re-run converged")

	_, err = h.Destroy(ctx(t))
	require.NoError(t, err)
	a, err := h.Account()
	require.NoError(t, err)
	assert.Empty(t, a.Managed(), "nothing leaked")
}

func TestImportExistingEIP(t *testing.T) {
	imp := awsmodel.ProdEIPs[1]   // iridium: adopted with the Import resource option
	adopt := awsmodel.ProdEIPs[2] // packages: adopted with `pulumi import`
	p := params{InstanceType: "t4g.nano", ImportEIP: imp.AllocationID}
	h := newHarness(t, p)
	up, err := h.Up(ctx(t))
	require.NoError(t, err)
	assert.Equal(t, "import", up.OpsByName()["Eip::imported"])
	out, err := h.Outputs(ctx(t))
	require.NoError(t, err)
	assert.Equal(t, imp.PublicIP, out["importedPublicIp"])

	_, err = h.Import(ctx(t), false, harness.ImportSpec{Type: awsmodel.TypeEip, Name: "adopted", ID: adopt.AllocationID})
	require.NoError(t, err)
	res, err := h.Resources(ctx(t))
	require.NoError(t, err)
	found := false
	for _, r := range res {
		if r.ID == adopt.AllocationID {
			found = true
			assert.Equal(t, adopt.PublicIP, r.Outputs["publicIp"])
		}
	}
	assert.True(t, found, "pulumi import put the allocation into the state")
	p.AdoptedEIP = adopt.AllocationID
	h.SetProgram(program(p))
	pre, err := h.Preview(ctx(t))
	require.NoError(t, err)
	assert.Empty(t, pre.Changes(), "the declared resources match what was imported")

	// Destroy: the retained allocation stays; the other one is released.
	_, err = h.Destroy(ctx(t))
	require.NoError(t, err)
	a, err := h.Account()
	require.NoError(t, err)
	assert.NotNil(t, a.Get(awsmodel.TypeEip, imp.AllocationID), "RetainOnDelete keeps the allocation")
	assert.Nil(t, a.Get(awsmodel.TypeEip, adopt.AllocationID))
}

// TestProjectFilesFromWorkDir runs a program with a project directory's Pulumi.yaml and Pulumi.<stack>.yaml (as
// the harness will with the repository root): the stack file's config is used, and the directory is not written.
func TestProjectFilesFromWorkDir(t *testing.T) {
	tools := harness.Tools(t)
	dir := t.TempDir()
	files := map[string]string{
		"Pulumi.yaml":     "name: jaia-proj\nruntime: go\ndescription: project files test\n",
		"Pulumi.e2e.yaml": "config:\n  aws:region: us-east-2\n  jaia-proj:bucket: jaia-e2e-project-files\n",
	}
	for n, c := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, n), []byte(c), 0o644))
	}
	prog := func(ctx *pulumi.Context) error {
		name := config.New(ctx, "").Require("bucket")
		b, err := s3.NewBucketV2(ctx, "data", &s3.BucketV2Args{Bucket: pulumi.String(name)})
		if err != nil {
			return err
		}
		region, err := aws.GetRegion(ctx, nil)
		if err != nil {
			return err
		}
		ctx.Export("regionalDomain", b.BucketRegionalDomainName)
		ctx.Export("region", pulumi.String(region.Name))
		return nil
	}
	h, err := harness.New(ctx(t), harness.Options{Program: prog, Stack: "e2e", WorkDir: dir, Tools: tools, Dir: t.TempDir(), Logf: t.Logf})
	require.NoError(t, err)
	_, err = h.Up(ctx(t))
	require.NoError(t, err)
	out, err := h.Outputs(ctx(t))
	require.NoError(t, err)
	assert.Equal(t, "us-east-2", out["region"])
	assert.Equal(t, "jaia-e2e-project-files.s3.us-east-2.amazonaws.com", out["regionalDomain"])
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 2, "the project directory is left alone")
	for n, c := range files {
		b, err := os.ReadFile(filepath.Join(dir, n))
		require.NoError(t, err)
		assert.Equal(t, c, string(b))
	}
	_, err = h.Destroy(ctx(t))
	require.NoError(t, err)
}
