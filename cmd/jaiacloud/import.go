package main

import (
	"io"
	"os"

	"github.com/jaiarobotics/jaia-cloud/adopt"
	"github.com/jaiarobotics/jaia-cloud/plan"
	"github.com/jaiarobotics/jaia-cloud/stackconfig"
	"github.com/spf13/cobra"
)

func newImportCmd(root *rootOptions) *cobra.Command {
	var stack, out string
	cmd := &cobra.Command{
		Use:   "import --stack NAME [--out FILE]",
		Short: "Write the pulumi import file that adopts a stack's legacy servers",
		Long: `import writes the JSON file of 'pulumi import --file' for the existing AWS
objects the stack's configuration names: per server with an adopt setting its
instance (adopt.instanceId), security group (adopt.securityGroupId), snapshot
policy (adopt.snapshotPolicyId) and Elastic IP allocation
(elasticIpAllocationId), under the names and parents the program gives them.
Then: pulumi import --file FILE --stack NAME --generate-code=false, and
pulumi preview shows no change to them (docs/operations.md, "Adopt").`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			w := cmd.OutOrStdout()
			if out != "" && out != "-" {
				f, err := os.Create(out)
				if err != nil {
					return err
				}
				defer f.Close()
				w = f
			}
			return runImport(w, root.dir, stack)
		},
	}
	cmd.Flags().StringVar(&stack, "stack", "prod", "stack name (reads Pulumi.<stack>.yaml)")
	cmd.Flags().StringVar(&out, "out", "", "write the file here instead of standard output")
	return cmd
}

func runImport(w io.Writer, dir, stack string) error {
	raw, _, err := plan.LoadStack(dir, stack)
	if err != nil {
		return err
	}
	cfg, err := stackconfig.Load(stack, raw)
	if err != nil {
		return err
	}
	f, err := adopt.ImportFile(cfg)
	if err != nil {
		return err
	}
	return writeJSON(w, f)
}
