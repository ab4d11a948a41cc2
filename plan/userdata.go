package plan

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/jaiarobotics/jaia-cloud/infra"
	"github.com/jaiarobotics/jaia-cloud/stackconfig"
	"github.com/jaiarobotics/jaia-cloud/userdata"
)

// UserData returns the rendered user data of one machine of a stack:
// a server by its name ("docs"), a fleet's CloudHub as "fleet<F>", a
// VirtualFleet node as "fleet<F>-hub1" or "fleet<F>-bot<N>".
func UserData(dir, stack, machine string) (*userdata.Document, error) {
	raw, _, err := LoadStack(dir, stack)
	if err != nil {
		return nil, err
	}
	cfg, err := stackconfig.Load(stack, raw)
	if err != nil {
		return nil, err
	}
	vers, err := infra.LoadVersions(cfg)
	if err != nil {
		return nil, err
	}
	d, err := infra.Prepare(cfg, vers)
	if err != nil {
		return nil, err
	}
	names := map[string]*userdata.Document{}
	for _, s := range d.Servers {
		names[s.Spec.Name] = s.UserData
	}
	for _, f := range d.Fleets {
		fleet := "fleet" + strconv.Itoa(f.Spec.ID)
		names[fleet] = f.UserData
		for _, n := range f.Nodes {
			names[fleet+"-"+n.Name] = n.UserData
		}
	}
	if doc, ok := names[machine]; ok {
		return doc, nil
	}
	known := make([]string, 0, len(names))
	for n := range names {
		known = append(known, n)
	}
	sort.Strings(known)
	return nil, fmt.Errorf("stack %s has no machine %q (machines: %s)", stack, machine, strings.Join(known, ", "))
}
