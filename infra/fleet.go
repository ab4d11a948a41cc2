package infra

import (
	"fmt"
	"net/netip"
	"strconv"

	"github.com/jaiarobotics/jaia-cloud/addressing"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// FleetArgs are the inputs of a Fleet.
type FleetArgs struct {
	Fleet DesiredFleet
	// Protect protects the VPC, the data bucket, the CloudHub and its Elastic IP.
	Protect bool
	Stack   string
	Tags    map[string]string
}

// Fleet is one fleet's VPC, CloudHub and optional VirtualFleet.
type Fleet struct {
	pulumi.ResourceState

	VpcID              pulumi.IDOutput     `pulumi:"vpcId"`
	VpcIPv6CIDR        pulumi.StringOutput `pulumi:"vpcIpv6Cidr"`
	CloudHubSubnetIPv6 pulumi.StringOutput `pulumi:"cloudHubSubnetIpv6"`
	VFWLANSubnetIPv6   pulumi.StringOutput `pulumi:"virtualFleetWlanSubnetIpv6"`
	CloudHubInstanceID pulumi.IDOutput     `pulumi:"cloudHubInstanceId"`
	CloudHubPublicIPv4 pulumi.StringOutput `pulumi:"cloudHubPublicIpv4"`
	CloudHubIPv6       pulumi.StringOutput `pulumi:"cloudHubIpv6"`
	BucketName         pulumi.StringOutput `pulumi:"bucket"`
	RoleName           pulumi.StringOutput `pulumi:"roleName"`
}

// IAMNames returns the CloudHub role, policy and instance profile names of
// a fleet. IAM names are account-wide, so they carry the region as well as
// the fleet id (two stacks may hold the same fleet id in two regions).
func IAMNames(fleet int, region string) (role, policy, profile string) {
	p := fmt.Sprintf("JaiaCloudHubFleet%d__%s__", fleet, region)
	return p + "Role", p + "Policy", p + "InstanceProfile"
}

// NewFleet declares a fleet. opts should carry the region's AWS provider.
func NewFleet(ctx *pulumi.Context, name string, args *FleetArgs, opts ...pulumi.ResourceOption) (*Fleet, error) {
	df := args.Fleet
	f := df.Spec
	comp := &Fleet{}
	if err := ctx.RegisterComponentResource(FleetType, name, comp, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(comp)
	c := f.Customer
	base := map[string]string{
		TagFleet:          strconv.Itoa(f.ID),
		TagCustomer:       c,
		TagRepository:     f.Repository,
		TagRepositoryVers: df.RepositoryVersion,
	}
	for k, v := range args.Tags {
		base[k] = v
	}
	named := func(n string, extra ...map[string]string) pulumi.StringMap {
		return tagSet(append(append([]map[string]string{base}, extra...), map[string]string{TagName: n})...)
	}

	// The VPC is protected whatever the stack says about servers: recreating
	// it changes the Amazon /56 and with it every IPv6 address of the fleet.
	network, err := ec2.NewVpc(ctx, name+"-vpc", &ec2.VpcArgs{
		CidrBlock:                    pulumi.String(addressing.VPCIPv4.String()),
		AssignGeneratedIpv6CidrBlock: pulumi.Bool(true),
		EnableDnsSupport:             pulumi.Bool(true),
		EnableDnsHostnames:           pulumi.Bool(true),
		Tags:                         named("jaia__VPC__" + c),
	}, parent, pulumi.Protect(args.Protect))
	if err != nil {
		return nil, err
	}
	subnet64 := func(index uint8) pulumi.StringOutput {
		return network.Ipv6CidrBlock.ApplyT(func(block string) (string, error) {
			p, err := netip.ParsePrefix(block)
			if err != nil {
				return "", fmt.Errorf("VPC IPv6 block %q: %w", block, err)
			}
			s, err := addressing.Subnet64(p, index)
			if err != nil {
				return "", err
			}
			return s.String(), nil
		}).(pulumi.StringOutput)
	}

	igw, err := ec2.NewInternetGateway(ctx, name+"-igw", &ec2.InternetGatewayArgs{
		VpcId: network.ID(),
		Tags:  named("jaia__InternetGateway__" + c),
	}, parent)
	if err != nil {
		return nil, err
	}

	chSubnet6 := subnet64(addressing.CloudHubSubnetIndex)
	chSubnet, err := ec2.NewSubnet(ctx, name+"-subnet-cloudhub", &ec2.SubnetArgs{
		VpcId:                       network.ID(),
		CidrBlock:                   pulumi.String(df.CloudHubSubnet.String()),
		Ipv6CidrBlock:               chSubnet6,
		AssignIpv6AddressOnCreation: pulumi.Bool(true),
		AvailabilityZone:            pulumi.String(f.AvailabilityZone),
		Tags:                        named("jaia__Subnet_CloudHub__" + c),
	}, parent)
	if err != nil {
		return nil, err
	}
	vfSubnet6 := subnet64(addressing.VirtualFleetWLANSubnetIndex)
	vfSubnet, err := ec2.NewSubnet(ctx, name+"-subnet-vfleet-wlan", &ec2.SubnetArgs{
		VpcId:                       network.ID(),
		CidrBlock:                   pulumi.String(df.VFWLANSubnet.String()),
		Ipv6CidrBlock:               vfSubnet6,
		AssignIpv6AddressOnCreation: pulumi.Bool(true),
		AvailabilityZone:            pulumi.String(f.AvailabilityZone),
		Tags:                        named("jaia__Subnet_VirtualFleet_WLAN__" + c),
	}, parent)
	if err != nil {
		return nil, err
	}

	rt, err := ec2.NewRouteTable(ctx, name+"-rt", &ec2.RouteTableArgs{
		VpcId: network.ID(),
		Routes: ec2.RouteTableRouteArray{
			ec2.RouteTableRouteArgs{CidrBlock: pulumi.String("0.0.0.0/0"), GatewayId: igw.ID()},
			ec2.RouteTableRouteArgs{Ipv6CidrBlock: pulumi.String("::/0"), GatewayId: igw.ID()},
		},
		Tags: named("jaia__RouteTable__" + c),
	}, parent)
	if err != nil {
		return nil, err
	}
	for _, a := range []struct {
		key string
		sn  *ec2.Subnet
	}{{"cloudhub", chSubnet}, {"vfleet-wlan", vfSubnet}} {
		if _, err := ec2.NewRouteTableAssociation(ctx, name+"-rta-"+a.key, &ec2.RouteTableAssociationArgs{
			RouteTableId: rt.ID(),
			SubnetId:     a.sn.ID(),
		}, parent); err != nil {
			return nil, err
		}
	}

	chSG, err := ec2.NewSecurityGroup(ctx, name+"-sg-cloudhub", &ec2.SecurityGroupArgs{
		Name:        pulumi.String("jaia__SecurityGroup_CloudHub__" + c),
		Description: pulumi.String("jaia__" + c + " CloudHub Security Group"),
		VpcId:       network.ID(),
		Tags:        named("jaia__SecurityGroup_CloudHub__" + c),
	}, parent)
	if err != nil {
		return nil, err
	}
	if err := addIngress(ctx, name+"-cloudhub", chSG.ID(), base, append([]ingressSource(nil), df.CloudHubIngress...), parent); err != nil {
		return nil, err
	}
	if err := addEgressAll(ctx, name+"-cloudhub", chSG.ID(), base, parent); err != nil {
		return nil, err
	}
	vfSG, err := ec2.NewSecurityGroup(ctx, name+"-sg-vfleet", &ec2.SecurityGroupArgs{
		Name:        pulumi.String("jaia__SecurityGroup_VirtualFleet__" + c),
		Description: pulumi.String("jaia__" + c + " VirtualFleet Security Group"),
		VpcId:       network.ID(),
		Tags:        named("jaia__SecurityGroup_VirtualFleet__" + c),
	}, parent)
	if err != nil {
		return nil, err
	}
	if _, err := vpcIngressAll(ctx, name+"-vfleet-in-wlan-v4", vfSG.ID(), pulumi.String(df.VFWLANSubnet.String()), false, base, parent); err != nil {
		return nil, err
	}
	if _, err := vpcIngressAll(ctx, name+"-vfleet-in-wlan-v6", vfSG.ID(), vfSubnet6, true, base, parent); err != nil {
		return nil, err
	}
	if err := addEgressAll(ctx, name+"-vfleet", vfSG.ID(), base, parent); err != nil {
		return nil, err
	}

	bucket, err := dataBucket(ctx, name, f.DataBucket, base, args.Protect, parent)
	if err != nil {
		return nil, err
	}

	roleName, policyName, profileName := IAMNames(f.ID, f.Region)
	role, err := iam.NewRole(ctx, name+"-cloudhub-role", &iam.RoleArgs{
		Name:             pulumi.String(roleName),
		Description:      pulumi.String(fmt.Sprintf("CloudHub of fleet %d (%s)", f.ID, c)),
		AssumeRolePolicy: pulumi.String(ec2AssumeRolePolicy),
		Tags:             tagSet(base),
	}, parent)
	if err != nil {
		return nil, err
	}
	policy := pulumi.All(network.Arn, chSG.Arn, vfSG.Arn, bucket.Arn).ApplyT(func(v []any) (string, error) {
		return CloudHubPolicy(CloudHubPolicyInput{
			VpcArn: v[0].(string), CloudHubSGArn: v[1].(string), VirtualFleetSGArn: v[2].(string),
			BucketArn: v[3].(string), Region: f.Region, SMTPParameter: f.Auth.SMTPCredentialsParameter,
		})
	}).(pulumi.StringOutput)
	if _, err := iam.NewRolePolicy(ctx, name+"-cloudhub-policy", &iam.RolePolicyArgs{
		Name:   pulumi.String(policyName),
		Role:   role.Name,
		Policy: policy,
	}, parent); err != nil {
		return nil, err
	}
	profile, err := iam.NewInstanceProfile(ctx, name+"-cloudhub-profile", &iam.InstanceProfileArgs{
		Name: pulumi.String(profileName),
		Role: role.Name,
		Tags: tagSet(base),
	}, parent)
	if err != nil {
		return nil, err
	}

	// The rootfs image: pinned, or the newest one tagged with the repository
	// and version, kept once chosen.
	var ami pulumi.StringInput = pulumi.String(f.AMI)
	ignore := []string{"userDataBase64"}
	if f.AMI == "" {
		ami = ec2.LookupAmiOutput(ctx, ec2.LookupAmiOutputArgs{
			MostRecent: pulumi.Bool(true),
			Owners:     pulumi.StringArray{pulumi.String("self")},
			Filters: ec2.GetAmiFilterArray{
				ec2.GetAmiFilterArgs{Name: pulumi.String("tag:" + TagRepository), Values: pulumi.StringArray{pulumi.String(f.Repository)}},
				ec2.GetAmiFilterArgs{Name: pulumi.String("tag:" + TagRepositoryVers), Values: pulumi.StringArray{pulumi.String(df.RepositoryVersion)}},
			},
		}, parent).Id()
		ignore = append(ignore, "ami")
	}

	chIPv6 := hostIn(chSubnet6, addressing.InterfaceID(addressing.CloudHub()))
	ch, err := ec2.NewInstance(ctx, name+"-cloudhub", &ec2.InstanceArgs{
		Ami:                   ami,
		InstanceType:          pulumi.String(f.CloudHub.InstanceType),
		SubnetId:              chSubnet.ID(),
		PrivateIp:             pulumi.String(df.CloudHubIPv4.String()),
		Ipv6Addresses:         pulumi.StringArray{chIPv6},
		VpcSecurityGroupIds:   pulumi.StringArray{chSG.ID()},
		IamInstanceProfile:    profile.Name,
		RootBlockDevice:       rootVolume(f.CloudHub.DiskSizeGB, true),
		MetadataOptions:       metadataOptions(),
		UserDataBase64:        pulumi.String(df.UserData.Base64()),
		DisableApiTermination: pulumi.Bool(args.Protect),
		Tags:                  named("jaia__CloudHub_VM__"+c, map[string]string{TagInstanceType: "cloudhub"}),
		VolumeTags:            named("jaia__CloudHub_VM__"+c, map[string]string{TagInstanceType: "cloudhub"}),
	}, parent, pulumi.Protect(args.Protect), pulumi.DeleteBeforeReplace(true), pulumi.IgnoreChanges(ignore))
	if err != nil {
		return nil, err
	}
	eip, err := ec2.NewEip(ctx, name+"-cloudhub-eip", &ec2.EipArgs{
		Domain: pulumi.String("vpc"),
		Tags:   named("jaia__CloudHub_VM__ElasticIP__" + c),
	}, parent, pulumi.DependsOn([]pulumi.Resource{igw}), pulumi.RetainOnDelete(true), pulumi.Protect(args.Protect))
	if err != nil {
		return nil, err
	}
	if _, err := ec2.NewEipAssociation(ctx, name+"-cloudhub-eip-assoc", &ec2.EipAssociationArgs{
		AllocationId: eip.AllocationId,
		InstanceId:   ch.ID(),
	}, parent, pulumi.DeleteBeforeReplace(true)); err != nil {
		return nil, err
	}

	for _, n := range df.Nodes {
		title := "Virtual" + map[addressing.NodeType]string{addressing.Hub: "Hub", addressing.Bot: "Bot"}[n.Node.Type] + strconv.Itoa(int(n.Node.ID))
		nodeTags := map[string]string{
			TagInstanceType: "virtualfleet",
			TagNodeType:     n.Node.Type.String(),
			TagNodeID:       strconv.Itoa(int(n.Node.ID)),
		}
		if _, err := ec2.NewInstance(ctx, name+"-vf-"+n.Name, &ec2.InstanceArgs{
			Ami:                 ami,
			InstanceType:        pulumi.String(f.VirtualFleet.InstanceType),
			SubnetId:            vfSubnet.ID(),
			PrivateIp:           pulumi.String(n.IPv4.String()),
			Ipv6Addresses:       pulumi.StringArray{hostIn(vfSubnet6, addressing.InterfaceID(n.Node))},
			VpcSecurityGroupIds: pulumi.StringArray{vfSG.ID()},
			RootBlockDevice:     rootVolume(f.VirtualFleet.DiskSizeGB, true),
			MetadataOptions:     metadataOptions(),
			UserDataBase64:      pulumi.String(n.UserData.Base64()),
			Tags:                named("jaia__"+title+"__"+c, nodeTags),
			VolumeTags:          named("jaia__"+title+"__"+c, nodeTags),
		}, parent, pulumi.DeleteBeforeReplace(true), pulumi.IgnoreChanges(ignore)); err != nil {
			return nil, err
		}
	}

	comp.VpcID = network.ID()
	comp.VpcIPv6CIDR = network.Ipv6CidrBlock
	comp.CloudHubSubnetIPv6 = chSubnet6
	comp.VFWLANSubnetIPv6 = vfSubnet6
	comp.CloudHubInstanceID = ch.ID()
	comp.CloudHubPublicIPv4 = eip.PublicIp
	comp.CloudHubIPv6 = chIPv6
	comp.BucketName = bucket.Bucket
	comp.RoleName = role.Name
	if err := ctx.RegisterResourceOutputs(comp, pulumi.Map{
		"vpcId":                      comp.VpcID,
		"vpcIpv6Cidr":                comp.VpcIPv6CIDR,
		"cloudHubSubnetIpv6":         comp.CloudHubSubnetIPv6,
		"virtualFleetWlanSubnetIpv6": comp.VFWLANSubnetIPv6,
		"cloudHubInstanceId":         comp.CloudHubInstanceID,
		"cloudHubPublicIpv4":         comp.CloudHubPublicIPv4,
		"cloudHubIpv6":               comp.CloudHubIPv6,
		"bucket":                     comp.BucketName,
		"roleName":                   comp.RoleName,
	}); err != nil {
		return nil, err
	}
	return comp, nil
}

// hostIn derives a host address inside a /64 output.
func hostIn(subnet pulumi.StringOutput, iid uint64) pulumi.StringOutput {
	return subnet.ApplyT(func(s string) (string, error) {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return "", err
		}
		a, err := addressing.HostIn64(p, iid)
		if err != nil {
			return "", err
		}
		return a.String(), nil
	}).(pulumi.StringOutput)
}

// vpcIngressAll allows all traffic from one network (which may be an output).
func vpcIngressAll(ctx *pulumi.Context, name string, sg pulumi.IDOutput, cidr pulumi.StringInput, v6 bool, tags map[string]string, parent pulumi.ResourceOption) (pulumi.Resource, error) {
	args := &vpc.SecurityGroupIngressRuleArgs{
		SecurityGroupId: sg,
		IpProtocol:      pulumi.String("-1"),
		Description:     pulumi.String("all traffic from the VirtualFleet WLAN subnet"),
		Tags:            tagSet(tags),
	}
	if v6 {
		args.CidrIpv6 = cidr
	} else {
		args.CidrIpv4 = cidr
	}
	return vpc.NewSecurityGroupIngressRule(ctx, name, args, parent)
}

// dataBucket declares the fleet's data bucket: encrypted, versioned, no
// public access, protected and retained on delete (the data outlives the VPC).
func dataBucket(ctx *pulumi.Context, name, bucketName string, tags map[string]string, protect bool, parent pulumi.ResourceOption) (*s3.BucketV2, error) {
	b, err := s3.NewBucketV2(ctx, name+"-data-bucket", &s3.BucketV2Args{
		Bucket: pulumi.String(bucketName),
		Tags:   tagSet(tags),
	}, parent, pulumi.Protect(protect), pulumi.RetainOnDelete(true))
	if err != nil {
		return nil, err
	}
	if _, err := s3.NewBucketPublicAccessBlock(ctx, name+"-data-bucket-public-access", &s3.BucketPublicAccessBlockArgs{
		Bucket:                b.ID(),
		BlockPublicAcls:       pulumi.Bool(true),
		BlockPublicPolicy:     pulumi.Bool(true),
		IgnorePublicAcls:      pulumi.Bool(true),
		RestrictPublicBuckets: pulumi.Bool(true),
	}, parent); err != nil {
		return nil, err
	}
	if _, err := s3.NewBucketVersioningV2(ctx, name+"-data-bucket-versioning", &s3.BucketVersioningV2Args{
		Bucket:                  b.ID(),
		VersioningConfiguration: s3.BucketVersioningV2VersioningConfigurationArgs{Status: pulumi.String("Enabled")},
	}, parent); err != nil {
		return nil, err
	}
	if _, err := s3.NewBucketServerSideEncryptionConfigurationV2(ctx, name+"-data-bucket-encryption", &s3.BucketServerSideEncryptionConfigurationV2Args{
		Bucket: b.ID(),
		Rules: s3.BucketServerSideEncryptionConfigurationV2RuleArray{s3.BucketServerSideEncryptionConfigurationV2RuleArgs{
			ApplyServerSideEncryptionByDefault: s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{
				SseAlgorithm: pulumi.String("AES256"),
			},
			BucketKeyEnabled: pulumi.Bool(true),
		}},
	}, parent); err != nil {
		return nil, err
	}
	return b, nil
}
