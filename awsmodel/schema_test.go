package awsmodel

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The program uses exactly these types; the model must know every one.
var programTypes = []string{
	TypeProvider, TypeSecurityGroup, TypeSecurityGroupIngressRule, TypeSecurityGroupEgressRule, TypeInstance, TypeEip,
	TypeEipAssociation, TypeNetworkInterface, TypeNetworkInterfaceAttach, TypeVpc, TypeSubnet, TypeInternetGateway,
	TypeRouteTable, TypeRouteTableAssociation, TypeRole, TypeRolePolicy, TypeRolePolicyAttachment, TypeInstanceProfile,
	TypeLifecyclePolicy, TypeBucketV2, TypeBucketPublicAccessBlock, TypeBucketVersioningV2, TypeBucketSSEV2,
	TypeSsmParameter, TypeInstanceState,
}

func TestEveryProgramTypeIsModelled(t *testing.T) {
	for _, typ := range programTypes {
		s, ok := Lookup(typ)
		require.True(t, ok, typ)
		assert.Equal(t, typ, s.Type)
		assert.Len(t, strings.Split(typ, ":"), 3, "type tokens have three parts: %s", typ)
		if typ != TypeProvider {
			assert.NotNil(t, handlers[typ], "no handler for %s", typ)
		}
	}
	assert.ElementsMatch(t, programTypes, Types())
}

func TestForceNewTable(t *testing.T) {
	tests := []struct {
		typ      string
		replaces []string
		inPlace  []string
	}{
		{TypeProvider, []string{"region"}, []string{"defaultTags"}},
		{TypeSecurityGroup, []string{"name", "namePrefix", "description", "vpcId"}, []string{"tags", "ingress", "revokeRulesOnDelete"}},
		{TypeSecurityGroupIngressRule, []string{"securityGroupId"}, []string{"cidrIpv4", "fromPort", "toPort", "ipProtocol", "description", "tags"}},
		{TypeSecurityGroupEgressRule, []string{"securityGroupId"}, []string{"cidrIpv6", "referencedSecurityGroupId"}},
		{TypeInstance,
			[]string{"ami", "subnetId", "privateIp", "ipv6Addresses", "ipv6AddressCount", "associatePublicIpAddress",
				"availabilityZone", "rootBlockDevice.encrypted", "rootBlockDevice.kmsKeyId", "keyName", "securityGroups",
				"networkInterfaces", "tenancy", "ebsBlockDevices"},
			[]string{"instanceType", "vpcSecurityGroupIds", "userData", "userDataBase64", "tags", "volumeTags",
				"disableApiTermination", "iamInstanceProfile", "metadataOptions.httpTokens", "rootBlockDevice.volumeSize",
				"rootBlockDevice.volumeType", "secondaryPrivateIps", "sourceDestCheck"}},
		{TypeEip, []string{"domain", "address", "networkBorderGroup", "publicIpv4Pool"}, []string{"instance", "networkInterface", "tags"}},
		{TypeEipAssociation, []string{"allocationId", "allowReassociation", "instanceId", "networkInterfaceId", "privateIpAddress", "publicIp"}, nil},
		{TypeNetworkInterface, []string{"subnetId", "interfaceType"},
			[]string{"ipv6Addresses", "ipv6AddressLists", "ipv6AddressCount", "privateIps", "securityGroups", "description", "tags", "attachments"}},
		{TypeNetworkInterfaceAttach, []string{"instanceId", "networkInterfaceId", "deviceIndex"}, nil},
		{TypeVpc, []string{"cidrBlock"}, []string{"assignGeneratedIpv6CidrBlock", "enableDnsHostnames", "tags"}},
		{TypeSubnet, []string{"vpcId", "cidrBlock", "availabilityZone"}, []string{"ipv6CidrBlock", "assignIpv6AddressOnCreation", "mapPublicIpOnLaunch", "tags"}},
		{TypeInternetGateway, nil, []string{"vpcId", "tags"}},
		{TypeRouteTable, []string{"vpcId"}, []string{"routes", "tags"}},
		{TypeRouteTableAssociation, []string{"subnetId", "gatewayId"}, []string{"routeTableId"}},
		{TypeRole, []string{"name", "namePrefix", "path"}, []string{"assumeRolePolicy", "description", "tags", "maxSessionDuration"}},
		{TypeRolePolicy, []string{"name", "namePrefix", "role"}, []string{"policy"}},
		{TypeRolePolicyAttachment, []string{"role", "policyArn"}, nil},
		{TypeInstanceProfile, []string{"name", "namePrefix", "path"}, []string{"role", "tags"}},
		{TypeLifecyclePolicy, nil, []string{"description", "executionRoleArn", "policyDetails", "state", "tags"}},
		{TypeBucketV2, []string{"bucket", "bucketPrefix", "objectLockEnabled"}, []string{"tags", "forceDestroy"}},
		{TypeBucketPublicAccessBlock, []string{"bucket"}, []string{"blockPublicAcls", "restrictPublicBuckets"}},
		{TypeBucketVersioningV2, []string{"bucket", "expectedBucketOwner"}, []string{"versioningConfiguration"}},
		{TypeBucketSSEV2, []string{"bucket", "expectedBucketOwner"}, []string{"rules"}},
		{TypeSsmParameter, []string{"name", "dataType"}, []string{"value", "type", "description", "tags", "tier"}},
	}
	for _, tt := range tests {
		t.Run(shortType(tt.typ), func(t *testing.T) {
			for _, p := range tt.replaces {
				assert.Equal(t, []string{p}, RequiresReplace(tt.typ, []string{p}), "%s should replace", p)
			}
			for _, p := range tt.inPlace {
				assert.Empty(t, RequiresReplace(tt.typ, []string{p}), "%s should update in place", p)
			}
		})
	}
}

func TestRequiresReplacePaths(t *testing.T) {
	tests := []struct {
		name    string
		changed []string
		want    []string
	}{
		{"exact", []string{"ami"}, []string{"ami"}},
		{"below a ForceNew list", []string{"ipv6Addresses[0]"}, []string{"ipv6Addresses[0]"}},
		{"object above a ForceNew leaf", []string{"rootBlockDevice"}, []string{"rootBlockDevice"}},
		{"sibling of a ForceNew leaf", []string{"rootBlockDevice.volumeSize"}, nil},
		{"prefix-named but different", []string{"amiName"}, nil},
		{"mixed", []string{"instanceType", "subnetId", "tags.Name"}, []string{"subnetId"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, RequiresReplace(TypeInstance, tt.changed))
		})
	}
	assert.Nil(t, RequiresReplace("aws:unknown/thing:Thing", []string{"x"}))
	assert.Nil(t, ForceNew("aws:unknown/thing:Thing"))
}

func TestComputed(t *testing.T) {
	c := Computed(TypeInstance)
	for _, k := range []string{"arn", "publicIp", "primaryNetworkInterfaceId", "privateIp", "ipv6Addresses", "rootBlockDevice"} {
		assert.Contains(t, c, k)
	}
	assert.NotContains(t, c, "instanceType.*")
	assert.Nil(t, Computed("nope"))
}

func TestUserDataHash(t *testing.T) {
	h := UserDataHash("#cloud-config\n")
	assert.Len(t, h, 40)
	assert.Equal(t, h, UserDataHash(h), "a hash is kept as is")
	assert.Equal(t, "", UserDataHash(""))
}
