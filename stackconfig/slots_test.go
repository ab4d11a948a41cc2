package stackconfig

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func withSlots(slots map[string]any, live string) map[string]any {
	m := minimal()
	d := m["servers"].(map[string]any)["docs"].(map[string]any)
	if slots != nil {
		d["slots"] = slots
	}
	if live != "" {
		d["live"] = live
	}
	return m
}

func TestSlotsResolve(t *testing.T) {
	m := withSlots(map[string]any{
		"blue":  map[string]any{},
		"green": map[string]any{"repo": "continuous", "instanceType": "t4g.micro", "ami": "ami-0123456789abcdef0"},
	}, "blue")
	cfg, err := Load("prod", raw(t, m))
	require.NoError(t, err)
	s := cfg.Servers[0]
	sl := s.SlotList()
	require.Len(t, sl, 2)
	assert.Equal(t, "blue", sl[0].Name)
	assert.Equal(t, "release", sl[0].Repo, "inherits the server's repo")
	assert.Equal(t, "t4g.nano", sl[0].InstanceType, "inherits the server's instance type")
	assert.True(t, sl[0].Protected())
	assert.Equal(t, "continuous", sl[1].Repo)
	assert.Equal(t, "t4g.micro", sl[1].InstanceType)
	assert.Equal(t, "blue", s.Live)

	// The old slot of a protected stack can opt out of termination protection to be removed.
	m = withSlots(map[string]any{"blue": map[string]any{"stopped": true, "terminationProtection": false}, "green": map[string]any{}}, "green")
	cfg, err = Load("prod", raw(t, m))
	require.NoError(t, err)
	assert.False(t, cfg.Servers[0].SlotList()[0].Protected())
	assert.True(t, cfg.Servers[0].SlotList()[1].Protected())
}

func TestSlotsInvalid(t *testing.T) {
	const k = "jaia-cloud:servers.docs"
	tests := []struct {
		name    string
		slots   map[string]any
		live    string
		wantKey string
		wantMsg string
	}{
		{"live without slots", nil, "blue", k + ".live", "has no slots"},
		{"slots without live", map[string]any{"blue": map[string]any{}}, "", k + ".live", "is required with slots"},
		{"unknown slot in live", map[string]any{"blue": map[string]any{}}, "green", k + ".live", `"green" is not a declared slot (declared: blue)`},
		{"unknown slot name", map[string]any{"blue": map[string]any{}, "red": map[string]any{}}, "blue", k + ".slots.red", "unknown slot (allowed: blue, green)"},
		{"stopped live slot", map[string]any{"blue": map[string]any{"stopped": true}}, "blue", k + ".slots.blue.stopped", "the live slot cannot be stopped"},
		{"unprotected live slot", map[string]any{"blue": map[string]any{"terminationProtection": false}}, "blue", k + ".slots.blue.terminationProtection", "keeps termination protection"},
		{"empty slots", map[string]any{}, "blue", k + ".slots", "is empty"},
		{"bad slot ami", map[string]any{"blue": map[string]any{"ami": "ubuntu"}}, "blue", k + ".slots.blue.ami", "is not an AMI id"},
		{"bad slot repo", map[string]any{"blue": map[string]any{"repo": "nightly"}}, "blue", k + ".slots.blue.repo", "is not allowed"},
		{"slot instance type of the wrong arch", map[string]any{"blue": map[string]any{"instanceType": "t3a.nano"}}, "blue", k + ".slots.blue.instanceType", "amd64 instance type"},
		{"unknown slot key", map[string]any{"blue": map[string]any{"colour": "x"}}, "blue", k + ".slots.blue.colour", "unknown key"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load("prod", raw(t, withSlots(tc.slots, tc.live)))
			require.Error(t, err)
			var es Errors
			require.ErrorAs(t, err, &es)
			found := false
			for _, e := range es {
				if e.Key == tc.wantKey {
					assert.Contains(t, e.Msg, tc.wantMsg)
					found = true
				}
			}
			assert.True(t, found, "no error at %s in:\n%v", tc.wantKey, err)
		})
	}
}

func TestAdoptInvalid(t *testing.T) {
	m := minimal()
	d := m["servers"].(map[string]any)["docs"].(map[string]any)
	d["adopt"] = map[string]any{"instanceId": "i-nope", "securityGroupId": "sg-0123456789abcdef0", "snapshotPolicyId": "pol"}
	_, err := Load("prod", raw(t, m))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "adopt.instanceId: \"i-nope\" is not an instance id")
	assert.Contains(t, err.Error(), "adopt.securityGroupName: set securityGroupId and securityGroupName together")
	assert.Contains(t, err.Error(), "adopt.snapshotPolicyId: \"pol\" is not a DLM policy id")

	d["adopt"] = map[string]any{"snapshotPolicyId": "policy-0123456789abcdef0", "snapshotPolicyDays": 7}
	_, err = Load("prod", raw(t, m))
	assert.ErrorContains(t, err, "servers.docs.adopt.snapshotPolicyId: the scripts' policy is kept only beside the legacy instance")
	d["adopt"] = map[string]any{"instanceId": "i-0123456789abcdef0", "snapshotPolicyId": "policy-0123456789abcdef0"}
	_, err = Load("prod", raw(t, m))
	assert.ErrorContains(t, err, "servers.docs.adopt.snapshotPolicyDays: 0: set the days the live policy keeps")
	d["adopt"] = map[string]any{"instanceId": "i-0123456789abcdef0", "snapshotPolicyDays": 7}
	_, err = Load("prod", raw(t, m))
	assert.ErrorContains(t, err, "servers.docs.adopt.snapshotPolicyDays: is set without snapshotPolicyId")

	d["adopt"] = map[string]any{"iamRole": true}
	_, err = Load("prod", raw(t, m))
	assert.ErrorContains(t, err, "servers.docs.adopt.iamRole: the server declares no iamRole to adopt")
	d["iamRole"] = map[string]any{"name": "JaiaDocs", "policy": map[string]any{"Version": "2012-10-17",
		"Statement": []any{map[string]any{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}}}}
	_, err = Load("prod", raw(t, m))
	require.NoError(t, err)
	delete(d, "iamRole")

	d["adopt"] = map[string]any{"instanceId": "i-0123456789abcdef0", "securityGroupId": "sg-0123456789abcdef0",
		"securityGroupName": "jaia__SecurityGroup_docs_20240101", "snapshotPolicyId": "policy-0123456789abcdef0", "snapshotPolicyDays": 1, "rootVolumeEncrypted": false}
	_, err = Load("prod", raw(t, m))
	require.NoError(t, err)
}

func TestExistingSlot(t *testing.T) {
	ok := withSlots(map[string]any{"blue": map[string]any{"existing": true, "networkInterfaceId": "eni-0123456789abcdef0"}, "green": map[string]any{"repo": "beta"}}, "blue")
	_, err := Load("prod", raw(t, ok))
	require.NoError(t, err)

	bad := withSlots(map[string]any{
		"blue":  map[string]any{"existing": true, "networkInterfaceId": "eni-x", "instanceType": "t4g.micro"},
		"green": map[string]any{"existing": true, "networkInterfaceId": "eni-0123456789abcdef0"},
	}, "blue")
	_, err = Load("prod", raw(t, bad))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "slots.blue.networkInterfaceId: \"eni-x\" is not a network interface id")
	assert.Contains(t, err.Error(), "slots.blue.existing: the existing instance keeps the server's ami, instanceType and repo")
	assert.Contains(t, err.Error(), "slots: at most one slot is the existing instance")

	m := withSlots(map[string]any{"blue": map[string]any{}}, "blue")
	m["servers"].(map[string]any)["docs"].(map[string]any)["adopt"] = map[string]any{"instanceId": "i-0123456789abcdef0"}
	_, err = Load("prod", raw(t, m))
	assert.ErrorContains(t, err, "adopt.instanceId: an adopted instance with slots must be the existing slot")
}
