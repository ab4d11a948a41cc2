// Command simctl inspects and resets the simulated AWS account that the fake pulumi-resource-aws plugin uses.
//
// Usage:
//
//	simctl [-state FILE] list              # one line per object (default: $JAIA_SIM_STATE)
//	simctl [-state FILE] managed           # only objects created by Pulumi resources (leak check)
//	simctl [-state FILE] json              # the whole account as JSON
//	simctl [-state FILE] seed [-legacy]    # create the state file with the prod inventory if it does not exist
//	simctl [-state FILE] reset [-legacy|-empty]  # replace the account with a fresh seed
//	simctl [-state FILE] get TYPE ID       # inputs and outputs of one object, as JSON
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/jaiarobotics/jaia-cloud/awsmodel"
	"github.com/jaiarobotics/jaia-cloud/e2e/sim"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "simctl:", err)
		os.Exit(1)
	}
}

func run(args []string, w io.Writer) error {
	fs := flag.NewFlagSet("simctl", flag.ContinueOnError)
	state := fs.String("state", os.Getenv(sim.EnvState), "simulated account file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *state == "" {
		return fmt.Errorf("no state file: pass -state or set %s", sim.EnvState)
	}
	rest := fs.Args()
	if len(rest) == 0 {
		return errors.New("missing command (list, managed, json, seed, reset, get)")
	}
	cmd, cmdArgs := rest[0], rest[1:]
	seedFlags := flag.NewFlagSet(cmd, flag.ContinueOnError)
	legacy := seedFlags.Bool("legacy", false, "also create the legacy servers (awsmodel.SeedLegacy)")
	empty := seedFlags.Bool("empty", false, "start from an empty account")
	seed := func() string {
		switch {
		case *legacy:
			return "legacy"
		case *empty:
			return "empty"
		}
		return os.Getenv(sim.EnvSeed)
	}
	switch cmd {
	case "list", "managed", "json":
		st, err := sim.NewStore(*state, os.Getenv(sim.EnvSeed))
		if err != nil {
			return err
		}
		a, err := st.Load()
		if err != nil {
			return err
		}
		switch cmd {
		case "list":
			fmt.Fprint(w, a.Summary())
		case "managed":
			for _, o := range a.Managed() {
				fmt.Fprintf(w, "%s %s %s\n", o.Type, o.ID, o.URN)
			}
		default:
			b, err := a.MarshalJSONIndent()
			if err != nil {
				return err
			}
			fmt.Fprintln(w, string(b))
		}
	case "seed", "reset":
		if err := seedFlags.Parse(cmdArgs); err != nil {
			return err
		}
		st, err := sim.NewStore(*state, seed())
		if err != nil {
			return err
		}
		if cmd == "reset" {
			err = st.Reset()
		} else {
			err = st.Update(func(*awsmodel.Account) error { return nil })
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%s: %s\n", cmd, st.Path)
	case "get":
		if len(cmdArgs) != 2 {
			return errors.New("usage: simctl get TYPE ID")
		}
		st, err := sim.NewStore(*state, os.Getenv(sim.EnvSeed))
		if err != nil {
			return err
		}
		a, err := st.Load()
		if err != nil {
			return err
		}
		typ := cmdArgs[0]
		if !strings.Contains(typ, ":") {
			for _, t := range awsmodel.Types() {
				if strings.HasSuffix(t, ":"+typ) {
					typ = t
				}
			}
		}
		o := a.Get(typ, cmdArgs[1])
		if o == nil {
			return fmt.Errorf("no %s %s", typ, cmdArgs[1])
		}
		b, err := json.MarshalIndent(o, "", "  ")
		if err != nil {
			return err
		}
		fmt.Fprintln(w, string(b))
	default:
		return fmt.Errorf("unknown command %q", cmd)
	}
	return nil
}
