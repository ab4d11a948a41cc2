package sim

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/pkg/v3/resource/deploy/deploytest"
	"github.com/pulumi/pulumi/pkg/v3/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/jaiarobotics/jaia-cloud/awsmodel"
)

// Version is the pulumi-aws version the simulator stands in for (what the aws Go SDK v6.83.4 asks the engine for).
const Version = "6.83.4"

// Options configures a simulated provider.
type Options struct {
	// Store is the simulated account.
	Store *Store
	// FailAt lists create/update attempt numbers (Account.Mutations after the increment) that fail.
	FailAt []int
	// Lenient turns off the account checks in Check (JAIA_SIM_STRICT_PREVIEW=0).
	Lenient bool
}

// OptionsFromEnv reads JAIA_SIM_STATE, JAIA_SIM_SEED, JAIA_SIM_FAIL_AT and JAIA_SIM_STRICT_PREVIEW.
func OptionsFromEnv() (Options, error) {
	st, err := StoreFromEnv()
	if err != nil {
		return Options{}, err
	}
	fail, err := ParseFailAt(os.Getenv(EnvFailAt))
	if err != nil {
		return Options{}, err
	}
	return Options{Store: st, FailAt: fail, Lenient: os.Getenv(EnvStrictPreview) == "0"}, nil
}

// ParseFailAt parses "3" or "3,7".
func ParseFailAt(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 {
			return nil, fmt.Errorf("%s: %q is not a positive attempt number", EnvFailAt, f)
		}
		out = append(out, n)
	}
	return out, nil
}

// provider is the simulated `aws` provider: one per plugin process, configured once.
type provider struct {
	opts Options
	mu   sync.Mutex
	env  awsmodel.Env
}

// NewProvider returns the simulated AWS provider as a deploytest.Provider; wrap it with plugin.NewProviderServer to
// serve it.
func NewProvider(opts Options) *deploytest.Provider {
	p := &provider{opts: opts}
	return &deploytest.Provider{
		Name:         "aws",
		Package:      "aws",
		Version:      semver.MustParse(Version),
		CheckConfigF: p.checkConfig,
		DiffConfigF:  p.diffConfig,
		ConfigureF:   p.configure,
		CheckF:       p.check,
		DiffF:        p.diff,
		CreateF:      p.create,
		UpdateF:      p.update,
		DeleteF:      p.delete,
		ReadF:        p.read,
		InvokeF:      p.invoke,
		GetSchemaF:   p.schema,
	}
}

func (p *provider) environment() awsmodel.Env {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.env
}

// ---- provider configuration ----

func regionOf(m map[string]any) string {
	if r := awsmodelStr(m, "region"); r != "" {
		return r
	}
	for _, k := range []string{"AWS_REGION", "AWS_DEFAULT_REGION"} {
		if r := os.Getenv(k); r != "" {
			return r
		}
	}
	return ""
}

func awsmodelStr(m map[string]any, k string) string {
	s, _ := m[k].(string)
	return s
}

func (p *provider) checkConfig(_ context.Context, req plugin.CheckConfigRequest) (plugin.CheckConfigResponse, error) {
	news, secrets := ToPlain(req.News)
	var fails []plugin.CheckFailure
	r := regionOf(news)
	switch {
	case awsmodel.IsUnknown(news["region"]):
	case r == "":
		fails = append(fails, plugin.CheckFailure{Property: "region", Reason: "Missing region information: set aws:region in the stack configuration or the provider's region input (or AWS_REGION)"})
	case !awsmodel.ValidRegion(r):
		fails = append(fails, plugin.CheckFailure{Property: "region", Reason: fmt.Sprintf("invalid AWS Region: %s", r)})
	default:
		news["region"] = r
	}
	return plugin.CheckConfigResponse{Properties: FromPlain(news, secrets), Failures: fails}, nil
}

func (p *provider) diffConfig(_ context.Context, req plugin.DiffConfigRequest) (plugin.DiffConfigResponse, error) {
	olds, _ := ToPlain(req.OldInputs)
	outs, _ := ToPlain(req.OldOutputs)
	news, _ := ToPlain(req.NewInputs)
	return diffResult(awsmodel.Diff(awsmodel.TypeProvider, olds, outs, news)), nil
}

func (p *provider) configure(_ context.Context, req plugin.ConfigureRequest) (plugin.ConfigureResponse, error) {
	in, _ := ToPlain(req.Inputs)
	env := awsmodel.Env{Region: regionOf(in), DefaultTags: map[string]string{}}
	dt := in["defaultTags"]
	if s, ok := dt.(string); ok { // provider config objects may arrive JSON-encoded
		var v any
		if json.Unmarshal([]byte(s), &v) == nil {
			dt = v
		}
	}
	if m, ok := dt.(map[string]any); ok {
		if tags, ok := m["tags"].(map[string]any); ok {
			for k, v := range tags {
				if s, ok := v.(string); ok {
					env.DefaultTags[k] = s
				}
			}
		}
	}
	p.mu.Lock()
	p.env = env
	p.mu.Unlock()
	return plugin.ConfigureResponse{}, nil
}

func (p *provider) schema(context.Context, plugin.GetSchemaRequest) (plugin.GetSchemaResponse, error) {
	return plugin.GetSchemaResponse{Schema: []byte(`{"name":"aws","version":"` + Version + `"}`)}, nil
}

// ---- resources ----

func (p *provider) check(_ context.Context, req plugin.CheckRequest) (plugin.CheckResponse, error) {
	olds, _ := ToPlain(req.OldInputs)
	news, secrets := ToPlain(req.NewInputs)
	var in map[string]any
	var fails []awsmodel.Failure
	if p.opts.Lenient {
		in, fails = awsmodel.Check(string(req.Type), string(req.URN), olds, news)
	} else {
		err := p.opts.Store.View(func(a *awsmodel.Account) error {
			in, fails = a.Check(p.environment(), string(req.Type), string(req.URN), olds, news)
			return nil
		})
		if err != nil {
			return plugin.CheckResponse{}, err
		}
	}
	var out []plugin.CheckFailure
	for _, f := range fails {
		out = append(out, plugin.CheckFailure{Property: resource.PropertyKey(f.Property), Reason: f.Reason})
	}
	return plugin.CheckResponse{Properties: FromPlain(in, secrets), Failures: out}, nil
}

func (p *provider) diff(_ context.Context, req plugin.DiffRequest) (plugin.DiffResponse, error) {
	olds, _ := ToPlain(req.OldInputs)
	outs, _ := ToPlain(req.OldOutputs)
	news, _ := ToPlain(req.NewInputs)
	return diffResult(awsmodel.Diff(string(req.Type), olds, outs, news)), nil
}

func diffResult(d awsmodel.DiffResult) plugin.DiffResult {
	if !d.HasChanges() {
		return plugin.DiffResult{Changes: plugin.DiffNone}
	}
	res := plugin.DiffResult{Changes: plugin.DiffSome, DetailedDiff: map[string]plugin.PropertyDiff{}}
	for _, k := range d.ChangedKeys() {
		res.ChangedKeys = append(res.ChangedKeys, resource.PropertyKey(k))
	}
	for _, k := range d.ReplaceKeys() {
		res.ReplaceKeys = append(res.ReplaceKeys, resource.PropertyKey(k))
	}
	for _, c := range d.Changes {
		kind := map[awsmodel.ChangeKind]plugin.DiffKind{awsmodel.Add: plugin.DiffAdd, awsmodel.Update: plugin.DiffUpdate, awsmodel.Delete: plugin.DiffDelete}[c.Kind]
		if c.Replace {
			kind = kind.AsReplace()
		}
		res.DetailedDiff[c.Path] = plugin.PropertyDiff{Kind: kind, InputDiff: true}
	}
	return res
}

// mutate counts a create/update attempt and fails it when fault injection says so.
func (p *provider) mutate(a *awsmodel.Account, what string) error {
	a.Mutations++
	for _, n := range p.opts.FailAt {
		if n == a.Mutations {
			return fmt.Errorf("simulated failure (%s=%d): %s failed before AWS was called", EnvFailAt, n, what)
		}
	}
	return nil
}

func (p *provider) create(_ context.Context, req plugin.CreateRequest) (plugin.CreateResponse, error) {
	in, secrets := ToPlain(req.Properties)
	env := p.environment()
	if req.Preview {
		return plugin.CreateResponse{Properties: FromPlain(awsmodel.PreviewCreate(env, string(req.Type), in), secrets)}, nil
	}
	var id string
	var out map[string]any
	err := p.opts.Store.Update(func(a *awsmodel.Account) error {
		if err := p.mutate(a, "create of "+string(req.URN)); err != nil {
			return err
		}
		var err error
		id, out, err = a.Create(env, string(req.Type), string(req.URN), in)
		return err
	})
	p.opts.Store.Journal("create %s %s -> %s %v", req.Type, req.URN, id, errString(err))
	if err != nil {
		return plugin.CreateResponse{}, opError("creating", req.Type, req.URN, err)
	}
	return plugin.CreateResponse{ID: resource.ID(id), Properties: FromPlain(out, secrets), Status: resource.StatusOK}, nil
}

func (p *provider) update(_ context.Context, req plugin.UpdateRequest) (plugin.UpdateResponse, error) {
	olds, _ := ToPlain(req.OldInputs)
	outs, _ := ToPlain(req.OldOutputs)
	news, secrets := ToPlain(req.NewInputs)
	env := p.environment()
	if req.Preview {
		return plugin.UpdateResponse{Properties: FromPlain(awsmodel.PreviewUpdate(env, string(req.Type), olds, outs, news), secrets), Status: resource.StatusOK}, nil
	}
	var out map[string]any
	err := p.opts.Store.Update(func(a *awsmodel.Account) error {
		if err := p.mutate(a, "update of "+string(req.URN)); err != nil {
			return err
		}
		var err error
		out, err = a.Update(env, string(req.Type), string(req.ID), news)
		return err
	})
	p.opts.Store.Journal("update %s %s %s %v", req.Type, req.URN, req.ID, errString(err))
	if err != nil {
		return plugin.UpdateResponse{}, opError("updating", req.Type, req.URN, err)
	}
	return plugin.UpdateResponse{Properties: FromPlain(out, secrets), Status: resource.StatusOK}, nil
}

func (p *provider) delete(_ context.Context, req plugin.DeleteRequest) (plugin.DeleteResponse, error) {
	err := p.opts.Store.Update(func(a *awsmodel.Account) error {
		return a.Delete(string(req.Type), string(req.ID))
	})
	p.opts.Store.Journal("delete %s %s %s %v", req.Type, req.URN, req.ID, errString(err))
	if err != nil {
		return plugin.DeleteResponse{Status: resource.StatusUnknown}, opError("deleting", req.Type, req.URN, err)
	}
	return plugin.DeleteResponse{Status: resource.StatusOK}, nil
}

func (p *provider) read(_ context.Context, req plugin.ReadRequest) (plugin.ReadResponse, error) {
	var in, out map[string]any
	var found bool
	err := p.opts.Store.View(func(a *awsmodel.Account) error {
		in, out, found = a.Read(string(req.Type), string(req.ID))
		return nil
	})
	if err != nil {
		return plugin.ReadResponse{}, err
	}
	p.opts.Store.Journal("read %s %s %s found=%v", req.Type, req.URN, req.ID, found)
	if !found {
		return plugin.ReadResponse{ReadResult: plugin.ReadResult{ID: req.ID}, Status: resource.StatusOK}, nil
	}
	_, inSecrets := ToPlain(req.Inputs)
	_, outSecrets := ToPlain(req.State)
	inputs, outputs := FromPlain(in, inSecrets), FromPlain(out, outSecrets)
	return plugin.ReadResponse{ReadResult: plugin.ReadResult{ID: req.ID, Inputs: &inputs, Outputs: &outputs}, Status: resource.StatusOK}, nil
}

func (p *provider) invoke(_ context.Context, req plugin.InvokeRequest) (plugin.InvokeResponse, error) {
	args, _ := ToPlain(req.Args)
	var res map[string]any
	err := p.opts.Store.View(func(a *awsmodel.Account) error {
		var err error
		res, err = a.Invoke(p.environment(), string(req.Tok), args)
		return err
	})
	if err != nil {
		return plugin.InvokeResponse{}, fmt.Errorf("invoking %s: %w", req.Tok, err)
	}
	return plugin.InvokeResponse{Properties: FromPlain(res, nil)}, nil
}

func errString(err error) string {
	if err == nil {
		return "ok"
	}
	return "error: " + err.Error()
}

// opError words errors like the bridged provider ("creating EC2 Instance: InvalidIPAddress.InUse: …").
func opError(verb string, typ interface{ String() string }, urn resource.URN, err error) error {
	return fmt.Errorf("%s %s (%s): %w", verb, typ.String(), urn.Name(), err)
}
