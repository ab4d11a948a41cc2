package awsmodel

import (
	"encoding/base64"
	"fmt"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var env = Env{Region: DefaultRegion, DefaultTags: map[string]string{"jaia": "cloud"}}

func urn(typ, name string) string { return "urn:pulumi:test::jaia::" + typ + "::" + name }

// world is a small network: a VPC with an IPv6 /56, an IGW, a subnet with a /64, a security group.
type world struct {
	a                     *Account
	vpc, subnet, sg, igw  string
	subnet4, subnet6, v56 netip.Prefix
}

func newWorld(t *testing.T) *world {
	t.Helper()
	w := &world{a: SeedAccount()}
	must := func(typ, name string, in map[string]any) (string, map[string]any) {
		in, fails := Check(typ, urn(typ, name), nil, in)
		require.Empty(t, fails)
		id, out, err := w.a.Create(env, typ, urn(typ, name), in)
		require.NoError(t, err, name)
		return id, out
	}
	var vpcOut map[string]any
	w.vpc, vpcOut = must(TypeVpc, "net", m("cidrBlock", "10.23.0.0/16", "assignGeneratedIpv6CidrBlock", true))
	w.v56 = netip.MustParsePrefix(vpcOut["ipv6CidrBlock"].(string))
	a := w.v56.Addr().As16()
	a[7] = 1
	w.subnet6 = netip.PrefixFrom(netip.AddrFrom16(a), 64)
	w.subnet4 = netip.MustParsePrefix("10.23.1.0/24")
	w.igw, _ = must(TypeInternetGateway, "igw", m("vpcId", w.vpc))
	w.subnet, _ = must(TypeSubnet, "sub", m("vpcId", w.vpc, "cidrBlock", w.subnet4.String(), "ipv6CidrBlock", w.subnet6.String(), "availabilityZone", "us-west-2b"))
	w.sg, _ = must(TypeSecurityGroup, "web", m("vpcId", w.vpc, "description", "web"))
	return w
}

func (w *world) host6(n byte) string {
	a := w.subnet6.Addr().As16()
	a[15] = n
	return netip.AddrFrom16(a).String()
}

func (w *world) instance(name string, kv ...any) map[string]any {
	in := m("ami", "ami-0123456789abcdef0", "instanceType", "t4g.nano", "subnetId", w.subnet, "vpcSecurityGroupIds", l(w.sg))
	for i := 0; i+1 < len(kv); i += 2 {
		in[kv[i].(string)] = kv[i+1]
	}
	return in
}

func TestAccountRules(t *testing.T) {
	tests := []struct {
		name string
		run  func(w *world) error
		code string
	}{
		{"instance with a free fixed IPv4 and IPv6", func(w *world) error {
			_, _, err := w.a.Create(env, TypeInstance, urn(TypeInstance, "a"), w.instance("a", "privateIp", "10.23.1.40", "ipv6Addresses", l(w.host6(0x40))))
			return err
		}, ""},
		{"IPv4 outside the subnet", func(w *world) error {
			_, _, err := w.a.Create(env, TypeInstance, urn(TypeInstance, "a"), w.instance("a", "privateIp", "10.23.2.40"))
			return err
		}, "InvalidParameterValue"},
		{"IPv4 in the reserved range", func(w *world) error {
			_, _, err := w.a.Create(env, TypeInstance, urn(TypeInstance, "a"), w.instance("a", "privateIp", "10.23.1.3"))
			return err
		}, "InvalidParameterValue"},
		{"IPv6 outside the subnet's /64", func(w *world) error {
			_, _, err := w.a.Create(env, TypeInstance, urn(TypeInstance, "a"), w.instance("a", "ipv6Addresses", l("2600:1f13:501:a401::10")))
			return err
		}, "InvalidParameterValue"},
		{"IPv4 held by another instance", func(w *world) error {
			if _, _, err := w.a.Create(env, TypeInstance, urn(TypeInstance, "a"), w.instance("a", "privateIp", "10.23.1.40")); err != nil {
				return err
			}
			_, _, err := w.a.Create(env, TypeInstance, urn(TypeInstance, "b"), w.instance("b", "privateIp", "10.23.1.40"))
			return err
		}, "InvalidIPAddress.InUse"},
		{"the same private IPv4 in another VPC", func(w *world) error {
			if _, _, err := w.a.Create(env, TypeInstance, urn(TypeInstance, "a"), w.instance("a", "privateIp", "10.23.1.40")); err != nil {
				return err
			}
			vpc, _, _ := w.a.Create(env, TypeVpc, urn(TypeVpc, "other"), m("cidrBlock", "10.23.0.0/16"))
			sub, _, _ := w.a.Create(env, TypeSubnet, urn(TypeSubnet, "other"), m("vpcId", vpc, "cidrBlock", "10.23.1.0/24"))
			_, _, err := w.a.Create(env, TypeInstance, urn(TypeInstance, "b"), m("ami", "ami-0123456789abcdef0", "instanceType", "t4g.nano", "subnetId", sub, "privateIp", "10.23.1.40"))
			return err
		}, ""},
		{"IPv6 held by another instance (create-before-delete replacement)", func(w *world) error {
			if _, _, err := w.a.Create(env, TypeInstance, urn(TypeInstance, "a"), w.instance("a", "ipv6Addresses", l(w.host6(0x40)))); err != nil {
				return err
			}
			_, _, err := w.a.Create(env, TypeInstance, urn(TypeInstance, "a"), w.instance("a", "ami", "ami-0fedcba9876543210", "ipv6Addresses", l(w.host6(0x40))))
			return err
		}, "InvalidIPAddress.InUse"},
		{"IPv6 address freed by terminating the holder", func(w *world) error {
			id, _, err := w.a.Create(env, TypeInstance, urn(TypeInstance, "a"), w.instance("a", "ipv6Addresses", l(w.host6(0x40))))
			if err != nil {
				return err
			}
			if err := w.a.Delete(TypeInstance, id); err != nil {
				return err
			}
			_, _, err = w.a.Create(env, TypeInstance, urn(TypeInstance, "a"), w.instance("a", "ipv6Addresses", l(w.host6(0x40))))
			return err
		}, ""},
		{"IPv6 on a subnet without IPv6", func(w *world) error {
			sub, _, err := w.a.Create(env, TypeSubnet, urn(TypeSubnet, "v4only"), m("vpcId", w.vpc, "cidrBlock", "10.23.2.0/24"))
			if err != nil {
				return err
			}
			_, _, err = w.a.Create(env, TypeInstance, urn(TypeInstance, "a"), w.instance("a", "subnetId", sub, "ipv6AddressCount", 1.0))
			return err
		}, "InvalidParameterValue"},
		{"subnet /64 outside the VPC's /56", func(w *world) error {
			_, _, err := w.a.Create(env, TypeSubnet, urn(TypeSubnet, "s2"), m("vpcId", w.vpc, "cidrBlock", "10.23.2.0/24", "ipv6CidrBlock", "2600:1f13:501:a401::/64"))
			return err
		}, "InvalidSubnet.Range"},
		{"subnet IPv4 outside the VPC", func(w *world) error {
			_, _, err := w.a.Create(env, TypeSubnet, urn(TypeSubnet, "s2"), m("vpcId", w.vpc, "cidrBlock", "10.24.2.0/24"))
			return err
		}, "InvalidSubnet.Range"},
		{"subnet /64 already used", func(w *world) error {
			_, _, err := w.a.Create(env, TypeSubnet, urn(TypeSubnet, "s2"), m("vpcId", w.vpc, "cidrBlock", "10.23.2.0/24", "ipv6CidrBlock", w.subnet6.String()))
			return err
		}, "InvalidSubnet.Conflict"},
		{"subnet IPv4 overlap", func(w *world) error {
			_, _, err := w.a.Create(env, TypeSubnet, urn(TypeSubnet, "s2"), m("vpcId", w.vpc, "cidrBlock", "10.23.1.128/25"))
			return err
		}, "InvalidSubnet.Conflict"},
		{"subnet in an unknown AZ", func(w *world) error {
			_, _, err := w.a.Create(env, TypeSubnet, urn(TypeSubnet, "s2"), m("vpcId", w.vpc, "cidrBlock", "10.23.2.0/24", "availabilityZone", "us-east-1a"))
			return err
		}, "InvalidParameterValue"},
		{"changing a subnet /64 while an address of it is in use", func(w *world) error {
			if _, _, err := w.a.Create(env, TypeInstance, urn(TypeInstance, "a"), w.instance("a", "ipv6AddressCount", 1.0)); err != nil {
				return err
			}
			_, err := w.a.Update(env, TypeSubnet, w.subnet, m("vpcId", w.vpc, "cidrBlock", w.subnet4.String(), "ipv6CidrBlock", w.host6(0)[:len(w.host6(0))-2]+"/64"))
			return err
		}, "InvalidCidrBlock.InUse"},
		{"associating an allocation that does not exist", func(w *world) error {
			id, _, err := w.a.Create(env, TypeInstance, urn(TypeInstance, "a"), w.instance("a"))
			if err != nil {
				return err
			}
			_, _, err = w.a.Create(env, TypeEipAssociation, urn(TypeEipAssociation, "a"), m("allocationId", "eipalloc-0000000000000dead", "instanceId", id))
			return err
		}, "InvalidAllocationID.NotFound"},
		{"associating in a VPC without an internet gateway", func(w *world) error {
			vpc, _, _ := w.a.Create(env, TypeVpc, urn(TypeVpc, "dark"), m("cidrBlock", "10.50.0.0/16"))
			sub, _, _ := w.a.Create(env, TypeSubnet, urn(TypeSubnet, "dark"), m("vpcId", vpc, "cidrBlock", "10.50.1.0/24"))
			id, _, err := w.a.Create(env, TypeInstance, urn(TypeInstance, "dark"), m("ami", "ami-0123456789abcdef0", "instanceType", "t4g.nano", "subnetId", sub))
			if err != nil {
				return err
			}
			_, _, err = w.a.Create(env, TypeEipAssociation, urn(TypeEipAssociation, "dark"), m("allocationId", ProdEIPs[0].AllocationID, "instanceId", id))
			return err
		}, "Gateway.NotAttached"},
		{"terminating a protected instance", func(w *world) error {
			id, _, err := w.a.Create(env, TypeInstance, urn(TypeInstance, "a"), w.instance("a", "disableApiTermination", true))
			if err != nil {
				return err
			}
			return w.a.Delete(TypeInstance, id)
		}, "OperationNotPermitted"},
		{"terminating after protection is lifted", func(w *world) error {
			in := w.instance("a", "disableApiTermination", true)
			id, _, err := w.a.Create(env, TypeInstance, urn(TypeInstance, "a"), in)
			if err != nil {
				return err
			}
			in["disableApiTermination"] = false
			if _, err := w.a.Update(env, TypeInstance, id, in); err != nil {
				return err
			}
			return w.a.Delete(TypeInstance, id)
		}, ""},
		{"changing the type of a stop-protected instance", func(w *world) error {
			in := w.instance("a", "disableApiStop", true)
			id, _, err := w.a.Create(env, TypeInstance, urn(TypeInstance, "a"), in)
			if err != nil {
				return err
			}
			in["instanceType"] = "t4g.small"
			_, err = w.a.Update(env, TypeInstance, id, in)
			return err
		}, "OperationNotPermitted"},
		{"shrinking the root volume", func(w *world) error {
			in := w.instance("a", "rootBlockDevice", m("volumeSize", 16.0))
			id, _, err := w.a.Create(env, TypeInstance, urn(TypeInstance, "a"), in)
			if err != nil {
				return err
			}
			in["rootBlockDevice"] = m("volumeSize", 8.0)
			_, err = w.a.Update(env, TypeInstance, id, in)
			return err
		}, "InvalidParameterValue"},
		{"deleting a subnet that holds an instance", func(w *world) error {
			if _, _, err := w.a.Create(env, TypeInstance, urn(TypeInstance, "a"), w.instance("a")); err != nil {
				return err
			}
			return w.a.Delete(TypeSubnet, w.subnet)
		}, "DependencyViolation"},
		{"deleting a VPC that still has subnets", func(w *world) error { return w.a.Delete(TypeVpc, w.vpc) }, "DependencyViolation"},
		{"deleting a security group in use", func(w *world) error {
			if _, _, err := w.a.Create(env, TypeInstance, urn(TypeInstance, "a"), w.instance("a")); err != nil {
				return err
			}
			return w.a.Delete(TypeSecurityGroup, w.sg)
		}, "DependencyViolation"},
		{"security group from another VPC", func(w *world) error {
			_, _, err := w.a.Create(env, TypeInstance, urn(TypeInstance, "a"), w.instance("a", "vpcSecurityGroupIds", l("sg-0a1b2c3d4e5f60718")))
			return err
		}, "InvalidParameter"},
		{"duplicate security group name in a VPC", func(w *world) error {
			if _, _, err := w.a.Create(env, TypeSecurityGroup, urn(TypeSecurityGroup, "x"), m("vpcId", w.vpc, "name", "dup", "description", "d")); err != nil {
				return err
			}
			_, _, err := w.a.Create(env, TypeSecurityGroup, urn(TypeSecurityGroup, "y"), m("vpcId", w.vpc, "name", "dup", "description", "d"))
			return err
		}, "InvalidGroup.Duplicate"},
		{"duplicate security group rule", func(w *world) error {
			r := m("securityGroupId", w.sg, "ipProtocol", "tcp", "fromPort", 22.0, "toPort", 22.0, "cidrIpv4", "0.0.0.0/0")
			if _, _, err := w.a.Create(env, TypeSecurityGroupIngressRule, urn(TypeSecurityGroupIngressRule, "a"), r); err != nil {
				return err
			}
			_, _, err := w.a.Create(env, TypeSecurityGroupIngressRule, urn(TypeSecurityGroupIngressRule, "b"), r)
			return err
		}, "InvalidPermission.Duplicate"},
		{"second internet gateway on a VPC", func(w *world) error {
			_, _, err := w.a.Create(env, TypeInternetGateway, urn(TypeInternetGateway, "igw2"), m("vpcId", w.vpc))
			return err
		}, "Resource.AlreadyAssociated"},
		{"subnet associated with two route tables", func(w *world) error {
			rt1, _, _ := w.a.Create(env, TypeRouteTable, urn(TypeRouteTable, "a"), m("vpcId", w.vpc))
			rt2, _, _ := w.a.Create(env, TypeRouteTable, urn(TypeRouteTable, "b"), m("vpcId", w.vpc))
			if _, _, err := w.a.Create(env, TypeRouteTableAssociation, urn(TypeRouteTableAssociation, "a"), m("routeTableId", rt1, "subnetId", w.subnet)); err != nil {
				return err
			}
			_, _, err := w.a.Create(env, TypeRouteTableAssociation, urn(TypeRouteTableAssociation, "b"), m("routeTableId", rt2, "subnetId", w.subnet))
			return err
		}, "Resource.AlreadyAssociated"},
		{"route to a gateway that does not exist", func(w *world) error {
			_, _, err := w.a.Create(env, TypeRouteTable, urn(TypeRouteTable, "a"), m("vpcId", w.vpc, "routes", l(m("cidrBlock", "0.0.0.0/0", "gatewayId", "igw-0000000000000dead"))))
			return err
		}, "InvalidGatewayID.NotFound"},
		{"Elastic IP quota", func(w *world) error {
			for i := 0; i < 4; i++ {
				if _, _, err := w.a.Create(env, TypeEip, urn(TypeEip, string(rune('a'+i))), m("domain", "vpc")); err != nil {
					return err
				}
			}
			return nil
		}, "AddressLimitExceeded"},
		{"deleting a role with attached policies", func(w *world) error {
			if _, _, err := w.a.Create(env, TypeRole, urn(TypeRole, "r"), m("name", "r", "assumeRolePolicy", "{}")); err != nil {
				return err
			}
			if _, _, err := w.a.Create(env, TypeRolePolicyAttachment, urn(TypeRolePolicyAttachment, "p"), m("role", "r", "policyArn", "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore")); err != nil {
				return err
			}
			return w.a.Delete(TypeRole, "r")
		}, "DeleteConflict"},
		{"instance profile for a missing role", func(w *world) error {
			_, _, err := w.a.Create(env, TypeInstanceProfile, urn(TypeInstanceProfile, "p"), m("name", "p", "role", "nope"))
			return err
		}, "NoSuchEntity"},
		{"instance with a missing instance profile", func(w *world) error {
			_, _, err := w.a.Create(env, TypeInstance, urn(TypeInstance, "a"), w.instance("a", "iamInstanceProfile", "nope"))
			return err
		}, "InvalidParameterValue"},
		{"two DLM policies with the same target tags", func(w *world) error {
			_, out, err := w.a.Create(env, TypeRole, urn(TypeRole, "dlm"), m("name", "dlm", "assumeRolePolicy", "{}"))
			if err != nil {
				return err
			}
			p := m("description", "daily", "executionRoleArn", out["arn"], "policyDetails", m("targetTags", m("Snapshot", "daily")))
			if _, _, err := w.a.Create(env, TypeLifecyclePolicy, urn(TypeLifecyclePolicy, "a"), p); err != nil {
				return err
			}
			_, _, err = w.a.Create(env, TypeLifecyclePolicy, urn(TypeLifecyclePolicy, "b"), p)
			return err
		}, "InvalidRequestException"},
		{"bucket config for a missing bucket", func(w *world) error {
			_, _, err := w.a.Create(env, TypeBucketPublicAccessBlock, urn(TypeBucketPublicAccessBlock, "pab"), m("bucket", "nope-bucket"))
			return err
		}, "NoSuchBucket"},
		{"existing SSM parameter without overwrite", func(w *world) error {
			p := m("name", "/jaia/x", "type", "String", "value", "1")
			if _, _, err := w.a.Create(env, TypeSsmParameter, urn(TypeSsmParameter, "a"), p); err != nil {
				return err
			}
			_, _, err := w.a.Create(env, TypeSsmParameter, urn(TypeSsmParameter, "b"), p)
			return err
		}, "ParameterAlreadyExists"},
		{"user data over 16 KiB (base64)", func(w *world) error {
			big := make([]byte, UserDataLimit+1)
			_, _, err := w.a.Create(env, TypeInstance, urn(TypeInstance, "a"), w.instance("a", "userDataBase64", b64(big)))
			return err
		}, "InvalidParameterValue"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			before := len(w.a.All())
			err := tt.run(w)
			if tt.code == "" {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Equal(t, tt.code, ErrorCode(err), err.Error())
			assert.GreaterOrEqual(t, len(w.a.All()), before-1, "a failed operation leaves the account as it was")
		})
	}
}

func TestFailedCreateLeavesAccountUnchanged(t *testing.T) {
	w := newWorld(t)
	before, err := w.a.MarshalJSONIndent()
	require.NoError(t, err)
	_, _, err = w.a.Create(env, TypeInstance, urn(TypeInstance, "a"), w.instance("a", "ipv6Addresses", l("2600:1f13:501:a401::10")))
	require.Error(t, err)
	after, _ := w.a.MarshalJSONIndent()
	assert.JSONEq(t, string(before), string(after))
}

func TestInstanceOutputs(t *testing.T) {
	w := newWorld(t)
	id, out, err := w.a.Create(env, TypeInstance, urn(TypeInstance, "docs"), w.instance("docs", "ipv6AddressCount", 1.0, "tags", m("Name", "docs")))
	require.NoError(t, err)
	assert.Regexp(t, `^i-0[0-9a-f]{16}$`, id)
	assert.Equal(t, "arn:aws:ec2:us-west-2:123456789012:instance/"+id, out["arn"])
	ip := netip.MustParseAddr(out["privateIp"].(string))
	assert.True(t, w.subnet4.Contains(ip))
	assert.False(t, ReservedIPv4(w.subnet4, ip))
	v6 := out["ipv6Addresses"].([]any)
	require.Len(t, v6, 1)
	assert.True(t, w.subnet6.Contains(netip.MustParseAddr(v6[0].(string))))
	assert.Regexp(t, `^eni-0[0-9a-f]{16}$`, out["primaryNetworkInterfaceId"])
	assert.Equal(t, "us-west-2b", out["availabilityZone"])
	assert.Equal(t, "", out["publicIp"], "the subnet does not map public IPs")
	assert.Equal(t, map[string]any{"Name": "docs", "jaia": "cloud"}, out["tagsAll"])
	assert.Equal(t, "running", out["instanceState"])
	assert.Equal(t, "/dev/sda1", out["rootBlockDevice"].(map[string]any)["deviceName"])

	// Associating an Elastic IP gives the instance its public address.
	alloc := ProdEIPs[0]
	assoc, aout, err := w.a.Create(env, TypeEipAssociation, urn(TypeEipAssociation, "docs"), m("allocationId", alloc.AllocationID, "instanceId", id))
	require.NoError(t, err)
	assert.Regexp(t, `^eipassoc-0[0-9a-f]{16}$`, assoc)
	assert.Equal(t, alloc.PublicIP, aout["publicIp"])
	assert.Equal(t, out["privateIp"], aout["privateIpAddress"])
	_, iout, _ := w.a.Read(TypeInstance, id)
	assert.Equal(t, alloc.PublicIP, iout["publicIp"])
	assert.Equal(t, "ec2-203-0-113-11.us-west-2.compute.amazonaws.com", iout["publicDns"])
	assert.Equal(t, true, iout["associatePublicIpAddress"])
	_, eout, _ := w.a.Read(TypeEip, alloc.AllocationID)
	assert.Equal(t, assoc, eout["associationId"])
	assert.Equal(t, id, eout["instance"])

	// A second association moves the allocation (reassociation is automatic); the first association is gone.
	id2, _, err := w.a.Create(env, TypeInstance, urn(TypeInstance, "docs2"), w.instance("docs2"))
	require.NoError(t, err)
	assoc2, _, err := w.a.Create(env, TypeEipAssociation, urn(TypeEipAssociation, "docs2"), m("allocationId", alloc.AllocationID, "instanceId", id2))
	require.NoError(t, err)
	assert.Nil(t, w.a.Get(TypeEipAssociation, assoc))
	_, iout, _ = w.a.Read(TypeInstance, id)
	assert.Equal(t, "", iout["publicIp"])
	// Deleting the stale association is a no-op; deleting the live one disassociates.
	require.NoError(t, w.a.Delete(TypeEipAssociation, assoc))
	_, eout, _ = w.a.Read(TypeEip, alloc.AllocationID)
	assert.Equal(t, assoc2, eout["associationId"])
	require.NoError(t, w.a.Delete(TypeEipAssociation, assoc2))
	_, eout, _ = w.a.Read(TypeEip, alloc.AllocationID)
	assert.Equal(t, "", eout["associationId"])

	// Terminating an instance frees its addresses and its primary interface.
	eni := out["primaryNetworkInterfaceId"].(string)
	require.NoError(t, w.a.Delete(TypeInstance, id))
	assert.Nil(t, w.a.Get(TypeNetworkInterface, eni))
	assert.NotContains(t, w.a.addressesInUse(""), out["privateIp"])
}

func TestDefaultSubnetInstanceGetsPublicIP(t *testing.T) {
	a := SeedAccount()
	_, out, err := a.Create(env, TypeInstance, urn(TypeInstance, "x"), m("ami", "ami-0123456789abcdef0", "instanceType", "t4g.nano"))
	require.NoError(t, err)
	assert.Equal(t, DefaultSubnetID, out["subnetId"], "no subnet means the default subnet")
	assert.Equal(t, true, out["associatePublicIpAddress"])
	pub := netip.MustParseAddr(out["publicIp"].(string))
	assert.True(t, publicIPv4Pool.Contains(pub), "public addresses come from the benchmarking block: %s", pub)
	assert.NotEqual(t, byte(0), pub.As4()[3])
	assert.NotEqual(t, byte(255), pub.As4()[3])
	assert.Equal(t, "sg-0a1b2c3d4e5f60718", out["vpcSecurityGroupIds"].([]any)[0], "no groups means the VPC's default group")
}

func TestNetworkInterfaceIPv6InPlace(t *testing.T) {
	w := newWorld(t)
	in := m("subnetId", w.subnet, "ipv6Addresses", l(w.host6(0x10)), "securityGroups", l(w.sg))
	id, out, err := w.a.Create(env, TypeNetworkInterface, urn(TypeNetworkInterface, "eni"), in)
	require.NoError(t, err)
	assert.Equal(t, l(w.host6(0x10)), out["ipv6Addresses"])

	in2 := m("subnetId", w.subnet, "ipv6Addresses", l(w.host6(0x10), w.host6(0x11)), "securityGroups", l(w.sg))
	d := Diff(TypeNetworkInterface, in, out, in2)
	assert.False(t, d.Replaces(), d.String())
	out2, err := w.a.Update(env, TypeNetworkInterface, id, in2)
	require.NoError(t, err)
	assert.ElementsMatch(t, l(w.host6(0x10), w.host6(0x11)), out2["ipv6Addresses"])
	assert.Equal(t, id, w.a.addressesInUse("")[w.host6(0x11)])

	// An address held elsewhere cannot be assigned.
	_, _, err = w.a.Create(env, TypeInstance, urn(TypeInstance, "x"), w.instance("x", "ipv6Addresses", l(w.host6(0x20))))
	require.NoError(t, err)
	_, err = w.a.Update(env, TypeNetworkInterface, id, m("subnetId", w.subnet, "ipv6Addresses", l(w.host6(0x20))))
	assert.Equal(t, "InvalidIPAddress.InUse", ErrorCode(err))

	// Attach to an instance as a secondary interface, then the attachment blocks deleting the interface.
	inst, _, err := w.a.Create(env, TypeInstance, urn(TypeInstance, "y"), w.instance("y"))
	require.NoError(t, err)
	att, _, err := w.a.Create(env, TypeNetworkInterfaceAttach, urn(TypeNetworkInterfaceAttach, "att"), m("instanceId", inst, "networkInterfaceId", id, "deviceIndex", 1.0))
	require.NoError(t, err)
	assert.Regexp(t, `^eni-attach-0`, att)
	assert.Equal(t, "InvalidNetworkInterface.InUse", ErrorCode(w.a.Delete(TypeNetworkInterface, id)))
	_, _, err = w.a.Create(env, TypeNetworkInterfaceAttach, urn(TypeNetworkInterfaceAttach, "att2"), m("instanceId", inst, "networkInterfaceId", id, "deviceIndex", 2.0))
	assert.Equal(t, "InvalidNetworkInterface.InUse", ErrorCode(err))
	require.NoError(t, w.a.Delete(TypeNetworkInterfaceAttach, att))
	require.NoError(t, w.a.Delete(TypeNetworkInterface, id))
}

func TestDeterministicReplay(t *testing.T) {
	replay := func() []string {
		w := newWorld(t)
		id, out, err := w.a.Create(env, TypeInstance, urn(TypeInstance, "a"), w.instance("a", "ipv6AddressCount", 1.0))
		require.NoError(t, err)
		eip, eout, err := w.a.Create(env, TypeEip, urn(TypeEip, "e"), m("domain", "vpc"))
		require.NoError(t, err)
		name, _ := Check(TypeRole, urn(TypeRole, "role"), nil, m("assumeRolePolicy", "{}"))
		return []string{w.vpc, w.v56.String(), w.subnet, w.sg, id, out["privateIp"].(string), out["ipv6Addresses"].([]any)[0].(string),
			eip, eout["publicIp"].(string), name["name"].(string)}
	}
	first, second := replay(), replay()
	assert.Equal(t, first, second)
	assert.Regexp(t, `^role-[0-9a-f]{7}$`, first[len(first)-1])
	v56 := netip.MustParsePrefix(first[1])
	assert.Equal(t, 56, v56.Bits())
	assert.True(t, netip.MustParsePrefix("2600:1f13::/32").Contains(v56.Addr()))
}

func TestDistinctVpcBlocks(t *testing.T) {
	a := NewAccount()
	seen := map[string]bool{}
	for i := 0; i < 50; i++ {
		_, out, err := a.Create(env, TypeVpc, urn(TypeVpc, "v"+string(rune('A'+i))), m("cidrBlock", "10.0.0.0/16", "assignGeneratedIpv6CidrBlock", true))
		require.NoError(t, err)
		b := out["ipv6CidrBlock"].(string)
		assert.False(t, seen[b], "duplicate /56 %s", b)
		seen[b] = true
	}
	_, out, err := a.Create(Env{Region: "eu-west-1"}, TypeVpc, urn(TypeVpc, "eu"), m("cidrBlock", "10.0.0.0/16", "assignGeneratedIpv6CidrBlock", true))
	require.NoError(t, err)
	assert.True(t, netip.MustParsePrefix("2600:1f1a::/32").Contains(netip.MustParsePrefix(out["ipv6CidrBlock"].(string)).Addr()))
}

func TestOutputsDoesNotMutate(t *testing.T) {
	a := SeedAccount()
	n := len(a.All())
	id, out, err := Outputs(TypeEip, urn(TypeEip, "x"), m("domain", "vpc"), a, env)
	require.NoError(t, err)
	assert.Regexp(t, `^eipalloc-0`, id)
	assert.NotEmpty(t, out["publicIp"])
	assert.Len(t, a.All(), n)
	id2, _, err := Outputs(TypeEip, urn(TypeEip, "x"), m("domain", "vpc"), a, env)
	require.NoError(t, err)
	assert.Equal(t, id, id2)
	_, _, err = Outputs(TypeSubnet, urn(TypeSubnet, "x"), m("vpcId", "vpc-nope", "cidrBlock", "10.0.0.0/24"), nil, env)
	assert.Equal(t, "InvalidVpcID.NotFound", ErrorCode(err))
}

func TestSeed(t *testing.T) {
	a := SeedAccount()
	for _, e := range ProdEIPs {
		in, out, ok := a.Read(TypeEip, e.AllocationID)
		require.True(t, ok, e.AllocationID)
		assert.Equal(t, m("domain", "vpc"), in)
		assert.Equal(t, e.PublicIP, out["publicIp"])
		assert.Equal(t, "", out["associationId"])
	}
	_, sub, ok := a.Read(TypeSubnet, DefaultSubnetID)
	require.True(t, ok)
	assert.Equal(t, DefaultSubnetIPv6, sub["ipv6CidrBlock"])
	assert.Equal(t, DefaultVpcID, sub["vpcId"])
	assert.Empty(t, a.Managed())

	require.NoError(t, SeedLegacy(a))
	_, eout, _ := a.Read(TypeEip, ProdEIPs[2].AllocationID)
	assert.NotEmpty(t, eout["instance"], "legacy packages server holds its EIP")
	// The pinned IPv6 address of the legacy packages server is in use...
	_, _, err := a.Create(env, TypeInstance, urn(TypeInstance, "packages"), m("ami", "ami-0123456789abcdef0", "instanceType", "t4g.nano",
		"subnetId", DefaultSubnetID, "ipv6Addresses", l("2600:1f13:501:a400:6091:99b:94fb:d50b")))
	assert.Equal(t, "InvalidIPAddress.InUse", ErrorCode(err))
	// ...and the configuration's other address lies outside the default subnet's /64.
	_, _, err = a.Create(env, TypeInstance, urn(TypeInstance, "packages"), m("ami", "ami-0123456789abcdef0", "instanceType", "t4g.nano",
		"subnetId", DefaultSubnetID, "ipv6Addresses", l("2600:1f13:501:a401:44e2:99f1:4f72:cc31")))
	assert.Equal(t, "InvalidParameterValue", ErrorCode(err))
	// Associating the production EIP with a new instance moves it away from the legacy one.
	id, _, err := a.Create(env, TypeInstance, urn(TypeInstance, "packages"), m("ami", "ami-0123456789abcdef0", "instanceType", "t4g.nano"))
	require.NoError(t, err)
	legacy := eout["instance"].(string)
	_, _, err = a.Create(env, TypeEipAssociation, urn(TypeEipAssociation, "packages"), m("allocationId", ProdEIPs[2].AllocationID, "instanceId", id))
	require.NoError(t, err)
	_, lout, _ := a.Read(TypeInstance, legacy)
	assert.NotEqual(t, ProdEIPs[2].PublicIP, lout["publicIp"])
}

func TestAccountJSONRoundTrip(t *testing.T) {
	w := newWorld(t)
	_, _, err := w.a.Create(env, TypeInstance, urn(TypeInstance, "a"), w.instance("a"))
	require.NoError(t, err)
	b, err := w.a.MarshalJSONIndent()
	require.NoError(t, err)
	back, err := UnmarshalAccount(b)
	require.NoError(t, err)
	assert.Equal(t, w.a.Summary(), back.Summary())
	_, err = UnmarshalAccount([]byte("{"))
	assert.Error(t, err)
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name  string
		typ   string
		olds  map[string]any
		news  map[string]any
		fails []string // failing properties
		check func(t *testing.T, in map[string]any)
	}{
		{"auto-names a role from the URN", TypeRole, nil, m("assumeRolePolicy", "{}"), nil, func(t *testing.T, in map[string]any) {
			assert.Equal(t, AutoName("role", urn(TypeRole, "role"), 64, false), in["name"])
		}},
		{"keeps the previous auto-name", TypeRole, m("name", "role-abcdef0"), m("assumeRolePolicy", "{}"), nil, func(t *testing.T, in map[string]any) {
			assert.Equal(t, "role-abcdef0", in["name"])
		}},
		{"no auto-name with a name prefix", TypeRole, nil, m("assumeRolePolicy", "{}", "namePrefix", "jaia-"), nil, func(t *testing.T, in map[string]any) {
			assert.NotContains(t, in, "name")
		}},
		{"bucket auto-names are lower case", TypeBucketV2, nil, m(), nil, func(t *testing.T, in map[string]any) {
			assert.Regexp(t, `^role-[0-9a-f]{7}$`, in["bucket"])
		}},
		{"missing required input", TypeSubnet, nil, m("cidrBlock", "10.0.0.0/24"), []string{"vpcId"}, nil},
		{"conflicting inputs", TypeInstance, nil, m("ami", "ami-0123456789abcdef0", "instanceType", "t4g.nano", "ipv6Addresses", l("2600::1"), "ipv6AddressCount", 1.0), []string{"ipv6AddressCount"}, nil},
		{"exactly one rule source", TypeSecurityGroupIngressRule, nil, m("securityGroupId", "sg-1", "ipProtocol", "tcp"), []string{"cidrIpv4"}, nil},
		{"bad CIDR", TypeSecurityGroupIngressRule, nil, m("securityGroupId", "sg-1", "ipProtocol", "tcp", "cidrIpv4", "10.0.0.1/8"), []string{"cidrIpv4"}, nil},
		{"bad AMI id", TypeInstance, nil, m("ami", "ubuntu", "instanceType", "t4g.nano"), []string{"ami"}, nil},
		{"unknown AMI passes", TypeInstance, nil, m("ami", Unknown, "instanceType", "t4g.nano"), nil, nil},
		{"user data too long", TypeInstance, nil, m("ami", "ami-0123456789abcdef0", "instanceType", "t4g.nano", "userData", string(make([]byte, UserDataLimit+1))), []string{"userData"}, nil},
		{"subnet /64 required", TypeSubnet, nil, m("vpcId", "vpc-1", "cidrBlock", "10.0.0.0/24", "ipv6CidrBlock", "2600::/56"), []string{"ipv6CidrBlock"}, nil},
		{"DLM description characters", TypeLifecyclePolicy, nil, m("description", "docs.jaia.tech", "executionRoleArn", "arn:aws:iam::123456789012:role/x", "policyDetails", m()), []string{"description"}, nil},
		{"SSM reserved prefix", TypeSsmParameter, nil, m("name", "/aws/x", "type", "String", "value", "v"), []string{"name"}, nil},
		{"SG description must not be empty", TypeSecurityGroup, nil, m("description", ""), []string{"description"}, nil},
		{"EIP association needs a target", TypeEipAssociation, nil, m("allocationId", "eipalloc-1"), []string{"instanceId"}, nil},
		{"unknown type", "aws:foo/bar:Bar", nil, m(), []string{""}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := "role"
			in, fails := Check(tt.typ, urn(tt.typ, name), tt.olds, tt.news)
			var props []string
			for _, f := range fails {
				props = append(props, f.Property)
			}
			assert.Equal(t, tt.fails, props, "%v", fails)
			if tt.check != nil {
				tt.check(t, in)
			}
		})
	}
}

func TestAccountCheckPreflight(t *testing.T) {
	w := newWorld(t)
	_, _, err := w.a.Create(env, TypeRole, urn(TypeRole, "other"), m("name", "taken", "assumeRolePolicy", "{}"))
	require.NoError(t, err)
	tests := []struct {
		name string
		typ  string
		in   map[string]any
		ok   bool
	}{
		{"known allocation", TypeEipAssociation, m("allocationId", ProdEIPs[1].AllocationID, "instanceId", Unknown), true},
		{"missing allocation", TypeEipAssociation, m("allocationId", "eipalloc-0000000000000dead", "instanceId", Unknown), false},
		{"address outside a known subnet", TypeInstance, w.instance("a", "privateIp", "10.99.0.10"), false},
		{"unknown subnet passes", TypeInstance, w.instance("a", "subnetId", Unknown, "privateIp", "10.99.0.10"), true},
		{"subnet /64 outside the VPC", TypeSubnet, m("vpcId", w.vpc, "cidrBlock", "10.23.9.0/24", "ipv6CidrBlock", "2600:1f13:501:a401::/64"), false},
		{"role referenced by name before it exists", TypeRolePolicyAttachment, m("role", "not-yet", "policyArn", "arn:aws:iam::aws:policy/ReadOnlyAccess"), true},
		{"bucket referenced by name before it exists", TypeBucketPublicAccessBlock, m("bucket", "not-yet"), true},
		{"instance profile referenced by name before it exists", TypeInstance, w.instance("a", "iamInstanceProfile", "not-yet"), true},
		{"duplicate role name", TypeRole, m("name", "taken", "assumeRolePolicy", "{}"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, fails := w.a.Check(env, tt.typ, urn(tt.typ, "x"), nil, tt.in)
			assert.Equal(t, tt.ok, len(fails) == 0, "%v", fails)
		})
	}
}

func TestPreview(t *testing.T) {
	out := PreviewCreate(env, TypeInstance, m("ami", "ami-0123456789abcdef0", "instanceType", "t4g.nano", "privateIp", "10.0.0.10", "tags", m("a", "b")))
	assert.Equal(t, Unknown, out["arn"])
	assert.Equal(t, Unknown, out["publicIp"])
	assert.Equal(t, Unknown, out["ipv6Addresses"])
	assert.Equal(t, "10.0.0.10", out["privateIp"], "a fixed input is known")
	assert.Equal(t, map[string]any{"a": "b", "jaia": "cloud"}, out["tagsAll"])
	assert.Equal(t, Unknown, PreviewCreate(env, TypeInstance, m("tags", Unknown))["tagsAll"])

	old := m("name", "/p", "type", "String", "value", "1")
	oldOut := m("name", "/p", "type", "String", "value", "1", "version", 1.0, "arn", "arn:x")
	up := PreviewUpdate(env, TypeSsmParameter, old, oldOut, m("name", "/p", "type", "String", "value", "2"))
	assert.Equal(t, Unknown, up["version"])
	assert.Equal(t, "arn:x", up["arn"])
	assert.Equal(t, "2", up["value"])
}

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

func TestCheckIgnoresTheResourceBeingReplaced(t *testing.T) {
	w := newWorld(t)
	in := w.instance("a", "ipv6Addresses", l(w.host6(0x40)), "privateIp", "10.23.1.40")
	_, _, err := w.a.Create(env, TypeInstance, urn(TypeInstance, "a"), in)
	require.NoError(t, err)
	in["ami"] = "ami-0fedcba9876543210"
	_, fails := w.a.Check(env, TypeInstance, urn(TypeInstance, "a"), nil, in)
	assert.Empty(t, fails, "the addresses are held by the instance being replaced")
	_, fails = w.a.Check(env, TypeInstance, urn(TypeInstance, "b"), nil, in)
	assert.NotEmpty(t, fails, "another resource may not take them")
	_, _, err = w.a.Create(env, TypeInstance, urn(TypeInstance, "a"), in)
	assert.Equal(t, "InvalidIPAddress.InUse", ErrorCode(err), "creating before deleting still collides")
}

func TestCheckUnchangedAssociation(t *testing.T) {
	w := newWorld(t)
	rt, _, err := w.a.Create(env, TypeRouteTable, urn(TypeRouteTable, "rt"), m("vpcId", w.vpc))
	require.NoError(t, err)
	in := m("routeTableId", rt, "subnetId", w.subnet)
	_, _, err = w.a.Create(env, TypeRouteTableAssociation, urn(TypeRouteTableAssociation, "a"), in)
	require.NoError(t, err)
	_, fails := w.a.Check(env, TypeRouteTableAssociation, urn(TypeRouteTableAssociation, "a"), in, in)
	assert.Empty(t, fails, "re-checking the existing association is fine")
	_, fails = w.a.Check(env, TypeRouteTableAssociation, urn(TypeRouteTableAssociation, "b"), nil, in)
	assert.NotEmpty(t, fails, "a second association of the subnet conflicts")
}

func TestReplacementGetsANewID(t *testing.T) {
	w := newWorld(t)
	in := w.instance("a")
	id1, _, err := w.a.Create(env, TypeInstance, urn(TypeInstance, "a"), in)
	require.NoError(t, err)
	require.NoError(t, w.a.Delete(TypeInstance, id1))
	id2, _, err := w.a.Create(env, TypeInstance, urn(TypeInstance, "a"), in)
	require.NoError(t, err)
	assert.NotEqual(t, id1, id2, "AWS never hands out an id twice")
}

// TestPublicIPv4PoolSpread: invented public addresses stay inside the pool,
// avoid .0 and .255, and rarely collide across many resources.
func TestPublicIPv4PoolSpread(t *testing.T) {
	seen := map[netip.Addr]bool{}
	for i := 0; i < 2000; i++ {
		a := candidatePublicIPv4(fmt.Sprintf("urn:%d", i), 0)
		require.True(t, publicIPv4Pool.Contains(a), a)
		require.NotEqual(t, byte(0), a.As4()[3])
		require.NotEqual(t, byte(255), a.As4()[3])
		seen[a] = true
	}
	assert.Greater(t, len(seen), 1980, "2000 keys should give nearly 2000 distinct addresses")
}
