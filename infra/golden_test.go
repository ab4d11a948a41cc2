package infra

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jaiarobotics/jaia-cloud/stackconfig"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/userdata")

// TestUserDataGolden keeps the rendered user data of every machine of every
// committed stack under testdata/userdata/<stack>/<machine>.txt, so a pull
// request shows any change of a template, a variable or the stack file as a
// readable diff. Regenerate with: go test ./infra/ -run TestUserDataGolden -update
func TestUserDataGolden(t *testing.T) {
	files, err := filepath.Glob("../Pulumi.*.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		stack := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "Pulumi."), ".yaml")
		t.Run(stack, func(t *testing.T) {
			raw, _, err := stackconfig.ReadStackFile(f)
			require.NoError(t, err)
			cfg, err := stackconfig.Load(stack, raw)
			require.NoError(t, err)
			vers, err := LoadVersions(cfg)
			require.NoError(t, err)
			d, err := Prepare(cfg, vers)
			require.NoError(t, err)

			got := map[string][]byte{}
			for _, s := range d.Servers {
				got[s.Spec.Name] = s.UserData.Raw
			}
			for _, fl := range d.Fleets {
				got[fleetName(fl.Spec.ID)+"-cloudhub"] = fl.UserData.Raw
				for _, n := range fl.Nodes {
					got[fleetName(fl.Spec.ID)+"-vf-"+n.Name] = n.UserData.Raw
				}
			}
			dir := filepath.Join("testdata", "userdata", stack)
			if *update {
				require.NoError(t, os.RemoveAll(dir))
				require.NoError(t, os.MkdirAll(dir, 0o755))
				for name, b := range got {
					require.NoError(t, os.WriteFile(filepath.Join(dir, name+".txt"), b, 0o644))
				}
			}
			entries, err := os.ReadDir(dir)
			require.NoError(t, err, "no golden user data; run: go test ./infra/ -run TestUserDataGolden -update")
			assert.Len(t, entries, len(got), "golden files and machines differ; run: go test ./infra/ -run TestUserDataGolden -update")
			for name, b := range got {
				want, err := os.ReadFile(filepath.Join(dir, name+".txt"))
				if !assert.NoError(t, err, "missing golden for %s; run: go test ./infra/ -run TestUserDataGolden -update", name) {
					continue
				}
				assert.Equal(t, string(want), string(b), "user data of %s changed; review, then run: go test ./infra/ -run TestUserDataGolden -update", name)
			}
		})
	}
}
