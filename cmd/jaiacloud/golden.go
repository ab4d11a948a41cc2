package main

import (
	"fmt"
	"io"

	"github.com/jaiarobotics/jaia-cloud/plan"
	"github.com/spf13/cobra"
)

func newGoldenCmd(root *rootOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "golden",
		Short: "Regenerate plans/<stack>.json for every Pulumi.<stack>.yaml",
		Long: `golden plans every stack that has a Pulumi.<stack>.yaml in the repository root and
rewrites plans/<stack>.json where the plan changed; plan files of stacks that no
longer exist are removed. Commit the result: the pull request then shows what the
change does to every stack (review it with jaiacloud diff).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runGolden(cmd.OutOrStdout(), root.dir)
		},
	}
}

func runGolden(w io.Writer, dir string) error {
	res, err := plan.Golden(dir)
	for _, r := range res {
		fmt.Fprintf(w, "%-9s %s\n", r.Status, r.Path)
	}
	return err
}
