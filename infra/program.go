package infra

import (
	"fmt"
	"sort"

	"github.com/jaiarobotics/jaia-cloud/stackconfig"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Program is the Pulumi program: main.go runs it with pulumi.Run, the
// offline plan and the end-to-end tests run the very same function.
func Program(ctx *pulumi.Context) error {
	raw := map[string]string{}
	for _, k := range stackconfig.Keys() {
		full := stackconfig.Namespace + ":" + k
		if v, ok := ctx.GetConfig(full); ok {
			raw[full] = v
		}
	}
	cfg, err := stackconfig.Load(ctx.Stack(), raw)
	if err != nil {
		return err
	}
	vers, err := LoadVersions(cfg)
	if err != nil {
		return err
	}
	desired, err := Prepare(cfg, vers)
	if err != nil {
		return err
	}
	return Declare(ctx, desired)
}

// Declare registers the resources of a prepared desired state and the stack
// exports. Nothing in it can fail on configuration: Prepare checked it all.
func Declare(ctx *pulumi.Context, d *Desired) error {
	cfg := d.Config
	tags := ProjectTags(cfg.Stack)
	for k, v := range cfg.DefaultTags {
		tags[k] = v
	}

	providers := map[string]*aws.Provider{}
	provider := func(region string) (*aws.Provider, error) {
		if p, ok := providers[region]; ok {
			return p, nil
		}
		p, err := newProvider(ctx, region, tags)
		if err != nil {
			return nil, err
		}
		providers[region] = p
		return p, nil
	}
	// Register providers in sorted region order so plans are stable.
	var regions []string
	for _, s := range d.Servers {
		regions = append(regions, s.Spec.Region)
	}
	for _, f := range d.Fleets {
		regions = append(regions, f.Spec.Region)
	}
	sort.Strings(regions)
	for _, r := range regions {
		if _, err := provider(r); err != nil {
			return err
		}
	}

	if err := checkFleetsFree(ctx, d, provider); err != nil {
		return err
	}

	ex := newExports(d)
	for _, s := range d.Servers {
		p, _ := provider(s.Spec.Region)
		srv, err := NewSpecialtyServer(ctx, s.Spec.Name, &SpecialtyServerArgs{Server: s, Stack: cfg.Stack, Tags: tags}, pulumi.Providers(p))
		if err != nil {
			return fmt.Errorf("server %s: %w", s.Spec.Name, err)
		}
		ex.addServer(s, srv)
	}
	for _, f := range d.Fleets {
		p, _ := provider(f.Spec.Region)
		fl, err := NewFleet(ctx, fleetName(f.Spec.ID), &FleetArgs{Fleet: f, Protect: cfg.Protect, Stack: cfg.Stack, Tags: tags}, pulumi.Providers(p))
		if err != nil {
			return fmt.Errorf("fleet %d: %w", f.Spec.ID, err)
		}
		ex.addFleet(f, fl)
	}
	ex.export(ctx)
	return nil
}

// fleetName is the resource name prefix of a fleet.
func fleetName(id int) string { return fmt.Sprintf("fleet%d", id) }
