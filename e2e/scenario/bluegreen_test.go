package scenario

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/jaiarobotics/jaia-cloud/awsmodel"
	"github.com/jaiarobotics/jaia-cloud/e2e/harness"
	"github.com/jaiarobotics/jaia-cloud/e2e/sim"
	"github.com/jaiarobotics/jaia-cloud/infra"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	bgAlloc = "eipalloc-01248c637bd50502e" // a seeded prod allocation
	bgIPv6  = "2600:1f13:501:a400:6091:99b:94fb:d50b"
)

// bgConfig is a test stack (protect: false, no fleets) with one blue/green
// server "docs" holding an adopted Elastic IP and a fixed IPv6 address.
func bgConfig(t *testing.T, slots map[string]any, live string) map[string]string {
	t.Helper()
	base := stackConfig(t, "example")
	delete(base, "jaia-cloud:fleets")
	docs := map[string]any{
		"dnsName":               "docs-test.jaia.tech",
		"hostname":              "jaia-docs-test",
		"elasticIpAllocationId": bgAlloc,
		"ipv6Address":           bgIPv6,
		"subnetIpv6Cidr":        awsmodel.DefaultSubnetIPv6,
		"ingress":               []any{map[string]any{"name": "https", "protocol": "tcp", "ports": "443", "ipv4": []any{"0.0.0.0/0"}, "ipv6": []any{"::/0"}}},
		"templateVars":          map[string]any{"DOCS_ALIAS": "whatsupdoc-test.jaia.tech", "ADMIN_EMAIL": "info@jaia.tech"},
	}
	if slots != nil {
		docs["slots"], docs["live"] = slots, live
	}
	b, err := json.Marshal(map[string]any{"docs": docs})
	require.NoError(t, err)
	base["jaia-cloud:servers"] = string(b)
	return base
}

// addresses reports which instance holds the Elastic IP and which holds the
// fixed IPv6 address in the simulated account, and each slot's instance id
// and state.
type addresses struct {
	eipOn, ipv6On string
	slot          map[string]string // slot -> instance id
	state         map[string]string // instance id -> state
	tempIPv6On    map[string]string // slot -> holder of its temporary address
}

func where(t *testing.T, h *harness.Harness) addresses {
	t.Helper()
	res, err := h.Resources(context.Background())
	require.NoError(t, err)
	a, err := h.Account()
	require.NoError(t, err)
	out := addresses{slot: map[string]string{}, state: map[string]string{}, tempIPv6On: map[string]string{}}
	for _, r := range res {
		for _, s := range []string{"blue", "green"} {
			if r.Type == awsmodel.TypeInstance && strings.HasSuffix(r.URN, "::docs-"+s) {
				out.slot[s] = r.ID
			}
		}
	}
	e := a.Get(awsmodel.TypeEip, bgAlloc)
	require.NotNil(t, e)
	out.eipOn, _ = e.Outputs["instance"].(string)
	for _, i := range a.List(awsmodel.TypeInstance) {
		out.state[i.ID], _ = i.Outputs["instanceState"].(string)
		v6, _ := i.Outputs["ipv6Addresses"].([]any)
		for _, ip := range v6 {
			if ip == bgIPv6 {
				require.Empty(t, out.ipv6On, "two holders of %s", bgIPv6)
				out.ipv6On = i.ID
			}
			for _, s := range []string{"blue", "green"} {
				if ip == infra.TempIPv6(bgIPv6, "docs", s) {
					out.tempIPv6On[s] = i.ID
				}
			}
		}
	}
	return out
}

func slots(kv ...any) map[string]any {
	m := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1]
	}
	return m
}

// bgHarness is a fresh example stack on a prod-seeded account, up with the given config.
func bgHarness(t *testing.T, cfg map[string]string) *harness.Harness {
	t.Helper()
	h := newHarness(t, "example", nil, "prod")
	// A promotion moves the fixed IPv6 address between two interfaces in one
	// run. The simulator's strict preview checks each interface against the
	// account as it is before the run (the gaining interface's address is
	// still held by the losing one); the real provider checks nothing
	// against AWS in a preview, so neither does the simulator here. The
	// apply still enforces one holder per address.
	h.SetEnv(sim.EnvStrictPreview, "0")
	require.NoError(t, writeStackFile(h, "example", cfg))
	_, err := h.Up(context.Background())
	require.NoError(t, err)
	return h
}

// previewIs checks that a preview of cfg lists exactly want, then runs up.
func previewThenUp(t *testing.T, h *harness.Harness, cfg map[string]string, want map[string]string) {
	t.Helper()
	ctx := context.Background()
	require.NoError(t, writeStackFile(h, "example", cfg))
	pre, err := h.Preview(ctx)
	require.NoError(t, err)
	assert.Equal(t, want, pre.Changes(), "preview:\n%s", pre.Output)
	up, err := h.Up(ctx)
	require.NoError(t, err)
	assert.Equal(t, want, up.Changes(), "up does what the preview showed")
	pre, err = h.Preview(ctx)
	require.NoError(t, err)
	assert.Empty(t, pre.Changes(), "no change after up")
}

// TestBlueGreenCycle: add a candidate, promote it, stop the old slot,
// remove it; every preview lists only the intended steps and the addresses
// end on the intended instance.
func TestBlueGreenCycle(t *testing.T) {
	h := bgHarness(t, bgConfig(t, slots("blue", map[string]any{}), "blue"))
	w := where(t, h)
	blue := w.slot["blue"]
	require.NotEmpty(t, blue)
	assert.Equal(t, blue, w.eipOn)
	assert.Equal(t, blue, w.ipv6On)

	// 1. Add the candidate: only its own resources are created.
	previewThenUp(t, h, bgConfig(t, slots("blue", map[string]any{}, "green", map[string]any{"repo": "continuous", "instanceType": "t4g.micro"}), "blue"),
		map[string]string{
			"NetworkInterface::docs-green-eni": "create",
			"Instance::docs-green":             "create",
			"InstanceState::docs-green-state":  "create",
		})
	w = where(t, h)
	green := w.slot["green"]
	require.NotEmpty(t, green)
	assert.Equal(t, blue, w.eipOn, "the candidate runs on temporary addresses")
	assert.Equal(t, blue, w.ipv6On)
	assert.Equal(t, green, w.tempIPv6On["green"], "the candidate has its temporary IPv6 address")

	// 2. Promote: the two interfaces' lists and the association, nothing else.
	promoted := bgConfig(t, slots("blue", map[string]any{}, "green", map[string]any{"repo": "continuous", "instanceType": "t4g.micro"}), "green")
	previewThenUp(t, h, promoted, map[string]string{
		"NetworkInterface::docs-blue-eni":  "update",
		"NetworkInterface::docs-green-eni": "update",
		"EipAssociation::docs-eip-assoc":   "replace",
	})
	w = where(t, h)
	assert.Equal(t, green, w.eipOn, "the Elastic IP is on the new server")
	assert.Equal(t, green, w.ipv6On, "the fixed IPv6 address is on the new server")
	assert.Equal(t, blue, w.tempIPv6On["blue"], "the old server keeps a temporary address")
	out, err := h.Outputs(context.Background())
	require.NoError(t, err)
	docsOut := out[infra.ExportServers].(map[string]any)["docs"].(map[string]any)
	assert.Equal(t, green, docsOut["instanceId"])
	slotOut := docsOut["slots"].(map[string]any)
	assert.Equal(t, true, slotOut["green"].(map[string]any)["live"])
	assert.Equal(t, blue, slotOut["blue"].(map[string]any)["instanceId"])
	assert.Equal(t, infra.TempIPv6(bgIPv6, "docs", "blue"), slotOut["blue"].(map[string]any)["ipv6"], "the stack output names the old slot's temporary address")
	assert.NotEmpty(t, slotOut["blue"].(map[string]any)["privateIpv4"])

	// Roll back and forth is the same edit; here: stop the old slot.
	previewThenUp(t, h, bgConfig(t, slots("blue", map[string]any{"stopped": true}, "green", map[string]any{"repo": "continuous", "instanceType": "t4g.micro"}), "green"),
		map[string]string{"InstanceState::docs-blue-state": "update"})
	w = where(t, h)
	assert.Equal(t, "stopped", w.state[blue])
	assert.Equal(t, "running", w.state[green])
	assert.Equal(t, green, w.eipOn)

	// 3. Remove the old slot.
	previewThenUp(t, h, bgConfig(t, slots("green", map[string]any{"repo": "continuous", "instanceType": "t4g.micro"}), "green"),
		map[string]string{
			"NetworkInterface::docs-blue-eni": "delete",
			"Instance::docs-blue":             "delete",
			"InstanceState::docs-blue-state":  "delete",
		})
	w = where(t, h)
	assert.Equal(t, green, w.eipOn)
	assert.Equal(t, green, w.ipv6On)
	_, ok := w.state[blue]
	assert.False(t, ok, "the old instance is terminated")
	leaked, missing, err := h.Drift(context.Background())
	require.NoError(t, err)
	assert.Empty(t, leaked)
	assert.Empty(t, missing)
}

// TestBlueGreenPromotionFailure: a promotion whose k-th mutation fails
// leaves the old server holding what it held before that step (k=1: both
// addresses), and re-running up completes the promotion.
func TestBlueGreenPromotionFailure(t *testing.T) {
	two := func(live string) map[string]string {
		return bgConfig(t, slots("blue", map[string]any{}, "green", map[string]any{}), live)
	}
	for k := 1; k <= 3; k++ {
		t.Run(fmt.Sprintf("fail-at-%d", k), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			h := bgHarness(t, two("blue"))
			before := where(t, h)
			blue, green := before.slot["blue"], before.slot["green"]
			require.NoError(t, writeStackFile(h, "example", two("green")))
			require.NoError(t, h.FailAt(k))
			_, err := h.Up(ctx)
			require.Error(t, err, "the injected failure fails the up")
			require.NoError(t, h.FailAt(0))
			w := where(t, h)
			assert.Equal(t, blue, w.eipOn, "the old server keeps the Elastic IP until the move succeeds")
			switch k {
			case 1: // the losing interface's update failed: nothing moved
				assert.Equal(t, blue, w.ipv6On, "the old server keeps the IPv6 address")
			case 2: // the old interface released the address, the new one failed to claim it
				assert.Empty(t, w.ipv6On)
			case 3: // the association failed: IPv6 on the new server, IPv4 on the old
				assert.Equal(t, green, w.ipv6On)
			}
			_, err = h.Up(ctx)
			require.NoError(t, err, "re-running up completes the promotion")
			w = where(t, h)
			assert.Equal(t, green, w.eipOn)
			assert.Equal(t, green, w.ipv6On)
			pre, err := h.Preview(ctx)
			require.NoError(t, err)
			assert.Empty(t, pre.Changes())
		})
	}
}

// TestBlueGreenFromSingleInstance: turning slots on for a running server
// whose instance holds the fixed IPv6 address itself replaces nothing: the
// instance becomes the existing slot (its primary interface adopted), the
// candidate is added beside it, and the promotion moves both addresses.
func TestBlueGreenFromSingleInstance(t *testing.T) {
	h := bgHarness(t, bgConfig(t, nil, ""))
	res, err := h.Resources(context.Background())
	require.NoError(t, err)
	var old, eni string
	for _, r := range res {
		if r.Type == awsmodel.TypeInstance && strings.HasSuffix(r.URN, "::docs") {
			old, eni = r.ID, r.Outputs["primaryNetworkInterfaceId"].(string)
		}
	}
	require.NotEmpty(t, eni)
	existing := map[string]any{"existing": true, "networkInterfaceId": eni}
	previewThenUp(t, h, bgConfig(t, slots("blue", existing, "green", map[string]any{}), "blue"), map[string]string{
		"NetworkInterface::docs-blue-eni":  "import",
		"InstanceState::docs-blue-state":   "create",
		"NetworkInterface::docs-green-eni": "create",
		"Instance::docs-green":             "create",
		"InstanceState::docs-green-state":  "create",
		// instanceId -> the same instance's interface: AWS re-associates in place
		"EipAssociation::docs-eip-assoc": "replace",
	})
	w := where(t, h)
	assert.Equal(t, old, w.eipOn)
	assert.Equal(t, old, w.ipv6On)

	previewThenUp(t, h, bgConfig(t, slots("blue", existing, "green", map[string]any{}), "green"), map[string]string{
		"NetworkInterface::docs-blue-eni":  "update",
		"NetworkInterface::docs-green-eni": "update",
		"EipAssociation::docs-eip-assoc":   "replace",
	})
	w = where(t, h)
	green := w.slot["green"]
	assert.Equal(t, green, w.eipOn)
	assert.Equal(t, green, w.ipv6On)
	assert.Contains(t, w.state, old, "the old instance is kept")

	previewThenUp(t, h, bgConfig(t, slots("green", map[string]any{}), "green"), map[string]string{
		"NetworkInterface::docs-blue-eni": "delete",
		"Instance::docs":                  "delete",
		"InstanceState::docs-blue-state":  "delete",
	})
	w = where(t, h)
	assert.Equal(t, green, w.eipOn)
	assert.Equal(t, green, w.ipv6On)
	assert.NotContains(t, w.state, old)
	leaked, missing, err := h.Drift(context.Background())
	require.NoError(t, err)
	assert.Empty(t, leaked)
	assert.Empty(t, missing)
}
