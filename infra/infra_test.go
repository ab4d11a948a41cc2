package infra

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/jaiarobotics/jaia-cloud/addressing"
	"github.com/jaiarobotics/jaia-cloud/stackconfig"
	"github.com/jaiarobotics/jaia-cloud/userdata"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// prodServers are the reference's values (reference-system.md §2, newest).
var prodServers = []struct {
	name, typ, dns, alloc, ipv6, itype string
	disk, backups                      int
	rules                              []string // protocol from-to cidr, besides SSH
}{
	{"cc_db", "cc_db", "cc-db.jaia.tech", "eipalloc-0dbdae688f7bce095", "2600:1f13:501:a400:546a:73cf:10af:9579", "t4g.small", 8, 7,
		[]string{"tcp 80-80 2600:1f13:501:a400:30b0:3e1b:d910:1412/128"}},
	{"cloud", "cloud", "cloud.jaia.tech", "eipalloc-0bd33c475824f4ac7", "2600:1f13:501:a400:30b0:3e1b:d910:1412", "t4g.micro", 8, 7,
		[]string{"tcp 80-80 0.0.0.0/0", "tcp 80-80 ::/0", "tcp 443-443 0.0.0.0/0", "tcp 443-443 ::/0"}},
	{"data", "data", "data.cloud.jaia.tech", "eipalloc-09f7e844a8b14b8e5", "2600:1f13:501:a400:512:d470:42d7:6e98", "t4g.medium", 16, 7,
		[]string{"tcp 80-80 2600:1f13:501:a400:30b0:3e1b:d910:1412/128"}},
	{"docs", "docs", "docs.jaia.tech", "eipalloc-01248c637bd50502e", "", "t4g.nano", 8, 1,
		[]string{"tcp 80-80 0.0.0.0/0", "tcp 80-80 ::/0", "tcp 443-443 0.0.0.0/0", "tcp 443-443 ::/0"}},
	{"iridium", "iridium", "iridium.jaia.tech", "eipalloc-0b2441c45eff7c158", "", "t4g.nano", 8, 1,
		[]string{"tcp 11800-12799 12.47.179.0/24", "tcp 12800-13799 109.74.196.135/32", "tcp 12800-13799 212.71.235.32/32"}},
	{"packages", "packages", "packages.jaia.tech", "eipalloc-03f3deeb10c48917c", "2600:1f13:501:a400:6091:99b:94fb:d50b", "t4g.nano", 30, 1,
		[]string{"tcp 80-80 0.0.0.0/0", "tcp 80-80 ::/0", "tcp 443-443 0.0.0.0/0", "tcp 443-443 ::/0"}},
	{"vpn", "vpn", "vpn.jaia.tech", "eipalloc-05279e067afb49258", "2600:1f13:501:a400:d6ad:3dd6:5c68:3649", "t4g.nano", 8, 1,
		[]string{"udp 51820-52071 0.0.0.0/0", "udp 51820-52071 ::/0"}},
}

func TestProdServers(t *testing.T) {
	m := runStackFile(t, "prod")
	for _, want := range prodServers {
		t.Run(want.name, func(t *testing.T) {
			inst := m.byName(t, want.name)
			require.Equal(t, "aws:ec2/instance:Instance", inst.Type)
			assert.Equal(t, "ami-0a1b2c3d4e5f60718", input(inst, "ami"), "Ubuntu arm64 image from the SSM parameter")
			assert.Equal(t, want.itype, input(inst, "instanceType"))
			assert.Equal(t, "subnet-f5f17b8d", input(inst, "subnetId"))
			assert.Equal(t, float64(want.disk), get(inst.Inputs, "rootBlockDevice.volumeSize").NumberValue())
			assert.Equal(t, "gp3", input(inst, "rootBlockDevice.volumeType"))
			assert.True(t, get(inst.Inputs, "rootBlockDevice.encrypted").BoolValue(), "encrypted root")
			assert.Equal(t, "required", input(inst, "metadataOptions.httpTokens"), "IMDSv2")
			assert.True(t, get(inst.Inputs, "disableApiTermination").BoolValue(), "termination protection")
			assert.Equal(t, want.dns, input(inst, "tags.Name"))
			assert.Equal(t, want.typ, input(inst, "tags.jaia_server_type"))
			assert.Equal(t, "prod/"+want.name, input(inst, "volumeTags.jaia_snapshot"))
			assert.False(t, get(inst.Inputs, "associatePublicIpAddress").HasValue(), "left unset: the EIP association gives the public IPv4")
			if want.ipv6 != "" {
				assert.Equal(t, []resource.PropertyValue{resource.NewStringProperty(want.ipv6)}, get(inst.Inputs, "ipv6Addresses").ArrayValue())
			} else {
				assert.False(t, get(inst.Inputs, "ipv6Addresses").HasValue())
			}
			// Options: protected, delete-before-replace, user data and AMI kept.
			assert.True(t, inst.Protect)
			assert.True(t, inst.DBR)
			assert.ElementsMatch(t, []string{"userDataBase64", "ami"}, inst.Ignore)

			// User data: base64 of a multipart document naming the server.
			raw, err := base64.StdEncoding.DecodeString(input(inst, "userDataBase64"))
			require.NoError(t, err)
			parts, err := userdata.Parse(raw)
			require.NoError(t, err)
			require.Len(t, parts, 2)

			// The adopted Elastic IP: imported, protected, never released.
			eip := m.byName(t, want.name+"-eip")
			assert.Equal(t, want.alloc, eip.ImportID)
			assert.True(t, eip.Retain, "retainOnDelete")
			assert.True(t, eip.Protect)
			assert.Equal(t, "vpc", input(eip, "domain"))
			assert.ElementsMatch(t, []string{"tags", "tagsAll"}, eip.Ignore)
			assoc := m.byName(t, want.name+"-eip-assoc")
			assert.Equal(t, want.alloc, input(assoc, "allocationId"))
			assert.Equal(t, "i-"+want.name, input(assoc, "instanceId"))
			assert.True(t, assoc.DBR)

			// Security group rules: one resource per source, SSH only from the admin source.
			var got []string
			for _, r := range m.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule") {
				if !strings.HasPrefix(r.Name, want.name+"-in-") {
					continue
				}
				assert.Equal(t, "sg-"+want.name+"-sg", input(r, "securityGroupId"))
				cidr := input(r, "cidrIpv4") + input(r, "cidrIpv6")
				got = append(got, fmt.Sprintf("%s %v-%v %s", input(r, "ipProtocol"), get(r.Inputs, "fromPort").NumberValue(), get(r.Inputs, "toPort").NumberValue(), cidr))
			}
			wantRules := append([]string{"tcp 22-22 52.36.157.57/32", "tcp 22-22 2600:1f13:501:a400:d6ad:3dd6:5c68:3649/128"}, want.rules...)
			assert.ElementsMatch(t, wantRules, got)
			for _, suffix := range []string{"v4", "v6"} {
				e := m.byName(t, want.name+"-out-all-"+suffix)
				assert.Equal(t, "-1", input(e, "ipProtocol"))
			}
			sg := m.byName(t, want.name+"-sg")
			assert.Equal(t, "jaia "+want.typ+" Security Group", input(sg, "description"))

			// Daily snapshots: one DLM policy targeting this server's volume tag only.
			pol := m.byName(t, want.name+"-snapshots")
			assert.Equal(t, "prod/"+want.name, input(pol, "policyDetails.targetTags.jaia_snapshot"))
			sched := get(pol.Inputs, "policyDetails.schedules").ArrayValue()[0].ObjectValue()
			assert.Equal(t, float64(want.backups), sched["retainRule"].ObjectValue()["count"].NumberValue())
			assert.Equal(t, "00:00", sched["createRule"].ObjectValue()["times"].StringValue())
			m.byName(t, want.name+"-dlm-role")
		})
	}
}

func TestDataServerRole(t *testing.T) {
	m := runStackFile(t, "prod")
	role := m.byName(t, "data-role")
	assert.Equal(t, "JaiaDataServerRole", input(role, "name"))
	assert.Contains(t, input(role, "assumeRolePolicy"), "ec2.amazonaws.com")
	pol := m.byName(t, "data-policy")
	assert.Equal(t, "JaiaDataServerPolicy", input(pol, "name"))
	var doc map[string]any
	require.NoError(t, json.Unmarshal([]byte(input(pol, "policy")), &doc))
	stmt := doc["Statement"].([]any)[0].(map[string]any)
	assert.Equal(t, "FleetDataBucketAccess", stmt["Sid"])
	assert.Equal(t, []any{"arn:aws:s3:::jaia--fleet-data", "arn:aws:s3:::jaia--fleet-data/*"}, stmt["Resource"])
	prof := m.byName(t, "data-profile")
	assert.Equal(t, "JaiaDataServerInstanceProfile", input(prof, "name"))
	assert.Equal(t, "JaiaDataServerInstanceProfile", input(m.byName(t, "data"), "iamInstanceProfile"))
}

func TestProdFleet0(t *testing.T) {
	m := runStackFile(t, "prod")
	vpc := m.byName(t, "fleet0-vpc")
	assert.Equal(t, "10.23.0.0/16", input(vpc, "cidrBlock"))
	assert.True(t, get(vpc.Inputs, "assignGeneratedIpv6CidrBlock").BoolValue())
	assert.True(t, vpc.Protect, "recreating the VPC would change every IPv6 address")
	assert.Equal(t, "jaia__VPC__jaia", input(vpc, "tags.Name"))

	block := netip.MustParsePrefix("2600:1f18:0:100::/56") // the mock's first /56
	ch64, _ := addressing.Subnet64(block, addressing.CloudHubSubnetIndex)
	vf64, _ := addressing.Subnet64(block, addressing.VirtualFleetWLANSubnetIndex)
	chSubnet := m.byName(t, "fleet0-subnet-cloudhub")
	assert.Equal(t, "10.23.255.0/24", input(chSubnet, "cidrBlock"))
	assert.Equal(t, ch64.String(), input(chSubnet, "ipv6CidrBlock"))
	assert.Equal(t, "us-east-1c", input(chSubnet, "availabilityZone"))
	assert.True(t, get(chSubnet.Inputs, "assignIpv6AddressOnCreation").BoolValue())
	vfSubnet := m.byName(t, "fleet0-subnet-vfleet-wlan")
	assert.Equal(t, "10.23.0.0/24", input(vfSubnet, "cidrBlock"))
	assert.Equal(t, vf64.String(), input(vfSubnet, "ipv6CidrBlock"))

	ch := m.byName(t, "fleet0-cloudhub")
	assert.Equal(t, "10.23.255.40", input(ch, "privateIp"))
	hub30, _ := addressing.HostIn64(ch64, addressing.InterfaceID(addressing.CloudHub()))
	assert.Equal(t, []resource.PropertyValue{resource.NewStringProperty(hub30.String())}, get(ch.Inputs, "ipv6Addresses").ArrayValue())
	assert.Equal(t, "t3a.micro", input(ch, "instanceType"))
	assert.Equal(t, float64(32), get(ch.Inputs, "rootBlockDevice.volumeSize").NumberValue())
	assert.True(t, get(ch.Inputs, "rootBlockDevice.encrypted").BoolValue())
	assert.Equal(t, "required", input(ch, "metadataOptions.httpTokens"))
	assert.Equal(t, "ami-0123456789abcdef0", input(ch, "ami"))
	assert.Equal(t, "cloudhub", input(ch, "tags.jaia_instance_type"))
	assert.Equal(t, "JaiaCloudHubFleet0__us-east-1__InstanceProfile", input(ch, "iamInstanceProfile"))
	assert.True(t, ch.Protect)
	assert.True(t, ch.DBR)

	eip := m.byName(t, "fleet0-cloudhub-eip")
	assert.True(t, eip.Retain)
	assert.Equal(t, "jaia__CloudHub_VM__ElasticIP__jaia", input(eip, "tags.Name"))

	bucket := m.byName(t, "fleet0-data-bucket")
	assert.Equal(t, "jaia--cloudhub-data--fleet0", input(bucket, "bucket"))
	assert.True(t, bucket.Protect)
	assert.True(t, bucket.Retain)
	pab := m.byName(t, "fleet0-data-bucket-public-access")
	for _, k := range []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"} {
		assert.True(t, get(pab.Inputs, k).BoolValue(), k)
	}
	assert.Equal(t, "Enabled", input(m.byName(t, "fleet0-data-bucket-versioning"), "versioningConfiguration.status"))

	// CloudHub ingress: both VPN ports from anywhere on both families, SSH
	// only from the admin source, no web unless openWeb.
	var rules []string
	for _, r := range m.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule") {
		if strings.HasPrefix(r.Name, "fleet0-cloudhub-in-") {
			rules = append(rules, fmt.Sprintf("%s %v %s", input(r, "ipProtocol"), get(r.Inputs, "fromPort").NumberValue(), input(r, "cidrIpv4")+input(r, "cidrIpv6")))
		}
	}
	assert.ElementsMatch(t, []string{
		"udp 51820 0.0.0.0/0", "udp 51820 ::/0", "udp 51821 0.0.0.0/0", "udp 51821 ::/0",
		"tcp 22 52.36.157.57/32", "tcp 22 2600:1f13:501:a400:d6ad:3dd6:5c68:3649/128",
	}, rules)
	vfIn := m.byName(t, "fleet0-vfleet-in-wlan-v4")
	assert.Equal(t, "10.23.0.0/24", input(vfIn, "cidrIpv4"))
	assert.Equal(t, "-1", input(vfIn, "ipProtocol"))
	assert.Equal(t, vf64.String(), input(m.byName(t, "fleet0-vfleet-in-wlan-v6"), "cidrIpv6"))

	// Routes: IPv4 and IPv6 default routes to the internet gateway.
	rt := m.byName(t, "fleet0-rt")
	routes := get(rt.Inputs, "routes").ArrayValue()
	require.Len(t, routes, 2)
	assert.Equal(t, "0.0.0.0/0", routes[0].ObjectValue()["cidrBlock"].StringValue())
	assert.Equal(t, "::/0", routes[1].ObjectValue()["ipv6CidrBlock"].StringValue())
	assert.Equal(t, "fleet0-igw-id", routes[0].ObjectValue()["gatewayId"].StringValue())
	m.byName(t, "fleet0-rta-cloudhub")
	m.byName(t, "fleet0-rta-vfleet-wlan")
}

func TestCloudHubPolicyContent(t *testing.T) {
	m := runStackFile(t, "prod")
	pol := m.byName(t, "fleet0-cloudhub-policy")
	assert.Equal(t, "JaiaCloudHubFleet0__us-east-1__Policy", input(pol, "name"))
	var doc policyDoc
	require.NoError(t, json.Unmarshal([]byte(input(pol, "policy")), &doc))
	bySid := map[string]policyStatement{}
	for _, s := range doc.Statement {
		bySid[s.Sid] = s
	}
	vpcArn := "arn:aws:ec2:us-east-1:123456789012:vpc/vpc-00000001"
	assert.Equal(t, vpcArn, bySid["RunInstancesSpecificVPC"].Condition["StringEquals"]["ec2:Vpc"])
	assert.Equal(t, "virtualfleet", bySid["InstanceStateForVirtualFleetImages"].Condition["StringEquals"]["ec2:ResourceTag/jaia_instance_type"])
	assert.Equal(t, []string{"arn:aws:ec2:us-east-1:123456789012:security-group/sg-fleet0-sg-cloudhub"}, bySid["SupportAccessOpensItsOwnDoor"].Resource)
	assert.Contains(t, bySid["RunInstancesRequiredExtraPermissions"].Resource, "arn:aws:ec2:us-east-1:123456789012:security-group/sg-fleet0-sg-vfleet")
	assert.Equal(t, []string{"arn:aws:s3:::jaia--cloudhub-data--fleet0", "arn:aws:s3:::jaia--cloudhub-data--fleet0/*"}, bySid["CloudHubData"].Resource)
	assert.Equal(t, []string{"arn:aws:ssm:us-east-1:123456789012:parameter/jaia/cloudhub/smtp_credentials"}, bySid["SMTPCredentials"].Resource)
	for _, s := range doc.Statement {
		for _, a := range s.Action {
			assert.NotEqual(t, "*", a, "no wildcard action")
			assert.False(t, strings.HasSuffix(a, ":*"), "no service-wide action: %s", a)
		}
	}
}

func TestNoWorldOpenSSHInProd(t *testing.T) {
	m := runStackFile(t, "prod")
	for _, r := range m.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule") {
		from, to := get(r.Inputs, "fromPort"), get(r.Inputs, "toPort")
		proto := input(r, "ipProtocol")
		cidr := input(r, "cidrIpv4") + input(r, "cidrIpv6")
		if cidr != "0.0.0.0/0" && cidr != "::/0" {
			continue
		}
		covers22 := proto == "-1" || (proto == "tcp" && from.NumberValue() <= 22 && 22 <= to.NumberValue())
		assert.False(t, covers22, "%s opens SSH to the world", r.Name)
	}
}

func TestTypeTokensHaveThreeParts(t *testing.T) {
	m := runStackFile(t, "example")
	for _, r := range m.regs {
		assert.Len(t, strings.Split(r.Type, ":"), 3, r.Type)
	}
	for _, tok := range []string{SpecialtyServerType, FleetType} {
		assert.Len(t, strings.Split(tok, ":"), 3)
	}
}

func TestExampleTwoRegionsTwoProviders(t *testing.T) {
	m := runStackFile(t, "example")
	var regions []string
	provByRegion := map[string]string{}
	for _, p := range m.ofType("pulumi:providers:aws") {
		regions = append(regions, input(p, "region"))
		provByRegion[input(p, "region")] = p.Name
		assert.Equal(t, "jaia-cloud", input(p, "defaultTags.tags.jaia_project"))
	}
	sort.Strings(regions)
	assert.Equal(t, []string{"eu-west-1", "us-east-1", "us-west-2"}, regions)

	// Each VPC gets a distinct /56; subnets and addresses follow it.
	seen := map[string]bool{}
	for _, v := range m.ofType("aws:ec2/vpc:Vpc") {
		seen[v.Name] = true
	}
	assert.Len(t, seen, 3)

	// The VirtualFleet of fleet 5: hub 1 and bots 1..3 at their plan addresses.
	for _, n := range []struct {
		name, ip string
		node     addressing.Node
	}{
		{"fleet5-vf-hub1", "10.23.5.11", addressing.Node{Type: addressing.Hub, ID: 1}},
		{"fleet5-vf-bot1", "10.23.5.101", addressing.Node{Type: addressing.Bot, ID: 1}},
		{"fleet5-vf-bot3", "10.23.5.103", addressing.Node{Type: addressing.Bot, ID: 3}},
	} {
		inst := m.byName(t, n.name)
		assert.Equal(t, n.ip, input(inst, "privateIp"))
		assert.Equal(t, "virtualfleet", input(inst, "tags.jaia_instance_type"))
		assert.Equal(t, n.node.Type.String(), input(inst, "tags.jaia_node_type"))
		assert.Equal(t, fmt.Sprint(n.node.ID), input(inst, "tags.jaia_node_id"))
		assert.False(t, inst.Protect, "VirtualFleet nodes are disposable")
		sn := m.byName(t, "fleet5-subnet-vfleet-wlan")
		p := netip.MustParsePrefix(input(sn, "ipv6CidrBlock"))
		want, _ := addressing.HostIn64(p, addressing.InterfaceID(n.node))
		assert.Equal(t, want.String(), get(inst.Inputs, "ipv6Addresses").ArrayValue()[0].StringValue())
	}
	_, err := netip.ParsePrefix(input(m.byName(t, "fleet300-subnet-vfleet-wlan"), "cidrBlock"))
	require.NoError(t, err)
	assert.Equal(t, "10.23.253.0/24", input(m.byName(t, "fleet300-subnet-vfleet-wlan"), "cidrBlock"), "fleets above 250 use 10.23.253.0/24")
}

// TestInvalidConfigRegistersNothing: a bad configuration fails the program
// before any resource (the stack itself aside) is registered.
func TestInvalidConfigRegistersNothing(t *testing.T) {
	base, _, err := stackconfig.ReadStackFile("../Pulumi.prod.yaml")
	require.NoError(t, err)
	tests := []struct {
		name, key, value, want string
	}{
		{"bad arch", "jaia-cloud:servers", `{"docs":{"arch":"sparc"}}`, "jaia-cloud:servers.docs.arch"},
		{"unknown template type", "jaia-cloud:servers", `{"mail":{}}`, `jaia-cloud:servers.mail.type: "mail" has no templates`},
		{"unused template var", "jaia-cloud:servers", `{"docs":{"templateVars":{"NOPE":"x"}}}`, "jaia-cloud:servers.docs.templateVars.NOPE: not used by the docs templates"},
		{"bad fleet", "jaia-cloud:fleets", `[{"id":1,"customer":"x","region":"us-east-1","availabilityZone":"eu-west-1a"}]`, "jaia-cloud:fleets[0].availabilityZone"},
		{"bots out of range", "jaia-cloud:fleets", `[{"id":1,"customer":"x","region":"us-east-1","availabilityZone":"us-east-1a","virtualFleet":{"bots":100}}]`, "jaia-cloud:fleets[0].virtualFleet.bots"},
		{"missing versions file", "jaia-cloud:versionsFile", "/nonexistent/common-versions.env", "jaia-cloud:versionsFile"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			raw := map[string]string{}
			for k, v := range base {
				raw[k] = v
			}
			raw[tc.key] = tc.value
			m, _, err := run(t, "prod", raw)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			for _, r := range m.regs {
				assert.Equal(t, "pulumi:pulumi:Stack", r.Type, "registered %s %s before failing", r.Type, r.Name)
			}
		})
	}
}

func TestUserDataDeterministic(t *testing.T) {
	a := runStackFile(t, "prod")
	t.Setenv("REGION", "junk")
	t.Setenv("HOME", "/junk")
	t.Setenv("jaia_version_ubuntu", "99.04")
	b := runStackFile(t, "prod")
	for _, r := range a.ofType("aws:ec2/instance:Instance") {
		assert.Equal(t, input(r, "userDataBase64"), input(b.byName(t, r.Name), "userDataBase64"), r.Name)
	}
}

// TestAdoptedServerKeepsItsLegacyGroup: an adopted server's instance keeps
// the live security group as it is (no rule resources on it: its inline
// rules would clash), while the program's own group carries the intended
// rules for the instances built from now on.
func TestAdoptedServerKeepsItsLegacyGroup(t *testing.T) {
	raw, _, err := stackconfig.ReadStackFile("../Pulumi.prod.yaml")
	require.NoError(t, err)
	var servers map[string]any
	require.NoError(t, json.Unmarshal([]byte(raw["jaia-cloud:servers"]), &servers))
	servers["docs"].(map[string]any)["adopt"] = map[string]any{
		"instanceId": "i-0123456789abcdef0", "securityGroupId": "sg-0123456789abcdef0",
		"securityGroupName": "jaia__SecurityGroup_docs_2025-01-01T00:00+00:00",
	}
	b, err := json.Marshal(servers)
	require.NoError(t, err)
	raw["jaia-cloud:servers"] = string(b)
	m, _, err := run(t, "prod", raw)
	require.NoError(t, err)

	legacy := m.byName(t, "docs-legacy-sg")
	assert.Equal(t, "jaia__SecurityGroup_docs_2025-01-01T00:00+00:00", input(legacy, "name"), "the live name (force-new)")
	assert.Equal(t, "jaia docs Security Group", input(legacy, "description"))
	assert.True(t, legacy.Protect)
	inst := m.byName(t, "docs")
	assert.Equal(t, []resource.PropertyValue{resource.NewStringProperty("sg-docs-legacy-sg")}, get(inst.Inputs, "vpcSecurityGroupIds").ArrayValue())
	for _, r := range m.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule") {
		assert.NotEqual(t, "sg-docs-legacy-sg", input(r, "securityGroupId"), "%s: no rule resource on the legacy group", r.Name)
	}
	assert.Equal(t, "sg-docs-sg", input(m.byName(t, "docs-in-https-0.0.0.0_0"), "securityGroupId"), "the intended rules are on the program's group")
}

// TestAdoptedSnapshotPolicyAndRole: the scripts' snapshot policy is declared
// exactly as they made it (legacy target tag, retention in days, the
// account's default DLM role) beside the program's own policy, and the hand-
// made IAM objects of the data server are protected and keep their
// description and tags.
func TestAdoptedSnapshotPolicyAndRole(t *testing.T) {
	raw, _, err := stackconfig.ReadStackFile("../Pulumi.prod.yaml")
	require.NoError(t, err)
	var servers map[string]any
	require.NoError(t, json.Unmarshal([]byte(raw["jaia-cloud:servers"]), &servers))
	servers["data"].(map[string]any)["adopt"] = map[string]any{
		"instanceId": "i-0123456789abcdef0", "snapshotPolicyId": "policy-0123456789abcdef0", "snapshotPolicyDays": 7, "iamRole": true,
	}
	servers["data"].(map[string]any)["dailyBackups"] = 3 // the program's own policy; the legacy one keeps its 7 days
	b, err := json.Marshal(servers)
	require.NoError(t, err)
	raw["jaia-cloud:servers"] = string(b)
	m, _, err := run(t, "prod", raw)
	require.NoError(t, err)

	legacy := m.byName(t, "data-legacy-snapshots")
	assert.Equal(t, "Daily snapshots for data", input(legacy, "description"))
	assert.Equal(t, "arn:aws:iam::123456789012:role/service-role/AWSDataLifecycleManagerDefaultRole", input(legacy, "executionRoleArn"))
	assert.Equal(t, "data.jaia.tech", input(legacy, "policyDetails.targetTags.Name"), "the scripts tagged the volume Name=<type>.jaia.tech")
	sched := get(legacy.Inputs, "policyDetails.schedules").ArrayValue()
	require.Len(t, sched, 1)
	retain := sched[0].ObjectValue()["retainRule"].ObjectValue()
	assert.Equal(t, 7.0, retain["interval"].NumberValue())
	assert.Equal(t, "DAYS", retain["intervalUnit"].StringValue())
	assert.True(t, legacy.Protect)
	assert.ElementsMatch(t, []string{"tags", "tagsAll"}, legacy.Ignore)

	own := m.byName(t, "data-snapshots")
	assert.Equal(t, "prod/data", input(own, "policyDetails.targetTags.jaia_snapshot"), "the program's policy stays, for the volumes it builds")
	ownSched := get(own.Inputs, "policyDetails.schedules").ArrayValue()
	assert.Equal(t, 3.0, ownSched[0].ObjectValue()["retainRule"].ObjectValue()["count"].NumberValue())
	assert.Empty(t, own.Ignore)
	// The legacy volume is not re-tagged (volumeTags ignored), so the two
	// policies never snapshot the same volume.
	assert.Contains(t, m.byName(t, "data").Ignore, "volumeTags")

	for _, n := range []string{"data-role", "data-policy", "data-profile"} {
		r := m.byName(t, n)
		assert.True(t, r.Protect, n)
		assert.ElementsMatch(t, []string{"description", "tags", "tagsAll"}, r.Ignore, n)
	}
	assert.Equal(t, "JaiaDataServerRole", input(m.byName(t, "data-role"), "name"))
	// Once the legacy instance is retired (adopt.instanceId removed), its
	// policy is unprotected, so removing the key next deletes it.
	delete(servers["data"].(map[string]any)["adopt"].(map[string]any), "instanceId")
	servers["data"].(map[string]any)["slots"] = map[string]any{"green": map[string]any{}}
	servers["data"].(map[string]any)["live"] = "green"
	b, err = json.Marshal(servers)
	require.NoError(t, err)
	raw["jaia-cloud:servers"] = string(b)
	retired, _, err := run(t, "prod", raw)
	require.NoError(t, err)
	assert.False(t, retired.byName(t, "data-legacy-snapshots").Protect)
	assert.True(t, retired.byName(t, "data-role").Protect, "the adopted role serves the new instances too")

	// Without adopt, the same roles are the program's own: no ignored
	// fields, and no legacy policy.
	plain := runStackFile(t, "prod")
	assert.Empty(t, plain.byName(t, "data-role").Ignore)
	for _, r := range plain.ofType("aws:dlm/lifecyclePolicy:LifecyclePolicy") {
		assert.NotContains(t, r.Name, "legacy")
	}
}

func TestLegacyDLMRoleARN(t *testing.T) {
	for _, tc := range []struct{ partition, want string }{
		{"aws", "arn:aws:iam::123456789012:role/service-role/AWSDataLifecycleManagerDefaultRole"},
		{"aws-us-gov", "arn:aws-us-gov:iam::123456789012:role/AWSDataLifecycleManagerDefaultRole"},
		{"aws-cn", "arn:aws-cn:iam::123456789012:role/service-role/AWSDataLifecycleManagerDefaultRole"},
	} {
		assert.Equal(t, tc.want, LegacyDLMRoleARN(tc.partition, "123456789012"), tc.partition)
	}
}

// TestFleetAlreadyBuiltElsewhere: a fleet whose VPC the bash scripts (or
// another stack) built is refused before any resource but the providers is
// registered; this stack's own VPC is not a conflict.
func TestFleetAlreadyBuiltElsewhere(t *testing.T) {
	raw, _, err := stackconfig.ReadStackFile("../Pulumi.prod.yaml")
	require.NoError(t, err)
	for _, tc := range []struct {
		name    string
		tags    map[string]string
		wantErr string
	}{
		{"create_vpc.sh", map[string]string{TagFleet: "0", TagCustomer: "jaia", "jaia_created_unixtime": "1718000000"},
			"jaia-cloud:fleets[0]: fleet 0 already has VPC vpc-0legacy in us-east-1, not built by stack prod (create_vpc.sh made it, jaia_created_unixtime=1718000000); list 0 in jaia-cloud:externalFleets instead"},
		{"another stack", map[string]string{TagFleet: "0", TagProject: "jaia-cloud", TagStack: "staging", TagManagedBy: "pulumi"},
			"not built by stack prod (stack staging has it)"},
		{"this stack", map[string]string{TagFleet: "0", TagProject: "jaia-cloud", TagStack: "prod", TagManagedBy: "pulumi", TagName: "jaia__VPC__jaia"}, ""},
		{"another fleet", map[string]string{TagFleet: "9", TagCustomer: "jaia"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, _, err := runWith(t, &mocks{existing: map[string]map[string]string{"vpc-0legacy": tc.tags}}, "prod", raw)
			if tc.wantErr == "" {
				require.NoError(t, err)
				assert.NotEmpty(t, m.ofType("aws:ec2/vpc:Vpc"))
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.wantErr)
			for _, r := range m.regs {
				assert.Contains(t, []string{"pulumi:pulumi:Stack", "pulumi:providers:aws"}, r.Type, "registered %s %s", r.Type, r.Name)
			}
		})
	}
}

// TestReservedTagsAreTheProjectTags: the tags defaultTags may not set are
// exactly those the program marks its objects with (the fleet guard and
// the tags policy rely on them).
func TestReservedTagsAreTheProjectTags(t *testing.T) {
	assert.ElementsMatch(t, stackconfig.ReservedTags, slices.Collect(maps.Keys(ProjectTags("prod"))))
}

// TestFleetGuardNamesTheWrittenPosition: fleets are sorted by id once
// validated; the guard's message points at the entry as written.
func TestFleetGuardNamesTheWrittenPosition(t *testing.T) {
	raw, _, err := stackconfig.ReadStackFile("../Pulumi.example.yaml")
	require.NoError(t, err)
	var fleets []any
	require.NoError(t, json.Unmarshal([]byte(raw["jaia-cloud:fleets"]), &fleets))
	require.Len(t, fleets, 3)
	slices.Reverse(fleets) // 300, 7, 5
	b, err := json.Marshal(fleets)
	require.NoError(t, err)
	raw["jaia-cloud:fleets"] = string(b)
	_, _, err = runWith(t, &mocks{existing: map[string]map[string]string{"vpc-0legacy": {TagFleet: "5"}}}, "example", raw)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "jaia-cloud:fleets[2]: fleet 5 already has VPC vpc-0legacy")
}
