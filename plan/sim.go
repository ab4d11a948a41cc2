package plan

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/jaiarobotics/jaia-cloud/awsmodel"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// simulator is the Pulumi mock monitor of a plan. It records every
// registration and answers it from a simulated AWS account.
//
// Each custom resource is created in its own small account (see account):
// the seeded objects it refers to plus the objects of the resources it
// depends on. Those are complete before the SDK registers the resource, so
// every id, address and name is a function of the resource and its
// dependencies only, never of the order in which the SDK's goroutines
// arrive. The price: account-wide rules between unrelated resources
// (addresses in use elsewhere, quotas) are not evaluated here; the e2e
// preview against the simulated provider does that.
type simulator struct {
	stack string
	// base is the seeded production inventory; never written.
	base *awsmodel.Account
	// seed maps the id of every seeded object to it.
	seed map[string]*awsmodel.Object
	// defaultEnv is the default provider's (aws:region of the stack config).
	defaultEnv awsmodel.Env
	// echo switches the simulated AWS off: custom resources answer with
	// their inputs (see echo).
	echo bool

	mu      sync.Mutex
	records []Resource
	// objects lists, per URN, the account objects its resource created (or
	// imported).
	objects map[string][]*awsmodel.Object
	// deps lists, per URN, the URNs it depends on.
	deps map[string][]string
	// envs maps provider references (urn::id) to their configuration.
	envs map[string]awsmodel.Env
}

func newSimulator(stack, defaultRegion string) *simulator {
	base := awsmodel.SeedAccount()
	seed := map[string]*awsmodel.Object{}
	for _, o := range base.All() {
		seed[o.ID] = o
	}
	if defaultRegion == "" {
		defaultRegion = awsmodel.DefaultRegion
	}
	return &simulator{
		stack: stack, base: base, seed: seed,
		defaultEnv: awsmodel.Env{Region: defaultRegion},
		objects:    map[string][]*awsmodel.Object{},
		deps:       map[string][]string{},
		envs:       map[string]awsmodel.Env{},
	}
}

// urnOf computes a URN exactly as the SDK's mock monitor does.
func (s *simulator) urnOf(parent, typ, name string) string {
	parentType := tokens.Type("")
	if p := resource.URN(parent); p != "" && p.QualifiedType() != resource.RootStackType {
		parentType = p.QualifiedType()
	}
	return string(resource.NewURN(tokens.QName(s.stack), tokens.PackageName(Project), parentType, tokens.Type(typ), name))
}

// splitRef splits a provider reference "urn::id".
func splitRef(ref string) (urn, id string) {
	if i := strings.LastIndex(ref, "::"); i >= 0 {
		return ref[:i], ref[i+2:]
	}
	return ref, ""
}

// providerID invents the engine's provider id (a UUID) from the URN.
func providerID(urn string) string {
	h := sha256.Sum256([]byte("provider\x00" + urn))
	x := hex.EncodeToString(h[:16])
	return x[0:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:32]
}

func (s *simulator) env(ref string) (awsmodel.Env, error) {
	if ref == "" {
		return s.defaultEnv, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.envs[ref]
	if !ok {
		return awsmodel.Env{}, fmt.Errorf("plan: unknown provider reference %s", ref)
	}
	return e, nil
}

// providerEnv reads a provider's region and default tags from its inputs.
func providerEnv(in map[string]any, def awsmodel.Env) awsmodel.Env {
	e := awsmodel.Env{Region: def.Region, DefaultTags: map[string]string{}}
	if r, ok := in["region"].(string); ok && r != "" {
		e.Region = r
	}
	for k, v := range providerDefaultTags(in) {
		e.DefaultTags[k] = v
	}
	return e
}

// NewResource implements pulumi.MockResourceMonitor.
func (s *simulator) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	rpc := args.RegisterRPC
	if rpc == nil {
		return "", nil, fmt.Errorf("plan: %s %s: reading existing resources (Get) is not supported offline", args.TypeToken, args.Name)
	}
	urn := s.urnOf(rpc.GetParent(), args.TypeToken, args.Name)
	provURN, _ := splitRef(args.Provider)
	rec := Resource{
		URN: urn, Type: args.TypeToken, Name: args.Name, Parent: rpc.GetParent(), Custom: args.Custom,
		Provider: provURN,
		Inputs:   recordMap(args.Inputs),
		Options: Options{
			Protect:             rpc.GetProtect(),
			RetainOnDelete:      rpc.GetRetainOnDelete(),
			DeleteBeforeReplace: rpc.GetDeleteBeforeReplace(),
			IgnoreChanges:       append([]string(nil), rpc.GetIgnoreChanges()...),
			ReplaceOnChanges:    append([]string(nil), rpc.GetReplaceOnChanges()...),
			DependsOn:           sortedSet(rpc.GetDependencies()),
			ImportID:            rpc.GetImportId(),
		},
	}
	id, out, objs, err := s.simulate(urn, args, &rec)
	if err != nil {
		return "", nil, err
	}
	s.mu.Lock()
	s.records = append(s.records, rec)
	s.deps[urn] = rec.Options.DependsOn
	if len(objs) > 0 {
		s.objects[urn] = objs
	}
	if strings.HasPrefix(args.TypeToken, "pulumi:providers:") {
		in, _ := simMap(args.Inputs)
		s.envs[urn+"::"+id] = providerEnv(in, s.defaultEnv)
	}
	s.mu.Unlock()
	return id, out, nil
}

// simulate answers one registration: the id and outputs for the SDK and the
// account objects to remember for dependents.
func (s *simulator) simulate(urn string, args pulumi.MockResourceArgs, rec *Resource) (string, resource.PropertyMap, []*awsmodel.Object, error) {
	typ := args.TypeToken
	switch {
	case !args.Custom:
		return "", resource.PropertyMap{}, nil, nil
	case strings.HasPrefix(typ, "pulumi:providers:"):
		return providerID(urn), args.Inputs, nil, nil
	case s.echo:
		return echo(typ, urn, args.Inputs)
	}
	in, secrets := simMap(args.Inputs)
	checked, fails := awsmodel.Check(typ, urn, nil, in)
	if len(fails) > 0 {
		var msgs []string
		for _, f := range fails {
			msgs = append(msgs, f.String())
		}
		sort.Strings(msgs)
		return "", nil, nil, fmt.Errorf("plan: %s: the simulated AWS provider rejects the inputs: %s", urn, strings.Join(msgs, "; "))
	}
	for k, v := range checked { // auto-names the provider's Check adds
		if _, had := in[k]; !had {
			rec.Inputs[k] = v
		}
	}
	env, err := s.env(args.Provider)
	if err != nil {
		return "", nil, nil, err
	}
	if imp := rec.Options.ImportID; imp != "" {
		return s.importResource(env, typ, urn, imp, checked, secrets, rec.Options.IgnoreChanges)
	}
	id, out, objs, err := s.create(env, typ, urn, checked, rec.Options.DependsOn)
	if err != nil {
		return "", nil, nil, fmt.Errorf("plan: %s: simulated create failed: %w", urn, err)
	}
	return id, toProperties(out, secrets), objs, nil
}

// importResource reads an existing object from the seeded account, as the
// engine does for a resource with an import id, and fails like `pulumi up`
// would when the program's inputs (ignoreChanges applied) differ from the
// object's.
func (s *simulator) importResource(env awsmodel.Env, typ, urn, id string, in map[string]any, secrets map[string]bool, ignore []string) (string, resource.PropertyMap, []*awsmodel.Object, error) {
	readIn, readOut, found := s.base.Read(typ, id)
	o := s.base.Get(typ, id)
	if !found || o == nil {
		return "", nil, nil, fmt.Errorf("plan: %s: import of %s %q: no such object in the simulated account (seeded: %s)",
			urn, typ, id, strings.Join(s.seededIDs(typ), ", "))
	}
	if o.Region != "" && o.Region != env.Region {
		return "", nil, nil, fmt.Errorf("plan: %s: import of %q: it is in %s, the provider in %s", urn, id, o.Region, env.Region)
	}
	if d := awsmodel.Diff(typ, readIn, readOut, withOldValues(readIn, in, ignore)); d.HasChanges() {
		return "", nil, nil, fmt.Errorf("plan: %s: import of %q would fail: the program's inputs differ from the existing object's (%s); "+
			"match them or list the paths in ignoreChanges", urn, id, d.String())
	}
	return id, toProperties(readOut, secrets), []*awsmodel.Object{o}, nil
}

// echo answers a registration without the simulated AWS: an id hashed from
// the URN, the inputs as outputs, plus an ARN and, for a VPC, an IPv6 block —
// the outputs the Jaia program reads to go on.
func echo(typ, urn string, inputs resource.PropertyMap) (string, resource.PropertyMap, []*awsmodel.Object, error) {
	id := awsmodel.HashID("sim-", typ, urn, 0)
	out := inputs.Copy()
	out["arn"] = resource.NewStringProperty(awsmodel.ARN("ec2", awsmodel.DefaultRegion, awsmodel.DefaultAccountID, "sim/"+id))
	if typ == awsmodel.TypeVpc {
		out["ipv6CidrBlock"] = resource.NewStringProperty("2600:1f13:0:100::/56")
	}
	return id, out, nil, nil
}

func (s *simulator) seededIDs(typ string) []string {
	var out []string
	for _, o := range s.base.List(typ) {
		out = append(out, o.ID)
	}
	return out
}

// wholeClosure lists the types whose creation looks at objects their inputs
// do not name (an Elastic IP association needs the internet gateway of the
// instance's VPC): they skip the small first account. This is only a
// shortcut; the fallback in create gives the same result.
var wholeClosure = map[string]bool{awsmodel.TypeEipAssociation: true}

// scope says which objects a private account holds.
type scope int

const (
	// named: the objects the inputs name by id (among the objects of the
	// direct dependencies) and what AWS made along with them.
	named scope = iota
	// closure: the objects of every transitive dependency.
	closure
	// everything: closure and the whole seeded inventory.
	everything
)

// create creates a resource in a private account, widening its scope
// (named, closure, everything) while the model refuses. In each scope the
// seeded objects referred to are added. Every scope depends only on the
// resource's dependencies, so the result is the same whatever order the
// registrations arrive in.
func (s *simulator) create(env awsmodel.Env, typ, urn string, in map[string]any, deps []string) (string, map[string]any, []*awsmodel.Object, error) {
	var lastErr error
	start := named
	if wholeClosure[typ] {
		start = closure
	}
	for sc := start; sc <= everything; sc++ {
		acct, before := s.account(in, deps, sc)
		id, out, err := acct.Create(env, typ, urn, in)
		if err != nil {
			lastErr = err
			continue
		}
		var created []*awsmodel.Object
		for _, t := range slices.Sorted(maps.Keys(acct.Objects)) {
			for _, oid := range slices.Sorted(maps.Keys(acct.Objects[t])) {
				if !before[t+"\x00"+oid] {
					created = append(created, slim(acct.Objects[t][oid]))
				}
			}
		}
		return id, out, created, nil
	}
	return "", nil, nil, lastErr
}

// bulky are properties no other resource's creation reads; the copies of
// objects kept for dependents leave them out (user data is most of an
// instance's bytes, and every private account is cloned as JSON).
var bulky = []string{"userData", "userDataBase64"}

func slim(o *awsmodel.Object) *awsmodel.Object {
	has := false
	for _, k := range bulky {
		_, in := o.Inputs[k]
		_, out := o.Outputs[k]
		has = has || in || out
	}
	if !has {
		return o
	}
	c := *o
	c.Inputs, c.Outputs = without(o.Inputs, bulky), without(o.Outputs, bulky)
	return &c
}

func without(m map[string]any, keys []string) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	for _, k := range keys {
		delete(out, k)
	}
	return out
}

// account builds the private account of one creation and returns the keys
// (type, id) of what it holds. Objects are shared, not copied: Account.Create
// works on a clone and never writes to the objects it was given.
func (s *simulator) account(in map[string]any, deps []string, sc scope) (*awsmodel.Account, map[string]bool) {
	a := awsmodel.NewAccount()
	for r, q := range s.base.EIPQuota {
		a.EIPQuota[r] = q
	}
	have := map[string]bool{}
	put := func(o *awsmodel.Object) bool {
		k := o.Type + "\x00" + o.ID
		if have[k] {
			return false
		}
		have[k] = true
		if a.Objects[o.Type] == nil {
			a.Objects[o.Type] = map[string]*awsmodel.Object{}
		}
		a.Objects[o.Type][o.ID] = o
		return true
	}
	s.mu.Lock()
	var objs []*awsmodel.Object
	if sc >= closure {
		seen := map[string]bool{}
		var walk func(urns []string)
		walk = func(urns []string) {
			for _, u := range urns {
				if seen[u] {
					continue
				}
				seen[u] = true
				objs = append(objs, s.objects[u]...)
				walk(s.deps[u])
			}
		}
		walk(deps)
	} else {
		for _, u := range deps {
			objs = append(objs, s.objects[u]...)
		}
	}
	s.mu.Unlock()
	var queue []*awsmodel.Object
	if sc == everything {
		for _, o := range s.base.All() {
			put(o)
		}
	}
	if sc >= closure {
		for _, o := range objs {
			if put(o) {
				queue = append(queue, o)
			}
		}
	} else {
		// The objects the inputs name, and what AWS made with them.
		ids := map[string]bool{}
		walkStrings(in, func(str string) { ids[str] = true })
		for _, o := range objs {
			if ids[o.ID] && put(o) {
				queue = append(queue, o)
			}
		}
		for _, o := range objs {
			if o.ImplicitOf != "" && ids[o.ImplicitOf] && put(o) {
				queue = append(queue, o)
			}
		}
	}
	// Seeded objects referred to, transitively through their outputs.
	refer := func(v any) {
		walkStrings(v, func(str string) {
			if o, ok := s.seed[str]; ok && put(o) {
				queue = append(queue, o)
			}
		})
	}
	refer(in)
	for len(queue) > 0 {
		o := queue[0]
		queue = queue[1:]
		refer(o.Outputs)
	}
	return a, have
}

// maxIDLen bounds the strings that can be ids or names of AWS objects
// (IAM names are at most 128 characters; a bucket name 63).
const maxIDLen = 256

// walkStrings calls f on every string inside a plain value that could be an
// id (user data and policy documents are skipped, not hashed).
func walkStrings(v any, f func(string)) {
	switch x := v.(type) {
	case string:
		if len(x) <= maxIDLen {
			f(x)
		}
	case []any:
		for _, e := range x {
			walkStrings(e, f)
		}
	case map[string]any:
		for _, e := range x {
			walkStrings(e, f)
		}
	}
}

// Call implements pulumi.MockResourceMonitor: invokes are answered by the
// seeded account (read-only, so concurrent calls are safe).
func (s *simulator) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	env, err := s.env(args.Provider)
	if err != nil {
		return nil, err
	}
	in, _ := simMap(args.Args)
	if s.echo {
		return args.Args, nil
	}
	res, err := s.base.Invoke(env, args.Token, in)
	if err != nil {
		return nil, fmt.Errorf("plan: invoke %s: %w", args.Token, err)
	}
	return toProperties(res, nil), nil
}

// result returns the recorded registrations, the stack's root resource
// included, sorted by URN.
func (s *simulator) result() []Resource {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := append([]Resource(nil), s.records...)
	out = append(out, Resource{URN: StackURN(s.stack), Type: StackType, Name: Project + "-" + s.stack, Inputs: map[string]any{}})
	sort.Slice(out, func(i, j int) bool { return out[i].URN < out[j].URN })
	return out
}

var errNoStack = errors.New("plan: no stack name")
