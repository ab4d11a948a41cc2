package awsmodel

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBlueGreenCutover walks the blue/green address move of the infra
// package on the model: two instances each launched on a standalone primary
// interface, the fixed IPv6 address moved by updating the two interfaces
// (losing one first), the Elastic IP moved by a new association created
// before the old one is deleted, and the old instance stopped and started.
func TestBlueGreenCutover(t *testing.T) {
	w := newWorld(t)
	fixed, tempBlue, tempGreen := w.host6(0x40), w.host6(0x41), w.host6(0x42)
	eni := func(name, v6 string) (string, map[string]any) {
		in := m("subnetId", w.subnet, "securityGroups", l(w.sg), "ipv6Addresses", l(v6))
		id, _, err := w.a.Create(env, TypeNetworkInterface, urn(TypeNetworkInterface, name), in)
		require.NoError(t, err)
		return id, in
	}
	blueEni, blueIn := eni("blue", fixed)
	greenEni, greenIn := eni("green", tempGreen)
	inst := func(name, eniID string) string {
		in := m("ami", "ami-0123456789abcdef0", "instanceType", "t4g.nano",
			"networkInterfaces", []any{m("deviceIndex", 0.0, "networkInterfaceId", eniID)})
		in, fails := Check(TypeInstance, urn(TypeInstance, name), nil, in)
		require.Empty(t, fails)
		id, out, err := w.a.Create(env, TypeInstance, urn(TypeInstance, name), in)
		require.NoError(t, err)
		assert.Equal(t, eniID, out["primaryNetworkInterfaceId"])
		assert.Equal(t, "", out["publicIp"], "an instance launched on an existing interface gets no automatic public IPv4")
		return id
	}
	blue, green := inst("blue", blueEni), inst("green", greenEni)
	_, _, err := w.a.Create(env, TypeInstance, urn(TypeInstance, "another"), w.instance("another"))
	require.NoError(t, err)

	alloc, _, err := w.a.Create(env, TypeEip, urn(TypeEip, "e"), m("domain", "vpc"))
	require.NoError(t, err)
	assocIn := func(eniID string) map[string]any {
		return m("allocationId", alloc, "networkInterfaceId", eniID, "allowReassociation", true)
	}
	oldAssoc, _, err := w.a.Create(env, TypeEipAssociation, urn(TypeEipAssociation, "a"), assocIn(blueEni))
	require.NoError(t, err)
	_, bout, _ := w.a.Read(TypeInstance, blue)
	assert.NotEmpty(t, bout["publicIp"])
	assert.Equal(t, l(fixed), bout["ipv6Addresses"])

	// The gaining interface cannot claim the address before the losing one releases it.
	greenIn2 := m("subnetId", w.subnet, "securityGroups", l(w.sg), "ipv6Addresses", l(fixed))
	_, err = w.a.Update(env, TypeNetworkInterface, greenEni, greenIn2)
	assert.Equal(t, "InvalidIPAddress.InUse", ErrorCode(err))
	// Both interface lists are in-place updates.
	blueIn2 := m("subnetId", w.subnet, "securityGroups", l(w.sg), "ipv6Addresses", l(tempBlue))
	_, out, _ := w.a.Read(TypeNetworkInterface, blueEni)
	assert.False(t, Diff(TypeNetworkInterface, blueIn, out, blueIn2).Replaces())
	_, out, _ = w.a.Read(TypeNetworkInterface, greenEni)
	assert.False(t, Diff(TypeNetworkInterface, greenIn, out, greenIn2).Replaces())
	_, err = w.a.Update(env, TypeNetworkInterface, blueEni, blueIn2)
	require.NoError(t, err)
	_, err = w.a.Update(env, TypeNetworkInterface, greenEni, greenIn2)
	require.NoError(t, err)

	// Create-before-delete of the association: AWS moves the address in one call, the old association ceases
	// to exist and deleting it is a no-op.
	_, aout, _ := w.a.Read(TypeEipAssociation, oldAssoc)
	assert.True(t, Diff(TypeEipAssociation, assocIn(blueEni), aout, assocIn(greenEni)).Replaces())
	_, _, err = w.a.Create(env, TypeEipAssociation, urn(TypeEipAssociation, "a")+"-new", assocIn(greenEni))
	require.NoError(t, err)
	require.NoError(t, w.a.Delete(TypeEipAssociation, oldAssoc))
	_, gout, _ := w.a.Read(TypeInstance, green)
	_, bout, _ = w.a.Read(TypeInstance, blue)
	_, eout, _ := w.a.Read(TypeEip, alloc)
	assert.Equal(t, green, eout["instance"])
	assert.Equal(t, gout["publicIp"], eout["publicIp"])
	assert.Equal(t, "", bout["publicIp"])
	assert.Equal(t, l(fixed), gout["ipv6Addresses"])
	assert.Equal(t, l(tempBlue), bout["ipv6Addresses"])

	// Stop and start the old instance.
	stIn := m("instanceId", blue, "state", "stopped")
	assert.Len(t, checkInstanceState(m("state", "hibernated")), 1, "a bad state is refused")
	_, _, err = w.a.Create(env, TypeInstanceState, urn(TypeInstanceState, "s"), stIn)
	require.NoError(t, err)
	_, bout, _ = w.a.Read(TypeInstance, blue)
	assert.Equal(t, "stopped", bout["instanceState"])
	_, err = w.a.Update(env, TypeInstanceState, blue, m("instanceId", blue, "state", "running"))
	require.NoError(t, err)
	_, bout, _ = w.a.Read(TypeInstance, blue)
	assert.Equal(t, "running", bout["instanceState"])

	// Remove the old slot: the instance goes first, then its (now detached) interface.
	require.NoError(t, w.a.Delete(TypeInstance, blue))
	require.NoError(t, w.a.Delete(TypeNetworkInterface, blueEni))
}

func TestSeedLegacyObjects(t *testing.T) {
	a := SeedAccount()
	require.NoError(t, SeedLegacy(a))
	lo, ok := FindLegacy(a, "vpn")
	require.True(t, ok)
	_, iout, _ := a.Read(TypeInstance, lo.InstanceID)
	assert.Equal(t, l(lo.SecurityGroupID), iout["vpcSecurityGroupIds"])
	assert.Equal(t, true, iout["disableApiTermination"])
	assert.Equal(t, "jaia vpn Security Group", lo.SecurityGroupDescription)
	assert.Regexp(t, `^jaia__SecurityGroup_vpn_[0-9T]+$`, lo.SecurityGroupName)
	assert.Equal(t, "eipalloc-05279e067afb49258", lo.AllocationID)
	assert.Empty(t, a.Managed(), "legacy objects belong to no stack")

	// Every legacy server has the scripts' snapshot policy, targeting its volume's Name tag; the data server
	// runs with its hand-made profile.
	for _, ls := range LegacyServers {
		lo, ok := FindLegacy(a, ls.Server)
		require.True(t, ok, ls.Server)
		in, _, ok := a.Read(TypeLifecyclePolicy, lo.SnapshotPolicyID)
		require.True(t, ok, "%s: no snapshot policy", ls.Server)
		assert.Equal(t, map[string]any{"Name": ls.Server + ".jaia.tech"}, obj(obj(in, "policyDetails"), "targetTags"))
	}
	lo, _ = FindLegacy(a, "data")
	_, iout, _ = a.Read(TypeInstance, lo.InstanceID)
	assert.Equal(t, LegacyDataProfile, iout["iamInstanceProfile"])
	_, pout, ok := a.Read(TypeInstanceProfile, LegacyDataProfile)
	require.True(t, ok)
	assert.Equal(t, LegacyDataRole, pout["role"])
	_, _, ok = a.Read(TypeRolePolicy, LegacyDataRole+":"+LegacyDataPolicy)
	assert.True(t, ok)
}
