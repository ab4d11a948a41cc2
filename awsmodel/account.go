package awsmodel

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
)

// Account is the simulated AWS account: every object that exists, in every region, plus the counters the simulator
// keeps. It is a plain value (JSON-serialisable); it does no I/O and no locking — the simulator's store does both.
//
// Objects are keyed by type and id. Besides the resources a program manages, the account holds objects AWS creates
// on its own (a VPC's default security group and main route table, an instance's primary network interface — marked
// Implicit) and pre-existing ones (Seeded), which a program can import.
type Account struct {
	ID string `json:"accountId"`
	// Objects maps type token -> id -> object.
	Objects map[string]map[string]*Object `json:"objects"`
	// Mutations counts create and update attempts over the account's lifetime (the simulator's fault injection
	// uses it).
	Mutations int `json:"mutations"`
	// EIPQuota caps Elastic IP allocations per region (AWS's default quota is 5).
	EIPQuota map[string]int `json:"eipQuota,omitempty"`
	// Generations counts the ids issued per type and URN, so that a replacement never gets its predecessor's id
	// (AWS never reuses instance or allocation ids) while a fresh account replays deterministically.
	Generations map[string]int `json:"generations,omitempty"`
}

// Object is one thing that exists in the account.
type Object struct {
	Type   string `json:"type"`
	ID     string `json:"id"`
	Region string `json:"region,omitempty"`
	// URN of the Pulumi resource that created it; empty for seeded and implicit objects.
	URN string `json:"urn,omitempty"`
	// Seeded marks objects that existed before any program ran (importable).
	Seeded bool `json:"seeded,omitempty"`
	// ImplicitOf is the id of the object whose creation made AWS create this one (e.g. an instance's primary ENI).
	ImplicitOf string `json:"implicitOf,omitempty"`
	// Inputs are the resource inputs (what a program passed, or what an import should expect).
	Inputs map[string]any `json:"inputs"`
	// Outputs are the resource's state as the provider reports it.
	Outputs map[string]any `json:"outputs"`
	// Internal holds bookkeeping that is not part of the provider's state.
	Internal map[string]any `json:"internal,omitempty"`
}

// Env is the provider configuration an operation runs under.
type Env struct {
	Region      string
	DefaultTags map[string]string
}

// Error is an AWS API error: an error code such as `InvalidIPAddress.InUse` and a message.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

func awsErr(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the AWS error code of err, or "".
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// NewAccount returns an empty account with id DefaultAccountID.
func NewAccount() *Account {
	return &Account{ID: DefaultAccountID, Objects: map[string]map[string]*Object{}, EIPQuota: map[string]int{}}
}

// UnmarshalAccount decodes an account from JSON.
func UnmarshalAccount(b []byte) (*Account, error) {
	a := NewAccount()
	if err := json.Unmarshal(b, a); err != nil {
		return nil, fmt.Errorf("awsmodel: decoding account: %w", err)
	}
	if a.Objects == nil {
		a.Objects = map[string]map[string]*Object{}
	}
	if a.EIPQuota == nil {
		a.EIPQuota = map[string]int{}
	}
	return a, nil
}

// MarshalJSONIndent encodes the account as indented JSON.
func (a *Account) MarshalJSONIndent() ([]byte, error) {
	return json.MarshalIndent(a, "", "  ")
}

// Clone returns a deep copy of the account.
func (a *Account) Clone() *Account {
	c := &Account{ID: a.ID, Mutations: a.Mutations, Objects: make(map[string]map[string]*Object, len(a.Objects)),
		EIPQuota: make(map[string]int, len(a.EIPQuota)), Generations: make(map[string]int, len(a.Generations))}
	for k, v := range a.EIPQuota {
		c.EIPQuota[k] = v
	}
	for k, v := range a.Generations {
		c.Generations[k] = v
	}
	for t, objs := range a.Objects {
		m := make(map[string]*Object, len(objs))
		for id, o := range objs {
			cp := *o
			cp.Inputs, cp.Outputs, cp.Internal = CopyMap(o.Inputs), CopyMap(o.Outputs), CopyMap(o.Internal)
			m[id] = &cp
		}
		c.Objects[t] = m
	}
	return c
}

// Get returns the object of a type with an id, or nil.
func (a *Account) Get(typ, id string) *Object {
	return a.Objects[typ][id]
}

// Find returns the object with an id, whatever its type, or nil.
func (a *Account) Find(id string) *Object {
	for _, m := range a.Objects {
		if o, ok := m[id]; ok {
			return o
		}
	}
	return nil
}

// List returns the objects of a type, sorted by id.
func (a *Account) List(typ string) []*Object {
	var out []*Object
	for _, id := range slices.Sorted(maps.Keys(a.Objects[typ])) {
		out = append(out, a.Objects[typ][id])
	}
	return out
}

// All returns every object, sorted by type and id.
func (a *Account) All() []*Object {
	var out []*Object
	for _, t := range slices.Sorted(maps.Keys(a.Objects)) {
		out = append(out, a.List(t)...)
	}
	return out
}

// Managed returns the objects created by Pulumi resources (neither seeded nor implicit), sorted.
func (a *Account) Managed() []*Object {
	var out []*Object
	for _, o := range a.All() {
		if o.URN != "" && o.ImplicitOf == "" {
			out = append(out, o)
		}
	}
	return out
}

func (a *Account) put(o *Object) {
	if a.Objects[o.Type] == nil {
		a.Objects[o.Type] = map[string]*Object{}
	}
	a.Objects[o.Type][o.ID] = o
}

func (a *Account) remove(typ, id string) {
	delete(a.Objects[typ], id)
	if len(a.Objects[typ]) == 0 {
		delete(a.Objects, typ)
	}
}

// where returns the objects of a type that satisfy pred, sorted by id.
func (a *Account) where(typ string, pred func(*Object) bool) []*Object {
	var out []*Object
	for _, o := range a.List(typ) {
		if pred(o) {
			out = append(out, o)
		}
	}
	return out
}

// idTaken reports whether any object has id.
func (a *Account) idTaken(id string) bool { return a.Find(id) != nil }

// newID returns a fresh hashed id for a resource: generation g of (type, URN) is tried first, where g counts the
// ids issued for it before; taken ids are skipped.
func (a *Account) newID(prefix, typ, urn string) string {
	if a.Generations == nil {
		a.Generations = map[string]int{}
	}
	key := typ + " " + urn
	for gen := a.Generations[key]; ; gen++ {
		id := HashID(prefix, typ, urn, gen)
		if !a.idTaken(id) {
			a.Generations[key] = gen + 1
			return id
		}
	}
}

// uniqueName imitates Terraform's PrefixedUniqueId for name prefixes: prefix + 26 digits, a new value each time
// the same resource asks again.
func (a *Account) uniqueName(prefix, typ, urn string) string {
	if a.Generations == nil {
		a.Generations = map[string]int{}
	}
	key := "unique " + typ + " " + urn
	gen := a.Generations[key]
	a.Generations[key] = gen + 1
	return prefixedUniqueID(prefix, typ, urn, gen)
}

// Summary renders the inventory as one line per object, for humans.
func (a *Account) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "account %s: %d objects, %d create/update attempts\n", a.ID, len(a.All()), a.Mutations)
	for _, o := range a.All() {
		kind, owner := "managed", o.URN
		switch {
		case o.Seeded:
			kind = "seeded"
		case o.ImplicitOf != "":
			kind, owner = "implicit", "of "+o.ImplicitOf
		}
		fmt.Fprintf(&b, "%-12s %-8s %-26s %-28s %s %s\n", o.Region, kind, shortType(o.Type), o.ID, summaryDetail(o), owner)
	}
	return b.String()
}

func shortType(t string) string {
	if i := strings.LastIndex(t, ":"); i >= 0 {
		return t[i+1:]
	}
	return t
}

func summaryDetail(o *Object) string {
	var parts []string
	for _, k := range []string{"name", "bucket", "cidrBlock", "ipv6CidrBlock", "publicIp", "privateIp",
		"associationId", "instanceId", "allocationId"} {
		if v := str(o.Outputs, k); v != "" {
			parts = append(parts, k+"="+v)
		}
	}
	if l := strList(o.Outputs, "ipv6Addresses"); len(l) > 0 {
		parts = append(parts, "ipv6="+strings.Join(l, ","))
	}
	sort.Strings(parts)
	return strings.Join(parts, " ")
}
