// Command jaia-cloud is the Pulumi program of the Jaia Cloud. It only wires:
// everything it declares lives in package infra.
package main

import (
	"github.com/jaiarobotics/jaia-cloud/infra"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(infra.Program)
}
