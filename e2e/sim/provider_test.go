package sim

import (
	"context"
	"path/filepath"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/pkg/v3/resource/deploy/deploytest"
	"github.com/pulumi/pulumi/pkg/v3/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jaiarobotics/jaia-cloud/awsmodel"
)

func newSim(t *testing.T, opts Options) (*deploytest.Provider, *Store) {
	t.Helper()
	st, err := NewStore(filepath.Join(t.TempDir(), "account.json"), "")
	require.NoError(t, err)
	opts.Store = st
	p := NewProvider(opts)
	_, err = p.Configure(context.Background(), plugin.ConfigureRequest{Inputs: property.NewMap(map[string]property.Value{
		"region":      property.New("us-west-2"),
		"defaultTags": property.New(`{"tags":{"jaia":"e2e"}}`),
	})})
	require.NoError(t, err)
	return p, st
}

func urnOf(typ, name string) resource.URN {
	return resource.NewURN("test", "jaia", "", tokens.Type(typ), name)
}

func props(m map[string]any) property.Map { return FromPlain(m, nil) }

func TestProviderLifecycle(t *testing.T) {
	p, st := newSim(t, Options{})
	ctx := context.Background()
	typ := awsmodel.TypeEipAssociation
	u := urnOf(typ, "docs")

	// Check: a missing allocation is reported before anything happens (strict preview).
	chk, err := p.Check(ctx, plugin.CheckRequest{URN: u, Type: tokens.Type(typ), RandomSeed: []byte{1},
		NewInputs: props(map[string]any{"allocationId": "eipalloc-0000000000000dead", "instanceId": "i-0123"})})
	require.NoError(t, err)
	require.Len(t, chk.Failures, 1)
	assert.Contains(t, chk.Failures[0].Reason, "InvalidAllocationID.NotFound")

	// A security group: auto-named by Check, unknown outputs in preview, real ones on create.
	sgType := awsmodel.TypeSecurityGroup
	sgURN := urnOf(sgType, "web")
	chk, err = p.Check(ctx, plugin.CheckRequest{URN: sgURN, Type: tokens.Type(sgType), RandomSeed: []byte{1},
		NewInputs: props(map[string]any{"description": "web"})})
	require.NoError(t, err)
	require.Empty(t, chk.Failures)
	name := chk.Properties.Get("name").AsString()
	assert.Regexp(t, `^web-[0-9a-f]{7}$`, name)

	pre, err := p.Create(ctx, plugin.CreateRequest{URN: sgURN, Type: tokens.Type(sgType), Properties: chk.Properties, Preview: true})
	require.NoError(t, err)
	assert.Empty(t, pre.ID)
	assert.True(t, pre.Properties.Get("arn").IsComputed())
	assert.True(t, pre.Properties.Get("vpcId").IsComputed(), "the default VPC is only known at create")

	created, err := p.Create(ctx, plugin.CreateRequest{URN: sgURN, Type: tokens.Type(sgType), Properties: chk.Properties})
	require.NoError(t, err)
	assert.Regexp(t, `^sg-0`, string(created.ID))
	assert.Equal(t, awsmodel.DefaultVpcID, created.Properties.Get("vpcId").AsString())
	assert.Equal(t, "e2e", created.Properties.Get("tagsAll").AsMap().Get("jaia").AsString(), "provider default tags")

	// Diff: description replaces, tags update.
	news := props(map[string]any{"description": "web2", "name": name})
	d, err := p.Diff(ctx, plugin.DiffRequest{URN: sgURN, Type: tokens.Type(sgType), ID: created.ID,
		OldInputs: chk.Properties, OldOutputs: created.Properties, NewInputs: news})
	require.NoError(t, err)
	assert.Equal(t, plugin.DiffSome, d.Changes)
	assert.Equal(t, []resource.PropertyKey{"description"}, d.ReplaceKeys)
	assert.Equal(t, plugin.DiffUpdateReplace, d.DetailedDiff["description"].Kind)
	d, err = p.Diff(ctx, plugin.DiffRequest{URN: sgURN, Type: tokens.Type(sgType), ID: created.ID,
		OldInputs: chk.Properties, OldOutputs: created.Properties, NewInputs: chk.Properties})
	require.NoError(t, err)
	assert.Equal(t, plugin.DiffNone, d.Changes)

	tagged := props(map[string]any{"description": "web", "name": name, "tags": map[string]any{"Name": "web"}})
	up, err := p.Update(ctx, plugin.UpdateRequest{URN: sgURN, Type: tokens.Type(sgType), ID: created.ID,
		OldInputs: chk.Properties, OldOutputs: created.Properties, NewInputs: tagged})
	require.NoError(t, err)
	assert.Equal(t, "web", up.Properties.Get("tags").AsMap().Get("Name").AsString())

	// Read returns what exists; after delete it reports the resource gone.
	rd, err := p.Read(ctx, plugin.ReadRequest{URN: sgURN, Type: tokens.Type(sgType), ID: created.ID})
	require.NoError(t, err)
	require.NotNil(t, rd.Outputs)
	assert.Equal(t, name, rd.Outputs.Get("name").AsString())
	_, err = p.Delete(ctx, plugin.DeleteRequest{URN: sgURN, Type: tokens.Type(sgType), ID: created.ID})
	require.NoError(t, err)
	rd, err = p.Read(ctx, plugin.ReadRequest{URN: sgURN, Type: tokens.Type(sgType), ID: created.ID})
	require.NoError(t, err)
	assert.Nil(t, rd.Outputs)

	// Import path: reading a seeded allocation.
	eip := awsmodel.ProdEIPs[0]
	rd, err = p.Read(ctx, plugin.ReadRequest{URN: urnOf(awsmodel.TypeEip, "docs"), Type: awsmodel.TypeEip, ID: resource.ID(eip.AllocationID)})
	require.NoError(t, err)
	require.NotNil(t, rd.Inputs)
	assert.Equal(t, "vpc", rd.Inputs.Get("domain").AsString())
	assert.Equal(t, eip.PublicIP, rd.Outputs.Get("publicIp").AsString())

	a, err := st.Load()
	require.NoError(t, err)
	assert.Equal(t, 2, a.Mutations, "one create and one update")
}

func TestProviderFaultInjection(t *testing.T) {
	p, st := newSim(t, Options{FailAt: []int{2}})
	ctx := context.Background()
	mk := func(name string) error {
		u := urnOf(awsmodel.TypeBucketV2, name)
		_, err := p.Create(ctx, plugin.CreateRequest{URN: u, Type: awsmodel.TypeBucketV2, Properties: props(map[string]any{"bucket": name})})
		return err
	}
	require.NoError(t, mk("jaia-one"))
	err := mk("jaia-two")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "simulated failure (JAIA_SIM_FAIL_AT=2)")
	require.NoError(t, mk("jaia-two"), "the retry is attempt 3")
	a, err := st.Load()
	require.NoError(t, err)
	assert.Equal(t, 3, a.Mutations)
	assert.Len(t, a.Managed(), 2)
}

func TestProviderInvokeAndConfig(t *testing.T) {
	p, _ := newSim(t, Options{})
	ctx := context.Background()
	res, err := p.Invoke(ctx, plugin.InvokeRequest{Tok: awsmodel.InvokeGetParameter, Args: props(map[string]any{
		"name": "/aws/service/canonical/ubuntu/server/24.04/stable/current/arm64/hvm/ebs-gp3/ami-id"})})
	require.NoError(t, err)
	assert.Regexp(t, `^ami-0`, res.Properties.Get("insecureValue").AsString())
	_, err = p.Invoke(ctx, plugin.InvokeRequest{Tok: "aws:nope/getNope:getNope", Args: props(nil)})
	assert.Error(t, err)

	cc, err := p.CheckConfig(ctx, plugin.CheckConfigRequest{News: props(map[string]any{"region": "mars"})})
	require.NoError(t, err)
	assert.NotEmpty(t, cc.Failures)
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_DEFAULT_REGION", "")
	cc, err = p.CheckConfig(ctx, plugin.CheckConfigRequest{News: props(map[string]any{})})
	require.NoError(t, err)
	assert.Contains(t, cc.Failures[0].Reason, "Missing region")
	dc, err := p.DiffConfig(ctx, plugin.DiffConfigRequest{OldInputs: props(map[string]any{"region": "us-west-2"}),
		OldOutputs: props(map[string]any{"region": "us-west-2"}), NewInputs: props(map[string]any{"region": "us-east-1"})})
	require.NoError(t, err)
	assert.Equal(t, []resource.PropertyKey{"region"}, dc.ReplaceKeys)
}

func TestConvertRoundTrip(t *testing.T) {
	in := property.NewMap(map[string]property.Value{
		"s":      property.New("x"),
		"n":      property.New(2.0),
		"b":      property.New(true),
		"l":      property.New([]property.Value{property.New("a"), property.New(property.Computed)}),
		"m":      property.New(map[string]property.Value{"k": property.New("v")}),
		"secret": property.New("hush").WithSecret(true),
		"null":   property.New(property.Null),
		"u":      property.New(property.Computed),
	})
	plain, secrets := ToPlain(in)
	assert.Equal(t, map[string]any{"s": "x", "n": 2.0, "b": true, "l": []any{"a", awsmodel.Unknown},
		"m": map[string]any{"k": "v"}, "secret": "hush", "u": awsmodel.Unknown}, plain)
	assert.Equal(t, map[string]bool{"secret": true}, secrets)
	back := FromPlain(plain, secrets)
	assert.True(t, back.Get("secret").Secret())
	assert.True(t, back.Get("u").IsComputed())
	assert.True(t, back.Get("l").AsArray().Get(1).IsComputed())
}

func TestStoreConcurrentUpdates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "account.json")
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st, err := NewStore(path, "empty") // separate stores: like separate plugin processes
			require.NoError(t, err)
			for j := 0; j < 10; j++ {
				require.NoError(t, st.Update(func(a *awsmodel.Account) error { a.Mutations++; return nil }))
			}
		}()
	}
	wg.Wait()
	st, err := NewStore(path, "empty")
	require.NoError(t, err)
	a, err := st.Load()
	require.NoError(t, err)
	assert.Equal(t, 80, a.Mutations, "no update lost")
	require.NoError(t, st.Reset())
	a, err = st.Load()
	require.NoError(t, err)
	assert.Zero(t, a.Mutations)
}

func TestSeedsAndFailAt(t *testing.T) {
	for _, s := range []string{"", "prod", "legacy", "empty"} {
		f, err := SeedFunc(s)
		require.NoError(t, err, s)
		a, err := f()
		require.NoError(t, err, s)
		if s == "empty" {
			assert.Empty(t, a.All())
		} else {
			assert.NotNil(t, a.Get(awsmodel.TypeSubnet, awsmodel.DefaultSubnetID))
		}
	}
	_, err := SeedFunc("nope")
	assert.Error(t, err)
	n, err := ParseFailAt(" 3, 7 ")
	require.NoError(t, err)
	assert.Equal(t, []int{3, 7}, n)
	_, err = ParseFailAt("0")
	assert.Error(t, err)
	_, err = StoreFromEnv()
	if err == nil {
		t.Log("JAIA_SIM_STATE is set in this environment")
	}
}
