package main

import (
	"fmt"
	"io"
	"os"

	"github.com/jaiarobotics/jaia-cloud/plan"
	"github.com/spf13/cobra"
)

type planOptions struct {
	stack string
	json  bool
	out   string
	check bool
	diff  string
}

func newPlanCmd(root *rootOptions) *cobra.Command {
	o := &planOptions{}
	cmd := &cobra.Command{
		Use:   "plan [--stack NAME] [--json] [--out FILE] [--check] [--diff OLD.json]",
		Short: "Plan a stack offline: every resource the program declares, and the stack exports",
		Long: `plan runs the program for the stack's Pulumi.<stack>.yaml under Pulumi mocks and a
simulated AWS (secure config values become "[secret]") and prints what it declares.

Output:
  stdout   with --diff: the diff from OLD.json to this plan (text, or JSON with --json);
           else with --out: one summary line;
           else the plan: a tree like pulumi preview (or the JSON plan with --json).
  --out    writes the JSON plan to FILE (always JSON).
  --check  runs the policy checks; violations go to stderr and the exit status is 2.

The JSON plan is byte-deterministic; plans/<stack>.json are the committed ones
(regenerate them all with: jaiacloud golden).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runPlan(cmd.OutOrStdout(), cmd.ErrOrStderr(), root.dir, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.stack, "stack", "prod", "stack name (reads Pulumi.<stack>.yaml)")
	f.BoolVar(&o.json, "json", false, "print JSON (the plan, or with --diff the diff)")
	f.StringVar(&o.out, "out", "", "write the JSON plan to this file")
	f.BoolVar(&o.check, "check", false, "run the policy checks; exit status 2 on any violation")
	f.StringVar(&o.diff, "diff", "", "print the diff from this earlier JSON plan")
	return cmd
}

func runPlan(stdout, stderr io.Writer, dir string, o *planOptions) error {
	var old *plan.Plan
	if o.diff != "" {
		var err error
		if old, err = plan.ReadFile(o.diff); err != nil {
			return err
		}
	}
	p, err := plan.RunStack(dir, o.stack)
	if err != nil {
		return err
	}
	if o.out != "" {
		b, err := p.Encode()
		if err != nil {
			return err
		}
		if err := os.WriteFile(o.out, b, 0o644); err != nil {
			return err
		}
	}
	switch {
	case old != nil:
		d := plan.Compare(old, p)
		if o.json {
			err = writeJSON(stdout, d)
		} else {
			err = plan.WriteDiff(stdout, d)
		}
	case o.out != "":
		_, err = fmt.Fprintf(stdout, "wrote %s: stack %s, %d resources\n", o.out, p.Stack, len(p.Resources))
	case o.json:
		var b []byte
		if b, err = p.Encode(); err == nil {
			_, err = stdout.Write(b)
		}
	default:
		err = plan.WriteTree(stdout, p)
	}
	if err != nil {
		return err
	}
	if o.check {
		return reportChecks(stderr, p)
	}
	return nil
}

// reportChecks prints the policy check results of a plan to w.
func reportChecks(w io.Writer, p *plan.Plan) error {
	vs := plan.Check(p)
	for _, v := range vs {
		fmt.Fprintln(w, "violation:", v)
	}
	if len(vs) > 0 {
		return &violationsError{len(vs)}
	}
	fmt.Fprintf(w, "checks: stack %s passes all %d policy checks\n", p.Stack, len(plan.Rules()))
	return nil
}
