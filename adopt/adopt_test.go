package adopt

import (
	"encoding/json"
	"testing"

	"github.com/jaiarobotics/jaia-cloud/stackconfig"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func load(t *testing.T, servers map[string]any) *stackconfig.Config {
	t.Helper()
	b, err := json.Marshal(servers)
	require.NoError(t, err)
	cfg, err := stackconfig.Load("prod", map[string]string{
		"jaia-cloud:sshAuthorizedKeys": `["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINuk/PT9roFYeDDFVEs9xpeN9+aVNjhpFy1WuJk5P8Z9 t"]`,
		"jaia-cloud:servers":           string(b),
	})
	require.NoError(t, err)
	return cfg
}

func TestImportFile(t *testing.T) {
	cfg := load(t, map[string]any{
		"docs": map[string]any{"elasticIpAllocationId": "eipalloc-01248c637bd50502e", "adopt": map[string]any{
			"instanceId": "i-0123456789abcdef0", "securityGroupId": "sg-0123456789abcdef0",
			"securityGroupName": "jaia__SecurityGroup_docs_20230412T101500", "snapshotPolicyId": "policy-0123456789abcdef0", "snapshotPolicyDays": 1}},
		"iridium": map[string]any{}, // not adopted
		// Already blue/green when imported: the adopted instance is the existing slot.
		"vpn": map[string]any{"live": "blue", "adopt": map[string]any{"instanceId": "i-0aaaaaaaaaaaaaaaa"},
			"slots": map[string]any{"blue": map[string]any{"existing": true, "networkInterfaceId": "eni-0aaaaaaaaaaaaaaaa"}, "green": map[string]any{}}},
		"data": map[string]any{"adopt": map[string]any{"instanceId": "i-0fedcba9876543210", "iamRole": true},
			"iamRole": map[string]any{"name": "JaiaDataServer", "policy": map[string]any{"Version": "2012-10-17", "Statement": []any{
				map[string]any{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::jaia--fleet-data/*"}}}}},
	})
	f, err := ImportFile(cfg)
	require.NoError(t, err)
	var got []string
	for _, r := range f.Resources {
		got = append(got, r.Type+" "+r.Name+" "+r.ID+" parent="+r.Parent+" provider="+r.Provider)
	}
	assert.Equal(t, []string{
		"pulumi:providers:aws aws-us-west-2  parent= provider=",
		"jaia:infra:SpecialtyServer dataServer  parent= provider=",
		"aws:ec2/instance:Instance data i-0fedcba9876543210 parent=dataServer provider=aws-us-west-2",
		"aws:iam/role:Role data-role JaiaDataServerRole parent=dataServer provider=aws-us-west-2",
		"aws:iam/rolePolicy:RolePolicy data-policy JaiaDataServerRole:JaiaDataServerPolicy parent=dataServer provider=aws-us-west-2",
		"aws:iam/instanceProfile:InstanceProfile data-profile JaiaDataServerInstanceProfile parent=dataServer provider=aws-us-west-2",
		"jaia:infra:SpecialtyServer docsServer  parent= provider=",
		"aws:ec2/securityGroup:SecurityGroup docs-legacy-sg sg-0123456789abcdef0 parent=docsServer provider=aws-us-west-2",
		"aws:ec2/instance:Instance docs i-0123456789abcdef0 parent=docsServer provider=aws-us-west-2",
		"aws:ec2/eip:Eip docs-eip eipalloc-01248c637bd50502e parent=docsServer provider=aws-us-west-2",
		"aws:dlm/lifecyclePolicy:LifecyclePolicy docs-legacy-snapshots policy-0123456789abcdef0 parent=docsServer provider=aws-us-west-2",
		"jaia:infra:SpecialtyServer vpnServer  parent= provider=",
		"aws:ec2/instance:Instance vpn i-0aaaaaaaaaaaaaaaa parent=vpnServer provider=aws-us-west-2",
	}, got)
	assert.Equal(t, "data", f.Resources[1].LogicalName)
	assert.True(t, f.Resources[1].Component)
	assert.Equal(t, "us-west-2", f.Resources[0].Inputs["region"])
	assert.Equal(t, "urn:pulumi:prod::jaia-cloud::jaia:infra:SpecialtyServer$aws:ec2/instance:Instance::docs",
		URN("prod", "jaia:infra:SpecialtyServer", "aws:ec2/instance:Instance", "docs"))

	_, err = ImportFile(load(t, map[string]any{"docs": map[string]any{}}))
	assert.ErrorContains(t, err, "no server has an adopt setting")
}
