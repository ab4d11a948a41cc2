package infra

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2transitgateway"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ssm"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// declareSlots declares the blue/green instances of a server (see the
// package documentation for the ordering argument) and returns the live
// slot's instance and the server's public IPv4 output.
//
// Per slot S of server N:
//
//	N-S-eni    ec2.NetworkInterface: the slot's primary interface; its
//	           ipv6Addresses is [fixed] when S is live, else [temporary]
//	           (an in-place update, so the address moves without replacing
//	           either instance). The live slot's interface depends on every
//	           other slot's interface: the loser is updated first.
//	N-S        ec2.Instance launched on N-S-eni (deviceIndex 0)
//	N-S-state  ec2transitgateway.InstanceState: running, or stopped
//
// and once per server N-eip (the adopted allocation, as without slots) and
// N-eip-assoc, associated with the live slot's interface, replaced
// create-before-delete with allowReassociation so that the move is one
// AssociateAddress call.
func declareSlots(ctx *pulumi.Context, name string, args *SpecialtyServerArgs, sg, existingSG *ec2.SecurityGroup,
	profile pulumi.StringInput, withName func(string) pulumi.StringMap, base map[string]string,
	parent pulumi.ResourceOrInvokeOption) (*ec2.Instance, pulumi.StringOutput, pulumi.Map, error) {
	s := args.Server.Spec
	enis := map[string]*ec2.NetworkInterface{}
	var others []pulumi.Resource
	var live *DesiredSlot
	for i := range args.Server.Slots {
		sl := &args.Server.Slots[i]
		if sl.Live {
			live = sl
		}
	}
	// Losing slots first, so their interfaces exist when the live one names them.
	order := []*DesiredSlot{}
	for i := range args.Server.Slots {
		if !args.Server.Slots[i].Live {
			order = append(order, &args.Server.Slots[i])
		}
	}
	order = append(order, live)

	var liveInst *ec2.Instance
	slotOut := pulumi.Map{}
	for _, sl := range order {
		sn := name + "-" + sl.Spec.Name
		protect := sl.Spec.Protected()
		slotSG := sg
		if sl.Spec.Existing {
			slotSG = existingSG // the group the running instance has
		}
		eniArgs := &ec2.NetworkInterfaceArgs{
			SubnetId:       pulumi.String(s.SubnetID),
			SecurityGroups: pulumi.StringArray{slotSG.ID()},
			Description:    pulumi.String(s.DNSName + " slot " + sl.Spec.Name),
			Tags:           withName(s.DNSName + " (" + sl.Spec.Name + ")"),
		}
		if sl.IPv6 != "" {
			eniArgs.Ipv6Addresses = pulumi.StringArray{pulumi.String(sl.IPv6)}
		}
		eniOpts := []pulumi.ResourceOption{parent, pulumi.Protect(protect)}
		if sl.Live && len(others) > 0 {
			// One holder at a time: the interface that gains the fixed
			// address is updated after the ones that lose it.
			eniOpts = append(eniOpts, pulumi.DependsOn(others))
		}
		if sl.Spec.Existing {
			// The existing instance's own primary interface, adopted as it
			// is (no description or tags: an import must match), so its
			// IPv6 list moves in place; retained on delete because AWS
			// deletes it with the instance.
			eniArgs.Description, eniArgs.Tags = nil, nil
			eniOpts = append(eniOpts, pulumi.Import(pulumi.ID(sl.Spec.NetworkInterfaceID)), pulumi.RetainOnDelete(true))
		}
		eni, err := ec2.NewNetworkInterface(ctx, sn+"-eni", eniArgs, eniOpts...)
		if err != nil {
			return nil, pulumi.StringOutput{}, nil, err
		}
		enis[sl.Spec.Name] = eni
		if !sl.Live {
			others = append(others, eni)
		}

		var inst *ec2.Instance
		if sl.Spec.Existing {
			// The server's instance as it was without slots (name and
			// inputs unchanged); its ipv6Addresses is force-new, so the
			// address is moved through its interface and ignored here.
			inst, err = singleInstance(ctx, name, args, existingSG, profile, withName, base, protect, []string{"ipv6Addresses"}, parent)
			if err != nil {
				return nil, pulumi.StringOutput{}, nil, err
			}
		} else {
			var ami pulumi.StringInput = pulumi.String(sl.Spec.AMI)
			ignore := []string{"userDataBase64"}
			if sl.Spec.AMI == "" {
				ami = ssm.LookupParameterOutput(ctx, ssm.LookupParameterOutputArgs{
					Name: pulumi.String(sl.AMIParameter),
				}, parent).InsecureValue()
				ignore = append(ignore, "ami")
			}
			instArgs := &ec2.InstanceArgs{
				Ami:          ami,
				InstanceType: pulumi.String(sl.Spec.InstanceType),
				NetworkInterfaces: ec2.InstanceNetworkInterfaceArray{ec2.InstanceNetworkInterfaceArgs{
					DeviceIndex:        pulumi.Int(0),
					NetworkInterfaceId: eni.ID(),
				}},
				RootBlockDevice:       rootVolume(s.DiskSizeGB, true),
				MetadataOptions:       metadataOptions(),
				UserDataBase64:        pulumi.String(sl.UserData.Base64()),
				DisableApiTermination: pulumi.Bool(protect),
				Tags:                  withName(s.DNSName + " (" + sl.Spec.Name + ")"),
				VolumeTags:            tagSet(base, map[string]string{TagName: s.DNSName + " (" + sl.Spec.Name + ")", TagSnapshot: SnapshotTag(args.Stack, s.Name)}),
			}
			if profile != nil {
				instArgs.IamInstanceProfile = profile
			}
			inst, err = ec2.NewInstance(ctx, sn, instArgs, parent, pulumi.Protect(protect), pulumi.IgnoreChanges(ignore))
			if err != nil {
				return nil, pulumi.StringOutput{}, nil, err
			}
		}
		state := "running"
		if sl.Spec.Stopped {
			state = "stopped"
		}
		if _, err := ec2transitgateway.NewInstanceState(ctx, sn+"-state", &ec2transitgateway.InstanceStateArgs{
			InstanceId: inst.ID(),
			State:      pulumi.String(state),
		}, parent); err != nil {
			return nil, pulumi.StringOutput{}, nil, err
		}
		if sl.Live {
			liveInst = inst
		}
		slotOut[sl.Spec.Name] = pulumi.Map{
			"instanceId":  inst.ID(),
			"privateIpv4": eni.PrivateIp,
			"ipv6":        pulumi.String(sl.IPv6),
			"live":        pulumi.Bool(sl.Live),
			"stopped":     pulumi.Bool(sl.Spec.Stopped),
		}
	}

	publicIP := liveInst.PublicIp
	if s.ElasticIPAllocationID != "" {
		eip, err := adoptedEIP(ctx, name, s.ElasticIPAllocationID, s.Protected(), parent)
		if err != nil {
			return nil, pulumi.StringOutput{}, nil, err
		}
		// Every input of an association is force-new: promotion replaces
		// it. Create-before-delete with allowReassociation makes the move
		// one AssociateAddress call (the old association ceases to exist;
		// deleting it afterwards finds nothing to do). Until that call
		// succeeds the old slot keeps the address.
		if _, err := ec2.NewEipAssociation(ctx, name+"-eip-assoc", &ec2.EipAssociationArgs{
			AllocationId:       eip.AllocationId,
			NetworkInterfaceId: enis[live.Spec.Name].ID(),
			AllowReassociation: pulumi.Bool(true),
			// The address goes to a launched server (an interface without
			// an instance could hold it too, but serves nobody).
		}, parent, pulumi.DependsOn([]pulumi.Resource{liveInst})); err != nil {
			return nil, pulumi.StringOutput{}, nil, err
		}
		publicIP = eip.PublicIp
	}
	return liveInst, publicIP, slotOut, nil
}
