package awsmodel

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func m(kv ...any) map[string]any {
	out := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i].(string)] = kv[i+1]
	}
	return out
}

func l(v ...any) []any { return v }

func TestDiff(t *testing.T) {
	inst := m("ami", "ami-0123456789abcdef0", "instanceType", "t4g.nano", "subnetId", "subnet-1",
		"vpcSecurityGroupIds", l("sg-1", "sg-2"), "tags", m("Name", "docs"),
		"rootBlockDevice", m("volumeSize", 8.0, "volumeType", "gp3", "encrypted", true))
	instOut := CopyMap(inst)
	instOut["privateIp"] = "172.31.16.10"
	instOut["rootBlockDevice"] = m("volumeSize", 8.0, "volumeType", "gp3", "encrypted", true, "volumeId", "vol-1", "deviceName", "/dev/sda1")
	instOut["keyName"] = ""
	instOut["associatePublicIpAddress"] = true
	with := func(base map[string]any, kv ...any) map[string]any {
		out := CopyMap(base)
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i+1] == nil {
				delete(out, kv[i].(string))
			} else {
				out[kv[i].(string)] = kv[i+1]
			}
		}
		return out
	}
	tests := []struct {
		name     string
		typ      string
		olds     map[string]any
		outs     map[string]any
		news     map[string]any
		changed  []string
		replaces bool
	}{
		{"no change", TypeInstance, inst, instOut, inst, nil, false},
		{"instanceType updates", TypeInstance, inst, instOut, with(inst, "instanceType", "t4g.small"), []string{"instanceType"}, false},
		{"ami replaces", TypeInstance, inst, instOut, with(inst, "ami", "ami-0fedcba9876543210"), []string{"ami"}, true},
		{"unknown ami replaces", TypeInstance, inst, instOut, with(inst, "ami", Unknown), []string{"ami"}, true},
		{"unknown instanceType updates", TypeInstance, inst, instOut, with(inst, "instanceType", Unknown), []string{"instanceType"}, false},
		{"security group order is irrelevant", TypeInstance, inst, instOut, with(inst, "vpcSecurityGroupIds", l("sg-2", "sg-1")), nil, false},
		{"security group set change updates", TypeInstance, inst, instOut, with(inst, "vpcSecurityGroupIds", l("sg-1")), []string{"vpcSecurityGroupIds"}, false},
		{"tag change updates", TypeInstance, inst, instOut, with(inst, "tags", m("Name", "docs2")), []string{"tags.Name"}, false},
		{"tag removal updates", TypeInstance, inst, instOut, with(inst, "tags", m()), []string{"tags.Name"}, false},
		{"root volume grows in place", TypeInstance, inst, instOut, with(inst, "rootBlockDevice", m("volumeSize", 16.0, "volumeType", "gp3", "encrypted", true)), []string{"rootBlockDevice.volumeSize"}, false},
		{"root volume encryption replaces", TypeInstance, inst, instOut, with(inst, "rootBlockDevice", m("volumeSize", 8.0, "volumeType", "gp3", "encrypted", false)), []string{"rootBlockDevice.encrypted"}, true},
		{"root device left out: computed, no change", TypeInstance, inst, instOut, with(inst, "rootBlockDevice", nil), nil, false},
		{"fixed private IP equal to state", TypeInstance, inst, instOut, with(inst, "privateIp", "172.31.16.10"), nil, false},
		{"fixed private IP differs from state", TypeInstance, inst, instOut, with(inst, "privateIp", "172.31.16.11"), []string{"privateIp"}, true},
		{"keyName set from empty replaces", TypeInstance, inst, instOut, with(inst, "keyName", "jaia"), []string{"keyName"}, true},
		{"associatePublicIpAddress false vs refreshed true replaces", TypeInstance, inst, instOut, with(inst, "associatePublicIpAddress", false), []string{"associatePublicIpAddress"}, true},
		{"ipv6 addresses replace", TypeInstance, with(inst, "ipv6Addresses", l("2600:1f13:501:a400::10")), with(instOut, "ipv6Addresses", l("2600:1f13:501:a400::10")),
			with(inst, "ipv6Addresses", l("2600:1f13:501:a400::11")), []string{"ipv6Addresses"}, true},
		{"non-canonical ipv6 differs from state", TypeInstance, with(inst, "ipv6Addresses", l("2600:1f13:501:a400::10")), with(instOut, "ipv6Addresses", l("2600:1f13:501:a400::10")),
			with(inst, "ipv6Addresses", l("2600:1F13:501:A400:0::10")), []string{"ipv6Addresses"}, true},
		{"user data updates in place by default", TypeInstance, with(inst, "userData", "a"), with(instOut, "userData", UserDataHash("a")),
			with(inst, "userData", "b"), []string{"userData"}, false},
		{"same user data vs hashed state", TypeInstance, with(inst, "userData", "a"), with(instOut, "userData", UserDataHash("a")),
			with(inst, "userData", "a"), nil, false},
		{"user data replaces with userDataReplaceOnChange", TypeInstance, with(inst, "userData", "a", "userDataReplaceOnChange", true),
			with(instOut, "userData", UserDataHash("a"), "userDataReplaceOnChange", true),
			with(inst, "userData", "b", "userDataReplaceOnChange", true), []string{"userData"}, true},
		{"userDataBase64 replaces with userDataReplaceOnChange", TypeInstance, with(inst, "userDataBase64", "YQ==", "userDataReplaceOnChange", true),
			with(instOut, "userDataBase64", "YQ==", "userDataReplaceOnChange", true),
			with(inst, "userDataBase64", "Yg==", "userDataReplaceOnChange", true), []string{"userDataBase64"}, true},
		{"turning userDataReplaceOnChange on alone updates", TypeInstance, inst, instOut, with(inst, "userDataReplaceOnChange", true), []string{"userDataReplaceOnChange"}, false},
		{"enablePrimaryIpv6 true->false replaces", TypeInstance, with(inst, "enablePrimaryIpv6", true), with(instOut, "enablePrimaryIpv6", true),
			with(inst, "enablePrimaryIpv6", false), []string{"enablePrimaryIpv6"}, true},

		{"ENI ipv6 set changes in place", TypeNetworkInterface,
			m("subnetId", "subnet-1", "ipv6Addresses", l("2600::1")), m("subnetId", "subnet-1", "ipv6Addresses", l("2600::1"), "privateIp", "10.0.0.5"),
			m("subnetId", "subnet-1", "ipv6Addresses", l("2600::1", "2600::2")), []string{"ipv6Addresses"}, false},
		{"ENI ipv6 list changes in place", TypeNetworkInterface,
			m("subnetId", "subnet-1", "ipv6AddressListEnabled", true, "ipv6AddressLists", l("2600::1")), m("subnetId", "subnet-1", "ipv6AddressLists", l("2600::1")),
			m("subnetId", "subnet-1", "ipv6AddressListEnabled", true, "ipv6AddressLists", l("2600::3")), []string{"ipv6AddressLists"}, false},
		{"ENI ipv6 count changes in place", TypeNetworkInterface,
			m("subnetId", "subnet-1", "ipv6AddressCount", 1.0), m("subnetId", "subnet-1", "ipv6AddressCount", 1.0),
			m("subnetId", "subnet-1", "ipv6AddressCount", 2.0), []string{"ipv6AddressCount"}, false},
		{"ENI secondary private IP added in place", TypeNetworkInterface,
			m("subnetId", "subnet-1", "privateIps", l("10.0.0.5")), m("subnetId", "subnet-1", "privateIps", l("10.0.0.5"), "privateIp", "10.0.0.5"),
			m("subnetId", "subnet-1", "privateIps", l("10.0.0.5", "10.0.0.6")), []string{"privateIps"}, false},
		{"ENI primary private IP removed replaces", TypeNetworkInterface,
			m("subnetId", "subnet-1", "privateIps", l("10.0.0.5")), m("subnetId", "subnet-1", "privateIps", l("10.0.0.5"), "privateIp", "10.0.0.5"),
			m("subnetId", "subnet-1", "privateIps", l("10.0.0.6")), []string{"privateIps"}, true},
		{"ENI first of privateIpLists changed replaces", TypeNetworkInterface,
			m("subnetId", "subnet-1", "privateIpListEnabled", true, "privateIpLists", l("10.0.0.5", "10.0.0.6")), m("privateIpLists", l("10.0.0.5", "10.0.0.6")),
			m("subnetId", "subnet-1", "privateIpListEnabled", true, "privateIpLists", l("10.0.0.7", "10.0.0.6")), []string{"privateIpLists"}, true},
		{"ENI subnet replaces", TypeNetworkInterface, m("subnetId", "subnet-1"), m("subnetId", "subnet-1"), m("subnetId", "subnet-2"), []string{"subnetId"}, true},

		{"SG description replaces", TypeSecurityGroup, m("description", "a", "vpcId", "vpc-1"), m("description", "a", "vpcId", "vpc-1", "name", "sg-x"),
			m("description", "b", "vpcId", "vpc-1"), []string{"description"}, true},
		{"SG autoname kept (name absent)", TypeSecurityGroup, m("description", "a", "name", "web-1234567"), m("description", "a", "name", "web-1234567"),
			m("description", "a"), nil, false},
		{"SG rule port updates", TypeSecurityGroupIngressRule, m("securityGroupId", "sg-1", "ipProtocol", "tcp", "fromPort", 22.0, "toPort", 22.0, "cidrIpv4", "0.0.0.0/0"),
			nil, m("securityGroupId", "sg-1", "ipProtocol", "tcp", "fromPort", 2222.0, "toPort", 2222.0, "cidrIpv4", "0.0.0.0/0"), []string{"fromPort", "toPort"}, false},
		{"SG rule CIDR updates", TypeSecurityGroupIngressRule, m("securityGroupId", "sg-1", "ipProtocol", "tcp", "cidrIpv4", "0.0.0.0/0"),
			nil, m("securityGroupId", "sg-1", "ipProtocol", "tcp", "cidrIpv4", "10.0.0.0/8"), []string{"cidrIpv4"}, false},
		{"SG rule source kind replaces", TypeSecurityGroupIngressRule, m("securityGroupId", "sg-1", "ipProtocol", "tcp", "cidrIpv4", "0.0.0.0/0"),
			nil, m("securityGroupId", "sg-1", "ipProtocol", "tcp", "cidrIpv6", "::/0"), []string{"cidrIpv4", "cidrIpv6"}, true},
		{"SG rule group replaces", TypeSecurityGroupEgressRule, m("securityGroupId", "sg-1", "ipProtocol", "-1", "cidrIpv4", "0.0.0.0/0"),
			nil, m("securityGroupId", "sg-2", "ipProtocol", "-1", "cidrIpv4", "0.0.0.0/0"), []string{"securityGroupId"}, true},

		{"EIP association instance replaces", TypeEipAssociation, m("allocationId", "eipalloc-1", "instanceId", "i-1"), nil,
			m("allocationId", "eipalloc-1", "instanceId", "i-2"), []string{"instanceId"}, true},
		{"EIP association unknown instance replaces", TypeEipAssociation, m("allocationId", "eipalloc-1", "instanceId", "i-1"), nil,
			m("allocationId", "eipalloc-1", "instanceId", Unknown), []string{"instanceId"}, true},
		{"EIP instance updates in place", TypeEip, m("domain", "vpc", "instance", "i-1"), nil, m("domain", "vpc", "instance", "i-2"), []string{"instance"}, false},
		{"imported EIP with computed pool given", TypeEip, m("domain", "vpc"), m("domain", "vpc", "publicIpv4Pool", "amazon", "networkBorderGroup", "us-west-2"),
			m("domain", "vpc", "publicIpv4Pool", "amazon"), nil, false},

		{"VPC IPv6 toggles in place", TypeVpc, m("cidrBlock", "10.0.0.0/16"), nil, m("cidrBlock", "10.0.0.0/16", "assignGeneratedIpv6CidrBlock", true), []string{"assignGeneratedIpv6CidrBlock"}, false},
		{"VPC CIDR replaces", TypeVpc, m("cidrBlock", "10.0.0.0/16"), nil, m("cidrBlock", "10.1.0.0/16"), []string{"cidrBlock"}, true},
		{"subnet IPv6 block updates in place", TypeSubnet, m("vpcId", "vpc-1", "cidrBlock", "10.0.1.0/24", "ipv6CidrBlock", "2600::/64"), nil,
			m("vpcId", "vpc-1", "cidrBlock", "10.0.1.0/24", "ipv6CidrBlock", "2600:0:0:1::/64"), []string{"ipv6CidrBlock"}, false},
		{"subnet AZ replaces", TypeSubnet, m("vpcId", "vpc-1", "availabilityZone", "us-west-2a"), nil, m("vpcId", "vpc-1", "availabilityZone", "us-west-2b"), []string{"availabilityZone"}, true},
		{"route table routes update", TypeRouteTable, m("vpcId", "vpc-1", "routes", l(m("cidrBlock", "0.0.0.0/0", "gatewayId", "igw-1"))), nil,
			m("vpcId", "vpc-1", "routes", l(m("cidrBlock", "0.0.0.0/0", "gatewayId", "igw-1"), m("ipv6CidrBlock", "::/0", "gatewayId", "igw-1"))), []string{"routes"}, false},
		{"role name replaces", TypeRole, m("name", "a", "assumeRolePolicy", "{}"), nil, m("name", "b", "assumeRolePolicy", "{}"), []string{"name"}, true},
		{"role policy document updates", TypeRole, m("name", "a", "assumeRolePolicy", "{}"), nil, m("name", "a", "assumeRolePolicy", `{"a":1}`), []string{"assumeRolePolicy"}, false},
		{"SSM Advanced->Standard replaces", TypeSsmParameter, m("name", "/p", "type", "String", "value", "v", "tier", "Advanced"), nil,
			m("name", "/p", "type", "String", "value", "v", "tier", "Standard"), []string{"tier"}, true},
		{"SSM Standard->Advanced updates", TypeSsmParameter, m("name", "/p", "type", "String", "value", "v", "tier", "Standard"), nil,
			m("name", "/p", "type", "String", "value", "v", "tier", "Advanced"), []string{"tier"}, false},
		{"provider region replaces", TypeProvider, m("region", "us-west-2"), nil, m("region", "us-east-1"), []string{"region"}, true},
		{"unknown type diffs generically", "x:y/z:Z", m("a", "1"), nil, m("a", "2"), []string{"a"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Diff(tt.typ, tt.olds, tt.outs, tt.news)
			if tt.changed == nil {
				assert.False(t, d.HasChanges(), "unexpected changes: %s", d)
			} else {
				assert.Equal(t, tt.changed, d.ChangedPaths(), d.String())
			}
			assert.Equal(t, tt.replaces, d.Replaces(), d.String())
		})
	}
}

func TestDiffKeys(t *testing.T) {
	d := Diff(TypeInstance, m("ami", "ami-00000001", "tags", m("a", "1")), nil, m("ami", "ami-00000002", "tags", m("a", "2", "b", "3")))
	assert.Equal(t, []string{"ami", "tags"}, d.ChangedKeys())
	assert.Equal(t, []string{"ami"}, d.ReplaceKeys())
	assert.Equal(t, "+-ami ~tags.a +tags.b", d.String())
}

func TestDiffPathsQuoteKeys(t *testing.T) {
	d := Diff(TypeInstance, m("tags", m("jaiabot-rootfs-gen_repository", "a")), nil, m("tags", m("jaiabot-rootfs-gen_repository", "b")))
	assert.Equal(t, []string{`tags["jaiabot-rootfs-gen_repository"]`}, d.ChangedPaths())
	assert.Equal(t, []string{"tags"}, d.ChangedKeys())
}

func TestEquivalentPolicies(t *testing.T) {
	ours := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	for _, tc := range []struct {
		name, other string
		want        bool
	}{
		{"same text", ours, true},
		{"formatted, keys reordered", "{\n \"Statement\": [ {\"Action\": \"sts:AssumeRole\", \"Effect\": \"Allow\",\n \"Principal\": {\"Service\": \"ec2.amazonaws.com\"}} ],\n \"Version\": \"2012-10-17\" }", true},
		{"single statement, action list", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":["ec2.amazonaws.com"]},"Action":["sts:AssumeRole"]}}`, true},
		{"another service", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"dlm.amazonaws.com"},"Action":"sts:AssumeRole"}]}`, false},
		{"deny", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`, false},
		{"not JSON against JSON", `not json`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, EquivalentPolicies(ours, tc.other))
		})
	}
	assert.True(t, EquivalentPolicies(`{"Action":["s3:B","s3:A"]}`, `{"Action":["s3:A","s3:B"]}`), "action lists are sets")
	assert.True(t, EquivalentPolicies(`not json`, `not json`), "unparsable text compares as text")
	assert.False(t, EquivalentPolicies(`not json`, `not  json`))
	d := Diff(TypeRole, map[string]any{"assumeRolePolicy": "{ \"a\": 1 }"}, map[string]any{"assumeRolePolicy": "{ \"a\": 1 }"},
		map[string]any{"assumeRolePolicy": `{"a":1}`})
	assert.False(t, d.HasChanges(), d.String())
}
