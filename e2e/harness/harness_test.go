package harness

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestResultOps(t *testing.T) {
	const inst = "urn:pulumi:e2e::p::aws:ec2/instance:Instance::server"
	const comp = "urn:pulumi:e2e::p::jaia:infra:Server$aws:ec2/eipAssociation:EipAssociation::server"
	r := &Result{Steps: []Step{
		{URN: "urn:pulumi:e2e::p::pulumi:pulumi:Stack::p-e2e", Type: "pulumi:pulumi:Stack", Op: "same"},
		{URN: "urn:pulumi:e2e::p::pulumi:providers:aws::default", Type: "pulumi:providers:aws", Op: "same"},
		{URN: inst, Type: "aws:ec2/instance:Instance", Op: "delete-replaced"},
		{URN: inst, Type: "aws:ec2/instance:Instance", Op: "replace"},
		{URN: inst, Type: "aws:ec2/instance:Instance", Op: "create-replacement"},
		{URN: comp, Type: "aws:ec2/eipAssociation:EipAssociation", Op: "same"},
	}}
	assert.Equal(t, map[string]string{inst: "replace", comp: "same"}, r.Ops())
	assert.Equal(t, map[string]string{"Instance::server": "replace", "EipAssociation::server": "same"}, r.OpsByName())
	assert.Equal(t, map[string]string{"Instance::server": "replace"}, r.Changes())
	s, ok := r.Step("Instance::server", "create-replacement")
	assert.True(t, ok)
	assert.Equal(t, inst, s.URN)
	_, ok = r.Step("Instance::nope", "")
	assert.False(t, ok)
}

func TestLineWriter(t *testing.T) {
	var lines []string
	w := &lineWriter{logf: func(f string, a ...any) { lines = append(lines, a[0].(string)) }}
	_, _ = w.Write([]byte("one\ntw"))
	_, _ = w.Write([]byte("o\n\nthree"))
	w.flush()
	assert.Equal(t, []string{"one", "two", "three"}, lines)
}

func TestCopyProject(t *testing.T) {
	src, dst := t.TempDir(), t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(src, "Pulumi.yaml"), []byte("name: demo\nruntime: go\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(src, "Pulumi.dev.yaml"), []byte("config:\n  aws:region: us-east-2\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(src, "Pulumi.prod.yaml"), []byte("config: {}\n"), 0o644))
	require.NoError(t, copyProject(src, dst, "dev"))
	got, _ := filepath.Glob(filepath.Join(dst, "*"))
	assert.ElementsMatch(t, []string{filepath.Join(dst, "Pulumi.yaml"), filepath.Join(dst, "Pulumi.dev.yaml")}, got)
	assert.Error(t, copyProject(t.TempDir(), dst, "dev"), "no Pulumi.yaml")
	require.NoError(t, os.WriteFile(filepath.Join(src, "Pulumi.yaml"), []byte("name: demo\nruntime: go\ndescription: a: b {c: d}\n"), 0o644))
	assert.Error(t, copyProject(src, t.TempDir(), "dev"), "invalid YAML is reported")
}

func TestToolsSkipsWithoutTools(t *testing.T) {
	t.Setenv(EnvTools, t.TempDir())
	t.Setenv(EnvE2E, "")
	_, err := FindTools()
	assert.ErrorContains(t, err, "run scripts/e2e-tools.sh")
	ran := false
	t.Run("skips", func(t *testing.T) {
		defer func() { ran = true }()
		Tools(t)
		t.Error("Tools should have skipped")
	})
	assert.True(t, ran)
}

func TestRecorderFinishesWithoutEvents(t *testing.T) {
	r := newRecorder(nil)
	res := r.finish(map[string]int{"create": 1}) // the CLI never opened the event stream
	assert.Empty(t, res.Steps)
	assert.Equal(t, 1, res.Summary["create"])
}

func TestConfigValue(t *testing.T) {
	tests := []struct {
		in     string
		secret bool
		want   configEntry
	}{
		{"us-west-2", false, configEntry{Value: "us-west-2"}},
		{`{"office":{"ipv4":["203.0.113.7/32"]}}`, false, configEntry{Value: `{"office":{"ipv4":["203.0.113.7/32"]}}`, ObjectValue: map[string]any{"office": map[string]any{"ipv4": []any{"203.0.113.7/32"}}}}},
		{`[1,2]`, false, configEntry{Value: `[1,2]`, ObjectValue: []any{1.0, 2.0}}},
		{"false", false, configEntry{Value: "false", ObjectValue: false}},
		{`"8"`, false, configEntry{Value: "8"}},
		{"hush", true, configEntry{Value: "hush", Secret: true}},
		{`{"a":1}`, true, configEntry{Value: `{"a":1}`, Secret: true}},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, configValue(tt.in, tt.secret), tt.in)
	}
}
