package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jaiarobotics/jaia-cloud/plan"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// repoRoot is the repository root, seen from this package's directory.
const repoRoot = "../.."

// run runs jaiacloud with args and returns stdout, stderr and the error.
func run(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	cmd := newRoot()
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	cmd.SetArgs(args)
	err := cmd.Execute()
	return out.String(), errOut.String(), err
}

func TestPlanJSONIsTheGoldenPlan(t *testing.T) {
	for _, stack := range []string{"prod", "example"} {
		out, _, err := run(t, "--dir", repoRoot, "plan", "--stack", stack, "--json")
		require.NoError(t, err)
		want, err := os.ReadFile(plan.GoldenPath(repoRoot, stack))
		require.NoError(t, err)
		assert.Equal(t, string(want), out, "regenerate with: %s", plan.GoldenCommand)
	}
}

func TestPlanTree(t *testing.T) {
	out, _, err := run(t, "--dir", repoRoot, "plan", "--stack", "example")
	require.NoError(t, err)
	assert.Contains(t, out, "Plan of stack example (offline;")
	assert.Contains(t, out, "\n+ pulumi:pulumi:Stack jaia-cloud-example\n")
	assert.Contains(t, out, "\n    + jaia:infra:Fleet fleet5\n        + ")
	assert.Contains(t, out, "\n     3 aws:ec2/vpc:Vpc\n", "a count per type")
}

func TestPlanOutAndCheck(t *testing.T) {
	file := filepath.Join(t.TempDir(), "example.json")
	out, errOut, err := run(t, "--dir", repoRoot, "plan", "--stack", "example", "--out", file, "--check")
	require.NoError(t, err)
	assert.Equal(t, "wrote "+file+": stack example, 120 resources\n", out)
	assert.Contains(t, errOut, "checks: stack example passes all 8 policy checks")
	p, err := plan.ReadFile(file)
	require.NoError(t, err)
	assert.Equal(t, "example", p.Stack)
}

func TestCheckReportsViolations(t *testing.T) {
	p, err := plan.ReadFile(plan.GoldenPath(repoRoot, "example"))
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, reportChecks(&buf, p))
	assert.Equal(t, "checks: stack example passes all 8 policy checks\n", buf.String())

	for i := range p.Resources {
		if p.Resources[i].Type == "aws:ec2/instance:Instance" && p.Resources[i].Name == "docs" {
			delete(p.Resources[i].Inputs, "metadataOptions")
		}
	}
	buf.Reset()
	err = reportChecks(&buf, p)
	var v *violationsError
	require.True(t, errors.As(err, &v), "err = %v", err)
	assert.Equal(t, "1 policy violation", err.Error())
	assert.Equal(t, 2, exitCode(err), "violations exit with status 2")
	assert.Equal(t, "violation: imdsv2: urn:pulumi:example::jaia-cloud::jaia:infra:SpecialtyServer$aws:ec2/instance:Instance::docs: metadataOptions.httpTokens is \"\", want \"required\" (IMDSv2 only)\n", buf.String())
}

func TestPlanErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"plan", "--stack", "nope"}, "no configuration file " + filepath.Join(repoRoot, "Pulumi.nope.yaml")},
		{[]string{"plan", "--diff", "/nonexistent/old.json"}, "/nonexistent/old.json"},
		{[]string{"plan", "extra"}, "unknown command"},
		{[]string{"diff", "only-one.json"}, "accepts 2 arg(s)"},
		{[]string{"userdata", "nope", "--stack", "prod"}, `stack prod has no machine "nope"`},
	}
	for _, tc := range tests {
		_, _, err := run(t, append([]string{"--dir", repoRoot}, tc.args...)...)
		require.Error(t, err, "%v", tc.args)
		assert.Contains(t, err.Error(), tc.want, "%v", tc.args)
		assert.Equal(t, 1, exitCode(err))
	}
}

func TestDiff(t *testing.T) {
	dir := t.TempDir()
	golden := plan.GoldenPath(repoRoot, "prod")
	p, err := plan.ReadFile(golden)
	require.NoError(t, err)
	for i := range p.Resources {
		if p.Resources[i].Name == "cc_db" && p.Resources[i].Custom {
			p.Resources[i].Inputs["instanceType"] = "t4g.large"
		}
	}
	b, err := p.Encode()
	require.NoError(t, err)
	changed := filepath.Join(dir, "changed.json")
	require.NoError(t, os.WriteFile(changed, b, 0o644))

	out, _, err := run(t, "diff", golden, changed)
	require.NoError(t, err, "diff exits 0 when plans differ")
	assert.Contains(t, out, "~ urn:pulumi:prod::jaia-cloud::jaia:infra:SpecialtyServer$aws:ec2/instance:Instance::cc_db (update)\n")
	assert.Contains(t, out, `    ~ instanceType: "t4g.small" → "t4g.large"`)
	assert.Contains(t, out, "0 to create, 1 to update, 0 to replace, 0 to delete")

	out, _, err = run(t, "diff", "--json", golden, changed)
	require.NoError(t, err)
	var d plan.Diff
	require.NoError(t, json.Unmarshal([]byte(out), &d))
	require.Len(t, d.Resources, 1)
	assert.Equal(t, plan.OpUpdate, d.Resources[0].Op)

	out, _, err = run(t, "--dir", repoRoot, "plan", "--stack", "prod", "--diff", golden)
	require.NoError(t, err)
	assert.Contains(t, out, "No changes.")
}

func TestGolden(t *testing.T) {
	dir := t.TempDir()
	for _, s := range []string{"prod", "example"} {
		b, err := os.ReadFile(plan.StackFile(repoRoot, s))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(plan.StackFile(dir, s), b, 0o644))
	}
	require.NoError(t, os.MkdirAll(filepath.Join(dir, plan.GoldenDir), 0o755))
	stale := plan.GoldenPath(dir, "gone")
	require.NoError(t, os.WriteFile(stale, []byte("{}"), 0o644))

	out, _, err := run(t, "--dir", dir, "golden")
	require.NoError(t, err)
	assert.Contains(t, out, "created   "+plan.GoldenPath(dir, "example"))
	assert.Contains(t, out, "removed   "+stale)
	for _, s := range []string{"prod", "example"} {
		got, err := os.ReadFile(plan.GoldenPath(dir, s))
		require.NoError(t, err)
		want, err := os.ReadFile(plan.GoldenPath(repoRoot, s))
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got), "golden writes the committed plans")
	}
	out, _, err = run(t, "--dir", dir, "golden")
	require.NoError(t, err)
	assert.Equal(t, 2, strings.Count(out, "unchanged "))
}

func TestUserdata(t *testing.T) {
	out, _, err := run(t, "--dir", repoRoot, "userdata", "vpn")
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(out, "Content-Type: multipart/mixed; boundary="), out[:min(len(out), 80)])
	assert.Contains(t, out, "#cloud-config")
	out, _, err = run(t, "--dir", repoRoot, "userdata", "fleet5", "--stack", "example")
	require.NoError(t, err)
	assert.Contains(t, out, "fleet 5")
}
