// Package scenario runs the real program (infra.Program, the function main.go
// runs) through the real Pulumi CLI and engine against the simulated AWS
// provider: up from an empty account, a second preview with no change,
// config edits with exactly the expected steps, destroy refusing protected
// resources, recovery after a failure at every create step, and the stack
// outputs. The tools come from scripts/e2e-tools.sh; without them the tests
// skip (JAIA_E2E=1 makes that a failure, as in CI).
package scenario

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jaiarobotics/jaia-cloud/e2e/harness"
	"github.com/jaiarobotics/jaia-cloud/infra"
	"github.com/jaiarobotics/jaia-cloud/stackconfig"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// repoRoot is the checkout holding Pulumi.yaml and the stack files.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("../..")
	require.NoError(t, err)
	_, err = os.Stat(filepath.Join(dir, "Pulumi.yaml"))
	require.NoError(t, err)
	return dir
}

func newHarness(t *testing.T, stack string, config map[string]string, seed string) *harness.Harness {
	t.Helper()
	tools := harness.Tools(t)
	h, err := harness.New(context.Background(), harness.Options{
		Program: infra.Program,
		Stack:   stack,
		WorkDir: repoRoot(t),
		Config:  config,
		Tools:   tools,
		Seed:    seed,
	})
	require.NoError(t, err)
	t.Cleanup(func() { _ = h.Close() })
	return h
}

// stackConfig returns a committed stack file's configuration, for edits.
func stackConfig(t *testing.T, stack string) map[string]string {
	t.Helper()
	raw, _, err := stackconfig.ReadStackFile(filepath.Join(repoRoot(t), "Pulumi."+stack+".yaml"))
	require.NoError(t, err)
	return raw
}

// edit decodes a JSON config value, applies f, and re-encodes it.
func edit(t *testing.T, raw map[string]string, key string, f func(v any)) map[string]string {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal([]byte(raw[key]), &v))
	f(v)
	b, err := json.Marshal(v)
	require.NoError(t, err)
	out := map[string]string{}
	for k, x := range raw {
		out[k] = x
	}
	out[key] = string(b)
	return out
}

func server(v any, name string) map[string]any { return v.(map[string]any)[name].(map[string]any) }

func timed(t *testing.T, what string, f func()) {
	t.Helper()
	start := time.Now()
	f()
	t.Logf("TIMING %s: %.2fs", what, time.Since(start).Seconds())
}

// TestProdUpThenNoChange: scenarios 1, 2 and 6 on prod.
func TestProdUpThenNoChange(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, "prod", nil, "prod")

	var up *harness.Result
	timed(t, "prod up from an empty account", func() {
		var err error
		up, err = h.Up(ctx)
		require.NoError(t, err, "up failed")
	})
	ops := up.Ops()
	require.NotEmpty(t, ops)
	for urn, op := range ops {
		if strings.Contains(urn, "aws:ec2/eip:Eip::") && !strings.Contains(urn, "fleet") {
			assert.Equal(t, "import", op, "%s: the servers' Elastic IPs are adopted, not created", urn)
			continue
		}
		assert.Equal(t, "create", op, urn)
	}

	timed(t, "prod preview, no change", func() {
		pre, err := h.Preview(ctx)
		require.NoError(t, err)
		assert.Empty(t, pre.Changes(), "a second preview must show no change (perpetual diff?)")
	})

	out, err := h.Outputs(ctx)
	require.NoError(t, err)
	for _, k := range []string{infra.ExportServers, infra.ExportFleets, infra.ExportHosts, infra.ExportDNSRecords, infra.ExportInventory} {
		assert.Contains(t, out, k)
	}
	servers := out[infra.ExportServers].(map[string]any)
	docs := servers["docs"].(map[string]any)
	assert.Equal(t, "docs.jaia.tech", docs["dnsName"])
	assert.Equal(t, "ssh jaia@docs.jaia.tech", docs["sshCommand"])
	assert.NotEmpty(t, docs["publicIpv4"])
	pk := servers["packages"].(map[string]any)
	assert.Equal(t, "2600:1f13:501:a400:6091:99b:94fb:d50b", pk["ipv6"])
	assert.Contains(t, out[infra.ExportHosts], "cloudhub-fleet0")
	fleets := out[infra.ExportFleets].(map[string]any)
	f0 := fleets["0"].(map[string]any)
	assert.Equal(t, "10.23.255.40", f0["cloudHub"].(map[string]any)["privateIpv4"])

	leaked, missing, err := h.Drift(ctx)
	require.NoError(t, err)
	assert.Empty(t, leaked)
	assert.Empty(t, missing)
}

// TestExampleUpThenNoChange: scenario 1 and 2 on the multi-fleet example.
func TestExampleUpThenNoChange(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, "example", nil, "prod")
	timed(t, "example up", func() {
		_, err := h.Up(ctx)
		require.NoError(t, err)
	})
	pre, err := h.Preview(ctx)
	require.NoError(t, err)
	assert.Empty(t, pre.Changes())
}

// TestConfigEdits: scenario 3, each edit gives exactly the expected steps.
func TestConfigEdits(t *testing.T) {
	ctx := context.Background()
	base := stackConfig(t, "example")
	h := newHarness(t, "example", base, "prod")
	_, err := h.Up(ctx)
	require.NoError(t, err)

	var fleets []any
	require.NoError(t, json.Unmarshal([]byte(base["jaia-cloud:fleets"]), &fleets))
	fleets = append(fleets, map[string]any{"id": 9, "customer": "newco", "region": "eu-west-1", "availabilityZone": "eu-west-1a"})
	newFleet := edit(t, base, "jaia-cloud:fleets", func(any) {})
	b, err := json.Marshal(fleets)
	require.NoError(t, err)
	newFleet["jaia-cloud:fleets"] = string(b)

	tests := []struct {
		name string
		cfg  map[string]string
		want map[string]string // nil: only creates, of the new fleet
	}{
		{
			"instance type is an update",
			edit(t, base, "jaia-cloud:servers", func(v any) { server(v, "docs")["instanceType"] = "t4g.micro" }),
			map[string]string{"Instance::docs": "update"},
		},
		{
			"disk size is an update",
			edit(t, base, "jaia-cloud:servers", func(v any) { server(v, "docs")["diskSizeGb"] = 12 }),
			map[string]string{"Instance::docs": "update"},
		},
		{
			// User data is a boot-time recipe: a running server keeps its own.
			"a user-data change leaves the running server alone",
			edit(t, base, "jaia-cloud:servers", func(v any) {
				server(v, "docs")["templateVars"].(map[string]any)["ADMIN_EMAIL"] = "ops@jaia.tech"
			}),
			map[string]string{},
		},
		{"a new fleet only creates", newFleet, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.NoError(t, writeStackFile(h, "example", tc.cfg))
			pre, err := h.Preview(ctx)
			require.NoError(t, err)
			changes := pre.Changes()
			if tc.want == nil {
				require.NotEmpty(t, changes)
				for k, op := range changes {
					assert.Equal(t, "create", op, "%s: a new fleet must only create", k)
					assert.Contains(t, k, "fleet9", "%s: a new fleet touches only its own resources", k)
				}
			} else {
				assert.Equal(t, tc.want, changes)
			}
			// Back to the base configuration: nothing to do.
			require.NoError(t, writeStackFile(h, "example", base))
			pre, err = h.Preview(ctx)
			require.NoError(t, err)
			assert.Empty(t, pre.Changes())
		})
	}
}

// writeStackFile rewrites the stack file of the harness's project copy with
// a configuration as stackconfig.ReadStackFile returns it (structured values
// as JSON text), so object keys keep their declared type.
func writeStackFile(h *harness.Harness, stack string, cfg map[string]string) error {
	doc := map[string]any{}
	for k, v := range cfg {
		var decoded any
		if strings.HasPrefix(v, "{") || strings.HasPrefix(v, "[") {
			if err := json.Unmarshal([]byte(v), &decoded); err != nil {
				return err
			}
			doc[k] = decoded
			continue
		}
		doc[k] = v
	}
	// Keep everything else of the file (the secrets salt).
	st := h.Stack()
	path := filepath.Join(st.Workspace().WorkDir(), "Pulumi."+stack+".yaml")
	file := map[string]any{}
	if old, err := os.ReadFile(path); err == nil {
		if err := yaml.Unmarshal(old, &file); err != nil {
			return err
		}
	}
	file["config"] = doc
	b, err := yaml.Marshal(file)
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

// TestFailureAtEveryCreateStep: scenario 5. For every create step k of a
// clean up, a fresh account and stack whose k-th create fails must, after a
// re-run of up, end in the clean run's state with nothing leaked. The stack
// is prod (JAIA_E2E_FAULT_STACK overrides); every step is tried unless
// JAIA_E2E_FAULT_STRIDE=n tries every n-th only.
func TestFailureAtEveryCreateStep(t *testing.T) {
	ctx := context.Background()
	stack := envOr("JAIA_E2E_FAULT_STACK", "prod")
	stride := 1
	if s := os.Getenv("JAIA_E2E_FAULT_STRIDE"); s != "" {
		n, err := strconv.Atoi(s)
		require.NoError(t, err)
		stride = n
	}

	clean := newHarness(t, stack, nil, "prod")
	up, err := clean.Up(ctx)
	require.NoError(t, err)
	creates := 0
	for _, s := range up.Steps {
		// Only the provider's creates count (not the stack, providers and
		// components; imports read).
		if s.Op == "create" && strings.HasPrefix(s.Type, "aws:") {
			creates++
		}
	}
	require.Positive(t, creates)
	want := stateSignature(t, clean)
	t.Logf("%d create steps; trying every %d-th", creates, stride)

	for k := 1; k <= creates; k += stride {
		k := k
		t.Run(fmt.Sprintf("fail-at-%d", k), func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, stack, nil, "prod")
			require.NoError(t, h.FailAt(k))
			_, err := h.Up(ctx)
			require.Error(t, err, "the injected failure must fail the up")
			require.NoError(t, h.FailAt(0))
			_, err = h.Up(ctx)
			require.NoError(t, err, "re-running up must converge")
			assert.Equal(t, want, stateSignature(t, h), "state after recovery differs from a clean run")
			leaked, missing, err := h.Drift(ctx)
			require.NoError(t, err)
			assert.Empty(t, leaked, "leaked resources")
			assert.Empty(t, missing, "missing resources")
		})
	}
}

// stateSignature is the set of resources of a stack with their inputs.
func stateSignature(t *testing.T, h *harness.Harness) []string {
	t.Helper()
	res, err := h.Resources(context.Background())
	require.NoError(t, err)
	var out []string
	for _, r := range res {
		if strings.HasPrefix(r.Type, "pulumi:providers:") {
			continue
		}
		in, _ := json.Marshal(r.Inputs)
		out = append(out, r.URN+" "+string(in))
	}
	sort.Strings(out)
	return out
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

// TestDestroyProdRefusesAndKeepsAddresses: scenario 4.
func TestDestroyProdRefusesAndKeepsAddresses(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, "prod", nil, "prod")
	_, err := h.Up(ctx)
	require.NoError(t, err)
	before, err := h.Account()
	require.NoError(t, err)
	eips := len(before.List("aws:ec2/eip:Eip"))
	require.Positive(t, eips)

	_, err = h.Destroy(ctx)
	require.Error(t, err, "destroying prod must fail on protected resources")
	assert.Contains(t, err.Error(), "protect")

	after, err := h.Account()
	require.NoError(t, err)
	assert.Len(t, after.List("aws:ec2/eip:Eip"), eips, "no Elastic IP may be released")
	assert.Equal(t, len(before.List("aws:ec2/instance:Instance")), len(after.List("aws:ec2/instance:Instance")), "protected servers stay")
}

// TestDestroyTestStackKeepsElasticIPs: a test stack (protect: false)
// destroys, but its Elastic IPs are retained.
func TestDestroyTestStackKeepsElasticIPs(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, "example", nil, "prod")
	_, err := h.Up(ctx)
	require.NoError(t, err)
	before, err := h.Account()
	require.NoError(t, err)
	eips := len(before.List("aws:ec2/eip:Eip"))
	_, err = h.Destroy(ctx)
	require.NoError(t, err)
	after, err := h.Account()
	require.NoError(t, err)
	assert.Len(t, after.List("aws:ec2/eip:Eip"), eips, "Elastic IPs are retained on delete")
	assert.Empty(t, after.List("aws:ec2/instance:Instance"))
}
