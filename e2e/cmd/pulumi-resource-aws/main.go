// Command pulumi-resource-aws is the simulated AWS provider plugin (it reports version 6.83.4, the version the
// pulumi-aws Go SDK asks for): the real Pulumi engine drives it, and every operation goes to the simulated account
// of package sim (see sim.EnvState and the other JAIA_SIM_* variables). Install it into a PULUMI_HOME with
//
//	pulumi plugin install resource aws v6.83.4 --file .tools/bin/pulumi-resource-aws
package main

import (
	"fmt"
	"os"

	"github.com/pulumi/pulumi/pkg/v3/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/provider"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"

	"github.com/jaiarobotics/jaia-cloud/e2e/sim"
)

func main() {
	opts, err := sim.OptionsFromEnv()
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-resource-aws (simulated): %v\n", err)
		os.Exit(1)
	}
	err = provider.Main("aws", func(*provider.HostClient) (pulumirpc.ResourceProviderServer, error) {
		return plugin.NewProviderServer(sim.NewProvider(opts)), nil
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-resource-aws (simulated): %v\n", err)
		os.Exit(1)
	}
}
