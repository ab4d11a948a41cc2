package awsmodel

import (
	"fmt"
	"sort"
)

// Pre-existing inventory of the Jaia production account that programs import or reference. The allocation ids,
// the default subnet id and its IPv6 /64 are real (from the legacy scripts); everything else about these objects —
// public addresses (TEST-NET), the default VPC's id, AZ and IPv4 blocks — is invented for the simulation.
const (
	// DefaultVpcID is the (simulated) id of us-west-2's default VPC, which holds DefaultSubnetID.
	DefaultVpcID = "vpc-0d5e1f2a3b4c5d6e7"
	// DefaultSubnetID is the Jaia default subnet in us-west-2 (SUBNET_ID of the legacy scripts).
	DefaultSubnetID = "subnet-f5f17b8d"
	// DefaultSubnetIPv6 is its IPv6 /64; the default VPC's /56 is DefaultVpcIPv6.
	DefaultSubnetIPv6 = "2600:1f13:501:a400::/64"
	DefaultVpcIPv6    = "2600:1f13:501:a400::/56"
	DefaultVpcCIDR    = "172.31.0.0/16"
	DefaultSubnetCIDR = "172.31.16.0/20"
	DefaultSubnetAZ   = "us-west-2a"
)

// SeedEIP is one pre-existing Elastic IP allocation.
type SeedEIP struct {
	Server       string // the specialty server that uses it
	AllocationID string
	PublicIP     string // simulated (TEST-NET-3)
}

// ProdEIPs are the production allocations (ids real, addresses simulated).
var ProdEIPs = []SeedEIP{
	{"docs", "eipalloc-01248c637bd50502e", "203.0.113.11"},
	{"iridium", "eipalloc-0b2441c45eff7c158", "203.0.113.12"},
	{"packages", "eipalloc-03f3deeb10c48917c", "203.0.113.13"},
	{"vpn", "eipalloc-05279e067afb49258", "203.0.113.14"},
	{"cloud", "eipalloc-0bd33c475824f4ac7", "203.0.113.15"},
	{"data", "eipalloc-09f7e844a8b14b8e5", "203.0.113.16"},
	{"cc_db", "eipalloc-0dbdae688f7bce095", "203.0.113.17"},
}

// LegacyServer is a hand-built server of the old scripts: an instance in the default subnet with a fixed IPv6
// address (real, from the legacy configuration) and, in the simulation, its Elastic IP associated.
type LegacyServer struct {
	Server string
	IPv6   string
	// Backups is the scripts' CREATE_NUM_DAILY_BACKUPS: days of snapshots the server's DLM policy keeps.
	Backups int
}

// LegacyServers lists the legacy specialty servers with the IPv6 addresses their configurations pinned.
var LegacyServers = []LegacyServer{
	{"docs", "", 1},
	{"iridium", "", 1},
	{"packages", "2600:1f13:501:a400:6091:99b:94fb:d50b", 1},
	{"vpn", "2600:1f13:501:a400:d6ad:3dd6:5c68:3649", 1},
	{"cloud", "2600:1f13:501:a400:30b0:3e1b:d910:1412", 7},
	{"data", "2600:1f13:501:a400:512:d470:42d7:6e98", 7},
	{"cc_db", "2600:1f13:501:a400:546a:73cf:10af:9579", 7},
}

// The data server's hand-made IAM objects (reference §2.7): a role trusting EC2, its inline policy on the fleet
// data bucket, and the instance profile the legacy data instance runs with.
const (
	LegacyDataRole    = "JaiaDataServerRole"
	LegacyDataPolicy  = "JaiaDataServerPolicy"
	LegacyDataProfile = "JaiaDataServerInstanceProfile"
)

// legacyDataTrust and legacyDataPolicy are the documents as an operator pasted them: formatted, with keys in
// another order than the program writes them (IAM compares documents, not text).
const legacyDataTrust = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "sts:AssumeRole",
      "Principal": { "Service": "ec2.amazonaws.com" }
    }
  ]
}`

const legacyDataPolicy = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "FleetDataBucketAccess",
      "Effect": "Allow",
      "Action": [
        "s3:GetBucketLocation",
        "s3:GetObject",
        "s3:ListBucket",
        "s3:PutObject",
        "s3:DeleteObject",
        "s3:GetBucketAcl"
      ],
      "Resource": [
        "arn:aws:s3:::jaia--fleet-data",
        "arn:aws:s3:::jaia--fleet-data/*"
      ]
    }
  ]
}`

// SeedAccount returns an account with the production inventory that predates any program: us-west-2's default
// VPC (with its default security group, main route table and internet gateway), the default subnet
// DefaultSubnetID, and the ProdEIPs allocations, none of them associated. The Elastic IP quota of us-west-2 is
// raised to 10 (prod holds 7 allocations, above AWS's default of 5).
func SeedAccount() *Account {
	a := NewAccount()
	r := DefaultRegion
	a.EIPQuota[r] = 10
	seeded := func(typ, id string, inputs, outputs map[string]any) *Object {
		o := &Object{Type: typ, ID: id, Region: r, Seeded: true, Inputs: inputs, Outputs: outputs}
		a.put(o)
		return o
	}
	sgID, rtbID, igwID := "sg-0a1b2c3d4e5f60718", "rtb-0a1b2c3d4e5f60718", "igw-0a1b2c3d4e5f60718"
	vpcIn := map[string]any{"cidrBlock": DefaultVpcCIDR, "assignGeneratedIpv6CidrBlock": true, "enableDnsHostnames": true, "enableDnsSupport": true}
	vpcOut := CopyMap(vpcIn)
	for k, v := range map[string]any{"arn": ARN("ec2", r, a.ID, "vpc/"+DefaultVpcID), "ownerId": a.ID,
		"ipv6CidrBlock": DefaultVpcIPv6, "ipv6AssociationId": "vpc-cidr-assoc-0a1b2c3d4e5f60718",
		"ipv6CidrBlockNetworkBorderGroup": r, "defaultSecurityGroupId": sgID, "mainRouteTableId": rtbID,
		"defaultRouteTableId": rtbID, "defaultNetworkAclId": "acl-0a1b2c3d4e5f60718", "dhcpOptionsId": "dopt-0a1b2c3d4e5f60718",
		"instanceTenancy": "default", "enableNetworkAddressUsageMetrics": false, "tags": map[string]any{}, "tagsAll": map[string]any{}} {
		vpcOut[k] = v
	}
	vpc := seeded(TypeVpc, DefaultVpcID, vpcIn, vpcOut)
	vpc.Internal = map[string]any{"isDefault": true}

	sg := seeded(TypeSecurityGroup, sgID, map[string]any{"name": "default", "description": "default VPC security group", "vpcId": DefaultVpcID},
		map[string]any{"name": "default", "description": "default VPC security group", "vpcId": DefaultVpcID,
			"arn": ARN("ec2", r, a.ID, "security-group/"+sgID), "ownerId": a.ID, "ingress": []any{}, "egress": []any{}})
	sg.ImplicitOf = DefaultVpcID

	igw := seeded(TypeInternetGateway, igwID, map[string]any{"vpcId": DefaultVpcID},
		map[string]any{"vpcId": DefaultVpcID, "arn": ARN("ec2", r, a.ID, "internet-gateway/"+igwID), "ownerId": a.ID})
	_ = igw
	rt := seeded(TypeRouteTable, rtbID, map[string]any{"vpcId": DefaultVpcID},
		map[string]any{"vpcId": DefaultVpcID, "arn": ARN("ec2", r, a.ID, "route-table/"+rtbID), "ownerId": a.ID,
			"routes": []any{
				map[string]any{"cidrBlock": "0.0.0.0/0", "gatewayId": igwID},
				map[string]any{"ipv6CidrBlock": "::/0", "gatewayId": igwID},
			}, "propagatingVgws": []any{}})
	rt.ImplicitOf = DefaultVpcID
	rt.Internal = map[string]any{"main": true}

	subIn := map[string]any{"vpcId": DefaultVpcID, "cidrBlock": DefaultSubnetCIDR, "ipv6CidrBlock": DefaultSubnetIPv6,
		"availabilityZone": DefaultSubnetAZ, "mapPublicIpOnLaunch": true}
	subOut := CopyMap(subIn)
	for k, v := range map[string]any{"arn": ARN("ec2", r, a.ID, "subnet/"+DefaultSubnetID), "ownerId": a.ID,
		"availabilityZoneId": azID(DefaultSubnetAZ), "assignIpv6AddressOnCreation": false,
		"ipv6CidrBlockAssociationId": "subnet-cidr-assoc-0a1b2c3d4e5f607", "enableDns64": false, "ipv6Native": false,
		"enableResourceNameDnsAaaaRecordOnLaunch": false, "enableResourceNameDnsARecordOnLaunch": false,
		"privateDnsHostnameTypeOnLaunch": "ip-name", "mapCustomerOwnedIpOnLaunch": false, "tags": map[string]any{}, "tagsAll": map[string]any{}} {
		subOut[k] = v
	}
	sub := seeded(TypeSubnet, DefaultSubnetID, subIn, subOut)
	sub.Internal = map[string]any{"defaultForAz": true}

	for _, e := range ProdEIPs {
		in := map[string]any{"domain": "vpc"}
		out := map[string]any{"domain": "vpc", "allocationId": e.AllocationID, "publicIp": e.PublicIP,
			"publicDns": dnsName(e.PublicIP, r, true), "arn": ARN("ec2", r, a.ID, "elastic-ip/"+e.AllocationID),
			"publicIpv4Pool": "amazon", "networkBorderGroup": r, "associationId": "", "instance": "", "networkInterface": "",
			"privateIp": "", "privateDns": "", "carrierIp": "", "customerOwnedIp": "", "customerOwnedIpv4Pool": "",
			"ptrRecord": "", "ipamPoolId": "", "vpc": true, "tags": map[string]any{}, "tagsAll": map[string]any{}}
		seeded(TypeEip, e.AllocationID, in, out)
	}
	return a
}

// SeedLegacy adds the legacy hand-built servers to a seeded account: one running instance per LegacyServers entry
// in the default subnet, holding its pinned IPv6 address and with its production Elastic IP associated — the
// situation a migration starts from (the new servers' fixed addresses are still in use; associating an allocation
// moves it away from the legacy instance). Instance ids are `i-legacy…`-style hashes of the server name.
func SeedLegacy(a *Account) error {
	env := Env{Region: DefaultRegion}
	byServer := map[string]SeedEIP{}
	for _, e := range ProdEIPs {
		byServer[e.Server] = e
	}
	servers := append([]LegacyServer(nil), LegacyServers...)
	sort.Slice(servers, func(i, j int) bool { return servers[i].Server < servers[j].Server })
	seed := func(typ, urn string, in map[string]any) (string, error) { return a.createSeeded(env, typ, urn, in) }
	// The data server's role, made by hand with the console's defaults (no description, no tags).
	if _, err := seed(TypeRole, "legacy::data#role", map[string]any{"name": LegacyDataRole, "assumeRolePolicy": legacyDataTrust}); err != nil {
		return err
	}
	if _, err := seed(TypeRolePolicy, "legacy::data#policy", map[string]any{"name": LegacyDataPolicy, "role": LegacyDataRole, "policy": legacyDataPolicy}); err != nil {
		return err
	}
	if _, err := seed(TypeInstanceProfile, "legacy::data#profile", map[string]any{"name": LegacyDataProfile, "role": LegacyDataRole}); err != nil {
		return err
	}
	dlmRole := ARN("iam", "", a.ID, "role/service-role/AWSDataLifecycleManagerDefaultRole")
	for _, s := range servers {
		urn := "legacy::" + s.Server
		// The scripts' security group: name with a creation timestamp, fixed description, inline rules (not
		// modelled: the group is seeded without rules).
		sgName, sgDesc := LegacySecurityGroupName(s.Server), "jaia "+s.Server+" Security Group"
		sgID, err := seed(TypeSecurityGroup, urn+"#sg", map[string]any{"name": sgName, "description": sgDesc, "vpcId": DefaultVpcID})
		if err != nil {
			return err
		}
		in := map[string]any{"ami": AMIFor(DefaultRegion, "legacy"), "instanceType": "t4g.nano", "subnetId": DefaultSubnetID,
			"vpcSecurityGroupIds": []any{sgID}, "disableApiTermination": true,
			"tags": map[string]any{"Name": s.Server + ".jaia.tech", "jaia_server_type": s.Server}}
		if s.IPv6 != "" {
			in["ipv6Addresses"] = []any{s.IPv6}
		}
		if s.Server == "data" {
			in["iamInstanceProfile"] = LegacyDataProfile
		}
		id, err := seed(TypeInstance, urn, in)
		if err != nil {
			return err
		}
		// The scripts' snapshot policy (reference §1 step 15): volumes tagged Name=<T>.jaia.tech, kept N days.
		if s.Backups > 0 {
			name := s.Server + ".jaia.tech"
			if _, err := seed(TypeLifecyclePolicy, urn+"#dlm", map[string]any{
				"description": "Daily snapshots for " + s.Server, "executionRoleArn": dlmRole, "state": "ENABLED",
				"policyDetails": map[string]any{"policyType": "EBS_SNAPSHOT_MANAGEMENT", "resourceTypes": []any{"VOLUME"},
					"targetTags": map[string]any{"Name": name},
					"schedules": []any{map[string]any{"name": "DailySnapshots", "copyTags": true,
						"tagsToAdd":  map[string]any{"CreatedBy": "DLM"},
						"createRule": map[string]any{"interval": 24.0, "intervalUnit": "HOURS", "times": "00:00"},
						"retainRule": map[string]any{"interval": float64(s.Backups), "intervalUnit": "DAYS"}}}},
				"tags": map[string]any{"Name": name},
			}); err != nil {
				return err
			}
		}
		e := a.Get(TypeEip, byServer[s.Server].AllocationID)
		if e == nil {
			continue
		}
		if _, err := a.associateEIP(e, id, "", "", false, HashID("eipassoc-", TypeEipAssociation, urn, 0)); err != nil {
			return fmt.Errorf("awsmodel: associating legacy %s: %w", s.Server, err)
		}
	}
	return nil
}

// LegacySecurityGroupName is the name the legacy scripts gave a server type's security group (with the
// creation timestamp of the simulated inventory).
func LegacySecurityGroupName(server string) string {
	return "jaia__SecurityGroup_" + server + "_20230412T101500"
}

// LegacyObjects are the ids of one legacy server's objects, as an operator reads them from the console.
type LegacyObjects struct {
	Server, InstanceID, SecurityGroupID, SecurityGroupName, SecurityGroupDescription, AllocationID string
	SnapshotPolicyID                                                                               string
}

// FindLegacy returns the seeded legacy objects of a server (by the Name tag and the group name), or false.
func FindLegacy(a *Account, server string) (LegacyObjects, bool) {
	out := LegacyObjects{Server: server}
	for _, i := range a.List(TypeInstance) {
		if i.Seeded && str(obj(i.Inputs, "tags"), "jaia_server_type") == server {
			out.InstanceID = i.ID
		}
	}
	for _, g := range a.List(TypeSecurityGroup) {
		if str(g.Outputs, "name") == LegacySecurityGroupName(server) {
			out.SecurityGroupID, out.SecurityGroupName, out.SecurityGroupDescription = g.ID, str(g.Outputs, "name"), str(g.Outputs, "description")
		}
	}
	for _, e := range ProdEIPs {
		if e.Server == server {
			out.AllocationID = e.AllocationID
		}
	}
	for _, p := range a.List(TypeLifecyclePolicy) {
		if p.Seeded && str(obj(p.Inputs, "tags"), "Name") == server+".jaia.tech" {
			out.SnapshotPolicyID = p.ID
		}
	}
	return out, out.InstanceID != ""
}

// SeedLegacyFleet adds what create_vpc.sh leaves for a fleet (reference §3.2): a VPC 10.23.0.0/16 tagged
// jaia_fleet=<F>, jaia_customer and jaia_created_unixtime, and the fleet's data bucket. It returns the VPC id.
func SeedLegacyFleet(a *Account, fleet int, customer, region string) (string, error) {
	env := Env{Region: region}
	urn := fmt.Sprintf("legacy::fleet%d", fleet)
	id, err := a.createSeeded(env, TypeVpc, urn+"#vpc", map[string]any{"cidrBlock": "10.23.0.0/16", "assignGeneratedIpv6CidrBlock": true,
		"tags": map[string]any{"jaia_fleet": fmt.Sprint(fleet), "jaia_customer": customer, "jaia_created_unixtime": "1718000000"}})
	if err != nil {
		return "", err
	}
	if _, err := a.createSeeded(env, TypeBucketV2, urn+"#bucket", map[string]any{"bucket": fmt.Sprintf("jaia--cloudhub-data--fleet%d", fleet)}); err != nil {
		return "", err
	}
	return id, nil
}

// createSeeded creates an object as pre-existing inventory: owned by no stack, importable (the objects AWS makes
// with it stay implicit of it).
func (a *Account) createSeeded(env Env, typ, urn string, in map[string]any) (string, error) {
	id, _, err := a.Create(env, typ, urn, in)
	if err != nil {
		return "", fmt.Errorf("awsmodel: seeding %s: %w", urn, err)
	}
	o := a.Get(typ, id)
	o.URN, o.Seeded = "", true
	return id, nil
}
