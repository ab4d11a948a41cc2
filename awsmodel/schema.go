package awsmodel

import (
	"crypto/sha1"
	"encoding/hex"
	"maps"
	"slices"
	"sort"
	"strings"
)

// Type tokens of every resource type the model knows.
const (
	TypeProvider                 = "pulumi:providers:aws"
	TypeSecurityGroup            = "aws:ec2/securityGroup:SecurityGroup"
	TypeSecurityGroupIngressRule = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	TypeSecurityGroupEgressRule  = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
	TypeInstance                 = "aws:ec2/instance:Instance"
	TypeEip                      = "aws:ec2/eip:Eip"
	TypeEipAssociation           = "aws:ec2/eipAssociation:EipAssociation"
	TypeNetworkInterface         = "aws:ec2/networkInterface:NetworkInterface"
	TypeNetworkInterfaceAttach   = "aws:ec2/networkInterfaceAttachment:NetworkInterfaceAttachment"
	TypeInstanceState            = "aws:ec2transitgateway/instanceState:InstanceState"
	TypeVpc                      = "aws:ec2/vpc:Vpc"
	TypeSubnet                   = "aws:ec2/subnet:Subnet"
	TypeInternetGateway          = "aws:ec2/internetGateway:InternetGateway"
	TypeRouteTable               = "aws:ec2/routeTable:RouteTable"
	TypeRouteTableAssociation    = "aws:ec2/routeTableAssociation:RouteTableAssociation"
	TypeRole                     = "aws:iam/role:Role"
	TypeRolePolicy               = "aws:iam/rolePolicy:RolePolicy"
	TypeRolePolicyAttachment     = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	TypeInstanceProfile          = "aws:iam/instanceProfile:InstanceProfile"
	TypeLifecyclePolicy          = "aws:dlm/lifecyclePolicy:LifecyclePolicy"
	TypeBucketV2                 = "aws:s3/bucketV2:BucketV2"
	TypeBucketPublicAccessBlock  = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
	TypeBucketVersioningV2       = "aws:s3/bucketVersioningV2:BucketVersioningV2"
	TypeBucketSSEV2              = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"
	TypeSsmParameter             = "aws:ssm/parameter:Parameter"
)

// Schema describes what the model knows about one resource type. Property names are Pulumi's camelCase names;
// nested paths use dots (`rootBlockDevice.encrypted`). A path that names a list or object covers everything below it.
type Schema struct {
	// Type is the Pulumi type token.
	Type string
	// IDPrefix is the prefix of generated ids (`i-`); empty when the id is a name or a composite.
	IDPrefix string
	// Required lists the inputs that must be present ([tf] Required, and what the Go SDK constructor insists on).
	Required []string
	// ForceNew lists the inputs whose change replaces the resource ([tf] ForceNew / RequiresReplace).
	ForceNew []string
	// Conditional describes inputs that replace the resource only under a condition ([tf] CustomizeDiff
	// ForceNewIf); evaluated by Diff.
	Conditional []string
	// OptionalComputed lists inputs the provider fills in when the program leaves them out; leaving such an input
	// out later is not a change ([tf] Optional+Computed). A trailing ".*" covers every key of an object.
	OptionalComputed []string
	// Sets lists list-typed properties whose order does not matter ([tf] TypeSet).
	Sets []string
	// Outputs lists output-only properties (computed by AWS; unknown during a preview of a create).
	Outputs []string
	// NameProp is the property that Pulumi auto-names when the program leaves it (and NamePrefixProp) out.
	NameProp string
	// NamePrefixProp is the `…Prefix` input that makes AWS derive the name instead.
	NamePrefixProp string
	// NameMaxLen caps auto-names; NameLower forces lower case (S3).
	NameMaxLen int
	NameLower  bool
	// ConflictsWith lists groups of inputs of which at most one may be set.
	ConflictsWith [][]string
	// ExactlyOneOf lists groups of inputs of which exactly one must be set.
	ExactlyOneOf [][]string
	// Tags reports whether the type has `tags`/`tagsAll` (provider default tags merge into tagsAll).
	Tags bool
}

var schemas = map[string]*Schema{
	TypeProvider: {
		Type:     TypeProvider,
		ForceNew: []string{"region"},
	},
	TypeSecurityGroup: {
		Type:             TypeSecurityGroup,
		IDPrefix:         "sg-",
		ForceNew:         []string{"name", "namePrefix", "description", "vpcId"},
		OptionalComputed: []string{"name", "namePrefix", "vpcId", "ingress", "egress", "description"},
		Sets:             []string{"ingress", "egress"},
		Outputs:          []string{"arn", "ownerId", "tagsAll"},
		NameProp:         "name",
		NamePrefixProp:   "namePrefix",
		NameMaxLen:       255,
		ConflictsWith:    [][]string{{"name", "namePrefix"}},
		Tags:             true,
	},
	TypeSecurityGroupIngressRule: sgRuleSchema(TypeSecurityGroupIngressRule),
	TypeSecurityGroupEgressRule:  sgRuleSchema(TypeSecurityGroupEgressRule),
	TypeInstance: {
		Type:     TypeInstance,
		IDPrefix: "i-",
		ForceNew: []string{
			"ami", "associatePublicIpAddress", "availabilityZone", "cpuCoreCount", "cpuThreadsPerCore",
			"cpuOptions.amdSevSnp", "cpuOptions.coreCount", "cpuOptions.threadsPerCore",
			// ebs_block_device: every attribute but tags is ForceNew; the model treats the list as a whole.
			"ebsBlockDevices", "ebsOptimized", "enclaveOptions.enabled", "ephemeralBlockDevices", "hibernation",
			"hostId", "instanceMarketOptions", "ipv6AddressCount", "ipv6Addresses", "keyName", "launchTemplate.id",
			"launchTemplate.name", "networkInterfaces", "placementGroup", "placementPartitionNumber",
			"privateDnsNameOptions", "privateIp", "rootBlockDevice.encrypted", "rootBlockDevice.kmsKeyId",
			"securityGroups", "subnetId", "tenancy",
		},
		Conditional: []string{
			"userData (when userDataReplaceOnChange is true)",
			"userDataBase64 (when userDataReplaceOnChange is true)",
			"enablePrimaryIpv6 (true -> false)",
		},
		OptionalComputed: []string{
			"ami", "associatePublicIpAddress", "availabilityZone", "cpuCoreCount", "cpuThreadsPerCore", "cpuOptions",
			"cpuOptions.*", "disableApiStop", "disableApiTermination", "ebsBlockDevices", "ebsOptimized",
			"enablePrimaryIpv6", "enclaveOptions", "ephemeralBlockDevices", "hostId", "hostResourceGroupArn",
			"iamInstanceProfile", "instanceInitiatedShutdownBehavior", "instanceMarketOptions", "instanceType",
			"ipv6AddressCount", "ipv6Addresses", "keyName", "maintenanceOptions", "metadataOptions", "metadataOptions.*",
			"monitoring", "networkInterfaces", "placementGroup", "placementPartitionNumber", "privateDnsNameOptions",
			"privateIp", "rootBlockDevice", "rootBlockDevice.*", "secondaryPrivateIps", "securityGroups", "subnetId",
			"tenancy", "userData", "userDataBase64", "vpcSecurityGroupIds", "capacityReservationSpecification",
			"creditSpecification",
		},
		Sets: []string{"vpcSecurityGroupIds", "securityGroups", "secondaryPrivateIps", "ebsBlockDevices",
			"ephemeralBlockDevices", "networkInterfaces"},
		Outputs: []string{"arn", "instanceLifecycle", "instanceState", "outpostArn", "passwordData",
			"primaryNetworkInterfaceId", "privateDns", "publicDns", "publicIp", "spotInstanceRequestId", "tagsAll"},
		ConflictsWith: [][]string{{"ipv6Addresses", "ipv6AddressCount"}, {"userData", "userDataBase64"},
			{"networkInterfaces", "subnetId"}, {"networkInterfaces", "privateIp"},
			{"networkInterfaces", "associatePublicIpAddress"}, {"networkInterfaces", "ipv6Addresses"},
			{"networkInterfaces", "vpcSecurityGroupIds"}},
		Tags: true,
	},
	TypeEip: {
		Type:     TypeEip,
		IDPrefix: "eipalloc-",
		ForceNew: []string{"address", "customerOwnedIpv4Pool", "domain", "ipamPoolId", "networkBorderGroup",
			"publicIpv4Pool", "vpc"},
		OptionalComputed: []string{"domain", "instance", "ipamPoolId", "networkBorderGroup", "networkInterface",
			"publicIpv4Pool", "vpc"},
		Outputs: []string{"allocationId", "arn", "associationId", "carrierIp", "customerOwnedIp", "privateDns",
			"privateIp", "ptrRecord", "publicDns", "publicIp", "tagsAll"},
		ConflictsWith: [][]string{{"instance", "networkInterface"}},
		Tags:          true,
	},
	TypeEipAssociation: {
		Type:     TypeEipAssociation,
		IDPrefix: "eipassoc-",
		// [tf] every argument is ForceNew and there is no Update.
		ForceNew: []string{"allocationId", "allowReassociation", "instanceId", "networkInterfaceId",
			"privateIpAddress", "publicIp"},
		OptionalComputed: []string{"allocationId", "instanceId", "networkInterfaceId", "privateIpAddress", "publicIp"},
		ConflictsWith:    [][]string{{"instanceId", "networkInterfaceId"}},
	},
	TypeNetworkInterface: {
		Type:     TypeNetworkInterface,
		IDPrefix: "eni-",
		Required: []string{"subnetId"},
		// ipv6Addresses / ipv6AddressLists / ipv6AddressCount / privateIps are changed in place
		// (Assign/UnassignIpv6Addresses, Assign/UnassignPrivateIpAddresses) — see Conditional for the exceptions.
		ForceNew: []string{"subnetId", "interfaceType", "ipv4Prefixes"},
		Conditional: []string{
			"privateIps (when the primary private IP leaves the set and privateIpListEnabled is false)",
			"privateIpLists (when its first element changes and privateIpListEnabled is true)",
			"enablePrimaryIpv6 (true -> false)",
		},
		OptionalComputed: []string{"attachments", "enablePrimaryIpv6", "interfaceType", "ipv4PrefixCount",
			"ipv4Prefixes", "ipv6AddressCount", "ipv6AddressLists", "ipv6Addresses", "ipv6PrefixCount", "ipv6Prefixes",
			"privateIp", "privateIpLists", "privateIps", "privateIpsCount", "securityGroups"},
		Sets:    []string{"ipv6Addresses", "privateIps", "securityGroups", "attachments", "ipv4Prefixes", "ipv6Prefixes"},
		Outputs: []string{"arn", "macAddress", "outpostArn", "ownerId", "privateDnsName", "tagsAll"},
		ConflictsWith: [][]string{{"ipv6AddressCount", "ipv6Addresses"}, {"ipv6AddressCount", "ipv6AddressLists"},
			{"ipv6Addresses", "ipv6AddressLists"}, {"privateIps", "privateIpLists"}},
		Tags: true,
	},
	// aws_ec2_instance_state: the id is the instance id; deleting it only forgets it (the instance keeps its state).
	TypeInstanceState: {
		Type:     TypeInstanceState,
		Required: []string{"instanceId", "state"},
		ForceNew: []string{"instanceId"},
	},
	TypeNetworkInterfaceAttach: {
		Type:     TypeNetworkInterfaceAttach,
		IDPrefix: "eni-attach-",
		Required: []string{"deviceIndex", "instanceId", "networkInterfaceId"},
		ForceNew: []string{"deviceIndex", "instanceId", "networkInterfaceId"},
		Outputs:  []string{"attachmentId", "status"},
	},
	TypeVpc: {
		Type:     TypeVpc,
		IDPrefix: "vpc-",
		// assignGeneratedIpv6CidrBlock and ipv6CidrBlock are changed in place (associate/disassociate).
		ForceNew: []string{"cidrBlock", "ipv4IpamPoolId", "ipv4NetmaskLength"},
		OptionalComputed: []string{"cidrBlock", "enableDnsHostnames", "enableDnsSupport",
			"enableNetworkAddressUsageMetrics", "ipv6CidrBlock", "ipv6CidrBlockNetworkBorderGroup", "ipv6NetmaskLength",
			"instanceTenancy"},
		Outputs: []string{"arn", "defaultNetworkAclId", "defaultRouteTableId", "defaultSecurityGroupId", "dhcpOptionsId",
			"ipv6AssociationId", "mainRouteTableId", "ownerId", "tagsAll"},
		ConflictsWith: [][]string{{"assignGeneratedIpv6CidrBlock", "ipv6IpamPoolId"}, {"cidrBlock", "ipv4NetmaskLength"}},
		Tags:          true,
	},
	TypeSubnet: {
		Type:     TypeSubnet,
		IDPrefix: "subnet-",
		Required: []string{"vpcId"},
		// ipv6CidrBlock is changed in place in TF AWS v5 (disassociate + associate); see Account for the failure
		// when addresses of the old block are in use.
		ForceNew: []string{"vpcId", "cidrBlock", "availabilityZone", "availabilityZoneId", "ipv6Native",
			"outpostArn"},
		OptionalComputed: []string{"availabilityZone", "availabilityZoneId", "cidrBlock", "ipv6CidrBlock",
			"privateDnsHostnameTypeOnLaunch"},
		Outputs:       []string{"arn", "ipv6CidrBlockAssociationId", "ownerId", "tagsAll"},
		ConflictsWith: [][]string{{"availabilityZone", "availabilityZoneId"}},
		Tags:          true,
	},
	TypeInternetGateway: {
		Type:     TypeInternetGateway,
		IDPrefix: "igw-",
		Outputs:  []string{"arn", "ownerId", "tagsAll"},
		Tags:     true,
	},
	TypeRouteTable: {
		Type:             TypeRouteTable,
		IDPrefix:         "rtb-",
		Required:         []string{"vpcId"},
		ForceNew:         []string{"vpcId"},
		OptionalComputed: []string{"routes", "propagatingVgws"},
		Sets:             []string{"routes", "propagatingVgws"},
		Outputs:          []string{"arn", "ownerId", "tagsAll"},
		Tags:             true,
	},
	TypeRouteTableAssociation: {
		Type:         TypeRouteTableAssociation,
		IDPrefix:     "rtbassoc-",
		Required:     []string{"routeTableId"},
		ForceNew:     []string{"subnetId", "gatewayId"},
		ExactlyOneOf: [][]string{{"subnetId", "gatewayId"}},
	},
	TypeRole: {
		Type:     TypeRole,
		Required: []string{"assumeRolePolicy"},
		ForceNew: []string{"name", "namePrefix", "path"},
		OptionalComputed: []string{"name", "namePrefix", "inlinePolicies", "managedPolicyArns",
			"maxSessionDuration"},
		Sets:           []string{"inlinePolicies", "managedPolicyArns"},
		Outputs:        []string{"arn", "createDate", "tagsAll", "uniqueId"},
		NameProp:       "name",
		NamePrefixProp: "namePrefix",
		NameMaxLen:     64,
		ConflictsWith:  [][]string{{"name", "namePrefix"}},
		Tags:           true,
	},
	TypeRolePolicy: {
		Type:             TypeRolePolicy,
		Required:         []string{"policy", "role"},
		ForceNew:         []string{"name", "namePrefix", "role"},
		OptionalComputed: []string{"name", "namePrefix"},
		NameProp:         "name",
		NamePrefixProp:   "namePrefix",
		NameMaxLen:       128,
		ConflictsWith:    [][]string{{"name", "namePrefix"}},
	},
	TypeRolePolicyAttachment: {
		Type:     TypeRolePolicyAttachment,
		Required: []string{"policyArn", "role"},
		ForceNew: []string{"policyArn", "role"},
	},
	TypeInstanceProfile: {
		Type:             TypeInstanceProfile,
		ForceNew:         []string{"name", "namePrefix", "path"},
		OptionalComputed: []string{"name", "namePrefix"},
		Outputs:          []string{"arn", "createDate", "tagsAll", "uniqueId"},
		NameProp:         "name",
		NamePrefixProp:   "namePrefix",
		NameMaxLen:       128,
		ConflictsWith:    [][]string{{"name", "namePrefix"}},
		Tags:             true,
	},
	TypeLifecyclePolicy: {
		Type:             TypeLifecyclePolicy,
		IDPrefix:         "policy-",
		Required:         []string{"description", "executionRoleArn", "policyDetails"},
		OptionalComputed: []string{"policyDetails.*"},
		Outputs:          []string{"arn", "tagsAll"},
		Tags:             true,
	},
	TypeBucketV2: {
		Type:     TypeBucketV2,
		ForceNew: []string{"bucket", "bucketPrefix", "objectLockEnabled"},
		OptionalComputed: []string{"bucket", "bucketPrefix", "accelerationStatus", "acl", "corsRules", "grants",
			"lifecycleRules", "loggings", "objectLockConfiguration", "objectLockEnabled", "policy",
			"replicationConfigurations", "requestPayer", "serverSideEncryptionConfigurations", "versionings",
			"websites"},
		Outputs: []string{"arn", "bucketDomainName", "bucketRegionalDomainName", "hostedZoneId", "region", "tagsAll",
			"websiteDomain", "websiteEndpoint"},
		NameProp:       "bucket",
		NamePrefixProp: "bucketPrefix",
		NameMaxLen:     63,
		NameLower:      true,
		ConflictsWith:  [][]string{{"bucket", "bucketPrefix"}},
		Tags:           true,
	},
	TypeBucketPublicAccessBlock: {
		Type:     TypeBucketPublicAccessBlock,
		Required: []string{"bucket"},
		ForceNew: []string{"bucket"},
	},
	TypeBucketVersioningV2: {
		Type:     TypeBucketVersioningV2,
		Required: []string{"bucket", "versioningConfiguration"},
		ForceNew: []string{"bucket", "expectedBucketOwner"},
	},
	TypeBucketSSEV2: {
		Type:     TypeBucketSSEV2,
		Required: []string{"bucket", "rules"},
		ForceNew: []string{"bucket", "expectedBucketOwner"},
		Sets:     []string{"rules"},
	},
	TypeSsmParameter: {
		Type:             TypeSsmParameter,
		Required:         []string{"type"},
		ForceNew:         []string{"name", "dataType"},
		Conditional:      []string{"tier (Advanced -> Standard)"},
		OptionalComputed: []string{"name", "dataType", "insecureValue", "keyId", "tier", "value", "arn"},
		Outputs:          []string{"tagsAll", "version"},
		NameProp:         "name",
		NameMaxLen:       2048,
		ConflictsWith:    [][]string{{"value", "insecureValue"}},
		Tags:             true,
	},
}

func sgRuleSchema(typ string) *Schema {
	return &Schema{
		Type:     typ,
		IDPrefix: "sgr-",
		Required: []string{"ipProtocol", "securityGroupId"},
		// [tf] only security_group_id has RequiresReplace; the other attributes use ModifySecurityGroupRules.
		ForceNew:     []string{"securityGroupId"},
		Conditional:  []string{"cidrIpv4/cidrIpv6/prefixListId/referencedSecurityGroupId (when the kind of source changes)"},
		Outputs:      []string{"arn", "securityGroupRuleId", "tagsAll"},
		ExactlyOneOf: [][]string{{"cidrIpv4", "cidrIpv6", "prefixListId", "referencedSecurityGroupId"}},
		Tags:         true,
	}
}

// Lookup returns the schema of a resource type.
func Lookup(typ string) (*Schema, bool) {
	s, ok := schemas[typ]
	return s, ok
}

// Types returns every resource type token the model knows, sorted.
func Types() []string {
	return slices.Sorted(maps.Keys(schemas))
}

// ForceNew returns the input paths whose change replaces a resource of type typ (unconditional ones only; see
// Schema.Conditional and Diff for the rest). Unknown types have none.
func ForceNew(typ string) []string {
	s, ok := schemas[typ]
	if !ok {
		return nil
	}
	return append([]string(nil), s.ForceNew...)
}

// RequiresReplace returns the subset of changedPaths that replace a resource of type typ, using the unconditional
// ForceNew table: a changed path replaces when it equals a ForceNew path, lies below one, or lies above one (a whole
// object such as `rootBlockDevice` changed). Diff applies the conditional rules on top.
func RequiresReplace(typ string, changedPaths []string) []string {
	var out []string
	for _, p := range changedPaths {
		for _, f := range ForceNew(typ) {
			if pathCovers(f, p) || pathCovers(p, f) {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

// pathCovers reports whether path p is outer or equal to path q.
func pathCovers(outer, inner string) bool {
	return outer == inner || strings.HasPrefix(inner, outer+".") || strings.HasPrefix(inner, outer+"[")
}

// optionalComputed reports whether path is an Optional+Computed input of s.
func (s *Schema) optionalComputed(path string) bool {
	for _, p := range s.OptionalComputed {
		if p == path {
			return true
		}
		if strings.HasSuffix(p, ".*") {
			base := strings.TrimSuffix(p, ".*")
			if strings.HasPrefix(path, base+".") {
				return true
			}
		}
	}
	return false
}

func (s *Schema) isSet(path string) bool { return slices.Contains(s.Sets, path) }

// Computed returns the properties AWS computes for type typ: the output-only ones plus the Optional+Computed inputs.
func Computed(typ string) []string {
	s, ok := schemas[typ]
	if !ok {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	for _, p := range append(append([]string{}, s.Outputs...), s.OptionalComputed...) {
		p = strings.TrimSuffix(p, ".*")
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// UserDataHash is what the provider stores in state for `userData` ([tf] StateFunc userDataHashSum: the hex SHA-1
// of the text, or the text itself when it is already such a hash).
func UserDataHash(v string) string {
	if v == "" {
		return ""
	}
	if len(v) == 40 && isHex(v) {
		return v
	}
	sum := sha1.Sum([]byte(v))
	return hex.EncodeToString(sum[:])
}

func isHex(s string) bool {
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// stateValue maps an input value to the form the provider keeps in state (the [tf] StateFunc), for the few
// properties where they differ.
func stateValue(typ, path string, v any) any {
	if typ == TypeInstance && path == "userData" {
		if s, ok := v.(string); ok && s != Unknown {
			return UserDataHash(s)
		}
	}
	return v
}
