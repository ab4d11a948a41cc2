package plan

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// GoldenDir is where the golden plans live, relative to the repository
// root: plans/<stack>.json for every Pulumi.<stack>.yaml.
const GoldenDir = "plans"

// GoldenCommand regenerates every golden plan (run from the repository root).
const GoldenCommand = "go run ./cmd/jaiacloud golden"

// GoldenPath is the golden plan of a stack under the repository root dir.
func GoldenPath(dir, stack string) string {
	return filepath.Join(dir, GoldenDir, stack+".json")
}

// GoldenStatus says what Golden did to one file.
type GoldenStatus string

// Golden statuses.
const (
	GoldenUnchanged GoldenStatus = "unchanged"
	GoldenWritten   GoldenStatus = "written"
	GoldenCreated   GoldenStatus = "created"
	GoldenRemoved   GoldenStatus = "removed"
)

// GoldenResult is one golden file.
type GoldenResult struct {
	Path   string
	Status GoldenStatus
}

// Golden plans every stack of the repository root dir and writes
// plans/<stack>.json where it differs; plan files of stacks that no longer
// exist are removed. Nothing is written unless every stack plans.
func Golden(dir string) ([]GoldenResult, error) {
	stacks, err := Stacks(dir)
	if err != nil {
		return nil, err
	}
	if len(stacks) == 0 {
		return nil, fmt.Errorf("no Pulumi.<stack>.yaml in %s", dir)
	}
	encoded := map[string][]byte{}
	var errs []error
	for _, s := range stacks {
		p, err := RunStack(dir, s)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if encoded[s], err = p.Encode(); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if err := os.MkdirAll(filepath.Join(dir, GoldenDir), 0o755); err != nil {
		return nil, err
	}
	var out []GoldenResult
	for _, s := range stacks {
		path := GoldenPath(dir, s)
		old, err := os.ReadFile(path)
		status := GoldenWritten
		switch {
		case os.IsNotExist(err):
			status = GoldenCreated
		case err != nil:
			return out, err
		case bytes.Equal(old, encoded[s]):
			out = append(out, GoldenResult{path, GoldenUnchanged})
			continue
		}
		if err := os.WriteFile(path, encoded[s], 0o644); err != nil {
			return out, err
		}
		out = append(out, GoldenResult{path, status})
	}
	files, err := filepath.Glob(filepath.Join(dir, GoldenDir, "*.json"))
	if err != nil {
		return out, err
	}
	for _, f := range files {
		if _, ok := encoded[strings.TrimSuffix(filepath.Base(f), ".json")]; ok {
			continue
		}
		if err := os.Remove(f); err != nil {
			return out, err
		}
		out = append(out, GoldenResult{f, GoldenRemoved})
	}
	return out, nil
}
