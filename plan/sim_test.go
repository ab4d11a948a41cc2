package plan

import (
	"encoding/json"
	"testing"

	"github.com/jaiarobotics/jaia-cloud/awsmodel"
	"github.com/jaiarobotics/jaia-cloud/infra"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSimulatorSharesObjectsSafely: private accounts share the seeded
// objects and the objects of dependencies by pointer, which is sound only
// while awsmodel's Create works on a clone. Planning prod associates every
// seeded Elastic IP; the seed must be unchanged afterwards.
func TestSimulatorSharesObjectsSafely(t *testing.T) {
	req := prodRequest(t, 0)
	sim := newSimulator(req.Stack, req.Config["aws:region"])
	before, err := json.Marshal(sim.base)
	require.NoError(t, err)
	stored := map[string][]byte{}
	_, err = run(sim, req, infra.Program)
	require.NoError(t, err)
	after, err := json.Marshal(sim.base)
	require.NoError(t, err)
	assert.JSONEq(t, string(before), string(after), "creating resources changed the shared seed")
	fresh, err := json.Marshal(awsmodel.SeedAccount())
	require.NoError(t, err)
	assert.JSONEq(t, string(fresh), string(after))

	for urn, objs := range sim.objects {
		b, err := json.Marshal(objs)
		require.NoError(t, err)
		stored[urn] = b
	}
	// A second resource using the same dependencies leaves them alone too.
	urn := "urn:pulumi:prod::jaia-cloud::jaia:infra:Fleet$aws:ec2/instance:Instance::fleet0-cloudhub"
	eip := "urn:pulumi:prod::jaia-cloud::jaia:infra:Fleet$aws:ec2/eip:Eip::fleet0-cloudhub-eip"
	require.NotEmpty(t, sim.objects[urn])
	require.NotEmpty(t, sim.objects[eip])
	in := map[string]any{"allocationId": sim.objects[eip][0].ID, "instanceId": sim.objects[urn][0].ID}
	_, _, _, err = sim.create(awsmodel.Env{Region: "us-east-1"}, awsmodel.TypeEipAssociation, "urn:pulumi:prod::jaia-cloud::aws:ec2/eipAssociation:EipAssociation::again", in, []string{urn, eip})
	require.NoError(t, err)
	for u, objs := range sim.objects {
		b, err := json.Marshal(objs)
		require.NoError(t, err)
		assert.JSONEq(t, string(stored[u]), string(b), "objects of %s changed", u)
	}
}

// TestSimulatorKeepsUserDataOutOfSharedObjects: dependents never see an
// instance's user data (it would be copied with every private account).
func TestSimulatorKeepsUserDataOutOfSharedObjects(t *testing.T) {
	req := prodRequest(t, 0)
	sim := newSimulator(req.Stack, req.Config["aws:region"])
	_, err := run(sim, req, infra.Program)
	require.NoError(t, err)
	n := 0
	for _, objs := range sim.objects {
		for _, o := range objs {
			if o.Type == awsmodel.TypeInstance {
				n++
				assert.NotContains(t, o.Inputs, "userDataBase64")
				assert.NotContains(t, o.Outputs, "userDataBase64")
				assert.Contains(t, o.Outputs, "privateIp", "everything else is kept")
			}
		}
	}
	assert.Equal(t, 8, n, "7 servers and a CloudHub")
}

func TestScopesWiden(t *testing.T) {
	req := prodRequest(t, 0)
	sim := newSimulator(req.Stack, req.Config["aws:region"])
	_, err := run(sim, req, infra.Program)
	require.NoError(t, err)
	inst := "urn:pulumi:prod::jaia-cloud::jaia:infra:Fleet$aws:ec2/instance:Instance::fleet0-cloudhub"
	eip := "urn:pulumi:prod::jaia-cloud::jaia:infra:Fleet$aws:ec2/eip:Eip::fleet0-cloudhub-eip"
	in := map[string]any{"instanceId": sim.objects[inst][0].ID}
	sizes := map[scope]int{}
	for _, sc := range []scope{named, closure, everything} {
		_, have := sim.account(in, []string{inst, eip}, sc)
		sizes[sc] = len(have)
	}
	assert.Equal(t, 2, sizes[named], "the named instance and its network interface")
	assert.Greater(t, sizes[closure], sizes[named], "plus everything the instance and the Elastic IP depend on")
	assert.Greater(t, sizes[everything], sizes[closure], "plus the seeded inventory")
}
