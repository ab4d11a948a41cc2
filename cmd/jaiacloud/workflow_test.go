package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// workflow is the part of a GitHub Actions workflow the test reads.
type workflow struct {
	Name        string            `yaml:"name"`
	On          map[string]any    `yaml:"on"`
	Permissions map[string]string `yaml:"permissions"`
	Jobs        map[string]struct {
		Needs       any               `yaml:"needs"`
		If          string            `yaml:"if"`
		RunsOn      string            `yaml:"runs-on"`
		Permissions map[string]string `yaml:"permissions"`
		Steps       []struct {
			Name string            `yaml:"name"`
			Uses string            `yaml:"uses"`
			Run  string            `yaml:"run"`
			With map[string]any    `yaml:"with"`
			Env  map[string]string `yaml:"env"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

func TestPreviewWorkflow(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(repoRoot, ".github", "workflows", "preview.yml"))
	require.NoError(t, err)
	var w workflow
	dec := yaml.NewDecoder(strings.NewReader(string(b)))
	require.NoError(t, dec.Decode(&w), "preview.yml is valid YAML")
	assert.Contains(t, w.On, "pull_request")
	assert.Equal(t, map[string]string{"contents": "read"}, w.Permissions, "least privilege by default")

	checks, ok := w.Jobs["checks"]
	require.True(t, ok)
	var runs []string
	for _, s := range checks.Steps {
		runs = append(runs, s.Run)
		if strings.HasPrefix(s.Uses, "actions/setup-go@") {
			assert.Equal(t, "go.mod", s.With["go-version-file"])
			assert.Equal(t, true, s.With["cache"])
		}
	}
	all := strings.Join(runs, "\n")
	for _, want := range []string{"make check", "make test", "go run ./cmd/jaiacloud golden", "git diff --exit-code -- plans/", "--check"} {
		assert.Contains(t, all, want)
	}

	preview, ok := w.Jobs["preview"]
	require.True(t, ok)
	assert.Equal(t, "checks", preview.Needs)
	assert.Contains(t, preview.If, "github.event_name == 'pull_request'")
	assert.Equal(t, "write", preview.Permissions["id-token"], "OIDC")
	assert.Equal(t, "write", preview.Permissions["pull-requests"], "the PR comment")
	uses := map[string]int{}
	for i, s := range preview.Steps {
		uses[strings.Split(s.Uses, "@")[0]] = i
		switch {
		case strings.HasPrefix(s.Uses, "actions/setup-go@"):
			assert.Equal(t, "go.mod", s.With["go-version-file"])
			assert.Equal(t, true, s.With["cache"])
		case strings.HasPrefix(s.Uses, "aws-actions/configure-aws-credentials@"):
			assert.Equal(t, "${{ secrets.AWS_PREVIEW_ROLE_ARN }}", s.With["role-to-assume"])
		case strings.HasPrefix(s.Uses, "pulumi/actions@"):
			assert.Equal(t, "pulumi/actions@v7", s.Uses)
			assert.Equal(t, "preview", s.With["command"])
			assert.Equal(t, true, s.With["comment-on-pr"])
			assert.Equal(t, true, s.With["diff"])
			assert.Contains(t, s.With["stack-name"], "prod")
			assert.Equal(t, "${{ secrets.PULUMI_ACCESS_TOKEN }}", s.Env["PULUMI_ACCESS_TOKEN"])
		}
	}
	require.Contains(t, uses, "pulumi/actions")
	assert.Less(t, uses["actions/setup-go"], uses["pulumi/actions"], "Go is set up before the preview")
	assert.Less(t, uses["aws-actions/configure-aws-credentials"], uses["pulumi/actions"], "credentials before the preview")
}
