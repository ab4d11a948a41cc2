package main

import (
	"io"

	"github.com/jaiarobotics/jaia-cloud/plan"
	"github.com/spf13/cobra"
)

func newDiffCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "diff OLD.json NEW.json",
		Short: "Show what changes between two JSON plans (the offline twin of pulumi preview --diff)",
		Long: `diff lists the resources (by URN) that are added, removed, updated or replaced
between two plans, with their changed inputs as property paths (old → new; long
values such as userDataBase64 as a size and hash plus a line diff of the decoded
text), changes that force a replacement on the real provider (awsmodel's
force-new table), and changes ignored through ignoreChanges.

The exit status is 0 whether or not the plans differ; it is 1 only on an error
(unreadable plan). Use --json for a machine-readable diff.`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDiff(cmd.OutOrStdout(), args[0], args[1], asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the diff as JSON")
	return cmd
}

func runDiff(w io.Writer, oldPath, newPath string, asJSON bool) error {
	old, err := plan.ReadFile(oldPath)
	if err != nil {
		return err
	}
	cur, err := plan.ReadFile(newPath)
	if err != nil {
		return err
	}
	d := plan.Compare(old, cur)
	if asJSON {
		return writeJSON(w, d)
	}
	return plan.WriteDiff(w, d)
}
