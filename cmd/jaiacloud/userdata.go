package main

import (
	"io"

	"github.com/jaiarobotics/jaia-cloud/plan"
	"github.com/spf13/cobra"
)

func newUserdataCmd(root *rootOptions) *cobra.Command {
	var stack string
	cmd := &cobra.Command{
		Use:   "userdata MACHINE [--stack NAME]",
		Short: "Print a machine's rendered user data (the decoded multipart document)",
		Long: `userdata prints the cloud-init multipart document the program gives a machine:
a specialty server by name (docs, vpn, ...), a fleet's CloudHub as fleet<F>, a
VirtualFleet node as fleet<F>-hub1 or fleet<F>-bot<N>. It is the document before
any gzip and base64 encoding.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runUserdata(cmd.OutOrStdout(), root.dir, stack, args[0])
		},
	}
	cmd.Flags().StringVar(&stack, "stack", "prod", "stack name (reads Pulumi.<stack>.yaml)")
	return cmd
}

func runUserdata(w io.Writer, dir, stack, machine string) error {
	doc, err := plan.UserData(dir, stack, machine)
	if err != nil {
		return err
	}
	_, err = w.Write(doc.Raw)
	return err
}
