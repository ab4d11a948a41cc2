package plan

import (
	"encoding/json"
	"fmt"

	"github.com/jaiarobotics/jaia-cloud/stackconfig"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// SyntheticRegions are the regions synthetic fleets alternate between (the
// two prod uses), with the availability zone each gets.
var SyntheticRegions = [2][2]string{{"us-east-1", "us-east-1c"}, {"us-west-2", "us-west-2a"}}

// WithSyntheticFleets returns a copy of a stack's raw configuration with n
// more fleets, ids 1..n, customers c<N>, alternating between
// SyntheticRegions, shaped like the configuration's first fleet (its
// CloudHub settings; no VirtualFleet). The synthetic ids are dropped from
// externalFleets. It is the load of the plan benchmarks.
func WithSyntheticFleets(raw map[string]string, n int) (map[string]string, error) {
	out := make(map[string]string, len(raw))
	for k, v := range raw {
		out[k] = v
	}
	fleetsKey := stackconfig.Namespace + ":" + stackconfig.KeyFleets
	var fleets []map[string]any
	if s := raw[fleetsKey]; s != "" {
		if err := json.Unmarshal([]byte(s), &fleets); err != nil {
			return nil, fmt.Errorf("%s: %w", fleetsKey, err)
		}
	}
	taken := map[int]bool{}
	var cloudHub any
	for _, f := range fleets {
		if id, ok := f["id"].(float64); ok {
			taken[int(id)] = true
		}
		if cloudHub == nil {
			cloudHub = f["cloudHub"]
		}
	}
	for id := 1; id <= n; id++ {
		if taken[id] {
			return nil, fmt.Errorf("synthetic fleet %d: the configuration already has a fleet %d", id, id)
		}
		r := SyntheticRegions[(id-1)%len(SyntheticRegions)]
		f := map[string]any{"id": id, "customer": fmt.Sprintf("c%d", id), "region": r[0], "availabilityZone": r[1], "repository": "release"}
		if cloudHub != nil {
			f["cloudHub"] = cloudHub
		}
		fleets = append(fleets, f)
	}
	b, err := json.Marshal(fleets)
	if err != nil {
		return nil, err
	}
	out[fleetsKey] = string(b)

	extKey := stackconfig.Namespace + ":" + stackconfig.KeyExternalFleets
	if s := raw[extKey]; s != "" {
		var ext []int
		if err := json.Unmarshal([]byte(s), &ext); err != nil {
			return nil, fmt.Errorf("%s: %w", extKey, err)
		}
		var keep []int
		for _, id := range ext {
			if id < 1 || id > n {
				keep = append(keep, id)
			}
		}
		if keep == nil {
			keep = []int{}
		}
		b, _ := json.Marshal(keep)
		out[extKey] = string(b)
	}
	return out, nil
}

// FloorProgram returns a program that registers the same resources as a
// plan — same types, names and count, same providers — with trivial inputs
// and no parents, dependencies or invokes: what the Pulumi SDK costs for
// that many registrations, the floor a plan is measured against.
func FloorProgram(p *Plan) pulumi.RunFunc {
	resources := append([]Resource(nil), p.Resources...)
	return func(ctx *pulumi.Context) error {
		for _, r := range resources {
			if r.Type == StackType {
				continue
			}
			in := pulumi.Map{"name": pulumi.String(r.Name)}
			var err error
			if r.Custom {
				var st pulumi.CustomResourceState
				err = ctx.RegisterResource(r.Type, r.Name, in, &st)
			} else {
				var st pulumi.ResourceState
				err = ctx.RegisterComponentResource(r.Type, r.Name, &st)
			}
			if err != nil {
				return err
			}
		}
		return nil
	}
}

// RunWithoutAWS runs a request under the plan's mocks with the simulated
// AWS switched off (see echo): custom resources answer with their inputs.
// It is what the benchmarks compare against — with FloorProgram, the floor
// (bare resources could not pass the simulated provider's checks anyway);
// with the real program, the program's own cost.
func RunWithoutAWS(req Request) (*Plan, error) { return runSimulated(req, true) }
