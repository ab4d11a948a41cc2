// Package harness runs a Pulumi program (a pulumi.RunFunc) through the real Pulumi CLI and engine against the
// simulated AWS provider: a private file backend, the CLI and plugin built by scripts/e2e-tools.sh, and a simulated
// account file per harness. It reports what the engine did per resource (create, update, replace, delete, same,
// import…) from the engine's own events, and lets tests look at the simulated account afterwards.
package harness

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optimport"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optrefresh"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/jaiarobotics/jaia-cloud/awsmodel"
	"github.com/jaiarobotics/jaia-cloud/e2e/sim"
)

// Passphrase is the fixed PULUMI_CONFIG_PASSPHRASE of harness stacks (the secrets of simulated stacks protect
// nothing).
const Passphrase = "jaia-e2e-simulated"

// EnvE2E=1 turns "tools missing" from a skip into a failure.
const EnvE2E = "JAIA_E2E"

// EnvTools overrides where the tools are (default: the `.tools` directory of the checkout).
const EnvTools = "JAIA_E2E_TOOLS"

// Options configures a Harness.
type Options struct {
	// Program is the Pulumi program (e.g. infra.Program).
	Program pulumi.RunFunc
	// Stack is the stack name (default "e2e").
	Stack string
	// WorkDir is a directory holding Pulumi.yaml and, optionally, Pulumi.<Stack>.yaml (e.g. the repository root).
	// The harness copies both into a private directory, so the checkout is never written to, and config overrides
	// go into the copy. Empty: a project named Project is generated.
	WorkDir string
	// Project names the generated project when WorkDir is empty (default "jaia-e2e").
	Project string
	// InPlace runs the CLI in WorkDir itself (no copy); Config must then be empty.
	InPlace bool
	// Config sets stack configuration (full keys: "aws:region", "jaia-cloud:servers"). Values that parse as JSON
	// objects, arrays, booleans or numbers are stored typed, like in a stack file; other values as text.
	Config map[string]string
	// Secrets sets secret stack configuration.
	Secrets map[string]string
	// Region is aws:region when neither the stack file nor Config sets it (default us-west-2).
	Region string
	// Dir is where the harness keeps its backend, simulated account and project copy (default: a new temp dir,
	// removed by Close).
	Dir string
	// StateFile is the simulated account (JAIA_SIM_STATE); default Dir/sim/account.json. Several harnesses may
	// share one to model one AWS account under several stacks.
	StateFile string
	// Seed is the inventory of a new account: "prod" (default), "legacy" or "empty".
	Seed string
	// Tools is the directory with bin/pulumi and pulumi-home (default: $JAIA_E2E_TOOLS or the checkout's .tools).
	Tools string
	// Env adds environment variables for the CLI and the plugin (e.g. sim.EnvFailAt).
	Env map[string]string
	// Logf receives the CLI's progress output line by line (e.g. t.Logf); nil discards it.
	Logf func(format string, args ...any)
}

// Harness is one stack on a private backend, wired to the simulated AWS provider.
type Harness struct {
	opts    Options
	dir     string
	ownDir  bool
	stack   auto.Stack
	store   *sim.Store
	workDir string
}

// New creates (or selects) the stack. It fails when the tools are missing; tests should call Tools first.
func New(ctx context.Context, opts Options) (*Harness, error) {
	if opts.Program == nil {
		return nil, errors.New("harness: Options.Program is required")
	}
	if opts.Stack == "" {
		opts.Stack = "e2e"
	}
	if opts.Project == "" {
		opts.Project = "jaia-e2e"
	}
	if opts.Region == "" {
		opts.Region = awsmodel.DefaultRegion
	}
	if opts.InPlace && (len(opts.Config) > 0 || len(opts.Secrets) > 0 || opts.WorkDir == "") {
		return nil, errors.New("harness: InPlace needs WorkDir and cannot take Config/Secrets (it would write the stack file)")
	}
	tools := opts.Tools
	if tools == "" {
		var err error
		if tools, err = FindTools(); err != nil {
			return nil, err
		}
	}
	h := &Harness{opts: opts, dir: opts.Dir}
	if h.dir == "" {
		d, err := os.MkdirTemp("", "jaia-e2e-")
		if err != nil {
			return nil, err
		}
		h.dir, h.ownDir = d, true
	}
	stateFile := opts.StateFile
	if stateFile == "" {
		stateFile = filepath.Join(h.dir, "sim", "account.json")
	}
	st, err := sim.NewStore(stateFile, opts.Seed)
	if err != nil {
		return nil, err
	}
	h.store = st
	backend := filepath.Join(h.dir, "backend")
	if err := os.MkdirAll(backend, 0o755); err != nil {
		return nil, err
	}

	cmd, err := auto.NewPulumiCommand(&auto.PulumiCommandOptions{Root: tools})
	if err != nil {
		return nil, fmt.Errorf("harness: the Pulumi CLI in %s: %w (run scripts/e2e-tools.sh)", tools, err)
	}
	envs := map[string]string{
		"PULUMI_BACKEND_URL":                          "file://" + backend,
		"PULUMI_CONFIG_PASSPHRASE":                    Passphrase,
		"PULUMI_SKIP_UPDATE_CHECK":                    "true",
		"PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
		"PULUMI_IGNORE_AMBIENT_PLUGINS":               "true",
		sim.EnvState:                                  st.Path,
		sim.EnvSeed:                                   opts.Seed,
	}
	for k, v := range opts.Env {
		envs[k] = v
	}
	wsOpts := []auto.LocalWorkspaceOption{auto.Pulumi(cmd), auto.PulumiHome(filepath.Join(tools, "pulumi-home")), auto.EnvVars(envs)}

	switch {
	case opts.WorkDir == "":
		h.workDir = filepath.Join(h.dir, "project")
		if err := os.MkdirAll(h.workDir, 0o755); err != nil {
			return nil, err
		}
		wsOpts = append(wsOpts, auto.WorkDir(h.workDir), auto.Project(workspace.Project{
			Name: tokens.PackageName(opts.Project), Runtime: workspace.NewProjectRuntimeInfo("go", nil),
		}))
	case opts.InPlace:
		h.workDir = opts.WorkDir
		wsOpts = append(wsOpts, auto.WorkDir(h.workDir))
	default:
		h.workDir = filepath.Join(h.dir, "project")
		if err := copyProject(opts.WorkDir, h.workDir, opts.Stack); err != nil {
			return nil, err
		}
		wsOpts = append(wsOpts, auto.WorkDir(h.workDir))
	}
	project := opts.Project
	if opts.WorkDir != "" {
		p, err := workspace.LoadProject(projectFile(h.workDir))
		if err != nil {
			return nil, fmt.Errorf("harness: %w", err)
		}
		project = string(p.Name)
	}
	stack, err := auto.UpsertStackInlineSource(ctx, opts.Stack, project, opts.Program, wsOpts...)
	if err != nil {
		return nil, fmt.Errorf("harness: creating stack %s: %w", opts.Stack, err)
	}
	h.stack = stack
	if !opts.InPlace {
		if err := h.configure(ctx); err != nil {
			return nil, err
		}
	}
	return h, nil
}

func (h *Harness) configure(ctx context.Context) error {
	existing, err := h.stack.GetAllConfig(ctx)
	if err != nil {
		return fmt.Errorf("harness: reading config: %w", err)
	}
	cfg := map[string]configEntry{}
	if _, ok := existing["aws:region"]; !ok {
		cfg["aws:region"] = configValue(h.opts.Region, false)
	}
	for k, v := range h.opts.Config {
		cfg[k] = configValue(v, false)
	}
	for k, v := range h.opts.Secrets {
		cfg[k] = configValue(v, true)
	}
	if len(cfg) == 0 {
		return nil
	}
	b, err := json.Marshal(cfg)
	if err != nil {
		return err
	}
	if err := h.stack.SetAllConfigJson(ctx, string(b), nil); err != nil {
		return fmt.Errorf("harness: setting config: %w", err)
	}
	return nil
}

// configEntry is one value in the `pulumi config set-all --json` format.
type configEntry struct {
	Value       string `json:"value"`
	ObjectValue any    `json:"objectValue,omitempty"`
	Secret      bool   `json:"secret,omitempty"`
}

// configValue stores values that parse as JSON objects, arrays, booleans or numbers typed (as a stack file would
// hold them, so that the project's config schema accepts them); a JSON string literal (`"\"8\""`) forces text.
func configValue(v string, secret bool) configEntry {
	var parsed any
	if err := json.Unmarshal([]byte(v), &parsed); err == nil {
		switch p := parsed.(type) {
		case string:
			return configEntry{Value: p, Secret: secret}
		case map[string]any, []any, bool, float64:
			if !secret {
				return configEntry{Value: v, ObjectValue: p}
			}
		}
	}
	return configEntry{Value: v, Secret: secret}
}

func projectFile(dir string) string {
	for _, n := range []string{"Pulumi.yaml", "Pulumi.yml"} {
		if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
			return filepath.Join(dir, n)
		}
	}
	return filepath.Join(dir, "Pulumi.yaml")
}

// copyProject copies Pulumi.yaml and Pulumi.<stack>.yaml (if present) from src to dst.
func copyProject(src, dst, stack string) error {
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	pf := projectFile(src)
	if _, err := os.Stat(pf); err != nil {
		return fmt.Errorf("harness: no Pulumi.yaml in %s", src)
	}
	files := []string{filepath.Base(pf)}
	p, err := workspace.LoadProject(pf)
	if err != nil {
		return fmt.Errorf("harness: %w", err)
	}
	stackDir := src
	if p.StackConfigDir != "" {
		stackDir = filepath.Join(src, p.StackConfigDir)
	}
	for _, n := range []string{"Pulumi." + stack + ".yaml", "Pulumi." + stack + ".yml"} {
		if _, err := os.Stat(filepath.Join(stackDir, n)); err == nil {
			b, err := os.ReadFile(filepath.Join(stackDir, n))
			if err != nil {
				return err
			}
			target := dst
			if p.StackConfigDir != "" {
				target = filepath.Join(dst, p.StackConfigDir)
				if err := os.MkdirAll(target, 0o755); err != nil {
					return err
				}
			}
			if err := os.WriteFile(filepath.Join(target, n), b, 0o644); err != nil {
				return err
			}
		}
	}
	for _, n := range files {
		b, err := os.ReadFile(filepath.Join(src, n))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dst, n), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// FindTools returns the tools directory: $JAIA_E2E_TOOLS, or the `.tools` directory of the enclosing checkout.
// It checks that bin/pulumi and the installed aws plugin are there.
func FindTools() (string, error) {
	dir := os.Getenv(EnvTools)
	if dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			return "", err
		}
		for d := wd; ; d = filepath.Dir(d) {
			if _, err := os.Stat(filepath.Join(d, ".tools", "bin", "pulumi")); err == nil {
				dir = filepath.Join(d, ".tools")
				break
			}
			if filepath.Dir(d) == d {
				return "", errors.New("no .tools/bin/pulumi above the working directory: run scripts/e2e-tools.sh")
			}
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "bin", "pulumi")); err != nil {
		return "", fmt.Errorf("no Pulumi CLI at %s/bin/pulumi: run scripts/e2e-tools.sh", dir)
	}
	plugins, _ := filepath.Glob(filepath.Join(dir, "pulumi-home", "plugins", "resource-aws-v"+sim.Version, "pulumi-resource-aws"))
	if len(plugins) == 0 {
		return "", fmt.Errorf("the simulated aws plugin v%s is not installed in %s/pulumi-home: run scripts/e2e-tools.sh", sim.Version, dir)
	}
	if src := staleSource(filepath.Dir(dir), plugins[0]); src != "" {
		return "", fmt.Errorf("the installed simulated aws plugin is older than %s: run scripts/e2e-tools.sh", src)
	}
	return dir, nil
}

// staleSource returns a source file of the simulator under root that is newer than the installed plugin, or "".
func staleSource(root, plugin string) string {
	pi, err := os.Stat(plugin)
	if err != nil {
		return ""
	}
	for _, d := range []string{"awsmodel", "e2e/sim", "e2e/cmd/pulumi-resource-aws"} {
		files, _ := filepath.Glob(filepath.Join(root, d, "*.go"))
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			if fi, err := os.Stat(f); err == nil && fi.ModTime().After(pi.ModTime()) {
				return f
			}
		}
	}
	return ""
}

// Tools returns the tools directory for a test, skipping the test when the tools are missing — or failing it
// when JAIA_E2E=1.
func Tools(t testing.TB) string {
	t.Helper()
	dir, err := FindTools()
	if err != nil {
		if os.Getenv(EnvE2E) == "1" {
			t.Fatalf("%s=1 but the e2e tools are missing: %v", EnvE2E, err)
		}
		t.Skipf("e2e tools missing (%v); set %s=1 to make this a failure", err, EnvE2E)
	}
	return dir
}

// Close removes the harness's private directory (when it created it).
func (h *Harness) Close() error {
	if h.ownDir {
		return os.RemoveAll(h.dir)
	}
	return nil
}

// Stack exposes the Automation API stack for anything the harness does not wrap.
func (h *Harness) Stack() auto.Stack { return h.stack }

// Store is the simulated account of this harness.
func (h *Harness) Store() *sim.Store { return h.store }

// Account returns a snapshot of the simulated account.
func (h *Harness) Account() (*awsmodel.Account, error) { return h.store.Load() }

// SetProgram replaces the program for the next operations.
func (h *Harness) SetProgram(p pulumi.RunFunc) {
	h.stack.Workspace().(*auto.LocalWorkspace).SetProgram(p)
}

// SetEnv sets (or, with value "", unsets) an environment variable of the CLI and plugin for the next operations.
func (h *Harness) SetEnv(key, value string) {
	if value == "" {
		h.stack.Workspace().UnsetEnvVar(key)
		return
	}
	h.stack.Workspace().SetEnvVar(key, value)
}

// FailAt makes the n-th create/update attempt from now fail (n >= 1); FailAt(0) turns fault injection off.
func (h *Harness) FailAt(n int) error {
	if n <= 0 {
		h.SetEnv(sim.EnvFailAt, "")
		return nil
	}
	a, err := h.Account()
	if err != nil {
		return err
	}
	h.SetEnv(sim.EnvFailAt, fmt.Sprint(a.Mutations+n))
	return nil
}

// Step is one engine step for one resource.
type Step struct {
	URN  string
	Type string
	Name string
	// Op is the engine's operation: same, create, update, replace, create-replacement, delete-replaced, delete,
	// read, import, refresh, …
	Op string
	// Keys are the properties that cause a replacement; Diffs the properties that changed.
	Keys  []string
	Diffs []string
	// DetailedDiff maps property paths to diff kinds (add, update, delete, add-replace, …).
	DetailedDiff map[string]string
	// Failed is true when the engine reported the step as failed.
	Failed bool
}

// Result is what one operation did.
type Result struct {
	Steps []Step
	// Summary counts the engine's resource changes by operation (as the CLI summary reports them).
	Summary map[string]int
	// Output is the CLI's progress output.
	Output string
	// Diagnostics are the error and warning messages of the engine and providers.
	Diagnostics []string
}

// Ops returns one operation per resource URN, collapsing a replacement's three steps into "replace"; provider and
// stack resources are left out.
func (r *Result) Ops() map[string]string {
	out := map[string]string{}
	for _, s := range r.Steps {
		if strings.HasPrefix(s.Type, "pulumi:providers:") || s.Type == "pulumi:pulumi:Stack" {
			continue
		}
		op := s.Op
		switch op {
		case "create-replacement", "delete-replaced", "replace", "discard-replaced", "import-replacement":
			op = "replace"
		}
		if prev, ok := out[s.URN]; ok && prev == "replace" {
			continue
		}
		out[s.URN] = op
	}
	return out
}

// OpsByName is Ops keyed by "<type name>::<resource name>", e.g. "Instance::server".
func (r *Result) OpsByName() map[string]string {
	out := map[string]string{}
	for urn, op := range r.Ops() {
		out[shortURN(urn)] = op
	}
	return out
}

// Changes returns the resources whose operation is not "same", as OpsByName.
func (r *Result) Changes() map[string]string {
	out := map[string]string{}
	for k, op := range r.OpsByName() {
		if op != "same" {
			out[k] = op
		}
	}
	return out
}

// Step returns the first step of a resource by short name ("Instance::server") and operation ("" = any).
func (r *Result) Step(name, op string) (Step, bool) {
	for _, s := range r.Steps {
		if shortURN(s.URN) == name && (op == "" || s.Op == op) {
			return s, true
		}
	}
	return Step{}, false
}

func shortURN(urn string) string {
	parts := strings.Split(urn, "::")
	if len(parts) < 4 {
		return urn
	}
	typ := parts[len(parts)-2]
	if i := strings.LastIndex(typ, "$"); i >= 0 {
		typ = typ[i+1:]
	}
	if i := strings.LastIndex(typ, ":"); i >= 0 {
		typ = typ[i+1:]
	}
	return typ + "::" + parts[len(parts)-1]
}

// recorder collects engine events and progress output of one operation.
type recorder struct {
	ch    chan events.EngineEvent
	stop  chan struct{}
	done  chan struct{}
	mu    sync.Mutex
	res   Result
	out   bytes.Buffer
	logf  func(string, ...any)
	lines *lineWriter
}

func newRecorder(logf func(string, ...any)) *recorder {
	r := &recorder{ch: make(chan events.EngineEvent), stop: make(chan struct{}), done: make(chan struct{}), logf: logf}
	r.lines = &lineWriter{logf: logf}
	go func() {
		defer close(r.done)
		for {
			select {
			case e, ok := <-r.ch:
				if !ok {
					return
				}
				r.event(e)
			case <-r.stop:
				return
			}
		}
	}()
	return r
}

func (r *recorder) writer() io.Writer { return io.MultiWriter(&r.out, r.lines) }

func (r *recorder) event(e events.EngineEvent) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case e.ResourcePreEvent != nil:
		r.res.Steps = append(r.res.Steps, step(e.ResourcePreEvent.Metadata, false))
	case e.ResOpFailedEvent != nil:
		r.res.Steps = append(r.res.Steps, step(e.ResOpFailedEvent.Metadata, true))
	case e.DiagnosticEvent != nil:
		d := e.DiagnosticEvent
		if d.Severity == "error" || d.Severity == "warning" {
			r.res.Diagnostics = append(r.res.Diagnostics, strings.TrimSpace(d.Severity+": "+shortURN(d.URN)+": "+d.Message))
		}
	}
}

func step(m apitype.StepEventMetadata, failed bool) Step {
	s := Step{URN: m.URN, Type: m.Type, Name: shortURN(m.URN), Op: string(m.Op), Keys: m.Keys, Diffs: m.Diffs, Failed: failed}
	if len(m.DetailedDiff) > 0 {
		s.DetailedDiff = map[string]string{}
		for k, v := range m.DetailedDiff {
			s.DetailedDiff[k] = string(v.Kind)
		}
	}
	return s
}

// finish runs after the operation has returned. The Automation API closes the event channel when the CLI's event
// stream ends; when the CLI failed before it opened one (a config error, say) the channel stays open, but no event
// can arrive any more (the events server has stopped), so the reader is told to stop.
func (r *recorder) finish(summary map[string]int) *Result {
	close(r.stop)
	<-r.done
	r.lines.flush()
	r.mu.Lock()
	defer r.mu.Unlock()
	res := r.res
	// Failed steps are reported twice (pre event + failure); keep the failure flag on the step.
	var steps []Step
	for _, s := range res.Steps {
		if s.Failed {
			for i := range steps {
				if steps[i].URN == s.URN && steps[i].Op == s.Op {
					steps[i].Failed = true
				}
			}
			continue
		}
		steps = append(steps, s)
	}
	res.Steps = steps
	res.Summary = summary
	res.Output = r.out.String()
	return &res
}

type lineWriter struct {
	logf func(string, ...any)
	buf  bytes.Buffer
	mu   sync.Mutex
}

func (w *lineWriter) Write(p []byte) (int, error) {
	if w.logf == nil {
		return len(p), nil
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	for {
		line, err := w.buf.ReadString('\n')
		if err != nil {
			w.buf.WriteString(line)
			break
		}
		if l := strings.TrimRight(line, "\r\n"); strings.TrimSpace(l) != "" {
			w.logf("%s", l)
		}
	}
	return len(p), nil
}

func (w *lineWriter) flush() {
	if w.logf == nil {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	sc := bufio.NewScanner(&w.buf)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) != "" {
			w.logf("%s", sc.Text())
		}
	}
	w.buf.Reset()
}

func summaryMap(m map[apitype.OpType]int) map[string]int {
	out := map[string]int{}
	for k, v := range m {
		out[string(k)] = v
	}
	return out
}

// opError attaches the diagnostics to an operation error.
func opError(op string, err error, res *Result) error {
	if err == nil {
		return nil
	}
	if len(res.Diagnostics) > 0 {
		return fmt.Errorf("%s failed: %s: %w", op, strings.Join(res.Diagnostics, "; "), err)
	}
	return fmt.Errorf("%s failed: %w", op, err)
}

// Preview runs `pulumi preview` and reports the planned steps.
func (h *Harness) Preview(ctx context.Context, opts ...optpreview.Option) (*Result, error) {
	rec := newRecorder(h.opts.Logf)
	opts = append([]optpreview.Option{optpreview.EventStreams(rec.ch), optpreview.ProgressStreams(rec.writer()), optpreview.Diff()}, opts...)
	pr, err := h.stack.Preview(ctx, opts...)
	res := rec.finish(summaryMap(pr.ChangeSummary))
	return res, opError("preview", err, res)
}

// Up runs `pulumi up`.
func (h *Harness) Up(ctx context.Context, opts ...optup.Option) (*Result, error) {
	rec := newRecorder(h.opts.Logf)
	opts = append([]optup.Option{optup.EventStreams(rec.ch), optup.ProgressStreams(rec.writer()), optup.Diff()}, opts...)
	ur, err := h.stack.Up(ctx, opts...)
	var summary map[string]int
	if ur.Summary.ResourceChanges != nil {
		summary = *ur.Summary.ResourceChanges
	}
	res := rec.finish(summary)
	return res, opError("up", err, res)
}

// Refresh runs `pulumi refresh`.
func (h *Harness) Refresh(ctx context.Context, opts ...optrefresh.Option) (*Result, error) {
	rec := newRecorder(h.opts.Logf)
	opts = append([]optrefresh.Option{optrefresh.EventStreams(rec.ch), optrefresh.ProgressStreams(rec.writer())}, opts...)
	rr, err := h.stack.Refresh(ctx, opts...)
	var summary map[string]int
	if rr.Summary.ResourceChanges != nil {
		summary = *rr.Summary.ResourceChanges
	}
	res := rec.finish(summary)
	return res, opError("refresh", err, res)
}

// Destroy runs `pulumi destroy`.
func (h *Harness) Destroy(ctx context.Context, opts ...optdestroy.Option) (*Result, error) {
	rec := newRecorder(h.opts.Logf)
	opts = append([]optdestroy.Option{optdestroy.EventStreams(rec.ch), optdestroy.ProgressStreams(rec.writer())}, opts...)
	dr, err := h.stack.Destroy(ctx, opts...)
	var summary map[string]int
	if dr.Summary.ResourceChanges != nil {
		summary = *dr.Summary.ResourceChanges
	}
	res := rec.finish(summary)
	return res, opError("destroy", err, res)
}

// ImportSpec names one existing cloud object to adopt with `pulumi import`.
type ImportSpec struct {
	Type string // e.g. awsmodel.TypeEip
	Name string // the resource name in the stack
	ID   string // e.g. an allocation id
}

// Import runs `pulumi import` (no code generation; the imported resources are protected unless protect is
// false). The program must declare matching resources before the next Up, or Up deletes them.
func (h *Harness) Import(ctx context.Context, protect bool, specs ...ImportSpec) (string, error) {
	var rs []*optimport.ImportResource
	for _, s := range specs {
		rs = append(rs, &optimport.ImportResource{Type: s.Type, Name: s.Name, ID: s.ID})
	}
	var out bytes.Buffer
	lw := &lineWriter{logf: h.opts.Logf}
	r, err := h.stack.ImportResources(ctx, optimport.Resources(rs), optimport.Protect(protect),
		optimport.GenerateCode(false), optimport.ProgressStreams(io.MultiWriter(&out, lw)))
	lw.flush()
	if err != nil {
		return out.String(), fmt.Errorf("import failed: %w\n%s", err, r.StdErr)
	}
	return out.String(), nil
}

// ImportFile runs `pulumi import --file path` (no code generation; imported resources are protected).
func (h *Harness) ImportFile(ctx context.Context, path string) (string, error) {
	var out bytes.Buffer
	lw := &lineWriter{logf: h.opts.Logf}
	r, err := h.stack.ImportResources(ctx, optimport.ImportFile(path), optimport.Protect(true),
		optimport.GenerateCode(false), optimport.ProgressStreams(io.MultiWriter(&out, lw)))
	lw.flush()
	if err != nil {
		return out.String(), fmt.Errorf("import failed: %w\n%s", err, r.StdErr)
	}
	return out.String(), nil
}

// Outputs returns the stack outputs (secrets included, in plain text).
func (h *Harness) Outputs(ctx context.Context) (map[string]any, error) {
	om, err := h.stack.Outputs(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]any{}
	for k, v := range om {
		out[k] = v.Value
	}
	return out, nil
}

// Resource is one resource of the stack's state.
type Resource struct {
	URN      string
	Type     string
	ID       string
	Custom   bool
	Protect  bool
	Retain   bool
	Outputs  map[string]any
	Inputs   map[string]any
	External bool
}

// Resources returns the stack's state (what the engine believes exists).
func (h *Harness) Resources(ctx context.Context) ([]Resource, error) {
	dep, err := h.stack.Export(ctx)
	if err != nil {
		return nil, err
	}
	var d struct {
		Resources []struct {
			URN            string         `json:"urn"`
			Type           string         `json:"type"`
			ID             string         `json:"id"`
			Custom         bool           `json:"custom"`
			Protect        bool           `json:"protect"`
			RetainOnDelete bool           `json:"retainOnDelete"`
			External       bool           `json:"external"`
			Outputs        map[string]any `json:"outputs"`
			Inputs         map[string]any `json:"inputs"`
		} `json:"resources"`
	}
	if len(dep.Deployment) > 0 {
		if err := json.Unmarshal(dep.Deployment, &d); err != nil {
			return nil, err
		}
	}
	var out []Resource
	for _, r := range d.Resources {
		out = append(out, Resource{URN: r.URN, Type: r.Type, ID: r.ID, Custom: r.Custom, Protect: r.Protect,
			Retain: r.RetainOnDelete, Outputs: r.Outputs, Inputs: r.Inputs, External: r.External})
	}
	return out, nil
}

// Drift compares the stack's state with the simulated account: leaked are objects that Pulumi resources created
// but that the state does not hold (a resource the engine lost track of); missing are state resources whose object
// does not exist (deleted behind Pulumi's back). Seeded and implicit objects are not considered, and neither are
// objects of other stacks sharing the account.
func (h *Harness) Drift(ctx context.Context) (leaked, missing []string, err error) {
	res, err := h.Resources(ctx)
	if err != nil {
		return nil, nil, err
	}
	a, err := h.Account()
	if err != nil {
		return nil, nil, err
	}
	inState := map[string]bool{}
	prefix := ""
	for _, r := range res {
		if r.Type == "pulumi:pulumi:Stack" {
			if parts := strings.SplitN(r.URN, "::", 3); len(parts) == 3 {
				prefix = parts[0] + "::" + parts[1] // urn:pulumi:<stack>::<project>
			}
		}
		if !r.Custom || strings.HasPrefix(r.Type, "pulumi:providers:") {
			continue
		}
		inState[r.Type+" "+r.ID] = true
		if _, ok := awsmodel.Lookup(r.Type); ok && a.Get(r.Type, r.ID) == nil {
			missing = append(missing, r.Type+" "+r.ID+" ("+shortURN(r.URN)+")")
		}
	}
	for _, o := range a.Managed() {
		if prefix != "" && !strings.HasPrefix(o.URN, prefix+"::") {
			continue
		}
		if !inState[o.Type+" "+o.ID] {
			leaked = append(leaked, o.Type+" "+o.ID+" ("+shortURN(o.URN)+")")
		}
	}
	sort.Strings(leaked)
	sort.Strings(missing)
	return leaked, missing, nil
}
