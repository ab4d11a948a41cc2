package infra

import (
	"sort"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Type tokens of the components (package:module:type, as the engine requires).
const (
	SpecialtyServerType = "jaia:infra:SpecialtyServer"
	FleetType           = "jaia:infra:Fleet"
)

// Tag keys used across the project (reference §5).
const (
	TagName           = "Name"
	TagProject        = "jaia_project"
	TagStack          = "jaia_stack"
	TagManagedBy      = "jaia_managed_by"
	TagServerType     = "jaia_server_type"
	TagServer         = "jaia_server"
	TagSnapshot       = "jaia_snapshot"
	TagFleet          = "jaia_fleet"
	TagCustomer       = "jaia_customer"
	TagInstanceType   = "jaia_instance_type"
	TagNodeType       = "jaia_node_type"
	TagNodeID         = "jaia_node_id"
	TagRepository     = "jaiabot-rootfs-gen_repository"
	TagRepositoryVers = "jaiabot-rootfs-gen_repository_version"
)

// ProjectTags are the tags every taggable resource carries.
func ProjectTags(stack string) map[string]string {
	return map[string]string{
		TagProject:   "jaia-cloud",
		TagStack:     stack,
		TagManagedBy: "pulumi",
	}
}

// tagSet merges tag maps (later maps win) into a Pulumi StringMap.
func tagSet(maps ...map[string]string) pulumi.StringMap {
	out := pulumi.StringMap{}
	for _, m := range maps {
		for k, v := range m {
			out[k] = pulumi.String(v)
		}
	}
	return out
}

// sanitize turns a CIDR or other value into a fragment safe in a Pulumi
// resource name (no "::", which separates URN parts, and no "/").
func sanitize(s string) string {
	r := strings.NewReplacer(":", "-", "/", "_")
	return r.Replace(s)
}

// ingressSource is one source of one security group rule.
type ingressSource struct {
	key         string // stable part of the resource name
	protocol    string // AWS ip protocol: tcp, udp, icmp, icmpv6, -1
	from, to    int    // 0,0 for all; -1,-1 for all ICMP types
	cidr        string
	ipv6        bool
	description string
}

// protocolOf maps the config's protocol names to AWS's.
func protocolOf(p string) string {
	switch p {
	case "all":
		return "-1"
	case "icmpv6":
		return "icmpv6"
	}
	return p
}

// addIngress registers one rule resource per source, sorted by key so that
// the registration order (and the plan) is stable.
func addIngress(ctx *pulumi.Context, prefix string, sgID pulumi.IDOutput, tags map[string]string, sources []ingressSource, opts ...pulumi.ResourceOption) error {
	sort.Slice(sources, func(i, j int) bool { return sources[i].key < sources[j].key })
	for _, s := range sources {
		args := &vpc.SecurityGroupIngressRuleArgs{
			SecurityGroupId: sgID,
			IpProtocol:      pulumi.String(s.protocol),
			Description:     pulumi.String(s.description),
			Tags:            tagSet(tags),
		}
		if s.protocol != "-1" {
			args.FromPort = pulumi.IntPtr(s.from)
			args.ToPort = pulumi.IntPtr(s.to)
		}
		if s.ipv6 {
			args.CidrIpv6 = pulumi.StringPtr(s.cidr)
		} else {
			args.CidrIpv4 = pulumi.StringPtr(s.cidr)
		}
		if _, err := vpc.NewSecurityGroupIngressRule(ctx, prefix+"-in-"+s.key, args, opts...); err != nil {
			return err
		}
	}
	return nil
}

// addEgressAll declares the explicit allow-all egress for IPv4 and IPv6 that
// AWS's default rule would give (Pulumi removes the default one).
func addEgressAll(ctx *pulumi.Context, prefix string, sgID pulumi.IDOutput, tags map[string]string, opts ...pulumi.ResourceOption) error {
	for _, e := range []struct {
		suffix string
		v6     bool
	}{{"v4", false}, {"v6", true}} {
		args := &vpc.SecurityGroupEgressRuleArgs{
			SecurityGroupId: sgID,
			IpProtocol:      pulumi.String("-1"),
			Description:     pulumi.String("all outbound traffic"),
			Tags:            tagSet(tags),
		}
		if e.v6 {
			args.CidrIpv6 = pulumi.StringPtr("::/0")
		} else {
			args.CidrIpv4 = pulumi.StringPtr("0.0.0.0/0")
		}
		if _, err := vpc.NewSecurityGroupEgressRule(ctx, prefix+"-out-all-"+e.suffix, args, opts...); err != nil {
			return err
		}
	}
	return nil
}

// sshSources turns admin sources (and an explicit world opt-in) into SSH
// rule sources.
func sshSources(admins []adminSource, world bool) []ingressSource {
	var out []ingressSource
	add := func(key, cidr string, v6 bool, desc string) {
		out = append(out, ingressSource{key: key, protocol: "tcp", from: 22, to: 22, cidr: cidr, ipv6: v6, description: desc})
	}
	for _, a := range admins {
		for _, c := range a.ipv4 {
			add("ssh-"+a.name+"-"+sanitize(c), c, false, "SSH from admin source "+a.name)
		}
		for _, c := range a.ipv6 {
			add("ssh-"+a.name+"-"+sanitize(c), c, true, "SSH from admin source "+a.name)
		}
	}
	if world {
		add("ssh-world-v4", "0.0.0.0/0", false, "SSH from anywhere (explicit allowWorldSsh)")
		add("ssh-world-v6", "::/0", true, "SSH from anywhere (explicit allowWorldSsh)")
	}
	return out
}

type adminSource struct {
	name       string
	ipv4, ipv6 []string
}

// metadataOptions requires IMDSv2 (session tokens) on every machine.
func metadataOptions() ec2.InstanceMetadataOptionsPtrInput {
	return ec2.InstanceMetadataOptionsArgs{
		HttpEndpoint:            pulumi.String("enabled"),
		HttpTokens:              pulumi.String("required"), // IMDSv2 only
		HttpPutResponseHopLimit: pulumi.Int(1),
		InstanceMetadataTags:    pulumi.String("disabled"),
	}
}

func rootVolume(sizeGB int, encrypted bool) ec2.InstanceRootBlockDevicePtrInput {
	return ec2.InstanceRootBlockDeviceArgs{
		VolumeSize:          pulumi.Int(sizeGB),
		VolumeType:          pulumi.String("gp3"),
		Encrypted:           pulumi.Bool(encrypted),
		DeleteOnTermination: pulumi.Bool(true),
	}
}

// ec2AssumeRolePolicy lets EC2 instances assume a role.
const ec2AssumeRolePolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`

// dlmAssumeRolePolicy lets Data Lifecycle Manager assume a role.
const dlmAssumeRolePolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"dlm.amazonaws.com"},"Action":"sts:AssumeRole"}]}`

// newProvider declares the explicit AWS provider of one region.
func newProvider(ctx *pulumi.Context, region string, tags map[string]string) (*aws.Provider, error) {
	return aws.NewProvider(ctx, "aws-"+region, &aws.ProviderArgs{
		Region:      pulumi.String(region),
		DefaultTags: aws.ProviderDefaultTagsArgs{Tags: tagSet(tags)},
	})
}
