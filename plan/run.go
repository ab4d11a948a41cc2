package plan

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/jaiarobotics/jaia-cloud/infra"
	"github.com/jaiarobotics/jaia-cloud/stackconfig"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"
)

// Request says what to plan.
type Request struct {
	// Stack is the stack name.
	Stack string
	// Config is the raw configuration as Pulumi passes it to a program
	// ("jaia-cloud:servers" → JSON text), e.g. from LoadStack.
	Config map[string]string
	// SecretKeys lists the configuration keys that hold secure values.
	SecretKeys []string
	// Program is the program to run; nil means infra.Program.
	Program pulumi.RunFunc
}

// Run runs the program of a request under the simulated AWS and returns its
// plan.
//
// The context is built from the request alone (pulumi.NewContext and
// pulumi.RunWithContext, what pulumi.RunErr does after reading the PULUMI_*
// environment), so no environment variable changes a plan.
func Run(req Request) (*Plan, error) { return runSimulated(req, false) }

// runSimulated runs a request; echo switches the simulated AWS off.
func runSimulated(req Request, echo bool) (*Plan, error) {
	if req.Stack == "" {
		return nil, errNoStack
	}
	program := req.Program
	if program == nil {
		program = infra.Program
	}
	sim := newSimulator(req.Stack, req.Config["aws:region"])
	sim.echo = echo
	return run(sim, req, program)
}

func run(sim *simulator, req Request, program pulumi.RunFunc) (*Plan, error) {
	cfg := make(map[string]string, len(req.Config))
	for k, v := range req.Config {
		cfg[k] = v
	}
	info := pulumi.RunInfo{
		Project:          Project,
		Stack:            req.Stack,
		Config:           cfg,
		ConfigSecretKeys: append([]string(nil), req.SecretKeys...),
		Mocks:            sim,
	}
	pctx, err := pulumi.NewContext(context.Background(), info)
	if err != nil {
		return nil, fmt.Errorf("plan: %w", err)
	}
	defer pctx.Close()
	var outputs map[string]any
	err = pulumi.RunWithContext(pctx, func(ctx *pulumi.Context) error {
		if err := program(ctx); err != nil {
			return err
		}
		var err error
		outputs, err = resolveExports(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("stack %s: %w", req.Stack, err)
	}
	p := &Plan{Stack: req.Stack, Simulated: SimulatedNote, Resources: sim.result(), Outputs: outputs}
	p.normalize()
	return p, nil
}

// resolveExports waits for every stack export and converts it to plain
// values; secret exports become SecretMarker, unknown ones UnknownMarker.
func resolveExports(ctx *pulumi.Context) (map[string]any, error) {
	exports := ctx.GetCurrentExportMap()
	out := make(map[string]any, len(exports))
	for _, name := range slices.Sorted(maps.Keys(exports)) {
		res, err := internals.UnsafeAwaitOutput(ctx.Context(), pulumi.ToOutput(exports[name]))
		if err != nil {
			return nil, fmt.Errorf("export %s: %w", name, err)
		}
		switch {
		case res.Secret:
			out[name] = SecretMarker
		case !res.Known:
			out[name] = UnknownMarker
		default:
			v, err := plainExport(res.Value)
			if err != nil {
				return nil, fmt.Errorf("export %s: %w", name, err)
			}
			out[name] = v
		}
	}
	return out, nil
}

// StackFile is the path of a stack's configuration file in dir.
func StackFile(dir, stack string) string {
	return filepath.Join(dir, "Pulumi."+stack+".yaml")
}

// Stacks lists the stacks that have a Pulumi.<stack>.yaml in dir, sorted.
func Stacks(dir string) ([]string, error) {
	matches, err := filepath.Glob(filepath.Join(dir, "Pulumi.*.yaml"))
	if err != nil {
		return nil, err
	}
	var out []string
	for _, m := range matches {
		s := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(m), "Pulumi."), ".yaml")
		if s != "" {
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out, nil
}

// LoadStack reads a stack's configuration file from dir (secure values
// become stackconfig.SecretPlaceholder). A missing file is an error that
// names the path it looked for and the stacks that exist.
func LoadStack(dir, stack string) (raw map[string]string, secretKeys []string, err error) {
	if stack == "" || strings.ContainsAny(stack, `/\`) {
		return nil, nil, fmt.Errorf("invalid stack name %q", stack)
	}
	path := StackFile(dir, stack)
	raw, secretKeys, err = stackconfig.ReadStackFile(path)
	if os.IsNotExist(err) {
		have, _ := Stacks(dir)
		return nil, nil, fmt.Errorf("stack %q: no configuration file %s (stacks here: %s)", stack, path, orNone(have))
	}
	if err != nil {
		return nil, nil, fmt.Errorf("stack %q: %w", stack, err)
	}
	return raw, secretKeys, nil
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}

// RunStack plans a stack from its configuration file in dir.
func RunStack(dir, stack string) (*Plan, error) {
	raw, secrets, err := LoadStack(dir, stack)
	if err != nil {
		return nil, err
	}
	return Run(Request{Stack: stack, Config: raw, SecretKeys: secrets})
}

// providerDefaultTags reads `defaultTags.tags` of a provider's inputs (the
// object may arrive JSON-encoded, as provider configuration often does).
func providerDefaultTags(in map[string]any) map[string]string {
	dt := in["defaultTags"]
	if s, ok := dt.(string); ok {
		var v any
		if json.Unmarshal([]byte(s), &v) == nil {
			dt = v
		}
	}
	out := map[string]string{}
	m, _ := dt.(map[string]any)
	tags, _ := m["tags"].(map[string]any)
	for k, v := range tags {
		if s, ok := v.(string); ok {
			out[k] = s
		}
	}
	return out
}
