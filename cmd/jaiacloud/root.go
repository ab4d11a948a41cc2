package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// violationsError is returned when plan --check finds violations (already
// printed); it exits with status 2, other errors with 1.
type violationsError struct{ n int }

func (e *violationsError) Error() string {
	if e.n == 1 {
		return "1 policy violation"
	}
	return itoa(e.n) + " policy violations"
}

func exitCode(err error) int {
	var v *violationsError
	if errors.As(err, &v) {
		return 2
	}
	return 1
}

// options shared by the subcommands.
type rootOptions struct {
	dir string
}

func newRoot() *cobra.Command {
	o := &rootOptions{}
	root := &cobra.Command{
		Use:   "jaiacloud",
		Short: "Offline plans, diffs, checks and user data of the Jaia Cloud's Pulumi program",
		Long: `jaiacloud runs the Jaia Cloud's Pulumi program (the one main.go runs) in-process
under Pulumi mocks against a deterministic simulated AWS (package awsmodel), with
no AWS account, credentials or Pulumi engine. Run it from the repository root
(or pass --dir).`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.CompletionOptions.DisableDefaultCmd = true
	root.PersistentFlags().StringVar(&o.dir, "dir", ".", "repository root: where Pulumi.<stack>.yaml and plans/ are")
	root.AddCommand(newPlanCmd(o), newDiffCmd(), newGoldenCmd(o), newUserdataCmd(o), newImportCmd(o))
	return root
}
