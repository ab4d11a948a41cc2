package infra

import (
	"encoding/json"
	"fmt"

	"github.com/jaiarobotics/jaia-cloud/stackconfig"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/dlm"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ssm"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// SpecialtyServerArgs are the inputs of a SpecialtyServer: the prepared
// (validated and rendered) server and the stack it belongs to.
type SpecialtyServerArgs struct {
	Server DesiredServer
	// Stack names the stack in tags and in the snapshot target tag.
	Stack string
	// Tags are added to every taggable child.
	Tags map[string]string
}

// SpecialtyServer is one specialty server and everything it owns.
//
// Outputs: InstanceID, PublicIPv4 (the Elastic IP when one is adopted),
// IPv6, DNSName, SSHCommand, SecurityGroupID.
type SpecialtyServer struct {
	pulumi.ResourceState

	InstanceID      pulumi.IDOutput     `pulumi:"instanceId"`
	PublicIPv4      pulumi.StringOutput `pulumi:"publicIpv4"`
	IPv6            pulumi.StringOutput `pulumi:"ipv6"`
	DNSName         pulumi.StringOutput `pulumi:"dnsName"`
	SSHCommand      pulumi.StringOutput `pulumi:"sshCommand"`
	SecurityGroupID pulumi.IDOutput     `pulumi:"securityGroupId"`
	// Slots of a blue/green server: slot -> {instanceId, privateIpv4,
	// ipv6, live, stopped}; nil without slots.
	Slots pulumi.Map
}

// SnapshotTag returns the volume tag value the server's DLM policy targets:
// unique per stack and server, so two policies never share target tags.
func SnapshotTag(stack, server string) string { return stack + "/" + server }

// NewSpecialtyServer declares a server. opts should carry the region's AWS
// provider (pulumi.Providers).
func NewSpecialtyServer(ctx *pulumi.Context, name string, args *SpecialtyServerArgs, opts ...pulumi.ResourceOption) (*SpecialtyServer, error) {
	s := args.Server.Spec
	comp := &SpecialtyServer{}
	if err := ctx.RegisterComponentResource(SpecialtyServerType, name, comp, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(comp)
	protect := s.Protected()
	base := map[string]string{TagServerType: s.Type, TagServer: s.Name}
	for k, v := range args.Tags {
		base[k] = v
	}
	withName := func(n string) pulumi.StringMap { return tagSet(base, map[string]string{TagName: n}) }

	// Security group: description and name are force-new, so they are fixed
	// strings derived from the server type (the reference's timestamp is
	// dropped: it made every run a new group).
	sgArgs := &ec2.SecurityGroupArgs{
		Name:        pulumi.String("jaia__SecurityGroup_" + s.Name),
		Description: pulumi.String("jaia " + s.Type + " Security Group"),
		Tags:        withName(s.DNSName + " Security Group"),
	}
	if s.VpcID != "" {
		sgArgs.VpcId = pulumi.StringPtr(s.VpcID)
	}
	sg, err := ec2.NewSecurityGroup(ctx, name+"-sg", sgArgs, parent)
	if err != nil {
		return nil, err
	}
	// An adopted server keeps its live group, as it is, on the instance that
	// serves traffic: its inline rules (the bash scripts' world-open SSH,
	// AWS's default egress) are not the program's, and declaring the
	// program's rules on it would fail as duplicates. The program's own
	// group above, with the intended rules, serves the instances built from
	// now on (blue/green slots); the legacy group goes with the last legacy
	// instance (remove adopt.securityGroupId once nothing uses it).
	instanceSG := sg
	if a := s.Adopt; a != nil && a.SecurityGroupID != "" {
		desc := a.SecurityGroupDescription
		if desc == "" {
			desc = "jaia " + s.Type + " Security Group"
		}
		legacyArgs := &ec2.SecurityGroupArgs{
			// Name and description are force-new: the live ones.
			Name:        pulumi.String(a.SecurityGroupName),
			Description: pulumi.String(desc),
		}
		if s.VpcID != "" {
			legacyArgs.VpcId = pulumi.StringPtr(s.VpcID)
		}
		legacy, err := ec2.NewSecurityGroup(ctx, name+"-legacy-sg", legacyArgs, parent,
			pulumi.Protect(legacyProtect(s)), pulumi.IgnoreChanges([]string{"tags", "tagsAll"}))
		if err != nil {
			return nil, err
		}
		if a.InstanceID != "" {
			instanceSG = legacy
		}
	}
	ruleTags := base
	if err := addIngress(ctx, name, sg.ID(), ruleTags, append([]ingressSource(nil), args.Server.Ingress...), parent); err != nil {
		return nil, err
	}
	if err := addEgressAll(ctx, name, sg.ID(), ruleTags, parent); err != nil {
		return nil, err
	}

	// IAM: an existing profile by name, or a role + inline policy + profile.
	var profile pulumi.StringInput
	if s.IAMInstanceProfile != "" {
		profile = pulumi.String(s.IAMInstanceProfile)
	}
	if r := s.IAMRole; r != nil {
		policy, err := json.Marshal(r.Policy)
		if err != nil {
			return nil, fmt.Errorf("%s: iamRole.policy: %w", s.Name, err)
		}
		// Objects made by hand for a legacy server are imported
		// (adopt.iamRole): their description and tags are not ours to
		// rewrite, and they are protected like the server.
		iamOpts := []pulumi.ResourceOption{parent}
		if a := s.Adopt; a != nil && a.IAMRole {
			iamOpts = append(iamOpts, pulumi.Protect(protect), pulumi.IgnoreChanges([]string{"description", "tags", "tagsAll"}))
		}
		role, err := iam.NewRole(ctx, name+"-role", &iam.RoleArgs{
			Name:             pulumi.String(r.Name + "Role"),
			Description:      pulumi.String("Role of " + s.DNSName),
			AssumeRolePolicy: pulumi.String(ec2AssumeRolePolicy),
			Tags:             tagSet(base),
		}, iamOpts...)
		if err != nil {
			return nil, err
		}
		if _, err := iam.NewRolePolicy(ctx, name+"-policy", &iam.RolePolicyArgs{
			Name:   pulumi.String(r.Name + "Policy"),
			Role:   role.Name,
			Policy: pulumi.String(string(policy)),
		}, iamOpts...); err != nil {
			return nil, err
		}
		ip, err := iam.NewInstanceProfile(ctx, name+"-profile", &iam.InstanceProfileArgs{
			Name: pulumi.String(r.Name + "InstanceProfile"),
			Role: role.Name,
			Tags: tagSet(base),
		}, iamOpts...)
		if err != nil {
			return nil, err
		}
		profile = ip.Name
	}

	var inst *ec2.Instance
	var ipv6 pulumi.StringOutput
	publicIP := pulumi.StringOutput{}
	if len(args.Server.Slots) > 0 {
		var err error
		inst, publicIP, comp.Slots, err = declareSlots(ctx, name, args, sg, instanceSG, profile, withName, base, parent)
		if err != nil {
			return nil, err
		}
		ipv6 = pulumi.String(s.IPv6Address).ToStringOutput()
	} else {
		var err error
		if inst, err = singleInstance(ctx, name, args, instanceSG, profile, withName, base, protect, nil, parent); err != nil {
			return nil, err
		}

		publicIP = inst.PublicIp
		if s.ElasticIPAllocationID != "" {
			// The allocation exists (its address is in DNS): adopt it, never
			// release it, and ignore its tags (not ours to rewrite).
			eip, err := adoptedEIP(ctx, name, s.ElasticIPAllocationID, protect, parent)
			if err != nil {
				return nil, err
			}
			assocArgs := &ec2.EipAssociationArgs{
				AllocationId: eip.AllocationId,
				InstanceId:   inst.ID(),
			}
			if a := s.Adopt; a != nil && a.InstanceID != "" {
				// The adopted instance already holds the address: the first
				// up re-states the association on the same instance, which
				// AWS accepts only as a reassociation. Elsewhere the flag
				// stays off, so an address held by another instance fails
				// loudly instead of moving.
				assocArgs.AllowReassociation = pulumi.Bool(true)
			}
			if _, err := ec2.NewEipAssociation(ctx, name+"-eip-assoc", assocArgs, parent, pulumi.DeleteBeforeReplace(true)); err != nil {
				return nil, err
			}
			publicIP = eip.PublicIp
		}
		if s.IPv6Address != "" {
			ipv6 = pulumi.String(s.IPv6Address).ToStringOutput()
		} else {
			ipv6 = inst.Ipv6Addresses.Index(pulumi.Int(0))
		}
	}

	if n := s.Backups(); n > 0 {
		if err := snapshotPolicy(ctx, name, s.Type, s.DNSName, SnapshotTag(args.Stack, s.Name), n, base, parent); err != nil {
			return nil, err
		}
	}
	if a := s.Adopt; a != nil && a.SnapshotPolicyID != "" {
		if err := legacySnapshotPolicy(ctx, name, s.Type, a.SnapshotPolicyDays, legacyProtect(s), parent); err != nil {
			return nil, err
		}
	}

	comp.InstanceID = inst.ID()
	comp.PublicIPv4 = publicIP
	comp.IPv6 = ipv6
	comp.DNSName = pulumi.String(s.DNSName).ToStringOutput()
	comp.SSHCommand = pulumi.String("ssh jaia@" + s.DNSName).ToStringOutput()
	comp.SecurityGroupID = sg.ID()
	if err := ctx.RegisterResourceOutputs(comp, pulumi.Map{
		"instanceId":      comp.InstanceID,
		"publicIpv4":      comp.PublicIPv4,
		"ipv6":            comp.IPv6,
		"dnsName":         comp.DNSName,
		"sshCommand":      comp.SSHCommand,
		"securityGroupId": comp.SecurityGroupID,
	}); err != nil {
		return nil, err
	}
	return comp, nil
}

// singleInstance declares the instance of a server without slots, or of the
// existing slot (the same resource, so turning slots on replaces nothing).
func singleInstance(ctx *pulumi.Context, name string, args *SpecialtyServerArgs, sg *ec2.SecurityGroup,
	profile pulumi.StringInput, withName func(string) pulumi.StringMap, base map[string]string, protect bool,
	extraIgnore []string, parent pulumi.ResourceOrInvokeOption) (*ec2.Instance, error) {
	s := args.Server.Spec
	// AMI: pinned, or Canonical's current image for the release, kept once
	// chosen so a new Canonical image does not replace the server.
	var ami pulumi.StringInput = pulumi.String(s.AMI)
	ignore := []string{"userDataBase64"}
	if s.AMI == "" {
		ami = ssm.LookupParameterOutput(ctx, ssm.LookupParameterOutputArgs{
			Name: pulumi.String(args.Server.AMIParameter),
		}, parent).InsecureValue()
		ignore = append(ignore, "ami")
	}

	instArgs := &ec2.InstanceArgs{
		Ami:                   ami,
		InstanceType:          pulumi.String(s.InstanceType),
		SubnetId:              pulumi.String(s.SubnetID),
		VpcSecurityGroupIds:   pulumi.StringArray{sg.ID()},
		RootBlockDevice:       rootVolume(s.DiskSizeGB, true),
		MetadataOptions:       metadataOptions(),
		UserDataBase64:        pulumi.String(args.Server.UserData.Base64()),
		DisableApiTermination: pulumi.Bool(protect),
		Tags:                  withName(s.DNSName),
		VolumeTags:            tagSet(base, map[string]string{TagName: s.DNSName, TagSnapshot: SnapshotTag(args.Stack, s.Name)}),
	}
	if profile != nil {
		instArgs.IamInstanceProfile = profile
	}
	if a := s.Adopt; a != nil && a.InstanceID != "" {
		// A legacy instance: encrypted is force-new, so declare what it
		// has; its boot-time settings (root volume, metadata options),
		// tags and instance profile are not rewritten on a server that
		// serves traffic; a rebuild brings them to the program's values.
		if a.RootVolumeEncrypted != nil {
			instArgs.RootBlockDevice = rootVolume(s.DiskSizeGB, *a.RootVolumeEncrypted)
		}
		ignore = append(ignore, "rootBlockDevice", "metadataOptions", "tags", "volumeTags", "iamInstanceProfile")
	}
	if s.IPv6Address != "" {
		instArgs.Ipv6Addresses = pulumi.StringArray{pulumi.String(s.IPv6Address)}
	}
	return ec2.NewInstance(ctx, name, instArgs, parent,
		pulumi.Protect(protect),
		// A fixed IPv6 address (and the Elastic IP) can have one holder:
		// the old instance must go before its replacement comes.
		pulumi.DeleteBeforeReplace(true),
		pulumi.IgnoreChanges(append(ignore, extraIgnore...)))
}

// adoptedEIP declares the server's existing Elastic IP allocation: adopted,
// never released, its tags not ours to rewrite.
func adoptedEIP(ctx *pulumi.Context, name, allocationID string, protect bool, parent pulumi.ResourceOrInvokeOption) (*ec2.Eip, error) {
	return ec2.NewEip(ctx, name+"-eip", &ec2.EipArgs{
		Domain: pulumi.String("vpc"),
	}, parent,
		pulumi.Import(pulumi.ID(allocationID)),
		pulumi.RetainOnDelete(true),
		pulumi.Protect(protect),
		pulumi.IgnoreChanges([]string{"tags", "tagsAll"}))
}

// snapshotPolicy declares the daily DLM policy of one server and its
// execution role. The target tag is unique per server (two policies must
// not share target tags).
func snapshotPolicy(ctx *pulumi.Context, name, typ, dns, target string, keep int, tags map[string]string, parent pulumi.ResourceOrInvokeOption) error {
	role, err := iam.NewRole(ctx, name+"-dlm-role", &iam.RoleArgs{
		Description:      pulumi.String("Data Lifecycle Manager: daily snapshots of " + dns),
		AssumeRolePolicy: pulumi.String(dlmAssumeRolePolicy),
		Tags:             tagSet(tags),
	}, parent)
	if err != nil {
		return err
	}
	if _, err := iam.NewRolePolicyAttachment(ctx, name+"-dlm-role-policy", &iam.RolePolicyAttachmentArgs{
		Role:      role.Name,
		PolicyArn: pulumi.String(string(iam.ManagedPolicyAWSDataLifecycleManagerServiceRole)),
	}, parent); err != nil {
		return err
	}
	return dailySnapshots(ctx, name+"-snapshots", typ, role.Arn,
		pulumi.StringMap{TagSnapshot: pulumi.String(target)},
		dlm.LifecyclePolicyPolicyDetailsScheduleRetainRuleArgs{Count: pulumi.Int(keep)},
		tagSet(tags, map[string]string{TagName: dns}), parent)
}

// dailySnapshots declares a DLM policy in the shape the bash scripts gave
// theirs (and the program keeps for its own): "Daily snapshots for <type>",
// one DailySnapshots schedule at 00:00 UTC every 24 hours, the volume's tags
// copied and CreatedBy=DLM added. The caller gives the role, the target
// tags, the retention and the policy's tags.
func dailySnapshots(ctx *pulumi.Context, name, typ string, role pulumi.StringInput, target pulumi.StringMap,
	retain dlm.LifecyclePolicyPolicyDetailsScheduleRetainRuleArgs, tags pulumi.StringMap, opts ...pulumi.ResourceOption) error {
	_, err := dlm.NewLifecyclePolicy(ctx, name, &dlm.LifecyclePolicyArgs{
		Description:      pulumi.String("Daily snapshots for " + typ),
		ExecutionRoleArn: role,
		State:            pulumi.String("ENABLED"),
		PolicyDetails: dlm.LifecyclePolicyPolicyDetailsArgs{
			PolicyType:    pulumi.String("EBS_SNAPSHOT_MANAGEMENT"),
			ResourceTypes: pulumi.StringArray{pulumi.String("VOLUME")},
			TargetTags:    target,
			Schedules: dlm.LifecyclePolicyPolicyDetailsScheduleArray{dlm.LifecyclePolicyPolicyDetailsScheduleArgs{
				Name:      pulumi.String("DailySnapshots"),
				CopyTags:  pulumi.Bool(true),
				TagsToAdd: pulumi.StringMap{"CreatedBy": pulumi.String("DLM")},
				CreateRule: dlm.LifecyclePolicyPolicyDetailsScheduleCreateRuleArgs{
					Interval:     pulumi.Int(24),
					IntervalUnit: pulumi.String("HOURS"),
					Times:        pulumi.String("00:00"),
				},
				RetainRule: retain,
			}},
		},
		Tags: tags,
	}, opts...)
	return err
}

// legacyProtect is the protection of the objects an adopted server's legacy
// instance uses (its security group and the scripts' snapshot policy): the
// server's while the instance is adopted, off once adopt.instanceId is
// removed (with the instance's slot), so that removing their adopt keys in
// the next change deletes them without a `pulumi state unprotect`.
func legacyProtect(s stackconfig.Server) bool {
	return s.Protected() && s.Adopt != nil && s.Adopt.InstanceID != ""
}

// legacySnapshotPolicy declares the DLM policy the bash scripts made for a
// server (adopt.snapshotPolicyId) exactly as they made it, so the import
// finds nothing to change: it targets the legacy volume's Name tag
// (<type>.jaia.tech; the volumes the program builds beside the legacy
// instance are blue/green slots', named "<dns> (<slot>)", so no volume is
// taken by both policies — stackconfig refuses the policy without the
// legacy instance or slots), keeps snapshots for keep days (its own
// setting, adopt.snapshotPolicyDays: changing dailyBackups never expires
// legacy snapshots) and runs as the account's default DLM role. It stands beside the
// program's own policy until the legacy instance is gone; removing
// adopt.snapshotPolicyId then deletes it (its snapshots stay; DLM no longer
// expires them).
func legacySnapshotPolicy(ctx *pulumi.Context, name, typ string, keep int, protect bool, parent pulumi.ResourceOrInvokeOption) error {
	legacyName := typ + ".jaia.tech"
	caller := aws.GetCallerIdentityOutput(ctx, aws.GetCallerIdentityOutputArgs{}, parent)
	partition := aws.GetPartitionOutput(ctx, aws.GetPartitionOutputArgs{}, parent)
	role := pulumi.All(partition.Partition(), caller.AccountId()).ApplyT(func(v []any) string {
		return LegacyDLMRoleARN(v[0].(string), v[1].(string))
	}).(pulumi.StringOutput)
	return dailySnapshots(ctx, name+"-legacy-snapshots", typ, role,
		pulumi.StringMap{TagName: pulumi.String(legacyName)},
		dlm.LifecyclePolicyPolicyDetailsScheduleRetainRuleArgs{Interval: pulumi.Int(keep), IntervalUnit: pulumi.String("DAYS")},
		pulumi.StringMap{TagName: pulumi.String(legacyName)},
		parent, pulumi.Protect(protect),
		// Provider default tags would add to the live object's tags.
		pulumi.IgnoreChanges([]string{"tags", "tagsAll"}))
}

// LegacyDLMRoleARN is the execution role the bash scripts gave their
// snapshot policies: the account's default DLM role (under service-role/,
// except in GovCloud).
func LegacyDLMRoleARN(partition, account string) string {
	if partition == "aws-us-gov" {
		return "arn:aws-us-gov:iam::" + account + ":role/AWSDataLifecycleManagerDefaultRole"
	}
	return "arn:" + partition + ":iam::" + account + ":role/service-role/AWSDataLifecycleManagerDefaultRole"
}
