package infra

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// checkFleetsFree refuses to declare a fleet that already has a VPC built by
// something else than this stack: the bash scripts (create_vpc.sh tags its
// VPC jaia_fleet=<F>) or another stack. A second VPC would be built beside
// it and the run would fail later, half-built, at the fleet's bucket (an S3
// name is global); this check runs before any resource but the providers is
// registered, so nothing is built. Every offending fleet is reported.
func checkFleetsFree(ctx *pulumi.Context, d *Desired, provider func(string) (*aws.Provider, error)) error {
	var problems []string
	for _, f := range d.Config.Fleets {
		p, err := provider(f.Region)
		if err != nil {
			return err
		}
		key := fmt.Sprintf("jaia-cloud:fleets[%d]", f.Position)
		found, err := ec2.GetVpcs(ctx, &ec2.GetVpcsArgs{Filters: []ec2.GetVpcsFilter{
			{Name: "tag:" + TagFleet, Values: []string{strconv.Itoa(f.ID)}},
		}}, pulumi.Provider(p))
		if err != nil {
			return fmt.Errorf("%s: looking for existing VPCs of fleet %d in %s: %w", key, f.ID, f.Region, err)
		}
		for _, id := range found.Ids {
			vpc, err := ec2.LookupVpc(ctx, &ec2.LookupVpcArgs{Id: pulumi.StringRef(id)}, pulumi.Provider(p))
			if err != nil {
				return fmt.Errorf("%s: reading VPC %s of fleet %d: %w", key, id, f.ID, err)
			}
			if ours(vpc.Tags, d.Config.Stack) {
				continue
			}
			problems = append(problems, fmt.Sprintf("%s: fleet %d already has VPC %s in %s, not built by stack %s (%s); "+
				"list %d in jaia-cloud:externalFleets instead (docs/operations.md, Adopt), or remove that VPC first",
				key, f.ID, id, f.Region, d.Config.Stack, builtBy(vpc.Tags), f.ID))
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("nothing was changed:\n  %s", strings.Join(problems, "\n  "))
	}
	return nil
}

// ours reports whether tags are those this program gives a stack's objects
// (defaultTags cannot override them: stackconfig.ReservedTags).
func ours(tags map[string]string, stack string) bool {
	for k, v := range ProjectTags(stack) {
		if tags[k] != v {
			return false
		}
	}
	return true
}

// builtBy describes who made a VPC, from its tags.
func builtBy(tags map[string]string) string {
	switch {
	case tags[TagManagedBy] == "pulumi" && tags[TagStack] != "":
		return "stack " + tags[TagStack] + " has it"
	case tags["jaia_created_unixtime"] != "":
		return "create_vpc.sh made it, jaia_created_unixtime=" + tags["jaia_created_unixtime"]
	}
	return "no jaia_stack tag"
}
