package scenario

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jaiarobotics/jaia-cloud/adopt"
	"github.com/jaiarobotics/jaia-cloud/awsmodel"
	"github.com/jaiarobotics/jaia-cloud/e2e/sim"
	"github.com/jaiarobotics/jaia-cloud/stackconfig"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAdoptLegacyServers: on an account holding the legacy servers, the
// operator records their ids in prod's config (adopt), imports the file
// `jaiacloud import` writes, and the next preview changes none of the
// adopted resources; the up that follows keeps every address where it was.
func TestAdoptLegacyServers(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, "prod", nil, "legacy")
	a, err := h.Account()
	require.NoError(t, err)

	cfg := edit(t, stackConfig(t, "prod"), "jaia-cloud:servers", func(v any) {
		for name, sv := range v.(map[string]any) {
			lo, ok := awsmodel.FindLegacy(a, name)
			require.True(t, ok, name)
			s := sv.(map[string]any)
			// Step 1 of the migration: the config states what the live server is.
			s["instanceType"] = "t4g.nano"
			ad := map[string]any{"instanceId": lo.InstanceID, "securityGroupId": lo.SecurityGroupID,
				"securityGroupName": lo.SecurityGroupName, "securityGroupDescription": lo.SecurityGroupDescription,
				"snapshotPolicyId": lo.SnapshotPolicyID, "rootVolumeEncrypted": false}
			if name == "data" {
				ad["iamRole"] = true // JaiaDataServerRole, its inline policy and profile were made by hand
			}
			for _, ls := range awsmodel.LegacyServers {
				if ls.Server == name {
					ad["snapshotPolicyDays"] = ls.Backups // the days the live policy keeps
				}
			}
			s["adopt"] = ad
		}
	})
	require.NoError(t, writeStackFile(h, "prod", cfg))
	loaded, err := stackconfig.Load("prod", cfg)
	require.NoError(t, err)
	file, err := adopt.ImportFile(loaded)
	require.NoError(t, err)
	b, err := json.MarshalIndent(file, "", "  ")
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "import.json")
	require.NoError(t, os.WriteFile(path, b, 0o644))
	_, err = h.ImportFile(ctx, path)
	require.NoError(t, err, "pulumi import --file")

	adopted := map[string]bool{}
	for _, r := range file.Resources {
		if r.ID != "" {
			adopted[r.Type+"::"+r.Name] = true
		}
	}
	pre, err := h.Preview(ctx)
	require.NoError(t, err)
	for urn, op := range pre.Ops() {
		parts := strings.Split(urn, "::")
		typ := parts[len(parts)-2]
		if i := strings.LastIndex(typ, "$"); i >= 0 {
			typ = typ[i+1:]
		}
		if adopted[typ+"::"+parts[len(parts)-1]] {
			assert.Equal(t, "same", op, "%s: an adopted resource must not change", urn)
		}
	}
	t.Logf("first preview after the import: %v", pre.Changes())

	_, err = h.Up(ctx)
	require.NoError(t, err)
	after, err := h.Account()
	require.NoError(t, err)
	for _, ls := range awsmodel.LegacyServers {
		lo, _ := awsmodel.FindLegacy(after, ls.Server)
		_, eout, _ := after.Read(awsmodel.TypeEip, lo.AllocationID)
		assert.Equal(t, lo.InstanceID, eout["instance"], "%s keeps its Elastic IP", ls.Server)
		_, iout, ok := after.Read(awsmodel.TypeInstance, lo.InstanceID)
		require.True(t, ok, "%s is not replaced", ls.Server)
		if ls.IPv6 != "" {
			assert.Equal(t, []any{ls.IPv6}, iout["ipv6Addresses"])
		}
	}
	// The scripts' snapshot policies and the data server's IAM objects are
	// as they were; the program's own policies stand beside them.
	for _, ls := range awsmodel.LegacyServers {
		lo, _ := awsmodel.FindLegacy(after, ls.Server)
		before, _, _ := a.Read(awsmodel.TypeLifecyclePolicy, lo.SnapshotPolicyID)
		now, _, ok := after.Read(awsmodel.TypeLifecyclePolicy, lo.SnapshotPolicyID)
		require.True(t, ok, "%s: the legacy snapshot policy is kept", ls.Server)
		assert.Equal(t, before, now, "%s: the legacy snapshot policy is unchanged", ls.Server)
	}
	policies := 0
	for _, p := range after.List(awsmodel.TypeLifecyclePolicy) {
		if !p.Seeded {
			policies++
		}
	}
	assert.Equal(t, len(awsmodel.LegacyServers), policies, "one program policy per server")
	for typ, id := range map[string]string{awsmodel.TypeRole: awsmodel.LegacyDataRole, awsmodel.TypeInstanceProfile: awsmodel.LegacyDataProfile,
		awsmodel.TypeRolePolicy: awsmodel.LegacyDataRole + ":" + awsmodel.LegacyDataPolicy} {
		before, _, _ := a.Read(typ, id)
		now, _, ok := after.Read(typ, id)
		require.True(t, ok, id)
		assert.Equal(t, before, now, "%s is unchanged", id)
	}

	pre, err = h.Preview(ctx)
	require.NoError(t, err)
	assert.Empty(t, pre.Changes())

	// An adopted server is upgraded like any other: its instance becomes
	// the existing slot, then the candidate is promoted.
	lo, _ := awsmodel.FindLegacy(after, "vpn")
	_, iout, _ := after.Read(awsmodel.TypeInstance, lo.InstanceID)
	withSlots := func(live string) map[string]string {
		return edit(t, cfg, "jaia-cloud:servers", func(v any) {
			s := server(v, "vpn")
			s["live"] = live
			s["slots"] = map[string]any{"blue": map[string]any{"existing": true, "networkInterfaceId": iout["primaryNetworkInterfaceId"]}, "green": map[string]any{}}
		})
	}
	h.SetEnv(sim.EnvStrictPreview, "0") // see bgHarness
	require.NoError(t, writeStackFile(h, "prod", withSlots("blue")))
	pre, err = h.Preview(ctx)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{
		"NetworkInterface::vpn-blue-eni":  "import",
		"InstanceState::vpn-blue-state":   "create",
		"NetworkInterface::vpn-green-eni": "create",
		"Instance::vpn-green":             "create",
		"InstanceState::vpn-green-state":  "create",
		// The association already names the adopted instance's interface
		// and allows reassociation: turning slots on does not touch it.
	}, pre.Changes())
	_, err = h.Up(ctx)
	require.NoError(t, err)
	require.NoError(t, writeStackFile(h, "prod", withSlots("green")))
	up, err := h.Up(ctx)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{
		"NetworkInterface::vpn-blue-eni":  "update",
		"NetworkInterface::vpn-green-eni": "update",
		"EipAssociation::vpn-eip-assoc":   "replace",
	}, up.Changes())
	final, err := h.Account()
	require.NoError(t, err)
	_, eout, _ := final.Read(awsmodel.TypeEip, lo.AllocationID)
	green := eout["instance"].(string)
	assert.NotEqual(t, lo.InstanceID, green, "the Elastic IP moved to the new vpn server")
	_, gout, _ := final.Read(awsmodel.TypeInstance, green)
	assert.Equal(t, []any{"2600:1f13:501:a400:d6ad:3dd6:5c68:3649"}, gout["ipv6Addresses"])

	// Retire the legacy instance: unprotect it, then remove its slot with
	// adopt.instanceId (its group and the scripts' policy lose their
	// protection in the same up), then remove the remaining adopt keys.
	retire := func(f func(s map[string]any)) map[string]string {
		return edit(t, cfg, "jaia-cloud:servers", func(v any) {
			s := server(v, "vpn")
			s["live"] = "green"
			s["slots"] = map[string]any{"blue": map[string]any{"existing": true, "networkInterfaceId": iout["primaryNetworkInterfaceId"]}, "green": map[string]any{}}
			f(s)
		})
	}
	require.NoError(t, writeStackFile(h, "prod", retire(func(s map[string]any) {
		s["slots"].(map[string]any)["blue"].(map[string]any)["terminationProtection"] = false
	})))
	up, err = h.Up(ctx)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"Instance::vpn": "update"}, up.Changes())

	require.NoError(t, writeStackFile(h, "prod", retire(func(s map[string]any) {
		s["slots"] = map[string]any{"green": map[string]any{}}
		delete(s["adopt"].(map[string]any), "instanceId")
	})))
	up, err = h.Up(ctx)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{
		"Instance::vpn":                  "delete",
		"NetworkInterface::vpn-blue-eni": "delete",
		"InstanceState::vpn-blue-state":  "delete",
	}, up.Changes())

	require.NoError(t, writeStackFile(h, "prod", retire(func(s map[string]any) {
		s["slots"] = map[string]any{"green": map[string]any{}}
		delete(s, "adopt")
	})))
	up, err = h.Up(ctx)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{
		"SecurityGroup::vpn-legacy-sg":          "delete",
		"LifecyclePolicy::vpn-legacy-snapshots": "delete",
	}, up.Changes())
	final, err = h.Account()
	require.NoError(t, err)
	assert.Nil(t, final.Get(awsmodel.TypeSecurityGroup, lo.SecurityGroupID), "the legacy group is gone")
	assert.Nil(t, final.Get(awsmodel.TypeLifecyclePolicy, lo.SnapshotPolicyID), "the scripts' policy is gone")
	_, eout, _ = final.Read(awsmodel.TypeEip, lo.AllocationID)
	assert.Equal(t, green, eout["instance"], "the new vpn server keeps the Elastic IP")
}

// TestLegacyFleetRefused: when create_vpc.sh already built prod's fleet 0,
// `pulumi up` stops before creating anything, naming the fleet's key and
// the way out; with the fleet listed in externalFleets instead, the same
// account takes the stack.
func TestLegacyFleetRefused(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, "prod", nil, "prod")
	var vpc string
	require.NoError(t, h.Store().Update(func(a *awsmodel.Account) error {
		var err error
		vpc, err = awsmodel.SeedLegacyFleet(a, 0, "jaia", "us-east-1")
		return err
	}))
	before, err := h.Account()
	require.NoError(t, err)

	_, err = h.Up(ctx)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "jaia-cloud:fleets[0]: fleet 0 already has VPC "+vpc+" in us-east-1, not built by stack prod")
	assert.Contains(t, err.Error(), "list 0 in jaia-cloud:externalFleets instead")
	after, err := h.Account()
	require.NoError(t, err)
	assert.Empty(t, after.Managed(), "nothing was created")
	assert.Equal(t, len(before.All()), len(after.All()))

	cfg := stackConfig(t, "prod")
	cfg["jaia-cloud:fleets"] = "[]"
	cfg["jaia-cloud:externalFleets"] = "[0, 1, 2]"
	require.NoError(t, writeStackFile(h, "prod", cfg))
	_, err = h.Up(ctx)
	require.NoError(t, err)
	final, err := h.Account()
	require.NoError(t, err)
	require.NotNil(t, final.Get(awsmodel.TypeVpc, vpc), "the legacy fleet is left alone")
	for _, o := range final.Managed() {
		assert.NotEqual(t, awsmodel.TypeVpc, o.Type, "no VPC is built for fleet 0")
	}
}
