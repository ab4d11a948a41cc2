package awsmodel

import (
	"fmt"
	"sort"
	"strings"
)

// Failure is a Check failure: an invalid input, reported before anything is created.
type Failure struct {
	Property string
	Reason   string
}

func (f Failure) String() string { return f.Property + ": " + f.Reason }

// handler implements one resource type against the account.
type handler struct {
	// check validates inputs statically (no account access); unknown values must be skipped.
	check func(in map[string]any) []Failure
	// preflight validates known inputs against the account before anything happens (used by Account.Check).
	preflight func(c *opCtx) []Failure
	// create makes the object: it sets c.id and completes c.out.
	create func(c *opCtx) error
	// update changes the object c.obj in place; c.out starts as the old outputs overlaid with the new inputs.
	update func(c *opCtx) error
	// del removes side effects before the object disappears; returning an error refuses the delete.
	del func(c *opCtx) error
}

var handlers = map[string]*handler{}

// opCtx carries one operation.
type opCtx struct {
	a      *Account
	env    Env
	typ    string
	urn    string
	in     map[string]any // new inputs
	old    map[string]any // old inputs (update)
	out    map[string]any // outputs being built
	id     string
	obj    *Object        // the object being updated/deleted
	intern map[string]any // Internal of the object being built
	// preflight is set while Account.Check runs: references by name or ARN (roles, instance profiles, buckets)
	// are not looked up then, because a program may know such a name before the resource exists (auto-names,
	// config strings); references by AWS-generated id (vpc-…, subnet-…, eipalloc-…) can only be known once the
	// object exists, so those are checked.
	preflight bool
}

func (c *opCtx) region() string {
	if c.obj != nil && c.obj.Region != "" {
		return c.obj.Region
	}
	return c.env.Region
}

// LogicalName extracts the resource name from a Pulumi URN (`urn:pulumi:stack::proj::type::name`).
func LogicalName(urn string) string {
	if i := strings.LastIndex(urn, "::"); i >= 0 {
		return urn[i+2:]
	}
	return urn
}

// Check validates inputs the way the provider's Check does, without the account: required inputs, conflicting
// inputs, formats. It also applies auto-naming: when the type has a name property that the program left out (and
// no name prefix), the name from olds is kept, or a new `<logical>-<7 hex>` name is derived from the URN. It returns
// the checked inputs (a copy) and any failures. Unknown values pass.
func Check(typ, urn string, olds, news map[string]any) (map[string]any, []Failure) {
	in := CopyMap(news)
	if in == nil {
		in = map[string]any{}
	}
	s, ok := schemas[typ]
	if !ok {
		return in, []Failure{{Property: "", Reason: fmt.Sprintf("the simulated AWS model does not know resource type %q (known: %s)", typ, strings.Join(Types(), ", "))}}
	}
	var fails []Failure
	if s.NameProp != "" && !present(in, s.NameProp) && (s.NamePrefixProp == "" || !present(in, s.NamePrefixProp)) {
		if old := str(olds, s.NameProp); old != "" && (s.NamePrefixProp == "" || !present(olds, s.NamePrefixProp)) {
			in[s.NameProp] = old
		} else {
			in[s.NameProp] = AutoName(LogicalName(urn), urn, s.NameMaxLen, s.NameLower)
		}
	}
	for _, r := range s.Required {
		if !present(in, r) {
			fails = append(fails, Failure{r, fmt.Sprintf("Missing required property '%s'", r)})
		}
	}
	for _, g := range s.ConflictsWith {
		var set []string
		for _, k := range g {
			if present(in, k) && !emptyValue(in[k]) {
				set = append(set, k)
			}
		}
		if len(set) > 1 {
			fails = append(fails, Failure{set[1], fmt.Sprintf("conflicts with %s", set[0])})
		}
	}
	for _, g := range s.ExactlyOneOf {
		var set []string
		for _, k := range g {
			if present(in, k) {
				set = append(set, k)
			}
		}
		if len(set) != 1 {
			fails = append(fails, Failure{g[0], fmt.Sprintf("exactly one of %s must be specified (got %d)", strings.Join(g, ", "), len(set))})
		}
	}
	if h := handlers[typ]; h != nil && h.check != nil {
		fails = append(fails, h.check(in)...)
	}
	return in, fails
}

// Check is the package Check plus the account rules that can be decided before anything is created, for inputs
// that are already known: objects referenced by AWS-generated id (subnets, VPCs, security groups, EIP allocations)
// must exist, fixed addresses must lie in their subnet and be free, names must be unique. Objects that the
// resource being checked owns (same URN: it may be replaced) are ignored. (The real provider finds these only when it applies; the
// simulator reports them at preview so that mistakes surface early.)
func (a *Account) Check(env Env, typ, urn string, olds, news map[string]any) (map[string]any, []Failure) {
	in, fails := Check(typ, urn, olds, news)
	if len(fails) > 0 {
		return in, fails
	}
	// An existing resource checked against its own inputs (an import, or a
	// resource the program leaves as it is) does nothing AWS could refuse.
	if len(olds) > 0 && Equal(olds, news) {
		return in, fails
	}
	if h := handlers[typ]; h != nil && h.preflight != nil {
		c := &opCtx{a: a.withoutURN(urn), env: env, typ: typ, urn: urn, in: in, old: olds, preflight: true}
		fails = append(fails, h.preflight(c)...)
	}
	return in, fails
}

// withoutURN returns a copy of the account without the objects a resource (URN) owns, so that checking a
// replacement does not trip over the resource it replaces (which may be deleted first).
func (a *Account) withoutURN(urn string) *Account {
	c := a.Clone()
	if urn == "" {
		return c
	}
	for _, o := range c.All() {
		if o.URN == urn {
			c.remove(o.Type, o.ID)
			for _, child := range c.All() {
				if child.ImplicitOf == o.ID {
					c.remove(child.Type, child.ID)
				}
			}
		}
	}
	return c
}

// Outputs returns the id and outputs that creating the resource would produce, without changing acct (nil means an
// empty account). This is what the offline plan's mocks report.
func Outputs(typ, urn string, inputs map[string]any, acct *Account, env Env) (id string, outputs map[string]any, err error) {
	if acct == nil {
		acct = NewAccount()
	}
	return acct.Clone().Create(env, typ, urn, inputs)
}

// Create creates a resource: it validates the inputs against the account, invents ids and addresses, records the
// object and returns its id and outputs. On error the account is unchanged.
func (a *Account) Create(env Env, typ, urn string, inputs map[string]any) (string, map[string]any, error) {
	h := handlers[typ]
	if h == nil || h.create == nil {
		return "", nil, awsErr("UnsupportedOperation", "the simulated AWS model does not know resource type %q", typ)
	}
	if env.Region == "" {
		env.Region = DefaultRegion
	}
	if _, fails := Check(typ, urn, nil, inputs); len(fails) > 0 {
		return "", nil, awsErr("ValidationError", "%s", joinFailures(fails))
	}
	work := a.Clone()
	c := &opCtx{a: work, env: env, typ: typ, urn: urn, in: CopyMap(inputs), intern: map[string]any{}}
	c.out = stateOf(typ, c.in)
	if err := h.create(c); err != nil {
		return "", nil, err
	}
	finishOutputs(c)
	work.put(&Object{Type: typ, ID: c.id, Region: env.Region, URN: urn, Inputs: CopyMap(inputs), Outputs: c.out, Internal: nilIfEmpty(c.intern)})
	*a = *work
	return c.id, CopyMap(c.out), nil
}

// Update changes a resource in place with new inputs (a diff without replacements); on error the account is
// unchanged.
func (a *Account) Update(env Env, typ, id string, newInputs map[string]any) (map[string]any, error) {
	h := handlers[typ]
	work := a.Clone()
	o := work.Get(typ, id)
	if o == nil {
		return nil, awsErr(notFoundCode(typ), "the %s '%s' does not exist", shortType(typ), id)
	}
	if env.Region == "" {
		env.Region = o.Region
	}
	c := &opCtx{a: work, env: env, typ: typ, urn: o.URN, in: CopyMap(newInputs), old: CopyMap(o.Inputs), id: id, obj: o, intern: o.Internal}
	if c.intern == nil {
		c.intern = map[string]any{}
	}
	c.out = overlay(typ, o.Outputs, o.Inputs, c.in)
	if h != nil && h.update != nil {
		if err := h.update(c); err != nil {
			return nil, err
		}
	}
	finishOutputs(c)
	o.Inputs, o.Outputs, o.Internal = CopyMap(newInputs), c.out, nilIfEmpty(c.intern)
	*a = *work
	return CopyMap(c.out), nil
}

// Delete deletes a resource. Deleting something that is already gone succeeds (as the provider treats NotFound on
// delete). On error the account is unchanged.
func (a *Account) Delete(typ, id string) error {
	work := a.Clone()
	o := work.Get(typ, id)
	if o == nil {
		return nil
	}
	if h := handlers[typ]; h != nil && h.del != nil {
		c := &opCtx{a: work, env: Env{Region: o.Region}, typ: typ, urn: o.URN, id: id, obj: o, in: o.Inputs, out: o.Outputs, intern: o.Internal}
		if err := h.del(c); err != nil {
			return err
		}
	}
	work.remove(typ, id)
	*a = *work
	return nil
}

// Read returns the inputs and outputs of an object (for refresh and import); found is false when it is gone.
func (a *Account) Read(typ, id string) (inputs, outputs map[string]any, found bool) {
	o := a.Get(typ, id)
	if o == nil {
		return nil, nil, false
	}
	return CopyMap(o.Inputs), CopyMap(o.Outputs), true
}

// PreviewCreate returns the outputs a preview shows for a resource that would be created: the inputs, plus Unknown
// for every property AWS computes that the inputs do not fix.
func PreviewCreate(env Env, typ string, inputs map[string]any) map[string]any {
	out := stateOf(typ, inputs)
	for _, k := range Computed(typ) {
		if !present(out, k) {
			out[k] = Unknown
		}
	}
	if s, ok := schemas[typ]; ok && s.Tags {
		out["tagsAll"] = tagsAll(env, inputs)
	}
	return out
}

// PreviewUpdate returns the outputs a preview shows for an in-place update: the old state overlaid with the new
// inputs. Values AWS recomputes from changed inputs become Unknown.
func PreviewUpdate(env Env, typ string, oldInputs, oldOutputs, newInputs map[string]any) map[string]any {
	out := overlay(typ, oldOutputs, oldInputs, newInputs)
	if s, ok := schemas[typ]; ok && s.Tags {
		out["tagsAll"] = tagsAll(env, newInputs)
	}
	if typ == TypeSsmParameter && (!Equal(oldInputs["value"], newInputs["value"]) || !Equal(oldInputs["insecureValue"], newInputs["insecureValue"])) {
		out["version"] = Unknown
	}
	return out
}

// stateOf maps inputs to the state form (StateFuncs applied).
func stateOf(typ string, in map[string]any) map[string]any {
	out := CopyMap(in)
	if out == nil {
		out = map[string]any{}
	}
	for k, v := range out {
		out[k] = stateValue(typ, k, v)
	}
	return out
}

// overlay puts new inputs over old outputs; inputs that were removed disappear unless AWS keeps computing them.
func overlay(typ string, oldOutputs, oldInputs, newInputs map[string]any) map[string]any {
	out := CopyMap(oldOutputs)
	if out == nil {
		out = map[string]any{}
	}
	s := schemas[typ]
	for k := range oldInputs {
		if _, still := newInputs[k]; !still && (s == nil || !s.optionalComputed(k)) {
			delete(out, k)
		}
	}
	for k, v := range newInputs {
		if nm, ok := v.(map[string]any); ok {
			if om, ok := out[k].(map[string]any); ok && !HasUnknown(nm) {
				merged := CopyMap(om)
				for kk, vv := range nm {
					merged[kk] = Copy(vv)
				}
				out[k] = merged
				continue
			}
		}
		out[k] = stateValue(typ, k, Copy(v))
	}
	return out
}

func finishOutputs(c *opCtx) {
	if s, ok := schemas[c.typ]; ok && s.Tags {
		c.out["tagsAll"] = tagsAll(c.env, c.in)
	}
}

func tagsAll(env Env, in map[string]any) any {
	if IsUnknown(in["tags"]) {
		return Unknown
	}
	all := map[string]any{}
	for k, v := range env.DefaultTags {
		all[k] = v
	}
	for k, v := range obj(in, "tags") {
		all[k] = v
	}
	return all
}

func nilIfEmpty(m map[string]any) map[string]any {
	if len(m) == 0 {
		return nil
	}
	return m
}

func joinFailures(fs []Failure) string {
	var parts []string
	for _, f := range fs {
		parts = append(parts, f.String())
	}
	sort.Strings(parts)
	return strings.Join(parts, "; ")
}

// notFoundCode is the AWS error code for a missing object of a type.
func notFoundCode(typ string) string {
	switch typ {
	case TypeInstance:
		return "InvalidInstanceID.NotFound"
	case TypeSubnet:
		return "InvalidSubnetID.NotFound"
	case TypeVpc:
		return "InvalidVpcID.NotFound"
	case TypeSecurityGroup:
		return "InvalidGroup.NotFound"
	case TypeEip:
		return "InvalidAllocationID.NotFound"
	case TypeEipAssociation:
		return "InvalidAssociationID.NotFound"
	case TypeNetworkInterface:
		return "InvalidNetworkInterfaceID.NotFound"
	case TypeInternetGateway:
		return "InvalidInternetGatewayID.NotFound"
	case TypeRouteTable:
		return "InvalidRouteTableID.NotFound"
	case TypeRole, TypeInstanceProfile, TypeRolePolicy:
		return "NoSuchEntity"
	case TypeBucketV2:
		return "NoSuchBucket"
	case TypeSsmParameter:
		return "ParameterNotFound"
	}
	return "ResourceNotFound"
}

// knownStr returns the string at k when it is known and non-empty.
func knownStr(m map[string]any, k string) (string, bool) {
	s := str(m, k)
	return s, s != "" && s != Unknown
}
