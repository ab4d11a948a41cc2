package plan

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// repoRoot is the repository root, seen from this package's directory.
const repoRoot = ".."

// TestGoldenPlans fails when a stack's plan differs from its committed
// plans/<stack>.json, shows what differs, and names the command that
// regenerates the files.
func TestGoldenPlans(t *testing.T) {
	stacks, err := Stacks(repoRoot)
	require.NoError(t, err)
	require.NotEmpty(t, stacks)
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			p, err := RunStack(repoRoot, stack)
			require.NoError(t, err)
			got, err := p.Encode()
			require.NoError(t, err)
			path := GoldenPath(repoRoot, stack)
			want, err := os.ReadFile(path)
			if os.IsNotExist(err) {
				t.Fatalf("%s is missing; create it with: %s", path, GoldenCommand)
			}
			require.NoError(t, err)
			if string(got) == string(want) {
				return
			}
			summary := "(the committed file is not a plan)"
			if old, err := Decode(path, want); err == nil {
				var b strings.Builder
				_ = WriteDiff(&b, Compare(old, p))
				summary = b.String()
			}
			t.Errorf("the plan of stack %s differs from %s.\n\n%s\nIf the change is intended, regenerate the golden plans with:\n\n    %s\n",
				stack, path, summary, GoldenCommand)
		})
	}
}

// TestGoldenPlansCoverEveryStack: one plans/<stack>.json per
// Pulumi.<stack>.yaml, and no other.
func TestGoldenPlansCoverEveryStack(t *testing.T) {
	stacks, err := Stacks(repoRoot)
	require.NoError(t, err)
	files, err := filepath.Glob(filepath.Join(repoRoot, GoldenDir, "*.json"))
	require.NoError(t, err)
	var planned []string
	for _, f := range files {
		planned = append(planned, strings.TrimSuffix(filepath.Base(f), ".json"))
	}
	sort.Strings(planned)
	assert.Equal(t, stacks, planned, "regenerate with: %s", GoldenCommand)
	assert.Contains(t, stacks, "prod")
	assert.Contains(t, stacks, "example")
}

// TestCommittedPlansPassChecks runs every policy check over the committed
// plans.
func TestCommittedPlansPassChecks(t *testing.T) {
	stacks, err := Stacks(repoRoot)
	require.NoError(t, err)
	for _, stack := range stacks {
		p, err := ReadFile(GoldenPath(repoRoot, stack))
		require.NoError(t, err)
		assert.Empty(t, Check(p), "policy violations in plans/%s.json", stack)
	}
}

// TestProdOutputs checks that the prod plan resolves every documented stack
// export, with values from the stack file and the simulated account.
func TestProdOutputs(t *testing.T) {
	p, err := ReadFile(GoldenPath(repoRoot, "prod"))
	require.NoError(t, err)
	for _, k := range []string{"servers", "fleets", "hosts", "dnsRecords", "inventory"} {
		assert.Contains(t, p.Outputs, k)
	}
	vpn := p.Outputs["servers"].(map[string]any)["vpn"].(map[string]any)
	assert.Equal(t, "vpn.jaia.tech", vpn["dnsName"])
	assert.Equal(t, "2600:1f13:501:a400:d6ad:3dd6:5c68:3649", vpn["ipv6"], "the fixed address from Pulumi.prod.yaml")
	assert.Equal(t, "203.0.113.14", vpn["publicIpv4"], "the seeded Elastic IP of eipalloc-05279e067afb49258")
	assert.Equal(t, "ssh jaia@vpn.jaia.tech", vpn["sshCommand"])
	assert.Regexp(t, `^i-0[0-9a-f]{16}$`, vpn["instanceId"])

	f0 := p.Outputs["fleets"].(map[string]any)["0"].(map[string]any)
	assert.Equal(t, "us-east-1", f0["region"])
	assert.Equal(t, "jaia--cloudhub-data--fleet0", f0["bucket"])
	assert.Equal(t, "10.23.255.40", f0["cloudHub"].(map[string]any)["privateIpv4"])
	assert.Equal(t, "10.23.255.0/24", f0["subnets"].(map[string]any)["cloudHub"].(map[string]any)["ipv4"])
	v56, _ := f0["vpcIpv6Cidr"].(string)
	assert.Regexp(t, `^2600:1f18:[0-9a-f]{1,4}:[0-9a-f]{0,2}00::/56$`, v56, "a simulated us-east-1 /56")

	hosts, _ := p.Outputs["hosts"].(string)
	assert.Contains(t, hosts, "203.0.113.14 vpn.jaia.tech\n")
	assert.Contains(t, hosts, "# fleet 2\n", "external fleets are listed too")

	assert.Contains(t, p.Outputs["dnsRecords"], m("name", "vpn.jaia.tech", "type", "A", "value", "203.0.113.14"))
	assert.Contains(t, p.Outputs["dnsRecords"], m("name", "f1.cloud.jaia.tech", "type", "CNAME", "value", "cloud.jaia.tech"))

	inv := p.Outputs["inventory"].(map[string]any)["all"].(map[string]any)["children"].(map[string]any)
	docs := inv["servers"].(map[string]any)["hosts"].(map[string]any)["docs"].(map[string]any)
	assert.Equal(t, "docs.jaia.tech", docs["ansible_host"])
	hub := inv["cloudhubs"].(map[string]any)["hosts"].(map[string]any)["cloudhub-fleet0"].(map[string]any)
	assert.Equal(t, "us-east-1", hub["aws_region"])
}

// TestProdPlanShape checks what the plan records about registrations.
func TestProdPlanShape(t *testing.T) {
	p, err := ReadFile(GoldenPath(repoRoot, "prod"))
	require.NoError(t, err)
	assert.Equal(t, SimulatedNote, p.Simulated)

	stack := p.Resource(StackURN("prod"))
	require.NotNil(t, stack, "the stack's root resource is in the plan")
	assert.Equal(t, "urn:pulumi:prod::jaia-cloud::pulumi:pulumi:Stack::jaia-cloud-prod", stack.URN)

	west := "urn:pulumi:prod::jaia-cloud::pulumi:providers:aws::aws-us-west-2"
	prov := p.Resource(west)
	require.NotNil(t, prov)
	assert.Equal(t, "us-west-2", prov.Inputs["region"])
	assert.Equal(t, map[string]string{"jaia_managed_by": "pulumi", "jaia_project": "jaia-cloud", "jaia_stack": "prod"}, providerDefaultTags(prov.Inputs))

	docs := p.Resource("urn:pulumi:prod::jaia-cloud::jaia:infra:SpecialtyServer$aws:ec2/instance:Instance::docs")
	require.NotNil(t, docs)
	assert.Equal(t, "urn:pulumi:prod::jaia-cloud::jaia:infra:SpecialtyServer::docs", docs.Parent)
	assert.Equal(t, west, docs.Provider)
	assert.Equal(t, []string{"ami", "userDataBase64"}, docs.Options.IgnoreChanges)
	assert.True(t, docs.Options.Protect)
	assert.Equal(t, "subnet-f5f17b8d", docs.Inputs["subnetId"])
	assert.Regexp(t, `^ami-0[0-9a-f]{16}$`, docs.Inputs["ami"], "from the simulated SSM parameter")

	// Imported Elastic IPs are read from the seeded account: the
	// association uses the real allocation id.
	eip := p.Resource("urn:pulumi:prod::jaia-cloud::jaia:infra:SpecialtyServer$aws:ec2/eip:Eip::docs-eip")
	require.NotNil(t, eip)
	assert.Equal(t, "eipalloc-01248c637bd50502e", eip.Options.ImportID)
	assoc := p.Resource("urn:pulumi:prod::jaia-cloud::jaia:infra:SpecialtyServer$aws:ec2/eipAssociation:EipAssociation::docs-eip-assoc")
	require.NotNil(t, assoc)
	assert.Equal(t, "eipalloc-01248c637bd50502e", assoc.Inputs["allocationId"])
	assert.Equal(t, []string{eip.URN, docs.URN}, assoc.Options.DependsOn, "dependencies, sorted")

	// Auto-names come from the simulated provider's Check.
	role := p.Resource("urn:pulumi:prod::jaia-cloud::jaia:infra:SpecialtyServer$aws:iam/role:Role::docs-dlm-role")
	require.NotNil(t, role)
	assert.Regexp(t, `^docs-dlm-role-[0-9a-f]{7}$`, role.Inputs["name"])

	for _, r := range p.Resources {
		assert.Equal(t, URN("prod", r.Parent, r.Type, r.Name), r.URN, "URN of %s", r.Name)
		if r.Custom && !isProvider(r.Type) {
			assert.NotEmpty(t, r.Provider, "%s has an explicit provider", r.URN)
		}
	}
}
