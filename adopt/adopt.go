// Package adopt writes the file `pulumi import --file` reads to adopt the
// objects the legacy bash scripts built (instances, security groups,
// snapshot policies) and the Elastic IP allocations, as the resources the
// program declares for them, so that the first `pulumi up` of a stack
// finds them in its state and changes nothing that serves traffic.
//
// The file (pulumi-notes §3.2) lists, per adopted server, the
// SpecialtyServer component (component: true, no id), then each adopted
// object (security group, instance, Elastic IP, the scripts' snapshot
// policy, and the hand-made role, inline policy and instance profile with
// adopt.iamRole) with the program's resource name, its AWS id, the component as
// parent and the region's explicit provider (declared in the file with the
// program's configuration, so the next up does not move the resources to
// another provider). The components are entries of the file, not nameTable
// URNs: `pulumi import` refuses a parent URN that is not yet in the state
// ("unknown parent"); their handle is <server>Server and their logicalName
// the server's name, so the URNs are the program's (see URN).
package adopt

import (
	"fmt"

	"github.com/jaiarobotics/jaia-cloud/infra"
	"github.com/jaiarobotics/jaia-cloud/stackconfig"
)

// Resource types of the adopted objects.
const (
	TypeComponent      = infra.SpecialtyServerType
	TypeProvider       = "pulumi:providers:aws"
	TypeInstance       = "aws:ec2/instance:Instance"
	TypeEip            = "aws:ec2/eip:Eip"
	TypeSecurityGroup  = "aws:ec2/securityGroup:SecurityGroup"
	TypeSnapshotPolicy = "aws:dlm/lifecyclePolicy:LifecyclePolicy"
	TypeRole           = "aws:iam/role:Role"
	TypeRolePolicy     = "aws:iam/rolePolicy:RolePolicy"
	TypeProfile        = "aws:iam/instanceProfile:InstanceProfile"
)

// ProviderVersion is the pulumi-aws version the program's SDK asks for.
const ProviderVersion = "6.83.4"

// File is the JSON document of `pulumi import --file`.
type File struct {
	NameTable map[string]string `json:"nameTable,omitempty"`
	Resources []Spec            `json:"resources"`
}

// Spec is one entry of the file.
type Spec struct {
	Type      string `json:"type"`
	Name      string `json:"name"`
	ID        string `json:"id,omitempty"`
	Parent    string `json:"parent,omitempty"`
	Provider  string `json:"provider,omitempty"`
	Component bool   `json:"component,omitempty"`
	// LogicalName is the resource name in the stack when Name (the file's
	// handle) differs.
	LogicalName string         `json:"logicalName,omitempty"`
	Inputs      map[string]any `json:"inputs,omitempty"`
}

// URN is the URN the program gives a resource of the stack.
func URN(stack, parentType, typ, name string) string {
	t := typ
	if parentType != "" {
		t = parentType + "$" + typ
	}
	return fmt.Sprintf("urn:pulumi:%s::%s::%s::%s", stack, stackconfig.Namespace, t, name)
}

// ImportFile returns the import file of a validated configuration: every
// server with an adopt setting (its instance, security group, snapshot
// policy and IAM objects as given) and its Elastic IP allocation. A server
// with blue/green slots is adopted the same way (its adopted instance is the
// existing slot, under the same resource name). It is an error when no
// server is adopted.
func ImportFile(cfg *stackconfig.Config) (*File, error) {
	f := &File{}
	tags := infra.ProjectTags(cfg.Stack)
	for k, v := range cfg.DefaultTags {
		tags[k] = v
	}
	providers := map[string]bool{}
	adopted := 0
	for _, s := range cfg.Servers {
		a := s.Adopt
		if a == nil {
			continue
		}
		prov := "aws-" + s.Region
		if !providers[prov] {
			providers[prov] = true
			tm := map[string]any{}
			for k, v := range tags {
				tm[k] = v
			}
			// The configuration the program gives the provider (newProvider)
			// and the SDK's defaults, so the next up does not update it.
			f.Resources = append(f.Resources, Spec{Type: TypeProvider, Name: prov,
				Inputs: map[string]any{"region": s.Region, "defaultTags": map[string]any{"tags": tm},
					"skipCredentialsValidation": false, "skipRegionValidation": true, "version": ProviderVersion}})
		}
		// A component not yet in the state is created by the import: it is
		// an entry of the file (a nameTable URN must already exist).
		comp := s.Name + "Server"
		f.Resources = append(f.Resources, Spec{Type: TypeComponent, Name: comp, LogicalName: s.Name, Component: true})
		adopted++
		add := func(typ, name, id string) {
			if id != "" {
				f.Resources = append(f.Resources, Spec{Type: typ, Name: name, ID: id, Parent: comp, Provider: prov})
			}
		}
		add(TypeSecurityGroup, s.Name+"-legacy-sg", a.SecurityGroupID)
		add(TypeInstance, s.Name, a.InstanceID)
		add(TypeEip, s.Name+"-eip", s.ElasticIPAllocationID)
		add(TypeSnapshotPolicy, s.Name+"-legacy-snapshots", a.SnapshotPolicyID)
		if r := s.IAMRole; r != nil && a.IAMRole {
			// IAM ids are names; an inline policy's is role:policy.
			add(TypeRole, s.Name+"-role", r.Name+"Role")
			add(TypeRolePolicy, s.Name+"-policy", r.Name+"Role:"+r.Name+"Policy")
			add(TypeProfile, s.Name+"-profile", r.Name+"InstanceProfile")
		}
	}
	if adopted == 0 {
		return nil, fmt.Errorf("stack %s: no server has an adopt setting (add adopt: {instanceId, securityGroupId, securityGroupName, …} to the servers to adopt)", cfg.Stack)
	}
	return f, nil
}
